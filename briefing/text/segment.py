"""Stage 2: paragraphs and sentences, as character offsets into the article text.

Paragraphs are blocks separated by blank lines; a text with no blank line at all is taken one line
per paragraph. Sentences are found with a rule-based splitter that knows news abbreviations
("Mr.", "U.S.", "Sen.") and lets closing quotation marks stay with their sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefing.schema import Paragraph

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

# Abbreviations after which a period does not end a sentence (lower-cased, without the period).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov lt col gen maj capt sgt st jr sr rev hon pres atty supt insp
    cmdr adm ft mt no vs etc inc corp co ltd dept univ jan feb mar apr jun jul aug sep sept oct nov
    dec u.s u.k u.n e.u d.c a.m p.m i.e e.g u.s.a n.y l.a calif fla ariz mass conn mich minn wash
    ore nev penn pa va wis tenn ky ill ind ala ga md mo okla colo ida mont neb la del sens reps govs
    gens messrs tex w.va ave blvd""".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # 1-based


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs with offsets; whitespace around each is excluded."""
    if _BLANK_LINE.search(text):
        pieces = [(m.start(), m.end()) for m in re.finditer(r"(?:(?!\n[ \t\r\f\v]*\n)[\s\S])+", text)]
    else:
        pieces = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    result: list[Paragraph] = []
    for start, end in pieces:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        result.append(Paragraph(index=len(result) + 1, start=start + lead, end=start + lead + len(stripped)))
    return result


def sentences(text: str, paras: list[Paragraph]) -> list[Sentence]:
    """Split each paragraph into sentences. Sentences never cross paragraph boundaries."""
    result: list[Sentence] = []
    for para in paras:
        start = para.start
        for match in re.finditer(r"[.!?]+[\"'”’)\]]*(?=\s)", text[para.start : para.end]):
            end = para.start + match.end()
            if _is_abbreviation(text, para.start, para.start + match.start()):
                continue
            if _next_starts_lowercase(text, end, para.end):
                continue
            if end > start:
                result.append(Sentence(start, end, para.index))
            start = _skip_space(text, end, para.end)
        if start < para.end:
            result.append(Sentence(start, para.end, para.index))
    return result


def paragraph_at(paras: list[Paragraph], offset: int) -> int:
    """1-based index of the paragraph containing ``offset`` (the nearest preceding one if between).

    A binary search: articles of many megabytes have tens of thousands of paragraphs and quotes."""
    position = bisect.bisect_right(paras, offset, key=lambda para: para.start)
    return paras[position - 1].index if position else 1


def _is_abbreviation(text: str, para_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(para_start, dot - 12) : dot])
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Initials: "J. Smith", "F.B.I."
    return len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _next_starts_lowercase(text: str, end: int, limit: int) -> bool:
    nxt = _skip_space(text, end, limit)
    return nxt < limit and text[nxt].islower()


def _skip_space(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos].isspace():
        pos += 1
    return pos


def clause_comma(text: str, start: int, end: int, last: bool = False) -> int:
    """The first (``last``: the last) comma in ``text[start:end]`` that separates words, not the
    digits of a number ("104,000"); -1 when there is none."""
    pos = text.rfind(",", start, end) if last else text.find(",", start, end)
    while pos >= 0:
        if not (0 < pos < len(text) - 1 and text[pos - 1].isdigit() and text[pos + 1].isdigit()):
            return pos
        pos = text.rfind(",", start, pos) if last else text.find(",", pos + 1, end)
    return -1

