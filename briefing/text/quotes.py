"""Quotation spans: every stretch of text between quotation marks, with offsets.

Deterministic and fast (one pass over the marks with a stack). It knows:

- curly “ ” and straight " double quotes, single quotes ‘ ’ and ' (nested and headline quotes),
  guillemets « » and » «, ‹ ›, low-high quotes „ “ / „ ” and ‚ ‘;
- apostrophes are not quotes: "We’re", "don’t", "Bachelet’s", "’90s", "students’";
- quotes running over several paragraphs (an opening mark at each paragraph start, the closing mark
  only at the end) become ONE span covering all of them;
- nested quotes are returned as well, with ``nested_in`` pointing at their parent;
- unbalanced marks are dropped (or, for a quote opened at the start of a paragraph and never closed,
  end at the paragraph end); a span never runs into an unrelated paragraph, and nothing raises.

This layer only pairs marks. Whether a span is a full quoted statement or a fragment, a title or
someone's words, and whose, is the engine's reading (``briefing.rules.quotations``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class _Para(Protocol):
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int  # inner text, without the quotation marks (what becomes Quote.text)
    end: int
    outer_start: int  # including the marks
    outer_end: int
    paragraph: int  # 1-based paragraph of `start`
    nested_in: int | None  # index into the returned list of the enclosing quote, or None
    mark: str  # opening mark style, e.g. '“', '"', '‘', '«', '„'
    last_paragraph: int = 0  # 1-based paragraph of `end` (> paragraph for multi-paragraph quotes)
    closed: bool = True  # False when the closing mark is missing and the span stops at a paragraph end
    # Added by the engine's reading (briefing.rules.quotations), not by pairing marks:
    kind: str = "direct"  # "direct" (a full quoted statement) or "partial" (a fragment in a sentence)
    title: bool = False  # a name or title in quotes (“Morning Joe”, 'All Bets Are Off.'), not speech

    def inner(self, text: str) -> str:
        return text[self.start : self.end]


# Two-character marks first: '' and `` are double quotes in some newswire and NYT archive texts.
_MARK_RE = re.compile("''|``|[\"'“”‘’«»„‚‹›]")
_TAG_RE = re.compile(r"<[^<>\n]{1,400}>")  # markup left in the text: <tweet id="…"> is not a quote
_DOUBLE, _SINGLE, _GUILLEMET, _SGUILLEMET = "double", "single", "guillemet", "sguillemet"
_FAMILY = {
    "“": _DOUBLE,
    "”": _DOUBLE,
    '"': _DOUBLE,
    "„": _DOUBLE,
    "‘": _SINGLE,
    "’": _SINGLE,
    "'": _SINGLE,
    "‚": _SINGLE,
    "«": _GUILLEMET,
    "»": _GUILLEMET,
    "‹": _SGUILLEMET,
    "›": _SGUILLEMET,
}
_OPENING_CHARS = set("([{<—–-/“‘«„‚‹\"'")
_CLOSING_FOLLOWERS = set(".,;:!?)]}>—–-…”’»›\"'*")


TWO_CHAR_MARKS = {"''": '"', "``": "“"}  # '' and `` written for quotation marks
APOSTROPHE_MARK = "''"  # opening a passage (NYT archive: ''…''); `` (Penn Treebank: ``…'') is unambiguous


@dataclass(slots=True)
class _Open:
    pos: int  # offset of the opening mark
    mark: str
    family: str
    paragraph: int
    alt: bool = False  # „ ‚ (closed by “ ‘ too) or reversed guillemets » «
    length: int = 1  # characters in the mark ('' and `` have two)


_Found = tuple[_Open, int, int, int, bool]  # opener, closing offset, closing length, last ¶, closed


def quotation_spans(text: str, paragraphs: Sequence[_Para]) -> list[QuoteSpan]:
    """All quotation spans in ``text``, ordered by position (parents before the quotes they hold).

    ``paragraphs`` are the article's paragraphs (``segment.paragraphs``); when empty, the whole text
    is one paragraph.
    """
    if not paragraphs:
        paragraphs = [_WholeText(1, 0, len(text))]
    found: list[_Found] = []
    stack: list[_Open] = []
    skip_at = -1  # offset of a continuation mark that re-opens a carried quote
    for number, para in enumerate(paragraphs):
        start, end = para.start, para.end
        marks = _marks(text, start, end)
        for i, (pos, mark) in enumerate(marks):
            if pos == skip_at:
                continue
            _step(text, pos, mark, start, end, stack, found, para.index, marks, i)
        skip_at = -1
        if not stack:
            continue
        outer = stack[0]
        nxt = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
        if nxt is not None and (
            outer.family != _SINGLE
            or outer.mark == "‘"
            # 'We inherited a mess. ¶ 'But we will fix …': UK style, straight marks, opening the paragraph
            or (outer.mark == "'" and _first_char(text, start, end) == outer.pos)
        ):
            first = _first_char(text, nxt.start, nxt.end)
            if first is not None and _continues(text[first : first + outer.length], outer):
                skip_at = first
                stack[:] = [outer]
                continue
        if _stands_alone(text, outer.pos, start):
            found.append((outer, end, 0, para.index, False))
        stack.clear()
    return _build(text, paragraphs, found)


@dataclass(frozen=True, slots=True)
class _WholeText:
    index: int
    start: int
    end: int


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, mark) of every quotation-mark candidate in ``text[start:end]``, outside markup tags."""
    marks = [(m.start(), m.group()) for m in _MARK_RE.finditer(text, start, end)]
    if marks and "<" in text[start:end]:
        tags = [(m.start(), m.end()) for m in _TAG_RE.finditer(text, start, end)]
        if tags:
            marks = [(pos, mk) for pos, mk in marks if not any(a < pos < b for a, b in tags)]
    return marks


def _step(
    text: str,
    pos: int,
    mark: str,
    pstart: int,
    pend: int,
    stack: list[_Open],
    found: list[_Found],
    para: int,
    marks: list[tuple[int, str]],
    i: int,
) -> None:
    """Handle one mark: open, close, or ignore it (apostrophes, strays)."""
    length = len(mark)
    ch = TWO_CHAR_MARKS.get(mark, mark)
    prev = text[pos - 1] if pos > pstart else " "
    nxt = text[pos + length] if pos + length < pend else " "
    left = prev.isspace() or prev in _OPENING_CHARS  # looks like an opening position
    right = nxt.isspace() or nxt in _CLOSING_FOLLOWERS  # looks like a closing position
    family = _FAMILY[ch]

    def close() -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k].family == family:
                found.append((stack[k], pos, length, para, True))
                del stack[k:]
                return True
        return False

    def open_(alt: bool = False) -> None:
        stack.append(_Open(pos, mark, family, para, alt, length))

    def is_open(mark: str | None = None) -> _Open | None:
        for entry in reversed(stack):
            if entry.family == family and (mark is None or entry.mark == mark):
                return entry
        return None

    if ch == "“":
        top = is_open()
        if top is not None and (top.alt or (right and not left)):
            close()  # „…“ (German) or a sloppy “…“
        else:
            open_()
    elif ch == "”":
        if is_open() is not None:
            close()
        elif (left and not right) or pos == pstart:
            open_()  # ”…” (Swedish, or sloppy typing)
    elif ch == '"':
        top = is_open()
        if top is not None and not (top.mark not in ('"', "''") and left and not right):
            close()
        elif top is not None:
            open_()  # straight quotes nested in curly ones
        elif left or not right:
            open_()
        # else: a stray closing mark such as inches (6")
    elif ch == "„":
        open_(alt=True)
    elif ch in "‘‚":
        top = is_open()
        if ch == "‘" and top is not None and top.alt and not left:
            close()  # ‚…‘
        elif ch == "‚":
            if not nxt.isspace():
                open_(alt=True)
        elif (left or not prev.isalnum()) and not nxt.isdigit() and not nxt.isspace():
            open_()
    elif ch in "’'":
        if prev.isalnum() and nxt.isalnum():
            return  # We’re, don’t, Bachelet’s
        if left and nxt.isdigit():
            return  # ’90s
        top = is_open()
        if top is not None and not left and (right or not nxt.isalnum()):
            if prev in "sS" and nxt.isspace() and _later_closer(text, marks, i, pend):
                return  # students’ books … ’: a plural possessive before the real closing mark
            close()
        elif ch == "'" and left and nxt.isalpha() and not _ELISION_RE.match(text, pos + 1):
            open_()  # a straight single opening mark (or an elision like 'em: dropped if unclosed)
    elif ch in "«‹":
        top = is_open()
        if top is not None and top.alt and not left:
            close()
        else:
            open_()
    elif ch in "»›":
        top = is_open()
        if top is not None and not top.alt:
            close()
        elif left and not right:
            open_(alt=True)  # »…« (German, Danish)


_ELISION_RE = re.compile(r"(?:[Tt]is|[Tt]was|em|cause|til|n)\b(?!['’])")


def _later_closer(text: str, marks: list[tuple[int, str]], i: int, pend: int) -> bool:
    """Is there a later single closing mark in the paragraph (so this one may be an apostrophe)?"""
    after_space = marks[i][0] + 2
    if after_space >= pend or not text[after_space].islower():
        return False
    for pos, ch in marks[i + 1 :]:
        if ch in "’'":
            prev = text[pos - 1]
            nxt = text[pos + 1] if pos + 1 < pend else " "
            if not (prev.isalnum() and nxt.isalnum()) and not prev.isspace():
                return True
        elif ch in "‘":
            return False
    return False


def _first_char(text: str, start: int, end: int) -> int | None:
    for pos in range(start, min(end, start + 8)):
        if not text[pos].isspace():
            return pos
    return None


def _continues(ch: str, outer: _Open) -> bool:
    """Does a paragraph starting with ``ch`` continue the quote ``outer`` left open?"""
    if outer.mark == "„":
        return ch == "„"
    # The same style as the opening mark: a paragraph opening with “ after one opened with " is
    # more likely a new quote after a stray mark than a continuation.
    return ch == outer.mark


def _stands_alone(text: str, pos: int, pstart: int) -> bool:
    """An unclosed quote is kept (to the paragraph end) only if it opens the paragraph or follows ':'."""
    before = text[pstart:pos].rstrip()
    return before == "" or before.endswith(":")


def _build(text: str, paragraphs: Sequence[_Para], found: list[_Found]) -> list[QuoteSpan]:
    items = []
    for opener, close_pos, close_len, last_para, closed in found:
        start = opener.pos + opener.length
        end = close_pos
        outer_end = close_pos + close_len
        if end <= start or not text[start:end].strip():
            continue
        items.append((opener.pos, -outer_end, start, end, outer_end, opener, last_para, closed))
    items.sort()
    spans: list[QuoteSpan] = []
    parents: list[int] = []  # indexes of the open ancestors, outermost first
    for outer_start, _neg, start, end, outer_end, opener, last_para, closed in items:
        while parents and spans[parents[-1]].outer_end <= outer_start:
            parents.pop()
        parent = spans[parents[-1]] if parents else None
        if parent is not None and outer_end > parent.end:
            continue  # overlaps its parent's closing mark: inconsistent, drop it
        para = paragraph_of(paragraphs, outer_start)
        spans.append(
            QuoteSpan(
                start=start,
                end=end,
                outer_start=outer_start,
                outer_end=outer_end,
                paragraph=para.index,
                nested_in=parents[-1] if parents else None,
                mark=opener.mark,
                last_paragraph=last_para,
                closed=closed,
            )
        )
        parents.append(len(spans) - 1)
    return spans


def paragraph_of(paragraphs: Sequence[_Para], offset: int) -> _Para:
    """The paragraph holding ``offset`` (the nearest before it; the first when none starts before)."""
    return paragraphs[paragraph_position(paragraphs, offset)]


def paragraph_position(paragraphs: Sequence[_Para], offset: int) -> int:
    """The list position of :func:`paragraph_of`'s paragraph: a binary search over the starts."""
    return max(bisect.bisect_right(paragraphs, offset, key=lambda para: para.start) - 1, 0)
