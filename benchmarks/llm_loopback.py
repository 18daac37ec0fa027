"""The llm engine against the loopback server (:mod:`benchmarks.loopback`), as whole CLI processes.

- **cache**: ``briefing generate EXAMPLE --engine llm`` twice with the same cache folder; the
  second run must make zero requests (counted at the server). Its time is the llm path's cold
  start, and one more run under ``-X importtime`` says what it spends importing.
- **concurrency**: ``briefing batch DIR --engine llm --jobs C --no-cache`` over N articles with the
  server answering after a fixed latency L; the wall time of the whole process is compared with the
  ideal N x calls-per-article / C x L. The same batch at L = 0 is timed too, to show what of the
  gap is start-up and per-article work rather than lost concurrency.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.coldstart import parse_importtime
from benchmarks.common import (
    EXAMPLE,
    ROOT,
    Check,
    briefing_command,
    clean_env,
    failed,
    info,
    load_corpus,
    skipped,
)
from benchmarks.loopback import LoopbackServer

CONCURRENCY_TARGET = 1.2


def _llm_engine_missing() -> str | None:
    if importlib.util.find_spec("briefing.llm.engine") is None:
        return "the llm engine (briefing/llm/engine.py) is not on this branch yet"
    return None


def _env(server: LoopbackServer, cache_dir: Path) -> dict[str, str]:
    return clean_env(
        BRIEFING_BASE_URL=server.url,
        BRIEFING_MODEL="loopback",
        OPENAI_API_KEY="sk-bench-not-a-secret",
        BRIEFING_CACHE_DIR=str(cache_dir),
    )


def _run(
    cmd: list[str], env: dict[str, str], timeout: float = 300
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - started, proc


def cache(quick: bool = False) -> tuple[list[Check], dict[str, Any]]:
    bench = "llm cache"
    missing = _llm_engine_missing()
    if missing:
        return [skipped(bench, missing)], {}
    cmd = [*briefing_command(), "generate", str(EXAMPLE), "-f", "json", "--engine", "llm"]
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp, LoopbackServer() as server:
        env = _env(server, Path(tmp) / "cache")
        first_s, first = _run(cmd, env)
        first_requests = server.count
        server.reset()
        second_s, second = _run(cmd, env)
        second_requests = server.count
        # What a cache hit still costs: the modules the llm path imports.
        script = Path(cmd[0]).name == "briefing"
        traced = [sys.executable, "-X", "importtime", *cmd] if script and not quick else None
        imports = parse_importtime(_run(traced, env)[1].stderr) if traced else None
    for label, proc in (("first run", first), ("second run", second)):
        if proc.returncode != 0:
            return [failed(bench, label, f"exit {proc.returncode}: {proc.stderr.strip()[-400:]}")], {}
    try:
        engine = json.loads(first.stdout).get("engine")
        same = json.loads(first.stdout).get("quotes") == json.loads(second.stdout).get("quotes")
    except ValueError:
        return [failed(bench, "output", "generate -f json did not print JSON")], {}
    if first_requests == 0 or engine != "llm":
        return [failed(bench, "first run", f"made {first_requests} requests, engine {engine!r}: "
                       f"{first.stderr.strip()[-300:]}")], {}
    checks = [
        info(bench, "first run: requests", first_requests, "", f"{first_s:.2f} s whole process"),
        # ratio: requests of the second run / requests of the first run, both counted at the server
        Check(bench, "second identical run: requests", second_requests, "", "== 0",
              second_requests / first_requests, "PASS" if second_requests == 0 else "FAIL",
              f"{second_s:.2f} s whole process; same quotes as the first run: {same}"),
    ]
    if imports:
        top = ", ".join(f"{p} {ms:.0f}" for p, ms in imports.top[:6])
        checks.append(info(bench, "imports on the llm path (cache hit)", round(imports.total_ms), "ms",
                           f"self time by package (ms): {top}"))
    return checks, {"first": {"requests": first_requests, "seconds": first_s},
                    "second": {"requests": second_requests, "seconds": second_s}}


def _batch_supports_jobs(env: dict[str, str]) -> bool:
    proc = subprocess.run([*briefing_command(), "batch", "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    return "--jobs" in proc.stdout


def concurrency(quick: bool = False, gold: str | None = None) -> tuple[list[Check], dict[str, Any]]:
    bench = "batch concurrency"
    missing = _llm_engine_missing()
    if missing:
        return [skipped(bench, missing)], {}
    n, jobs, latency = (6, 3, 0.1) if quick else (32, 4, 2.0)
    corpus = load_corpus(gold)
    details: dict[str, Any] = {"articles": n, "jobs": jobs, "latency_s": latency}
    # Articles that fit one call, so that the ideal is the N / C x L (an article over the
    # chunk budget is sent in several calls, one after the other, and is measured by `prompt`).
    from briefing.config import DEFAULT_CHUNK_TOKENS
    from briefing.llm.chunking import estimate_tokens

    texts = [t for t in corpus.texts if estimate_tokens(t) <= DEFAULT_CHUNK_TOKENS] or corpus.texts
    details["articles_over_budget_left_out"] = len(corpus.texts) - len(texts)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(n):
            text = texts[i % len(texts)]
            (folder / f"a{i:03d}.txt").write_text(text if i < len(texts) else f"{text}\n\n({i})\n",
                                                   encoding="utf-8")
        runs: dict[float, dict[str, Any]] = {}
        for delay in (latency,) if quick else (0.0, latency):
            with LoopbackServer(latency=delay) as server:
                env = _env(server, Path(tmp) / "cache")
                if not _batch_supports_jobs(env):
                    return [skipped(bench, "`briefing batch` has no --jobs option on this branch yet")], {}
                out = Path(tmp) / f"out-{delay}"
                cmd = [*briefing_command(), "batch", str(folder), "-o", str(out), "-f", "json",
                       "--engine", "llm", "--no-cache", "--jobs", str(jobs)]
                seconds, proc = _run(cmd, env)
                written = len(list(out.glob("a[0-9]*.json")))
                runs[delay] = {"seconds": seconds, "requests": server.count,
                               "max_in_flight": server.max_in_flight, "written": written}
                if proc.returncode != 0 or written != n:
                    why = f"exit {proc.returncode}, {written}/{n} outputs: {proc.stderr.strip()[-300:]}"
                    return [failed(bench, f"batch at latency {delay}s", why)], {}
    slow, fast = runs[latency], runs.get(0.0)
    calls_per_article = slow["requests"] / n
    ideal = n * calls_per_article / jobs * latency
    details.update(runs={str(k): v for k, v in runs.items()}, ideal_s=ideal,
                   calls_per_article=calls_per_article,
                   lower_bound_s=math.ceil(slow["requests"] / jobs) * latency)
    ratio = slow["seconds"] / ideal
    explained = (f"ideal = N x calls per article / C x L = {n} x {calls_per_article:g} / {jobs} "
                 f"x {latency:g} = {ideal:.2f} s")
    wall = Check(bench, f"wall, {n} articles, --jobs {jobs}, L={latency:g}s", round(slow["seconds"], 2), "s",
                 f"<= {CONCURRENCY_TARGET} x ideal", ratio, "PASS" if ratio <= CONCURRENCY_TARGET else "FAIL",
                 explained)
    if quick:
        # a 0.1 s latency over 6 articles is shorter than starting the process: the quick run checks
        # that the harness works and gives the figure, with no verdict it could not earn
        note = f"{explained}; quick run: no target (start-up dominates)"
        wall = info(bench, wall.metric, wall.value, "s", note)
    checks = [
        wall,
        info(bench, "requests in flight at once (max)", slow["max_in_flight"], "",
             f"{slow['requests']} requests for {n} articles"),
    ]
    # A job sends one request at a time, so the busiest job waits ceil(requests / C) latencies.
    floor = math.ceil(slow["requests"] / jobs) * latency
    checks.insert(1, info(bench, "lower bound with whole requests per job", round(floor, 2), "s",
                          f"ceil({slow['requests']} / {jobs}) x {latency:g} = {floor / ideal:.3f} x ideal; "
                          f"wall - bound = {slow['seconds'] - floor:.2f} s"))
    if fast:
        overlap = (slow["seconds"] - fast["seconds"]) / ideal
        checks.insert(1, info(bench, "same batch at L=0 (start-up + work)", round(fast["seconds"], 2), "s",
                              f"(wall - wall at L=0) / ideal = {overlap:.2f}"))
    return checks, details
