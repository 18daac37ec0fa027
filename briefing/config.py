"""Settings for the llm engine: flags > BRIEFING_* > OPENAI_* environment variables.

One function, :func:`resolve_api_key`, looks up the API key in a documented order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from briefing.errors import ConfigError

DEFAULT_MODEL = "gpt-4o-mini"


@dataclass
class LLMSettings:
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    mode: str | None = None  # instructor mode: tools, json, md_json, json_schema
    max_reasks: int = 2
    max_retries: int = 4
    timeout: float = 120.0
    cache: bool = True
    cache_dir: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def __repr__(self) -> str:  # never print the key
        key = "set" if self.api_key else "unset"
        return (
            f"LLMSettings(model={self.resolved_model()!r}, "
            f"base_url={self.resolved_base_url()!r}, api_key={key})"
        )

    def resolved_model(self) -> str:
        return self.model or os.environ.get("BRIEFING_MODEL") or DEFAULT_MODEL

    def resolved_base_url(self) -> str | None:
        return self.base_url or os.environ.get("BRIEFING_BASE_URL") or os.environ.get("OPENAI_BASE_URL") or None


def resolve_api_key(explicit: str | None = None) -> str | None:
    """The API key, looked up in this order: the ``explicit`` argument (``--api-key``),
    ``BRIEFING_API_KEY``, then ``OPENAI_API_KEY``. ``None`` when none is set."""
    for value in (explicit, os.environ.get("BRIEFING_API_KEY"), os.environ.get("OPENAI_API_KEY")):
        if value:
            return value
    return None


def require_api_key(settings: LLMSettings) -> str:
    key = resolve_api_key(settings.api_key)
    if key:
        return key
    if settings.resolved_base_url():
        # Local servers (Ollama, llama.cpp, vLLM) accept any key.
        return "not-needed"
    raise ConfigError(
        "the llm engine needs an API key: set OPENAI_API_KEY (or BRIEFING_API_KEY), or point "
        "BRIEFING_BASE_URL / --base-url at a local OpenAI-compatible server; or use --engine rules"
    )


def llm_configured(settings: LLMSettings | None = None) -> bool:
    """True when an LLM endpoint is configured, so ``--engine auto`` picks the llm engine."""
    settings = settings or LLMSettings()
    return bool(resolve_api_key(settings.api_key) or settings.resolved_base_url() or settings.model
                or os.environ.get("BRIEFING_MODEL"))
