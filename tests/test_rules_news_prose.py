"""The rules engine on the attribution styles of everyday news prose (wire copy, UK style, US
dailies): what a reader of the briefing sees for each quote: its words, speaker, cue, channel and
what kind of source it rests on."""

from __future__ import annotations

from rules_helpers import one, run


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


# ----- what was said (content boundaries) --------------------------------------------------------
def test_wire_copy_day_names_and_places_are_not_part_of_what_was_said():
    b = run("Police said Tuesday that two people had been arrested.")
    assert one(b, "two people").text == "two people had been arrested"
    b = run("Hillary Clinton says in Ohio that she is thrilled to receive the endorsement.")
    q = one(b, "thrilled")
    assert q.text == "she is thrilled to receive the endorsement" and q.speaker == "Hillary Clinton"
    b = run("The company said in a filing on Tuesday that profit fell 10 percent.")
    q = one(b, "profit fell")
    assert q.text == "profit fell 10 percent" and q.channel == "in a filing"
    b = run(
        "The obsession is an insult to all African-Americans, top black lawmakers said "
        "Friday afternoon, as they bristled at the questioning."
    )
    q = one(b, "insult")
    assert q.text == "The obsession is an insult to all African-Americans"
    assert q.speaker == "top black lawmakers"


def test_according_to_after_a_clause_attributes_the_clause_before_it():
    b = run(
        "Prices rose 3 percent in March, according to the Office for National Statistics, "
        "more than economists had expected."
    )
    q = one(b, "Prices rose")
    assert q.text == "Prices rose 3 percent in March"
    assert q.speaker == "Office for National Statistics" and q.cue == "according to"
    b = run("More than half of the advice is wrong — or unproven — according to the British Medical Journal.")
    assert one(b, "half of the advice").text == "More than half of the advice is wrong — or unproven"
    b = run("According to the police, two men were arrested.")
    assert one(b, "two men").text == "two men were arrested"
    b = run("The museum, according to Mr. Obama, would make visitors face uncomfortable truths.")
    q = one(b, "The museum")
    assert q.text.endswith("face uncomfortable truths") and q.speaker == "Obama"


def test_closing_attribution_covers_the_whole_sentence_before_it():
    b = run(
        "Clinton had told police officials that she did not want the escort at all, but the NYPD "
        "overruled that request, the source added."
    )
    q = one(b, "the NYPD overruled")
    assert q.text.startswith("Clinton had told police officials") and q.speaker == "the source"
    assert q.text.endswith("overruled that request")


def test_second_verb_of_a_coordinated_predicate_keeps_the_subject():
    b = run(
        "Democratic candidate Hillary Clinton, like Obama, has encouraged European nations to bolster "
        "defense spending but has said she will hold firm to U.S. defense commitments."
    )
    q = one(b, "hold firm")
    assert q.text == "she will hold firm to U.S. defense commitments" and q.speaker == "Hillary Clinton"
    b = run("His aides say it is too early to discuss a Senate run but noted that Scott won hard races.")
    q = one(b, "Scott won")
    assert q.text == "Scott won hard races" and q.speaker == "His aides" and q.cue == "noted"


def test_a_cue_inside_the_content_does_not_cut_it():
    b = run("Clinton says she admired Machado’s courage through what she calls a “war of unpleasant words.”")
    q = one(b, "she admired")
    assert q.speaker == "Clinton"
    assert q.text.startswith("she admired Machado’s courage through what she calls")


# ----- speakers of quotes without a cue of their own ---------------------------------------------
def test_a_pronoun_after_a_quotation_does_not_point_into_it():
    b = run(
        "Maria Lopez met reporters on Monday. \u201cThe budget will be balanced,\u201d she said. "
        "\u201cTaxes will not rise,\u201d she added."
    )
    q = one(b, "Taxes will not rise")
    assert (q.speaker, q.cue) == ("Maria Lopez", "added")


def test_floating_quote_after_a_sentence_about_a_person():
    b = run(
        "Maria Lopez met reporters on Monday.\n\n"
        "\u201cThe budget will be balanced. Taxes will not rise.\u201d"
    )
    q = one(b, "The budget will be balanced")
    assert q.type == "direct" and q.speaker == "Maria Lopez" and q.cue is None


def test_quote_introduced_by_a_colon():
    b = run(
        "Maria Lopez is the finance minister.\n\n"
        "The minister was blunt: \u201cThe budget will be balanced.\u201d"
    )
    assert one(b, "The budget will be balanced").speaker == "Maria Lopez"
    b = run(
        "With Democratic leaders worried about turnout, President Obama is rolling out a new message: "
        "\u201cIt's about me.\u201d"
    )
    assert one(b, "It's about me").speaker == "Obama"
    b = run("Maria Lopez was blunt. She told MPs: 'The budget will be balanced.'")
    q = one(b, "The budget will be balanced")
    assert (q.speaker, q.cue) == ("Maria Lopez", "told")


def test_uk_style_single_quotes_and_titles_before_the_name():
    b = run("'It is a disgrace,' said Labour MP Jane Doe. 'The government has failed.'")
    assert one(b, "It is a disgrace").speaker == "Jane Doe"
    assert one(b, "The government has failed").speaker == "Jane Doe"  # continuation
    b = run("\u201cIt is a disgrace,\u201d said Conservative MP Sir John Redwood.")
    assert one(b, "It is a disgrace").speaker == "John Redwood"


def test_unnamed_office_holder_is_the_speaker_as_described():
    b = run("Speaking to reporters in Brussels, the German chancellor said the deal was close.")
    q = one(b, "the deal was close")
    assert q.type == "indirect" and q.speaker == "German chancellor"
    b = run(
        "Angela Merkel arrived in Brussels. "
        "Speaking to reporters, the German chancellor said the deal was close."
    )
    assert one(b, "the deal was close").speaker == "Angela Merkel"


def test_more_wire_copy_boundaries():
    b = run(
        "Kadzik's refusal to answer did not go over well with Republicans, and the meeting deteriorated "
        "from there, said one GOP source in the room."
    )
    q = one(b, "the meeting deteriorated")
    assert q.speaker == "one GOP source" and q.text.startswith("Kadzik's refusal")
    b = run("Trump said after the convention he would not accept Cruz's endorsement if it were offered.")
    assert one(b, "endorsement").text == "he would not accept Cruz's endorsement if it were offered"
    b = run("Those close to him say that, in addition to Scott, he would have to consider Don Beyer.")
    q = one(b, "Don Beyer")
    assert q.speaker == "Those close to him" and source_kind(b, q) == "anonymous"
    b = run(
        "Jane Smith spoke on Monday. She said fathers would not be eligible for the paid leave, and "
        "when pressed on why, the mother of three replied that it was meant for families."
    )
    assert one(b, "fathers").text == "fathers would not be eligible for the paid leave"
    b = run(
        "Critics say resources could be better spent with NATO, the existing military alliance that "
        "includes the United States and most E.U. countries."
    )
    assert one(b, "resources").text == "resources could be better spent with NATO"


def test_subjects_with_an_apposition_and_objects_before_that():
    b = run("The United Nations said on Friday that at least 200 people had been killed.")
    assert one(b, "200 people").text == "at least 200 people had been killed"
    b = run(
        "The report, published by the Institute for Fiscal Studies, found that household incomes had fallen."
    )
    q = one(b, "household incomes")
    assert q.text == "household incomes had fallen" and source_kind(b, q) == "document"
    b = run("John Smith was hurt in the attack. Smith, 45, said he had been attacked twice.")
    assert one(b, "attacked twice").speaker == "John Smith"
    b = run(
        "Dr. Anthony Fauci, the nation's top infectious disease expert, warned Americans on Sunday "
        "that the worst was yet to come."
    )
    q = one(b, "the worst")
    assert q.text == "the worst was yet to come" and q.speaker == "Anthony Fauci"


def test_words_that_only_look_like_cues():
    b = run("Witnesses said the gunman opened fire without warning.")
    assert [q.text for q in b.quotes] == ["the gunman opened fire without warning"]
    b = run("Apple said its revenue rose 8 percent in the quarter, beating analysts' estimates.")
    assert [(q.speaker, q.cue) for q in b.quotes] == [("Apple", "said")]


def test_a_capitalised_title_is_not_a_name():
    b = run(
        "Sir Keir Starmer faced MPs on Wednesday.\n\n"
        "The Prime Minister said: 'We will not be blown off course. This is a government of service.'"
    )
    q = one(b, "blown off course")
    assert q.speaker == "Keir Starmer"
    assert not any(a.name == "Prime Minister" for a in b.actors)
    b = run("Howard Dean spoke first. Dean, a medical doctor, said he would never diagnose anyone on TV.")
    assert one(b, "diagnose").speaker == "Howard Dean"  # a surname that is also a title word


def test_a_lead_in_question_is_not_what_was_said():
    b = run("Asked whether she would resign, Maria Lopez said: \u201cAbsolutely not.\u201d")
    assert [(q.text, q.speaker) for q in b.quotes] == [("Absolutely not.", "Maria Lopez")]


def test_a_colon_introduces_the_next_paragraph_when_its_quotation_marks_were_lost():
    b = run(
        "Chris Christie spoke on the radio on Wednesday.\n\n"
        "The governor added:\n\n"
        "It is typical of Hillary Clinton. She knows nothing, but the mouth never stops.\n\n"
        "Others disagreed."
    )
    q = one(b, "typical of Hillary Clinton")
    assert q.type == "indirect" and (q.speaker, q.cue) == ("Chris Christie", "added")
    assert q.text == "It is typical of Hillary Clinton. She knows nothing, but the mouth never stops"
    assert not any("Others disagreed" in x.text for x in b.quotes)


def test_reports_citations_and_statements():
    b = run("A Reuters report said the talks had stalled.")
    assert [(q.text, q.cue) for q in b.quotes] == [("the talks had stalled", "said")]
    b = run("The New York Times reported that the president had paid no taxes, citing tax records.")
    assert [(q.text, q.speaker) for q in b.quotes] == [("the president had paid no taxes", "New York Times")]
    b = run("In a statement released Tuesday, the company denied any wrongdoing.")
    assert [(q.text, q.cue) for q in b.quotes] == [("any wrongdoing", "denied")]
    b = run("The letter, signed by 40 senators, urged the administration to reconsider.")
    q = one(b, "reconsider")
    assert q.speaker == "The letter" and source_kind(b, q) == "document"


def test_channel_adjuncts_and_new_clauses_end_the_content():
    b = run(
        "Keron Blair, executive director of AROS, called for more school investment "
        "in a statement on Thursday."
    )
    q = one(b, "school investment")
    assert q.text == "more school investment" and q.channel == "in a statement"
    b = run(
        "The IMF announced Tuesday that it is lowering its forecast for U.S. growth this year, and the "
        "downgrade is casting a shadow on the outlook."
    )
    assert one(b, "forecast").text == "it is lowering its forecast for U.S. growth this year"


def test_staff_spokespeople_and_said_of():
    b = run("According to city staff, the shortfall could reach $40 million by 2025.")
    q = one(b, "shortfall")
    assert q.speaker == "city staff" and q.text == "the shortfall could reach $40 million by 2025"
    b = run(
        "The Pentagon declined to comment. A spokesman for the Defense Department said the strike was legal."
    )
    assert one(b, "the strike was legal").speaker == "Defense Department"
    b = run(
        "Jane Doe chairs the panel. \u201cWe will not be rushed,\u201d Doe said of the inquiry, "
        "which began in March."
    )
    assert [q.text for q in b.quotes] == ["We will not be rushed"]


def test_a_company_named_alone_is_an_organisation_not_a_person():
    b = run(
        "Microsoft said on Tuesday that it would cut 10,000 jobs. Chief executive Satya Nadella said "
        "the cuts were painful. \u201cWe will come back stronger,\u201d he said."
    )
    assert next(a for a in b.actors if a.name == "Microsoft").type == "organization"
    assert one(b, "come back stronger").speaker == "Satya Nadella"
    b = run(
        "Microsoft declined to comment. "
        "A spokesperson for the company said it was \u201creviewing the report.\u201d"
    )
    assert one(b, "reviewing the report").speaker == "Microsoft"


def test_unnamed_people_and_described_speakers():
    b = run("\u201cNobody expected this,\u201d said one resident, who declined to give her name.")
    q = one(b, "Nobody expected this")
    assert q.speaker == "one resident" and source_kind(b, q) == "anonymous"
    b = run("A witness told reporters the gunman had fled on foot.")
    assert one(b, "the gunman had fled").speaker == "A witness"
    b = run("Jane Roe leads the company. \u201cWe are ready,\u201d the 54-year-old said.")
    assert one(b, "We are ready").speaker == "Jane Roe"
    b = run("\u201cWe are ready,\u201d the company's chief executive, Jane Roe, said on Tuesday.")
    assert [(q.text, q.speaker) for q in b.quotes] == [("We are ready", "Jane Roe")]


def test_wire_patterns_with_relative_clauses_and_titles():
    b = run("Maria Lopez, who chairs the finance committee, said the budget would be balanced by 2027.")
    q = one(b, "budget")
    assert (q.text, q.speaker) == ("the budget would be balanced by 2027", "Maria Lopez")
    b = run(
        "\u201cThe budget will be balanced,\u201d said Finance Minister Maria Lopez, who took office in May."
    )
    assert [(q.text, q.speaker) for q in b.quotes] == [("The budget will be balanced", "Maria Lopez")]
    b = run("The statement came hours after the minister, Tom Hale, said the army would withdraw.")
    assert one(b, "the army would withdraw").speaker == "Tom Hale"


def test_uk_broadcast_and_column_channels():
    b = run("Speaking to Times Radio, the chancellor said the economy was growing.")
    q = one(b, "the economy was growing")
    assert (q.speaker, q.channel) == ("chancellor", "Times Radio")
    b = run("Writing in the Daily Telegraph, the former prime minister said the party had lost its way.")
    assert one(b, "lost its way").channel == "the Daily Telegraph"
    b = run("Health Secretary Wes Streeting told Sky News: 'The NHS is broken.'")
    q = one(b, "The NHS is broken")
    assert (q.type, q.speaker, q.cue, q.channel) == ("direct", "Wes Streeting", "told", "Sky News")


def test_charged_with_a_crime_is_not_speech():
    b = run("Police Scotland said a 34-year-old man had been arrested and charged.")
    assert [q.text for q in b.quotes] == ["a 34-year-old man had been arrested and charged"]
    b = run("Critics charged that the plan was unfair.")
    assert one(b, "unfair").cue == "charged"


def test_studies_and_recordings_as_sources():
    b = run(
        "A 2014 study by Loyola Law School professor Justin Levitt found 31 incidents of voter "
        "impersonation out of more than a billion ballots cast."
    )
    q = one(b, "31 incidents")
    assert q.speaker == "Justin Levitt" and q.cue == "found" and source_kind(b, q) == "document"
    b = run("Video shows that Crutcher had his hands in the air.")
    q = one(b, "hands in the air")
    assert q.text == "Crutcher had his hands in the air" and source_kind(b, q) == "document"
    b = run("The ad uses footage of Hillary Clinton asking, \u201cWhy aren't I 50 points ahead?\u201d")
    assert one(b, "50 points ahead").speaker == "Hillary Clinton"


def test_a_statement_or_report_from_a_body_is_the_body_speaking():
    b = run(
        "The Foreign Ministry summoned the ambassador. "
        "A statement from the ministry said the talks would resume next week."
    )
    assert one(b, "the talks would resume").speaker == "Foreign Ministry"
    b = run("A report from the Congressional Budget Office found the deficit would grow.")
    q = one(b, "the deficit would grow")
    assert q.speaker == "Congressional Budget Office" and source_kind(b, q) == "document"


def test_promises_vows_and_claims_made_with_an_infinitive_are_statements():
    b = run("Smith vowed to fight the ruling in court.")
    q = one(b, "fight the ruling")
    assert (q.type, q.text, q.speaker, q.cue) == (
        "indirect",
        "to fight the ruling in court",
        "Smith",
        "vowed",
    )
    b = run("Rebels claimed to have captured the town.")
    assert one(b, "captured the town").speaker == "Rebels"
    b = run("John Smith went to the store and said to reporters that he was tired.")
    assert [q.text for q in b.quotes] == ["he was tired"]
