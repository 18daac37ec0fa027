#!/usr/bin/env python3
"""Throughput of the rules engine: articles per second on one core, and peak memory.

Runs the full rules pipeline in this process, single-threaded, so on one core (segmentation, quote
spans, attribution, sourcing, the pydantic Briefing) over the texts of a gold JSONL file plus the
example article, a few rounds, and prints articles/second and peak memory. Articles per second of
CPU time is the figure to compare: on a shared machine the wall clock also counts time the process
waited for a core. Not a test: numbers depend on the machine.

    python benchmarks/rules_throughput.py [GOLD.jsonl] [--rounds N] [--profile]

The target (issue 3) is >= 200 articles/s on one core.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = Path("/work/shared/gold/polnear-dev.jsonl")
EXAMPLE = ROOT / "examples" / "abrams-maduro.txt"


def load_texts(gold: Path | None) -> list[str]:
    texts = []
    if gold is not None and gold.exists():
        with gold.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
    texts.append(EXAMPLE.read_text(encoding="utf-8"))
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "gold", nargs="?", type=Path, default=DEFAULT_GOLD, help="gold JSONL with article texts"
    )
    parser.add_argument("--rounds", type=int, default=3, help="passes over all texts (default 3)")
    parser.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from briefing.article import article_from_text
    from briefing.pipeline import generate

    texts = load_texts(args.gold)
    generate(article_from_text(texts[-1]), "rules")  # warm-up: imports, regex compilation

    def run() -> int:
        quotes = 0
        for _ in range(args.rounds):
            for text in texts:
                quotes += len(generate(article_from_text(text), "rules").quotes)
        return quotes

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    started = time.perf_counter()
    cpu_started = time.process_time()
    quotes = run()
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    n = len(texts) * args.rounds
    chars = sum(len(t) for t in texts) * args.rounds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(
        f"articles:        {n} ({len(texts)} texts x {args.rounds} rounds, {chars / n:.0f} chars on average)"
    )
    print(f"quotes found:    {quotes}")
    print(f"wall time:       {wall:.3f} s   cpu time: {cpu:.3f} s")
    print(f"throughput:      {n / cpu:.1f} articles/s of CPU time, {n / wall:.1f} articles/s wall clock")
    print(f"peak memory:     {peak_mb:.1f} MB (max RSS of the process)")
    print_stages(texts)
    return 0


def print_stages(texts: list[str]) -> None:
    """CPU milliseconds per article of the stages before attribution, to see where time goes."""
    from briefing.quotes import find_quote_spans, quote_items
    from briefing.segment import paragraphs, sentences

    timings = {"segment": 0.0, "quote spans": 0.0, "quote items": 0.0}
    for text in texts:
        t0 = time.process_time()
        paras = paragraphs(text)
        sents = sentences(text, paras)
        t1 = time.process_time()
        spans = find_quote_spans(text, paras)
        t2 = time.process_time()
        quote_items(text, spans, sents)
        t3 = time.process_time()
        timings["segment"] += t1 - t0
        timings["quote spans"] += t2 - t1
        timings["quote items"] += t3 - t2
    parts = ", ".join(f"{name} {1000 * sec / len(texts):.2f}" for name, sec in timings.items())
    print(f"stages (cpu ms/article): {parts}; the rest is attribution, sourcing and the schema")


if __name__ == "__main__":
    raise SystemExit(main())
