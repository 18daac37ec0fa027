#!/usr/bin/env python3
"""Score the quotation layer alone (rules.quote_items, no attribution) against a gold file.

Shows what each quote convention scores, so the engine's choice can be made with numbers:

    python benchmarks/quote_items_eval.py [GOLD.jsonl]

Only direct-quote precision/recall/F1 mean anything here (there are no speakers).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = Path("/work/shared/gold/polnear-dev.jsonl")

OPTIONS = {
    "statements (library defaults)": {},
    "merge only within a sentence": {"merge_across_sentences": False},
    "one item per passage, clauses": {"merge_interrupted": False},
    "one item per passage, bare fragments": {"merge_interrupted": False, "clauses": False},
    "defaults + '' archive quotes": {"double_apostrophes": True},
}


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from briefing.evaluate import Prediction, evaluate
    from briefing.rules.quotations import find_quote_spans
    from briefing.rules.quote_items import quote_items
    from briefing.text.segment import paragraphs, sentences

    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_GOLD
    print(f"{'convention':<40} {'P':>6} {'R':>6} {'F1':>6}  matched/predicted/gold")
    for name, options in OPTIONS.items():

        def predict(article, options=options):
            paras = paragraphs(article.text)
            spans = find_quote_spans(article.text, paras)
            items = quote_items(article.text, spans, sentences(article.text, paras), **options)
            return [Prediction(i.start, i.end, i.kind) for i in items]

        report = evaluate(gold, "quote_items", predictor=predict)
        m, c = report.counts.metrics(), report.counts
        print(
            f"{name:<40} {m['direct_precision']:.3f} {m['direct_recall']:.3f} {m['direct_f1']:.3f}"
            f"  {c.matched_direct}/{c.pred_direct}/{c.gold_direct}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
