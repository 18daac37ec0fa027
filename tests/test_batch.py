"""Batch safety: atomic outputs, a truthful report, resume, concurrency, rate limit, interrupts.

Concurrency and interrupts are tested with a fake slow engine injected through the library API
(``run_batch(convert=…)``) and, for the CLI, through a subprocess that slows the pipeline down.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.batch import JOURNAL_NAME, REPORT_NAME, _exclusive, run_batch
from briefing.cli import cli
from briefing.errors import InputError
from briefing.ratelimit import RateLimiter

ARTICLE = 'Mayor Jane Roe said on Monday: "We will rebuild the bridge by spring." Critics disagreed.\n'


def make_inputs(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"art{i:03d}.txt"
        path.write_text(f"Story {i}\n\n{ARTICLE}", encoding="utf-8")
        paths.append(path)
    return paths


def upper(path: Path) -> str:
    return json.dumps({"text": path.read_text(encoding="utf-8").upper()})


def leftovers(folder: Path) -> list[str]:
    """Anything in the output folder that is not a finished output, the report or the journal."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or (p.name.startswith(".") and
            p.name != JOURNAL_NAME)]


def test_one_output_per_input_and_report(tmp_path):
    make_inputs(tmp_path / "in", 3)
    (tmp_path / "in" / "notes.csv").write_text("ignored")
    report = run_batch(tmp_path / "in", tmp_path / "out", upper, "json")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "art000.json", "art001.json", "art002.json", REPORT_NAME, "voices.csv",
    ]
    assert json.loads((tmp_path / "out" / "art001.json").read_text())["text"].startswith("STORY 1")
    data = json.loads((tmp_path / "out" / REPORT_NAME).read_text())
    assert (data["total"], data["ok"], data["failed"], data["complete"]) == (3, 3, 0, True)
    assert len(report.succeeded) == 3
    assert not (tmp_path / "out" / JOURNAL_NAME).exists()  # folded into the report


def test_failures_are_reported_and_do_not_stop_the_others(tmp_path):
    make_inputs(tmp_path / "in", 4)

    def flaky(path: Path) -> str:
        if path.stem == "art001":
            raise InputError(f"{path}: empty article")
        if path.stem == "art002":
            raise RuntimeError("engine exploded")
        return upper(path)

    report = run_batch(tmp_path / "in", tmp_path / "out", flaky, "json")
    data = json.loads((tmp_path / "out" / REPORT_NAME).read_text())
    assert (data["ok"], data["failed"]) == (2, 2)
    failures = {Path(f["input"]).stem: f for f in data["failures"]}
    assert failures["art001"]["error_type"] == "InputError"
    assert "engine exploded" in failures["art002"]["error"]
    assert not (tmp_path / "out" / "art001.json").exists()
    assert not (tmp_path / "out" / "art002.json").exists()
    assert {Path(i.input).stem for i in report.succeeded} == {"art000", "art003"}


def test_resume_skips_complete_and_current_outputs_only(tmp_path):
    inputs = make_inputs(tmp_path / "in", 5)
    out = tmp_path / "out"
    run_batch(tmp_path / "in", out, upper, "json", settings={"engine": "fake"})
    calls: list[str] = []

    def counting(path: Path) -> str:
        calls.append(path.stem)
        return upper(path)

    inputs[1].write_text("Changed story\n\nNew text.\n", encoding="utf-8")  # input changed
    (out / "art002.json").write_text('{"text": "hand-edited"}')  # output no longer ours
    (out / "art003.json").unlink()  # output lost
    report = run_batch(tmp_path / "in", out, counting, "json", settings={"engine": "fake"}, resume=True)
    assert sorted(calls) == ["art001", "art002", "art003"]
    assert {Path(i.input).stem for i in report.skipped} == {"art000", "art004"}
    assert "CHANGED STORY" in (out / "art001.json").read_text()

    calls.clear()
    run_batch(tmp_path / "in", out, counting, "json", settings={"engine": "fake"}, resume=True)
    assert calls == []  # everything current now

    run_batch(tmp_path / "in", out, counting, "json", settings={"engine": "other"}, resume=True)
    assert len(calls) == 5  # different settings: nothing is current


def test_without_resume_everything_is_redone(tmp_path):
    make_inputs(tmp_path / "in", 3)
    run_batch(tmp_path / "in", tmp_path / "out", upper, "json")
    calls: list[str] = []
    run_batch(tmp_path / "in", tmp_path / "out", lambda p: calls.append(p.stem) or upper(p), "json")
    assert len(calls) == 3


def test_failed_items_are_retried_on_resume(tmp_path):
    make_inputs(tmp_path / "in", 3)
    fail = {"art001"}

    def sometimes(path: Path) -> str:
        if path.stem in fail:
            raise InputError("transient")
        return upper(path)

    run_batch(tmp_path / "in", tmp_path / "out", sometimes, "json")
    fail.clear()
    report = run_batch(tmp_path / "in", tmp_path / "out", sometimes, "json", resume=True)
    assert [Path(i.input).stem for i in report.succeeded] == ["art001"]
    assert len(report.skipped) == 2 and not report.failed


def test_jobs_run_concurrently_and_rate_limit_spaces_starts(tmp_path):
    make_inputs(tmp_path / "in", 8)
    lock = threading.Lock()
    active, peak, starts = [0], [0], []

    def slow(path: Path) -> str:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            starts.append(time.monotonic())
        time.sleep(0.15)
        with lock:
            active[0] -= 1
        return upper(path)

    began = time.monotonic()
    report = run_batch(tmp_path / "in", tmp_path / "out", slow, "json", jobs=4)
    elapsed = time.monotonic() - began
    assert len(report.succeeded) == 8
    assert peak[0] == 4
    assert elapsed < 8 * 0.15  # faster than one at a time (1.2 s); ideal is 0.3 s

    starts.clear()
    run_batch(tmp_path / "in", tmp_path / "out2", slow, "json", jobs=8, limiter=RateLimiter(60 / 0.1))
    assert len(starts) == 8  # 600/min = one start every 0.1 s, even with 8 jobs ready at once
    assert max(starts) - min(starts) >= 7 * 0.1 * 0.95


def test_output_never_overwrites_an_input(tmp_path):
    folder = tmp_path / "both"
    folder.mkdir()
    (folder / "story.md").write_text(ARTICLE)
    with pytest.raises(InputError, match="output folder is the input folder"):
        run_batch(folder, folder, upper, "md")  # refused before anything is written
    assert (folder / "story.md").read_text() == ARTICLE
    assert [p.name for p in folder.iterdir()] == ["story.md"]


def test_colliding_stems_get_distinct_outputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "a.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    run_batch(folder, tmp_path / "out", upper, "json")
    assert {"a.txt.json", "a.html.json"} <= {p.name for p in (tmp_path / "out").iterdir()}


def test_stale_temp_files_are_swept_and_a_second_batch_is_refused(tmp_path):
    make_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".briefing-tmp-0123456789abcdef.tmp").write_text('{"te')  # left by a killed run
    (out / ".bashrc.backup1.tmp").write_text("a user's file")  # not ours: never swept
    with _exclusive(out), pytest.raises(InputError, match="another briefing batch"):
        run_batch(tmp_path / "in", out, upper, "json")
    run_batch(tmp_path / "in", out, upper, "json")
    assert leftovers(out) == [".bashrc.backup1.tmp"]
    assert (out / ".bashrc.backup1.tmp").read_text() == "a user's file"


def test_the_journal_never_follows_a_symbolic_link(tmp_path):
    make_inputs(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / JOURNAL_NAME).symlink_to(victim)
    with pytest.raises(InputError, match="symbolic link"):
        run_batch(tmp_path / "in", out, upper, "json")
    assert victim.read_text() == "precious"


def test_a_long_input_name_still_gets_its_output(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    name = "a" * 240 + ".txt"  # the output name is 241 bytes: a temp name built on it would not fit
    (inputs / name).write_text("Mayor Jane Roe said on Monday: \"We will rebuild.\"\n", encoding="utf-8")
    report = run_batch(inputs, tmp_path / "out", upper, "json")
    assert [i.status for i in report.items] == ["ok"]
    assert (tmp_path / "out" / ("a" * 240 + ".json")).exists()


def test_a_failed_write_leaves_the_old_output_whole_and_no_partial_file(tmp_path, monkeypatch):
    """The disk fills up halfway through writing the new output: the old one stays whole and no
    partial file remains, by either way of writing (an unnamed O_TMPFILE, or a named temp file)."""
    from briefing.batch import outputs as batch

    real_fdopen = os.fdopen

    class HalfThenFull:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfThenFull(real_fdopen(fd, *a, **k)))
    target = tmp_path / "out.json"
    for unnamed in (True, False):
        target.write_text("old and whole")
        monkeypatch.setattr(batch, "_unnamed_files_work", unnamed)
        with pytest.raises(OSError, match="No space left"):
            batch.write_atomic(target, "new " * 1000)
        assert target.read_text() == "old and whole"
        assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_cli_batch_report_progress_and_exit_code(tmp_path):
    make_inputs(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(out), "--engine", "rules"])
    assert result.exit_code == 1
    assert "[4/4]" in result.stderr and "Traceback" not in result.output
    data = json.loads((out / REPORT_NAME).read_text())
    assert (data["ok"], data["failed"]) == (2, 2)
    assert {Path(f["input"]).name for f in data["failures"]} == {"empty.txt", "image.txt"}
    for path in out.glob("art*.json"):
        json.loads(path.read_text())
    again = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(out), "--engine", "rules",
                                     "--resume", "--jobs", "2"])
    assert again.exit_code == 1
    assert again.stderr.count("up to date") == 2 + 1  # two progress lines and the summary


# ------------------------------------------------------------ interrupted and killed CLI runs

SLOW_CLI = textwrap.dedent(
    """
    import sys, time
    import briefing.pipeline as pipeline
    LOG = sys.argv[1]
    real = pipeline.generate
    def slow(article, engine="rules", settings=None, **options):
        time.sleep(0.04)
        with open(LOG, "a") as log:
            log.write(article.source + "\\n")
        return real(article, "rules", settings, **options)
    pipeline.generate = slow
    from briefing.cli import main
    sys.argv = ["briefing", *sys.argv[2:]]
    main()
    """
)


def _run_slow_batch(tmp_path: Path, log: Path, *extra: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-c", SLOW_CLI, str(log), "batch", str(tmp_path / "in"), "-o",
           str(tmp_path / "out"), "--engine", "rules", "--jobs", "3", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_outputs(folder: Path, n: int, proc: subprocess.Popen[str], limit: float = 20) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if folder.is_dir() and len(list(folder.glob("art*.json"))) >= n:
            return
        time.sleep(0.01)
    raise AssertionError(f"fewer than {n} outputs appeared")


def _logged(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupt_then_resume_loses_and_redoes_nothing(tmp_path, sig):
    make_inputs(tmp_path / "in", 60)
    out = tmp_path / "out"
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    proc = _run_slow_batch(tmp_path, first_log)
    _wait_for_outputs(out, 10, proc)
    os.kill(proc.pid, sig)
    _, stderr = proc.communicate(timeout=20)
    assert "Traceback" not in stderr
    finished = sorted(p.stem for p in out.glob("art*.json"))
    assert 10 <= len(finished) < 60
    if sig == signal.SIGINT:
        assert leftovers(out) == []  # Ctrl-C lets a write under way finish; nothing else is left
    else:  # kill -9 mid-write can leave a hidden temporary file, never a partial output
        assert all(name.endswith(".tmp") for name in leftovers(out))
    for path in out.glob("art*.json"):
        assert json.loads(path.read_text())["article"]["text"]  # complete, parseable outputs only
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "--resume" in stderr
        report = json.loads((out / REPORT_NAME).read_text())
        assert report["interrupted"] is True and report["complete"] is False
        assert report["ok"] == len(finished) and report["not_done"] == 60 - len(finished)
    else:
        assert proc.returncode == -signal.SIGKILL
    assert set(finished) <= {Path(s).stem for s in _logged(first_log)}
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("art*.json")}

    proc = _run_slow_batch(tmp_path, second_log, "--resume")
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    redone = {Path(s).stem for s in _logged(second_log)}
    assert len(redone) == len(_logged(second_log)) == 60 - len(finished)  # each missing one, once
    assert not redone & set(finished), "a complete output was converted again"
    assert sorted(p.stem for p in out.glob("art*.json")) == [f"art{i:03d}" for i in range(60)]
    assert all(out.joinpath(n).stat().st_mtime_ns == t for n, t in mtimes.items())
    report = json.loads((out / REPORT_NAME).read_text())
    assert (report["ok"], report["skipped"], report["failed"], report["complete"]) == (
        60 - len(finished), len(finished), 0, True)
    assert leftovers(out) == [] and not (out / JOURNAL_NAME).exists()


def test_a_degraded_result_is_written_reported_and_redone_on_resume(tmp_path):
    from briefing.batch import Degraded

    make_inputs(tmp_path / "in", 3)
    llm_down = {"art001"}

    def convert(path: Path):
        if path.stem in llm_down:
            return Degraded(upper(path), f"{path}: llm engine failed: HTTP 503", "LLMError")
        return upper(path)

    report = run_batch(tmp_path / "in", tmp_path / "out", convert, "json")
    data = json.loads((tmp_path / "out" / REPORT_NAME).read_text())
    assert (data["ok"], data["degraded"], data["failed"]) == (2, 1, 1)
    assert data["failures"][0]["status"] == "degraded" and "HTTP 503" in data["failures"][0]["error"]
    assert (tmp_path / "out" / "art001.json").exists()  # the fallback is written
    llm_down.clear()
    report = run_batch(tmp_path / "in", tmp_path / "out", convert, "json", resume=True)
    assert [Path(i.input).stem for i in report.succeeded] == ["art001"] and len(report.skipped) == 2


def test_cli_rate_limit_paces_articles(tmp_path):
    make_inputs(tmp_path / "in", 4)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                      "--engine", "rules", "--jobs", "4", "--rate-limit", "300"])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started >= 3 * 0.2 * 0.9  # 300/min: one start every 0.2 s


def test_retry_settings_from_the_environment(monkeypatch):
    from briefing.cli_support import llm_settings as _settings
    from briefing.errors import ConfigError

    monkeypatch.setenv("BRIEFING_MAX_RETRIES", "1")
    monkeypatch.setenv("BRIEFING_MAX_REASKS", "0")
    settings = _settings(None, None, None, True)
    assert (settings.max_retries, settings.max_reasks) == (1, 0)
    monkeypatch.setenv("BRIEFING_MAX_RETRIES", "many")
    with pytest.raises(ConfigError, match="BRIEFING_MAX_RETRIES"):
        _settings(None, None, None, True)


def test_batch_writes_the_voices_of_every_article_and_keeps_them_on_resume(tmp_path):
    """voices.csv: one row per speaker per article, gender estimated from given names; an article
    skipped by --resume keeps its rows (they come from the journal or the report)."""
    import csv

    inputs = tmp_path / "in"
    inputs.mkdir()
    example = Path(__file__).parent / "fixtures" / "abrams-maduro.txt"
    (inputs / "abrams.txt").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "short.txt").write_text(
        "Council backs bridge\n\n\u201cWe will build it,\u201d Mayor Jane Holt said on Monday.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    for extra in ([], ["--resume"]):
        result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(out), "--engine", "rules", *extra])
        assert result.exit_code == 0, result.output
        with open(out / "voices.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        by_speaker = {(r["article"], r["speaker"]): r for r in rows}
        assert by_speaker["abrams.txt", "Michelle Bachelet"]["gender_estimate"] == "woman"
        assert by_speaker["abrams.txt", "Elliott Abrams"]["gender_estimate"] == "man"
        assert by_speaker["abrams.txt", "Elliott Abrams"]["quotes"] == "5"
        assert by_speaker["abrams.txt", "Associated Press"]["gender_estimate"] == ""  # not a person
        assert by_speaker["short.txt", "Jane Holt"]["quoted_words"] == "4"
        assert list(rows[0]) == ["outlet", "article", "speaker", "gender_estimate", "quotes", "quoted_words"]


def test_a_file_name_with_a_terminal_escape_is_printed_not_obeyed(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    osc52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"  # "write this to the clipboard"
    (inputs / f"story{osc52}.txt").write_text('Headline\n\nJane Roe said: "We will."\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(inputs), "-o", str(tmp_path / "out"), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]52;c;" in result.output


def test_markdown_to_a_terminal_escapes_control_characters(tmp_path, monkeypatch):
    import io

    from briefing import cli as cli_module

    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nMayor Jane Roe said: \"We \x1b[2Jwill.\"\n", encoding="utf-8")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    monkeypatch.setattr(cli_module.sys, "stdout", out)
    monkeypatch.setattr("click.utils._default_text_stdout", lambda: out)
    with pytest.raises(SystemExit) as done:
        cli_module.cli.main(["generate", str(article), "--engine", "rules"], standalone_mode=True)
    assert done.value.code == 0
    v = out.getvalue()
    assert "\x1b" not in v and "\\x1b" in v


def test_max_seconds_fails_the_slow_article_alone(tmp_path):
    make_inputs(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("")

    def convert(path: Path) -> str:
        if path.name == "art001.txt":
            time.sleep(60)  # a pathological input, as far as the batch can tell
        if not path.read_text().strip():
            raise InputError(f"{path}: empty article")
        return upper(path)

    started = time.monotonic()
    report = run_batch(tmp_path / "in", tmp_path / "out", convert, "json", max_seconds=2, jobs=2)
    assert time.monotonic() - started < 30  # the sleeping child was stopped, not waited for
    status = {Path(i.input).name: (i.status, i.error_type) for i in report.items}
    assert status["art001.txt"] == ("failed", "ArticleTimeout")
    assert status["empty.txt"] == ("failed", "InputError")  # an error in the child keeps its type
    assert status["art000.txt"] == status["art002.txt"] == ("ok", None)
    slow = next(i for i in report.items if i.input.endswith("art001.txt"))
    assert "--max-seconds" in slow.error
    assert json.loads((tmp_path / "out" / "art002.json").read_text())["text"].startswith("STORY 2")


# ------------------------------------------------------------ the rules engine on every core


def test_processes_convert_in_a_pool_of_forked_processes_and_write_the_same(tmp_path):
    make_inputs(tmp_path / "in", 24)

    def where(path: Path) -> str:
        time.sleep(0.02)
        return json.dumps({"text": path.read_text(encoding="utf-8").upper(), "pid": os.getpid()})

    report = run_batch(tmp_path / "in", tmp_path / "out", where, "json", jobs=2, processes=True)
    assert len(report.succeeded) == 24
    pids = {json.loads(p.read_text())["pid"] for p in (tmp_path / "out").glob("art*.json")}
    assert os.getpid() not in pids and len(pids) == 2  # two processes did the work, not this one
    run_batch(tmp_path / "in", tmp_path / "one", upper, "json", jobs=1)
    run_batch(tmp_path / "in", tmp_path / "two", upper, "json", jobs=2, processes=True)
    for path in (tmp_path / "one").glob("art*.json"):
        assert (tmp_path / "two" / path.name).read_bytes() == path.read_bytes()
    assert leftovers(tmp_path / "two") == []


def test_a_pool_process_that_dies_fails_its_article_alone(tmp_path):
    make_inputs(tmp_path / "in", 8)

    def dies_on_three(path: Path) -> str:
        if path.name == "art003.txt":
            os._exit(9)  # as a segfault or the OOM killer would end it
        if path.name == "art005.txt":
            raise InputError(f"{path}: unreadable")
        return upper(path)

    report = run_batch(tmp_path / "in", tmp_path / "out", dies_on_three, "json", jobs=2, processes=True)
    failed = {Path(i.input).name: i for i in report.failed}
    # the articles in the pool when the process died are converted again, each alone
    assert set(failed) == {"art003.txt", "art005.txt"}
    assert failed["art003.txt"].error_type == "ChildDied"
    assert "died (exit code 9)" in failed["art003.txt"].error
    assert failed["art005.txt"].error == f"{tmp_path / 'in' / 'art005.txt'}: unreadable"
    assert failed["art005.txt"].error_type == "InputError"
    assert len(report.succeeded) == 8 - len(failed)


def test_cli_rules_jobs_two_is_byte_identical_to_one(tmp_path):
    src = Path(__file__).parent / "fixtures" / "gold" / "team-dev.jsonl"
    folder = tmp_path / "in"
    folder.mkdir()
    for i, line in enumerate(src.read_text(encoding="utf-8").splitlines()):
        (folder / f"t{i:02d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = runner.invoke(cli, ["batch", str(folder), "-o", str(tmp_path / f"out{jobs}"), "-f", "json",
                                     "--engine", "rules", "--jobs", jobs])
        assert result.exit_code == 0, result.output
    ones = sorted((tmp_path / "out1").glob("t*.json"))
    assert len(ones) >= 10
    for path in ones:
        assert (tmp_path / "out2" / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "out1" / "voices.csv").read_bytes() == (tmp_path / "out2" / "voices.csv").read_bytes()


HANGING_CLI = textwrap.dedent(
    """
    import sys, time
    import briefing.pipeline as pipeline
    real = pipeline.generate
    def slow(article, engine="rules", settings=None, **options):
        if "Story 3" in article.text:
            time.sleep(60)  # a pathological article
        return real(article, "rules", settings, **options)
    pipeline.generate = slow
    from briefing.cli import main
    sys.argv = ["briefing", *sys.argv[1:]]
    main()
    """
)


def test_ctrl_c_with_processes_does_not_wait_for_a_slow_article(tmp_path):
    make_inputs(tmp_path / "in", 12)
    proc = subprocess.Popen([sys.executable, "-c", HANGING_CLI, "batch", str(tmp_path / "in"), "-o",
                             str(tmp_path / "out"), "--engine", "rules", "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_outputs(tmp_path / "out", 8, proc)
    time.sleep(0.3)
    started = time.monotonic()
    os.kill(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert time.monotonic() - started < 10  # not the 60 s the slow article would take
    assert leftovers(tmp_path / "out") == []
