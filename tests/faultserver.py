"""A scriptable, OpenAI-compatible HTTP server on loopback, for fault-injection tests.

Each request to ``POST /v1/chat/completions`` is answered by the next *behaviour* in the script
(then by ``default``). A behaviour is a function ``(handler, request) -> None`` that writes the
response, or breaks the connection on purpose. The factories below make every fault a client meets:

>>> with FaultServer(default=ok({"quotes": []})) as server:
...     server.script(status(429, retry_after=0), status(503), hang(5), reset(), truncated({}))
...     ...  # point the client at server.url with OPENAI_API_KEY set to anything
...     assert server.count == 6

``responder`` (``request -> behaviour``) chooses a behaviour per request instead, e.g. to fail a
third of all requests or answer according to the article in the prompt. Every request is recorded
(path, headers, JSON body). Standard library only; binds 127.0.0.1. The chat completion body, the
JSON handler and the threaded server are the benchmarks' loopback server's (benchmarks/loopback.py).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import loopback
from benchmarks.loopback import JSONHandler, ServedInThread

Behaviour = Callable[["_Handler", dict[str, Any]], None]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    at: float = field(default_factory=time.monotonic)
    port: int = 0  # the client's port: one per TCP connection, so reused connections share it

    def prompt(self) -> str:
        """All message contents of the request, joined: what the model was shown."""
        messages = (self.body or {}).get("messages", [])
        parts = []
        for message in messages:
            content = message.get("content")
            if isinstance(content, list):
                content = " ".join(str(c.get("text", "")) for c in content if isinstance(c, dict))
            parts.append(str(content or ""))
        return "\n".join(parts)


# ---------------------------------------------------------------- behaviours


def completion(request: dict[str, Any], payload: str | dict[str, Any] | list[Any],
               usage: tuple[int, int] = (100, 20)) -> dict[str, Any]:
    """A chat completion carrying ``payload`` the way the request asked for it: as a tool call when
    the request offered tools (instructor's TOOLS mode), else as the message content."""
    return loopback.completion(request, payload, usage, model="fault-model")


def ok(payload: str | dict[str, Any] | list[Any] | Callable[[dict[str, Any]], Any],
       usage: tuple[int, int] = (100, 20)) -> Behaviour:
    """200 with ``payload`` (or ``payload(request)``) as the model's answer."""

    def behave(handler: _Handler, request: dict[str, Any]) -> None:
        data = payload(request) if callable(payload) else payload
        handler.send_json(200, completion(request, data, usage))

    return behave


def status(code: int, *, retry_after: float | str | None = None, message: str | None = None) -> Behaviour:
    """An HTTP error with an OpenAI-style error body, optionally with a ``Retry-After`` header."""

    def behave(handler: _Handler, request: dict[str, Any]) -> None:
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
        body = {"error": {"message": message or f"fault server: HTTP {code}", "type": "fault", "code": code}}
        handler.send_json(code, body, headers)

    return behave


def hang(seconds: float) -> Behaviour:
    """Accept the request and say nothing for ``seconds`` (past the client's timeout), then close."""

    def behave(handler: _Handler, request: dict[str, Any]) -> None:
        handler.server.owner.stopping.wait(seconds)
        handler.close_connection = True

    return behave


def reset() -> Behaviour:
    """Close the connection with a TCP reset (RST) instead of answering."""

    def behave(handler: _Handler, request: dict[str, Any]) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.connection.close()

    return behave


def truncated(
    payload: str | dict[str, Any] = "", *, keep: float = 0.5, honest_length: bool = True
) -> Behaviour:
    """A 200 whose JSON body is cut after ``keep`` of its bytes. With ``honest_length`` the
    Content-Length matches what is sent (a complete HTTP response holding broken JSON); without,
    it announces the full length and the connection closes early."""

    def behave(handler: _Handler, request: dict[str, Any]) -> None:
        body = json.dumps(completion(request, payload)).encode()
        cut = body[: max(1, int(len(body) * keep))]
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(cut) if honest_length else len(body)))
        handler.end_headers()
        handler.wfile.write(cut)
        handler.wfile.flush()
        handler.close_connection = True

    return behave


def not_json(text: str = "this is not JSON {") -> Behaviour:
    """200 whose model answer is prose, not the JSON the schema asks for."""
    return ok(text)


def echo_auth(code: int = 401) -> Behaviour:
    """An error whose body repeats the Authorization header, as careless servers do."""

    def behave(handler: _Handler, request: dict[str, Any]) -> None:
        auth = handler.headers.get("Authorization", "")
        body = {"error": {"message": f"Incorrect API key provided: {auth}", "type": "auth", "code": code}}
        handler.send_json(code, body)

    return behave


# ---------------------------------------------------------------- the server


class _Handler(JSONHandler):
    model_name = "fault-model"

    def do_POST(self) -> None:
        body = self.read_json()
        body = body if isinstance(body, dict) else None
        record = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                          port=self.client_address[1])
        behaviour = self.server.owner._next(record)
        behaviour(self, body or {})


class FaultServer(ServedInThread):
    """Loopback OpenAI-compatible server; use as a context manager. ``url`` ends in ``/v1``."""

    def __init__(self, default: Behaviour | None = None,
                 responder: Callable[[Recorded], Behaviour] | None = None) -> None:
        super().__init__(_Handler, "fault-server")
        self.default = default or status(500, message="fault server: nothing scripted")
        self.responder = responder
        self.requests: list[Recorded] = []
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self.stopping = threading.Event()  # ends a hang() early when the server stops

    @property
    def count(self) -> int:
        """Chat completion requests received so far."""
        with self._lock:
            return sum(r.path.endswith("/chat/completions") for r in self.requests)

    def script(self, *behaviours: Behaviour) -> FaultServer:
        """Answer the next requests with ``behaviours``, in order, then with ``default``."""
        with self._lock:
            self._queue.extend(behaviours)
        return self

    def _next(self, record: Recorded) -> Behaviour:
        with self._lock:
            self.requests.append(record)
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return self.responder(record)
        return self.default

    def stop(self) -> None:
        self.stopping.set()
        super().stop()


if __name__ == "__main__":  # a manual server (PYTHONPATH=. python tests/faultserver.py): empty answers
    import sys

    with FaultServer(default=ok({"actors": [], "quotes": []})) as server:
        print(server.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            sys.exit(0)
