"""What each statement rests on, and the loaded words the outlet uses in its own voice.

Every clause unit (a sentence, kept whole around quotations) yields one or more sources:

- an attributed statement rests on its speaker: ``named_person``, ``organization`` (organisations
  and governments), ``media`` (another outlet), ``document`` ("Bachelet’s report said"),
  ``anonymous`` ("a source familiar with …") or ``vague`` ("critics say");
- a sentence with a vague marker and no named source ("widely believed", "many in Venezuela") is
  ``vague``; one with an anonymity marker is ``anonymous``; a passive "corroborated by X" rests on X;
- anything else the article asserts is ``outlet_voice``, and so is an unattributed main clause left
  over in a sentence whose attribution covers only part of it.

Language notes list terms from ``lexicon.LOADED_TERMS`` found outside quotation marks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from briefing.rules import cues as cx
from briefing.rules import lexicon as lx
from briefing.rules.names import classify_name, is_title_case
from briefing.rules.posts import signature_paragraphs
from briefing.rules.units import Attribution, CueHit, Unit
from briefing.schema import Actor, LanguageNote, Paragraph, Quote, Source, Span
from briefing.text.intervals import Intervals
from briefing.text.segment import paragraph_at

# Precompiled patterns used in hot functions (module-level re.* calls pay a cache lookup).
# What follows a cue up to punctuation or a quotation mark: "told the Times on Wednesday".
_CUE_TAIL_RE = re.compile(r"[^,.;:“”\"\n]*")
_CUE_TAIL_MAX = 300  # characters: "told the New York Times in an interview on Wednesday" fits
# The phrase after "by" in "corroborated by …", up to punctuation.
_PASSIVE_AGENT_RE = re.compile(r"[^,.;]{0,120}")
_CAP_WORDS_RE = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")


VAGUE_RE = re.compile(
    rf"\b(?:widely|generally|commonly|often|long|largely)\s+(?:{lx.alternation(lx.forms('vague-passive'))})\b"
    rf"|\bit\s+is\s+(?:{lx.alternation(lx.forms('impersonal-passive'))}|widely\s+\w+)\b"
    rf"|\b(?:is|are|was|were)\s+(?:{lx.alternation(lx.forms('impersonal-passive'))})\s+to\b"
    r"|\b[Mm]any\s+(?:in|of|across|around)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
    rf"|\b[Mm]any\s+(?:in|of|across|around|{lx.alternation(lx.forms('vague-group-verb'))}|people|observers|experts|"
    r"critics|analysts|Americans|Venezuelans)\b"
    r"|\b(?:[Cc]ritics|[Oo]bservers|[Ee]xperts|[Aa]nalysts|[Ss]ome|[Oo]thers|[Ss]keptics|[Oo]pponents|"
    rf"[Ss]upporters)\s+(?:{lx.alternation(lx.forms('vague-group-verb'))})\b"
    r"|\breportedly\b|\ballegedly\b|\b[Ss]ome\s+say\b|\bthere\s+(?:is|are)\s+(?:speculation|rumou?rs|"
    r"reports)\b"
)
ANONYMOUS_RE = re.compile(
    r"\b(?:sources?|officials?|people|persons?|a\s+person|someone|aides?|diplomats?)\s+(?:familiar|close|"
    r"with\s+(?:direct\s+)?knowledge|briefed)\b"
    r"|\bon\s+(?:the\s+)?condition\s+(?:of|that\s+\w+\s+not\s+be\s+named)\s*(?:anonymity)?"
    rf"|\b(?:who|that)\s+(?:{lx.alternation(lx.forms('anonymity-request'))})\s+"
    r"(?:not\s+to\s+be\s+(?:named|identified)|anonymity)\b"
    r"|\bnot\s+authori[sz]ed\s+to\s+(?:speak|discuss|comment)\b"
    r"|\b(?:[Ss]ources|[Aa]\s+source|[Aa]n?\s+(?:senior\s+)?(?:official|aide|insider))\s+"
    rf"(?:{lx.alternation(lx.forms('said-told-added'))})\b"
)
_VAGUE_FIRST = frozenset(
    """widely generally commonly often long largely it is are was were many critics observers experts
    analysts some others skeptics opponents supporters reportedly allegedly there""".split()
)
cx.register_first_words(_VAGUE_FIRST)
_ANON_FIRST = frozenset(
    """source sources official officials people persons person a someone aide aides diplomat diplomats
    on who that not an""".split()
)
cx.register_first_words(_ANON_FIRST)
BOILERPLATE_RE = re.compile(
    r"^\s*(?:Follow\s|Please\s+let\s+us\s+know|Read\s+(?:the\s+rest|more)|Click\s+here|Sign\s+up|"
    r"Subscribe|Advertisement|Related:|Share\s+this|Watch:|Listen:)"
    r"|\((?:Photo|Image|AP Photo|Reuters)[^)]*\)|Photo\s+credit|Getty\s+Images",
    re.IGNORECASE,
)
_BOILER_START_RE = re.compile(
    r"\s*(?:Follow\s|Please\s+let\s+us\s+know|Read\s+(?:the\s+rest|more)|Click\s+here|Sign\s+up|"
    r"Subscribe|Advertisement|Related:|Share\s+this|Watch:|Listen:)",
    re.IGNORECASE,
)
# Words that mark a caption or credit anywhere in a paragraph (matched in lower case).
_BOILER_MARKERS = ("(photo", "(image", "photo credit", "getty images", "(ap photo", "(reuters")
_KIND_BY_TYPE = {
    "person": "named_person",
    "organization": "organization",
    "government": "organization",
    "media": "media",
    "document": "document",
    "group": "vague",
}


def boilerplate_paragraphs(text: str, paras: Sequence[Paragraph]) -> set[int]:
    """Paragraphs that are captions, credits or calls to follow or comment, not reporting."""
    found = set()
    # The markers are ASCII, which lower() maps the same in the article and in a paragraph: an
    # article that has none anywhere needs only the paragraph openings tested.
    low = text.lower()
    markers = [m for m in _BOILER_MARKERS if m in low]
    for p in paras:
        if _BOILER_START_RE.match(text, p.start, p.end) or (
            markers and any(m in text[p.start : p.end].lower() for m in markers)
        ):
            found.add(p.index)
    return found | signature_paragraphs(text, paras)  # "— Dele (@dele_official) November 19, 2019"


def kind_of(a: Attribution) -> str:
    """The kind of source an attribution rests on (``schema.SourceKind``)."""
    if a.channel_entity is not None and a.channel_entity.type == "document":
        return "document"
    if a.source_kind in ("anonymous", "vague", "document", "named_person", "organization", "media"):
        return a.source_kind  # the last three: a speaker left unclear keeps the kind it had
    if a.speaker is None:
        return "vague"
    return _KIND_BY_TYPE.get(a.speaker.type, "named_person")


# Verbs that report speech even with no content after them ("rejected the claim", "as Mr. Bown
# observed, …"); not those that are as often acts ("declared bankruptcy", "showed no reaction").
_SPEECH_ACTS = frozenset(f.split()[0] for f in lx.forms("speech-act"))


def _speech_act(h: CueHit, text: str) -> bool:
    """A verb of saying whose source is known and whose speech happened ("rejected the claim"),
    not one the resolver could not place, nor one negated ("did not say"), nor an infinitive."""
    a = h.attribution
    return (
        (a.speaker is not None or a.source_kind is not None)
        and a.basis != "unresolved"
        and not h.negated
        and not h.noun
        and h.word.split()[0].lower() in _SPEECH_ACTS
        and not text[max(0, h.start - 3) : h.start] == "to "
    )


def classify_sources(
    text: str,
    paras: Sequence[Paragraph],
    units: Sequence[Unit],
    quotes: Sequence[Quote],
    attr_of_quote: dict[str, Attribution | None],
    actor_ids: dict[int, str | None],
    spans: Sequence,
    actors: Sequence[Actor] = (),
    boiler: set[int] | None = None,
    words: cx.WordIndex | None = None,
) -> list[Source]:
    """One or more sources per clause unit, in text order, with ids S1…"""
    boiler_paras = boilerplate_paragraphs(text, paras) if boiler is None else boiler
    # One pass over the article for each marker; units take their share by offset.
    tops_all = [(sp.outer_start, sp.outer_end) for sp in spans if sp.nested_in is None]
    in_quote = Intervals(tops_all)
    # Someone's words with no quotation marks (a Q&A answer, an embedded post) run over several
    # sentences: none of them is the outlet's voice.
    unmarked = [(q.start, q.end) for q in quotes if q.type == "direct" and not q.nested_in
                and not in_quote.covers(q.start)]
    unmarked_index = Intervals(unmarked)
    words = words or cx.WordIndex(text)
    # Matches come in text order: each unit takes its share by bisect on their starts.
    vague_all = [m.span() for m in words.finditer(VAGUE_RE, _VAGUE_FIRST) if not in_quote.covers(m.start())]
    anon_all = [m.span() for m in words.finditer(ANONYMOUS_RE, _ANON_FIRST) if not in_quote.covers(m.start())]
    passive_all = words.finditer(cx.PASSIVE_BY_RE, cx.PASSIVE_BY_FIRST) if "by " in text else []
    vague_starts = [sp[0] for sp in vague_all]
    anon_starts = [sp[0] for sp in anon_all]
    passive_starts = [m.start() for m in passive_all]
    tops = sorted(tops_all)
    top_starts = [t[0] for t in tops]
    drafts: list[dict] = []
    qi = 0
    ordered = sorted(quotes, key=lambda q: q.start)
    for unit in units:
        utext = text[unit.start : unit.end]
        if unit.paragraph in boiler_paras or len(utext.split(None, 4)) < 4:  # fewer than 4 words
            continue
        in_unit = []
        while qi < len(ordered) and ordered[qi].start < unit.start:
            qi += 1
        j = qi
        while j < len(ordered) and ordered[j].start < unit.end:
            in_unit.append(ordered[j])
            j += 1
        covered: list[tuple[int, int]] = []
        groups: dict[tuple, dict] = {}
        for q in in_unit:
            a = attr_of_quote.get(q.id)
            if q.nested_in or a is None or (a.speaker is None and a.source_kind is None):
                continue
            kind = kind_of(a)
            ent = a.channel_entity if kind == "document" and a.channel_entity is not None else a.speaker
            key = (id(ent), kind, a.cue)
            g = groups.get(key)
            if g is None:
                evidence = []
                if a.mention:
                    evidence.append(a.mention)
                if a.cue_span:
                    evidence.append(a.cue_span)
                g = groups[key] = {
                    "kind": kind,
                    "start": q.start,
                    "end": q.end,
                    "actor": ent,
                    "evidence": evidence,
                    "quotes": [],
                    "para": q.paragraph,
                }
            g["start"] = min(g["start"], q.start)
            g["end"] = max(g["end"], q.end)
            g["quotes"].append(q.id)
            covered.append((q.start, q.end))
            if a.cue_span:
                # the attribution itself, with its object and adverbials: "told the Times on Wednesday"
                s0 = min(a.cue_span[0], a.mention[0]) if a.mention else a.cue_span[0]
                # up to the next punctuation, within reach (no slice to the unit's end per quote)
                tail = _CUE_TAIL_RE.match(text, a.cue_span[1], min(unit.end, a.cue_span[1] + _CUE_TAIL_MAX))
                tail_end = tail.end() - a.cue_span[1] if tail else 0
                e0 = a.cue_span[1] + (tail_end if q.end <= s0 else 0)
                covered.append((s0, max(e0, a.mention[1] if a.mention else e0)))
        drafts.extend(groups.values())
        # Outlet voice or vague/anonymous grounds for what is left of the unit.
        lo_t = bisect.bisect_left(top_starts, unit.start)
        hi_t = bisect.bisect_left(top_starts, unit.end)
        spoken = [unmarked[k] for k in unmarked_index.overlapping(unit.start, unit.end)] if unmarked else []
        rest = _largest_gap(text, unit.start, unit.end, covered + tops[lo_t:hi_t] + spoken)
        if rest is None or (groups and is_title_case(utext)):
            continue
        rs, re_ = rest
        evidence_v = vague_all[
            bisect.bisect_left(vague_starts, unit.start) : bisect.bisect_left(vague_starts, unit.end)
        ]
        evidence_a = anon_all[
            bisect.bisect_left(anon_starts, unit.start) : bisect.bisect_left(anon_starts, unit.end)
        ]
        # non-overlapping and in order, so ends rise too: only the first one from rs can fit
        k = bisect.bisect_left(passive_starts, rs)
        passive = passive_all[k] if k < len(passive_all) and passive_all[k].end() <= re_ else None
        para = unit.paragraph
        acts = [h for h in unit.cues if rs <= h.start < re_ and _speech_act(h, text)]
        if acts and not groups:
            # "A spokesperson for the federation rejected the claim": what the sentence reports
            # rests on who spoke, not on the outlet's voice
            a = acts[0].attribution
            kind = kind_of(a)
            ent = a.channel_entity if kind == "document" and a.channel_entity is not None else a.speaker
            evidence = [sp for sp in (a.mention, a.cue_span) if sp]
            drafts.append(
                {
                    "kind": kind,
                    "start": rs,
                    "end": re_,
                    "actor": ent,
                    "evidence": evidence,
                    "quotes": [],
                    "para": para,
                }
            )
        elif evidence_a and not groups:
            drafts.append(
                {
                    "kind": "anonymous",
                    "start": unit.start,
                    "end": unit.end,
                    "actor": None,
                    "evidence": evidence_a,
                    "quotes": [],
                    "para": para,
                }
            )
        elif evidence_v:
            drafts.append(
                {
                    "kind": "vague",
                    "start": rs,
                    "end": re_,
                    "actor": None,
                    "evidence": evidence_v,
                    "quotes": [],
                    "para": para,
                }
            )
        elif passive and not groups:
            drafts.append(
                {
                    "kind": "named_person",
                    "start": unit.start,
                    "end": unit.end,
                    "actor": None,
                    "evidence": [passive.span()],
                    "quotes": [],
                    "para": para,
                    "passive": passive.end(),
                }
            )
        elif len(text[rs:re_].split(None, 6)) >= 6:  # 6 words or more
            drafts.append(
                {
                    "kind": "outlet_voice",
                    "start": rs,
                    "end": re_,
                    "actor": None,
                    "evidence": [],
                    "quotes": [],
                    "para": para,
                }
            )
    drafts.sort(key=lambda d: d["start"])
    sources = []
    for n, d in enumerate(drafts, 1):
        actor_id = actor_ids.get(id(d["actor"])) if d["actor"] is not None else None
        kind = d["kind"]
        if "passive" in d:
            actor_id, kind = _passive_actor(text, d["passive"], actors, d)
        sources.append(
            Source(
                id=f"S{n}",
                kind=kind,
                statement=Span.of(text, d["start"], d["end"]),
                paragraph=d["para"],
                actor_id=actor_id,
                evidence=[Span.of(text, s, e) for s, e in d["evidence"]],
                quote_ids=d["quotes"],
            )
        )
    return sources


def _passive_actor(text: str, pos: int, actors: Sequence[Actor], d: dict) -> tuple[str | None, str]:
    """ "corroborated by … Michelle Bachelet": the named source after "by"."""
    m = _PASSIVE_AGENT_RE.match(text, pos)
    phrase = m.group() if m else ""
    names = _CAP_WORDS_RE.findall(phrase)
    if not names:
        return None, "outlet_voice"
    d["evidence"].append((pos, pos + len(phrase)))
    for name in reversed(names):
        for actor in actors:
            if name.endswith(actor.name) or actor.name in name or name in actor.aliases:
                return actor.id, _KIND_BY_TYPE.get(str(actor.type), "named_person")
    return None, _KIND_BY_TYPE.get(classify_name(names[-1]), "named_person")


def _largest_gap(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> tuple[int, int] | None:
    pos = start
    best: tuple[int, int] | None = None
    for s, e in sorted(covered):
        if s > pos and (best is None or s - pos > best[1] - best[0]):
            best = (pos, s)
        pos = max(pos, e)
    if end > pos and (best is None or end - pos > best[1] - best[0]):
        best = (pos, end)
    if best is None:
        return None
    s, e = best
    while s < e and (text[s].isspace() or text[s] in ',;:—–-“”"‘’'):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ',;:—–-“”"‘’'):
        e -= 1
    if e - s < 3:
        return None
    return s, e


_LOADED_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(t) for t in sorted(lx.LOADED_TERMS, key=len, reverse=True))
    + r")(?![\w-])"
)


_LOADED_FIRST = cx.register_first_words(frozenset(re.split(r"[\s-]", t)[0] for t in lx.LOADED_TERMS))


def language_notes(
    text: str,
    paras: Sequence[Paragraph],
    spans: Sequence,
    quotes: Sequence[Quote],
    words: cx.WordIndex | None = None,
) -> list[LanguageNote]:
    """Loaded terms (``lexicon.LOADED_TERMS``) used outside quotation marks, i.e. in the outlet's
    own wording. Inside an indirect quote the wording is still the outlet's paraphrase, and the
    note says whose statement it paraphrases."""
    in_quote = Intervals((s.outer_start, s.outer_end) for s in spans)
    indirect = [q for q in quotes if q.type == "indirect"]
    in_indirect = Intervals((q.start, q.end) for q in indirect)
    paras = list(paras)
    notes = []
    for m in (words or cx.WordIndex(text)).finditer(_LOADED_RE, _LOADED_FIRST):
        if in_quote.covers(m.start()):
            continue
        note = lx.LOADED_TERMS[m.group(1)]
        k = in_indirect.first_containing(m.start())  # quotes are in text order
        para_q = indirect[k] if k is not None else None
        if para_q is not None and para_q.speaker:
            note += f"; the wording is the outlet's, in its paraphrase of {para_q.speaker} ({para_q.id})"
        else:
            note += "; used in the outlet's own voice"
        notes.append(
            LanguageNote(
                term=m.group(1),
                span=Span.of(text, m.start(1), m.end(1)),
                paragraph=paragraph_at(paras, m.start()),
                note=note,
            )
        )
    return notes
