#!/usr/bin/env python3
"""Scaling of `briefing batch --engine rules --jobs N` over this machine's cores.

Writes the gold dev texts (and the example article), repeated to make a few hundred articles, into a
folder, then times the installed CLI, as a user runs it, with ``--jobs 1`` and with ``--jobs`` equal
to the number of cores (the best of a few runs each), and checks that both wrote the same bytes.
The whole command is timed: start-up, reading, the engine, rendering, writing and syncing.

    python benchmarks/batch_jobs.py [--gold GOLD.jsonl] [--copies N] [--quick]

The target (issue 18) is a speed-up of at least 1.7x at 2 jobs on 2 cores.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Check, at_least, failed, info, load_corpus  # noqa: E402

BENCH = "batch --jobs"
TARGET_SPEEDUP = 1.7


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _timed_batch(inputs: Path, output: Path, jobs: int) -> float:
    cmd = [sys.executable, "-m", "briefing", "batch", str(inputs), "-o", str(output), "-f", "json",
           "--engine", "rules", "--jobs", str(jobs)]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def _same_outputs(one: Path, other: Path) -> bool:
    names = sorted(p.name for p in one.iterdir()
                   if p.suffix in (".json", ".csv") and p.name != "batch-report.json")
    match, mismatch, errors = filecmp.cmpfiles(one, other, names, shallow=False)
    return not mismatch and not errors and len(match) == len(names)


def run(gold: str | None = None, quick: bool = False, copies: int | None = None,
        rounds: int | None = None) -> tuple[list[Check], dict[str, Any]]:
    corpus = load_corpus(gold)
    copies = copies or (1 if quick else 12)
    rounds = rounds or (1 if quick else 3)
    cores = _cores()
    jobs = max(2, cores)
    with tempfile.TemporaryDirectory(prefix="briefing-jobs-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for copy in range(copies):
            for n, text in enumerate(corpus.texts):
                (inputs / f"a{copy:02d}-{n:04d}.txt").write_text(text, encoding="utf-8")
        count = copies * len(corpus.texts)
        times: dict[int, list[float]] = {1: [], jobs: []}
        for round_ in range(rounds):
            for n in (1, jobs):  # alternated, so a change in the machine's load hits both
                times[n].append(_timed_batch(inputs, Path(tmp) / f"out{n}-{round_}", n))
        same = _same_outputs(Path(tmp) / "out1-0", Path(tmp) / f"out{jobs}-0")
    best_one, best_many = min(times[1]), min(times[jobs])
    speedup = best_one / best_many
    detail = {"articles": count, "cores": cores, "jobs": jobs, "seconds": times, "speedup": round(speedup, 3),
              "identical": same, "source": corpus.source}
    checks = [
        info(BENCH, f"{count} articles, --jobs 1", round(best_one, 2), "s", f"best of {rounds}"),
        info(BENCH, f"{count} articles, --jobs {jobs}", round(best_many, 2), "s", f"best of {rounds}"),
    ]
    if not same:
        why = f"--jobs {jobs} wrote different bytes from --jobs 1"
        checks.append(failed(BENCH, "identical outputs", why))
    else:
        checks.append(info(BENCH, "outputs identical to --jobs 1", "yes"))
    note = f"{cores} core(s) here" + ("; the target is for 2 cores" if cores < 2 else "")
    checks.append(at_least(BENCH, f"speed-up at {jobs} jobs", round(speedup, 2), TARGET_SPEEDUP, "x", note))
    return checks, detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold")
    parser.add_argument("--copies", type=int, help="times the corpus is repeated (default 12)")
    parser.add_argument("--rounds", type=int, help="timed runs per setting (default 3)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    checks, _ = run(args.gold, args.quick, args.copies, args.rounds)
    for check in checks:
        print(f"{check.metric}: {check.value} {check.unit} {check.target or ''} {check.status} {check.note}")
    return 0 if all(c.status != "ERROR" for c in checks) else 2


if __name__ == "__main__":
    raise SystemExit(main())
