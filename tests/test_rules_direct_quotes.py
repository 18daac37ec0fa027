"""Direct quotes and their speakers in house styles beyond US political copy (magazine features,
UK papers, wire reports): what a reader sees for each quote: its words, type and speaker."""

from __future__ import annotations

from rules_helpers import one, run


def seen(b):
    return [(q.text, q.type, q.speaker) for q in b.quotes]


# ----- inverted attribution with any verb ---------------------------------------------------------
def test_a_closing_mark_then_a_verb_and_a_name_attributes_the_quote_whatever_the_verb():
    b = run(
        "\u201cThose goats were so smart,\u201d remembers Shanna Challenger, coordinator for the "
        "Redonda Restoration Programme, with a laugh. \u201cThey would look at our snares, and jump "
        "over them.\u201d"
    )
    # one quote interrupted by its attribution (the project's count), whatever the verb
    (q,) = b.quotes
    assert (q.type, q.speaker, q.cue) == ("direct", "Shanna Challenger", "remembers")
    assert [p.text for p in q.parts] == [
        "Those goats were so smart",
        "They would look at our snares, and jump over them.",
    ]


def test_a_name_or_pronoun_then_an_unlisted_verb_after_the_quote():
    b = run(
        "Anna Berg runs the shelter.\n\n"
        "\u201cIt was chaos,\u201d Berg laughs. \u201cPure chaos.\u201d\n\n"
        "\u201cWill they ever come back?\u201d she wonders.\n\n"
        "\u201cThe vote was rigged,\u201d tweets Senator Mary Jones, a Republican."
    )
    assert seen(b) == [
        ("It was chaos", "direct", "Anna Berg"),
        ("Pure chaos.", "direct", "Anna Berg"),
        ("Will they ever come back?", "direct", "Anna Berg"),
        ("The vote was rigged", "direct", "Mary Jones"),
    ]



# ----- titles and names in quotation marks are not quotes -----------------------------------------
def test_film_titles_are_not_quotes_of_the_director():
    b = run(
        "'Parasite' scores historic upset at SAG awards\n\n"
        "LOS ANGELES (Reuters) - South Korean thriller \u201cParasite\u201d was the upset winner at the "
        "Screen Actors Guild awards on Sunday.\n\n"
        "\u201cParasite\u201d director Bong Joon Ho said backstage that no-one could predict what might "
        "happen at the Oscars.\n\n"
        "Phoenix\u2019s performance as a loner who finds fame through violence in \u201cJoker\u201d has "
        "swept awards season.\n\n"
        "\u201cI am standing on the shoulders of my favorite actor,\u201d Phoenix said on Sunday."
    )
    assert [q.text for q in b.quotes if q.type != "indirect"] == [
        "I am standing on the shoulders of my favorite actor"
    ]
    assert not any("Parasite" in q.text or "Joker" in q.text for q in b.quotes if q.type != "indirect")
    q = one(b, "no-one could predict")
    assert (q.type, q.speaker) == ("indirect", "Bong Joon Ho")


def test_a_title_inside_reported_speech_leaves_it_reported_speech():
    b = run(
        "But \u201cMrs Maisel\u201d actress Alex Borstein said the comedy prize should have gone to "
        "quirky British comedy \u201cFleabag.\u201d"
    )
    q = one(b, "the comedy prize")
    assert (q.type, q.speaker) == ("indirect", "Alex Borstein")
    assert [x for x in b.quotes if x.type != "indirect"] == []


def test_a_title_followed_by_a_verb_and_a_name_is_not_a_quote():
    b = run("\u201cJoker,\u201d stars Joaquin Phoenix as a loner who finds fame through violence.")
    assert b.quotes == []


# ----- a quote interrupted by its attribution inside one sentence ---------------------------------
def test_the_continuation_after_an_interrupting_cue_is_direct_without_its_marks():
    b = run(
        "The speed of the island\u2019s regrowth shows that conservation works. "
        "\u201cWith a little bit of help,\u201d Challenger says, \u201cnature can recover.\u201d"
    )
    # one quote interrupted by its attribution: its passages are its parts
    (q,) = b.quotes
    assert (q.type, q.speaker) == ("direct", "Challenger")
    assert [p.text for p in q.parts] == ["With a little bit of help", "nature can recover."]
    b = run("\u201cWe tried,\u201d said Tom Hale, the mayor of Leeds, \u201cbut they would not listen.\u201d")
    (q,) = b.quotes
    assert (q.type, q.speaker) == ("direct", "Tom Hale")
    assert [p.text for p in q.parts] == ["We tried", "but they would not listen."]


def test_a_fragment_after_a_full_stop_is_still_a_partial_quote():
    b = run("Jane Roe spoke on Monday. She said the plan was \u201cdead in the water.\u201d")
    q = one(b, "dead in the water")
    assert q.type == "partial" and q.speaker == "Jane Roe"


# ----- a place is not a speaker -------------------------------------------------------------------
def test_they_after_a_group_that_spoke_is_the_group_not_a_country_named_in_passing():
    b = run(
        "A team of researchers affiliated with several institutions in The Netherlands has found "
        "evidence of Neanderthals using birch tar.\n\n"
        "The researchers note that at the time the tool was created, the area where it was found was "
        "at the edges of the Neanderthal range. The researchers believe that the one they found could "
        "have been used for cutting plants. They note that making such a tool suggests that birch tar "
        "was more widely used than has been thought."
    )
    assert not any(q.speaker and "Netherlands" in q.speaker for q in b.quotes)
    q = one(b, "making such a tool")
    assert q.type == "indirect" and q.speaker.lower() == "the researchers" and q.cue == "note"
    # "where it was found", "the one they found": not findings anyone reports
    later = b.article.text.index("The researchers note")
    assert not any(q.cue == "found" and q.start > later for q in b.quotes)


# ----- wire copy ----------------------------------------------------------------------------------
def test_a_description_with_another_office_is_not_the_last_person_named():
    b = run(
        "\"It's a reckless spending spree,\" said Sen. John Thune, R-S.D.\n\n"
        "Asked whether he would veto it, the governor replied: \"Absolutely not.\"\n\n"
        "\"We will win,\" the senator said."
    )
    assert seen(b) == [
        ("It's a reckless spending spree", "direct", "John Thune"),
        ("Absolutely not.", "direct", "governor"),
        ("We will win", "direct", "John Thune"),
    ]


def test_the_person_told_is_not_part_of_the_reported_clause():
    b = run('Treasury Secretary Janet Yellen told reporters the measure would "lower costs for families."')
    q = one(b, "lower costs")
    assert (q.text, q.type, q.speaker) == (
        'the measure would "lower costs for families."',
        "partial",
        "Janet Yellen",
    )
    q = one(run('Jones told the committee he had "no regrets."'), "no regrets")
    assert q.text == 'he had "no regrets."' and q.speaker == "Jones"


# ----- quotes introduced by a colon ---------------------------------------------------------------
def test_a_possessive_intro_before_a_colon_names_the_speaker():
    b = run(
        "Maria Lopez spoke to voters in Leeds on Monday.\n\n"
        "Her message to them was simple: \u201cShow up.\u201d"
    )
    assert seen(b) == [("Show up.", "direct", "Maria Lopez")]


# ----- magazine features --------------------------------------------------------------------------
def test_a_question_quote_then_name_and_verb_in_the_next_sentence_piece():
    b = run(
        "Jan Dvorak is an entomologist at Charles University.\n\n"
        "\u201cHonestly?\u201d Dvorak shrugs. \u201cI don\u2019t know.\u201d\n\n"
        "\u201cWhy now?\u201d asks Maria Lopez, a teacher."
    )
    assert seen(b) == [
        ("Honestly?", "direct", "Jan Dvorak"),
        ("I don\u2019t know.", "direct", "Jan Dvorak"),
        ("Why now?", "direct", "Maria Lopez"),
    ]


def test_according_to_a_person_with_an_apposition_reports_the_clause_after_it():
    b = run(
        "According to Jan Dvorak, an entomologist at Charles University, the valley has lost half "
        "its colonies since 2010.\n\nAccording to the police, two men were arrested."
    )
    q = one(b, "the valley")
    assert (q.text, q.type, q.speaker) == (
        "the valley has lost half its colonies since 2010",
        "indirect",
        "Jan Dvorak",
    )
    assert one(b, "two men").speaker == "the police"


def test_a_name_in_apposition_after_an_inverted_cue_is_the_speaker():
    b = run(
        "\u201cWe are reviewing the decision,\u201d said a spokesman for Acme Corp, John Smith.\n\n"
        "\u201cMy client is innocent,\u201d said Lopez\u2019s lawyer, Mark Geragos."
    )
    assert seen(b) == [
        ("We are reviewing the decision", "direct", "John Smith"),
        ("My client is innocent", "direct", "Mark Geragos"),
    ]


def test_an_affiliation_after_a_titled_full_name_is_not_part_of_the_name():
    b = run("\u201cIt\u2019s complicated,\u201d said Dr. Chen Wei of Peking University.")
    assert seen(b) == [("It\u2019s complicated", "direct", "Chen Wei")]
    b = run("\u201cWe will act,\u201d said Secretary of State Antony Blinken.")
    assert seen(b) == [("We will act", "direct", "Antony Blinken")]


def test_where_a_quote_was_said_is_not_a_second_statement():
    b = run(
        "The opposition leader, Lars Berg, was scathing. "
        "\u201cThis is a shambles,\u201d he wrote on X, formerly Twitter."
    )
    assert seen(b) == [("This is a shambles", "direct", "Lars Berg")]


def test_a_nickname_after_known_as_is_not_a_quote():
    b = run('Rep. Alexandria Ocasio-Cortez, known as "AOC," was absent from the vote.')
    assert b.quotes == []


def test_a_relative_clause_holding_a_fragment_ends_with_the_fragment():
    q = one(run('Biden, who called the day "a dark chapter," urged calm.'), "dark chapter")
    assert (q.text, q.type, q.speaker) == ('the day "a dark chapter,"', "partial", "Biden")


def test_a_relative_named_by_a_given_name_alone_speaks_for_herself():
    b = run(
        "For Tomas Novak, 71, the bees are family. \u201cI started with two hives,\u201d he says.\n\n"
        "Novak\u2019s daughter, Petra, is less sentimental. "
        "\u201cIt\u2019s a business,\u201d she says flatly.\n\n"
        "\u201cI hid behind a car,\u201d said Omar Haddad, 34.\n\n"
        "His wife, Leila, said she was still shaking. \u201cI can\u2019t sleep,\u201d she said."
    )
    assert one(b, "a business").speaker == "Petra"
    assert one(b, "two hives").speaker == "Tomas Novak"
    q = one(b, "still shaking")
    assert (q.text, q.type, q.speaker) == ("she was still shaking", "indirect", "Leila")
    assert one(b, "sleep").speaker == "Leila"


def test_names_with_particles_stay_whole():
    b = run(
        "\u201cThis is a turning point,\u201d European Commission President Ursula von der Leyen said.\n\n"
        "\u201cFrance will fight,\u201d said Charles de Gaulle."
    )
    assert seen(b) == [
        ("This is a turning point", "direct", "Ursula von der Leyen"),
        ("France will fight", "direct", "Charles de Gaulle"),
    ]


def test_as_a_name_put_it_and_an_adverb_before_the_verb():
    b = run(
        "Kenji Watanabe was there. \u201cNever,\u201d he said.\n\n"
        "\u201cIt\u2019s the economy, stupid,\u201d as James Carville famously put it.\n\n"
        "\u201cWe tried everything,\u201d Maria Lopez sighs."
    )
    assert seen(b) == [
        ("Never", "direct", "Kenji Watanabe"),
        ("It\u2019s the economy, stupid", "direct", "James Carville"),
        ("We tried everything", "direct", "Maria Lopez"),
    ]


def test_a_quoted_headline_before_a_verb_does_not_make_the_object_a_speaker():
    b = run('The newspaper\'s editorial, headlined "A Dangerous Precedent," criticized the decision.')
    assert not any(q.speaker == "the decision" for q in b.quotes)
    b = run('"We will not back down," vowed Senator Jane Roe.')
    assert seen(b) == [("We will not back down", "direct", "Jane Roe")]


def test_a_titled_name_opening_a_colon_intro_speaks():
    b = run("Tory leader Kemi Badenoch hit back: 'This is a Budget of broken promises.'")
    assert seen(b) == [("This is a Budget of broken promises.", "direct", "Kemi Badenoch")]


# ----- UK style: straight single marks ------------------------------------------------------------
def test_a_straight_single_quote_running_over_paragraphs_is_one_quote():
    b = run(
        "The Chancellor, Rachel Reeves, defended the Budget in the Commons.\n\n"
        "'We inherited a mess. Nobody can pretend otherwise.\n\n"
        "'But we will fix the foundations of this economy.'\n\n"
        "'Tis the season for tax rises, critics say."
    )
    q = one(b, "We inherited")
    assert q.type == "direct" and q.speaker == "Rachel Reeves"
    assert q.text.endswith("fix the foundations of this economy.")
    assert not any(x.text.startswith("Tis") for x in b.quotes if x.type == "direct")


# ----- wire copy: time words -----------------------------------------------------------------------
def test_time_words_are_matched_whole_so_no_statement_starts_mid_word():
    b = run('"We expect more," Zelenskiy said in his nightly video address, adding: "We need tanks."')
    assert [q.text for q in b.quotes] == ["We expect more", "We need tanks."]
    b = run("Obama told African-Americans this weekend he would consider it a personal insult.")
    q = one(b, "insult")
    assert q.text == "he would consider it a personal insult"


# ----- Penn Treebank / WSJ archive text -----------------------------------------------------------
def test_an_unnamed_source_after_an_inverted_cue_is_not_the_last_person_quoted():
    b = run(
        "``We're not going to panic,'' said John Smith, an analyst at Merrill Lynch. "
        "``The fundamentals are sound.''\n\n"
        "``It's a disaster,'' said one trader, who asked not to be named.",
        apostrophe_quotes=True,
    )
    assert [(q.parts[0].text if q.parts else q.text, q.type, q.speaker) for q in b.quotes] == [
        ("We're not going to panic", "direct", "John Smith"),
        ("It's a disaster", "direct", "one trader"),
    ]


def test_a_body_with_an_adjunct_before_its_cue_is_the_speaker_not_a_pronoun_after_it():
    b = run(
        "Shares of Acme Corp. fell sharply yesterday.\n\n"
        'The company, in a statement, said it "remains committed to the transaction."\n\n'
        "The ministry, however, said the talks would continue."
    )
    q = one(b, "remains committed")
    assert q.text == 'it "remains committed to the transaction."'
    assert (q.type, q.speaker) == ("partial", "Acme Corp")
    assert not any(x.text == "The company" for x in b.quotes)
    q = one(b, "talks would continue")
    assert q.speaker == "The ministry"


def test_an_adverb_between_the_speaker_and_the_cue_is_skipped():
    b = run(
        "Marc H. Morial, the chief executive of the National Urban League, forcefully told a young "
        'woman that "not voting is not a viable strategy."\n\n'
        "The relatives watched the video on Thursday, attorneys for the family said."
    )
    assert one(b, "viable strategy").speaker == "Marc H. Morial"
    assert one(b, "The relatives").speaker == "attorneys for the family"


def test_penn_treebank_quotes_are_quotes_without_any_flag():
    # `` opens nothing but a quotation; only NYT-archive ''…'' waits for --apostrophe-quotes
    b = run(
        "John Smith, a Treasury official, spoke on Monday.\n\n"
        "``We will not raise taxes,'' Mr. Smith said."
    )
    (q,) = [q for q in b.quotes if q.type == "direct"]
    assert (q.text, q.speaker) == ("We will not raise taxes", "John Smith")
    assert not b.diagnostics or all("--apostrophe-quotes" not in d.message for d in b.diagnostics)


def test_what_a_letter_reads_is_one_quote_of_the_letter():
    b = run(
        "Parents sent a letter to the board on Monday.\n\n"
        "\u201cWe see charter schools offering hope,\u201d the letter reads. "
        "\u201cOur support is not abstract.\u201d"
    )
    q = one(b, "offering hope")
    assert q.type == "direct" and len(q.parts) == 2  # one quote, interrupted by "the letter reads"
    assert "Our support is not abstract." in q.text
    assert q.via == "cue after closing mark"
