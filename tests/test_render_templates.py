"""--template-dir: any template (page, partial, inlined CSS/JS, Markdown) can be overridden."""

from __future__ import annotations

import re
from html import unescape

import pytest
from click.testing import CliRunner
from render_fixtures import ABRAMS, abrams_briefing

from briefing.cli import cli
from briefing.errors import TemplateError
from briefing.render.formats import csp_hash, render


def write(root, name, text):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_overriding_one_partial_keeps_the_rest(tmp_path):
    write(tmp_path, "html/quotes.j2", "<section><h2>MY QUOTES</h2>{{ b.quotes | length }} quotes</section>")
    html = render(abrams_briefing(), "html", tmp_path)
    assert "MY QUOTES</h2>13 quotes" in html
    assert 'id="h-statements"' in html and 'data-quote-id="Q1"' in html  # built-in partials still used


def test_overriding_the_css_and_the_js(tmp_path):
    write(tmp_path, "static/briefing.css", "body { background: papayawhip; }")
    write(tmp_path, "static/briefing.js", "document.title = 'mine';")
    html = render(abrams_briefing(), "html", tmp_path)
    assert "<style>body { background: papayawhip; }</style>" in html
    assert "<script>document.title = 'mine';</script>" in html
    assert csp_hash("document.title = 'mine';") in unescape(html)  # the CSP follows the inlined script


def test_an_override_can_extend_the_builtin_page(tmp_path):
    write(
        tmp_path,
        "briefing.html.j2",
        '{% extends "builtin/briefing.html.j2" %}{% block head_extra %}<meta name="x" content="y">'
        "{% endblock %}",
    )
    html = render(abrams_briefing(), "html", tmp_path)
    assert '<meta name="x" content="y">' in html and 'data-quote-id="Q13"' in html


def test_markdown_override_and_autoescape_only_for_html(tmp_path):
    write(tmp_path, "briefing.md.j2", "# {{ article.title }} <{{ b.quotes | length }}>\n")
    md = render(abrams_briefing(), "md", tmp_path)
    title = abrams_briefing().article.title
    assert md == f"# {title} <13>\n"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
        "{{ b.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__.__base__.__subclasses__() }}",
        "{{ article.model_config }}{{ b.model_dump.__globals__ }}",
    ],
)
def test_a_user_template_is_sandboxed_and_runs_no_code(tmp_path, payload, monkeypatch):
    """--template-dir is rendered in Jinja's sandbox: a template reads the briefing and nothing else."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "t", "briefing.md.j2", payload.replace("MARKER", str(tmp_path / "ran")))
    with pytest.raises(TemplateError, match="sandboxed"):
        render(abrams_briefing(), "md", tmp_path / "t")
    assert not (tmp_path / "ran").exists()
    args = ["generate", "-", "--template-dir", str(tmp_path / "t")]
    result = CliRunner().invoke(cli, args, input="Hi.\n\nText.")
    assert result.exit_code == 2 and "sandboxed" in result.output


def test_missing_template_dir_is_an_error(tmp_path):
    with pytest.raises(TemplateError, match="not a directory"):
        render(abrams_briefing(), "md", tmp_path / "nope")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_cli_generate_and_batch_use_the_template_dir(tmp_path, fmt):
    templates = tmp_path / "templates"
    if fmt == "md":
        write(templates, "briefing.md.j2", "CUSTOM {{ b.quotes | length }}\n")
    else:
        write(templates, "html/footer.j2", "<footer>CUSTOM FOOTER</footer>")
    out = tmp_path / f"out.{fmt}"
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "generate",
            str(ABRAMS),
            "-f",
            fmt,
            "--engine",
            "rules",
            "-o",
            str(out),
            "--template-dir",
            str(templates),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "CUSTOM" in out.read_text(encoding="utf-8")

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(ABRAMS.read_bytes())
    result = runner.invoke(
        cli,
        [
            "batch",
            str(inputs),
            "-o",
            str(tmp_path / "outs"),
            "-f",
            fmt,
            "--engine",
            "rules",
            "--template-dir",
            str(templates),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "CUSTOM" in (tmp_path / "outs" / f"a.{fmt}").read_text(encoding="utf-8")


def test_broken_override_is_one_clean_error(tmp_path):
    write(tmp_path, "briefing.md.j2", "{% for x in %}")
    result = CliRunner().invoke(
        cli, ["generate", str(ABRAMS), "--engine", "rules", "--template-dir", str(tmp_path)]
    )
    assert result.exit_code == 2  # a bad --template-dir is a bad setting
    assert re.search(r"template error in briefing\.md\.j2", result.output)
    assert "Traceback" not in result.output
