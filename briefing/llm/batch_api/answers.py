"""The Batch API's lines: one request per chunk, as the synchronous path would send it, and each
result line judged as the synchronous path judges an answer; token usage and a cost estimate."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.config import LLMSettings

STATE_DIR = ".batch-api"
STATE_NAME = "state.json"
ANSWERS_NAME = "answers.jsonl"
STEPS = ("all", "prepare", "submit", "status", "collect")
ENDED = ("completed", "failed", "expired", "cancelled")
ENDPOINT = "/v1/chat/completions"


def request_body(call: Any, settings: LLMSettings) -> dict[str, Any]:
    """The chat completion request for one chunk, as the synchronous path sends it: instructor
    prepares the tools, response format or schema instructions for the configured mode."""
    from instructor import Mode
    from instructor.v2.core.response import handle_response_model

    from briefing.llm.response import for_mode, response_model

    mode = settings.resolved_mode()
    model = for_mode(response_model(call.grounds), mode)
    _, kwargs = handle_response_model(
        model,
        mode=Mode[mode.upper()],
        messages=[dict(m) for m in call.messages],
        model=settings.resolved_model(),
        temperature=settings.temperature,
        max_tokens=settings.max_output_tokens,
    )
    return kwargs


def judge(
    call: Any, attempt: int, request: dict[str, Any], line: dict[str, Any], settings: LLMSettings
) -> tuple[str, Any]:
    """One result line for one chunk, on its ``attempt``-th answer: ``("answered", extraction)``,
    ``("reask", next request body)`` or ``("failed", reason)``."""
    from instructor import Mode
    from instructor.core.exceptions import IncompleteOutputException
    from instructor.v2.core.response import handle_reask_kwargs, process_response
    from openai.types.chat import ChatCompletion

    from briefing.llm.client import brief_error
    from briefing.llm.response import for_mode, response_model
    from briefing.logs import redact

    error = line.get("error")
    response = line.get("response") if isinstance(line.get("response"), dict) else {}
    body = response.get("body") if isinstance(response.get("body"), dict) else {}
    if error or response.get("status_code") != 200:
        # OpenAI writes {"code", "message"}; vllm run-batch a plain string; anything else is broken
        detail = error if error else body.get("error") if body else None
        if isinstance(detail, dict):
            code, message = (
                detail.get("code") or response.get("status_code") or "error",
                detail.get("message"),
            )
        else:
            code, message = response.get("status_code") or "error", detail or "no answer"
        return "failed", redact(f"the batch request failed ({code}): {str(message)[:300]}")
    try:
        completion = ChatCompletion.model_validate(body)
    except Exception as exc:
        return "failed", f"the batch answer is not a chat completion: {brief_error(exc)}"
    mode = settings.resolved_mode()
    call.grounds.attempt = attempt
    model = for_mode(response_model(call.grounds), mode)
    try:
        extraction = process_response(
            completion, response_model=model, stream=False, strict=False, mode=Mode[mode.upper()]
        )
    except Exception as exc:  # a validation error, broken JSON, an answer cut off at the token limit
        if isinstance(exc, IncompleteOutputException):
            from briefing.llm.salvage import salvage

            kept = salvage(completion, call.grounds)  # its complete items; the rest keep the rules result
            if kept is not None:
                return "answered", kept
        if attempt < settings.max_reasks + 1:
            return "reask", handle_reask_kwargs(dict(request), Mode[mode.upper()], completion, exc)
        return "failed", f"the model's answers failed validation {attempt} time(s): {brief_error(exc)}"
    return "answered", extraction


def usage_of(line: dict[str, Any]) -> tuple[int, int]:
    """(prompt, completion) tokens a result line reports; (0, 0) when it has none."""
    body = (line.get("response") or {}).get("body") or {}
    usage = body.get("usage") or {}
    return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int) -> dict[str, Any]:
    """An estimate at batch prices from the dated, editable table (``batch_prices.json``, or the
    file ``BRIEFING_BATCH_PRICES`` names). Says so, and gives no figure for a model not listed."""
    path = os.environ.get("BRIEFING_BATCH_PRICES") or str(Path(__file__).parent.parent / "batch_prices.json")
    try:
        table = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"estimate": None, "note": f"no price table ({path}: {exc})"}
    prices = (table.get("per_million_tokens") or {}).get(model)
    base = {
        "model": model,
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "prices_as_of": table.get("as_of"),
        "currency": table.get("currency"),
        "table": path,
        "note": "an ESTIMATE from a dated price table that may be out of date; see its 'about'",
    }
    if not prices:
        return {**base, "estimate": None, "note": f"{model!r} is not in the price table: no estimate"}
    cost = prompt_tokens / 1e6 * prices["input"] + completion_tokens / 1e6 * prices["output"]
    return {**base, "estimate": round(cost, 6)}


def request_line(custom_id: str, body: dict[str, Any]) -> str:
    return (
        json.dumps(
            {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}, ensure_ascii=False
        )
        + "\n"
    )


def read_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(custom_id, line) of a JSONL file; unreadable lines (a cut-off last line) are skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if isinstance(line, dict) and isinstance(line.get("custom_id"), str):
                yield line["custom_id"], line


def read_requests(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for custom_id, line in read_lines(path):
        yield custom_id, line.get("body") or {}



def new_round(number: int, custom_ids: list[str]) -> dict[str, Any]:
    return {
        "number": number,
        "requests": f"requests-{number}.jsonl",
        "custom_ids": custom_ids,
        "via": "batch",
        "input_file_id": None,
        "batch_id": None,
        "status": None,
        "output_file_id": None,
        "error_file_id": None,
        "request_counts": None,
        "processed": False,
    }
