"""The LLM response cache: JSON text in a diskcache folder, never anything that runs.

instructor's own ``DiskCache`` reads entries with diskcache's default serialisation, pickle: an entry
planted in the cache folder would run code on the next identical request. Here an entry is the
JSON text instructor stores (the validated answer and the raw response), kept by diskcache as a
plain string. Reading refuses what diskcache would unpickle (a pickled value or key), and an entry
that is not JSON of the expected shape (an answer and the completion it came from), or whose answer
does not validate, is a cache miss, with a warning, never a crash.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from instructor.cache import BaseCache

log = logging.getLogger(__name__)


class UnsafeEntry(Exception):
    """A cache entry diskcache would have unpickled."""


def _safe_disk() -> type:
    import diskcache
    from diskcache.core import MODE_PICKLE

    class SafeDisk(diskcache.Disk):  # type: ignore[misc]
        """diskcache's storage that never unpickles: values and keys are text or bytes only."""

        def fetch(self, mode: int, filename: Any, value: Any, read: bool) -> Any:
            if mode == MODE_PICKLE:
                raise UnsafeEntry("a pickled value")
            return super().fetch(mode, filename, value, read)

        def get(self, key: Any, raw: bool) -> Any:
            if not raw:
                raise UnsafeEntry("a pickled key")
            return super().get(key, raw)

    return SafeDisk


def _completion(raw: Any) -> bool:
    """Is ``raw`` the JSON of a chat completion, as instructor stores beside every answer?"""
    if not isinstance(raw, str):
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("choices"), list) and bool(data["choices"])


class JsonDiskCache(BaseCache):
    """instructor's cache interface over a diskcache folder holding JSON text only."""

    def __init__(self, directory: str) -> None:
        import diskcache

        self.directory = directory
        self._cache = diskcache.Cache(directory, disk=_safe_disk())
        self._local = threading.local()  # entries ignored by this thread's calls, see take_ignored

    def take_ignored(self) -> list[str]:
        """Why entries were ignored since the last call, in this thread (one article's calls run in
        one thread), for the briefing's diagnostics."""
        ignored = getattr(self._local, "ignored", [])
        self._local.ignored = []
        return ignored

    def get(self, key: str) -> Any | None:
        try:
            value = self._cache.get(key)
        except UnsafeEntry as exc:
            return self._miss(key, f"it holds {exc}, which is never loaded")
        except Exception as exc:  # a corrupt database row or file: a miss, not a crash
            return self._miss(key, f"it cannot be read ({type(exc).__name__})")
        if value is None:
            return None
        if not isinstance(value, str):
            return self._miss(key, "it is not text")
        try:
            data = json.loads(value)
        except ValueError:
            return self._miss(key, "it is not JSON")
        answer = data.get("model") if isinstance(data, dict) else None
        if not isinstance(answer, str) or not _completion(data.get("raw")):
            return self._miss(key, "it is not a cached answer")
        self._local.last = key
        return value

    def reject_last(self) -> None:
        """The entry this thread read last did not validate as an answer: forget it (a miss)."""
        key = getattr(self._local, "last", None)
        if key is not None:
            self._local.last = None
            self._miss(key, "it is not an answer to this request")

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        if not isinstance(value, str):
            return  # instructor stores JSON text; anything else is not kept
        try:
            self._cache.set(key, value, expire=ttl)
        except Exception as exc:  # a full or read-only disk must not stop the run
            log.warning("llm cache: could not store an answer in %s (%s)", self.directory, type(exc).__name__)

    def forget(self, key: str) -> None:
        try:
            self._cache.delete(key)
        except Exception:  # best effort: the entry is ignored anyway
            pass

    def _miss(self, key: str, why: str) -> None:
        message = f"llm cache: ignored an entry in {self.directory} because {why}; asked the model instead"
        log.warning("%s", message)
        if not hasattr(self._local, "ignored"):
            self._local.ignored = []
        self._local.ignored.append(message)
        self.forget(key)
        return None
