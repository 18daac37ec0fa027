#!/usr/bin/env python3
"""Dump rules.extract JSON for every reference article into DIR, to diff before/after a speed-up.

    python benchmarks/rules_snapshot.py /tmp/before   (change the code)   ... /tmp/after; diff -r

Articles: the dev gold texts, the example, tests/fixtures (HTML through load_article), and two
long synthetic ones (40 dev articles joined; a repeated three-sentence paragraph).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path("/work/shared/gold/polnear-dev.jsonl")
UNIT = (
    "Officials said the plan “would work,” according to the report. "
    "The mayor said on Monday that taxes would rise. “We will win,” Smith said.\n\n"
)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from briefing.article import article_from_text, load_article
    from briefing.engines import rules

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    arts = {}
    texts = []
    if GOLD.exists():
        for i, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                texts.append(json.loads(line)["text"])
                arts[f"dev-{i:03d}"] = article_from_text(texts[-1])
    arts["example"] = article_from_text((ROOT / "examples/abrams-maduro.txt").read_text(encoding="utf-8"))
    for p in sorted((ROOT / "tests/fixtures").rglob("*")):
        if p.is_file():
            try:
                arts["fx-" + str(p.relative_to(ROOT / "tests/fixtures")).replace("/", "_")] = load_article(p)
            except Exception as e:  # a fixture meant to fail loading
                print("skip", p, e)
    arts["long-concat"] = article_from_text("Long\n\n" + "\n\n".join(texts[:40]))
    arts["long-unit"] = article_from_text("Long\n\n" + UNIT * 300)
    for name, article in arts.items():
        (out / f"{name}.json").write_text(rules.extract(article).model_dump_json(indent=1), encoding="utf-8")
    print(len(arts), "articles dumped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
