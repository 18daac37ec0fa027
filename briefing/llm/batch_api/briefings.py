"""The Batch API's outputs: every article merged and rendered as the synchronous path does, the
report with the batches, tokens and a cost estimate, and voices.csv."""

from __future__ import annotations

import json
import time
from typing import Any

from briefing.errors import LLMError
from briefing.llm.batch_api.answers import ANSWERS_NAME, estimate_cost, read_lines


def write_briefings(runner: Any) -> Any:
    """Merge and render every article, write the outputs, voices.csv and the report."""
    from briefing.batch import (
        REPORT_NAME,
        VOICES_NAME,
        BatchReport,
        ItemResult,
        put_in_place,
        staged_document,
        voices_csv,
        write_atomic,
    )
    from briefing.batch.results import batch_output
    from briefing.glance import with_glance
    from briefing.llm.engine import finish
    from briefing.llm.response import Extraction
    from briefing.logs import redact, redact_diagnostics
    from briefing.schema import Usage

    started = time.monotonic()
    answers: dict[str, Any] = {}
    for custom_id, line in read_lines(runner.folder / ANSWERS_NAME):
        answers[custom_id] = line["answer"]  # the last one recorded wins (a resumed collect)
    report = BatchReport(
        str(runner.input_dir),
        str(runner.output_dir),
        {
            "engine": "llm",
            "via": "batch-api",
            "model": runner.state["model"],
            "mode": runner.state["mode"],
            "format": runner.job.fmt,
        },
    )
    model = runner.state["model"]
    total_prompt = total_completion = 0
    for number, entry in enumerate(runner.state["articles"]):
        target = runner.output_dir / entry["output"]
        if entry.get("error"):
            report.items.append(
                ItemResult(
                    entry["input"],
                    None,
                    "failed",
                    redact(entry["error"]["message"]),
                    entry["error"]["type"],
                )
            )
            continue
        planned = runner._replan(number)
        if planned is None:
            report.items.append(
                ItemResult(
                    entry["input"],
                    None,
                    "failed",
                    f"{entry['input']}: the article prepared for the batch cannot be "
                    f"read back from {runner.folder}; brief it again",
                    "InputError",
                )
            )
            continue
        chunk_answers, chunk_failures = [], []
        usage = Usage()
        for custom_id in entry["calls"]:
            call = runner.state["calls"][custom_id]
            chunk = planned.chunks[call["chunk"]]
            prompt, completion, requests = call["usage"]
            usage.calls += requests
            usage.prompt_tokens += prompt
            usage.completion_tokens += completion
            usage.reasks += max(0, call["attempts"] - 1)
            if call["status"] == "answered" and custom_id in answers:
                chunk_answers.append((chunk, Extraction.model_validate(answers[custom_id])))
            else:
                chunk_failures.append((chunk, LLMError(call.get("reason") or "no answer")))
        usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
        total_prompt += usage.prompt_tokens
        total_completion += usage.completion_tokens
        result = with_glance(finish(planned, chunk_answers, chunk_failures, model=model, usage=usage))
        redact_diagnostics(result)
        # written as `briefing batch` writes each article: staged, renamed into place, reported
        output = batch_output(result, runner.job.fmt, runner.job.template_dir, entry["name"], entry["input"],
                              llm=True)
        staged = staged_document(output, target)
        if staged.temporary is not None:
            put_in_place(staged.temporary, target)
        report.items.append(staged.result(entry["input"], target, None))
    report.seconds = time.monotonic() - started
    report.extra = {
        "batch_api": {
            "rounds": [
                {k: r.get(k) for k in ("number", "via", "batch_id", "status", "request_counts")}
                | {"requests": len(r["custom_ids"])}
                for r in runner.state["rounds"]
            ],
            "tokens": {"prompt": total_prompt, "completion": total_completion},
            "cost": estimate_cost(model, total_prompt, total_completion),
        }
    }
    write_atomic(runner.output_dir / VOICES_NAME, voices_csv(report.items))
    write_atomic(runner.output_dir / REPORT_NAME, report.to_json())
    runner.state["finished"] = True
    runner._save()
    return report


def report_from_disk(runner: Any) -> Any:
    from briefing.batch import REPORT_NAME, BatchReport, ItemResult

    report = BatchReport(str(runner.input_dir), str(runner.output_dir))
    try:
        data = json.loads((runner.output_dir / REPORT_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return report
    for item in data.get("items", []):
        report.items.append(ItemResult(**{k: item.get(k) for k in ItemResult.__dataclass_fields__}))
    return report
