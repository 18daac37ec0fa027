"""Cold start: the installed CLI as a whole process, the way a user or a shell script starts it.

Each command is run once to warm the OS page cache and write bytecode, then N times; the median
wall time is compared with the target. One more run under ``python -X importtime`` lists the
modules the command imports: openai, instructor and trafilatura must not be among them on these
paths (they are imported lazily by the llm engine and the HTML reader), and the row says so loudly.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks.common import EXAMPLE, ROOT, Check, at_most, briefing_command, clean_env, failed, info, median

BENCH = "cold start"
TARGET_SECONDS = 0.5
FORBIDDEN = ("openai", "instructor", "trafilatura")
WATCHED = ("rapidfuzz", "httpx", "lxml", "tenacity", "diskcache", "jinja2", "pydantic", "click")


@dataclass
class Imports:
    modules: set[str]
    top: list[tuple[str, float]]  # top-level packages by their modules' self time (ms)
    total_ms: float
    modules_ms: list[tuple[str, float]] = field(default_factory=list)  # single modules, by self time


def parse_importtime(stderr: str) -> Imports:
    """Parse ``-X importtime`` output: every module imported, and the cost of each top-level import."""
    modules: set[str] = set()
    per_module: list[tuple[str, float]] = []
    per_package: dict[str, float] = {}
    total_us = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        try:
            self_us, _cumulative, name = line.split(":", 1)[1].split("|")
        except ValueError:
            continue
        module = name.strip()
        modules.add(module)
        per_module.append((module, int(self_us) / 1000))
        package = module.split(".")[0]
        per_package[package] = per_package.get(package, 0) + int(self_us)
        total_us += int(self_us)
    top = sorted(((p, us / 1000) for p, us in per_package.items()), key=lambda item: -item[1])
    per_module.sort(key=lambda item: -item[1])
    return Imports(modules, top, total_us / 1000, per_module[:15])


def _commands() -> dict[str, list[str]]:
    base = briefing_command()
    return {
        "briefing --help": [*base, "--help"],
        "briefing generate EXAMPLE -f json --engine rules": [
            *base, "generate", str(EXAMPLE), "-f", "json", "--engine", "rules",
        ],
    }


def _time_once(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    return time.perf_counter() - started, proc


def _check_output(label: str, proc: subprocess.CompletedProcess[str]) -> str | None:
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    if "generate" in label:
        try:
            if not json.loads(proc.stdout).get("quotes"):
                return "the JSON output has no quotes"
        except ValueError:
            return "the output is not JSON"
    return None


def run(quick: bool = False, runs: int | None = None) -> tuple[list[Check], dict[str, Any]]:
    runs = runs or (2 if quick else 11)
    env = clean_env(PYTHONUNBUFFERED="1")
    checks: list[Check] = []
    details: dict[str, Any] = {"runs": runs, "command": briefing_command()}
    for label, cmd in _commands().items():
        _, proc = _time_once(cmd, env)  # warm-up
        problem = _check_output(label, proc)
        if problem:
            checks.append(failed(BENCH, label, problem))
            continue
        times = [_time_once(cmd, env)[0] for _ in range(runs)]
        mid = median(times)
        checks.append(
            at_most(BENCH, f"{label} (median of {runs})", round(mid, 3), TARGET_SECONDS, "s",
                    f"min {min(times):.3f} s, max {max(times):.3f} s", strict=True)
        )
        details[label] = {"times_s": times, "median_s": mid}

        # Which modules this path imports, and what they cost.
        traced = [sys.executable, "-X", "importtime", *cmd] if cmd[0] != sys.executable else [
            sys.executable, "-X", "importtime", *cmd[1:]
        ]
        proc = subprocess.run(traced, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        imports = parse_importtime(proc.stderr)
        bad = sorted(p for p in FORBIDDEN if any(m == p or m.startswith(p + ".") for m in imports.modules))
        watched = sorted(p for p in WATCHED if p in imports.modules)
        heavy = ", ".join(f"{p} {ms:.0f}" for p, ms in imports.top[:6])
        details[label].update(
            {"import_ms": imports.total_ms, "top_imports_ms": imports.top[:15], "forbidden": bad,
             "watched": watched, "slowest_modules_ms": imports.modules_ms}
        )
        if bad:
            checks.append(Check(BENCH, f"{label}: lazy imports", ", ".join(bad), status="FAIL",
                                note=f"!!! {', '.join(bad)} IMPORTED on this path; keep them lazy"))
        else:
            checks.append(Check(BENCH, f"{label}: lazy imports", "none of " + "/".join(FORBIDDEN),
                                status="PASS", note=f"imports {imports.total_ms:.0f} ms; top (ms): {heavy}"))
        if watched:
            checks.append(info(BENCH, f"{label}: libraries imported", ", ".join(watched)))
        slowest = ", ".join(f"{m} {ms:.0f}" for m, ms in imports.modules_ms[:4])
        checks.append(info(BENCH, f"{label}: slowest modules", round(imports.total_ms), "ms",
                           f"self time (ms): {slowest}"))
    return checks, details
