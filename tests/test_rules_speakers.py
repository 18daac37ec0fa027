"""Who speaks: the rules engine's speaker for quotes whose source is written as a pronoun, a role
("the mayor"), a description ("the Chicago businessman") or a surname, as a reader of the article
would name them. Every sentence here is made up, in the style of everyday news prose."""

from __future__ import annotations

from rules_helpers import one, run


def actor_names(b):
    return [a.name for a in b.actors]


# ----- pronouns ----------------------------------------------------------------------------------
def test_a_contracted_pronoun_is_resolved_like_the_pronoun():
    b = run(
        "Governor Maria Lopez toured the flooded district on Tuesday.\n\n"
        "She\u2019s arguing that the repairs are \u201cthe state\u2019s first duty\u201d and will not wait."
    )
    q = one(b, "the state\u2019s first duty")
    assert q.speaker == "Maria Lopez"
    assert "She" not in actor_names(b)


# ----- names -------------------------------------------------------------------------------------
def test_a_surname_with_a_particle_is_the_same_person_as_the_full_name():
    b = run(
        "De Vries defends the housing plan.\n\n"
        "Housing Minister Anna de Vries said on Monday that the plan was "
        "\u201csound and fully costed.\u201d\n\n"
        "\u201cWe will build,\u201d De Vries said."
    )
    assert one(b, "sound and fully costed").speaker == "Anna de Vries"
    assert one(b, "We will build").speaker == "Anna de Vries"
    assert [n for n in actor_names(b) if "Vries" in n] == ["Anna de Vries"]


def test_a_place_after_a_preposition_is_not_taken_for_a_person():
    b = run(
        "Mayor Tom Hale said the fire was deliberate.\n\n"
        "At a news conference in Chelsea, the mayor also said there was \u201cno sign\u201d of a wider plot."
    )
    assert one(b, "no sign").speaker == "Tom Hale"
    assert "Chelsea" not in actor_names(b)


def test_a_body_named_on_a_subject_is_one_name():
    b = run(
        "Sen. Mark Doyle criticised the Commission on Public Broadcasting on Friday.\n\n"
        "He said, \u201cThe commission has failed every viewer in this state.\u201d\n\n"
        "\u201cFunding must rise,\u201d the commission said in a statement."
    )
    assert one(b, "has failed every viewer").speaker == "Mark Doyle"
    assert one(b, "Funding must rise").speaker == "Commission on Public Broadcasting"
    assert "Public Broadcasting" not in actor_names(b)


# ----- descriptions ------------------------------------------------------------------------------
def test_a_description_with_a_place_in_it_is_the_person_not_the_place():
    b = run(
        "Real estate developer Richard Hale toured the site on Monday with city officials.\n\n"
        "\u201cWe need change,\u201d the Chicago businessman said, promising \u201cthousands of jobs.\u201d"
    )
    assert one(b, "We need change").speaker == "Richard Hale"


# ----- cue words that are nouns --------------------------------------------------------------------
def test_tweets_after_of_are_a_noun_and_do_not_take_the_quote_from_the_speaker():
    b = run(
        "Sen. Laura Kim says Gov. Tom Reed\u2019s flurry of late-night tweets about the strike was "
        "\u201creckless and beneath the office.\u201d"
    )
    assert one(b, "reckless and beneath the office").speaker == "Laura Kim"
