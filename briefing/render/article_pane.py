"""The HTML of the article pane: the tree from :mod:`briefing.render.highlight` as markup.

Written in Python rather than as a recursive template macro because a long article has tens of
thousands of nodes (a 2 MB page: about 50,000), and a macro call per node made the pane the slowest
part of the page. The markup is described in ``templates/html/article.j2``, which includes it.

No whitespace is added around text: the pane's text content is exactly ``article.text`` (a carriage
return is written as ``&#13;``, which an HTML parser keeps, where a literal CR LF would become LF).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from briefing.render.highlight import Chunk, Node
from briefing.schema import Briefing

TYPE_LABELS = {"direct": "direct quote", "partial": "partial quote", "indirect": "reported speech"}
GROUNDING_LABELS = {
    "exact": "exact: verbatim at these offsets",
    "normalized": "normalized: matches once quotes, dashes and spaces are normalised",
    "fuzzy": "fuzzy: approximate alignment, check it",
}


def _text(value: str) -> str:
    return str(escape(value)).replace("\r", "&#13;")


class ArticlePane:
    """Renders the nodes of one briefing; tooltips are built once per item."""

    def __init__(self, briefing: Briefing, speaker_colour: dict[str, Any], source_labels: dict[str, str],
                 candidate_names: Any, prefix: str = "", shared: dict[str, list[str]] | None = None) -> None:
        """``prefix`` goes before every element id (a story page holds several articles);
        ``shared`` maps a quote id to the story's shared-quote ids it belongs to (data-shared)."""
        self.prefix = prefix
        self.shared = shared or {}
        self.briefing = briefing
        self.colours = speaker_colour
        self.labels = source_labels
        self.candidate_names = candidate_names
        self.actors = {a.id: a for a in briefing.actors}
        self._tips: dict[int, str] = {}

    def html(self, nodes: list[Node]) -> Markup:
        out: list[str] = []
        self._nodes(nodes, out)
        return Markup("".join(out))

    def colour(self, q: Any) -> str:
        if q.needs_review:
            return "c-unclear"
        return f"c-{self.colours.get(q.speaker_id or q.speaker or '', 'none')}"

    def _nodes(self, nodes: list[Node], out: list[str]) -> None:
        for n in nodes:
            if isinstance(n, Chunk):
                if n.kind == "text":
                    out.append(_text(n.text))
                elif n.kind == "gap":
                    out.append(f'<span class="gap">{_text(n.text)}</span>')
                else:
                    anchor = f'id="{self.prefix}para-{n.paragraph}" data-para="{n.paragraph}"'
                    out.append(f'<span class="pn" {anchor}></span>')
                continue
            item = n.item
            if n.kind == "quote":
                q = item
                attrs = (
                    f' id="{self.prefix}q-{q.id}" data-quote-id="{q.id}"'
                    f' data-start="{q.start}" data-end="{q.end}"'
                    f' tabindex="0" aria-describedby="{self.prefix}qm-{q.id}"'
                    if n.part == 0
                    else f' data-quote-part="{q.id}"'
                )
                if q.id in self.shared:
                    attrs += f' data-shared="{" ".join(self.shared[q.id])}"'
                cont = " q-cont" if n.part else ""
                classes = f"q t-{q.type} {self.colour(q)}{cont}"
                out.append(f'<span class="{classes}"{attrs} title="{self._tip(q)}">')
            elif n.kind == "statement":
                s = item
                attrs = (
                    f' id="{self.prefix}s-{s.id}" data-source-id="{s.id}" data-start="{s.statement.start}"'
                    f' data-end="{s.statement.end}"'
                    if n.part == 0
                    else f' data-source-part="{s.id}"'
                )
                out.append(f'<span class="st k-{s.kind}"{attrs} title="{self._tip(s)}">')
            elif n.kind == "evidence":
                out.append(f'<span class="ev k-{item.kind}" data-source-ref="{item.id}">')
            elif n.kind == "term":
                anchor = f' id="{self.prefix}n-{n.number}"' if n.part == 0 else ""
                title = escape(f"Loaded term {item.term}: {item.note}")
                out.append(f'<span class="term"{anchor} title="{title}">')
            elif n.kind == "part":
                out.append(f'<span class="qp" data-part-of="{item.id}">')
            else:  # cue or mention of a quote
                if n.kind == "cue":
                    what = f"Cue of {item.id}: {item.cue}"
                else:
                    who = item.speaker or "not attributed"
                    if item.needs_review:
                        who = "speaker unclear (needs review)"
                    what = f"Speaker of {item.id}: {who}"
                classes = f"{n.kind} {self.colour(item)}"
                out.append(f'<span class="{classes}" data-quote-ref="{item.id}" title="{escape(what)}">')
            self._nodes(n.children, out)
            out.append("</span>")

    def _tip(self, item: Any) -> str:
        tip = self._tips.get(id(item))
        if tip is None:
            text = self._quote_tip(item) if hasattr(item, "type") else self._source_tip(item)
            tip = self._tips[id(item)] = str(escape(text))
        return tip

    def _quote_tip(self, q: Any) -> str:
        lines = [f"{q.id} · {TYPE_LABELS[q.type]}"]
        if q.needs_review:
            lines.append("Speaker: speaker unclear (needs review)")
            if q.speaker_candidates:
                lines.append("Candidates, likeliest first: " + ", ".join(self.candidate_names(q)))
        else:
            lines.append(f"Speaker: {q.speaker or 'not attributed'}")
        if q.confidence is not None and (q.speaker or q.speaker_candidates):
            lines.append(f"Speaker confidence: {q.confidence:.2f}")
        if q.cue:
            lines.append(f"Cue: {q.cue}")
        if q.channel:
            lines.append(f"Channel: {q.channel}")
        if q.nested_in:
            lines.append(f"Inside {q.nested_in}")
        lines.append(f"Grounding: {GROUNDING_LABELS[q.grounding]}")
        lines.append(f"¶{q.paragraph} · characters {q.start}–{q.end}")
        return "\n".join(lines)

    def _source_tip(self, s: Any) -> str:
        lines = [f"{s.id} · {self.labels[s.kind]}", self._source_line(s)]
        if s.quote_ids:
            lines.append("Quotes: " + ", ".join(s.quote_ids))
        lines.append(f"¶{s.paragraph} · characters {s.statement.start}–{s.statement.end}")
        return "\n".join(lines)

    def _source_line(self, s: Any) -> str:
        evidence = ", ".join(e.text for e in s.evidence)
        if s.kind == "outlet_voice":
            return "The article states this itself, with no source"
        if s.kind in ("vague", "anonymous"):
            label = "Vague sourcing" if s.kind == "vague" else "Anonymous source"
            return f"{label}: {evidence}" if s.evidence else label
        if s.actor_id:
            who = self.actors[s.actor_id].name if s.actor_id in self.actors else "unattributed"
        else:
            who = s.evidence[0].text if s.evidence else "unnamed"
        return f"{self.labels[s.kind]}: {who}"
