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
    monkeypatch_module.setenv("BRIEFING_LLM_SCOPE", "all")  # every candidate asked: requests are made
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


def test_credentials_in_a_base_url_never_reach_stderr_the_report_or_the_json(tmp_path, monkeypatch):
    """http://alice:Hunter2…@host and ?key=/&token= parameters are masked wherever a URL is shown."""
    from click.testing import CliRunner

    from briefing.cli import cli

    for name in ("OPENAI_API_KEY", "BRIEFING_API_KEY", "BRIEFING_MODEL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFING_MAX_RETRIES", "0")
    monkeypatch.setenv("BRIEFING_TIMEOUT", "2")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    url = "http://alice:Hunter2Secret@127.0.0.1:9/v1?key=QueryKey123456&token=Tok987654321"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text('Headline\n\nJane Roe said: "We will."\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(inputs), "-o", str(out), "--engine", "llm", "--base-url", url, "-f", "json"]
    )
    written = result.output + "".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file())
    assert "127.0.0.1" in written  # the endpoint is named …
    for secret in ("Hunter2Secret", "QueryKey123456", "Tok987654321", "alice"):
        assert secret not in written, secret  # … without what it carries


def test_the_key_is_not_sent_over_plain_http_to_another_machine(monkeypatch):
    from briefing.config import LLMSettings, require_api_key
    from briefing.errors import ConfigError

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    monkeypatch.delenv("BRIEFING_ALLOW_INSECURE_HTTP", raising=False)
    with pytest.raises(ConfigError, match=r"plain http to models\.example\.org"):
        require_api_key(LLMSettings(base_url="http://models.example.org/v1"))
    for fine in ("https://models.example.org/v1", "http://127.0.0.1:8081/v1", "http://localhost:11434/v1",
                 "http://[::1]:8000/v1"):
        assert require_api_key(LLMSettings(base_url=fine)).startswith("sk-test")
    assert require_api_key(LLMSettings(base_url="http://models.example.org/v1", allow_insecure_http=True))
    monkeypatch.setenv("BRIEFING_ALLOW_INSECURE_HTTP", "1")
    assert require_api_key(LLMSettings(base_url="http://models.example.org/v1"))


def test_the_cli_refuses_plain_http_with_a_key_in_one_line(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from briefing.cli import cli

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    monkeypatch.delenv("BRIEFING_ALLOW_INSECURE_HTTP", raising=False)
    article = tmp_path / "a.txt"
    article.write_text('Headline\n\nJane Roe said: "We will."\n', encoding="utf-8")
    args = ["generate", str(article), "--engine", "llm", "--base-url", "http://models.example.org/v1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "refusing to send the API key over plain http" in result.output
    assert "sk-test" not in result.output
