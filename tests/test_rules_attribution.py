"""Attribution patterns of the rules engine on short made-up news paragraphs."""

from __future__ import annotations

import pytest

from briefing.article import article_from_text
from briefing.engines.rules import extract


def run(text: str):
    return extract(article_from_text(text))


def one(b, needle, kind=None):
    found = [q for q in b.quotes if needle in q.text and (kind is None or q.type == kind)]
    assert found, f"no quote containing {needle!r} in {[q.text for q in b.quotes]}"
    return found[0]


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
