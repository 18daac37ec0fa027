"""--llm-scope uncertain (the default): the model is asked only about the quotes the rules engine
abstains on or is unsure of, with the paragraphs around them; nothing when it settled them all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from faultserver import FaultServer, ok

from briefing.cli import cli
from briefing.config import LLMSettings
from briefing.errors import ConfigError
from briefing.llm.engine import extract, plan, uncertain
from briefing.rules import extract as rules_extract
from briefing.text.article import article_from_text, load_article

ROOT = Path(__file__).resolve().parent.parent
EMPTY = {"actors": [], "attributions": [], "statements": [], "sources": [], "positions": []}
pytestmark = pytest.mark.default_llm_scope


def team_article(article_id: str):
    for line in (
        (ROOT / "tests" / "fixtures" / "gold" / "team-dev.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        record = json.loads(line)
        if record["id"] == article_id:
            return article_from_text(record["text"])
    raise KeyError(article_id)


@pytest.fixture
def endpoint(monkeypatch):
    monkeypatch.delenv("BRIEFING_LLM_SCOPE", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-scope0123456789")
    with FaultServer(default=ok(EMPTY)) as server:
        yield server


def test_uncertain_is_the_default_and_all_or_the_environment_choose_otherwise(monkeypatch):
    monkeypatch.delenv("BRIEFING_LLM_SCOPE", raising=False)
    assert LLMSettings().resolved_scope() == "uncertain"
    assert LLMSettings(scope="all").resolved_scope() == "all"
    monkeypatch.setenv("BRIEFING_LLM_SCOPE", "all")
    assert LLMSettings().resolved_scope() == "all"
    with pytest.raises(ConfigError, match="uncertain, all"):
        LLMSettings(scope="some").resolved_scope()


def test_only_the_unsure_quotes_and_their_paragraphs_are_sent(endpoint):
    article = team_article("team-mayor-concedes")
    planned = plan(article, LLMSettings(base_url=endpoint.url, cache=False))
    unsure = {q.id for q in planned.base.quotes if uncertain(q)}
    assert unsure and len(unsure) < len(planned.base.quotes)
    result = extract(article, LLMSettings(base_url=endpoint.url, cache=False, model="m"))
    assert endpoint.count == 1 and result.usage.calls == 1
    prompt = endpoint.requests[0].body["messages"][-1]["content"]
    listed = prompt.split("QUOTE CANDIDATES:")[1].split("KNOWN ACTORS:")[0]
    assert sorted(listed.replace(",", " ").split()[: len(unsure)]) == sorted(unsure)
    marked = {m for m in (f"[Q{n}]" for n in range(1, 20)) if m in prompt}
    assert marked == {f"[{q}]" for q in unsure}  # settled quotes are not even marked
    shown = {
        int(line.split()[0][1:]) for line in prompt.splitlines() if line[:1] == "p" and line[1:2].isdigit()
    }
    assert shown and len(shown) < len(article.paragraphs)
    assert any("--llm-scope uncertain" in d.message for d in result.diagnostics)


def test_all_asks_about_every_candidate_in_the_whole_article(endpoint):
    article = team_article("team-mayor-concedes")
    extract(article, LLMSettings(base_url=endpoint.url, cache=False, model="m", scope="all"))
    prompt = endpoint.requests[0].body["messages"][-1]["content"]
    candidates = len(rules_extract(article).quotes)
    assert candidates >= 10 and f"({candidates} in all)" in prompt
    assert "\np1 " in prompt and "\np10 " in prompt


EXAMPLE = str(ROOT / "examples" / "abrams-maduro.txt")


def generate_json(endpoint, *extra: str):
    """`briefing generate EXAMPLE -f json --engine llm` against ``endpoint``, without the cache."""
    args = ["generate", EXAMPLE, "--engine", "llm", "--base-url", endpoint.url, "--model", "m", "--no-cache",
            "-f", "json", *extra]
    return CliRunner().invoke(cli, args)


def test_nothing_is_asked_when_the_rules_engine_is_sure_of_every_quote(endpoint, tmp_path):
    result = generate_json(endpoint)
    assert result.exit_code == 0, result.output  # not 3: nothing failed, nothing needed asking
    assert endpoint.count == 0
    data = json.loads(result.stdout)
    assert data["engine"] == "rules"
    assert any("asked about the 0 of 8" in d["message"] for d in data["diagnostics"])


def test_the_cli_flag_sets_the_scope(endpoint):
    result = generate_json(endpoint, "--llm-scope", "all")
    assert result.exit_code == 0, result.output
    assert endpoint.count == 1
    assert load_article(EXAMPLE).text in json.loads(result.stdout)["article"]["text"]
