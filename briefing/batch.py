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
import csv
import hashlib
import io
import json
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, InputError
from briefing.logs import redact
from briefing.ratelimit import RateLimiter
from briefing.text.article import HTML_SUFFIXES, read_bytes
from briefing.text.fetch import is_url

INPUT_SUFFIXES = {".txt", ".md", ".text", *HTML_SUFFIXES}
REPORT_NAME = "batch-report.json"
JOURNAL_NAME = ".batch-journal.jsonl"
# The tool's own temporary names: short (a 240-character output name must still fit the 255-byte
# limit) and distinctive, so the sweep never takes a user's ".bashrc.backup1.tmp".
TEMP_PREFIX = ".briefing-tmp-"
_TEMP_RE = re.compile(r"^\.briefing-tmp-[0-9a-f]{16}\.tmp$")


def _temp_name(folder: Path) -> str:
    return str(folder / f"{TEMP_PREFIX}{os.urandom(8).hex()}.tmp")



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
VOICES_NAME = "voices.csv"
VOICES_COLUMNS = ("outlet", "article", "speaker", "gender_estimate", "quotes", "quoted_words")

# mkstemp creates files readable by the owner only; outputs get the usual umask-based mode instead.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


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


class UrlInput:
    """An article given by its address in a list of URLs (``briefing batch urls.txt -o out``): it
    stands where a file would, with a name made from the address for its output."""

    def __init__(self, url: str) -> None:
        self.url = url.strip()
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", re.sub(r"^https?://(www\.)?", "", self.url)).strip("-.")
        self.name = self.stem = (slug or "article")[:120]
        self.suffix = ""

    def __str__(self) -> str:
        return self.url

    def __lt__(self, other: object) -> bool:
        return str(self) < str(other)

    def key_bytes(self) -> bytes:
        """What the resume key hashes: the address (the page is only known once fetched)."""
        return self.url.encode("utf-8")


def read_list(path: Path) -> list[UrlInput]:
    """The addresses in a URL list: one per line; blank lines and lines starting with # are skipped;
    any other line that is not an http(s) address is an error naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the list of URLs ({exc})") from None
    urls = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise InputError(f"{path}:{number}: not an http(s) address: {line[:80]!r}")
        urls.append(UrlInput(line))
    return urls


def find_inputs(input_dir: Path) -> list[Any]:
    """Article files in ``input_dir`` (not recursive), sorted by name; hidden files are skipped.
    When ``input_dir`` is a file, it is a list of URLs (:func:`read_list`), in its order.

    Special files (pipes, broken links) with an article suffix are kept, so they are reported as
    failures rather than silently ignored."""
    if input_dir.is_file():
        return read_list(input_dir)
    if not input_dir.is_dir():
        raise InputError(f"{input_dir}: not a directory")
    try:
        entries = list(input_dir.iterdir())
    except OSError as exc:
        raise InputError(f"{input_dir}: cannot list ({exc.strerror or exc})") from None
    return sorted(
        p
        for p in entries
        if not p.name.startswith(".") and p.suffix.lower() in INPUT_SUFFIXES and not p.is_dir()
    )


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` so that ``path`` is always absent, the old file or the whole
    new one, never a partial file, whatever happens (Ctrl-C, ``kill -9``, a full disk).

    Where Linux allows it, the data is written and fsynced to an unnamed ``O_TMPFILE`` (which
    vanishes if the process dies), then linked under a temporary name and renamed into place.
    Otherwise a named temporary file is written and renamed at once. Either way a killed process
    can leave at most a hidden ``.briefing-tmp-<random>.tmp`` (the next batch sweeps these), never
    a partial output under its final name.
    """
    put_in_place(stage(path, content), path)


def stage(path: Path, content: str) -> str:
    """The slow half of :func:`write_atomic`: ``content`` written (and fsynced where possible) to a
    temporary file beside ``path``, whose name is returned. Several threads may stage at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8")
    mode = 0o666 & ~_UMASK
    tmp = _write_unnamed(path, data, mode)
    if tmp is None:
        while True:
            tmp = _temp_name(path.parent)
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
                break
            except FileExistsError:
                continue
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return tmp


def put_in_place(tmp: str, path: Path) -> None:
    """The quick half of :func:`write_atomic`: the staged file ``tmp`` renamed to ``path``."""
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_unnamed(path: Path, data: bytes, mode: int) -> str | None:
    """Write ``data`` durably to an ``O_TMPFILE`` and link it as a temporary name next to ``path``.
    Returns that name, or None where unnamed files or linking them are not supported."""
    global _unnamed_files_work
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not _unnamed_files_work:
        return None
    try:
        fd = os.open(path.parent, flag | os.O_WRONLY, mode)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            for _ in range(100):
                tmp = _temp_name(path.parent)
                try:
                    os.link(f"/proc/self/fd/{handle.fileno()}", tmp, follow_symlinks=True)
                    return tmp
                except FileExistsError:
                    continue
    except OSError:
        pass  # e.g. /proc not mounted, or a sandbox that refuses the link
    _unnamed_files_work = False  # do not pay for a failed attempt on every write
    return None


_unnamed_files_work = True


def settings_fingerprint(settings: Mapping[str, Any]) -> str:
    """A stable hash of the settings that shape an output (engine, model, format, version …)."""
    blob = json.dumps(dict(settings), sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def item_key(fingerprint: str, data: bytes) -> str:
    """The resume key of one input: settings fingerprint + the input's exact bytes."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + data).hexdigest()


def output_names(inputs: list[Path], extension: str) -> dict[Path, str]:
    """``<stem>.<ext>`` per input; inputs whose stems collide (a.txt, a.html) get ``<name>.<ext>``."""
    stems: dict[str, int] = {}
    for path in inputs:
        stems[path.stem.lower()] = stems.get(path.stem.lower(), 0) + 1
    return {
        p: f"{p.stem}.{extension}" if stems[p.stem.lower()] == 1 else f"{p.name}.{extension}" for p in inputs
    }


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


def voices_csv(items: list[ItemResult]) -> str:
    """``voices.csv``: one row per speaker per article written, articles in name order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VOICES_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for item in sorted(items, key=lambda i: i.input):
        for row in item.voices or ():
            writer.writerow(row)
    return out.getvalue()


class ArticleTimeout(BriefingError):
    """One article took longer than ``--max-seconds``: it alone fails, the batch goes on."""


class _ChildError(Exception):
    """An error raised in the child process that converted an article, by its type name."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name


def convert_within(convert: Convert, path: Path, seconds: float | None) -> str | Rendered | Degraded:
    """``convert(path)`` in a child process that is killed after ``seconds`` (None: never): a
    pathological input cannot hold a worker, and a crash ends the child, not the batch. Linux and
    macOS fork the child (the converter need not be picklable)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)

    def child() -> None:
        writer.send(_captured(convert, path))

    process = ctx.Process(target=child, daemon=True, name="briefing-article")
    process.start()
    writer.close()
    try:
        if not reader.poll(seconds):
            raise ArticleTimeout(
                f"{path}: gave up after {seconds:g} s (--max-seconds); the other articles go on"
            )
        try:
            kind, value = reader.recv()
        except EOFError:
            process.join(5)
            raise _ChildError("ChildDied", f"{path}: the process converting it died "
                              f"(exit code {process.exitcode})") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        reader.close()
    return _outcome(kind, value)


def _captured(convert: Convert, path: Path) -> tuple[str, Any]:
    """``convert(path)`` as a picklable outcome: ``("ok", document)`` or ``("error", (type name,
    message, exit code))`` (exceptions are sent by type and message: they may not pickle)."""
    try:
        return ("ok", convert(path))
    except BaseException as exc:
        return ("error", (type(exc).__name__, str(exc), getattr(exc, "exit_code", None)))


def _outcome(kind: str, value: Any) -> Any:
    """The document of a :func:`_captured` outcome, or its error raised as :class:`_ChildError`."""
    if kind == "ok":
        return value
    type_name, message, exit_code = value
    if exit_code is not None:
        error = BriefingError(message)
        error.exit_code = exit_code
        raise _ChildError(type_name, message) from error
    raise _ChildError(type_name, message)


# The converter of the batch under way, set before its process pool forks: the children inherit it
# (a converter is usually a closure, which cannot be pickled and sent).
_pool_convert: Convert | None = None


def _start_pool_process() -> None:
    """In a pool process: Ctrl-C is the parent's to handle (it stops handing out work), and when
    the parent dies (even by ``kill -9``) the process ends too, instead of waiting forever."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="briefing-parent-watch").start()


def _convert_and_stage(path: Path, target: Path) -> tuple[str, Any]:
    assert _pool_convert is not None
    convert = _pool_convert
    return _captured(lambda p: staged_document(convert(p), target), path)


class _ProcessPool:
    """``jobs`` forked processes converting articles for the batch's threads. The processes are
    forked at once, from the calling thread, before any worker thread starts; a process that dies
    fails its article alone (the pool is made again for the others)."""

    def __init__(self, convert: Convert, jobs: int) -> None:
        self.convert = convert
        self.jobs = jobs
        self.lock = threading.Lock()
        self.executor = self._start()

    def _start(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _pool_convert
        _pool_convert = self.convert
        executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start_pool_process)
        executor.submit(int).result()  # forks every process now, before the threads exist
        return executor

    def convert_and_stage(self, path: Path, target: Path) -> Staged:
        from concurrent.futures.process import BrokenProcessPool

        with self.lock:
            executor = self.executor
        try:
            kind, value = executor.submit(_convert_and_stage, path, target).result()
        except BrokenProcessPool:
            # A process died (a crash, the OOM killer) and took every article in the pool with it.
            # The first thread to see it makes a new pool; each of those articles is converted
            # again alone in a child of its own, so only one that kills its own process fails.
            with self.lock:
                if self.executor is executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self.executor = self._start()
            return staged_document(convert_within(self.convert, path, None), target)
        return _outcome(kind, value)

    def close(self, interrupted: bool = False) -> None:
        """Shut the pool down; when interrupted, stop the conversions under way too (their results
        would be dropped anyway), so Ctrl-C does not wait for a slow article."""
        import multiprocessing

        with self.lock:
            self.executor.shutdown(wait=False, cancel_futures=True)
            if interrupted:
                for child in multiprocessing.active_children():
                    child.terminate()


class _Worker:
    """Runs ``convert`` over the to-do list in ``jobs`` daemon threads; writes happen under a lock
    that :meth:`stop` takes, so no write is cut short and none starts after an interrupt."""

    def __init__(self, convert: Convert, fingerprint: str, journal: _Journal, limiter: RateLimiter | None,
                 max_seconds: float | None = None, pool: _ProcessPool | None = None):
        self.max_seconds = max_seconds
        self.pool = pool
        self.convert = convert
        self.fingerprint = fingerprint
        self.journal = journal
        self.limiter = limiter
        self.stopping = threading.Event()
        self.write_lock = threading.Lock()
        self.results: queue.Queue[ItemResult] = queue.Queue()

    def run(self, todo: list[tuple[Path, Path]], jobs: int) -> Iterator[ItemResult]:
        tasks: queue.Queue[tuple[Path, Path]] = queue.Queue()
        for task in todo:
            tasks.put(task)
        # With a process pool, three threads per process: while one thread writes its
        # article, another's is already waiting in the pool, so no process idles.
        threads_wanted = 3 * jobs if self.pool is not None else jobs
        threads = [
            threading.Thread(target=self._loop, args=(tasks,), daemon=True, name=f"briefing-batch-{n}")
            for n in range(max(1, min(threads_wanted, len(todo))))
        ]
        for thread in threads:
            thread.start()
        for _ in range(len(todo)):
            # A timeout keeps the main thread responsive to Ctrl-C on every platform.
            while True:
                try:
                    yield self.results.get(timeout=0.1)
                    break
                except queue.Empty:
                    if not any(t.is_alive() for t in threads) and self.results.empty():
                        return

    def stop(self) -> list[ItemResult]:
        """Stop handing out work; wait for a write in progress; return results not yet yielded."""
        self.stopping.set()
        with self.write_lock:
            drained = []
            while True:
                try:
                    drained.append(self.results.get_nowait())
                except queue.Empty:
                    return drained

    def _loop(self, tasks: queue.Queue[tuple[Path, Path]]) -> None:
        while not self.stopping.is_set():
            try:
                path, target = tasks.get_nowait()
            except queue.Empty:
                return
            if self.limiter is not None and not self.limiter.acquire(self.stopping):
                return
            self._one(path, target)

    def _one(self, path: Path, target: Path) -> None:
        started = time.perf_counter()
        key = None
        try:
            key = item_key(self.fingerprint, _input_bytes(path))
            if self.max_seconds:
                staged = staged_document(convert_within(self.convert, path, self.max_seconds), target)
            elif self.pool is not None:
                staged = self.pool.convert_and_stage(path, target)
            else:
                staged = staged_document(self.convert(path), target)
        except BriefingError as exc:
            result = ItemResult(str(path), None, "failed", redact(str(exc)), type(exc).__name__, key=key)
        except _ChildError as exc:
            known = isinstance(exc.__cause__, BriefingError) or exc.type_name == "ChildDied"
            message = str(exc) if known else f"{path}: unexpected {exc.type_name}: {exc}"
            result = ItemResult(str(path), None, "failed", redact(message), exc.type_name, key=key)
        except Exception as exc:  # one bad file never stops the others
            message = redact(f"{path}: unexpected {type(exc).__name__}: {exc}")
            result = ItemResult(str(path), None, "failed", message, type(exc).__name__, key=key)
        else:
            result = staged.result(path, target, key)
        result.seconds = round(time.perf_counter() - started, 4)
        temporary = staged.temporary if result.status in ("ok", "degraded") else None
        with self.write_lock:  # only the rename into place, which is quick, happens under the lock
            if self.stopping.is_set():
                if temporary is not None:
                    Path(temporary).unlink(missing_ok=True)
                return  # interrupted: the result is dropped, nothing is written
            if temporary is not None:
                try:
                    put_in_place(temporary, target)
                except OSError as exc:
                    result = _unwritable(path, target, str(exc.strerror or exc), result.seconds, key)
            self.journal.append(path.name, result)
            self.results.put(result)


@dataclass
class Staged:
    """A converted article written to a temporary file beside its output (see :func:`stage`), with
    what the report needs. Made by the thread or the process that converted it, so writing and
    syncing overlap across jobs; the batch's writer only renames it into place."""

    temporary: str | None
    sha256: str | None = None
    voices: list[dict[str, Any]] | None = None
    degraded: Degraded | None = None
    write_error: str | None = None

    def result(self, path: Path, target: Path, key: str | None) -> ItemResult:
        if self.write_error is not None:
            return _unwritable(path, target, self.write_error, 0.0, key)
        if self.degraded is not None:
            return ItemResult(str(path), str(target), "degraded", redact(self.degraded.reason),
                              self.degraded.error_type, key=key, voices=self.voices,
                              output_sha256=self.sha256)
        return ItemResult(str(path), str(target), "ok", key=key, voices=self.voices,
                          output_sha256=self.sha256)


def staged_document(document: str | Rendered | Degraded, target: Path) -> Staged:
    """``document`` (a converter's return value) staged for ``target``: hashed and written to a
    temporary file; a write that fails is recorded, not raised."""
    voices, degraded = None, None
    if isinstance(document, Degraded):
        degraded, voices, document = document, document.voices, document.document
    elif isinstance(document, Rendered):
        document, voices = document.document, document.voices
    sha256 = hashlib.sha256(document.encode("utf-8")).hexdigest()
    try:
        temporary = stage(target, document)
    except OSError as exc:
        return Staged(None, write_error=str(exc.strerror or exc))
    if degraded is not None:
        degraded = Degraded("", degraded.reason, degraded.error_type)  # the text is in the file
    return Staged(temporary, sha256, voices, degraded)


def _unwritable(path: Path, target: Path, why: str, seconds: float, key: str | None) -> ItemResult:
    return ItemResult(str(path), None, "failed", f"{target}: cannot write ({why})", "OutputError", seconds,
                      key)


class _Journal:
    """Append-only record of finished articles; one ``os.write`` per line, so a kill leaves at most
    one unreadable last line, which is ignored."""

    def __init__(self, path: Path, *, fresh: bool) -> None:
        self.path = path
        # never through a symbolic link planted at the journal's name: that would write elsewhere
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if fresh else 0)
        try:
            self._fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            why = "it is a symbolic link; remove it" if path.is_symlink() else exc.strerror or str(exc)
            raise InputError(f"{path}: cannot write the batch journal ({why})") from None

    def append(self, name: str, result: ItemResult) -> None:
        if result.status not in ("ok", "skipped"):
            return  # not complete: --resume redoes it
        line = json.dumps({"name": name, "key": result.key, "output": result.output,
                           "output_sha256": result.output_sha256, "voices": result.voices},
                          ensure_ascii=True) + "\n"
        os.write(self._fd, line.encode())

    def remove(self) -> None:
        os.close(self._fd)
        self.path.unlink(missing_ok=True)

    @staticmethod
    def read(path: Path) -> Iterator[dict[str, Any]]:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict) and "name" in entry:
                    yield entry


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


def _input_bytes(path: Any) -> bytes:
    """What an input's resume key hashes: a file's bytes, or a URL's address."""
    return path.key_bytes() if isinstance(path, UrlInput) else read_bytes(path, regular_only=True)


def _resolved(path: Any) -> Any:
    """``path`` made absolute with links followed where possible (loops and dangling links too)."""
    if isinstance(path, UrlInput):
        return path
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _sweep_temp_files(output_dir: Path) -> None:
    """Remove temporary files a killed run left behind (only ours: ``.briefing-tmp-<16 hex>.tmp``)."""
    for entry in output_dir.iterdir():
        if _TEMP_RE.match(entry.name) and entry.is_file():
            entry.unlink(missing_ok=True)


@contextlib.contextmanager
def _exclusive(output_dir: Path) -> Iterator[None]:
    """Hold an advisory lock on the output folder so two batches never write into it at once.
    The lock dies with the process, even on ``kill -9``."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    fd = os.open(output_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(f"{output_dir}: another briefing batch is writing to this folder") from None
        yield
    finally:
        os.close(fd)
