"""Rules that attribute a quotation through the quotes and statements around it.

- **continuation**: “…,” Smith said. ¶ “…” (the last speaker before it, in the same paragraph, or
  the one before when the quotation opens its paragraph);
- **contained in full quote** (second pass): a fragment that repeats the words of a full quote is
  that quote's speaker's ("… a “dignified exit” from power" after Abrams's “… a dignified exit and
  go”).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from briefing.rules.attribution.base import QuoteAt, carried_over, last_hit_before, only_quote
from briefing.rules.units import Attribution

if TYPE_CHECKING:
    from briefing.rules.doc import Doc


def continuation(doc: Doc, quote: QuoteAt) -> Attribution | None:
    """The last speaker before the quotation: of a quote, or of reported speech ("Smith said the
    plan was dead." ¶ “We won’t support it.”), when it is in the same paragraph, or in the one
    before and the quotation opens its paragraph (two paragraphs back when it stands alone)."""
    q, unit = quote.span, quote.unit
    previous = _last_speaking_quote(doc, quote.index)
    hit = last_hit_before(doc.units, quote.unit_index, q.outer_start) if unit is not None else None
    if hit is not None and (previous is None or hit[0] > previous[0]):
        previous = hit[0], hit[1]
    if previous is None:
        return None
    para, prev = previous
    starts_para = unit is not None and unit.start == q.outer_start
    if (
        para == q.paragraph
        or (para == q.paragraph - 1 and starts_para)
        or (para >= q.paragraph - 2 and starts_para and unit is not None and only_quote(doc.text, q, unit))
    ):
        return carried_over(prev)
    return None


def _last_speaking_quote(doc: Doc, index: int) -> tuple[int, Attribution] | None:
    """(last paragraph, attribution) of the last top-level quotation before ``index`` that was
    attributed a speaker (quotations are attributed in text order)."""
    k = bisect.bisect_left(doc.speaking_quotes, index) - 1
    if k < 0:
        return None
    j = doc.speaking_quotes[k]
    span = doc.quotations[j]
    return span.last_paragraph or span.paragraph, doc.quote_attributions[j]


class _DirectTexts:
    """The attributed direct quotes' words, lower-cased and joined once, so that "which full quote
    contains these words" is one ``str.find`` instead of a scan over every quote."""

    _SEP = "\x00"

    def __init__(self, doc: Doc) -> None:
        text, spans = doc.text, doc.quotations
        self.result = doc.quote_attributions
        self.order = [j for j, other in enumerate(spans) if other.kind == "direct" and j in self.result]
        pieces = [text[spans[j].start : spans[j].end].lower() for j in self.order]
        self.offsets: list[int] = []
        pos = 0
        for piece in pieces:
            self.offsets.append(pos)
            pos += len(piece) + 1
        # The separator cannot be part of a match only when the text never contains it.
        self.joined = self._SEP.join(pieces) if self._SEP not in text else None
        self.pieces = pieces

    def first_containing(self, words: str) -> int | None:
        """Index (into spans) of the first attributed direct quote whose text contains ``words``."""
        if self.joined is None:
            return next((j for j, piece in zip(self.order, self.pieces, strict=True) if words in piece), None)
        at = self.joined.find(words)
        if at < 0:
            return None
        return self.order[bisect.bisect_right(self.offsets, at) - 1]


def contained_in_full_quote(doc: Doc, quote: QuoteAt, directs: _DirectTexts) -> Attribution | None:
    """A fragment of two words or more whose words a full quote, already attributed, contains."""
    q = quote.span
    words = doc.text[q.start : q.end].strip(" ,.").lower()
    if len(words) >= 6 and " " in words:
        j = directs.first_containing(words)
        if j is not None:
            o = directs.result[j]
            return Attribution(
                o.speaker, None, None, None, o.channel, o.channel_entity, o.source_kind, basis="contained"
            )
    return None
