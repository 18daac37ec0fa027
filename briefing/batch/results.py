"""What a batch records: each article's outcome, the report, and what a converter returns."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field  # noqa: F401
from pathlib import Path
from typing import Any

from briefing.logs import redact


@dataclass
class Degraded:
    """A document written in place of the one asked for, e.g. the rules engine's result after the
    llm engine failed for good. It is written, but counts as a failure: listed in the report with
    ``reason``, a non-zero exit, and redone by ``--resume``."""

    document: str
    reason: str
    error_type: str = "LLMError"
    voices: list[dict[str, Any]] | None = None

@dataclass
class Rendered:
    """A document and the rows it adds to ``voices.csv`` (see :data:`VOICES_COLUMNS`)."""

    document: str
    voices: list[dict[str, Any]] = field(default_factory=list)

Convert = Callable[[Path], "str | Rendered | Degraded"]

@dataclass
class ItemResult:
    """What happened to one input. ``status`` is ``ok``, ``skipped`` (up to date), ``failed``
    (nothing written) or ``degraded`` (a fallback written, see :class:`Degraded`)."""

    input: str
    output: str | None
    status: str
    error: str | None = None
    error_type: str | None = None
    seconds: float = 0.0
    key: str | None = None
    output_sha256: str | None = None
    voices: list[dict[str, Any]] | None = None  # rows for voices.csv

@dataclass
class BatchReport:
    input_dir: str
    output_dir: str
    settings: dict[str, Any] = field(default_factory=dict)
    items: list[ItemResult] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the Batch API's rounds and costs

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status in ("failed", "degraded")]

    @property
    def degraded(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "degraded"]

    @property
    def succeeded(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "ok"]

    @property
    def skipped(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "skipped"]

    def to_json(self) -> str:
        data = {
            "input_dir": self.input_dir,
            "output_dir": self.output_dir,
            # a base URL may carry credentials (http://user:pass@host, ?key=…): never stored
            "settings": {k: redact(v) if isinstance(v, str) else v for k, v in self.settings.items()},
            "complete": not self.interrupted,
            "interrupted": self.interrupted,
            "total": len(self.items) + len(self.pending),
            "ok": len(self.succeeded),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "degraded": len(self.degraded),
            "not_done": len(self.pending),
            "seconds": round(self.seconds, 3),
            "failures": [
                {"input": i.input, "status": i.status, "output": i.output, "error": i.error,
                 "error_type": i.error_type}
                for i in self.failed
            ],
            "items": [dict(vars(i)) for i in sorted(self.items, key=lambda i: i.input)],  # shallow: fast
            "pending": self.pending,
            **self.extra,
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def batch_output(
    result: Any, fmt: str, template_dir: str | None, name: str, source: str, *, llm: bool
) -> Rendered | Degraded:
    """``result`` as one article's output in a batch: rendered, with its rows for voices.csv, and
    :class:`Degraded` (written, but counted as a failure) when the llm engine fell back to the rules
    result for all or part of it (``llm``: it was the engine asked for)."""
    from briefing.glance import voice_rows
    from briefing.render.formats import render

    document = render(result, fmt, template_dir)  # type: ignore[arg-type]
    voices = voice_rows(result, name)
    if llm:
        from briefing.llm.engine import failures

        failed = failures(result)
        if failed:
            return Degraded(document, f"{source}: {failed[0]}", voices=voices)
    return Rendered(document, voices)
