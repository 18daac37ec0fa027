"""The loopback server with OpenAI's Files and Batches endpoints, for `briefing batch --via batch-api`
without the network. Standard library only; binds 127.0.0.1.

It answers the way OpenAI documents the Batch API:

- ``POST /v1/files`` (multipart, ``purpose=batch``) stores the upload; ``GET /v1/files/{id}`` and
  ``GET /v1/files/{id}/content`` return it;
- ``POST /v1/batches`` creates a batch over an uploaded file; ``GET /v1/batches/{id}`` retrieves it,
  and each retrieval moves it one step along ``statuses`` (by default ``validating`` →
  ``in_progress`` → ``completed``; or ending in ``failed`` or ``expired``); ``GET /v1/batches``
  lists them; ``POST /v1/batches/{id}/cancel`` cancels;
- when it completes, every request line of the input file gets one line, with its ``custom_id``,
  in the output file (``output_file_id``: a 200 response holding a chat completion) or in the error
  file (``error_file_id``: a non-200 response or an ``error``); an expired batch puts the lines
  past ``expire_after`` in the error file with the code ``batch_expired``;
- ``POST /v1/chat/completions`` answers as the batch would (for re-asks sent synchronously).

``answer(custom_id, body)`` decides each line: return a payload (the model's answer, sent as a
tool call or as content, as the request asked), or :class:`LineError` for a failed line, or
:class:`Raw` for a whole response body of your own.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.loopback import EMPTY_EXTRACTION, JSONHandler, ServedInThread, completion


@dataclass
class LineError:
    """A request line that fails: ``status_code`` (a non-200 response) or, when None, an error
    object with ``code`` (e.g. ``batch_expired``)."""

    message: str = "loopback: this request failed"
    status_code: int | None = 500
    code: str = "server_error"


@dataclass
class Raw:
    """A response body sent as is (e.g. a completion cut off at ``finish_reason: length``)."""

    body: dict[str, Any]


Answer = Callable[[str | None, dict[str, Any]], Any]


def fixed(payload: Any = None) -> Answer:
    """Every line answered with ``payload`` (an empty extraction by default)."""
    return lambda custom_id, body: EMPTY_EXTRACTION if payload is None else payload


def _usage_of(body: dict[str, Any], answer: str) -> tuple[int, int]:
    prompt = sum(len(str(m.get("content") or "")) for m in body.get("messages", [])) // 4 + 10
    return prompt, len(answer) // 4 + 1


class _Handler(JSONHandler):
    def do_POST(self) -> None:
        owner: BatchLoopbackServer = self.server.owner
        path = self.path.split("?")[0].rstrip("/")
        if path.endswith("/files"):
            self._upload(owner)
        elif path.endswith("/batches"):
            request = self.read_json() or {}
            code, body = owner.create(request)
            self.send_json(code, body)
        elif path.endswith("/cancel"):
            self.send_json(*owner.cancel(path.split("/")[-2]))
        elif path.endswith("/chat/completions"):
            request = self.read_json() or {}
            owner.chat_requests.append(request)
            outcome = owner.line(None, request)
            if "error" in outcome and outcome.get("response") is None:
                self.send_json(500, {"error": outcome["error"]})
            else:
                self.send_json(outcome["response"]["status_code"], outcome["response"]["body"])
        else:
            self.send_json(404, {"error": {"message": f"loopback: no route {self.path}"}})

    def do_GET(self) -> None:
        owner: BatchLoopbackServer = self.server.owner
        path = self.path.split("?")[0].rstrip("/")
        parts = path.split("/")
        if path.endswith("/batches"):
            self.send_json(
                200,
                {
                    "object": "list",
                    "data": owner.listing(),
                    "has_more": False,
                    "first_id": None,
                    "last_id": None,
                },
            )
        elif "batches" in parts:
            self.send_json(*owner.retrieve(parts[-1]))
        elif "files" in parts and parts[-1] == "content":
            data = owner.files.get(parts[-2])
            if data is None:
                self.send_json(404, {"error": {"message": "no such file"}})
                return
            owner.downloads.append(parts[-2])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data["content"])))
            self.end_headers()
            self.wfile.write(data["content"])
        elif "files" in parts:
            data = owner.files.get(parts[-1])
            self.send_json(200, owner.file_object(parts[-1])) if data else self.send_json(
                404, {"error": {"message": "no such file"}}
            )
        else:
            super().do_GET()

    def _upload(self, owner: BatchLoopbackServer) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        head = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = (part.get_filename(), part.get_payload(decode=True))
        filename, content = fields.get("file", (None, None))
        purpose = (fields.get("purpose", (None, b""))[1] or b"").decode()
        if content is None:
            self.send_json(400, {"error": {"message": "loopback: no file in the upload"}})
            return
        self.send_json(200, owner.store(filename or "upload.jsonl", content, purpose))


class BatchLoopbackServer(ServedInThread):
    """Files + Batches on loopback. ``statuses`` is the walk a batch makes, one step per retrieve
    (its last entry is where it ends: ``completed``, ``failed`` or ``expired``); ``expire_after``
    is how many lines an expired batch answered. ``uploads``, ``created``, ``retrieves``,
    ``downloads`` and ``chat_requests`` record what clients did."""

    def __init__(
        self,
        answer: Answer | None = None,
        *,
        statuses: tuple[str, ...] = ("validating", "in_progress", "completed"),
        expire_after: int = 0,
    ) -> None:
        super().__init__(_Handler, "batch-loopback-server")
        self.answer = answer or fixed()
        self.statuses = statuses
        self.expire_after = expire_after
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.uploads: list[str] = []
        self.created: list[str] = []
        self.retrieves = 0
        self.downloads: list[str] = []
        self.chat_requests: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._lock = threading.RLock()

    # ------------------------------------------------------------ files

    def store(self, filename: str, content: bytes, purpose: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-loop{next(self._ids):04d}"
            self.files[file_id] = {
                "filename": filename,
                "content": content,
                "purpose": purpose,
                "created_at": int(time.time()),
            }
            if purpose == "batch":
                self.uploads.append(file_id)
        return self.file_object(file_id)

    def file_object(self, file_id: str) -> dict[str, Any]:
        data = self.files[file_id]
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(data["content"]),
            "created_at": data["created_at"],
            "filename": data["filename"],
            "purpose": data["purpose"],
            "status": "processed",
        }

    # ------------------------------------------------------------ batches

    def create(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        file_id = request.get("input_file_id")
        if file_id not in self.files:
            return 400, {"error": {"message": f"loopback: no file {file_id}"}}
        with self._lock:
            batch_id = f"batch_loop{next(self._ids):04d}"
            now = int(time.time())
            self.batches[batch_id] = {
                "id": batch_id,
                "object": "batch",
                "endpoint": request.get("endpoint", "/v1/chat/completions"),
                "errors": None,
                "input_file_id": file_id,
                "completion_window": request.get("completion_window", "24h"),
                "status": self.statuses[0],
                "output_file_id": None,
                "error_file_id": None,
                "created_at": now,
                "in_progress_at": None,
                "expires_at": now + 86400,
                "finalizing_at": None,
                "completed_at": None,
                "failed_at": None,
                "expired_at": None,
                "cancelling_at": None,
                "cancelled_at": None,
                "request_counts": {"total": 0, "completed": 0, "failed": 0},
                "metadata": request.get("metadata") or {},
                "_step": 0,
            }
            self.created.append(batch_id)
        return 200, self._public(batch_id)

    def retrieve(self, batch_id: str) -> tuple[int, dict[str, Any]]:
        if batch_id not in self.batches:
            return 404, {"error": {"message": f"loopback: no batch {batch_id}"}}
        with self._lock:
            self.retrieves += 1
            batch = self.batches[batch_id]
            if batch["status"] in ("validating", "in_progress", "finalizing"):
                batch["_step"] = min(batch["_step"] + 1, len(self.statuses) - 1)
                status = self.statuses[batch["_step"]]
                batch["status"] = status
                if status == "in_progress":
                    batch["in_progress_at"] = int(time.time())
                elif status in ("completed", "expired"):
                    self._run(batch)
                    batch[f"{status}_at"] = int(time.time())
                elif status == "failed":
                    batch["failed_at"] = int(time.time())
                    batch["errors"] = {
                        "object": "list",
                        "data": [
                            {
                                "code": "invalid_request",
                                "message": "loopback: this batch failed validation",
                                "param": None,
                                "line": None,
                            }
                        ],
                    }
        return 200, self._public(batch_id)

    def cancel(self, batch_id: str) -> tuple[int, dict[str, Any]]:
        if batch_id not in self.batches:
            return 404, {"error": {"message": f"loopback: no batch {batch_id}"}}
        self.batches[batch_id]["status"] = "cancelled"
        return 200, self._public(batch_id)

    def listing(self) -> list[dict[str, Any]]:
        return [self._public(b) for b in reversed(list(self.batches))]

    def _public(self, batch_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.batches[batch_id].items() if not k.startswith("_")}

    def line(self, custom_id: str | None, body: dict[str, Any]) -> dict[str, Any]:
        """One request's result line (``response`` or ``error``), as the Batch API writes it."""
        outcome = self.answer(custom_id, body)
        request_id = f"req_{next(self._ids):05d}"
        if isinstance(outcome, LineError):
            if outcome.status_code is None:
                return {
                    "id": f"batch_{request_id}",
                    "custom_id": custom_id,
                    "response": None,
                    "error": {"code": outcome.code, "message": outcome.message},
                }
            return {
                "id": f"batch_{request_id}",
                "custom_id": custom_id,
                "error": None,
                "response": {
                    "status_code": outcome.status_code,
                    "request_id": request_id,
                    "body": {"error": {"message": outcome.message, "type": outcome.code}},
                },
            }
        if isinstance(outcome, Raw):
            result = outcome.body
        else:
            text = outcome if isinstance(outcome, str) else json.dumps(outcome)
            result = completion(body, text, _usage_of(body, text), model=body.get("model", "loopback"))
        return {
            "id": f"batch_{request_id}",
            "custom_id": custom_id,
            "error": None,
            "response": {"status_code": 200, "request_id": request_id, "body": result},
        }

    def _run(self, batch: dict[str, Any]) -> None:
        """Answer every line of the batch's input file into an output and an error file."""
        lines = [
            json.loads(x)
            for x in self.files[batch["input_file_id"]]["content"].decode().splitlines()
            if x.strip()
        ]
        good, bad = [], []
        for number, request in enumerate(lines):
            if batch["status"] == "expired" and number >= self.expire_after:
                bad.append(
                    {
                        "id": f"batch_req_x{number}",
                        "custom_id": request.get("custom_id"),
                        "response": None,
                        "error": {
                            "code": "batch_expired",
                            "message": "This request could not be executed before the completion "
                            "window expired.",
                        },
                    }
                )
                continue
            result = self.line(request.get("custom_id"), request.get("body") or {})
            ok = result.get("response") and result["response"]["status_code"] == 200
            (good if ok else bad).append(result)
        batch["request_counts"] = {"total": len(lines), "completed": len(good), "failed": len(bad)}
        for kind, rows in (("output_file_id", good), ("error_file_id", bad)):
            if rows:
                content = "".join(json.dumps(r) + "\n" for r in rows).encode()
                batch[kind] = self.store(f"{batch['id']}_{kind[:-8]}.jsonl", content, "batch_output")["id"]
