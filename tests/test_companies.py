"""The company lexicon: Phoenix's company entries and our sanctioned firms, as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from etl import countries, lexicons
from etl.lexicons import companies, phoenix
from etl.nlp.gazetteer import Gazetteer

# Made-up entries in the Phoenix format: companies with a state, a region or none.
SAMPLE = """\
ACME_WIDGETS_CORPORATION_\t[MNCUSA]\t# Widgets\t$1,000,000
RUTHENIAN_OIL_\t[MNCRUSMED] # converted
GLOBAL_TRADERS_\t[MNC]# Oil# NGO_Actors
AFRICA_NEWS_\t[MNCAFRMED]# NGO_Actors
ZED_
\t[MNCCHN]
JOHN_SMITH_\t[USAGOV]
"""


def test_only_companies_with_one_state_are_kept() -> None:
    known = {"USA", "RUS", "CHN"}
    found = companies.companies(phoenix.parse(SAMPLE.splitlines(keepends=True)), known)
    assert [(c["name"], c["code"]) for c in found] == [
        ("Acme Widgets Corporation", "USA"),
        ("Ruthenian Oil", "RUS"),
        ("ZED", "CHN"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ACME WIDGETS CORPORATION", ["Acme Widgets Corporation", "Acme Widgets"]),
        ("APPLE INC", ["Apple Inc", "Apple Inc."]),  # never "Apple" alone
        ("BANK OF AMERICA", ["Bank of America"]),
        ("AT&T", ["AT&T"]),
        ("AMAZON.COM", ["Amazon.com"]),
    ],
)
def test_aliases_are_cased_as_news_writes_them(raw: str, expected: list[str]) -> None:
    assert companies.aliases(raw) == expected


def test_our_firms_replace_phoenix_aliases(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / companies.INTERNATIONAL_FILE).write_text(
        "ZTE_CORP_\t[MNCCHNMED]\nHONDA_\t[MNCJPN]\n", encoding="utf-8"
    )
    firms = tmp_path / "firms.json"
    entry = {"name": "ZTE", "code": "CHN", "aliases": ["ZTE", "ZTE Corp"]}
    firms.write_text(json.dumps({"companies": [entry]}), encoding="utf-8")
    built = companies.build(vendor, firms)["companies"]
    assert built == [
        {"name": "ZTE Corp", "code": "CHN", "aliases": ["ZTE Corp."]},
        {"name": "Honda", "code": "JPN", "aliases": ["Honda"]},
        entry,
    ]


def test_companies_json_is_what_the_builder_generates() -> None:
    """companies.json is what `python -m etl.lexicons.companies` writes from the vendored
    file and firms.json."""
    assert companies.OUTPUT.read_text(encoding="utf-8") == companies.dumps(companies.build())


def test_every_company_is_a_known_state() -> None:
    known = countries.known_codes()
    for name in ("companies", "firms"):
        assert {c["code"] for c in lexicons.load(name)["companies"]} <= known


def test_companies_are_found_apart_from_the_parties() -> None:
    """A company is no party of `find` (context counts, senders): only `companies` has it."""
    nlp = spacy.blank("en")
    gaz = Gazetteer(nlp.vocab, nlp.make_doc)
    doc = nlp.make_doc("Washington blacklisted Huawei and Gazprom Neft, not Rostec.")
    assert [(p.text, p.code) for p in gaz.find(doc)] == [("Washington", "USA"), ("Rostec", "RUS")]
    got = [(p.text, p.code, p.kind) for p in gaz.companies(doc)]
    assert ("Huawei", "CHN", "company") in got and ("Gazprom Neft", "RUS", "company") in got
    assert "Gazprom" not in [t for t, _, _ in got]  # the longest name wins
