"""Which language an article is written in, so that English rules are never applied to another.

Uses CLD2 (``pycld2``: Google's Compact Language Detector 2, Apache 2.0), whose model is compiled
into its wheel: nothing is downloaded, the import takes about 2 ms and an article about 0.1 ms.
A text too short or too mixed to tell is reported as undetermined (None), and treated as English.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGLISH = "en"
_SAMPLE_CHARS = 100_000  # the start of the article decides; a long one is not read whole


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1 where one exists ("de", "fr"), as CLD2 names it
    name: str  # "German", "French"
    percent: int  # share of the text in that language


def detect(text: str) -> Language | None:
    """The language of most of ``text``, when CLD2 is sure of it; else None."""
    try:
        import pycld2
    except ImportError:  # pragma: no cover - a dependency; without it, nothing is claimed
        return None
    sample = text[:_SAMPLE_CHARS].encode("utf-8", "replace")
    try:
        reliable, _, details = pycld2.detect(sample, bestEffort=False)
    except pycld2.error:  # control bytes or invalid UTF-8 it refuses: no claim
        return None
    if not reliable or not details or details[0][1] in ("un", "xxx"):
        return None
    name, code, percent, _score = details[0]
    return Language(code=code, name=name.capitalize(), percent=int(percent))
