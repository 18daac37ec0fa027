"""Settings for the llm engine: flags > BRIEFING_* > OPENAI_* environment variables.

One function, :func:`resolve_api_key`, looks up the API key in a documented order. The other
``resolved_*`` methods apply the same precedence to the remaining settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError

DEFAULT_MODEL = "gpt-4o-mini"
MODES = ("tools", "json", "md_json", "json_schema")
SCOPES = ("uncertain", "all")
OPENAI_HOST = "api.openai.com"


@dataclass
class LLMSettings:
    """How to reach the model and how hard to try. ``None`` means: take it from the environment."""

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    mode: str | None = None  # instructor mode: tools, json, md_json, json_schema
    max_reasks: int = 2  # validation re-asks after the first answer (instructor max_retries)
    max_retries: int = 4  # transport retries per request: 429, 5xx, timeouts, resets (tenacity)
    retry_wait_max: float = 60.0  # cap, in seconds, on one backoff or Retry-After wait
    timeout: float | None = None  # seconds per HTTP request; env BRIEFING_TIMEOUT, else 120
    cache: bool = True
    cache_dir: str | None = None
    chunk_tokens: int | None = None  # article tokens per call; env BRIEFING_CHUNK_TOKENS
    max_output_tokens: int = 2048
    scope: str | None = None  # what the model is asked: uncertain (default) or all; env BRIEFING_LLM_SCOPE
    temperature: float = 0.0
    allow_insecure_http: bool = False  # send the key over http:// to a host that is not loopback
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
        return (
            self.base_url or os.environ.get("BRIEFING_BASE_URL") or os.environ.get("OPENAI_BASE_URL") or None
        )

    def resolved_mode(self) -> str:
        """The instructor mode: ``--mode``, else ``BRIEFING_MODE``, else ``tools`` for OpenAI's own
        API and ``json`` for any other endpoint (local servers rarely support tool calls well)."""
        mode = (self.mode or os.environ.get("BRIEFING_MODE") or "").strip().lower()
        if mode:
            if mode not in MODES:
                raise ConfigError(f"unknown LLM mode {mode!r}; choose one of {', '.join(MODES)}")
            return mode
        base_url = self.resolved_base_url()
        return "tools" if base_url is None or OPENAI_HOST in base_url else "json"

    def resolved_cache_dir(self) -> Path:
        """``cache_dir``, else ``BRIEFING_CACHE_DIR``, else the user cache directory + ``/llm``."""
        if self.cache_dir:
            return Path(self.cache_dir)
        if os.environ.get("BRIEFING_CACHE_DIR"):
            return Path(os.environ["BRIEFING_CACHE_DIR"])
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("briefing")) / "llm"

    def resolved_scope(self) -> str:
        """``uncertain``: the model is asked only about the quotes the rules engine abstains on or
        is unsure of, with their paragraphs; ``all``: about every candidate in the whole article.
        ``scope``, else ``BRIEFING_LLM_SCOPE``, else ``uncertain``."""
        scope = (self.scope or os.environ.get("BRIEFING_LLM_SCOPE") or "uncertain").strip().lower()
        if scope not in SCOPES:
            raise ConfigError(f"unknown LLM scope {scope!r}; choose one of {', '.join(SCOPES)}")
        return scope

    def resolved_timeout(self) -> float:
        """Seconds per HTTP request: ``timeout``, else ``BRIEFING_TIMEOUT``, else 120."""
        if self.timeout:
            return self.timeout
        return _positive_number("BRIEFING_TIMEOUT", float) or DEFAULT_TIMEOUT

    def resolved_chunk_tokens(self) -> int:
        """Article tokens per call (estimated as characters / 4); longer articles are chunked."""
        if self.chunk_tokens:
            return self.chunk_tokens
        return _positive_number("BRIEFING_CHUNK_TOKENS", int) or DEFAULT_CHUNK_TOKENS


def _positive_number(name: str, kind: type) -> Any:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a positive number, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be a positive number, not {raw!r}")
    return value


DEFAULT_CHUNK_TOKENS = 3500
DEFAULT_TIMEOUT = 120.0

# environment variable -> (LLMSettings field, type)
RETRY_ENV = {
    "BRIEFING_MAX_RETRIES": ("max_retries", int),  # transport retries per request
    "BRIEFING_RETRY_WAIT_MAX": ("retry_wait_max", float),  # seconds, cap on one backoff
    "BRIEFING_MAX_REASKS": ("max_reasks", int),  # validation re-asks
}


def retries_from_env(settings: LLMSettings) -> LLMSettings:
    """``settings`` with the retry limits set from ``BRIEFING_MAX_RETRIES``,
    ``BRIEFING_RETRY_WAIT_MAX`` and ``BRIEFING_MAX_REASKS`` where they are set (0 allowed)."""
    for env, (name, kind) in RETRY_ENV.items():
        raw = os.environ.get(env, "").strip()
        if not raw:
            continue
        try:
            value = kind(raw)
        except ValueError:
            raise ConfigError(f"{env} must be a number, not {raw!r}") from None
        if value < 0:
            raise ConfigError(f"{env} must not be negative")
        setattr(settings, name, value)
    return settings


def resolve_api_key(explicit: str | None = None) -> str | None:
    """The API key, looked up in this order: the ``explicit`` argument (``--api-key``),
    ``BRIEFING_API_KEY``, then ``OPENAI_API_KEY``. ``None`` when none is set."""
    for value in (explicit, os.environ.get("BRIEFING_API_KEY"), os.environ.get("OPENAI_API_KEY")):
        if value:
            return value
    return None


def require_api_key(settings: LLMSettings) -> str:
    """The key from :func:`resolve_api_key`; a placeholder for a local (non-OpenAI) endpoint; else
    a :class:`ConfigError` that says how to set one."""
    key = resolve_api_key(settings.api_key)
    if key:
        _refuse_key_over_plain_http(settings)
        return key
    base_url = settings.resolved_base_url()
    if base_url and OPENAI_HOST not in base_url:
        # Local servers (Ollama, llama.cpp, vLLM) accept any key.
        return "not-needed"
    raise ConfigError(
        "the llm engine needs an API key: set OPENAI_API_KEY (or BRIEFING_API_KEY), or point "
        "BRIEFING_BASE_URL / --base-url at a local OpenAI-compatible server; or use --engine rules"
    )


_LOOPBACK_HOSTS = ("localhost", "::1")


def _refuse_key_over_plain_http(settings: LLMSettings) -> None:
    """An API key travels in a header: over plain http to another machine, anyone on the way can
    read it. Loopback is fine (a local server); elsewhere it takes --allow-insecure-http."""
    from urllib.parse import urlsplit

    base_url = settings.resolved_base_url()
    if not base_url or settings.allow_insecure_http or os.environ.get("BRIEFING_ALLOW_INSECURE_HTTP") == "1":
        return
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "http" or host in _LOOPBACK_HOSTS or host.startswith("127."):
        return
    raise ConfigError(
        f"refusing to send the API key over plain http to {host}: anyone on the network path could "
        "read it. Use an https:// endpoint, a server on this machine (127.0.0.1), unset the key "
        "for a local server that needs none, or pass --allow-insecure-http "
        "(BRIEFING_ALLOW_INSECURE_HTTP=1) if you accept the risk"
    )


def llm_configured(settings: LLMSettings | None = None) -> bool:
    """True when an LLM endpoint is configured, so ``--engine auto`` picks the llm engine."""
    settings = settings or LLMSettings()
    return bool(
        resolve_api_key(settings.api_key)
        or settings.resolved_base_url()
        or settings.model
        or os.environ.get("BRIEFING_MODEL")
    )
