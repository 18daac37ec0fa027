"""The rules engine on the attribution styles of everyday news prose (wire copy, UK style, US
dailies): what a reader of the briefing sees for each quote: its words, speaker, cue, channel and
what kind of source it rests on."""

from __future__ import annotations

from briefing.article import article_from_text
from briefing.engines.rules import extract


def run(text: str):
    return extract(article_from_text(text))


def one(b, needle, kind=None):
    found = [q for q in b.quotes if needle in q.text and (kind is None or q.type == kind)]
    assert found, f"no quote containing {needle!r} in {[q.text for q in b.quotes]}"
    return found[0]


def source_kind(b, quote):
    kinds = [s.kind for s in b.sources if s.statement is not None and s.statement.start == quote.start]
    assert kinds, f"no source entry for {quote.text!r}"
    return kinds[0]


# ----- who the source is -------------------------------------------------------------------------
def test_anonymous_official_with_an_anonymity_clause_is_an_indirect_quote():
    b = run("A White House official, speaking on condition of anonymity, said the plan was dead.")
    q = one(b, "the plan was dead")
    assert q.type == "indirect" and q.text == "the plan was dead"
    assert q.speaker == "White House official" and q.cue == "said"
    assert source_kind(b, q) == "anonymous"


def test_a_name_that_only_modifies_the_source_noun_is_not_the_speaker():
    b = run("Labour sources said the party's leadership wasn't worried.")
    q = one(b, "leadership wasn't worried")
    assert q.speaker == "Labour sources"
    assert source_kind(b, q) == "anonymous"
    b = run(
        "Kadzik's answers did not go over well, and the meeting deteriorated from there, "
        "said one GOP source in the room."
    )
    q = one(b, "the meeting deteriorated from there")
    assert q.speaker == "one GOP source"


def test_an_office_speaks_for_itself_not_for_the_person_it_serves():
    b = run(
        "Sen. John Smith voted against the bill.\n\n"
        "Smith's office said in a statement that it would \u201creview all options.\u201d"
    )
    q = one(b, "review all options")
    assert q.speaker == "Smith's office"
    assert q.channel == "in a statement"
    office = next(a for a in b.actors if a.id == q.speaker_id)
    assert office.type == "organization"
    assert source_kind(b, q) == "organization"


def test_role_nouns_with_a_prepositional_tail():
    b = run("The relatives watched the video on Thursday, attorneys for the family said.")
    q = one(b, "The relatives watched the video on Thursday")
    assert q.type == "indirect" and q.speaker == "attorneys for the family"


# ----- channels ----------------------------------------------------------------------------------
def test_told_an_outlet_gives_the_channel_without_punctuation():
    b = run("\u201cWe will not back down on this,\u201d Sen. John Smith told CNN on Sunday.")
    q = one(b, "We will not back down")
    assert (q.speaker, q.cue, q.channel) == ("John Smith", "told", "CNN")
    b = run("John Smith was defiant.\n\n'We will not back down on this,' he told the BBC.")
    q = one(b, "We will not back down")
    assert (q.speaker, q.cue, q.channel) == ("John Smith", "told", "the BBC")
    assert q.text == "We will not back down on this"
    b = run("John Smith was defiant.\n\n\u201cWe will not back down,\u201d he told CNN's Jake Tapper.")
    assert one(b, "We will not back down").channel == "CNN"
