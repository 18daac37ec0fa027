"""How sure the engine is of a speaker, and who else it could be.

A quote's confidence starts from the precision its attribution rule and the kind of mention it
rests on ("Abrams", "he", "the governor", or none: a quote carried over from the previous speaker)
have on annotated news, then is lowered by what makes this case doubtful:

- ``rival``: another actor of the right kind (a man for "he", a body for "it", …) is named in the
  same stretch of text, or named since the speaker was last seen; for a person described and not
  named ("the actor said"), someone named nearby that the description may be;
- ``gender unknown``: "he" or "she" resolved to someone whose gender the article does not show;
  ``no given name`` when the name has no given name or role either ("Tor", a publisher, for "she");
- ``far``: the speaker was last named or heard several sentences back, or a "he" or "the
  senator" has no antecedent at all (a source described where it speaks, "The mayor said", "a
  new poll shows", has none to be far from);
- ``weak antecedent``: "he" or "she" goes to a name met only in passing ("at her office at Tor"),
  not to someone who spoke or was the subject of a sentence nearby;
- ``owner unknown``: "the statement read" or "the letter says" where the article does not show
  whose statement or letter it is: the words are someone's, and the engine cannot say whose;
- ``passing mention`` (for a speaker found by resolving a mention): the speaker was named once and
  had not spoken, while a rival had (the minister named in passing who would otherwise take every
  "she said" of the woman the story is about).

The numbers live in ``confidence.json`` beside this module: ``benchmarks/calibration.py --write``
measures them on the dev gold. Below ``DEFAULT_MIN_CONFIDENCE`` (``--min-confidence``) a quote is
shown as "speaker unclear — needs review", with its candidates, and no speaker.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from briefing.rules import lexicon as lx
from briefing.rules.names import is_given_name
from briefing.rules.plausible import implausible_speaker
from briefing.text.quotes import paragraph_position

if TYPE_CHECKING:
    from briefing.rules.doc import Doc
    from briefing.rules.names import Entity
    from briefing.rules.units import Attribution

PERSON_KINDS = ("person",)
BODY_KINDS = ("organization", "government", "media", "group")
FAR = 700  # characters: about four sentences of news prose
WINDOW_PARAGRAPHS = 2  # paragraphs before the mention where rivals are looked for
WINDOW_CHARS = 5000  # … and no further back than this (three long news paragraphs)
_DETERMINERS = ("the ", "this ", "that ", "a ", "an ", "one ")
# An issued document referred back to ("the statement", "this letter"): its words are the issuer's.
_ISSUED_DOCUMENT_RE = re.compile(rf"(?:the|this|that)\s+(?:{'|'.join(sorted(lx.ISSUED_DOCUMENT_NOUNS))})")


@dataclass(frozen=True)
class Assessment:
    """The confidence of one quote's speaker, why it is not higher, and who else it could be."""

    confidence: float
    mention: str  # name | pronoun | description | as written | none
    doubts: tuple[str, ...] = ()
    rivals: tuple[Entity, ...] = ()  # other possible speakers, most recently seen first
    not_a_name: str | None = None  # why the speaker found is no name at all ("US state", …)


@functools.cache
def table() -> dict:
    """The calibrated numbers (``confidence.json``): base precision per rule and mention kind,
    factor per doubt, and the default threshold."""
    return json.loads(resources.files("briefing.rules").joinpath("confidence.json").read_text("utf-8"))


def default_min_confidence() -> float:
    return float(table()["min_confidence"])


def mention_kind(doc: Doc, a: Attribution) -> str:
    """How the quote's source is named: ``name`` ("Abrams", "The New York Post"), ``pronoun``
    ("he"), ``description`` (a description of an actor named elsewhere: "the senator" for Bob
    Smith), ``as written`` (a source the article describes and does not name: "a source familiar
    with the talks", "the 34-year-old mother of three"), or ``none`` (a quote carried over)."""
    if a.mention is None:
        return "none"
    words = doc.text[a.mention[0] : a.mention[1]].strip()
    low = words.lower()
    if low in lx.PRONOUNS or low.split("’")[0].split("'")[0] in lx.PRONOUNS:
        return "pronoun"
    if a.speaker is not None and _as_written(a.speaker):
        return "as written"
    if low.startswith(_DETERMINERS) or words[:1].islower():
        # "The New York Post" and "the special envoy Elliott Abrams" name someone; "The
        # 56-year-old" and "the Indiana governor" describe them
        last = words.split()[-1].strip("’'.,")
        return "name" if last[:1].isupper() else "description"
    if words[:1].isdigit():
        return "description"
    return "name"


class Assessor:
    """Assesses the speakers of one document's quotes, once its attribution is complete."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.heard: dict[int, list[int]] = {}  # id(entity) -> offsets where it spoke, in order
        for off, e in doc.names.speakers:
            self.heard.setdefault(id(e), []).append(off)
        self.numbers = table()
        self._named: dict[int, tuple[list[int], list[int]]] = {}  # see _named_at

    def _named_at(self, speaker: Entity) -> tuple[list[int], list[int]]:
        """Where ``speaker`` is named, sorted: every mention's start, and those outside quotations;
        built once per speaker, so each quote asks by bisection instead of reading them all."""
        found = self._named.get(id(speaker))
        if found is None:
            quote_of = self.doc.names.quote_of
            starts = sorted(start for start, _ in speaker.mentions)
            found = self._named[id(speaker)] = (starts, [s for s in starts if quote_of.get(s) is None])
        return found

    def assess(self, via: str, a: Attribution, quote_start: int) -> Assessment:
        """The confidence that ``a.speaker`` is right for a quote attributed by rule ``via``."""
        doc, speaker = self.doc, a.speaker
        kind = mention_kind(doc, a)
        said = doc.text[a.mention[0] : a.mention[1]].strip().lower() if a.mention else ""
        junk = _not_a_name(speaker) if speaker is not None else None
        if junk is not None:
            # "Eventually", "Newcastle Central", "MB": no one said it; who else it could be is kept
            fits = _compatible(said, kind, speaker)
            rivals = _rivals(doc, speaker, a.mention[0] if a.mention else quote_start, fits)
            return Assessment(0.0, kind, (f"not a name: {junk}",), tuple(rivals), junk)
        doubts: list[str] = []
        rivals: list[Entity] = []
        if speaker is not None:
            pos = a.mention[0] if a.mention is not None and kind != "name" else quote_start
            resolved = kind in ("pronoun", "description", "none")
            if resolved or (kind == "as written" and speaker.type != "group"):
                seen = self._last_seen(speaker, pos)
                # a quote carried over from the previous speaker: only those named since count
                since = seen if kind == "none" and seen is not None else None
                rivals = _rivals(doc, speaker, pos, _compatible(said, kind, speaker), since)
                if rivals:
                    doubts.append("rival")
                earlier = min(pos, quote_start)  # what was heard before this quote, not the quote itself
                spoke = any(self._spoke_before(r, earlier) for r in rivals)
                if resolved and rivals and spoke and self._passing(speaker, earlier):
                    # "she said" after a minister named once, while the woman the story is about
                    # has been speaking all along
                    doubts.append("passing mention")
                refers_back = resolved and not said.startswith(("a ", "an ", "one "))
                if (seen is None and refers_back) or (seen is not None and pos - seen > FAR):
                    # a source described where it speaks ("The mayor said", "A New York judge
                    # ruled") is not far from anything: it has no antecedent
                    doubts.append("far")
            if (
                kind == "as written"
                and speaker.type == "document"
                and _ISSUED_DOCUMENT_RE.fullmatch(said)
            ):
                # "“…,” the statement read." with no "X issued a statement" before it
                doubts.append("owner unknown")
            if kind == "pronoun" and not _salient(doc, speaker, pos, min(pos, quote_start)):
                # "at her office at Tor … “…,” she replied": the only name before "she" is one in
                # passing, not someone who spoke or was the subject of a sentence
                doubts.append("weak antecedent")
            if kind == "pronoun" and speaker.type == "person" and speaker.gender is None:
                if said in lx.PRONOUNS_MALE or said in lx.PRONOUNS_FEMALE:
                    # "Jo Walton" may be "he" or "she"; "Tor" (a publisher) or "Growing Up
                    # Weightless" (a book), made persons for want of other evidence, are neither
                    named = speaker.role or is_given_name(speaker.name.split()[0])
                    doubts.append("gender unknown" if named else "no given name")
        base, factors = self.numbers["base"], self.numbers["doubts"]
        confidence = base.get(f"{via}|{kind}", base.get(f"*|{kind}", self.numbers["prior"]))
        for doubt in doubts:
            confidence *= factors.get(f"{doubt}|{kind}", factors.get(doubt, 1.0))
        return Assessment(round(min(max(confidence, 0.0), 1.0), 3), kind, tuple(doubts), tuple(rivals))

    def _spoke_before(self, e: Entity, pos: int) -> bool:
        offsets = self.heard.get(id(e))
        return bool(offsets) and offsets[0] < pos

    def _passing(self, speaker: Entity, pos: int) -> bool:
        """Named once before ``pos`` and never heard before it."""
        named = bisect.bisect_left(self._named_at(speaker)[0], pos)
        return named <= 1 and not self._spoke_before(speaker, pos)

    def _last_seen(self, speaker: Entity, pos: int) -> int | None:
        """Where ``speaker`` was last named (outside quotations) or heard before ``pos``."""
        outside = self._named_at(speaker)[1]
        j = bisect.bisect_left(outside, pos)
        named = outside[j - 1] if j else None
        offsets = self.heard.get(id(speaker), [])
        k = bisect.bisect_left(offsets, pos)
        heard = offsets[k - 1] if k else None
        candidates = [x for x in (named, heard) if x is not None]
        return max(candidates) if candidates else None


def _compatible(said: str, kind: str, speaker: Entity):
    """Which other actors the mention (``said``: its words, lower-cased) could point to."""
    if kind == "pronoun" and said:
        if said in lx.PRONOUNS_MALE or said in lx.PRONOUNS_FEMALE:
            want = "m" if said in lx.PRONOUNS_MALE else "f"
            return lambda e: e.type == "person" and e.gender in (want, None)
        return lambda e: e.type in BODY_KINDS
    kinds = PERSON_KINDS if speaker.type == "person" else BODY_KINDS
    return lambda e: e.type in kinds


def _window_start(doc: Doc, pos: int) -> int:
    """The start of the stretch a reader keeps in mind at ``pos``: the paragraph holding it and the
    two before it, and at most :data:`WINDOW_CHARS` back (a text of one endless paragraph would
    otherwise be read from its start for every quote)."""
    paras = doc.paragraphs
    start = paras[max(0, paragraph_position(paras, pos) - WINDOW_PARAGRAPHS)].start if paras else 0
    return max(start, pos - WINDOW_CHARS)


def _rivals(doc: Doc, speaker: Entity, pos: int, fits, since: int | None = None) -> list[Entity]:
    """Actors other than ``speaker`` that ``fits`` accepts and that a reader has as much in mind in
    the window before ``pos`` (or after ``since``): they spoke there, or they open a sentence or are
    a clause's subject (outside quotations), most recent first. A name in passing ("a letter to
    Smith") is no rival."""
    names = doc.names
    lo = _window_start(doc, pos) if since is None else since + 1
    seen: dict[int, tuple[int, Entity]] = {}
    for mm in names.mentions_between(lo, pos):
        if names.quote_of.get(mm.start) is not None:
            continue  # a name inside someone's words
        e = mm.entity
        if e is not speaker and fits(e) and _plausible(e) and (mm.initial or mm.subject):
            seen[id(e)] = (mm.start, e)
    for off, e in names.speakers.irange_key(min_key=lo, max_key=pos, inclusive=(True, False)):
        if e is not speaker and fits(e) and _plausible(e):
            seen[id(e)] = (max(off, seen.get(id(e), (off, e))[0]), e)
    return [e for _, e in sorted(seen.values(), key=lambda t: -t[0])]


def _salient(doc: Doc, e: Entity, pos: int, before: int) -> bool:
    """Did ``e`` speak, open a sentence or head a clause (outside quotations) in the window before
    ``pos``, not counting the quote being attributed (from ``before`` on)?"""
    names = doc.names
    lo = _window_start(doc, pos)
    for mm in names.mentions_between(lo, before):
        if mm.entity is e and names.quote_of.get(mm.start) is None and (mm.initial or mm.subject):
            return True
    heard = names.speakers.irange_key(min_key=lo, max_key=before, inclusive=(True, False))
    return any(other is e for _, other in heard)


def _plausible(e: Entity) -> bool:
    return not _as_written(e) and _not_a_name(e) is None


# What the speaker check rejects of a name offered as one; a group described in the plural
# ("Republicans", "Authorities") is a source as written, not a wrong name.
_NOT_NAMES = frozenset(
    (
        "common English word",
        "US state",
        "place",
        "place and compass word (a constituency)",
        "place and place (a constituency)",
        "currency code",
        "file format",
        "unit, time-zone or role acronym",
    )
)


def _not_a_name(e: Entity) -> str | None:
    """Why a speaker that is offered as a name is none ("Eventually", "Texas", "KB"), or None.
    Descriptions kept as written ("a source familiar with the talks") are not names to begin with."""
    if _as_written(e) or not e.name[:1].isupper():
        first = e.name.split()[0].lower() if e.name.split() else ""
        if first in _PREPOSITIONS or (first.endswith("ed") and first in _VERB_FORMS):
            # "compared to 11% of Republican", "to the council": the words after a verb read as
            # its subject; a source as written is a noun phrase ("a source familiar with …")
            return "a verb or preposition, not a source"
        return None
    if e.type == "group":
        return None  # "Democrats say": a group described, at a sentence start
    reason = implausible_speaker(e.name)
    if reason == "common English word" and _PLURAL_RE.search(e.name):
        return None  # "Demonstrators", "Lawmakers": people described in the plural, not a name
    return reason if reason in _NOT_NAMES else None


_PLURAL_RE = re.compile(r"^[A-Z][a-z]+(?<![su])s$")
_VERB_FORMS = frozenset(form for verb in lx.VERBS.values() for form in verb)
_PREPOSITIONS = frozenset("to of for with by from at in on as than into onto about".split())


def _as_written(e: Entity) -> bool:
    """A source the article describes instead of naming ("a source familiar with the talks", "the
    actor", "The statement"): its name is the description, with no capitalised word after the
    first."""
    words = e.name.split()
    return bool(words) and (
        words[0][:1].islower() or words[0].lower() in ("the", "this", "that", "a", "an", "one")
    ) and not any(w[:1].isupper() for w in words[1:])
