"""What a pronoun or a description points to: he, she, they, "the senator".

He/she goes to the most recent gender-compatible person who spoke or opened a sentence, else the
most recent compatible person; they/it to the most recent organisation-like actor. The registry's
record of attributed statements (``speakers``) is what "spoke" means here.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from briefing.rules import lexicon as lx
from briefing.rules.name_context import introduced
from briefing.rules.names import Entity, plausible_person

if TYPE_CHECKING:
    from briefing.rules.names import Mention


_SPEAKER_LOOKBACK = 200
_BODIES = frozenset(("organization", "government", "media", "group"))
_SURE_GENDER_REACH = 150


class PronounResolution:
    """Pronoun resolution over a registry's mentions and speakers (mixed into ``Registry``)."""

    text: str
    mentions: list[Mention]
    _positions: list[int]

    def resolve_pronoun(self, pronoun: str, pos: int) -> Entity | None:
        """The entity a pronoun at ``pos`` most likely refers to.

        He/she: the most recent gender-compatible person who spoke or was the subject of a clause,
        else the most recent compatible person ("they-person": any person, for a description such
        as "the senator"). They/it: the most recent organisation-like actor.
        """
        p = pronoun.lower()
        if p in lx.PRONOUNS_MALE or p in lx.PRONOUNS_FEMALE or p == "they-person":
            want = "m" if p in lx.PRONOUNS_MALE else "f" if p in lx.PRONOUNS_FEMALE else None
            found = self._resolve_person(want, pos, exact=False)
            if (
                want is not None
                and found is not None
                and found[1].gender is None
                and not found[1].used
                and not found[1].role
            ):
                # "Bombs may not be falling. … What Mr. Obama has seen …": a name known to be a
                # man (or a woman) nearby beats one of unknown gender that never spoke
                sure = self._resolve_person(want, pos, exact=True)
                if sure is not None and sure[0] >= found[0] - _SURE_GENDER_REACH:
                    return sure[1]
            return found[1] if found else None
        if p in lx.PRONOUNS_PLURAL or p in lx.PRONOUNS_IT:
            bodies = _BODIES if p in lx.PRONOUNS_PLURAL else _BODIES - {"group"}  # "it": not "critics"
            found = self._most_salient(lambda e: e.type in bodies, pos)
            if p in lx.PRONOUNS_PLURAL:
                # "The researchers note …. They note …": a group that spoke since is more likely
                # "they" than a country named in passing ("institutions in The Netherlands").
                earlier = self.speakers.irange_key(max_key=pos, inclusive=(True, False), reverse=True)
                for off, ent in itertools.islice(earlier, _SPEAKER_LOOKBACK):
                    if ent.type == "group" and (found is None or off > found[0]):
                        found = (off, ent)
                        break
            return found[1] if found else None
        return None

    def _resolve_person(self, want: str | None, pos: int, exact: bool) -> tuple[int, Entity] | None:
        """(offset, person) a he/she/"the senator" at ``pos`` points to: see resolve_pronoun.
        ``exact``: only persons known to be of gender ``want``."""
        ok = (want,) if exact else (None, want)
        return self._most_salient(lambda e: e.type == "person" and (want is None or e.gender in ok), pos)

    def _most_salient(self, fits: Callable[[Entity], bool], pos: int) -> tuple[int, Entity] | None:
        """(offset, entity): the actor that ``fits`` and that a reader at ``pos`` has most in mind."""
        # Candidates (offset, entity, strength): 2 = spoke or opens a sentence, 1 = subject of
        # a clause, 0 = other. Only the latest compatible one of each kind decides, so the
        # mentions are read backwards over a window and the speakers backwards from ``pos``
        # (a bounded look-back: a pronoun does not reach over hundreds of statements). At equal
        # offsets a speaker counts as later than a mention.
        strong: tuple[int, int, Entity] | None = None  # (offset, 1 if speaker else 0, entity)
        weak: tuple[int, int, Entity] | None = None
        latest: tuple[int, int, Entity] | None = None
        i = bisect.bisect_left(self._positions, pos)
        quote_of = self.quote_of
        inside = self.quoted.first_containing(pos) if quote_of else None
        for mm in reversed(self.mentions[max(0, i - 40) : i]):
            ent = mm.entity
            if not fits(ent):
                continue
            if quote_of and quote_of.get(mm.start, inside) != inside:
                continue
            strength = 2 if mm.initial else 1 if mm.subject else 0
            if strength < 2 and mm.start == ent.first and introduced(self.text, mm.end):
                strength = 2  # "…, Henry Crespo, president of the caucus." ¶ “…,” he said.
            if strength != 2 and ent.type == "person" and not plausible_person(ent):
                continue
            if latest is None:
                latest = (mm.start, 0, ent)
            if strength == 2 and strong is None:
                strong = (mm.start, 0, ent)
            elif strength == 1 and weak is None:
                weak = (mm.start, 0, ent)
            if strong is not None and weak is not None:
                break
        earlier = self.speakers.irange_key(max_key=pos, inclusive=(True, False), reverse=True)
        for off, ent in itertools.islice(earlier, _SPEAKER_LOOKBACK):
            if fits(ent):
                cand = (off, 1, ent)
                if strong is None or cand[:2] > strong[:2]:
                    strong = cand
                if latest is None or cand[:2] > latest[:2]:
                    latest = cand
                break
        if latest is None:
            return None
        # An embedded subject ("Trump said [Putin] would …") does not outrank the speaker
        # or the sentence's subject unless it is much more recent.
        if strong and (not weak or weak[0] - strong[0] < 400):
            return strong[0], strong[2]
        if weak:
            return weak[0], weak[2]
        return latest[0], latest[2]

    def most_recent(self, kind: str, pos: int) -> Entity | None:
        """The most recently mentioned entity of ``kind`` before ``pos``."""
        i = bisect.bisect_left(self._positions, pos)
        for mm in reversed(self.mentions[:i]):
            if mm.entity.type == kind:
                return mm.entity
        for _off, ent in self.speakers.irange_key(max_key=pos, inclusive=(True, False), reverse=True):
            if ent.type == kind:
                return ent
        return None

    def last_speaker_before(self, pos: int) -> Entity | None:
        """Who made the last attributed statement before ``pos``."""
        for _off, ent in self.speakers.irange_key(max_key=pos, inclusive=(True, False), reverse=True):
            return ent
        return None

    def note_speaker(self, entity: Entity, pos: int) -> None:
        entity.used = True
        self.speakers.add((pos, entity))  # after any statement at the same offset

