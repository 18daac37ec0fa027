"""Many articles at once: one output per input, atomic writes, resume, a report, no lost work.

- One bad file never stops the others; each failure is listed in ``batch-report.json``.
- Every output is written to a temporary file in the output folder and renamed into place, so an
  interrupted or killed run never leaves a partial output under its final name.
- Each finished article is appended (one line, one ``write``) to a journal,
  ``.batch-journal.jsonl``, with a key: the SHA-256 of the engine settings and the input's bytes.
  ``resume=True`` skips an article whose output exists, is unchanged since it was written, and
  whose key still matches, even after a crash or ``kill -9`` (the report is written at the end).
- ``jobs`` worker threads convert articles concurrently (useful for the llm engine, which waits on
  the network); an optional :class:`~briefing.ratelimit.RateLimiter` paces them. With
  ``processes=True`` (the rules engine, which is CPU-bound) each thread hands its article to a pool
  of ``jobs`` forked processes, so every core works; the documents are the same, byte for byte,
  and only this process writes.
- Ctrl-C stops handing out work, lets a write already under way finish, discards results that
  arrive later, writes the report (``"interrupted": true``) and re-raises ``KeyboardInterrupt``.
- ``voices.csv`` lists the speakers of every article written (resumed ones included, from the
  journal): outlet, article, speaker, gender estimate, quotes and quoted words, as newsroom
  diversity audits count them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from briefing.batch.inputs import INPUT_SUFFIXES, UrlInput, _input_bytes, _resolved, find_inputs, read_list
from briefing.batch.outputs import (
    JOURNAL_NAME,
    REPORT_NAME,
    TEMP_PREFIX,
    VOICES_COLUMNS,
    VOICES_NAME,
    _exclusive,
    _Journal,
    _sweep_temp_files,
    item_key,
    output_names,
    put_in_place,
    settings_fingerprint,
    stage,
    voices_csv,
    write_atomic,
)
from briefing.batch.results import BatchReport, Convert, Degraded, ItemResult, Rendered
from briefing.batch.workers import (
    ArticleTimeout,
    Staged,
    _ProcessPool,
    _Worker,
    convert_within,
    staged_document,
)
from briefing.errors import BriefingError, InputError
from briefing.ratelimit import RateLimiter
from briefing.text.fetch import is_url

__all__ = [
    "INPUT_SUFFIXES",
    "JOURNAL_NAME",
    "REPORT_NAME",
    "TEMP_PREFIX",
    "VOICES_COLUMNS",
    "VOICES_NAME",
    "ArticleTimeout",
    "BatchReport",
    "Convert",
    "Degraded",
    "ItemResult",
    "Rendered",
    "Staged",
    "UrlInput",
    "convert_within",
    "find_inputs",
    "item_key",
    "output_names",
    "put_in_place",
    "read_list",
    "run_batch",
    "settings_fingerprint",
    "stage",
    "staged_document",
    "voices_csv",
    "write_atomic",
]

def run_batch(
    input_dir: Path,
    output_dir: Path,
    convert: Convert,
    extension: str,
    *,
    settings: Mapping[str, Any] | None = None,
    resume: bool = False,
    jobs: int = 1,
    limiter: RateLimiter | None = None,
    on_item: Callable[[ItemResult, int, int], None] | None = None,
    max_seconds: float | None = None,
    processes: bool = False,
) -> BatchReport:
    """Convert every article in ``input_dir`` with ``convert`` (path → rendered document) and write
    ``<stem>.<extension>`` into ``output_dir``.

    ``settings`` (never secrets) is hashed with each input's bytes into the resume key; with
    ``resume`` an article whose output is complete and current is skipped. ``on_item(result, done,
    total)`` is called from the calling thread after each article. With ``max_seconds``, each
    article is converted in a child process that is stopped after that long; the article is then
    reported as failed and the others go on. With ``processes`` and more than one job (and no
    ``max_seconds``, which already converts in child processes), a pool of ``jobs`` forked
    processes converts the articles, for CPU-bound converters. Returns the report, also written
    to ``batch-report.json`` in ``output_dir``. Raises ``KeyboardInterrupt`` after writing the
    report if interrupted.
    """
    started = time.monotonic()
    if _resolved(output_dir) == _resolved(input_dir):
        raise InputError(
            f"{output_dir}: the output folder is the input folder, so the next run would read the "
            "briefings back as articles; choose another output folder"
        )
    settings = dict(settings or {})
    fingerprint = settings_fingerprint({**settings, "extension": extension})
    output_dir.mkdir(parents=True, exist_ok=True)
    report = BatchReport(str(input_dir), str(output_dir), settings)
    inputs = find_inputs(input_dir)
    names = output_names(inputs, extension)
    with _exclusive(output_dir):
        _sweep_temp_files(output_dir)
        previous = _previous_results(output_dir) if resume else {}
        journal = _Journal(output_dir / JOURNAL_NAME, fresh=not resume)
        input_files = {_resolved(p) for p in inputs}
        todo: list[tuple[Path, Path]] = []
        done = 0
        for path in inputs:
            target = output_dir / names[path]
            if resume:
                result = _up_to_date(path, target, fingerprint, previous.get(path.name))
                if result is not None:
                    report.items.append(result)
                    journal.append(path.name, result)
                    done += 1
                    if on_item:
                        on_item(result, done, len(inputs))
                    continue
            if _resolved(target) in input_files:
                result = ItemResult(str(path), None, "failed", f"{target}: output would overwrite an input "
                                    "file; choose another output folder", "InputError")
                report.items.append(result)
                done += 1
                if on_item:
                    on_item(result, done, len(inputs))
                continue
            todo.append((path, target))
        pool = _ProcessPool(convert, jobs) if processes and jobs > 1 and len(todo) > 1 and not max_seconds \
            else None
        worker = _Worker(convert, fingerprint, journal, limiter, max_seconds, pool)
        try:
            for result in worker.run(todo, jobs):
                report.items.append(result)
                done += 1
                if on_item:
                    on_item(result, done, len(inputs))
        except KeyboardInterrupt:
            report.items.extend(worker.stop())
            if pool is not None:
                pool.close(interrupted=True)
                # a pool process stopped mid-article leaves its staged file: ours, and no longer
                # anyone's (the folder is locked, and every writer has stopped)
                _sweep_temp_files(output_dir)
            finished = {i.input for i in report.items}
            report.pending = [str(p) for p, _ in todo if str(p) not in finished]
            report.interrupted = True
            report.seconds = time.monotonic() - started
            write_atomic(output_dir / REPORT_NAME, report.to_json())
            raise
        if pool is not None:
            pool.close()
        report.seconds = time.monotonic() - started
        write_atomic(output_dir / VOICES_NAME, voices_csv(report.items))
        write_atomic(output_dir / REPORT_NAME, report.to_json())
        journal.remove()  # everything it held is in the report now
    return report

def _previous_results(output_dir: Path) -> dict[str, dict[str, Any]]:
    """Finished articles of earlier runs, by input file name: the report, then the journal."""
    previous: dict[str, dict[str, Any]] = {}
    with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
        data = json.loads((output_dir / REPORT_NAME).read_text(encoding="utf-8"))
        for item in data.get("items", []):
            if item.get("status") in ("ok", "skipped") and item.get("key"):
                source = item["input"]
                name = UrlInput(source).name if is_url(source) else Path(source).name
                previous[name] = item
    for entry in _Journal.read(output_dir / JOURNAL_NAME):
        previous[entry["name"]] = entry
    return previous

def _up_to_date(
    path: Path, target: Path, fingerprint: str, before: dict[str, Any] | None
) -> ItemResult | None:
    """A ``skipped`` result if ``target`` is complete and current for ``path``, else None."""
    if not before or not before.get("key") or not before.get("output_sha256"):
        return None
    try:
        key = item_key(fingerprint, _input_bytes(path))
        output_hash = hashlib.sha256(target.read_bytes()).hexdigest()
    except (BriefingError, OSError):
        return None
    if key != before["key"] or output_hash != before["output_sha256"]:
        return None
    return ItemResult(str(path), str(target), "skipped", key=key, output_sha256=output_hash,
                      voices=before.get("voices"))
