"""Fault injection: the loopback fault server, and briefing's behaviour against each fault.

The first tests pin down that every scripted fault reaches an OpenAI client as that fault (so a
test that passes against it means something). The CLI tests drive `briefing generate --engine llm`.
"""

from __future__ import annotations

import time

import pytest
from faultserver import FaultServer, echo_auth, hang, not_json, ok, reset, status, truncated

openai = pytest.importorskip("openai")

FAKE_KEY = "sk-test-FAKE0123456789abcdefFAULTS"


def _client(server: FaultServer, **kw):
    return openai.OpenAI(base_url=server.url, api_key=FAKE_KEY, max_retries=0, timeout=kw.pop("timeout", 2.0))


def _ask(client):
    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])


@pytest.fixture
def server():
    with FaultServer(default=ok({"answer": 42})) as s:
        yield s


def test_ok_reply_reaches_the_client_with_usage(server):
    reply = _ask(_client(server))
    assert reply.choices[0].message.content == '{"answer": 42}'
    assert reply.usage.total_tokens == 120
    assert server.count == 1
    assert server.requests[0].headers["authorization"] == f"Bearer {FAKE_KEY}"


def test_tool_requests_get_tool_calls(server):
    tools = [{"type": "function", "function": {"name": "Extract", "parameters": {"type": "object"}}}]
    reply = _client(server).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], tools=tools
    )
    call = reply.choices[0].message.tool_calls[0]
    assert (call.function.name, call.function.arguments) == ("Extract", '{"answer": 42}')


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        (status(429, retry_after=0), "RateLimitError"),
        (status(429), "RateLimitError"),
        (status(500), "InternalServerError"),
        (status(502), "InternalServerError"),
        (status(503), "InternalServerError"),
        (reset(), "APIConnectionError"),
        (truncated({"answer": 42}, honest_length=False), "APIConnectionError"),
    ],
)
def test_each_fault_reaches_the_client_as_that_fault(server, behaviour, error):
    server.script(behaviour)
    with pytest.raises(openai.APIError) as caught:
        _ask(_client(server))
    assert type(caught.value).__name__ == error
    assert server.count == 1


def test_retry_after_header_is_sent(server):
    server.script(status(429, retry_after=7))
    with pytest.raises(openai.RateLimitError) as caught:
        _ask(_client(server))
    assert caught.value.response.headers["retry-after"] == "7"


def test_hang_outlasts_the_client_timeout(server):
    server.script(hang(5))
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        _ask(_client(server, timeout=0.3))
    assert time.monotonic() - started < 2


def test_truncated_json_body_is_not_parseable(server):
    server.script(truncated({"answer": 42}))
    with pytest.raises((openai.APIError, ValueError)):
        reply = _ask(_client(server))
        assert reply.choices  # a truncated body must not parse into a reply


def test_prose_and_echoed_key_faults(server):
    server.script(not_json(), echo_auth())
    client = _client(server)
    assert _ask(client).choices[0].message.content == "this is not JSON {"
    with pytest.raises(openai.AuthenticationError) as caught:
        _ask(client)
    assert FAKE_KEY in str(caught.value)  # the fault is real: the server does echo the key


def test_script_then_default_then_responder():
    seen = []

    def responder(record):
        seen.append(record.body["messages"][0]["content"])
        return status(503) if len(seen) % 2 else ok("second")

    with FaultServer(responder=responder) as server:
        server.script(ok("first"))
        client = _client(server)
        assert _ask(client).choices[0].message.content == "first"
        with pytest.raises(openai.InternalServerError):
            _ask(client)
        assert _ask(client).choices[0].message.content == "second"
        assert server.count == 3 and seen == ["hi", "hi"]
