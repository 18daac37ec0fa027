"""The CLI's basic contract: help, schema, clean errors."""

from __future__ import annotations

import json

from click.testing import CliRunner

from briefing.cli import cli


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help and len(command.help.strip()) > 20, f"{name} has no help text"


def test_schema_is_json_schema_with_contract_fields():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    quote = schema["$defs"]["Quote"]["properties"]
    for field in ("text", "start", "end", "type", "speaker"):
        assert field in quote
    assert "text" in schema["$defs"]["Article"]["properties"]


def test_schema_documents_how_sure_the_speaker_is():
    quote = json.loads(CliRunner().invoke(cli, ["schema"]).output)["$defs"]["Quote"]["properties"]
    words = {
        "via": ("rule", "unattributed", "llm"),
        "confidence": ("0 to 1", "needs review"),
        "needs_review": ("--min-confidence", "speaker unclear", "speaker_candidates"),
        "speaker_candidates": ("actor ids", "best first", "None of them is asserted"),
    }
    for field, expected in words.items():
        description = quote[field].get("description", "")
        assert all(w in description for w in expected), (field, description)
    assert quote["confidence"]["anyOf"][0] == {"maximum": 1, "minimum": 0, "type": "number"}
    assert quote["needs_review"]["type"] == "boolean"
    assert quote["speaker_candidates"]["items"] == {"type": "string"}


def test_missing_file_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(tmp_path / "nope.txt"), "--engine", "rules"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.output


def test_double_apostrophe_quotes_are_listed_on_request_and_a_warning_says_so(tmp_path):
    # NYT-archive style: '' for quotation marks. By default (as annotated corpora count them) the
    # passages are reported speech and a warning names the flag; --apostrophe-quotes lists them.
    article = tmp_path / "nyt.txt"
    article.write_text("''We will win,'' Mayor Jane Roe said.\n\n''Taxes will not rise,'' she added.\n")
    runner = CliRunner()
    plain = runner.invoke(cli, ["generate", str(article), "-f", "json", "--engine", "rules"])
    assert plain.exit_code == 0
    assert "--apostrophe-quotes" in plain.stderr
    assert not [q for q in json.loads(plain.stdout)["quotes"] if q["type"] == "direct"]
    flagged = runner.invoke(
        cli, ["generate", str(article), "-f", "json", "--engine", "rules", "--apostrophe-quotes"]
    )
    assert flagged.exit_code == 0 and "--apostrophe-quotes" not in flagged.stderr
    data = json.loads(flagged.stdout)
    assert [(q["text"], q["type"], q["speaker"]) for q in data["quotes"]] == [
        ("We will win", "direct", "Jane Roe"),
        ("Taxes will not rise", "direct", "Jane Roe"),
    ]
    assert data["article"]["apostrophe_quotes"] is True
