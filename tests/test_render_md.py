"""The Markdown rendering: complete, GitHub-friendly tables and footnotes, article text stays text."""

from __future__ import annotations

import re

from render_fixtures import abrams_briefing, tricky_briefing, unclear_briefing

from briefing.render.formats import md_inline, render


def table_rows(md: str) -> list[list[str]]:
    """Each table's rows split on unescaped pipes."""
    return [re.split(r"(?<!\\)\|", line.strip())[1:-1] for line in md.splitlines() if line.startswith("|")]


def test_tables_have_a_consistent_number_of_cells():
    for b in (abrams_briefing(), tricky_briefing(), unclear_briefing()):
        md = render(b, "md")
        tables, current = [], []
        for line in [*md.splitlines(), ""]:
            if line.startswith("|"):
                current.append(line)
            elif current:
                tables.append(current)
                current = []
        assert len(tables) >= 3
        for table in tables:
            widths = {len(row) for row in table_rows("\n".join(table))}
            assert len(widths) == 1, table


def test_every_footnote_is_defined_and_referenced():
    md = render(abrams_briefing(), "md")
    defined = re.findall(r"^\[\^(\w+)\]:", md, flags=re.M)
    referenced = set(re.findall(r"\[\^(\w+)\](?!:)", md))
    b = abrams_briefing()
    assert set(defined) == {q.id for q in b.quotes} | {s.id for s in b.sources}
    assert referenced == set(defined)  # GitHub drops footnotes nobody cites


def test_complete_like_the_html():
    b = abrams_briefing()
    md = render(b, "md")
    for heading in (
        "## Attributed statements",
        "## At a glance",
        "## What each actor says",
        "## Quotes",
        "## Sourcing",
        "## Language notes",
        "## Article text",
    ):
        assert heading in md
    for q in b.quotes:
        assert f"| {q.id} | {q.paragraph} |" in md
    for p in b.article.paragraphs:
        assert f"**¶{p.index}**" in md
    assert "> Diosdado Cabello is widely believed to be the head" in md
    assert "[^Q11]”" not in md and "wrong,”[^Q11]" in md  # cited after the closing mark


def test_article_text_cannot_become_markup():
    md = render(tricky_briefing(), "md")
    assert "<script" not in md.replace("\\<script", "")
    assert "<img" not in md.replace("\\<img", "")
    assert "\\<b\\>guide\\</b\\>" in md
    assert (
        md_inline("a | b *c* [d](e) ~~f~~ &amp; <g>")
        == "a \\| b \\*c\\* \\[d\\](e) \\~\\~f\\~\\~ &amp;amp; \\<g\\>"
    )


def test_renders_as_github_flavoured_markdown():
    """Parsed like GitHub does (CommonMark + tables + footnotes): every table is a table, every
    citation resolves to a footnote, and nothing from the article becomes an HTML element."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    for b in (abrams_briefing(), tricky_briefing()):
        html = parser.render(render(b, "md"))
        assert html.count("<table>") == 4
        assert "[^" not in html, "a citation did not resolve to a footnote"
        assert html.count('class="footnote-item"') == len(b.quotes) + len(b.sources)
        tags = set(re.findall(r"<([a-z][a-z0-9]*)", html))
        assert tags <= {
            "h1",
            "h2",
            "h3",
            "p",
            "ul",
            "ol",
            "li",
            "strong",
            "em",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "blockquote",
            "details",
            "summary",
            "hr",
            "section",
            "sup",
            "a",
        }
