#!/usr/bin/env python3
"""Throughput of the rules engine: articles per second on one core, and peak memory.

Runs the full rules pipeline in this process (segmentation, quote spans, attribution, sourcing,
the pydantic Briefing) over the texts of a gold JSONL file plus the example article, a few
rounds, and prints articles/second and peak memory. Not a test: numbers depend on the machine.

    python benchmarks/rules_throughput.py [GOLD.jsonl] [--rounds N] [--profile] [--json]

The process pins itself to one core (``os.sched_setaffinity``), single-threaded. On a shared
machine the wall clock also counts time the process waited for that core, so articles per second
of CPU time is printed beside it; on a quiet machine the two agree. Without a gold file (argument,
``$BRIEFING_GOLD``, or ``../shared/gold/polnear-dev.jsonl`` beside the checkout) it says so and
uses the project's own texts (examples/, tests/fixtures/). ``python -m benchmarks`` runs this as
a child process (``--json``), so the peak RSS is the engine's, not the harness's.

The target (issue 3) is >= 200 articles/s on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` and `briefing` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Check, at_least, failed, info, load_corpus  # noqa: E402

BENCH = "rules throughput"
TARGET_PER_SECOND = 200.0


def _idle_ticks() -> dict[int, int]:
    """Idle + iowait ticks per core, from /proc/stat (empty where there is none)."""
    ticks: dict[int, int] = {}
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            for line in handle:
                name, *fields = line.split()
                if name.startswith("cpu") and name[3:].isdigit():
                    ticks[int(name[3:])] = int(fields[3]) + int(fields[4])
    except (OSError, ValueError, IndexError):
        return {}
    return ticks


def idlest_core() -> int | None:
    """The allowed core that was idlest over the next 0.3 s (the machine is shared)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    before = _idle_ticks()
    time.sleep(0.3)
    after = _idle_ticks()
    return max(allowed, key=lambda c: (after.get(c, 0) - before.get(c, 0), c))


def pin_one_core() -> int | None:
    """Pin this process to one core, the idlest one."""
    core = idlest_core()
    if core is not None:
        os.sched_setaffinity(0, {core})
    return core


def measure(texts: list[str], rounds: int, profile: bool = False) -> dict[str, Any]:
    """Time ``generate(article_from_text(text), "rules")`` over ``texts``, ``rounds`` times."""
    from briefing.pipeline import generate
    from briefing.text.article import article_from_text

    generate(article_from_text(texts[-1]), "rules").model_dump_json()  # warm-up: imports, regexes
    rss_warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def run() -> int:
        quotes = 0
        for _ in range(rounds):
            for text in texts:
                quotes += len(generate(article_from_text(text), "rules").quotes)
        return quotes

    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)

    started, cpu_started = time.perf_counter(), time.process_time()
    quotes = run()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    # Once more with the JSON a user gets (`-f json`), for an end-to-end in-process rate.
    started = time.perf_counter()
    for text in texts:
        generate(article_from_text(text), "rules").model_dump_json()
    wall_json = time.perf_counter() - started

    n = len(texts) * rounds
    return {
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
        "rss_after_warmup_mb": rss_warm / 1024,
    }


def run(gold: str | None = None, quick: bool = False) -> tuple[list[Check], dict[str, Any]]:
    """For ``python -m benchmarks``: run this file as a pinned child process, turn its JSON into rows."""
    cmd = [sys.executable, "-m", "benchmarks.rules_throughput", "--json", "--rounds", "1" if quick else "3"]
    if gold:
        cmd.append(str(gold))
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
    checks += [info(BENCH, "note", "", note=message) for message in data["notes"]]
    batch = batch_whole_process(gold, 10 if quick else None)
    if batch:
        data["batch"] = batch
        checks.append(info(BENCH, "`briefing batch --engine rules -f json`, 1 core",
                           round(batch["per_second"], 1), "/s",
                           f"{batch['articles']} files in {batch['seconds']:.2f} s, whole process "
                           "(start-up, reading, JSON writing included)"))
    return checks, data


def batch_whole_process(gold: str | None, limit: int | None) -> dict[str, Any] | None:
    """The same texts as files through the installed CLI's batch command, pinned to one core: a
    whole-process cross-check of the in-process figure."""
    import tempfile

    from benchmarks.common import briefing_command, clean_env

    corpus = load_corpus(gold, limit)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, text in enumerate(corpus.texts):
            (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
        cmd = [*briefing_command(), "batch", str(folder), "-o", str(Path(tmp) / "out"), "-f", "json",
               "--engine", "rules"]
        core = idlest_core()
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=300,
                              preexec_fn=None if core is None else lambda: os.sched_setaffinity(0, {core}))
        seconds = time.perf_counter() - started
        written = len(list((Path(tmp) / "out").glob("a*.json")))
    if proc.returncode != 0 or written != len(corpus.texts):
        return None
    return {"articles": written, "seconds": seconds, "per_second": written / seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", help="gold JSONL with article texts (default: the shared dev set)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over all texts (default 3)")
    parser.add_argument("--limit", type=int, help="only the first N texts")
    parser.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    core = pin_one_core()
    corpus = load_corpus(args.gold, args.limit)
    for note in corpus.notes:
        print(f"note: {note}", file=sys.stderr)
    data = measure(corpus.texts, args.rounds, args.profile)
    data.update(core=core, source=corpus.source, notes=corpus.notes)
    if args.json:
        print(json.dumps(data))
        return 0
    n = data["articles"]
    print(f"articles:        {n} ({data['texts']} texts x {args.rounds} rounds, "
          f"{data['chars_per_article']:.0f} chars on average)")
    print(f"texts:           {corpus.source}")
    print(f"quotes found:    {data['quotes']}")
    print(f"wall time:       {data['wall_s']:.3f} s   cpu time: {data['cpu_s']:.3f} s")
    print(f"throughput:      {data['per_second_wall']:.1f} articles/s (wall), "
          f"{data['per_second_cpu']:.1f} articles/s (cpu), one core ({core})")
    print(f"with JSON:       {data['per_second_with_json']:.1f} articles/s (generate + model_dump_json)")
    print(f"peak memory:     {data['peak_rss_mb']:.1f} MB (max RSS of the process)")
    print_stages(corpus.texts)
    return 0


def print_stages(texts: list[str]) -> None:
    """CPU milliseconds per article of the stages before attribution, to see where time goes."""
    from briefing.rules.quotations import find_quote_spans
    from briefing.rules.quote_items import quote_items
    from briefing.text.segment import paragraphs, sentences

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
