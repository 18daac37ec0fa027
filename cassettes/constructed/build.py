"""Write the constructed fault cassettes in this folder (they are made by hand, not recorded).

Run from the repository root:  python cassettes/constructed/build.py

Each cassette is a sequence of HTTP responses from an OpenAI-compatible chat endpoint at the
address the tests use (http://127.0.0.1:8081/v1). The answers refer to the quote candidates of
tests/fixtures/llm/constructed-abrams.rules.json (Q1…Q8, no known actors).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
URI = "http://127.0.0.1:8081/v1/chat/completions"

VALID = {
    "actors": [
        {
            "id": "N1",
            "name": "Elliott Abrams",
            "type": "person",
            "role": "the State Department’s special envoy on Venezuela",
            "evidence": ["p3"],
            "aliases": ["Abrams"],
        },
        {"id": "N2", "name": "the New York Times", "type": "media", "aliases": ["New York Times"]},
        {
            "id": "N3",
            "name": "Michelle Bachelet",
            "type": "person",
            "role": "United Nations High Commissioner for Human Rights",
            "evidence": ["p7"],
            "aliases": ["Bachelet"],
        },
        {"id": "N4", "name": "Bachelet’s report", "type": "document"},
        {
            "id": "N5",
            "name": "Donald Trump",
            "type": "person",
            "role": "President",
            "evidence": ["p9"],
            "aliases": ["Trump"],
        },
    ],
    "attributions": [
        {"quote": "Q2", "speaker": "N1", "cue": "quoted him as saying", "channel": "N2"},
        {"quote": "Q3", "speaker": "N1", "cue": "quoted him as saying", "channel": "N2"},
        {"quote": "Q4", "speaker": "N3", "cue": "said", "channel": "N4"},
        {"quote": "Q6", "speaker": "N5", "cue": "claimed"},
        {"quote": "Q7", "speaker": "N1", "cue": "said"},
        {"quote": "Q8", "speaker": "N1", "cue": "said"},
    ],
    "statements": [
        {
            "id": "I1",
            "text": "The United States will not seek to prosecute Venezuelan dictator Nicolás Maduro if "
            "he agrees to leave power and allow a transition to democracy",
            "speaker": "N1",
            "cue": "told",
            "channel": "N2",
        },
    ],
    "sources": [{"paragraph": 10, "kind": "vague", "cue": "is widely believed"}],
    "positions": [
        {
            "actor": "N1",
            "summary": "Abrams says the United States will not seek to prosecute Maduro if he "
            "agrees to leave power",
            "evidence": ["I1", "Q3"],
        },
    ],
}

# The same answer plus a statement that is not in the article and a made-up candidate id.
HALLUCINATED = json.loads(json.dumps(VALID))
HALLUCINATED["statements"].append(
    {
        "id": "I2",
        "text": "Maduro must stand trial in The Hague for crimes against humanity",
        "speaker": "N1",
        "cue": "said",
    }
)
HALLUCINATED["attributions"].append({"quote": "Q99", "speaker": "N1", "cue": "said"})
HALLUCINATED["positions"].append(
    {"actor": "N1", "summary": "Abrams wants Maduro tried in The Hague", "evidence": ["I2"]}
)

def shown(actor: dict) -> dict:
    """``actor`` as a call shown paragraphs 5-11 can describe it: a role only with evidence there."""
    if all(5 <= int(e[1:]) <= 11 for e in actor.get("evidence", [])):
        return actor
    return {k: v for k, v in actor.items() if k not in ("role", "evidence")}


# What a follow-up call for the candidates a cut-off answer did not reach (paragraphs 5-11) answers.
FOLLOW_UP = {
    "actors": [shown(VALID["actors"][0]), shown(VALID["actors"][4])],
    "attributions": [a for a in VALID["attributions"] if a["quote"] in ("Q6", "Q7", "Q8")],
}
# The follow-up when the first answer was cut off before any attribution: all of them.
FOLLOW_UP_ALL = {
    "actors": [shown(a) for a in VALID["actors"]],
    "attributions": VALID["attributions"],
    "sources": VALID["sources"],
}


def cut_inside(text: str, marker: str) -> str:
    """``text`` cut in the middle of the item that starts with ``marker``."""
    at = text.index(marker)
    return text[: at + len(marker) // 2]


SCHEMA_INVALID = {
    "actors": [{"id": "N1", "name": "Elliott Abrams", "type": "diplomat"}],
    "attributions": [{"speaker": "N1"}],
}


def completion(content: str, finish: str = "stop", prompt: int = 1500, out: int = 400) -> dict:
    body = {
        "id": "chatcmpl-constructed",
        "object": "chat.completion",
        "created": 1800000000,
        "model": "local",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "logprobs": None,
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": prompt, "completion_tokens": out, "total_tokens": prompt + out},
    }
    return response(200, "OK", json.dumps(body, ensure_ascii=False))


def error(code: int, message: str, headers: dict | None = None) -> dict:
    body = json.dumps({"error": {"message": message, "type": "server_error", "code": code}})
    return response(code, message, body, headers)


def response(code: int, message: str, body: str, headers: dict | None = None) -> dict:
    all_headers = {"content-type": ["application/json"], **{k: [v] for k, v in (headers or {}).items()}}
    return {"body": {"string": body}, "headers": all_headers, "status": {"code": code, "message": message}}


def cassette(name: str, responses: list[dict]) -> None:
    request = {
        "body": "constructed cassette: the request body is not recorded",
        "headers": {"content-type": ["application/json"]},
        "method": "POST",
        "uri": URI,
    }
    interactions = [{"request": copy.deepcopy(request), "response": copy.deepcopy(r)} for r in responses]
    data = {"interactions": interactions, "version": 1}
    text = "# CONSTRUCTED by cassettes/constructed/build.py, not recorded from a server.\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    (HERE / f"{name}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    valid = json.dumps(VALID, ensure_ascii=False)
    cassette("429-then-success", [error(429, "Too Many Requests", {"retry-after": "3"}), completion(valid)])
    cassette("500", [error(500, "Internal Server Error")] * 3)
    # cut off while writing the actors: the complete actors are kept, every candidate asked again
    cassette("truncated-json", [completion(valid[: len(valid) // 3], finish="length", out=2048),
                                completion(json.dumps(FOLLOW_UP_ALL, ensure_ascii=False), out=300)])
    # cut off inside the fourth attribution: three are kept, the rest asked again in a smaller call
    cassette("cut-off-in-attributions", [
        completion(cut_inside(valid, '{"quote": "Q6"'), finish="length", out=2048),
        completion(json.dumps(FOLLOW_UP, ensure_ascii=False), out=120)])
    cassette("schema-invalid", [completion(json.dumps(SCHEMA_INVALID), out=40)] * 3)
    cassette("hallucinated-quote", [completion(json.dumps(HALLUCINATED, ensure_ascii=False))] * 3)


if __name__ == "__main__":
    main()
