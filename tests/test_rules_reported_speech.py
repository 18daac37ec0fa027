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


def test_content_on_both_sides_of_a_cue_with_an_object_and_a_time():
    b = run(
        "Larry King is a talk show host. The difference now, he told me on Friday, is that he "
        "anchors a straight news program."
    )
    q = one(b, "The difference now")
    assert q.text == "The difference now, he told me on Friday, is that he anchors a straight news program"
    assert q.cue == "told"


def test_a_verb_inside_the_that_clause_does_not_cut_the_content_short():
    b = run(
        "Ted Cruz spoke in Cleveland. The truth, the senator said then, was that Trump had "
        "personally attacked his wife and his father."
    )
    q = one(b, "The truth")
    assert q.text.endswith("attacked his wife and his father") and q.cue == "said"


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


def test_but_with_a_verb_and_no_subject_continues_the_content():
    b = run(
        "Callers to the radio show said they had doubts about the candidate, but could not bear "
        "to stay home."
    )
    assert one(b, "they had doubts").text.endswith("could not bear to stay home")
    b = run("Jim Fowler said the plan would work, but critics said it would fail.")
    assert one(b, "the plan would work").text == "the plan would work"


def test_an_appositive_gloss_after_a_name_with_a_party_tag_is_not_content():
    b = run(
        "Those close to him say he would have to consider Rep. Don Beyer (D-Va.), a former "
        "lieutenant governor and ambassador who can raise the cash to run statewide."
    )
    assert one(b, "he would have to consider").text == "he would have to consider Rep. Don Beyer (D-Va.)"


def test_a_cue_inside_a_relative_clause_reports_the_relative_clause():
    b = run(
        "The park is near the football stadium, which, Tompkins said, is usually full of "
        "activities on game days."
    )
    q = one(b, "usually full")
    assert q.text == "which, Tompkins said, is usually full of activities on game days"


def test_a_second_that_clause_is_the_same_speakers_content():
    # "said that A, and that B": one statement (B is Fowler's too), not cut before "officials"
    b = run("Jim Fowler said the plan had failed, and that officials said nothing.")
    assert one(b, "the plan had failed").text == "the plan had failed, and that officials said nothing"


# ----- an interrupted quotation is one quote (PARC/PolNeAR count, MERGE_* switches on) ----------
def test_a_gloss_after_the_attribution_does_not_split_the_quote():
    b = run(
        "\u201cWe remain open to talks,\u201d the minister said, referring to the northern "
        "republic by its official name. \u201cSadly, it has chosen a different path.\u201d"
    )
    (q,) = b.quotes
    assert q.type == "direct"
    assert q.text.startswith("We remain open") and q.text.endswith("a different path.")


def test_a_lower_case_continuation_after_a_gloss_is_the_same_sentence():
    b = run(
        "\u201cEvery time you say that,\u201d Sen. Jane Roe said, referring to the excuse, "
        "\u201cyou help the people who want to break up the banks.\u201d"
    )
    (q,) = b.quotes
    assert q.text.startswith("Every time") and q.text.endswith("break up the banks.")
    assert q.speaker == "Jane Roe"


def test_a_second_cue_that_brings_new_words_still_splits_the_quote():
    b = run("\u201cWe can\u2019t afford it,\u201d Trump said, adding, \u201cNATO costs a lot.\u201d")
    assert texts(b) == ["We can\u2019t afford it", "NATO costs a lot."]


def test_a_fragment_the_outlets_sentence_goes_on_from_is_not_merged_into_the_quote_before():
    b = run(
        "\u201cThis just isn\u2019t right,\u201d Sen. Jane Roe said. \u201cYou squeezed employees to "
        "the breaking point\u201d to drive up the stock price, she said."
    )
    assert one(b, "This just").text == "This just isn\u2019t right"
    assert "You squeezed" not in one(b, "This just").text


def test_any_verb_then_a_name_between_two_parts_joins_them():
    b = run(
        "\u201cThose goats were so smart,\u201d remembers Jane Roe, coordinator of the programme, "
        "with a laugh. \u201cThey would look at our snares, and jump over them.\u201d"
    )
    (q,) = b.quotes
    assert q.text.endswith("jump over them.") and q.speaker == "Jane Roe"


def test_a_time_adjunct_after_the_attribution_does_not_split_the_quote():
    b = run(
        "\u201cEvery year we wait, the bill gets bigger,\u201d Laura Whitcombe told reporters after "
        "the vote. \u201cThis is not a partisan issue.\u201d"
    )
    (q,) = b.quotes
    assert q.text.endswith("not a partisan issue.") and q.speaker == "Laura Whitcombe"


def test_a_second_speech_act_between_the_parts_splits_them():
    b = run(
        "\u201cKeep your hands in sight,\u201d Jane Roe sings to the crowd before asking them, "
        "\u201cWhere do we go from here?\u201d"
    )
    assert len(b.quotes) == 2

    b = run(
        "\u201cWe are looking at the needs of voters,\u201d Jane Roe said, going on to contrast the two "
        "plans. \u201cSo I would say to young people: look at the issues.\u201d"
    )
    assert len(b.quotes) == 2


# ----- mixed quotes: a paraphrased lead-in with quoted fragments ---------------------------------
def test_a_capitalised_cue_word_inside_a_name_is_no_cue():
    b = run(
        "The results, published in the journal Tropical Medicine Reports, were \u201cthe strongest "
        "evidence yet,\u201d said Dr. Amina Otieno, who led the trial."
    )
    assert not [t for t in texts(b) if "said Dr." in t]
    q = one(b, "strongest evidence", "partial")
    assert q.text.startswith("The results, published") and q.text.endswith("evidence yet,\u201d")
    assert q.speaker == "Amina Otieno"

def test_a_clause_with_two_fragments_stops_where_the_last_fragment_says():
    b = run(
        "Mayor Jane Roe said on Friday that the deal was \u201cdisgusting\u201d and \u201ca con\u201d "
        "and encouraged residents to \u201cstay home\u201d on Monday."
    )
    q = one(b, "disgusting")
    assert q.text == "the deal was \u201cdisgusting\u201d and \u201ca con\u201d"
    assert q.type == "partial" and q.speaker == "Jane Roe"


def test_a_mixed_quote_stops_before_a_second_verb_with_its_own_object():
    b = run(
        "When attacks happen, Jane Roe and John Doe call the attackers \u201clone wolves\u201d and "
        "describe their actions as crimes."
    )
    assert one(b, "lone wolves").text == "the attackers \u201clone wolves\u201d"


def test_a_mixed_quote_stops_at_a_hyphen_used_as_a_dash():
    b = run(
        "Another critic, Prof. Jane Roe, likened the rules to \"burning the Constitution\" - a charge "
        "that stung."
    )
    assert one(b, "burning").text == 'the rules to "burning the Constitution"'


def test_a_fragment_closing_a_fronted_clause_does_not_take_the_main_clause():
    b = run(
        "Jane Roe wrote a memoir. After saying her foot was \u201cso swollen I could barely walk,\u201d "
        "she was \u201crushed off to hospital\u201d for tests."
    )
    q = one(b, "so swollen")
    assert q.text == "her foot was \u201cso swollen I could barely walk,\u201d"


def test_two_fragments_joined_by_and_that_stay_one_statement():
    b = run(
        'Police also said the videos were "inconclusive" and that the footage did not show whether '
        "he had a gun."
    )
    q = one(b, "inconclusive")
    assert q.text.endswith("whether he had a gun")


def test_a_parenthetical_cue_inside_a_mixed_quote_keeps_both_sides():
    b = run(
        "Jonas Kask runs a bakery in the old town. Prices were rising, Kask told the Velda Post, "
        "and \u201cevery month of high rates costs jobs.\u201d"
    )
    q = one(b, "every month", "partial")
    assert q.text.startswith("Prices were rising, Kask told the Velda Post, and")
    assert q.speaker == "Jonas Kask"


def test_a_statement_in_a_sentence_opening_clause_stops_before_the_main_clause():
    b = run(
        "Mayor Jane Roe spoke on Monday. Though she called the bank's conduct \u201coutrageous\u201d "
        "and called for pay to be \u201cclawed back\u201d from executives, Roe stopped short of "
        "breaking up banks."
    )
    assert one(b, "clawed back").text == "for pay to be \u201cclawed back\u201d from executives"
    b = run(
        "After campaign aides insisted in June that the president would not campaign, the "
        "campaign has appeared to change course."
    )
    assert one(b, "the president would not campaign").text == "the president would not campaign"


def test_what_someone_called_a_quoted_name_is_a_noun_phrase_in_the_outlets_sentence():
    b = run(
        "The bank's focus on what several senators called \u201cfraud\u201d led Sen. Jon Tester to "
        "raise breaking it up."
    )
    assert one(b, "fraud").text == "what several senators called \u201cfraud\u201d"
    b = run(
        "Jane Roe says she admired the rival's courage through what she calls a \u201cwar of "
        "unpleasant words.\u201d"
    )
    q = one(b, "war of", "partial")
    assert q.text.startswith("she admired the rival's courage through what she calls")


def test_plural_title_abbreviations_do_not_end_a_sentence():
    b = run("The report led Sens. Jon Tester and Jane Roe to seek hearings, the aide said.")
    assert one(b, "The report led").text == "The report led Sens. Jon Tester and Jane Roe to seek hearings"


# ----- headlines ---------------------------------------------------------------------------------
def _headline(b):
    (s,) = [s for s in b.sources if s.headline]
    return s


def test_a_quoted_fragment_in_a_title_case_headline_is_reported_with_its_clause():
    # the headline is the outlet's summary: a statement with its clause, never a quote
    b = run(
        "Governor Calls Council Plan \u2018A Disgrace\u2019 Over Budget Cuts\n\n"
        "The governor spoke on Monday."
    )
    assert not b.quotes
    assert _headline(b).statement.text == "Council Plan \u2018A Disgrace\u2019 Over Budget Cuts"


def test_a_name_and_colon_opening_a_headline_own_the_whole_of_it():
    b = run(
        "Jane Roe: Council Asking Voters To Back Plan \u2018Reeks of Fear\u2019\n\n"
        "Jane Roe, a radio host, spoke on Monday."
    )
    s = _headline(b)
    assert not b.quotes and b.actor(s.actor_id).name == "Jane Roe"
    assert s.statement.text == "Council Asking Voters To Back Plan \u2018Reeks of Fear\u2019"


def test_a_quoted_title_in_a_sentence_is_still_no_quote():
    b = run("Jane Roe appeared on \u201cMeet The Press Today\u201d on Sunday.\n\nShe spoke about taxes.")
    assert not b.quotes


# ----- a source phrase the engine does not know is still the source -----------------------------
def test_an_unknown_source_phrase_before_a_verb_of_saying_is_kept_as_written():
    b = run("The advert's narrator says the senator voted against the bill twice.")
    q = one(b, "the senator voted")
    assert q.type == "indirect" and q.speaker == "The advert's narrator" and q.cue == "says"
    b = run(
        "Jim Fowler said the reforms were not complete, and human rights groups warned that the "
        "government was losing leverage."
    )
    q = one(b, "the government was losing leverage")
    assert q.speaker == "human rights groups" and q.cue == "warned"


def test_a_quote_with_no_better_speaker_takes_the_unknown_phrase():
    b = run("\u201cWe are leaving,\u201d the 34-year-old mother of three replied.")
    assert one(b, "We are leaving").speaker == "the 34-year-old mother of three"


def test_no_source_from_a_passive_a_relative_object_or_a_verb_that_is_no_speech():
    for text in (
        "While a curfew was announced from midnight, the police did not enforce it.",
        "The council held a meeting, which local media claimed was a sham, on Monday.",
        "The state had added an extra week to the school calendar.",
    ):
        assert texts(run(text), "indirect") == [], text


def test_what_a_speaker_says_after_a_comma_and_before_a_quotation_is_the_quotation():
    b = run(
        "Jane Roe defended the plan. And when pressed on why it leaves out fathers, Jane Roe "
        "replied, \u201cWe will look at that.\u201d"
    )
    assert texts(b) == ["We will look at that."]


# ----- more sources and cues ---------------------------------------------------------------------
def test_a_subject_before_a_parenthetical_is_the_source():
    b = run(
        "Economists were divided. Others, including the Nordic Employers\u2019 Federation, argued "
        "that the cost of waiting was already visible."
    )
    q = one(b, "the cost of waiting")
    assert q.speaker == "Others" and q.cue == "argued"
    b = run(
        "Relatives of the victims, who had gathered outside the court since dawn, said the "
        "sentence was too short."
    )
    assert one(b, "the sentence was too short").speaker == "Relatives of the victims"


def test_which_said_after_according_to_is_the_same_source():
    b = run(
        "The recall follows nine reported fires, according to the Veldan Consumer Authority, "
        "which said none had caused serious injuries."
    )
    q = one(b, "none had caused serious injuries")
    assert q.speaker == "Veldan Consumer Authority" and q.cue == "said"


def test_asked_someone_to_do_something_is_a_request():
    b = run(
        "The regional governor, Matthias Brenner, spoke at a briefing. He asked residents in "
        "low-lying streets to leave while roads were still open."
    )
    q = one(b, "residents in low-lying streets")
    assert q.text == "residents in low-lying streets to leave while roads were still open"
    assert q.speaker == "Matthias Brenner"
    b = run("Two officials, who asked not to be named, said the plan was dead. The family asked for help.")
    assert texts(b) == ["the plan was dead"]


def test_but_also_does_not_end_the_content():
    b = run(
        "Jane Lawrence leads the project. Lawrence says she hopes that people will admire the "
        "island, but also understand the work behind it."
    )
    assert one(b, "she hopes").text.endswith("understand the work behind it")


def test_a_participle_about_the_speaker_is_not_content():
    b = run(
        "The cuts will fall mostly on the sales teams, a person familiar with the matter said, "
        "speaking on condition of anonymity because the details are not public."
    )
    assert one(b, "The cuts").text == "The cuts will fall mostly on the sales teams"
    b = run(
        "Jim Fowler spoke. Though that transition was smooth, he said, replacing her would be much "
        "harder."
    )
    assert one(b, "transition").text.endswith("would be much harder")


# ----- transcripts -------------------------------------------------------------------------------
def test_answers_in_a_q_and_a_transcript_are_the_interviewees_direct_quotes():
    b = run(
        "Mayor Jane Roe announced the budget on Monday.\n\n"
        "Roe later sat down with reporters. The exchange has been edited for length.\n\n"
        "Q: Will taxes rise next year?\n\n"
        "A: No. The budget is balanced without taxes.\n\n"
        "Q: What about the pool?\n\n"
        "A: It reopens in May."
    )
    answers = [q for q in b.quotes if q.type == "direct"]
    assert [q.text for q in answers] == ["No. The budget is balanced without taxes.", "It reopens in May."]
    assert {q.speaker for q in answers} == {"Jane Roe"}
    assert not any("Will taxes rise" in q.text for q in b.quotes)  # the reporter's question


def test_a_paragraph_opening_with_an_initial_is_no_answer():
    b = run("Jane Roe spoke.\n\nA. Lincoln High School will close in June, the district said.")
    assert all(q.type == "indirect" for q in b.quotes)


def test_a_plural_noun_spelled_like_a_verb_is_no_cue():
    b = run(
        "MARENBY, Dec. 14 - Fisheries ministers from the eight member states of the Northern Seas "
        "Council failed to agree on catch limits after talks that ran through the night."
    )
    assert not b.quotes
    b = run("The report states that emissions rose.")
    assert one(b, "emissions rose").cue == "states"


def test_what_a_speaker_did_before_a_participle_is_not_what_they_said():
    b = run(
        "Donald Trump complained about the microphone. Rival Hillary Clinton had mocked the complaint, "
        "saying anybody who complains about a microphone \u201cis not having a good night.\u201d"
    )
    assert not [q for q in b.quotes if "mocked the complaint" in q.text]
