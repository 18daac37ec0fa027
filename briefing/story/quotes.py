"""Quotations that several outlets print, and statements only one outlet reports.

A quotation is the speaker's words as an article prints them: a direct quote's passages, a partial
quote's parts. Two articles print the same one when the words are equal once quotation marks,
dashes, case, spacing and end punctuation are folded ("exact"), or when one is the other trimmed or
lightly edited (rapidfuzz: a ratio of 90 or more, or a partial ratio of 95 or more over at least six
words: "fuzzy"). Quotes are grouped across articles, never within one.
"""

from __future__ import annotations

import difflib

from briefing.schema import QuoteOccurrence, SharedQuote, SingleOutletStatement, StoryArticle
from briefing.story.actors import Clusters

FUZZY_RATIO = 90.0
FUZZY_PARTIAL = 95.0
FUZZY_MIN_WORDS = 6
ELSEWHERE_SCORE = 75.0  # a statement counts as reported elsewhere at this token-set score
_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
_EDGE_PUNCT = " \t\n.,;:!?'\"-…"


def words_of(quote) -> str:
    """The speaker's own words in a quote: its parts joined, else its text."""
    return " … ".join(p.text for p in quote.parts) if quote.parts else quote.text


def fold(text: str) -> str:
    return " ".join(text.translate(_FOLD).casefold().split()).strip(_EDGE_PUNCT)


def shared_quotes(articles: list[StoryArticle], member_of: dict[tuple[str, str], str],
                  names: dict[str, str]) -> list[SharedQuote]:
    """The quotations printed by two or more of ``articles``; the ones given to different speakers
    first. ``member_of`` maps (article id, actor id) to a story actor id, ``names`` those to names."""
    from rapidfuzz import fuzz

    found: list[QuoteOccurrence] = []
    folded: list[str] = []
    for article in articles:
        for q in article.briefing.quotes:
            if q.type == "indirect" or q.nested_in:
                continue
            words = words_of(q)
            if len(fold(words).split()) < 3:
                continue  # a word or two ("unhinged") is too common to tie articles together
            speaker = member_of.get((article.id, q.speaker_id or "")) if q.speaker_id else None
            found.append(
                QuoteOccurrence(
                    article_id=article.id, quote_id=q.id, paragraph=q.paragraph, text=words,
                    speaker=speaker, speaker_name=names.get(speaker or "") if speaker else None,
                )
            )
            folded.append(fold(words))
    clusters = Clusters(len(found))
    exact: dict[str, int] = {}
    for i, text in enumerate(folded):
        if text in exact and found[exact[text]].article_id != found[i].article_id:
            clusters.join(i, exact[text])
        exact.setdefault(text, i)
    fuzzy_pairs: set[tuple[int, int]] = set()
    for i in range(len(found)):
        for j in range(i + 1, len(found)):
            if found[i].article_id == found[j].article_id or clusters.find(i) == clusters.find(j):
                continue
            a, b = folded[i], folded[j]
            short = min(len(a.split()), len(b.split()))
            if fuzz.ratio(a, b) >= FUZZY_RATIO or (
                short >= FUZZY_MIN_WORDS and fuzz.partial_ratio(a, b) >= FUZZY_PARTIAL
            ):
                clusters.join(i, j)
                fuzzy_pairs.add((i, j))
    groups: dict[int, list[int]] = {}
    for i in range(len(found)):
        groups.setdefault(clusters.find(i), []).append(i)
    shared = []
    for members in groups.values():
        if len({found[i].article_id for i in members}) < 2:
            continue
        texts = {folded[i] for i in members}
        speakers = {found[i].speaker for i in members if found[i].speaker}
        shared.append(
            SharedQuote(
                id="",
                occurrences=[found[i] for i in members],
                match="exact" if len(texts) == 1 else "fuzzy",
                wording_differs=len(texts) > 1,
                speakers_differ=len(speakers) > 1,
            )
        )
    shared.sort(key=lambda s: (not s.speakers_differ, -len(s.occurrences), s.occurrences[0].article_id,
                               s.occurrences[0].paragraph))
    for n, s in enumerate(shared, 1):
        s.id = f"SQ{n}"
    return shared


def word_diff(a: str, b: str) -> str:
    """``b`` against ``a``, word by word: removed words as [-…-], added ones as {+…+}."""
    left, right = a.split(), b.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(right[j1:j2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(left[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(right[j1:j2]) + "+}")
    return " ".join(out)


def single_outlet(articles: list[StoryArticle]) -> list[SingleOutletStatement]:
    """Statements that no other article of the story reports (token-set similarity below
    :data:`ELSEWHERE_SCORE` with every statement and quote of the others)."""
    from rapidfuzz import fuzz, process

    texts = {
        a.id: [fold(s.statement.text) for s in a.briefing.sources] + [fold(q.text) for q in a.briefing.quotes]
        for a in articles
    }
    out = []
    for article in articles:
        others = [t for other, ts in texts.items() if other != article.id for t in ts]
        for s in article.briefing.sources:
            if s.headline:
                continue
            mine = fold(s.statement.text)
            if len(mine.split()) < 4:
                continue
            best = process.extractOne(mine, others, scorer=fuzz.token_set_ratio, score_cutoff=ELSEWHERE_SCORE)
            if best is None:
                out.append(SingleOutletStatement(article_id=article.id, source_id=s.id, kind=s.kind,
                                                 paragraph=s.paragraph, text=s.statement.text))
    return out

