"""Cues: the words that tie words to a speaker ("said", "told", "according to", "quoted him as
saying"), each with its source phrase, found clause unit by clause unit.

A cue gets a **source phrase** (its subject: "Abrams", "he", "the State Department’s special
envoy … Elliott Abrams", "Bachelet’s report", "a source familiar with the talks"), before the cue
or, inverted, after it ("…,” said Abrams), and a **channel** when the words came through a medium
("the New York Times quoted him as saying", "told the New York Times", "X’s report said"). What was
said (the content) is ``briefing.rules.contents``.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from briefing.rules import cues as cx
from briefing.rules import lexicon as lx
from briefing.rules.contents import _QUOTE_NEXT_RE, fill_contents
from briefing.rules.names import is_title_case
from briefing.rules.resolve import resolve_np
from briefing.rules.source_phrase import (
    _AUX_WORDS,
    _LAST_WORD_RE,
    _WH_WORDS,
    apposed_name,
    phrase_end,
    phrase_start,
    subject_before,
    unresolved_source,
)
from briefing.rules.units import MASK, Attribution, CueHit, Unit
from briefing.text.intervals import Intervals

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_UPPER_NEXT_RE = re.compile(r"\s*[A-Z]")
_PREP_NEXT_RE = re.compile(r"\s+(?:to|on|with|in)\b")
# After "asked": a question put ("asked whether …", "asked: “…”"), not "asked not to be named".
_ASKED_NEXT_RE = re.compile(r"\s*(?:[,.:;!?\x01]|$|(?:whether|if|why|how|what|who|when|where|about)\b)")
# A request: "asked residents in low-lying streets to leave" (not "asked not to be named").
_ASKED_TO_RE = re.compile(
    r"\s+(?!(?:not|for|about|after|that|to)\b)(?:[\w’'-]+\s+){1,6}?to\s+(?!be\s+(?:named|identified)\b)[a-z]+"
)
_TRAILING_COMMA_OR_QUOTE_RE = re.compile(r"[,\x01]\s*$")
# "X promised … and (also) said": a second verb of the same subject.
_AND_BUT_BEFORE_RE = re.compile(
    r"[\w,\x01]\s+(?:and|but)\s+(?:(?:also|then|later|has|have|had|is|was|were|are|not|never|repeatedly|"
    r"publicly|privately|previously|recently)\s+){0,3}$"
)
# Blank, or ending in a comma or quotation: where an inverted cue stands ("…,” said X).
_INVERTED_CUE_BEFORE_RE = re.compile(r"(?:[,\x01]|^)\s*$")
_THAT_OR_COMMA_NEXT_RE = re.compile(r"\s*(?:that|,)")
_POSSESSIVE_HEAD_RE = re.compile(r"(.+?)[’']s\s+(?:\w+\s+){0,2}(\w+)$")
_GERUND_AFTER_RE = re.compile(r"\b(?:by|for|after|before|while|when|without|in)\s+$")
_BARE_END_RE = re.compile(r"\s*(?:[.!?,;:)]|$)")
# Cues that may follow their source's phrase after a comma clause: "…, said John Smith, a spokesman."
_INVERTING_FORMS = lx.forms("can-invert")
_NEXT_CUE_VERB_RE = re.compile(rf"\s+(?:{lx.alternation(lx.forms('next-cue-verb'))})\b")
_ACCUSE_FORMS = lx.forms("accuses")
_ACCUSE_NEXT_RE = re.compile(r"\s*(?:that\b|,|:|\x01)")
_MAKES_OBJECT_FORMS = lx.forms("makes-object")
# what may follow "wrote" when it reports words: "wrote that", "wrote in a letter", "wrote last
# week", "…,” wrote Smith", "as he wrote."; a plain object ("wrote handbooks") made a thing
_MAKES_OBJECT_NEXT_RE = re.compile(
    r"\s*(?:that\b|[,:;.!?)\x01]|$|(?:in|on|to|for|of|back|last|this|earlier|again|once|about)\b|\w+ly\b|[A-Z0-9])"
)
_AUX_AFTER_CUE_RE = re.compile(r"\s+(?:could|would|should|might|may|must|can|was|were|is|are)\s")
_ACCORDING_APPOSITION_RE = re.compile(r"(,\s+(?:a|an|the)\s+[^,;:\x01\n]{2,80}),\s+(?=[a-zA-Z])")
_APPOSED_ROLE_HEADS = frozenset(
    "spokesman spokeswoman spokesperson representative lawyer attorney aide adviser advisor "
    "official director executive chief head manager secretary minister leader chairman chairwoman "
    "president founder owner analyst economist professor scientist researcher expert doctor".split()
)
_ONE_PERSON_RE = re.compile(r"\s*((?:one|a|an|another)\s+(?:[a-z-]+\s+){0,2}[a-z]+(?<!ly))\s*")
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|are|was|were|been|be|being)\s+(?:\w+ly\s+)?$")
# "was told", "had been told", "is not told": a be-form right before a participle (an adverb or two
# between). The participle is passive, and its subject is who heard it, or what is told.
_PASSIVE_SAYING_BEFORE_RE = re.compile(
    r"\b(?:is|are|was|were|been|be|being|’s|'s)\s+(?:(?:\w+ly|not|also|later|never|then|first|now|still)\s+){0,2}$",
    re.IGNORECASE,
)
_IRREGULAR_PARTICIPLES = frozenset("told said written spoken shown thought known".split())
_PROGRESSIVE_RE = re.compile(r"\b(?:is|are|was|were|been|be)\s+(?:also\s+|now\s+|still\s+|not\s+)?$")
_HEADLINE_LINE_RE = re.compile(r"[^\n]+")
_CUE_TITLE_RE = re.compile(cx.CUE_RE.pattern, re.IGNORECASE)
# Cue forms that are also plural or singular nouns, and what before them makes them nouns: "of"
# ("a flurry of tweets"), or a determiner or possessive and a hyphenated modifier ("his
# late-night tweets", "Trump’s early-morning tweets").
_NOUN_FORMS = lx.forms("noun-form")
_NOUN_PHRASE_BEFORE_RE = re.compile(
    r"(?:\b[Oo]f|\b(?i:the|a|an|his|her|its|their|our|my|your|this|that|these|those|whose)|[’']s|s[’'])"
    r"\s+(?:[a-z]+(?:-[a-z]+)+\s+)?$"
    r"|\b[Aa]n?\s+(?:[A-Z][\w.’'-]*\s+){1,3}$",  # "a Donald Trump tweet attacking …"
)
# Verbs of saying whose unknown subject phrase is still reported as the source (not "states",
# "claims": nouns as often as verbs).
_FALLBACK_FORMS = lx.forms("fallback")
_FALLBACK_SKIP = frozenset("often still incorrectly wrongly correctly".split())
_FALLBACK_BAD_FIRST = frozenset(
    """to let's lets should would could will can may might must as if when while because although
    though after before since than and but or so yet nor not no this that these those there here
    something anything nothing everything""".split()
)
_FALLBACK_BAD_LAST = frozenset(
    """the a an of to in on at for with by from as and or but that this who which whom whose what
    be been being is are was were has have had do does did not""".split()
)
_PAREN_SUBJECT_RE = re.compile(
    r"\s*((?:[\w’'.-]+\s+){0,5}[\w’'.-]+)\s*,\s+(?:including|who|whose|like|such\s+as|among\s+them|"
    r"many\s+of\s+whom|most\s+of\s+whom|some\s+of\s+whom)\b[^\x01;:,]*(?:,[^\x01;:,]*)?,"
)
_PLURAL_NOUN_FORMS = lx.forms("plural-noun")
_PLURAL_NOUN_NEXT_RE = re.compile(r"\s+(?:of|and|or|where|which|who|are|were|have|had)\b")
_BE_FORMS = frozenset("is are was were be been being".split())
_RELATIVE_OBJECT_BEFORE_RE = re.compile(r"\b(?:which|that|what|whom|who)\s+$")
_ADDED_NEXT_RE = re.compile(r"\s*(?:that\b|[,.:]|\x01|$)")
_FINITE_VERBS = frozenset(
    "is are was were has have had will would could should did does do can may might must".split()
)


def quoted_as(doc: Doc, unit: Unit, m: re.Match[str]) -> CueHit | None:
    src = subject_before(doc, unit.start, m.start())
    who_s, who_e = m.span(2)
    speaker, mention, kind = resolve_np(doc, who_s, who_e)
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
            attr.channel = doc.text[span[0] : span[1]]
            attr.channel_entity = ent
    return CueHit(m.start(), m.end(), m.group(1), attr)


def according_to(doc: Doc, unit: Unit, m: re.Match[str]) -> CueHit | None:
    np_end = phrase_end(doc, m.end(), unit.end)
    if np_end <= m.end():
        return None
    speaker, mention, kind = resolve_np(doc, m.end(), np_end)
    if speaker is None and kind is None:
        fallback = unresolved_source(doc, m.end(), np_end)
        if fallback is None:
            return None
        speaker, mention, kind = fallback
    named = apposed_name(doc, np_end, unit.end) if speaker is None or speaker.type != "person" else None
    if named is not None and (speaker is None or speaker.name[:1].islower()):
        # "According to his aunt, Jane Starner, …": the person the description is
        speaker, mention, kind = named.entity, (named.start, named.end), None
        np_end = named.end
    cue = " ".join(m.group().split())
    attr = Attribution(speaker, mention, cue=cue, cue_span=(m.start(), m.end() - 1), source_kind=kind)
    appos = _ACCORDING_APPOSITION_RE.match(doc.masked, np_end, unit.end)
    if appos is not None and speaker is not None and speaker.type == "person":
        np_end = appos.end(1)  # "According to Jan Dvorak, an entomologist at …, the valley …"
    hit = CueHit(m.start(), np_end, cue, attr, subject_after=True)
    return hit


# Speech that did not happen: "did not say", "had also not announced", "would not confirm",
# "never claimed", "declined to say", "refused to confirm", "has yet to explain".
_NEGATION_BEFORE_RE = re.compile(
    r"(?:\b(?:not|never)|n[’']t|\b(?:declined|declines|decline|refused|refuses|refuse|failed|fails|yet)\s+to)"
    r"(?:\s+(?:also|yet|immediately|publicly|explicitly|directly|specifically|even|ever|always|been|be|have))*\s+$"
)


_BY_NEXT_RE = re.compile(r"\s+by\s")
_BEFORE_WINDOW = 400
_ASK_FORMS = lx.forms_of("ask")
_PREPOSITION_BEFORE_RE = re.compile(r"\b(?:to|for|with|by|despite|after|amid|about|over)\s+$")


def verb_cue(doc: Doc, unit: Unit, m: re.Match[str]) -> CueHit | None:
    word = " ".join(m.group().split())
    low = word.lower()
    text = doc.masked
    # What precedes the cue in its unit, read back at most _BEFORE_WINDOW characters: every test on
    # it looks at its end, and copying and scanning all of a long unit for each cue was quadratic.
    # A cut is marked with a leading "…", so that "nothing before the cue" (^) cannot match it.
    lo = max(unit.start, m.start() - _BEFORE_WINDOW)
    before = ("…" if lo > unit.start else "") + text[lo : m.start()]
    if cx.NOUN_BEFORE_RE.search(before[-12:]) or _NEXT_CUE_VERB_RE.match(text, m.end()):
        return None  # "the report", "Bachelet’s report", "a Reuters report said": a noun, not the verb
    if low in _PLURAL_NOUN_FORMS and _PLURAL_NOUN_NEXT_RE.match(text, m.end()):
        return None  # "member states of the union", "claims and counterclaims": a plural noun
    if low.endswith("s") and _PREPOSITION_BEFORE_RE.search(before[-12:]):
        return None  # "did not respond to requests for comment", "despite reports": a plural noun
    noun = low in _NOUN_FORMS and bool(_NOUN_PHRASE_BEFORE_RE.search(before[-40:]))
    hit = _verb_cue_hit(doc, unit, m, word, low, before)
    if hit is not None and noun:
        # "a flurry of late-night tweets", "Trump’s early-morning tweets": a noun. What the
        # tweets say is still reported, but they do not govern a quotation another verb governs
        hit.noun = True
    if hit is not None and _NEGATION_BEFORE_RE.search(before[-40:]):
        hit.negated = True  # "had also not announced a timeline": no one announced anything
    return hit


def _verb_cue_hit(doc: Doc, unit: Unit, m: re.Match[str], word: str, low: str, before: str) -> CueHit | None:
    text = doc.masked
    if low in cx.NEEDS_CLAUSE and _PREP_NEXT_RE.match(text[m.end() : m.end() + 6]):
        return None
    if low in cx.FINDING_FORMS and _AUX_AFTER_CUE_RE.match(text, m.end()):
        return None  # "the one they found could have been used": a relative clause, no report
    if (
        low.endswith("ed")
        and _BY_NEXT_RE.match(text, m.end())
        and not _PASSIVE_BEFORE_RE.search(before[-16:])
    ):
        return None  # "the figures reported by the agency show …": a participle, no one reports
    if (
        (low.endswith("ed") or low in _IRREGULAR_PARTICIPLES)
        and low != "quoted"  # "Smith was quoted as saying": Smith is the speaker
        and _PASSIVE_SAYING_BEFORE_RE.search(before[-40:])
    ):
        return None  # "Smith was told by the mayor that …", "the story is told not by …": a passive
    if (
        low in _MAKES_OBJECT_FORMS
        and not _MAKES_OBJECT_NEXT_RE.match(text, m.end())
        and not _TRAILING_COMMA_OR_QUOTE_RE.search(before)  # "…,” wrote the group's lawyer"
    ):
        return None  # "He wrote handbooks for the GURPS systems": he made them, he reported nothing
    if low in _ACCUSE_FORMS and not _ACCUSE_NEXT_RE.match(text, m.end()):
        return None  # "arrested and charged", "charged with murder": not a charge made in words
    if (
        low in _ASK_FORMS
        and not _ASKED_NEXT_RE.match(text[m.end() : m.end() + 10])
        and not _ASKED_TO_RE.match(text, m.end(), unit.end)
    ):
        return None  # "officials who asked not to be named", "asked for help": not a question put
    if (
        low.endswith("ing")
        and _GERUND_AFTER_RE.search(before[-12:])
        and _BARE_END_RE.match(text, m.end())
    ):
        return None  # "opened fire without warning.": a gerund with nothing said after it
    # Participles continue the main clause's subject: "…, adding that …".
    if (
        low in cx.PARTICIPLE_FORMS
        and (
            _TRAILING_COMMA_OR_QUOTE_RE.search(before)
            or (low in cx.SPEECH_GERUNDS and _GERUND_AFTER_RE.search(before[-12:]))
        )
    ) or _AND_BUT_BEFORE_RE.search(
        before
    ):  # ", adding that …", "began by saying …", "X promised … and said …": the clause's subject
        attr = Attribution(None, None, cue=word, cue_span=(m.start(), m.end()))
        return CueHit(m.start(), m.end(), word, attr)
    progressive = bool(_PROGRESSIVE_RE.search(before[-20:]))  # "the White House is saying"
    if low.endswith("ing") and low in cx.PARTICIPLE_FORMS and not progressive:
        if not _QUOTE_NEXT_RE.match(text[m.end() : m.end() + 4]):
            return None
        sub = subject_before(doc, unit.start, m.start())
        if sub is None or sub[0] is None or sub[0].type != "person":
            return None
        attr = Attribution(sub[0], sub[1], cue=word, cue_span=(m.start(), m.end()))
        return CueHit(m.start(), m.end(), word, attr)
    # Inverted: "…,” said Abrams." / "…, says John Smith, a spokesman." A subject with an
    # apposition before the cue wins ("Erin Murphy, a former aide, said McConnell's trip …").
    if _INVERTED_CUE_BEFORE_RE.search(before) and not _THAT_OR_COMMA_NEXT_RE.match(
        text[m.end() : m.end() + 6]
    ):
        sub = subject_before(doc, unit.start, m.start()) if before.rstrip().endswith(",") else None
        if sub is not None and sub[0] is not None and sub[0].type == "person":
            speaker, mention, kind = sub
            attr = Attribution(
                speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind
            )
            return CueHit(m.start(), m.end(), word, attr)
        np_end = phrase_end(doc, m.end(), unit.end)
        np_words = text[m.end() : np_end].split()
        inverted_ok = (
            low in _INVERTING_FORMS
            or (
                before.rstrip(" ,").endswith(MASK)
                and _speech_before(doc, m.start() - (len(before) - len(before.rstrip(" ,"))))
            )
            or not before.strip()
        )
        pronoun_object = (
            len(np_words) == 1
            and np_words[0].lower() in ("it", "he", "she", "they", "we")
            and not _BARE_END_RE.match(text, np_end)
        )  # "The company, in a statement, said it “remains …”": the clause's subject, not inverted
        if (
            inverted_ok  # "The letter, signed by …, urged the administration …" is not inverted
            and not pronoun_object
            and np_end > m.end()
            and len(np_words) <= 10
            and not (_FINITE_VERBS & set(np_words))
        ):
            speaker, mention, kind = resolve_np(doc, m.end(), np_end)
            if speaker is None and kind is None:
                one = _ONE_PERSON_RE.fullmatch(text, m.end(), np_end)
                if one is not None:
                    # "said one trader, who asked not to be named": an unnamed person
                    phrase = text[one.start(1) : one.end(1)]
                    speaker = doc.names.group_entity(phrase, "group", one.start(1))
                    mention, kind = one.span(1), "anonymous"
            named = apposed_name(doc, np_end, unit.end)
            if named is not None and (speaker is None or speaker.type != "person" or kind is None):
                # "said a spokesman for Acme Corp, John Smith." / "said Lopez's lawyer, Mark Geragos."
                if np_words[-1].lower().strip(".,") in _APPOSED_ROLE_HEADS or (
                    speaker is not None and speaker.type != "person"
                ) or "’s" in text[m.end() : np_end] or "'s" in text[m.end() : np_end]:
                    speaker, mention, kind = named.entity, (named.start, named.end), None
            if speaker is not None or kind is not None:
                attr = Attribution(
                    speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind
                )
                return CueHit(m.start(), m.end(), word, attr, subject_after=True)
    sub = subject_before(doc, unit.start, m.start())
    if sub is None:
        return _unresolved_subject(doc, unit, m, word, low)
    speaker, mention, kind = sub
    if mention and doc.text[mention[0] : mention[1]].split(maxsplit=1)[0].lower() in cx.CUE_FORMS:
        return None  # "Lyle said the group would ask a court …": the phrase is another cue's clause
    if low in cx.FINDING_FORMS and not (kind == "document" or (speaker and speaker.type != "person")):
        return None
    if low in cx.FINDING_FORMS and _PASSIVE_BEFORE_RE.search(before[-16:]):
        return None  # "where it was found": a passive, not a finding anyone reports
    attr = Attribution(speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind)
    if mention and speaker is not None:
        _possessive_document(doc, attr, mention)
    return CueHit(m.start(), m.end(), word, attr)


def _unresolved_subject(doc: Doc, unit: Unit, m: re.Match[str], word: str, low: str) -> CueHit | None:
    """ "the ad's narrator says …", "human rights groups warned that …", "the book said": a verb
    of saying after a short noun phrase the resolver does not know. The statement is reported
    with the phrase as written as its source (``basis="unresolved"``); quotations do not take
    their speaker from it (the engine's other evidence for a quotation's speaker is better)."""
    if low not in _FALLBACK_FORMS:
        return None
    text = doc.masked
    end = m.start()
    while True:  # "has also said", "often said"
        lw = _LAST_WORD_RE.search(text, max(unit.start, end - 30), end)
        if lw is None or not (lw.group(1).lower() in _AUX_WORDS or lw.group(1).lower() in _FALLBACK_SKIP):
            break
        if lw.group(1).lower() in _BE_FORMS:
            return None  # "a curfew was announced": a passive
        end = lw.start(1)
    while end > unit.start and text[end - 1].isspace():
        end -= 1
    if end <= unit.start or (low in ("added", "adds") and not _ADDED_NEXT_RE.match(text, m.end())):
        return None  # "The state had added a week": not speech
    if text[end - 1] == ",":
        # "Others, including the employers' federation, argued …", "Relatives of the victims,
        # who had gathered outside, said …": the phrase before the parenthetical
        pm = _PAREN_SUBJECT_RE.fullmatch(text, unit.start, end)
        if pm is None:
            return None
        end = pm.end(1)
    start = phrase_start(doc, unit.start, end)
    if _RELATIVE_OBJECT_BEFORE_RE.search(text, max(unit.start, start - 8), start):
        return None  # "which state media claimed [now allows …]": the object is the relative
    phrase = text[start:end]
    words = phrase.split()
    if not 1 <= len(words) <= 6 or MASK in phrase or any(c in phrase for c in ",;:()\"“”"):
        return None
    first, last = words[0].lower(), words[-1].lower().strip("’'.")
    if (
        first in lx.PRONOUNS
        or first in _WH_WORDS
        or "n’t" in phrase
        or "n't" in phrase
        or first in _FALLBACK_BAD_FIRST
        or last in _FALLBACK_BAD_LAST
        or not last.isalpha()
        or last.endswith("ly")
        or doc.text[end - 1 : end] in "’'"
    ):
        return None
    found = unresolved_source(doc, start, end)
    if found is None:
        return None
    speaker, mention, kind = found
    attr = Attribution(
        speaker, mention, cue=word, cue_span=(m.start(), m.end()), source_kind=kind, basis="unresolved"
    )
    return CueHit(m.start(), m.end(), word, attr)


def _speech_before(doc: Doc, outer_end: int) -> bool:
    """Is the quotation closing at ``outer_end`` someone's words (not a title: headlined “A
    Dangerous Precedent,” criticized …)?"""
    k = bisect.bisect_left(doc.top_ends, outer_end)
    if k < len(doc.top_ends) and doc.top_ends[k] == outer_end:
        q = doc.tops_by_end[k]
        return not q.title
    return True


def _possessive_document(doc: Doc, attr: Attribution, mention: tuple[int, int]) -> None:
    """ "Bachelet’s report said": speaker Bachelet, channel "Bachelet’s report"."""
    phrase = doc.text[mention[0] : mention[1]]
    m = _POSSESSIVE_HEAD_RE.match(phrase)
    if m and m.group(2).lower() in lx.DOCUMENT_NOUNS:
        attr.channel = phrase
        doc = doc.names.group_entity(phrase, "document", mention[0])
        doc.used = True
        attr.channel_entity = doc


class CueScanner:
    """Every cue of an article, found once (one pass for each kind of cue over the masked text);
    :meth:`cues_in` gives a clause unit its share, with sources and contents."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        masked, words = doc.masked, doc.words
        self._quoted_as_all = words.finditer(cx.QUOTED_AS_RE, cx.QUOTED_AS_FIRST, masked)
        self._according_all = words.finditer(cx.ACCORDING_TO_RE, cx.ACCORDING_TO_FIRST, masked)
        self._cues_all = words.finditer(cx.CUE_RE, cx.CUE_FIRST_WORDS, masked)
        # Headlines in Title Case capitalise the cue too: "…, Former White House Doctor Says"
        for line in _HEADLINE_LINE_RE.finditer(masked, 0, min(len(masked), 400)):
            if is_title_case(line.group()):
                for cm in _CUE_TITLE_RE.finditer(masked, line.start(), line.end()):
                    if cm.group()[:1].isupper():
                        self._cues_all.append(cm)
                self._cues_all.sort(key=lambda c: c.start())
        self._cue_starts = [m.start() for m in self._cues_all]
        self._quoted_as_starts = [m.start() for m in self._quoted_as_all]
        self._according_starts = [m.start() for m in self._according_all]

    def cues_in(self, unit: Unit) -> list[CueHit]:
        """The cues of ``unit``, in text order, with their sources and contents (also kept as
        ``unit.cues``)."""
        doc = self.doc
        hits: list[CueHit] = []
        m_text = doc.masked
        taken: list[tuple[int, int]] = []
        # "the New York Times quoted him as saying": the channel quotes the speaker.
        # Each list is in text order: bisect to the unit's share instead of scanning the article.
        lo = bisect.bisect_left(self._quoted_as_starts, unit.start)
        hi = bisect.bisect_left(self._quoted_as_starts, unit.end)
        for m in self._quoted_as_all[lo:hi]:
            hit = quoted_as(doc, unit, m)
            if hit:
                hits.append(hit)
                taken.append((m.start(), m.end()))
        lo = bisect.bisect_left(self._according_starts, unit.start)
        hi = bisect.bisect_left(self._according_starts, unit.end)
        for m in self._according_all[lo:hi]:
            if m.group().lower().startswith("per") and not _UPPER_NEXT_RE.match(
                m_text[m.end() : m.end() + 2]
            ):
                continue
            hit = according_to(doc, unit, m)
            if hit:
                hits.append(hit)
                taken.append((m.start(), hit.end))  # "according to a … report": not the verb "report"
        lo = bisect.bisect_left(self._cue_starts, unit.start)
        hi = bisect.bisect_left(self._cue_starts, unit.end)
        taken_index = Intervals(taken)  # a long sentence of "according to"s: no scan per cue
        for m in self._cues_all[lo:hi]:
            if m.end() > unit.end:
                continue
            if taken_index.covers(m.start()):
                continue
            hit = verb_cue(doc, unit, m)
            if hit:
                hits.append(hit)
        hits.sort(key=lambda h: h.start)
        fill_contents(doc, unit, hits)
        unit.cues = hits
        return hits
