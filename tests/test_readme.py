"""The README shows real output: its excerpt of the example's briefing is what the engine prints."""

from __future__ import annotations

from pathlib import Path

from briefing.render.formats import render
from briefing.rules.engine import extract
from briefing.text.article import load_article

ROOT = Path(__file__).resolve().parent.parent


def test_readme_excerpt_rows_are_in_the_example_briefing():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    excerpt = readme[readme.index("## Quick start") : readme.index("Other outputs:")]
    rows = [line for line in excerpt.splitlines() if line.startswith("| Q") or line.startswith("| Named")]
    assert len(rows) >= 5
    md = render(extract(load_article(ROOT / "examples" / "abrams-maduro.txt")), "md")
    for row in rows:
        assert row in md.splitlines(), f"README row not in the current output: {row[:80]}"
