#!/usr/bin/env python3
"""HTML for large articles: how long placing the highlights and writing the page takes.

    python benchmarks/html_size.py [GOLD.jsonl] [--sizes 0.5,1,2]

Each article is the dev texts joined (the gold file's, else the project's own) and cut to the size
in MB, so it has the quote and statement density of real news. For each size it prints the rules
engine's time, the HTML render's time (placing every highlight and filling the templates), the JSON
render's time for comparison, and the whole (engine + HTML). The target is on the HTML render of a
2 MB article: under 5 s (it grew quadratically until issue 15: 62 s at 2 MB).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` and `briefing` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Check, at_most, failed, info, load_corpus  # noqa: E402

BENCH = "html size"
TARGET_SECONDS = 5.0
TARGET_MB = 2.0


def article_of(texts: list[str], megabytes: float) -> str:
    joined = "\n\n".join(texts)
    size = int(megabytes * 1_000_000)
    whole = "Long article\n\n" + "\n\n".join([joined] * (size // max(1, len(joined)) + 1))
    cut = whole.rfind("\n\n", 0, size)  # end at a paragraph break
    return whole[: cut if cut > size // 2 else size]


def measure(text: str) -> dict[str, float]:
    from briefing.pipeline import generate
    from briefing.render.formats import render
    from briefing.text.article import article_from_text

    started = time.perf_counter()
    briefing = generate(article_from_text(text), "rules")
    engine = time.perf_counter()
    render(briefing, "html")
    html = time.perf_counter()
    render(briefing, "json")
    done = time.perf_counter()
    return {
        "engine_s": engine - started,
        "html_s": html - engine,
        "json_s": done - html,
        "quotes": len(briefing.quotes),
        "statements": len(briefing.sources),
    }


def run(
    gold: str | None = None, quick: bool = False, sizes: list[float] | None = None
) -> tuple[list[Check], dict[str, Any]]:
    corpus = load_corpus(gold)
    if not corpus.texts:
        return [failed(BENCH, "html render", "no article texts to build a large article from")], {}
    sizes = sizes or ([0.1] if quick else [0.5, 1.0, TARGET_MB])
    checks: list[Check] = []
    raw: dict[str, Any] = {"source": corpus.source, "sizes": {}}
    for mb in sizes:
        text = article_of(corpus.texts, mb)
        m = measure(text)
        raw["sizes"][f"{mb:g}"] = {**m, "bytes": len(text.encode("utf-8"))}
        label = f"{mb:g} MB ({m['quotes']:.0f} quotes, {m['statements']:.0f} statements)"
        if mb == TARGET_MB:
            checks.append(at_most(BENCH, f"html render, {label}", round(m["html_s"], 2), TARGET_SECONDS, "s"))
        else:
            checks.append(info(BENCH, f"html render, {label}", round(m["html_s"], 2), "s"))
        checks.append(info(BENCH, f"engine + html, {mb:g} MB", round(m["engine_s"] + m["html_s"], 2), "s",
                           note=f"engine {m['engine_s']:.2f} s; json render {m['json_s']:.2f} s"))
    return checks, raw


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", help="gold JSONL to join (default: shared dev gold)")
    parser.add_argument("--sizes", default="0.5,1,2", help="article sizes in MB, comma-separated")
    args = parser.parse_args()
    checks, _ = run(args.gold, sizes=[float(s) for s in args.sizes.split(",") if s])
    for c in checks:
        target = f"  target {c.target}: {c.status}" if c.target else ""
        print(f"{c.metric}: {c.value} {c.unit}{target}  {c.note}".rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
