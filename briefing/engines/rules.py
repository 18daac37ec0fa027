"""The rules engine: deterministic, offline extraction. (Placeholder: being rewritten.)"""

from __future__ import annotations

import re

from briefing.schema import Article, Briefing, Quote
from briefing.segment import paragraph_at


def extract(article: Article) -> Briefing:
    text = article.text
    quotes = []
    for m in re.finditer(r"[“\"]([^”\"]+)[”\"]", text):
        inner = m.group(1)
        quotes.append(
            Quote(
                id=f"Q{len(quotes) + 1}",
                text=inner,
                start=m.start(1),
                end=m.end(1),
                type="direct" if len(inner.split()) > 6 else "partial",
                paragraph=paragraph_at(article.paragraphs, m.start(1)),
            )
        )
    return Briefing(engine="rules", article=article, quotes=quotes)
