"""Positions: per actor, what the article reports they stated, in the article's own words.

A position is built from an actor's quotes in one paragraph (a direct quote and its continuation,
or an indirect statement). The summary names the actor, the cue and channel as the article gives
them, and an excerpt of their words in quotation marks; it adds no characterisation of its own.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

from briefing.schema import Actor, Position, Quote, Source

_EXCERPT_WORDS = 30


@functools.lru_cache(maxsize=1024)
def _has_letter(cue: str) -> bool:
    """A cue is a word ("said", "according to"), not punctuation (a colon): cues recur, so cached."""
    return any(ch.isalpha() for ch in cue)


def _excerpt(text: str) -> str:
    words = text.split(None, _EXCERPT_WORDS)  # the first words, and the rest (if any) in one piece
    short = " ".join(words[:_EXCERPT_WORDS])
    return short + (" …" if len(words) > _EXCERPT_WORDS else "")


def positions_for(
    quotes: Sequence[Quote], sources: Sequence[Source], actors: Sequence[Actor]
) -> list[Position]:
    """Positions in text order, ids P1…, each citing the quote ids (and source ids) it rests on."""
    names = {a.id: a.name for a in actors}
    source_of = {}
    for s in sources:
        for qid in s.quote_ids:
            source_of[qid] = s.id
    # Per speaker, the indirect statements as sorted starts with a running maximum of their ends:
    # "does a statement by the same speaker contain this partial quote" becomes one bisect.
    statements: dict[str | None, tuple[list[int], list[int]]] = {}
    for o in sorted((o for o in quotes if o.type == "indirect"), key=lambda o: o.start):
        starts, max_end = statements.setdefault(o.speaker_id, ([], []))
        starts.append(o.start)
        max_end.append(max(o.end, max_end[-1]) if max_end else o.end)
    groups: list[tuple[str, int, list[Quote]]] = []
    for q in quotes:
        if q.speaker_id is None or q.nested_in:
            continue
        if q.type == "partial" and q.speaker_id in statements:
            starts, max_end = statements[q.speaker_id]
            k = bisect.bisect_right(starts, q.start)  # statements starting at or before the quote
            if k and max_end[k - 1] >= q.end:
                continue  # shown through the statement that contains it
        last = groups[-1] if groups else None
        if last and last[0] == q.speaker_id and last[1] == q.paragraph and last[2][-1].type == q.type:
            last[2].append(q)
        else:
            groups.append((q.speaker_id, q.paragraph, [q]))
    positions = []
    for actor_id, _para, qs in groups:
        first = qs[0]
        cue = first.cue if first.cue and _has_letter(first.cue) else None
        how = cue or ("is quoted" if first.type != "indirect" else "is reported")
        via = f", via {first.channel}" if first.channel else ""
        who = names.get(actor_id, actor_id)
        if first.type == "indirect" or (first.type == "partial" and any(m in first.text for m in '“"‘')):
            # reported speech, or a partly quoted statement: the article's own wording with the
            # quoted words in their marks, never wrapped in quotation marks as a whole
            body = f"{who} ({how}{via}), as the article reports it: {_excerpt(first.text)}"
        else:
            # an interrupted quote shows its passages, not the attribution between them
            passages = [[part.text for part in q.parts] or [q.text] for q in qs]
            body = f"{who} ({how}{via}): " + " ".join(
                " … ".join(f"“{_excerpt(w)}”" for w in words) for words in passages
            )
        evidence = [q.id for q in qs]
        evidence += sorted({source_of[q.id] for q in qs if q.id in source_of})
        positions.append(
            Position(id=f"P{len(positions) + 1}", actor_id=actor_id, summary=body, evidence=evidence)
        )
    return positions
