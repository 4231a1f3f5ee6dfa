"""The Phoenix actor-dictionary reader and the people lexicon built from it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from etl.lexicons import phoenix

# Made-up entries in the dictionary's format (tab-indented date restrictions, `+` synonyms).
SAMPLE = """\
# a comment line
RUTHENIA_  [RUT]
+RUTHENIAN_
ANNA_VOLKOVA_  # CountryInfo.txt
+MINISTER_VOLKOVA_
+VOLKOVA
\t[USAELI 800101-000101]
\t[USAGOV >090120]
PETER_MARSH_  # CountryInfo.txt
\t[GBRGOVMIL 19970502-20010608]
\t[GBRMIL 010609-030101]
HUSSEIN_ALI_ \t[JORGOV <990207] # one line, restriction inline
HUSSEIN
\t[IRQGOV 790716-030409]
CLARA_BANKS_
\t[USABUS >050101]
TOM_REED_
\t[USAGOVEDU >050101]
OLD_GENERAL_
\t[USAMIL 400101-451231]
BORIS_TEST_
\t[USRGOV 850311-911225]
"""


def records() -> list[phoenix.Record]:
    return list(phoenix.parse(SAMPLE.splitlines(keepends=True)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("090120", date(2009, 1, 20)),
        ("800101", date(1980, 1, 1)),
        ("300101", date(2030, 1, 1)),
        ("19970502", date(1997, 5, 2)),
        ("991399", None),
        ("12", None),
    ],
)
def test_dates_with_two_and_four_digit_years(text: str, expected: date | None) -> None:
    assert phoenix.parse_date(text) == expected


def test_spans_open_closed_and_bounded() -> None:
    assert phoenix.parse_span(">090120") == (date(2009, 1, 20), None)
    assert phoenix.parse_span("<990207") == (None, date(1999, 2, 7))
    assert phoenix.parse_span("800101-000101") == (date(1980, 1, 1), date(2000, 1, 1))
    assert phoenix.parse_span("") == (None, None)


def test_records_keep_synonyms_and_restrictions() -> None:
    by_name = {r.phrases[0]: r for r in records()}
    volkova = by_name["ANNA VOLKOVA"]
    assert volkova.phrases == ["ANNA VOLKOVA", "MINISTER VOLKOVA", "VOLKOVA"]
    assert volkova.codes == [("USAELI", "800101-000101"), ("USAGOV", ">090120")]
    assert by_name["HUSSEIN ALI"].codes == [("JORGOV", "<990207")]


def test_only_state_offices_count_and_historical_codes_map() -> None:
    countries = {"USA", "GBR", "JOR", "IRQ", "RUS"}
    found = {p["name"]: p for p in phoenix.people(records(), countries)}
    # Elites and business people do not act for a state; a country entry is not a person.
    assert "Clara Banks" not in found
    assert "Tom Reed" not in found  # an education minister decides no sanctions
    assert "Old General" not in found  # out of office long before the news we read
    assert "Ruthenia" not in found
    assert found["Anna Volkova"]["terms"] == [{"code": "USA", "from": "2009-01-20", "to": None}]
    assert found["Peter Marsh"]["terms"] == [
        {"code": "GBR", "from": "1997-05-02", "to": "2001-06-08"},
        {"code": "GBR", "from": "2001-06-09", "to": "2003-01-01"},
    ]
    assert found["Boris Test"]["terms"][0]["code"] == "RUS"  # USR: the Soviet Union


def test_one_word_aliases_that_are_given_names_are_dropped() -> None:
    entries = phoenix.people(records(), {"USA", "GBR", "JOR", "IRQ"})
    kept = phoenix.without_given_names(entries, phoenix.given_names(entries))
    aliases = {a for e in kept for a in e["aliases"]}
    assert "Volkova" in aliases  # a surname: one person
    assert "Hussein" not in aliases  # also the first word of "Hussein Ali"
    assert "Hussein Ali" in aliases


def test_display_keeps_dotted_abbreviations() -> None:
    assert phoenix.display("U.S. PRESIDENT BILL CLINTON") == "U.S. President Bill Clinton"


def test_our_leaders_replace_phoenix_entries_of_the_same_name(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / phoenix.COUNTRY_FILE).write_text(SAMPLE, encoding="utf-8")
    leaders = tmp_path / "leaders.json"
    ours = {
        "name": "Anna Volkova",
        "aliases": ["Anna Volkova", "Volkova"],
        "terms": [{"code": "USA", "from": "2009-01-20", "to": "2013-01-20"}],
    }
    leaders.write_text(json.dumps({"people": [ours]}), encoding="utf-8")
    built = phoenix.build(vendor, leaders)["people"]
    assert [p for p in built if p["name"] == "Anna Volkova"] == [ours]
    assert any(p["name"] == "Peter Marsh" for p in built)


def test_generated_people_lexicon_is_up_to_date() -> None:
    """people.json is what `python -m etl.lexicons.phoenix` writes from the vendored files."""
    assert phoenix.OUTPUT.read_text(encoding="utf-8") == phoenix.dumps(phoenix.build())
