"""The article-pane layout (briefing.highlight): text kept exactly, one element per quote, nesting."""

from __future__ import annotations

import random

import pytest
from render_fixtures import abrams_briefing, tricky_briefing

from briefing.render.formats import article_nodes
from briefing.render.highlight import Chunk, Mark, layout, plain_text, walk
from briefing.text.segment import paragraphs


def check_tree(nodes, lo, hi):
    """Children sit inside their parent, in order, without overlapping."""
    pos = lo
    for n in nodes:
        if isinstance(n, Chunk):
            assert n.start == pos
            pos += len(n.text)
        else:
            assert pos == n.start <= n.end <= hi
            check_tree(n.children, n.start, n.end)
            pos = n.end
    assert pos == hi


def quote_fragments(nodes, qid):
    return [m for m in walk(nodes) if m.kind == "quote" and m.item.id == qid]


@pytest.mark.parametrize("make", [abrams_briefing, tricky_briefing])
def test_text_is_kept_exactly_and_each_quote_has_one_primary_element(make):
    b = make()
    nodes = article_nodes(b)
    assert plain_text(nodes) == b.article.text
    check_tree(nodes, 0, len(b.article.text))
    for q in b.quotes:
        frags = quote_fragments(nodes, q.id)
        assert [f.part for f in frags] == list(range(len(frags)))
        assert (frags[0].start, frags[-1].end) == (q.start, q.end)


def test_nested_quotes_sit_inside_their_parent():
    b = abrams_briefing()
    nodes = article_nodes(b)
    (outer,) = quote_fragments(nodes, "Q12")
    assert any(m.kind == "quote" and m.item.id == "Q13" for m in walk(outer.children))
    (indirect,) = quote_fragments(nodes, "Q7")
    assert any(m.kind == "quote" and m.item.id == "Q8" for m in walk(indirect.children))


def test_multi_paragraph_quote_is_one_element_holding_the_paragraph_break():
    b = tricky_briefing()
    (q4,) = quote_fragments(article_nodes(b), "Q4")
    kinds = [c.kind for c in q4.children if isinstance(c, Chunk)]
    assert "gap" in kinds and "para" in kinds
    assert plain_text(q4.children) == b.quotes[3].text


def test_crossing_quotes_keep_the_first_whole_and_split_the_second():
    nodes = article_nodes(tricky_briefing())
    (q5,) = quote_fragments(nodes, "Q5")
    q6 = quote_fragments(nodes, "Q6")
    assert len(q6) == 2 and q6[0].start == q5.start + len("Critics say ")
    (q7,) = quote_fragments(nodes, "Q7")  # same span as Q5: nested, not split
    assert q7 in walk(q5.children)


def test_a_statement_crossing_a_quote_is_split_not_the_quote():
    nodes = article_nodes(tricky_briefing())
    s2 = [m for m in walk(nodes) if m.kind == "statement" and m.item.id == "S2"]
    assert len(s2) >= 2 and s2[0].part == 0
    assert len(quote_fragments(nodes, "Q1")) == 1


def test_paragraph_anchors_appear_once_each():
    b = abrams_briefing()
    anchors = [n.paragraph for n in _leaves(article_nodes(b)) if n.kind == "para"]
    assert anchors == [p.index for p in b.article.paragraphs]


def _leaves(nodes):
    for n in nodes:
        if isinstance(n, Chunk):
            yield n
        else:
            yield from _leaves(n.children)


def test_random_overlapping_spans_keep_all_invariants():
    rng = random.Random(5)
    text = "One two three.\n\nFour “five six” seven.\n\n“Eight\n\n“nine” ten.”\n"
    paras = paragraphs(text)
    for _ in range(300):
        marks = []
        for i in range(rng.randint(1, 9)):
            a = rng.randint(0, len(text))
            b = rng.randint(a, min(len(text), a + 30))
            kind = rng.choice(["quote", "quote", "statement", "term", "cue"])
            if a == b and kind != "quote":
                continue
            marks.append(Mark(kind, a, b, f"M{i}", {"quote": 0, "statement": 1}.get(kind, 3), i))
        wanted = {m.item: (m.start, m.end) for m in marks if m.kind == "quote"}
        tree = layout(text, paras, marks)
        assert plain_text(tree) == text
        check_tree(tree, 0, len(text))
        for name, (start, end) in wanted.items():
            frags = [m for m in walk(tree) if m.item == name]
            assert frags[0].part == 0 and (frags[0].start, frags[-1].end) == (start, end)
            assert sum(f.end - f.start for f in frags) == end - start


def test_layout_is_deterministic():
    def shape(nodes):
        return [(n.kind, n.start, getattr(n, "part", None), shape(getattr(n, "children", []))) for n in nodes]

    b = abrams_briefing()
    assert shape(article_nodes(b)) == shape(article_nodes(b))
