"""Interval queries give the same answers as the linear scans they replace."""

import random

from briefing.text.intervals import Intervals


def test_interval_queries_match_a_linear_scan():
    rng = random.Random(7)
    for _ in range(200):
        ranges = []
        for _ in range(rng.randint(0, 25)):
            s = rng.randint(0, 100)
            ranges.append((s, s + rng.randint(0, 30)))  # nested, overlapping, empty, duplicates
        if rng.random() < 0.5:
            ranges.sort()
        index = Intervals(ranges)
        order = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
        for pos in range(-2, 135):
            first = next((i for i in order if ranges[i][0] <= pos < ranges[i][1]), None)
            assert index.first_containing(pos) == first
            assert index.covers(pos) == any(s <= pos < e for s, e in ranges)
            end = pos + rng.randint(0, 20)
            expected = [i for i in order if ranges[i][0] < end and ranges[i][1] > pos]
            assert index.overlapping(pos, end) == expected
