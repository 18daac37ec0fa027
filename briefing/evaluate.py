"""Score an engine against gold quote annotations (the definitions of ../shared/gold/README.md).

The gold file format is :mod:`briefing.gold`'s. Figures (micro-averaged over all articles, and per
article):

- **Direct quotes.** Predicted quotes of type direct or partial against gold items with
  ``direct: true``. Both intervals are trimmed of surrounding whitespace, quotation marks and
  punctuation; a pair matches when their Jaccard overlap is >= 0.5; matching is one-to-one (greedy,
  best overlap first). Precision, recall and F1. Corpora count an interrupted quote (“A,” she said.
  “B.”) either as one item or as one per passage, and a partial quote either as its clause or as
  the quoted words: a predicted quote with ``parts`` may match gold items as a whole or part by
  part (each part used once, never both ways), and counts as one prediction per part it matched.
- **Speaker accuracy.** Over matched direct quotes whose gold speaker is a name (the canonical
  ``speaker`` if given, else a ``speaker_mention`` that is not a pronoun or a common noun phrase):
  right when the predicted speaker's name shares a capitalised name token with it. A quote shown
  without a speaker ("speaker unclear") counts as wrong here. Two more figures split it:
  **speaker precision**, the share right among those shown with a speaker, and **speaker
  coverage**, the share shown with a speaker.
- **Attribution recall.** The share of all gold items (indirect included) that have any predicted
  quote, of any type, at Jaccard >= 0.5.

Use :func:`evaluate` to run an engine in-process over a gold file (:func:`engine_predictor`), or
to score briefings written by ``briefing batch -f json`` over the texts of :func:`export_texts`
(:func:`saved_predictor`); :func:`score_article` scores one article's predictions from anywhere.
Scoring needs no engine: it is a few milliseconds for a whole gold file.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, ConfigError, GoldFileError
from briefing.gold import (
    GoldArticle,
    GoldQuote,
    file_stem,
    gold_speaker_name,
    load_gold,
    speaker_matches,
)

JACCARD_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Prediction:
    """The part of a predicted quote that scoring looks at."""

    start: int
    end: int
    type: str  # direct | partial | indirect
    speaker: str | None = None
    id: str | None = None
    parts: tuple[tuple[int, int], ...] = ()  # the quoted passages, when the quote has them


@dataclass(slots=True)
class Counts:
    pred_direct: int = 0  # predicted quotes of type direct or partial
    gold_direct: int = 0
    matched_direct: int = 0
    speaker_total: int = 0  # matched direct quotes with a named gold speaker
    speaker_shown: int = 0  # ... of which the prediction names a speaker
    speaker_correct: int = 0
    gold_items: int = 0
    attributed: int = 0  # gold items with any predicted quote at Jaccard >= 0.5

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float | None]:
        p = _ratio(self.matched_direct, self.pred_direct)
        r = _ratio(self.matched_direct, self.gold_direct)
        f1 = (
            2 * p * r / (p + r)
            if p is not None and r is not None and p + r > 0
            else (0.0 if p is not None and r is not None else None)
        )
        return {
            "direct_precision": p,
            "direct_recall": r,
            "direct_f1": f1,
            "speaker_accuracy": _ratio(self.speaker_correct, self.speaker_total),
            "speaker_precision": _ratio(self.speaker_correct, self.speaker_shown),
            "speaker_coverage": _ratio(self.speaker_shown, self.speaker_total),
            "attribution_recall": _ratio(self.attributed, self.gold_items),
        }


@dataclass(slots=True)
class ArticleResult:
    id: str
    counts: Counts
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(slots=True)
class Report:
    gold_file: str
    engine: str
    counts: Counts
    articles: list[ArticleResult]
    seconds: float
    min_confidence: float | None = None  # the rules engine's threshold, when an engine ran

    @property
    def failed(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.error]

    def to_dict(self, per_article: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "gold_file": self.gold_file,
            "engine": self.engine,
            "min_confidence": self.min_confidence,
            "articles": len(self.articles),
            "failed": len(self.failed),
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(len(self.articles) / self.seconds, 1) if self.seconds else None,
            **self.counts.metrics(),
            "counts": asdict(self.counts),
        }
        if per_article:
            data["per_article"] = [
                {"id": a.id, **a.counts.metrics(), "counts": asdict(a.counts), "error": a.error}
                for a in self.articles
            ]
        return data


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# ---------------------------------------------------------------------------------------------
# Scoring


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PZ"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past surrounding whitespace, quotation marks and punctuation."""
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    return start, end


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Jaccard overlap of two character intervals (0 when either is empty)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union


def match_one_to_one(
    predicted: Sequence[tuple[int, int]],
    gold: Sequence[tuple[int, int]],
    threshold: float = JACCARD_THRESHOLD,
) -> list[tuple[int, int, float]]:
    """Pairs (pred index, gold index, overlap) with overlap >= threshold, each side used once,
    best overlap first (ties: earlier gold, then earlier prediction)."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            score = jaccard(p, g)
            if score >= threshold:
                candidates.append((-score, j, i))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for neg, j, i in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j, -neg))
    return sorted(pairs, key=lambda t: t[1])


def match_direct(
    gold: GoldArticle, preds: Sequence[Prediction]
) -> tuple[list[int], list[int], list[tuple[int, int, float]], int]:
    """The direct-quote matching: indexes of the predictions of type direct or partial, of the gold
    direct quotes, the one-to-one pairs (prediction index, gold index, overlap) into ``preds`` and
    ``gold.quotes``, and the number of predicted units (a quote matched part by part counts once
    per part it matched).

    A prediction is a candidate as a whole and, when it has parts, part by part: best overlap
    first, a prediction matched as a whole takes none of its parts and one matched by a part is
    not matched as a whole again (its other parts stay free)."""
    text = gold.text
    direct_p = [i for i, p in enumerate(preds) if p.type in ("direct", "partial")]
    direct_g = [j for j, g in enumerate(gold.quotes) if g.direct]
    units: list[tuple[int, int | None, tuple[int, int]]] = []  # (pred index, part number, interval)
    for i in direct_p:
        units.append((i, None, trim(text, preds[i].start, preds[i].end)))
        for k, (ps, pe) in enumerate(preds[i].parts):
            units.append((i, k, trim(text, ps, pe)))
    gold_iv = [trim(text, gold.quotes[j].start, gold.quotes[j].end) for j in direct_g]
    candidates = []
    for u, (i, _k, iv) in enumerate(units):
        for gj, g in enumerate(gold_iv):
            score = jaccard(iv, g)
            if score >= JACCARD_THRESHOLD:
                candidates.append((-score, direct_g[gj], i, u))
    candidates.sort()
    whole: set[int] = set()  # predictions matched as a whole
    by_part: dict[int, int] = {}  # prediction -> number of its parts matched
    used_g: set[int] = set()
    used_u: set[int] = set()
    pairs = []
    for neg, j, i, u in candidates:
        part = units[u][1]
        if j in used_g or u in used_u or i in whole or (part is None and i in by_part):
            continue
        used_g.add(j)
        used_u.add(u)
        if part is None:
            whole.add(i)
        else:
            by_part[i] = by_part.get(i, 0) + 1
        pairs.append((i, j, -neg))
    predicted_units = len(direct_p) + sum(n - 1 for n in by_part.values())
    return direct_p, direct_g, sorted(pairs, key=lambda t: t[1]), predicted_units


def score_article(gold: GoldArticle, predictions: Iterable[Prediction]) -> ArticleResult:
    """Score one article's predictions against its gold items (see the module docstring)."""
    text = gold.text
    preds = list(predictions)
    pred_iv = [trim(text, p.start, p.end) for p in preds]
    gold_iv = [trim(text, g.start, g.end) for g in gold.quotes]
    direct_p, direct_g, pairs, predicted_units = match_direct(gold, preds)
    counts = Counts(pred_direct=predicted_units, gold_direct=len(direct_g), matched_direct=len(pairs))
    matched: list[dict[str, Any]] = []
    pred_to_gold: dict[int, int] = {}
    for pi, gj, overlap in pairs:
        p, g = preds[pi], gold.quotes[gj]
        pred_to_gold[pi] = gj
        expected = gold_speaker_name(g, gold.speakers == "canonical")
        right = None
        if expected is not None:
            right = speaker_matches(p.speaker, expected)
            counts.speaker_total += 1
            counts.speaker_shown += p.speaker is not None
            counts.speaker_correct += right
        matched.append(
            {
                "gold": _gold_json(g),
                "predicted": _pred_json(p, text),
                "overlap": round(overlap, 3),
                "speaker_checked_against": expected,
                "speaker_right": right,
            }
        )
    counts.gold_items = len(gold.quotes)
    attributed = [any(jaccard(pv, gv) >= JACCARD_THRESHOLD for pv in pred_iv) for gv in gold_iv]
    counts.attributed = sum(attributed)
    matched_gold = set(pred_to_gold.values())
    details = {
        "id": gold.id,
        **counts.metrics(),
        "counts": asdict(counts),
        "matched_direct": matched,
        "false_positives": [_pred_json(preds[i], text) for i in direct_p if i not in pred_to_gold],
        "missed_direct": [_gold_json(gold.quotes[j]) for j in direct_g if j not in matched_gold],
        "missed_attributions": [
            _gold_json(g) for g, hit in zip(gold.quotes, attributed, strict=True) if not hit and not g.direct
        ],
        "indirect_predictions": [_pred_json(p, text) for p in preds if p.type not in ("direct", "partial")],
    }
    return ArticleResult(gold.id, counts, details)


def _gold_json(g: GoldQuote) -> dict[str, Any]:
    return {
        "start": g.start,
        "end": g.end,
        "text": g.text,
        "direct": g.direct,
        "speaker": g.speaker,
        "speaker_mention": g.speaker_mention,
        "cue": g.cue,
    }


def _pred_json(p: Prediction, text: str) -> dict[str, Any]:
    return {
        "id": p.id,
        "start": p.start,
        "end": p.end,
        "type": p.type,
        "speaker": p.speaker,
        "text": text[p.start : p.end],
    }


# ---------------------------------------------------------------------------------------------
# Running an engine


Predictor = Callable[[GoldArticle], list[Prediction]]


def engine_predictor(
    engine: str = "rules", settings: Any = None, min_confidence: float | None = None
) -> Predictor:
    """Predictions by running ``engine`` in this process on the gold article's text, with the
    rules engine's ``min_confidence`` (None: its calibrated default)."""
    from briefing.pipeline import generate
    from briefing.text.article import article_from_text

    def predict(article: GoldArticle) -> list[Prediction]:
        article_ = article_from_text(article.text)
        briefing = generate(article_, engine, settings, min_confidence=min_confidence)  # type: ignore[arg-type]
        return [
            Prediction(q.start, q.end, str(q.type), q.speaker, q.id, tuple((p.start, p.end) for p in q.parts))
            for q in briefing.quotes
        ]

    return predict


def saved_predictor(directory: str | Path) -> Predictor:
    """Predictions read from briefing JSON files, ``<id>.json`` in ``directory``.

    This scores exactly what ``briefing batch -f json`` wrote for the texts of
    :func:`export_texts`. A missing file, or one whose article text is not the gold text (so its
    offsets mean nothing), fails that article.
    """
    folder = Path(directory)

    def predict(article: GoldArticle) -> list[Prediction]:
        path = folder / f"{file_stem(article.id)}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise GoldFileError(f"{path}: no briefing for gold article {article.id!r}") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldFileError(f"{path}: not a briefing JSON file ({exc})") from None
        text = (data.get("article") or {}).get("text") if isinstance(data, dict) else None
        if text != article.text:
            raise GoldFileError(f"{path}: its article text differs from the gold text of {article.id!r}")
        try:
            return [
                Prediction(
                    int(q["start"]),
                    int(q["end"]),
                    str(q["type"]),
                    q.get("speaker"),
                    q.get("id"),
                    tuple((int(p["start"]), int(p["end"])) for p in q.get("parts") or ()),
                )
                for q in data.get("quotes", [])
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldFileError(f"{path}: malformed quote ({exc})") from None

    return predict


def evaluate(
    gold_path: str | Path,
    engine: str = "rules",
    settings: Any = None,
    predictor: Predictor | None = None,
    on_article: Callable[[ArticleResult], None] | None = None,
    min_confidence: float | None = None,
) -> Report:
    """Run ``engine`` (or ``predictor``) over every article of a gold file and score it.

    An article whose extraction fails with a :class:`BriefingError` counts with no predictions and
    is listed in ``Report.failed``; a :class:`ConfigError` (no API key, say) stops the run.
    ``min_confidence`` is the rules engine's threshold (None: its calibrated default); below it a
    speaker is left unclear, which speaker accuracy counts as wrong.
    """
    from briefing.pipeline import resolved_min_confidence

    threshold = None if predictor else resolved_min_confidence(min_confidence)  # checked first
    gold = load_gold(gold_path)
    predict = predictor or engine_predictor(engine, settings, threshold)
    total = Counts()
    results = []
    started = time.perf_counter()
    for article in gold:
        error = None
        try:
            preds = predict(article)
        except ConfigError:
            raise  # no API key, bad settings: every article would fail the same way
        except BriefingError as exc:
            preds, error = [], str(exc)
        except Exception as exc:  # an engine bug on one article: report it, score the others
            preds, error = [], f"unexpected {type(exc).__name__}: {exc}"
        result = score_article(article, preds)
        result.error = error
        total.add(result.counts)
        results.append(result)
        if on_article:
            on_article(result)
    return Report(str(gold_path), engine, total, results, time.perf_counter() - started, threshold)


def write_details(report: Report, directory: str | Path) -> Path:
    """Write one JSON per article (predictions vs gold) plus summary.json into ``directory``."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for result in report.articles:
        name = file_stem(result.id)
        data = {**result.details, "error": result.error}
        (out / f"{name}.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    summary = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    (out / "summary.json").write_text(summary, encoding="utf-8")
    return out


def format_report(report: Report, per_article: bool = False) -> str:
    """The human-readable summary printed by `briefing eval`."""
    m = report.counts.metrics()
    c = report.counts

    def f(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    rate = len(report.articles) / report.seconds if report.seconds else float("inf")
    lines = [
        f"gold: {report.gold_file} ({len(report.articles)} articles, engine {report.engine}"
        + ("" if report.min_confidence is None else f", min confidence {report.min_confidence:g}")
        + f", {report.seconds:.2f} s, {rate:.0f} articles/s)",
        f"direct quotes:      P {f(m['direct_precision'])}  R {f(m['direct_recall'])}  F1 {f(m['direct_f1'])}"
        f"  ({c.matched_direct} matched, {c.pred_direct} predicted, {c.gold_direct} gold)",
        f"speaker accuracy:   {f(m['speaker_accuracy'])}  ({c.speaker_correct}/{c.speaker_total} "
        "matched direct quotes with a named gold speaker; unclear counts as wrong)",
        f"  shown / right:    precision {f(m['speaker_precision'])}  ({c.speaker_correct}/{c.speaker_shown} "
        f"shown with a speaker are right)  coverage {f(m['speaker_coverage'])}  "
        f"({c.speaker_shown}/{c.speaker_total} shown with a speaker)",
        f"attribution recall: {f(m['attribution_recall'])}  ({c.attributed}/{c.gold_items} gold items)",
    ]
    if report.failed:
        first = report.failed[0]
        lines.append(
            f"failed articles:    {len(report.failed)} (counted with no predictions; "
            f"first: {first.id}: {first.error})"
        )
    if per_article:
        lines.append("")
        lines.append(f"{'article':<50} {'P':>6} {'R':>6} {'F1':>6} {'spk':>6} {'attr':>6}")
        for a in report.articles:
            am = a.counts.metrics()
            lines.append(
                f"{a.id[:50]:<50} {f(am['direct_precision']):>6} {f(am['direct_recall']):>6} "
                f"{f(am['direct_f1']):>6} {f(am['speaker_accuracy']):>6} {f(am['attribution_recall']):>6}"
            )
    return "\n".join(lines)
