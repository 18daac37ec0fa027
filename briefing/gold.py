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


# ---------------------------------------------------------------------------------------------
# Speakers: which gold speakers are names, and when a predicted name is the same

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


def gold_speaker_name(quote: GoldQuote, canonical: bool = False) -> str | None:
    """The gold speaker to check against, when it is a name: the canonical speaker, else (not in a
    corpus of canonical speakers, where null means the article never names the source) a mention
    that is a name."""
    if quote.speaker or canonical:
        return quote.speaker
    return quote.speaker_mention if is_name(quote.speaker_mention) else None


def speaker_matches(predicted: str | None, gold: str) -> bool:
    """Right when the predicted speaker's name shares a capitalised name token with the gold one."""
    return bool(name_tokens(predicted) & name_tokens(gold))
