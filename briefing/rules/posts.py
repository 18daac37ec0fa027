"""Posts a story quotes by embedding them: a tweet's words, then its signature line.

"I can’t thank this man enough. … pic.twitter.com/…" ¶ "— Dele (@dele_official) November 19, 2019":
the words are the author's, though no quotation marks are used, so a direct quote (``via`` "post
signature"), given to the name the signature shows, as a reader sees it on the page. The link the
post ends with is not part of its words. A post holding quotation marks is left to the quotation
rules; a signature whose name the article does not resolve leaves the speaker unclear.
The signature line itself is not reporting (:func:`signature_paragraphs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from briefing.rules.units import MASK, Attribution

if TYPE_CHECKING:
    from briefing.rules.doc import Doc
    from briefing.schema import Paragraph

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SIGNATURE_RE = re.compile(
    rf"[ \t]*[—–―][ \t]*(?P<name>[^\n()@—]{{1,80}}?)[ \t]*\(@\w{{1,30}}\)[ \t]+(?:{_MONTHS})[ \t]+\d{{1,2}},"
    r"[ \t]+\d{4}[ \t]*"
)
_TRAILING_LINK_RE = re.compile(r"(?:[\s:]*(?:https?://\S+|pic\.twitter\.com/\S+))+\s*\Z")
_MARK_RE = re.compile("[“”\"«»„]")
_LETTER_RE = re.compile(r"[^\W\d_]{2}")
_SPEAKER_TYPES = ("person", "organization", "media", "government")
VIA = "post signature"


def _signatures(
    text: str, paras: Sequence[Paragraph]
) -> Iterator[tuple[Paragraph | None, Paragraph, re.Match[str]]]:
    """(the paragraph before or None, the signature paragraph, its match) for each signature line."""
    if "(@" not in text:
        return
    prev = None
    for para in paras:
        sign = SIGNATURE_RE.fullmatch(text, para.start, para.end)
        if sign is not None:
            yield prev, para, sign
        prev = para


def signature_paragraphs(text: str, paras: Sequence[Paragraph]) -> set[int]:
    """The paragraphs that are not the outlet's reporting: an embedded post's signature line, and
    a post that holds quotation marks (left to the quotation rules, never the outlet's voice)."""
    found = set()
    for prev, para, _ in _signatures(text, paras):
        found.add(para.index)
        if prev is not None and _MARK_RE.search(text, prev.start, prev.end):
            found.add(prev.index)
    return found


def embedded_posts(doc: Doc) -> list[tuple[int, int, int, Attribution | None]]:
    """(start, end, paragraph, attribution) of each post signed in the paragraph after it."""
    text = doc.text
    out: list[tuple[int, int, int, Attribution | None]] = []
    for prev, _, sign in _signatures(text, doc.paragraphs):
        if prev is None or doc.masked.find(MASK, prev.start, prev.end) >= 0:
            continue
        start, end = prev.start, prev.end
        link = _TRAILING_LINK_RE.search(text, start, end)
        if link is not None:
            end = link.start()
        while end > start and (text[end - 1].isspace() or text[end - 1] == ":"):
            end -= 1
        if not _LETTER_RE.search(text, start, end) or SIGNATURE_RE.fullmatch(text, prev.start, prev.end):
            continue  # "⬇️⬇️⬇️": no words
        out.append((start, end, prev.index, _author(doc, sign.start("name"), sign.end("name"))))
    return out


def _author(doc: Doc, start: int, end: int) -> Attribution | None:
    from briefing.rules.resolve import resolve_np

    entity, mention, kind = resolve_np(doc, start, end)
    if entity is None or entity.type not in _SPEAKER_TYPES:
        return None
    return Attribution(entity, mention or (start, end), cue=None, source_kind=kind, basis="post")
