"""Sourcing, language notes, actors and positions from the rules engine on made-up paragraphs."""

from __future__ import annotations

from rules_helpers import run

from briefing.rules.cues import BELIEF_FORMS, CUE_FORMS, WordIndex, find_cue_words
from briefing.rules.lexicon import LOADED_TERMS


def kinds(b):
    return [s.kind for s in b.sources]


def test_each_kind_of_ground():
    b = run(
        "The mayor resigned on Friday after a long dispute over the budget and the city's debt.\n\n"
        "The plan is widely seen as a failure by residents of the northern districts.\n\n"
        "The budget was cut by a third, officials who asked not to be named said.\n\n"
        "The deficit doubled last year, according to a report by the city auditor.\n\n"
        "Reuters reported that the council would meet again on Monday."
    )
    by_kind = {s.kind: s for s in b.sources}
    assert by_kind["outlet_voice"].statement.text.startswith("The mayor resigned")
    assert any(e.text == "widely seen" for e in by_kind["vague"].evidence)
    assert "anonymous" in by_kind
    assert "document" in by_kind
    media = by_kind["media"]
    assert b.actor(media.actor_id).name == "Reuters"
    text = b.article.text
    for s in b.sources:
        assert text[s.statement.start : s.statement.end] == s.statement.text
        for e in s.evidence:
            assert text[e.start : e.end] == e.text


def test_language_notes_skip_quoted_words():
    b = run("The regime arrested 40 people. “This regime must go,” said Ana Ruiz, an opposition leader.")
    notes = [n for n in b.language_notes if n.term == "regime"]
    assert len(notes) == 1 and notes[0].span.start == 4  # only the outlet's own "regime"
    assert "outlet's own voice" in notes[0].note


def test_the_rules_engine_states_no_positions_but_names_the_speaker_with_their_role():
    b = run("“We will cut taxes for families,” Sen. Ana Ruiz said on Tuesday.")
    assert b.positions == []  # summarising what someone wants is the llm engine's work
    ruiz = b.actor(b.quotes[0].speaker_id)
    assert ruiz.name == "Ana Ruiz" and ruiz.role == "Sen."


def test_group_and_anonymous_speakers_are_actors_of_type_group():
    b = run("Critics say the tax will hurt small firms.")
    q = b.quotes[0]
    assert q.type == "indirect" and q.speaker == "Critics"
    assert b.actor(q.speaker_id).type == "group"
    assert kinds(b) == ["vague"]


def test_cue_scan_matches_the_full_pattern():
    text = "She said it, he told them, they pointed out and it was according to plan; says who?"
    found = [m.group() for m in find_cue_words(text)]
    assert found == ["said", "told", "pointed out", "says"]
    assert {"said", "told", "denied", "claimed"} <= CUE_FORMS
    assert not BELIEF_FORMS & CUE_FORMS  # beliefs and intentions are not quotes


def test_word_index_finds_only_registered_first_words():
    idx = WordIndex("The regime, a regime.")
    from briefing.rules.sourcing import _LOADED_FIRST, _LOADED_RE

    assert [m.group() for m in idx.finditer(_LOADED_RE, _LOADED_FIRST)] == ["regime", "regime"]
    assert "regime" in LOADED_TERMS
