"""Many articles at once: one output per input, atomic writes, a report, no lost work.

One bad file never stops the others. Each output is written to a temporary file in the output
folder and renamed into place, so an interrupted run leaves no partial files.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from briefing.article import HTML_SUFFIXES
from briefing.errors import BriefingError, InputError

INPUT_SUFFIXES = {".txt", ".md", ".text", *HTML_SUFFIXES}
REPORT_NAME = "batch-report.json"


@dataclass
class ItemResult:
    input: str
    output: str | None
    status: str  # "ok" | "failed" | "skipped"
    error: str | None = None
    seconds: float = 0.0


@dataclass
class BatchReport:
    input_dir: str
    output_dir: str
    items: list[ItemResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "failed"]

    @property
    def succeeded(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "ok"]

    def to_json(self) -> str:
        data = {
            "input_dir": self.input_dir,
            "output_dir": self.output_dir,
            "total": len(self.items),
            "ok": len(self.succeeded),
            "failed": len(self.failed),
            "skipped": sum(i.status == "skipped" for i in self.items),
            "items": [asdict(i) for i in self.items],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def find_inputs(input_dir: Path) -> list[Path]:
    """Article files in ``input_dir`` (not recursive), sorted by name; hidden files are skipped."""
    if not input_dir.is_dir():
        raise InputError(f"{input_dir}: not a directory")
    return sorted(
        p
        for p in input_dir.iterdir()
        if not p.name.startswith(".") and p.suffix.lower() in INPUT_SUFFIXES and not p.is_dir()
    )


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_batch(
    input_dir: Path,
    output_dir: Path,
    convert: Callable[[Path], str],
    extension: str,
    on_item: Callable[[ItemResult], None] | None = None,
) -> BatchReport:
    """Convert every article in ``input_dir`` with ``convert`` (path → rendered document) and write
    ``<stem>.<extension>`` into ``output_dir``. Returns the report, also written as
    ``batch-report.json`` in ``output_dir``."""
    output_dir.mkdir(parents=True, exist_ok=True)
    report = BatchReport(str(input_dir), str(output_dir))
    for result in _convert_all(find_inputs(input_dir), output_dir, convert, extension):
        report.items.append(result)
        if on_item:
            on_item(result)
    write_atomic(output_dir / REPORT_NAME, report.to_json())
    return report


def _convert_all(
    inputs: list[Path], output_dir: Path, convert: Callable[[Path], str], extension: str
) -> Iterator[ItemResult]:
    for path in inputs:
        target = output_dir / f"{path.stem}.{extension}"
        started = time.perf_counter()
        try:
            write_atomic(target, convert(path))
        except BriefingError as exc:
            yield ItemResult(str(path), None, "failed", str(exc), time.perf_counter() - started)
        except Exception as exc:  # one bad file never stops the others
            message = f"{path}: unexpected {type(exc).__name__}: {exc}"
            yield ItemResult(str(path), None, "failed", message, time.perf_counter() - started)
        else:
            yield ItemResult(str(path), str(target), "ok", None, time.perf_counter() - started)
