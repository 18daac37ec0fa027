"""Rules that attribute a quotation by where it stands: a headline, a colon, the sentence around it.

- **headline name**: "Elliott Abrams: U.S. Won’t ‘Prosecute’ …" (a name and a colon own the quote);
- **colon intro**: "Abrams said:" ¶ “…” / "Tory leader Kemi Badenoch hit back: “…”" / "Her message
  was simple: “Show up.”";
- **named in next sentence**: “…” ¶ The warning came from Karin Dahl, who heads the unit;
- **cue in next sentence**: “…” That's what he said;
- **floating quote**: "Maria Lopez met reporters on Monday." ¶ “The budget will be balanced.”
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.rules.attribution.base import QuoteAt, only_quote, opening_person, quote_source
from briefing.rules.resolve import resolve_np
from briefing.rules.source_phrase import phrase_end
from briefing.rules.units import MASK, Attribution

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_HEADLINE_SPEAKER_RE = re.compile(r"\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s")
_FINITE_VERB_RE = re.compile(r"\s(?:is|are|was|were|has|had|have|will|would|could|did|does|made|gave)\b")
_POSSESSIVE_INTRO_RE = re.compile(
    r"\s*(His|Her)\s+(?:[a-z]+\s+){0,2}(?:message|answer|reply|response|advice|verdict|view|warning|"
    r"point|argument|explanation|plea|conclusion|assessment|summary|words|take|retort|comment|reaction|"
    r"instruction|instructions|appeal|request|prediction|pitch|promise|motto|mantra)\b[^\n:]{0,60}:\s*$"
)
# "“…” ¶ The warning came from Karin Dahl, who …" / "Those were the words of X" / "That was the
# verdict of X": the speaker is named in the sentence after the quote.
_NAMED_AFTER_RE = re.compile(
    r"\s*(?:The|That|Those|These|This|Such)\s+(?:[a-z-]+\s+){0,2}(?:came|comes|come|was|were|is|are)\s+"
    r"(?:from|the\s+(?:words|verdict|view|warning|assessment|message|reaction|response)\s+of)\s+"
)


def headline_name(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A name and a colon opening the clause unit own the quotation after them."""
    unit, q = quote.unit, quote.span
    if unit is None:
        return None
    m = _HEADLINE_SPEAKER_RE.match(doc.text, unit.start, q.outer_start)
    if not m:
        return None
    mentions = doc.names.mentions_between(m.start(1), m.end(1) + 1)
    if not mentions or mentions[-1].entity.type not in ("person", "organization", "government", "media"):
        return None
    return Attribution(
        mentions[-1].entity, (mentions[-1].start, mentions[-1].end), cue=None, basis="headline"
    )


def colon_intro(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A colon introduces the quotation: the cue before the colon gives the speaker, else the
    person who opens that sentence, a possessive ("His answer:"), or a description of someone
    named before ("The minister was blunt:")."""
    units, ui, q = doc.units, quote.unit_index, quote.span
    if quote.unit is None:
        return None
    # the last character before the quotation in its unit, read back over spaces only (copying
    # the whole unit for each quotation was quadratic in a long one)
    masked, last = doc.masked, q.outer_start - 1
    while last >= units[ui].start and masked[last].isspace():
        last -= 1
    if last >= units[ui].start:
        if masked[last] != ":":
            return None
        intro = units[ui]
    else:
        if ui == 0 or not doc.text[units[ui - 1].start : units[ui - 1].end].rstrip().endswith(":"):
            return None
        intro = units[ui - 1]
    hits = [h for h in intro.cues if quote_source(h) and h.start < q.outer_start]
    if hits:
        return hits[-1].attribution
    mentions = doc.names.mentions_between(intro.start, min(intro.end, q.outer_start))
    opener = opening_person(mentions)
    # "With leaders worried …, President Obama is rolling out a new message: “…”"
    opener = opener or next((m for m in mentions if m.subject and m.entity.type == "person"), None)
    # "Tory leader Kemi Badenoch hit back: “…”": a person named within the first words
    opener = opener or next(
        (
            m
            for m in mentions[:1]
            if m.entity.type == "person" and len(doc.text[intro.start : m.start].split()) <= 3
        ),
        None,
    )
    if opener is not None:
        return Attribution(opener.entity, (opener.start, opener.end), cue=None)
    poss = _POSSESSIVE_INTRO_RE.match(doc.text, intro.start, q.outer_start)
    if poss is not None:
        # "Her message was simple: “Show up.”" / "His answer:": the person "her" refers to
        pron = {"his": "he", "her": "she"}.get(poss.group(1).lower())
        ent = doc.names.resolve_pronoun(pron, poss.start(1)) if pron else None
        if ent is not None:
            return Attribution(ent, poss.span(1), cue=None)
        return None
    # "The minister was blunt: “…”": a description of someone named before
    np_end = phrase_end(doc, intro.start, min(intro.end, q.outer_start))
    verb = _FINITE_VERB_RE.search(doc.text, intro.start, np_end)
    np_end = verb.start() if verb else np_end
    sub = resolve_np(doc, intro.start, np_end) if np_end > intro.start else (None, None, None)
    if sub[0] is not None and sub[0].type == "person" and len(doc.text[intro.start : np_end].split()) <= 4:
        return Attribution(sub[0], sub[1], cue=None)
    return None


def named_in_next_sentence(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A quotation standing alone whose speaker the next sentence names."""
    units, ui, q = doc.units, quote.unit_index, quote.span
    if quote.unit is None or ui + 1 >= len(units) or not only_quote(doc.text, q, units[ui]):
        return None
    nxt = units[ui + 1]
    if nxt.paragraph > (q.last_paragraph or q.paragraph) + 1:
        return None
    m = _NAMED_AFTER_RE.match(doc.text, nxt.start, nxt.end)
    if m is None:
        return None
    np_end = phrase_end(doc, m.end(), nxt.end)
    speaker, mention, kind = resolve_np(doc, m.end(), np_end) if np_end > m.end() else (None, None, None)
    if speaker is None or speaker.type not in ("person", "organization", "government", "media", "group"):
        return None
    return Attribution(speaker, mention, cue=None, source_kind=kind, basis="named after")


def cue_in_next_sentence(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A quotation standing alone, attributed by a short next sentence of the same paragraph that
    has a cue and nothing it reports."""
    units, ui, q = doc.units, quote.unit_index, quote.span
    if quote.unit is None or not only_quote(doc.text, q, units[ui]) or ui + 1 >= len(units):
        return None
    nxt = units[ui + 1]
    if nxt.paragraph != units[ui].paragraph:
        return None
    hits = [h for h in nxt.cues if quote_source(h) and h.content is None]
    if hits and len(doc.text[nxt.start : nxt.end].split()) <= 8:
        return hits[0].attribution
    return None


def floating_quote(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """A quotation opening its paragraph or sentence, with no cue anywhere near, after a sentence
    that opens with a person: that person speaks (a floating quote, as newspapers write them)."""
    text, units, ui, q = doc.text, doc.units, quote.unit_index, quote.span
    unit = quote.unit
    if unit is None or ui == 0 or unit.start != q.outer_start or not only_quote(text, q, unit):
        return None
    prev = units[ui - 1]
    if prev.paragraph < unit.paragraph - 1 or prev.cues or doc.masked.count(MASK, prev.start, prev.end):
        return None
    opener = opening_person(doc.names.mentions_between(prev.start, prev.end))
    if opener is None or len(text[prev.start : opener.start].split()) > 4:
        return None
    return Attribution(opener.entity, (opener.start, opener.end), cue=None, basis="previous")
