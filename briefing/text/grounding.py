"""Align a string to the article text: exact, then normalised, then fuzzy, recording which.

Both engines use this. The LLM engine never invents offsets: whatever text a model returns is
located here, and anything that cannot be located is not a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.schema import Grounding

# Characters folded together for the "normalized" rung.
_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‟": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "…": ".",
    }
)

FUZZY_MIN_SCORE = 90.0


@dataclass(frozen=True, slots=True)
class Alignment:
    start: int
    end: int
    status: Grounding
    score: float = 100.0


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quote marks, dashes and runs of whitespace; return the result and, for each of its
    characters, the offset of the original character it came from."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        ch = ch.translate(_FOLD)
        if ch.isspace():
            if prev_space:
                continue
            ch = " "
            prev_space = True
        else:
            prev_space = False
        out.append(ch.lower())
        index.append(i)
    return "".join(out), index


def align(text: str, needle: str, *, near: int | None = None, fuzzy: bool = True) -> Alignment | None:
    """Find ``needle`` in ``text``. When it occurs more than once, prefer the occurrence nearest
    ``near``. Returns ``None`` when it cannot be found at all."""
    needle = needle.strip()
    if not needle:
        return None
    hits = [m.start() for m in re.finditer(re.escape(needle), text)]
    if hits:
        start = _nearest(hits, near)
        return Alignment(start, start + len(needle), Grounding.exact)
    norm_text, index = normalize_with_map(text)
    norm_needle, _ = normalize_with_map(needle)
    norm_needle = norm_needle.strip()
    hits = [m.start() for m in re.finditer(re.escape(norm_needle), norm_text)] if norm_needle else []
    if hits:
        at = _nearest(hits, None if near is None else _to_norm(index, near))
        start, end = index[at], index[at + len(norm_needle) - 1] + 1
        return Alignment(start, end, Grounding.normalized)
    if not fuzzy or len(norm_needle) < 12:
        return None
    from rapidfuzz import fuzz

    result = fuzz.partial_ratio_alignment(norm_needle, norm_text, score_cutoff=FUZZY_MIN_SCORE)
    if result is None or result.dest_end <= result.dest_start:
        return None
    start, end = index[result.dest_start], index[result.dest_end - 1] + 1
    # The window is as long as the needle, so an edit that adds characters ("jumps" -> "jumped")
    # leaves it short of the last word: never cut a word, at either end.
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Alignment(start, end, Grounding.fuzzy, result.score)


def _nearest(hits: list[int], near: int | None) -> int:
    return hits[0] if near is None else min(hits, key=lambda h: abs(h - near))


def _to_norm(index: list[int], offset: int) -> int:
    for i, original in enumerate(index):
        if original >= offset:
            return i
    return len(index) - 1
