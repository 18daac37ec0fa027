"""Build a :class:`~briefing.schema.Story` from the briefings of its articles."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.glance import glance_of
from briefing.schema import Briefing, Diagnostic, OutletSourcing, Story, StoryArticle
from briefing.story.actors import merge_actors
from briefing.story.quotes import shared_quotes, single_outlet


def article_ids(sources: list[str]) -> list[str]:
    """Short, distinct ids for the articles: their file names without suffix (a URL's last part)."""
    ids: list[str] = []
    for source in sources:
        stem = Path(source.rstrip("/")).stem or "article"
        base, n = stem, 2
        while stem in ids:
            stem, n = f"{base}-{n}", n + 1
        ids.append(stem)
    return ids


def build_story(briefings: list[Briefing], ids: list[str] | None = None) -> Story:
    """The story of ``briefings`` (one per article, in the order given)."""
    ids = ids or article_ids([b.article.source or f"article-{i}" for i, b in enumerate(briefings, 1)])
    articles = [
        StoryArticle(id=i, outlet=b.article.outlet, briefing=b if b.glance else _with_glance(b))
        for i, b in zip(ids, briefings, strict=True)
    ]
    mentions: dict[tuple[str, str], int] = {}
    heard: dict[tuple[str, str], tuple[int, int]] = {}
    quote_ids: dict[tuple[str, str], list[str]] = {}
    for a in articles:
        text = a.briefing.article.text
        for actor in a.briefing.actors:
            mentions[(a.id, actor.id)] = _count_names(text, [actor.name, *actor.aliases])
        for v in a.briefing.glance.voices if a.briefing.glance else ():
            if v.actor_id:
                heard[(a.id, v.actor_id)] = (v.quotes, v.quoted_words)
                quote_ids[(a.id, v.actor_id)] = list(v.quote_ids)
    actors, member_of = merge_actors(articles, mentions, heard)
    for sa in actors:
        for x in sa.articles:
            x.quote_ids = quote_ids.get((x.article_id, x.actor_id), [])
    names = {sa.id: sa.name for sa in actors}
    diagnostics = [
        Diagnostic(level="info", message=f"{sa.name}: a surname two people of the story share; not merged",
                   item=sa.id)
        for sa in actors if sa.unresolved
    ]
    return Story(
        engine=articles[0].briefing.engine if articles else "rules",
        articles=articles,
        actors=actors,
        shared_quotes=shared_quotes(articles, member_of, names),
        sourcing=[_sourcing(a) for a in articles],
        single_outlet=single_outlet(articles),
        diagnostics=diagnostics,
    )


def _with_glance(b: Briefing) -> Briefing:
    return b.model_copy(update={"glance": glance_of(b)})


def _sourcing(article: StoryArticle) -> OutletSourcing:
    counts = article.briefing.source_counts()
    total = sum(counts.values())
    return OutletSourcing(
        article_id=article.id,
        statements=total,
        counts=counts,
        shares={k: round(n / total, 4) if total else 0.0 for k, n in counts.items()},
        loaded_terms=[n.term for n in article.briefing.language_notes],
    )


def _count_names(text: str, names: list[str]) -> int:
    """How often any of ``names`` occurs in ``text`` as whole words, longest first, each place once."""
    forms = sorted({n for n in names if n}, key=len, reverse=True)
    if not forms:
        return 0
    pattern = re.compile(r"(?<![\w’'])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w’'-])")
    return sum(1 for _ in pattern.finditer(text))

