"""Lay highlighted spans over the article text, for the HTML article pane.

The article pane shows ``article.text`` unchanged, with quotes, sourced statements, evidence,
loaded terms and attribution cues marked. Marks can nest (a quote inside a quote, a quote inside a
sentence) and, when an engine produces them, overlap without nesting. HTML needs a tree, so
:func:`layout` turns the marks into one:

- Every quote is ONE element, even when it spans several paragraphs: paragraphs are not elements
  here, but zero-width anchors plus "gap" pieces for the whitespace between them, so an element may
  run across a paragraph break and the markup stays valid.
- Marks are placed by rank (quotes first, then the parts of a quote, which are the speaker's own
  words, statements, evidence, terms, cues). A mark placed
  later that crosses an element placed earlier is split at the crossing; its first fragment keeps
  the ids (``part == 0``) and the rest are continuation fragments (``part >= 1``). Two quotes that
  cross each other (which no well-formed quote does) are the only way a quote is split: the one
  starting first stays whole.
- The text of the leaves, concatenated in document order, is exactly ``article.text``.

Pure and deterministic: the same briefing always gives the same tree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Literal

from briefing.schema import Briefing, Paragraph

MarkKind = Literal["quote", "part", "statement", "evidence", "term", "cue", "mention"]
ChunkKind = Literal["text", "gap", "para"]

# Lower rank is placed first and therefore never split by a mark of higher rank.
RANKS: dict[str, int] = {
    "quote": 0, "part": 1, "statement": 2, "evidence": 3, "term": 4, "cue": 5, "mention": 5
}


@dataclass(eq=False)
class Chunk:
    """A leaf: plain ``text``, a ``gap`` (whitespace between two paragraphs) or a zero-width
    ``para`` anchor where paragraph ``paragraph`` starts."""

    kind: ChunkKind
    text: str
    start: int
    paragraph: int | None = None


@dataclass(eq=False)
class Mark:
    """An element of the article pane covering ``article.text[start:end]``."""

    kind: MarkKind
    start: int
    end: int
    item: Any  # the Quote, Source, LanguageNote (or, for cue/mention, the Quote)
    rank: int
    order: int  # tie-breaker: position in the input list
    part: int = 0  # 0: the fragment that carries the ids; 1…: continuation fragments
    children: list[Mark | Chunk] = field(default_factory=list)
    origin: Mark | None = None  # the mark this is a fragment of (None for the original)
    number: int = 0  # 1-based position of the item in its list (language notes are cited by it)

    @property
    def source(self) -> Mark:
        return self.origin or self

    def _piece(self, start: int, end: int) -> Mark:
        return Mark(
            self.kind, start, end, self.item, self.rank, self.order, origin=self.source, number=self.number
        )


Node = Mark | Chunk


def marks_for(briefing: Briefing) -> list[Mark]:
    """Every span the article pane highlights, as unplaced marks."""
    raw: list[tuple[MarkKind, int, int, Any]] = []
    for q in briefing.quotes:
        raw.append(("quote", q.start, q.end, q))
        for p in q.parts:  # the speaker's own words, inside the quote's element
            raw.append(("part", p.start, p.end, q))
    for s in briefing.sources:
        raw.append(("statement", s.statement.start, s.statement.end, s))
        for ev in s.evidence:
            raw.append(("evidence", ev.start, ev.end, s))
    numbers: dict[int, int] = {}
    for i, n in enumerate(briefing.language_notes, 1):
        numbers[len(raw)] = i
        raw.append(("term", n.span.start, n.span.end, n))
    for q in briefing.quotes:
        if q.cue_span is not None:
            raw.append(("cue", q.cue_span.start, q.cue_span.end, q))
        if q.speaker_mention is not None:
            raw.append(("mention", q.speaker_mention.start, q.speaker_mention.end, q))
    size = len(briefing.article.text)
    marks = []
    for i, (kind, start, end, item) in enumerate(raw):
        start, end = max(0, min(start, size)), max(0, min(end, size))
        if end < start or (end == start and kind != "quote"):
            continue  # only a quote keeps its element when empty: it must exist once
        marks.append(Mark(kind, start, end, item, RANKS[kind], i, number=numbers.get(i, 0)))
    return marks


def layout(text: str, paragraphs: list[Paragraph], marks: list[Mark]) -> list[Node]:
    """Arrange ``marks`` over ``text`` as a tree whose leaves spell out ``text`` exactly.

    Two passes, each near-linear in the number of marks (a 2 MB article lays out in about a
    second): :func:`_fragments` splits each mark where it crosses one placed before it, then
    :func:`_tree` nests the fragments, which no longer cross, with one stack."""
    roots = _tree(_fragments(marks))
    _number_parts(roots)
    return _fill(text, 0, len(text), roots, _Breaks.of(sorted(paragraphs, key=lambda p: p.start)))


def _fragments(marks: list[Mark]) -> list[Mark]:
    """The marks in placing order (by rank), each split at the bounds of every fragment placed
    before it that it crosses (overlaps without either containing the other); the original keeps
    the first piece. Placed fragments are indexed by start and by end, so finding those that cross
    a mark costs only the fragments that start or end inside it."""
    from sortedcontainers import SortedList

    by_start: SortedList = SortedList()  # (start, end, n)
    by_end: SortedList = SortedList()  # (end, start, n)
    placed: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.rank, m.start, -m.end, m.order)):
        mark.children = []
        cuts: set[int] = set()
        if mark.end - mark.start > 1:
            inside = ((mark.start + 1,), (mark.end,))
            cuts.update(s for s, e, _ in by_start.irange(*inside, inclusive=(True, False)) if e > mark.end)
            cuts.update(e for e, s, _ in by_end.irange(*inside, inclusive=(True, False)) if s < mark.start)
        pieces = [mark]
        if cuts:
            bounds = [mark.start, *sorted(cuts), mark.end]
            pieces += [mark._piece(a, b) for a, b in pairwise(bounds[1:])]
            mark.end = bounds[1]
        for piece in pieces:
            by_start.add((piece.start, piece.end, len(placed)))
            by_end.add((piece.end, piece.start, len(placed)))
            placed.append(piece)
    return placed


def _tree(placed: list[Mark]) -> list[Mark]:
    """Nest fragments that do not cross: each goes inside the innermost one containing it, the one
    placed first being the outer of two with the same bounds. An empty mark (an empty quote) goes
    inside an element it touches at either end, the earlier one first."""
    order = sorted(
        range(len(placed)),
        key=lambda n: (placed[n].start, placed[n].start != placed[n].end, -placed[n].end, n),
    )
    roots: list[Mark] = []
    stack: list[Mark] = []
    for n in order:
        mark = placed[n]
        empty = mark.start == mark.end
        while stack and (stack[-1].end < mark.start if empty else stack[-1].end <= mark.start):
            stack.pop()
        (stack[-1].children if stack else roots).append(mark)
        if not empty:
            stack.append(mark)
    return roots


def _number_parts(roots: list[Mark]) -> None:
    seen: dict[int, int] = {}

    def walk(nodes: list[Any]) -> None:
        for node in nodes:
            key = id(node.source)
            node.part = seen.get(key, 0)
            seen[key] = node.part + 1
            walk(node.children)

    walk(roots)


def _fill(text: str, lo: int, hi: int, marks: list[Any], breaks: _Breaks) -> list[Node]:
    """Interleave ``marks`` (sorted, within lo..hi) with the text chunks between them."""
    out: list[Node] = []
    pos = lo
    for m in marks:
        out.extend(_chunks(text, pos, m.start, breaks))
        m.children = _fill(text, m.start, m.end, m.children, breaks)
        out.append(m)
        pos = m.end
    out.extend(_chunks(text, pos, hi, breaks))
    return out


@dataclass(frozen=True)
class _Breaks:
    """Where paragraphs start and which stretches lie between paragraphs, for fast lookup."""

    starts: dict[int, int]  # offset -> paragraph index
    gaps: list[tuple[int, int]]  # sorted (start, end) of the whitespace between paragraphs
    gap_starts: list[int]
    points: list[int]  # every offset where a chunk may have to end, sorted

    @classmethod
    def of(cls, paras: list[Paragraph]) -> _Breaks:
        gaps = [(p.end, n.start) for p, n in pairwise(paras) if p.end < n.start]
        starts = {p.start: p.index for p in paras}
        return cls(starts, gaps, [g[0] for g in gaps], sorted({*starts, *(b for g in gaps for b in g)}))


def _chunks(text: str, lo: int, hi: int, breaks: _Breaks) -> list[Chunk]:
    """Split ``text[lo:hi]`` into text and paragraph gaps, with an anchor at each paragraph start."""
    if lo >= hi:
        return []
    inner = breaks.points[bisect_right(breaks.points, lo) : bisect_left(breaks.points, hi)]
    out: list[Chunk] = []
    for a, b in pairwise([lo, *inner, hi]):
        if a in breaks.starts:
            out.append(Chunk("para", "", a, breaks.starts[a]))
        k = bisect_right(breaks.gap_starts, a) - 1  # the last gap starting at or before a
        in_gap = k >= 0 and b <= breaks.gaps[k][1]
        out.append(Chunk("gap" if in_gap else "text", text[a:b], a))
    return out


def plain_text(nodes: list[Node]) -> str:
    """The text the tree spells out (equals the article text; used by tests)."""
    return "".join(n.text if isinstance(n, Chunk) else plain_text(n.children) for n in nodes)


def walk(nodes: list[Node]) -> list[Mark]:
    """Every mark in the tree, in document order."""
    found: list[Mark] = []
    for n in nodes:
        if isinstance(n, Mark):
            found.append(n)
            found.extend(walk(n.children))
    return found
