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

import bisect
import gc
import re

from briefing.rules.contents import channel_phrase
from briefing.rules.cue_finder import CueScanner
from briefing.rules.cues import FINDING_FORMS
from briefing.rules.doc import Doc, read
from briefing.rules.names import Entity, Mention
from briefing.rules.positions import positions_for
from briefing.rules.quote_items import quote_items
from briefing.rules.registry import Registry
from briefing.rules.resolve import dash_speaker, resolve_np
from briefing.rules.source_phrase import phrase_end, subject_before
from briefing.rules.sourcing import boilerplate_paragraphs, classify_sources, language_notes
from briefing.rules.units import MASK, PARTICIPLE_CLAUSE_RE, Attribution, CueHit, Statement, Unit
from briefing.schema import Actor, Article, Briefing, Diagnostic, Quote, Span
from briefing.text.intervals import Intervals
from briefing.text.quotes import APOSTROPHE_MARK, QuoteSpan

# What may sit between a closing mark and its cue (“…,” said), and between a cue and the quote it
# introduces (said: “…” / told reporters, “…”).
_GAP_AFTER_QUOTE_RE = re.compile(r"[\s,.!?—–-]*")
_INTRO_GAP_RE = re.compile(r"\s*(?:[:,]|\s+that|\s*(?:the\s+)?[\w’'.]+(?:\s+[\w’'.]+){0,4}\s*[:,]?)?\s*")


# How quotes are counted, as annotated news corpora (PARC 3.0, PolNeAR) count them: a quote
# interrupted by its attribution (“A,” he said. “B.” / “A,” he said, “b.”) is ONE quote from the
# first part to the last; its passages are listed in ``Quote.parts`` so that nothing between them
# is shown as the speaker's words. Counting each passage as its own quote (both switches off, the
# count used until session 3) gives polnear-dev direct F1 0.673 against 0.813 (0.864 without ''
# passages, see APOSTROPHE_QUOTES). A nested quotation stays inside its parent and is not listed
# on its own (LIST_NESTED costs 0.01-0.02); a partly quoted statement is its reported clause,
# quotation marks included (Trump claimed [the White House was in touch “at a very high level,”]),
# because a bare fragment hides what was claimed (listing bare fragments: F1 0.555, not kept).
MERGE_INTERRUPTED = True
MERGE_ACROSS_SENTENCES = True
LIST_NESTED = False
MAX_MENTIONS = 10  # mention spans listed per actor (the first ones); aliases list every form used
_COLON_END_RE = re.compile(r"[^\n:.!?\x01]{0,40}:\s*")
_OPENING_MARKS = frozenset("“\"‘'«„")
_FINITE_VERB_RE = re.compile(r"\s(?:is|are|was|were|has|had|have|will|would|could|did|does|made|gave)\b")
_HEADLINE_SPEAKER_RE = re.compile(r"\s*([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*:\s")


def _trim_trailing(text: str, start: int, end: int) -> tuple[int, int]:
    """“…,” he said: the comma before the closing mark is punctuation, not speech."""
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


def extract(article: Article) -> Briefing:
    """Extract actors, quotes, sources, positions and language notes from ``article``."""
    # The stages allocate millions of small objects that all live until the briefing is built and
    # form no garbage cycles worth collecting; the cyclic collector's full passes over them made
    # long articles super-linear (a 20 MB article: about half the time). Pause it, then restore.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _extract(article)
    finally:
        if paused:
            gc.enable()


def _extract(article: Article) -> Briefing:
    doc = read(article)
    text, paras, spans, registry, units, words = (
        doc.text, doc.paragraphs, doc.quotations, doc.names, doc.units, doc.words
    )
    scanner = CueScanner(doc)
    all_hits: list[CueHit] = []
    for unit in units:
        hits = scanner.cues_in(unit)
        _inherit_participles(unit, hits, registry)
        all_hits.extend(hits)
        unit_channel: str | bool | None = False  # looked up once per unit, when a cue needs it
        for h in hits:
            if h.attribution.speaker is not None and not h.noun and h.attribution.via != "unresolved":
                registry.note_speaker(h.attribution.speaker, h.start)
            if h.attribution.channel is None:
                if unit_channel is False:
                    unit_channel = channel_phrase(text, unit.start, unit.end)  # "in a statement"
                if unit_channel:
                    h.attribution.channel = unit_channel

    quote_attr = _attribute_quotes(text, spans, units, doc, registry)
    statements = _indirect_statements(text, units, spans, doc.masked)

    # ----- build schema objects in text order ----------------------------------------------
    # Quotes as counted above (MERGE_INTERRUPTED …): one per passage, a partly quoted statement
    # as its reported clause; quoted phrases nobody says (scare quotes, titles) are dropped.
    hit_index = Intervals([(h.start, h.end) for h in all_hits])
    unit_index = Intervals([(u.start, u.end) for u in units])
    items: list[tuple[int, int, str, int, Attribution | None, str, tuple[int, ...]]] = []
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
        if item.clause and item.cue is not None and (a is None or a.speaker is None or a.via):
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
        items.append((start, end, item.kind, spans[parts[0]].paragraph, a, "q", parts))
        reported.append((start, end))
        in_items.update(parts)
    for i, span in enumerate(spans):
        a = quote_attr.get(i)
        if span.nested_in is not None and span.nested_in in in_items and LIST_NESTED:
            items.append((span.start, span.end, span.kind, span.paragraph, a, "q", (i,)))
        elif (
            span.nested_in is None
            and i not in in_items
            and a is not None
            and a.speaker is not None
            and a.via in ("headline", "contained")
            and not _inside_any(span.start, reported)
        ):
            # attributed by the engine though no cue is in its sentence: a headline "Name: … ‘…’",
            # or words repeated from the speaker's own full quote (a “dignified exit”)
            items.append((span.start, span.end, span.kind, span.paragraph, a, "q", (i,)))
            reported.append((span.start, span.end))
            in_items.add(i)
    for start, end, para, a in _transcript_answers(text, paras, doc, units, registry):
        if not _inside_any(start, reported):
            items.append((start, end, "direct", para, a, "t", ()))
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
        items.append((st.start, st.end, "indirect", st.paragraph, st.attribution, "s", ()))
    items.sort(key=lambda it: (it[0], -it[1]))

    quotes: list[Quote] = []
    span_to_qid: dict[int, str] = {}
    entity_of_quote: dict[str, Entity | None] = {}
    attr_of_quote: dict[str, Attribution | None] = {}
    for start, end, kind, para, a, origin, idx in items:
        start, end = _trim_trailing(text, start, end)
        qid = f"Q{len(quotes) + 1}"
        nested = None
        if origin == "q" and idx:
            for part in idx:
                span_to_qid[part] = qid
            parent = spans[idx[0]].nested_in
            nested = span_to_qid.get(parent) if parent is not None else None
        speaker = a.speaker if a else None
        if speaker is not None:
            speaker.used = True
        if a and a.channel_entity is not None:
            a.channel_entity.used = True
        parts = (
            [Span.of(text, *_trim_trailing(text, spans[i].start, spans[i].end)) for i in idx]
            if origin == "q" and kind == "direct" and len(idx) > 1
            else []
        )
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

    sources = classify_sources(
        text, paras, units, quotes, attr_of_quote, by_entity, spans, actors, boiler, words
    )
    notes = language_notes(text, paras, spans, quotes, words)
    positions = positions_for(quotes, sources, actors)
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


_SAYING_CUE_RE = re.compile(
    r"(?:(?:say|tell|add|write|ask|argu|claim|insist|warn|not|explain|declar|stat|announc|tweet|predict|"
    r"promis|pledg|vow|suggest|alleg|admit|acknowledg|conced|recall|repl|respond|complain|den|confirm|"
    r"urg|call|describ|report|chant|referenc|attack|accus|prais|criticiz|criticis|condemn|blam|quot|"
    r"express|stress|emphasiz|emphasis|assert|dismiss|reject|boast|lament|cit)[a-z]*|"
    r"said|told|wrote|according\s+to|put\s+it|:)",
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


_QUESTION_RE = re.compile(r"[ \t]*Q[:.][ \t]+\S")
_ANSWER_RE = re.compile(r"[ \t]*A[:.][ \t]+(?=\S)")


def _transcript_answers(
    text: str, paras: list, doc: Doc, units: list[Unit], registry: Registry
) -> list[tuple[int, int, int, Attribution | None]]:
    """Answers in a Q&A transcript ("Q: Are you worried …?" ¶ "A: No. The law is clear …"): the
    interviewee's own words, though no quotation marks are used, so direct quotes. The speaker is
    the person the exchange follows: the last one quoted or opening a sentence before the first Q."""
    out: list[tuple[int, int, int, Attribution | None]] = []
    questions = [p for p in paras if _QUESTION_RE.match(text, p.start, p.end)]
    if not questions:
        return out
    speaker: Attribution | None = None
    last_q = None
    for p in paras:
        if _QUESTION_RE.match(text, p.start, p.end):
            if speaker is None:
                speaker = _interviewee(text, doc, units, registry, p.start)
            last_q = p.index
            continue
        m = _ANSWER_RE.match(text, p.start, p.end)
        if m is None or last_q is None or p.index - last_q > 2 or doc.masked.find(MASK, p.start, p.end) >= 0:
            continue
        end = p.end
        while end > m.end() and text[end - 1].isspace():
            end -= 1
        if end - m.end() >= 2:
            out.append((m.end(), end, p.index, speaker))
    return out


def _interviewee(
    text: str, doc: Doc, units: list[Unit], registry: Registry, pos: int
) -> Attribution | None:
    ui = next((k for k in range(len(units) - 1, -1, -1) if units[k].start < pos), None)
    if ui is None:
        return None
    for k in range(ui, max(-1, ui - 3), -1):
        opener = _opening_person(registry.mentions_between(units[k].start, units[k].end))
        if opener is not None:
            return Attribution(opener.entity, None, cue=None, via="transcript")
    hit = _last_hit_before(units, ui, pos)
    if hit is not None:
        prev = hit[1]
        return Attribution(prev.speaker, None, prev.cue, None, prev.channel, prev.channel_entity)
    return None


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
def _inherit_participles(unit: Unit, hits: list[CueHit], registry: Registry) -> None:
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


def _quote_source(h: CueHit) -> bool:
    """Can this cue give a quotation its speaker? Not a phrase the resolver did not know."""
    return _has_source(h) and h.attribution.via != "unresolved"


def _has_source(h: CueHit) -> bool:
    return h.attribution.speaker is not None or h.attribution.source_kind is not None


def _governing_cue(doc: Doc, unit: Unit, q: QuoteSpan, unresolved: bool = False) -> CueHit | None:
    masked = doc.masked
    hits = [h for h in unit.cues if (_has_source(h) if unresolved else _quote_source(h))]
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
            if _GAP_AFTER_QUOTE_RE.fullmatch(gap) and "\n" not in gap.strip(" "):
                return h
            break
    # 2. A cue before the quote that introduces it or whose content holds it. A noun cue after a
    # verb cue is part of what the verb's subject says ("Clinton says Trump’s tweets were “…”").
    before = [h for h in hits if h.end <= q.outer_start]
    if any(not h.noun for h in before):
        first_verb = next(k for k, h in enumerate(before) if not h.noun)
        before = before[: first_verb + 1] + [h for h in before[first_verb + 1 :] if not h.noun]
    for h in reversed(before):
        if h.content and h.content[0] <= q.start <= h.content[1] + 2:
            return h
        between = masked[h.end : q.outer_start]
        if _INTRO_GAP_RE.fullmatch(between):
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
    text: str, spans: list[QuoteSpan], units: list[Unit], doc: Doc, registry: Registry
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
        hit = _governing_cue(doc, unit, q) if unit else None
        a: Attribution | None = hit.attribution if hit else None
        if a is None and unit is not None:
            a = dash_speaker(doc, q.outer_end, unit.end)
        if a is None and unit is not None and q.kind == "direct":
            a = _any_verb_after(doc, q, unit)
        if a is None and unit is not None:
            a = _headline_speaker(text, unit, q, registry)
        if a is None and unit is not None:
            a = _colon_intro(doc, units, unit_of[i], q)
        if a is None and q.kind == "direct" and unit is not None:
            a = _named_after(doc, units, unit_of[i], q)
        if a is None and q.kind == "direct":
            # the last speaker before it: a quote, or reported speech ("Smith said the plan was
            # dead." ¶ “We won’t support it.”)
            last_direct = _latest(last_direct, _last_hit_before(units, unit_of[i], q.outer_start))
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
            a = _next_unit_cue(doc, units, unit_of[i], q)
        if a is None and q.kind == "direct" and unit is not None:
            a = _previous_subject(text, doc, units, unit_of[i], q)
        if a is None and unit is not None:
            # nothing better: “…,” the 34-year-old mother of three replied, as written
            hit = _governing_cue(doc, unit, q, unresolved=True)
            a = hit.attribution if hit else None
        if a is not None:
            result[i] = a
            if a.speaker is not None:
                registry.note_speaker(a.speaker, q.start)
            if a.speaker is not None:
                last_direct = (q.last_paragraph or q.paragraph, a)
    directs = _DirectTexts(text, spans, result)
    for i, q in enumerate(spans):
        if q.kind == "partial" and q.nested_in is None and i not in result:
            a = _partial_fallback(text, spans, directs, i)
            if a is not None:
                result[i] = a
    return result


# “…,” remembers Shanna Challenger, … / “…,” Challenger laughs. / “…?” she wonders. A closing mark,
# a comma (or ? !), then a verb and a name (or a name or pronoun and a verb ending the clause) is an
# attribution whatever the verb: the lexicon cannot list every verb of saying a writer reaches for.
_ANY_VERB_NAME_RE = re.compile(r"[ \t]+([a-z]{3,}(?:s|ed))[ \t]+(?=[A-Z]|(?:the|a|an|one|her|his|their)\s)")
_ANY_NAME_VERB_RE = re.compile(
    r"[ \t]+(?:as[ \t]+)?(?:(he|she|they)|[A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|von|van|de|der|del|bin))"
    r"{0,4})[ \t]+(?:[a-z]+ly[ \t]+)?([a-z]{3,}(?:s|ed)|put[ \t]+it)"
    r"(?=[ \t]*(?:[.,;!?]|$|with\b|as\b|at\b|in\b|on\b|of\b|after\b|before\b|while\b|when\b))",
    re.MULTILINE,
)
_NOT_SAYING = frozenset(
    "was has does goes gets makes takes leaves lives works stars features includes means seems became "
    "becomes remains needs wants owns runs plays shows used died killed".split()
)


def _any_verb_after(doc: Doc, q: QuoteSpan, unit: Unit) -> Attribution | None:
    text = doc.text
    if text[q.start : q.end].rstrip()[-1:] not in (",", "?", "!", "—", "–"):
        return None
    pos = q.outer_end
    if text[pos : pos + 1] == ",":
        pos += 1
    line_end = text.find("\n", pos, pos + 200)
    hi = max(unit.end, line_end if line_end >= 0 else min(len(text), pos + 200))  # “…?” | Dvorak shrugs.
    m = _ANY_VERB_NAME_RE.match(text, pos, hi)
    if m is not None and m.group(1) not in _NOT_SAYING:
        np_end = phrase_end(doc, m.end(), hi)
        if np_end <= m.end() or len(text[m.end() : np_end].split()) > 10:
            return None
        speaker, mention, kind = resolve_np(doc, m.end(), np_end)
        if speaker is None or speaker.type not in ("person", "organization", "government"):
            return None
        return Attribution(speaker, mention, cue=m.group(1), cue_span=m.span(1), source_kind=kind)
    m = _ANY_NAME_VERB_RE.match(text, pos, hi)
    if m is None or m.group(2) in _NOT_SAYING:
        return None
    if m.group(1):
        ent = doc.names.resolve_pronoun(m.group(1), m.start(1))
        mention = m.span(1)
    else:
        mentions = doc.names.mentions_between(m.start(), m.start(2))
        if not mentions or mentions[0].entity.type != "person":
            return None
        ent, mention = mentions[0].entity, (mentions[0].start, mentions[0].end)
    if ent is None:
        return None
    return Attribution(ent, mention, cue=m.group(2), cue_span=m.span(2))


def _opening_person(mentions: list[Mention]) -> Mention | None:
    """The first of ``mentions`` that names a person opening a sentence ("Maria Lopez met …")."""
    return next((m for m in mentions if m.initial and m.entity.type == "person"), None)


def _last_hit_before(units: list[Unit], ui: int, pos: int) -> tuple[int, Attribution, int] | None:
    """(paragraph, attribution, offset) of the last cue with a named speaker before ``pos``."""
    for k in range(ui, max(-1, ui - 4), -1):
        hits = [h for h in units[k].cues if h.start < pos and _quote_source(h) and h.attribution.speaker]
        if hits:
            return units[k].paragraph, hits[-1].attribution, hits[-1].start
    return None


def _latest(
    quote: tuple[int, Attribution] | None, hit: tuple[int, Attribution, int] | None
) -> tuple[int, Attribution] | None:
    if hit is None:
        return quote
    if quote is None or hit[0] > quote[0]:
        return hit[0], hit[1]
    return quote


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
    return Attribution(mentions[-1].entity, (mentions[-1].start, mentions[-1].end), cue=None, via="headline")


def _colon_intro(doc: Doc, units: list[Unit], ui: int, q: QuoteSpan) -> Attribution | None:
    """A colon introduces the quote: "Abrams said:" ¶ “…”, "Sanders made the following comment:"
    ¶ “…”, "Obama is rolling out a new message: “…”". The cue before the colon gives the speaker,
    else the person who opens that sentence."""
    before = doc.masked[units[ui].start : q.outer_start]
    if before.strip():
        if not before.rstrip().endswith(":"):
            return None
        intro = units[ui]
    else:
        if ui == 0 or not doc.text[units[ui - 1].start : units[ui - 1].end].rstrip().endswith(":"):
            return None
        intro = units[ui - 1]
    hits = [h for h in intro.cues if _quote_source(h) and h.start < q.outer_start]
    if hits:
        return hits[-1].attribution
    mentions = doc.names.mentions_between(intro.start, min(intro.end, q.outer_start))
    opener = _opening_person(mentions)
    # "With leaders worried …, President Obama is rolling out a new message: “…”"
    opener = opener or next((m for m in mentions if m.subject and m.entity.type == "person"), None)
    # "Tory leader Kemi Badenoch hit back: “…”": a person named within the first words
    opener = opener or next(
        (
            m
            for m in mentions[:1]
            if m.entity.type == "person" and len(doc.text[intro.start : m.start].split()) <= 3
        ),
        None,
    )
    if opener is None:
        poss = _POSSESSIVE_INTRO_RE.match(doc.text, intro.start, q.outer_start)
        if poss is not None:
            # "Her message was simple: “Show up.”" / "His answer:": the person "her" refers to
            pron = {"his": "he", "her": "she"}.get(poss.group(1).lower())
            ent = doc.names.resolve_pronoun(pron, poss.start(1)) if pron else None
            if ent is not None:
                return Attribution(ent, poss.span(1), cue=None)
            return None
        # "The minister was blunt: “…”": a description of someone named before
        np_end = phrase_end(doc, intro.start, min(intro.end, q.outer_start))
        verb = _FINITE_VERB_RE.search(doc.text, intro.start, np_end)
        np_end = verb.start() if verb else np_end
        sub = resolve_np(doc, intro.start, np_end) if np_end > intro.start else (None, None, None)
        if (
            sub[0] is not None
            and sub[0].type == "person"
            and len(doc.text[intro.start : np_end].split()) <= 4
        ):
            return Attribution(sub[0], sub[1], cue=None)
        return None
    return Attribution(opener.entity, (opener.start, opener.end), cue=None)


_POSSESSIVE_INTRO_RE = re.compile(
    r"\s*(His|Her)\s+(?:[a-z]+\s+){0,2}(?:message|answer|reply|response|advice|verdict|view|warning|"
    r"point|argument|explanation|plea|conclusion|assessment|summary|words|take|retort|comment|reaction|"
    r"instruction|instructions|appeal|request|prediction|pitch|promise|motto|mantra)\b[^\n:]{0,60}:\s*$"
)


def _previous_subject(
    text: str, doc: Doc, units: list[Unit], ui: int, q: QuoteSpan
) -> Attribution | None:
    """A quotation standing alone at the start of a paragraph or sentence, with no cue anywhere
    near, after a sentence about a person: "Maria Lopez met reporters on Monday." ¶ “The budget
    will be balanced.” The person who opens the previous sentence is the speaker (a floating
    quote, as newspapers write them)."""
    unit = units[ui]
    if ui == 0 or unit.start != q.outer_start or not _only_quote(text, q, unit):
        return None
    prev = units[ui - 1]
    if prev.paragraph < unit.paragraph - 1 or prev.cues or doc.masked.count(MASK, prev.start, prev.end):
        return None
    opener = _opening_person(doc.names.mentions_between(prev.start, prev.end))
    if opener is None or len(text[prev.start : opener.start].split()) > 4:
        return None
    return Attribution(opener.entity, (opener.start, opener.end), cue=None, via="previous")


# "“…” ¶ The warning came from Karin Dahl, who …" / "Those were the words of X" / "That was the
# verdict of X": the speaker is named in the sentence after the quote.
_NAMED_AFTER_RE = re.compile(
    r"\s*(?:The|That|Those|These|This|Such)\s+(?:[a-z-]+\s+){0,2}(?:came|comes|come|was|were|is|are)\s+"
    r"(?:from|the\s+(?:words|verdict|view|warning|assessment|message|reaction|response)\s+of)\s+"
)


def _named_after(doc: Doc, units: list[Unit], ui: int, q: QuoteSpan) -> Attribution | None:
    """A quote standing alone whose speaker the next sentence names: “…” ¶ The warning came from
    Karin Dahl, who heads the unit."""
    if ui + 1 >= len(units) or not _only_quote(doc.text, q, units[ui]):
        return None
    nxt = units[ui + 1]
    if nxt.paragraph > (q.last_paragraph or q.paragraph) + 1:
        return None
    m = _NAMED_AFTER_RE.match(doc.text, nxt.start, nxt.end)
    if m is None:
        return None
    np_end = phrase_end(doc, m.end(), nxt.end)
    speaker, mention, kind = resolve_np(doc, m.end(), np_end) if np_end > m.end() else (None, None, None)
    if speaker is None or speaker.type not in ("person", "organization", "government", "media", "group"):
        return None
    return Attribution(speaker, mention, cue=None, source_kind=kind, via="named after")


def _next_unit_cue(doc: Doc, units: list[Unit], ui: int, q: QuoteSpan) -> Attribution | None:
    """A quote standing alone, attributed in the next short sentence: “…” ¶ That's what he said."""
    if not _only_quote(doc.text, q, units[ui]) or ui + 1 >= len(units):
        return None
    nxt = units[ui + 1]
    if nxt.paragraph != units[ui].paragraph:
        return None
    hits = [h for h in nxt.cues if _quote_source(h) and h.content is None]
    if hits and len(doc.text[nxt.start : nxt.end].split()) <= 8:
        return hits[0].attribution
    return None


class _DirectTexts:
    """The attributed direct quotes' words, lower-cased and joined once, so that "which full quote
    contains these words" is one ``str.find`` instead of a scan over every quote."""

    _SEP = "\x00"

    def __init__(self, text: str, spans: list[QuoteSpan], result: dict[int, Attribution]) -> None:
        self.result = result
        self.order = [j for j, other in enumerate(spans) if other.kind == "direct" and j in result]
        pieces = [text[spans[j].start : spans[j].end].lower() for j in self.order]
        self.offsets: list[int] = []
        pos = 0
        for piece in pieces:
            self.offsets.append(pos)
            pos += len(piece) + 1
        # The separator cannot be part of a match only when the text never contains it.
        self.joined = self._SEP.join(pieces) if self._SEP not in text else None
        self.pieces = pieces

    def first_containing(self, words: str) -> int | None:
        """Index (into spans) of the first attributed direct quote whose text contains ``words``."""
        if self.joined is None:
            return next((j for j, piece in zip(self.order, self.pieces, strict=True) if words in piece), None)
        at = self.joined.find(words)
        if at < 0:
            return None
        return self.order[bisect.bisect_right(self.offsets, at) - 1]


def _partial_fallback(text: str, spans: list[QuoteSpan], directs: _DirectTexts, i: int) -> Attribution | None:
    """A fragment with no cue: the speaker of a full quote that contains the same words
    ("… a “dignified exit” from power" after Abrams's “… a dignified exit and go”)."""
    q = spans[i]
    words = text[q.start : q.end].strip(" ,.").lower()
    if len(words) >= 6 and " " in words:
        j = directs.first_containing(words)
        if j is not None:
            o = directs.result[j]
            return Attribution(
                o.speaker, None, None, None, o.channel, o.channel_entity, o.source_kind, via="contained"
            )
    return None


# ----- indirect speech ------------------------------------------------------------------------
def _indirect_statements(
    text: str, units: list[Unit], spans: list[QuoteSpan], masked: str | None = None
) -> list[Statement]:
    """Cue contents as reported speech. A content that is a listed quotation is dropped later (it
    overlaps the quote); one in '' marks, which quote_items does not list, stays as reported speech.
    A cue that ends its paragraph with a colon introduces the next paragraph when that one has no
    quotation marks (a block quotation whose markup was lost: "The governor added:" ¶ "It’s …")."""
    out: list[Statement] = []
    masked = text if masked is None else masked
    for k, unit in enumerate(units):
        for h in unit.cues:
            if h.content is None and _has_source(h) and k + 1 < len(units):
                block = _colon_block(text, masked, h, units, k)
                if block is not None:
                    out.append(Statement(block[0], block[1], units[k + 1].paragraph, h.attribution))
                continue
            if h.content is None or not _has_source(h):
                continue
            s, e = h.content
            if e - s < 8 or len(text[s:e].split()) < 2:
                continue
            if s >= h.end and _PREP_START_RE.match(text, s) and _after_own_quote(masked, unit.start, h.start):
                continue  # “This is a shambles,” he wrote [on X, formerly Twitter]: said where, not what
            out.append(Statement(s, e, unit.paragraph, h.attribution))
    return out


_PREP_START_RE = re.compile(r"\s*(?:on|in|at|from|during|after|before|via)\s")
_QUOTE_THEN_CUE_RE = re.compile(r"\x01[,.!?]?[ \t]+(?:[\w.’'-]+[ \t]+){0,4}$")


def _after_own_quote(masked: str, unit_start: int, cue_start: int) -> bool:
    """Does the cue at ``cue_start`` close a quotation (“…,” he wrote …)?"""
    return _QUOTE_THEN_CUE_RE.search(masked, max(unit_start, cue_start - 60), cue_start) is not None


def _colon_block(text: str, masked: str, h: CueHit, units: list[Unit], k: int) -> tuple[int, int] | None:
    """The paragraph a closing "X added:" introduces, when it carries no quotation marks of its own."""
    unit, nxt = units[k], units[k + 1]
    if not _COLON_END_RE.fullmatch(masked, h.end, unit.end) or nxt.paragraph != unit.paragraph + 1:
        return None
    para_end = nxt.end
    for later in units[k + 2 : k + 40]:
        if later.paragraph != nxt.paragraph:
            break
        para_end = later.end
    if MASK in masked[nxt.start : para_end] or text[nxt.start : nxt.start + 1] in _OPENING_MARKS:
        return None
    end = para_end
    while end > nxt.start and text[end - 1] in " \t\r.":
        end -= 1
    return (nxt.start, end) if len(text[nxt.start : end].split()) >= 4 else None


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

