"""Shared helpers for the rules-engine tests: run the engine on a made-up text, find a quote."""

from __future__ import annotations

from briefing.rules.engine import extract
from briefing.text.article import article_from_text


def run(text: str, **article_fields):
    """The rules engine's briefing of ``text`` (``article_fields``: e.g. apostrophe_quotes=True)."""
    article = article_from_text(text)
    for key, value in article_fields.items():
        setattr(article, key, value)
    return extract(article)


def one(b, needle, kind=None):
    """The first quote whose text contains ``needle`` (and has type ``kind``, if given)."""
    found = [q for q in b.quotes if needle in q.text and (kind is None or q.type == kind)]
    assert found, f"no quote containing {needle!r} in {[q.text for q in b.quotes]}"
    return found[0]
