"""Reported (indirect) speech: a cue's content, when no quotation holds it.

"Abrams told the Times [that the United States will not seek to prosecute Maduro]": the content
of every cue with a source becomes a statement. A content that is a listed quotation is dropped
later (it overlaps the quote); one in '' marks, which are not read as quotation marks, stays as
reported speech. A cue that ends its paragraph with a colon introduces the next paragraph when that
one has no quotation marks of its own (a block quotation whose markup was lost).
"""

from __future__ import annotations

import re

from briefing.rules.attribution.base import has_source
from briefing.rules.cues import QUOTE_ONLY
from briefing.rules.units import MASK, CueHit, Statement, Unit
from briefing.text.quotes import QuoteSpan

_COLON_END_RE = re.compile(r"[^\n:.!?\x01]{0,40}:\s*")

_OPENING_MARKS = frozenset("“\"‘'«„")

def indirect_statements(
    text: str, units: list[Unit], spans: list[QuoteSpan], masked: str | None = None
) -> list[Statement]:
    """Cue contents as reported speech. A content that is a listed quotation is dropped later (it
    overlaps the quote); one in '' marks, which quote_items does not list, stays as reported speech.
    A cue that ends its paragraph with a colon introduces the next paragraph when that one has no
    quotation marks (a block quotation whose markup was lost: "The governor added:" ¶ "It’s …")."""
    out: list[Statement] = []
    masked = text if masked is None else masked
    for k, unit in enumerate(units):
        for h in unit.cues:
            if h.content is None and has_source(h) and k + 1 < len(units):
                block = _colon_block(text, masked, h, units, k)
                if block is not None:
                    para = units[k + 1].paragraph
                    out.append(Statement(block[0], block[1], para, h.attribution, "colon block"))
                continue
            if h.content is None or not has_source(h) or h.negated:
                continue  # no content, no source, or speech that did not happen
            if text[h.start : h.end].lower() in QUOTE_ONLY:
                continue  # "sings": it ties quoted words to a singer, it reports no claim
            s, e = h.content
            if e - s < 8 or len(text[s:e].split()) < 2:
                continue
            if s >= h.end and _PREP_START_RE.match(text, s) and _after_own_quote(masked, unit.start, h.start):
                continue  # “This is a shambles,” he wrote [on X, formerly Twitter]: said where, not what
            out.append(Statement(s, e, unit.paragraph, h.attribution))
    return out

_PREP_START_RE = re.compile(r"\s*(?:on|in|at|from|during|after|before|via)\s")

_QUOTE_THEN_CUE_RE = re.compile(r"\x01[,.!?]?[ \t]+(?:[\w.’'-]+[ \t]+){0,4}$")

def _after_own_quote(masked: str, unit_start: int, cue_start: int) -> bool:
    """Does the cue at ``cue_start`` close a quotation (“…,” he wrote …)?"""
    return _QUOTE_THEN_CUE_RE.search(masked, max(unit_start, cue_start - 60), cue_start) is not None

def _colon_block(text: str, masked: str, h: CueHit, units: list[Unit], k: int) -> tuple[int, int] | None:
    """The paragraph a closing "X added:" introduces, when it carries no quotation marks of its own."""
    unit, nxt = units[k], units[k + 1]
    if not _COLON_END_RE.fullmatch(masked, h.end, unit.end) or nxt.paragraph != unit.paragraph + 1:
        return None
    para_end = nxt.end
    for later in units[k + 2 : k + 40]:
        if later.paragraph != nxt.paragraph:
            break
        para_end = later.end
    if MASK in masked[nxt.start : para_end] or text[nxt.start : nxt.start + 1] in _OPENING_MARKS:
        return None
    end = para_end
    while end > nxt.start and text[end - 1] in " \t\r.":
        end -= 1
    return (nxt.start, end) if len(text[nxt.start : end].split()) >= 4 else None
