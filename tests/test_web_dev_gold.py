"""The real-page gold (tests/fixtures/gold/web-dev.jsonl and web-holdout.jsonl, see web-dev/README.md).

The files must be what the builder makes of the hand annotations, and every item must index its
text exactly. web-holdout is only scored, never tuned on.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from briefing.gold import load_gold

GOLD_DIR = Path(__file__).parent / "fixtures" / "gold"
SPLITS = ("web-dev", "web-holdout")


def _builder():
    spec = importlib.util.spec_from_file_location("build_web_dev", GOLD_DIR / "build_web_dev.py")
    builder = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = builder
    try:
        spec.loader.exec_module(builder)
    finally:
        del sys.modules[spec.name]
    return builder


@pytest.mark.parametrize("split", SPLITS)
def test_every_item_indexes_its_text_and_names_a_speaker_the_article_writes(split):
    articles = load_gold(GOLD_DIR / f"{split}.jsonl")
    assert articles
    for article in articles:
        for q in article.quotes:
            assert article.text[q.start : q.end] == q.text
            assert q.speaker is None or q.speaker in article.text, (article.id, q.speaker)


def test_builder_reproduces_both_files_from_the_annotations():
    builder = _builder()
    if not any(path.exists() for path in builder.BODY_CANDIDATES):
        pytest.skip("../shared/articles/web-dev is not beside this checkout")
    rebuilt = builder.build()
    for split in SPLITS:
        saved = [json.loads(line) for line in (GOLD_DIR / f"{split}.jsonl").read_text("utf-8").splitlines()]
        assert rebuilt[split] == saved, f"run python tests/fixtures/gold/build_web_dev.py ({split})"


def test_the_dev_split_has_at_least_twenty_pages_and_the_holdout_shares_no_page():
    dev = {a.id for a in load_gold(GOLD_DIR / "web-dev.jsonl")}
    holdout = {a.id for a in load_gold(GOLD_DIR / "web-holdout.jsonl")}
    assert len(dev) >= 20 and holdout and not dev & holdout
