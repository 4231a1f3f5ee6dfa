"""The Global Sanctions Database (GSDB) case file as its authors distribute it in CSV: one
case per row with `sanctioned_state`, `sanctioning_state` (either may list several names,
comma-separated), `begin` and `end` years, and 0/1 type flags `trade`, `arms`,
`military`, `financial`, `travel`, `other`."""

from __future__ import annotations

from pathlib import Path

from etl.records import CATEGORIES
from etl.registers import fields as f
from etl.registers import names
from etl.registers.parsed import Parsed, csv_rows

TYPES = ("trade", "arms", "military", "financial", "travel", "other")
REQUIRED = ("sanctioned_state", "sanctioning_state", "begin", "end", *TYPES)
OPTIONAL = ("case_id", "descr_trade", "objective", "success")


class NotGsdb(ValueError):
    """The text is not a GSDB case file; the message says what is missing."""


def looks_like(header: list[str]) -> bool:
    low = {h.strip().lower() for h in header}
    return {"sanctioned_state", "sanctioning_state"} <= low


def parse(text: str, origin: Path | str) -> Parsed:
    """Read one GSDB case file (decoded text). Raises NotGsdb when a column is missing."""
    rows = csv_rows(text)
    out = Parsed(kind="gsdb")
    first = next(rows, None)
    if first is None or not looks_like(first[1]):
        raise NotGsdb("no GSDB header row (case_id,sanctioned_state,sanctioning_state,...)")
    header = [h.strip().lower() for h in first[1]]
    where = {h: i for i, h in reversed(list(enumerate(header)))}
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        raise NotGsdb(f"no column {', '.join(repr(m) for m in missing)} in its header")
    order = CATEGORIES["sanction"]
    types = names.table()["gsdb_types"]
    for line, cells, raw in rows:
        out.rows_read += 1
        place = f"{origin}:{line}"
        if len(cells) != len(header):
            out.reject(place, f"{len(cells)} fields, the header has {len(header)}", raw)
            continue
        row = {h: cells[i].strip() for h, i in where.items()}
        try:
            entry = _case(row, line, types, order)
        except f.BadValue as exc:
            out.reject(place, str(exc), raw)
            continue
        entry["origin"] = place
        out.add(entry, raw)
    return out


def _case(
    row: dict[str, str], line: int, types: dict[str, str], order: tuple[str, ...]
) -> dict[str, object]:
    sides: dict[str, list[str]] = {}
    uncoded: list[str] = []
    for side, column in (("senders", "sanctioning_state"), ("targets", "sanctioned_state")):
        if not row[column]:
            raise f.BadValue(f"no {column}")
        codes, unknown = names.codes_for_list(row[column])
        if not codes:
            raise f.BadValue(f"{column} {row[column]!r} has no country or bloc code")
        sides[side] = codes
        uncoded += unknown
    if both := sorted(set(sides["senders"]) & set(sides["targets"])):
        raise f.BadValue(
            f"sender and target are both {'|'.join(both)} "
            f"({row['sanctioning_state']!r} against {row['sanctioned_state']!r}): "
            "not an international measure"
        )
    begin = f.year(row["begin"], "begin")
    if begin is None:
        raise f.BadValue("no begin year")
    end = f.year(row["end"], "end")
    if end is not None and end < begin:
        raise f.BadValue(f"end {end} is before begin {begin}")
    chosen = {types[t] for t in TYPES if f.flag(row[t], t)}
    if not chosen:
        raise f.BadValue("no type flag set (trade, arms, military, financial, travel, other)")
    return {
        "case_id": row.get("case_id") or str(line),
        "senders": row["sanctioning_state"],
        "targets": row["sanctioned_state"],
        "sender_codes": "|".join(sides["senders"]),
        "target_codes": "|".join(sides["targets"]),
        "uncoded": "|".join(uncoded),
        "begin_year": begin,
        "end_year": end,
        "categories": "|".join(c for c in order if c in chosen),
        "trade_detail": row.get("descr_trade", ""),
        "objective": row.get("objective", ""),
        "success": row.get("success", ""),
    }
