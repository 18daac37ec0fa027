"""The Batch API's results, read from the provider's output and error files, from a results file
made elsewhere (``vllm run-batch``), or from re-asks sent at once; each line judged, the answers
recorded, the re-asks gathered into the next round."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.llm.batch_api.answers import (
    ANSWERS_NAME,
    judge,
    new_round,
    read_lines,
    read_requests,
    request_line,
    usage_of,
)
from briefing.llm.client import brief_error


class Collecting:
    """The collect steps of :class:`~briefing.llm.batch_api.runner.Runner` (a mixin: it reads and
    writes the runner's state, folder and job)."""

    state: dict[str, Any]
    folder: Path
    options: Any
    job: Any

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
            lines.update(read_lines(target))
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
            lines = dict(read_lines(path))
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

        bodies = dict(read_requests(self.folder / round_["requests"]))
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
                    "error": {"code": type(exc).__name__, "message": brief_error(exc)},
                }
        self._process(round_, lines)

    def _process(self, round_: dict[str, Any], lines: dict[str, dict[str, Any]]) -> None:
        """Judge every answer of the round; record answers, failures and the next round's re-asks."""
        from briefing.batch import write_atomic
        from briefing.logs import redact

        bodies = dict(read_requests(self.folder / round_["requests"]))
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
                reasks.append(request_line(custom_id, value))
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
            follow = new_round(number, [json.loads(r)["custom_id"] for r in reasks])
            if self.options.reask == "sync":
                follow["via"] = "sync"
            self.state["rounds"].append(follow)
            self.say(
                f"briefing: {len(reasks)} answer(s) failed the checks; re-asking them "
                f"({'now' if self.options.reask == 'sync' else 'in a follow-up batch'}, round {number})"
            )
        self._save()
