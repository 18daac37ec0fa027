"""Run one article through an engine: the library entry point behind `briefing generate`."""

from __future__ import annotations

from typing import Literal

from briefing.config import LLMSettings, llm_configured
from briefing.schema import Article, Briefing

EngineChoice = Literal["auto", "rules", "llm"]


def choose_engine(engine: EngineChoice, settings: LLMSettings | None = None) -> Literal["rules", "llm"]:
    """Resolve ``auto``: the llm engine when an LLM is configured, else rules."""
    if engine == "auto":
        return "llm" if llm_configured(settings) else "rules"
    return engine


def generate(
    article: Article, engine: EngineChoice = "rules", settings: LLMSettings | None = None
) -> Briefing:
    """Extract actors, quotes, sources and positions from ``article`` with the chosen engine."""
    chosen = choose_engine(engine, settings)
    if chosen == "llm":
        from briefing.llm.engine import extract as llm_extract

        return llm_extract(article, settings or LLMSettings())
    from briefing.rules import extract

    return extract(article)
