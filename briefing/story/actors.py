"""Actors merged across the articles of a story.

Two actors are one when they share a full name (two words or more, accents and case folded), or,
for an organisation, its name ("NASA"). A bare surname ("Noem") joins the one person of the story
whose full name ends with it; when two people share it ("Clinton": Bill and Hillary), it joins
neither and is shown as "Clinton (unresolved)". A person an article only describes ("the
governor") joins the one person of the story whose role says the same ("South Dakota Gov. Kristi
Noem"); if two people hold such a role, or none, it stays apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from briefing.schema import Actor, ActorInArticle, StoryActor, StoryArticle

_WORD_RE = re.compile(r"[^\W_]+")


def normalise(name: str) -> str:
    """Case and accents folded, punctuation out: "Nicolás Maduro" -> "nicolas maduro"."""
    bare = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return " ".join(_WORD_RE.findall(bare.casefold()))


class Clusters:
    """Union-find over item indexes: which items are one (actors here, quotes in story.quotes)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


Key = tuple[str, str]  # (article id, actor id in that article)


def merge_actors(
    articles: list[StoryArticle], mentions: dict[Key, int], heard: dict[Key, tuple[int, int]]
) -> tuple[list[StoryActor], dict[Key, str]]:
    """The story's actors, and for each (article id, actor id) the story actor id it belongs to.
    ``mentions`` and ``heard`` give, per (article id, actor id), how often the actor is named, and
    (quotes, quoted words) credited to it."""
    entries: list[tuple[str, Actor]] = [(a.id, actor) for a in articles for actor in a.briefing.actors]
    names = [{normalise(n) for n in (actor.name, *actor.aliases) if normalise(n)} for _, actor in entries]
    clusters = Clusters(len(entries))
    owner: dict[str, int] = {}  # a full name (or an organisation's name) -> the first entry with it
    for i, (_, actor) in enumerate(entries):
        for name in names[i]:
            if len(name.split()) >= 2 or actor.type != "person":
                if name in owner and _compatible(entries[owner[name]][1], actor):
                    clusters.join(i, owner[name])
                else:
                    owner.setdefault(name, i)
    # a bare surname: the one person of the story whose full name ends with it, else unresolved
    full_by_surname: dict[str, set[int]] = {}
    for i, (_, actor) in enumerate(entries):
        if actor.type == "person":
            for name in names[i]:
                words = name.split()
                if len(words) >= 2:
                    full_by_surname.setdefault(words[-1], set()).add(clusters.find(i))
    unresolved: set[int] = set()
    for i, (_, actor) in enumerate(entries):
        if actor.type != "person" or any(len(n.split()) >= 2 for n in names[i]):
            continue
        people = {clusters.find(j) for j in full_by_surname.get(normalise(actor.name), set())}
        if len(people) == 1:
            clusters.join(i, next(iter(people)))
        elif len(people) > 1:
            unresolved.add(i)
    # a person the article only describes ("the governor") joins the one person of the story whose
    # role says the same ("South Dakota Gov."); with two such people, or none, it stays apart
    for i, (_, actor) in enumerate(entries):
        if actor.type != "person" or i in unresolved or not actor.name[:1].islower():
            continue
        head = _role_word(normalise(actor.name).split()[-1] if normalise(actor.name) else "")
        if not head:
            continue
        holders = {
            clusters.find(j)
            for j, (_, other) in enumerate(entries)
            if j != i and other.type == "person" and other.role and not other.name[:1].islower()
            and head in {_role_word(w) for w in normalise(other.role).split()}
        }
        if len(holders) == 1:
            clusters.join(i, next(iter(holders)))
    groups: dict[int, list[int]] = {}
    for i in range(len(entries)):
        groups.setdefault(-1 - i if i in unresolved else clusters.find(i), []).append(i)
    story_actors: list[StoryActor] = []
    member_of: dict[tuple[str, str], str] = {}
    def quotes_of(group: list[int]) -> int:
        return sum(heard.get((entries[i][0], entries[i][1].id), (0, 0))[0] for i in group)

    order = sorted(groups.values(), key=lambda g: (-quotes_of(g), min(g)))
    for group in order:
        sid = f"SA{len(story_actors) + 1}"
        first = entries[group[0]][1]
        is_unresolved = group[0] in unresolved
        name = max((entries[i][1].name for i in group), key=lambda n: (len(n.split()), len(n)))
        kind = Counter(entries[i][1].type for i in group).most_common(1)[0][0]
        story_actors.append(
            StoryActor(
                id=sid,
                name=f"{first.name} (unresolved)" if is_unresolved else name,
                type=kind,
                unresolved=is_unresolved,
                articles=[
                    ActorInArticle(
                        article_id=entries[i][0],
                        actor_id=entries[i][1].id,
                        name=entries[i][1].name,
                        mentions=mentions.get((entries[i][0], entries[i][1].id), 0),
                        quotes=heard.get((entries[i][0], entries[i][1].id), (0, 0))[0],
                        quoted_words=heard.get((entries[i][0], entries[i][1].id), (0, 0))[1],
                    )
                    for i in group
                ],
            )
        )
        for i in group:
            member_of[(entries[i][0], entries[i][1].id)] = sid
    return story_actors, member_of


_ROLE_WORDS = {
    "gov": "governor", "sen": "senator", "rep": "representative", "pres": "president", "gen": "general",
    "sec": "secretary", "amb": "ambassador", "atty": "attorney", "supt": "superintendent",
}
_NOT_ROLES = frozenset({"the", "a", "an", "of", "for", "and", "former", "new", "state", "city"})


def _role_word(word: str) -> str:
    """A role's word with its abbreviation spelled out ("gov" -> "governor"); '' for a word that
    names no role ("the", "of")."""
    word = _ROLE_WORDS.get(word, word)
    return "" if word in _NOT_ROLES or len(word) < 3 else word


def _compatible(a: Actor, b: Actor) -> bool:
    """A person and an organisation of the same name are not one actor."""
    return (a.type == "person") == (b.type == "person")
