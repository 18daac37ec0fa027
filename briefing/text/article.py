"""Stage 1: load an article and its metadata.

Plain text (``.txt``, ``.md``, anything not HTML) is decoded and kept exactly as it is, so every
offset in the output indexes the original file's characters. Saved web pages (``.html``/``.htm``)
go through trafilatura, which finds the main text and the page's metadata.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from briefing.errors import InputError
from briefing.schema import Article
from briefing.text.boilerplate import split_boilerplate
from briefing.text.embeds import unhide_embedded_posts
from briefing.text.segment import paragraphs

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MIN_HTML_WORDS = 5  # fewer words extracted from a page: navigation or a stub, not an article
# The largest input read. Measured (benchmarks/adversarial.py, 2 shared cores): dense prose (a
# quote in every sentence) peaks at about 180 MB of memory per MB of input and takes about 5 s per
# MB, so 25 MB stays near 4.5 GB and two minutes; the old 50 MB admitted inputs that need 9 GB.
MAX_BYTES = 25 * 1024 * 1024

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


def read_bytes(source: str | Path, *, regular_only: bool = False) -> bytes:
    """Read the raw bytes of a file, or of standard input when ``source`` is ``'-'``.

    Every failure is an :class:`InputError` with one clear line: missing file, broken symlink,
    directory, FIFO or device (when ``regular_only``; a batch must not block on a pipe nobody
    writes to), unreadable, vanished, or larger than :data:`MAX_BYTES`.
    """
    if str(source) == "-":
        return _read_bounded(sys.stdin.buffer, "stdin")
    path = Path(source)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(f"{path}: broken symbolic link (its target does not exist)") from None
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory (use `briefing batch` for a folder)")
    if not stat.S_ISREG(info.st_mode) and regular_only:
        raise InputError(f"{path}: not a regular file ({_file_kind(info.st_mode)})")
    if info.st_size > MAX_BYTES:
        size = info.st_size / 2**20
        raise InputError(f"{path}: {size:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit")
    try:
        with path.open("rb") as handle:
            return _read_bounded(handle, str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (it disappeared while being read)") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _read_bounded(handle: BinaryIO, name: str) -> bytes:
    """Read at most :data:`MAX_BYTES`; pipes and devices have no size to check beforehand."""
    data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: larger than the {MAX_BYTES // 2**20} MB limit")
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


# Byte-order marks that identify an encoding with certainty; longest first (UTF-32 LE starts
# with the UTF-16 LE mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode bytes to text without any newline translation or stripping.

    UTF-8 (with or without a BOM, which is kept so offsets match the file) is the default; UTF-16
    and UTF-32 with a byte-order mark are recognised. Anything else needs ``encoding``; the error
    names the likely one. Binary files (images, PDFs, archives, NUL or control bytes) are refused.
    """
    if not data:
        raise InputError(f"{name}: empty file (0 bytes)")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not an article in text or HTML")
    bom_encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and bom_encoding:
        encoding = bom_encoding
    elif not _wide_encoding(encoding) and _looks_binary(data):
        # (UTF-16 and UTF-32 are full of NUL bytes: with one named, the decoding decides)
        raise InputError(f"{name}: binary data, not an article in text or HTML")
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


_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x08\x1b")


def _wide_encoding(encoding: str | None) -> bool:
    """Is ``encoding`` UTF-16 or UTF-32 (any spelling: utf-16, UTF16, utf_32_le …)?"""
    if not encoding:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first 8 KiB: not text in any 8-bit encoding."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > max(8, len(head) // 50)


# Single-byte encodings the detector names for a short Western text as often as cp1252 itself:
# cp1252 (Latin-1 with curly quotes) is far more common, so it wins when the bytes decode in it.
_TIES_WITH_CP1252 = frozenset(
    {"cp1250", "cp1254", "cp1257", "iso8859_2", "iso8859_9", "iso8859_13", "iso8859_15", "latin_1",
     "iso8859_1", "mac_roman", "cp850", "cp437"}
)


def _guess_legacy_encoding(data: bytes) -> str | None:
    """Name the likely encoding of text that failed as UTF-8, for the error message."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency of trafilatura
        best = None
    else:
        match = from_bytes(data[:65536]).best()
        best = match.encoding if match is not None else None
    if best and best not in {"utf_8", "ascii"}:
        if best in _TIES_WITH_CP1252:
            try:
                data.decode("cp1252")
                return "cp1252"  # when the text reads as Western, the common Western encoding
            except UnicodeDecodeError:
                pass
        return best.replace("_", "-")
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
    apostrophe_quotes: bool = False,
    language: str | None = None,
) -> Article:
    """Load an article from a path, an http(s) URL (fetched: :mod:`briefing.text.fetch`), or
    ``'-'`` for stdin, into an :class:`Article`.

    ``format`` is ``'text'`` or ``'html'``; by default it follows the file suffix (stdin is sniffed).
    The keyword metadata overrides whatever is found in the file. ``apostrophe_quotes`` reads
    passages in '' marks as quotations (see :attr:`Article.apostrophe_quotes`). ``language`` (an
    ISO 639-1 code) is the article's language; by default it is detected from the text.
    """
    from briefing.text.fetch import fetch, is_url

    name = "stdin" if str(source) == "-" else str(source)
    fetched = None
    if is_url(str(source)):  # https://…: fetched, then read as the page it is
        fetched = fetch(str(source))
        data = fetched.data
        encoding = encoding or fetched.charset
        if format is None:
            format = "text" if fetched.content_type == "text/plain" else "html"
    else:
        data = read_bytes(source)
    raw = decode(data, name, encoding)
    if format is None:
        suffix = Path(str(source)).suffix.lower()
        is_html = suffix in HTML_SUFFIXES or (str(source) == "-" and _looks_like_html(raw))
        format = "html" if is_html else "text"
    article = _from_html(raw, name) if format == "html" else _from_text(raw, name)
    article.source = name
    if fetched is not None:
        article.url = fetched.url  # the final address, after redirects
    article.apostrophe_quotes = apostrophe_quotes
    overrides = {"title": title, "outlet": outlet, "url": url, "published": published}
    for key, value in overrides.items():
        if value is not None:
            setattr(article, key, value)
    return set_language(article, language)


def set_language(article: Article, language: str | None) -> Article:
    """``article`` declared to be in ``language`` (an ISO 639-1 code; ``--language``), which
    overrides the detected one; unchanged when ``language`` is None."""
    if language is not None:
        article.language, article.language_name = language.strip().lower(), None
    return article


def with_language(article: Article) -> Article:
    """``article`` with its language detected from the text (:mod:`briefing.text.language`)."""
    from briefing.text.language import detect

    found = detect(article.text)
    if found is not None:
        article.language, article.language_name = found.code, found.name
    return article


_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")


def checked_date(value: str) -> str:
    """A publication date given by the user (``--date``), as ISO 8601: "2019-06-27",
    "2019-06-27T10:30:00+02:00", "June 27, 2019", "27 Jun 2019", "2019/06/27", "27.06.2019". Anything
    else is an :class:`InputError` (exit 2) rather than a date printed as if it were one."""
    import datetime as dt

    text = " ".join(value.split())
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text).isoformat()
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    raise InputError(
        f"--date {value!r} is not a date: give it as 2019-06-27 (ISO 8601), June 27, 2019, or 27 Jun 2019"
    )


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
    if not text.lstrip("\ufeff").strip():
        raise InputError(f"{name}: empty article (only whitespace, no text)")
    paras = paragraphs(text)
    first = text[paras[0].start : paras[0].end].strip().lstrip("\ufeff") if paras else ""
    headline = first if _is_headline(first) else None
    return with_language(Article(text=text, title=headline, byline=_byline(text), paragraphs=paras))


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
    page = unhide_embedded_posts(raw)  # a tweet the story quotes is its words, not a widget
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False, favor_precision=True)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    extracted_by = "trafilatura"
    # Pages that render their body with JavaScript often carry it only as JSON-LD articleBody.
    ld_body = _json_ld_article_body(raw)
    if ld_body and len(ld_body) > 2 * len(body.strip()):
        body, extracted_by = ld_body, "json-ld articleBody"
    if len(body.split()) < MIN_HTML_WORDS:
        # a page of navigation only ("Home") is no article, as an empty page is not
        raise InputError(f"{name}: no article text found in this HTML page")
    headline = getattr(doc, "title", None) if doc is not None else None
    # One paragraph per line from trafilatura, written with blank lines between them; the headline
    # is kept as the first paragraph so it is part of the cited text.
    blocks, dropped = split_boilerplate([line.strip() for line in body.splitlines() if line.strip()])
    if not blocks:
        raise InputError(f"{name}: no article text found in this HTML page")
    if headline and blocks and blocks[0] != headline.strip():
        blocks.insert(0, headline.strip())
    text = "\n\n".join(blocks) + "\n"
    return with_language(Article(
        text=text,
        title=headline,
        outlet=getattr(doc, "sitename", None),
        byline=getattr(doc, "author", None),
        published=getattr(doc, "date", None),
        url=getattr(doc, "url", None),
        format="html",
        extracted_by=extracted_by,
        boilerplate=dropped,
        paragraphs=paragraphs(text),
    ))


_JSON_LD_OPEN = re.compile(r"<script[^>]*application/ld\+json[^>]*>", re.I)


def _json_ld_blocks(raw: str) -> Iterator[str]:
    """The contents of the page's ``<script type="application/ld+json">`` elements, in one pass:
    each opening tag's closing tag is found with ``str.find`` (a regex with a lazy ``.*?`` up to
    ``</script>`` rescanned the rest of the page for every unclosed tag: 38 s on 592 KB)."""
    lower = raw.lower()
    pos = 0
    while True:
        opening = _JSON_LD_OPEN.search(raw, pos)
        if opening is None:
            return
        close = lower.find("</script", opening.end())
        if close < 0:
            return  # no closing tag after this one: no later block is closed either
        yield raw[opening.end() : close]
        pos = close


def _json_ld_article_body(raw: str) -> str | None:
    """The longest ``articleBody`` in the page's JSON-LD blocks, if any. A block that is not JSON,
    or nests too deep to parse, is skipped: the page's text does not depend on it."""
    import html
    import json

    best: str | None = None
    for block in _json_ld_blocks(raw):
        try:
            data = json.loads(block)
        except (ValueError, RecursionError):
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
