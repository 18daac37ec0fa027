"""Many articles on a Dask cluster: the pipeline mapped over a ``dask.bag``, written as JSON Lines
or Parquet. Needs the optional extra (``pip install "briefing[dask]"``); nothing else in briefing
imports dask.

Dask runs it wherever its scheduler is: with no client, dask's own local scheduler in this process;
with a ``distributed.Client`` (a ``LocalCluster`` on this machine, or a real scheduler's address),
on that cluster's workers, which need briefing installed too::

    from dask.distributed import Client
    import briefing

    client = Client("tcp://scheduler.example.org:8786")      # or Client(LocalCluster(n_workers=8))
    summary = briefing.extract_many(sorted(Path("archive/").glob("*.html")), "briefings/")
    print(summary)   # {"written": 99_812, "failed": 188, ...}

Each article is briefed as ``briefing batch`` briefs it (:func:`briefing.pipeline.brief_source`):
a JSON Lines output holds, one per line, exactly the JSON ``briefing batch -f json`` writes for
that article (compact instead of indented). An article that fails is a line of
``failures-*.jsonl`` (input, error type, message); the others go on.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from briefing.config import LLMSettings
from briefing.errors import BriefingError, ConfigError
from briefing.pipeline import EngineChoice, brief_source, choose_engine, resolved_min_confidence

OutputFormat = Literal["jsonl", "parquet"]
PARQUET_COLUMNS = ("source", "title", "outlet", "url", "published", "engine", "quotes", "statements",
                   "briefing")


def extract_many(
    inputs: Any,
    output_dir: str | Path,
    *,
    engine: EngineChoice = "rules",
    settings: LLMSettings | None = None,
    output_format: OutputFormat = "jsonl",
    min_confidence: float | None = None,
    encoding: str | None = None,
    apostrophe_quotes: bool = False,
    language: str | None = None,
    partitions: int | None = None,
    scheduler: str | None = None,
) -> dict[str, Any]:
    """Brief every article of ``inputs`` with Dask and write the briefings into ``output_dir``.

    ``inputs``: a ``dask.bag.Bag`` or any iterable of article sources (file paths, ``Path`` objects,
    or http(s) addresses, as ``briefing batch`` takes them), or of records ``{"text": …}`` with
    optional ``id``, ``title``, ``outlet``, ``url``, ``published`` (e.g. lines of a JSONL archive read
    with ``dask.bag.read_text(…).map(json.loads)``). An iterable is cut into ``partitions``
    (default: about 100 articles each).

    ``output_format``: ``"jsonl"`` writes ``briefings-00000.jsonl`` … (one per partition, each line
    one briefing); ``"parquet"`` writes the folder ``briefings.parquet`` with one row per article
    (source, title, outlet, url, published, engine, quotes and statements counted, and the
    briefing as JSON text), which needs pandas and pyarrow. Failures always go to
    ``failures-*.jsonl``.

    ``scheduler``: by default the scheduler Dask is configured with (a ``distributed.Client`` made
    in this process sets itself), else Dask's local ``"processes"`` scheduler, since the rules
    engine is CPU-bound Python; ``"threads"`` or ``"sync"`` as Dask names them. Returns
    ``{"written": n, "failed": n, "output_dir": …, "format": …}``.
    """
    try:
        import dask
        import dask.bag as db
    except ImportError:
        raise ConfigError('extract_many needs Dask: pip install "briefing[dask]"') from None
    if output_format not in ("jsonl", "parquet"):
        raise ConfigError(f"output_format must be 'jsonl' or 'parquet', not {output_format!r}")
    chosen = choose_engine(engine, settings)
    options = {
        "engine": chosen,
        "settings": settings,
        "min_confidence": resolved_min_confidence(min_confidence),
        "encoding": encoding,
        "apostrophe_quotes": apostrophe_quotes,
        "language": language,
    }
    if isinstance(inputs, db.Bag):
        bag = inputs
    else:
        items = [str(i) if isinstance(i, Path) else i for i in _as_list(inputs)]
        if not items:
            raise ConfigError("extract_many: no inputs")
        count = partitions or max(1, min(len(items), -(-len(items) // 100)))
        bag = db.from_sequence(items, npartitions=count)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    if output_format == "parquet":
        _require_pyarrow()
    # The parts are written into a staging folder and moved into place only when every partition
    # is done: a run that fails or is interrupted leaves the previous outputs as they were.
    staging = Path(tempfile.mkdtemp(prefix=".briefing-many-", dir=out))
    try:
        # one task per partition: brief its articles, write its part(s), return its counts; nothing
        # stays in the cluster's memory beyond the partitions under way
        parts = bag.map(brief_record, **options).to_delayed()
        writes = [
            dask.delayed(write_part)(part, n, str(staging), output_format) for n, part in enumerate(parts)
        ]
        chosen_scheduler = scheduler or dask.config.get("scheduler", None) or "processes"
        counts = dask.compute(*writes, scheduler=chosen_scheduler)
        for stale in [*out.glob("briefings-*.jsonl"), *out.glob("failures-*.jsonl"),
                      *out.glob("briefings.parquet/*.parquet")]:
            stale.unlink()  # a rerun with fewer partitions must not leave old parts beside the new
        for part in sorted(staging.rglob("*")):
            if part.is_file():
                target = out / part.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"written": sum(c[0] for c in counts), "failed": sum(c[1] for c in counts),
            "output_dir": str(out), "format": output_format, "partitions": len(writes)}


def write_part(
    outcomes: list[dict[str, Any]], number: int, output_dir: str, output_format: str
) -> tuple[int, int]:
    """Write one partition's briefings (``briefings-NNNNN.jsonl``, or a part of the Parquet folder)
    and failures (``failures-NNNNN.jsonl``), each atomically. Returns (written, failed)."""
    from briefing.batch import write_atomic

    out = Path(output_dir)
    briefings = [o["briefing"] for o in outcomes if "briefing" in o]
    failures = [o for o in outcomes if "briefing" not in o]
    if output_format == "parquet":
        _write_parquet(briefings, out / "briefings.parquet" / f"part-{number:05d}.parquet")
    else:
        write_atomic(out / f"briefings-{number:05d}.jsonl", "".join(b + "\n" for b in briefings))
    if failures:
        write_atomic(out / f"failures-{number:05d}.jsonl",
                     "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in failures))
    return len(briefings), len(failures)


def brief_record(item: Any, *, engine: str, settings: LLMSettings | None, min_confidence: float,
                 encoding: str | None, apostrophe_quotes: bool, language: str | None) -> dict[str, Any]:
    """One article, briefed on a worker: ``{"briefing": json}`` or ``{"input", "error_type", "error"}``.
    Any error is caught: one bad article never stops a partition."""
    from briefing.logs import redact

    name = _name(item)
    try:
        if isinstance(item, dict):
            result = _brief_text(item, engine, settings, min_confidence, apostrophe_quotes, language)
        else:
            result = brief_source(str(item), engine, settings,  # type: ignore[arg-type]
                                  min_confidence=min_confidence, encoding=encoding,
                                  apostrophe_quotes=apostrophe_quotes, language=language)
    except BriefingError as exc:
        return {"input": name, "error_type": type(exc).__name__, "error": redact(str(exc))}
    except Exception as exc:
        return {"input": name, "error_type": type(exc).__name__,
                "error": redact(f"{name}: unexpected {type(exc).__name__}: {exc}")}
    return {"briefing": result.model_dump_json()}


def _brief_text(record: dict[str, Any], engine: str, settings: LLMSettings | None, min_confidence: float,
                apostrophe_quotes: bool, language: str | None) -> Any:
    from briefing.errors import InputError
    from briefing.pipeline import brief_article
    from briefing.text.article import article_from_text, set_language

    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{_name(record)}: a record needs its article as a string under 'text'")
    metadata = {k: record.get(k) for k in ("title", "outlet", "url", "published")}
    article = article_from_text(text, source=_name(record), **{k: v for k, v in metadata.items() if v})
    article.apostrophe_quotes = apostrophe_quotes
    set_language(article, language)
    return brief_article(article, engine, settings, min_confidence=min_confidence)  # type: ignore[arg-type]


def _name(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("id") or item.get("url") or "record")
    return str(item)


def _as_list(inputs: Iterable[Any]) -> list[Any]:
    if isinstance(inputs, (str, Path, dict)):
        return [inputs]
    return list(inputs)


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ConfigError('Parquet output needs pyarrow: pip install "briefing[dask]" pyarrow, '
                          'or use output_format="jsonl"') from None


def _write_parquet(briefings: list[str], path: Path) -> None:
    import os

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [_row(b) for b in briefings]
    schema = pa.schema([(c, pa.int64() if c in ("quotes", "statements") else pa.string())
                        for c in PARQUET_COLUMNS])
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), str(temporary))
    os.replace(temporary, path)


def _row(briefing_json: str) -> dict[str, Any]:
    data = json.loads(briefing_json)
    article = data.get("article", {})
    return {
        "source": article.get("source") or "", "title": article.get("title") or "",
        "outlet": article.get("outlet") or "", "url": article.get("url") or "",
        "published": article.get("published") or "", "engine": data.get("engine") or "",
        "quotes": len(data.get("quotes", [])), "statements": len(data.get("statements", [])),
        "briefing": briefing_json,
    }
