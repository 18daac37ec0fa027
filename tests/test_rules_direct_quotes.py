"""Direct quotes and their speakers in house styles beyond US political copy (magazine features,
UK papers, wire reports): what a reader sees for each quote: its words, type and speaker."""

from __future__ import annotations

from briefing.article import article_from_text
from briefing.engines.rules import extract


def run(text: str):
    return extract(article_from_text(text))


def seen(b):
    return [(q.text, q.type, q.speaker) for q in b.quotes]


def one(b, needle):
    found = [q for q in b.quotes if needle in q.text]
    assert found, f"no quote containing {needle!r} in {[q.text for q in b.quotes]}"
    return found[0]


# ----- inverted attribution with any verb ---------------------------------------------------------
def test_a_closing_mark_then_a_verb_and_a_name_attributes_the_quote_whatever_the_verb():
    b = run(
        "\u201cThose goats were so smart,\u201d remembers Shanna Challenger, coordinator for the "
        "Redonda Restoration Programme, with a laugh. \u201cThey would look at our snares, and jump "
        "over them.\u201d"
    )
    assert seen(b) == [
        ("Those goats were so smart", "direct", "Shanna Challenger"),
        ("They would look at our snares, and jump over them.", "direct", "Shanna Challenger"),
    ]
    assert b.quotes[0].cue == "remembers"


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
