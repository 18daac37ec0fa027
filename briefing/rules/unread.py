"""An article in a language the rules do not read: its quotations, and nothing put in anyone's mouth.

The rules are English (cue verbs, titles, pronouns, loaded terms). Applied to German or French they
make speakers of "Zugang" or "Nacht von Mittwoch". So for an article detected as another language
the engine lists every quotation passage (« », „ “ and the rest are paired like any marks) with its
exact span, as speaker unclear, and reads no speaker, actor, source or loaded term. A warning names
the language; ``--language en`` overrides the detection.
"""

from __future__ import annotations

from briefing.rules.quotations import find_quote_spans
from briefing.schema import Article, Briefing, Diagnostic, Quote, Span
from briefing.text.quotes import APOSTROPHE_MARK
from briefing.text.segment import paragraphs as split_paragraphs


def quotations_only(article: Article) -> Briefing:
    """The briefing of an article in a language other than English (``article.language``)."""
    text = article.text
    paras = article.paragraphs or split_paragraphs(text)
    quotes: list[Quote] = []
    for span in find_quote_spans(text, paras):
        if span.nested_in is not None or span.title or span.start >= span.end:
            continue  # a quote inside another stays in it; a quoted title is nobody's words
        if span.mark == APOSTROPHE_MARK and not article.apostrophe_quotes:
            continue
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1  # « Nous irons … »: the spaces inside French marks are typography
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        quotes.append(
            Quote(
                id=f"Q{len(quotes) + 1}",
                text=text[start:end],
                start=start,
                end=end,
                type=span.kind,
                paragraph=span.paragraph,
                parts=[Span.of(text, start, end)] if span.kind == "partial" else [],
                via="unattributed",
                confidence=0.0,
                needs_review=True,
            )
        )
    name = article.language_name or article.language
    message = (
        f"the article is in {name} ({article.language}); briefing reads English only: its "
        f"{len(quotes)} quotation(s) are listed with their spans, without speakers, sources or loaded "
        "terms (pass --language en if the article is in English)"
    )
    return Briefing(
        engine="rules",
        article=article if article.paragraphs else article.model_copy(update={"paragraphs": paras}),
        quotes=quotes,
        diagnostics=[Diagnostic(level="warning", message=message)],
    )
