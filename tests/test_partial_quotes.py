"""Nothing put in anyone's mouth: partial quotes keep the speaker's words apart (issue 15).

The check, over every quote of every fixture article, in the Markdown and in the HTML: every run of
characters that the briefing shows inside typographic quotation marks and that lies inside a quote
in the article must lie inside one of that quote's ``parts`` or inside a ``direct`` quote, unless
the article itself marks it so (a title in quotation marks inside reported speech). A
briefing that wrapped a partial quote's clause (“presiding over “arbitrary detentions …” of …”) in
marks of its own fails it: "presiding over" is the outlet's paraphrase, not the speaker's words.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest

from briefing.pipeline import generate
from briefing.render import render
from briefing.schema import Briefing
from briefing.text.article import article_from_text, load_article

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "abrams-maduro.txt"


def fixture_briefings() -> dict[str, Briefing]:
    found: dict[str, Briefing] = {"abrams-maduro": generate(load_article(EXAMPLE), "rules")}
    for page in sorted((FIXTURES / "html").glob("*.html")):
        found[f"html-{page.stem}"] = generate(load_article(page), "rules")
    for text in sorted((FIXTURES / "gold" / "team-written").glob("*.txt")):
        found[f"team-{text.stem}"] = generate(load_article(text), "rules")
    for line in (FIXTURES / "gold" / "web-dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        found[f"web-{record['id']}"] = generate(article_from_text(record["text"]), "rules")
    for saved in sorted((FIXTURES / "llm").glob("*.rules.json")):
        found[f"llm-{saved.stem}"] = Briefing.model_validate_json(saved.read_text(encoding="utf-8"))
    return found


@cache
def briefings() -> dict[str, Briefing]:
    return fixture_briefings()


# what follows an opening mark up to the next mark, opening or closing: the run a reader takes for
# quoted words (“presiding over “arbitrary …” gives "presiding over ")
_MARKED_RE = re.compile(r"“([^“”]*)")
_TAG_RE = re.compile(r"<[^>]+>")


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _briefing_pane_text(document: str) -> str:
    """The HTML's visible text outside the article pane (which is the article itself)."""
    body = document.split('<section class="pane article-pane"', 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(_TAG_RE.sub("", body))


def _markdown_text(document: str) -> str:
    """The Markdown without the article-text section, with the escaping undone."""
    body = document.split("## Article text", 1)[0]
    return re.sub(r"\\(.)", r"\1", body)


def misquoted(b: Briefing, shown: str) -> list[str]:
    """Runs shown in “ ” that sit in a quote of the article outside that quote's own words."""
    text = _normalise(b.article.text)
    offsets = _whitespace_map(b.article.text)
    allowed = [(q.start, q.end) for q in b.quotes if q.type == "direct"]
    allowed += [(p.start, p.end) for q in b.quotes for p in q.parts]
    quoted = [(q.start, q.end) for q in b.quotes]
    wrong = []
    for m in _MARKED_RE.finditer(_normalise(shown)):
        words = m.group(1).strip().rstrip(",.;:!?").strip()
        if len(words.split()) < 2:
            continue  # a single word or mark cannot show whose words a passage is
        spans = [(offsets[k.start()], offsets[k.end() - 1] + 1) for k in re.finditer(re.escape(words), text)]
        if any(any(s <= a and b_ <= e for s, e in allowed) for a, b_ in spans):
            continue  # the speaker's own words somewhere
        if any(a > 0 and b.article.text[a - 1] in "“\"" for a, _ in spans):
            continue  # marked so in the article itself (a title inside reported speech)
        if any(any(a < e and s < b_ for s, e in quoted) for a, b_ in spans):
            wrong.append(words)
    return wrong


def _whitespace_map(original: str) -> list[int]:
    """For each character of the whitespace-normalised text, its offset in ``original``."""
    out: list[int] = []
    in_space = False
    started = False
    for i, ch in enumerate(original):
        if ch.isspace():
            if started and not in_space:
                out.append(i)
            in_space = True
        else:
            out.append(i)
            in_space = False
            started = True
    out.append(len(original))
    return out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_quotation_mark_is_put_around_words_that_are_not_the_speakers(fmt):
    checked = 0
    problems = {}
    for name, b in briefings().items():
        document = render(b, fmt)
        shown = _markdown_text(document) if fmt == "md" else _briefing_pane_text(document)
        wrong = misquoted(b, shown)
        if wrong:
            problems[name] = wrong[:3]
        checked += len(b.quotes)
    assert checked > 300  # every fixture was read: hundreds of quotes
    assert not problems, problems


def test_the_check_catches_a_clause_wrapped_in_marks():
    b = briefings()["abrams-maduro"]
    q5 = next(q for q in b.quotes if q.id == "Q5")
    assert misquoted(b, f"“{q5.text}”")  # the defect the check exists for
    assert not misquoted(b, q5.text)


def test_the_example_partial_quotes_have_their_passages_as_parts():
    b = briefings()["abrams-maduro"]
    q5 = next(q for q in b.quotes if q.id == "Q5")
    assert q5.type == "partial" and q5.speaker == "Michelle Bachelet"
    passages = ["arbitrary detentions, ill-treatment and torture", "shockingly high"]
    assert [p.text for p in q5.parts] == passages
    assert q5.text.startswith("presiding over")
    for q in b.quotes:
        if q.type == "partial":
            assert q.parts, q.id
            for p in q.parts:  # exactly the words inside the marks
                assert b.article.text[p.start - 1] in "“‘\"'" and b.article.text[p.end] in "”’\"'"


def test_no_renderer_wraps_the_examples_clauses_in_marks():
    b = briefings()["abrams-maduro"]
    for fmt in ("md", "html", "json"):
        document = render(b, fmt)
        for clause in ("“presiding over", "“a desire", "“the White House was"):
            assert clause not in document, (fmt, clause)


def test_the_headline_is_the_outlets_statement_not_a_quote():
    b = briefings()["abrams-maduro"]
    assert not any(q.paragraph == 1 for q in b.quotes)
    headline = [s for s in b.sources if s.headline]
    assert len(headline) == 1 and headline[0].paragraph == 1
    assert b.actor(headline[0].actor_id).name == "Elliott Abrams"
    assert headline[0].statement.text.startswith("U.S. Won’t ‘Prosecute’")
    assert "A headline is the outlet's summary, not a quote" in render(b, "md")
