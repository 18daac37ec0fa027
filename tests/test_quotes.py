"""Quotation spans: mark styles, apostrophes, nesting, multi-paragraph quotes, unbalanced marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.rules.quotations import find_quote_spans
from briefing.text.quotes import QuoteSpan
from briefing.text.segment import paragraphs

FIXTURES = Path(__file__).parent / "fixtures"


def spans(text: str) -> list[QuoteSpan]:
    return find_quote_spans(text, paragraphs(text))


def inner(text: str) -> list[str]:
    return [text[s.start : s.end] for s in spans(text)]


def test_spans_are_exact_offsets_with_and_without_marks():
    text = "Abrams said: “We want him to leave.” Then he left."
    (span,) = spans(text)
    assert text[span.start : span.end] == "We want him to leave."
    assert text[span.outer_start : span.outer_end] == "“We want him to leave.”"
    assert span.mark == "“" and span.paragraph == 1 and span.nested_in is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said, "We will win." Then "we will see," she said.', ["We will win.", "we will see,"]),
        ("“Curly,” she said. “Again.”", ["Curly,", "Again."]),
        ("Il a dit « Nous gagnerons » hier.", [" Nous gagnerons "]),
        ("Er sagte: „Wir gewinnen.“ Und dann „nichts“.", ["Wir gewinnen.", "nichts"]),
        ("Sie sagte: »Wir gewinnen.« Dann ging sie.", ["Wir gewinnen."]),
        ("Han sa: ”Vi vinner.” Sen gick han.", ["Vi vinner."]),
        ("Polish „cytat” here.", ["cytat"]),
    ],
)
def test_mark_styles(text, expected):
    assert inner(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We’re not after him and we don’t want to prosecute Bachelet’s critics.",
        "Back in the ’90s the students’ union was strong.",
        "It's the '90s and the students' union isn't 'em.",
        'A 6" pipe and a 5\'10" man.',
    ],
)
def test_apostrophes_and_inches_are_not_quotes(text):
    assert spans(text) == []


def test_headline_single_quotes_next_to_apostrophes():
    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    first = spans(text)[0]
    assert text[first.start : first.end] == "Prosecute"
    assert first.paragraph == 1 and first.kind == "partial" and first.mark == "‘"


def test_single_quote_after_plural_possessive_closes_at_the_right_mark():
    text = "The sign read ‘the students’ union is closed’ all week."
    assert inner(text) == ["the students’ union is closed"]


def test_nested_quote_is_kept_inside_its_parent():
    text = "“People would find it predictable: ‘You need to return to democracy.’” Abrams said."
    outer, nested = spans(text)
    expected = "People would find it predictable: ‘You need to return to democracy.’"
    assert text[outer.start : outer.end] == expected
    assert text[nested.start : nested.end] == "You need to return to democracy."
    assert nested.nested_in == 0 and outer.nested_in is None
    assert outer.outer_start < nested.outer_start < nested.outer_end < outer.outer_end


def test_straight_single_quotes_nested_in_straight_double():
    text = "\"He told me 'no way' and left,\" she said."
    outer, nested = spans(text)
    assert text[outer.start : outer.end] == "He told me 'no way' and left,"
    assert text[nested.start : nested.end] == "no way"
    assert nested.nested_in == 0


def test_quote_over_several_paragraphs_is_one_span():
    text = (
        "Abrams said:\n\n"
        "“This is the first paragraph of the statement.\n\n"
        "“This is the second one.\n\n"
        "“And this is the end.”\n\n"
        "Then something else, “a fragment” here."
    )
    found = spans(text)
    assert len(found) == 2
    whole = found[0]
    assert text[whole.start : whole.end].startswith("This is the first")
    assert text[whole.start : whole.end].endswith("And this is the end.")
    assert (whole.paragraph, whole.last_paragraph) == (2, 4)
    assert whole.kind == "direct"
    assert text[found[1].start : found[1].end] == "a fragment"


def test_unbalanced_marks_never_cross_into_unrelated_paragraphs():
    text = (
        'He said "this never closes and goes on.\n\n'
        "A plain paragraph with no marks.\n\n"
        "Then “a good one” follows.\n\n"
        "“An opening quote without an end at paragraph start.\n\n"
        "Stray closing ” mark and a stray ‘ one."
    )
    found = spans(text)
    paras = paragraphs(text)
    for span in found:
        para = next(p for p in paras if p.index == span.paragraph)
        assert span.outer_end <= para.end, "a span leaks past its paragraph"
    assert inner(text) == ["a good one", "An opening quote without an end at paragraph start."]
    assert found[1].closed is False


@pytest.mark.parametrize(
    "text",
    ["", '"', "“", "”", "'''", "“”", "‘’", "« »", '""""', "“a ‘b” c’", "»«", "„", "‚x"],
)
def test_degenerate_input_never_raises(text):
    for span in spans(text):
        assert 0 <= span.outer_start <= span.start <= span.end <= span.outer_end <= len(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“This is not a persecution,” the Times quoted him as saying.", "direct"),
        ("Abrams said: “We want him to leave.”", "direct"),
        ("Abrams said, “We want him to leave.”", "direct"),
        ("He wants him to have a “dignified exit” from power.", "partial"),
        ("The regime was in touch “at a very high level,” although Abrams denied it.", "partial"),
        ("He called it “a witch hunt.”", "partial"),
        ("He told reporters “We are not going to lift sanctions today.”", "direct"),
    ],
)
def test_direct_versus_partial(text, kind):
    (span,) = spans(text)
    assert span.kind == kind


def test_example_article_quotes():
    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    found = spans(text)
    direct = [text[s.start : s.end] for s in found if s.kind == "direct" and s.nested_in is None]
    partial = [text[s.start : s.end] for s in found if s.kind == "partial"]
    assert len(direct) == 4
    assert direct[0].startswith("This is not a persecution.")
    assert partial == [
        "Prosecute",
        "dignified exit",
        "arbitrary detentions, ill-treatment and torture",
        "shockingly high",
        "at a very high level,",
    ]
    nested = [s for s in found if s.nested_in is not None]
    assert len(nested) == 1
    assert text[nested[0].start : nested[0].end].startswith("You need to return to democracy.")


def test_doubled_apostrophes_and_backticks_are_double_quotes():
    text = "''A museum alone will not do it,'' he said. ``It won't,'' she said. The students'' union."
    assert inner(text) == ["A museum alone will not do it,", "It won't,"]
    first = spans(text)[0]
    assert text[first.outer_start : first.outer_end] == "''A museum alone will not do it,''"


def test_marks_inside_markup_tags_are_not_quotes():
    text = 'See <tweet tweet-id="783499" author="x">the post</tweet> and a "real quote" here.'
    assert inner(text) == ["real quote"]


def test_continuation_needs_the_same_mark_style():
    # A stray straight mark left open must not swallow the next paragraph's curly quote.
    text = 'There was "no evidence yet.\n\n“We do not see a link,” the mayor said.'
    assert inner(text) == ["We do not see a link,"]


def groups_text(text: str) -> list[list[str]]:
    from briefing.rules.quote_items import group_interrupted

    found = spans(text)
    return [[text[found[i].start : found[i].end] for i in g] for g in group_interrupted(text, found)]


@pytest.mark.parametrize(
    "text",
    [
        "“My name may not be on the ballot,” Mr. Obama said on Saturday. “Tolerance is on the ballot.”",
        "“By locking in China,” Mr. Obama said, “it now allowed me to go to India.”",
        '"It\'s a mess," said Sen. Claire McCaskill (D-Mo.). "A real mess."',
        "“You say you ‘accept responsibility,’” Merkley said. “That’s not accepting responsibility.”",
    ],
)
def test_quote_interrupted_by_a_short_attribution_is_one_group(text):
    assert len(groups_text(text)) == 1
    assert len(groups_text(text)[0]) == 2


def test_quoted_name_inside_the_attribution_joins_the_group():
    text = '"This is a big year!" his niece, Del. Marcia "Cia" Price, shouted. "The nation is watching."'
    (group,) = groups_text(text)
    assert group == ["This is a big year!", "Cia", "The nation is watching."]
    assert [s.title for s in spans(text)] == [False, True, False]


@pytest.mark.parametrize(
    "text",
    [
        # a second cue: a new statement, not the same quote
        "“We can’t afford this,” Trump said, adding later, “NATO is costing us a fortune.”",
        # a second sentence in between
        '"I will not follow a script," Renzi said after the meeting. The summit did "too little," he added.',
        # no attribution in between
        "He called it “a disaster” and “a scandal.”",
        # the first part ends with a full stop: a new statement follows
        '"Of course I believe in the devil." To which she said, "Thank God."',
        # different paragraphs
        "“First,” he said.\n\n“Second.”",
    ],
)
def test_separate_quotes_are_not_grouped(text):
    assert all(len(g) == 1 for g in groups_text(text))


def test_reported_clause_with_cue_before_and_after():
    from briefing.rules.reported_clause import reported_clause

    text = "Trump said at a rally that Clinton called the deal “the gold standard” of trade deals."
    q = (text.index("“"), text.index("”") + 1)
    cue = (text.index("said"), text.index("said") + 4)
    start, end = reported_clause(text, (0, len(text)), q, cue)
    assert text[start:end] == "Clinton called the deal “the gold standard” of trade deals"

    text = "The regime presided over “arbitrary detentions” of activists, Bachelet’s report said."
    q = (text.index("“"), text.index("”") + 1)
    cue = (text.index("said"), text.index("said") + 4)
    start, end = reported_clause(text, (0, len(text)), q, cue)
    assert text[start:end] == "The regime presided over “arbitrary detentions” of activists"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("He spoke on “Fox News Sunday” again.", True),
        ("'All Bets Are Off.'", True),
        ('He told CBS\'s "Face the Nation," that it was over.', True),
        ("Abrams said: “We want him to leave power.”", False),
        ("U.S. Won’t ‘Prosecute’ Maduro", False),
        ("a “dignified exit” from power", False),
    ],
)
def test_titles_in_quotes_are_flagged(text, title):
    (span,) = spans(text)
    assert span.title is title


def items(text: str, **options) -> list[tuple[str, str]]:
    from briefing.rules.quote_items import quote_items
    from briefing.text.segment import sentences

    paras = paragraphs(text)
    found = quote_items(text, find_quote_spans(text, paras), sentences(text, paras), **options)
    return [(item.kind, text[item.start : item.end]) for item in found]


def test_items_merge_an_interrupted_quote_into_one_statement():
    text = "“My name may not be on the ballot,” Mr. Obama said. “Tolerance is on the ballot.”"
    assert items(text) == [
        ("direct", "My name may not be on the ballot,” Mr. Obama said. “Tolerance is on the ballot.")
    ]
    assert items(text, merge_interrupted=False) == [
        ("direct", "My name may not be on the ballot,"),
        ("direct", "Tolerance is on the ballot."),
    ]


def test_items_report_a_partly_quoted_statement_with_its_lead_in():
    text = "Trump told the forum that he was “totally against the war in Iraq” because it failed. Next."
    assert items(text) == [("partial", "he was “totally against the war in Iraq” because it failed")]
    assert items(text, clauses=False) == [("partial", "totally against the war in Iraq")]


def test_items_stop_the_clause_before_another_speaker():
    text = "Trump claimed the White House was in touch “at a very high level,” although Abrams denied it."
    assert items(text) == [("partial", "the White House was in touch “at a very high level,”")]


def test_items_two_fragments_in_one_clause_are_one_statement():
    text = "The regime presided over “arbitrary detentions” and a “shockingly high” toll, the report said."
    assert items(text) == [
        ("partial", "The regime presided over “arbitrary detentions” and a “shockingly high” toll")
    ]


def test_items_drop_scare_quotes_and_titles_list_ptb_quotes_and_nyt_quotes_on_request():
    text = (
        "The so-called “reform” failed.\n\n"
        "He appeared on “Fox News Sunday” on Monday.\n\n"
        "''We will win,'' he said.\n\n``We will not stop,'' she said."
    )
    # ``…'' (Penn Treebank) is a quotation; ''…'' (NYT archive) is one on request, since
    # annotated corpora do not count '' as a quotation mark
    listed = items(text, double_apostrophes=True)
    assert listed == [("direct", "We will win,"), ("direct", "We will not stop,")]
    assert items(text) == [("direct", "We will not stop,")]


def test_items_in_the_example_article():
    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    found = items(text)
    direct = [t for kind, t in found if kind == "direct"]
    assert len(direct) == 2  # four passages, two statements each interrupted by an attribution
    assert direct[0].startswith("This is not a persecution.") and direct[0].endswith("leave power.")
    partial = [t for kind, t in found if kind == "partial"]
    assert any(
        "“arbitrary detentions, ill-treatment and torture”" in t and "“shockingly high”" in t for t in partial
    )
    assert "the White House was in touch with the regime “at a very high level,”" in partial


def test_items_can_keep_two_sentences_as_two_quotes():
    text = "“A good plan,” he said. “We will see.”\n\n“It works,” she said, “for now.”"
    assert [t for _, t in items(text, merge_across_sentences=False)] == [
        "A good plan,",
        "We will see.",
        "It works,” she said, “for now.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reid blasted Clinton as a “disgrace” Wednesday on his show.", "Clinton as a “disgrace”"),
        (
            "China said it was “resolutely opposed” to the test and warned North Korea to stop.",
            "it was “resolutely opposed” to the test",
        ),
        (
            "Cruz exhorted Republicans to “vote your conscience” at the convention.",
            "Republicans to “vote your conscience”",
        ),
    ],
)
def test_items_clause_ends_before_the_reporting_verbs_adjuncts(text, expected):
    assert items(text) == [("partial", expected)]


def test_random_mark_soup_never_raises_and_spans_stay_consistent():
    import random

    from briefing.rules.quote_items import quote_items
    from briefing.text.segment import sentences

    rng = random.Random(7)
    alphabet = [*"ab cd.,:;!?\n\"'“”‘’«»„‚‹›`", "\n\n", "''", "``", " said ", " He ", "Mr. ", '<t x="1">']
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        paras = paragraphs(text)
        found = find_quote_spans(text, paras)
        for span in found:
            assert 0 <= span.outer_start <= span.start <= span.end <= span.outer_end <= len(text)
            if span.nested_in is not None:
                parent = found[span.nested_in]
                assert parent.outer_start <= span.outer_start and span.outer_end <= parent.outer_end
            for para in paras:  # a span continues into a paragraph only if it opens with the mark
                if span.start < para.start < span.end:
                    assert text[para.start : para.start + len(span.mark)] == span.mark
        for item in quote_items(text, found, sentences(text, paras)):
            assert 0 <= item.start <= item.end <= len(text)


def test_names_given_to_things_are_titles():
    (span,) = spans("The 30-second spot, titled “Arrogant,” features a report.")
    assert span.title


def test_a_cue_after_the_quote_must_close_the_sentence():
    text = (
        "The spot, with the words “you work hard,” features a New York Times report from over the "
        "weekend that nearly $1 billion in losses may have let him pay zero in federal income tax."
    )
    assert items(text) == []
    text = "The regime presided over “arbitrary detentions,” Bachelet’s report said on Thursday."
    assert items(text) == [("partial", "The regime presided over “arbitrary detentions,”")]


def test_a_capitalised_quote_the_sentence_runs_on_from_is_partial():
    text = "Ditto said via email that, “Of course Mr. Trump is going to defend himself” against the media."
    (span,) = spans(text)
    assert span.kind == "partial"
    assert items(text) == [("partial", "“Of course Mr. Trump is going to defend himself” against the media")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The union called Clinton a “champion” for its members, citing her work after the attacks.",
            "Clinton a “champion” for its members",
        ),
        (
            "According to radio host Rush Limbaugh, the move reeks of “fear” and desperation.",
            "the move reeks of “fear” and desperation",
        ),
        (
            "Reid blasted Clinton as a “disgrace” after she attacked the police.",
            "Clinton as a “disgrace”",
        ),
    ],
)
def test_items_clause_ends_before_participles_and_skips_the_according_to_source(text, expected):
    assert items(text) == [("partial", expected)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“Parasite,” the Korean language social satire, won the top prize.", "partial"),
        ("“Yes,” he said.", "direct"),
        ("“Never.” That was all.", "direct"),
    ],
)
def test_a_word_or_two_in_quotes_is_a_statement_only_when_someone_says_it(text, kind):
    assert spans(text)[0].kind == kind
