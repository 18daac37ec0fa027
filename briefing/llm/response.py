"""What the model fills: a compact extraction of ids and short strings, and the checks on it.

The model never writes offsets. It attributes the rules engine's quote candidates by id, names
actors, and may add indirect statements and sourcing cues, which the program then grounds in the
article (:mod:`briefing.text.grounding`). :class:`Extraction` is the schema the model sees (its field
descriptions are the prompt); :func:`response_model` binds it to one article chunk so that
pydantic validation, and so instructor's re-ask, rejects what is not in the article:

- a statement or sourcing cue whose words are not in the article (exact → normalized → fuzzy);
- a quote id that is not a candidate, a speaker or channel id that is not an actor;
- a position without evidence ids, or with ids that do not exist;
- prose (a role, a position summary) with a loaded term outside quotation marks or no evidence.

Every error names the failing item, so the re-ask tells the model what to fix. On the last
attempt nothing is raised: failing items are dropped and listed in ``Extraction.rejected``,
which the engine turns into diagnostics. Nothing ungrounded survives as a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from briefing.llm.grounds import Grounds
from briefing.llm.neutral import loaded_terms
from briefing.schema import ActorType, Grounding, SourceKind
from briefing.text.grounding import Alignment

_PARAGRAPH_ID = re.compile(r"^(?:p|¶)\s*(\d+)$", re.IGNORECASE)
# The markers the prompt puts in the article text: "p3 " starts paragraph 3, [Q2] marks where quote
# candidate Q2 begins (prompts/user.j2). A model may copy them; they are not article words.
MARKER = re.compile(r"\[Q\d+\]|^\[?p\d+\]? |(?<=\n)\[?p\d+\]? ")


class _Item(BaseModel):
    # Ignore keys the model invents; a small model often adds some.
    model_config = ConfigDict(extra="ignore")


def _unmark(text: str) -> str:
    """The model's copy of article words without the prompt's markers (``[Q2]``, ``p3``), which
    are not in the article."""
    return MARKER.sub("", text).strip() if MARKER.search(text) else text


Copied = Annotated[str, AfterValidator(_unmark)]


def _anchor(text: str) -> str:
    """An anchor's words without a trailing "…": a re-ask shows long words cut with one, and a
    small model copies the cut back."""
    return _unmark(text).rstrip().removesuffix("…").rstrip()


Anchor = Annotated[str, AfterValidator(_anchor)]


def _paragraph_number(value: Any) -> Any:
    """Accept a paragraph as written in the prompt ("p3") as well as its number (3)."""
    if isinstance(value, str):
        match = _PARAGRAPH_ID.match(value.strip())
        if match:
            return int(match.group(1))
    return value


class ActorItem(_Item):
    id: str
    name: str
    type: ActorType
    role: str | None = None
    evidence: list[str] = Field(default_factory=list, description="Paragraph ids: p3.")
    aliases: list[str] = Field(default_factory=list)


class Attribution(_Item):
    quote: str = Field(description="Candidate id: Q2.")
    speaker: str | None = Field(description="Actor id: A1, N1.")
    cue: Copied | None = None
    channel: str | None = Field(default=None, description="Actor id.")


def _none_as_empty(value: Any) -> Any:
    """A missing speaker (null) becomes "", which the checks reject by name (a re-ask that says
    what to fix, then a drop) instead of failing the whole answer's type validation."""
    return "" if value is None else value


# Reported speech not in quotation marks, pointed at rather than copied: the model gives the
# paragraph and the clause's first and last few words, and check() grounds the span between them.
# Copying a clause whole was most of a long answer's tokens. A model that still copies it whole
# (``text``) is read as before. (No docstring: it would become the schema's description.)
class Statement(_Item):
    id: str
    paragraph: Annotated[int | None, BeforeValidator(_paragraph_number)] = Field(
        default=None, description="3 for p3."
    )
    starts: Anchor | None = Field(default=None, description="The clause's first 3-6 words, as written.")
    ends: Anchor | None = Field(default=None, description="Its last 3-6 words, as written.")
    speaker: Annotated[str, BeforeValidator(_none_as_empty)]
    cue: Copied | None = None
    channel: str | None = None
    text: SkipJsonSchema[Copied | None] = None
    _found: Alignment | None = PrivateAttr(default=None)

    @property
    def span(self) -> tuple[int, int] | None:
        """Where the clause is in the article, once :func:`check` has grounded it."""
        return (self._found.start, self._found.end) if self._found else None

    @property
    def grounding(self) -> Grounding:
        return self._found.status if self._found else Grounding.fuzzy


class SourceItem(_Item):
    paragraph: Annotated[int, BeforeValidator(_paragraph_number)] = Field(description="3 for p3.")
    kind: SourceKind
    cue: Copied
    actor: str | None = None


class PositionItem(_Item):
    actor: str
    summary: str
    evidence: list[str] = Field(description="Q2, I1.")


class Rejected(BaseModel):
    """An item dropped after the last attempt, with the reason (never shown as a quote)."""

    item: str
    reason: str


class Extraction(_Item):
    """Who is quoted and on what grounds, for one article (or one chunk of it)."""

    actors: list[ActorItem] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    sources: list[SourceItem] = Field(default_factory=list)
    positions: list[PositionItem] = Field(default_factory=list)
    rejected: SkipJsonSchema[list[Rejected]] = Field(default_factory=list)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The schema the model reads, kept short: no titles or defaults, enums inlined,
        ``anyOf [X, null]`` written as ``type: [X, null]``, and as plain ``X`` for a field the
        model may leave out (null is still accepted there). Validation still uses pydantic."""
        schema = super().model_json_schema(*args, **kwargs)
        defs = schema.pop("$defs", {})
        return _optional_plain(_compact(schema, defs))


def _compact(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_compact(v, defs) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _compact(defs[node["$ref"].split("/")[-1]], defs) | {
            k: v for k, v in node.items() if k != "$ref"
        }
    if "anyOf" in node:
        options = [_compact(o, defs) for o in node["anyOf"]]
        if len(options) == 2 and {"type": "null"} in options:
            other = next(o for o in options if o != {"type": "null"})
            kind = other.get("type")
            rest = {k: v for k, v in node.items() if k not in ("anyOf", "default", "title")}
            return other | rest | ({"type": [kind, "null"]} if isinstance(kind, str) else {})
    return {
        k: _compact(v, defs)
        for k, v in node.items()
        if k not in ("default", "additionalProperties") and not (k == "title" and isinstance(v, str))
    }


def _optional_plain(node: Any) -> Any:
    """Show ``type: X`` instead of ``type: [X, null]`` for properties that are not required."""
    if isinstance(node, list):
        return [_optional_plain(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _optional_plain(v) for k, v in node.items()}
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        kind = prop.get("type")
        if name not in required and isinstance(kind, list) and "null" in kind and len(kind) == 2:
            prop["type"] = next(t for t in kind if t != "null")
    return node


def response_model(grounds: Grounds) -> type[Extraction]:
    """:class:`Extraction` bound to ``grounds``: validation runs :func:`check` against them."""

    class BoundExtraction(Extraction):
        model_config = ConfigDict(title="Extraction")

        @model_validator(mode="before")
        @classmethod
        def _shaped(cls, data: Any) -> Any:
            if isinstance(data, dict) and grounds.candidates:
                check_shape(data)
            if isinstance(data, dict) and grounds.final:
                from briefing.llm.salvage import drop_misshapen

                return drop_misshapen(data)  # the last attempt keeps the items that fit
            return data

        @model_validator(mode="after")
        def _grounded(self) -> BoundExtraction:
            check(self, grounds)
            return self

    BoundExtraction.__name__ = BoundExtraction.__qualname__ = "Extraction"
    return BoundExtraction


def for_mode(model: type[Extraction], mode: str) -> type[Extraction]:
    """``model`` as instructor's ``mode`` needs it. In ``tools`` mode the schema's top-level title
    names the function the model calls, so it is kept there (the other modes show the schema in
    the prompt, where it stays as short as :meth:`Extraction.model_json_schema` makes it)."""
    if mode != "tools":
        return model

    class Titled(model):  # type: ignore[valid-type,misc]
        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            return {"title": "Extraction", **super().model_json_schema(*args, **kwargs)}

    Titled.__name__ = Titled.__qualname__ = "Extraction"
    return Titled


ANSWER_FIELDS = ("actors", "attributions", "statements", "sources", "positions")


def check_shape(data: dict[str, Any]) -> None:
    """An answer must be the extraction itself: ``{"properties": {…}}`` (a small model echoing the
    schema) or keys of its own would otherwise parse as an empty extraction, and the chunk's work
    would pass, silently, as "the model found nothing". Raised on every attempt: after the last
    one the chunk fails and the rules result is shown there, with a diagnostic."""
    keys = set(data)
    unknown = sorted(keys - set(ANSWER_FIELDS) - {"rejected"})
    if unknown or not keys & set(ANSWER_FIELDS):
        found = ", ".join(repr(k) for k in sorted(keys)) or "no keys"
        raise ValueError(
            f"the answer is not an extraction: its top level has {found}; answer with one JSON object "
            f"whose keys are {', '.join(ANSWER_FIELDS)} (not wrapped in 'properties' or any other key)"
        )


@dataclass
class _Problem:
    item: str  # which item, by id: what diagnostics keep (never the model's words)
    reason: str
    drop: Any  # a callable that removes or clears the item
    words: str | None = None  # the model's words, shown back to it in the re-ask only

    def ask(self) -> str:
        words = f" {_short(self.words)!r}" if self.words else ""
        return f"- {self.item}{words}: {self.reason}"


def check(ext: Extraction, grounds: Grounds) -> None:
    """Raise ``ValueError`` naming every failing item, or, on the final attempt, drop them."""
    problems: list[_Problem] = []
    actor_ids = set(grounds.actor_ids) | {a.id for a in ext.actors}
    names: dict[str, tuple[str, ...]] = dict(grounds.actor_names)
    for actor in ext.actors:
        names[actor.id] = (*names.get(actor.id, ()), actor.name, *actor.aliases)

    def evidence_ok(ids: list[str], statement_ids: set[str]) -> bool:
        for raw in ids:
            ident = raw.strip()
            para = _PARAGRAPH_ID.match(ident)
            if para and int(para.group(1)) in {p.index for p in grounds.paragraphs}:
                continue
            if ident in grounds.candidates or ident in statement_ids:
                continue
            return False
        return bool(ids)

    for actor in ext.actors:
        if actor.role:
            terms = loaded_terms(actor.role)
            if terms:
                problems.append(
                    _Problem(
                        f"actor {actor.id} role",
                        f"uses the loaded term {terms[0]!r} outside quotation marks; give the role in "
                        "neutral words from the article, quote the article, or use null",
                        lambda a=actor: setattr(a, "role", None),
                        actor.role,
                    )
                )
            elif not evidence_ok(actor.evidence, set()):
                problems.append(
                    _Problem(
                        f"actor {actor.id} role",
                        "has no valid evidence; list the paragraph ids (p3) where the article states it",
                        lambda a=actor: setattr(a, "role", None),
                        actor.role,
                    )
                )

    for att in ext.attributions:
        label = f"attribution of {att.quote}"
        if att.quote not in grounds.candidates:
            problems.append(
                _Problem(
                    label,
                    f"{att.quote!r} is not a quote candidate id",
                    lambda a=att: ext.attributions.remove(a),
                )
            )
        elif att.speaker is not None and att.speaker not in actor_ids:
            problems.append(
                _Problem(
                    label,
                    f"speaker {att.speaker!r} is not an actor id; add the actor "
                    "to actors or use an existing id",
                    lambda a=att: ext.attributions.remove(a),
                )
            )
        elif att.speaker is not None and not grounds.named_near(
            names.get(att.speaker, ()), grounds.candidates[att.quote][0]
        ):
            problems.append(
                _Problem(
                    label,
                    f"speaker {att.speaker} ({(names.get(att.speaker) or ('?',))[0]}) is not named in or "
                    "just before the quote's paragraph; give the actor named there as saying it, or null",
                    lambda a=att: ext.attributions.remove(a),
                )
            )
        elif att.channel is not None and att.channel not in actor_ids:
            problems.append(
                _Problem(
                    label,
                    f"channel {att.channel!r} is not an actor id",
                    lambda a=att: setattr(a, "channel", None),
                )
            )

    for st in ext.statements:
        label = f"statement {st.id}"
        found, missing = grounds.clause(st)
        if found is None:
            problems.append(
                _Problem(label, missing, lambda s=st: ext.statements.remove(s), st.starts or st.text)
            )
        elif st.speaker not in actor_ids:
            problems.append(
                _Problem(
                    label,
                    f"speaker {st.speaker!r} is not an actor id"
                    if st.speaker
                    else "has no speaker; give the id of the actor who said it, or remove the statement",
                    lambda s=st: ext.statements.remove(s),
                    st.starts or st.text,
                )
            )
        elif not st.cue or not grounds.cue_near(st.cue, found.start, found.end):
            problems.append(
                _Problem(
                    label,
                    "has no reporting verb (cue) written next to it in the article; reported speech "
                    "needs one (told, said, denied), copied as written, and the text is only the "
                    "reported words, without it; otherwise remove the statement",
                    lambda s=st: ext.statements.remove(s),
                    st.starts or st.text,
                )
            )
        else:
            st._found = found
            if st.channel is not None and st.channel not in actor_ids:
                st.channel = None

    for src in ext.sources:
        label = f"source for p{src.paragraph} ({SourceKind(src.kind).value})"
        para = grounds.paragraph(src.paragraph)
        if para is None:
            problems.append(
                _Problem(
                    label,
                    f"p{src.paragraph} is not a paragraph of this text",
                    lambda s=src: ext.sources.remove(s),
                )
            )
        elif grounds.locate(src.cue, para.start, para.end) is None:
            problems.append(
                _Problem(
                    label,
                    f"its cue is not in p{src.paragraph}; copy a few words exactly",
                    lambda s=src: ext.sources.remove(s),
                    src.cue,
                )
            )
        elif src.actor is not None and src.actor not in actor_ids:
            problems.append(
                _Problem(
                    label, f"actor {src.actor!r} is not an actor id", lambda s=src: setattr(s, "actor", None)
                )
            )

    statement_ids = {st.id for st in ext.statements if st.span is not None}
    said_by = dict(grounds.speakers)
    said_by.update({a.quote: a.speaker for a in ext.attributions if a.speaker})
    said_by.update({st.id: st.speaker for st in ext.statements if st.id in statement_ids})
    for pos in ext.positions:
        label = f"position of {pos.actor}"
        terms = loaded_terms(pos.summary)
        if pos.actor not in actor_ids:
            reason = f"{pos.actor!r} is not an actor id"
        elif not pos.evidence:
            reason = "has no evidence; cite the quote (Q…) or statement (I…) ids it rests on"
        elif not evidence_ok(pos.evidence, statement_ids):
            bad = [e for e in pos.evidence if e not in grounds.candidates and e not in statement_ids]
            reason = f"cites unknown evidence ids {bad}; cite quote (Q…) or statement (I…) ids"
        elif not any(said_by.get(e.strip()) == pos.actor for e in pos.evidence):
            reason = (
                f"cites {pos.evidence}, none of which is attributed to {pos.actor}; a position rests "
                "on the actor's own quotes or statements"
            )
        elif terms:
            reason = f"uses the loaded term {terms[0]!r} outside quotation marks; use neutral words"
        else:
            continue
        problems.append(_Problem(label, reason, lambda p=pos: ext.positions.remove(p), pos.summary))

    if not problems:
        return
    if not grounds.final:
        raise ValueError("fix these items and answer again:\n" + "\n".join(p.ask() for p in problems))
    for problem in problems:
        problem.drop()
        ext.rejected.append(Rejected(item=problem.item, reason=problem.reason))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
