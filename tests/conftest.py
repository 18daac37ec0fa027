"""Shared test configuration: replayed HTTP cassettes for the llm engine (pytest-recording).

Cassettes live in the top-level ``cassettes/<test module>/<test>.yaml``. The record mode stays at
pytest-recording's default, ``none``: tests replay, and a request that is not in a cassette fails.
Keys never reach a cassette: authorization and api-key headers are filtered. See docs/llm.md for
the exact re-record command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SECRET_HEADERS = ["authorization", "x-api-key", "api-key", "openai-organization", "openai-project", "cookie"]


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in ("set-cookie", "openai-organization", "openai-project"):
            del headers[name]
    return response


def _json_body(r1, r2) -> None:
    """vcrpy matcher: the request the code sends now has the recorded body, compared as parsed JSON
    (the prompt, the schema, the settings). A prompt changed without re-recording fails here
    rather than replaying answers to a question no longer asked."""
    def parsed(request):
        body = request.body or b""
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        try:
            return json.loads(body) if body else None
        except ValueError:
            return body

    mine, recorded = parsed(r1), parsed(r2)
    if mine != recorded:
        if isinstance(mine, dict) and isinstance(recorded, dict):
            differ = sorted(k for k in set(mine) | set(recorded) if mine.get(k) != recorded.get(k))
            raise AssertionError(f"the request body differs from the recorded one in {differ}")
        raise AssertionError("the request body differs from the recorded one")


def pytest_recording_configure(config, vcr) -> None:
    vcr.register_matcher("json_body", _json_body)


@pytest.fixture(scope="module")
def vcr_config() -> dict:
    return {
        "filter_headers": [(h, "REDACTED") for h in SECRET_HEADERS],
        "filter_query_parameters": ["api-key", "key"],
        "decode_compressed_response": True,
        "before_record_response": _scrub_response,
        # Requests to the same endpoint are told apart by their order. Recorded cassettes also
        # match the body (test_llm_recorded.py adds "json_body"); constructed ones cannot.
        "match_on": ["method", "scheme", "host", "port", "path", "query"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / request.module.__name__.split(".")[-1])


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the llm engine at the recording server's address with a fresh, private cache.

    Replays need no server; the base URL only has to match the cassettes. When recording, the
    same settings reach the real local server (see docs/llm.md).
    """
    monkeypatch.setenv("BRIEFING_BASE_URL", "http://127.0.0.1:8081/v1")
    monkeypatch.setenv("BRIEFING_MODEL", "local")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    for name in ("BRIEFING_API_KEY", "OPENAI_BASE_URL", "BRIEFING_MODE", "BRIEFING_CHUNK_TOKENS"):
        monkeypatch.delenv(name, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def pinned_rules(record_mode: str):
    """The rules engine's result for an article, pinned to what it was when the cassette was
    recorded (``tests/fixtures/llm/<name>.rules.json``), so replays stay valid while the rules
    engine evolves. Written when recording (from ``source``, a path), read otherwise."""
    from briefing.schema import Briefing

    def load(name: str, source: str | Path | None = None):
        path = FIXTURES / "llm" / f"{name}.rules.json"
        if record_mode != "none" and not path.exists() and source is not None:
            from briefing.rules import engine as rules
            from briefing.text.article import load_article

            base = rules.extract(load_article(str(source)))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(base.model_dump_json(indent=1) + "\n", encoding="utf-8")
            return base
        pinned = Briefing.model_validate(json.loads(path.read_text(encoding="utf-8")))
        # Pinned before the rules engine stopped relabelling its quotes as positions (issue 15);
        # positions are not part of the prompt, so dropping them leaves every request as recorded.
        pinned.positions = []
        return pinned

    return load


@pytest.fixture(autouse=True)
def _whole_article_llm_scope(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fault, cassette and batch tests ask the model about the whole article
    (``--llm-scope all``), which they were written and recorded for. Tests of the default scope
    (``uncertain``) carry the ``default_llm_scope`` mark."""
    if request.node.get_closest_marker("default_llm_scope") is None:
        monkeypatch.setenv("BRIEFING_LLM_SCOPE", "all")
