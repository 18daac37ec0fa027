"""What a batch reads: the article files of a folder, or the addresses of a URL list."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.text.article import HTML_SUFFIXES, read_bytes
from briefing.text.fetch import is_url

INPUT_SUFFIXES = {".txt", ".md", ".text", *HTML_SUFFIXES}

class UrlInput:
    """An article given by its address in a list of URLs (``briefing batch urls.txt -o out``): it
    stands where a file would, with a name made from the address for its output."""

    def __init__(self, url: str) -> None:
        self.url = url.strip()
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", re.sub(r"^https?://(www\.)?", "", self.url)).strip("-.")
        self.name = self.stem = (slug or "article")[:120]
        self.suffix = ""

    def __str__(self) -> str:
        return self.url

    def __lt__(self, other: object) -> bool:
        return str(self) < str(other)

    def key_bytes(self) -> bytes:
        """What the resume key hashes: the address (the page is only known once fetched)."""
        return self.url.encode("utf-8")

def read_list(path: Path) -> list[UrlInput]:
    """The addresses in a URL list: one per line; blank lines and lines starting with # are skipped;
    any other line that is not an http(s) address is an error naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the list of URLs ({exc})") from None
    urls = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise InputError(f"{path}:{number}: not an http(s) address: {line[:80]!r}")
        urls.append(UrlInput(line))
    return urls

def find_inputs(input_dir: Path) -> list[Any]:
    """Article files in ``input_dir`` (not recursive), sorted by name; hidden files are skipped.
    When ``input_dir`` is a file, it is a list of URLs (:func:`read_list`), in its order.

    Special files (pipes, broken links) with an article suffix are kept, so they are reported as
    failures rather than silently ignored."""
    if input_dir.is_file():
        return read_list(input_dir)
    if not input_dir.is_dir():
        raise InputError(f"{input_dir}: not a directory")
    try:
        entries = list(input_dir.iterdir())
    except OSError as exc:
        raise InputError(f"{input_dir}: cannot list ({exc.strerror or exc})") from None
    return sorted(
        p
        for p in entries
        if not p.name.startswith(".") and p.suffix.lower() in INPUT_SUFFIXES and not p.is_dir()
    )

def _input_bytes(path: Any) -> bytes:
    """What an input's resume key hashes: a file's bytes, or a URL's address."""
    return path.key_bytes() if isinstance(path, UrlInput) else read_bytes(path, regular_only=True)

def _resolved(path: Any) -> Any:
    """``path`` made absolute with links followed where possible (loops and dangling links too)."""
    if isinstance(path, UrlInput):
        return path
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
