"""The rules engine: deterministic, offline extraction of who says what, and on what grounds.

Stages, each in its own module:

1. ``segment``      paragraphs and sentences;
2. ``quotes``       quotation spans (all mark styles, nested, multi-paragraph);
3. ``actors``       the actor registry (names, titles and roles, aliases, pronoun resolution);
4. ``attribution``  cues, speakers, channels, and indirect (reported) speech;
5. ``sourcing``     what each statement rests on, and loaded terms in the outlet's own voice;
6. ``positions``    per actor, what they stated, citing quote ids.

Regular expressions and small lexicons only: no model, no network, thousands of articles a minute.
"""

from __future__ import annotations

import re

from briefing import segment
from briefing.actors import Entity, Registry
from briefing.attribution import (
    Attribution,
    Attributor,
    CueHit,
    Statement,
    Unit,
    channel_phrase,
    clause_units,
)
from briefing.positions import positions_for
from briefing.quotes import QuoteSpan, find_quote_spans
from briefing.schema import Actor, Article, Briefing, Diagnostic, Quote, Span
from briefing.sourcing import boilerplate_paragraphs, classify_sources, language_notes

_HEADLINE_SPEAKER_RE = re.compile(r"\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s")


def extract(article: Article) -> Briefing:
    """Extract actors, quotes, sources, positions and language notes from ``article``."""
    text = article.text
    paras = article.paragraphs or segment.paragraphs(text)
    sents = segment.sentences(text, paras)
    spans = find_quote_spans(text, paras)
    registry = Registry(text)
    att = Attributor(text, registry, spans)
    units = clause_units(text, sents, spans)
    for unit in units:
        hits = att.find_cues(unit)
        _inherit_participles(unit, hits, registry)
        for h in hits:
            if h.attribution.speaker is not None:
                registry.note_speaker(h.attribution.speaker, h.start)
            if h.attribution.channel is None:
                ch = channel_phrase(
                    text, h.start, unit.end if h.content is None else max(h.end, h.content[0])
                )
                if ch:
                    h.attribution.channel = ch

    quote_attr = _attribute_quotes(text, spans, units, att, registry)
    statements = _indirect_statements(text, units, spans)

    # ----- build schema objects in text order ----------------------------------------------
    items: list[tuple[int, int, str, int, Attribution | None, str, int | None]] = []
    for i, span in enumerate(spans):
        a = quote_attr.get(i)
        if span.kind == "partial" and (a is None or a.speaker is None) and span.nested_in is None:
            continue  # an unattributed quoted phrase (scare quote, title) is not anyone's quote
        items.append((span.start, span.end, span.kind, span.paragraph, a, "q", i))
    for st in statements:
        items.append((st.start, st.end, "indirect", st.paragraph, st.attribution, "s", None))
    items.sort(key=lambda it: (it[0], -it[1]))

    quotes: list[Quote] = []
    span_to_qid: dict[int, str] = {}
    entity_of_quote: dict[str, Entity | None] = {}
    attr_of_quote: dict[str, Attribution | None] = {}
    for start, end, kind, para, a, origin, idx in items:
        while end > start and text[end - 1] in " \t\n,":
            end -= 1  # “…,” he said: the comma before the closing mark is punctuation, not speech
        qid = f"Q{len(quotes) + 1}"
        nested = None
        if origin == "q" and idx is not None:
            span_to_qid[idx] = qid
            parent = spans[idx].nested_in
            nested = span_to_qid.get(parent) if parent is not None else None
        speaker = a.speaker if a else None
        if speaker is not None:
            speaker.used = True
        if a and a.channel_entity is not None:
            a.channel_entity.used = True
        quotes.append(
            Quote(
                id=qid,
                text=text[start:end],
                start=start,
                end=end,
                type=kind,
                speaker=speaker.name if speaker else None,
                speaker_mention=_span(text, a.mention) if a and a.mention else None,
                cue=a.cue if a else None,
                cue_span=_span(text, a.cue_span) if a and a.cue_span else None,
                channel=a.channel if a else None,
                paragraph=para,
                nested_in=nested,
            )
        )
        entity_of_quote[qid] = speaker
        attr_of_quote[qid] = a

    boiler = boilerplate_paragraphs(text, paras)
    actors = _actors(registry, text, [p for p in paras if p.index in boiler])
    by_entity = {id(e): e.id for e in registry.entities if e.id}
    for q in quotes:
        ent = entity_of_quote[q.id]
        q.speaker_id = by_entity.get(id(ent)) if ent is not None else None
        a = attr_of_quote[q.id]
        if a and a.channel_entity is not None:
            q.channel_id = by_entity.get(id(a.channel_entity))

    sources = classify_sources(text, paras, units, quotes, attr_of_quote, by_entity, spans, actors)
    notes = language_notes(text, paras, spans, quotes)
    positions = positions_for(quotes, sources, actors)
    diagnostics = []
    dropped = sum(
        1 for i, s in enumerate(spans) if s.kind == "partial" and s.nested_in is None and i not in span_to_qid
    )
    if dropped:
        diagnostics.append(
            Diagnostic(
                level="info",
                message=f"{dropped} quoted phrase(s) with no speaker in the text "
                "(scare quotes or titles) are not listed as quotes",
            )
        )
    return Briefing(
        engine="rules",
        article=article if article.paragraphs else article.model_copy(update={"paragraphs": paras}),
        actors=actors,
        quotes=quotes,
        sources=sources,
        positions=positions,
        language_notes=notes,
        diagnostics=diagnostics,
    )


# ----- attribution of quotation spans ---------------------------------------------------------
def _inherit_participles(unit: Unit, hits: list[CueHit], registry: Registry) -> None:
    """ ", adding that …": the participle's speaker is the clause's subject."""
    for i, h in enumerate(hits):
        if h.attribution.speaker is None and h.attribution.source_kind is None:
            prev = next((p for p in reversed(hits[:i]) if p.attribution.speaker is not None), None)
            if prev is not None:
                h.attribution.speaker = prev.attribution.speaker
                h.attribution.mention = prev.attribution.mention
                continue
            subj = next((m for m in registry.mentions_between(unit.start, h.start) if m.subject), None)
            if subj is not None:
                h.attribution.speaker = subj.entity
                h.attribution.mention = (subj.start, subj.end)


def _has_source(h: CueHit) -> bool:
    return h.attribution.speaker is not None or h.attribution.source_kind is not None


def _governing_cue(att: Attributor, unit: Unit, q: QuoteSpan) -> CueHit | None:
    masked = att.masked
    hits = [h for h in unit.cues if _has_source(h)]
    # 1. Right after the closing mark: “…,” Abrams said. / “…,” said Abrams. / the Times quoted him
    for h in hits:
        if h.start >= q.outer_end:
            a = h.attribution
            first = (
                a.mention[0] if a.mention and not h.subject_after and a.mention[0] >= q.outer_end else h.start
            )
            if a.channel and a.channel_entity is not None and h.word.lower().startswith(("quot", "cit")):
                first = min(
                    first,
                    masked.find(a.channel, q.outer_end, h.start + 1)
                    if a.channel in masked[q.outer_end : h.start + 1]
                    else first,
                )
            gap = masked[q.outer_end : first]
            if re.fullmatch(r"[\s,.!?—–-]*", gap) and "\n" not in gap.strip(" "):
                return h
            break
    # 2. A cue before the quote that introduces it or whose content holds it.
    for h in reversed([h for h in hits if h.end <= q.outer_start]):
        if h.content and h.content[0] <= q.start <= h.content[1] + 2:
            return h
        between = masked[h.end : q.outer_start]
        if re.fullmatch(
            r"\s*(?:[:,]|\s+that|\s*(?:the\s+)?[\w’'.]+(?:\s+[\w’'.]+){0,4}\s*[:,]?)?\s*", between
        ):
            return h
        break
    # 3. A cue after the quote whose content (before the cue) holds it: “…”, Bachelet’s report said.
    for h in hits:
        if (
            h.start >= q.outer_end
            and h.content
            and h.content[0] <= q.outer_start
            and h.content[1] >= q.end - 1
        ):
            return h
    return None


def _attribute_quotes(
    text: str, spans: list[QuoteSpan], units: list[Unit], att: Attributor, registry: Registry
) -> dict[int, Attribution]:
    result: dict[int, Attribution] = {}
    unit_of: dict[int, int] = {}
    ui = 0
    for i, q in enumerate(spans):
        while ui + 1 < len(units) and units[ui + 1].start <= q.outer_start:
            ui += 1
        unit_of[i] = ui
    last_direct: tuple[int, Attribution] | None = None  # (paragraph, attribution)
    for i, q in enumerate(spans):
        if q.nested_in is not None:
            parent = result.get(q.nested_in)
            if parent is not None:
                result[i] = Attribution(
                    parent.speaker, None, None, None, parent.channel, parent.channel_entity
                )
            continue
        unit = units[unit_of[i]] if units else None
        hit = _governing_cue(att, unit, q) if unit else None
        a: Attribution | None = hit.attribution if hit else None
        if a is None and unit is not None:
            a = att.dash_speaker(q.outer_end, unit.end)
        if a is None and unit is not None:
            a = _headline_speaker(text, unit, q, registry)
        if a is None and unit is not None:
            a = _colon_intro(att, units, unit_of[i], q)
        if a is None and q.kind == "direct" and last_direct is not None:
            para, prev = last_direct
            starts_para = unit is not None and unit.start == q.outer_start
            if (
                para == q.paragraph
                or (para == q.paragraph - 1 and starts_para)
                or (para >= q.paragraph - 2 and starts_para and _only_quote(text, q, unit))
            ):
                a = Attribution(
                    prev.speaker, None, prev.cue, None, prev.channel, prev.channel_entity, prev.source_kind
                )
        if a is None and q.kind == "direct" and unit is not None:
            a = _next_unit_cue(att, units, unit_of[i], q)
        if a is None and q.kind == "partial":
            a = _partial_fallback(text, spans, result, i, unit, registry)
        if a is not None:
            result[i] = a
            if a.speaker is not None:
                registry.note_speaker(a.speaker, q.start)
            if a.speaker is not None:
                last_direct = (q.last_paragraph or q.paragraph, a)
    return result


def _only_quote(text: str, q: QuoteSpan, unit: Unit) -> bool:
    return text[q.outer_end : unit.end].strip(" .,\n") == ""


def _headline_speaker(text: str, unit: Unit, q: QuoteSpan, registry: Registry) -> Attribution | None:
    """ "Elliott Abrams: U.S. Won’t ‘Prosecute’ …": a name and a colon own the quote after it."""
    m = _HEADLINE_SPEAKER_RE.match(text, unit.start, q.outer_start)
    if not m:
        return None
    mentions = registry.mentions_between(m.start(1), m.end(1) + 1)
    if not mentions or mentions[-1].entity.type not in ("person", "organization", "government", "media"):
        return None
    return Attribution(mentions[-1].entity, (mentions[-1].start, mentions[-1].end), cue=None)


def _colon_intro(att: Attributor, units: list[Unit], ui: int, q: QuoteSpan) -> Attribution | None:
    """The previous unit ends with a colon after a cue: "Abrams said:" ¶ “…”."""
    if ui == 0 or att.masked[units[ui].start : q.outer_start].strip():
        return None
    prev = units[ui - 1]
    if not att.text[prev.start : prev.end].rstrip().endswith(":"):
        return None
    hits = [h for h in prev.cues if _has_source(h)]
    return hits[-1].attribution if hits else None


def _next_unit_cue(att: Attributor, units: list[Unit], ui: int, q: QuoteSpan) -> Attribution | None:
    """A quote standing alone, attributed in the next short sentence: “…” ¶ That's what he said."""
    if not _only_quote(att.text, q, units[ui]) or ui + 1 >= len(units):
        return None
    nxt = units[ui + 1]
    if nxt.paragraph != units[ui].paragraph:
        return None
    hits = [h for h in nxt.cues if _has_source(h) and h.content is None]
    if hits and len(att.text[nxt.start : nxt.end].split()) <= 8:
        return hits[0].attribution
    return None


def _partial_fallback(
    text: str,
    spans: list[QuoteSpan],
    result: dict[int, Attribution],
    i: int,
    unit: Unit | None,
    registry: Registry,
) -> Attribution | None:
    """A fragment with no cue: the speaker of a full quote that contains the same words, else the
    person who is the subject of the sentence ("Abrams … expressing a desire … a “dignified exit”")."""
    q = spans[i]
    words = text[q.start : q.end].strip(" ,.").lower()
    if len(words) >= 6:
        for j, other in enumerate(spans):
            if (
                j != i
                and other.kind == "direct"
                and j in result
                and words in text[other.start : other.end].lower()
            ):
                o = result[j]
                return Attribution(o.speaker, None, None, None, o.channel, o.channel_entity, o.source_kind)
    if unit is None:
        return None
    subj = next(
        (
            m
            for m in registry.mentions_between(unit.start, q.outer_start)
            if m.subject and m.entity.type == "person"
        ),
        None,
    )
    if subj is not None and subj.start - unit.start < 40:
        return Attribution(subj.entity, (subj.start, subj.end), cue=None)
    return None


# ----- indirect speech ------------------------------------------------------------------------
def _indirect_statements(text: str, units: list[Unit], spans: list[QuoteSpan]) -> list[Statement]:
    tops = [s for s in spans if s.nested_in is None]
    out: list[Statement] = []
    for unit in units:
        for h in unit.cues:
            if h.content is None or not _has_source(h):
                continue
            s, e = h.content
            if e - s < 12 or len(text[s:e].split()) < 3:
                continue
            quoted = sum(max(0, min(e, q.outer_end) - max(s, q.outer_start)) for q in tops)
            if quoted >= 0.6 * (e - s):
                continue  # the content is a quotation: it is listed as a direct quote
            out.append(Statement(s, e, unit.paragraph, h.attribution))
    return out


# ----- actors ---------------------------------------------------------------------------------
def _actors(registry: Registry, text: str, boiler: list) -> list[Actor]:
    def in_boilerplate(e: Entity) -> bool:
        return bool(e.mentions) and all(any(p.start <= s < p.end for p in boiler) for s, _ in e.mentions)

    keep = [e for e in registry.entities if _worth_listing(e) and (e.used or not in_boilerplate(e))]
    keep.sort(key=lambda e: min((m[0] for m in e.mentions), default=e.first))
    actors = []
    for n, e in enumerate(keep, 1):
        e.id = f"A{n}"
        aliases = list(dict.fromkeys(a for a in e.aliases if a != e.name))
        for s, t in e.mentions:
            form = " ".join(text[s:t].split())
            if form != e.name and form not in aliases:
                aliases.append(form)
        actors.append(
            Actor(
                id=e.id,
                name=e.name,
                type=e.type,
                role=e.role,
                aliases=aliases,
                mentions=[_span(text, m) for m in e.mentions[:50]],
            )
        )
    return actors


def _worth_listing(e: Entity) -> bool:
    if e.used:
        return True
    if e.type == "person":
        return len(e.name.split()) >= 2 or len(e.mentions) >= 2
    if e.type in ("organization", "media"):
        return True
    return e.type == "government" and " " in e.name


def _span(text: str, se: tuple[int, int]) -> Span:
    return Span(start=se[0], end=se[1], text=text[se[0] : se[1]])
