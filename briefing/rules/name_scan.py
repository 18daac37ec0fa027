"""Scanning an article for names: one pass over its capitalised runs.

"United Nations High Commissioner for Human Rights Michelle Bachelet" is split into the role
(kept on the entity) and the name; datelines ("VELDA, June 12 -") and function words are skipped;
names in a Title Case headline count only when the body names them too. Every name found becomes
a :class:`~briefing.rules.names.Mention` of an entity in the registry.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from briefing.rules import lexicon as lx
from briefing.rules.name_context import after_preposition, looks_like_subject, role_around, sentence_initial
from briefing.rules.names import (
    UPPER_RE,
    Mention,
    bare,
    classify_name,
    given_names,
    has_word,
    is_demonym,
    is_given_name,
    is_title_case,
    name_key,
    never_a_name,
    run_word,
)

if TYPE_CHECKING:
    from briefing.rules.registry import Registry

_FEMALE_KIN = frozenset(
    "wife daughter mother sister girlfriend widow niece aunt grandmother granddaughter stepdaughter".split()
)
_MALE_KIN = frozenset(
    "husband son father brother boyfriend widower nephew uncle grandfather grandson stepson".split()
)
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'\-.&]*"
_SEP = r"[ \t\u00a0]+"


_SPACE_NEXT_CHAR_RE = re.compile(r"[ \t\u00a0]+(\S)")
_WORD_RE = re.compile(r"[\w’'\-.&]+")
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
_LINE_RE = re.compile(r"[^\n]+")
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
# Words that make a capitalised run a place, not a person: "Mississippi River Valley"
_PLACE_FEATURES = frozenset(
    """river valley lake lakes mountain mountains bay county city island islands coast delta basin
    gulf sea ocean street avenue road park square bridge canyon creek hills heights falls state
    province region district peninsula strait desert forest harbor harbour port""".split()
)
# Built once: these were rebuilt from the lexicon on every call.
_ORG_HEAD_WORDS = frozenset(lx.ORG_HEADS)
_FIRST_NAMES_NOT_MONTHS = frozenset({"Jan"})
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
PARTY_WORDS = lx.PARTY_WORDS  # in lexicon.json
_NAME_PARTICLES = frozenset("de del della da dos das van von der den le la di du bin ibn al el".split())
_PARTICLE_NEXT_RE = re.compile(
    r"[ \t]+(?:(?:de|der|den|la|los|las|del|van|von)[ \t]+)?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]"
)
# Words that make a title with one of lexicon.TITLES ("Prime Minister", "Home Secretary").
_TITLE_MODIFIERS = frozenset(
    """prime vice foreign home first deputy chief high defense defence health finance interior state
    energy trade education transport environment culture economy justice labor labour treasury
    commerce agriculture senior junior former acting executive managing general""".split()
)


def scan_names(reg: Registry) -> None:
    text = reg.text
    deferred: list[list[tuple[int, int, str]]] = []  # sequences on title-case lines
    for line in _LINE_RE.finditer(text):
        title_case = is_title_case(line.group())
        ls = line.start()
        dateline = _DATELINE_RE.match(text, ls, line.end()) if text[ls + 1 : ls + 2].isupper() else None
        for run in _CAP_RUN_RE.finditer(text, dateline.end() if dateline else line.start(), line.end()):
            word = run.group()
            if " " not in word and never_a_name(word):
                continue  # "The", "But", "Monday", "We’re": the commonest runs, never names
            seqs = (
                [[(run.start(), run.end(), word)]]
                if " " not in word and "\t" not in word and "\u00a0" not in word
                else _sequences(reg, run.start(), run.end())
            )
            for seq in seqs:
                if title_case:
                    deferred.append(seq)
                else:
                    _flush(reg, seq)
    # Headlines in Title Case: only names already known from the body count.
    for seq in deferred:
        _flush(reg, seq, known_only=True)
    reg.mentions.sort(key=lambda mm: mm.start)
    reg._positions = [mm.start for mm in reg.mentions]
    _bodies_by_which(reg)


# A name followed by ", which" is a thing, not a person ("Big Machine, which was bought out …").
_WHICH_AFTER_RE = re.compile(r"(?:[’']s?)?,\s+which\b")


def _bodies_by_which(reg: Registry) -> None:
    """A name typed person only because nothing marked it as a body (no head word such as
    "Records", no given name, no title, no role) is an organisation when the article calls it
    "which": "Big Machine, which was bought out by …" (a record label, later "they said")."""
    text = reg.text
    for e in reg.entities:
        if e.type != "person" or e.gender or e.role or is_given_name(e.name.split()[0]):
            continue
        if any(_WHICH_AFTER_RE.match(text, end) for _, end in e.mentions):
            e.type = "organization"


def _sequences(reg: Registry, lo: int, hi: int) -> list[list[tuple[int, int, str]]]:
    text = reg.text
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
        capitalised, not_name, closes = run_word(word)
        if capitalised:
            if seq and not_name:
                out.append(seq)
                seq = []
            seq.append((start, end, word))
            if closes:
                out.append(seq)
                seq = []
        elif seq and word in _CONNECTORS and _connector_ok(seq, text, end):
            seq.append((start, end, word))
        elif seq:
            out.append(seq)
            seq = []
    if seq:
        out.append(seq)
    return out


def _connector_ok(seq: list[tuple[int, int, str]], text: str, end: int) -> bool:
    word = text[max(0, end - 6) : end].split()[-1] if text[max(0, end - 6) : end].split() else ""
    if word == "on":
        nxt = _SPACE_NEXT_CHAR_RE.match(text[end : end + 6])
        return seq[-1][2].lower() in _ON_HEADS and bool(nxt and UPPER_RE.match(nxt.group(1)))
    if word in _NAME_PARTICLES and _PARTICLE_NEXT_RE.match(text, end) and UPPER_RE.match(seq[-1][2]):
        return True  # Ursula von der Leyen, Charles de Gaulle, Ludwig van Beethoven
    nxt = _SPACE_NEXT_CHAR_RE.match(text[end : end + 6])
    if not nxt or not (
        UPPER_RE.match(nxt.group(1)) or text[end + 1 : end + 4] in ("los", "las", "la ", "del")
    ):
        return False
    words = {bare(w) for _, _, w in seq}
    if seq[-1][2] in _CONNECTORS:
        return True
    if words & lx.TITLES and not words & _ORG_HEAD_WORDS:
        named = [w for _, _, w in seq if bare(w) not in lx.TITLES]
        if len(named) >= 2:
            return False  # "Dr. Chen Wei of Peking University": a full name, then an affiliation
    return (
        bool(words & lx.TITLES or words & _ORG_HEAD_WORDS)
        or seq[-1][2] in ("Cartel",)
        or (len(seq) == 1 and seq[0][2].lower() in ("bank", "university", "cartel"))
    )


def _flush(reg: Registry, seq: list[tuple[int, int, str]], known_only: bool = False) -> None:
    # Drop connectors at the end, sentence-initial function words at the start.
    while seq and seq[-1][2] in _CONNECTORS:
        seq = seq[:-1]
    honorific = None  # "Mr. Obama": dropped from the name, but it tells he from she
    while seq and (bare(seq[0][2]) in lx.NOT_NAMES or seq[0][2] in _CONNECTORS):
        if seq[0][2] in _FIRST_NAMES_NOT_MONTHS and len(seq) > 1:
            break  # "Jan Dvorak" (without a dot: not January)
        honorific = _HONORIFICS.get(bare(seq[0][2])) if len(seq) > 1 else None
        seq = seq[1:]
    if not seq:
        return
    tokens = [_clean(w) for _, _, w in seq]
    if not tokens[-1]:
        return
    end = seq[-1][0] + len(tokens[-1])
    if len(tokens) == 1 and not known_only:
        known = reg._by_key.get(name_key(tokens[0]))
        if known is not None:  # the commonest case: a name seen before ("Trump", "Abrams")
            if honorific and known.gender is None and known.type == "person":
                known.gender = honorific
            start = seq[0][0]
            reg.mentions.append(Mention(start, end, known, reg.text))
            known.mentions.append((start, end))
            return
    if known_only:
        _flush_known(reg, seq, tokens)
        return
    # Split off a leading role ("President", "High Commissioner for Human Rights").
    last_title = -1
    for i, tok in enumerate(tokens[:-1]):
        if bare(tok) in lx.TITLES:
            last_title = i
    if bare(tokens[-1]) in lx.TITLES and all(
        bare(t) in lx.TITLES or t.lower() in _TITLE_MODIFIERS for t in tokens
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
        three = len(tail) == 3 and tail[0] == last_title + 1 and tokens[tail[0]].lower() in given_names()
        if len(tail) > (3 if (conn and tail and tail[-1] < conn[0]) or three else 2):
            # (but "Gov. Earl Ray Tomblin": a given name right after the title starts the name)
            firsts = [i for i in tail if tokens[i].lower() in _FIRST_NAMES]
            tail = tail[tail.index(firsts[0]) :] if firsts else tail[-2:]
        if not tail:
            return
        name_from = tail[0]
        title = tokens[last_title]
        role = " ".join(" ".join(reg.text[seq[0][0] : seq[name_from][0]].split()).split())
        if bare(role) in {"mr", "mrs", "ms", "dr", "miss"}:
            role = None
    else:
        # "Venezuela Elliott Abrams": a place or organisation name run into a person's name.
        for i in range(1, len(tokens) - 1):
            if tokens[i].lower() in _FIRST_NAMES and tokens[i - 1].lower() not in _FIRST_NAMES:
                _flush(reg, seq[:i])
                name_from = i
                break
        else:
            # "ambassador to Britain Liu Xiaming": a known place, then a two-word name
            if (
                len(tokens) == 3
                and tokens[0].lower() in lx.PLACES
                and tokens[1].lower() not in lx.PLACES
                and " ".join(tokens[:2]).lower() not in lx.MEDIA_NAMES  # "Washington Post Trump"
                and classify_name(" ".join(tokens[1:])) == "person"
                and not tokens[-1].lower().endswith(_BODY_ENDINGS)
                and not any(t.lower() in _PLACE_FEATURES for t in tokens[1:])  # "Mississippi River Valley"
            ):
                _flush(reg, seq[:1])
                name_from = 1
    name_start = seq[name_from][0]
    name = " ".join(reg.text[name_start:end].split())
    if not name or name.lower() in lx.NOT_NAMES:
        return
    if is_demonym(tokens[-1]):
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
        and tokens[name_from].lower() not in given_names()
    ):
        kind = "organization"  # "Homeland Security Investigations", "Skylark Robotics"
    kin = None
    if kind == "person" and n_tokens == 1 and not title:
        # A lone capitalised word is a person only when it is a known surname, is used like
        # a name at the head of a clause ("Figueroa said"), or names a relative ("His wife, Leila,").
        kin = (  # (the pattern ends in a comma: most names have none before them)
            _KIN_BEFORE_RE.search(reg.text, max(0, name_start - 40), name_start)
            if reg.text[max(0, name_start - 40) : name_start].rstrip().endswith(",")
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
            and has_word(reg.text, low)
            and sentence_initial(reg.text, name_start)
        ):
            return  # "Delegates questioned …" (and "delegates" elsewhere): a plural noun
        if (
            not kin
            and not reg._surnames.get(name_key(name))
            and not (
                looks_like_subject(reg.text, end)
                and not name.lower().endswith(("an", "ese", "ish"))
                # "At a press conference in Chelsea, the mayor said": a place, not a subject
                and not after_preposition(reg.text, name_start)
            )
        ):
            return
    entity = reg._entity_for(name, kind, start=name_start, title=title)
    if entity is None:
        return
    if kin is not None and entity.gender is None:
        word = kin.group(1).lower()
        entity.gender = "f" if word in _FEMALE_KIN else "m" if word in _MALE_KIN else None
    if entity.gender is None and entity.type == "person":
        # "President Obama" then "Mr. Obama": the honorific tells
        entity.gender = honorific or (
            lx.HONORIFIC_GENDER.get(bare(title)) if title else None
        )
    if role and not entity.role:
        entity.role = role
    if not entity.role and entity.type == "person" and len(entity.mentions) < 3:
        entity.role = role_around(reg.text, name_start, end)
    reg.mentions.append(Mention(name_start, end, entity, reg.text, seq[0][0]))
    entity.mentions.append((name_start, end))


def _flush_known(reg: Registry, seq: list[tuple[int, int, str]], tokens: list[str]) -> None:
    """Headline sequences: keep only sub-sequences that name a known entity."""
    n = len(tokens)
    i = 0
    while i < n:
        for j in range(n, i, -1):
            key = name_key(" ".join(tokens[i:j]))
            ent = reg._by_key.get(key)
            if ent is not None:
                s, e = seq[i][0], seq[j - 1][0] + len(tokens[j - 1])
                reg.mentions.append(Mention(s, e, ent))
                ent.mentions.append((s, e))
                ent.first = min(ent.first, s)
                i = j - 1
                break
        i += 1


@functools.lru_cache(maxsize=16384)
def _clean(word: str) -> str:
    """The name token a word stands for: "Trump’s" -> "Trump", "Washington." -> "Washington"."""
    for p in ("’s", "'s"):
        if word.endswith(p):
            return word[: -len(p)]
    if word.endswith(".") and not _abbrev(word):
        return word.rstrip(".")
    return word


def _abbrev(word: str) -> bool:
    core = word.rstrip(".")
    return "." in core or len(core) <= 1 or core.lower() in lx.TITLES
