"""Names in an article: the words that may name an actor, and what a bare name suggests.

A capitalised run ("United Nations High Commissioner for Human Rights Michelle Bachelet") is read
word by word: titles ("President", "High Commissioner …") are roles, function words ("The",
"Monday") never names. :func:`classify_name` types a name as person, organization, government or
media from the lexicon; :func:`gender_of` reads a title or a given name. :class:`Entity` is one
actor as the engine knows it, :class:`Mention` one place where it is named.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from briefing.rules import lexicon as lx
from briefing.rules.name_context import after_preposition, looks_like_subject, sentence_initial

# Precompiled patterns used in hot functions (module-level re.* calls pay a cache lookup).
_LETTER_WORD_RE = re.compile(r"[A-Za-z][\w’']*")


UPPER_RE = re.compile(r"[A-ZÀ-ÖØ-Þ]")
# "We’re", "Don’t", "Y’all", "Ma’am": contractions, never names ("Na’moks", "D’Angelo" are names)
_CONTRACTION = re.compile(r"[’'](?:t|re|ll|ve|d|m)$|^[A-Z][a-z]?[’'](?:all|am|er|em)$")


_INITIALS_SKIP = frozenset("of for on and the de la".split())


@functools.lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """ "IMF" for "International Monetary Fund", "RNC" for "Republican National Committee"."""
    words = name.split()
    if len(words) < 2:
        return ""
    out = []
    for w in words:
        if w.lower() in _INITIALS_SKIP:
            continue
        if not w[:1].isupper():
            return ""
        out.append(w[0])
    return "".join(out)


def has_word(text: str, word: str) -> bool:
    """Does ``word`` occur in ``text`` as a whole word, in exactly this case?"""
    i = text.find(word)
    n = len(word)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if not (before.isalnum() or before in "’'-") and not (after.isalnum() or after in "’'-"):
            return True
        i = text.find(word, i + 1)
    return False


def offset_of(event: tuple[int, Entity]) -> int:
    return event[0]


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Lookup key for a name: lower case, accents and curly apostrophes folded."""
    if name.isascii():  # nothing to fold
        return name.lower()
    folded = unicodedata.normalize("NFKD", name.lower().replace("’", "'"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """ "Korean", "American", "Venezuelan": the adjective of a place in ``lexicon.PLACES``."""
    low = word.lower()
    if not low.endswith("n"):
        return False
    return low[:-1] in lx.PLACES or low[:-2] in lx.PLACES or low[:-3] + "a" in lx.PLACES


def plausible_person(e: Entity) -> bool:
    """Typed person and looks like one: "Commission on Presidential Debates" leaves "Presidential
    Debates", which no pronoun should point to."""
    if e.gender or e.role or e.used or len(e.name.split()) == 1:
        return True
    surname = len(e.name.split()[-1])
    return any(end - start == surname for start, end in e.mentions)


_LONG_WORD_RE = re.compile(r"[^\W\d_][\w’'-]{3,}")


def mostly_capitalised(line: str, max_words: int | None = None) -> bool:
    """Are at least 80 % of the words of four letters or more capitalised, with three such words or
    more (and at most ``max_words``)? How a headline in Title Case reads, whatever it ends with
    ("Obama on Climate Change: The Trends Are 'Terrifying.'")."""
    words = _LONG_WORD_RE.findall(line)
    if len(words) < 3 or (max_words is not None and len(words) > max_words):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def is_title_case(line: str) -> bool:
    """A headline written in Title Case ("U.S. Won’t ‘Prosecute’ Venezuela’s …")."""
    if len(line) > 300 or line.rstrip().endswith((".", "”", '"', ":", ",")):
        return False
    words = [w for w in _LETTER_WORD_RE.findall(line) if len(w) > 3]
    if len(words) < 3 or line.rstrip().endswith((".", '?"', ".”")):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.8


POSSESSIVE_ENDINGS = ("’s", "'s", "’", "'")
_GOV_NAMES = frozenset(
    {
        "white house",
        "state department",
        "pentagon",
        "kremlin",
        "downing street",
        "justice department",
        "treasury",
        "elysée",
        "élysée",
        "congress",
        "senate",
        "trump administration",
        "obama administration",
        "biden administration",
    }
)
_ACRONYM_ORGS = {
    "fbi": "government",
    "cia": "government",
    "nsa": "government",
    "doj": "government",
    "epa": "government",
    "irs": "government",
    "dhs": "government",
    "ice": "government",
    "fda": "government",
    "cdc": "government",
    "nasa": "government",
    "un": "organization",
    "nato": "organization",
    "eu": "organization",
    "gop": "organization",
    "who": "organization",
    "imf": "organization",
    "opec": "organization",
    "aclu": "organization",
    "naacp": "organization",
    "dnc": "organization",
    "rnc": "organization",
    "nra": "organization",
}


@dataclass
class Entity:
    """One actor as the registry knows it (the engine turns these into schema Actors)."""

    name: str
    type: str
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str | None = None  # "m", "f" or None
    first: int = 0
    used: bool = False  # speaker, channel or source: always reported
    id: str | None = None

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


class Mention:
    """A name in the text. Whether it is a clause's subject or opens its sentence is worked out
    only when asked (pronoun resolution needs it for a few mentions, not all); a mention made
    without the text (a headline's, matched to a name known from the body) is neither."""

    __slots__ = ("_initial", "_subject", "end", "entity", "run_start", "start", "text")

    def __init__(
        self, start: int, end: int, entity: Entity, text: str | None = None, run_start: int | None = None
    ) -> None:
        self.start, self.end, self.entity, self.text = start, end, entity, text
        self.run_start = start if run_start is None else run_start  # includes a title: "Sen. …"
        self._initial: bool | None = None if text is not None else False
        self._subject: bool | None = None if text is not None else False

    @property
    def initial(self) -> bool:
        """Opens its sentence ("Ham made it clear …", "Sen. Bernie Sanders (Vt.), …")."""
        if self._initial is None:
            self._initial = sentence_initial(self.text, self.run_start)  # type: ignore[arg-type]
        return self._initial

    @property
    def subject(self) -> bool:
        """Looks like the subject of its clause ("Abrams appears …")."""
        if self._subject is None:
            text = self.text
            self._subject = self.initial or (
                looks_like_subject(text, self.end) and not after_preposition(text, self.start)  # type: ignore[arg-type]
            )
        return self._subject


@functools.lru_cache(maxsize=8192)
def classify_name(name: str) -> str:
    """The actor type a bare name suggests: media, government, organization or person."""
    low = name.lower().removeprefix("the ").strip()
    if low in lx.MEDIA_NAMES:
        return "media"
    words = low.replace("’", "'").split()
    if not words:
        return "person"
    if low in _GOV_NAMES or low in lx.PLACES:
        return "government"
    if low in _ACRONYM_ORGS:
        return _ACRONYM_ORGS[low]
    if low in lx.COMPANY_NAMES:
        return "organization"
    if len(words) >= 2 and words[-1] in lx.MEDIA_HEADS and words[-1] not in ("house", "post"):
        return "media"
    if len(words) >= 2 and words[-1] == "post" and words[0] not in lx.PLACES:
        return "media"
    for w in words:
        kind = lx.ORG_HEADS.get(w)
        if kind:
            return kind
    if len(words) == 1 and name.isupper() and len(name) >= 2:
        return "organization"
    return "person"


@functools.lru_cache(maxsize=4096)
def gender_of(first_token: str, title: str | None, given: bool = True) -> str | None:
    """The gender a title or a given name suggests; ``given`` is False when the token may be a
    surname (a name of one word: "Clinton" is also a man's given name)."""
    if title:
        g = lx.HONORIFIC_GENDER.get(bare(title))
        if g:
            return g
    low = first_token.lower()
    if low in lx.FEMALE_NAMES:
        return "f"
    if low in lx.MALE_NAMES:
        return "m"
    if not given or len(low) < 2 or not low.isalpha():
        return None
    return given_names().get(low)


_GENDER_CODES = {"M": "m", "1M": "m", "?M": "m", "F": "f", "1F": "f", "?F": "f"}


def _nam_dict_entries() -> Iterator[tuple[str, str]]:
    """(gender code, lower-case name) for each one-word name in gender-guesser's nam_dict.txt, or
    nothing when the package is missing. The file's "=" lines (equivalent spellings) are skipped."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        path = distribution("gender-guesser").locate_file("gender_guesser/data/nam_dict.txt")
        data = open(str(path), encoding="iso-8859-1")  # closed by the with below
    except (PackageNotFoundError, FileNotFoundError, OSError):
        return
    with data:
        for line in data:
            code = line[:2].strip()
            if code not in _GENDER_CODES and code != "?":
                continue
            name = line[3:29].strip().lower()
            if name and " " not in name and "+" not in name:
                yield code, name


@functools.cache
def given_names() -> dict[str, str]:
    """Given names and their usual gender ("jeff": "m", "tina": "f"), from the name list that the
    gender-guesser package ships (about 35,000 names in use in the US, Europe and beyond). A name
    has a gender only when the list gives it one plainly: names it gives as unisex anywhere, as
    both, or only as "mostly" one gender ("Taylor": mostly male in one country) are left out, as a
    wrong gender is worse than none. Read once, on the first name the small built-in lexicon does
    not know: about 50 ms (the package's own Detector takes three times that to build indexes the
    engine does not need).

    Only the data file is read (GNU FDL, by Jörg Michael); the package's code (GPLv3) is never
    imported. Without the package the engine uses its built-in names alone."""
    return _name_list()[0]


def is_given_name(token: str) -> bool:
    """Is ``token`` a given name in use, of either gender or both ("Don", "Kim", "Tina")?"""
    low = token.lower()
    return low in lx.FEMALE_NAMES or low in lx.MALE_NAMES or low in lx.UNISEX_NAMES or low in _name_list()[1]


def listed_given_names() -> frozenset[str]:
    """Every one-word given name the gender-guesser list holds, whatever its gender, unisex ones
    ("Kim", "Guo") included: about 37,000 (tools/build_speaker_data.py keeps them out of the
    common words a speaker check rejects)."""
    return _name_list()[1]


@functools.cache
def _name_list() -> tuple[dict[str, str], frozenset[str]]:
    """(name -> gender for the names of one gender, every name the list has)."""
    plain: dict[str, str] = {}
    mostly: dict[str, str] = {}
    every: set[str] = set()
    ambiguous: set[str] = set()
    for code, name in _nam_dict_entries():
        every.add(name)
        g = _GENDER_CODES.get(code)
        if g is None:
            ambiguous.add(name)  # "?": unisex
        elif code.startswith("?"):
            if mostly.setdefault(name, g) != g:
                ambiguous.add(name)
        elif plain.setdefault(name, g) != g:
            ambiguous.add(name)  # listed both ways
    out = dict(plain)
    for name, g in mostly.items():
        if name in out and out[name] != g:
            ambiguous.add(name)  # "mostly" the other gender somewhere: not plain after all
    for name in ambiguous:
        out.pop(name, None)
    return out, frozenset(every)


# Facts about one word that the scan asks of every capitalised word; words recur within and across
# articles ("Trump", "The", "President"), so they are worked out once per distinct word.
@functools.lru_cache(maxsize=16384)
def bare(word: str) -> str:
    """A word as the lexicons list it: lower case, without a trailing period ("Sen." -> "sen")."""
    return word.lower().rstrip(".")


@functools.lru_cache(maxsize=16384)
def never_a_name(word: str) -> bool:
    """A capitalised word that is never a name on its own: "The", "But", "Monday", "We’re"."""
    return bare(word) in lx.NOT_NAMES or bool(_CONTRACTION.search(word))


@functools.lru_cache(maxsize=16384)
def run_word(word: str) -> tuple[bool, bool, bool]:
    """For a word of a capitalised run: (may be part of a name: capitalised and no contraction,
    is a non-name word such as "The" that starts a new sequence, closes its sequence: a
    possessive or a sentence-ending period)."""
    capitalised = bool(UPPER_RE.match(word)) and not _CONTRACTION.search(word)
    return (
        capitalised,
        bare(word) in lx.NOT_NAMES,
        capitalised and (word.endswith(POSSESSIVE_ENDINGS[:2]) or ends_sentence(word)),
    )


def ends_sentence(word: str) -> bool:
    """Does a capitalised word end its sentence ("Senate.", not "U.S." nor "Sen.")?"""
    if not word.endswith("."):
        return False
    core = word.rstrip(".")
    if "." in core or len(core) <= 1:  # U.S. / J.
        return False
    return core.lower() not in lx.TITLES

