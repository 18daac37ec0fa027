#!/usr/bin/env python3
"""`briefing story` beyond its articles: merging actors, finding shared quotes, rendering.

    python benchmarks/story.py [GOLD.jsonl] [--articles 10]

The articles (the first N dev texts) are briefed first, untimed: that is each article's own
processing. What is timed is what the story adds on top: building the Story (actors merged,
shared quotes, sourcing, single-outlet statements) and writing it as Markdown and JSON. Target
(issue 17): under 2 s for 10 articles with the rules engine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Check, at_most, failed, info, load_corpus  # noqa: E402

BENCH = "story"
TARGET_SECONDS = 2.0


def run(
    gold: str | None = None, quick: bool = False, articles: int = 10
) -> tuple[list[Check], dict[str, Any]]:
    from briefing.pipeline import generate
    from briefing.render.formats import render_story
    from briefing.story import build_story
    from briefing.text.article import article_from_text

    corpus = load_corpus(gold)
    n = 3 if quick else articles
    if len(corpus.texts) < 2:
        return [failed(BENCH, "story", "fewer than two article texts")], {}
    texts = corpus.texts[:n]
    started = time.perf_counter()
    briefings = [generate(article_from_text(t), "rules") for t in texts]
    own = time.perf_counter() - started
    started = time.perf_counter()
    story = build_story(briefings, [f"a{i:02d}" for i in range(len(texts))])
    render_story(story, "md")
    render_story(story, "json")
    added = time.perf_counter() - started
    label = f"story beyond the articles, {len(texts)} articles"
    checks = [
        at_most(BENCH, label, round(added, 3), TARGET_SECONDS, "s")
        if not quick else info(BENCH, label, round(added, 3), "s"),
        info(BENCH, "the articles' own processing", round(own, 3), "s",
             note=f"{sum(len(b.quotes) for b in briefings)} quotes, {len(story.shared_quotes)} shared"),
    ]
    return checks, {"articles": len(texts), "story_s": added, "articles_s": own}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?")
    parser.add_argument("--articles", type=int, default=10)
    args = parser.parse_args()
    checks, _ = run(args.gold, articles=args.articles)
    for c in checks:
        target = f"  (target {c.target}: {c.status})" if c.target else ""
        print(f"{c.metric}: {c.value} {c.unit}{target}  {c.note}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
