"""Officials from the field's dictionaries: the Phoenix / PETRARCH2 actor files, read as data.

`python -m etl.lexicons.phoenix` reads the vendored dictionaries in `vendor/phoenix/` (MIT,
Open Event Data Alliance; see `vendor/phoenix/PROVENANCE.md`) and our own `leaders.json`
(heads of state and government, foreign, defence, trade and finance ministers since 2015, from
public facts), and writes `people.json`: every person who held a state office (government,
military, legislature, intelligence), with the state and the dates of each office. The tagger
resolves a person by the article's published date ("Clinton" in 1995 is the U.S. president,
in 2010 the U.S. Secretary of State; either way USA).

The actor format (`vendor/phoenix/dictionaries.rst`): a primary phrase, `+` synonym lines, and
tab-indented `[CODE DATES]` restrictions, where CODE is a CAMEO country code followed by role
codes (`USAGOV`, `DEUMIL`) and DATES is `<D`, `>D` or `D-D` with D as YYMMDD or YYYYMMDD.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).parent
VENDOR = LEXICON_DIR / "vendor" / "phoenix"
COUNTRY_FILE = "Phoenix.Countries.actors.txt"
OUTPUT = LEXICON_DIR / "people.json"

# Role codes whose holder acts for the state (CAMEO: GOV government, MIL military, LEG
# legislature, SPY intelligence). Elites, opposition, business, media and the courts do not.
STATE_ROLES = ("GOV", "MIL", "LEG", "SPY")
# Sectors of those offices that decide on sanctions and arms: the government at large (no
# sector), economy and trade (BUS), defence (MIL), legislature, intelligence. Ministers of
# health, education, farming, labour, justice, media or religion are left out.
SECTORS = ("", "BUS", "MIL", "LEG", "SPY")
# Offices that ended before the oldest news we read (Reuters 1987) name nobody we need.
SINCE = date(1975, 1, 1)
# CAMEO codes that are not ISO 3166 alpha-3, mapped to the codes the tagger uses
# (GUIDELINES.md: USSR -> RUS, West Germany -> DEU, Yugoslavia -> YUG).
CAMEO_CODES = {"USR": "RUS", "SUN": "RUS", "KSV": "XKX", "FRY": "YUG", "SCG": "YUG", "SRP": "SRB"}
# Two-digit years: the files were made in 2014, so 00-30 are this century.
PIVOT = 30

_RESTRICTION = re.compile(r"\[\s*([^\]\s]+)\s*([^\]]*)\]")


@dataclass(frozen=True)
class Term:
    """One office: the state's code and the dates it was held (None: open-ended)."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass
class Record:
    """One dictionary entry: its phrases (primary first) and its coded restrictions."""

    phrases: list[str]
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date restriction)


def parse_date(text: str) -> date | None:
    """YYMMDD or YYYYMMDD to a date; None for a malformed or impossible one."""
    digits = text.strip()
    if len(digits) == 6 and digits.isdigit():
        year = int(digits[:2])
        digits = f"{2000 + year if year <= PIVOT else 1900 + year}{digits[2:]}"
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def parse_span(restriction: str) -> tuple[date | None, date | None]:
    """`<D`, `>D`, `D-D` or nothing to (start, end)."""
    text = restriction.strip()
    if text.startswith("<"):
        return None, parse_date(text[1:])
    if text.startswith(">"):
        return parse_date(text[1:]), None
    if "-" in text:
        start, _, end = text.partition("-")
        return parse_date(start), parse_date(end)
    return None, None


def phrase(raw: str) -> str:
    """`ANGELA_MERKEL_` to `ANGELA MERKEL`: underscores and blanks are word breaks."""
    return " ".join(raw.replace("_", " ").split())


def parse(lines: Iterable[str]) -> Iterator[Record]:
    """The records of one actor file, in order."""
    current: Record | None = None
    for line in lines:
        body = line.split("#", 1)[0].rstrip("\n")
        if not body.strip() or body.lstrip().startswith("!"):
            continue
        codes = [(m.group(1), m.group(2)) for m in _RESTRICTION.finditer(body)]
        head = _RESTRICTION.sub(" ", body)
        if body[0] in "\t ":
            if current is not None:
                current.codes.extend(codes)
            continue
        if body.startswith("+"):
            if current is not None and phrase(head[1:]):
                current.phrases.append(phrase(head[1:]))
                current.codes.extend(codes)
            continue
        if current is not None:
            yield current
        name = phrase(head)
        current = Record([name], codes) if name else None
    if current is not None:
        yield current


def state_terms(record: Record, countries: set[str]) -> list[Term]:
    """The state offices a record holds, with their dates."""
    terms = []
    for code, restriction in record.codes:
        state, role, sector = CAMEO_CODES.get(code[:3], code[:3]), code[3:6], code[6:9]
        if role in STATE_ROLES and sector in SECTORS and state in countries:
            start, end = parse_span(restriction)
            if end is None or end >= SINCE:
                terms.append(Term(state, start, end))
    return terms


def display(name: str) -> str:
    """A readable form of an upper-case phrase ("ANGELA MERKEL" -> "Angela Merkel"); dotted
    abbreviations ("U.S.") stay as they are."""
    keep = ("." in w or any(c.islower() for c in w) for w in name.split())
    return " ".join(w if k else w.capitalize() for w, k in zip(name.split(), keep, strict=True))


def people(records: Iterable[Record], countries: set[str]) -> list[dict[str, Any]]:
    """Entries for `people.json`: each state office holder with their aliases and terms."""
    out = []
    for record in records:
        terms = state_terms(record, countries)
        if not terms:
            continue
        aliases = sorted({display(p) for p in record.phrases if len(p) >= 4})
        if not aliases:
            continue
        out.append(
            {
                "name": display(record.phrases[0]),
                "aliases": aliases,
                "terms": [_term_json(t) for t in dict.fromkeys(terms)],
            }
        )
    return out


def _term_json(term: Term) -> dict[str, Any]:
    return {
        "code": term.code,
        "from": term.start.isoformat() if term.start else None,
        "to": term.end.isoformat() if term.end else None,
    }


def given_names(entries: Iterable[dict[str, Any]]) -> set[str]:
    """First words of multi-word names ("Hussein" of "Hussein Tantawi")."""
    return {a.split()[0] for e in entries for a in e["aliases"] if " " in a}


def without_given_names(entries: list[dict[str, Any]], ambiguous: set[str]) -> list[dict[str, Any]]:
    """Drop one-word aliases that are also someone's given name: "Hussein" alone names nobody
    in particular, while "Merkel" or "Obama" (never a first word) names one person."""
    out = []
    for entry in entries:
        aliases = [a for a in entry["aliases"] if " " in a or a not in ambiguous]
        if aliases:
            out.append({**entry, "aliases": aliases})
    return out


def build(vendor: Path = VENDOR, leaders: Path = LEXICON_DIR / "leaders.json") -> dict[str, Any]:
    """The content of `people.json`: Phoenix's office holders, then ours (since 2015), which
    replace a Phoenix entry of the same name."""
    from etl.lexicons import load

    countries = {c["code"] for c in load("countries")["countries"]}
    with (vendor / COUNTRY_FILE).open(encoding="utf-8", errors="replace") as lines:
        found = people(parse(lines), countries)
    ours = json.loads(leaders.read_text(encoding="utf-8"))["people"]
    replaced = {entry["name"] for entry in ours}
    theirs = [e for e in found if e["name"] not in replaced]
    # Our one-word aliases are chosen by hand ("Clinton" is also a given name in Guyana).
    merged = without_given_names(theirs, given_names(theirs + ours)) + ours
    return {
        "_comment": (
            "Generated by `python -m etl.lexicons.phoenix` from the Phoenix/PETRARCH2 "
            "dictionaries (MIT, Open Event Data Alliance; vendor/phoenix/) and leaders.json. "
            "Do not edit by hand."
        ),
        "people": merged,
    }


def dumps(data: dict[str, Any], key: str = "people") -> str:
    """JSON with one entry of `key` per line, so a diff of the generated file reads by entry."""
    rows = ",\n".join("  " + json.dumps(p, ensure_ascii=False) for p in data[key])
    return f'{{\n "_comment": {json.dumps(data["_comment"])},\n "{key}": [\n{rows}\n ]\n}}\n'


def main() -> None:
    from etl.lexicons import validate

    data = build()
    validate("people", data)
    OUTPUT.write_text(dumps(data), encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(data['people'])} people)")


if __name__ == "__main__":
    main()
