#!/usr/bin/env python3
"""Speaker accuracy on the matched direct quotes that ``briefing eval`` cannot check by itself.

PolNeAR's gold speaker is the Source span as written ("he", "the envoy"), so ``briefing eval``
checks the speaker only where that span is a name. A corpus with canonical speaker names checks
every matched direct quote. This script covers the rest by hand:

    python benchmarks/speaker_checks.py list  [--all] [GOLD.jsonl]   # the quotes, with context
    python benchmarks/speaker_checks.py score [GOLD.jsonl]           # accuracy, from the labels

``list`` prints each matched gold direct quote whose ``speaker_mention`` is not a name
(``evaluate.is_name`` is False), with its paragraph and the one before, the gold mention, our
predicted speaker and the label recorded for it, if any (``--all``: labelled ones too; default:
only those without a label or where the prediction is now judged wrong).

The labels are in ``benchmarks/speaker_checks.jsonl``: one JSON object per gold quote,
``{"id", "start", "end", "mention", "speaker", "note"}``, where ``speaker`` is the canonical name a
reader of the article gives the source (null when the article names nobody: "a spokesman"). THEY
ARE THE TEAM'S OWN READING of the articles, not PolNeAR annotations. ``score`` counts a quote right
as ``briefing eval`` does (a shared capitalised name token); quotes labelled null are left out of
the accuracy and counted apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import find_gold  # noqa: E402

LABELS = Path(__file__).with_name("speaker_checks.jsonl")


def matched_quotes(gold_path: Path):
    """(article, gold quote, predicted speaker, named) for every matched gold direct quote."""
    from briefing import evaluate as ev
    from briefing import gold

    predict = ev.engine_predictor("rules")
    for art in ev.load_gold(gold_path):
        preds = predict(art)
        for pi, gj, _ in ev.match_direct(art, preds)[2]:
            g = art.quotes[gj]
            yield art, g, preds[pi].speaker, gold.is_name(g.speaker_mention)


def load_labels() -> dict[tuple[str, int, int], dict]:
    if not LABELS.exists():
        return {}
    out = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if "id" in rec:
                out[(rec["id"], rec["start"], rec["end"])] = rec
    return out


def context(text: str, start: int, end: int) -> str:
    """The paragraph holding the quote and the one before it."""
    lo = text.rfind("\n", 0, start)
    lo = text.rfind("\n", 0, max(0, lo - 1)) if lo > 0 else 0
    lo = text.rfind("\n", 0, max(0, lo - 1)) if lo > 0 else 0
    hi = text.find("\n", end)
    return text[max(0, lo) : hi if hi >= 0 else len(text)].strip()


def cmd_list(gold: Path, show_all: bool) -> int:
    from briefing.gold import speaker_matches

    labels = load_labels()
    n = 0
    for art, g, pred, named in matched_quotes(gold):
        if named:
            continue
        rec = labels.get((art.id, g.start, g.end))
        wrong = rec is not None and rec["speaker"] is not None and not speaker_matches(pred, rec["speaker"])
        if rec is not None and not wrong and not show_all:
            continue
        n += 1
        print("=" * 100)
        key = {"id": art.id, "start": g.start, "end": g.end, "mention": g.speaker_mention}
        print(json.dumps(key, ensure_ascii=False))
        label = rec["speaker"] if rec else "(none)"
        print(f"predicted: {pred!r}   label: {label!r}{'   WRONG' if wrong else ''}")
        print("-" * 100)
        print(context(art.text, g.start, g.end))
    print(f"\n{n} quotes listed", file=sys.stderr)
    return 0


def cmd_score(gold: Path) -> int:
    from briefing.gold import speaker_matches

    labels = load_labels()
    named_total = named_right = checked_total = checked_right = unnamed = unlabelled = 0
    for art, g, pred, named in matched_quotes(gold):
        if named:
            named_total += 1
            named_right += speaker_matches(pred, g.speaker_mention)
            continue
        rec = labels.get((art.id, g.start, g.end))
        if rec is None:
            unlabelled += 1
            print(f"unlabelled: {art.id} {g.start}-{g.end} mention={g.speaker_mention!r} predicted={pred!r}")
        elif rec["speaker"] is None:
            unnamed += 1
        else:
            checked_total += 1
            right = speaker_matches(pred, rec["speaker"])
            checked_right += right
            if not right:
                print(
                    f"wrong: {art.id} {g.start}-{g.end} mention={g.speaker_mention!r} "
                    f"predicted={pred!r} label={rec['speaker']!r}"
                )

    def pct(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    print(f"pronoun/role-attributed quotes (team labels): {pct(checked_right, checked_total)}")
    print(f"named gold mentions (briefing eval):          {pct(named_right, named_total)}")
    both = pct(checked_right + named_right, checked_total + named_total)
    print(f"all checked matched direct quotes:            {both}")
    print(f"left out: {unnamed} labelled as naming nobody, {unlabelled} matched but not labelled")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["list", "score"])
    ap.add_argument("gold", nargs="?", help="default: the shared polnear-dev.jsonl")
    ap.add_argument("--all", action="store_true", help="list: labelled quotes too")
    args = ap.parse_args()
    gold = find_gold(args.gold)
    if gold is None:
        raise SystemExit("the shared dev gold (polnear-dev.jsonl) was not found; give its path")
    return cmd_list(gold, args.all) if args.command == "list" else cmd_score(gold)


if __name__ == "__main__":
    raise SystemExit(main())
