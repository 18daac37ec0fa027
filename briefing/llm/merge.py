"""Merging the model's answers into the rules result: actors by name, attributions by candidate
id, reported statements and sources grounded in the article, positions citing what shows them.
Every text the model returns is aligned to the article here; nothing ungrounded becomes a quote."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from briefing.llm.chunking import Chunk
from briefing.schema import (
    Actor,
    Briefing,
    Diagnostic,
    Position,
    Quote,
    QuoteType,
    Source,
    SourceKind,
    Span,
)
from briefing.text.grounding import align
from briefing.text.segment import paragraph_at, sentences


@dataclass
class _Merge:
    base: Briefing
    model: str
    actors: dict[str, Actor] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    positions: list[Position] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.base.article.text

    def base_actor_ids(self) -> set[str]:
        return {a.id for a in self.base.actors}


def merge(base: Briefing, answers: list[tuple[Chunk, Any]], model: str) -> Briefing:
    """Fold the per-chunk answers into the rules result ``base``; returns a new briefing."""
    m = _Merge(
        base=base,
        model=model,
        actors={a.id: a.model_copy(deep=True) for a in base.actors},
        quotes={q.id: q.model_copy(deep=True) for q in base.quotes},
        sources={s.id: s.model_copy(deep=True) for s in base.sources},
        diagnostics=[d.model_copy() for d in base.diagnostics],
    )
    llm_positions: list[Position] = []
    for chunk, ext in answers:
        ids = _merge_actors(m, ext)
        _merge_attributions(m, ext, ids)
        statement_quotes = _merge_statements(m, ext, ids)
        _merge_sources(m, chunk, ext, ids)
        llm_positions += _positions(m, ext, ids, statement_quotes)
        for rejected in ext.rejected:
            m.diagnostics.append(
                Diagnostic(
                    level="warning",
                    message=f"llm: dropped after the last attempt, not shown: {rejected.reason}",
                    item=rejected.item,
                )
            )
    with_llm = {p.actor_id for p in llm_positions}
    positions = [p for p in base.positions if p.actor_id not in with_llm]
    for p in llm_positions:  # new ids after the rules engine's, never reusing one
        positions.append(
            p.model_copy(
                update={"id": _next_id("P", {q.id: q for q in positions} | {b.id: b for b in base.positions})}
            )
        )
    quotes = sorted(m.quotes.values(), key=lambda q: (q.start, q.end))
    return Briefing(
        engine="llm",
        model=model,
        article=base.article,
        actors=list(m.actors.values()),
        quotes=quotes,
        sources=sorted(m.sources.values(), key=lambda s: s.statement.start),
        positions=positions,
        language_notes=base.language_notes,
        diagnostics=m.diagnostics,
    )


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"[^\w]+", " ", name).strip()


def _names(actor: Actor) -> set[str]:
    return {_norm(n) for n in [actor.name, *actor.aliases] if _norm(n)}


def _same_actor(actor: Actor, name: str, aliases: list[str]) -> bool:
    theirs = {_norm(n) for n in [name, *aliases] if _norm(n)}
    ours = _names(actor)
    if ours & theirs:
        return True
    # "Abrams" and "Elliott Abrams": a lone surname joins the person whose name ends with it.
    if actor.type != "person":
        return False
    our_last = {n.split()[-1] for n in ours}
    their_last = {n.split()[-1] for n in theirs}
    return any(" " not in n and n in our_last for n in theirs) or any(
        " " not in n and n in their_last for n in ours
    )


def _mentions(text: str, names: list[str]) -> list[Span]:
    spans: dict[int, Span] = {}
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        for hit in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if not any(s.start <= hit.start() < s.end for s in spans.values()):
                spans[hit.start()] = Span(start=hit.start(), end=hit.end(), text=hit.group())
    return [spans[k] for k in sorted(spans)]


def _merge_actors(m: _Merge, ext: Any) -> dict[str, str]:
    """Map the answer's actor ids to global ids, adding or enriching actors."""
    ids: dict[str, str] = {a: a for a in m.actors}
    for item in ext.actors:
        target = m.actors.get(item.id) if item.id in m.base_actor_ids() else None
        if target is None:
            target = next((a for a in m.actors.values() if _same_actor(a, item.name, item.aliases)), None)
        if target is None:
            new_id = f"A{len(m.actors) + 1}"
            while new_id in m.actors:
                new_id = f"A{int(new_id[1:]) + 1}"
            names = [item.name, *item.aliases]
            target = Actor(
                id=new_id,
                name=item.name.strip(),
                type=item.type,
                role=item.role,
                aliases=[a for a in dict.fromkeys(x.strip() for x in item.aliases) if a and a != item.name],
                mentions=_mentions(m.text, names),
                engine="llm",
            )
            m.actors[new_id] = target
        else:
            changed = False
            if item.role and not target.role:
                target.role, changed = item.role, True
            for alias in [item.name, *item.aliases]:
                alias = alias.strip()
                if alias and _norm(alias) not in _names(target):
                    target.aliases.append(alias)
                    changed = True
            if changed:
                target.mentions = _mentions(m.text, [target.name, *target.aliases])
                target.engine = "llm"
        ids[item.id] = target.id
    return ids


def _locate_cue(text: str, cue: str | None, around: int, paras: list[Any]) -> Span | None:
    """The cue's span in the paragraph holding ``around`` (or the next one), nearest to it."""
    if not cue:
        return None
    number = paragraph_at(paras, around)
    window = [p for p in paras if p.index in (number, number + 1)]
    if not window:
        return None
    start, end = window[0].start, window[-1].end
    found = align(text[start:end], cue, near=around - start, fuzzy=False)
    if found is None:
        return None
    return Span(
        start=start + found.start, end=start + found.end, text=text[start + found.start : start + found.end]
    )


def _merge_attributions(m: _Merge, ext: Any, ids: dict[str, str]) -> None:
    paras = m.base.article.paragraphs
    for att in ext.attributions:
        quote = m.quotes.get(att.quote)
        if quote is None:
            continue
        speaker_id = ids.get(att.speaker) if att.speaker else None
        channel_id = ids.get(att.channel) if att.channel else None
        if speaker_id is None and quote.speaker_id is not None:
            continue  # "don't know" does not erase the rules engine's attribution
        if speaker_id != quote.speaker_id:
            if quote.speaker_id is not None:
                # The rules engine named a speaker (it was sure enough to) and the model names
                # another: a contradiction is for a reader to settle, not for the model's guess
                # to win. The quote needs review, with both as candidates.
                m.diagnostics.append(
                    Diagnostic(
                        level="info",
                        message=f"{quote.id}: the model attributes it to {m.actors[speaker_id].name}; "
                        f"the rules engine said {quote.speaker}"
                        + (f" (confidence {quote.confidence:.2f})" if quote.confidence is not None else "")
                        + ": shown as speaker unclear, needs review",
                        item=quote.id,
                    )
                )
                quote.speaker_candidates = [quote.speaker_id, speaker_id]
                quote.speaker, quote.speaker_id, quote.needs_review = None, None, True
                quote.engine = "llm"
                continue
            quote.speaker_mention = None
            if speaker_id is not None:
                # the model's own attribution, of a quote the rules engine left unclear or gave to
                # someone else: no rule, no calibrated confidence, nothing left to review
                quote.via, quote.confidence = "llm", None
                quote.needs_review, quote.speaker_candidates = False, []
        quote.speaker_id = speaker_id
        quote.speaker = m.actors[speaker_id].name if speaker_id else None
        cue_span = _locate_cue(m.text, att.cue, quote.start, paras)
        quote.cue = cue_span.text if cue_span else (att.cue if att.cue else quote.cue)
        quote.cue_span = cue_span
        quote.channel_id = channel_id
        quote.channel = m.actors[channel_id].name if channel_id else None
        quote.engine = "llm"


def _merge_statements(m: _Merge, ext: Any, ids: dict[str, str]) -> dict[str, str]:
    """Add grounded indirect statements as quotes; returns statement id -> quote id."""
    text, paras = m.text, m.base.article.paragraphs
    mapping: dict[str, str] = {}
    for st in ext.statements:
        if st.span is None:  # the checks dropped these already; never make a quote of one
            continue
        start, end = st.span
        overlapping = next(
            (q for q in m.quotes.values() if min(end, q.end) - max(start, q.start) > 0.5 * (end - start)),
            None,
        )
        if overlapping is not None:
            mapping[st.id] = overlapping.id
            continue
        speaker_id = ids.get(st.speaker)
        channel_id = ids.get(st.channel) if st.channel else None
        quote_id = _next_id("Q", m.quotes)
        cue_span = _locate_cue(text, st.cue, start, paras)
        m.quotes[quote_id] = Quote(
            id=quote_id,
            text=text[start:end],
            start=start,
            end=end,
            type=QuoteType.indirect,
            speaker=m.actors[speaker_id].name if speaker_id else None,
            speaker_id=speaker_id,
            cue=cue_span.text if cue_span else st.cue,
            cue_span=cue_span,
            channel=m.actors[channel_id].name if channel_id else None,
            channel_id=channel_id,
            paragraph=paragraph_at(paras, start),
            grounding=st.grounding,
            engine="llm",
        )
        mapping[st.id] = quote_id
    return mapping


def _merge_sources(m: _Merge, chunk: Chunk, ext: Any, ids: dict[str, str]) -> None:
    text, paras = m.text, m.base.article.paragraphs
    all_sentences = sentences(text, list(chunk.paragraphs))
    for item in ext.sources:
        para = next((p for p in chunk.paragraphs if p.index == item.paragraph), None)
        if para is None:
            continue
        found = align(text[para.start : para.end], item.cue)
        if found is None:
            continue
        cue = Span(
            start=para.start + found.start,
            end=para.start + found.end,
            text=text[para.start + found.start : para.start + found.end],
        )
        sentence = next((s for s in all_sentences if s.start <= cue.start < s.end), None)
        start, end = (sentence.start, sentence.end) if sentence else (para.start, para.end)
        actor_id = ids.get(item.actor) if item.actor else None
        existing = next(
            (s for s in m.sources.values() if s.statement.start < end and start < s.statement.end), None
        )
        quote_ids = [q.id for q in m.quotes.values() if start <= q.start < end]
        if existing is not None:
            existing.kind = SourceKind(item.kind).value  # assignment skips validation
            existing.actor_id = actor_id
            if all(e.start != cue.start for e in existing.evidence):
                existing.evidence.append(cue)
            existing.quote_ids = list(dict.fromkeys([*existing.quote_ids, *quote_ids]))
            existing.engine = "llm"
            continue
        source_id = _next_id("S", m.sources)
        m.sources[source_id] = Source(
            id=source_id,
            kind=item.kind,
            statement=Span(start=start, end=end, text=text[start:end]),
            paragraph=paragraph_at(paras, start),
            actor_id=actor_id,
            evidence=[cue],
            quote_ids=quote_ids,
            engine="llm",
        )


def _positions(m: _Merge, ext: Any, ids: dict[str, str], statements: dict[str, str]) -> list[Position]:
    result = []
    for item in ext.positions:
        actor_id = ids.get(item.actor)
        evidence = [statements.get(e, e) for e in item.evidence]
        evidence = [e for e in dict.fromkeys(evidence) if e in m.quotes or e in m.sources]
        if actor_id is None or not evidence:
            continue
        result.append(
            Position(
                id="P0", actor_id=actor_id, summary=item.summary.strip(), evidence=evidence, engine="llm"
            )
        )
    return result


def _next_id(prefix: str, taken: dict[str, Any]) -> str:
    numbers = [int(k[len(prefix) :]) for k in taken if k.startswith(prefix) and k[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def paragraph_range(chunk: Chunk) -> str:
    numbers = sorted(chunk.numbers)
    return f"¶{numbers[0]}–¶{numbers[-1]}" if len(numbers) > 1 else f"¶{numbers[0]}"


