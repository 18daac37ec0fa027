"""Source phrases: where the phrase naming who speaks starts and ends around a cue.

"John Smith, a spokesman for the ministry, said": the phrase before the cue, past an apposition;
"…,” said a spokesman for Acme Corp, John Smith.": the phrase after an inverted cue; "according to
court filings": a phrase the resolver does not know, kept as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.rules import lexicon as lx
from briefing.rules.names import Entity
from briefing.rules.refer_back import antecedent_of_relative
from briefing.rules.resolve import _MEDIA_NOUNS, resolve_np
from briefing.rules.units import MASK

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_LAST_WORD_RE = re.compile(r"([A-Za-z’']+)\s+$")
_REL_SUBJECT_RE = re.compile(r"(?<![\w’'-])(which|who)\s*$")
_APPOSITION_START_RE = re.compile(
    r"(?:(?:in|during|at)\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:statement|interview|"
    r"letter|speech|post|tweet|briefing|filing|e-?mail|news\s+conference|press\s+conference)\b|"
    r"however$|meanwhile$|though$|too$|"
    r"speaking|who|which|citing|published|released|issued|written|commissioned|prepared|compiled|"
    r"based|\d{1,3}\b|[a-z]+ed\s+by\b)"
)
_CONJ_START_RE = re.compile(r"(?:and|but|or|so|yet)\s")
_CLAUSE_VERB_RE = re.compile(
    rf"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|{lx.alternation(lx.forms('said-told-added'))}|"
    r"[a-z]{3,}ed)\b"
)
_APPOSED_NAME_RE = re.compile(
    r",\s+((?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*(?=[.,;!?]|$)"
)
_LY_NOUNS = frozenset(
    "family families ally rally supply assembly monopoly anomaly homily bully belly jelly reply "
    "melancholy".split()
)
_RX_AND_BEFORE = re.compile(r"\band\s+$")
# "who said", "which reported", "who in 2010 said", "which on Monday released": a relative
# pronoun as the subject of a cue, with at most a short time adjunct between them.
_RELATIVE_SUBJECT_RE = re.compile(
    r"(?<![\w’'-])(who|which|Who|Which)(?:\s+(?:in|on|at|last|this|earlier)\s+[\w-]+)?\s*$"
)
_THE_RE = re.compile(r"^(?:[Tt]he)\s+")
_POSSESSIVES = frozenset("his her its their our my your".split())
_WH_WORDS = frozenset("what which who whom whose how when where why whatever".split())
_BOUNDARY_RE = re.compile(
    r"[,;:()\[\]\x01—–―]|\s-\s|(?<![\w-])(?:that|and|but|although|though|while|because|when|whereas|as|if|"
    r"after|before|since|so|where|which|once|until|whom)(?![\w-])",
    re.IGNORECASE,
)
_AUX_WORDS = frozenset(
    """has have had was is would will could did does also later then previously once often recently
    repeatedly publicly privately reportedly further again earlier first separately flatly quickly
    never not already even simply just specifically explicitly bluntly has've""".split()
)
_WORD_TOKEN = re.compile(r"[\w’'.-]+")
_NP_STOP_RE = re.compile(
    r"[,.;:()\x01—–―!?]|\s(?:on|in|at|last|this|that|who|after|before|during|when|while|about|to|as)\s"
)
_ABBREV_BEFORE_RE = re.compile(
    r"(?:\b(?:Rep|Sen|Gov|Gen|Lt|Col|Mr|Mrs|Ms|Dr|Jr|Sr|St|Rev|Prof|Sgt|Adm|Capt|Maj|Lt|Sens|Reps)|"
    r"\b[A-Z]|\.[A-Z])$"
)
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_PHRASE_WINDOW = 1000  # characters read back from a cue (a source phrase and an apposition fit)


def unresolved_source(doc: Doc, start: int, end: int
) -> tuple[Entity, tuple[int, int], str | None] | None:
    """ "according to the medical journal", "according to court filings", "according to its
    chief financial officer": a source phrase the resolver does not know is still the source
    (the phrase says so), kept as written: an outlet, a document, or an unnamed source."""
    phrase = " ".join(doc.text[start:end].split())
    words = phrase.split()
    if not words or len(words) > 8 or MASK in phrase:
        return None
    head = words[-1].lower().strip("’'.,")
    first = words[0].lower()
    if not head.isalpha() or head in lx.PRONOUNS or first in (lx.PRONOUNS - _POSSESSIVES) | _WH_WORDS:
        return None  # "according to him" with no one to refer to; "according to what …"
    lead = len(doc.text[start:end]) - len(doc.text[start:end].lstrip())
    span = (start + lead, start + lead + len(doc.text[start:end].strip()))
    if head in _MEDIA_NOUNS or head == "journal":
        return doc.names.group_entity(phrase, "media", span[0]), span, None
    if head in lx.DOCUMENT_NOUNS or head.rstrip("s") in lx.DOCUMENT_NOUNS:
        return doc.names.group_entity(phrase, "document", span[0]), span, "document"
    return doc.names.group_entity(phrase, "group", span[0]), span, "vague"


def apposed_name(doc: Doc, np_end: int, hi: int):
    """The person named in an apposition that closes the clause: "…, John Smith." """
    am = _APPOSED_NAME_RE.match(doc.masked, np_end, max(hi, np_end))
    if am is None:
        return None
    mentions = doc.names.mentions_between(am.start(1), am.end(1) + 1)
    if mentions and mentions[-1].entity.type == "person" and mentions[-1].end >= am.end(1) - 1:
        return mentions[-1]
    return None


def subject_before(doc: Doc, lo: int, cue_start: int
) -> tuple[Entity | None, tuple[int, int], str | None] | None:
    """The source phrase right before a cue, skipping auxiliaries and an apposition."""
    text = doc.masked
    end = cue_start
    # skip auxiliaries/adverbs: "has also said"
    while True:
        m = _LAST_WORD_RE.search(text[max(lo, end - 30) : end])
        if m and (
            m.group(1).lower() in _AUX_WORDS
            or (
                m.group(1).endswith("ly")
                and m.group(1).islower()
                and len(m.group(1)) > 4
                and m.group(1) not in _LY_NOUNS
            )
        ):  # "has also said", "forcefully told", "angrily denied"
            end = max(lo, end - 30) + m.start(1)
            continue
        break
    seg_end = end
    while seg_end > lo and text[seg_end - 1].isspace():
        seg_end -= 1
    if seg_end <= lo:
        return None
    window = max(lo, seg_end - _PHRASE_WINDOW)  # what is read back from the cue: a long unit is
    pm = _PAREN_TAIL_RE.search(text, window, seg_end)  # not scanned again for each of its cues
    if pm:
        paren = pm.start()
        while paren > lo and text[paren - 1].isspace():
            paren -= 1  # as the unbounded search would have started it
        if paren > lo:  # "Jason Chaffetz (R-Utah) said"
            seg_end = paren
    # Apposition: "John Smith, a spokesman for the ministry, said" / "Rendell, who …, agreed" /
    # "Donald Trump, her Republican opponent, said" / "Cooper (D), McCrory's opponent …, saying"
    if text[seg_end - 1] == ",":
        found = None
        # an apposition is at most 30 words: commas further back than the window end the search
        back = max(lo, seg_end - 1 - _PHRASE_WINDOW)
        commas = [m.start() for m in re.finditer(",", text[back : seg_end - 1])]
        fallback = None
        for k in range(len(commas) - 1, max(-1, len(commas) - 5), -1):
            prev = back + commas[k]
            appos = text[prev + 1 : seg_end - 1].strip()
            if len(appos.split()) > 30 or MASK in appos:
                break
            if _CONJ_START_RE.match(appos) and _CLAUSE_VERB_RE.search(appos):
                break  # ", and the meeting deteriorated …, said …": a clause, not an apposition
            # (", a fellow at the institute in Munich, Germany, and co-author of the study, said":
            # a second noun of the apposition, read on)
            before = text[max(lo, prev - 60) : prev]
            pm = _PAREN_TAIL_RE.search(before)
            name_end = prev - (len(before) - pm.start()) if pm else prev
            inner = [
                mm
                for mm in doc.names.mentions_between(prev + 1, seg_end)
                if mm.end >= seg_end - 2
                and (
                    mm.entity.type == "person"
                    # "The manufacturer, Veritas Biologics, said": a body that is the whole apposition
                    or (
                        mm.entity.type in ("organization", "government", "media")
                        and _THE_RE.sub("", appos).rstrip(" ,") == text[mm.start : mm.end]
                    )
                )
            ]
            if inner and len(appos.split()) <= 4 and k == len(commas) - 1 and (
                appos.split()[0].lower() not in _WH_WORDS  # ", which backed Carver,": a relative clause
            ):
                # "A lawyer for the news outlets, David Schulz, said": the name is the apposition
                return inner[-1].entity, (inner[-1].start, inner[-1].end), None
            near = [
                mm
                for mm in doc.names.mentions_between(max(lo, name_end - 60), name_end + 1)
                if mm.end >= name_end - 1
            ]
            if near and near[-1].entity.type == "person":
                found = name_end
                break
            if near and fallback is None:
                fallback = name_end
            if not near and fallback is None and _APPOSITION_START_RE.match(appos):
                # "A senior official, speaking on condition of anonymity,", "Smith, 45,",
                # "The report, published by the Institute for Fiscal Studies,"
                np_start = phrase_start(doc, lo, name_end)
                res = resolve_np(doc, np_start, name_end)
                if res[0] is not None or res[2] is not None:
                    fallback = name_end
        found = found if found is not None else fallback
        if found is None:
            return None
        seg_end = found
    rel_lo = max(lo, seg_end - 40)
    tail = text[rel_lo:seg_end]
    rel = _RELATIVE_SUBJECT_RE.search(text, rel_lo, seg_end) if "ho" in tail or "ich" in tail else None
    if rel is not None:
        # "McConnell, …, who in 2010 said", "the Police Department which reported": the relative
        # pronoun's antecedent speaks
        ent = antecedent_of_relative(doc, rel.start(1), rel.group(1).lower(), strict=True)
        if ent is not None:
            return ent, rel.span(1), None
    seg_start = phrase_start(doc, lo, seg_end)
    if seg_start >= seg_end:
        rel = _REL_SUBJECT_RE.search(text, max(lo, seg_end - 8), seg_end)
        if rel is None:
            return None
        # "…, according to the consumer authority, which said …": the relative is the subject
        res = resolve_np(doc, rel.start(1), rel.end(1))
        return res if res[0] is not None else None
    res = resolve_np(doc, seg_start, seg_end)
    if res[0] is None and res[2] is None:
        # "Political observers in Virginia and around the country say": the phrase went on
        # past an "and"; try once from the boundary before it
        if _RX_AND_BEFORE.search(doc.masked, max(lo, seg_start - 6), seg_start):
            wider = phrase_start(doc, lo, max(lo, seg_start - 5))
            if wider < seg_start - 5:
                res = resolve_np(doc, wider, seg_end)
                if res[0] is not None or res[2] is not None:
                    return res
        return None
    return res


def phrase_start(doc: Doc, lo: int, end: int) -> int:
    """Start of the noun phrase that ends at ``end``: back to a clause boundary, at most 14 words."""
    text = doc.masked
    lo = max(lo, end - 200)  # a source phrase is at most 14 words
    start = lo
    for m in _BOUNDARY_RE.finditer(text, lo, end):
        start = m.end()
    if end - start > 28:  # 15 words need at least 29 characters: shorter phrases skip the count
        words = list(_WORD_TOKEN.finditer(text, start, end))
        if len(words) > 14:
            start = words[-14].start()
    while start < end and text[start].isspace():
        start += 1
    return start


def phrase_end(doc: Doc, start: int, hi: int) -> int:
    """End of a noun phrase that starts at ``start`` (after an inverted cue or "according to").

    Periods of titles and initials ("Rep.", "G.K.") do not end it."""
    text = doc.masked
    pos = start
    hi = min(hi, start + _PHRASE_WINDOW)  # a noun phrase ends long before: do not scan the unit
    while True:
        m = _NP_STOP_RE.search(text, pos, hi)
        if m is None:
            end = hi
            break
        if m.group() == "." and _ABBREV_BEFORE_RE.search(text, max(start, m.start() - 6), m.start()):
            pos = m.end()
            continue
        end = m.start()
        break
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
