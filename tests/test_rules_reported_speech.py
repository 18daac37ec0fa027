"""Reported speech in news prose: where the content of a "said", "told", "according to" statement
starts and ends, and which quotations count as quotes. Made-up sentences in the style of wire copy
and US/UK dailies; each test checks the words a reader of the briefing would see."""

from __future__ import annotations

from rules_helpers import one, run


def texts(b, kind=None):
    return [q.text for q in b.quotes if kind is None or q.type == kind]


# ----- where the content starts --------------------------------------------------------------
def test_told_an_audience_that_starts_at_the_first_that():
    b = run(
        "Maria Lopez told the debate audience that she believes the city must keep the policies "
        "that help poorer districts."
    )
    q = one(b, "she believes")
    assert q.text == "she believes the city must keep the policies that help poorer districts"
    assert q.speaker == "Maria Lopez" and q.cue == "told"


def test_a_sentence_opening_and_is_not_part_of_the_content():
    b = run(
        "The clinic was fined twice. And most of its advice is unsupported, according to a "
        "review by the state medical board."
    )
    assert "most of its advice is unsupported" in texts(b, "indirect")


# ----- according to ----------------------------------------------------------------------------
def test_according_to_any_source_phrase_attributes_the_clause():
    for source in (
        "the newspaper",
        "the medical journal",
        "its chief financial officer",
        "court filings",
    ):
        b = run(f"The company lost money last year, according to {source}.")
        q = one(b, "The company lost money last year")
        assert q.type == "indirect" and q.text == "The company lost money last year"
        assert q.speaker == source and q.cue == "according to"


def test_according_to_a_clause_or_an_unresolved_pronoun_is_no_source():
    b = run("The deal is off, according to what we were told.")
    assert not b.quotes


# ----- where the content ends ------------------------------------------------------------------
def test_an_aside_between_two_dashes_does_not_end_the_content():
    b = run(
        "Jim Fowler noted that in 1972 he backed the decision to nominate a new running mate "
        "\u2014 a member of a famous family \u2014 to replace the first one."
    )
    q = one(b, "in 1972")
    assert q.text.endswith("to replace the first one")


def test_a_single_dash_still_ends_the_content():
    b = run("Jim Fowler said the plan would work \u2014 but critics disagreed.")
    assert one(b, "the plan would work").text == "the plan would work"


def test_a_second_source_after_and_ends_the_first_content():
    b = run(
        "Jim Fowler said the reforms were not complete, and human rights groups warned that "
        "the government was losing leverage."
    )
    assert one(b, "the reforms").text == "the reforms were not complete"


def test_a_content_cut_before_a_second_cue_does_not_end_in_and_that():
    b = run("Jim Fowler said the plan had failed, and that officials said nothing.")
    assert one(b, "the plan had failed").text == "the plan had failed"
