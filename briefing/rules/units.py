"""The units the attribution stages work on: clause units, the cues found in them, attributions.

A *clause unit* is a sentence, widened so that no quotation is cut in two. The quotations of the
article are masked (``MASK``) in a copy of its text of the same length, so that a pattern looking
for a cue never reads inside someone's words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.rules import lexicon as lx
from briefing.rules.names import Entity

# Precompiled patterns used in hot functions (module-level re.* calls pay a cache lookup).
_LOWER_START_RE = re.compile(r"[\s]*[a-z]")
MASK = "\x01"
_NOT_NEWLINE = re.compile(r"[^\n]")
PARTICIPLE_CLAUSE_RE = re.compile(r",\s+(?=(?:[a-z]+ing|which|who|whose)\b)")


@dataclass
class Attribution:
    """Who is behind some words, and how the article says so."""

    speaker: Entity | None
    mention: tuple[int, int] | None = None  # how the source is named at this point
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    channel: str | None = None
    channel_entity: Entity | None = None
    source_kind: str | None = None  # anonymous / vague when the source phrase says so
    # What the attribution rests on when it is not a cue naming the source: "unresolved" (a source
    # phrase kept as written), "headline", "contained", "previous", "named after", "transcript".
    basis: str | None = None
    rule: str | None = None  # the named rule that attributed a quotation (Quote.basis)


@dataclass
class CueHit:
    """One attribution cue in a clause unit."""

    start: int
    end: int
    word: str
    attribution: Attribution
    content: tuple[int, int] | None = None
    subject_after: bool = False
    noun: bool = False  # the cue word is a noun here ("his late-night tweets")
    negated: bool = False  # "did not say", "would not confirm": nobody asserts the content


@dataclass
class Unit:
    start: int
    end: int
    paragraph: int
    cues: list[CueHit] = field(default_factory=list)


@dataclass
class Statement:
    """Reported speech without quotation marks: the content span and its attribution."""

    start: int
    end: int
    paragraph: int
    attribution: Attribution
    via: str = "reported speech"  # or "colon block": "The governor added:" ¶ a paragraph without marks


_ASKING_CLOSE_RE = re.compile(r"[?!][”\"’']\s*$")
_NAME_THEN_CUE_RE = re.compile(
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:"
    + lx.alternation(lx.forms("can-invert"))
    + r")\b"
)


def clause_units(text: str, sentences: Sequence, spans: Sequence) -> list[Unit]:
    """Sentences merged so that no top-level quotation crosses a unit boundary."""
    tops = [s for s in spans if s.nested_in is None]
    units: list[Unit] = []
    tops = sorted(tops, key=lambda q: q.outer_start)
    starts = [q.outer_start for q in tops]

    def inside_quote(pos: int) -> bool:
        k = bisect.bisect_left(starts, pos) - 1  # quotations do not overlap: check the one before
        return k >= 0 and tops[k].outer_start < pos < tops[k].outer_end

    for sent in sentences:
        inside = inside_quote(sent.start)
        if units and units[-1].paragraph == sent.paragraph and inside:
            units[-1].end = sent.end
            continue
        if units and inside:
            # A quotation spanning paragraphs: keep it in the unit where it starts.
            units[-1].end = max(units[-1].end, sent.end)
            continue
        units.append(Unit(sent.start, sent.end, sent.paragraph))
    # A unit ending right after a quotation with the attribution in the next sentence piece
    # ("…?” she asked.") is joined with it.
    merged: list[Unit] = []
    for u in units:
        if (
            merged
            and merged[-1].paragraph == u.paragraph
            and (
                _LOWER_START_RE.match(text[u.start : u.start + 3])
                # "“…, right?” Sanborn said. “…”": a quotation ending in ? or ! and the name and
                # verb that attribute it
                or (
                    _ASKING_CLOSE_RE.search(text, max(merged[-1].start, u.start - 4), u.start)
                    and _NAME_THEN_CUE_RE.match(text, u.start, u.end)
                )
            )
        ):
            merged[-1].end = u.end
        else:
            merged.append(u)
    return merged


def mask_quotations(text: str, tops: Sequence) -> str:
    """``text`` with every top-level quotation (marks included) replaced by ``MASK`` characters,
    newlines kept: the same offsets, and no cue is ever found inside someone's words."""
    pieces = []
    pos = 0
    for q in sorted(tops, key=lambda q: q.outer_start):
        if q.outer_start < pos:
            continue
        pieces.append(text[pos : q.outer_start])
        pieces.append(_NOT_NEWLINE.sub(MASK, text[q.outer_start : q.outer_end]))
        pos = q.outer_end
    pieces.append(text[pos:])
    return "".join(pieces)
