"""Gold quote annotations: reading and checking a gold JSON Lines file, and exporting its texts.

A gold file is JSON Lines, one article per line (the format of ../shared/gold/README.md)::

    {"id": str, "corpus": str, "text": str, "speakers": "canonical" (optional),
     "quotes": [{"start": int, "end": int, "text": str, "direct": bool,
                 "speaker": str|null, "speaker_mention": str|null, "cue": str|null}]}

:func:`load_gold` raises :class:`~briefing.errors.GoldFileError` naming the line at fault.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import GoldFileError


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
    # "canonical": every item's speaker is the full name of who speaks, null when the article never
    # names the source (such items are not speaker-checked); otherwise a null speaker falls back
    # to the mention when that is a name (PolNeAR)
    speakers: str | None = None


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
    corpus, speakers = obj.get("corpus"), obj.get("speakers")
    if speakers is not None and speakers != "canonical":
        raise GoldFileError(f"{where}: 'speakers' must be \"canonical\" or absent")
    return GoldArticle(
        id=obj["id"],
        text=text,
        quotes=tuple(quotes),
        corpus=corpus if isinstance(corpus, str) else None,
        speakers=speakers,
    )


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
