"""Attribution a reader can trust: the eight classes of wrong speaker seen on real news the engine
was not tuned on, each with sentences of its kind (made up, in the style of wire copy), and the
promises that keep a wrong name from being shown: every quote says which rule attributed it and how
sure the engine is, and below the threshold it names no one.
"""

from __future__ import annotations

import pytest

from briefing.rules import extract
from briefing.text.article import article_from_text


def run(text: str, **kwargs):
    return extract(article_from_text(text), **kwargs)


def speakers(text: str, **kwargs) -> dict[str, str | None]:
    """Quote text -> speaker name."""
    return {q.text: q.speaker for q in run(text, **kwargs).quotes}


# ----- 1. non-names as speakers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, junk",
    [
        ("“Files over 10 MB will be rejected,” MB said.", "MB"),
        ("“The deadline is Friday at 5 p.m.,” ET said.", "ET"),
        ("“We will fight this decision,” Newcastle Central said.", "Newcastle Central"),
        ("Eventually, she recalled, “We had no choice but to sell.”", "Eventually"),
    ],
)
def test_a_word_that_is_not_a_name_is_never_a_speaker(text, junk):
    assert junk not in speakers(text).values()


# ----- 2. a role instead of the person it names ---------------------------------------------------


def test_a_role_before_a_name_gives_the_name_and_keeps_the_role():
    briefing = run(
        "Hereditary Chief Na'moks said the pipeline would never cross the territory.\n\n"
        "“We will not move,” Hereditary Chief Na'moks said."
    )
    assert {q.speaker for q in briefing.quotes} == {"Na'moks"}
    actor = next(a for a in briefing.actors if a.name == "Na'moks")
    assert actor.role == "Hereditary Chief"


# ----- 3. a pronoun resolved to the wrong person of the same gender -------------------------------

FEATURE = """Farmers count the cost of the drought

Maria Okafor has farmed the same 40 hectares outside Kibera for thirty years.

“I have never seen the river this low,” she said, standing at the edge of a field of dead maize.

She remembers the last bad year, 2009, when half the village left.

“We thought that was the worst. It was not,” she said.

Agriculture Minister Grace Mwangi visited the region in March with emergency seed.

“The seed came late, and it was the wrong kind,” she said.

Okafor now sells vegetables at the market in town.

“My children will not farm,” she said. “There is nothing here for them.”
"""


def test_a_minister_named_once_does_not_take_the_interviewees_words():
    briefing = run(FEATURE)
    by_text = {q.text: q for q in briefing.quotes}
    seed = by_text["The seed came late, and it was the wrong kind"]
    assert seed.speaker != "Grace Mwangi"
    assert seed.needs_review and seed.speaker is None
    names = {a.id: a.name for a in briefing.actors}
    assert {names[c] for c in seed.speaker_candidates} == {"Grace Mwangi", "Maria Okafor"}
    # the interviewee's other quotes, attributed by "she said" right after her, stay hers
    assert by_text["I have never seen the river this low"].speaker == "Maria Okafor"


# ----- 4. the other side of a dispute -------------------------------------------------------------


def test_a_rebuttal_by_the_other_side_is_not_given_to_the_previous_speaker():
    got = speakers(
        "Union leader Bob Smith said the offer was an insult.\n\n"
        "“We will strike on Monday,” he said.\n\n"
        "But a spokesperson for the employers' federation rejected the claim.\n\n"
        "“The offer is generous and final,” the spokesperson said."
    )
    assert got["We will strike on Monday"] == "Bob Smith"
    assert got["The offer is generous and final"] != "Bob Smith"


def test_activists_demand_is_not_the_company_they_target():
    got = speakers("Activists demanded that Amazon pay its warehouse workers more.")
    assert "Amazon" not in got.values()


# ----- 5. negation lost ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The company had also not announced a timeline for the closures.",
        "The ministry would not confirm that talks had failed.",
        "Jones did not say whether she would run again.",
        "Critics have failed to note that the program helped depressed towns.",
    ],
)
def test_speech_that_did_not_happen_is_no_statement_of_the_speaker(text):
    assert run(text).quotes == []


# ----- 6. verbs that are not speech ------------------------------------------------------------------


def test_adding_dishes_is_not_speech():
    assert run("The restaurant is adding 36 dishes to its menu this spring.").quotes == []


def test_the_place_an_ambassador_is_sent_to_is_not_the_speaker():
    text = ("China’s ambassador to Britain warned that the Chinese government “will not sit on our hands” "
            "if the situation worsens.\n\n"
            "China’s ambassador to Britain Liu Xiaming has said that China has the “resolution and power” "
            "to end the unrest.")
    said = {q.text: q.speaker for q in run(text).quotes}
    assert "Britain" not in said.values() and "Britain Liu Xiaming" not in said.values()
    assert set(said.values()) == {"Liu Xiaming"}


def test_the_same_role_never_named_leaves_the_speaker_unclear_not_the_place():
    text = "Russia’s envoy to the United Nations warned that the council “will regret this vote”."
    assert all(q.speaker not in ("United Nations", "Russia") for q in run(text).quotes)


def test_he_after_a_lead_in_is_the_subject_not_a_name_in_the_object():
    text = ("Patrick Simmons and Michael McDonald played the Ryman.\n\n"
            "McDonald came out during the encore.\n\n"
            "Following a performance of their sing-along jam “Black Water,” "
            "Simmons teed up McDonald’s cameo. "
            "“You might remember him from, well, he has his own band these days,” he said.")
    assert set(speakers(text).values()) == {"Patrick Simmons"}


def test_a_name_inside_a_relative_clause_is_not_the_subject_of_the_cue():
    text = ("Mayor Helen Carver lost the race.\n\n"
            "Derek Lyle, chairman of the Westbridge Taxpayers’ Association, which backed Carver, "
            "said the group would ask a court to review about 300 mail-in ballots.")
    quotes = run(text).quotes
    assert [q.speaker for q in quotes if q.text.startswith("the group would ask")] == ["Derek Lyle"]


def test_sung_words_go_to_the_singer_and_a_song_is_no_claim():
    text = ("In a preview clip, Mary J. Blige sings Bruce Springsteen’s “American Skin” "
            "to Hillary Clinton.\n\n"
            "“Promise mama you’ll keep your hands in sight,” Blige sings to Clinton before asking her, "
            "“I just want to know, where do we go from here?”")
    quotes = run(text).quotes
    assert {q.text: q.speaker for q in quotes if q.type == "direct"} == {
        "Promise mama you’ll keep your hands in sight": "Mary J. Blige",
        "I just want to know, where do we go from here?": "Mary J. Blige",
    }
    assert [q.text for q in quotes if q.type == "indirect"] == []  # singing reports nothing


def test_the_figures_reported_by_an_agency_are_not_a_speaker():
    briefing = run("The figures reported by the agency show a sharp rise in arrests.")
    assert all("figures reported" not in (q.speaker or "") for q in briefing.quotes)


@pytest.mark.parametrize(
    ("text", "not_speaker"),
    [
        ("Smith was told by the mayor that the bridge would reopen in March.", "Smith"),
        ("Growing Up Weightless, a story of political intrigue on the moon, is told not by the "
         "diplomats and governors, but by their children.", "Growing Up Weightless"),
        ("Ariel Quiros was accused of using $50 million for personal expenses.", "Ariel Quiros"),
        ("Mike Pence was declared the debate winner on social media Tuesday night.", "Mike Pence"),
    ],
)
def test_the_subject_of_a_passive_verb_of_saying_is_not_its_speaker(text, not_speaker):
    briefing = extract(article_from_text("Headline\n\n" + text), min_confidence=0.0)
    assert not_speaker not in {q.speaker for q in briefing.quotes}


@pytest.mark.parametrize(
    "text",
    [
        "He wrote handbooks for the GURPS and Paranoia role-playing game systems.",
        "Connie Mariano wrote a memoir of her time at the White House.",
    ],
)
def test_writing_a_thing_is_not_reporting_words(text):
    assert extract(article_from_text("Headline\n\n" + text)).quotes == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Smith wrote in a letter that the bridge would reopen.", "Smith"),
        ("“The bridge will reopen,” wrote the group's lawyer.", "group's lawyer"),
        ("“I was unable to stand,” wrote 43-year-old Martin Taylor of Aberdeenshire.", "Martin Taylor"),
    ],
)
def test_writing_that_reports_words_keeps_its_writer(text, speaker):
    quotes = extract(article_from_text("Headline\n\n" + text), min_confidence=0.0).quotes
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Derek Lyle, chairman of the association, said the group would ask a court to review the ballots.",
        "Officials said the videos showed Scott leaving his car when asked to do so by police.",
    ],
)
def test_a_verb_of_saying_is_never_part_of_a_speakers_name(text):
    quotes = extract(article_from_text("Headline\n\n" + text), min_confidence=0.0).quotes
    speakers = {q.speaker for q in quotes}
    assert not any(s and s.split()[0].lower() == "said" for s in speakers), speakers


def test_a_plural_noun_after_a_preposition_is_not_a_cue():
    briefing = run("The Trump campaign did not immediately respond to requests for comment.")
    assert briefing.quotes == []
    assert [s.kind for s in briefing.sources] == ["outlet_voice"]


# ----- 7. a person's claim filed as the outlet's own voice ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hawaii, as one of Mr. Obama's climate advisers pointed out, normally does not get two hurricanes.",
        "The mayor of Orvelstad defended the response.",
        "Economist Sarah Green argued that the tax was unfair to renters.",
    ],
)
def test_a_sentence_resting_on_someone_is_not_the_outlets_voice(text):
    kinds = {s.kind for s in run(text).sources}
    assert kinds and "outlet_voice" not in kinds


# ----- 8. numbers cut at their comma ----------------------------------------------------------------


def test_a_number_is_not_cut_at_its_thousands_separator():
    briefing = run("The agency warned of shortages, citing figures showing more than 104,000 people left.")
    assert [q.text for q in briefing.quotes] == ["figures showing more than 104,000 people left"]


# ----- what every quote carries ----------------------------------------------------------------------


def test_every_quote_says_which_rule_attributed_it_and_how_sure_the_engine_is():
    briefing = run(FEATURE + "\n\nThe ministry said the seed had been delivered on time.")
    assert briefing.quotes
    for q in briefing.quotes:
        assert q.via
        assert q.confidence is not None and 0 <= q.confidence <= 1
        assert q.needs_review == (q.speaker is None)


def test_no_speaker_is_named_below_the_threshold_and_all_are_above_zero():
    everyone = run(FEATURE, min_confidence=0.0)
    nobody = run(FEATURE, min_confidence=1.0)
    assert all(q.speaker for q in everyone.quotes)
    assert all(q.speaker is None and q.needs_review for q in nobody.quotes)
    assert all(q.speaker_candidates for q in nobody.quotes)  # who it could be, never asserted


def test_a_statement_whose_issuer_the_article_does_not_show_is_unclear():
    issued = run(
        "Big Machine Records issued a statement on Monday.\n\n"
        "“We were shocked to see these claims,” the statement read."
    )
    unowned = run("The label denied it.\n\n“We were shocked to see these claims,” the statement read.")
    assert [q.speaker for q in issued.quotes] == ["Big Machine Records"]
    [q] = unowned.quotes
    assert q.speaker is None and q.needs_review  # someone's words; the engine cannot say whose


def test_a_source_described_where_it_speaks_is_shown_not_left_unclear():
    # "far" measures the distance back to an antecedent: "The mayor said" and "A new poll shows"
    # have none, so nothing about them is doubtful
    briefing = run(
        "Long\n\nThe mayor said on Monday that taxes would rise.\n\n"
        "A new poll shows that the race remains tight, with neither candidate ahead."
    )
    assert [(q.speaker, q.needs_review) for q in briefing.quotes] == [("mayor", False), ("A new poll", False)]


def test_words_after_a_verb_are_no_source_as_written():
    # "… as “entirely true” compared to 11% of Republican claims": "compared to 11% of Republican"
    # is no one; the quote is left unclear rather than credited to it
    b = run(
        "Ratings\n\n"
        "PolitiFact rated 22% of Democratic claims as \u201centirely true\u201d compared to 11% of "
        "Republican claims \u2013 a 2 to 1 margin."
    )
    assert not any(q.speaker and q.speaker.startswith("compared") for q in b.quotes)
