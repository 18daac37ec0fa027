"""The llm engine against faults: constructed cassettes (see cassettes/constructed/README.md).

Rate limits are waited out as the server asks, server errors and unusable answers end in the
rules result with a warning, and a made-up quote never becomes a quote.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import LLMSettings
from briefing.llm import engine as llm
from briefing.render.formats import render

ROOT = Path(__file__).resolve().parent.parent
HALLUCINATION = "The Hague"

pytestmark = [pytest.mark.block_network, pytest.mark.vcr]


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes" / "constructed")


@pytest.fixture
def base(pinned_rules):
    return pinned_rules("constructed-abrams")


@pytest.fixture
def sent(monkeypatch):
    """The messages of every chat request the engine sends (a spy on the openai client)."""
    from openai.resources.chat.completions import Completions

    calls: list[list[dict]] = []
    original = Completions.create

    def spy(self, *args, **kwargs):
        calls.append(list(kwargs.get("messages", [])))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Completions, "create", spy)
    return calls


def run(base, sleeps=None, **settings):
    return llm.extract(
        base.article, LLMSettings(**settings), base=base, sleep=([] if sleeps is None else sleeps).append
    )


@pytest.mark.default_cassette("429-then-success.yaml")
def test_429_waits_as_told_then_succeeds(llm_env, base, vcr):
    sleeps: list[float] = []
    result = run(base, sleeps)
    assert sleeps == [3.0]  # the Retry-After header, not the default backoff
    assert result.engine == "llm"
    assert (result.usage.calls, result.usage.retries, result.usage.reasks) == (2, 1, 0)
    assert result.usage.prompt_tokens == 1500 and result.usage.completion_tokens == 400
    assert vcr.all_played

    quotes = {q.id: q for q in result.quotes}
    assert quotes["Q2"].speaker == "Elliott Abrams"
    assert quotes["Q2"].channel == "the New York Times"
    cue = quotes["Q2"].cue_span
    assert cue is not None and result.article.text[cue.start : cue.end] == "quoted him as saying"
    assert quotes["Q4"].speaker == "Michelle Bachelet"
    # The indirect statement is grounded by the program: offsets point at the words.
    indirect = [q for q in result.quotes if q.type == "indirect"]
    assert len(indirect) == 1 and indirect[0].grounding == "exact"
    assert result.article.text[indirect[0].start : indirect[0].end].startswith("The United States will not")
    assert indirect[0].paragraph == 3 and indirect[0].engine == "llm"
    abrams = next(a for a in result.actors if a.name == "Elliott Abrams")
    assert abrams.engine == "llm" and "Abrams" in abrams.aliases
    assert all(result.article.text[m.start : m.end] in ("Elliott Abrams", "Abrams") for m in abrams.mentions)
    assert len(abrams.mentions) >= 5
    position = next(p for p in result.positions if p.actor_id == abrams.id)
    assert set(position.evidence) == {indirect[0].id, "Q3"}
    vague = [s for s in result.sources if s.kind == "vague"]
    assert vague and vague[0].evidence[0].text == "is widely believed" and vague[0].paragraph == 10


@pytest.mark.default_cassette("hallucinated-quote.yaml")
def test_made_up_quote_is_reasked_then_dropped_never_shown(llm_env, base, vcr, sent):
    result = run(base, max_reasks=2)
    assert vcr.play_count == 3 and result.usage.reasks == 2
    # The re-ask names the failing items.
    reask = sent[1][-1]["content"]
    assert "statement I2" in reask and "is not in the article" in reask and "Q99" in reask
    assert result.engine == "llm"
    assert not any(HALLUCINATION in q.text for q in result.quotes)
    assert not any(HALLUCINATION in p.summary for p in result.positions)
    dropped = [d for d in result.diagnostics if d.item == "statement I2"]
    assert dropped and dropped[0].level == "warning" and "not in the article" in dropped[0].message
    # The made-up words appear nowhere in the output, not even in the diagnostics.
    assert HALLUCINATION not in render(result, "md") and HALLUCINATION not in render(result, "json")
    # The grounded part of the same answer is kept.
    assert {q.id: q.speaker for q in result.quotes}["Q7"] == "Elliott Abrams"

    again = run(base, max_reasks=2)  # same article, model and prompt: served from the cache
    assert vcr.play_count == 3
    assert (again.usage.calls, again.usage.cache_hits) == (0, 1)
    assert [q.model_dump() for q in again.quotes] == [q.model_dump() for q in result.quotes]


@pytest.mark.default_cassette("500.yaml")
def test_server_errors_fall_back_to_rules_with_a_warning(llm_env, base, vcr):
    sleeps: list[float] = []
    result = run(base, sleeps, max_retries=2)
    assert vcr.play_count == 3 and len(sleeps) == 2 and result.usage.retries == 2
    assert result.engine == "rules"
    assert [q.model_dump() for q in result.quotes] == [q.model_dump() for q in base.quotes]
    warning = [d for d in result.diagnostics if d.level == "warning"]
    assert warning and "HTTP 500" in warning[0].message and "rules" in warning[0].message


@pytest.mark.default_cassette("truncated-json.yaml")
def test_an_answer_cut_off_is_not_thrown_away_and_what_it_missed_is_asked_again(llm_env, base, vcr, sent):
    result = run(base)
    assert vcr.play_count == 2 and result.usage.calls == 2 and result.usage.salvaged == 1
    assert result.engine == "llm"
    assert not [d for d in result.diagnostics if "llm engine failed" in d.message]
    note = next(d.message for d in result.diagnostics if "cut off" in d.message)
    assert "were kept" in note and "asked again" in note
    # the follow-up shows only the paragraphs from the first candidate to the last (p5-p11)
    follow_up = sent[1][-1]["content"]
    assert "\np5 " in follow_up and "\np11 " in follow_up and "\np3 " not in follow_up
    quotes = {q.id: q for q in result.quotes}
    assert quotes["Q2"].speaker == "Elliott Abrams" and quotes["Q2"].engine == "llm"


@pytest.mark.default_cassette("cut-off-in-attributions.yaml")
def test_complete_attributions_of_a_cut_off_answer_are_kept_and_only_the_rest_asked_again(llm_env, base, vcr,
                                                                                          sent):
    result = run(base)
    assert vcr.play_count == 2 and result.usage.salvaged == 1 and result.engine == "llm"
    quotes = {q.id: q for q in result.quotes}
    # from the cut-off answer: Q2, Q3 (Abrams) and Q4 (Bachelet); from the follow-up: Q6 (Trump), Q7, Q8
    assert [quotes[q].speaker for q in ("Q2", "Q3", "Q4")] == ["Elliott Abrams", "Elliott Abrams",
                                                                "Michelle Bachelet"]
    assert quotes["Q6"].speaker == "Donald Trump" and quotes["Q6"].engine == "llm"
    assert quotes["Q8"].speaker == "Elliott Abrams" and quotes["Q8"].engine == "llm"
    follow_up = sent[1][-1]["content"]
    assert "Q1, Q5, Q6, Q7, Q8" in follow_up or "Q1" in follow_up.split("QUOTE CANDIDATES:")[1]


def test_the_complete_items_of_cut_off_json_are_read_and_the_unfinished_one_dropped():
    from briefing.llm.salvage import complete_items

    cut = ('{"actors": [{"id": "N1", "name": "A"}], '
           '"attributions": [{"quote": "Q1", "speaker": "N1"}, {"quote": "Q2", "sp')
    assert complete_items(cut) == {"actors": [{"id": "N1", "name": "A"}],
                                   "attributions": [{"quote": "Q1", "speaker": "N1"}]}
    # cut inside a string of the last item: that item is dropped, not kept without the field
    cut = '{"attributions": [{"quote": "Q1", "speaker": "N1"}, {"quote": "Q2", "speaker": "N1", "cue": "sai'
    assert complete_items(cut) == {"attributions": [{"quote": "Q1", "speaker": "N1"}]}
    assert complete_items('{"attributions": [{"quo') is None
    assert complete_items("I cannot") is None


@pytest.mark.default_cassette("schema-invalid.yaml")
def test_schema_invalid_answers_are_reasked_then_fall_back(llm_env, base, vcr, sent):
    result = run(base, max_reasks=2)
    assert vcr.play_count == 3 and result.usage.reasks == 2 and result.usage.calls == 3
    assert "type" in sent[1][-1]["content"]  # the validation error went back to the model
    assert result.engine == "rules"
    assert any("failed validation" in d.message for d in result.diagnostics)
    assert result.usage.prompt_tokens == 3 * 1500  # usage is summed over every attempt


@pytest.mark.default_cassette("hallucinated-quote.yaml")
def test_cli_renders_no_made_up_quote_and_a_rerun_makes_no_request(llm_env, vcr):
    from click.testing import CliRunner

    from briefing.cli import cli

    args = ["generate", str(ROOT / "tests" / "fixtures" / "abrams-maduro.txt"), "--engine", "llm"]
    first = CliRunner().invoke(cli, [*args, "-f", "md"])
    assert first.exit_code == 0, first.output
    assert HALLUCINATION not in first.stdout
    assert "usage: 3 request(s)" in first.stderr and "2 re-asks" in first.stderr
    assert "dropped" in first.stderr
    second = CliRunner().invoke(cli, [*args, "-f", "md"])
    assert second.exit_code == 0 and vcr.play_count == 3  # nothing more was requested
    assert "usage: 0 request(s)" in second.stderr and "1 cache hit(s)" in second.stderr
    assert second.stdout.split("*LLM usage")[0] == first.stdout.split("*LLM usage")[0]


@pytest.mark.default_cassette("429-then-success.yaml")
def test_every_request_including_a_retry_waits_for_the_rate_limit(llm_env, base, vcr, monkeypatch):
    from briefing import ratelimit

    slots: list[int] = []

    class CountingLimiter:
        def acquire(self, stop=None):
            slots.append(1)
            return True

    monkeypatch.setattr(ratelimit, "_active", CountingLimiter())
    result = run(base, [])
    assert result.usage.calls == 2 and result.usage.retries == 1
    assert len(slots) == 2  # the first request and its retry after the 429 each took a slot


class _Planted:
    """A pickle payload: unpickling it would create the file ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.mark.default_cassette("429-then-success.yaml")
@pytest.mark.parametrize("planted", ["pickle", "not json", "foreign json"])
def test_an_entry_planted_in_the_cache_is_a_miss_with_a_warning_never_code(
    llm_env, base, vcr, tmp_path, planted
):
    import diskcache

    first = run(base)  # fills the cache
    assert first.engine == "llm" and first.usage.cache_hits == 0
    marker = tmp_path / "code-ran"
    with diskcache.Cache(str(llm_env)) as raw:  # diskcache's default disk pickles what is not text
        keys = list(raw.iterkeys())
        assert keys
        for key in keys:
            forged = {"pickle": _Planted(marker), "not json": "{not json", "foreign json": '{"model": "{}"}'}
            raw.set(key, forged[planted])
    vcr.allow_playback_repeats = True
    again = run(base)  # the entry is ignored: the model is asked again (the replay may say 429)
    assert not marker.exists(), "a cache entry was unpickled"
    assert again.usage.cache_hits == 0 and again.usage.calls >= 1
    warnings = [d.message for d in again.diagnostics if "llm cache: ignored an entry" in d.message]
    assert warnings, again.diagnostics
