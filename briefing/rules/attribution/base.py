"""What every attribution rule works with: the quotation it attributes, and small shared readings.

A rule is a function ``(doc, quote) -> Attribution | None``: it returns who the quotation is
attributed to, or None when it does not apply, and never changes the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.rules.units import Attribution, CueHit, Unit

if TYPE_CHECKING:
    from briefing.rules.names import Mention
    from briefing.text.quotes import QuoteSpan


@dataclass(frozen=True, slots=True)
class QuoteAt:
    """A quotation span being attributed, with the clause unit it opens in."""

    index: int  # into doc.quotations
    span: QuoteSpan
    unit_index: int  # into doc.units
    unit: Unit | None  # None only for a text with no sentence at all

    @property
    def direct(self) -> bool:
        return self.span.kind == "direct"


def quote_source(h: CueHit) -> bool:
    """Can this cue give a quotation its speaker? Not a phrase the resolver did not know."""
    return has_source(h) and h.attribution.basis != "unresolved"


def has_source(h: CueHit) -> bool:
    return h.attribution.speaker is not None or h.attribution.source_kind is not None


def only_quote(text: str, q: QuoteSpan, unit: Unit) -> bool:
    """Is the quotation all its clause unit holds (a quote standing alone)?"""
    return text[q.outer_end : unit.end].strip(" .,\n") == ""


def opening_person(mentions: list[Mention]) -> Mention | None:
    """The first of ``mentions`` that names a person opening a sentence ("Maria Lopez met …")."""
    return next((m for m in mentions if m.initial and m.entity.type == "person"), None)


def last_hit_before(units: list[Unit], ui: int, pos: int) -> tuple[int, Attribution, int] | None:
    """(paragraph, attribution, offset) of the last cue with a named speaker before ``pos``, in the
    clause unit ``ui`` or the three before it."""
    for k in range(ui, max(-1, ui - 4), -1):
        hits = [h for h in units[k].cues if h.start < pos and quote_source(h) and h.attribution.speaker]
        if hits:
            return units[k].paragraph, hits[-1].attribution, hits[-1].start
    return None


def carried_over(a: Attribution) -> Attribution:
    """An earlier quote's attribution carried over to a continuing one: its speaker, cue, channel
    and kind of source, not its mention (the continuing quote names no one)."""
    return Attribution(a.speaker, None, a.cue, None, a.channel, a.channel_entity, a.source_kind)
