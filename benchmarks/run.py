"""Run the benchmark suite: print a table and write JSON.

    python -m benchmarks                    # everything (a minute or two)
    python -m benchmarks --quick            # small sizes, a few seconds: checks the harness, not the targets
    python -m benchmarks --only rules,coldstart --json out.json

Each target is checked as a ratio measured in this run (measured / target) and marked PASS or
FAIL; figures without a target are INFO. The exit status is 0 even when a target fails (these are
measurements, not tests), and 2 when a benchmark could not run at all (ERROR), or with --strict
when any target fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Check, compile_bytecode, failed, machine

DEFAULT_JSON = ROOT / "benchmarks" / "results" / "latest.json"


def _rules(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import rules_throughput

    return rules_throughput.run(args.gold, args.quick)


def _jobs(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import batch_jobs

    return batch_jobs.run(args.gold, args.quick)


def _coldstart(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import coldstart

    return coldstart.run(args.quick, args.runs)


def _html(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import html_size

    return html_size.run(args.gold, args.quick)


def _story(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import story

    return story.run(args.gold, args.quick)


def _extraction(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import extraction

    return extraction.run(quick=args.quick)


def _adversarial(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import adversarial

    return adversarial.run(quick=args.quick)


def _cost(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import llm_cost

    return llm_cost.run(args.cassettes) if args.cassettes else llm_cost.run()


def _prompt(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import llm_cost

    return llm_cost.run_current(args.gold, args.quick)


def _cache(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import llm_loopback

    return llm_loopback.cache(args.quick)


def _concurrency(args: argparse.Namespace) -> tuple[list[Check], dict[str, Any]]:
    from benchmarks import llm_loopback

    return llm_loopback.concurrency(args.quick, args.gold)


BENCHMARKS: dict[str, Callable[[argparse.Namespace], tuple[list[Check], dict[str, Any]]]] = {
    "rules": _rules,
    "jobs": _jobs,
    "coldstart": _coldstart,
    "html": _html,
    "adversarial": _adversarial,
    "extraction": _extraction,
    "story": _story,
    "cost": _cost,
    "prompt": _prompt,
    "cache": _cache,
    "concurrency": _concurrency,
}


def format_value(check: Check) -> str:
    value = check.value
    if value is None:
        return "-"
    if isinstance(value, float):
        text = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {check.unit}".strip()


def table(checks: list[Check]) -> str:
    """A plain-text table: benchmark, metric, value, target, ratio, status, note."""
    header = ("benchmark", "metric", "value", "target", "ratio", "status")
    rows = [
        (
            c.bench,
            c.metric,
            format_value(c),
            f"{c.target} {c.unit}".strip() if c.target else "",
            f"{c.ratio:.2f}" if c.ratio is not None else "",
            c.status,
        )
        for c in checks
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    widths[1] = min(widths[1], 58)
    widths[2] = min(widths[2], 40)
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for check, row in zip(checks, rows, strict=True):
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        if check.note:
            lines.append(" " * (widths[0] + 2) + "  " + check.note)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that the harness runs")
    parser.add_argument("--gold", help="gold JSONL for the rules throughput (default: ../shared/gold/...)")
    parser.add_argument("--cassettes", type=Path, help="folder of recorded cassettes (default: cassettes/)")
    parser.add_argument("--runs", type=int, help="whole-process runs per cold-start command (default 11)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the results as JSON "
                        "(default: benchmarks/results/latest.json)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target fails")
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.only.split(",")] if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")

    before = machine()
    before["bytecode_compiled"] = compile_bytecode()
    print(f"briefing benchmarks: commit {before['commit']}, Python {before['python']}, "
          f"{before['cpus']} cpus, load {before['loadavg']}{' (quick)' if args.quick else ''}", flush=True)
    checks: list[Check] = []
    details: dict[str, Any] = {}
    for name in names:
        started = time.perf_counter()
        print(f"  running {name} ...", file=sys.stderr, flush=True)
        try:
            found, detail = BENCHMARKS[name](args)
        except Exception as exc:  # a broken benchmark is reported, the others still run
            found, detail = [failed(name, "error", f"{type(exc).__name__}: {exc}")], {}
        detail["seconds"] = round(time.perf_counter() - started, 2)
        checks.extend(found)
        details[name] = detail

    after = machine()
    print()
    print(table(checks))
    targets = [c for c in checks if c.status in ("PASS", "FAIL")]
    passed = sum(c.status == "PASS" for c in targets)
    errors = sum(c.status == "ERROR" for c in checks)
    print(f"\n{passed} of {len(targets)} targets met; {errors} errors. "
          f"Load average before {before['loadavg']}, after {after['loadavg']} on {after['cpus']} cpus.")

    result = {
        "machine": {**before, "loadavg_after": after["loadavg"]},
        "quick": args.quick,
        "checks": [c.to_dict() for c in checks],
        "details": details,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    if errors:
        return 2
    if args.strict and passed < len(targets):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
