"""A client-side rate limit shared by threads: at most N requests per minute, evenly spaced.

``briefing batch --rate-limit N`` installs one process-wide limiter; the llm engine's transport
calls :func:`acquire` before every HTTP request (retries included), so a batch with many jobs
stays under a provider's requests-per-minute quota instead of collecting 429s.
"""

from __future__ import annotations

import threading
import time


class RateLimiter:
    """Hands out evenly spaced time slots, ``60 / per_minute`` seconds apart, to any thread."""

    def __init__(self, per_minute: float) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.interval = 60.0 / per_minute
        self._next = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self, stop: threading.Event | None = None) -> bool:
        """Wait for the next slot. Returns False (without waiting it out) if ``stop`` is set."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay <= 0:
            return not (stop and stop.is_set())
        if stop is None:
            time.sleep(delay)
            return True
        return not stop.wait(delay)


_active: RateLimiter | None = None


def install(limiter: RateLimiter | None) -> None:
    """Make ``limiter`` the process-wide limit (``None`` removes it)."""
    global _active
    _active = limiter


def acquire() -> None:
    """Wait for a slot under the process-wide limit, if one is installed; else return at once."""
    if _active is not None:
        _active.acquire()
