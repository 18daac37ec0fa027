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


def test_missing_file_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["generate", str(tmp_path / "nope.txt"), "--engine", "rules"])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.output
