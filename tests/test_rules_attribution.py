"""Attribution patterns of the rules engine on short made-up news paragraphs."""

from __future__ import annotations

import pytest
from rules_helpers import one, run


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ("“We will win this race,” Sen. Maria Lopez said on Tuesday.", "Maria Lopez", "said"),
        ("“We will win this race,” said Sen. Maria Lopez.", "Maria Lopez", "said"),
        ("Maria Lopez said: “We will win this race.”", "Maria Lopez", "said"),
        (
            "“We will win this race,” Rep. Tom Hale (R-Ohio) said in a statement.",
            "Tom Hale",
            "said",
        ),
        (
            "“We will win this race,” said John Smith, a spokesman for the campaign.",
            "John Smith",
            "said",
        ),
        ("“We will win this race.” ― Carla Sanchez", "Carla Sanchez", None),
    ],
)
def test_direct_quote_speaker_patterns(text, speaker, cue):
    q = one(run(text), "We will win this race")
    assert q.type == "direct"
    assert q.speaker == speaker
    assert q.cue == cue


def test_surname_and_pronoun_resolve_to_the_full_name():
    b = run(
        "Governor Anna Berg met farmers on Monday.\n\n"
        "“The drought is over,” Berg said. “We can plant again.”\n\n"
        "Later, Mark Olsen, the state’s chief economist, disagreed.\n\n"
        "“It is too early,” he told reporters."
    )
    assert one(b, "The drought is over").speaker == "Anna Berg"
    assert one(b, "We can plant again").speaker == "Anna Berg"  # continuation
    late = one(b, "It is too early")
    assert late.speaker == "Mark Olsen" and late.cue == "told"
    olsen = next(a for a in b.actors if a.name == "Mark Olsen")
    assert olsen.role == "the state’s chief economist"


def test_she_skips_a_male_subject():
    b = run("Sarah Klein, the mayor, spoke after Tom Ruiz left. “We are ready,” she said.")
    assert one(b, "We are ready").speaker == "Sarah Klein"


@pytest.mark.parametrize(
    "text, speaker, content",
    [
        (
            "Maria Lopez said the bill would pass by Friday.",
            "Maria Lopez",
            "the bill would pass by Friday",
        ),
        (
            "The bill would pass by Friday, Maria Lopez said.",
            "Maria Lopez",
            "The bill would pass by Friday",
        ),
        (
            "According to Maria Lopez, the bill would pass by Friday.",
            "Maria Lopez",
            "the bill would pass by Friday",
        ),
        (
            "Maria Lopez told The Washington Post that the bill would pass by Friday.",
            "Maria Lopez",
            "the bill would pass by Friday",
        ),
        (
            "The Associated Press reported that the bill would pass by Friday.",
            "Associated Press",
            "the bill would pass by Friday",
        ),
        (
            "Maria Lopez denied the bill would pass by Friday.",
            "Maria Lopez",
            "the bill would pass by Friday",
        ),
    ],
)
def test_indirect_speech(text, speaker, content):
    b = run(text)
    q = one(b, content, "indirect")
    assert q.text == content
    assert q.speaker == speaker


def test_told_a_newspaper_is_the_channel():
    b = run("Maria Lopez told The Washington Post that the bill would pass by Friday.")
    q = one(b, "the bill would pass", "indirect")
    assert q.cue == "told" and q.channel == "The Washington Post"
    assert b.actor(q.channel_id).type == "media"


def test_intentions_are_not_quotes():
    b = run("Maria Lopez agreed to leave the committee. She wants to run for governor.")
    assert b.quotes == []


def test_unattributed_scare_quotes_are_not_quotes():
    b = run("The so-called “reform” passed the chamber on Tuesday after a long night.")
    assert b.quotes == []
    assert any("scare quotes" in d.message for d in b.diagnostics)


def test_anonymous_source():
    b = run("The talks collapsed, a source familiar with the negotiations said.")
    q = one(b, "The talks collapsed", "indirect")
    assert q.speaker == "a source familiar with the negotiations"
    assert any(s.kind == "anonymous" for s in b.sources)


def test_quote_after_reported_speech_continues_its_speaker():
    b = run(
        "Senator Ana Ruiz said on Monday that the plan was dead.\n\n"
        "“We will not support it in any form,” Ruiz added.\n\n"
        "“Not now, not later.”"
    )
    assert one(b, "We will not support it").speaker == "Ana Ruiz"
    assert one(b, "Not now, not later").speaker == "Ana Ruiz"
    b = run("Senator Ana Ruiz said on Monday that the plan was dead.\n\n“We will not support it.”")
    assert one(b, "We will not support it").speaker == "Ana Ruiz"


def test_pronoun_after_an_embedded_subject_goes_to_the_speaker():
    b = run("Tom Hale said John Park would not affect his policy. “I decide,” he said.")
    assert one(b, "I decide").speaker == "Tom Hale"


def test_colon_introduces_the_quote():
    b = run("On July 6, Senator Bernie Sanders made the following comment:\n\n“Young people need jobs.”")
    assert one(b, "Young people need jobs").speaker == "Bernie Sanders"
    b = run("President Barack Obama is rolling out a new message: “It's about me.”")
    assert one(b, "It's about me").speaker == "Barack Obama"


def test_titles_and_locators_around_names():
    b = run(
        "“We need answers,” said Rep. Elijah Cummings of Maryland, the panel's ranking Democrat.\n\n"
        "A team of researchers affiliated with several institutions in The Netherlands found that the "
        "tool was 50,000 years old."
    )
    q = one(b, "We need answers")
    assert q.speaker == "Elijah Cummings"
    found = one(b, "the tool was 50,000 years old", "indirect")
    assert found.speaker == "A team of researchers"


WIRE = """Fed holds rates steady as inflation cools

WASHINGTON (Reuters) - The Federal Reserve kept interest rates unchanged on Wednesday, and Chair \
Jerome Powell said the central bank was "not yet confident" that inflation was beaten.

"We are prepared to keep the policy rate at its current level for longer, if appropriate," Powell \
told reporters after the two-day meeting.

Treasury Secretary Janet Yellen, speaking in New York, said the economy remained resilient. She \
warned, however, that risks remained.

"Markets had priced in a cut," said Priya Raman, chief economist at Halcyon Partners. "They will \
be disappointed."

According to a Commerce Department report released Thursday, consumer spending rose 0.4 percent.

A senior official, speaking on condition of anonymity, said the board was divided.

Sen. Elizabeth Warren (D-Mass.) criticized the decision in a statement, calling it "a gift to \
Wall Street."
"""


def test_wire_story():
    b = run(WIRE)
    assert one(b, "We are prepared").speaker == "Jerome Powell"
    assert not any(q.text.startswith("after the two-day") for q in b.quotes)  # an adjunct, not speech
    assert one(b, "risks remained", "indirect").speaker == "Janet Yellen"
    assert one(b, "They will be disappointed").speaker == "Priya Raman"
    report = one(b, "consumer spending rose", "indirect")
    assert b.actor(report.speaker_id).type == "document"
    official = one(b, "the board was divided", "indirect")
    assert official.speaker == "A senior official"
    assert any(s.kind == "anonymous" for s in b.sources)
    warren = one(b, "a gift to Wall Street")
    assert warren.speaker == "Elizabeth Warren" and warren.channel == "in a statement"
    assert next(a for a in b.actors if a.name == "Jerome Powell").role == "Chair"


def test_multi_paragraph_quote_and_channel_at_sentence_end():
    b = run(
        "Governor Anna Berg said: “We will rebuild the bridge this year.\n\n"
        "“We will also fix the roads.”\n\n"
        "'It's over,' Berg told The Guardian."
    )
    q = one(b, "We will rebuild the bridge")
    assert "We will also fix the roads" in q.text and q.speaker == "Anna Berg"
    told = one(b, "It's over")
    assert told.speaker == "Anna Berg" and told.channel == "The Guardian"


def test_what_follows_a_cue_is_not_always_what_was_said():
    b = run(
        "“I stand on the shoulders of Heath Ledger,” Joaquin Phoenix said on Sunday, referring to the "
        "actor who won an Oscar in 2009.\n\n"
        "“We are ready,” Jerome Powell told reporters after the two-day meeting.\n\n"
        "Antigua has been written off as a dying island falling into the sea."
    )
    assert [q.text for q in b.quotes] == ["I stand on the shoulders of Heath Ledger", "We are ready"]


def test_pronouns_skip_capitalised_pairs_that_are_not_people():
    b = run(
        "Xavier Becerra arrived late. “We will sue,” he said. He notes that the Commission on "
        "Presidential Debates changed the rules. “It was unfair,” he said."
    )
    assert {q.speaker for q in b.quotes} == {"Xavier Becerra"}


def test_told_someone_that():
    b = run("On Wednesday, Donald Trump told a crowd in Cleveland that he was troubled by the shooting.")
    q = one(b, "he was troubled", "indirect")
    assert q.text == "he was troubled by the shooting" and q.speaker == "Donald Trump" and q.cue == "told"
