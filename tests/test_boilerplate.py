"""Issue 16: the site's own lines inside a page's article block are left out of the text, and said."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.text.article import load_article
from briefing.text.boilerplate import boilerplate_kind

# Lines read off the shared real pages (and issue 16), which their marked article bodies leave out.
SITE_LINES = [
    "Related: 7 Strange Signs You're Having an Allergic Reaction",
    "SEE MORE: Hong Kong protests: 800 students under siege in university",
    "Read more: Germany's coalition agrees on climate package",
    "DON'T MISS",
    "China furious at Macron for Hong Kong protest jibe [INSIGHT]|",
    "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
    "Follow @BGRDeals on Twitter to keep up with the latest and greatest deals from around the web.",
    "Subscribe to the Morning Review newsletter",
    "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
    "PC Gamer Newsletter / Sign up to get the best content of the week",
    "Listen to Newsbeat live at 12:45 and 17:45 weekdays - or listen back here.",
    "Fox News’ Jessica Napoli contributed to this report.",
    "Additional reporting by Joseph Hudak",
    "Reach the reporters on Twitter at http://twitter.com/MegKinnardAP",
    "Have a tip? Amy Kuperinsky may be reached at akuperinsky@njadvancemedia.com.",
    "This article originally appeared on VICE US.",
    "© Thomson Reuters 2020",
    "Copyright 2019 The Associated Press. All rights reserved.",
    "If you enjoyed this article, we have a proposition for you: Join NRPLUS.",
    "Klimawandel: Die Folgen | DW | 19.01.2020",
]

# Sentences of articles that share words with those lines and are news, not the site.
ARTICLE_LINES = [
    "Dozens of scientists contributed to the report, which was published on Monday.",
    "Reporting by the Guardian showed that the company paid no tax in 2018.",
    "Copyright law has not kept up with streaming, the senator said.",
    "Subscribers to the newsletter complained that it arrived late.",
    "Related questions about the budget were left for next week, the mayor said.",
    "Follow-up tests on Twitter's moderation found the same gaps.",
    "“We will follow the science,” she said on Twitter.",
    "The newsletter, which goes to 40,000 readers, called for a boycott.",
    "She said she would watch: “Nobody knows what comes next.”",
]


@pytest.mark.parametrize("line", SITE_LINES)
def test_a_line_of_the_site_is_boilerplate(line):
    assert boilerplate_kind(line) is not None


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_a_sentence_of_the_article_is_not(line):
    assert boilerplate_kind(line) is None


PAGE = """<!doctype html><html><head><title>Council votes</title></head><body><article>
<h1>Council votes to reopen the bridge</h1>
<p>The city council voted on Tuesday to reopen the Elm Street bridge after two years of repairs
that ran far over budget, a decision residents had pressed for at every meeting this year.</p>
<p>Related: Five bridges the state says need urgent work</p>
<p>“We kept our promise,” Mayor Jane Roe said after the vote, adding that the final bill would be
published next month along with the engineers' report on the remaining work.</p>
<p>Critics said the repairs took too long and cost the city more than twice the first estimate.</p>
<p>Pat Doe contributed to this report.</p>
</article></body></html>
"""


def test_a_page_loses_its_site_lines_keeps_its_offsets_and_says_which(tmp_path):
    page = tmp_path / "council.html"
    page.write_text(PAGE, encoding="utf-8")
    article = load_article(page)
    assert "Related:" not in article.text and "contributed to this report" not in article.text
    assert article.boilerplate == ["Related: Five bridges the state says need urgent work",
                                   "Pat Doe contributed to this report."]
    result = CliRunner().invoke(cli, ["generate", str(page), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = data["article"]["text"]
    assert all(text[q["start"] : q["end"]] == q["text"] for q in data["quotes"])
    noted = [d["item"] for d in data["diagnostics"] if "boilerplate" in d["message"]]
    assert noted == article.boilerplate


def test_a_plain_text_file_is_never_filtered(tmp_path):
    raw = "Council votes\n\nThe council voted on Tuesday.\n\nRelated: Five bridges in need of work\n"
    path = tmp_path / "a.txt"
    path.write_text(raw, encoding="utf-8")
    article = load_article(path)
    assert article.text == raw and article.boilerplate == []
