"""Stage 1: loading keeps the text exact and finds metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.text.article import load_article

FIXTURES = Path(__file__).parent / "fixtures"


def test_plain_text_is_kept_byte_for_byte(tmp_path):
    raw = "Headline here\r\n\r\n\ufeffBody “quoted,” she said.  \r\n\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    article = load_article(path)
    assert article.text == raw  # no newline translation, no stripping
    assert article.title == "Headline here"


def test_example_metadata_and_paragraph_offsets():
    article = load_article(FIXTURES / "abrams-maduro.txt")
    assert article.title.startswith("Elliott Abrams: U.S. Won’t ‘Prosecute’")
    assert article.byline == "Ben Kew"
    assert article.format == "text"
    first = article.paragraphs[0]
    assert article.text[first.start : first.end] == article.title
    for para in article.paragraphs:
        chunk = article.text[para.start : para.end]
        assert chunk == chunk.strip() and "\n\n" not in chunk


def test_flags_override_metadata():
    article = load_article(
        FIXTURES / "abrams-maduro.txt", title="T", outlet="Breitbart", url="u", published="2019"
    )
    assert (article.title, article.outlet, article.url, article.published) == ("T", "Breitbart", "u", "2019")


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO("Title\n\nText “a quote,” he said.\n".encode()))
    )
    article = load_article("-")
    assert article.source == "stdin"
    assert article.text.endswith("he said.\n")


def test_html_page_main_text_and_metadata():
    article = load_article(FIXTURES / "html" / "reuters.com.parasite.html")
    assert article.format == "html"
    assert article.outlet == "Reuters"
    assert article.byline == "Jill Serjeant"
    assert article.published == "2020-01-20"
    assert article.url.startswith("https://www.reuters.com/")
    assert "Parasite" in article.title
    assert len(article.paragraphs) > 10
    assert "<" not in article.text  # markup is gone


def test_html_page_with_script_rendered_body_uses_json_ld():
    article = load_article(FIXTURES / "html" / "scmp.com.playbook.html")
    assert article.extracted_by == "json-ld articleBody"
    assert "spectacular re-election was no easy feat" in article.text
    assert article.outlet == "South China Morning Post"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"caf\xe9 au lait", "UTF-8"),
    ],
)
def test_unusable_input_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_article(path)


def test_legacy_encoding_with_flag(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café, “dit-il,” est fermé.".encode("cp1252"))
    assert "café" in load_article(path, encoding="cp1252").text


def test_json_ld_that_nests_too_deep_or_never_closes_is_skipped_not_fatal(tmp_path):
    """200,000 nested brackets raised RecursionError ("internal error"), and unclosed JSON-LD script
    tags made the page's regex rescan the rest of it for each one; the body text is what counts."""
    from briefing.text.article import _json_ld_article_body, load_article

    body = "<article><p>" + "The mayor said the bridge will reopen in spring. " * 20 + "</p></article>"
    deep = '<html><head><script type="application/ld+json">' + "[" * 200_000 + "</script></head><body>"
    (tmp_path / "deep.html").write_text(deep + body + "</body></html>", encoding="utf-8")
    assert "bridge will reopen" in load_article(tmp_path / "deep.html").text
    unclosed = '<script type="application/ld+json">{}' * 2000
    assert _json_ld_article_body("<html><body>" + unclosed + "</body></html>") is None
    good = '<script type="application/ld+json">{"@graph": [{"articleBody": "It said &amp; so."}]}</script>'
    assert _json_ld_article_body(unclosed[:100] + good) is None  # inside an unclosed block: not JSON
    assert _json_ld_article_body(good + unclosed) == "It said & so."
