"""What a batch writes, and how: atomic outputs, the journal, voices.csv, the folder lock."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from briefing.batch.results import ItemResult
from briefing.errors import InputError

REPORT_NAME = "batch-report.json"

JOURNAL_NAME = ".batch-journal.jsonl"

VOICES_NAME = "voices.csv"

VOICES_COLUMNS = ("outlet", "article", "speaker", "gender_estimate", "quotes", "quoted_words")

# The tool's own temporary names: short (a 240-character output name must still fit the 255-byte
# limit) and distinctive, so the sweep never takes a user's ".bashrc.backup1.tmp".
TEMP_PREFIX = ".briefing-tmp-"

_TEMP_RE = re.compile(r"^\.briefing-tmp-[0-9a-f]{16}\.tmp$")

def _temp_name(folder: Path) -> str:
    return str(folder / f"{TEMP_PREFIX}{os.urandom(8).hex()}.tmp")

# mkstemp creates files readable by the owner only; outputs get the usual umask-based mode instead.
_UMASK = os.umask(0o022)

os.umask(_UMASK)

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

def voices_csv(items: list[ItemResult]) -> str:
    """``voices.csv``: one row per speaker per article written, articles in name order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VOICES_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for item in sorted(items, key=lambda i: i.input):
        for row in item.voices or ():
            writer.writerow(row)
    return out.getvalue()

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
