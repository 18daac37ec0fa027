"""The rules engine's words, loaded once from ``lexicon.json`` beside this module.

**To add a word, edit lexicon.json**, not the patterns: titles, organisation heads, outlets,
companies, source nouns, pronouns, words that are never names, places, first names, party words,
the loaded terms with their neutral notes, and the verbs of saying and writing. Each verb lists its
forms ("say": "say", "says", "said", "saying"; multi-word forms such as "pointed out" or "according
to" are allowed) and each form its tags, which say what the engine's patterns take it for ("cue",
"finding", "can-invert", …; every tag is described under ``verb_tags``). The patterns are built
from the tags (:func:`forms`, :func:`alternation`), so a new form with the right tags is picked up
everywhere. ``tests/test_lexicon.py`` checks the file's structure.

Everything is a frozenset of lower-case strings unless noted. The file is read once, at import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from importlib import resources

_DATA = json.loads(resources.files("briefing.rules").joinpath("lexicon.json").read_text("utf-8"))

# Words that make a capitalised phrase a role rather than a name: "President", "High Commissioner".
TITLES = frozenset(_DATA["titles"])
# Titles that are honorifics only (not a role worth keeping) and carry gender ("m" or "f").
HONORIFIC_GENDER: dict[str, str] = dict(_DATA["honorific_gender"])
# Heads of organisation names ("Department", "Party") -> the actor type they make.
ORG_HEADS: dict[str, str] = {w: kind for kind, words in _DATA["org_heads"].items() for w in words}
# Well-known outlets (without a leading "the", mostly) and the generic heads of outlet names.
MEDIA_NAMES = frozenset(_DATA["media_names"])
MEDIA_HEADS = frozenset(_DATA["media_heads"])
# Companies often named alone ("Microsoft declined to comment"), so never taken for a person.
COMPANY_NAMES = frozenset(_DATA["company_names"])
# Nouns that name a document when they head the source: "the report said", "a study found".
DOCUMENT_NOUNS = frozenset(_DATA["document_nouns"])
# Documents someone issues or sends ("the statement", "the letter"): their words are the issuer's.
ISSUED_DOCUMENT_NOUNS = frozenset(_DATA["issued_document_nouns"])
# Nouns for anonymous sources ("a source familiar with", "officials who asked not to be named").
ANONYMOUS_NOUNS = frozenset(_DATA["anonymous_nouns"])
# Nouns for vague, unspecified groups ("critics say", "experts say", "many believe").
VAGUE_NOUNS = frozenset(_DATA["vague_nouns"])

_PRONOUNS = _DATA["pronouns"]
PRONOUNS_MALE = frozenset(_PRONOUNS["male"])
PRONOUNS_FEMALE = frozenset(_PRONOUNS["female"])
PRONOUNS_PLURAL = frozenset(_PRONOUNS["plural"])
PRONOUNS_IT = frozenset(_PRONOUNS["it"])
PRONOUNS_FIRST = frozenset(_PRONOUNS["first"])
PRONOUNS = frozenset(w for words in _PRONOUNS.values() for w in words)

# Capitalised words that begin sentences or sit in names but are not names.
NOT_NAMES = frozenset(_DATA["not_names"])
# Countries, regions and big cities, so that "Venezuela said" is a government, never a person.
PLACES = frozenset(_DATA["places"])
# First names by gender; names given to both are only in UNISEX_NAMES (their gender stays unknown).
UNISEX_NAMES = frozenset(_DATA["first_names"]["unisex"])
FEMALE_NAMES = frozenset(_DATA["first_names"]["female"]) - UNISEX_NAMES
MALE_NAMES = frozenset(_DATA["first_names"]["male"]) - FEMALE_NAMES - UNISEX_NAMES
# Party words: "Democratic", "Republicans" are a party or its members, never one person.
PARTY_WORDS = frozenset(_DATA["party_words"])

# Terms with a judgement built in, each with a neutral note (what the word does, not whether it
# is true) and where it is flagged: in the outlet's own voice (the rules engine's language notes),
# in the prose a model writes for the briefing (briefing/llm/neutral.py), or both. Words such as
# "gross" or "criminal" are plain in news ("adjusted gross income", "criminal charges") but have no
# place in the briefing's own voice, so they are flagged in model prose only.
LOADED_TERMS: dict[str, str] = {
    term: entry["note"] for term, entry in _DATA["loaded_terms"].items() if "outlet voice" in entry["flag in"]
}

# ---- Verbs of saying and writing
# Lemma -> form -> the form's tags.
VERBS: dict[str, dict[str, frozenset[str]]] = {
    lemma: {form: frozenset(tags) for form, tags in entry["forms"].items()}
    for lemma, entry in _DATA["verbs"].items()
}
VERB_TAGS: dict[str, str] = dict(_DATA["verb_tags"])


def _by_tag() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for verb in VERBS.values():
        for form, tags in verb.items():
            for tag in tags:
                out.setdefault(tag, set()).add(form)
    return {tag: frozenset(fs) for tag, fs in out.items()}


_FORMS_BY_TAG = _by_tag()


def forms(*tags: str) -> frozenset[str]:
    """The verb forms that carry any of ``tags`` ("cue", "finding", …; see ``VERB_TAGS``)."""
    for tag in tags:
        if tag not in VERB_TAGS:
            raise KeyError(f"unknown verb tag {tag!r}: describe it under verb_tags in lexicon.json")
    return frozenset(f for tag in tags for f in _FORMS_BY_TAG.get(tag, ()))


def forms_of(lemma: str) -> frozenset[str]:
    """Every form of one verb ("tell" -> tell, tells, told, telling)."""
    return frozenset(VERBS[lemma])


def stems() -> frozenset[str]:
    """The stems that the engine's saying check matches with any ending ("argu" for argue, argued)."""
    return frozenset(s for entry in _DATA["verbs"].values() for s in entry.get("stems", ()))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation (no group) matching any of ``words``, the longest where several match
    ("called for" before "called"); a space in a multi-word form matches any run of white space
    ("pointed  out"). Written as a trie ("sa(?:id|ys)"): ``re`` tries alternatives one by one,
    so shared prefixes make a long list of forms about as fast as hand-written stems."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k):  # continuations first: the longest match wins
        piece = r"\s+" if ch == " " else re.escape(ch)
        branches.append(piece + _group(_trie_regex(node[ch]), node[ch]))
    if "" in node and branches:
        branches.append("")
    return "|".join(branches)


def _group(sub: str, node: dict) -> str:
    """``sub`` wrapped in a group when it is an alternation (or may be empty)."""
    if not sub:
        return ""
    if len([k for k in node if k]) > 1 or "" in node:
        return f"(?:{sub})"
    return sub
