"""Register names -> the party codes the tagger uses.

The registers spell countries their own way ("Turkiye", "Korea, North", "Egypt, Arab
Rep."), name states that no longer exist ("Soviet Union") and non-state recipients
("Hezbollah (Lebanon)*"). In order: our table in `etl/lexicons/registers.json` (historical
names, non-state actors, names the libraries get wrong for a register), then
country_converter (official and common names), then the tagger's own names for states and
blocs (`countries.json`, `aliases.json`, `blocs.json`). A code must be one the store knows.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from etl import countries, lexicons

# SIPRI marks a non-state actor with "*" and an international organisation with "**";
# the country in brackets is where the actor fights ("Contras (Nicaragua)*").
_STARS = re.compile(r"\*+$")
_BRACKETED = re.compile(r"\(([^()]+)\)\s*$")


def table() -> dict[str, Any]:
    """The registers lexicon (schema-checked, cached by `lexicons.load`)."""
    data: dict[str, Any] = lexicons.load("registers")
    return data


def _clean(name: str) -> str:
    return " ".join(name.split())


@cache
def _tagger_names() -> dict[str, str]:
    """Lower-cased state and bloc names of the tagger's lexicons -> code."""
    out: dict[str, str] = {}
    for c in lexicons.load("countries")["countries"]:
        for n in c["names"]:
            out.setdefault(n.lower(), c["code"])
    for b in lexicons.load("blocs")["blocs"]:
        for n in b["names"]:
            out.setdefault(n.lower(), b["code"])
    for a in lexicons.load("aliases")["add"]:
        for n in a["names"]:
            out[n.lower()] = a["code"]  # curated: wins over generated names
    return out


@cache
def _converter() -> Any:
    import country_converter as coco

    # It logs every name it does not know as a warning; we report those ourselves.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@cache
def code_for(name: str) -> str | None:
    """The code for one register name, or None when it names no state or bloc we code."""
    name = _clean(name)
    names = table()["names"]
    if name in names:
        return names[name]
    bare = _STARS.sub("", name).strip()
    if bare != name:
        if bare in names:
            return names[bare]
        # A non-state actor: the country it fights in, named in brackets.
        where = _BRACKETED.search(bare)
        return code_for(where.group(1)) if where else code_for(bare)
    if not name or "," in name:
        return None  # a list, or a comma-name our table does not hold: never guessed
    known = countries.known_codes()
    got = _converter().convert(name, to="ISO3", not_found=None)
    if isinstance(got, str) and got in known:
        return got
    code = _tagger_names().get(name.lower())
    return code if code in known else None


def codes_for_list(cell: str) -> tuple[list[str], list[str]]:
    """Codes for a comma-separated list of names (GSDB's "Canada, EU, Japan"), whose names
    may hold commas themselves ("Korea, North", "Congo, Democratic Republic of the"; such
    names resolve only through our table, never by a guess).

    Returns (sorted unique codes, names with no code). Longest name first: two or three
    comma-parts that together make a name of our table are that name.
    """
    whole = _clean(cell)
    parts = [p.strip() for p in whole.split(",") if p.strip()]
    codes: list[str] = []
    uncoded: list[str] = []
    i = 0
    while i < len(parts):
        for width in (3, 2, 1):
            if i + width > len(parts):
                continue
            candidate = ", ".join(parts[i : i + width])
            code = code_for(candidate)
            if code is not None or width == 1:
                if code is None:
                    uncoded.append(candidate)
                elif code not in codes:
                    codes.append(code)
                i += width
                break
    return sorted(codes), uncoded
