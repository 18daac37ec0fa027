"""Stage 7: render a :class:`~briefing.schema.Briefing` as Markdown, HTML or JSON.

Markdown and HTML come from Jinja templates in ``templates/`` (``briefing.md.j2``,
``briefing.html.j2``). Undefined variables fail loudly (StrictUndefined); HTML autoescapes. A user
may pass ``template_dir`` to override any template by name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from briefing.errors import TemplateError
from briefing.resources import data_dir
from briefing.schema import Briefing, SourceKind

Format = Literal["md", "json", "html"]
FORMATS: tuple[str, ...] = ("md", "json", "html")
EXTENSIONS = {"md": "md", "json": "json", "html": "html"}

SOURCE_KIND_LABELS = {
    SourceKind.named_person.value: "Named person",
    SourceKind.organization.value: "Organisation",
    SourceKind.document.value: "Document",
    SourceKind.media.value: "Other media",
    SourceKind.anonymous.value: "Anonymous source",
    SourceKind.vague.value: "Vague source",
    SourceKind.outlet_voice.value: "Outlet's own voice",
}


def render(briefing: Briefing, fmt: Format = "md", template_dir: str | Path | None = None) -> str:
    """Render ``briefing`` in ``fmt``; returns the document as a string."""
    if fmt == "json":
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt not in FORMATS:
        raise TemplateError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    env = _environment(html=fmt == "html", template_dir=template_dir)
    import jinja2

    try:
        template = env.get_template(f"briefing.{fmt}.j2")
        return template.render(**context(briefing))
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name} not found") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template error in briefing.{fmt}.j2: {exc}") from None


def context(briefing: Briefing) -> dict[str, Any]:
    """The variables every template sees."""
    actors = {a.id: a for a in briefing.actors}
    counts = briefing.source_counts()
    total = sum(counts.values())
    return {
        "b": briefing,
        "article": briefing.article,
        "actors": actors,
        "quotes": {q.id: q for q in briefing.quotes},
        "source_counts": counts,
        "source_total": total,
        "source_labels": SOURCE_KIND_LABELS,
        "positions_by_actor": _group(briefing.positions, "actor_id"),
        "quotes_by_actor": _group(briefing.quotes, "speaker_id"),
        "sources_by_kind": _group(briefing.sources, "kind"),
    }


def _group(items: list[Any], attr: str) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(getattr(item, attr), []).append(item)
    return groups


def _environment(*, html: bool, template_dir: str | Path | None) -> Any:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not Path(template_dir).is_dir():
            raise TemplateError(f"--template-dir {template_dir}: not a directory")
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(jinja2.FileSystemLoader(str(data_dir("templates"))))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = md_cell
    env.filters["md_inline"] = md_inline
    env.filters["tojson_compact"] = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return env


def md_inline(value: object) -> str:
    """Make text safe inside a Markdown line: collapse whitespace, escape markup characters and
    neutralise raw HTML, so article text never turns into links, emphasis or tags."""
    text = " ".join(str(value).split())
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def md_cell(value: object) -> str:
    """Like :func:`md_inline`, for a table cell."""
    return md_inline(value) if value not in (None, "") else "—"
