"""Packaging promises: light imports for the offline path; data folders found."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("openai", "instructor", "trafilatura", "httpx", "httpx2", "tenacity")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_rules_path_does_not_import_llm_or_html_libraries(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('Headline\n\n"We will win," the mayor said.\n', encoding="utf-8")
    modules = _imported_after(
        "from briefing.cli import cli\n"
        "from briefing import load_article, generate\n"
        "from briefing.render.formats import render\n"
        f"render(generate(load_article({str(article)!r}), 'rules'), 'md')\n"
        f"render(generate(load_article({str(article)!r}), 'rules'), 'json')"
    )
    loaded = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded == [], f"the offline path imported {loaded}"


def test_templates_and_prompts_are_found():
    from briefing.resources import data_dir

    assert (data_dir("templates") / "briefing.md.j2").is_file()
    assert data_dir("prompts").is_dir()
