"""`briefing eval`: the scoring definitions, checked on a tiny gold file scored by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import GoldFileError
from briefing.evaluate import (
    Prediction,
    evaluate,
    format_report,
    jaccard,
    match_one_to_one,
    saved_predictor,
    score_article,
    trim,
)
from briefing.gold import GoldArticle, GoldQuote, is_name, load_gold, speaker_matches

FIXTURES = Path(__file__).parent / "fixtures"

TEXT = (
    'Abrams said: "We want him out of power now." He wants a "dignified exit" for him.\n\n'
    '"Talks are not happening," Pompeo said. The report said the talks had failed.\n\n'
    '"Nobody predicted this one," she added.'
)


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def gold_quote(needle: str, direct: bool, mention: str | None, speaker: str | None = None) -> GoldQuote:
    start, end = span(TEXT, needle)
    return GoldQuote(start, end, needle, direct, speaker=speaker, speaker_mention=mention)


GOLD = GoldArticle(
    id="tiny",
    text=TEXT,
    quotes=(
        gold_quote('"We want him out of power now."', True, "Abrams"),  # g0: named
        gold_quote('a "dignified exit"', True, "He"),  # g1: pronoun, no speaker check
        gold_quote('"Talks are not happening,"', True, "Pompeo"),  # g2: named
        gold_quote("the talks had failed", False, "The report"),  # g3: indirect
        gold_quote('"Nobody predicted this one,"', True, "she"),  # g4: missed by the predictions below
    ),
)


def pred(needle: str, type_: str, speaker: str | None) -> Prediction:
    start, end = span(TEXT, needle)
    return Prediction(start, end, type_, speaker)


PREDICTIONS = [
    pred("We want him out of power now.", "direct", "Elliott Abrams"),  # matches g0, speaker right
    pred("dignified exit", "partial", "Elliott Abrams"),  # matches g1 (14/17), not speaker-checked
    pred("Talks are not happening,", "direct", "Elliott Abrams"),  # matches g2, speaker wrong
    pred("He wants", "direct", None),  # false positive
    pred("the talks had failed.", "indirect", "the report"),  # attribution of g3, not a direct prediction
]


def test_scores_computed_by_hand():
    result = score_article(GOLD, PREDICTIONS)
    c = result.counts
    # 4 direct/partial predictions, 4 gold direct quotes, 3 matched.
    assert (c.pred_direct, c.gold_direct, c.matched_direct) == (4, 4, 3)
    m = c.metrics()
    assert m["direct_precision"] == pytest.approx(3 / 4)
    assert m["direct_recall"] == pytest.approx(3 / 4)
    assert m["direct_f1"] == pytest.approx(3 / 4)
    # Speaker: g0 (Abrams, right) and g2 (Pompeo, wrong); g1's "He" is not a name.
    assert (c.speaker_correct, c.speaker_total) == (1, 2)
    assert m["speaker_accuracy"] == pytest.approx(0.5)
    # Attribution: g0, g1, g2 and the indirect g3 have a prediction at Jaccard >= 0.5; g4 has none.
    assert (c.attributed, c.gold_items) == (4, 5)
    assert result.details["missed_direct"][0]["text"] == '"Nobody predicted this one,"'
    assert [fp["text"] for fp in result.details["false_positives"]] == ["He wants"]


def test_an_unclear_speaker_counts_against_accuracy_and_coverage_but_not_precision():
    preds = [*PREDICTIONS[:2], pred("Talks are not happening,", "direct", None), *PREDICTIONS[3:]]
    c = score_article(GOLD, preds).counts
    m = c.metrics()
    assert (c.speaker_correct, c.speaker_shown, c.speaker_total) == (1, 1, 2)
    assert m["speaker_accuracy"] == pytest.approx(0.5)
    assert m["speaker_precision"] == pytest.approx(1.0)
    assert m["speaker_coverage"] == pytest.approx(0.5)


PASSAGES = '“We will not move,” she said. “The plan is final and it stays.” Then she left.'


def _passage_gold(per_passage: bool) -> GoldArticle:
    def q(needle: str) -> GoldQuote:
        start = PASSAGES.index(needle)
        return GoldQuote(start, start + len(needle), needle, True, speaker="Ann Lee")

    if per_passage:
        quotes = (q("We will not move,"), q("The plan is final and it stays."))
    else:
        quotes = (q("We will not move,” she said. “The plan is final and it stays."),)
    return GoldArticle("passages", PASSAGES, quotes)


def _interrupted_prediction() -> Prediction:
    first, second = span(PASSAGES, "We will not move,"), span(PASSAGES, "The plan is final and it stays.")
    return Prediction(first[0], second[1], "direct", "Ann Lee", "Q1", (first, second))


@pytest.mark.parametrize("per_passage", [False, True])
def test_an_interrupted_quote_matches_gold_counted_either_way(per_passage):
    c = score_article(_passage_gold(per_passage), [_interrupted_prediction()]).counts
    expected = 2 if per_passage else 1
    assert (c.pred_direct, c.gold_direct, c.matched_direct) == (expected, expected, expected)
    assert (c.speaker_correct, c.speaker_total) == (expected, expected)


def test_a_quote_matched_by_its_parts_is_not_matched_again_as_a_whole():
    gold = _passage_gold(per_passage=True)
    whole_gold = GoldQuote(0, len(PASSAGES), PASSAGES, True, speaker="Ann Lee")  # overlaps the whole only
    gold = GoldArticle("passages", PASSAGES, (*gold.quotes, whole_gold))
    c = score_article(gold, [_interrupted_prediction()]).counts
    assert c.matched_direct == 2  # the two passages; the whole is not used a second time


def test_trim_strips_marks_whitespace_and_punctuation_only_at_the_edges():
    text = " “a “dignified exit,”.” "
    start, end = trim(text, 0, len(text))
    assert text[start:end] == "a “dignified exit"


def test_jaccard_of_intervals():
    assert jaccard((0, 10), (0, 10)) == 1.0
    assert jaccard((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert jaccard((0, 10), (10, 20)) == 0.0
    assert jaccard((3, 3), (0, 10)) == 0.0


def test_matching_is_one_to_one_best_overlap_first():
    # One long prediction overlaps two gold items; it may match only the better one.
    pairs = match_one_to_one([(0, 10)], [(0, 6), (0, 9)])
    assert pairs == [(0, 1, pytest.approx(0.9))]
    # Two predictions for one gold item: one match, the other is a false positive.
    assert len(match_one_to_one([(0, 10), (1, 10)], [(0, 10)])) == 1


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Obama", True),
        ("Mr. Obama", True),
        ("House Speaker Paul Ryan, R-Wis.,", True),
        ("Donald Trump’s", True),
        ("PolitiFact", True),
        ("he", False),
        ("She", False),
        ("the newspaper", False),
        ("The Indiana governor", False),
        ("Clinton’s campaign", False),
        ("Officials at Homeland Security Investigations, a division of ICE,", False),
        ("Police Chief Kerr Putney", True),
        ("Spokeswoman Jessica Ditto", True),
        ("who", False),
        (None, False),
    ],
)
def test_is_name(mention, expected):
    assert is_name(mention) is expected


def test_speaker_match_shares_a_capitalised_name_token():
    assert speaker_matches("Barack Obama", "Mr. Obama")
    assert speaker_matches("Mike Pence", "PENCE")
    assert speaker_matches("James O’Neill", "O'Neill")
    assert not speaker_matches("Donald Trump", "Mr. Obama")
    assert not speaker_matches("President Trump", "President Obama")  # titles are not name tokens
    assert not speaker_matches(None, "Obama")


def write_gold(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def tiny_row() -> dict:
    return {
        "id": GOLD.id,
        "corpus": "test",
        "text": GOLD.text,
        "quotes": [
            {
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "direct": q.direct,
                "speaker": q.speaker,
                "speaker_mention": q.speaker_mention,
                "cue": None,
            }
            for q in GOLD.quotes
        ],
    }


def test_evaluate_with_a_predictor_reads_the_file_and_sums(tmp_path):
    other = {**tiny_row(), "id": "tiny-2"}
    path = write_gold(tmp_path / "gold.jsonl", [tiny_row(), other])
    report = evaluate(path, predictor=lambda article: PREDICTIONS)
    assert len(report.articles) == 2
    assert report.counts.matched_direct == 6 and report.counts.pred_direct == 8
    assert report.counts.metrics()["speaker_accuracy"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json}\n", "not valid JSON"),
        ('{"id": "a", "text": "x"}\n', "'quotes'"),
        (
            '{"id": "a", "text": "abc", "quotes": [{"start": 1, "end": 9, "direct": true}]}\n',
            "outside the text",
        ),
        ('{"id": "a", "text": "abc", "quotes": [{"start": 0, "end": 2, "text": "bc"}]}\n', "wrong offsets"),
        ('{"id": "a", "text": "abc", "quotes": []}\n{"id": "a", "text": "abc", "quotes": []}\n', "duplicate"),
        ("\n\n", "no articles"),
    ],
)
def test_bad_gold_files_raise_gold_file_error(tmp_path, content, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError, match=message):
        load_gold(path)


def test_cli_bad_gold_file_is_one_line_exit_2(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(path), "--engine", "rules"])
    assert result.exit_code == 2
    assert "gold.jsonl:1" in result.stderr and "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["eval", str(tmp_path / "none.jsonl"), "--engine", "rules"])
    assert missing.exit_code == 2 and "no such gold file" in missing.stderr


def test_cli_runs_the_rules_engine_and_writes_details(tmp_path):
    text = (
        "Smith Wins Backing\n\n"
        "“We will win the election this year,” Senator Jane Smith said on Monday.\n\n"
        "Her rival disagreed. Tom Jones said: “The plan is a failure and it must end now.”\n"
    )
    quotes = []
    for needle, mention in (
        ("“We will win the election this year,”", "Senator Jane Smith"),
        ("“The plan is a failure and it must end now.”", "Tom Jones"),
    ):
        start = text.index(needle)
        end = start + len(needle)
        quotes.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "direct": True,
                "speaker": None,
                "speaker_mention": mention,
                "cue": "said",
            }
        )
    path = write_gold(tmp_path / "gold.jsonl", [{"id": "smith", "text": text, "quotes": quotes}])
    details = tmp_path / "details"
    result = CliRunner().invoke(
        cli, ["eval", str(path), "--engine", "rules", "--json", "--details", str(details)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and data["counts"]["gold_direct"] == 2
    assert data["direct_recall"] == 1.0  # both quotes are found
    assert data["speaker_accuracy"] == 1.0
    assert 0 <= data["direct_precision"] <= 1
    per_article = json.loads((details / "smith.json").read_text(encoding="utf-8"))
    assert len(per_article["matched_direct"]) == 2
    assert all(m["speaker_right"] for m in per_article["matched_direct"])
    assert (details / "summary.json").exists()
    text_out = CliRunner().invoke(cli, ["eval", str(path), "--engine", "rules"])
    assert "direct quotes:" in text_out.stdout and "attribution recall:" in text_out.stdout


def test_saved_briefings_from_batch_score_like_the_in_process_run(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", [tiny_row()])
    runner = CliRunner()
    texts, out = tmp_path / "texts", tmp_path / "out"
    assert runner.invoke(cli, ["eval", str(gold), "--export-texts", str(texts)]).exit_code == 0
    assert (texts / "tiny.txt").read_bytes() == TEXT.encode("utf-8")
    batch = runner.invoke(cli, ["batch", str(texts), "-o", str(out), "--engine", "rules", "-f", "json"])
    assert batch.exit_code == 0, batch.output
    saved = runner.invoke(cli, ["eval", str(gold), "--predictions", str(out), "--json"])
    direct = runner.invoke(cli, ["eval", str(gold), "--engine", "rules", "--json"])
    assert saved.exit_code == 0 and direct.exit_code == 0
    keys = ("direct_precision", "direct_recall", "speaker_accuracy", "attribution_recall", "counts")
    assert {k: json.loads(saved.stdout)[k] for k in keys} == {k: json.loads(direct.stdout)[k] for k in keys}


def test_missing_saved_briefing_fails_that_article_only(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", [tiny_row()])
    (tmp_path / "out").mkdir()
    report = evaluate(gold, predictor=saved_predictor(tmp_path / "out"))
    assert len(report.failed) == 1 and "no briefing" in (report.failed[0].error or "")
    assert report.counts.gold_direct == 4 and report.counts.matched_direct == 0


def test_settings_error_stops_the_run_instead_of_failing_every_article(tmp_path):
    from briefing.errors import ConfigError

    gold = write_gold(tmp_path / "gold.jsonl", [tiny_row(), {**tiny_row(), "id": "tiny-2"}])
    calls = []

    def no_key(article):
        calls.append(article.id)
        raise ConfigError("no API key: set OPENAI_API_KEY")

    with pytest.raises(ConfigError):
        evaluate(gold, predictor=no_key)
    assert calls == ["tiny"]


def test_an_engine_crash_on_one_article_is_reported_and_the_rest_scored(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", [tiny_row(), {**tiny_row(), "id": "tiny-2"}])

    def flaky(article):
        if article.id == "tiny":
            raise ValueError("boom")
        return PREDICTIONS

    report = evaluate(gold, predictor=flaky)
    assert [a.id for a in report.failed] == ["tiny"]
    assert "ValueError: boom" in (report.failed[0].error or "")
    assert report.counts.matched_direct == 3 and report.counts.gold_direct == 8
    assert "failed articles:    1" in format_report(report)


def test_in_a_corpus_of_canonical_speakers_a_null_speaker_is_not_checked():
    text = '"Fund our schools," Teachers chanted outside.'
    quote = GoldQuote(1, 17, text[1:17], True, speaker=None, speaker_mention="Teachers")
    pred_ = [Prediction(1, 17, "direct", "Teachers")]
    polnear_style = score_article(GoldArticle("a", text, (quote,)), pred_).counts
    canonical = score_article(GoldArticle("a", text, (quote,), speakers="canonical"), pred_).counts
    assert polnear_style.speaker_total == 1  # the mention is a name: checked against it
    assert canonical.speaker_total == 0  # null: the article never names the source
