#!/usr/bin/env python3
"""How right the rules engine's speakers are, rule by rule, and whether its confidences mean it.

    python benchmarks/calibration.py            # per-rule precision, reliability, thresholds
    python benchmarks/calibration.py --write    # also write briefing/rules/confidence.json

Over every dev gold set (PolNeAR dev, team-dev, web-dev; never web-holdout), the engine runs with
no threshold, and every matched quote whose gold speaker is known is checked as ``briefing eval``
checks a direct quote's (a shared capitalised name token): direct quotes as ``briefing eval``
matches them, and reported speech matched to gold reported speech the same way (Jaccard >= 0.5,
one to one), since a reader sees both. The gold speaker is the canonical
one where the corpus gives it, else a mention that is a name, else, for PolNeAR quotes attributed
by "he" or "the governor", the team's reading in ``benchmarks/speaker_checks.jsonl``. Where a corpus
of canonical speakers says the article names no one, a source kept as written ("a source
familiar with the talks") is right.

Printed:

1. per rule (``Quote.via``) and per kind of mention (name, pronoun, description, none): quotes
   checked, right, precision;
2. per doubt (``briefing.rules.confidence``): precision with and without it;
3. a reliability table: confidence bins against the share actually right;
4. thresholds: for each ``--min-confidence``, per corpus, the precision among direct quotes shown
   with a speaker, the share shown (coverage) and the accuracy counting "unclear" as wrong;
5. the same, each corpus scored with numbers fitted on the *other* corpora only (an estimate of
   what the engine does on news it was not calibrated on).

``--write`` fits the numbers (smoothed precisions and doubt factors) on all dev sets and writes
the default threshold. A speaker is shown when it is more likely right than a wrong name is
costly: with a wrong name ``--wrong-cost`` times as bad as "speaker unclear" (default 3: a false
statement about who said what against a reader's extra look), that is when its confidence is at
least cost / (1 + cost) = 0.75. The run says whether every dev corpus then keeps precision
>= 0.95 and coverage >= 0.85 in the estimate of section 5.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import find_gold  # noqa: E402

TABLE = ROOT / "briefing" / "rules" / "confidence.json"
LABELS = ROOT / "benchmarks" / "speaker_checks.jsonl"
SMOOTH = 4.0  # pseudo-counts pulling a small sample's precision towards its kind's
KINDS = ("name", "pronoun", "description", "as written", "none")
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass(frozen=True)
class Row:
    corpus: str
    article: str
    via: str
    kind: str
    doubts: tuple[str, ...]
    right: bool
    direct: bool = True  # a direct quote, as `briefing eval` scores speakers; else reported speech


def dev_sets() -> list[tuple[str, Path]]:
    gold = find_gold()
    if gold is None:
        raise SystemExit("the shared dev gold (polnear-dev.jsonl) was not found")
    fixtures = ROOT / "tests" / "fixtures" / "gold"
    return [
        ("polnear-dev", gold),
        ("team-dev", fixtures / "team-dev.jsonl"),
        ("web-dev", fixtures / "web-dev.jsonl"),
    ]


def _labels() -> dict[tuple[str, int, int], str]:
    out = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line) if line.strip() else {}
        if rec.get("id") and rec.get("speaker"):
            out[(rec["id"], rec["start"], rec["end"])] = rec["speaker"]
    return out


def collect() -> list[Row]:
    """One row per checked quote of every dev set (the engine run with no threshold)."""
    from briefing import evaluate as ev
    from briefing import gold
    from briefing.gold import load_gold
    from briefing.rules import engine
    from briefing.text.article import article_from_text

    labels = _labels()
    rows = []
    for corpus, path in dev_sets():
        for art in load_gold(path):
            trace: dict = {}
            briefing = engine.extract(article_from_text(art.text), min_confidence=0.0, trace=trace)
            quotes = briefing.quotes
            preds = [ev.Prediction(q.start, q.end, str(q.type), q.speaker, q.id, _parts(q)) for q in quotes]
            direct_pairs = ev.match_direct(art, preds)[2]
            for pi, gj, _ in direct_pairs + _indirect_pairs(ev, art, preds):
                g, q = art.quotes[gj], quotes[pi]
                canonical = art.speakers == "canonical"
                expected = gold.gold_speaker_name(g, canonical) or labels.get((art.id, g.start, g.end))
                if q.speaker is None or q.id not in trace:
                    continue  # no speaker found at all: not a question of confidence
                a = trace[q.id]
                if expected is not None:
                    right = gold.speaker_matches(q.speaker, expected)
                elif canonical and g.speaker is None and a.mention == "as written":
                    right = True  # the article names no one, and the engine says so ("a source said")
                else:
                    continue
                direct = art.quotes[gj].direct
                rows.append(Row(corpus, art.id, q.via or "?", a.mention, a.doubts, right, direct))
    return rows


def _indirect_pairs(ev, art, preds) -> list[tuple[int, int, float]]:
    """One-to-one pairs (prediction, gold item) of reported speech, matched as direct quotes are."""
    text = art.text
    ip = [i for i, p in enumerate(preds) if p.type == "indirect"]
    ig = [j for j, g in enumerate(art.quotes) if not g.direct]
    pairs = ev.match_one_to_one(
        [ev.trim(text, preds[i].start, preds[i].end) for i in ip],
        [ev.trim(text, art.quotes[j].start, art.quotes[j].end) for j in ig],
    )
    return [(ip[a], ig[b], o) for a, b, o in pairs]


def _parts(q) -> tuple[tuple[int, int], ...]:
    return tuple((p.start, p.end) for p in q.parts)


def _precision(rows: list[Row]) -> tuple[int, int, float | None]:
    n, right = len(rows), sum(r.right for r in rows)
    return n, right, (right / n if n else None)


def fit(rows: list[Row]) -> dict:
    """Smoothed precision per rule and mention kind, and a factor per doubt and kind."""
    overall = _precision(rows)[2] or 0.8
    by_kind: dict[str, list[Row]] = defaultdict(list)
    by_rule: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_kind[r.kind].append(r)
        by_rule[f"{r.via}|{r.kind}"].append(r)
    base: dict[str, float] = {}
    kind_clean: dict[str, float] = {}
    for kind in KINDS:
        clean = [r for r in by_kind.get(kind, []) if not r.doubts]
        n, right, _ = _precision(clean)
        kind_clean[kind] = (right + SMOOTH * overall) / (n + SMOOTH)
        base[f"*|{kind}"] = round(kind_clean[kind], 3)
    for key, group in by_rule.items():
        clean = [r for r in group if not r.doubts]
        kind = key.split("|")[1]
        n, right, _ = _precision(clean)
        if n:
            base[key] = round((right + SMOOTH * kind_clean[kind]) / (n + SMOOTH), 3)
    doubts: dict[str, float] = {}
    names = sorted({d for r in rows for d in r.doubts})
    for kind in KINDS:
        for d in names:
            with_d = [r for r in by_kind.get(kind, []) if d in r.doubts]
            if not with_d:
                continue
            n, right, _ = _precision(with_d)
            p_with = (right + SMOOTH * 0.5 * kind_clean[kind]) / (n + SMOOTH)
            doubts[f"{d}|{kind}"] = round(min(1.0, p_with / kind_clean[kind]), 3)
    return {
        "prior": round(overall, 3),
        "base": dict(sorted(base.items())),
        "doubts": dict(sorted(doubts.items())),
    }


def confidence(row: Row, numbers: dict) -> float:
    """What ``briefing.rules.confidence.assess`` computes, from the row's features."""
    base = numbers["base"].get(f"*|{row.kind}", numbers["prior"])
    base = numbers["base"].get(f"{row.via}|{row.kind}", base)
    for d in row.doubts:
        base *= numbers["doubts"].get(f"{d}|{row.kind}", numbers["doubts"].get(d, 1.0))
    return min(max(base, 0.0), 1.0)


def sweep(rows: list[Row], numbers: dict) -> dict[float, dict[str, tuple[float, float, float]]]:
    """threshold -> corpus -> (precision among shown, coverage, accuracy with unclear as wrong), over
    direct quotes (the figures `briefing eval` reports)."""
    rows = [r for r in rows if r.direct]
    out: dict[float, dict[str, tuple[float, float, float]]] = {}
    corpora = sorted({r.corpus for r in rows})
    for t in THRESHOLDS:
        out[t] = {}
        for corpus in corpora:
            sub = [r for r in rows if r.corpus == corpus]
            shown = [r for r in sub if confidence(r, numbers) >= t]
            right = sum(r.right for r in shown)
            out[t][corpus] = (right / len(shown) if shown else 1.0, len(shown) / len(sub), right / len(sub))
    return out


def _fmt(x: float | None) -> str:
    return "   n/a" if x is None else f"{x:6.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the fitted numbers to {TABLE.name}")
    parser.add_argument(
        "--wrong-cost", type=float, default=3.0, help="how many times worse a wrong name is than 'unclear'"
    )
    args = parser.parse_args()

    rows = collect()
    counts = ", ".join(f"{c} {sum(r.corpus == c for r in rows)}" for c, _ in dev_sets())
    print(f"checked quotes: {len(rows)} ({counts})")
    print("\n1. precision per rule and kind of mention (engine with no threshold)")
    print(f"{'rule (via)':30} {'mention':12} {'n':>5} {'right':>6} {'prec':>6}")
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        groups[(r.via, r.kind)].append(r)
    for (via, kind), group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        n, right, p = _precision(group)
        print(f"{via:30} {kind:12} {n:5} {right:6} {_fmt(p)}")
    print("\n2. doubts: precision with and without, per kind of mention")
    print(f"{'doubt':16} {'mention':12} {'with n':>7} {'prec':>6} {'without n':>10} {'prec':>6}")
    for d in sorted({d for r in rows for d in r.doubts}):
        for kind in KINDS:
            sub = [r for r in rows if r.kind == kind]
            w = [r for r in sub if d in r.doubts]
            wo = [r for r in sub if d not in r.doubts]
            if w:
                pw, pwo = _fmt(_precision(w)[2]), _fmt(_precision(wo)[2])
                print(f"{d:16} {kind:12} {len(w):7} {pw} {len(wo):10} {pwo}")

    numbers = fit(rows)
    print("\n3. reliability (numbers fitted on all dev sets): confidence bin, quotes, mean confidence, right")
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for r in rows:
        c = confidence(r, numbers)
        bins[min(int(c * 10), 9)].append((c, r.right))
    for b in sorted(bins):
        group = bins[b]
        mean = sum(c for c, _ in group) / len(group)
        acc = sum(ok for _, ok in group) / len(group)
        print(f"  {b / 10:.1f}-{(b + 1) / 10:.1f}  {len(group):5}  {mean:6.3f}  {acc:6.3f}")

    def show(table: dict, title: str) -> None:
        print(f"\n{title}")
        corpora = sorted({r.corpus for r in rows})
        print("  min-conf  " + "  ".join(f"{c:>30}" for c in corpora))
        print("            " + "  ".join(f"{'prec   cover  acc':>30}" for _ in corpora))
        for t, per in table.items():
            cells = (f"{per[c][0]:>18.3f} {per[c][1]:6.3f} {per[c][2]:5.3f}" for c in corpora)
            print(f"  {t:8.2f}  " + "  ".join(cells))

    fitted = sweep(rows, numbers)
    show(fitted, "4. thresholds, numbers fitted on all dev sets (precision among shown, coverage, accuracy)")
    held: dict[float, dict[str, tuple[float, float, float]]] = defaultdict(dict)
    for corpus in sorted({r.corpus for r in rows}):
        others = fit([r for r in rows if r.corpus != corpus])
        part = sweep([r for r in rows if r.corpus == corpus], others)
        for t, per in part.items():
            held[t].update(per)
    show(dict(held), "5. thresholds, each corpus scored with numbers fitted on the other corpora only")
    threshold = round(args.wrong_cost / (1 + args.wrong_cost), 3)
    print(f"\ndefault threshold (a wrong name {args.wrong_cost:g} times as bad as 'unclear'): {threshold}")
    estimate = held.get(threshold) or fitted.get(threshold)
    if estimate:
        for corpus, (p, cover, acc) in sorted(estimate.items()):
            ok = "meets" if p >= 0.95 and cover >= 0.85 else "MISSES"
            line = f"precision {p:.3f}  coverage {cover:.3f}  accuracy {acc:.3f}"
            print(f"  {corpus:12} {line}  ({ok} 0.95 / 0.85)")
    if args.write:
        payload = {
            "measured": f"benchmarks/calibration.py --write, {date.today().isoformat()}, "
            f"{len(rows)} checked quotes of {', '.join(c for c, _ in dev_sets())}",
            **numbers,
            "min_confidence": threshold,
        }
        TABLE.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
