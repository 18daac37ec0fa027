"""Rules engine throughput: articles per second on one core, and peak memory.

The measurement runs in a fresh child process pinned to one core (``os.sched_setaffinity``), so
its peak RSS is the engine's and not the harness's, and nothing else of ours competes for the core.
The child loads the texts, warms up (imports, regex compilation), then runs the library pipeline
(``article_from_text`` → ``generate(..., "rules")`` → JSON) over every text for a few rounds.

    python -m benchmarks.throughput [--gold PATH] [--rounds N]     # the child, prints JSON
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from benchmarks.common import ROOT, Check, at_least, failed, info, load_corpus

BENCH = "rules throughput"
TARGET_PER_SECOND = 200.0


def _pin_one_core() -> int | None:
    if not hasattr(os, "sched_setaffinity"):
        return None
    # The last allowed core: on a shared machine the first one tends to carry interrupts.
    core = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def measure(gold: str | None, rounds: int, limit: int | None = None) -> dict[str, Any]:
    """Run in the child process: time the rules pipeline over the corpus."""
    core = _pin_one_core()
    sys.path.insert(0, str(ROOT))
    from briefing.article import article_from_text
    from briefing.pipeline import generate

    corpus = load_corpus(gold, limit)
    texts = corpus.texts
    generate(article_from_text(texts[-1]), "rules").model_dump_json()  # warm-up
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    quotes = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for text in texts:
            quotes += len(generate(article_from_text(text), "rules").quotes)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    # The same articles again, with the JSON output a user gets (`-f json`), for an end-to-end rate.
    started_json = time.perf_counter()
    for text in texts:
        generate(article_from_text(text), "rules").model_dump_json()
    wall_json = time.perf_counter() - started_json

    n = len(texts) * rounds
    return {
        "core": core,
        "texts": len(texts),
        "rounds": rounds,
        "articles": n,
        "chars_per_article": sum(map(len, texts)) / len(texts),
        "quotes": quotes,
        "wall_s": wall,
        "cpu_s": cpu,
        "per_second_wall": n / wall,
        "per_second_cpu": n / cpu if cpu else None,
        "per_second_with_json": len(texts) / wall_json,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "rss_after_warmup_mb": rss_before / 1024,
        "source": corpus.source,
        "notes": corpus.notes,
    }


def run(gold: str | None = None, quick: bool = False) -> tuple[list[Check], dict[str, Any]]:
    """Parent side: start the child, turn its JSON into checks."""
    rounds = 1 if quick else 3
    cmd = [sys.executable, "-m", "benchmarks.throughput", "--rounds", str(rounds)]
    if gold:
        cmd += ["--gold", str(gold)]
    if quick:
        cmd += ["--limit", "10"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        return [failed(BENCH, "articles/s", f"child failed: {proc.stderr.strip()[-500:]}")], {}
    data = json.loads(proc.stdout)
    note = (f"{data['articles']} articles ({data['texts']} texts x {data['rounds']} rounds), "
            f"pinned to core {data['core']}")
    checks = [
        at_least(BENCH, "articles/s (wall, 1 core)", round(data["per_second_wall"], 1), TARGET_PER_SECOND,
                 "/s", note),
        info(BENCH, "articles/s (cpu time)", round(data["per_second_cpu"] or 0, 1), "/s"),
        info(BENCH, "articles/s incl. JSON output", round(data["per_second_with_json"], 1), "/s"),
        info(BENCH, "peak memory (max RSS)", round(data["peak_rss_mb"], 1), "MB",
             f"{data['rss_after_warmup_mb']:.1f} MB after imports and warm-up"),
        info(BENCH, "mean article length", round(data["chars_per_article"]), "chars", data["source"]),
    ]
    for message in data["notes"]:
        checks.append(info(BENCH, "note", "", note=message))
    return checks, data


def main() -> int:
    parser = argparse.ArgumentParser(description="Child process of the rules throughput benchmark.")
    parser.add_argument("--gold", help="gold JSONL whose texts to run (default: the shared dev set)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, help="use only the first N texts")
    args = parser.parse_args()
    print(json.dumps(measure(args.gold, args.rounds, args.limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
