"""Score an engine against gold quote annotations (the definitions of ../shared/gold/README.md).

A gold file is JSON Lines, one article per line::

    {"id": str, "corpus": str, "text": str,
     "quotes": [{"start": int, "end": int, "text": str, "direct": bool,
                 "speaker": str|null, "speaker_mention": str|null, "cue": str|null}]}

Figures (micro-averaged over all articles, and per article):

- **Direct quotes.** Predicted quotes of type direct or partial against gold items with
  ``direct: true``. Both intervals are trimmed of surrounding whitespace, quotation marks and
  punctuation; a pair matches when their Jaccard overlap is >= 0.5; matching is one-to-one (greedy,
  best overlap first). Precision, recall and F1.
- **Speaker accuracy.** Over matched direct quotes whose gold speaker is a name (the canonical
  ``speaker`` if given, else a ``speaker_mention`` that is not a pronoun or a common noun phrase):
  right when the predicted speaker's name shares a capitalised name token with it.
- **Attribution recall.** The share of all gold items (indirect included) that have any predicted
  quote, of any type, at Jaccard >= 0.5.

Use :func:`evaluate` to run an engine in-process over a gold file (:func:`engine_predictor`), or
to score briefings written by ``briefing batch -f json`` over the texts of :func:`export_texts`
(:func:`saved_predictor`); :func:`score_article` scores one article's predictions from anywhere.
Scoring needs no engine: it is a few milliseconds for a whole gold file.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError, ConfigError, GoldFileError

JACCARD_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    text: str
    direct: bool
    speaker: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    corpus: str | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """The part of a predicted quote that scoring looks at."""

    start: int
    end: int
    type: str  # direct | partial | indirect
    speaker: str | None = None
    id: str | None = None


@dataclass(slots=True)
class Counts:
    pred_direct: int = 0  # predicted quotes of type direct or partial
    gold_direct: int = 0
    matched_direct: int = 0
    speaker_total: int = 0  # matched direct quotes with a named gold speaker
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

    @property
    def failed(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.error]

    def to_dict(self, per_article: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "gold_file": self.gold_file,
            "engine": self.engine,
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
# Gold file


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Read and check a gold JSONL file. Raises :class:`GoldFileError` with the line at fault."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldFileError(f"{path}: no such gold file") from None
    except IsADirectoryError:
        raise GoldFileError(f"{path}: is a directory, expected a .jsonl gold file") from None
    except UnicodeDecodeError as exc:
        raise GoldFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldFileError(
                f"{where}: not valid JSON ({exc.msg}); expected one article object per line"
            ) from None
        article = _parse_article(obj, where)
        if article.id in seen:
            raise GoldFileError(f"{where}: duplicate article id {article.id!r}")
        seen.add(article.id)
        articles.append(article)
    if not articles:
        raise GoldFileError(f"{path}: no articles (expected JSON Lines, one article per line)")
    return articles


def _parse_article(obj: Any, where: str) -> GoldArticle:
    if not isinstance(obj, dict):
        raise GoldFileError(f"{where}: expected a JSON object with id, text and quotes")
    for key, kind in (("id", str), ("text", str), ("quotes", list)):
        if not isinstance(obj.get(key), kind):
            raise GoldFileError(f"{where}: field {key!r} is missing or not a {kind.__name__}")
    text: str = obj["text"]
    quotes = []
    for i, q in enumerate(obj["quotes"]):
        qwhere = f"{where}: quotes[{i}]"
        if not isinstance(q, dict):
            raise GoldFileError(f"{qwhere}: expected an object")
        start, end = q.get("start"), q.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
            raise GoldFileError(f"{qwhere}: 'start' and 'end' must be integers")
        if not 0 <= start <= end <= len(text):
            raise GoldFileError(f"{qwhere}: span {start}:{end} is outside the text (length {len(text)})")
        if "text" in q and q["text"] is not None and q["text"] != text[start:end]:
            raise GoldFileError(f"{qwhere}: 'text' is not text[{start}:{end}] (wrong offsets?)")
        for key in ("speaker", "speaker_mention", "cue"):
            if q.get(key) is not None and not isinstance(q[key], str):
                raise GoldFileError(f"{qwhere}: {key!r} must be a string or null")
        quotes.append(
            GoldQuote(
                start=start,
                end=end,
                text=text[start:end],
                direct=bool(q.get("direct", False)),
                speaker=q.get("speaker"),
                speaker_mention=q.get("speaker_mention"),
                cue=q.get("cue"),
            )
        )
    corpus = obj.get("corpus")
    return GoldArticle(
        id=obj["id"], text=text, quotes=tuple(quotes), corpus=corpus if isinstance(corpus, str) else None
    )


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


_PRONOUNS = frozenset(
    """i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs who whom whose which that this these those one someone somebody anyone everyone each
    both all many some several few others other another either neither none""".split()
)
_NON_NAME_TOKENS = _PRONOUNS | frozenset(
    """the a an and or of for in on at to by from with mr mrs ms miss dr prof sir dame lord lady
    president senator sen rep representative gov governor secretary minister prime vice chairman
    chairwoman chair speaker mayor judge justice chief general gen col lt capt sgt adm
    ambassador director spokesman spokeswoman spokesperson commissioner officer officials official
    former late rev father mother""".split()
)
_GENERIC_HEADS = frozenset(
    """officials official sources source critics experts analysts aides advisers advisors supporters
    opponents residents voters lawmakers police officers authorities investigators prosecutors
    researchers scientists doctors economists observers people others members leaders witnesses
    spokesman spokeswoman spokesperson""".split()
)
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’.\-]*")
_POSSESSIVE_RE = re.compile(r"['’]s?$")


def _tokens(phrase: str) -> list[str]:
    phrase = phrase.replace("’", "'").replace("‘", "'")  # O’Neill and O'Neill are one name
    return [_POSSESSIVE_RE.sub("", t).rstrip(".-") for t in _TOKEN_RE.findall(phrase)]


def name_tokens(phrase: str | None) -> set[str]:
    """Case-folded capitalised name tokens of a phrase ("Mr. Obama" → {"obama"})."""
    if not phrase:
        return set()
    return {t.casefold() for t in _tokens(phrase) if t[:1].isupper() and t.casefold() not in _NON_NAME_TOKENS}


def is_name(mention: str | None) -> bool:
    """Is a gold speaker mention a name, not a pronoun or a common noun phrase?

    The head of the mention (its last word before any comma, bracket or relative clause, without a
    possessive) must be capitalised and not a pronoun: "Mr. Obama", "House Speaker Paul Ryan, R-Wis.",
    "PolitiFact" are names; "he", "the newspaper", "Clinton’s campaign", "The Indiana governor" are not.
    """
    if not mention:
        return False
    head_part = re.split(r"[,(\[—–;:]|\s(?:who|which|that|whose)\s", mention.strip(), maxsplit=1)[0]
    tokens = _tokens(head_part)
    if not tokens:
        return False
    if tokens[0].casefold() in _GENERIC_HEADS and (len(tokens) == 1 or not tokens[1][:1].isupper()):
        return False  # "Officials at Homeland Security Investigations" (but "Police Chief Kerr Putney")
    head = tokens[-1]
    return head[:1].isupper() and head.casefold() not in _PRONOUNS and bool(name_tokens(head_part))


def gold_speaker_name(quote: GoldQuote) -> str | None:
    """The gold speaker to check against, when it is a name: canonical speaker, else a named mention."""
    if quote.speaker:
        return quote.speaker
    return quote.speaker_mention if is_name(quote.speaker_mention) else None


def speaker_matches(predicted: str | None, gold: str) -> bool:
    """Right when the predicted speaker's name shares a capitalised name token with the gold one."""
    return bool(name_tokens(predicted) & name_tokens(gold))


def match_direct(
    gold: GoldArticle, preds: Sequence[Prediction]
) -> tuple[list[int], list[int], list[tuple[int, int, float]]]:
    """The direct-quote matching: indexes of the predictions of type direct or partial, of the gold
    direct quotes, and the one-to-one pairs (prediction index, gold index, overlap) into ``preds``
    and ``gold.quotes``."""
    text = gold.text
    direct_p = [i for i, p in enumerate(preds) if p.type in ("direct", "partial")]
    direct_g = [j for j, g in enumerate(gold.quotes) if g.direct]
    pairs = match_one_to_one(
        [trim(text, preds[i].start, preds[i].end) for i in direct_p],
        [trim(text, gold.quotes[j].start, gold.quotes[j].end) for j in direct_g],
    )
    return direct_p, direct_g, [(direct_p[pi], direct_g[gj], overlap) for pi, gj, overlap in pairs]


def score_article(gold: GoldArticle, predictions: Iterable[Prediction]) -> ArticleResult:
    """Score one article's predictions against its gold items (see the module docstring)."""
    text = gold.text
    preds = list(predictions)
    pred_iv = [trim(text, p.start, p.end) for p in preds]
    gold_iv = [trim(text, g.start, g.end) for g in gold.quotes]
    direct_p, direct_g, pairs = match_direct(gold, preds)
    counts = Counts(pred_direct=len(direct_p), gold_direct=len(direct_g), matched_direct=len(pairs))
    matched: list[dict[str, Any]] = []
    pred_to_gold: dict[int, int] = {}
    for pi, gj, overlap in pairs:
        p, g = preds[pi], gold.quotes[gj]
        pred_to_gold[pi] = gj
        expected = gold_speaker_name(g)
        right = None
        if expected is not None:
            right = speaker_matches(p.speaker, expected)
            counts.speaker_total += 1
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


def engine_predictor(engine: str = "rules", settings: Any = None) -> Predictor:
    """Predictions by running ``engine`` in this process on the gold article's text."""
    from briefing.pipeline import generate
    from briefing.text.article import article_from_text

    def predict(article: GoldArticle) -> list[Prediction]:
        briefing = generate(article_from_text(article.text), engine, settings)  # type: ignore[arg-type]
        return [Prediction(q.start, q.end, str(q.type), q.speaker, q.id) for q in briefing.quotes]

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
                Prediction(int(q["start"]), int(q["end"]), str(q["type"]), q.get("speaker"), q.get("id"))
                for q in data.get("quotes", [])
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldFileError(f"{path}: malformed quote ({exc})") from None

    return predict


def file_stem(article_id: str) -> str:
    """A file name for an article id (the same for exported texts, saved briefings and details)."""
    return re.sub(r"[^\w.-]+", "_", article_id)[:120] or "article"


def export_texts(gold_path: str | Path, directory: str | Path) -> int:
    """Write each gold article's text, byte for byte, to ``<id>.txt`` in ``directory``, ready for
    ``briefing batch``. Returns the number of files written."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    gold = load_gold(gold_path)
    for article in gold:
        with open(out / f"{file_stem(article.id)}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(article.text)
    return len(gold)


def evaluate(
    gold_path: str | Path,
    engine: str = "rules",
    settings: Any = None,
    predictor: Predictor | None = None,
    on_article: Callable[[ArticleResult], None] | None = None,
) -> Report:
    """Run ``engine`` (or ``predictor``) over every article of a gold file and score it.

    An article whose extraction fails with a :class:`BriefingError` counts with no predictions and
    is listed in ``Report.failed``; a :class:`ConfigError` (no API key, say) stops the run.
    """
    gold = load_gold(gold_path)
    predict = predictor or engine_predictor(engine, settings)
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
    return Report(str(gold_path), engine, total, results, time.perf_counter() - started)


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
        f"gold: {report.gold_file} ({len(report.articles)} articles, engine {report.engine}, "
        f"{report.seconds:.2f} s, {rate:.0f} articles/s)",
        f"direct quotes:      P {f(m['direct_precision'])}  R {f(m['direct_recall'])}  F1 {f(m['direct_f1'])}"
        f"  ({c.matched_direct} matched, {c.pred_direct} predicted, {c.gold_direct} gold)",
        f"speaker accuracy:   {f(m['speaker_accuracy'])}  ({c.speaker_correct}/{c.speaker_total} "
        "matched direct quotes with a named gold speaker)",
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
