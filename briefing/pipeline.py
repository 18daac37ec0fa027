"""Run one article through an engine: the library entry point behind `briefing generate`."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

from briefing.config import LLMSettings, llm_configured
from briefing.errors import ConfigError
from briefing.schema import Article, Briefing

EngineChoice = Literal["auto", "rules", "llm"]


def choose_engine(engine: EngineChoice, settings: LLMSettings | None = None) -> Literal["rules", "llm"]:
    """Resolve ``auto``: the llm engine when an LLM is configured, else rules."""
    if engine == "auto":
        return "llm" if llm_configured(settings) else "rules"
    return engine


def check_min_confidence(value: float | str | None) -> float | None:
    """``value`` as a threshold from 0 to 1 (None: the calibrated default); a number written as
    text is read (the CLI passes it so). Anything else is a :class:`ConfigError` (exit 2)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not 0.0 <= number <= 1.0:  # NaN fails too
        raise ConfigError(f"--min-confidence must be a number from 0 to 1, not {str(value)!r}")
    return number


def resolved_min_confidence(value: float | str | None) -> float:
    """The threshold the rules engine will use: ``value``, or the calibrated default when None."""
    checked = check_min_confidence(value)
    if checked is not None:
        return checked
    from briefing.rules.confidence import default_min_confidence

    return default_min_confidence()


def generate(
    article: Article,
    engine: EngineChoice = "rules",
    settings: LLMSettings | None = None,
    *,
    min_confidence: float | None = None,
) -> Briefing:
    """Extract actors, quotes, sources and positions from ``article`` with the chosen engine, and
    sum them up at a glance (``Briefing.glance``).

    ``min_confidence`` (0-1; None: the calibrated default) is the rules engine's threshold: a
    speaker it is less sure of is not named, and the quote is marked as needing review, with the
    speakers it could be. The llm engine passes it to the rules engine it starts from."""
    from briefing.glance import with_glance

    threshold = check_min_confidence(min_confidence)
    chosen = choose_engine(engine, settings)
    if chosen == "llm":
        from briefing.llm.engine import extract as llm_extract

        result = llm_extract(article, settings or LLMSettings(), min_confidence=threshold)
    else:
        from briefing.rules import extract

        result = extract(article, min_confidence=threshold)
    return with_glance(_noting_boilerplate(result))


def _noting_boilerplate(briefing: Briefing) -> Briefing:
    """Say which lines of a page were left out of its text as the site's own (``Article.boilerplate``),
    so that nothing leaves the article in silence."""
    from briefing.schema import Diagnostic

    notes = [
        Diagnostic(level="info", message="left out of the article text as page boilerplate", item=line)
        for line in briefing.article.boilerplate
    ]
    briefing.diagnostics[:0] = notes
    return briefing


def brief_source(
    source: str | Path,
    engine: EngineChoice = "rules",
    settings: LLMSettings | None = None,
    *,
    min_confidence: float | None = None,
    encoding: str | None = None,
    apostrophe_quotes: bool = False,
    language: str | None = None,
) -> Briefing:
    """One article file or address, loaded and briefed, with secrets masked in its diagnostics:
    what ``briefing batch`` writes for each input, and what :func:`briefing.extract_many` maps
    over a Dask bag, so the two give the same briefings."""
    from briefing.text.article import load_article

    article = load_article(source, encoding=encoding, apostrophe_quotes=apostrophe_quotes, language=language)
    return brief_article(article, engine, settings, min_confidence=min_confidence)


def brief_article(
    article: Article,
    engine: EngineChoice = "rules",
    settings: LLMSettings | None = None,
    *,
    min_confidence: float | None = None,
) -> Briefing:
    """:func:`generate`, with secrets masked in the diagnostics: the briefing a batch writes."""
    from briefing.logs import redact_diagnostics

    result = generate(article, engine, settings, min_confidence=min_confidence)
    redact_diagnostics(result)
    return result
