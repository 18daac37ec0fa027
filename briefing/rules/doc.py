"""The document the rules engine reads: one object per article that every stage reads and adds to.

:func:`read` builds it from an :class:`~briefing.schema.Article`: the text and its paragraphs and
sentences, the quotation spans, the text with quotations masked, an index of the lexicon's words,
the names (the registry) and the clause units. The later stages add to it, in text order: the cue
stage fills ``units[].cues`` and notes who spoke where (``names.speakers``, what "he" and "they"
are resolved against); the attribution stage fills ``quote_attributions``, reading only the
attributions of quotations before the one it attributes. No stage keeps state of its own between
articles or between quotes: what a rule reads is on the Doc.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.rules.cues import WordIndex
from briefing.rules.quotations import find_quote_spans
from briefing.rules.registry import Registry
from briefing.rules.units import Attribution, Unit, clause_units, mask_quotations
from briefing.schema import Article, Paragraph
from briefing.text import segment
from briefing.text.quotes import QuoteSpan


@dataclass
class Doc:
    """One article as the rules engine reads it."""

    text: str
    paragraphs: list[Paragraph]
    sentences: list[segment.Sentence]
    quotations: list[QuoteSpan]  # every quotation span, nested ones too (``nested_in``)
    tops: list[QuoteSpan]  # the top-level quotations
    masked: str  # ``text`` with the top-level quotations blanked (``units.MASK``), same offsets
    words: WordIndex  # where each lexicon word starts
    names: Registry  # the names in the text and the actors they stand for
    units: list[Unit] = field(default_factory=list)  # clause units, in text order
    tops_by_end: list[QuoteSpan] = field(default_factory=list)
    top_ends: list[int] = field(default_factory=list)
    # Added by the attribution stage, in text order: quotation index -> attribution, and the
    # indexes of the top-level quotations attributed a speaker.
    quote_attributions: dict[int, Attribution] = field(default_factory=dict)
    speaking_quotes: list[int] = field(default_factory=list)


def read(article: Article) -> Doc:
    """The rules engine's reading of ``article`` before any attribution."""
    text = article.text
    paras = article.paragraphs or segment.paragraphs(text)
    sents = segment.sentences(text, paras)
    spans = find_quote_spans(text, paras)
    tops = [s for s in spans if s.nested_in is None]
    names = Registry(text)
    names.set_quotations([(q.outer_start, q.outer_end) for q in tops])
    by_end = sorted(tops, key=lambda q: q.outer_end)
    return Doc(
        text=text,
        paragraphs=paras,
        sentences=sents,
        quotations=spans,
        tops=tops,
        masked=mask_quotations(text, tops),
        words=WordIndex(text),
        names=names,
        units=clause_units(text, sents, spans),
        tops_by_end=by_end,
        top_ends=[q.outer_end for q in by_end],
    )
