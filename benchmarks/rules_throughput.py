#!/usr/bin/env python3
"""Throughput of the rules engine: articles per second on one core, and peak memory.

Runs the full rules pipeline in this process (segmentation, quote spans, attribution, sourcing,
the pydantic Briefing) over the texts of a gold JSONL file plus the example article, a few
rounds, and prints articles/second and peak memory. Not a test: numbers depend on the machine.

    python benchmarks/rules_throughput.py [GOLD.jsonl] [--rounds N] [--profile]

The target (issue 3) is >= 200 articles/s on one core.
"""

from __future__ import annotations

import argparse
import json
import os
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

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
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
    print(f"throughput:      {n / wall:.1f} articles/s (wall), {n / cpu:.1f} articles/s (cpu), one core")
    print(f"peak memory:     {peak_mb:.1f} MB (max RSS of the process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
