"""The actor registry: who the article names, under which names, and what the pronouns point to.

One pass over the text finds capitalised name sequences ("United Nations High Commissioner for Human
Rights Michelle Bachelet"), splits off titles ("President", "High Commissioner …") and keeps them as
the role, and types each name: person, organization, government, media, document or group, from
small lexicons (``briefing.rules.lexicon``). Surnames and honorific forms ("Abrams", "Mr. Obama") are
linked to the fullest name used; pronouns are resolved to the most recent compatible person who
was speaking or was the subject of a sentence. Roles are taken verbatim from the text, never made up.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from sortedcontainers import SortedKeyList

from briefing.rules import lexicon as lx
from briefing.text.intervals import Intervals

# Precompiled patterns used in hot functions (module-level re.* calls pay a cache lookup).
_LETTER_WORD_RE = re.compile(r"[A-Za-z][\w’']*")
_SPACE_NEXT_CHAR_RE = re.compile(r"[ \t\u00a0]+(\S)")
# The lowercase word after a name, past "(…)" and "of the Foo Bar": its verb if it is a subject.
_VERB_AFTER_NAME_RE = re.compile(
    r"[\s,]*(?:\([^)]{0,40}\)\s*)?(?:(?:at|of|from|for|with)\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+)+)?([a-z][\w’'-]*)"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\s*$")
_ROLE_BEFORE_RE = re.compile(
    r"(?:^|[,(;—–:]\s*|\b(?:by|with|to|from|and|that|said|told)\s+)((?:the|a|an|[A-Z])[^,.;:()\n—–]{2,110}?)\s*$"
)
_ROLE_STOPS = tuple(",.;:()\n—–")  # the characters the role in _ROLE_BEFORE_RE excludes
_ROLE_AFTER_RE = re.compile(r",\s+((?:a|an|the)\s[^,.;()\n]{3,110}?)(?=[,.;)]|\s+(?:said|says|told)\b)")
_INTRO_ROLE_RE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?((?:[\w’'-]+\s+){0,3}?[\w’'-]+)(?:\s+(?:of|for|at)\b|,)"
)
_INTRO_ROLE_WORDS = lx.TITLES | frozenset(
    """spokesman spokeswoman spokesperson lawyer attorney professor analyst economist researcher
    scientist expert strategist pollster adviser advisor aide consultant founder owner executive
    officer official organizer activist fellow member resident""".split()
)
# A verb or relative pronoun: the apposition is a clause, not a role.
_CLAUSE_WORD_RE = re.compile(r"\b(?:said|says|told|is|was|has|had|who|which)\b")


_WORD_RE = re.compile(r"[\w’'\-.&]+")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
_CONNECTORS = frozenset(
    {
        "of",
        "for",
        "de",
        "la",
        "del",
        "della",
        "da",
        "dos",
        "das",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "ibn",
        "al",
        "el",
        "le",
        "du",
        "y",
        "los",
        "las",
        "on",
    }
)
# "on" joins a name only after a body that is "on" a subject: "Commission on Presidential Debates".
_ON_HEADS = frozenset(
    "commission committee subcommittee council conference panel caucus institute center centre".split()
)
_CONTRACTION = re.compile(r"[’'](?:t|re|ll|ve|d|m)$|^[A-Z][a-z]*[’'][a-z]{2,}")
_LINE_RE = re.compile(r"[^\n]+")
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'\-.&]*"
_SEP = r"[ \t\u00a0]+"
# A run of capitalised words and the connectors between them, not preceded by a word character.
# The capital is matched before the character in front of it is checked: a lookbehind first would
# be tried at every character of the article, while a capital first lets the regex engine skip
# ahead to the next capital (the same matches, 2.5 times faster).
_CAP_RUN_RE = re.compile(
    rf"[A-ZÀ-ÖØ-Þ](?<![\w’'\-.&][A-ZÀ-ÖØ-Þ])[\w’'\-.&]*"
    rf"(?:{_SEP}(?:(?:of|for|de|la|del|della|da|dos|das|van|von|der|den|bin|ibn|al|el|le|du|y|"
    rf"los|las|on){_SEP})*{_CAP})*"
)
_FIRST_NAMES = lx.FEMALE_NAMES | lx.MALE_NAMES
# Built once: these were rebuilt from the lexicon on every call.
_ORG_HEAD_WORDS = frozenset(lx.ORG_HEADS)
_TITLE_FORMS = lx.TITLES | {t.rstrip(".") for t in lx.TITLES}  # "sen." and "sen"
# How many earlier statements a pronoun may look back over for its speaker (a bound that keeps
# long articles linear; news articles have far fewer statements than this).
_SPEAKER_LOOKBACK = 200
# A person of the pronoun's gender is preferred to one of unknown gender named at most this many
# characters after them (a later mention, or one in about the same sentence).
_SURE_GENDER_REACH = 150


_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
_INITIALS_SKIP = frozenset("of for on and the de la".split())


@functools.lru_cache(maxsize=4096)
def _initials(name: str) -> str:
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


def _offset(event: tuple[int, Entity]) -> int:
    return event[0]


@functools.lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """Lookup key for a name: lower case, accents and curly apostrophes folded."""
    if name.isascii():  # nothing to fold
        return name.lower()
    folded = unicodedata.normalize("NFKD", name.lower().replace("’", "'"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=4096)
def _is_demonym(word: str) -> bool:
    """ "Korean", "American", "Venezuelan": the adjective of a place in ``lexicon.PLACES``."""
    low = word.lower()
    if not low.endswith("n"):
        return False
    return low[:-1] in lx.PLACES or low[:-2] in lx.PLACES or low[:-3] + "a" in lx.PLACES


def _plausible_person(e: Entity) -> bool:
    """Typed person and looks like one: "Commission on Presidential Debates" leaves "Presidential
    Debates", which no pronoun should point to."""
    if e.gender or e.role or e.used or len(e.name.split()) == 1:
        return True
    surname = len(e.name.split()[-1])
    return any(end - start == surname for start, end in e.mentions)


def is_title_case(line: str) -> bool:
    """A headline written in Title Case ("U.S. Won’t ‘Prosecute’ Venezuela’s …")."""
    if len(line) > 300 or line.rstrip().endswith((".", "”", '"', ":", ",")):
        return False
    words = [w for w in _LETTER_WORD_RE.findall(line) if len(w) > 3]
    if len(words) < 3 or line.rstrip().endswith((".", '?"', ".”")):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.8


_POSSESSIVE = ("’s", "'s", "’", "'")
_PREPOSITIONS = frozenset(
    "of to for with towards toward by from at in on about against than like over under into onto upon "
    "between among including via see saw".split()
)
_AUX_NEXT = frozenset(
    """has had have is was were will would also said says told added appears appeared did does can
    could should must might may later then previously already never not who
    thought knew felt made took saw got gave wrote spoke began became left kept found stood met
    heard paid sent spent brought held led meant won lost ran sat went came struck hit threw drew
    chose rose fell broke""".split()
)
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


_FIRST_NAMES_NOT_MONTHS = frozenset({"Jan"})


_FEMALE_KIN = frozenset(
    "wife daughter mother sister girlfriend widow niece aunt grandmother granddaughter stepdaughter".split()
)
_MALE_KIN = frozenset(
    "husband son father brother boyfriend widower nephew uncle grandfather grandson stepson".split()
)
# "His wife, Leila," / "Novak's daughter, Petra,": a lone given name in apposition to a relative.
_KIN_BEFORE_RE = re.compile(
    r"(?:\b(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur)|[A-Z][\w-]*[’']s)\s+(?:[a-z-]+\s+)?("
    + "|".join(sorted(_FEMALE_KIN | _MALE_KIN | {"partner", "friend", "colleague", "neighbour", "neighbor"}))
    + r"),\s*$"
)


_HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
# Last words of a body's name rather than a person's: "… Investigations", "… Security", "… Services".
_BODY_ENDINGS = ("ions", "ity", "ities", "ices", "ics", "ment", "ments", "ance", "ence", "ship", "ware")
# A dateline opening a paragraph: "VELDA, June 12 -", "LOS ANGELES (Reuters) -", "MIDWAY ATOLL -".
_DATELINE_RE = re.compile(r"[A-Z][A-Z.’'-]+(?:[ \t][A-Z][A-Z.’'-]+){0,3}(?=\s*(?:,\s*[A-Z][a-z]|\(|[-—–]))")
_ABBREV_BEFORE_DOT_RE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Rev|Prof|St|Jr|Sr)$"
)
PARTY_WORDS = frozenset(
    """democrat democrats democratic republican republicans libertarian libertarians independent
    independents conservative conservatives liberal liberals progressive progressives""".split()
)
_NAME_PARTICLES = frozenset("de del della da dos das van von der den le la di du bin ibn al el".split())
_PARTICLE_NEXT_RE = re.compile(
    r"[ \t]+(?:(?:de|der|den|la|los|las|del|van|von)[ \t]+)?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]"
)


class Mention:
    """A name in the text. Whether it is a clause's subject or opens its sentence is worked out
    only when asked (pronoun resolution needs it for a few mentions, not all)."""

    __slots__ = ("_initial", "_subject", "end", "entity", "reg", "run_start", "start")

    def __init__(
        self, start: int, end: int, entity: Entity, reg: Registry | None = None, run_start: int | None = None
    ) -> None:
        self.start, self.end, self.entity, self.reg = start, end, entity, reg
        self.run_start = start if run_start is None else run_start  # includes a title: "Sen. …"
        self._initial: bool | None = None if reg is not None else False
        self._subject: bool | None = None if reg is not None else False

    @property
    def initial(self) -> bool:
        """Opens its sentence ("Ham made it clear …", "Sen. Bernie Sanders (Vt.), …")."""
        if self._initial is None:
            self._initial = self.reg._sentence_initial(self.run_start)  # type: ignore[union-attr]
        return self._initial

    @property
    def subject(self) -> bool:
        """Looks like the subject of its clause ("Abrams appears …")."""
        if self._subject is None:
            reg = self.reg
            self._subject = self.initial or (
                reg._looks_like_subject(self.end) and not reg._after_preposition(self.start)  # type: ignore[union-attr]
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
def _gender_of(first_token: str, title: str | None, given: bool = True) -> str | None:
    """The gender a title or a given name suggests; ``given`` is False when the token may be a
    surname (a name of one word: "Clinton" is also a man's given name)."""
    if title:
        g = lx.HONORIFIC_GENDER.get(_bare(title))
        if g:
            return g
    low = first_token.lower()
    if low in lx.FEMALE_NAMES:
        return "f"
    if low in lx.MALE_NAMES:
        return "m"
    if not given or len(low) < 2 or not low.isalpha():
        return None
    return _given_names().get(low)


_GENDER_CODES = {"M": "m", "1M": "m", "?M": "m", "F": "f", "1F": "f", "?F": "f"}


@functools.cache
def _given_names() -> dict[str, str]:
    """Given names and their usual gender ("jeff": "m", "tina": "f"), from the name list that the
    gender-guesser package ships (about 35,000 names in use in the US, Europe and beyond; names
    that list gives as unisex anywhere, or as both, are left out: a wrong gender is worse than
    none). Read once, on the first name the small built-in lexicon does not know: about 50 ms (the
    package's own Detector takes three times that to build indexes the engine does not need).

    Only the data file is read (GNU FDL, by Jörg Michael); the package's code (GPLv3) is never
    imported. Without the package the engine uses its built-in names alone (measured: speaker
    accuracy on polnear-dev's pronoun/role-attributed quotes 0.878 -> 0.856)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        path = distribution("gender-guesser").locate_file("gender_guesser/data/nam_dict.txt")
        data = open(str(path), encoding="iso-8859-1")  # closed by the with below
    except (PackageNotFoundError, FileNotFoundError, OSError):
        return {}
    out: dict[str, str] = {}
    ambiguous: set[str] = set()
    with data:
        for line in data:
            code = line[:2].strip()
            g = _GENDER_CODES.get(code)
            if g is None and code != "?":
                continue
            name = line[3:29].strip().lower()
            if not name or " " in name or "+" in name:
                continue
            if g is None or out.setdefault(name, g) != g:
                ambiguous.add(name)  # "Terry", "Leslie", "Kim": unisex somewhere, or listed both ways
    for name in ambiguous:
        out.pop(name, None)
    return out


# Words that make a title with one of lexicon.TITLES ("Prime Minister", "Home Secretary").
_TITLE_MODIFIERS = frozenset(
    """prime vice foreign home first deputy chief high defense defence health finance interior state
    energy trade education transport environment culture economy justice labor labour treasury
    commerce agriculture senior junior former acting executive managing general""".split()
)


# Facts about one word that the scan asks of every capitalised word; words recur within and across
# articles ("Trump", "The", "President"), so they are worked out once per distinct word.
@functools.lru_cache(maxsize=16384)
def _bare(word: str) -> str:
    """A word as the lexicons list it: lower case, without a trailing period ("Sen." -> "sen")."""
    return word.lower().rstrip(".")


@functools.lru_cache(maxsize=16384)
def _never_a_name(word: str) -> bool:
    """A capitalised word that is never a name on its own: "The", "But", "Monday", "We’re"."""
    return _bare(word) in lx.NOT_NAMES or bool(_CONTRACTION.search(word))


@functools.lru_cache(maxsize=16384)
def _run_word(word: str) -> tuple[bool, bool, bool]:
    """For a word of a capitalised run: (may be part of a name: capitalised and no contraction,
    is a non-name word such as "The" that starts a new sequence, closes its sequence: a
    possessive or a sentence-ending period)."""
    capitalised = bool(_UPPER.match(word)) and not _CONTRACTION.search(word)
    return (
        capitalised,
        _bare(word) in lx.NOT_NAMES,
        capitalised and (word.endswith(_POSSESSIVE[:2]) or Registry._ends_sentence(word)),
    )


class Registry:
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
        self.speakers: SortedKeyList = SortedKeyList(key=_offset)
        # Quotations (outer spans): a name inside one is the speaker's words, not an antecedent
        # for a pronoun outside it ("“Taxes will not rise,” she added": not "Taxes").
        self.quoted: Intervals | None = None
        self.quote_of: dict[int, int] = {}  # mention start -> index of the quotation holding it
        self._acronyms = False  # an all-capitals name ("IMF") has been seen
        self._scan()

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
    def _scan(self) -> None:
        text = self.text
        deferred: list[list[tuple[int, int, str]]] = []  # sequences on title-case lines
        for line in _LINE_RE.finditer(text):
            title_case = is_title_case(line.group())
            ls = line.start()
            dateline = _DATELINE_RE.match(text, ls, line.end()) if text[ls + 1 : ls + 2].isupper() else None
            for run in _CAP_RUN_RE.finditer(text, dateline.end() if dateline else line.start(), line.end()):
                word = run.group()
                if " " not in word and _never_a_name(word):
                    continue  # "The", "But", "Monday", "We’re": the commonest runs, never names
                seqs = (
                    [[(run.start(), run.end(), word)]]
                    if " " not in word and "\t" not in word and "\u00a0" not in word
                    else self._sequences(run.start(), run.end())
                )
                for seq in seqs:
                    if title_case:
                        deferred.append(seq)
                    else:
                        self._flush(seq)
        # Headlines in Title Case: only names already known from the body count.
        for seq in deferred:
            self._flush(seq, known_only=True)
        self.mentions.sort(key=lambda mm: mm.start)
        self._positions = [mm.start for mm in self.mentions]

    def _sequences(self, lo: int, hi: int) -> list[list[tuple[int, int, str]]]:
        text = self.text
        out: list[list[tuple[int, int, str]]] = []
        seq: list[tuple[int, int, str]] = []
        prev_end = -1
        for m in _WORD_RE.finditer(text, lo, hi):
            word = m.group()
            start, end = m.start(), m.end()
            contiguous = prev_end >= 0 and text[prev_end:start].strip(" \t\u00a0") == ""
            prev_end = end
            if seq and not contiguous:
                out.append(seq)
                seq = []
            capitalised, not_name, closes = _run_word(word)
            if capitalised:
                if seq and not_name:
                    out.append(seq)
                    seq = []
                seq.append((start, end, word))
                if closes:
                    out.append(seq)
                    seq = []
            elif seq and word in _CONNECTORS and self._connector_ok(seq, text, end):
                seq.append((start, end, word))
            elif seq:
                out.append(seq)
                seq = []
        if seq:
            out.append(seq)
        return out

    @staticmethod
    def _connector_ok(seq: list[tuple[int, int, str]], text: str, end: int) -> bool:
        word = text[max(0, end - 6) : end].split()[-1] if text[max(0, end - 6) : end].split() else ""
        if word == "on":
            nxt = _SPACE_NEXT_CHAR_RE.match(text[end : end + 6])
            return seq[-1][2].lower() in _ON_HEADS and bool(nxt and _UPPER.match(nxt.group(1)))
        if word in _NAME_PARTICLES and _PARTICLE_NEXT_RE.match(text, end) and _UPPER.match(seq[-1][2]):
            return True  # Ursula von der Leyen, Charles de Gaulle, Ludwig van Beethoven
        nxt = _SPACE_NEXT_CHAR_RE.match(text[end : end + 6])
        if not nxt or not (
            _UPPER.match(nxt.group(1)) or text[end + 1 : end + 4] in ("los", "las", "la ", "del")
        ):
            return False
        words = {_bare(w) for _, _, w in seq}
        if seq[-1][2] in _CONNECTORS:
            return True
        if words & lx.TITLES and not words & _ORG_HEAD_WORDS:
            named = [w for _, _, w in seq if _bare(w) not in lx.TITLES]
            if len(named) >= 2:
                return False  # "Dr. Chen Wei of Peking University": a full name, then an affiliation
        return (
            bool(words & lx.TITLES or words & _ORG_HEAD_WORDS)
            or seq[-1][2] in ("Cartel",)
            or (len(seq) == 1 and seq[0][2].lower() in ("bank", "university", "cartel"))
        )

    @staticmethod
    def _ends_sentence(word: str) -> bool:
        if not word.endswith("."):
            return False
        core = word.rstrip(".")
        if "." in core or len(core) <= 1:  # U.S. / J.
            return False
        return core.lower() not in lx.TITLES

    def _flush(self, seq: list[tuple[int, int, str]], known_only: bool = False) -> None:
        # Drop connectors at the end, sentence-initial function words at the start.
        while seq and seq[-1][2] in _CONNECTORS:
            seq = seq[:-1]
        honorific = None  # "Mr. Obama": dropped from the name, but it tells he from she
        while seq and (_bare(seq[0][2]) in lx.NOT_NAMES or seq[0][2] in _CONNECTORS):
            if seq[0][2] in _FIRST_NAMES_NOT_MONTHS and len(seq) > 1:
                break  # "Jan Dvorak" (without a dot: not January)
            honorific = _HONORIFICS.get(_bare(seq[0][2])) if len(seq) > 1 else None
            seq = seq[1:]
        if not seq:
            return
        tokens = [self._clean(w) for _, _, w in seq]
        if not tokens[-1]:
            return
        end = seq[-1][0] + len(tokens[-1])
        if len(tokens) == 1 and not known_only:
            known = self._by_key.get(_key(tokens[0]))
            if known is not None:  # the commonest case: a name seen before ("Trump", "Abrams")
                if honorific and known.gender is None and known.type == "person":
                    known.gender = honorific
                start = seq[0][0]
                self.mentions.append(Mention(start, end, known, self))
                known.mentions.append((start, end))
                return
        if known_only:
            self._flush_known(seq, tokens)
            return
        # Split off a leading role ("President", "High Commissioner for Human Rights").
        last_title = -1
        for i, tok in enumerate(tokens[:-1]):
            if _bare(tok) in lx.TITLES:
                last_title = i
        if _bare(tokens[-1]) in lx.TITLES and all(
            _bare(t) in lx.TITLES or t.lower() in _TITLE_MODIFIERS for t in tokens
        ):
            return  # a bare title ("President", "Prime Minister", "Foreign Secretary") is not a name
        title = None
        role = None
        name_from = 0
        if 0 <= last_title < len(tokens) - 1:
            tail = [i for i in range(last_title + 1, len(tokens)) if tokens[i] not in _CONNECTORS]
            conn = [
                j
                for j in range(last_title + 1, len(tokens))
                if tokens[j] in _CONNECTORS and tokens[j] not in _NAME_PARTICLES
            ]
            if conn and conn[0] - (last_title + 1) >= 2:
                # "Rep. Elijah Cummings of Maryland": the name comes first, "of Maryland" locates it
                tail = list(range(last_title + 1, conn[0]))
                end = seq[conn[0] - 1][0] + len(tokens[conn[0] - 1])
            elif conn:
                # "High Commissioner for Human Rights Michelle Bachelet": the name follows the title
                tail = [i for i in tail if i > conn[-1]]
            three = len(tail) == 3 and tail[0] == last_title + 1 and tokens[tail[0]].lower() in _given_names()
            if len(tail) > (3 if (conn and tail and tail[-1] < conn[0]) or three else 2):
                # (but "Gov. Earl Ray Tomblin": a given name right after the title starts the name)
                firsts = [i for i in tail if tokens[i].lower() in _FIRST_NAMES]
                tail = tail[tail.index(firsts[0]) :] if firsts else tail[-2:]
            if not tail:
                return
            name_from = tail[0]
            title = tokens[last_title]
            role = " ".join(" ".join(self.text[seq[0][0] : seq[name_from][0]].split()).split())
            if _bare(role) in {"mr", "mrs", "ms", "dr", "miss"}:
                role = None
        else:
            # "Venezuela Elliott Abrams": a place or organisation name run into a person's name.
            for i in range(1, len(tokens) - 1):
                if tokens[i].lower() in _FIRST_NAMES and tokens[i - 1].lower() not in _FIRST_NAMES:
                    self._flush(seq[:i])
                    name_from = i
                    break
        name_start = seq[name_from][0]
        name = " ".join(self.text[name_start:end].split())
        if not name or name.lower() in lx.NOT_NAMES:
            return
        if _is_demonym(tokens[-1]):
            return  # "South Korean", "Venezuelan": an adjective, not a name
        n_tokens = len(tokens) - name_from
        kind = "person" if title else classify_name(name)
        if kind == "person" and name.lower() in lx.PLACES:
            kind = "government"
        elif (
            kind == "person"
            and n_tokens > 1
            and tokens[-1].lower().endswith(_BODY_ENDINGS)
            and tokens[name_from].lower() not in _FIRST_NAMES
            and tokens[name_from].lower() not in _given_names()
        ):
            kind = "organization"  # "Homeland Security Investigations", "Skylark Robotics"
        kin = None
        if kind == "person" and n_tokens == 1 and not title:
            # A lone capitalised word is a person only when it is a known surname, is used like
            # a name at the head of a clause ("Figueroa said"), or names a relative ("His wife, Leila,").
            kin = (  # (the pattern ends in a comma: most names have none before them)
                _KIN_BEFORE_RE.search(self.text, max(0, name_start - 40), name_start)
                if self.text[max(0, name_start - 40) : name_start].rstrip().endswith(",")
                else None
            )
            low = name.lower()
            if low in PARTY_WORDS:
                kind = "group"  # "Democratic", "Republicans": a party or its members, never one person
            elif low in lx.ANONYMOUS_NOUNS or low in lx.VAGUE_NOUNS:
                return  # "Officials at the State Department said": a source noun, not a name
            if (
                not kin
                and low.endswith("s")
                and has_word(self.text, low)
                and self._sentence_initial(name_start)
            ):
                return  # "Delegates questioned …" (and "delegates" elsewhere): a plural noun
            if (
                not kin
                and not self._surnames.get(_key(name))
                and not (
                    self._looks_like_subject(end)
                    and not name.lower().endswith(("an", "ese", "ish"))
                    # "At a press conference in Chelsea, the mayor said": a place, not a subject
                    and not self._after_preposition(name_start)
                )
            ):
                return
        entity = self._entity_for(name, kind, start=name_start, title=title)
        if entity is None:
            return
        if kin is not None and entity.gender is None:
            word = kin.group(1).lower()
            entity.gender = "f" if word in _FEMALE_KIN else "m" if word in _MALE_KIN else None
        if entity.gender is None and entity.type == "person":
            # "President Obama" then "Mr. Obama": the honorific tells
            entity.gender = honorific or (
                lx.HONORIFIC_GENDER.get(_bare(title)) if title else None
            )
        if role and not entity.role:
            entity.role = role
        if not entity.role and entity.type == "person" and len(entity.mentions) < 3:
            entity.role = self._role_around(name_start, end)
        self.mentions.append(Mention(name_start, end, entity, self, seq[0][0]))
        entity.mentions.append((name_start, end))

    def _flush_known(self, seq: list[tuple[int, int, str]], tokens: list[str]) -> None:
        """Headline sequences: keep only sub-sequences that name a known entity."""
        n = len(tokens)
        i = 0
        while i < n:
            for j in range(n, i, -1):
                key = _key(" ".join(tokens[i:j]))
                ent = self._by_key.get(key)
                if ent is not None:
                    s, e = seq[i][0], seq[j - 1][0] + len(tokens[j - 1])
                    self.mentions.append(Mention(s, e, ent))
                    ent.mentions.append((s, e))
                    ent.first = min(ent.first, s)
                    i = j - 1
                    break
            i += 1

    @staticmethod
    @functools.lru_cache(maxsize=16384)
    def _clean(word: str) -> str:
        """The name token a word stands for: "Trump’s" -> "Trump", "Washington." -> "Washington"."""
        for p in ("’s", "'s"):
            if word.endswith(p):
                return word[: -len(p)]
        if word.endswith(".") and not Registry._abbrev(word):
            return word.rstrip(".")
        return word

    @staticmethod
    def _abbrev(word: str) -> bool:
        core = word.rstrip(".")
        return "." in core or len(core) <= 1 or core.lower() in lx.TITLES

    def _looks_like_subject(self, end: int) -> bool:
        m = _VERB_AFTER_NAME_RE.match(self.text[end : end + 60])
        if not m:
            return False
        w = m.group(1)
        if self.text[end : end + 2].startswith(","):
            return w in ("who", "a", "an", "the")
        return w in _AUX_NEXT or w.endswith(("ed", "es")) or (w.endswith("s") and not w.endswith("ss"))

    def _sentence_initial(self, start: int) -> bool:
        """The name opens its sentence, perhaps after a short lead-in ("On Wednesday, Trump …")."""
        lo = max(0, start - 40)
        before = self.text[lo:start]
        cut = max(before.rfind("."), before.rfind("\n"), before.rfind("!"), before.rfind("?"))
        while cut > 0 and before[cut] == "." and _ABBREV_BEFORE_DOT_RE.search(before, max(0, cut - 5), cut):
            # "the voice of Mr. Tribe’s client": a title's period does not end a sentence
            cut = max(
                before.rfind(".", 0, cut),
                before.rfind("\n", 0, cut),
                before.rfind("!", 0, cut),
                before.rfind("?", 0, cut),
            )
        if cut < 0 and lo > 0:
            return False
        lead = before[cut + 1 :].strip(" \t\u00a0“\"‘'")
        if not lead:
            return True
        words = lead.split()
        if len(words) <= 5 and lead[:1].isupper() and words[-1].lower() in _INTRO_ROLE_WORDS:
            return True  # "Nordline chief executive Olof Berg struck …", "Shipping analyst Priya Raman"
        return lead.endswith(",") and len(words) <= 4 and lead[:1].isupper()

    def _after_preposition(self, start: int) -> bool:
        m = _WORD_BEFORE_RE.search(self.text[max(0, start - 20) : start])
        return bool(m and m.group(1).lower() in _PREPOSITIONS)

    def _introduced(self, end: int) -> bool:
        """A person's first mention followed by a role in apposition ("Henry Crespo, president of
        the caucus", "Jo Ward, a lawyer for the family"): news introduces a source this way, and
        the next "he said" is theirs."""
        m = _INTRO_ROLE_RE.match(self.text, end, end + 60)
        return bool(m and any(w.lower() in _INTRO_ROLE_WORDS for w in m.group(1).split()))

    def _role_around(self, start: int, end: int) -> str | None:
        """A role written next to a name: "the State Department’s special envoy on Venezuela Elliott
        Abrams" or "Michelle Bachelet, a former ally of the Maduro regime,"."""
        text = self.text
        before = text[max(0, start - 120) : start]
        # The role cannot hold a stop (",.;:()\n—–") except in the whitespace before the name, so
        # no match starts before the last one: searching from there finds the same match sooner.
        core = before.rstrip()
        m = _ROLE_BEFORE_RE.search(before, max(0, *map(core.rfind, _ROLE_STOPS)))
        if m:
            cand = m.group(1).strip()
            words = [w.lower().strip("’'s").rstrip(".") for w in cand.split()]
            if any(w in lx.TITLES for w in words) and len(words) <= 14 and cand[:1].islower():
                return cand
        after = text[end : end + 140]
        m = _ROLE_AFTER_RE.match(after)
        if m:
            cand = m.group(1).strip()
            if not _CLAUSE_WORD_RE.search(cand):
                return cand
        return None

    # ----- linking ----------------------------------------------------------------------------
    def _entity_for(self, name: str, kind: str, *, start: int, title: str | None = None) -> Entity | None:
        key = _key(name)
        if key in self._by_key:
            return self._by_key[key]
        tokens = name.split()
        if kind == "person":
            last = _key(tokens[-1])
            if len(tokens) == 1:
                cands = self._surnames.get(last)
                if cands:
                    return self._nearest_before(cands, start)
                # A lone first name of a known person ("Hillary")
                for e in reversed(self.entities):
                    if e.type == "person" and _key(e.name.split()[0]) == last and len(e.name.split()) > 1:
                        e.add_alias(name)
                        self._by_key[key] = e
                        return e
            else:
                # "Elliott Abrams" after "Abrams", "Bill de Blasio" after "De Blasio": upgrade the
                # existing entity (its name is the new name's surname, particles included).
                single = self._by_key.get(last)
                if single and single.type == "person" and len(single.name.split()) > 1:
                    if not key.endswith(" " + _key(single.name)):
                        single = None
                if single and single.type == "person":
                    single.add_alias(single.name)
                    single.name = name
                    self._by_key[key] = single
                    single.gender = single.gender or _gender_of(tokens[0], title)
                    return single
        elif kind != "person":
            linked = self._acronym_link(name, tokens, key)
            if linked is not None:
                return linked
        entity = Entity(
            name=name,
            type=kind,
            first=start,
            gender=_gender_of(tokens[0], title, given=len(tokens) > 1) if kind == "person" else None,
        )
        self.entities.append(entity)
        self._by_key[key] = entity
        if kind == "person":
            self._surnames.setdefault(_key(tokens[-1]), []).append(entity)
            if len(tokens) > 1:
                self._by_key.setdefault(_key(tokens[-1]), entity)
        return entity

    def _acronym_link(self, name: str, tokens: list[str], key: str) -> Entity | None:
        """ "IMF" and "International Monetary Fund" in one article are one body, named with both:
        "International Monetary Fund (IMF)" (whichever comes first)."""
        if len(tokens) == 1 and _ACRONYM_RE.fullmatch(name):
            self._acronyms = True
            for e in reversed(self.entities):
                if e.type != "person" and "(" not in e.name and _initials(e.name) == name:
                    e.add_alias(name)
                    e.name = f"{e.name} ({name})"
                    self._by_key[key] = e
                    return e
            return None
        if not self._acronyms:
            return None  # no acronym named yet: nothing to link a long name to
        acronym = _initials(name)
        if len(acronym) >= 2:
            e = self._by_key.get(_key(acronym))
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
        for p in _POSSESSIVE[:2]:
            name = name.removesuffix(p)
        tokens = name.split()
        title = None
        while len(tokens) > 1 and tokens[0].lower() in _TITLE_FORMS:
            title = tokens[0]
            tokens = tokens[1:]
        clean = " ".join(tokens)
        key = _key(clean)
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
        return self._by_key.get(_key(name))

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
            found: tuple[int, Entity] | None = None
            i = bisect.bisect_left(self._positions, pos)
            for mm in reversed(self.mentions[max(0, i - 30) : i]):
                if mm.entity.type in ("organization", "government", "media", "group"):
                    found = (mm.start, mm.entity)
                    break
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
            if ent.type != "person" or (want is not None and ent.gender not in ok):
                continue
            if quote_of and quote_of.get(mm.start, inside) != inside:
                continue
            strength = 2 if mm.initial else 1 if mm.subject else 0
            if strength < 2 and mm.start == ent.first and self._introduced(mm.end):
                strength = 2  # "…, Henry Crespo, president of the caucus." ¶ “…,” he said.
            if strength != 2 and not _plausible_person(ent):
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
            if ent.type == "person" and (want is None or ent.gender in ok):
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

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._positions, start)
        j = bisect.bisect_left(self._positions, end)
        return [m for m in self.mentions[i:j] if m.end <= end]
