"""Containment queries over (start, end) ranges in O(log n), for stages that ask them per match.

Stages used to ask "is this offset inside any quotation?" with a linear ``any(...)``, which made
long articles quadratic. An ``Intervals`` answers the same questions, with the same answers, from
sorted starts and a running maximum of the ends (ranges may nest or overlap).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Intervals:
    """Half-open ranges ``[start, end)``. Queries answer with indices into the list given, in start
    order (ties in the given order), which is the list's order when it is sorted by start."""

    __slots__ = ("ends", "max_end", "order", "starts")

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        given = list(ranges)
        self.order = sorted(range(len(given)), key=lambda i: given[i][0])
        pairs = [given[i] for i in self.order]
        self.starts = [s for s, _ in pairs]
        self.ends = [e for _, e in pairs]
        self.max_end: list[int] = []  # max_end[i] = max(ends[: i + 1]), non-decreasing
        best = None
        for e in self.ends:
            best = e if best is None or e > best else best
            self.max_end.append(best)

    def first_containing(self, pos: int) -> int | None:
        """Index of the first range (in start order) with ``start <= pos < end``, else None."""
        j = bisect.bisect_right(self.max_end, pos)  # every range before j ends at or before pos
        if j < len(self.starts) and self.starts[j] <= pos:
            return self.order[j]
        return None

    def covers(self, pos: int) -> bool:
        """Some range holds ``pos`` (``any(s <= pos < e for s, e in ranges)``)."""
        return self.first_containing(pos) is not None

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices, in start order, of the ranges with ``s < end and e > start``."""
        k = bisect.bisect_left(self.starts, end)
        out = []
        j = k - 1
        while j >= 0 and self.max_end[j] > start:  # nothing at or before j reaches past start
            if self.ends[j] > start:
                out.append(self.order[j])
            j -= 1
        out.reverse()
        return out
