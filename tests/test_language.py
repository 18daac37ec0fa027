"""Languages the rules do not read (issue 16): say so, list the quotations, name no speaker."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.text.article import article_from_text
from briefing.text.language import detect

GERMAN = (
    "Merkel verteidigt Flüchtlingspolitik\n\n"
    "Bundeskanzlerin Angela Merkel hat am Mittwoch ihre Flüchtlingspolitik verteidigt. „Wir schaffen das“, "
    "sagte sie vor Journalisten in Berlin. Texte von Claas Relotius wurden in der Nacht von Mittwoch "
    "geprüft.\n\n"
    "Die Opposition kritisierte die Regierung scharf. Der Vorsitzende sprach von einem „historischen Fehler“ "
    "und forderte Neuwahlen.\n"
)
FRENCH = (
    "Le gouvernement défend sa réforme\n\n"
    "Le Premier ministre a défendu mercredi la réforme des retraites. « Nous irons jusqu'au bout », "
    "a-t-il déclaré devant les députés à Paris.\n\n"
    "Les syndicats ont dénoncé un « passage en force » et appellent à la grève jeudi dans tout le pays.\n"
)


def test_detection_names_the_language_and_leaves_english_alone():
    assert detect(GERMAN).code == "de" and detect(GERMAN).name == "German"
    assert detect(FRENCH).code == "fr"
    english = article_from_text("Bridge\n\nThe mayor said on Monday that the bridge would reopen in spring.")
    assert english.language == "en"


@pytest.mark.parametrize(
    ("text", "suffix", "language", "quoted"),
    [
        (GERMAN, ".txt", "German", ["Wir schaffen das", "historischen Fehler"]),
        (FRENCH, ".html", "French", ["Nous irons jusqu'au bout", "passage en force"]),
    ],
)
def test_another_language_gets_a_warning_its_quotes_and_no_english_rule_speakers(
    tmp_path, text, suffix, language, quoted
):
    path = tmp_path / f"article{suffix}"
    if suffix == ".html":
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
        title = text.split("\n\n")[0]
        text = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
                "</article></body></html>")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", str(path), "--engine", "rules", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert f"in {language}" in result.stderr and "reads English only" in result.stderr
    data = json.loads(result.stdout)
    article = data["article"]["text"]
    assert [q["text"] for q in data["quotes"]] == quoted
    for q in data["quotes"]:
        assert article[q["start"] : q["end"]] == q["text"]  # exact spans
        assert q["speaker"] is None and q["needs_review"]
    assert data["actors"] == [] and data["sources"] == [] and data["language_notes"] == []
    assert any(language in d["message"] for d in data["diagnostics"])
    md = CliRunner().invoke(cli, ["generate", str(path), "--engine", "rules"]).stdout
    assert f"| **Language** | {language}" in md
    for junk in ("Claas Relotius", "Zugang", "Nacht von Mittwoch"):
        assert f"**{junk}" not in md


def test_language_en_overrides_the_detection(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GERMAN, encoding="utf-8")
    args = ["generate", str(path), "--engine", "rules", "-f", "json", "--language", "en"]
    result = CliRunner().invoke(cli, args)
    data = json.loads(result.stdout)
    assert data["article"]["language"] == "en"
    assert not any("reads English only" in d["message"] for d in data["diagnostics"])
