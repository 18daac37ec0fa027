"""`briefing batch --engine llm --via batch-api` against the loopback Files + Batches server
(benchmarks/batch_loopback.py): the same briefings as the synchronous path for the same answers,
resumable steps, expired batches, fabricated quotes dropped, and no key in any written file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.batch_loopback import BatchLoopbackServer, LineError, Raw
from benchmarks.loopback import EMPTY_EXTRACTION, completion
from briefing.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "abrams-maduro.txt"
KEY = "sk-test-BATCHapi0123456789abcdefKEY"
FABRICATED = "Abrams said the talks will move to The Hague next week"

# A valid answer for the example article: Q2 attributed, with its channel and cue.
EXAMPLE_ANSWER = {
    "actors": [],
    "statements": [],
    "sources": [],
    "positions": [],
    "attributions": [{"quote": "Q2", "speaker": "A1", "channel": "A5", "cue": "told"}],
}


def is_example(body: dict) -> bool:
    return "Elliott Abrams told" in json.dumps(body.get("messages", []), ensure_ascii=False)


def answer(custom_id, body):
    return EXAMPLE_ANSWER if is_example(body) else EMPTY_EXTRACTION


def write_articles(folder: Path, count: int) -> list[Path]:
    """The example article and ``count - 1`` texts of the team's dev gold (repeated as needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [
        json.loads(line)["text"]
        for line in (ROOT / "tests" / "fixtures" / "gold" / "team-dev.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip() and "Elliott Abrams told" not in line
    ]  # the example comes once, first
    paths = [folder / "abrams-maduro.txt"]
    paths[0].write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for n in range(count - 1):
        path = folder / f"team-{n:03d}.txt"
        path.write_text(texts[n % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def env(monkeypatch, tmp_path):
    def point_at(server: BatchLoopbackServer) -> dict[str, str]:
        values = {
            "OPENAI_API_KEY": KEY,
            "BRIEFING_BASE_URL": server.url,
            "BRIEFING_MODEL": "loop-model",
            "BRIEFING_CACHE_DIR": str(tmp_path / "cache"),
        }
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        for name in (
            "BRIEFING_API_KEY",
            "OPENAI_BASE_URL",
            "BRIEFING_MODE",
            "BRIEFING_CHUNK_TOKENS",
            "BRIEFING_MAX_REASKS",
        ):
            monkeypatch.delenv(name, raising=False)
        return values

    return point_at


def brief(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.output


def run_elsewhere(server: BatchLoopbackServer, requests: Path, results: Path) -> Path:
    """What `vllm run-batch -i requests -o results` writes: one result line per request line."""
    lines = [json.loads(x) for x in requests.read_text().splitlines()]
    results.write_text("".join(json.dumps(server.line(x["custom_id"], x["body"])) + "\n" for x in lines))
    return results


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.json") if p.name != "batch-report.json"}


def test_thirty_articles_end_to_end_give_what_the_synchronous_path_gives(env, tmp_path):
    write_articles(tmp_path / "in", 30)
    with BatchLoopbackServer(answer) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
        assert code == 0, said
        assert (len(server.uploads), len(server.created)) == (1, 1)
        code, said = brief(
            str(tmp_path / "in"), "-o", str(tmp_path / "sync"), "--engine", "llm", "--no-cache"
        )
        assert code == 0, said
        sent = server.chat_requests
    batch_outputs, sync_outputs = outputs(tmp_path / "out"), outputs(tmp_path / "sync")
    assert len(batch_outputs) == 30 and batch_outputs == sync_outputs  # byte for byte

    # the request file holds what the synchronous path sent, body for body
    lines = [
        json.loads(x) for x in (tmp_path / "out" / ".batch-api" / "requests-1.jsonl").read_text().splitlines()
    ]
    assert len(lines) == len(sent) == 30
    assert sorted(json.dumps(x["body"], sort_keys=True) for x in lines) == sorted(
        json.dumps(b, sort_keys=True) for b in sent
    )
    assert all(x["url"] == "/v1/chat/completions" and x["method"] == "POST" for x in lines)

    example = json.loads(batch_outputs["abrams-maduro.json"])
    assert example["engine"] == "llm"
    q2 = next(q for q in example["quotes"] if q["id"] == "Q2")
    assert (q2["speaker"], q2["channel"], q2["engine"]) == ("Elliott Abrams", "New York Times", "llm")
    assert all(q["engine"] == "rules" for q in example["quotes"] if q["id"] != "Q2")
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert (report["ok"], report["failed"]) == (30, 0)
    rounds = report["batch_api"]["rounds"]
    assert [(r["number"], r["status"], r["requests"]) for r in rounds] == [(1, "completed", 30)]
    cost = report["batch_api"]["cost"]
    assert report["batch_api"]["tokens"]["prompt"] > 0 and cost["estimate"] is None  # loop-model: no price
    assert "ESTIMATE" in cost["note"] or "not in the price table" in cost["note"]


def test_the_cost_is_an_estimate_from_the_dated_table():
    from briefing.llm.batch_api import estimate_cost

    cost = estimate_cost("gpt-4o-mini", 2_000_000, 100_000)
    assert cost["estimate"] == pytest.approx(2 * 0.075 + 0.1 * 0.30)
    assert cost["prices_as_of"] and "ESTIMATE" in cost["note"]


KILLABLE = """
import sys
from briefing.cli import main
sys.argv = ["briefing", *sys.argv[1:]]
main()
"""


def test_a_kill_between_submit_and_collect_then_a_resume_that_neither_uploads_nor_submits(env, tmp_path):
    write_articles(tmp_path / "in", 4)
    slow = ("validating", *["in_progress"] * 400, "completed")
    with BatchLoopbackServer(answer, statuses=slow) as server:
        values = env(server)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                KILLABLE,
                "batch",
                str(tmp_path / "in"),
                "-o",
                str(tmp_path / "out"),
                "--engine",
                "llm",
                "--via",
                "batch-api",
                "--wait",
                "--poll-seconds",
                "0.05",
            ],
            env={**os.environ, **values},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while server.retrieves < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        assert server.retrieves >= 3 and (len(server.uploads), len(server.created)) == (1, 1)
        state = json.loads((tmp_path / "out" / ".batch-api" / "state.json").read_text())
        assert state["rounds"][0]["batch_id"] == server.created[0]
        assert not list((tmp_path / "out").glob("*.json"))  # nothing collected yet

        server.statuses = ("validating", "in_progress", "completed")  # the provider finishes the batch
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
        assert code == 0, said
        assert (len(server.uploads), len(server.created)) == (1, 1)  # no second upload, no second batch
    assert len(outputs(tmp_path / "out")) == 4


def test_without_wait_a_running_batch_exits_75_and_the_next_run_collects_it(env, tmp_path):
    write_articles(tmp_path / "in", 3)
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        code, said = brief(*args, "--step", "submit")
        assert code == 0 and "submitted" in said and server.retrieves == 0
        code, said = brief(*args)
        assert code == 75 and "in_progress" in said and "run the same command again" in said
        code, said = brief(*args)
        assert code == 0, said
        assert (len(server.uploads), len(server.created)) == (1, 1)
    assert len(outputs(tmp_path / "out")) == 3


def test_an_expired_batch_writes_what_was_answered_and_falls_back_for_the_rest(env, tmp_path):
    write_articles(tmp_path / "in", 5)
    with BatchLoopbackServer(
        answer, statuses=("validating", "in_progress", "expired"), expire_after=2
    ) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
    assert code == 1 and "3 with the rules result after the llm failed" in said, said
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert (report["ok"], report["degraded"]) == (2, 3)
    assert all("batch_expired" in f["error"] for f in report["failures"])
    assert report["batch_api"]["rounds"][0]["status"] == "expired"
    written = outputs(tmp_path / "out")
    assert len(written) == 5  # the fallbacks are written too, as the synchronous path does
    engines = sorted(json.loads(v)["engine"] for v in written.values())
    assert engines.count("rules") == 3


def fabricating(custom_id, body):
    """The example's chunk: a statement that is not in the article, every time it is asked."""
    if not is_example(body):
        return EMPTY_EXTRACTION
    return {
        **EXAMPLE_ANSWER,
        "statements": [{"id": "I1", "text": FABRICATED, "speaker": "A1", "cue": "said"}],
    }


@pytest.mark.parametrize("reask", ["batch", "sync"])
def test_a_fabricated_quote_is_reasked_then_dropped_and_listed_never_rendered(env, tmp_path, reask):
    write_articles(tmp_path / "in", 3)
    with BatchLoopbackServer(fabricating) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "-f",
            "json",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
            "--reask",
            reask,
        )
        assert code == 0, said
        # two re-asks (max_reasks=2) of the one failing chunk: in follow-up batches, or at once
        assert len(server.created) == (3 if reask == "batch" else 1)
        assert len(server.chat_requests) == (0 if reask == "batch" else 2)
        reasked = [
            json.loads(x)
            for x in (tmp_path / "out" / ".batch-api" / "requests-2.jsonl").read_text().splitlines()
        ]
    assert len(reasked) == 1 and FABRICATED in json.dumps(reasked[0]["body"]["messages"][-2:])  # shown back
    example = (tmp_path / "out" / "abrams-maduro.json").read_text()
    assert "The Hague" not in example
    data = json.loads(example)
    assert data["engine"] == "llm" and data["usage"]["reasks"] == 2 and data["usage"]["calls"] == 3
    assert any(
        d["message"].startswith("llm: dropped") and "I1" in (d.get("item") or d["message"])
        for d in data["diagnostics"]
    )
    for name in ("abrams-maduro.md", "abrams-maduro.html"):
        assert not (tmp_path / "out" / name).exists()


def test_a_broken_line_and_a_cut_off_answer_are_reasked(env, tmp_path):
    write_articles(tmp_path / "in", 2)
    asked: dict[str, int] = {}

    def flaky(custom_id, body):
        asked[custom_id] = asked.get(custom_id, 0) + 1
        if asked[custom_id] > 1:
            return answer(custom_id, body)
        if is_example(body):
            return {"properties": {"attributions": []}}  # a small model echoing the schema
        cut = completion(body, '{"actors": [], "attributions": [{"quote": "Q')
        cut["choices"][0]["finish_reason"] = "length"
        return Raw(cut)

    with BatchLoopbackServer(flaky) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
        assert code == 0, said
        assert len(server.created) == 2
    q2 = next(
        q
        for q in json.loads((tmp_path / "out" / "abrams-maduro.json").read_text())["quotes"]
        if q["id"] == "Q2"
    )
    assert (q2["channel"], q2["engine"]) == ("New York Times", "llm")


def test_failed_lines_fall_back_and_are_listed(env, tmp_path):
    write_articles(tmp_path / "in", 3)

    def failing(custom_id, body):
        return LineError("loopback: overloaded", 500) if is_example(body) else EMPTY_EXTRACTION

    with BatchLoopbackServer(failing) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
    assert code == 1 and "1 with the rules result after the llm failed" in said
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert [Path(f["input"]).name for f in report["failures"]] == ["abrams-maduro.txt"]
    assert "overloaded" in report["failures"][0]["error"] and report["failures"][0]["status"] == "degraded"


def test_prepare_alone_then_results_from_elsewhere_as_vllm_run_batch_writes_them(env, tmp_path):
    write_articles(tmp_path / "in", 3)
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        code, said = brief(*args, "--step", "prepare")
        assert code == 0 and "vllm run-batch" in said
        requests = tmp_path / "out" / ".batch-api" / "requests-1.jsonl"
        results = run_elsewhere(server, requests, tmp_path / "results.jsonl")
        code, said = brief(*args, "--results-file", str(results))
        assert code == 0, said
        assert server.uploads == [] and server.created == []  # nothing went through the Batch API
    assert json.loads((tmp_path / "out" / "abrams-maduro.json").read_text())["engine"] == "llm"


def test_no_key_in_any_written_file(env, tmp_path):
    write_articles(tmp_path / "in", 3)
    with BatchLoopbackServer(fabricating) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
        assert code == 0, said
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(written) >= 8
    for path in written:
        data = path.read_bytes()
        assert KEY.encode() not in data and KEY[8:20].encode() not in data, path
    assert KEY not in said


def test_batch_api_needs_the_llm_engine_and_settings_cannot_change_under_a_batch(env, tmp_path):
    write_articles(tmp_path / "in", 2)
    code, said = brief(
        str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "rules", "--via", "batch-api"
    )
    assert code == 2 and "--engine llm" in said
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        assert brief(*args, "--step", "prepare")[0] == 0
        code, said = brief(*args, "-f", "md")
        assert code == 2 and "other settings" in said


def test_a_cut_off_answer_keeps_its_complete_items(env, tmp_path):
    write_articles(tmp_path / "in", 1)

    def cut_off(custom_id, body):
        maduro = {"id": "N1", "name": "Nicolás Maduro", "type": "person"}
        text = json.dumps({**EXAMPLE_ANSWER, "actors": [maduro]})
        cut = completion(body, text[: text.index('"attributions"') + 60])  # inside the first attribution
        cut["choices"][0]["finish_reason"] = "length"
        return Raw(cut)

    with BatchLoopbackServer(cut_off) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
        assert code == 0, said
        assert len(server.created) == 1  # kept, not re-asked at the same size
    data = json.loads((tmp_path / "out" / "abrams-maduro.json").read_text())
    assert data["engine"] == "llm"


# ------------------------------------------------------------ what a review found (each reproduced first)


def test_a_wrong_results_file_is_refused_and_the_batch_stays_open(env, tmp_path):
    write_articles(tmp_path / "in", 2)
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        assert brief(*args, "--step", "prepare")[0] == 0
        code, said = brief(*args, "--results-file", str(tmp_path / "typo.jsonl"))
        assert code == 2 and "cannot read the results file" in said
        requests = tmp_path / "out" / ".batch-api" / "requests-1.jsonl"
        code, said = brief(*args, "--results-file", str(requests))  # the requests, not their results
        assert code == 2 and "answers none of the" in said
        results = run_elsewhere(server, requests, tmp_path / "results.jsonl")
        code, said = brief(*args, "--results-file", str(results))
        assert code == 0, said
    assert len(outputs(tmp_path / "out")) == 2


def test_vllm_style_error_lines_fall_back_instead_of_crashing(env, tmp_path):
    write_articles(tmp_path / "in", 2)
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        assert brief(*args, "--step", "prepare")[0] == 0
        requests = (tmp_path / "out" / ".batch-api" / "requests-1.jsonl").read_text().splitlines()
        first, second = (json.loads(x) for x in requests)
        results = tmp_path / "results.jsonl"
        results.write_text(
            json.dumps({"id": "x", "custom_id": first["custom_id"], "response": None, "error": "engine died"})
            + "\n"
            + json.dumps(server.line(second["custom_id"], second["body"]))
            + "\n"
        )
        code, said = brief(*args, "--results-file", str(results))
    assert code == 1 and "internal error" not in said
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text())
    assert "engine died" in report["failures"][0]["error"]


def test_a_results_file_is_not_collected_twice_for_the_re_ask_round(env, tmp_path):
    write_articles(tmp_path / "in", 1)
    with BatchLoopbackServer(fabricating) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        assert brief(*args, "--step", "prepare")[0] == 0
        requests = tmp_path / "out" / ".batch-api" / "requests-1.jsonl"
        results = run_elsewhere(server, requests, tmp_path / "results.jsonl")
        code, said = brief(*args, "--results-file", str(results))
        assert code == 75 and "requests-2.jsonl" in said  # the re-ask must be run first
        code, said = brief(*args, "--results-file", str(results))
        assert code == 2 and "already collected" in said


def test_step_status_never_submits(env, tmp_path):
    write_articles(tmp_path / "in", 1)
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        assert brief(*args, "--step", "prepare")[0] == 0
        code, said = brief(*args, "--step", "status")
        assert code == 75 and "not been submitted" in said
        assert server.uploads == [] and server.created == []


def test_a_batch_that_failed_as_a_whole_is_submitted_again_on_the_next_run(env, tmp_path):
    write_articles(tmp_path / "in", 2)
    with BatchLoopbackServer(answer, statuses=("validating", "failed")) as server:
        env(server)
        args = [
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        ]
        code, said = brief(*args)
        assert code == 3 and "failed" in said and "this batch failed validation" in said
        assert not outputs(tmp_path / "out")
        server.statuses = ("validating", "in_progress", "completed")
        code, said = brief(*args)
        assert code == 0, said
        assert len(server.created) == 2 and len(server.uploads) == 1  # resubmitted, not re-uploaded
    assert len(outputs(tmp_path / "out")) == 2


def test_a_key_echoed_in_an_error_line_is_masked_in_every_file(env, tmp_path):
    write_articles(tmp_path / "in", 1)

    def echo(custom_id, body):
        return LineError(f"Incorrect API key provided: {KEY}", 401, "invalid_api_key")

    with BatchLoopbackServer(echo) as server:
        env(server)
        code, said = brief(
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "llm",
            "--via",
            "batch-api",
            "--wait",
            "--poll-seconds",
            "0.01",
        )
    assert code == 1 and KEY not in said
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_settings_that_shape_the_requests_cannot_change_between_submit_and_collect(
    env, tmp_path, monkeypatch
):
    write_articles(tmp_path / "in", 1)
    with BatchLoopbackServer(answer) as server:
        env(server)
        args = [str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "llm", "--via", "batch-api"]
        monkeypatch.setenv("BRIEFING_CHUNK_TOKENS", "300")
        assert brief(*args, "--step", "submit")[0] == 0
        monkeypatch.delenv("BRIEFING_CHUNK_TOKENS")
        code, said = brief(*args)
        assert code == 2 and "other settings" in said
        monkeypatch.setenv("BRIEFING_CHUNK_TOKENS", "300")
        code, said = brief(*args, "--wait", "--poll-seconds", "0.01")
        assert code == 0, said
