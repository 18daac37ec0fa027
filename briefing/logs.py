"""Logging for ``--verbose`` and redaction of secrets from anything briefing prints or writes.

API keys must never reach stderr, logs, outputs or reports, even when an endpoint echoes the key
back in an error body. :func:`redact` masks the configured keys and anything key-shaped; the
``--verbose`` handler runs every record through it.
"""

from __future__ import annotations

import logging
import os
import re
import sys

# Key-shaped strings: OpenAI-style (sk-…, sk-proj-…), bearer tokens, and common key=… pairs.
_KEY_PATTERNS = re.compile(
    r"(?:\bsk-[A-Za-z0-9_\-]{8,})"
    r"|(?:(?<=Bearer )[A-Za-z0-9._\-~+/]{8,}=*)"
    r"|(?:(?<=api[_-]key=)[^\s&\"']{8,})",
    re.IGNORECASE,
)
_KEY_ENV = ("OPENAI_API_KEY", "BRIEFING_API_KEY")
REDACTED = "[redacted]"


def _known_secrets() -> list[str]:
    values = [os.environ.get(name, "") for name in _KEY_ENV]
    return sorted({v for v in values if len(v) >= 6}, key=len, reverse=True)


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with the configured API keys, the given ``secrets`` and key-shaped strings masked."""
    known = {s for s in (*secrets, *_known_secrets()) if s and len(s) >= 6}
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _KEY_PATTERNS.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Formats each record once and masks secrets in the result."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken log call must not break the run
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info:
            # Tracebacks can carry request headers in locals' reprs; keep only the exception line.
            exc = record.exc_info[1]
            record.msg += f" ({type(exc).__name__}: {redact(str(exc))})"
            record.exc_info, record.exc_text = None, None
        return True


def setup(verbose: bool) -> None:
    """With ``verbose``, send briefing's (and the HTTP client's) debug log to stderr, redacted."""
    if not verbose:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("briefing: %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    for name in ("briefing", "openai", "instructor", "httpx"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        logger.propagate = False
