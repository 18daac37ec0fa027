"""Stage 1: load an article and its metadata.

Plain text (``.txt``, ``.md``, anything not HTML) is decoded and kept exactly as it is, so every
offset in the output indexes the original file's characters. Saved web pages (``.html``/``.htm``)
go through trafilatura, which finds the main text and the page's metadata.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from briefing.errors import InputError
from briefing.schema import Article
from briefing.segment import paragraphs

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_BYTES = 50 * 1024 * 1024

# Magic numbers of common binary formats people point the tool at by mistake.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document (convert it to text first, e.g. with pdftotext)",
    b"PK\x03\x04": "a ZIP archive or Office document (save it as text first)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}

_BYLINE_RE = re.compile(r"^\s*By\s+([A-Z][^\n]{1,80}?)\s*$", re.MULTILINE)
_FOLLOW_RE = re.compile(r"^\s*Follow\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s+on\b", re.MULTILINE)


def read_bytes(source: str | Path) -> bytes:
    """Read the raw bytes of a file, or of standard input when ``source`` is ``'-'``."""
    if str(source) == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory (use `briefing batch` for a folder)")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit")
        return path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode bytes to text without any newline translation or stripping."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not an article in text or HTML")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary data (NUL bytes), not an article in text or HTML")
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid {encoding} at byte {exc.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        guess = _guess_legacy_encoding(data)
        hint = f" It looks like {guess}: try --encoding {guess}." if guess else " Pass --encoding."
        raise InputError(f"{name}: not valid UTF-8 at byte {exc.start}.{hint}") from None


def _guess_legacy_encoding(data: bytes) -> str | None:
    """Name the likely legacy encoding of text that failed as UTF-8, for the error message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def load_article(
    source: str | Path,
    *,
    encoding: str | None = None,
    format: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> Article:
    """Load an article from a path (or ``'-'`` for stdin) into an :class:`Article`.

    ``format`` is ``'text'`` or ``'html'``; by default it follows the file suffix (stdin is sniffed).
    The keyword metadata overrides whatever is found in the file.
    """
    name = "stdin" if str(source) == "-" else str(source)
    data = read_bytes(source)
    raw = decode(data, name, encoding)
    if format is None:
        suffix = Path(str(source)).suffix.lower()
        is_html = suffix in HTML_SUFFIXES or (str(source) == "-" and _looks_like_html(raw))
        format = "html" if is_html else "text"
    article = _from_html(raw, name) if format == "html" else _from_text(raw, name)
    article.source = name
    overrides = {"title": title, "outlet": outlet, "url": url, "published": published}
    for key, value in overrides.items():
        if value is not None:
            setattr(article, key, value)
    return article


def article_from_text(text: str, **metadata: str | None) -> Article:
    """Build an :class:`Article` from text already in memory (tests, library users, eval)."""
    article = _from_text(text, "text")
    for key, value in metadata.items():
        if value is not None:
            setattr(article, key, value)
    return article


def _looks_like_html(raw: str) -> bool:
    head = raw[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _from_text(text: str, name: str) -> Article:
    if not text.strip():
        raise InputError(f"{name}: empty article (no text)")
    paras = paragraphs(text)
    first = text[paras[0].start : paras[0].end].strip().lstrip("\ufeff") if paras else ""
    headline = first if _is_headline(first) else None
    return Article(text=text, title=headline, byline=_byline(text), paragraphs=paras)


def _is_headline(line: str) -> bool:
    return 0 < len(line) <= 200 and "\n" not in line and not line.endswith((".", ",", ";"))


def _byline(text: str) -> str | None:
    match = _BYLINE_RE.search(text) or _FOLLOW_RE.search(text)
    return match.group(1).strip() if match else None


def _from_html(raw: str, name: str) -> Article:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        raise InputError("reading HTML needs trafilatura: pip install trafilatura") from None
    doc = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, favor_precision=True)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    extracted_by = "trafilatura"
    # Pages that render their body with JavaScript often carry it only as JSON-LD articleBody.
    ld_body = _json_ld_article_body(raw)
    if ld_body and len(ld_body) > 2 * len(body.strip()):
        body, extracted_by = ld_body, "json-ld articleBody"
    if not body.strip():
        raise InputError(f"{name}: no article text found in this HTML page")
    headline = getattr(doc, "title", None) if doc is not None else None
    # One paragraph per line from trafilatura, written with blank lines between them; the headline
    # is kept as the first paragraph so it is part of the cited text.
    blocks = [line.strip() for line in body.splitlines() if line.strip()]
    if headline and blocks and blocks[0] != headline.strip():
        blocks.insert(0, headline.strip())
    text = "\n\n".join(blocks) + "\n"
    return Article(
        text=text,
        title=headline,
        outlet=getattr(doc, "sitename", None),
        byline=getattr(doc, "author", None),
        published=getattr(doc, "date", None),
        url=getattr(doc, "url", None),
        format="html",
        extracted_by=extracted_by,
        paragraphs=paragraphs(text),
    )


_JSON_LD = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.S | re.I)


def _json_ld_article_body(raw: str) -> str | None:
    """The longest ``articleBody`` in the page's JSON-LD blocks, if any."""
    import html
    import json

    best: str | None = None
    for match in _JSON_LD.finditer(raw):
        try:
            data = json.loads(match.group(1))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str) and len(body) > len(best or ""):
                    best = body
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return html.unescape(best).strip() if best else None
