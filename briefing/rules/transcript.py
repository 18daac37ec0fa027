"""Answers in a Q&A transcript: the interviewee's own words, though no quotation marks are used.

"Q: Are you worried …?" ¶ "A: No. The law is clear …": each answer is a direct quote (``via`` "Q&A
answer"). The speaker is the person the exchange follows: the person opening a sentence just before
the first question, else the last one quoted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.rules.attribution.base import last_hit_before, opening_person
from briefing.rules.units import MASK, Attribution

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_QUESTION_RE = re.compile(r"[ \t]*Q[:.][ \t]+\S")

_ANSWER_RE = re.compile(r"[ \t]*A[:.][ \t]+(?=\S)")

def transcript_answers(doc: Doc) -> list[tuple[int, int, int, Attribution | None]]:
    """Answers in a Q&A transcript ("Q: Are you worried …?" ¶ "A: No. The law is clear …"): the
    interviewee's own words, though no quotation marks are used, so direct quotes. The speaker is
    the person the exchange follows: the last one quoted or opening a sentence before the first Q."""
    text, paras = doc.text, doc.paragraphs
    out: list[tuple[int, int, int, Attribution | None]] = []
    questions = [p for p in paras if _QUESTION_RE.match(text, p.start, p.end)]
    if not questions:
        return out
    speaker: Attribution | None = None
    last_q = None
    for p in paras:
        if _QUESTION_RE.match(text, p.start, p.end):
            if speaker is None:
                speaker = _interviewee(doc, p.start)
            last_q = p.index
            continue
        m = _ANSWER_RE.match(text, p.start, p.end)
        if m is None or last_q is None or p.index - last_q > 2 or doc.masked.find(MASK, p.start, p.end) >= 0:
            continue
        end = p.end
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        if end - m.end() >= 2:
            out.append((m.end(), end, p.index, speaker))
    return out

def _interviewee(doc: Doc, pos: int) -> Attribution | None:
    units = doc.units
    ui = next((k for k in range(len(units) - 1, -1, -1) if units[k].start < pos), None)
    if ui is None:
        return None
    for k in range(ui, max(-1, ui - 3), -1):
        opener = opening_person(doc.names.mentions_between(units[k].start, units[k].end))
        if opener is not None:
            return Attribution(opener.entity, None, cue=None, basis="transcript")
    hit = last_hit_before(units, ui, pos)
    if hit is not None:
        prev = hit[1]
        return Attribution(prev.speaker, None, prev.cue, None, prev.channel, prev.channel_entity)
    return None
