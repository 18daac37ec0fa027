"""The headline is the outlet's summary, not anyone's words.

"Elliott Abrams: U.S. Won’t ‘Prosecute’ Maduro" or "Central bank chief says rates will stay high"
attributes a claim to a person in the outlet's own wording. It is reported as a sourced statement
marked ``headline`` (what the outlet attributes to whom), never as a quote: the quotes table lists
only words the article gives as someone's. Both engines apply :func:`headline_as_statement` to their
result.
"""

from __future__ import annotations

import re

from briefing.rules.names import mostly_capitalised
from briefing.schema import Briefing


def headline_paragraph(briefing: Briefing) -> int | None:
    """1 when the article's first paragraph is its headline (the title found by the loader) and
    more follows, else None: a text whose first line is a sentence has no headline to set apart."""
    article = briefing.article
    if not article.title or len(article.paragraphs) < 2:
        return None  # a text of one paragraph is all body
    first = article.paragraphs[0]
    line = article.text[first.start : first.end].strip().lstrip("\ufeff")
    if not line or line.rstrip(". ") != article.title.strip().rstrip(". "):
        return None
    if article.format == "text" and _SENTENCE_END_RE.search(line) and not mostly_capitalised(line):
        # a plain text's first line is taken for its title unless it ends with a full stop; one
        # ending in a quotation (… said “it is not viable.”) is a sentence, unless in Title Case
        return None
    return first.index


_SENTENCE_END_RE = re.compile(r"[.!?][”’\"'`]+\s*$")


def headline_as_statement(briefing: Briefing) -> Briefing:
    """``briefing`` with no quote in the headline: each headline quote is dropped and the
    statement that rested on it is kept, marked ``headline``, as is every statement in the
    headline. The other quotes keep their ids (the dropped one's number stays unused), so that an
    id means the same quote whichever engine or version produced the briefing."""
    para = headline_paragraph(briefing)
    if para is None:
        return briefing
    dropped = {q.id for q in briefing.quotes if q.paragraph == para}
    if not dropped and all(s.headline for s in briefing.sources if s.paragraph == para):
        return briefing
    quotes = [
        q if q.nested_in not in dropped else q.model_copy(update={"nested_in": None})
        for q in briefing.quotes
        if q.id not in dropped
    ]
    sources = [
        s.model_copy(
            update={"quote_ids": [i for i in s.quote_ids if i not in dropped], "headline": True}
        )
        if s.paragraph == para or dropped.intersection(s.quote_ids)
        else s
        for s in briefing.sources
    ]
    positions = []
    for p in briefing.positions:
        evidence = [i for i in p.evidence if i not in dropped]
        if evidence:
            positions.append(p if evidence == p.evidence else p.model_copy(update={"evidence": evidence}))
    return briefing.model_copy(update={"quotes": quotes, "sources": sources, "positions": positions})
