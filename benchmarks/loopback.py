"""A tiny OpenAI-compatible server on 127.0.0.1 that replays one fixed, valid answer after a fixed
latency and counts the requests it gets. Standard library only. Its generic parts (the chat
completion body, the JSON handler, the threaded server) are shared with ``tests/faultserver.py``.

It answers ``POST …/chat/completions`` the way the request asks: as a tool call when the request
offers tools (instructor's TOOLS mode), else as the message content (JSON / MD_JSON modes). The
default answer is an empty extraction, which the llm engine accepts as is (no re-ask), so every
article costs exactly the calls the engine decides to make. Its ``usage`` is counted with the
recorded model's tokenizer when that is installed, so runs against it report realistic tokens.

    python -m benchmarks.loopback [--latency 0.5]        # serve until Ctrl-C; prints the base URL
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

EMPTY_EXTRACTION: dict[str, Any] = {
    "actors": [], "attributions": [], "statements": [], "sources": [], "positions": [],
}


def _usage(request: dict[str, Any], answer: str, fallback: tuple[int, int]) -> tuple[int, int]:
    """Token usage as the recorded model's server would report it, counted with its tokenizer
    (:mod:`benchmarks.tokens`); ``fallback`` when that tokenizer is not installed."""
    try:
        from benchmarks.tokens import chat_tokens, count

        return chat_tokens(request.get("messages") or []), count(answer) + 1  # + <|im_end|>
    except Exception:
        return fallback


def completion(
    request: dict[str, Any], payload: str | dict[str, Any] | list[Any], usage: tuple[int, int] | None = None,
    *, model: str = "loopback",
) -> dict[str, Any]:
    """A chat completion carrying ``payload`` (a string is sent as is) the way the request asked for
    it: as a tool call when the request offered tools (instructor's TOOLS mode), else as the message
    content. ``usage`` (prompt, completion tokens) defaults to a count of this request and answer."""
    arguments = payload if isinstance(payload, str) else json.dumps(payload)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
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
    prompt_tokens, completion_tokens = usage or _usage(request, arguments, (1000, 50))
    return {
        "id": f"chatcmpl-{model}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", model),
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


# ---------------------------------------------------------------- what any loopback server shares


class JSONHandler(BaseHTTPRequestHandler):
    """An OpenAI-style request handler's common part (also used by the tests' fault server):
    HTTP/1.1 keep-alive, quiet, JSON in and out, ``GET …/models``."""

    server: LoopbackHTTPServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the body would wait
    # for the client's delayed ACK (40 ms on Linux) on every reused keep-alive connection.
    disable_nagle_algorithm = True
    model_name = "loopback"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def read_json(self) -> Any:
        """The request's JSON body; None when it is empty or not JSON."""
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

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
            self.send_json(200, {"object": "list", "data": [{"id": self.model_name, "object": "model"}]})
        else:
            self.send_json(404, {"error": {"message": "not found"}})


class LoopbackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: Any  # the ServedInThread that runs it


_S = TypeVar("_S", bound="ServedInThread")


class ServedInThread:
    """A :class:`LoopbackHTTPServer` on 127.0.0.1 (a free port) served from a daemon thread; use
    as a context manager. ``url`` ends in ``/v1``; handlers reach this object as ``server.owner``."""

    def __init__(self, handler: type[JSONHandler], name: str) -> None:
        self._httpd = LoopbackHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name=name)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self: _S) -> _S:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self: _S) -> _S:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------- the benchmarks' server


class _Handler(JSONHandler):
    def do_POST(self) -> None:
        arrived = time.monotonic()
        request = self.read_json()
        request = request if isinstance(request, dict) else {}
        owner: LoopbackServer = self.server.owner
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_json(404, {"error": {"message": f"loopback: no route {self.path}"}})
            return
        owner._arrived(+1, request)
        try:
            answer = completion(request, owner.payload, owner.usage)
            # the answer leaves ``latency`` after the request arrived, counting included
            wait = owner.latency - (time.monotonic() - arrived)
            if wait > 0:
                time.sleep(wait)
            self.send_json(200, answer)
        finally:
            owner._arrived(-1, None)


class LoopbackServer(ServedInThread):
    """Replays ``payload`` after ``latency`` seconds. ``count`` is the chat completion requests
    received, ``max_in_flight`` the most that were being answered at once."""

    def __init__(self, latency: float = 0.0, payload: dict[str, Any] | None = None,
                 usage: tuple[int, int] | None = None, keep: bool = False) -> None:
        super().__init__(_Handler, "loopback-server")
        self.latency = latency
        self.keep = keep  # keep every request body in ``requests``
        self.requests: list[dict[str, Any]] = []
        self.payload = payload if payload is not None else EMPTY_EXTRACTION
        self.usage = usage
        self.count = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        if usage is None:  # load the tokenizer now, not inside the first timed request
            _usage({"messages": [{"role": "user", "content": "warm-up"}]}, "{}", (0, 0))

    def _arrived(self, step: int, request: dict[str, Any] | None) -> None:
        with self._lock:
            if step > 0:
                self.count += 1
                if self.keep and request is not None:
                    self.requests.append(request)
            self._in_flight += step
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def reset(self) -> None:
        with self._lock:
            self.count = 0
            self.max_in_flight = 0
            self.requests = []


def main() -> int:
    parser = argparse.ArgumentParser(description="Replaying OpenAI-compatible loopback server.")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args()
    with LoopbackServer(latency=args.latency) as server:
        print(server.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print(f"{server.count} requests", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
