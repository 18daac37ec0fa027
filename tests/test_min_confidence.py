"""`--min-confidence`: below it the rules engine leaves a speaker unclear (needs review) instead of
guessing. The flag on `generate`, `batch` and `eval`, its checks, and how it reaches the engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefing.rules
from briefing.cli import cli
from briefing.errors import ConfigError
from briefing.pipeline import check_min_confidence, generate, resolved_min_confidence
from briefing.rules.confidence import default_min_confidence
from briefing.text.article import article_from_text, load_article

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "abrams-maduro.txt"
ARTICLE = 'Mayor Jane Roe said on Monday: "We will rebuild the bridge by spring." Critics disagreed.\n'


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("command", ["generate", "batch", "eval"])
def test_help_explains_the_flag(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "--min-confidence FLOAT" in text
    explained = ("below this confidence, a quote's speaker is shown as unclear — needs review — "
                 "instead of a guess")
    assert explained in text


@pytest.mark.parametrize("value", ["1.5", "-0.1", "abc", "nan", "inf", ""])
@pytest.mark.parametrize("command", ["generate", "batch", "eval"])
def test_values_outside_0_to_1_are_one_line_and_exit_2(tmp_path, command, value):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": ARTICLE, "quotes": []}) + "\n", encoding="utf-8")
    target = {"generate": [str(tmp_path / "in" / "a.txt")], "batch": [str(tmp_path / "in"), "-o",
              str(tmp_path / "out")], "eval": [str(gold)]}[command]
    result = run(command, *target, "--engine", "rules", "--min-confidence", value)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"briefing: error: --min-confidence must be a number from 0 to 1, not {value!r}"
    ]
    assert not (tmp_path / "out").exists()  # checked before any work


def test_check_and_resolve():
    assert check_min_confidence(None) is None
    assert check_min_confidence("0.25") == 0.25 and check_min_confidence(1) == 1.0
    assert resolved_min_confidence(None) == default_min_confidence()
    assert resolved_min_confidence("0") == 0.0
    with pytest.raises(ConfigError):
        generate(article_from_text(ARTICLE), "rules", min_confidence=2.0)  # the library checks too


def test_generate_threads_the_threshold_to_the_rules_engine():
    plain = json.loads(run("generate", str(EXAMPLE), "--engine", "rules", "-f", "json").stdout)
    assert plain["quotes"] and all(q["speaker"] for q in plain["quotes"])
    assert not any(q["needs_review"] for q in plain["quotes"])
    strict = run("generate", str(EXAMPLE), "--engine", "rules", "-f", "json", "--min-confidence", "1")
    assert strict.exit_code == 0, strict.output
    data = json.loads(strict.stdout)
    names = {a["id"]: a["name"] for a in data["actors"]}
    assert len(data["quotes"]) == len(plain["quotes"])
    for q, before in zip(data["quotes"], plain["quotes"], strict=True):
        assert q["needs_review"] and q["speaker"] is None and q["speaker_id"] is None
        assert names[q["speaker_candidates"][0]] == before["speaker"]  # the guess it did not make, first
        assert q["confidence"] == before["confidence"] and q["via"] == before["via"]


def test_the_llm_engine_passes_the_threshold_to_the_rules_engine(monkeypatch):
    seen = {}

    class Stop(Exception):
        pass

    def fake_rules(article, min_confidence=None):
        seen["min_confidence"] = min_confidence
        raise Stop

    monkeypatch.setattr(briefing.rules, "extract", fake_rules)
    with pytest.raises(Stop):
        generate(load_article(EXAMPLE), "llm", min_confidence=0.7)
    assert seen == {"min_confidence": 0.7}


def test_batch_resume_treats_another_threshold_as_not_current(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Story\n\n" + ARTICLE, encoding="utf-8")
    out = tmp_path / "out"

    def batch(*extra: str):
        result = run("batch", str(tmp_path / "in"), "-o", str(out), "--engine", "rules", "--resume", *extra)
        assert result.exit_code == 0, result.output
        return result.stderr, json.loads((out / "a.json").read_text(encoding="utf-8"))

    _, first = batch()
    assert first["quotes"][0]["speaker"] == "Jane Roe"
    log, _ = batch("--min-confidence", str(default_min_confidence()))  # the default, spelt out
    assert "up to date" in log
    log, strict = batch("--min-confidence", "0.99")
    assert "up to date" not in log
    assert strict["quotes"][0]["needs_review"] and strict["quotes"][0]["speaker"] is None
    log, _ = batch("--min-confidence", "0.99")
    assert "up to date" in log
    report = json.loads((out / "batch-report.json").read_text(encoding="utf-8"))
    assert report["settings"]["min_confidence"] == 0.99


def test_eval_runs_the_engine_with_the_threshold(tmp_path):
    start = ARTICLE.index('"')
    end = ARTICLE.index('"', start + 1) + 1
    quote = {"start": start, "end": end, "text": ARTICLE[start:end], "direct": True,
             "speaker": None, "speaker_mention": "Jane Roe", "cue": "said"}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "roe", "text": ARTICLE, "quotes": [quote]}) + "\n", encoding="utf-8")
    plain = run("eval", str(gold), "--engine", "rules", "--json")
    strict = run("eval", str(gold), "--engine", "rules", "--json", "--min-confidence", "0.99")
    assert plain.exit_code == 0 and strict.exit_code == 0, strict.output
    plain_data, strict_data = json.loads(plain.stdout), json.loads(strict.stdout)
    assert plain_data["speaker_accuracy"] == 1.0 and plain_data["min_confidence"] == default_min_confidence()
    assert strict_data["speaker_accuracy"] == 0.0 and strict_data["min_confidence"] == 0.99  # unclear: wrong
    assert strict_data["direct_recall"] == 1.0  # the quote is still found
    text = run("eval", str(gold), "--engine", "rules", "--min-confidence", "0.99")
    assert "min confidence 0.99" in text.stdout


def test_eval_refuses_the_threshold_where_no_engine_runs(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": ARTICLE, "quotes": []}) + "\n", encoding="utf-8")
    (tmp_path / "saved").mkdir()
    result = run("eval", str(gold), "--predictions", str(tmp_path / "saved"), "--min-confidence", "0.5")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--predictions" in result.stderr
