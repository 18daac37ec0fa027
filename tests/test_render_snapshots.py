"""Snapshot tests of both renderings (syrupy), one file per snapshot in __snapshots__/.

The rules engine is still changing, so its snapshots will too. After a deliberate change, review and
regenerate them with:

    python -m pytest tests/test_render_snapshots.py --snapshot-update

The hand-built briefing does not depend on any engine: its snapshots change only when the templates do.
Open the .html snapshots in a browser to review them.
"""

from __future__ import annotations

import pytest
from render_fixtures import ABRAMS, abrams_briefing
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from briefing.pipeline import generate
from briefing.render.formats import render
from briefing.text.article import load_article


class _Text(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


class MarkdownSnapshot(_Text):
    file_extension = _file_extension = "md"


class HTMLSnapshot(_Text):
    file_extension = _file_extension = "html"


EXTENSIONS = {"md": MarkdownSnapshot, "html": HTMLSnapshot}


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_example_article_with_rules_engine(snapshot, fmt):
    briefing = generate(load_article(ABRAMS), "rules")
    briefing.article.source = "abrams-maduro.txt"  # not the absolute path of this checkout
    assert render(briefing, fmt) == snapshot.use_extension(EXTENSIONS[fmt])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_handbuilt_briefing(snapshot, fmt):
    assert render(abrams_briefing(), fmt) == snapshot.use_extension(EXTENSIONS[fmt])
