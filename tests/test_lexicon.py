"""The lexicon's data file: its structure, and the patterns built from it."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from briefing.rules import lexicon as lx


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    assert not dup, f"duplicate keys in lexicon.json: {sorted(dup)}"
    return dict(pairs)


@pytest.fixture(scope="module")
def data():
    text = resources.files("briefing.rules").joinpath("lexicon.json").read_text("utf-8")
    return json.loads(text, object_pairs_hook=_no_duplicate_keys)


WORD_LISTS = (
    "titles media_names media_heads company_names document_nouns issued_document_nouns anonymous_nouns "
    "vague_nouns "
    "not_names places party_words"
).split()


def _word_ok(w: str) -> bool:
    return isinstance(w, str) and w == w.strip() and w == w.lower() and "  " not in w and bool(w)


@pytest.mark.parametrize("key", WORD_LISTS)
def test_word_lists_are_lower_case_without_duplicates(data, key):
    words = data[key]
    assert words and all(_word_ok(w) for w in words), [w for w in words if not _word_ok(w)]
    assert len(words) == len(set(words)), sorted({w for w in words if words.count(w) > 1})


def test_grouped_lists(data):
    for key in ("org_heads", "pronouns", "first_names"):
        for group, words in data[key].items():
            assert all(_word_ok(w) for w in words), (key, group)
            assert len(words) == len(set(words)), (key, group)
    heads = [w for words in data["org_heads"].values() for w in words]
    assert len(heads) == len(set(heads)), "a head word makes one kind of actor"
    names = data["first_names"]
    assert not set(names["female"]) & set(names["male"]), "a name of both genders belongs in unisex"
    assert not (set(names["female"]) | set(names["male"])) & set(names["unisex"])
    assert set(data["honorific_gender"].values()) <= {"m", "f"}


def test_loaded_terms_have_neutral_notes_and_say_where_they_are_flagged(data):
    terms = data["loaded_terms"]
    assert all(_word_ok(t) for t in terms)
    for term, entry in terms.items():
        assert isinstance(entry["note"], str) and len(entry["note"]) > 10, f"{term}: every term has its note"
        assert entry["flag in"] and set(entry["flag in"]) <= {"outlet voice", "model prose"}, term


def test_one_list_of_loaded_terms_serves_the_language_notes_and_the_models_prose():
    from briefing.llm.neutral import LOADED_TERMS as prose
    from briefing.rules.lexicon import LOADED_TERMS as outlet

    assert "dictator" in outlet and "dictator" in prose  # flagged in both
    assert "gross" in prose and "gross" not in outlet  # "adjusted gross income" is plain news


def test_every_verb_has_forms_with_known_tags(data):
    known = set(data["verb_tags"])
    assert all(isinstance(d, str) and d for d in data["verb_tags"].values()), "every tag is described"
    seen: dict[str, str] = {}
    used = set()
    for lemma, entry in data["verbs"].items():
        assert _word_ok(lemma)
        assert set(entry) <= {"forms", "stems", "note"}, lemma
        assert entry["forms"], f"{lemma} has no forms"
        for form, tags in entry["forms"].items():
            assert _word_ok(form), form
            assert form not in seen, f"{form} is a form of both {seen[form]} and {lemma}"
            seen[form] = lemma
            assert tags, f"{form} has no tags"
            assert len(tags) == len(set(tags)), form
            assert set(tags) <= known, (form, set(tags) - known)
            used |= set(tags)
        for stem in entry.get("stems", ()):
            assert _word_ok(stem) and " " not in stem
            assert lemma.startswith(stem) or any(f.startswith(stem) for f in entry["forms"]), stem
    assert known <= used, f"tags no verb carries: {sorted(known - used)}"


def test_forms_and_alternation():
    assert {"said", "says", "told", "pointed out", "called for"} <= lx.forms("cue")
    assert lx.forms_of("tell") == {"tell", "tells", "told", "telling"}
    with pytest.raises(KeyError):
        lx.forms("no-such-tag")
    rx = re.compile(rf"(?:{lx.alternation(['called', 'called for', 'pointed out'])})\b")
    assert rx.match("called for calm").group() == "called for"
    assert rx.match("pointed\n out").group() == "pointed\n out"


def test_alternation_matches_exactly_its_words():
    words = lx.forms("cue")
    rx = re.compile(rf"(?:{lx.alternation(words)})")
    assert all(rx.fullmatch(w) for w in words)
    near = {w[:-1] for w in words} | {w + "x" for w in words} | {"sa", "tol", "pointed"}
    assert not any(rx.fullmatch(w) for w in near - words)


def test_issued_documents_are_documents(data):
    assert set(data["issued_document_nouns"]) <= set(data["document_nouns"])
