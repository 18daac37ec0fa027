"""A post a story embeds (a tweet it quotes) is its author's words, shown with the name it is
signed with; never the outlet's own voice."""

from __future__ import annotations

from briefing.pipeline import generate
from briefing.rules import extract
from briefing.text.article import article_from_text, load_article

TEXT = """Mourinho replaces Pochettino at Tottenham

Pochettino was sacked last night after five-and-a-half years in charge.

Dele Alli thanked his former manager on social media.

I can’t thank this man enough. He’s taught me so much. Good luck, my friend. pic.twitter.com/dUO6AJlMxR

— Dele Alli (@dele_official) November 19, 2019

Oh, no. It seems like the rest of the campaigns are just as bad as the "Meth. We're On It." one.

— Mike Beauvais (@MikeBeauvais) November 18, 2019

Spurs have won just five matches this season.
"""


def test_a_signed_post_is_a_direct_quote_of_its_signer_without_its_link():
    briefing = extract(article_from_text(TEXT))
    (post,) = [q for q in briefing.quotes if q.via == "post signature"]
    assert post.type == "direct" and post.speaker == "Dele Alli"
    assert post.text == "I can’t thank this man enough. He’s taught me so much. Good luck, my friend."
    assert TEXT[post.start : post.end] == post.text


def test_no_post_or_signature_is_the_outlets_voice():
    briefing = extract(article_from_text(TEXT))
    outlet = " ".join(s.statement.text for s in briefing.sources if s.kind == "outlet_voice")
    assert "Pochettino was sacked" in outlet  # the outlet's own reporting stays its voice
    for words in ("Good luck", "thank this man", "(@dele_official)", "It seems like", "(@MikeBeauvais)"):
        assert words not in outlet


PAGE = """<!doctype html><html><head><title>Mourinho replaces Pochettino</title></head><body><article>
<h1>Mourinho replaces Pochettino at Tottenham</h1>
<p>Jose Mourinho has agreed a deal to replace Mauricio Pochettino as Tottenham's manager until the end
of the 2022/23 season, the club said on Wednesday morning after talks that ran late into the night.</p>
<p>Pochettino was sacked last night after five-and-a-half years in charge, and less than six months
after leading Spurs to their first ever Champions League final in Madrid.</p>
<div class="article-widget article-tweet"><blockquote class="twitter-tweet"><p lang="en" dir="ltr">I can’t
thank this man enough.<br>Good luck and hope to see you again my friend.
<a href="https://t.co/x">pic.twitter.com/dUO6AJlMxR</a></p>&mdash; Dele (@dele_official)
<a href="https://twitter.com/dele_official/status/1">November 19, 2019</a></blockquote></div>
<p>Spurs have won just five matches this season and currently lie 14th in the table, eleven points
behind the places that would take them back into the Champions League next season.</p>
</article></body></html>
"""


def test_a_tweet_a_page_embeds_is_kept_and_given_to_its_author(tmp_path):
    page = tmp_path / "spurs.html"
    page.write_text(PAGE, encoding="utf-8")
    article = load_article(page)
    assert "I can’t thank this man enough. Good luck and hope to see you again my friend." in article.text
    briefing = generate(article, "rules")
    (post,) = [q for q in briefing.quotes if q.via == "post signature"]
    assert post.speaker == "Dele" and post.text.endswith("my friend.")
