"""Articles by URL: fetch a page over HTTP(S) for `briefing generate https://…` and URL lists in batch.

The standard library's HTTP client (``urllib.request``: no dependency) with a timeout, a size limit
(:data:`briefing.text.article.MAX_BYTES`), redirects followed (up to 10) and an honest user agent. The
final URL, after redirects, is the article's ``url``. Every failure is one :class:`InputError` line
(exit 2): unreachable, timed out, an HTTP error status, too large, not a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.errors import InputError

TIMEOUT_SECONDS = 30.0
_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)


def is_url(source: object) -> bool:
    """Is ``source`` an http(s) address rather than a path?"""
    return isinstance(source, str) and bool(_URL_RE.match(source.strip()))


def user_agent() -> str:
    from briefing import __version__

    return f"briefing/{__version__} (reads one news article for a person's briefing; not a crawler)"


@dataclass(frozen=True)
class Fetched:
    data: bytes
    url: str  # after redirects
    content_type: str  # without parameters, lower-cased: "text/html"
    charset: str | None


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int | None = None) -> Fetched:
    """GET ``url``, following redirects; the body is read up to ``max_bytes`` (default: the input
    limit) and refused beyond it."""
    import urllib.error
    import urllib.request

    from briefing.text.article import MAX_BYTES

    limit = MAX_BYTES if max_bytes is None else max_bytes
    url = url.strip()
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": _ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise InputError(f"{url}: {int(declared) / 2**20:.0f} MB is larger than the "
                                 f"{limit // 2**20} MB limit")
            body = response.read(limit + 1)
            if len(body) > limit:
                raise InputError(f"{url}: larger than the {limit // 2**20} MB limit")
            media = response.headers.get_content_type().lower()
            charset = response.headers.get_content_charset()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: the server answered HTTP {exc.code}") from None
    except TimeoutError:
        raise InputError(f"{url}: no answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        reason = exc.reason if not isinstance(exc.reason, OSError) else exc.reason.strerror or exc.reason
        raise InputError(f"{url}: could not fetch it ({reason})") from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{url}: could not fetch it ({exc})") from None
    if media and not (media.startswith("text/") or "html" in media or "xml" in media):
        raise InputError(f"{url}: the server sent {media}, not a page or a text")
    return Fetched(body, final, media, charset)


_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.8"
