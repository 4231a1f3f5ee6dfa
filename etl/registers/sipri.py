"""SIPRI's trade register as SIPRI exports it (CSV, "Trade Register" of the Arms Transfers
Database): a preamble of notes ending in "Data generated: <date>", a header row, then one
row per deal. A blank-headed column after "Year of order", "Number ordered" and "Number
delivered" holds SIPRI's `?` for uncertain data; "Year(s) of delivery" lists years
("2018; 2019") or ranges ("2019-2021"); TIVs are in millions. A comment that holds a
line break is not quoted in SIPRI's export, so its row arrives cut in two: the two halves
are joined back when together they make exactly one row.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from etl.registers import fields as f
from etl.registers import names
from etl.registers.parsed import Parsed, csv_rows

# Header names (lower-cased, spaces squeezed) -> our field; the flag column follows its value.
COLUMNS = {
    "recipient": "recipient",
    "supplier": "supplier",
    "year of order": "order_year",
    "number ordered": "number_ordered",
    "weapon designation": "designation",
    "weapon description": "description",
    "number delivered": "number_delivered",
    "year(s) of delivery": "delivery_years",
    "status": "status",
    "comments": "comments",
    "sipri tiv per unit": "tiv_unit",
    "sipri tiv for total order": "tiv_order",
    "sipri tiv of delivered weapons": "tiv_delivered",
}
REQUIRED = ("recipient", "supplier", "order_year", "designation", "description")
FLAGGED = ("order_year", "number_ordered", "number_delivered")
_GENERATED = re.compile(r"data generated:\s*(.+?)\s*$", re.IGNORECASE)
HEADER_SEARCH = 60  # lines in which the header row must appear


def _norm(header: str) -> str:
    return " ".join(header.split()).lower()


def header_index(lines: list[str]) -> int | None:
    """The line of the header row ("Recipient,Supplier,..."), or None."""
    for i, line in enumerate(lines[:HEADER_SEARCH]):
        low = line.lower()
        if low.startswith("recipient") and "weapon designation" in low:
            return i
    return None


def generated_at(preamble: list[str]) -> date | None:
    """The day of the export's "Data generated: 13 Mar 2025 10:02:49 AM" line (SIPRI's
    local time, with no zone: the day is what it tells)."""
    for line in preamble:
        if m := _GENERATED.search(line.strip().strip('"')):
            text = m.group(1)
            for fmt in ("%d %b %Y %I:%M:%S %p", "%d %B %Y %I:%M:%S %p", "%d %b %Y", "%Y-%m-%d"):
                try:
                    return datetime.strptime(text, fmt).date()
                except ValueError:
                    continue
            import dateparser

            when = dateparser.parse(text, settings={"DATE_ORDER": "DMY"})
            return when.date() if when else None
    return None


class NotSipri(ValueError):
    """The text is not a SIPRI trade register; the message says what is missing."""


def parse(text: str, origin: Path | str) -> Parsed:
    """Read one SIPRI trade-register export (decoded text). Raises NotSipri when the
    header is missing or lacks a required column."""
    lines = text.splitlines()
    at = header_index(lines)
    if at is None:
        raise NotSipri("no SIPRI header row (Recipient,Supplier,...,Weapon designation,...)")
    out = Parsed(kind="sipri", generated=generated_at(lines[:at]))
    rows = csv_rows("\n".join(lines[at:]), start_line=at + 1)
    _, header, _ = next(rows)
    where: dict[str, int] = {}
    flags: dict[str, int] = {}
    for i, name in enumerate(header):
        key = COLUMNS.get(_norm(name))
        if key and key not in where:
            where[key] = i
            if key in FLAGGED and i + 1 < len(header) and not header[i + 1].strip():
                flags[key] = i + 1
    missing = [h for h, k in COLUMNS.items() if k in REQUIRED and k not in where]
    if missing:
        raise NotSipri(f"no column {', '.join(repr(m) for m in missing)} in its header")
    width = len(header)
    pending = list(rows)
    i = 0
    while i < len(pending):
        line, cells, raw = pending[i]
        i += 1
        if len(cells) < width and i < len(pending):
            _, more, raw_more = pending[i]
            if len(cells) + len(more) - 1 == width:  # a comment cut by an unquoted line break
                cells = [*cells[:-1], cells[-1] + "\n" + more[0], *more[1:]]
                raw += "\n" + raw_more
                i += 1
        out.rows_read += 1
        place = f"{origin}:{line}"
        if len(cells) != width:
            out.reject(place, f"{len(cells)} fields, the header has {width}", raw)
            continue
        try:
            entry = _deal(cells, where, flags)
        except f.BadValue as exc:
            out.reject(place, str(exc), raw)
            continue
        entry["origin"] = place
        if entry["category"] is None:
            entry["category"] = "other"
            out.notes.append(str(entry["description"]))
        out.add(entry, raw)
    return out


def _deal(cells: list[str], where: dict[str, int], flags: dict[str, int]) -> dict[str, object]:
    cell = {key: cells[i].strip() for key, i in where.items()}
    get = cell.get
    parties: dict[str, str] = {}
    for side in ("supplier", "recipient"):
        name = " ".join(cell[side].split())
        if not name:
            raise f.BadValue(f"no {side}")
        code = names.code_for(name)
        if code is None:
            raise f.BadValue(f"{side} {name!r} has no country or bloc code")
        parties[side] = code
    if parties["supplier"] == parties["recipient"]:
        raise f.BadValue(
            f"supplier {cell['supplier']!r} and recipient {cell['recipient']!r} are both "
            f"{parties['supplier']}: not an international transfer"
        )
    marked = {key: f.uncertain(get(key, ""), cells[i]) for key, i in flags.items()}
    order_text, order_q = marked.get("order_year") or f.uncertain(cell["order_year"])
    order = f.year(order_text, "year of order")
    if order is None:
        raise f.BadValue("no year of order")
    ordered_text, ordered_q = marked.get("number_ordered") or f.uncertain(get("number_ordered", ""))
    delivered_text, delivered_q = marked.get("number_delivered") or f.uncertain(
        get("number_delivered", "")
    )
    delivered_years = f.years(get("delivery_years", ""), "year of delivery")
    description = " ".join(cell["description"].split())
    return {
        "supplier": cell["supplier"],
        "recipient": cell["recipient"],
        "supplier_code": parties["supplier"],
        "recipient_code": parties["recipient"],
        "order_year": order,
        "order_year_uncertain": order_q,
        "number_ordered": f.count(ordered_text, "number ordered"),
        "number_ordered_uncertain": ordered_q,
        "designation": cell["designation"],
        "description": description,
        "category": names.table()["sipri_descriptions"].get(description),
        "number_delivered": f.count(delivered_text, "number delivered"),
        "number_delivered_uncertain": delivered_q,
        "delivery_years": "|".join(map(str, delivered_years)),
        "delivery_first": delivered_years[0] if delivered_years else None,
        "delivery_last": delivered_years[-1] if delivered_years else None,
        "status": get("status", ""),
        "comments": get("comments", ""),
        "tiv_unit": f.amount(get("tiv_unit", ""), "TIV per unit"),
        "tiv_order": f.amount(get("tiv_order", ""), "TIV for total order"),
        "tiv_delivered": f.amount(get("tiv_delivered", ""), "TIV of delivered weapons"),
    }
