"""The actor registry: who the article names, and under which names.

One pass over the text (``briefing.rules.name_scan``) finds the names and their roles; the registry
links surnames and honorific forms ("Abrams", "Mr. Obama") to the fullest name used, and acronyms
to the names they stand for. Roles are taken verbatim from the text, never made up. What the
pronouns point to is ``briefing.rules.coreference``.
"""

from __future__ import annotations

import bisect
import re

from sortedcontainers import SortedKeyList

from briefing.rules import lexicon as lx
from briefing.rules.coreference import PronounResolution
from briefing.rules.name_scan import scan_names
from briefing.rules.names import (
    POSSESSIVE_ENDINGS,
    Entity,
    Mention,
    classify_name,
    gender_of,
    initials,
    name_key,
    offset_of,
)
from briefing.text.intervals import Intervals

_TITLE_FORMS = lx.TITLES | {t.rstrip(".") for t in lx.TITLES}  # "sen." and "sen"
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")


class Registry(PronounResolution):
    """Names found in one article, linked into entities, with positions for pronoun resolution."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}
        self._surnames: dict[str, list[Entity]] = {}
        self.mentions: list[Mention] = []
        self._positions: list[int] = []
        # (offset, entity) of attributed statements, in offset order (ties in the order noted).
        # Statements are noted out of order (cues first, then quotations): a sorted container
        # keeps inserts O(log n) where a list insert made long articles quadratic.
        self.speakers: SortedKeyList = SortedKeyList(key=offset_of)
        # Quotations (outer spans): a name inside one is the speaker's words, not an antecedent
        # for a pronoun outside it ("“Taxes will not rise,” she added": not "Taxes").
        self.quoted: Intervals | None = None
        self.quote_of: dict[int, int] = {}  # mention start -> index of the quotation holding it
        self._acronyms = False  # an all-capitals name ("IMF") has been seen
        scan_names(self)

    def set_quotations(self, ranges: list[tuple[int, int]]) -> None:
        """Tell the registry where the article's quotations are (outer spans, any order)."""
        self.quoted = Intervals(ranges)
        self.quote_of = {}
        order = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
        k = 0
        for mm in self.mentions:  # both in offset order: one merge pass (quotations do not overlap)
            while k < len(order) and ranges[order[k]][1] <= mm.start:
                k += 1
            if k == len(order):
                break
            if ranges[order[k]][0] <= mm.start:
                self.quote_of[mm.start] = order[k]

    # ----- scanning ---------------------------------------------------------------------------


    # ----- linking ----------------------------------------------------------------------------
    def _entity_for(self, name: str, kind: str, *, start: int, title: str | None = None) -> Entity | None:
        key = name_key(name)
        if key in self._by_key:
            return self._by_key[key]
        tokens = name.split()
        if kind == "person":
            last = name_key(tokens[-1])
            if len(tokens) == 1:
                cands = self._surnames.get(last)
                if cands:
                    return self._nearest_before(cands, start)
                # A lone first name of a known person ("Hillary")
                for e in reversed(self.entities):
                    if e.type == "person" and name_key(e.name.split()[0]) == last and len(e.name.split()) > 1:
                        e.add_alias(name)
                        self._by_key[key] = e
                        return e
            else:
                # "Elliott Abrams" after "Abrams", "Bill de Blasio" after "De Blasio": upgrade the
                # existing entity (its name is the new name's surname, particles included).
                single = self._by_key.get(last)
                if single and single.type == "person" and len(single.name.split()) > 1:
                    if name_key(single.name).endswith(" " + key):
                        single.add_alias(name)  # "Van Der Beek" after "James Van Der Beek"
                        self._by_key[key] = single
                        return single
                    if not key.endswith(" " + name_key(single.name)):
                        single = None
                if single and single.type == "person":
                    single.add_alias(single.name)
                    single.name = name
                    self._by_key[key] = single
                    single.gender = single.gender or gender_of(tokens[0], title)
                    return single
        elif kind != "person":
            linked = self._acronym_link(name, tokens, key)
            if linked is not None:
                return linked
        entity = Entity(
            name=name,
            type=kind,
            first=start,
            gender=gender_of(tokens[0], title, given=len(tokens) > 1) if kind == "person" else None,
        )
        self.entities.append(entity)
        self._by_key[key] = entity
        if kind == "person":
            self._surnames.setdefault(name_key(tokens[-1]), []).append(entity)
            if len(tokens) > 1:
                self._by_key.setdefault(name_key(tokens[-1]), entity)
        return entity

    def _acronym_link(self, name: str, tokens: list[str], key: str) -> Entity | None:
        """ "IMF" and "International Monetary Fund" in one article are one body, named with both:
        "International Monetary Fund (IMF)" (whichever comes first)."""
        if len(tokens) == 1 and _ACRONYM_RE.fullmatch(name):
            self._acronyms = True
            for e in reversed(self.entities):
                if e.type != "person" and "(" not in e.name and initials(e.name) == name:
                    e.add_alias(name)
                    e.name = f"{e.name} ({name})"
                    self._by_key[key] = e
                    return e
            return None
        if not self._acronyms:
            return None  # no acronym named yet: nothing to link a long name to
        acronym = initials(name)
        if len(acronym) >= 2:
            e = self._by_key.get(name_key(acronym))
            if e is not None and e.type != "person" and e.name == acronym:
                e.name = f"{name} ({acronym})"
                e.add_alias(acronym)
                self._by_key[key] = e
                return e
        return None

    @staticmethod
    def _nearest_before(cands: list[Entity], start: int) -> Entity:
        before = [e for e in cands if e.first <= start]
        return before[-1] if before else cands[0]

    # ----- lookup -----------------------------------------------------------------------------
    def name_entity(self, name: str, start: int, kind: str | None = None) -> Entity:
        """The entity for a name found at ``start`` (creating it when new)."""
        name = " ".join(name.split())
        for p in POSSESSIVE_ENDINGS[:2]:
            name = name.removesuffix(p)
        tokens = name.split()
        title = None
        while len(tokens) > 1 and tokens[0].lower() in _TITLE_FORMS:
            title = tokens[0]
            tokens = tokens[1:]
        clean = " ".join(tokens)
        key = name_key(clean)
        if key in self._by_key:
            entity = self._by_key[key]
        else:
            entity = self._entity_for(clean, kind or classify_name(clean), start=start, title=title)
            assert entity is not None
        if clean != entity.name:
            entity.add_alias(clean)
        return entity

    def name_entity_known(self, name: str) -> Entity | None:
        """The entity already known under ``name``, if any (never creates one)."""
        return self._by_key.get(name_key(name))

    def group_entity(self, phrase: str, kind: str, start: int) -> Entity:
        """An unnamed source as written: "a source familiar with the talks", "officials"."""
        phrase = " ".join(phrase.split())
        key = "#" + phrase.lower()
        entity = self._by_key.get(key)
        if entity is None:
            entity = Entity(name=phrase, type=kind, first=start)
            self.entities.append(entity)
            self._by_key[key] = entity
        return entity


    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._positions, start)
        j = bisect.bisect_left(self._positions, end)
        return [m for m in self.mentions[i:j] if m.end <= end]
