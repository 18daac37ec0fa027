"""The rough edges a new user hit (issue 16), each with the command that showed it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import cli

EXAMPLE = Path(__file__).parent / "fixtures" / "abrams-maduro.txt"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def one_error_line(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("briefing: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_output_to_an_existing_folder_writes_into_it_like_cp(tmp_path):
    # was: exit 1, "internal error: IsADirectoryError"
    result = run("generate", str(EXAMPLE), "--engine", "rules", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "abrams-maduro.md").read_text(encoding="utf-8").startswith("# Briefing")
    result = run("generate", str(EXAMPLE), "--engine", "rules", "-f", "json", "-o", f"{tmp_path}/")
    assert json.loads((tmp_path / "abrams-maduro.json").read_text(encoding="utf-8"))["quotes"]


def test_verbose_is_accepted_after_the_command_too():
    # was: "No such option '-v'"
    result = run("generate", "-v", str(EXAMPLE), "--engine", "rules", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "DEBUG briefing.rules.engine" in result.stderr


def test_the_readme_eval_example_runs_in_a_checkout():
    # was: "no such gold file" (the README pointed at a corpus outside the repository)
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "briefing eval tests/fixtures/gold/team-dev.jsonl" in readme
    gold = Path(__file__).parent / "fixtures" / "gold" / "team-dev.jsonl"
    result = run("eval", str(gold), "--engine", "rules")
    assert result.exit_code == 0 and "direct quotes:" in result.stdout


def test_utf16_with_its_encoding_named_is_read(tmp_path):
    # was: "binary data, not an article" with --encoding utf-16, though it worked without
    path = tmp_path / "u16.txt"
    path.write_bytes('Title\n\nShe said: "We will."\n'.encode("utf-16-le"))  # no byte-order mark
    result = run("generate", str(path), "--engine", "rules", "-f", "json", "--encoding", "utf-16-le")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["text"].startswith("Title")


def test_a_latin1_file_is_advised_the_western_encoding(tmp_path):
    # was: "try --encoding cp1250" for a Latin-1 file
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 news\n\nShe said: \u00e9t\u00e9 \"yes\".\n".encode("latin-1"))
    line = one_error_line(run("generate", str(path), "--engine", "rules"))
    assert "try --encoding cp1252" in line


def test_a_broken_template_dir_is_a_bad_setting(tmp_path):
    # was: exit 1, though the README promises 2 for bad settings
    (tmp_path / "briefing.md.j2").write_text("{% if %}", encoding="utf-8")
    line = one_error_line(run("generate", str(EXAMPLE), "--engine", "rules", "--template-dir", str(tmp_path)))
    assert "template" in line


def test_batch_into_its_own_input_folder_is_refused(tmp_path):
    # was: a second run read its own outputs back as articles (art.md.md), a third failed 4 of 4
    (tmp_path / "art.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("batch", str(tmp_path), "-o", str(tmp_path), "--engine", "rules")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "output folder is the input folder" in result.stderr.strip().splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["art.txt"]


def test_a_page_of_navigation_only_has_no_article_text(tmp_path):
    # was: exit 0 with an empty "untitled article" briefing, while an empty page said so
    for name, html in (("nav.html", "<html><body><nav>Home</nav></body></html>"),
                       ("empty.html", "<html><body></body></html>")):
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        assert "no article text found" in one_error_line(run("generate", str(path), "--engine", "rules"))


def test_date_is_checked_and_written_as_iso(tmp_path):
    # was: "not a date" accepted and printed as a date
    assert "is not a date" in one_error_line(run("generate", str(EXAMPLE), "--date", "not a date"))
    stamp = "2019-06-27T10:30:00+02:00"
    for given, iso in (("2019-06-27", "2019-06-27"), ("June 27, 2019", "2019-06-27"),
                       ("27 Jun 2019", "2019-06-27"), (stamp, stamp)):
        result = run("generate", str(EXAMPLE), "--engine", "rules", "-f", "json", "--date", given)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["article"]["published"] == iso
