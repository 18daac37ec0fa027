"""Who said what: speaker, cue and channel for every quotation, and reported (indirect) speech.

The unit of work is the *clause unit*: a sentence, widened so that no quotation is cut in two.
Inside it, quotations are masked out and every attribution cue is found ("said", "told",
"according to", "quoted him as saying"). Each cue gets

- a **source phrase** (its subject: "Abrams", "he", "the State Department’s special envoy … Elliott
  Abrams", "Bachelet’s report", "a source familiar with the talks"), before the cue or, inverted,
  after it ("…,” said Abrams);
- a **content span**: what was said: the clause after the cue ("told the Times that CONTENT"), or
  before it ("CONTENT, X said"), or around "according to X";
- a **channel** when the words came through a medium ("the New York Times quoted him as saying",
  "told the New York Times", "in a statement", "X’s report said").

Quotations then take the cue that governs them (the one right after the closing mark, else the one
whose content holds the quotation), or, failing that, the speaker of the quotation just before them
(continued quotes). Cues whose content is not itself a quotation become indirect quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing import cues as cx
from briefing import lexicon as lx
from briefing.actors import Entity, Registry

MASK = "\x01"

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
_TIME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|weekend|month|year|morning|"
    r"afternoon|evening|night|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|spring|summer|fall|autumn|winter)"
)
_ADVERBIAL_RE = re.compile(
    r"(?:\s*,?\s*(?:"
    rf"(?:on|by|late|early)\s+(?:\w+\s+)?{_TIME}(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|(?:last|this|next|earlier\s+this|late\s+last|earlier\s+in\s+the)\s+{_TIME}"
    r"|(?:in|during|at)\s+(?:a|an|the|his|her|their|its)\s+(?:\w+\s+){0,2}(?:statement|interview|call|"
    r"conference|briefing|speech|appearance|post|tweet|letter|email|e-mail|hearing|video|podcast|"
    r"rally|meeting|event)(?:\s+(?:with|on|to|at)\s+(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,4})?"
    r"|on\s+(?:Twitter|Facebook|Instagram|television|TV|radio|CNN|Fox\s+News|MSNBC)"
    r"|(?:earlier|later|yesterday|today|tonight|recently|again|also|privately|publicly)"
    r")\s*,?)+"
)
_TELL_OBJECT_RE = re.compile(
    r"\s*((?:the\s+)?(?:[A-Z][\w.&’'-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w.&’'-]*){0,5})|reporters|journalists|"
    r"him|her|them|us|me|you|supporters|the\s+crowd|a\s+crowd|an?\s+[a-z]+(?:\s+[a-z]+){0,3}|"
    r"the\s+[a-z]+(?:\s+[a-z]+){0,2}|[a-z]+\s+reporters|CNN|NBC)"
)
_THAT_RE = re.compile(r"\s*(?:,\s*)?(?:that|:)\s+", re.IGNORECASE)
_COMMON_SOURCE_NOUNS = (
    lx.ANONYMOUS_NOUNS
    | lx.VAGUE_NOUNS
    | lx.DOCUMENT_NOUNS
    | frozenset(
        """newspaper paper outlet network agency campaign group company department ministry
    government administration committee court police spokesman spokeswoman spokesperson president
    senator governor mayor envoy minister secretary candidate nominee leader chairman chairwoman
    director official statement office team lawyer lawyers attorney attorneys prosecutors prosecutor
    judge witness witnesses researchers scientists doctors authorities website site magazine
    organization union party white house kremlin pentagon woman man""".split()
    )
)
_MEDIA_NOUNS = frozenset(
    "newspaper paper outlet network publication magazine website site broadcaster".split()
)
_ORG_NOUNS = frozenset(
    "agency campaign group company department ministry government administration "
    "committee court police organization union party office team".split()
)
_TITLE_NOUNS = frozenset(
    "president senator governor mayor envoy minister secretary candidate nominee "
    "leader chairman chairwoman director spokesman spokeswoman spokesperson "
    "lawyer attorney judge congressman congresswoman".split()
)
_WORD_TOKEN = re.compile(r"[\w’'.-]+")
_CLAUSE_END_RE = re.compile(
    r"(?:,|(?<=\x01))\s+(?:although|though|but|while|whereas|even\s+as|according\s+to)\b|;|\s[—–]\s(?=[a-z]+\s+(?:said|says))"
)
_NP_STOP_RE = re.compile(
    r"[,.;:()\x01—–―!?]|\s(?:on|in|at|last|this|that|who|after|before|during|when|while|about|to|as)\s"
)
_ABBREV_BEFORE_RE = re.compile(
    r"(?:\b(?:Rep|Sen|Gov|Gen|Lt|Col|Mr|Mrs|Ms|Dr|Jr|Sr|St|Rev|Prof|Sgt|Adm|Capt|Maj|Lt|Sens|Reps)|"
    r"\b[A-Z]|\.[A-Z])$"
)
_DASH_SPEAKER_RE = re.compile(
    r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*([A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,4})"
)
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_PARTICIPLE_CLAUSE_RE = re.compile(r",\s+(?=(?:[a-z]+ing|which|who|whose)\b)")


@dataclass
class Attribution:
    """Who is behind some words, and how the article says so."""

    speaker: Entity | None
    mention: tuple[int, int] | None = None  # how the source is named at this point
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    channel: str | None = None
    channel_entity: Entity | None = None
    source_kind: str | None = None  # anonymous / vague when the source phrase says so


@dataclass
class CueHit:
    """One attribution cue in a clause unit."""

    start: int
    end: int
    word: str
    attribution: Attribution
    content: tuple[int, int] | None = None
    subject_after: bool = False


@dataclass
class Unit:
    start: int
    end: int
    paragraph: int
    cues: list[CueHit] = field(default_factory=list)


@dataclass
class Statement:
    """Reported speech without quotation marks: the content span and its attribution."""

    start: int
    end: int
    paragraph: int
    attribution: Attribution


def clause_units(text: str, sentences: Sequence, spans: Sequence) -> list[Unit]:
    """Sentences merged so that no top-level quotation crosses a unit boundary."""
    tops = [s for s in spans if s.nested_in is None]
    units: list[Unit] = []
    for sent in sentences:
        if (
            units
            and units[-1].paragraph == sent.paragraph
            and any(q.outer_start < sent.start < q.outer_end for q in tops)
        ):
            units[-1].end = sent.end
            continue
        if units and any(q.outer_start < sent.start < q.outer_end for q in tops):
            # A quotation spanning paragraphs: keep it in the unit where it starts.
            units[-1].end = max(units[-1].end, sent.end)
            continue
        units.append(Unit(sent.start, sent.end, sent.paragraph))
    # A unit ending right after a quotation with the attribution in the next sentence piece
    # ("…?” she asked.") is joined with it.
    merged: list[Unit] = []
    for u in units:
        if (
            merged
            and merged[-1].paragraph == u.paragraph
            and re.match(r"[\s]*[a-z]", text[u.start : u.start + 3])
        ):
            merged[-1].end = u.end
        else:
            merged.append(u)
    return merged


class Attributor:
    """Finds cues and attributions in one article."""

    def __init__(self, text: str, registry: Registry, spans: Sequence) -> None:
        self.text = text
        self.reg = registry
        self.spans = list(spans)
        self.tops = [s for s in spans if s.nested_in is None]
        chars = list(text)
        for q in self.tops:
            for i in range(q.outer_start, q.outer_end):
                if chars[i] != "\n":
                    chars[i] = MASK
        self.masked = "".join(chars)

    # ----- cues in a unit ---------------------------------------------------------------------
    def find_cues(self, unit: Unit) -> list[CueHit]:
        hits: list[CueHit] = []
        m_text = self.masked
        taken: list[tuple[int, int]] = []
        # "the New York Times quoted him as saying": the channel quotes the speaker.
        for m in cx.QUOTED_AS_RE.finditer(m_text, unit.start, unit.end):
            hit = self._quoted_as(unit, m)
            if hit:
                hits.append(hit)
                taken.append((m.start(), m.end()))
        for m in cx.ACCORDING_TO_RE.finditer(m_text, unit.start, unit.end):
            if m.group().lower().startswith("per") and not re.match(
                r"\s*[A-Z]", m_text[m.end() : m.end() + 2]
            ):
                continue
            hit = self._according_to(unit, m)
            if hit:
                hits.append(hit)
                taken.append((m.start(), m.end()))
        for m in cx.CUE_RE.finditer(m_text, unit.start, unit.end):
            if any(a <= m.start() < b for a, b in taken):
                continue
            hit = self._verb_cue(unit, m)
            if hit:
                hits.append(hit)
        hits.sort(key=lambda h: h.start)
        self._fill_contents(unit, hits)
        unit.cues = hits
        return hits

    def _quoted_as(self, unit: Unit, m: re.Match[str]) -> CueHit | None:
        src = self._subject_before(unit.start, m.start())
        who_s, who_e = m.span(2)
        speaker, mention, kind = self._resolve_np(who_s, who_e)
        attr = Attribution(
            speaker,
            mention,
            cue=m.group(1) + " … as " + m.group(3),
            cue_span=(m.start(), m.end()),
            source_kind=kind,
        )
        if src is not None:
            ent, span, _ = src
            if ent is not None:
                attr.channel = self.text[span[0] : span[1]]
                attr.channel_entity = ent
        return CueHit(m.start(), m.end(), m.group(1), attr)

    def _according_to(self, unit: Unit, m: re.Match[str]) -> CueHit | None:
        np_end = self._np_end(m.end(), unit.end)
        if np_end <= m.end():
            return None
        speaker, mention, kind = self._resolve_np(m.end(), np_end)
        if speaker is None and kind is None:
            return None
        cue = " ".join(m.group().split())
        attr = Attribution(speaker, mention, cue=cue, cue_span=(m.start(), m.end() - 1), source_kind=kind)
        hit = CueHit(m.start(), np_end, cue, attr, subject_after=True)
        return hit

    def _verb_cue(self, unit: Unit, m: re.Match[str]) -> CueHit | None:
        word = " ".join(m.group().split())
        low = word.lower()
        text = self.masked
        before = text[unit.start : m.start()]
        if cx.NOUN_BEFORE_RE.search(before[-12:]):
            return None  # "the report", "Bachelet’s report": a noun, not the verb
        if low in cx.NEEDS_CLAUSE and re.match(r"\s+(?:to|on|with|in)\b", text[m.end() : m.end() + 6]):
            return None
        # Participles continue the main clause's subject: "…, adding that …".
        if low in cx.PARTICIPLE_FORMS and re.search(r"[,\x01]\s*$", before):
            attr = Attribution(None, None, cue=word, cue_span=(m.start(), m.end()))
            return CueHit(m.start(), m.end(), word, attr)
        if low.endswith("ing") and low in cx.PARTICIPLE_FORMS:
            if not re.match(r"\s*[,:]?\s*\x01", text[m.end() : m.end() + 4]):
                return None
            sub = self._subject_before(unit.start, m.start())
            if sub is None or sub[0] is None or sub[0].type != "person":
                return None
            attr = Attribution(sub[0], sub[1], cue=word, cue_span=(m.start(), m.end()))
            return CueHit(m.start(), m.end(), word, attr)
        # Inverted: "…,” said Abrams." / "…, says John Smith, a spokesman."
        if re.search(r"(?:[,\x01]|^)\s*$", before) and not re.match(
            r"\s*(?:that|,)", text[m.end() : m.end() + 6]
        ):
            np_end = self._np_end(m.end(), unit.end)
            if np_end > m.end():
                speaker, mention, kind = self._resolve_np(m.end(), np_end)
                if speaker is not None or kind is not None:
                    attr = Attribution(
                        speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind
                    )
                    return CueHit(m.start(), m.end(), word, attr, subject_after=True)
        sub = self._subject_before(unit.start, m.start())
        if sub is None:
            return None
        speaker, mention, kind = sub
        if low in cx.FINDING_FORMS and not (kind == "document" or (speaker and speaker.type != "person")):
            return None
        attr = Attribution(speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind)
        if mention and speaker is not None:
            self._possessive_document(attr, mention)
        return CueHit(m.start(), m.end(), word, attr)

    def _possessive_document(self, attr: Attribution, mention: tuple[int, int]) -> None:
        """ "Bachelet’s report said": speaker Bachelet, channel "Bachelet’s report"."""
        phrase = self.text[mention[0] : mention[1]]
        m = re.match(r"(.+?)[’']s\s+(?:\w+\s+){0,2}(\w+)$", phrase)
        if m and m.group(2).lower() in lx.DOCUMENT_NOUNS:
            attr.channel = phrase
            doc = self.reg.group_entity(phrase, "document", mention[0])
            doc.used = True
            attr.channel_entity = doc

    # ----- source phrases ---------------------------------------------------------------------
    def _subject_before(
        self, lo: int, cue_start: int
    ) -> tuple[Entity | None, tuple[int, int], str | None] | None:
        """The source phrase right before a cue, skipping auxiliaries and an apposition."""
        text = self.masked
        end = cue_start
        # skip auxiliaries/adverbs: "has also said"
        while True:
            m = re.search(r"([A-Za-z’']+)\s+$", text[max(lo, end - 30) : end])
            if m and m.group(1).lower() in _AUX_WORDS:
                end = max(lo, end - 30) + m.start(1)
                continue
            break
        seg_end = end
        while seg_end > lo and text[seg_end - 1].isspace():
            seg_end -= 1
        if seg_end <= lo:
            return None
        pm = _PAREN_TAIL_RE.search(text, lo, seg_end)
        if pm and pm.start() > lo:  # "Jason Chaffetz (R-Utah) said"
            seg_end = pm.start()
        # Apposition: "John Smith, a spokesman for the ministry, said" / "Rendell, who …, agreed"
        if text[seg_end - 1] == ",":
            prev = text.rfind(",", lo, seg_end - 1)
            if prev <= lo:
                return None
            appos = text[prev + 1 : seg_end - 1].strip()
            if not re.match(
                r"(?:a|an|the|who|which|whose|one|[a-z]+\s+of|[A-Z][\w.-]*\s*$|\d|[a-z-]+\s+[a-z]+)", appos
            ):
                return None
            if len(appos.split()) > 25:
                return None
            seg_end = prev
        seg_start = self._np_start(lo, seg_end)
        if seg_start >= seg_end:
            return None
        res = self._resolve_np(seg_start, seg_end)
        if res[0] is None and res[2] is None:
            return None
        return res

    def _np_start(self, lo: int, end: int) -> int:
        """Start of the noun phrase that ends at ``end``: back to a clause boundary, at most 14 words."""
        text = self.masked
        start = lo
        for m in _BOUNDARY_RE.finditer(text, lo, end):
            start = m.end()
        words = list(_WORD_TOKEN.finditer(text, start, end))
        if len(words) > 14:
            start = words[-14].start()
        while start < end and text[start].isspace():
            start += 1
        return start

    def _np_end(self, start: int, hi: int) -> int:
        """End of a noun phrase that starts at ``start`` (after an inverted cue or "according to").

        Periods of titles and initials ("Rep.", "G.K.") do not end it."""
        text = self.masked
        pos = start
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

    def _resolve_np(self, start: int, end: int) -> tuple[Entity | None, tuple[int, int] | None, str | None]:
        """(entity, mention span, source kind hint) for a source phrase at ``start:end``."""
        phrase = self.text[start:end].strip()
        lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
        start += lead
        end = start + len(phrase)
        if not phrase or MASK in self.masked[start:end]:
            return None, None, None
        words = phrase.split()
        if len(words) > 16:
            return None, None, None
        low = phrase.lower()
        if len(words) == 1 and low in lx.PRONOUNS:
            if low in ("i", "we", "me", "us", "you", "it", "who", "which"):
                if low in ("who", "which"):
                    ent = self._antecedent_of_relative(start)
                    return ent, (start, end), None
                return None, None, None
            return self.reg.resolve_pronoun(low, start), (start, end), None
        mentions = self.reg.mentions_between(start, end + 1)
        # Possessive document: "Bachelet’s report"
        pm = re.match(r"(.+?)[’']s\s+(?:[a-z-]+\s+){0,2}([a-z]+)$", phrase)
        if pm and pm.group(2) in lx.DOCUMENT_NOUNS:
            owner = [mm for mm in mentions if mm.end <= start + len(pm.group(1)) + 1]
            if owner:
                return owner[-1].entity, (start, end), "document"
            doc = self.reg.group_entity(phrase, "document", start)
            return doc, (start, end), "document"
        if mentions:
            # The head of the phrase: the last name in it, unless a later part is "of/for X"
            cand = [
                mm
                for mm in mentions
                if not re.search(r"\b(?:of|for|at|with|from|in)\s+(?:the\s+)?$", self.text[start : mm.start])
            ]
            chosen = (cand or mentions)[-1]
            if (
                chosen.entity.type in ("government", "organization")
                and phrase.split()[-1].lower() in _TITLE_NOUNS
            ):
                chosen = None
            if chosen is not None:
                ent = chosen.entity
                if ent.type == "person" and not ent.role:
                    role = self.text[start : chosen.start].strip()
                    if (
                        role
                        and role[:1].islower()
                        and len(role.split()) >= 2
                        and any(w.strip("’'s").lower() in lx.TITLES for w in role.split())
                    ):
                        ent.role = role
                return ent, (start, end), None
        head = words[-1].lower().strip("’'.")
        head_words = {w.lower().strip("’'.,") for w in words}
        # Capitalised words the registry did not type: a name used as a source ("Figueroa said").
        caps = re.findall(r"[A-ZÀ-ÖØ-Þ][\w’'.-]+", phrase)
        if caps and words[-1][:1].isupper() and head not in lx.NOT_NAMES:
            name_tokens = []
            for w in reversed(words):
                if w[:1].isupper() and w.lower().strip(".") not in lx.NOT_NAMES:
                    name_tokens.insert(0, w)
                else:
                    break
            if name_tokens and len(name_tokens) <= 4:
                name = " ".join(name_tokens)
                ent = self.reg.name_entity(name, end - len(name))
                return ent, (start, end), None
        if head in _MEDIA_NOUNS and low.startswith(("the ", "this ")):
            return self.reg.most_recent("media", start), (start, end), None
        if head in _TITLE_NOUNS and low.startswith("the "):
            ent = self._titled_person(head, start)
            if ent is not None:
                return ent, (start, end), None
        if head in _ORG_NOUNS and low.startswith("the "):
            ent = self.reg.most_recent("organization", start) or self.reg.most_recent("government", start)
            if ent is not None:
                return ent, (start, end), None
        if head in lx.DOCUMENT_NOUNS or head_words & {"report", "study", "survey", "poll"}:
            return self.reg.group_entity(phrase, "document", start), (start, end), "document"
        kind = None
        if head_words & lx.ANONYMOUS_NOUNS:
            if re.search(
                r"\b(?:familiar|anonymity|not\s+authorized|asked\s+not|requested\s+anonymity|"
                r"declined\s+to\s+be\s+(?:named|identified)|speaking\s+on)\b",
                self.text[start : end + 120],
            ) or re.match(r"(?:a|an|one|two|three|several|some|other|another|senior|\w+\s+)?", low):
                kind = "anonymous"
        if kind is None and (head_words & lx.VAGUE_NOUNS or head in lx.VAGUE_NOUNS):
            kind = "vague"
        if kind is None and head in _COMMON_SOURCE_NOUNS and len(words) <= 6:
            kind = "anonymous" if head in lx.ANONYMOUS_NOUNS else "vague"
        if kind is None:
            return None, None, None
        if len(words) > 8:
            return None, None, None
        return self.reg.group_entity(phrase, "group", start), (start, end), kind

    def dash_speaker(self, q_end: int, hi: int) -> Attribution | None:
        """“…” ― Sonya Herridge: a name after a dash closing a quotation."""
        m = _DASH_SPEAKER_RE.match(self.text, q_end, hi + 80)
        if not m:
            return None
        ent, mention, kind = self._resolve_np(m.start(1), m.end(1))
        if ent is None or ent.type not in ("person", "organization", "media", "government"):
            return None
        return Attribution(ent, mention, cue=None, source_kind=kind)

    def _titled_person(self, title: str, pos: int) -> Entity | None:
        best = None
        for ent in self.reg.entities:
            if ent.type == "person" and ent.role and title in ent.role.lower() and ent.first < pos:
                best = ent if best is None or ent.first > best.first else best
        return best or None

    def _antecedent_of_relative(self, pos: int) -> Entity | None:
        mentions = self.reg.mentions_between(max(0, pos - 80), pos)
        return mentions[-1].entity if mentions else None

    # ----- contents ---------------------------------------------------------------------------
    def _fill_contents(self, unit: Unit, hits: list[CueHit]) -> None:
        text = self.masked
        for i, hit in enumerate(hits):
            nxt = hits[i + 1].start if i + 1 < len(hits) else unit.end
            right_start = hit.end
            if hit.attribution.cue and hit.attribution.cue.lower().startswith(
                ("told", "tell", "tells", "telling")
            ):
                om = _TELL_OBJECT_RE.match(text, right_start)
                if om:
                    obj = om.group(1)
                    self._channel_from_object(hit, om.start(1), om.end(1), obj)
                    right_start = om.end()
            elif hit.subject_after:
                right_start = hit.end
            am = _ADVERBIAL_RE.match(text, right_start)
            if am and am.end() > right_start:
                right_start = am.end()
            tm = _THAT_RE.match(text, right_start)
            if tm:
                right_start = tm.end()
            # Where the right-hand content stops: the next cue's source phrase, a clause break.
            right_end = nxt
            if i + 1 < len(hits):
                nh = hits[i + 1]
                if (
                    nh.attribution.mention
                    and nh.attribution.mention[0] > right_start
                    and not nh.subject_after
                ):
                    right_end = min(right_end, nh.attribution.mention[0])
                elif nh.subject_after:
                    right_end = min(right_end, nh.start)
            ce = _CLAUSE_END_RE.search(text, right_start, right_end)
            if ce:
                right_end = ce.start()
            right = text[right_start:right_end]
            if len(right.split()) >= 3 and not re.match(r"\s*[.!?]", right):
                hit.content = self._trim(right_start, right_end)
                continue
            # Content before the cue: "CONTENT, X said." / "According to X, CONTENT." is handled here too.
            if hit.attribution.cue and hit.attribution.cue.lower().startswith(
                ("according", "as reported", "per")
            ):
                if hit.start == unit.start or re.match(r"\s*$", text[unit.start : hit.start]):
                    cm = re.match(r"\s*,\s*", text[hit.end : hit.end + 5])
                    if cm:
                        hit.content = self._trim(hit.end + cm.end(), unit.end)
                        continue
            left_end = (
                hit.attribution.mention[0] if hit.attribution.mention and not hit.subject_after else hit.start
            )
            if (
                hit.subject_after
                and hit.attribution.cue
                and hit.attribution.cue.lower().startswith("according")
            ):
                left_end = hit.start
            left_start = unit.start
            if i > 0:
                prev = hits[i - 1]
                left_start = max(
                    left_start, prev.content[1] if prev.content and prev.content[1] <= left_end else prev.end
                )
            left = text[left_start:left_end]
            if re.search(r",\s*$|\x01\s*$", left) and len(left.split()) >= 3:
                first_q = text.find(MASK, left_start, left_end)
                if first_q > left_start:
                    # "As well as …, the regime … dictatorship, presiding over “…” …, X’s report said":
                    # the attribution covers the participial clause holding the quotation.
                    for cm in _PARTICIPLE_CLAUSE_RE.finditer(text, left_start, first_q):
                        left_start = cm.start() + 1
                hit.content = self._trim(left_start, left_end)

    def _channel_from_object(self, hit: CueHit, s: int, e: int, obj: str) -> None:
        ents = self.reg.mentions_between(s, e + 1)
        for mm in ents:
            if mm.entity.type == "media":
                hit.attribution.channel = self.text[s:e].strip()
                hit.attribution.channel_entity = mm.entity
                mm.entity.used = True
                return

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
            end -= 1
        return start, end


def channel_phrase(text: str, start: int, end: int) -> str | None:
    """ "in a statement", "on Twitter", "in an interview with CNN" in a clause, as the channel."""
    m = cx.CHANNEL_PHRASE_RE.search(text, start, end)
    if not m:
        return None
    return " ".join(m.group().split())
