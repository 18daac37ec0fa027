"""Shared pieces of the benchmark suite: checks against targets, article texts, the machine's state.

Every benchmark returns a list of :class:`Check` rows. A row with a target carries the ratio
measured/target from the same run and PASS or FAIL; a row without one is information (INFO).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "abrams-maduro.txt"
GOLD_NAME = "polnear-dev.jsonl"
# Where the shared gold dev set lives beside a checkout (main, CI) or on this workplace.
GOLD_CANDIDATES = (
    ROOT.parent / "shared" / "gold" / GOLD_NAME,
    Path("/work/shared/gold") / GOLD_NAME,
)

Status = Literal["PASS", "FAIL", "INFO", "SKIP", "ERROR"]


@dataclass
class Check:
    """One figure of one benchmark, with its target when it has one."""

    bench: str
    metric: str
    value: float | int | str | None
    unit: str = ""
    target: str | None = None  # e.g. ">= 200", "< 0.5"
    ratio: float | None = None  # measured / target, from this run
    status: Status = "INFO"
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def at_least(bench: str, metric: str, value: float, target: float, unit: str = "", note: str = "") -> Check:
    """PASS when ``value >= target``; ratio = value / target (>= 1 passes)."""
    ratio = value / target
    return Check(bench, metric, value, unit, f">= {target:g}", ratio, "PASS" if ratio >= 1 else "FAIL", note)


def at_most(
    bench: str, metric: str, value: float, target: float, unit: str = "", note: str = "", strict: bool = False
) -> Check:
    """PASS when ``value <= target`` (``<`` when ``strict``); ratio = value / target (<= 1 passes)."""
    ratio = value / target
    ok = ratio < 1 if strict else ratio <= 1
    return Check(bench, metric, value, unit, f"{'<' if strict else '<='} {target:g}", ratio,
                 "PASS" if ok else "FAIL", note)


def info(bench: str, metric: str, value: Any, unit: str = "", note: str = "") -> Check:
    return Check(bench, metric, value, unit, note=note)


def skipped(bench: str, why: str) -> Check:
    return Check(bench, "skipped", None, status="SKIP", note=why)


def failed(bench: str, metric: str, why: str) -> Check:
    """A benchmark that could not measure: shown as ERROR, never as a pass."""
    return Check(bench, metric, None, status="ERROR", note=why)


# ---------------------------------------------------------------- article texts


@dataclass
class Corpus:
    texts: list[str]
    names: list[str]
    source: str  # where the texts came from, for the report
    notes: list[str] = field(default_factory=list)


def find_gold(
    explicit: str | Path | None = None, candidates: tuple[Path, ...] = GOLD_CANDIDATES
) -> Path | None:
    """The gold dev file: ``explicit`` (which must exist), else ``$BRIEFING_GOLD``, else the shared
    folder beside the checkout; ``None`` when there is none."""
    if explicit:
        if not Path(explicit).is_file():
            raise FileNotFoundError(f"gold file {explicit} not found")
        return Path(explicit)
    for candidate in (os.environ.get("BRIEFING_GOLD"), *candidates):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def project_texts() -> tuple[list[str], list[str]]:
    """The project's own plain-text articles: examples/ and tests/fixtures/ (``.txt``, recursive)."""
    texts, names = [], []
    seen: set[str] = set()
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8", errors="replace")
            if text.strip() and text not in seen:
                seen.add(text)
                texts.append(text)
                names.append(str(path.relative_to(ROOT)))
    return texts, names


def load_corpus(
    gold: str | Path | None = None, limit: int | None = None, candidates: tuple[Path, ...] = GOLD_CANDIDATES
) -> Corpus:
    """The gold dev texts plus the example article; the project's own texts when gold is missing."""
    path = find_gold(gold, candidates)
    notes: list[str] = []
    if path is not None:
        texts, names = [], []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    texts.append(record["text"])
                    names.append(f"{path.name}:{record.get('id', len(names))}")
        texts.append(EXAMPLE.read_text(encoding="utf-8"))
        names.append(str(EXAMPLE.relative_to(ROOT)))
        source = f"{path} ({len(texts) - 1} texts) + {EXAMPLE.relative_to(ROOT)}"
    else:
        looked = ", ".join(str(c) for c in candidates) or "nowhere"
        notes.append(
            f"gold dev set not found (looked in {looked}); pass --gold PATH or set BRIEFING_GOLD. "
            "Falling back to the project's own texts in examples/ and tests/fixtures/."
        )
        texts, names = project_texts()
        source = f"project texts: {', '.join(names)}"
    if limit is not None:
        texts, names = texts[:limit], names[:limit]
    return Corpus(texts, names, source, notes)


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, Any]:
    """What the figures depend on: cores, load, Python, the commit measured."""
    load = os.getloadavg()
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                capture_output=True, text=True, timeout=5,
            ).stdout.strip()
        )
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", False
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": commit + ("+dirty" if dirty else ""),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "cpus": os.cpu_count(),
        "cpus_allowed": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "loadavg": [round(x, 2) for x in load],
    }


def compile_bytecode() -> bool:
    """Write briefing's ``.pyc`` files, as ``pip install`` does for an installed wheel, so whole-process
    timings do not include compiling its sources. An editable install run with
    ``PYTHONDONTWRITEBYTECODE=1`` (as on this project's machine) would otherwise recompile every
    module in every process (~50 ms per start). Returns False when they could not be written."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("briefing")
    if spec is None or not spec.submodule_search_locations:
        return False
    folder = next(iter(spec.submodule_search_locations))
    try:
        return bool(compileall.compile_dir(folder, quiet=2))
    except OSError:
        return False


def briefing_command() -> list[str]:
    """How to start the installed CLI as a whole process: the ``briefing`` script next to this
    Python (the venv's), else ``python -m briefing``."""
    script = Path(sys.executable).parent / "briefing"
    if script.is_file():
        return [str(script)]
    found = shutil.which("briefing")
    if found:
        return [found]
    return [sys.executable, "-m", "briefing"]


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without any LLM configuration (keys, endpoints, models), plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BRIEFING_", "OPENAI_")) and k not in {"PYTHONPROFILEIMPORTTIME"}
    }
    env.update(extra)
    return env


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
