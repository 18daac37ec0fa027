"""`briefing story`: one event, several outlets (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.pipeline import generate
from briefing.render.formats import render_story
from briefing.schema import Story
from briefing.story import build_story
from briefing.text.article import article_from_text, load_article

FIXTURES = Path(__file__).parent / "fixtures"
METH = ("usatoday.com.4236383002", "spokesman.com.meth", "nj.com.florida", "thehill.com.471033")


@pytest.fixture(scope="module")
def meth() -> Story:
    """The South Dakota "Meth. We're on it." campaign in four outlets (web-dev texts)."""
    records = [json.loads(line) for line in (FIXTURES / "gold" / "web-dev.jsonl").read_text().splitlines()]
    chosen = [r for r in records if r["id"].startswith(METH)]
    assert len(chosen) == 4
    briefings = []
    for r in chosen:
        article = article_from_text(r["text"])
        article.source = f"{r['id']}.html"
        briefings.append(generate(article, "rules"))
    return build_story(briefings)


def test_the_governor_is_one_actor_in_every_outlet_that_names_her(meth):
    noem = [sa for sa in meth.actors if "Noem" in sa.name]
    assert len(noem) == 1 and noem[0].name == "Kristi Noem" and not noem[0].unresolved
    naming = {a.id for a in meth.articles if "Noem" in a.briefing.article.text}
    assert {x.article_id for x in noem[0].articles} == naming and len(naming) == 3
    assert sum(x.quotes for x in noem[0].articles) >= 6


def test_the_slogan_is_found_in_each_outlet_that_prints_it(meth):
    from briefing.story.quotes import fold, words_of

    slogan = next(q for q in meth.shared_quotes if fold(q.occurrences[0].text) == "meth. we're on it")
    printing = {a.id for a in meth.articles if any(fold(words_of(q)) == "meth. we're on it"
                                                   for q in a.briefing.quotes if q.type != "indirect")}
    assert {o.article_id for o in slogan.occurrences} == printing and len(printing) >= 3
    for o in slogan.occurrences:  # each occurrence points at that article's own quote
        article = next(a for a in meth.articles if a.id == o.article_id)
        quote = next(q for q in article.briefing.quotes if q.id == o.quote_id)
        assert o.paragraph == quote.paragraph


def test_the_matrix_and_sourcing_recompute_from_the_per_article_outputs(meth):
    data = json.loads(render_story(meth, "json"))
    for sa in data["actors"]:
        for x in sa["articles"]:
            article = next(a for a in data["articles"] if a["id"] == x["article_id"])
            quotes = [q for q in article["briefing"]["quotes"]
                      if q["speaker_id"] == x["actor_id"] and not q["needs_review"]]
            assert x["quotes"] == len(quotes), (sa["name"], x["article_id"])
            assert x["quote_ids"] == [q["id"] for q in quotes]
    for s in data["sourcing"]:
        article = next(a for a in data["articles"] if a["id"] == s["article_id"])
        kinds = [src["kind"] for src in article["briefing"]["sources"]]
        assert s["statements"] == len(kinds)
        for kind, n in s["counts"].items():
            assert n == kinds.count(kind)
            assert s["shares"][kind] == pytest.approx(n / len(kinds), abs=1e-4)


def _pair(tmp_path: Path, edit) -> Story:
    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    (tmp_path / "outlet-a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "outlet-b.txt").write_text(edit(text), encoding="utf-8")
    names = ("outlet-a.txt", "outlet-b.txt")
    return build_story([generate(load_article(tmp_path / n), "rules") for n in names])


def test_a_trimmed_and_edited_quote_is_one_shared_quote_with_its_differences_shown(tmp_path):
    story = _pair(tmp_path, lambda t: t.replace(
        "We want him to have a dignified exit and go", "We want him to have an honourable exit"))
    edited = next(q for q in story.shared_quotes if "exit" in q.occurrences[0].text)
    assert edited.match == "fuzzy" and edited.wording_differs and not edited.speakers_differ
    assert {o.article_id for o in edited.occurrences} == {"outlet-a", "outlet-b"}
    md = render_story(story, "md").replace("\\[", "[").replace("\\]", "]")  # Markdown escapes
    assert "have [-a dignified-] {+an honourable+} exit [-and go-]" in md


def test_a_quote_given_to_different_speakers_leads_the_briefing(tmp_path):
    story = _pair(tmp_path, lambda t: t.replace("wrong,” Abrams said", "wrong,” Guaidó said"))
    first = story.shared_quotes[0]
    assert first.speakers_differ and "flat-out wrong" in first.occurrences[0].text
    assert {o.speaker_name for o in first.occurrences} == {"Elliott Abrams", "Juan Guaidó"}
    md = render_story(story, "md")
    section = md[md.index("## Quotes given to different speakers") : md.index("## Who each outlet quotes")]
    assert first.id in section and "Juan Guaidó" in section and "Elliott Abrams" in section


def test_a_surname_two_people_share_is_not_merged():
    a = generate(article_from_text("Trade\n\nBill Clinton said on Monday that trade helps.\n"), "rules")
    b = generate(article_from_text("Health\n\nHillary Clinton said on Monday that care matters.\n"), "rules")
    c = generate(article_from_text("Debate\n\nClinton said on Tuesday that taxes will rise.\n"), "rules")
    story = build_story([a, b, c], ["a", "b", "c"])
    names = {sa.name for sa in story.actors if sa.type == "person"}
    assert {"Bill Clinton", "Hillary Clinton", "Clinton (unresolved)"} <= names


def test_the_cli_writes_a_story_and_its_schema(tmp_path):
    text = (FIXTURES / "abrams-maduro.txt").read_text(encoding="utf-8")
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["story", str(tmp_path), "--engine", "rules", "-f", "json"])
    assert result.exit_code == 0, result.output
    story = Story.model_validate_json(result.stdout)
    assert [a.id for a in story.articles] == ["one", "two"] and story.shared_quotes
    both = [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]
    md = CliRunner().invoke(cli, ["story", *both, "--engine", "rules"])
    assert md.exit_code == 0 and md.stdout.startswith("# Story briefing: 2 articles")
    alone = CliRunner().invoke(cli, ["story", str(tmp_path / "one.txt"), "--engine", "rules"])
    assert alone.exit_code == 2 and "at least two articles" in alone.stderr
    schema = json.loads(CliRunner().invoke(cli, ["schema", "--story"]).stdout)
    assert schema["title"] == "Story" and "shared_quotes" in schema["properties"]


def test_a_person_described_by_role_joins_the_one_person_with_that_role():
    def brief(text: str):
        return generate(article_from_text(text), "rules")

    a = brief("Meth\n\nSouth Dakota Gov. Kristi Noem said on Tuesday that the campaign works.\n")
    b = brief("Campaign\n\nThe governor said on Tuesday that the campaign is working.\n")
    story = build_story([a, b], ["a", "b"])
    noem = next(sa for sa in story.actors if sa.name == "Kristi Noem")
    assert {(x.article_id, x.name) for x in noem.articles} == {("a", "Kristi Noem"), ("b", "governor")}
    c = brief("Two\n\nGov. Tim Walz said on Monday that taxes will fall.\n")
    two = build_story([a, b, c], ["a", "b", "c"])  # two governors: the description joins neither
    assert any(sa.name == "governor" for sa in two.actors)
