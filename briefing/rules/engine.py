"""The rules engine: deterministic, offline extraction of who says what, and on what grounds.

Stages, each in its own module:

1. ``segment``      paragraphs and sentences;
2. ``quotes``       quotation spans (all mark styles, nested, multi-paragraph);
3. ``actors``       the actor registry (names, titles and roles, aliases, pronoun resolution);
4. ``attribution``  cues, speakers, channels, and indirect (reported) speech;
5. ``sourcing``     what each statement rests on, and loaded terms in the outlet's own voice;
6. ``headline``     the headline set apart as the outlet's summary, never a quote.

It states no positions: summarising what an actor wants is the llm engine's work, and relabelling
quotes as positions would only repeat them (the briefing groups them per actor instead).

Regular expressions and small lexicons only: no model, no network, thousands of articles a minute.
"""

from __future__ import annotations

import gc
import logging
import re
from dataclasses import replace
from typing import NamedTuple

from briefing.rules import lexicon as lx
from briefing.rules.attribution import attribute_quotes
from briefing.rules.confidence import Assessment, Assessor, default_min_confidence
from briefing.rules.contents import channel_phrase
from briefing.rules.cue_finder import CueScanner
from briefing.rules.cues import FINDING_FORMS
from briefing.rules.doc import Doc, read
from briefing.rules.headline import headline_as_statement
from briefing.rules.names import Entity
from briefing.rules.posts import VIA as POST_VIA
from briefing.rules.posts import embedded_posts
from briefing.rules.quote_items import quote_items
from briefing.rules.registry import Registry
from briefing.rules.resolve import resolve_np
from briefing.rules.source_phrase import subject_before
from briefing.rules.sourcing import boilerplate_paragraphs, classify_sources, kind_of, language_notes
from briefing.rules.statements import indirect_statements
from briefing.rules.transcript import transcript_answers
from briefing.rules.units import PARTICIPLE_CLAUSE_RE, Attribution, CueHit, Unit
from briefing.rules.unread import quotations_only
from briefing.schema import Actor, Article, Briefing, Diagnostic, Quote, Span
from briefing.text.intervals import Intervals
from briefing.text.quotes import APOSTROPHE_MARK

# How quotes are counted, as annotated news corpora (PARC 3.0, PolNeAR) count them: a quote
# interrupted by its attribution (“A,” he said. “B.” / “A,” he said, “b.”) is ONE quote from the
# first part to the last; its passages are listed in ``Quote.parts`` so that nothing between them
# is shown as the speaker's words. Counting each passage as its own quote (both switches off, the
# count used until session 3) gives polnear-dev direct F1 0.673 against 0.813 (0.864 without ''
# passages, see APOSTROPHE_QUOTES). A nested quotation stays inside its parent and is not listed
# on its own (LIST_NESTED costs 0.01-0.02); a partly quoted statement is its reported clause,
# quotation marks included (Trump claimed [the White House was in touch “at a very high level,”]),
# because a bare fragment hides what was claimed (listing bare fragments: F1 0.555, not kept);
# its quoted passages are its ``parts``, so that no reader takes the paraphrase for the speaker's.
MERGE_INTERRUPTED = True
MERGE_ACROSS_SENTENCES = True
LIST_NESTED = False
MAX_CANDIDATES = 3  # speaker candidates listed for a quote that needs review
MAX_MENTIONS = 10  # mention spans listed per actor (the first ones); aliases list every form used


def _trim_trailing(text: str, start: int, end: int) -> tuple[int, int]:
    """“…,” he said: the comma before the closing mark is punctuation, not speech."""
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


log = logging.getLogger(__name__)


class _Item(NamedTuple):
    """One quote to report, before it becomes a schema Quote."""

    start: int
    end: int
    kind: str  # direct | partial | indirect
    paragraph: int
    attribution: Attribution | None
    origin: str  # "q" quotation spans, "t" a Q&A answer, "s" reported speech
    spans: tuple[int, ...]  # the quotation spans it is made of
    via: str  # Quote.via


TRANSCRIPT = "Q&A answer"
CLAUSE_CUE = "reported clause cue"  # a partly quoted clause, attributed by the cue it was cut at
UNATTRIBUTED = "unattributed"


def _via(a: Attribution | None) -> str:
    if a is None:
        return UNATTRIBUTED
    return a.rule or CLAUSE_CUE


def _log_quote(q: Quote, assessment: Assessment | None, candidates) -> None:
    doubts = f" ({', '.join(assessment.doubts)})" if assessment and assessment.doubts else ""
    who = q.speaker or ("unclear: " + " or ".join(e.name for e in candidates) if candidates else "unclear")
    words = " ".join(q.text.split())[:50]
    conf = q.confidence or 0.0
    log.debug("%s %s %r: %s, confidence %.2f%s -> %s", q.id, q.type, words, q.via, conf, doubts, who)


def extract(
    article: Article, min_confidence: float | None = None, trace: dict[str, Assessment] | None = None
) -> Briefing:
    """Extract actors, quotes, sources, positions and language notes from ``article``.

    A speaker whose confidence is below ``min_confidence`` (default: the calibrated
    ``confidence.default_min_confidence()``) is not named: the quote needs review instead.
    ``trace``, when given, receives each quote's :class:`~briefing.rules.confidence.Assessment`
    by quote id (what ``benchmarks/calibration.py`` measures)."""
    # The stages allocate millions of small objects that all live until the briefing is built and
    # form no garbage cycles worth collecting; the cyclic collector's full passes over them made
    # long articles super-linear (a 20 MB article: about half the time). Pause it, then restore.
    if article.language not in (None, "en"):
        return quotations_only(article)  # English rules are never applied to another language
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        threshold = default_min_confidence() if min_confidence is None else min_confidence
        return _extract(article, threshold, trace)
    finally:
        if paused:
            gc.enable()


def _extract(article: Article, min_confidence: float, trace: dict[str, Assessment] | None) -> Briefing:
    doc = read(article)
    text, paras, spans, registry, units, words = (
        doc.text, doc.paragraphs, doc.quotations, doc.names, doc.units, doc.words
    )
    scanner = CueScanner(doc)
    all_hits: list[CueHit] = []
    for unit in units:
        hits = scanner.cues_in(unit)
        inherit_participles(unit, hits, registry)
        all_hits.extend(hits)
        unit_channel: str | bool | None = False  # looked up once per unit, when a cue needs it
        for h in hits:
            if h.attribution.speaker is not None and not h.noun and h.attribution.basis != "unresolved":
                registry.note_speaker(h.attribution.speaker, h.start)
            if h.attribution.channel is None:
                if unit_channel is False:
                    unit_channel = channel_phrase(doc.masked, unit.start, unit.end)  # "in a statement"
                if unit_channel:
                    h.attribution.channel = unit_channel

    quote_attr = attribute_quotes(doc)
    statements = indirect_statements(text, units, spans, doc.masked)

    # ----- build schema objects in text order ----------------------------------------------
    # Quotes as counted above (MERGE_INTERRUPTED …): one per passage, a partly quoted statement
    # as its reported clause; quoted phrases nobody says (scare quotes, titles) are dropped.
    hit_index = Intervals([(h.start, h.end) for h in all_hits])
    unit_index = Intervals([(u.start, u.end) for u in units])
    items: list[_Item] = []
    reported: list[tuple[int, int]] = []
    in_items: set[int] = set()
    for item in quote_items(
        text,
        spans,
        doc.sentences,
        merge_interrupted=MERGE_INTERRUPTED,
        merge_across_sentences=MERGE_ACROSS_SENTENCES,
        double_apostrophes=article.apostrophe_quotes,
    ):
        parts = item.parts
        a = next((quote_attr[i] for i in parts if quote_attr.get(i) and quote_attr[i].speaker), None)
        a = a or quote_attr.get(parts[0])
        if item.clause and item.cue is not None and (a is None or a.speaker is None or a.basis):
            # the cue the clause was cut at (Trump said [that …“…”…]) names the speaker
            near = hit_index.overlapping(item.cue[0], item.cue[1])
            hit = all_hits[near[0]] if near else None
            if hit is not None and hit.attribution.speaker is not None:
                a = hit.attribution
            else:
                a = _subject_of_cue(doc, units, unit_index, item.cue) or a
        if item.kind == "partial" and (a is None or (a.speaker is None and a.source_kind is None)):
            # an unattributed quoted phrase (a scare quote, a title) is not anyone's quote; a
            # clause cut at a verb of saying is someone's, even when the engine cannot say whose
            if not item.clause or item.cue is None or not _SAYING_CUE_RE.fullmatch(text, *item.cue):
                continue
        start, end = item.start, item.end
        if item.clause and item.cue is not None and item.cue[0] >= spans[parts[-1]].outer_end:
            # “…”, X’s report said: the attribution covers the participial clause holding the
            # quotation, not the outlet's main clause before it ("the regime has … presiding over “…”")
            for cm in PARTICIPLE_CLAUSE_RE.finditer(text, start, spans[parts[0]].outer_start):
                start = cm.end()
        items.append(_Item(start, end, item.kind, spans[parts[0]].paragraph, a, "q", parts, _via(a)))
        reported.append((start, end))
        in_items.update(parts)
    for i, span in enumerate(spans):
        a = quote_attr.get(i)
        if span.nested_in is not None and span.nested_in in in_items and LIST_NESTED:
            items.append(_Item(span.start, span.end, span.kind, span.paragraph, a, "q", (i,), _via(a)))
        elif (
            span.nested_in is None
            and i not in in_items
            and a is not None
            and a.speaker is not None
            and a.basis in ("headline", "contained")
            and not _inside_any(span.start, reported)
        ):
            # attributed by the engine though no cue is in its sentence: a headline "Name: … ‘…’",
            # or words repeated from the speaker's own full quote (a “dignified exit”)
            items.append(_Item(span.start, span.end, span.kind, span.paragraph, a, "q", (i,), _via(a)))
            reported.append((span.start, span.end))
            in_items.add(i)
    for start, end, para, a in transcript_answers(doc):
        if not _inside_any(start, reported):
            items.append(_Item(start, end, "direct", para, a, "t", (), TRANSCRIPT))
            reported.append((start, end))
    for start, end, para, a in embedded_posts(doc):  # a tweet the story embeds, and its signature
        if not _inside_any(start, reported):
            items.append(_Item(start, end, "direct", para, a, "t", (), POST_VIA))
            reported.append((start, end))
    reported.sort()
    reported_index = Intervals(reported)
    for st in statements:
        if any(
            _overlap(st.start, st.end, s, e) >= 0.5 or (s - 2 <= st.start and st.end <= e + 2)
            for s, e in (reported[k] for k in reported_index.overlapping(st.start, st.end))
        ):
            continue  # the same statement is already listed as a (partly) quoted one
        if any(
            abs(st.start - s) <= 1 and len(text[e : st.end].split()) <= 8
            for s, e in (reported[k] for k in reported_index.overlapping(st.start, st.end))
        ):
            continue  # "“…,” the firm’s chief, Jane Roe, said": the quote and its speaker’s title
        items.append(_Item(st.start, st.end, "indirect", st.paragraph, st.attribution, "s", (), st.via))
    items.sort(key=lambda it: (it[0], -it[1]))

    assessor = Assessor(doc)
    quotes: list[Quote] = []
    span_to_qid: dict[int, str] = {}
    entity_of_quote: dict[str, Entity | None] = {}
    attr_of_quote: dict[str, Attribution | None] = {}
    candidates_of_quote: dict[str, list[Entity]] = {}
    for start, end, kind, para, a, origin, idx, via in items:
        start, end = _trim_trailing(text, start, end)
        qid = f"Q{len(quotes) + 1}"
        nested = None
        if origin == "q" and idx:
            for part in idx:
                span_to_qid[part] = qid
            parent = spans[idx[0]].nested_in
            nested = span_to_qid.get(parent) if parent is not None else None
        speaker = a.speaker if a else None
        assessment = assessor.assess(via, a, start) if a is not None and speaker is not None else None
        confidence = assessment.confidence if assessment is not None else 0.0
        if trace is not None and assessment is not None:
            trace[qid] = assessment
        if speaker is not None and assessment is not None and confidence < min_confidence:
            # not sure enough to name anyone: "speaker unclear", with who it could be
            named = [] if assessment.not_a_name else [speaker]
            candidates_of_quote[qid] = [*named, *assessment.rivals][:MAX_CANDIDATES]
            speaker = None
            # how the article refers to them stays ("he", "the union"), and what kind of source
            # it is: "Abrams told the Times …" rests on a named person, unclear which, not on the outlet
            a = replace(a, speaker=None, source_kind=kind_of(a))
        for ent in candidates_of_quote.get(qid, ()):
            ent.used = True
        if speaker is not None:
            speaker.used = True
        if a and a.channel_entity is not None:
            a.channel_entity.used = True
        if origin == "q" and kind == "partial":  # exactly the quoted words, inside their marks
            parts = [Span.of(text, spans[i].start, spans[i].end) for i in idx]
        elif origin == "q" and len(idx) > 1:  # “A,” he said. “B.”: the comma is punctuation
            parts = [Span.of(text, *_trim_trailing(text, spans[i].start, spans[i].end)) for i in idx]
        else:
            parts = []
        quotes.append(
            Quote(
                id=qid,
                text=text[start:end],
                parts=parts,
                start=start,
                end=end,
                type=kind,
                speaker=speaker.name if speaker else None,
                speaker_mention=Span.of(text, *a.mention) if a and a.mention else None,
                cue=a.cue if a else None,
                cue_span=Span.of(text, *a.cue_span) if a and a.cue_span else None,
                channel=a.channel if a else None,
                paragraph=para,
                nested_in=nested,
                via=via,
                confidence=confidence,
                needs_review=speaker is None,
            )
        )
        entity_of_quote[qid] = speaker
        attr_of_quote[qid] = a
        if log.isEnabledFor(logging.DEBUG):  # --verbose: which rule fired, and how sure
            _log_quote(quotes[-1], assessment, candidates_of_quote.get(qid, ()))

    boiler = boilerplate_paragraphs(text, paras)
    actors = _actors(registry, text, [p for p in paras if p.index in boiler])
    by_entity = {id(e): e.id for e in registry.entities if e.id}
    for q in quotes:
        ent = entity_of_quote[q.id]
        q.speaker_id = by_entity.get(id(ent)) if ent is not None else None
        candidates = candidates_of_quote.get(q.id, ())
        q.speaker_candidates = [by_entity[id(e)] for e in candidates if id(e) in by_entity]
        a = attr_of_quote[q.id]
        if a and a.channel_entity is not None:
            q.channel_id = by_entity.get(id(a.channel_entity))

    sources = classify_sources(
        text, paras, units, quotes, attr_of_quote, by_entity, spans, actors, boiler, words
    )
    notes = language_notes(text, paras, spans, quotes, words)
    diagnostics = []
    apostrophe_passages = 0 if article.apostrophe_quotes else sum(
        1 for s in spans if s.nested_in is None and s.mark == APOSTROPHE_MARK and not s.title
    )
    if apostrophe_passages:
        diagnostics.append(
            Diagnostic(
                level="warning",
                message=f"{apostrophe_passages} passage(s) in '' … '' marks (NYT archive style) are not "
                "read as quotations: what they report appears as reported speech; "
                "use --apostrophe-quotes to list them as quotes",
            )
        )
    dropped = sum(
        1
        for i, s in enumerate(spans)
        if s.kind == "partial" and s.nested_in is None and i not in span_to_qid
        and s.mark != APOSTROPHE_MARK  # counted above
    )
    if dropped:
        diagnostics.append(
            Diagnostic(
                level="info",
                message=f"{dropped} quoted phrase(s) with no speaker in the text "
                "(scare quotes or titles) are not listed as quotes",
            )
        )
    result = Briefing(
        engine="rules",
        article=article if article.paragraphs else article.model_copy(update={"paragraphs": paras}),
        actors=actors,
        quotes=quotes,
        sources=sources,
        language_notes=notes,
        diagnostics=diagnostics,
    )
    return headline_as_statement(result)


# A stem of the lexicon's verbs with any ending ("argu": argues, arguing), or a saying-cue form.
_SAYING_CUE_RE = re.compile(
    rf"(?:(?:{lx.alternation(lx.stems())})[a-z]*|{lx.alternation(lx.forms('saying-cue'))}|:)",
    re.IGNORECASE,
)


def _subject_of_cue(
    doc: Doc, units: list[Unit], unit_index: Intervals, cue: tuple[int, int]
) -> Attribution | None:
    """The source phrase before a cue the quote finder found ("Trump is promising [lower taxes …]")."""
    k = unit_index.first_containing(cue[0])  # units are in text order
    if k is None:
        return None
    unit = units[k]
    sub = subject_before(doc, unit.start, cue[0])
    word = " ".join(doc.text[cue[0] : cue[1]].split())
    if sub is None or sub[0] is None:
        before = doc.masked[unit.start : cue[0]]
        if _COMMA_BEFORE_RE.search(before):
            # "“…,” she said, referencing the bank’s drive to “cross-sell”": the clause's speaker
            prev = [h for h in unit.cues if h.start < cue[0] and h.attribution.speaker is not None]
            if prev:
                a = prev[-1].attribution
                return Attribution(a.speaker, a.mention, cue=word, cue_span=cue, source_kind=a.source_kind)
        if _AND_BEFORE_RE.search(before):
            # "The Republican nominee also outlined his plan and vowed to punish “…”": the
            # subject that opens the clause
            m = _OPENING_SUBJECT_RE.match(doc.masked, unit.start, cue[0])
            if m is not None:
                sub = resolve_np(doc, m.start(1), m.end(1))
        if sub is None or sub[0] is None:
            return None
    if word.lower() in FINDING_FORMS and sub[0].type == "person":
        return None  # "a loner who finds fame in “Joker”": a person finding is no report
    if not any(ch.isalpha() for ch in word):
        return Attribution(sub[0], sub[1], cue=None, source_kind=sub[2])  # "Name: …" has no verb
    return Attribution(sub[0], sub[1], cue=word, cue_span=cue, source_kind=sub[2])


_COMMA_BEFORE_RE = re.compile(r",\s*$")
_AND_BEFORE_RE = re.compile(r"\s(?:and|but)\s+(?:also\s+|then\s+|later\s+)?$")
# The noun phrase opening a clause, up to its verb: "The Republican nominee [also] outlined".
_OPENING_SUBJECT_RE = re.compile(
    r"\s*((?:The|A|An|This|That)\s+(?:[\w’'-]+\s+){0,4}?[a-z][\w-]*)\s+(?:also\s+|later\s+|then\s+)?"
    r"[a-z]+(?:ed|es|s)\b"
)


def _inside_any(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    inter = min(a_end, b_end) - max(a_start, b_start)
    return inter / (max(a_end, b_end) - min(a_start, b_start)) if inter > 0 else 0.0


# ----- attribution of quotation spans ---------------------------------------------------------
def inherit_participles(unit: Unit, hits: list[CueHit], registry: Registry) -> None:
    """ ", adding that …": the participle's speaker is the clause's subject."""
    for i, h in enumerate(hits):
        if h.attribution.speaker is None and h.attribution.source_kind is None:
            prev = next((p for p in reversed(hits[:i]) if p.attribution.speaker is not None), None)
            if prev is not None:
                h.attribution.speaker = prev.attribution.speaker
                h.attribution.mention = prev.attribution.mention
                continue
            mentions = registry.mentions_between(unit.start, h.start)
            subjects = [m for m in mentions if m.subject]
            subj = next((m for m in subjects if m.entity.type == "person"), subjects[0] if subjects else None)
            if subj is None and mentions and len(registry.text[unit.start : mentions[0].start].split()) <= 3:
                subj = mentions[0]  # "Democratic candidate Hillary Clinton, like Obama, has … but has said …"
            if subj is not None:
                h.attribution.speaker = subj.entity
                h.attribution.mention = (subj.start, subj.end)


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
                mentions=[Span.of(text, *m) for m in e.mentions[:MAX_MENTIONS]],
            )
        )
    return actors


def _worth_listing(e: Entity) -> bool:
    if e.used:
        return True
    if e.type == "person":
        # A capitalised pair is not always a person ("Golden Globes", "Marriage Story"): list it
        # when it has a role or a known first name, or is also called by its surname alone.
        tokens = e.name.split()
        if len(tokens) < 2:
            return False
        return bool(e.role or e.gender or any(e2 - s2 == len(tokens[-1]) for s2, e2 in e.mentions))
    if e.type in ("organization", "media"):
        return True
    return e.type == "government" and " " in e.name

