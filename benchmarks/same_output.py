#!/usr/bin/env python3
"""Check that a speed-up changed no output: the rules engine's full JSON against a saved snapshot.

    python -m benchmarks.same_output DIR --save   (before the change: write DIR/<name>.json)
    python -m benchmarks.same_output DIR          (after it: compare, list every file that differs)

Texts: every article of the shared dev gold (polnear-dev.jsonl, beside the checkout or in
/work/shared/gold), tests/fixtures/gold/team-dev.jsonl and tests/fixtures/abrams-maduro.txt. The
output compared is what `briefing generate -f json` prints (``render(briefing, "json")``), byte for
byte. Keep DIR outside the repository. Exit status 1 when any output differs or is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` and `briefing` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import find_gold  # noqa: E402


def texts() -> dict[str, str]:
    """Name -> article text, for every text compared."""
    named: dict[str, str] = {}
    gold = find_gold()
    if gold is None:  # say so rather than compare less, silently
        raise SystemExit("the shared dev gold (polnear-dev.jsonl) was not found")
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            named[f"polnear-{record.get('id', len(named))}"] = record["text"]
    for line in (ROOT / "tests/fixtures/gold/team-dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            named[f"team-{record['id']}"] = record["text"]
    named["abrams-maduro"] = (ROOT / "tests/fixtures/abrams-maduro.txt").read_text(encoding="utf-8")
    return named


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path, help="snapshot directory (outside the repository)")
    parser.add_argument("--save", action="store_true", help="write the snapshot instead of comparing")
    args = parser.parse_args()

    from briefing.article import article_from_text
    from briefing.pipeline import generate
    from briefing.render import render

    if args.save:
        args.snapshot.mkdir(parents=True, exist_ok=True)
    differ = []
    named = texts()
    for name, text in named.items():
        output = render(generate(article_from_text(text), "rules"), "json")
        path = args.snapshot / f"{name}.json"
        if args.save:
            path.write_text(output, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != output:
            differ.append(name)
    if args.save:
        print(f"saved {len(named)} outputs to {args.snapshot}")
        return 0
    if differ:
        print(f"{len(differ)} of {len(named)} outputs differ: {', '.join(differ)}")
        return 1
    print(f"outputs identical on {len(named)} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
