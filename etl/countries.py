"""Reference parties: every state (ISO 3166-1 alpha-3, plus XKX and YUG) and every bloc."""

from __future__ import annotations

from functools import cache
from typing import Any

from etl import lexicons


@cache
def reference_rows() -> tuple[dict[str, Any], ...]:
    """Rows for the Country table: code, name, kind, iso_numeric, region."""
    rows: list[dict[str, Any]] = [
        {
            "code": c["code"],
            "name": c["name"],
            "kind": "state",
            "iso_numeric": c["iso_numeric"],
            "region": c["region"],
        }
        for c in lexicons.load("countries")["countries"]
    ]
    rows += [
        {"code": b["code"], "name": b["name"], "kind": "bloc", "iso_numeric": None, "region": None}
        for b in lexicons.load("blocs")["blocs"]
    ]
    return tuple(rows)


@cache
def known_codes() -> frozenset[str]:
    return frozenset(r["code"] for r in reference_rows())


@cache
def names() -> dict[str, str]:
    """code -> display name."""
    return {r["code"]: r["name"] for r in reference_rows()}
