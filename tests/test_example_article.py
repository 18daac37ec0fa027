"""The canonical example (Breitbart on Elliott Abrams and Nicolás Maduro) through the rules engine:
what a journalist checking the briefing would look for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.render.formats import render
from briefing.rules.engine import extract
from briefing.schema import Briefing
from briefing.text.article import load_article

FIXTURE = Path(__file__).parent / "fixtures" / "abrams-maduro.txt"


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return extract(load_article(FIXTURE))


def _quote(b: Briefing, needle: str, kind: str | None = None):
    found = [q for q in b.quotes if needle in q.text and (kind is None or q.type == kind)]
    assert found, f"no quote containing {needle!r}"
    return found[0]


def test_json_round_trips_and_every_quote_is_grounded(briefing):
    data = json.loads(render(briefing, "json"))
    again = Briefing.model_validate(data)
    text = again.article.text
    assert again.quotes
    for q in again.quotes:
        assert text[q.start : q.end] == q.text
        assert q.grounding == "exact"


def test_every_quote_has_the_right_speaker(briefing):
    # the example has no other speakers: Guaidó, Maduro and Cabello are only talked about
    assert {q.speaker for q in briefing.quotes} == {
        "Elliott Abrams",
        "Michelle Bachelet",
        "Donald Trump",
        "Associated Press",
    }
    assert len(briefing.quotes) == 8  # the headline is the outlet's statement, not a quote


def test_ids_are_in_text_order(briefing):
    # Q1 was the headline, set apart as a statement; the other quotes keep their numbers
    assert [q.id for q in briefing.quotes] == [f"Q{i}" for i in range(2, len(briefing.quotes) + 2)]
    assert [q.start for q in briefing.quotes] == sorted(q.start for q in briefing.quotes)
    assert [a.id for a in briefing.actors] == [f"A{i}" for i in range(1, len(briefing.actors) + 1)]
    assert [s.id for s in briefing.sources] == [f"S{i}" for i in range(1, len(briefing.sources) + 1)]


def test_four_full_quotes_by_abrams_first_via_the_new_york_times(briefing):
    # Abrams's four full quotes come as two interrupted quotes (“A,” the Times quoted him as
    # saying. “B.”), each ONE quote as annotated corpora count them, with its passages as parts
    text = briefing.article.text
    direct = [q for q in briefing.quotes if q.type == "direct"]
    assert len(direct) == 2
    assert all(q.speaker == "Elliott Abrams" for q in direct)
    passages = [p for q in direct for p in q.parts]
    assert [p.text.split()[:3] for p in passages] == [
        ["This", "is", "not"], ["We", "don’t", "want"], ["The", "notion", "that"], ["And", "the", "notion"],
    ]
    for q in direct:
        assert q.text.startswith(q.parts[0].text) and q.text.endswith(q.parts[-1].text)
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert "quoted him" not in p.text and "Abrams said" not in p.text  # the article's words
    assert "New York Times" in (direct[0].channel or "")
    assert direct[1].cue == "said"


def test_nested_quote_stays_inside_its_parent(briefing):
    # ‘You need to return to democracy …’ is part of Abrams's last quote, not a quote of its own
    parent = next(q for q in briefing.quotes if "You need to return to democracy" in q.text)
    assert parent.parts[-1].text.startswith("And the notion that there is a pattern")
    assert parent.text.endswith("until he is out of power.’")
    assert parent.speaker == "Elliott Abrams" and parent.type == "direct"
    assert not any(q.nested_in for q in briefing.quotes)


def test_report_fragments_are_bachelets_report(briefing):
    for needle in ("“arbitrary detentions, ill-treatment and torture”", "“shockingly high”"):
        # a partly quoted statement is reported as its clause, the quoted words inside it
        q = _quote(briefing, needle, "partial")
        assert not q.text.startswith("As well as")  # the outlet's own main clause is not hers
        assert q.speaker == "Michelle Bachelet"
        assert q.channel == "Bachelet’s report"
        assert briefing.actor(q.channel_id).type == "document"
    doc_sources = [s for s in briefing.sources if s.kind == "document"]
    assert doc_sources and any("Bachelet’s report" in e.text for e in doc_sources[0].evidence)


def test_trump_claim(briefing):
    q = _quote(briefing, "“at a very high level,”", "partial")
    assert q.text.startswith("the White House was in touch")
    assert q.speaker == "Donald Trump"
    assert q.cue == "claimed"


def test_indirect_statements(briefing):
    told = _quote(briefing, "The United States will not seek to prosecute", "indirect")
    assert told.speaker == "Elliott Abrams" and told.cue == "told"
    assert "New York Times" in told.channel
    assert told.text.endswith("transition to democracy")
    denied = _quote(briefing, "this was the case", "indirect")
    assert denied.speaker == "Elliott Abrams" and denied.cue == "denied"
    ap = _quote(briefing, "the talks were with", "indirect")
    assert ap.speaker == "Associated Press" and ap.cue == "reported"
    assert briefing.actor(ap.speaker_id).type == "media"


def test_the_headline_is_abramss_claim_in_the_outlets_words_not_his_quote(briefing):
    assert not [q for q in briefing.quotes if "Prosecute" in q.text]
    s = next(s for s in briefing.sources if s.headline)
    assert s.paragraph == 1 and briefing.actor(s.actor_id).name == "Elliott Abrams"
    assert not s.quote_ids and s.kind == "named_person"


def test_actor_registry(briefing):
    by_name = {a.name: a for a in briefing.actors}
    abrams = by_name["Elliott Abrams"]
    assert abrams.type == "person"
    assert abrams.role == "the State Department’s special envoy on Venezuela"
    assert "Abrams" in abrams.aliases
    assert by_name["Michelle Bachelet"].role.startswith("United Nations High Commissioner")
    assert by_name["New York Times"].type == "media"
    assert by_name["Associated Press"].type == "media"
    # Pronouns: "the New York Times quoted him as saying" -> him = Abrams
    q = _quote(briefing, "This is not a persecution")
    assert q.speaker_mention.text == "him" and q.speaker_id == abrams.id


def test_sourcing(briefing):
    kinds = {s.kind for s in briefing.sources}
    assert {"named_person", "document", "media", "vague", "outlet_voice"} <= kinds
    vague = [s for s in briefing.sources if s.kind == "vague"]
    evidence = [e.text for s in vague for e in s.evidence]
    assert "widely believed" in evidence
    assert any(e.startswith("Many in Venezuela") for e in evidence)
    outlet = [s.statement.text for s in briefing.sources if s.kind == "outlet_voice"]
    assert any("transformed the country into a dictatorship" in t for t in outlet)
    assert not any("New York Times" in t and len(t) < 40 for t in outlet)


def test_language_notes_only_outside_quotes(briefing):
    terms = {n.term for n in briefing.language_notes}
    assert {"dictator", "regime", "dictatorship"} <= terms
    text = briefing.article.text
    for n in briefing.language_notes:
        assert text[n.span.start : n.span.end] == n.term
        assert not any(q.start <= n.span.start < q.end for q in briefing.quotes if q.type == "direct")


def test_the_rules_engine_states_no_positions_and_the_briefing_groups_quotes_per_actor(briefing):
    # relabelling quotes as positions would only repeat them; "What each actor says" groups them
    assert briefing.positions == []
    md = render(briefing, "md")
    section = md[md.index("## What each actor says") : md.index("## Quotes")]
    abrams = section[section.index("### Elliott Abrams") : section.index("### Michelle Bachelet")]
    assert "Quoted 5 times" in abrams and "90% of all" in abrams
    assert "Position" not in md


def test_markdown_renders(briefing):
    md = render(briefing, "md")
    assert "Elliott Abrams" in md and "Vague sourcing" in md


def test_a_part_outside_its_quote_or_off_the_text_is_rejected(briefing):
    data = json.loads(render(briefing, "json"))
    quote = next(q for q in data["quotes"] if q["parts"])
    quote["parts"][0]["text"] = "We want him to stay"  # words he did not say at that span
    with pytest.raises(ValueError, match="a part of quote"):
        Briefing.model_validate(data)
    quote["parts"][0] = {"start": 0, "end": 5, "text": data["article"]["text"][:5]}  # outside the quote
    with pytest.raises(ValueError, match="a part of quote"):
        Briefing.model_validate(data)
