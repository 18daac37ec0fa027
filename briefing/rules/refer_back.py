"""Descriptions that point back: "the senator", "the clip", "who", "the fund", offices and roles
("China’s ambassador to Britain": the person the article names after the same role).

The actor a definite description or a relative pronoun refers to is one named before it: the last
person holding the office, the author of the document of that kind, the antecedent of "who".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.rules.names import Entity, has_word

if TYPE_CHECKING:
    from briefing.rules.doc import Doc

_DOC_OWNER_REACH = 1500  # characters
# A document introduced before (not itself "the …"), perhaps with its author: "a web video by the
# Republican National Committee", "a new campaign ad". Group 1: the noun; group 2: the author's start.
_DOC_INTRO_RE = re.compile(
    r"(?<![Tt]he )(?<![Tt]his )(?<![Tt]hat )\b(ad|advert|advertisement|clip|video|spot|commercial|film|"
    r"letter|memo|report|study|book|statement)s?\b(?:\s+(?:\w+\s+){0,2}?(?:by|from)\s+(?:the\s+)?([A-Z]))?"
)
# "Big Machine Records issued a statement that …": whoever issued it owns "the statement".
_ISSUED_RE = re.compile(
    r"\b(?:issued|released|put\s+out|published|posted|shared|sent|distributed)\s+(?:a|an)\s+"
    r"(?:[\w-]+\s+){0,2}?(ad|video|clip|letter|memo|report|study|statement)\b"
)
# Nouns that may name the same document: "a web video …. The clip says …".
_DOC_FAMILIES = {
    **dict.fromkeys("ad advert advertisement clip video spot commercial film".split(), "video"),
    **dict.fromkeys("letter memo".split(), "letter"),
    **dict.fromkeys("report study".split(), "report"),
    "book": "book",
    "statement": "statement",
}
_ROLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president",
    "gen": "general", "amb": "ambassador", "atty": "attorney", "sec": "secretary",
}
_OFFICE_WORDS = frozenset(
    "senator representative congressman congresswoman governor president mayor minister secretary "
    "ambassador judge general chancellor premier chairman chairwoman".split()
)
# Occupations a role may name instead: "Katharine Hayhoe, a climate scientist" is not "the mayor".
_OCCUPATION_WORDS = frozenset(
    "scientist professor researcher economist analyst doctor physician nurse lawyer attorney teacher "
    "coordinator activist author writer journalist reporter student farmer engineer historian "
    "executive founder owner actor actress singer artist coach player".split()
)


def headline_person(doc: Doc, pos: int) -> Entity | None:
    """ "Central bank chief says rates will stay high" as the headline: the first person the
    story's opening paragraph names ("The governor of the Bank of Velda, Rosa Ilves, said …")."""
    line_end = doc.text.find("\n", 0, 400)
    if line_end < 0 or pos > line_end:
        return None
    body = line_end + 1
    while body < len(doc.text) and doc.text[body] == "\n":
        body += 1
    para_end = doc.text.find("\n", body)
    para_end = len(doc.text) if para_end < 0 else para_end
    for mm in doc.names.mentions_between(body, min(para_end, body + 600)):
        if mm.entity.type == "person":
            return mm.entity
    return None


def document_owner_before(doc: Doc, pos: int, noun: str) -> Entity | None:
    """The author of the document "the clip" or "the statement" (``noun``) refers back to: the last
    one of its kind introduced before ``pos``, within a few paragraphs, when it was named "by" or
    "from" someone ("a web video by the Republican National Committee"), or issued by someone
    ("Big Machine Records issued a statement"); None when that one has no author."""
    family = _DOC_FAMILIES.get(noun.lower())
    lo = max(0, pos - _DOC_OWNER_REACH)
    found: tuple[int, Entity] | None = None
    for m in _DOC_INTRO_RE.finditer(doc.masked, lo, pos):
        if _DOC_FAMILIES.get(m.group(1).lower()) == family:
            owner = None
            if m.group(2) is not None:
                mentions = doc.names.mentions_between(m.start(2), m.start(2) + 80)
                owner = mentions[0].entity if mentions and mentions[0].start == m.start(2) else None
            found = (m.start(), owner) if owner is not None else None
    for m in _ISSUED_RE.finditer(doc.masked, lo, pos):
        if _DOC_FAMILIES.get(m.group(1).lower()) == family and (found is None or m.start() > found[0]):
            owner = _subject_before(doc, m.start())
            found = (m.start(), owner) if owner is not None else None
    # "The company denied the allegations in a statement": whoever spoke through one
    for unit in doc.units:
        if unit.start >= pos:
            break
        for h in unit.cues:
            a = h.attribution
            if (
                lo <= h.start < pos
                and a.speaker is not None
                and a.speaker.type != "document"
                and a.channel
                and family in a.channel.lower()
                and (found is None or h.start > found[0])
            ):
                found = (h.start, a.speaker)
    return found[1] if found else None


def _subject_before(doc: Doc, pos: int) -> Entity | None:
    """The actor named last before ``pos`` in its sentence, outside quotations."""
    start = max(doc.text.rfind(". ", 0, pos), doc.text.rfind("\n", 0, pos)) + 1
    mentions = [
        mm
        for mm in doc.names.mentions_between(start, pos)
        if doc.names.quote_of.get(mm.start) is None and mm.entity.type != "group"
    ]
    return mentions[-1].entity if mentions else None


def common_word(doc: Doc, low: str) -> bool:
    """Is ``low`` written in lower case elsewhere in the article (a common word capitalised at
    the start of a sentence, not a name)?"""
    return doc.names.name_entity_known(low) is None and has_word(doc.text, low)


def titled_person(doc: Doc, title: str, pos: int) -> Entity | None:
    best = None
    for ent in doc.names.entities:
        if ent.type == "person" and ent.role and ent.first < pos and same_office(ent.role, title):
            best = ent if best is None or ent.first > best.first else best
    return best or None


def antecedent_of_relative(doc: Doc, pos: int, pronoun: str = "who", strict: bool = False) -> Entity | None:
    """ "McConnell, now the Senate majority leader, who said …": the last person named before
    "who"; "the Chicago Police Department, which reported …": the last body before "which"
    (``strict``: no other antecedent will do)."""
    mentions = doc.names.mentions_between(max(0, pos - 80), pos)
    person = pronoun == "who"
    fit = [mm for mm in mentions if (mm.entity.type == "person") == person]
    if fit:
        return fit[-1].entity
    if strict:
        return None
    return mentions[-1].entity if mentions else None


def head_noun(name: str) -> str:
    """The head noun of a body's name: "fund" (International Monetary Fund), "commission"
    (Commission on Presidential Debates), "department" (Department of Justice)."""
    words = name.lower().split(" (")[0].split()  # "International Monetary Fund (IMF)"
    for i, w in enumerate(words[1:], 1):
        if w in ("of", "on", "for"):
            return words[i - 1]
    return words[-1]


def _offices(role: str) -> set[str]:
    return {_ROLE_ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+", role.lower())}


def same_office(role: str, title: str) -> bool:
    """Does ``role`` ("Sen.", "the state's senior senator") hold ``title`` ("senator")?"""
    return title in role.lower() or title in _offices(role)


def other_office(role: str | None, head: str) -> bool:
    """Does ``role`` name an office other than ``head`` ("Sen." for "the governor")?"""
    if not role or head not in _OFFICE_WORDS:
        return False
    offices = _offices(role) & (_OFFICE_WORDS | _OCCUPATION_WORDS)
    return bool(offices) and head not in offices


# "<role> to/on <complement>": the complement is where the role points, not who speaks
ROLE_COMPLEMENT_RE = re.compile(r"\b([A-Za-z-]+)\s+(?:to|on)\s+(?:the\s+)?$")


def named_holder(doc: Doc, phrase: str, start: int) -> Entity | None:
    """The person the article names right after the same role phrase elsewhere ("China’s
    ambassador to Britain Liu Xiaming"), or None."""
    for found in re.finditer(re.escape(phrase), doc.text):
        if found.start() == start:
            continue
        after = found.end()
        for mention in doc.names.mentions_between(after, after + 80):
            if mention.start - after <= 3 and mention.entity.type == "person":
                return mention.entity
    return None
