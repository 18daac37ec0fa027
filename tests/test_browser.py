"""The HTML briefing in a real browser: headless Chromium (Debian's ``chromium``) over DevTools.

Checks what a reader and a tool rely on: every quote in the JSON has exactly one highlighted element
with the same offsets, sitting at exactly those offsets in the article text; following any citation
focuses and flashes the right element; the page fetches nothing; hostile article text stays inert.
Screenshots (desktop and phone width) are kept in ``test-artifacts/browser/``.

Skipped only where Chromium is not installed; under CI (env ``CI`` set) a missing Chromium fails.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cdp import Browser, Page, find_chromium, in_ci
from render_fixtures import FIXTURES, abrams_briefing, tricky_briefing, unclear_briefing

from briefing.pipeline import generate
from briefing.render.formats import render
from briefing.schema import Briefing
from briefing.text.article import load_article

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "browser"
NEWS_PAGE = FIXTURES / "html" / "reuters.com.parasite.html"
DESKTOP = (1366, 900)
PHONE = (390, 844)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = find_chromium()
    if executable is None:
        message = "Chromium is not installed (Debian: apt-get install chromium); the browser tests need it"
        if in_ci():
            pytest.fail(message + " and CI must run them")
        pytest.skip(message)
    root = tmp_path_factory.mktemp("chromium")
    profile = root / "profile"
    profile.mkdir()
    b = Browser(executable, profile)
    yield b
    b.close()


@pytest.fixture
def page(browser):
    p = browser.page(*DESKTOP)
    yield p
    p.close()


def open_html(page: Page, html: str, path: Path) -> str:
    path.write_text(html, encoding="utf-8")
    url = path.resolve().as_uri()
    page.goto(url)
    return url


SPANS_JS = """(() => {
  const pane = document.getElementById("article-text");
  const range = document.createRange();
  const where = el => { range.setStart(pane, 0); range.setEndBefore(el); return range.toString().length; };
  const spans = [...document.querySelectorAll("[data-quote-id]")].map(el => ({
    id: el.dataset.quoteId, start: +el.dataset.start, end: +el.dataset.end,
    at: where(el), len: el.textContent.length, inPane: pane.contains(el)}));
  const parts = [...document.querySelectorAll("[data-quote-part]")].map(el => ({
    id: el.dataset.quotePart, at: where(el), len: el.textContent.length}));
  const owner = id => `[data-quote-id="${id}"], [data-quote-part="${id}"]`;
  const words = [...pane.querySelectorAll("[data-part-of]")].map(el => ({
    id: el.dataset.partOf, at: where(el), text: el.textContent,
    inside: !!el.closest(owner(el.dataset.partOf))}));
  return {text: pane.textContent, spans, parts, words};
})()"""


def assert_quote_spans(page: Page, briefing: Briefing) -> None:
    """Each quote: one element, same id and offsets, placed at exactly those offsets in the text."""
    dom = page.js(SPANS_JS)
    assert dom["text"] == briefing.article.text, "the article pane must show the article text unchanged"
    by_id: dict[str, list[dict]] = {}
    for span in dom["spans"]:
        by_id.setdefault(span["id"], []).append(span)
    assert sorted(by_id) == sorted(q.id for q in briefing.quotes)
    for q in briefing.quotes:
        (span,) = by_id[q.id]  # exactly one element per quote
        assert (span["start"], span["end"]) == (q.start, q.end), q.id
        assert span["inPane"] and span["at"] == q.start, f"{q.id} is not highlighted at its offset"
        pieces = sorted(
            [(span["at"], span["len"])] + [(p["at"], p["len"]) for p in dom["parts"] if p["id"] == q.id]
        )
        covered = q.start
        for at, length in pieces:  # the element (and any continuation fragment) covers start..end
            assert at == covered, q.id
            covered += length
        assert covered == q.end, q.id
    for q in briefing.quotes:  # a quote's own words (its parts) are marked inside its element
        marked = [(w["at"], w["text"]) for w in dom["words"] if w["id"] == q.id]
        assert all(w["inside"] for w in dom["words"] if w["id"] == q.id), q.id
        joined: dict[int, str] = {}
        for at, text in marked:  # a part crossed by another mark comes in pieces, in order
            start = next((s for s, t in joined.items() if s + len(t) == at), at)
            joined[start] = joined.get(start, "") + text
        assert sorted(joined.items()) == [(p.start, p.text) for p in q.parts], q.id


def assert_no_network(page: Page, url: str) -> None:
    requested = [e["request"]["url"] for e in page.events("Network.requestWillBeSent")]
    assert requested and all(u == url for u in requested), f"unexpected requests: {requested}"
    assert page.js("performance.getEntriesByType('resource').length") == 0


def test_engine_output_for_example_article(page, tmp_path):
    briefing = generate(load_article(FIXTURES / "abrams-maduro.txt"), "rules")
    url = open_html(page, render(briefing, "html"), tmp_path / "example.html")
    assert_quote_spans(page, briefing)
    q5 = page.js("[...document.querySelectorAll('[data-part-of=Q5]')].map(e => e.textContent)")
    assert q5 == ["arbitrary detentions, ill-treatment and torture", "shockingly high"]
    # calm by default: outlet-voice and vague underlines are off until turned on, and remembered
    hidden = "document.getElementById('article-text').classList.contains('hide-sourcing')"
    assert page.js(hidden) is True
    page.js("document.querySelector('[data-hide=sourcing]').click()")
    assert page.js(hidden) is False
    page.goto(url)
    assert page.js(hidden) is False  # the page remembered the choice
    page.js("document.querySelector('[data-hide=sourcing]').click()")
    page.js("document.querySelector('[data-view=quotes-only]').click()")
    visible = page.js("[...document.querySelectorAll('.brief-pane > .block')].filter(e => "
                      "getComputedStyle(e).display !== 'none').map(e => e.querySelector('h2').id)")
    assert visible == ["h-glance", "h-quotes"]
    page.js("document.querySelector('[data-view=quotes-only]').click()")
    assert_no_network(page, url)
    page.screenshot(ARTIFACTS / "example-rules-desktop.png")


def test_handbuilt_briefing_spans_links_and_screenshots(page, tmp_path):
    briefing = abrams_briefing()
    url = open_html(page, render(briefing, "html"), tmp_path / "abrams.html")
    assert_quote_spans(page, briefing)
    assert page.js("document.querySelector('.toggles').hidden") is False, (
        "the inline script did not run (CSP?)"
    )
    page.screenshot(ARTIFACTS / "abrams-desktop.png")

    # Every in-page link in the briefing pane, clicked with the mouse, focuses and flashes its target.
    hrefs = page.js(
        "[...document.querySelectorAll('#briefing a[href^=\"#\"]')].map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) > 40
    for i, href in enumerate(hrefs):
        x, y = page.js(f"""(() => {{ const a = document.querySelectorAll('#briefing a[href^="#"]')[{i}];
            a.scrollIntoView({{block: 'center'}}); const r = a.getClientRects()[0];
            return [r.x + Math.min(r.width / 2, 8), r.y + r.height / 2]; }})()""")
        page.click(x, y)
        state = page.js("""(() => { const el = document.activeElement, r = el.getBoundingClientRect();
            return {id: el.id, quote: el.dataset.quoteId || null, flash: el.classList.contains('flash')
                    || !!el.closest('.flash'), visible: r.bottom > 0 && r.top < innerHeight}; })()""")
        target = href[1:]
        assert state["id"] == target, f"link {i} {href} focused {state['id']!r}"
        if target.startswith("q-"):
            assert state["quote"] == target[2:]
        if not target.startswith(("h-", "article")):
            assert state["flash"], f"{href} did not flash"
        assert state["visible"], f"{href} did not scroll into view"
    page.js("document.activeElement.blur()")

    # Clicking a highlighted quote in the article goes to its card in the briefing.
    for qid in ("Q1", "Q3", "Q12"):
        x, y, expected = page.js(f"""(() => {{ const el = document.getElementById('q-{qid}');
            el.scrollIntoView({{block: 'center'}}); const r = el.getClientRects()[0];
            const x = r.x + 4, y = r.y + r.height / 2;
            const hit = document.elementFromPoint(x, y).closest('[data-quote-id],[data-quote-part]');
            return [x, y, hit.dataset.quoteId || hit.dataset.quotePart]; }})()""")
        page.click(x, y)
        assert page.js("document.activeElement.id") == f"qc-{expected}"

    # Hovering a quote shows who said it, the cue, the channel and the grounding.
    x, y = page.js("""(async () => { const el = document.getElementById('q-Q1');
        el.scrollIntoView({block: 'center'});  // then let the scroll event pass: it hides tooltips
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        const r = el.getClientRects()[0]; return [r.x + 30, r.y + r.height / 2]; })()""")
    page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    tip = page.js(
        "(() => { const t = document.getElementById('tip'); return t.hidden ? null : t.textContent; })()"
    )
    assert tip and "Q1" in tip and "Elliott Abrams" in tip and "told" in tip and "New York Times" in tip
    page.screenshot(ARTIFACTS / "abrams-desktop-tooltip.png")
    page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 5, "y": 5})
    assert page.js("document.getElementById('tip').hidden") is True

    # A speaker button shows only that speaker's quotes; pressing it again shows all.
    focus_js = """(() => { const bg = id => getComputedStyle(document.getElementById(id)).backgroundColor;
        return [bg('q-Q3'), bg('q-Q5')]; })()"""
    none = "rgba(0, 0, 0, 0)"
    assert none not in page.js(focus_js)
    page.js("[...document.querySelectorAll('.spk')].find(b => b.textContent.includes('Bachelet')).click()")
    abrams_bg, bachelet_bg = page.js(focus_js)
    assert abrams_bg == none and bachelet_bg != none
    page.js("document.querySelector('.spk[aria-pressed=true]').click()")
    assert none not in page.js(focus_js)

    # The statement filter shows only statements resting on the chosen kind of source.
    shown = """[...document.querySelectorAll('#statement-list .stmt')]
        .filter(li => getComputedStyle(li).display !== 'none').map(li => li.id)"""
    assert len(page.js(shown)) == len(briefing.sources)
    page.js("document.querySelector('.kf[data-kind=vague]').click()")
    assert page.js(shown) == [f"sc-{s.id}" for s in briefing.sources if s.kind == "vague"]
    page.js("document.querySelector('.kf[data-kind=\"\"]').click()")
    assert len(page.js(shown)) == len(briefing.sources)

    # Keyboard focus on a quote shows the tooltip with speaker, cue, channel and grounding.
    tip = page.js("document.getElementById('q-Q3').focus(); document.getElementById('tip').textContent")
    assert "Elliott Abrams" in tip and "quoted him as saying" in tip and "New York Times" in tip
    assert "exact" in tip
    page.js("document.getElementById('q-Q3').blur()")
    page.click(
        *page.js("""(() => { const a = document.querySelector('#qc-Q13 a.qlink');
        a.scrollIntoView({block: 'center'}); const r = a.getClientRects()[0];
        return [r.x + 5, r.y + 5]; })()""")
    )
    page.screenshot(ARTIFACTS / "abrams-desktop-after-click.png")
    assert_no_network(page, url)

    # Enter on a focused quote goes to its card, like a click.
    page.js("document.getElementById('q-Q11').focus()")
    for kind in ("keyDown", "keyUp"):
        page.send(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13},
        )
    assert page.js("document.activeElement.id") == "qc-Q11"

    # Print: one column, nothing clipped by the panes' scrolling, the article on a new page.
    page.send("Emulation.setEmulatedMedia", {"media": "print"})
    printed = page.js("""(() => { const s = el => getComputedStyle(document.querySelector(el));
        return [s('.layout').display, s('.brief-pane').overflowY, s('#article').breakBefore,
                s('.toc').display, s('.toggles').display]; })()""")
    assert printed == ["block", "visible", "page", "none", "none"]
    pdf = page.send("Page.printToPDF", {"printBackground": True})["data"]
    (ARTIFACTS / "abrams.pdf").write_bytes(base64.b64decode(pdf))
    assert (ARTIFACTS / "abrams.pdf").read_bytes().startswith(b"%PDF")
    page.send("Emulation.setEmulatedMedia", {"media": ""})

    page.resize(*PHONE, mobile=True)
    page.js("window.scrollTo(0, 0)")
    page.screenshot(ARTIFACTS / "abrams-phone.png")
    page.screenshot(ARTIFACTS / "abrams-phone-full.png", full_page=True)
    assert page.js("document.documentElement.scrollWidth") <= PHONE[0], "horizontal scroll on a phone"


def test_unclear_speakers_have_their_own_colour_and_say_so_on_hover(page, tmp_path):
    # Q3 needs review between two candidates, Q10 has none: neither wears a speaker's colour, the
    # legend has one "unclear" entry, and hover or focus says "speaker unclear (needs review)".
    briefing = unclear_briefing()
    url = open_html(page, render(briefing, "html"), tmp_path / "unclear.html")
    assert_quote_spans(page, briefing)
    lines = page.js("""Object.fromEntries([...document.querySelectorAll('[data-quote-id]')].map(
        el => [el.dataset.quoteId, getComputedStyle(el).borderBottomColor]))""")
    assert lines["Q3"] == lines["Q10"]
    speakers = {lines[q.id] for q in briefing.quotes if q.id not in ("Q3", "Q10")}
    assert lines["Q3"] not in speakers, "an unclear quote in a speaker's colour"
    legend = page.js("[...document.querySelectorAll('.spk')].map(b => [b.dataset.colour, b.textContent])")
    assert [c for c, _ in legend].count("unclear") == 1
    (unclear,) = [t for c, t in legend if c == "unclear"]
    assert "Speaker unclear (needs review)" in unclear and unclear.endswith("2")

    x, y = page.js("""(async () => { const el = document.getElementById('q-Q3');
        el.scrollIntoView({block: 'center'});
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        const r = el.getClientRects()[0]; return [r.x + 30, r.y + r.height / 2]; })()""")
    page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    tip = page.js("document.getElementById('tip').textContent")
    assert "speaker unclear (needs review)" in tip
    assert "Candidates, likeliest first: Elliott Abrams, Nicolás Maduro" in tip
    page.screenshot(ARTIFACTS / "unclear-desktop-tooltip.png")
    page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 5, "y": 5})
    tip = page.js("document.getElementById('q-Q10').focus(); document.getElementById('tip').textContent")
    assert "speaker unclear (needs review)" in tip and "Candidates" not in tip
    page.js("document.getElementById('q-Q10').blur()")

    # The legend's "unclear" button shows only the quotes that need review.
    page.js("document.querySelector('.spk[data-colour=unclear]').click()")
    after = page.js("""[...['q-Q3', 'q-Q4']].map(id =>
        getComputedStyle(document.getElementById(id)).backgroundColor)""")
    assert after[0] != "rgba(0, 0, 0, 0)" and after[1] == "rgba(0, 0, 0, 0)"
    page.js("document.querySelector('.spk[aria-pressed=true]').click()")
    page.js("document.getElementById('qc-Q3').scrollIntoView({block: 'center'})")
    page.screenshot(ARTIFACTS / "unclear-desktop-cards.png")
    assert_no_network(page, url)


def test_hostile_article_text_stays_inert(page, tmp_path):
    briefing = tricky_briefing()
    html = render(briefing, "html")
    url = open_html(page, html, tmp_path / "hostile.html")
    assert not page.events("Page.javascriptDialogOpening"), "article text ran a script"
    assert page.js("document.scripts.length") == 1, "only the page's own script may exist"
    assert page.js("document.querySelectorAll('img, iframe, object, embed, textarea, b').length") == 0
    assert (
        page.js(
            "[...document.querySelectorAll('*')].some(e => [...e.attributes]"
            ".some(a => a.name.startsWith('on')))"
        )
        is False
    )
    assert page.js("document.title") == "Briefing: </title><script>alert(3)</script> & “quotes”"
    assert page.js("document.querySelector('.meta a') === null"), "javascript: URL became a link"
    assert_quote_spans(page, briefing)  # incl. crossing, nested, empty and multi-paragraph quotes
    assert page.js("document.getElementById('q-Q4').textContent.includes('\\r\\n\\r\\n')")
    assert_no_network(page, url)
    page.screenshot(ARTIFACTS / "hostile-desktop.png")


def test_real_news_page_through_the_cli(browser, tmp_path):
    out = tmp_path / "news.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "generate",
            str(NEWS_PAGE),
            "-f",
            "html",
            "-o",
            str(out),
            "--engine",
            "rules",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    json_run = subprocess.run(
        [sys.executable, "-m", "briefing", "generate", str(NEWS_PAGE), "-f", "json", "--engine", "rules"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    briefing = Briefing.model_validate_json(json_run.stdout)
    page = browser.page(*DESKTOP)
    try:
        url = out.resolve().as_uri()
        page.goto(url)
        assert_quote_spans(page, briefing)
        assert page.js("document.scripts.length") == 1
        assert_no_network(page, url)
        page.screenshot(ARTIFACTS / "news-desktop.png")
        page.resize(*PHONE, mobile=True)
        page.screenshot(ARTIFACTS / "news-phone.png")
        assert page.js("document.documentElement.scrollWidth") <= PHONE[0]
    finally:
        page.close()
    shutil.copy(out, ARTIFACTS / "news.html")


def test_story_page_lights_each_shared_quote_in_every_article_and_stays_inert(page, tmp_path):
    from briefing.render.formats import render_story
    from briefing.story import build_story
    from briefing.text.article import article_from_text

    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    hostile = ('Hostile outlet\n\n“<script>window.__pwned = 1</script>'
               '<img src=x onerror="window.__pwned = 2">We want you to leave power,” a reader wrote.\n\n')
    others = text.replace("wrong,” Abrams said", "wrong,” Guaidó said")  # a speaker that differs
    briefings = [generate(article_from_text(t), "rules") for t in (text, others, hostile + text)]
    story = build_story(briefings, ["first", "second", "third"])
    assert story.shared_quotes and any(q.speakers_differ for q in story.shared_quotes)
    url = open_html(page, render_story(story, "html"), tmp_path / "story.html")
    for q in story.shared_quotes:
        page.js(f"document.querySelector('button.sq[data-sq={q.id}]').click()")
        lit = page.js("[...document.querySelectorAll('.lit')].map(e => [e.closest('[data-article]')"
                      ".dataset.article, e.dataset.quoteId || e.dataset.quotePart])")
        expected = {(o.article_id, o.quote_id) for o in q.occurrences}
        assert sorted({tuple(x) for x in lit}) == sorted(expected), q.id
    assert page.js("typeof window.__pwned") == "undefined"
    third = "document.querySelector('[data-article=third] .article-text').textContent"
    assert page.js(f"{third}.includes('<script>')")
    assert_no_network(page, url)
    page.screenshot(ARTIFACTS / "story-desktop.png")
