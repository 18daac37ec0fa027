"""Shared helpers for the rules-engine tests: run the engine on a made-up text, find a quote."""

from __future__ import annotations

from briefing.rules.engine import extract
from briefing.text.article import article_from_text


def run(text: str, min_confidence: float = 0.0, **article_fields):
    """The rules engine's briefing of ``text`` (``article_fields``: e.g. apostrophe_quotes=True).

    These tests check whom the rules attribute a quote to, so by default every speaker is shown
    (``min_confidence=0``); what the threshold then hides is tests/test_attribution_trust.py's."""
    article = article_from_text(text)
    for key, value in article_fields.items():
        setattr(article, key, value)
    return extract(article, min_confidence=min_confidence)


def one(b, needle, kind=None):
    """The first quote whose text contains ``needle`` (and has type ``kind``, if given)."""
    found = [q for q in b.quotes if needle in q.text and (kind is None or q.type == kind)]
    assert found, f"no quote containing {needle!r} in {[q.text for q in b.quotes]}"
    return found[0]
