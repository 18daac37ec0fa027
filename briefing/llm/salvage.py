"""Keep what an answer completed: the complete items of one cut off at the output limit, and the
well-formed items of one whose other items do not fit the schema.

An answer cut off at the output limit (``finish_reason: length``) is not thrown away whole: its
JSON is read as far as it goes (pydantic's partial JSON reader), the item that was being written
when it stopped is dropped, and the complete items are checked like any answer, on the final
attempt's terms (an item that fails is dropped and listed, never shown). The engine then asks
again, in a smaller call, only for the quote candidates the answer did not reach.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.llm.response import ANSWER_FIELDS

_FENCE = re.compile(r"^\s*```(?:json)?\s*", re.IGNORECASE)


def answer_text(completion: Any) -> str | None:
    """The model's answer in a chat completion: the first tool call's arguments, else the message
    content (a Markdown fence around it removed)."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return getattr(calls[0].function, "arguments", None)
    content = getattr(message, "content", None)
    return _FENCE.sub("", content) if isinstance(content, str) else None


def complete_items(text: str | None) -> dict[str, Any] | None:
    """The complete items of a cut-off JSON answer: read partially, then the last item of the list
    that was being written when it stopped is dropped (it may lack fields or end mid-string).
    None when nothing usable is there."""
    from pydantic_core import from_json

    if not text or "{" not in text:
        return None
    try:
        data = from_json(text[text.index("{") :], allow_partial=True)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    data = {k: v for k, v in data.items() if k in ANSWER_FIELDS and isinstance(v, list)}
    if not data:
        return None
    last = list(data)[-1]
    data[last] = data[last][:-1]
    return data if any(data.values()) else None


def salvage(completion: Any, grounds: Any) -> Any:
    """The checked complete items of a cut-off answer as an extraction, or None. ``grounds`` is
    the chunk's (:class:`~briefing.llm.response.Grounds`): the checks run on the final attempt's
    terms, so failing items are dropped and listed instead of raising."""
    from pydantic import ValidationError

    from briefing.llm.response import response_model

    data = complete_items(answer_text(completion))
    if data is None:
        return None
    grounds.attempt = max(grounds.attempt, grounds.max_attempts)
    try:
        return response_model(grounds).model_validate(data)
    except (ValidationError, ValueError):
        return None


def drop_misshapen(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (an answer's JSON) without the items that do not fit their schema ("kind": "person"
    where a source kind is asked), each listed in ``rejected``: on the final attempt one wrong item
    no longer costs the whole answer. When no item fits, it is an error: the chunk fails, it is
    not an answer that found nothing."""
    from pydantic import ValidationError

    from briefing.llm.response import ActorItem, Attribution, PositionItem, SourceItem, Statement

    items = {"actors": ActorItem, "attributions": Attribution, "statements": Statement, "sources": SourceItem,
             "positions": PositionItem}
    kept: dict[str, Any] = dict(data)
    rejected = list(data.get("rejected") or [])
    for name, model in items.items():
        value = data.get(name)
        if not isinstance(value, list):
            continue
        good = []
        for number, item in enumerate(value, 1):
            try:
                model.model_validate(item)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first.get("loc", ())) or "item"
                rejected.append({"item": f"{name} {number}", "reason": f"does not fit the schema ({where}: "
                                 f"{first.get('msg', 'invalid')})"})
                continue
            good.append(item)
        kept[name] = good
    given = sum(len(data[n]) for n in items if isinstance(data.get(n), list))
    if given and not any(kept[n] for n in items if isinstance(data.get(n), list)):
        # nothing of the answer fits: the chunk fails (never an empty answer passed as "nothing found")
        raise ValueError(f"no item of the answer fits the schema: {rejected[-1]['reason']}")
    kept["rejected"] = rejected
    return kept
