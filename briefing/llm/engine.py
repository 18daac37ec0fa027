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
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from briefing.config import LLMSettings
from briefing.errors import LLMError
from briefing.llm.chunking import Chunk, chunk_paragraphs, estimated_answer
from briefing.llm.merge import merge, paragraph_range
from briefing.rules.headline import headline_as_statement
from briefing.schema import (
    Article,
    Briefing,
    Diagnostic,
    Quote,
    Usage,
)
from briefing.text.segment import paragraph_at
from briefing.text.segment import paragraphs as split_paragraphs

log = logging.getLogger(__name__)


@dataclass
class ChunkCall:
    """One request of an article: its chunk, what the answer is checked against, and the messages."""

    chunk: Chunk
    grounds: Any  # briefing.llm.response.Grounds
    messages: list[dict[str, str]]


@dataclass
class Plan:
    """An article ready for the model: the rules result it starts from, and one call per chunk.
    The synchronous path (:func:`extract`) and the Batch API path (:mod:`briefing.llm.batch_api`)
    make the same plan, ask the same questions and :func:`finish` the same way."""

    base: Briefing
    chunks: list[Chunk]
    calls: list[ChunkCall]
    scope_note: str | None = None  # what was left out, with --llm-scope uncertain


def plan(
    article: Article, settings: LLMSettings, *, base: Briefing | None = None,
    min_confidence: float | None = None,
) -> Plan:
    """The rules result (computed when ``base`` is omitted), the chunks and each chunk's call."""

    if not article.paragraphs:
        article = article.model_copy(update={"paragraphs": split_paragraphs(article.text)})
    if base is None:
        from briefing.rules import extract as rules_extract

        base = rules_extract(article, min_confidence=min_confidence)
    if settings.resolved_scope() == "uncertain":
        return _scoped_plan(base, settings)
    candidates_at = _candidates_at(base.article.paragraphs, base.quotes)
    by_input = chunk_paragraphs(article.text, base.article.paragraphs, settings.resolved_chunk_tokens())
    chunks = chunk_paragraphs(article.text, base.article.paragraphs, settings.resolved_chunk_tokens(),
                              max_output_tokens=settings.max_output_tokens, candidates_at=candidates_at)
    if len(chunks) > len(by_input):
        answer = sum(estimated_answer(article.text, c, candidates_at) for c in by_input)
        log.info("llm: %d call(s) instead of %d: each answer (about %d tokens for the whole article) must "
                 "fit max_output_tokens=%d with room to spare, so the article is cut by paragraphs",
                 len(chunks), len(by_input), answer, settings.max_output_tokens)
    calls = [call_for(base, chunk, len(chunks), settings) for chunk in chunks]
    return Plan(base, chunks, calls)


def _candidates_at(paragraphs: list[Any], quotes: list[Quote]) -> Counter[int]:
    """How many of ``quotes`` begin in each paragraph, by paragraph number."""
    return Counter(paragraph_at(paragraphs, q.start) for q in quotes)


# A rules speaker below this confidence is worth a model's second opinion (--llm-scope uncertain);
# on the dev gold about a fifth of the quotes: those in review, and the least sure of the rest.
UNSURE_BELOW = 0.9


def uncertain(quote: Quote) -> bool:
    """Is ``quote`` one the rules engine abstains on or is unsure of?"""
    return quote.needs_review or quote.speaker_id is None or (quote.confidence or 0.0) < UNSURE_BELOW


def _scoped_plan(base: Briefing, settings: LLMSettings) -> Plan:
    """``--llm-scope uncertain``: the paragraphs around the quotes the rules engine is unsure of
    (the paragraph before each, where a speaker is often named, to the one after), in as few calls
    as the budgets allow, listing only those candidates. Nothing is asked when the rules engine
    settled every quote."""
    paragraphs = base.article.paragraphs
    unsure = [q for q in base.quotes if uncertain(q)]
    at = _candidates_at(paragraphs, unsure)
    wanted = {number + step for number in at for step in (-1, 0, 1)}
    shown = [para for para in paragraphs if para.index in wanted]
    ids = {q.id for q in unsure}
    # one call for all of them when they fit (the paragraphs keep their numbers, gaps and all)
    chunks = []
    if shown:
        chunks = chunk_paragraphs(base.article.text, shown, settings.resolved_chunk_tokens(),
                                  max_output_tokens=settings.max_output_tokens, candidates_at=at)
    calls = [call_for(base, chunk, len(chunks), settings, only=ids) for chunk in chunks]
    log.info("llm: --llm-scope uncertain: %d of %d candidate(s) asked about, in %d of %d paragraph(s), "
             "%d call(s)", len(unsure), len(base.quotes), sum(len(c.paragraphs) for c in chunks),
             len(paragraphs), len(chunks))
    note = (f"llm: asked about the {len(unsure)} of {len(base.quotes)} quote(s) the rules engine was unsure "
            f"of, in {sum(len(c.paragraphs) for c in chunks)} of {len(paragraphs)} paragraph(s) "
            "(--llm-scope uncertain)")
    return Plan(base, chunks, calls, scope_note=note)


def call_for(base: Briefing, chunk: Chunk, chunk_count: int, settings: LLMSettings,
             only: set[str] | None = None) -> ChunkCall:
    """The call for one chunk: its candidates (all of those in it, or those in ``only``) and the
    known actors to check the answer against, and the messages."""
    from briefing.llm.response import Grounds

    candidates = {q.id: (q.start, q.end) for q in base.quotes
                  if chunk.start <= q.start < chunk.end and (only is None or q.id in only)}
    grounds = Grounds(
        text=base.article.text,
        paragraphs=list(chunk.paragraphs),
        candidates=candidates,
        actor_ids=frozenset(a.id for a in base.actors),
        actor_names={a.id: (a.name, *a.aliases) for a in base.actors},
        speakers={q.id: q.speaker_id for q in base.quotes if q.id in candidates and q.speaker_id},
        max_attempts=settings.max_reasks + 1,
    )
    return ChunkCall(chunk, grounds, render_messages(base, chunk, chunk_count, only))


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
    from briefing.llm.client import AnswerCutOff, LLMClient, Meter
    from briefing.llm.response import response_model
    from briefing.llm.salvage import salvage

    settings = settings or LLMSettings()
    planned = plan(article, settings, base=base, min_confidence=min_confidence)
    meter = Meter()
    client = LLMClient(settings, meter, sleep=sleep)  # ConfigError (no key) propagates
    answers: list[tuple[Chunk, Any]] = []
    failures: list[tuple[Chunk, LLMError]] = []
    notes: list[str] = []
    queue = [(call, 0) for call in planned.calls]
    while queue:
        call, depth = queue.pop(0)

        def advance(g: Any = call.grounds) -> None:
            g.attempt += 1

        try:
            answers.append((call.chunk, client.extract(response_model(call.grounds), call.messages,
                                                       on_answer=advance)))
        except AnswerCutOff as exc:
            kept = salvage(exc.completion, call.grounds)
            where = f"paragraphs {paragraph_range(call.chunk)}"
            if kept is None:
                failures.append((call.chunk, exc))
                continue
            meter.salvaged += 1
            answers.append((call.chunk, kept))
            attributed = {a.quote for a in kept.attributions}
            missing = [q for q in call.grounds.candidates if q not in attributed]
            notes.append(f"llm: the answer for {where} was cut off at max_output_tokens="
                         f"{settings.max_output_tokens}; its {_items(kept)} complete item(s) were kept"
                         + (f", and the {len(missing)} candidate(s) it did not reach were asked again"
                            if missing and depth < 2 else ""))
            if missing and depth < 2:  # ask again only for what is missing, in a smaller call
                rest = _chunk_holding(planned.base, call.chunk, missing)
                follow_up = call_for(planned.base, rest, len(planned.chunks), settings, only=set(missing))
                queue.insert(0, (follow_up, depth + 1))
        except LLMError as exc:
            failures.append((call.chunk, exc))
    result = finish(planned, answers, failures, model=client.model, usage=meter.usage(),
                    warnings=client.cache_warnings())
    result.diagnostics.extend(Diagnostic(level="info", message=note) for note in notes)
    return result


def _items(extraction: Any) -> int:
    return sum(len(getattr(extraction, name)) for name in ("actors", "attributions", "statements", "sources",
                                                           "positions"))


def _chunk_holding(base: Briefing, chunk: Chunk, quote_ids: list[str]) -> Chunk:
    """The part of ``chunk`` from the paragraph holding the first of ``quote_ids`` to the one
    holding the last: what a follow-up call needs to attribute them."""
    starts = [q.start for q in base.quotes if q.id in set(quote_ids)]
    first = paragraph_at(list(chunk.paragraphs), min(starts))
    last = paragraph_at(list(chunk.paragraphs), max(starts))
    return Chunk(chunk.index, tuple(p for p in chunk.paragraphs if first <= p.index <= last))


def finish(
    planned: Plan,
    answers: list[tuple[Chunk, Any]],
    failures: list[tuple[Chunk, Exception]],
    *,
    model: str,
    usage: Usage | None,
    warnings: list[str] = (),  # type: ignore[assignment]
) -> Briefing:
    """The briefing from the answers: merged into the rules result, the headline kept as the
    outlet's summary, usage and warnings recorded; a chunk that failed shows the rules result,
    with a warning. With no answer at all the engine is ``rules``."""
    # the model may report the headline as someone's statement: it is the outlet's summary
    result = headline_as_statement(merge(planned.base, answers, model=model))
    result.usage = usage
    for warning in warnings:
        result.diagnostics.append(Diagnostic(level="warning", message=warning))
    for chunk, exc in failures:
        where = f" for paragraphs {paragraph_range(chunk)}" if len(planned.chunks) > 1 else ""
        result.diagnostics.append(
            Diagnostic(
                level="warning",
                message=f"llm engine failed{where}; the rules engine's result is shown there instead: {exc}",
            )
        )
    if planned.scope_note:
        result.diagnostics.append(Diagnostic(level="info", message=planned.scope_note))
    if not answers:
        result.engine = "rules"
    return result


def render_messages(
    base: Briefing, chunk: Chunk, chunk_count: int, only: set[str] | None = None
) -> list[dict[str, str]]:
    """The system and user messages for one chunk, from ``prompts/*.j2``.

    The prompt repeats as little as it can of the article: each quote candidate is a marker
    (``[Q2]``) in the text where it begins, not a copy of its words, and its id in a short list;
    the known actors are the ones named in this chunk (or guessed as a speaker or channel there),
    by id and name."""
    env = _prompt_environment()
    text, title = base.article.text, base.article.title
    candidates = [q for q in base.quotes
                  if chunk.start <= q.start < chunk.end and (only is None or q.id in only)]
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
