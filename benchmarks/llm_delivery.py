#!/usr/bin/env python3
"""Does the llm engine deliver with the model it is given? Run against a real endpoint (the local
Qwen2.5-Coder-1.5B server: `../shared/tools/local-llm-server start qwen`, then the variables
`… env` prints), over a fixed set of dev articles of ordinary length, and print per article and in
total:

- whether the model's answers were used (not a fallback to the rules result), in whole or in part;
- calls, prompt and completion tokens, answers cut off and salvaged, re-asks;
- seconds per article;
- speaker accuracy of the quotes the model settled (quotes whose item says ``engine: llm``),
  against the dev gold, next to the rules engine's accuracy on the same quotes.

    python -m benchmarks.llm_delivery [--scope all|uncertain] [--ids a,b] [--json out.json]

Takes minutes per article on 2 cores. Nothing is cached (``cache=False``): every figure is a real
call. The model settles few quotes when the rules engine is confident; the accuracy figures say
over how many quotes they were measured, and with a model this small they may be below the rules
engine's: the benchmark says so rather than hiding it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOLD = ROOT / "tests" / "fixtures" / "gold" / "web-dev.jsonl"
# Eight real pages of ordinary length (530-810 words, 11-26 annotated items each), fixed so that
# runs compare.
ARTICLES = (
    "ctpost.com.deval-patrick-takes-nascent-2020-campaig",
    "livescience.com.feather-duvet-lung",
    "foxnews.com.james-van-der-beek-eliminated-dancing-wi",
    "latimes.com.disney-plus-kevin-mayer",
    "detroitnews.com.40651467",
    "spokesman.com.meth-were-on-it-spokane-ad-agencies-divi",
    "hosted.ap.org.unpredictable-sondland-faces-questions-a",
    "sportsnet.ca.argentina-comfortably-wins-davis-cup-ope",
)


def _predictions(briefing: Any, only: set[str] | None = None) -> list[Any]:
    from briefing.evaluate import Prediction

    return [
        Prediction(q.start, q.end, str(q.type), q.speaker, q.id, tuple((p.start, p.end) for p in q.parts))
        for q in briefing.quotes
        if only is None or q.id in only
    ]


def run_one(gold: Any, settings: Any) -> dict[str, Any]:
    from briefing.evaluate import score_article
    from briefing.llm.engine import failures
    from briefing.pipeline import generate
    from briefing.text.article import article_from_text

    article = article_from_text(gold.text)
    rules = generate(article, "rules")
    started = time.perf_counter()
    result = generate(article, "llm", settings)
    seconds = time.perf_counter() - started
    settled = {q.id for q in result.quotes if q.engine == "llm"}
    model_score = score_article(gold, _predictions(result, settled)).counts
    rules_score = score_article(gold, _predictions(rules, settled)).counts
    usage = result.usage.model_dump() if result.usage else {}
    failed = failures(result)
    return {
        "id": gold.id,
        "used": result.engine == "llm",
        "partly_fallback": bool(failed) and result.engine == "llm",
        "failures": failed,
        "seconds": round(seconds, 1),
        "usage": usage,
        "quotes": len(result.quotes),
        "settled_by_model": len(settled),
        "model_speaker": [model_score.speaker_correct, model_score.speaker_total],
        "rules_speaker_same_quotes": [rules_score.speaker_correct, rules_score.speaker_total],
        "notes": [
            d.message for d in result.diagnostics if "cut off" in d.message or "call(s) instead" in d.message
        ],
    }


def summarise(rows: list[dict[str, Any]], scope: str) -> str:
    n = len(rows)
    used = sum(r["used"] for r in rows)
    # an article where the rules engine was sure of every quote asks nothing (--llm-scope uncertain):
    # no answer to use, and no fallback either
    asked = [r for r in rows if r["usage"].get("calls", 0) or r["failures"]]
    lines = [
        f"llm delivery, --llm-scope {scope}, {n} article(s)",
        f"{'article':55} used  calls  prompt  compl  cut  reask  secs  model-spk  rules-spk",
    ]
    for r in rows:
        u = r["usage"]
        lines.append(
            f"{r['id'][:55]:55} {'yes' if r['used'] else '-  ' if r not in asked else 'NO ':3}"
            f"{'*' if r['partly_fallback'] else ' '} "
            f"{u.get('calls', 0):5} {u.get('prompt_tokens', 0):7} {u.get('completion_tokens', 0):6} "
            f"{u.get('salvaged', 0):4} {u.get('reasks', 0):6} {r['seconds']:5.0f}  "
            f"{r['model_speaker'][0]:>3}/{r['model_speaker'][1]:<3}    "
            f"{r['rules_speaker_same_quotes'][0]:>3}/{r['rules_speaker_same_quotes'][1]:<3}"
        )
    total = {
        k: sum(r["usage"].get(k, 0) for r in rows) for k in ("calls", "prompt_tokens", "completion_tokens")
    }
    model = [sum(r["model_speaker"][i] for r in rows) for i in (0, 1)]
    rules = [sum(r["rules_speaker_same_quotes"][i] for r in rows) for i in (0, 1)]
    lines += [
        f"model answers used: {used} of the {len(asked)} articles that asked the model "
        f"({used / max(1, len(asked)):.0%}; {n - len(asked)} asked nothing, '-'); "
        f"{sum(r['partly_fallback'] for r in rows)} of them with a chunk falling back",
        f"per article: {total['calls'] / n:.1f} calls, {total['prompt_tokens'] / n:.0f} prompt + "
        f"{total['completion_tokens'] / n:.0f} completion tokens, "
        f"{sum(r['seconds'] for r in rows) / n:.0f} s",
        f"answers cut off and salvaged: {sum(r['usage'].get('salvaged', 0) for r in rows)}",
        "speaker accuracy on the quotes the model settled (matched to gold): "
        + (
            f"model {model[0]}/{model[1]} = {model[0] / model[1]:.3f}, rules on the same quotes "
            f"{rules[0]}/{rules[1]} = {rules[0] / rules[1]:.3f}"
            if model[1]
            else "no such quotes matched gold"
        ),
    ]
    if model[1] and model[0] < rules[0]:
        lines.append("note: on these quotes the model is LESS accurate than the rules engine.")
    return "\n".join(lines)


def main() -> int:
    from briefing.config import LLMSettings
    from briefing.gold import load_gold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scope", default=None, help="all or uncertain (default: the engine's default)")
    parser.add_argument("--ids", help="comma-separated gold ids (default: the fixed eight)")
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--max-output-tokens", type=int, default=None)
    parser.add_argument("--summarise", type=Path, metavar="JSON", help="print the table of a saved run")
    args = parser.parse_args()
    if args.summarise:
        data = json.loads(args.summarise.read_text(encoding="utf-8"))
        print(summarise(data["rows"], data.get("scope") or "default"))
        return 0
    if not os.environ.get("BRIEFING_BASE_URL"):
        parser.error(
            "set BRIEFING_BASE_URL (and BRIEFING_MODEL, OPENAI_API_KEY) to the server to measure, "
            'e.g. eval "$(../shared/tools/local-llm-server env)"'
        )
    wanted = args.ids.split(",") if args.ids else list(ARTICLES)
    gold = {g.id: g for g in load_gold(GOLD)}
    missing = [i for i in wanted if i not in gold]
    if missing:
        parser.error(f"not in {GOLD.name}: {', '.join(missing)}")
    # a CPU model needs minutes per call: a long timeout, and no transport retries (a retry would
    # queue the same slow request again behind the abandoned one)
    extra: dict[str, Any] = {"cache": False, "timeout": 1800, "max_retries": 0}
    if args.scope:
        extra["scope"] = args.scope
    if args.max_output_tokens:
        extra["max_output_tokens"] = args.max_output_tokens
    settings = LLMSettings(**extra)
    rows = []
    for article_id in wanted:
        row = run_one(gold[article_id], settings)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        if args.json:
            args.json.write_text(json.dumps({"scope": args.scope, "rows": rows}, indent=1) + "\n")
    print(summarise(rows, args.scope or "default"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
