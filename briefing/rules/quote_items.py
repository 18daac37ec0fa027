"""The quotes to report, built from quotation spans as annotated news corpora count them.

- A quote interrupted by its attribution (“…,” she said. “…”) is one item (:func:`group_interrupted`).
- A quoted fragment inside a reported clause (Trump said [he was “totally against the war”]) is one
  item spanning the clause (``briefing.rules.reported_clause``).
- A quoted fragment nobody in its sentence is said to have said (a scare quote: the so-called
  “reform”) and a quoted name or title (“Morning Joe”) are not quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefing.rules import lexicon as lx
from briefing.rules.names import mostly_capitalised
from briefing.rules.quotations import _ABBREV_DOT_RE, _SPEECH_VERB_RE, _WORD_RE, _continues_lowercase
from briefing.rules.reported_clause import _CLAUSE_CUE_RE, _LEAD_RE, _WHAT_BEFORE_CUE_RE, reported_clause
from briefing.text.quotes import APOSTROPHE_MARK, QuoteSpan
from briefing.text.segment import clause_comma

_NEW_SENTENCE_RE = re.compile(r"[.!?]\s+[A-Z]")


def group_interrupted(
    text: str,
    spans: Sequence[QuoteSpan],
    cue_re: re.Pattern[str] | None = None,
    across_sentences: bool = True,
) -> list[tuple[int, ...]]:
    """Group top-level spans that are parts of one quote interrupted by a short attribution.

    “My name may not be on the ballot,” Mr. Obama said. “Tolerance is on the ballot.” is one
    statement in two parts; annotation schemes (PARC, PolNeAR) mark it as one content span from
    the first mark to the last. Returns tuples of indexes into ``spans`` (singletons included),
    in order; nested spans are left out. ``cue_re`` finds attribution cues in the text between
    the parts (default: common speech verbs); exactly one cue must be there, and nothing else that
    looks like a second sentence.
    """
    cue_re = cue_re or _SPEECH_VERB_RE
    tops = [i for i, span in enumerate(spans) if span.nested_in is None]
    groups: list[tuple[int, ...]] = []
    k = 0
    while k < len(tops):
        group = [tops[k]]
        current = spans[tops[k]]
        j = k + 1
        while j < len(tops):
            step = _next_part(text, spans, tops, j, current, cue_re, across_sentences)
            if step is None:
                break
            group.extend(tops[j : j + step])
            current = spans[tops[j + step - 1]]
            j += step
        groups.append(tuple(group))
        k = j
    return groups


def _next_part(
    text: str,
    spans: Sequence[QuoteSpan],
    tops: list[int],
    j: int,
    a: QuoteSpan,
    cue_re: re.Pattern[str],
    across_sentences: bool = True,
) -> int | None:
    """How many spans from ``tops[j]`` on join ``a``'s group: the next part, possibly after one or
    two short quoted names in the attribution (Marcia "Cia" Price; on “Fox and Friends.”)."""
    for skip in range(3):
        if j + skip >= len(tops):
            return None
        between_spans = [spans[tops[x]] for x in range(j, j + skip)]
        if any(not (s.title or len(_WORD_RE.findall(s.inner(text))) <= 3) for s in between_spans):
            return None
        if _continues_after_attribution(
            text, a, spans[tops[j + skip]], cue_re, between_spans, across_sentences
        ):
            return skip + 1
    return None


def _continues_after_attribution(
    text: str,
    a: QuoteSpan,
    b: QuoteSpan,
    cue_re: re.Pattern[str],
    inside: Sequence[QuoteSpan] = (),
    across_sentences: bool = True,
) -> bool:
    if a.kind != "direct" or not a.closed or a.last_paragraph != b.paragraph:
        return False
    last = text[a.start : a.end].rstrip().rstrip("\"'“”‘’«»")[-1:]
    if last not in (",", "?", "!", "—", "–", "…", "-"):
        return False  # a full stop ends the statement: what follows is a new one
    between = text[a.outer_end : b.outer_start]
    for s in inside:  # blank out the marks of short quoted names inside the attribution
        for lo, hi in ((s.outer_start, s.start), (s.end, s.outer_end)):
            between = between[: lo - a.outer_end] + " " * (hi - lo) + between[hi - a.outer_end :]
    if len(between) > 240 or (not between[:1].isspace() and between[:1] not in ","):
        return False
    if any(ch in between for ch in '"“”«»„\n'):
        return False
    core = between.strip()
    if not core or core[-1] not in ",.:—–":
        return False
    if _sentence_goes_on(text, b):
        return False  # “…,” she said. “You squeezed employees” to drive up …: the outlet's sentence
    # “…,” he said, referring to the treaty. “…”: a gloss on the attribution, not a second cue
    gloss = _GLOSS_PARTICIPLE_RE.search(core, 0, len(core) - 1)
    head = core[: gloss.start()] + core[-1] if gloss else core
    if len(head) > 160:
        return False
    cues = [m for m in cue_re.finditer(head) if m.group().lower() not in ("before", "after")]
    # any verb right after the closing mark and its comma, then a name: “…,” remembers Shanna
    # Challenger, … (the lexicon cannot list every verb of saying a writer reaches for)
    if len(cues) != 1 and not (not cues and _INVERTED_ANY_VERB_RE.match(head)):
        return False
    if _SECOND_ACT_RE.search(head):
        return False  # “…,” Blige sings to Clinton before asking her, “…”: a second speech act
    masked = _ABBREV_DOT_RE.sub("Abbrev", core[:-1])
    if ";" in masked or _NEW_SENTENCE_RE.search(masked):
        return False  # a second sentence in between: “…,” he said after the meeting. The summit …
    inner_b = text[b.start : b.end].strip()
    if inner_b[-1:] == ",":
        return False  # “A,” she said. “B,” she added: B has an attribution of its own
    first_alpha = next((c for c in inner_b if c.isalpha()), "")
    if not across_sentences:  # only “A,” he said, “b …”: one sentence split by its attribution
        return core[-1] == "," and not first_alpha.isupper()
    return not (core[-1] == "." and first_alpha.islower())


# A participial clause after the attribution that only glosses it ("…,” he said, referring to …),
# unlike one that brings new words ("adding", "saying", "noting").
_GLOSS_PARTICIPLE_RE = re.compile(
    rf",\s+(?!(?:{lx.alternation(lx.forms('new-words-participle'))})\b)[a-z]+ing\b[^\n]*$"
)


_SECOND_ACT_RE = re.compile(r"\b(?:before|after|while|then|by)\s+[a-z]+ing\b|\b(?:going|went)\s+on\s+to\b")
_INVERTED_ANY_VERB_RE = re.compile(r"[a-z]{3,}(?:s|ed)\s+(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w’'-]+")


def _sentence_goes_on(text: str, b: QuoteSpan) -> bool:
    """Does the outlet's sentence go on after quotation ``b`` (a fragment, not a continuation)?"""
    inner = text[b.start : b.end].rstrip()
    return inner[-1:] not in (".", "!", "?", ",", "…", "—", "–", "-", ";", ":") and _continues_lowercase(
        text, b.outer_end
    )


_NAME_COLON_RE = re.compile(r"\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}:")


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """What the engine reports as one quote, built from one or more quotation spans."""

    start: int  # inner text of one span; first part to last part of an interrupted quote;
    end: int  # or the reported clause around quoted fragments (``clause``)
    kind: str  # "direct" or "partial"
    parts: tuple[int, ...]  # indexes into the spans list, in order
    paragraph: int
    clause: bool = False  # start:end is the reported clause: Trump said [he was “totally against” it]
    cue: tuple[int, int] | None = None  # the cue the clause was cut at, for a clause


def quote_items(
    text: str,
    spans: Sequence[QuoteSpan],
    sentences: Sequence[Any],
    cue_re: re.Pattern[str] | None = None,
    *,
    merge_interrupted: bool = True,
    clauses: bool = True,
    double_apostrophes: bool = False,
    merge_across_sentences: bool = True,
) -> list[QuoteItem]:
    """The quotes to report, as annotators of attribution (PARC, PolNeAR) and journalists count them.

    - A quote split by a short attribution (“…,” she said. “…”) is one item (``group_interrupted``).
    - A quoted fragment inside a reported clause (Trump said [he was “totally against the war”]) is
      one item spanning the clause (``reported_clause``); several fragments in one clause share it.
    - A quoted fragment with no cue in its sentence (a scare quote: a so-called “reform”) and a
      quoted name or title (“Morning Joe”) are not quotes: no item.
    - Nested quotes stay inside their parent's item (see ``parts`` and ``QuoteSpan.nested_in``).

    ``sentences`` are ``segment.sentences`` (objects with ``start``/``end``); ``cue_re`` finds the
    cues of partly quoted statements (default: speech verbs and verbs like "called", "described").
    ``merge_across_sentences=False`` merges only a sentence split by its attribution (“A,” he said,
    “b …”), keeping “A,” he said. “B.” as two quotes, as a journalist counts them.
    ``merge_interrupted=False`` and ``clauses=False`` give one item per quotation passage instead
    (the fragment alone, still dropped when nothing in its sentence attributes it).
    Passages in `` … '' marks (Penn Treebank text) are quotes: `` is a quotation mark and nothing
    else. Passages in '' … '' marks (the NYT archive) are listed only with
    ``double_apostrophes=True`` (``Article.apostrophe_quotes``, ``--apostrophe-quotes``): annotated
    corpora such as PolNeAR do not take '' for a quotation mark and label those passages not
    direct, so listing them cost 0.05 direct-quote F1 on polnear-dev (measured).
    """
    cue_re = cue_re or _CLAUSE_CUE_RE
    sents = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in sents]
    items: list[QuoteItem] = []
    sentence_cues: dict[int, _Cues] = {}
    groups = (
        group_interrupted(text, spans, across_sentences=merge_across_sentences)
        if merge_interrupted
        else [(i,) for i, span in enumerate(spans) if span.nested_in is None]
    )
    for group in groups:
        first, last = spans[group[0]], spans[group[-1]]
        if len(group) == 1 and first.title and not _in_headline(text, first):
            continue  # a name or title; in a Title Case headline every fragment looks like one
        if not double_apostrophes and first.mark == APOSTROPHE_MARK:
            continue
        if first.kind == "direct" or len(group) > 1:
            items.append(QuoteItem(first.start, last.end, "direct", group, first.paragraph))
            continue
        k = bisect_right(starts, first.outer_start) - 1
        if k < 0 or sents[k].end <= first.outer_start:
            continue
        s_start, s_end = sents[k].start, min(sents[k].end, max(sents[k].end, first.outer_end))
        if k not in sentence_cues:  # scanned once per sentence, however many fragments it holds
            sentence_cues[k] = _Cues([m.span() for m in cue_re.finditer(text, s_start, s_end)])
        cue = _clause_cue(text, s_start, s_end, first, cue_re, sentence_cues[k])
        if cue is None:
            continue  # no one says it in this sentence: a scare quote, not a quote
        if not clauses:
            items.append(QuoteItem(first.start, first.end, "partial", group, first.paragraph, False, cue))
            continue
        start, end = reported_clause(text, (s_start, s_end), (first.outer_start, first.outer_end), cue)
        prev = items[-1] if items else None
        if (
            prev is not None
            and prev.clause
            and prev.start <= start < prev.end <= first.outer_start
            and text[prev.end - 2 : prev.end - 1] == ","
        ):
            # After saying her foot was “so swollen,” [she was “whisked off” …]: the clause before
            # ended at its own fragment; this one starts after it
            start = _LEAD_RE.match(text, prev.end, first.outer_start).end()  # type: ignore[union-attr]
            start = min(start, first.outer_start)
        if prev is not None and prev.clause and prev.start <= start < prev.end:
            # the later fragment knows better where the clause stops: Trump tweeted that she was
            # “disgusting” and “a con” [and encouraged …]
            merged = prev.parts + group
            items[-1] = QuoteItem(
                prev.start, max(end, last.outer_end), "partial", merged, prev.paragraph, True, prev.cue
            )
            continue
        items.append(QuoteItem(start, end, "partial", group, first.paragraph, True, cue))
    return items


def _in_headline(text: str, span: QuoteSpan) -> bool:
    """Is ``span`` in the article's first line, written in Title Case ("Chris Christie Calls
    Hillary Clinton ‘A Disgrace’ Over Police Shooting Comments")?"""
    if span.paragraph > 1:
        return False
    line_start = text.rfind("\n", 0, span.outer_start) + 1
    if text[:line_start].strip():
        return False
    line_end = text.find("\n", span.outer_end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return mostly_capitalised(line, max_words=30)


class _Cues:
    """The cue matches of one sentence, in order; they do not overlap, so starts and ends both rise."""

    __slots__ = ("ends", "spans", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]


def _clause_cue(
    text: str, s_start: int, s_end: int, span: QuoteSpan, cue_re: re.Pattern[str],
    cues: _Cues | None = None,
) -> tuple[int, int] | None:
    """The cue of a partly quoted statement: the nearest before the quote, else one after it that
    follows a comma (“…,” Bachelet’s report said), else none. ``cues``: every cue match of the
    sentence, in order (scanning the sentence again for each fragment of a long one is quadratic)."""
    if cues is None:
        cues = _Cues([m.span() for m in cue_re.finditer(text, s_start, s_end)])
    colon = _NAME_COLON_RE.match(text, s_start, span.outer_start)
    if colon is not None:
        # Elliott Abrams: U.S. Won’t ‘Prosecute’ Maduro / Rush Limbaugh: Hillary Asking … ‘Reeks of
        # Fear’: the name and colon that open the sentence own all of it, a verb after them included
        return (colon.end() - 1, colon.end())
    before = None
    outer = None
    headline = None
    for m_start, m_end in cues.spans[: bisect_right(cues.ends, span.outer_start)]:
        if text[m_start : m_start + 1].isupper() and m_start > s_start:
            # "the journal Tropical Medicine Reports": a capitalised word inside a sentence is a
            # name, except in a Title Case headline ("Christie Calls …")
            headline = _in_headline(text, span) if headline is None else headline
            if not headline:
                continue
        outer = before if outer is None else outer
        before = (m_start, m_end)
    if (
        before is not None
        and outer is not None
        and _WHAT_BEFORE_CUE_RE.search(text, max(s_start, before[0] - 40), before[0])
    ):
        # "Clinton says she admired their courage through what she calls a “war of words”": the
        # fragment is named inside the statement of the cue before it, which reports it
        return outer
    if before is not None:
        return before
    k = bisect_left(cues.starts, span.outer_end)
    after = [cues.spans[k]] if k < len(cues.spans) and cues.spans[k][1] <= s_end else []
    if not after or "," not in text[span.outer_end - 2 : after[0][0]]:
        return None
    # The attribution closes the sentence (“…,” Bachelet’s report said.), it does not start a new
    # clause (“Arrogant,” features a New York Times report from … that …).
    if _tail_words(text, after[0][1], s_end) > 12:
        return None
    return after[0]


def _tail_words(text: str, start: int, end: int) -> int:
    """Words from ``start`` to the end of the sentence or the next comma."""
    stop = clause_comma(text, start, end)
    return len(_WORD_RE.findall(text[start : stop if stop >= 0 else end]))
