"""Neutral voice: find loaded terms in prose the model writes (roles, position summaries).

Words inside quotation marks are the article's or a speaker's and are allowed; the same words in
the briefing's own voice are not. The list is deliberately short and literal: terms that carry a
verdict (“dictator”, “regime”), verbs that cast doubt or blame (“claimed”, “admitted”,
“slammed”), and intensifiers (“shockingly”).
"""

from __future__ import annotations

import re

LOADED_TERMS: tuple[str, ...] = (
    "dictator", "dictators", "dictatorship", "regime", "regimes", "tyrant", "tyranny", "despot",
    "strongman", "junta", "thug", "thugs", "terrorist", "terrorists", "extremist", "extremists",
    "radical", "radicals", "so-called", "notorious", "infamous", "brutal", "corrupt", "disgraced",
    "puppet", "propaganda", "slammed", "blasted", "lashed out", "ranted", "admitted", "claimed",
    "conceded", "insisted", "shocking", "shockingly", "outrageous", "heroic", "hero", "villain",
    "sham", "hoax", "liar", "lies", "scheme", "mob", "evil", "criminal", "crimes", "gross",
    "flat-out", "far-left", "far-right", "hardline", "hard-line",
)  # fmt: skip

_QUOTED = re.compile(
    r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|(?<![\w])‘[^’]*’(?![\w])|(?<![\w])'[^']*'(?![\w])"
)
_TERMS = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(t) for t in sorted(LOADED_TERMS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


def unquoted(text: str) -> str:
    """``text`` with every quoted stretch blanked out (same length, so offsets survive)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def loaded_terms(text: str) -> list[str]:
    """Loaded terms that ``text`` uses outside quotation marks, lower-cased, in order."""
    return [m.group(1).lower() for m in _TERMS.finditer(unquoted(text))]
