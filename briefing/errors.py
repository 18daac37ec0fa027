"""One exception root for everything briefing raises on purpose.

Each message says what went wrong and what to do next. The CLI maps these to exit codes and prints
one line, without a traceback; library users can catch :class:`BriefingError`.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Root of every error briefing raises deliberately."""

    exit_code = 1


class InputError(BriefingError):
    """The input article cannot be read or is not usable text (exit 2)."""

    exit_code = 2


class ConfigError(BriefingError):
    """Settings are missing or contradictory, e.g. no API key for the llm engine (exit 2)."""

    exit_code = 2


class TemplateError(BriefingError):
    """A template is missing or failed to render: a bad --template-dir is a bad setting (exit 2)."""

    exit_code = 2


class LLMError(BriefingError):
    """The LLM endpoint failed for good: after transport retries or validation re-asks."""

    exit_code = 3


class GoldFileError(BriefingError):
    """A gold annotation file for `briefing eval` is malformed (exit 2)."""

    exit_code = 2
