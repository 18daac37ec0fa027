"""The llm engine over a provider's Batch API: `briefing batch IN -o OUT --engine llm --via batch-api`.

OpenAI's Batch API runs a file of up to 50,000 requests within 24 hours at half price, and
``vllm run-batch`` runs the same file on a self-hosted model. This module builds that file and
turns its results into briefings, in steps that each survive the process dying:

1. **prepare**: for every article, the same plan as the synchronous path
   (:func:`briefing.llm.engine.plan`: the rules result, the chunks, each chunk's messages) and the
   same request body, prepared by instructor for the configured mode
   (:func:`instructor.v2.core.response.handle_response_model`), one line per chunk with a
   ``custom_id``, in ``OUT/.batch-api/requests-1.jsonl``.
2. **submit**: upload the file (Files API) and create the batch (Batches API). The file id, then the
   batch id, are recorded in ``OUT/.batch-api/state.json`` as soon as they exist; a resumed run
   never uploads or submits the same round again.
3. **status**, then **collect** once the batch has ended: the output and error files are
   downloaded; each answer is parsed and checked by instructor's own response handling for the
   mode, with the same checks as the synchronous path
   (:func:`briefing.llm.response.response_model`). An answer that fails them is re-asked (the
   failed answer and the errors, as instructor re-asks) in a follow-up batch, or synchronously with
   ``reask="sync"``, up to ``max_reasks`` times. A chunk whose line failed or expired keeps the
   rules result, as the synchronous path does when a call fails for good.
4. Once every chunk is settled, each article is merged and rendered by
   :func:`briefing.llm.engine.finish`, as the synchronous path does, and written atomically.
   ``batch-report.json`` lists every article (a fallback counts as a failure), the batches, the
   tokens from the result files, and a cost estimate at batch prices (``batch_prices.json``).

Why not instructor's ``BatchProcessor``: it asks for the ``json_schema`` mode only (which local
servers do not support), builds its own client from the environment (ignoring the configured
endpoint), and validates answers without the article, so it would accept a fabricated quote.
Its provider-independent parts, preparing requests and parsing answers per mode, are used here.

A results file made elsewhere (``vllm run-batch -i requests-1.jsonl -o results.jsonl``) is read with
``results_file`` in place of the submit and status steps.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.config import LLMSettings, require_api_key
from briefing.errors import BriefingError, ConfigError, InputError, LLMError

STATE_DIR = ".batch-api"
STATE_NAME = "state.json"
ANSWERS_NAME = "answers.jsonl"
STEPS = ("all", "prepare", "submit", "status", "collect")
ENDED = ("completed", "failed", "expired", "cancelled")
ENDPOINT = "/v1/chat/completions"


class BatchPending(BriefingError):
    """The batch has not ended yet: nothing is lost; run the same command again (or ``--wait``)."""

    exit_code = 75  # EX_TEMPFAIL: try again later


@dataclass
class Options:
    """How far to go in one run, and how to re-ask."""

    step: str = "all"  # all | prepare | submit | status | collect
    wait: bool = False  # poll until every round has ended and been collected
    poll_seconds: float = 30.0
    reask: str = "batch"  # batch: a follow-up batch; sync: at once, one request per answer
    results_file: Path | None = None  # a results file made elsewhere (vllm run-batch), for this round
    completion_window: str = "24h"


@dataclass
class Job:
    """What shapes every output: the engine settings and how articles are read and rendered."""

    settings: LLMSettings
    fmt: str
    fingerprint: str  # of the settings that shape an output (never the key)
    min_confidence: float
    encoding: str | None = None
    apostrophe_quotes: bool = False
    language: str | None = None
    template_dir: str | None = None


# ---------------------------------------------------------------- requests and answers


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
    from instructor.v2.core.response import handle_reask_kwargs, process_response
    from openai.types.chat import ChatCompletion

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
        return "failed", f"the batch answer is not a chat completion: {_brief(exc)}"
    mode = settings.resolved_mode()
    call.grounds.attempt = attempt
    model = for_mode(response_model(call.grounds), mode)
    try:
        extraction = process_response(
            completion, response_model=model, stream=False, strict=False, mode=Mode[mode.upper()]
        )
    except Exception as exc:  # a validation error, broken JSON, an answer cut off at the token limit
        if type(exc).__name__ == "IncompleteOutputException":
            from briefing.llm.salvage import salvage

            kept = salvage(completion, call.grounds)  # its complete items; the rest keep the rules result
            if kept is not None:
                return "answered", kept
        if attempt < settings.max_reasks + 1:
            return "reask", handle_reask_kwargs(dict(request), Mode[mode.upper()], completion, exc)
        return "failed", f"the model's answers failed validation {attempt} time(s): {_brief(exc)}"
    return "answered", extraction


def usage_of(line: dict[str, Any]) -> tuple[int, int]:
    """(prompt, completion) tokens a result line reports; (0, 0) when it has none."""
    body = (line.get("response") or {}).get("body") or {}
    usage = body.get("usage") or {}
    return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)


def estimate_cost(model: str, prompt_tokens: int, completion_tokens: int) -> dict[str, Any]:
    """An estimate at batch prices from the dated, editable table (``batch_prices.json``, or the
    file ``BRIEFING_BATCH_PRICES`` names). Says so, and gives no figure for a model not listed."""
    path = os.environ.get("BRIEFING_BATCH_PRICES") or str(Path(__file__).with_name("batch_prices.json"))
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


# ---------------------------------------------------------------- the run


class Runner:
    """One output folder's batch: its state on disk and the steps that advance it."""

    def __init__(
        self,
        input_dir: Path,
        output_dir: Path,
        job: Job,
        options: Options,
        say: Callable[[str], None],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.input_dir = input_dir
        self.output_dir = output_dir
        self.folder = output_dir / STATE_DIR
        self.job = job
        self.options = options
        self.say = say
        self.sleep = sleep
        self.state: dict[str, Any] = {}
        self._client: Any = None
        self._file_used = False

    # ------------------------------------------------------------ state on disk

    def _load(self) -> bool:
        path = self.folder / STATE_NAME
        if not path.exists():
            return False
        try:
            self.state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(
                f"{path}: cannot read the batch state ({exc}); remove {self.folder} to "
                "start again (a submitted batch is then not collected)"
            ) from None
        if self.state.get("fingerprint") != self.job.fingerprint:
            raise ConfigError(
                f"{self.output_dir} holds a batch prepared with other settings (engine, "
                f"model, format…); use another output folder, or remove {self.folder}"
            )
        return True

    def _save(self) -> None:
        from briefing.batch import write_atomic

        write_atomic(self.folder / STATE_NAME, json.dumps(self.state, indent=1, ensure_ascii=False) + "\n")

    # ------------------------------------------------------------ steps

    def run(self) -> Any:
        """Advance the batch as far as ``options.step`` allows; the report once it is collected.
        Raises :class:`BatchPending` when a batch is still running (without ``wait``), and
        :class:`LLMError` when the endpoint fails (what was done is kept: run again)."""
        import openai

        from briefing.llm.client import _transport_error

        try:
            return self._run()
        except openai.OpenAIError as exc:
            error = _transport_error(exc, self.job.settings.resolved_base_url())
            raise LLMError(
                f"{error} (the batch's state is kept in {self.folder}: run the same command again)"
            ) from exc

    def _run(self) -> Any:
        from briefing.batch import _exclusive

        if self.options.step not in STEPS:
            raise ConfigError(f"--step must be one of {', '.join(STEPS)}")
        self.output_dir.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.output_dir):
            if not self._load():
                if self.options.step in ("status", "collect"):
                    raise InputError(
                        f"{self.output_dir}: no batch prepared here yet (run without --step, "
                        "or with --step prepare)"
                    )
                self.prepare()
            if self.state.get("finished"):
                self.say(
                    f"briefing: this batch was collected; outputs are in {self.output_dir} "
                    f"(remove {self.folder} to brief these articles again)"
                )
                return self._report_from_disk()
            if self.options.step == "prepare":
                first = self.folder / self.state["rounds"][0]["requests"]
                self.say(
                    f"briefing: wrote {first} ({len(self.state['rounds'][0]['custom_ids'])} requests); "
                    "submit it with --step submit, or run it elsewhere "
                    "(vllm run-batch -i … -o results.jsonl) and collect with --results-file results.jsonl"
                )
                return None
            while True:
                round_ = self.state["rounds"][-1]
                if not round_["custom_ids"]:
                    round_["processed"] = True
                if not round_["processed"]:
                    self._advance(round_)  # raises BatchPending when it must wait
                    if self.options.step in ("submit", "status") and not round_["processed"]:
                        return None
                if self._settled():
                    return self.finish()

    def prepare(self) -> None:
        """Plan every article and write the first round's requests (atomically)."""
        from briefing.batch import find_inputs, output_names, write_atomic
        from briefing.llm.engine import plan
        from briefing.text.article import load_article

        self.folder.mkdir(parents=True, exist_ok=True)
        inputs = find_inputs(self.input_dir)
        names = output_names(inputs, self.job.fmt)
        articles, calls, lines = [], {}, []
        for number, path in enumerate(inputs):
            entry: dict[str, Any] = {
                "name": path.name,
                "input": str(path),
                "output": names[path],
                "calls": [],
            }
            try:
                article = load_article(
                    str(path),
                    encoding=self.job.encoding,
                    apostrophe_quotes=self.job.apostrophe_quotes,
                    language=self.job.language,
                )
                planned = plan(article, self.job.settings, min_confidence=self.job.min_confidence)
                # the article as read now (a page fetched now): what its answers are merged into later
                write_atomic(self.folder / "articles" / f"{number:05d}.json", article.model_dump_json())
            except BriefingError as exc:
                entry["error"] = {"type": type(exc).__name__, "message": str(exc)}
                articles.append(entry)
                continue
            for chunk_number, call in enumerate(planned.calls):
                custom_id = f"a{number:05d}-c{chunk_number}"
                entry["calls"].append(custom_id)
                calls[custom_id] = {
                    "article": number,
                    "chunk": chunk_number,
                    "attempts": 0,
                    "status": "pending",
                    "usage": [0, 0, 0],
                }
                lines.append(_request_line(custom_id, request_body(call, self.job.settings)))
            articles.append(entry)
        write_atomic(self.folder / "requests-1.jsonl", "".join(lines))
        self.state = {
            "version": 1,
            "fingerprint": self.job.fingerprint,
            "model": self.job.settings.resolved_model(),
            "mode": self.job.settings.resolved_mode(),
            "token": secrets.token_hex(8),
            "finished": False,
            "articles": articles,
            "calls": calls,
            "rounds": [_new_round(1, list(calls))],
        }
        self._save()
        self.say(
            f"briefing: prepared {len(lines)} request(s) for {len(articles)} article(s) "
            f"in {self.folder / 'requests-1.jsonl'}"
        )

    def _advance(self, round_: dict[str, Any]) -> None:
        """Submit, poll and collect one round, as far as the step and ``wait`` allow."""
        if self.options.results_file is not None and not round_.get("batch_id") and round_["via"] != "sync":
            if self._file_used:
                raise BatchPending(
                    f"round {round_['number']} re-asks {len(round_['custom_ids'])} request(s): run "
                    f"{self.folder / round_['requests']} as before and collect its results with "
                    "--results-file (or re-ask with --reask sync)"
                )
            self._file_used = True
            self._collect_file(round_, self.options.results_file)
            return
        if round_.get("via") == "sync":
            self._collect_sync(round_)
            return
        if not round_.get("batch_id"):
            if self.options.step == "status":
                raise BatchPending(
                    f"round {round_['number']} has not been submitted yet: run without --step "
                    "(or with --step submit)"
                )
            self._submit(round_)
        if self.options.step == "submit":
            self.say(
                f"briefing: submitted batch {round_['batch_id']}; collect it later with the same command"
            )
            return
        while True:
            batch = self._client_().batches.retrieve(round_["batch_id"])
            round_["status"] = batch.status
            counts = batch.request_counts
            done = f"{counts.completed + counts.failed}/{counts.total}" if counts else "?"
            self.say(
                f"briefing: batch {batch.id} (round {round_['number']}): {batch.status}, {done} requests done"
            )
            if batch.status in ("failed", "cancelled") and not batch.output_file_id:
                errors = "; ".join(
                    f"{e.code}: {e.message}" for e in (batch.errors.data if batch.errors else [])
                )
                round_.update(
                    batch_id=None,
                    status=None,
                    submissions=round_.get("submissions", 0) + 1,
                    last_failure=f"batch {batch.id} {batch.status}" + (f" ({errors})" if errors else ""),
                )
                self._save()
                raise LLMError(
                    f"{round_['last_failure']}; nothing was answered. Run the same command again to "
                    "submit the round again"
                )
            if batch.status in ENDED:
                round_["output_file_id"] = batch.output_file_id
                round_["error_file_id"] = batch.error_file_id
                round_["request_counts"] = counts.model_dump() if counts else None
                self._save()
                break
            self._save()
            if self.options.step == "status" or not self.options.wait:
                raise BatchPending(
                    f"batch {batch.id} is {batch.status}; nothing is lost: run the same command "
                    "again to collect it, or add --wait"
                )
            self.sleep(self.options.poll_seconds)
        if self.options.step == "status":
            self.say(
                f"briefing: batch {round_['batch_id']} has ended ({round_['status']}); collect it with the "
                "same command without --step"
            )
            return
        self._collect_batch(round_)

    def _submit(self, round_: dict[str, Any]) -> None:
        client = self._client_()
        requests = self.folder / round_["requests"]
        if not round_.get("input_file_id"):
            with requests.open("rb") as handle:
                uploaded = client.files.create(file=(requests.name, handle), purpose="batch")
            round_["input_file_id"] = uploaded.id
            self._save()
        tag = f"{self.state['token']}-{round_['number']}-{round_.get('submissions', 0)}"
        # a batch created just before a kill, never recorded, is found by its tag, not made twice
        existing = self._find_batch(tag) if round_.get("creating") == tag else None
        if existing is None:
            round_["creating"] = tag
            self._save()
            existing = client.batches.create(
                input_file_id=round_["input_file_id"],
                endpoint=ENDPOINT,
                completion_window=self.options.completion_window,
                metadata={"briefing_round": tag},
            )
        round_["batch_id"] = existing.id
        round_["status"] = existing.status
        round_["creating"] = None
        self._save()
        self.say(
            f"briefing: submitted {len(round_['custom_ids'])} request(s) as batch {existing.id} "
            f"(round {round_['number']})"
        )

    def _find_batch(self, tag: str) -> Any:
        """The batch tagged ``tag`` among the most recent ones (one page: it was created moments
        before the run died)."""
        page = self._client_().batches.list(limit=100)
        return next((b for b in page.data if (b.metadata or {}).get("briefing_round") == tag), None)

    def _collect_batch(self, round_: dict[str, Any]) -> None:
        from briefing.batch import write_atomic

        lines: dict[str, dict[str, Any]] = {}
        for kind in ("output_file_id", "error_file_id"):
            file_id = round_.get(kind)
            if not file_id:
                continue
            name = f"{'results' if kind == 'output_file_id' else 'errors'}-{round_['number']}.jsonl"
            target = self.folder / name
            if not target.exists():
                from briefing.logs import redact

                text = self._client_().files.content(file_id).text
                write_atomic(target, redact(text) if kind == "error_file_id" else text)
            lines.update(_read_lines(target))
        if round_["status"] in ("failed", "cancelled") and not lines:
            why = f"the batch {round_['batch_id']} {round_['status']}"
            lines = {
                cid: {"custom_id": cid, "response": None, "error": {"code": round_["status"], "message": why}}
                for cid in round_["custom_ids"]
            }
        self._process(round_, lines)

    def _collect_file(self, round_: dict[str, Any], path: Path) -> None:
        """The round's results from a file made elsewhere. It must exist, answer at least one of the
        round's requests, and not be one already used for an earlier round."""
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines = dict(_read_lines(path))
        except OSError as exc:
            raise InputError(f"{path}: cannot read the results file ({exc.strerror or exc})") from None
        used = {r.get("results_sha256") for r in self.state["rounds"] if r is not round_}
        if digest in used:
            raise InputError(
                f"{path}: this results file was already collected for an earlier round; run "
                f"{self.folder / round_['requests']} and pass its results"
            )
        # a result line carries a response or an error (a request line, passed by mistake, neither)
        lines = {cid: line for cid, line in lines.items() if "response" in line or "error" in line}
        answered = set(lines) & set(round_["custom_ids"])
        if not answered:
            raise InputError(
                f"{path}: answers none of the {len(round_['custom_ids'])} request(s) of "
                f"{round_['requests']} (no matching custom_id): is it the results of that file?"
            )
        round_["via"] = "file"
        round_["results_sha256"] = digest
        self._process(round_, lines)

    def _collect_sync(self, round_: dict[str, Any]) -> None:
        """Re-asks sent at once through the synchronous transport, as result lines."""
        import openai

        bodies = dict(_read_requests(self.folder / round_["requests"]))
        lines = {}
        for custom_id in round_["custom_ids"]:
            try:
                completion = self._client_().chat.completions.create(**bodies[custom_id])
                lines[custom_id] = {
                    "custom_id": custom_id,
                    "error": None,
                    "response": {"status_code": 200, "body": completion.model_dump(mode="json")},
                }
            except openai.OpenAIError as exc:
                lines[custom_id] = {
                    "custom_id": custom_id,
                    "response": None,
                    "error": {"code": type(exc).__name__, "message": _brief(exc)},
                }
        self._process(round_, lines)

    def _process(self, round_: dict[str, Any], lines: dict[str, dict[str, Any]]) -> None:
        """Judge every answer of the round; record answers, failures and the next round's re-asks."""
        from briefing.batch import write_atomic
        from briefing.logs import redact

        bodies = dict(_read_requests(self.folder / round_["requests"]))
        plans: dict[int, Any] = {}
        answers, reasks = [], []
        for custom_id in round_["custom_ids"]:
            call = self.state["calls"][custom_id]
            line = lines.get(custom_id)
            if line is None:
                call.update(status="failed", reason="the batch returned no result for this request")
                continue
            prompt, completion = usage_of(line)
            call["usage"] = [call["usage"][0] + prompt, call["usage"][1] + completion, call["usage"][2] + 1]
            answered = line.get("response") is not None and line.get("error") is None
            if answered:
                call["attempts"] += 1
            planned = self._plan(call["article"], plans)
            if planned is None:
                call.update(status="failed", reason="the prepared article cannot be read back")
                continue
            verdict, value = judge(
                planned.calls[call["chunk"]],
                max(1, call["attempts"]),
                bodies[custom_id],
                line,
                self.job.settings,
            )
            if verdict == "answered":
                call["status"] = "answered"
                answers.append(
                    json.dumps(
                        {"custom_id": custom_id, "answer": value.model_dump(mode="json")}, ensure_ascii=False
                    )
                    + "\n"
                )
            elif verdict == "reask":
                reasks.append(_request_line(custom_id, value))
            else:
                call.update(status="failed", reason=redact(value))
        if answers:
            with (self.folder / ANSWERS_NAME).open("a", encoding="utf-8") as handle:
                handle.write("".join(answers))
                handle.flush()
                os.fsync(handle.fileno())
        round_["processed"] = True
        if reasks:
            number = round_["number"] + 1
            write_atomic(self.folder / f"requests-{number}.jsonl", "".join(reasks))
            follow = _new_round(number, [json.loads(r)["custom_id"] for r in reasks])
            if self.options.reask == "sync":
                follow["via"] = "sync"
            self.state["rounds"].append(follow)
            self.say(
                f"briefing: {len(reasks)} answer(s) failed the checks; re-asking them "
                f"({'now' if self.options.reask == 'sync' else 'in a follow-up batch'}, round {number})"
            )
        self._save()

    def _plan(self, number: int, plans: dict[int, Any]) -> Any:
        if number not in plans:
            plans[number] = self._replan(number)
        return plans[number]

    def _replan(self, number: int) -> Any:
        """The article's plan again, from the article as it was prepared (the rules engine is
        deterministic), or None if that cannot be read back."""
        from briefing.llm.engine import plan
        from briefing.schema import Article

        try:
            saved = (self.folder / "articles" / f"{number:05d}.json").read_text(encoding="utf-8")
            article = Article.model_validate_json(saved)
        except (OSError, ValueError):
            return None
        planned = plan(article, self.job.settings, min_confidence=self.job.min_confidence)
        return planned if len(planned.calls) == len(self.state["articles"][number]["calls"]) else None

    def _settled(self) -> bool:
        return all(c["status"] != "pending" for c in self.state["calls"].values()) and all(
            r["processed"] for r in self.state["rounds"]
        )

    # ------------------------------------------------------------ outputs

    def finish(self) -> Any:
        """Merge and render every article, write the outputs, voices.csv and the report."""
        from briefing.batch import REPORT_NAME, VOICES_NAME, BatchReport, ItemResult, voices_csv, write_atomic
        from briefing.glance import voice_rows, with_glance
        from briefing.llm.engine import failures as llm_failures
        from briefing.llm.engine import finish
        from briefing.llm.response import Extraction
        from briefing.logs import redact, redact_diagnostics
        from briefing.render.formats import render
        from briefing.schema import Usage

        started = time.monotonic()
        answers: dict[str, Any] = {}
        for custom_id, line in _read_lines(self.folder / ANSWERS_NAME):
            answers[custom_id] = line["answer"]  # the last one recorded wins (a resumed collect)
        report = BatchReport(
            str(self.input_dir),
            str(self.output_dir),
            {
                "engine": "llm",
                "via": "batch-api",
                "model": self.state["model"],
                "mode": self.state["mode"],
                "format": self.job.fmt,
            },
        )
        model = self.state["model"]
        total_prompt = total_completion = 0
        for number, entry in enumerate(self.state["articles"]):
            target = self.output_dir / entry["output"]
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
            planned = self._replan(number)
            if planned is None:
                report.items.append(
                    ItemResult(
                        entry["input"],
                        None,
                        "failed",
                        f"{entry['input']}: the article prepared for the batch cannot be "
                        f"read back from {self.folder}; brief it again",
                        "InputError",
                    )
                )
                continue
            chunk_answers, chunk_failures = [], []
            usage = Usage()
            for custom_id in entry["calls"]:
                call = self.state["calls"][custom_id]
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
            document = render(result, self.job.fmt, self.job.template_dir)  # type: ignore[arg-type]
            write_atomic(target, document)
            item = ItemResult(
                entry["input"],
                str(target),
                "ok",
                voices=voice_rows(result, entry["name"]),
                output_sha256=hashlib.sha256(document.encode("utf-8")).hexdigest(),
            )
            failed = llm_failures(result)
            if failed:
                item.status, item.error, item.error_type = (
                    "degraded",
                    redact(f"{entry['input']}: {failed[0]}"),
                    "LLMError",
                )
            report.items.append(item)
        report.seconds = time.monotonic() - started
        report.extra = {
            "batch_api": {
                "rounds": [
                    {k: r.get(k) for k in ("number", "via", "batch_id", "status", "request_counts")}
                    | {"requests": len(r["custom_ids"])}
                    for r in self.state["rounds"]
                ],
                "tokens": {"prompt": total_prompt, "completion": total_completion},
                "cost": estimate_cost(model, total_prompt, total_completion),
            }
        }
        write_atomic(self.output_dir / VOICES_NAME, voices_csv(report.items))
        write_atomic(self.output_dir / REPORT_NAME, report.to_json())
        self.state["finished"] = True
        self._save()
        return report

    def _report_from_disk(self) -> Any:
        from briefing.batch import REPORT_NAME, BatchReport, ItemResult

        report = BatchReport(str(self.input_dir), str(self.output_dir))
        try:
            data = json.loads((self.output_dir / REPORT_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return report
        for item in data.get("items", []):
            report.items.append(ItemResult(**{k: item.get(k) for k in ItemResult.__dataclass_fields__}))
        return report

    def _client_(self) -> Any:
        """The openai client for the Files and Batches endpoints (its own retries for transient errors)."""
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                api_key=require_api_key(self.job.settings),
                base_url=self.job.settings.resolved_base_url(),
                timeout=self.job.settings.resolved_timeout(),
                max_retries=3,
            )
        return self._client


def _new_round(number: int, custom_ids: list[str]) -> dict[str, Any]:
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


def _request_line(custom_id: str, body: dict[str, Any]) -> str:
    return (
        json.dumps(
            {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}, ensure_ascii=False
        )
        + "\n"
    )


def _read_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
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


def _read_requests(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for custom_id, line in _read_lines(path):
        yield custom_id, line.get("body") or {}


def _brief(exc: BaseException, limit: int = 300) -> str:
    from briefing.logs import redact

    text = redact(" ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
