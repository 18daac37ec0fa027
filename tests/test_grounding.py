"""grounding.align, directly: each rung (exact, normalised, fuzzy) with the exact (start, end) it
must return. An off-by-one at the end of a normalised match once passed the whole suite."""

from __future__ import annotations

from briefing.text.grounding import align, normalize_with_map


def test_exact_match_and_the_occurrence_nearest_a_hint():
    text = "Abrams said “We want him to leave power,” and later: “We want him to leave power.”"
    found = align(text, "We want him to leave power")
    assert (found.start, found.end, found.status) == (13, 39, "exact")
    assert text[found.start : found.end] == "We want him to leave power"
    second = align(text, "We want him to leave power", near=60)
    assert (second.start, second.end) == (54, 80)
    assert align(text, "  We want him  ".strip()) == align(text, "We want him")  # the needle is trimmed


def test_normalised_match_spans_exactly_the_original_characters():
    # no-break space, a run of spaces and a line break, curly quotes and an en dash in the article
    text = "Intro. She said \u201cwe\u00a0will  win\u2019s \u2013 now\u201d\nthen left."
    found = align(text, '"we will\nwin\'s - now"')
    assert found.status == "normalized"
    assert (found.start, found.end) == (text.index("\u201c"), text.index("\u201d") + 1)
    # the end is one past the last character matched, also when the needle ends in a folded mark
    tail = align(text, "win's - now")
    assert (tail.start, tail.end) == (text.index("win"), text.index("\u201d"))
    assert text[tail.start : tail.end] == "win\u2019s \u2013 now"


def test_normalised_match_ending_at_the_text_end():
    text = "He said: \u201cgo\u00a0home\u201d"
    found = align(text, '"go home"')
    assert (found.start, found.end) == (9, len(text))


def test_fuzzy_match_of_a_lightly_edited_quote():
    text = "Earlier. The quick brown fox jumped over the lazy dog, he wrote. Later."
    found = align(text, "the quick brown fox jumps over the lazy dog")
    assert found.status == "fuzzy" and found.score >= 90
    assert (found.start, found.end) == (text.index("The quick"), text.index(", he wrote"))


def test_no_match_short_needles_and_fuzzy_off():
    text = "Nothing of the sort was said here."
    assert align(text, "an entirely different sentence about taxes") is None
    assert align(text, "") is None and align(text, "   ") is None
    assert align(text, "sord") is None  # under 12 characters: never fuzzy
    fox = "The quick brown fox jumped over the lazy dog"
    assert align(fox, "quick brown fox jumps over", fuzzy=False) is None


def test_the_normalisation_map_points_at_the_original_characters():
    norm, index = normalize_with_map("A\u00a0\u00a0\u201cB\u201d\t\nC")
    assert norm == 'a "b" c'
    assert index == [0, 1, 3, 4, 5, 6, 8]
