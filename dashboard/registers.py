"""The registers beside the news (SIPRI deals, GSDB cases): read once per snapshot, pure.

The ETL stores each event's check (`registercheck`: confirmed, possible, news_only,
unchecked) and its best match (`registermatch`); this module turns them into what the page
shows: a status per event with the deal or case in one line, the register entries no
news event matched, and per pair and year the news event count beside the register.
The register tables are small (SIPRI holds about 30,000 deals, GSDB 1,300 cases), so they
are read whole with the snapshot and worked on in pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.filters import REGISTER_STATUSES as STATUSES

__all__ = ["STATUSES", "Registers", "build", "label", "pair_years", "register_only"]
# The register that checks each event type.
KIND_OF_TYPE = {"arms_transfer": "sipri", "sanction": "gsdb"}
KIND_NAMES = {"sipri": "SIPRI", "gsdb": "GSDB"}
LOAD_HINT = "python -m etl registers load PATH"

# The tables read, with the columns used; a database without them has no registers.
TABLES = ("registerload", "registercheck", "registermatch", "siprideal", "gsdbcase")
SQL = {
    "registerload": "SELECT id, kind, path, generated, loaded_at FROM registerload",
    "registercheck": (
        "SELECT c.event_id, c.status, m.kind, m.entry_id, m.score, m.reason"
        " FROM registercheck c LEFT JOIN registermatch m ON m.event_id = c.event_id AND m.best"
    ),
    "registermatched": "SELECT DISTINCT entry_id FROM registermatch",
    "siprideal": (
        "SELECT id, load_id, supplier, recipient, supplier_code, recipient_code, order_year,"
        " number_ordered, designation, description, category, number_delivered,"
        " delivery_years, delivery_first, delivery_last, tiv_delivered FROM siprideal"
    ),
    "gsdbcase": (
        "SELECT id, load_id, case_id, senders, targets, sender_codes, target_codes,"
        " begin_year, end_year, categories FROM gsdbcase"
    ),
}


def _frame(table: pa.Table | None, columns: list[str]) -> pd.DataFrame:
    """A table as pandas with every column wanted (an empty table's columns may be
    missing or typed null)."""
    frame = table.to_pandas() if table is not None else pd.DataFrame()
    for name in columns:
        if name not in frame.columns:
            frame[name] = pd.Series([None] * len(frame), dtype=object)
    return frame[columns]


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _span(first: int | None, last: int | None) -> str:
    if first is None:
        return "" if last is None else str(last)
    return str(first) if last is None or last == first else f"{first}-{last}"


def sipri_line(row: Any) -> str:
    """One SIPRI deal in words: 'United States -> Ukraine: 38 HIMARS (multiple rocket
    launcher), ordered 2022, delivered 2022-2023, TIV 95m delivered'."""
    ordered = _int(row.number_ordered)
    what = f"{ordered} " if ordered is not None else ""
    what += str(row.designation or "?")
    if row.description:
        what += f" ({row.description})"
    parts = [f"{row.supplier} -> {row.recipient}: {what}"]
    if (year := _int(row.order_year)) is not None:
        parts.append(f"ordered {year}")
    delivered = _span(_int(row.delivery_first), _int(row.delivery_last))
    parts.append(f"delivered {delivered}" if delivered else "no delivery yet")
    if row.tiv_delivered is not None and not pd.isna(row.tiv_delivered):
        parts.append(f"TIV {row.tiv_delivered:g}m delivered")
    return ", ".join(parts)


def gsdb_line(row: Any) -> str:
    """One GSDB case in words: 'United States -> Iran: trade, arms, financial sanctions,
    1979-2022 (case 1)'."""
    kinds = str(row.categories or "").replace("|", ", ").replace("_", " ")
    end = _int(row.end_year)
    span = f"{int(row.begin_year)}-{end}" if end is not None else f"since {int(row.begin_year)}"
    what = f"{kinds} sanctions" if kinds else "sanctions"
    return f"{row.senders} -> {row.targets}: {what}, {span} (case {row.case_id})"


@dataclass(frozen=True, eq=False)
class Registers:
    """The registers as the page needs them.

    loads: kind -> (path, generated date or None) of the edition matched against (the
      last file loaded of each kind); empty when none is loaded.
    checks: one row per checked event id: status, kind, entry_id, score, reason, line.
    sipri, gsdb: the entries of the edition in use, each with `line` (in words), `first`
      and `last` year, and `matched` (some news event matched it).
    """

    loads: dict[str, tuple[str, date | None]] = field(default_factory=dict)
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)
    sipri: pd.DataFrame = field(default_factory=pd.DataFrame)
    gsdb: pd.DataFrame = field(default_factory=pd.DataFrame)

    def loaded(self, kind: str) -> bool:
        return kind in self.loads


def build(tables: dict[str, pa.Table]) -> Registers:
    """Registers from the raw tables of `SQL` (any may be absent: nothing loaded)."""
    loads = _frame(tables.get("registerload"), ["id", "kind", "path", "generated", "loaded_at"])
    loads = loads.sort_values(["loaded_at", "id"], kind="stable")
    active = loads.groupby("kind").tail(1)
    in_use = {
        str(r.kind): (str(r.path), pd.to_datetime(r.generated).date() if r.generated else None)
        for r in active.itertuples()
    }
    matched = set(_frame(tables.get("registermatched"), ["entry_id"])["entry_id"].dropna())
    active_ids = set(active["id"])

    sipri = _frame(
        tables.get("siprideal"),
        [
            "id", "load_id", "supplier", "recipient", "supplier_code", "recipient_code",
            "order_year", "number_ordered", "designation", "description", "category",
            "number_delivered", "delivery_years", "delivery_first", "delivery_last",
            "tiv_delivered",
        ],
    )  # fmt: skip
    sipri = sipri[sipri["load_id"].isin(active_ids)].reset_index(drop=True)
    sipri["line"] = [sipri_line(r) for r in sipri.itertuples()]
    order = pd.to_numeric(sipri["order_year"], errors="coerce")
    first = order.fillna(pd.to_numeric(sipri["delivery_first"], errors="coerce"))
    last = pd.to_numeric(sipri["delivery_last"], errors="coerce").fillna(order)
    sipri["first"], sipri["last"] = first.astype("Int64"), last.astype("Int64")
    sipri["matched"] = sipri["id"].isin(matched)

    gsdb = _frame(
        tables.get("gsdbcase"),
        [
            "id", "load_id", "case_id", "senders", "targets", "sender_codes", "target_codes",
            "begin_year", "end_year", "categories",
        ],
    )  # fmt: skip
    gsdb = gsdb[gsdb["load_id"].isin(active_ids)].reset_index(drop=True)
    gsdb["line"] = [gsdb_line(r) for r in gsdb.itertuples()]
    gsdb["first"] = pd.to_numeric(gsdb["begin_year"], errors="coerce").astype("Int64")
    gsdb["last"] = pd.to_numeric(gsdb["end_year"], errors="coerce").astype("Int64")
    gsdb["matched"] = gsdb["id"].isin(matched)

    checks = _frame(
        tables.get("registercheck"),
        ["event_id", "status", "kind", "entry_id", "score", "reason"],
    )
    lines = pd.concat(
        [sipri.set_index("id")["line"], gsdb.set_index("id")["line"]]
    ).drop_duplicates()
    lines = lines[~lines.index.duplicated()]
    checks["line"] = checks["entry_id"].map(lines)
    checks = checks.drop_duplicates("event_id").set_index("event_id")
    return Registers(loads=in_use, checks=checks, sipri=sipri, gsdb=gsdb)


def label(
    status: str, kind: str | None, line: str | None, score: float | None, loaded: bool
) -> str:
    """An event's register status in words, as the table and the detail show it."""
    name = KIND_NAMES.get(kind or "", kind or "register")
    if status == "confirmed":
        return f"confirmed by {name}: {line or '(entry no longer loaded)'}"
    if status == "possible":
        shown = f" (score {score:.2f})" if score is not None and not pd.isna(score) else ""
        return f"possible {name} match: {line or '(entry no longer loaded)'}{shown}"
    if status == "news_only":
        return "news only"
    if not loaded:
        return "not checkable (no register loaded)"
    return "not checkable (no date or no party on a side)"


def _years(f_from: date | None, f_to: date | None) -> tuple[int, int]:
    return (f_from.year if f_from else -(10**6), f_to.year if f_to else 10**6)


def _codes(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.split("|")


def register_only(
    reg: Registers,
    date_from: date | None,
    date_to: date | None,
    countries: tuple[str, ...],
    role: str,
    types: tuple[str, ...],
) -> pd.DataFrame:
    """The entries of the period (a deal from its order to its last delivery, a case
    while in force) that no news event matched, latest first; `countries` must be among
    their parties (suppliers and senders are the source side)."""
    lo, hi = _years(date_from, date_to)
    wanted = set(countries)
    parts = []
    for kind, frame, src, tgt in (
        ("sipri", reg.sipri, "supplier_code", "recipient_code"),
        ("gsdb", reg.gsdb, "sender_codes", "target_codes"),
    ):
        if frame.empty or (types and KIND_OF_TYPE.get(types[0]) != kind and len(types) == 1):
            continue
        last = (
            frame["last"].fillna(10**6) if kind == "gsdb" else frame["last"].fillna(frame["first"])
        )
        keep = ~frame["matched"] & (frame["first"].fillna(-(10**6)) <= hi) & (last >= lo)
        keep = keep.fillna(False).astype(bool)
        if wanted:
            s = _codes(frame[src]).map(lambda c: bool(wanted.intersection(c)))
            t = _codes(frame[tgt]).map(lambda c: bool(wanted.intersection(c)))
            keep &= {"source": s, "target": t}.get(role, s | t).astype(bool)
        rows = frame[keep]
        parts.append(
            pd.DataFrame(
                {
                    "register": KIND_NAMES[kind],
                    "first": rows["first"],
                    "last": rows["last"],
                    "sources": rows[src].fillna("").str.replace("|", ", "),
                    "targets": rows[tgt].fillna("").str.replace("|", ", "),
                    "entry": rows["line"],
                    "entry_id": rows["id"],
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            columns=["register", "first", "last", "sources", "targets", "entry", "entry_id"]
        )
    out = pd.concat(parts, ignore_index=True)
    # Latest first; a case still in force (no end) is the latest.
    order = out.assign(_last=out["last"].fillna(10**6), _first=out["first"].fillna(-(10**6)))
    order = order.sort_values(["_last", "_first"], ascending=False, kind="stable")
    return out.loc[order.index].reset_index(drop=True)


def sipri_years(reg: Registers) -> pd.DataFrame:
    """SIPRI's TIV delivered per (supplier, recipient, year): each deal's TIV of delivered
    weapons spread evenly over its delivery years (the register gives no yearly split)."""
    deals = reg.sipri
    years = deals["delivery_years"].fillna("").astype(str).str.split("|")
    rows = pd.DataFrame(
        {
            "source": deals["supplier_code"],
            "target": deals["recipient_code"],
            "year": years,
            "tiv": pd.to_numeric(deals["tiv_delivered"], errors="coerce"),
        }
    )
    rows["n"] = years.map(lambda ys: max(1, len([y for y in ys if y])))
    rows = rows.explode("year")
    rows = rows[rows["year"].astype(bool)]
    rows["year"] = rows["year"].astype(int)
    rows["tiv"] = rows["tiv"] / rows["n"]
    return rows.groupby(["source", "target", "year"], as_index=False)["tiv"].sum(min_count=1)


def gsdb_spans(reg: Registers) -> pd.DataFrame:
    """Per (sender, target) code pair, each GSDB case's first and last year and its span
    in words ("1979-2022", "since 2017")."""
    cases = reg.gsdb
    rows = pd.DataFrame(
        {
            "source": _codes(cases["sender_codes"]),
            "target": _codes(cases["target_codes"]),
            "first": cases["first"],
            "last": cases["last"],
            "span": [
                f"{a}-{b}" if not pd.isna(b) else f"since {a}"
                for a, b in zip(cases["first"], cases["last"], strict=True)
            ],
        }
    )
    return rows.explode("source").explode("target").reset_index(drop=True)


def pair_years(
    news: pd.DataFrame, reg: Registers, sipri: pd.DataFrame, gsdb: pd.DataFrame
) -> pd.DataFrame:
    """Per (type, source, target, year) of the news: the event count beside SIPRI's TIV
    delivered that year (arms transfers) or the GSDB cases in force (sanctions). `news`
    has type, source, target, year, events; `sipri` is `sipri_years`, `gsdb` `gsdb_spans`.
    Only pairs the news names are listed, in every year either side has something."""
    out = []
    arms = news[news["type"] == "arms_transfer"]
    if not arms.empty:
        pairs = arms[["source", "target"]].drop_duplicates()
        register = sipri.merge(pairs, on=["source", "target"])
        merged = arms.merge(register, on=["source", "target", "year"], how="outer")
        merged["type"] = "arms_transfer"
        merged["register"] = merged["tiv"].map(
            lambda v: "" if pd.isna(v) else f"TIV {v:g}m delivered"
        )
        out.append(merged)
    sanctions = news[news["type"] == "sanction"]
    if not sanctions.empty:
        cases = gsdb.merge(
            sanctions[["source", "target"]].drop_duplicates(), on=["source", "target"]
        )
        rows = sanctions.copy()
        spans = []
        for r in rows.itertuples():
            here = cases[(cases["source"] == r.source) & (cases["target"] == r.target)]
            live = here[(here["first"] <= r.year) & (here["last"].fillna(10**6) >= r.year)]
            spans.append("; ".join(f"GSDB case {s}" for s in live["span"]))
        rows["register"] = spans
        rows["tiv"] = np.nan
        out.append(rows)
    if not out:
        return pd.DataFrame(
            columns=["type", "source", "target", "year", "events", "tiv", "register"]
        )
    frame = pd.concat(out, ignore_index=True)
    frame["events"] = frame["events"].fillna(0).astype(int)
    frame = frame[["type", "source", "target", "year", "events", "tiv", "register"]]
    return frame.sort_values(["type", "source", "target", "year"], kind="stable").reset_index(
        drop=True
    )
