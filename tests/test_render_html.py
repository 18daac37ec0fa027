"""The HTML rendering, checked by parsing the page (no browser): structure, escaping, offsets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from render_fixtures import abrams_briefing, tricky_briefing

from briefing.errors import TemplateError
from briefing.render.formats import csp_hash, render, safe_url

VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "path"}


class Page(HTMLParser):
    """Collects elements with their attributes and the text inside each of them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.stack: list[dict] = []
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed: {[e['tag'] for e in self.stack]}"

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "text": []}
        self.elements.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": []})

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1]["tag"] == tag, f"</{tag}> closes {self.stack[-1]['tag']}"
        self.stack.pop()

    def handle_data(self, data):
        for el in self.stack:
            el["text"].append(data)

    def find(self, tag: str | None = None, **attrs) -> list[dict]:
        return [
            e
            for e in self.elements
            if (tag is None or e["tag"] == tag) and all(e["attrs"].get(k) == v for k, v in attrs.items())
        ]

    def with_attr(self, name: str) -> list[dict]:
        return [e for e in self.elements if name in e["attrs"]]

    @staticmethod
    def text(el: dict) -> str:
        return "".join(el["text"])


@pytest.fixture(scope="module")
def abrams():
    b = abrams_briefing()
    return b, render(b, "html")


@pytest.fixture(scope="module")
def tricky():
    b = tricky_briefing()
    return b, render(b, "html")


def test_article_pane_is_the_article_text_exactly(abrams, tricky):
    for b, html in (abrams, tricky):
        page = Page(html)
        (pane,) = page.find(id="article-text")
        assert Page.text(pane) == b.article.text


def test_one_element_per_quote_with_its_offsets_and_words(abrams):
    b, html = abrams
    page = Page(html)
    spans = page.with_attr("data-quote-id")
    assert sorted(e["attrs"]["data-quote-id"] for e in spans) == sorted(q.id for q in b.quotes)
    for q in b.quotes:
        (el,) = [e for e in spans if e["attrs"]["data-quote-id"] == q.id]
        assert (int(el["attrs"]["data-start"]), int(el["attrs"]["data-end"])) == (q.start, q.end)
        assert Page.text(el) == q.text
        assert el["attrs"]["id"] == f"q-{q.id}" and el["attrs"]["tabindex"] == "0"
        assert q.speaker in el["attrs"]["title"] and q.grounding in el["attrs"]["title"]
    assert not page.with_attr("data-quote-part")


def test_every_internal_link_has_a_target(abrams, tricky):
    for _, html in (abrams, tricky):
        page = Page(html)
        ids = {e["attrs"]["id"] for e in page.with_attr("id")}
        links = [e["attrs"]["href"] for e in page.find(tag="a") if e["attrs"].get("href", "").startswith("#")]
        assert links and all(href[1:] in ids for href in links), set(h for h in links if h[1:] not in ids)
        assert len(ids) == len(page.with_attr("id")), "duplicate ids"


def test_citations_point_at_the_cited_quote(abrams):
    page = Page(abrams[1])
    cites = [e for e in page.find(tag="a") if "cite-q" in e["attrs"].get("class", "")]
    assert len(cites) > 30
    for a in cites:
        assert a["attrs"]["href"] == f"#q-{Page.text(a)}"


def test_speakers_get_distinct_colours(abrams):
    page = Page(abrams[1])
    colour = {}
    for el in page.with_attr("data-quote-id"):
        cls = re.search(r"\bc-(\w+)", el["attrs"]["class"]).group(1)
        colour.setdefault(el["attrs"]["title"].split("Speaker: ")[1].split("\n")[0], set()).add(cls)
    assert all(len(c) == 1 for c in colour.values())
    assert len({next(iter(c)) for c in colour.values()}) == len(colour)


def test_outlet_voice_and_vague_statements_are_marked(abrams):
    page = Page(abrams[1])
    kinds = {e["attrs"]["data-source-id"]: e["attrs"]["class"] for e in page.with_attr("data-source-id")}
    assert "k-outlet_voice" in kinds["S2"] and "k-vague" in kinds["S11"]
    (vague_ev,) = [e for e in page.find(tag="span") if e["attrs"].get("data-source-ref") == "S11"]
    assert Page.text(vague_ev) == "widely believed"


def test_hostile_text_is_inert(tricky):
    b, html = tricky
    page = Page(html)
    scripts = page.find(tag="script")
    assert len(scripts) == 1 and html.lower().count("<script") == 1
    assert not page.find(tag="img") and not page.find(tag="textarea") and not page.find(tag="b")
    assert not [e for e in page.elements if any(k.startswith("on") for k in e["attrs"])]
    assert "javascript:" not in " ".join(e["attrs"].get("href", "") for e in page.find(tag="a"))
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    title = page.find(tag="title")[0]  # the head's (the chart has its own <title>)
    assert Page.text(title) == "Briefing: " + b.article.title


def test_self_contained_no_network_and_script_allowed_by_csp(abrams):
    html = abrams[1]
    page = Page(html)
    assert not page.find(tag="link", rel="stylesheet")
    assert not [e for e in page.elements if e["attrs"].get("src")]
    assert not re.search(r"@import|url\(", html)
    (script,) = page.find(tag="script")
    (csp,) = page.find(tag="meta", **{"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in csp["attrs"]["content"]
    assert csp_hash(Page.text(script)) in csp["attrs"]["content"]
    external = [e["attrs"]["href"] for e in page.find(tag="a") if not e["attrs"]["href"].startswith("#")]
    assert external == ["https://www.breitbart.com/latin-america/2019/07/10/elliott-abrams/"]


def test_semantic_structure(abrams):
    page = Page(abrams[1])
    assert len(page.find(tag="h1")) == 1 and len(page.find(tag="main")) == 1
    headings = [Page.text(h) for h in page.find(tag="h2")]
    for wanted in (
        "Attributed statements",
        "At a glance",
        "What each actor says",
        "Quotes",
        "Sourcing",
        "Language notes",
        "Article text",
    ):
        assert wanted in headings
    (svg,) = page.find(tag="svg")
    assert svg["attrs"]["role"] == "img"
    bars = [e for e in page.find(tag="rect") if e["attrs"].get("class") == "bar"]
    assert len(bars) == sum(1 for n in abrams[0].source_counts().values() if n)


def test_chart_bars_are_proportional(abrams):
    b, html = abrams
    page = Page(html)
    counts = b.source_counts()
    bars = [e for e in page.find(tag="rect") if e["attrs"].get("class") == "bar"]
    top = max(float(r["attrs"]["width"]) for r in bars)
    assert top == 180
    assert sorted(float(r["attrs"]["width"]) for r in bars) == sorted(
        round(180 * n / max(counts.values()), 1) for n in counts.values() if n
    )


def test_safe_url():
    assert safe_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in ("javascript:alert(1)", "data:text/html,x", " JAVASCRIPT:x", 'http://x" onmouseover=1', None):
        assert safe_url(bad) is None


def test_static_file_that_would_break_out_is_refused(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "briefing.js").write_text("console.log('</script><b>')")
    with pytest.raises(TemplateError, match="cannot be inlined"):
        render(abrams_briefing(), "html", tmp_path)


def test_undefined_variable_fails_loudly(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "footer.j2").write_text("{{ no_such_variable }}")
    with pytest.raises(TemplateError, match="no_such_variable"):
        render(abrams_briefing(), "html", tmp_path)


def test_minimal_briefing_without_paragraphs_or_findings():
    from briefing.schema import Article, Briefing

    b = Briefing(engine="llm", model="m", article=Article(text="One line.\nAnother line & more."))
    html = render(b, "html")
    page = Page(html)
    (pane,) = page.find(id="article-text")
    assert Page.text(pane) == b.article.text
    assert [e["attrs"]["data-para"] for e in page.with_attr("data-para")] == ["1", "2"]
    assert not page.with_attr("data-quote-id") and not [
        e for e in page.find(tag="rect") if e["attrs"].get("class") == "bar"
    ]
    assert "No quotes were found." in html and "Untitled article" in html
    assert "No quotes were found." in render(b, "md")


def test_positions_of_unknown_actors_and_repeated_notes_are_still_shown():
    b = abrams_briefing()
    b.positions.append(b.positions[0].model_copy(update={"id": "P9", "actor_id": "A99"}))
    b.language_notes.append(b.language_notes[0].model_copy())
    html = render(b, "html")
    page = Page(html)
    assert Page.text(page.find(id="pos-P9")[0]).startswith("P9 A99:")
    ids = [e["attrs"]["id"] for e in page.with_attr("id")]
    assert len(ids) == len(set(ids)) and "n-6" in ids
    assert "(P9) of A99:" in render(b, "md")
