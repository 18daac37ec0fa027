"""Neutral voice: find loaded terms in prose the model writes (roles, position summaries).

Words inside quotation marks are the article's or a speaker's and are allowed; the same words in
the briefing's own voice are not. The list is deliberately short and literal: terms that carry a
verdict (“dictator”, “regime”), verbs that cast doubt or blame (“claimed”, “admitted”,
“slammed”), and intensifiers (“shockingly”): one list with the rules engine's language notes,
``LOADED_TERMS`` of briefing/rules/lexicon.json.
"""

from __future__ import annotations

import json
import re
from importlib import resources

# The loaded terms are the rules engine's (briefing/rules/lexicon.json, each with its neutral note),
# read from the data file without importing the rules engine.
_LEXICON = resources.files("briefing").joinpath("rules").joinpath("lexicon.json")
LOADED_TERMS: tuple[str, ...] = tuple(
    term
    for term, entry in json.loads(_LEXICON.read_text("utf-8"))["loaded_terms"].items()
    if "model prose" in entry["flag in"]
)

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
