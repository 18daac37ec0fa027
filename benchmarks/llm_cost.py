"""LLM cost per article, from the recorded cassettes, side by side with a langextract-style setup.

For every recorded article (the real cassettes in ``cassettes/``; hand-made fault cassettes, in a
folder whose README says they are constructed, are left out) this reads what was actually sent
and received:

- **calls**: HTTP requests; **chunks**: first attempts (one per chunk of the article; each test
  chose its own chunk budget, so "one call when it fits" is checked by ``run_current`` instead);
  **re-asks**: requests that carry a previous answer back (validation re-ask); **retries**:
  transport failures answered with a non-2xx status and sent again;
- **prompt / completion tokens**: as the server reported them in ``usage`` (the same numbers the
  engine's usage report sums);
- **article tokens**: the article's paragraphs as shown in the prompt, counted with the served
  model's own tokenizer (:mod:`benchmarks.tokens`); the same tokenizer recounts every prompt, and
  its agreement with the server's ``prompt_tokens`` is reported as a check of the count.

The prompt is split into a **fixed** part (system instructions, the JSON schema instructor adds,
chat framing, the user template's headings) and a **per-article** part (numbered paragraphs, quote
candidate markers or lines, known actors). Targets: fixed <= 1,500 tokens; prompt <= 1.3 x article
tokens + fixed; one call (first attempt) when the article fits the chunk budget.

The langextract-style configuration is computed for the same articles with the same tokenizer:
the text cut into chunks of at most 1,000 characters along sentence boundaries (langextract's
default ``max_char_buffer``), each chunk one call that repeats the same fixed instructions (a lower
bound: langextract also repeats its few-shot examples in every call). Its completion tokens are a
lower bound too: ours plus one empty answer envelope for each extra call.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, Check, at_most, failed, info, skipped

BENCH = "llm cost"
CASSETTES = ROOT / "cassettes"
LANGEXTRACT_CHARS = 1000
RATIO_TARGET = 1.3
FIXED_TARGET = 1500

_PARAGRAPH = re.compile(r"^\[?p(\d+)\]? (.*)$")  # "p3 text" (or "[p3] text", the older prompts)
# Quote candidates: a line per candidate (``Q2 p3 “opening words …”``, prompts before 2026-11-27),
# or a marker where each begins in the text (``[Q2]``) and a line of their ids (``Q1, Q2, … Q9``).
_CANDIDATE = re.compile(r"^Q\d+\b")
_MARKER = re.compile(r"\[Q\d+\]")
_ACTOR = re.compile(r"^[AN]\d+ \S")
_HEADING = re.compile(r"^[A-Z][A-Z ]{3,}\b")  # ARTICLE, QUOTE CANDIDATES, KNOWN ACTORS, HEADLINE


def _classify(content: str) -> list[tuple[str, int | None, str]]:
    """The lines of a user message as (kind, paragraph number, line with its newline): kind is
    ``para`` (a numbered paragraph, with the lines of a paragraph that has line breaks), ``item``
    (a quote candidate or known actor) or ``fixed`` (template headings and instructions)."""
    out: list[tuple[str, int | None, str]] = []
    current: int | None = None
    for line in content.splitlines(keepends=True):
        bare = line.rstrip("\n")
        match = _PARAGRAPH.match(bare)
        if match:
            current = int(match.group(1))
            out.append(("para", current, line))
        elif current is not None and bare.strip() and not _HEADING.match(bare):
            out.append(("para", current, line))  # a line break inside paragraph `current`
        else:
            current = None
            kind = "item" if _CANDIDATE.match(bare) or _ACTOR.match(bare) else "fixed"
            out.append((kind, None, line))
    return out


@dataclass
class Call:
    status: int
    messages: list[dict[str, Any]]
    prompt_tokens: int | None
    completion_tokens: int | None
    paragraphs: dict[int, str]

    @property
    def is_reask(self) -> bool:
        return any(m.get("role") == "assistant" for m in self.messages)


@dataclass
class Recorded:
    """The calls of one article in one cassette."""

    cassette: str
    calls: list[Call] = field(default_factory=list)

    @property
    def paragraphs(self) -> dict[int, str]:
        merged: dict[int, str] = {}
        for call in self.calls:
            merged.update(call.paragraphs)
        return merged

    @property
    def article(self) -> str:
        return "\n\n".join(text for _, text in sorted(self.paragraphs.items()))


def _constructed(path: Path, root: Path) -> bool:
    """True for cassettes in a folder whose README says they are constructed (hand-made faults)."""
    for folder in [path.parent, *path.parent.parents]:
        for readme in folder.glob("README*"):
            if "constructed" in readme.read_text(encoding="utf-8", errors="replace").lower():
                return True
        if folder == root:
            break
    return False


def _body(raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        raw = raw.get("string", raw)
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _user_text(messages: list[dict[str, Any]]) -> str:
    users = [m for m in messages if m.get("role") == "user"]
    content = users[0].get("content") if users else ""
    if isinstance(content, list):
        content = "".join(str(c.get("text", "")) for c in content if isinstance(c, dict))
    return str(content or "")


def _paragraphs(messages: list[dict[str, Any]]) -> dict[int, str]:
    found: dict[int, str] = {}
    for kind, number, line in _classify(_user_text(messages)):
        if kind == "para" and number is not None:
            line = _MARKER.sub("", line)  # the article's own words, without the candidate markers
            match = _PARAGRAPH.match(line.rstrip("\n"))
            found[number] = match.group(2) if match else found.get(number, "") + "\n" + line.rstrip("\n")
    return found


def read_cassettes(folder: Path = CASSETTES) -> list[Recorded]:
    """Every article recorded in the real (not constructed) cassettes under ``folder``.

    A cassette may hold several articles in a row; a new article starts where a paragraph number
    comes back with a different text."""
    import yaml

    articles: list[Recorded] = []
    for path in sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml")):
        if _constructed(path, folder):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        current: Recorded | None = None
        for interaction in data.get("interactions", []):
            request, response = interaction.get("request", {}), interaction.get("response", {})
            if not str(request.get("uri", "")).rstrip("/").endswith("/chat/completions"):
                continue
            sent = _body(request.get("body")) or {}
            answer = _body(response.get("body")) or {}
            usage = answer.get("usage") or {}
            messages = sent.get("messages") or []
            call = Call(
                status=int((response.get("status") or {}).get("code", 0)),
                messages=messages,
                prompt_tokens=usage.get("prompt_tokens"),
                completion_tokens=usage.get("completion_tokens"),
                paragraphs=_paragraphs(messages),
            )
            if not call.paragraphs:
                continue  # not an extraction request of ours
            seen = current.paragraphs if current else {}
            if current is None or any(seen.get(n, text) != text for n, text in call.paragraphs.items()):
                current = Recorded(str(path.relative_to(folder)))
                articles.append(current)
            current.calls.append(call)
    return articles


def split_prompt(messages: list[dict[str, Any]]) -> tuple[str, str]:
    """The prompt's per-article lines (paragraphs, candidates, actors) and everything else."""
    variable: list[str] = []
    fixed_messages = []
    for message in messages:
        content = message.get("content")
        if message.get("role") != "user" or not isinstance(content, str):
            fixed_messages.append(message)
            continue
        kept = []
        for kind, _, line in _classify(content):
            (kept if kind == "fixed" else variable).append(line)
        fixed_messages.append({**message, "content": "".join(kept)})
    return "".join(variable), json.dumps(fixed_messages)


def langextract_chunks(text: str, limit: int = LANGEXTRACT_CHARS) -> list[str]:
    """Cut ``text`` like langextract's ChunkIterator: whole sentences packed up to ``limit``
    characters; a longer sentence is cut at whitespace."""
    from briefing.text.segment import paragraphs, sentences

    pieces: list[str] = []
    for sentence in sentences(text, paragraphs(text)):
        s = text[sentence.start : sentence.end]
        while len(s) > limit:
            cut = s.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(s[:cut])
            s = s[cut:].lstrip()
        if s.strip():
            pieces.append(s)
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current} {piece}" if current else piece
        if current and len(joined) > limit:
            chunks.append(current)
            current = piece
        else:
            current = joined
    if current:
        chunks.append(current)
    return chunks


def chunk_budget() -> int | None:
    """The llm engine's article-token budget per call, when the engine exposes one."""
    try:
        from briefing.config import LLMSettings

        return int(LLMSettings().resolved_chunk_tokens())  # type: ignore[attr-defined]
    except (ImportError, AttributeError, TypeError, ValueError):
        return None


def analyse(article: Recorded, budget: int | None) -> dict[str, Any]:
    from benchmarks.tokens import chat_tokens, count

    ok = [c for c in article.calls if 200 <= c.status < 300]
    firsts = [c for c in ok if not c.is_reask]
    article_tokens = count(article.article)
    prompt = sum(c.prompt_tokens or 0 for c in ok)
    first_prompt = sum(c.prompt_tokens or 0 for c in firsts)
    completion = sum(c.completion_tokens or 0 for c in ok)
    recount = [(chat_tokens(c.messages), c.prompt_tokens) for c in ok if c.prompt_tokens]

    per_call = []
    for call in firsts:
        variable, _ = split_prompt(call.messages)
        shown = count("\n\n".join(call.paragraphs[n] for n in sorted(call.paragraphs)))
        total = call.prompt_tokens or chat_tokens(call.messages)
        variable_tokens = count(variable)
        per_call.append({
            "prompt_tokens": total,
            "article_tokens": shown,
            "per_article_tokens": variable_tokens,
            "fixed_tokens": total - variable_tokens,
            "limit": RATIO_TARGET * shown + FIXED_TARGET,
        })
    fixed = max((c["fixed_tokens"] for c in per_call), default=0)

    # The langextract-style configuration on the same text, with the same fixed instructions.
    instructions = min((c["fixed_tokens"] for c in per_call), default=0)
    le_chunks = langextract_chunks(article.article)
    le_prompt = sum(instructions + count(chunk) for chunk in le_chunks)
    envelope = count(json.dumps({"actors": [], "attributions": [], "statements": [], "sources": [],
                                 "positions": []}))
    le_completion = completion + max(0, len(le_chunks) - len(firsts)) * envelope
    return {
        "cassette": article.cassette,
        "article_chars": len(article.article),
        "article_tokens": article_tokens,
        "calls": len(article.calls),
        "chunks": len(firsts),
        "reasks": sum(c.is_reask for c in ok),
        "retries": sum(not 200 <= c.status < 300 for c in article.calls),
        "prompt_tokens": prompt,
        "first_attempt_prompt_tokens": first_prompt,
        "completion_tokens": completion,
        "fixed_tokens": fixed,
        "per_call": per_call,
        "fits": budget is None or article_tokens <= budget,
        "tokenizer_recount": recount,
        "langextract": {"calls": len(le_chunks), "prompt_tokens": le_prompt,
                        "completion_tokens_min": le_completion, "instructions_tokens": instructions},
    }


def _tokenizer_problem() -> str | None:
    try:
        import yaml  # noqa: F401

        from benchmarks.tokens import count

        count("probe")
    except Exception as exc:  # the tokenizer or PyYAML is missing: say so, do not guess
        return str(exc)
    return None


def summarise(
    bench: str, rows: list[dict[str, Any]], per_article: bool, completion: bool = True, fit: bool = True
) -> list[Check]:
    """Rows for a set of analysed articles: the targets over all of them, and the comparison.
    ``fit``: check "one call when the article fits" (only where the engine ran with its default
    chunk budget; a cassette records no budget, and the chunking test forces a small one)."""
    checks: list[Check] = []
    calls = [c for r in rows for c in r["per_call"]]
    if per_article:
        for r in rows:
            name = Path(r["cassette"]).stem
            checks.append(info(
                bench, f"{name}: calls (chunks/re-asks/retries)",
                f"{r['calls']} ({r['chunks']}/{r['reasks']}/{r['retries']})", "",
                f"article {r['article_tokens']:,} tok ({r['article_chars']:,} chars); prompt "
                f"{r['prompt_tokens']:,} (first attempts {r['first_attempt_prompt_tokens']:,}), "
                f"completion {r['completion_tokens']:,}",
            ))
            for i, call in enumerate(r["per_call"], 1):
                where = f" call {i}" if len(r["per_call"]) > 1 else ""
                checks.append(at_most(
                    bench, f"{name}{where}: prompt vs 1.3 x article + 1500", call["prompt_tokens"],
                    round(call["limit"], 1), "tok",
                    f"article {call['article_tokens']:,} tok; "
                    f"per-article part {call['per_article_tokens']:,} "
                    f"({call['per_article_tokens'] / max(call['article_tokens'], 1):.2f} x article), "
                    f"fixed {call['fixed_tokens']:,}",
                ))
    else:
        checks.append(info(
            bench, "calls: total (chunks/re-asks/retries)",
            f"{sum(r['calls'] for r in rows)} ({sum(r['chunks'] for r in rows)}/"
            f"{sum(r['reasks'] for r in rows)}/{sum(r['retries'] for r in rows)})", "",
            f"{len(rows)} articles, "
            f"{sum(r['article_tokens'] for r in rows) / len(rows):,.0f} tokens on average",
        ))
        worst = max(calls, key=lambda c: c["prompt_tokens"] / c["limit"])
        within = sum(c["prompt_tokens"] <= c["limit"] for c in calls)
        checks.append(at_most(
            bench, "worst call: prompt vs 1.3 x article + 1500", worst["prompt_tokens"],
            round(worst["limit"], 1), "tok",
            f"{within}/{len(calls)} calls within; that call: article {worst['article_tokens']:,} tok, "
            f"per-article part {worst['per_article_tokens']:,}, fixed {worst['fixed_tokens']:,}",
        ))
        shares = sorted(c["per_article_tokens"] / max(c["article_tokens"], 1) for c in calls)
        checks.append(info(bench, "per-article part / article tokens (median)",
                           round(shares[len(shares) // 2], 2), "x",
                           "numbered paragraphs + quote candidates + known actors"))
    fixed = max(c["fixed_tokens"] for c in calls)
    checks.append(at_most(bench, "fixed overhead (largest)", fixed, FIXED_TARGET, "tok",
                          "system instructions + JSON schema + chat framing + template headings"))
    fitting = [r for r in rows if r["fits"]]
    split = sum(r["chunks"] > 1 for r in fitting)
    if fitting and fit:
        checks.append(Check(bench, "articles that fit but took > 1 call", split, "", "== 0",
                            split / len(fitting), "PASS" if split == 0 else "FAIL",
                            f"{len(fitting)} of {len(rows)} articles fit the chunk budget"))
    ours = sum(r["first_attempt_prompt_tokens"] for r in rows)
    theirs = sum(r["langextract"]["prompt_tokens"] for r in rows)
    ours_completion = sum(r["completion_tokens"] for r in rows)
    their_completion = sum(r["langextract"]["completion_tokens_min"] for r in rows)
    checks.append(info(
        bench, "langextract-style (1,000 chars): calls", sum(r["langextract"]["calls"] for r in rows), "",
        f"ours {sum(r['chunks'] for r in rows)} (first attempts) on the same {len(rows)} article(s)",
    ))
    note = f"ours {ours:,}: langextract-style costs {theirs / max(ours, 1):.2f} x"
    if completion:
        note += f"; completion tokens >= {their_completion:,} vs ours {ours_completion:,}"
    checks.append(info(bench, "langextract-style: prompt tokens", theirs, "tok", note))
    return checks


def run(folder: Path = CASSETTES) -> tuple[list[Check], dict[str, Any]]:
    """Cost per article as recorded in the cassettes (the real model's answers and usage)."""
    problem = _tokenizer_problem()
    if problem:
        return [failed(BENCH, "tokenizer", problem)], {}
    from benchmarks.tokens import TOKENIZER_NAME

    articles = read_cassettes(folder) if folder.is_dir() else []
    if not articles:
        return [skipped(BENCH, f"no recorded extraction calls in {folder} (the llm engine's cassettes)")], {}
    budget = chunk_budget()
    rows = [analyse(a, budget) for a in articles]
    checks: list[Check] = [info(BENCH, "articles recorded", len(rows), "",
                                f"{sum(r['calls'] for r in rows)} calls in {folder.name}/; "
                                f"tokenizer: {TOKENIZER_NAME}; chunk budget {budget} tokens")]
    recount = [pair for r in rows for pair in r["tokenizer_recount"]]
    if recount:
        exact = sum(mine == theirs for mine, theirs in recount)
        worst = max(abs(mine - theirs) / theirs for mine, theirs in recount)
        checks.append(info(BENCH, "tokenizer vs server prompt_tokens", f"{exact}/{len(recount)} exact", "",
                           f"largest difference {worst:.1%}"))
    checks += summarise(BENCH, rows, per_article=len(rows) <= 6, fit=False)
    return checks, {"articles": rows, "chunk_budget": budget}


def run_current(gold: str | None = None, quick: bool = False) -> tuple[list[Check], dict[str, Any]]:
    """The prompts the current engine sends for every dev article, answered by the loopback server
    (empty answers, so no re-asks): what the next recording will cost, article by article."""
    bench = "llm prompt (dev set)"
    problem = _tokenizer_problem()
    if problem:
        return [failed(bench, "tokenizer", problem)], {}
    import importlib.util

    if importlib.util.find_spec("briefing.llm.engine") is None:
        return [skipped(bench, "the llm engine (briefing/llm/engine.py) is not on this branch yet")], {}
    from benchmarks.common import load_corpus
    from benchmarks.loopback import LoopbackServer
    from benchmarks.tokens import chat_tokens
    from briefing.config import LLMSettings
    from briefing.pipeline import generate
    from briefing.text.article import article_from_text

    corpus = load_corpus(gold, 8 if quick else None)
    budget = chunk_budget()
    rows = []
    with LoopbackServer(keep=True) as server:
        settings = LLMSettings(model="loopback", base_url=server.url, api_key="sk-bench-not-a-secret",
                               cache=False)
        for name, text in zip(corpus.names, corpus.texts, strict=True):
            server.reset()
            generate(article_from_text(text), "llm", settings)
            recorded = Recorded(name)
            for request in server.requests:
                messages = request.get("messages") or []
                recorded.calls.append(Call(200, messages, chat_tokens(messages), 0, _paragraphs(messages)))
            if recorded.calls:
                rows.append(analyse(recorded, budget))
    if not rows:
        return [failed(bench, "requests", "the llm engine sent no extraction request")], {}
    checks = [info(bench, "articles", len(rows), "", f"{corpus.source}; chunk budget {budget} tokens; "
                   "answers: empty extraction from the loopback server")]
    checks += summarise(bench, rows, per_article=False, completion=False)
    return checks, {"articles": rows, "chunk_budget": budget}
