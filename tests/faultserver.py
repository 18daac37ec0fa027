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
(path, headers, JSON body). Standard library only; binds 127.0.0.1.
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Behaviour = Callable[["_Handler", dict[str, Any]], None]


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    at: float = field(default_factory=time.monotonic)

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
    arguments = payload if isinstance(payload, str) else json.dumps(payload)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    tools = request.get("tools") or []
    if tools:
        name = tools[0].get("function", {}).get("name", "tool")
        choice = request.get("tool_choice")
        if isinstance(choice, dict):
            name = choice.get("function", {}).get("name", name)
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}}
        ]
        finish = "tool_calls"
    else:
        message["content"] = arguments
        finish = "stop"
    prompt_tokens, completion_tokens = usage
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fault-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


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
        handler.server.stopping.wait(seconds)  # type: ignore[attr-defined]
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


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def send_json(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self.send_json(200, {"object": "list", "data": [{"id": "fault-model", "object": "model"}]})
        else:
            self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        record = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        behaviour = self.server.owner._next(record)
        behaviour(self, body or {})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FaultServer
    stopping: threading.Event


class FaultServer:
    """Loopback OpenAI-compatible server; use as a context manager. ``url`` ends in ``/v1``."""

    def __init__(self, default: Behaviour | None = None,
                 responder: Callable[[Recorded], Behaviour] | None = None) -> None:
        self.default = default or status(500, message="fault server: nothing scripted")
        self.responder = responder
        self.requests: list[Recorded] = []
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._httpd.stopping = threading.Event()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name="fault-server")

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

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

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


if __name__ == "__main__":  # a manual server: answers every request with an empty extraction
    import sys

    with FaultServer(default=ok({"actors": [], "quotes": []})) as server:
        print(server.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            sys.exit(0)
