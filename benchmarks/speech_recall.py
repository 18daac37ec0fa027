#!/usr/bin/env python3
"""Speech recall: of the gold items that are speech, how many the rules engine finds.

PolNeAR annotates beliefs and intentions ("believes", "wants", "plans") as attributions; the
project follows the journalist and does not report them as quotes. This script measures what the
engine is meant to find: the gold items that are direct quotes or whose cue is a verb of speech
or writing, or a speech construction ("said", "told", "according to", "wrote", "tweeted", "in a
statement", a colon or dash introducing a quotation). An item is found when some predicted quote
(any type) overlaps it at Jaccard >= 0.5 after trimming, as in ``briefing eval``.

    python benchmarks/speech_recall.py [GOLD.jsonl] [--misses FILE.jsonl]

``--misses`` writes every speech item not found, with the predicted quote that overlaps it most,
one JSON object a line, for reading.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` and `briefing` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import find_gold  # noqa: E402

# A cue that is speech: a verb of saying or writing (any form), a speech construction, or the
# punctuation that introduces a quotation. Beliefs, intentions, knowledge and findings are not.
SPEECH_CUE_RE = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|ask|asks|asked|asking|"
    r"according\s+to|stat(?:e[sd]|ing|ement)|announc\w*|writ(?:e|es|ing)|wrote|explain\w*|argu\w*|"
    r"claim\w*|insist\w*|warn\w*|not(?:e|es|ed|ing)|report(?:s|ed|ing)?|tweet\w*|post(?:s|ed)|"
    r"declar\w*|respond\w*|repl(?:y|ies|ied|ying)|recall\w*|acknowledg\w*|admit\w*|"
    r"den(?:y|ies|ied|ying)|confirm\w*|disclos\w*|reveal\w*|emphasi[sz]\w*|stress\w*|mention\w*|"
    r"point\w*\s+out|continu(?:ed|es)|suggest\w*|urg(?:e|es|ed|ing)|call(?:s|ed|ing)?|quip\w*|jok\w*|"
    r"testif\w*|conced\w*|complain\w*|predict\w*|promis\w*|pledg\w*|vow\w*|put\s+it|interview\w*|"
    r"statement|accus\w*|criticiz\w*|criticis\w*|condemn\w*|blast\w*|slam\w*|prais\w*|describ\w*|"
    r"cit(?:e|es|ed|ing)|quot\w*|echo\w*|repeat\w*|reiterat\w*|remark\w*|observ\w*|assert\w*|"
    r"contend\w*|counter\w*|retort\w*|answer\w*|shout\w*|chant\w*|demand\w*|spoke|speak\w*|caution\w*|"
    r"declin\w*\s+to\s+comment|responded)\b"
    r"|^\s*[:―—–-]+\s*$",
    re.IGNORECASE,
)


def is_speech(item) -> bool:
    """Is a gold item speech: a direct quote, or an item whose cue is a speech cue?"""
    return item.direct or bool(item.cue and SPEECH_CUE_RE.search(item.cue))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", help="default: the shared polnear-dev.jsonl")
    parser.add_argument("--misses", help="write the speech items not found here (JSON Lines)")
    args = parser.parse_args(argv)
    gold = find_gold(args.gold)
    if gold is None:
        raise SystemExit("the shared dev gold (polnear-dev.jsonl) was not found; give its path")
    from briefing.evaluate import JACCARD_THRESHOLD, jaccard, trim
    from briefing.gold import load_gold
    from briefing.pipeline import generate
    from briefing.text.article import article_from_text

    totals = {"direct": [0, 0], "indirect": [0, 0]}
    misses = []
    for art in load_gold(gold):
        briefing = generate(article_from_text(art.text), "rules")
        preds = [(trim(art.text, q.start, q.end), q) for q in briefing.quotes]
        for g in art.quotes:
            if not is_speech(g):
                continue
            gv = trim(art.text, g.start, g.end)
            best = max(preds, key=lambda p: jaccard(p[0], gv), default=None)
            overlap = jaccard(best[0], gv) if best else 0.0
            key = "direct" if g.direct else "indirect"
            totals[key][1] += 1
            if overlap >= JACCARD_THRESHOLD:
                totals[key][0] += 1
            else:
                misses.append(
                    {
                        "id": art.id,
                        "direct": g.direct,
                        "cue": g.cue,
                        "speaker_mention": g.speaker_mention,
                        "gold": g.text,
                        "gold_span": [g.start, g.end],
                        "context": art.text[max(0, g.start - 150) : g.end + 80],
                        "best": best[1].text if best and overlap > 0 else None,
                        "best_type": best[1].type if best and overlap > 0 else None,
                        "overlap": round(overlap, 3),
                    }
                )
    found = sum(v[0] for v in totals.values())
    total = sum(v[1] for v in totals.values())
    for key, (f, t) in totals.items():
        print(f"speech items, {key:<8}: {f}/{t} found ({f / t:.3f})" if t else f"{key}: none")
    print(f"speech recall          : {found}/{total} ({found / total:.3f})" if total else "no speech items")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as handle:
            for m in misses:
                handle.write(json.dumps(m, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
