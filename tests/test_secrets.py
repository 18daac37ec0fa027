"""No API key in cassettes, outputs, reports, error messages or --verbose traces.

A fake key is put in the environment; every file the suite wrote (pytest's session temp folder,
which holds every test's outputs) and every cassette is scanned for it and for key-shaped strings.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.logs import REDACTED, redact

ROOT = Path(__file__).resolve().parent.parent
FAKE_KEY = "sk-proj-FAKEsecretKEY0123456789abcdefXYZ"
KEY_SHAPED = re.compile(
    r"\bsk-(?:proj-|ant-|live-)?[A-Za-z0-9_\-]{20,}"  # OpenAI / Anthropic style
    r"|\bBearer\s+(?!REDACTED\b)[A-Za-z0-9._\-]{16,}"  # bearer tokens
    r"|\bAIza[0-9A-Za-z_\-]{30,}"  # Google
    r"|\bgh[pousr]_[A-Za-z0-9]{30,}"  # GitHub
)
# Placeholders that tests use on purpose and that are not secrets.
ALLOWED = {"sk-test-not-a-real-key"}
PLANTED = "planted-keys"  # the scanner's own self-test; skipped by the suite-wide scan
ARTICLE = 'Key facts\n\nMinister Ana Ruiz said: "The budget is balanced this year."\n'


def key_findings(root: Path, *secrets: str) -> list[str]:
    """``file: match`` for every key-shaped string or given secret in the text files under root."""
    findings = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and PLANTED not in str(p.relative_to(root))):
        try:
            text = path.read_bytes()[:5_000_000].decode("utf-8", errors="replace")
        except OSError:
            continue
        for secret in secrets:
            if secret in text:
                findings.append(f"{path}: contains the fake key")
        for match in KEY_SHAPED.finditer(text):
            if match.group(0) not in ALLOWED:
                findings.append(f"{path}: {match.group(0)[:12]}…")
    return findings


def test_the_scanner_finds_planted_keys(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp(PLANTED)
    (tmp_path / "cassette.yaml").write_text(f"headers:\n  authorization: [Bearer {FAKE_KEY}]\n")
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "log.txt").write_text("key=sk-abcdefghijklmnopqrstuvwx1234")
    (tmp_path / "clean.json").write_text('{"authorization": "Bearer REDACTED", "note": "task-force"}')
    findings = key_findings(tmp_path, FAKE_KEY)
    assert any("cassette.yaml: contains the fake key" in f for f in findings)
    assert any("log.txt" in f for f in findings)
    assert not any("clean.json" in f for f in findings)


def test_cassettes_hold_no_key():
    cassettes = ROOT / "cassettes"
    assert cassettes.is_dir()
    assert key_findings(cassettes) == []
    for path in cassettes.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        for header in re.findall(r"^\s*(authorization|x-api-key|api-key):\s*\n?\s*-?\s*(.*)$", text, re.M):
            assert header[1].strip(" -[]'\"") in {"redacted", ""}, f"{path}: {header[0]} not filtered"


def test_redact_masks_configured_and_key_shaped_secrets(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "plain-looking-key-42")
    text = f"Incorrect API key provided: Bearer {FAKE_KEY}; plain-looking-key-42 and sk-1234567890abcdef"
    cleaned = redact(text)
    for secret in (FAKE_KEY, "plain-looking-key-42", "sk-1234567890"):
        assert secret not in cleaned
    assert cleaned.count(REDACTED) >= 3
    harmless = "the task-force met; risk-averse desk-bound"
    assert redact(harmless) == harmless


@pytest.fixture(scope="module")
def keyed_runs(tmp_path_factory, monkeypatch_module):
    """Run the CLI's main paths with the fake key set; returns (outputs folder, all stderr)."""
    out = tmp_path_factory.mktemp("keyed-outputs")
    (out / "in").mkdir()
    (out / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (out / "in" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    stderr = []
    runner = CliRunner()
    for args in (
        ["--verbose", "generate", str(out / "in" / "a.txt"), "--engine", "rules", "-f", "json",
         "-o", str(out / "a.json")],
        ["--verbose", "generate", str(out / "in" / "a.txt"), "--engine", "rules", "-o", str(out / "a.md")],
        ["--verbose", "generate", str(out / "in" / "bad.txt"), "--engine", "rules"],
        ["--verbose", "batch", str(out / "in"), "-o", str(out / "batch"), "--engine", "rules"],
    ):
        result = runner.invoke(cli, args)
        assert "Traceback" not in result.output
        stderr.append(result.stderr)
    if importlib.util.find_spec("briefing.llm.engine") is not None:  # the llm engine, verbose
        from faultserver import FaultServer, echo_auth, ok, status

        reply = {"actors": [], "attributions": [], "statements": [], "sources": [], "positions": []}
        with FaultServer(default=ok(reply)) as server:
            server.script(status(503, retry_after=0), echo_auth(), echo_auth(), echo_auth(), echo_auth(),
                          echo_auth())
            for n, fmt in enumerate(("json", "md")):
                result = runner.invoke(cli, [
                    "--verbose", "generate", str(out / "in" / "a.txt"), "--engine", "llm", "--base-url",
                    server.url, "--no-cache", "-f", fmt, "-o", str(out / f"llm{n}.{fmt}")])
                assert "Traceback" not in result.output
                stderr.append(result.stderr)
            result = runner.invoke(cli, ["--verbose", "batch", str(out / "in"), "-o", str(out / "llm-batch"),
                                         "--engine", "llm", "--base-url", server.url, "--no-cache"])
            stderr.append(result.stderr)
            assert server.requests and all(r.headers.get("authorization") == f"Bearer {FAKE_KEY}"
                                           for r in server.requests)  # the key was really in play
    (out / "stderr.log").write_text("\n".join(stderr), encoding="utf-8")
    return out, "\n".join(stderr)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPENAI_API_KEY", FAKE_KEY)
        mp.setenv("BRIEFING_RETRY_WAIT_MAX", "0.01")
        yield mp


def test_cli_outputs_and_messages_never_contain_the_key(keyed_runs):
    out, stderr = keyed_runs
    assert (out / "a.json").exists() and (out / "batch" / "batch-report.json").exists()
    json.loads((out / "batch" / "batch-report.json").read_text())
    assert FAKE_KEY not in stderr
    assert key_findings(out, FAKE_KEY) == []


def test_every_file_the_suite_wrote_is_free_of_keys(tmp_path_factory, keyed_runs):
    """Everything under pytest's session temp folder: outputs of this and every earlier test."""
    base = tmp_path_factory.getbasetemp()
    assert any(base.rglob("*.json"))
    assert key_findings(base, FAKE_KEY) == []
