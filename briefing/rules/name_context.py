"""What the words around a name say about it: the subject of its clause, the opener of its
sentence, after a preposition, introduced with a role ("Henry Crespo, president of the caucus"),
and the role written next to it. Pronoun resolution and role-keeping read these."""

from __future__ import annotations

import re

from briefing.rules import lexicon as lx

_SAID = lx.alternation(lx.forms("said-told-added"))  # said|says|told|added
_ROLE_BEFORE_RE = re.compile(
    rf"(?:^|[,(;—–:]\s*|\b(?:by|with|to|from|and|that|{_SAID})\s+)"
    r"((?:the|a|an|[A-Z])[^,.;:()\n—–]{2,110}?)\s*$"
)
# The lowercase word after a name, past "(…)" and "of the Foo Bar": its verb if it is a subject.
_VERB_AFTER_NAME_RE = re.compile(
    r"[\s,]*(?:\([^)]{0,40}\)\s*)?(?:(?:at|of|from|for|with)\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+)+)?"
    # an adverb before the verb: "Van Der Beek even touched upon …", "Smith quickly denied …"
    r"(?:(?:even|also|later|then|still|never|often|recently|previously|already|again|[a-z]{3,}ly)\s+)?"
    r"([a-z][\w’'-]*)"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)\s*$")
_ROLE_STOPS = tuple(",.;:()\n—–")  # the characters the role in _ROLE_BEFORE_RE excludes
_ROLE_AFTER_RE = re.compile(rf",\s+((?:a|an|the)\s[^,.;()\n]{{3,110}}?)(?=[,.;)]|\s+(?:{_SAID})\b)")
_INTRO_ROLE_RE = re.compile(
    r",\s+(?:(?:a|an|the)\s+)?((?:[\w’'-]+\s+){0,3}?[\w’'-]+)(?:\s+(?:of|for|at)\b|,)"
)
_INTRO_ROLE_WORDS = lx.TITLES | frozenset(
    """spokesman spokeswoman spokesperson lawyer attorney professor analyst economist researcher
    scientist expert strategist pollster adviser advisor aide consultant founder owner executive
    officer official organizer activist fellow member resident""".split()
)
# A verb or relative pronoun: the apposition is a clause, not a role.
_CLAUSE_WORD_RE = re.compile(rf"\b(?:{_SAID}|is|was|has|had|who|which)\b")
_PREPOSITIONS = frozenset(
    "of to for with towards toward by from at in on about against than like over under into onto upon "
    "between among including via see saw".split()
)
_AUX_NEXT = lx.forms("said-told-added") | frozenset(
    """has had have is was were will would also appears appeared did does can
    could should must might may later then previously already never not who
    thought knew felt made took saw got gave wrote spoke began became left kept found stood met
    heard paid sent spent brought held led meant won lost ran sat went came struck hit threw drew
    chose rose fell broke""".split()
)
_ABBREV_BEFORE_DOT_RE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Rev|Prof|St|Jr|Sr)$"
)


def looks_like_subject(text: str, end: int) -> bool:
    m = _VERB_AFTER_NAME_RE.match(text[end : end + 60])
    if not m:
        return False
    w = m.group(1)
    if text[end : end + 2].startswith(","):
        return w in ("who", "a", "an", "the")
    return w in _AUX_NEXT or w.endswith(("ed", "es")) or (w.endswith("s") and not w.endswith("ss"))


def sentence_initial(text: str, start: int) -> bool:
    """The name opens its sentence, perhaps after a short lead-in ("On Wednesday, Trump …") or
    a longer adverbial one ("Following a performance of “Black Water,” Simmons …")."""
    lo = max(0, start - 90)
    before = text[lo:start]
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
    if not (lead.rstrip("”’\"'").endswith(",") and lead[:1].isupper()):
        return False
    return len(words) <= 4 or (len(words) <= 10 and words[0].lower() in _LEAD_IN_WORDS)


# Words that open an adverbial lead-in before a sentence's subject ("After the vote, Smith …")
_LEAD_IN_WORDS = frozenset(
    "after following before during when while as since despite in on at speaking asked".split()
)


def after_preposition(text: str, start: int) -> bool:
    m = _WORD_BEFORE_RE.search(text[max(0, start - 20) : start])
    return bool(m and m.group(1).lower() in _PREPOSITIONS)


def introduced(text: str, end: int) -> bool:
    """A person's first mention followed by a role in apposition ("Henry Crespo, president of
    the caucus", "Jo Ward, a lawyer for the family"): news introduces a source this way, and
    the next "he said" is theirs."""
    m = _INTRO_ROLE_RE.match(text, end, end + 60)
    return bool(m and any(w.lower() in _INTRO_ROLE_WORDS for w in m.group(1).split()))


def role_around(text: str, start: int, end: int) -> str | None:
    """A role written next to a name: "the State Department’s special envoy on Venezuela Elliott
    Abrams" or "Michelle Bachelet, a former ally of the Maduro regime,"."""
    text = text
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
