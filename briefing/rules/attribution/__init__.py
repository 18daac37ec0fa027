"""Attribution of quotation spans: an ordered list of named rules, the most precise first.

Each rule is a function ``(doc, quote) -> Attribution | None`` (:mod:`.base`). A quotation takes
the first rule that fires, and the rule's name is kept (``Quote.via``), so every attribution says
how it was made and each rule's precision can be measured on its own (``benchmarks/calibration.py``).
Adding a pattern is one function, one entry in :data:`QUOTE_RULES` and one test.

Quotations are attributed in text order: a rule reads the document (names, the cues of every clause
unit) and the attributions of the quotations before it (``doc.quote_attributions``), never a later
one. A nested quotation is its parent's. Fragments that no rule attributes get a second pass
(:data:`SECOND_PASS`) once every quotation has been through the first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefing.rules.attribution.base import QuoteAt
from briefing.rules.attribution.context_rules import _DirectTexts, contained_in_full_quote, continuation
from briefing.rules.attribution.cue_rules import (
    cue_after_closing_mark,
    cue_governing_clause,
    cue_introducing_quote,
    cue_with_unresolved_source,
    dash_signature,
    unlisted_verb_after_quote,
)
from briefing.rules.attribution.layout_rules import (
    colon_intro,
    cue_in_next_sentence,
    floating_quote,
    headline_name,
    named_in_next_sentence,
)
from briefing.rules.units import Attribution

if TYPE_CHECKING:
    from briefing.rules.doc import Doc


@dataclass(frozen=True)
class Rule:
    name: str  # kept as Quote.via
    find: Callable[[Doc, QuoteAt], Attribution | None]
    direct_only: bool = False  # applies to full quoted statements, not to fragments


QUOTE_RULES: tuple[Rule, ...] = (
    Rule("cue after closing mark", cue_after_closing_mark),
    Rule("cue introducing quote", cue_introducing_quote),
    Rule("cue governing clause", cue_governing_clause),
    Rule("dash signature", dash_signature),
    Rule("unlisted verb after quote", unlisted_verb_after_quote, direct_only=True),
    Rule("headline name", headline_name),
    Rule("colon intro", colon_intro),
    Rule("named in next sentence", named_in_next_sentence, direct_only=True),
    Rule("continuation", continuation, direct_only=True),
    Rule("cue in next sentence", cue_in_next_sentence, direct_only=True),
    Rule("floating quote", floating_quote, direct_only=True),
    Rule("cue with unresolved source", cue_with_unresolved_source),
)
NESTED = "nested in quote"
SECOND_PASS = "contained in full quote"


def attribute_quotes(doc: Doc) -> dict[int, Attribution]:
    """Attribute every quotation span of ``doc`` (index into ``doc.quotations`` -> attribution);
    the result is also ``doc.quote_attributions``."""
    result = doc.quote_attributions
    spans, units = doc.quotations, doc.units
    ui = 0
    for i, q in enumerate(spans):
        while ui + 1 < len(units) and units[ui + 1].start <= q.outer_start:
            ui += 1
        if q.nested_in is not None:
            parent = result.get(q.nested_in)
            if parent is not None:
                result[i] = Attribution(
                    parent.speaker, None, None, None, parent.channel, parent.channel_entity, rule=NESTED
                )
            continue
        quote = QuoteAt(i, q, ui, units[ui] if units else None)
        for rule in QUOTE_RULES:
            if rule.direct_only and not quote.direct:
                continue
            a = rule.find(doc, quote)
            if a is not None:
                result[i] = replace(a, rule=rule.name)
                if a.speaker is not None:
                    doc.names.note_speaker(a.speaker, q.start)
                    doc.speaking_quotes.append(i)
                break
    directs = _DirectTexts(doc)
    ui = 0
    for i, q in enumerate(spans):
        while ui + 1 < len(units) and units[ui + 1].start <= q.outer_start:
            ui += 1
        if q.kind == "partial" and q.nested_in is None and i not in result:
            a = contained_in_full_quote(doc, QuoteAt(i, q, ui, units[ui] if units else None), directs)
            if a is not None:
                result[i] = replace(a, rule=SECOND_PASS)
    return result
