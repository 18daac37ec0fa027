"""The Batch API's steps for one output folder, each recorded in ``OUT/.batch-api/state.json`` as
it happens: prepare, submit, poll, collect (re-asks as further rounds), then the briefings."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.config import LLMSettings, require_api_key
from briefing.errors import BriefingError, ConfigError, InputError, LLMError
from briefing.llm.batch_api.answers import (
    ENDED,
    ENDPOINT,
    STATE_DIR,
    STATE_NAME,
    STEPS,
    new_round,
    request_body,
    request_line,
)
from briefing.llm.batch_api.collect import Collecting


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


class Runner(Collecting):
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
                lines.append(request_line(custom_id, request_body(call, self.job.settings)))
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
            "rounds": [new_round(1, list(calls))],
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

    def _plan(self, number: int, plans: dict[int, Any]) -> Any:
        """The plan of article ``number``, kept while the round reads that article's lines (they
        come in article order): one article's plan in memory at a time, not the whole archive's."""
        if number not in plans:
            plans.clear()
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
        from briefing.llm.batch_api.briefings import write_briefings

        return write_briefings(self)

    def _report_from_disk(self) -> Any:
        from briefing.llm.batch_api.briefings import report_from_disk

        return report_from_disk(self)

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
