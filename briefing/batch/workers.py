"""Who converts a batch's articles: threads, a pool of forked processes (CPU-bound engines), or a
child process per article that is stopped after ``--max-seconds``; only the batch writes."""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.batch.inputs import _input_bytes
from briefing.batch.outputs import _Journal, item_key, put_in_place, stage
from briefing.batch.results import Convert, Degraded, ItemResult, Rendered
from briefing.errors import BriefingError
from briefing.logs import redact
from briefing.ratelimit import RateLimiter


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
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the CLI's KeyboardInterrupt: kill() must end it
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
    # The CLI turns SIGTERM into KeyboardInterrupt; inherited here, it made terminate() raise inside
    # the pool's worker loop, which caught it, printed a traceback and kept the process alive.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
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

class _PoolClosed(Exception):
    """The pool was closed (Ctrl-C) while an article waited for it: the article is not converted."""


class _ProcessPool:
    """``jobs`` forked processes converting articles for the batch's threads. The processes are
    forked at once, from the calling thread, before any worker thread starts; a process that dies
    fails its article alone (the pool is made again for the others)."""

    def __init__(self, convert: Convert, jobs: int) -> None:
        self.convert = convert
        self.jobs = jobs
        self.lock = threading.Lock()
        self.closed = False
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
        from concurrent.futures import CancelledError
        from concurrent.futures.process import BrokenProcessPool

        with self.lock:
            if self.closed:
                raise _PoolClosed("the batch was interrupted")
            executor = self.executor
        try:
            kind, value = executor.submit(_convert_and_stage, path, target).result()
        except (BrokenProcessPool, CancelledError, RuntimeError):
            # A process died (a crash, the OOM killer) and took every article in the pool with it.
            # The first thread to see it makes a new pool; each of those articles is converted
            # again alone in a child of its own, so only one that kills its own process fails.
            # After close() (Ctrl-C) nothing is started again: a new pool made then would outlive
            # the batch, and the interpreter would wait for it at exit.
            with self.lock:
                if self.closed:
                    raise _PoolClosed("the batch was interrupted") from None
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
            self.closed = True
            self.executor.shutdown(wait=False, cancel_futures=True)
            if interrupted:
                children = multiprocessing.active_children()
                for child in children:
                    child.terminate()
                for child in children:  # gone before the caller sweeps their temporary files
                    child.join(5)
                    if child.is_alive():
                        child.kill()
                        child.join(1)

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
            # The journal line goes first: a kill between it and the rename leaves a line whose
            # output hash does not match (resume redoes the article); the other order left a
            # complete output with no line, which resume converted again.
            self.journal.append(path.name, result)
            if temporary is not None:
                try:
                    put_in_place(temporary, target)
                except OSError as exc:
                    result = _unwritable(path, target, str(exc.strerror or exc), result.seconds, key)
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
