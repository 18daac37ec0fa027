"""Stage 7: render a :class:`~briefing.schema.Briefing` as Markdown, HTML or JSON.

Markdown and HTML come from Jinja templates in ``templates/`` (``briefing.md.j2``,
``briefing.html.j2`` with its partials in ``html/``, and the CSS and JS in ``static/`` that the HTML
inlines). Undefined variables fail loudly (StrictUndefined); HTML autoescapes. A user may pass
``template_dir`` to override any of these files by its relative name; an override can still reach
the built-in file as ``builtin/<name>`` (e.g. ``{% extends "builtin/briefing.html.j2" %}``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from briefing.errors import TemplateError
from briefing.glance import glance_of
from briefing.render.article_pane import GROUNDING_LABELS, TYPE_LABELS, ArticlePane
from briefing.render.highlight import Node, layout, marks_for
from briefing.resources import data_dir
from briefing.schema import Briefing, Paragraph, SourceKind

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

CLOSING_MARKS = "”’\"'»›“‘"

# How many distinct speaker colours the HTML stylesheet defines (classes spk-0 … spk-7).
SPEAKER_COLOURS = 8

# A quote whose speaker needs review is shown as this, never with a guessed name; in the HTML it
# has a neutral colour of its own (class c-unclear) and one legend entry, keyed by UNCLEAR_KEY
# (which no actor id or name can be).
UNCLEAR = "speaker unclear — needs review"
UNCLEAR_KEY = "?unclear"


def render(briefing: Briefing, fmt: Format = "md", template_dir: str | Path | None = None) -> str:
    """Render ``briefing`` in ``fmt``; returns the document as a string."""
    if fmt == "json":
        if briefing.glance is None:  # a briefing built by hand or by an older version
            briefing = briefing.model_copy(update={"glance": glance_of(briefing)})
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt not in FORMATS:
        raise TemplateError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    env = _environment(html=fmt == "html", template_dir=template_dir)
    import jinja2
    from jinja2.exceptions import SecurityError

    try:
        template = env.get_template(f"briefing.{fmt}.j2")
        return template.render(**context(briefing))
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name} not found") from None
    except SecurityError as exc:
        raise TemplateError(
            f"template briefing.{fmt}.j2 tried something templates may not do ({exc}); templates "
            "are sandboxed and can only read the briefing"
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template error in briefing.{fmt}.j2: {exc}") from None


OPENING_MARKS = "“‘\"'«‹„‚"
_TRIMMED = ",.;:!?"  # punctuation a quote's span leaves out before its closing mark ("…,” he said)


def printed_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Where :func:`as_printed` text starts and ends in the article."""
    stop = end
    while stop < len(text) and stop - end < 2 and text[stop] in _TRIMMED:
        stop += 1
    if 0 < start and text[start - 1] in OPENING_MARKS and stop < len(text) and text[stop] in CLOSING_MARKS:
        return start - 1, stop + 1
    return start, end


def as_printed(text: str, start: int, end: int) -> str:
    """``text[start:end]`` as the article prints it: with the article's own quotation marks when
    the span is exactly the inside of a pair of them (a direct quote, “A,” he said. “B.”), and
    otherwise exactly as it is. A partial quote (a reported clause with quoted words in it) thus
    keeps the marks the article puts around the speaker's words and gets none around the rest:
    the briefing never adds a quotation mark of its own."""
    a, b = printed_range(text, start, end)
    return text[a:b]


def quote_text(briefing: Briefing, quote: Any) -> str:
    """A quote as shown: see :func:`as_printed`."""
    return as_printed(briefing.article.text, quote.start, quote.end)


def quote_html(briefing: Briefing, quote: Any) -> Any:
    """A quote as printed (:func:`as_printed`), HTML-escaped, with each of its parts (the
    speaker's own words) in ``<mark class="qp">``: the reader sees which words are the speaker's."""
    from markupsafe import Markup, escape

    text = briefing.article.text
    a, b = printed_range(text, quote.start, quote.end)
    out, pos = [], a
    for part in sorted(quote.parts, key=lambda p: p.start) if quote.type == "partial" else ():
        if pos <= part.start < part.end <= b:
            out.append(str(escape(text[pos : part.start])))
            out.append(f'<mark class="qp">{escape(part.text)}</mark>')
            pos = part.end
    out.append(str(escape(text[pos:b])))
    return Markup("".join(out))


def render_story(story: Any, fmt: Format = "md") -> str:
    """Render a :class:`~briefing.schema.Story` as Markdown or JSON."""
    if fmt == "json":
        return story.model_dump_json(indent=2) + "\n"
    if fmt not in ("md", "html"):
        raise TemplateError(f"a story is written as md, json or html, not {fmt!r}")
    from briefing.story.quotes import word_diff

    if fmt == "html":
        return _story_html(story, word_diff)
    env = _environment(html=False, template_dir=None)
    story_actor = {(x.article_id, x.actor_id): sa.id for sa in story.actors for x in sa.articles}
    genders: dict[str, str | None] = {}
    for article in story.articles:
        for v in article.briefing.glance.voices if article.briefing.glance else ():
            key = story_actor.get((article.id, v.actor_id or ""))
            if key is not None:
                genders.setdefault(key, v.gender)
    return env.get_template("story.md.j2").render(
        story=story, word_diff=word_diff, kind_labels=SOURCE_KIND_LABELS,
        voice_gender={k: v for k, v in genders.items() if v},
    )


def _story_html(story: Any, word_diff: Any) -> str:
    """The story page: each article's pane as on the article page, ids prefixed per article, and
    every quote of a shared quotation marked with its ids (data-shared)."""
    env = _environment(html=True, template_dir=None)
    shared: dict[tuple[str, str], list[str]] = {}
    for q in story.shared_quotes:
        for o in q.occurrences:
            shared.setdefault((o.article_id, o.quote_id), []).append(q.id)
    labels = {**{k.value: k.value.replace("_", " ").capitalize() for k in SourceKind}, **SOURCE_KIND_LABELS}
    panes = {}
    for n, article in enumerate(story.articles, 1):
        b = article.briefing
        colours = {key: s["colour"] for s in speaker_legend(b) for key in s["keys"]}
        mine = {qid: ids for (aid, qid), ids in shared.items() if aid == article.id}
        names = functools.partial(candidate_names, b)
        pane = ArticlePane(b, colours, labels, names, prefix=f"a{n}-", shared=mine)
        panes[article.id] = pane.html(article_nodes(b))
    css = _static(env, "briefing.css") + _static(env, "story.css")
    return env.get_template("story.html.j2").render(
        story=story, panes=panes, word_diff=word_diff, kind_labels=SOURCE_KIND_LABELS,
        css=css, js=_static(env, "story.js"),
    )


def statement_text(briefing: Briefing, source: Any) -> str:
    """A sourced statement as shown: see :func:`as_printed`."""
    return as_printed(briefing.article.text, source.statement.start, source.statement.end)


def statement_is_quote(quotes: dict[str, Any], source: Any) -> str | None:
    """The id of the quote whose words a statement is (same span), else None: the briefing then
    cites the quote rather than repeating its words."""
    for qid in source.quote_ids:
        q = quotes.get(qid)
        if q is not None and (q.start, q.end) == (source.statement.start, source.statement.end):
            return qid
    return None


def context(briefing: Briefing) -> dict[str, Any]:
    """The variables every template sees."""
    actors = {a.id: a for a in briefing.actors}
    counts = briefing.source_counts()
    total = sum(counts.values())
    paras = _paragraphs(briefing)
    speakers = speaker_legend(briefing)
    quotes = {q.id: q for q in briefing.quotes}
    glance = briefing.glance or glance_of(briefing)
    return {
        "b": briefing,
        "article": briefing.article,
        "actors": actors,
        "quotes": quotes,
        "sources": {s.id: s for s in briefing.sources},
        "positions": {p.id: p for p in briefing.positions},
        "source_counts": counts,
        "source_total": total,
        "source_max": max(counts.values(), default=0),
        "source_labels": {**{k: k.replace("_", " ").capitalize() for k in counts}, **SOURCE_KIND_LABELS},
        "positions_by_actor": _group(briefing.positions, "actor_id"),
        # a quote that needs review is nobody's, not even its likeliest candidate's
        "quotes_by_actor": _group([q for q in briefing.quotes if not q.needs_review], "speaker_id"),
        "quotes_by_channel": _group(briefing.quotes, "channel_id"),
        "sources_by_kind": _group(briefing.sources, "kind"),
        "paragraphs": paras,
        "speakers": speakers,
        "speaker_colour": {key: s["colour"] for s in speakers for key in s["keys"]},
        "glance": glance,
        "type_labels": TYPE_LABELS,
        "grounding_labels": GROUNDING_LABELS,
        "voice_of": {v.actor_id: v for v in glance.voices if v.actor_id},
        "statement_text": lambda s: statement_text(briefing, s),
        "quote_text": lambda q: quote_text(briefing, q),
        "quote_body": lambda q: quote_html(briefing, q),
        "statement_is_quote": lambda s: statement_is_quote(quotes, s),
        "said_by_actor": _said_by_actor(briefing),
        "speaker_label": lambda q: speaker_label(briefing, q),
        "candidate_names": lambda q: candidate_names(briefing, q),
        "unclear_among": lambda ids: [i for i in ids if i in quotes and quotes[i].needs_review],
        "article_nodes": lambda: article_nodes(briefing),
        "article_pane": lambda: ArticlePane(
            briefing, {key: s["colour"] for s in speakers for key in s["keys"]},
            {**{k: k.replace("_", " ").capitalize() for k in counts}, **SOURCE_KIND_LABELS},
            lambda q: candidate_names(briefing, q),
        ).html(article_nodes(briefing)),
        "md_paragraphs": lambda: md_paragraphs(briefing),
    }


def _said_by_actor(briefing: Briefing) -> dict[str, dict[str, Any]]:
    """Per actor id: the quotes credited to them (never one that needs review), the statements
    resting on them, and the positions the llm engine summarised for them."""
    said: dict[str, dict[str, Any]] = {}

    def entry(actor_id: str) -> dict[str, Any]:
        return said.setdefault(actor_id, {"quotes": [], "sources": [], "positions": []})

    for q in briefing.quotes:
        if q.speaker_id and not q.needs_review:
            entry(q.speaker_id)["quotes"].append(q)
    for s in briefing.sources:
        if s.actor_id:
            entry(s.actor_id)["sources"].append(s)
    for p in briefing.positions:
        entry(p.actor_id)["positions"].append(p)
    return said


def candidate_names(briefing: Briefing, quote: Any) -> list[str]:
    """The names of the people a quote that needs review could be by, likeliest first."""
    return [(a.name if (a := briefing.actor(c)) else c) for c in quote.speaker_candidates]


def speaker_label(briefing: Briefing, quote: Any) -> str | None:
    """The speaker as a reader sees it: the name; for a quote that needs review never a name but
    "speaker unclear — needs review: A or B?" (the candidates), or :data:`UNCLEAR` alone."""
    if not quote.needs_review:
        return quote.speaker
    names = candidate_names(briefing, quote)
    if not names:
        return UNCLEAR
    either = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"{UNCLEAR}: {either}?"


def speaker_key(quote: Any) -> str:
    """What identifies a quote's speaker for colouring: the actor id, else the name, else '';
    :data:`UNCLEAR_KEY` for a quote that needs review."""
    if quote.needs_review:
        return UNCLEAR_KEY
    return quote.speaker_id or quote.speaker or ""


def speaker_legend(briefing: Briefing) -> list[dict[str, Any]]:
    """One entry per speaker in order of first quote: name, colour class index, quote ids.

    A speaker's colour index is its position modulo :data:`SPEAKER_COLOURS`; quotes whose speaker
    needs review share one entry, key :data:`UNCLEAR_KEY` and colour ``"unclear"``, after the
    speakers; unattributed quotes get the key ``""`` and the colour ``"none"``, last.
    """
    legend: dict[str, dict[str, Any]] = {}
    named = 0
    for q in sorted(briefing.quotes, key=lambda q: (q.start, q.end)):
        key = speaker_key(q)
        if key == UNCLEAR_KEY and key not in legend:
            legend[key] = {"name": "Speaker unclear (needs review)", "colour": "unclear", "keys": {key},
                           "quote_ids": [], "actor_id": None}
        elif key not in legend:
            actor = briefing.actor(q.speaker_id)
            name = actor.name if actor else q.speaker
            colour: int | str = "none"
            if key:
                colour, named = named % SPEAKER_COLOURS, named + 1
            keys = {key, *(k for k in (q.speaker_id, q.speaker) if k)}
            legend[key] = {"name": name, "colour": colour, "keys": keys, "quote_ids": [],
                           "actor_id": q.speaker_id}
        legend[key]["quote_ids"].append(q.id)
    last = {"unclear": 1, "none": 2}
    return sorted(legend.values(), key=lambda s: last.get(str(s["colour"]), 0))


def article_nodes(briefing: Briefing) -> list[Node]:
    """The article text as a tree of highlighted spans (see :mod:`briefing.render.highlight`)."""
    return layout(briefing.article.text, _paragraphs(briefing), marks_for(briefing))


def md_paragraphs(briefing: Briefing) -> list[dict[str, Any]]:
    """The article's paragraphs as escaped Markdown lines, with a footnote reference ``[^Qn]``
    after every quote, at the paragraph where the quote ends."""
    text = briefing.article.text
    refs: dict[int, list[str]] = {}
    for q in briefing.quotes:
        end = q.end
        while end < len(text) and text[end] in CLOSING_MARKS:
            end += 1  # cite after the closing quotation mark, not inside it
        refs.setdefault(end, []).append(q.id)
    result = []
    for p in _paragraphs(briefing):
        cuts = sorted({p.start, p.end, *(e for e in refs if p.start < e <= p.end)})
        pieces = []
        for a, b in pairwise(cuts):
            pieces.append(_md_escape(text[a:b]))
            pieces.extend(f"[^{i}]" for i in refs.get(b, []))
        result.append({"index": p.index, "text": "".join(pieces).strip()})
    return result


def _paragraphs(briefing: Briefing) -> list[Paragraph]:
    if briefing.article.paragraphs:
        return briefing.article.paragraphs
    from briefing.text.segment import paragraphs

    return paragraphs(briefing.article.text)


def _group(items: list[Any], attr: str) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = {}
    for item in items:
        groups.setdefault(getattr(item, attr), []).append(item)
    return groups


def _environment(*, html: bool, template_dir: str | Path | None) -> Any:
    import jinja2

    builtin = jinja2.FileSystemLoader(str(data_dir("templates")))
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not Path(template_dir).is_dir():
            raise TemplateError(f"--template-dir {template_dir}: not a directory")
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders += [builtin, jinja2.PrefixLoader({"builtin": builtin})]
    from jinja2.sandbox import SandboxedEnvironment

    # With --template-dir, sandboxed: a user's template reaches only the values it is given, never
    # Python internals ({{ cycler.__init__.__globals__.os.popen(...) }} is refused). The built-in
    # templates are the package's own code and skip the sandbox's per-attribute checks (a fifth
    # of the time of a large page).
    environment = SandboxedEnvironment if template_dir is not None else jinja2.Environment
    env = environment(
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
    env.filters["csp_hash"] = csp_hash
    env.filters["safe_url"] = safe_url
    env.filters["exact_text"] = exact_text
    env.globals["static"] = lambda name: _static(env, name)
    return env


def _static(env: Any, name: str) -> Any:
    """The text of ``static/<name>`` (CSS or JS to inline), through the same loaders as templates,
    so ``--template-dir`` can replace it. Refuses text that would close its own element early."""
    import jinja2
    from markupsafe import Markup

    try:
        source, _, _ = env.loader.get_source(env, f"static/{name}")
    except jinja2.TemplateNotFound:
        raise TemplateError(f"static file static/{name} not found") from None
    closing = {"js": "</script", "css": "</style"}.get(name.rsplit(".", 1)[-1])
    if closing and closing in source.lower():
        raise TemplateError(f"static/{name} contains {closing!r} and cannot be inlined")
    return Markup(source)


def exact_text(value: object) -> Any:
    """Escape text for HTML so the browser's DOM text is exactly ``value``: carriage returns are
    written as ``&#13;`` because an HTML parser turns a literal CR LF into LF. (The HTML spec calls
    that reference a non-fatal parse error but defines its result, a CR, which every browser
    produces; only CR LF articles contain one, and it keeps DOM offsets equal to the JSON's.)"""
    from markupsafe import Markup, escape

    return Markup(str(escape(value)).replace("\r", "&#13;"))


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline script."""
    digest = hashlib.sha256(str(source).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) address fit for a link, else None (no javascript:, data:…)."""
    text = str(url or "").strip()
    return text if re.match(r"(?i)^https?://[^\s\"'<>]+$", text) else None


def md_inline(value: object) -> str:
    """Make text safe inside a Markdown line: collapse whitespace, escape markup characters and
    neutralise raw HTML, so article text never turns into links, emphasis or tags."""
    return _md_escape(str(value)).strip()


def _md_escape(text: str) -> str:
    """:func:`md_inline` without trimming: runs of whitespace become one space."""
    text = re.sub(r"\s+", " ", text)
    for ch in "\\`*_[]<>|~":
        text = text.replace(ch, "\\" + ch)
    return re.sub(r"&(?=#?\w+;)", "&amp;", text)


def md_cell(value: object) -> str:
    """Like :func:`md_inline`, for a table cell."""
    return md_inline(value) if value not in (None, "") else "—"
