"""Logging for ``--verbose`` and redaction of secrets from anything briefing prints or writes.

API keys must never reach stderr, logs, outputs or reports, even when an endpoint echoes the key
back in an error body. :func:`redact` masks the configured keys, anything key-shaped, and the
secrets a URL can carry (user-info, ``key=``/``token=`` query parameters); the ``--verbose``
handler runs every record through it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Any

# Key-shaped strings: OpenAI-style (sk-…, sk-proj-…), bearer tokens, and common key=… pairs.
_KEY_PATTERNS = re.compile(
    r"(?:\bsk-[A-Za-z0-9_\-]{8,})"
    r"|(?:(?<=Bearer )[A-Za-z0-9._\-~+/]{8,}=*)"
    r"|(?:(?<=api[_-]key=)[^\s&\"']{8,})",
    re.IGNORECASE,
)
# A URL's user-info (http://alice:secret@host) and key-like query parameters (?key=…, &token=…).
_URL_USERINFO = re.compile(r"(?<=://)[^/\s@]+@")
_URL_SECRET_PARAMS = re.compile(
    r"(?<=[?&;])((?:api[_-]?key|key|token|access[_-]?token|auth|secret|password|passwd|pwd|sig|signature)=)"
    r"[^&;#\s\"']+",
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
    text = _URL_USERINFO.sub(REDACTED + "@", text)
    text = _URL_SECRET_PARAMS.sub(lambda m: m.group(1) + REDACTED, text)
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
            # One line per exception, even under --verbose: the type and the (redacted) message.
            exc = record.exc_info[1]
            record.msg += f" ({type(exc).__name__}: {redact(str(exc))})"
            record.exc_info, record.exc_text = None, None
        return True


_LIBRARIES = ("briefing", "openai", "instructor", "httpx", "httpcore")


def setup(verbose: bool) -> None:
    """Without ``verbose``, keep library log lines (instructor's "API call failed …", which can
    quote an error body) off stderr: briefing prints its own one-line warnings. With ``verbose``,
    send briefing's and the HTTP clients' debug log to stderr, every line redacted."""
    handler: logging.Handler
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("briefing: %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
    else:
        handler = logging.NullHandler()
    for name in _LIBRARIES:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, "_briefing", False)]:
            logger.removeHandler(old)
        handler._briefing = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
        logger.propagate = not verbose


def redact_diagnostics(briefing: Any) -> None:
    """Mask secrets in a briefing's diagnostics (error texts from an endpoint may echo the key)
    before it is rendered or written. Article text and quotes are never touched."""
    for diagnostic in getattr(briefing, "diagnostics", []):
        diagnostic.message = redact(diagnostic.message)
        if diagnostic.item:
            diagnostic.item = redact(diagnostic.item)


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str, keep: str = "") -> str:
    """``text`` safe to write to a terminal: every control character (C0, DEL, C1, line and
    paragraph separators), except those in ``keep``, is shown as an escape (``\\x1b``), so an
    escape sequence in a file name or an article (OSC 52 writes to the clipboard) is never obeyed."""

    def escaped(m: re.Match[str]) -> str:
        ch = m.group()
        if ch in keep:
            return ch
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    return _CONTROL_RE.sub(escaped, text)
