"""The llm engine: the rules engine's grounded candidates, attributed and enriched by a model.

1. The rules engine (``briefing.rules.extract``) finds quote candidates and actors, with ids and
   exact offsets.
2. The article is cut into chunks of whole paragraphs under a token budget (one chunk — one call —
   when it fits; :mod:`briefing.llm.chunking`).
3. For each chunk the prompt (``prompts/system.j2`` + ``prompts/user.j2``, sandboxed Jinja) shows
   the numbered paragraphs with each candidate's id marked where it begins, and the known actors
   by id. The model fills the compact :class:`~briefing.llm.response.Extraction`; its validators
   reject ungrounded text and unknown ids, and instructor re-asks (:mod:`briefing.llm.client`
   adds transport retries, cache, usage).
4. The answers are merged into the rules result: attributions by candidate id, new actors merged
   across chunks by name and alias, indirect statements and sourcing cues located in the article
   by :func:`briefing.text.grounding.align`. The program computes every offset; every item says which
   engine produced it.

When the endpoint or the answers fail for good the rules result is returned with a warning in
``diagnostics`` — never nothing, and never an ungrounded quote.
"""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing.config import LLMSettings
from briefing.errors import LLMError
from briefing.llm.chunking import Chunk, chunk_paragraphs
from briefing.schema import (
    Actor,
    Article,
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
from briefing.text.segment import paragraphs as split_paragraphs


def extract(
    article: Article,
    settings: LLMSettings | None = None,
    *,
    base: Briefing | None = None,
    min_confidence: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Briefing:
    """Run the llm engine on ``article``. ``base`` is the rules result (computed when omitted,
    with ``min_confidence`` as the rules engine's threshold: None is its calibrated default);
    ``sleep`` is what transport backoff waits with (tests pass a recorder)."""
    from briefing.llm.client import LLMClient, Meter
    from briefing.llm.response import Grounds, response_model

    settings = settings or LLMSettings()
    if not article.paragraphs:
        article = article.model_copy(update={"paragraphs": split_paragraphs(article.text)})
    if base is None:
        from briefing.rules import extract as rules_extract

        base = rules_extract(article, min_confidence=min_confidence)
    meter = Meter()
    client = LLMClient(settings, meter, sleep=sleep)  # ConfigError (no key) propagates
    chunks = chunk_paragraphs(article.text, base.article.paragraphs, settings.resolved_chunk_tokens())
    answers: list[tuple[Chunk, Any]] = []
    failures: list[tuple[Chunk, LLMError]] = []
    for chunk in chunks:
        candidates = {q.id: (q.start, q.end) for q in base.quotes if chunk.start <= q.start < chunk.end}
        grounds = Grounds(
            text=article.text,
            paragraphs=list(chunk.paragraphs),
            candidates=candidates,
            actor_ids=frozenset(a.id for a in base.actors),
            actor_names={a.id: (a.name, *a.aliases) for a in base.actors},
            speakers={q.id: q.speaker_id for q in base.quotes if q.id in candidates and q.speaker_id},
            max_attempts=settings.max_reasks + 1,
        )

        def advance(g: Grounds = grounds) -> None:
            g.attempt += 1

        messages = render_messages(base, chunk, len(chunks))
        try:
            answers.append((chunk, client.extract(response_model(grounds), messages, on_answer=advance)))
        except LLMError as exc:
            failures.append((chunk, exc))
    result = merge(base, answers, model=client.model)
    result.usage = meter.usage()
    for chunk, exc in failures:
        where = f" for paragraphs {_range(chunk)}" if len(chunks) > 1 else ""
        result.diagnostics.append(
            Diagnostic(
                level="warning",
                message=f"llm engine failed{where}; the rules engine's result is shown there instead: {exc}",
            )
        )
    if not answers:
        result.engine = "rules"
    return result


def render_messages(base: Briefing, chunk: Chunk, chunk_count: int) -> list[dict[str, str]]:
    """The system and user messages for one chunk, from ``prompts/*.j2``.

    The prompt repeats as little as it can of the article: each quote candidate is a marker
    (``[Q2]``) in the text where it begins, not a copy of its words, and its id in a short list;
    the known actors are the ones named in this chunk (or guessed as a speaker or channel there),
    by id and name."""
    env = _prompt_environment()
    text, title = base.article.text, base.article.title
    candidates = [q for q in base.quotes if chunk.start <= q.start < chunk.end]
    paragraphs = _marked_paragraphs(text, chunk, candidates)
    involved = {x for q in candidates for x in (q.speaker_id, q.channel_id) if x}
    here = text[chunk.start : chunk.end]
    actors = [
        {"id": a.id, "name": a.name}
        for a in base.actors
        if a.id in involved
        or any(chunk.start <= m.start < chunk.end for m in a.mentions)
        or any(name and name in here for name in (a.name, *a.aliases))
    ]
    context = {
        "title": title if title and title not in here else None,
        "paragraphs": paragraphs,
        "candidates": _id_ranges([q.id for q in candidates]),
        "actors": actors,
        "chunk_index": chunk.index,
        "chunk_count": chunk_count,
    }
    return [
        {"role": "system", "content": env.get_template("system.j2").render(**context).strip()},
        {"role": "user", "content": env.get_template("user.j2").render(**context).strip()},
    ]


def _id_ranges(ids: list[str]) -> str:
    """``Q1, Q2, … Q11 (11 in all)``: the candidate ids, runs of consecutive numbers shortened."""
    numbers = sorted(int(i[1:]) for i in ids if i[1:].isdigit())
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [
        ", ".join(f"Q{n}" for n in run) if len(run) <= 3 else f"Q{run[0]}, Q{run[1]}, … Q{run[-1]}"
        for run in runs
    ]
    return f"{', '.join(parts)} ({len(numbers)} in all)" if numbers else ""


_OPENING_MARKS = "“\"‘'«‹„‚「『"


def _marked_paragraphs(text: str, chunk: Chunk, candidates: list[Quote]) -> list[dict[str, Any]]:
    """The chunk's paragraphs, each candidate's id written where it begins, before its opening
    quotation mark: ``… [Q2]“This is …``. A candidate that begins between paragraphs is marked at
    the start of the next one."""
    paras = list(chunk.paragraphs)
    at: dict[int, list[Quote]] = {}
    for q in candidates:
        number = next((i for i, p in enumerate(paras) if q.start < p.end), len(paras) - 1)
        at.setdefault(number, []).append(q)
    shown = []
    for i, p in enumerate(paras):
        pieces, cursor = [], p.start
        for q in sorted(at.get(i, []), key=lambda q: q.start):
            where = min(max(q.start, p.start), p.end)
            if where > max(p.start, cursor) and text[where - 1] in _OPENING_MARKS:
                where -= 1
            pieces += [text[cursor:where], f"[{q.id}]"]
            cursor = where
        pieces.append(text[cursor : p.end])
        shown.append({"number": p.index, "text": "".join(pieces)})
    return shown


@functools.lru_cache(maxsize=1)
def _prompt_environment() -> Any:
    """One sandboxed environment per process, so templates are compiled once, not per call."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from briefing.resources import data_dir

    return SandboxedEnvironment(
        loader=FileSystemLoader(str(data_dir("prompts"))),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


# --------------------------------------------------------------------------- merging


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
        statement_quotes = _merge_statements(m, chunk, ext, ids)
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
                m.diagnostics.append(
                    Diagnostic(
                        level="info",
                        message=f"{quote.id}: the model attributes it to {m.actors[speaker_id].name}; "
                        f"the rules engine said {quote.speaker}",
                        item=quote.id,
                    )
                )
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


def _merge_statements(m: _Merge, chunk: Chunk, ext: Any, ids: dict[str, str]) -> dict[str, str]:
    """Add grounded indirect statements as quotes; returns statement id -> quote id."""
    text, paras = m.text, m.base.article.paragraphs
    mapping: dict[str, str] = {}
    for st in ext.statements:
        found = align(text[chunk.start : chunk.end], st.text)
        if found is None:  # the validators dropped these already; never make a quote of one
            continue
        start, end = chunk.start + found.start, chunk.start + found.end
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
            grounding=found.status,
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


def _range(chunk: Chunk) -> str:
    numbers = sorted(chunk.numbers)
    return f"¶{numbers[0]}–¶{numbers[-1]}" if len(numbers) > 1 else f"¶{numbers[0]}"


def failures(briefing: Briefing) -> list[str]:
    """The warnings saying the llm engine failed and the rules result stands in (all or part)."""
    return [
        d.message
        for d in briefing.diagnostics
        if d.level != "info" and d.message.startswith("llm engine failed")
    ]


def report_lines(briefing: Briefing) -> list[str]:
    """What the CLI prints on stderr after an llm run: fallbacks, dropped items, token usage."""
    lines = [f"warning: {message}" for message in failures(briefing)]
    dropped = sum(1 for d in briefing.diagnostics if d.message.startswith("llm: dropped"))
    if dropped:
        lines.append(f"warning: dropped {dropped} item(s) the model could not ground (see diagnostics)")
    u = briefing.usage
    if u is not None:
        lines.append(
            f"usage: {u.calls} request(s), {u.prompt_tokens} prompt + {u.completion_tokens} completion "
            f"= {u.total_tokens} tokens; {u.retries} retries, {u.reasks} re-asks, {u.cache_hits} cache hit(s)"
        )
    return lines
