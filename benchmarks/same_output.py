#!/usr/bin/env python3
"""Check that a speed-up changed no output: the rules engine's full JSON against a saved snapshot.

    python -m benchmarks.same_output DIR --save   (before the change: write DIR/<name>.json)
    python -m benchmarks.same_output DIR          (after it: compare, list every file that differs)
    python -m benchmarks.same_output DIR --ignore via,confidence   (compare without fields a change added;
                                                                    article.NAME for an article field)

Articles: every text of the shared dev gold (polnear-dev.jsonl, beside the checkout or in
/work/shared/gold), of tests/fixtures/gold/team-dev.jsonl and web-dev.jsonl, the example, the saved pages in
tests/fixtures/html (through ``load_article``, as users give them), and two long synthetic ones
(40 dev articles joined; a repeated three-sentence paragraph). The output compared is what
`briefing generate -f json` prints (``render(briefing, "json")``), byte for byte. Keep DIR outside
the repository. Exit status 1 when any output differs or is missing.
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

# A short paragraph of the commonest constructions, repeated into a long article.
UNIT = (
    "Officials said the plan “would work,” according to the report. "
    "The mayor said on Monday that taxes would rise. “We will win,” Smith said.\n\n"
)


def _jsonl_texts(path: Path, prefix: str) -> dict[str, str]:
    named = {}
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            record = json.loads(line)
            named[f"{prefix}-{record.get('id', i)}"] = record["text"]
    return named


def articles() -> dict:
    """Name -> Article, for every article compared."""
    from briefing.text.article import article_from_text, load_article

    gold = find_gold()
    if gold is None:  # say so rather than compare less, silently
        raise SystemExit("the shared dev gold (polnear-dev.jsonl) was not found")
    dev = _jsonl_texts(gold, "polnear")
    texts = {
        **dev,
        **_jsonl_texts(ROOT / "tests/fixtures/gold/team-dev.jsonl", "team"),
        **_jsonl_texts(ROOT / "tests/fixtures/gold/web-dev.jsonl", "web"),
    }
    texts["abrams-maduro"] = (ROOT / "tests/fixtures/abrams-maduro.txt").read_text(encoding="utf-8")
    texts["long-concat"] = "Long\n\n" + "\n\n".join(list(dev.values())[:40])
    texts["long-unit"] = "Long\n\n" + UNIT * 300
    named = {name: article_from_text(text) for name, text in texts.items()}
    for page in sorted((ROOT / "tests/fixtures/html").glob("*.html")):
        named[f"html-{page.stem}"] = load_article(page)
    return named


def _comparable(output: str, ignore: set[str]) -> str:
    """The output as compared: byte for byte, or without the ignored fields: quote fields by name
    (``via``), article fields as ``article.NAME``, with the diagnostics that name them."""
    if not ignore:
        return output
    data = json.loads(output)
    for q in data.get("quotes", []):
        for field in ignore:
            q.pop(field, None)
    for field in ignore:
        if field.startswith("article."):
            name = field.removeprefix("article.")
            data.get("article", {}).pop(name, None)
            data["diagnostics"] = [d for d in data.get("diagnostics", []) if name not in d.get("message", "")]
    return json.dumps(data, sort_keys=True)


def _print_moves(name: str, before: str, after: str) -> None:
    """The quotes that appeared, disappeared or changed speaker or span, before -> after."""
    def rows(output: str) -> dict[tuple[int, int], tuple[str, str | None]]:
        return {(q["start"], q["end"]): (q["type"], q.get("speaker")) for q in json.loads(output)["quotes"]}

    old, new = rows(before), rows(after)
    text = json.loads(after)["article"]["text"]
    for span in sorted(set(old) | set(new)):
        if old.get(span) != new.get(span):
            words = " ".join(text[span[0] : span[1]].split())[:70]
            print(f"  {name} {span[0]}-{span[1]}: {old.get(span)} -> {new.get(span)}  {words!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path, help="snapshot directory (outside the repository)")
    parser.add_argument("--save", action="store_true", help="write the snapshot instead of comparing")
    parser.add_argument(
        "--ignore",
        default="",
        help="comma-separated quote fields left out of the comparison (fields a change added)",
    )
    parser.add_argument("--list", action="store_true", help="print the quotes that moved, per differing text")
    args = parser.parse_args()
    ignore = {f for f in args.ignore.split(",") if f}

    from briefing.pipeline import generate
    from briefing.render.formats import render

    if args.save:
        args.snapshot.mkdir(parents=True, exist_ok=True)
    differ = []
    named = articles()
    for name, article in named.items():
        output = render(generate(article, "rules"), "json")
        path = args.snapshot / f"{name}.json"
        if args.save:
            path.write_text(output, encoding="utf-8")
        elif not path.exists() or _comparable(path.read_text(encoding="utf-8"), ignore) != _comparable(
            output, ignore
        ):
            differ.append(name)
            if args.list and path.exists():
                _print_moves(name, path.read_text(encoding="utf-8"), output)
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
