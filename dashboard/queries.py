"""Filtered frames and aggregates over a Snapshot: pure functions, no Streamlit, no I/O.

A filter becomes a boolean mask over mention numbers (`mask`). What the page counts is a
*unit*: a real-world event (the default) or a mention (`count="mentions"`). `select` turns
a mask into the units it keeps (an event is kept when any of its mentions is), and every
aggregate takes that `Selection`, so each unit counts once in each chart cell:

- an event's place in time is the earliest date among its kept mentions;
- it counts under all its parties (every country its mentions name, on each side) and
  every (source, target) pair one of its mentions names.

Details that live only in the database (sentences, titles) come in as frames from
`snapshot`, so these functions stay pure and testable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import registers
from dashboard.filters import DEFAULT_COUNT, Count, Filter, Granularity
from dashboard.snapshot import Snapshot
from etl.records import STATUSES

OTHER = "Other"
UNNAMED = "Unnamed"  # a unit with no party named on that side
TABLE_LIMIT = 1000
NO_SOURCE, SEVERAL_SOURCES = -1, -2  # in `_lone_source`
NAT = np.iinfo(np.int64).min  # NaT as int64

T = TypeVar("T")


@dataclass(frozen=True)
class Drill:
    """A narrowing picked on a chart: a period (from the timeline), a source and/or target.

    It picks units as the charts count them (`count`): the events (or mentions) of a bar or
    a cell, so the table narrows to exactly what the clicked mark counted.
    """

    period_start: date | None = None
    granularity: Granularity = "month"
    source: str | None = None
    target: str | None = None
    type: str | None = None
    count: Count = DEFAULT_COUNT

    def is_empty(self) -> bool:
        return self == Drill(granularity=self.granularity, count=self.count)

    def describe(self, names: dict[str, str]) -> str:
        parts = []
        if self.type:
            parts.append(self.type.replace("_", " "))
        if self.source:
            parts.append(f"by {names.get(self.source, self.source)}")
        if self.target:
            parts.append(f"on/to {names.get(self.target, self.target)}")
        if self.period_start:
            end = period_end(self.period_start, self.granularity)
            parts.append(f"{self.period_start:%Y-%m-%d} to {end:%Y-%m-%d}")
        return ", ".join(parts)


def period_end(start: date, granularity: Granularity) -> date:
    """The last day of the period that begins on `start`."""
    step = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[granularity]
    return (pd.Period(start, freq=step).end_time).date()


def _derived(snap: Snapshot, key: Any, make: Callable[[], T]) -> T:
    """An array worked out from the snapshot alone, once: the filters only index it."""
    try:
        value: T = snap.derived[key]
    except KeyError:
        value = snap.derived[key] = make()
    return value


@dataclass(frozen=True)
class Parties:
    """Party rows as plain arrays: mention number, country number (index into
    `snap.countries`) and whether the row is on the source side. A code missing from the
    country table (which the store does not write) has no number and is left out."""

    m: np.ndarray
    code: np.ndarray
    source: np.ndarray


def _parties(snap: Snapshot, role: str | None = None) -> Parties:
    """All party rows, or one side's (`role` "source" or "target"), sorted by m."""

    def make() -> Parties:
        p = snap.parties
        code = p["code"].cat.codes.to_numpy().astype(np.int64)
        known = code >= 0
        source = (p["role"] == "source").to_numpy()[known]
        every = Parties(
            m=p["m"].to_numpy().astype(np.int64)[known], code=code[known], source=source
        )
        if role is None:
            return every
        rows = source if role == "source" else ~source
        return Parties(m=every.m[rows], code=every.code[rows], source=every.source[rows])

    return _derived(snap, ("parties", role), make)


def _lone_source(snap: Snapshot) -> np.ndarray:
    """Per mention: the country number of its only source, NO_SOURCE or SEVERAL_SOURCES."""

    def make() -> np.ndarray:
        src = _parties(snap, "source")
        per_m = np.bincount(src.m, minlength=len(snap.mentions))
        out = np.where(per_m == 0, NO_SOURCE, SEVERAL_SOURCES).astype(np.int64)
        one = per_m[src.m] == 1
        out[src.m[one]] = src.code[one]
        return out

    return _derived(snap, "lone_source", make)


def _mention_pairs(snap: Snapshot) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (mention, source, target) a mention names, as three arrays."""

    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        src, tgt = _parties(snap, "source"), _parties(snap, "target")
        lone = _lone_source(snap)
        # Most mentions name one source: pair it with each target by array look-up, and
        # cross-join only the few mentions with several sources.
        source_of = lone[tgt.m]
        single = source_of >= 0
        several = source_of == SEVERAL_SOURCES
        s_rows = lone[src.m] == SEVERAL_SOURCES
        multi = pd.DataFrame({"m": src.m[s_rows], "s": src.code[s_rows]}).merge(
            pd.DataFrame({"m": tgt.m[several], "t": tgt.code[several]}), on="m"
        )
        pm = np.concatenate([tgt.m[single], multi["m"].to_numpy()]).astype(np.int64)
        ps = np.concatenate([source_of[single], multi["s"].to_numpy()]).astype(np.int64)
        pt = np.concatenate([tgt.code[single], multi["t"].to_numpy()]).astype(np.int64)
        return pm, ps, pt

    return _derived(snap, "mention_pairs", make)


def dates_int(snap: Snapshot) -> np.ndarray:
    """Each mention's date as int64 milliseconds, NAT when unknown."""
    return _derived(snap, "dates_int", lambda: snap.mentions["date"].to_numpy().astype(np.int64))


def _rank(snap: Snapshot) -> np.ndarray:
    """Each mention's place in `snap.order` (latest first, undated last)."""

    def make() -> np.ndarray:
        rank = np.empty(len(snap.order), dtype=np.int64)
        rank[snap.order] = np.arange(len(snap.order))
        return rank

    return _derived(snap, "rank", make)


@dataclass(frozen=True, eq=False)
class Units:
    """What one count mode counts, worked out once per snapshot.

    of: the unit number of each mention (its event's, or its own). Units are numbered
      0..n-1; a mention not grouped yet is an event of its own.
    order: mention numbers sorted by unit, then date (earliest first, undated last);
      `bounds[u]:bounds[u + 1]` is unit u's slice of it.
    party_*: the distinct (unit, country, side) rows, sorted by unit; `src_*`/`tgt_*`
      one side's; `both_*` the (unit, country) named on both sides (rare).
    pair_*: the distinct (unit, source, target) a mention of the unit names.
    Unit numbers in these rows are int32: the filters gather through them, and half the
    bytes is a faster gather.
    type_no: each unit's event type (a category code of `snap.mentions["type"]`).
    event_no: each unit's event number in `snap.event_ids` (-1 for an ungrouped mention).
    """

    count: Count
    n: int
    of: np.ndarray
    order: np.ndarray
    bounds: np.ndarray
    party_u: np.ndarray
    party_code: np.ndarray
    party_source: np.ndarray
    both_u: np.ndarray
    both_code: np.ndarray
    has_source: np.ndarray
    pair_u: np.ndarray
    pair_s: np.ndarray
    pair_t: np.ndarray
    pair_key: np.ndarray  # (type, source, target) of each pair as one int: a bincount key
    pair_space: int  # the number of possible keys
    type_no: np.ndarray
    event_no: np.ndarray
    side: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted. `np.unique` of numpy 2.3+ hashes, which is many times
    slower than sorting on a million int64 keys."""
    values = np.sort(values, kind="stable")
    if values.size:
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


def _distinct_rows(*columns: tuple[np.ndarray, int]) -> tuple[np.ndarray, ...]:
    """The distinct rows of equal-length columns of small non-negative ints, each given
    with its bound (values < bound), sorted by the first column, then the next.

    The columns are packed into one int64 key: a 1-D sort is many times faster than
    `np.unique(..., axis=0)` over a million rows.
    """
    key = np.zeros(columns[0][0].size, dtype=np.int64)
    for values, bound in columns:
        key = key * bound + values.astype(np.int64)
    key = _sorted_unique(key)
    out = []
    for _, bound in reversed(columns):
        out.append(key % bound)
        key = key // bound
    return tuple(reversed(out))


def units(snap: Snapshot, count: Count = DEFAULT_COUNT) -> Units:
    """The units the page counts (events or mentions), with their parties and pairs."""

    def make() -> Units:
        n_m = len(snap.mentions)
        event_no = snap.mentions["event_no"].to_numpy().astype(np.int64)
        if count == "mentions":
            of = np.arange(n_m, dtype=np.int64)
        else:
            # Ungrouped mentions get keys after the events; then number the keys densely.
            raw = np.where(event_no >= 0, event_no, len(snap.event_ids) + np.arange(n_m))
            _, of = np.unique(raw, return_inverse=True)
            of = of.astype(np.int64)
        n = int(of.max()) + 1 if n_m else 0
        dates = dates_int(snap)
        undated = dates == NAT
        order = np.lexsort((np.arange(n_m), dates, undated, of)).astype(np.int64)
        bounds = np.searchsorted(of[order], np.arange(n + 1)).astype(np.int64)
        p = _parties(snap)
        codes = len(snap.countries) + 1
        party_u, party_side, party_code = _distinct_rows(
            (of[p.m], n + 1), (~p.source, 2), (p.code, codes)
        )
        party_source = party_side == 0
        # A country on both sides of one unit: its rows are adjacent (sorted by unit, side,
        # code), so compare each source row with the target rows of the same unit.
        pair = party_u.astype(np.int64) * codes + party_code
        src_keys, tgt_keys = pair[party_source], pair[~party_source]
        both = src_keys[np.isin(src_keys, tgt_keys)]
        both_u, both_code = both // codes, both % codes
        has_source = np.zeros(n, dtype=bool)
        has_source[party_u[party_source]] = True
        pm, ps, pt = _mention_pairs(snap)
        pair_u, pair_s, pair_t = _distinct_rows((of[pm], n + 1), (ps, codes), (pt, codes))
        type_no = np.zeros(n, dtype=np.int64)
        type_no[of] = snap.mentions["type"].cat.codes.to_numpy()
        ev = np.full(n, -1, dtype=np.int64)
        ev[of] = event_no
        n_types = max(1, len(snap.mentions["type"].cat.categories))
        built = Units(
            count=count, n=n, of=of, order=order, bounds=bounds,
            party_u=party_u.astype(np.int32), party_code=party_code,
            party_source=party_source, both_u=both_u.astype(np.int32), both_code=both_code,
            has_source=has_source, pair_u=pair_u.astype(np.int32), pair_s=pair_s,
            pair_t=pair_t, pair_key=(type_no[pair_u] * codes + pair_s) * codes + pair_t,
            pair_space=n_types * codes * codes, type_no=type_no, event_no=ev,
        )  # fmt: skip
        for side, rows in (("source", party_source), ("target", ~party_source)):
            built.side[side] = (built.party_u[rows], party_code[rows])
        return built

    return _derived(snap, ("units", count), make)


@dataclass(frozen=True, eq=False)
class Selection:
    """The units a mention mask keeps.

    kept: unit numbers, ascending; first: the earliest kept mention of each (undated only
    if all its kept mentions are); size: how many of its mentions are kept.
    """

    keep: np.ndarray
    units: Units
    kept: np.ndarray
    first: np.ndarray
    size: np.ndarray
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def count(self) -> Count:
        return self.units.count

    def kept_mask(self) -> np.ndarray:
        """Per unit: whether it is kept."""
        if "mask" not in self.cache:
            out = np.zeros(self.units.n, dtype=bool)
            out[self.kept] = True
            self.cache["mask"] = out
        return self.cache["mask"]

    def first_date(self) -> np.ndarray:
        """Per unit: the earliest date (int64 ms) among its kept mentions, NAT if none."""
        if "first" not in self.cache:
            out = np.full(self.units.n, NAT, dtype=np.int64)
            out[self.kept] = self.first_dates
            self.cache["first"] = out
        return self.cache["first"]

    @property
    def first_dates(self) -> np.ndarray:
        return self.cache["first_dates"]


def select(snap: Snapshot, keep: np.ndarray, count: Count = DEFAULT_COUNT) -> Selection:
    """The units (events, or mentions) that the mention mask `keep` keeps."""
    u = units(snap, count)
    if count == "mentions":
        kept = np.flatnonzero(keep)
        first = kept
        size = np.ones(kept.size, dtype=np.int64)
    else:
        # The mask in unit-then-date order, and a running count of its kept mentions:
        # the counts at the units' bounds give each unit's kept mentions and where its
        # first kept one lies. Linear and contiguous; no sort, hash or gather per mention.
        ko = keep[u.order]
        before = np.zeros(ko.size + 1, dtype=np.int64)
        np.cumsum(ko, out=before[1:])
        at_start = before[u.bounds[:-1]]
        sizes = before[u.bounds[1:]] - at_start
        kept = np.flatnonzero(sizes)
        first = u.order[np.flatnonzero(ko)[at_start[kept]]]
        size = sizes[kept]
    sel = Selection(keep=keep, units=u, kept=kept, first=first, size=size)
    sel.cache["first_dates"] = dates_int(snap)[first]
    return sel


def _country_numbers(snap: Snapshot, codes: tuple[str, ...]) -> np.ndarray:
    """A look-up table over country numbers (plus one slot for -1): True for `codes`."""
    wanted = np.zeros(len(snap.countries) + 1, dtype=bool)
    found = snap.countries.index.get_indexer(list(codes))
    wanted[found[found >= 0]] = True
    return wanted


def _mentions_with(snap: Snapshot, m: np.ndarray) -> np.ndarray:
    hit = np.zeros(len(snap.mentions), dtype=bool)
    hit[m] = True
    return hit


def mask(
    snap: Snapshot, f: Filter, drill: Drill | None = None, sentences: pa.Array | None = None
) -> np.ndarray:
    """Which mentions the filter keeps (and a chart drill-down, if any).

    `sentences` (aligned with mention numbers) is needed only when `f.q` is set. A drill
    keeps the kept mentions of the units (events or mentions, as it counts) it picks.
    """
    m = snap.mentions
    keep = np.ones(len(m), dtype=bool)
    for column, wanted in (
        ("type", f.types),
        ("status", f.statuses),
        ("action", f.actions),
        ("category", f.categories),
    ):
        if wanted:
            keep &= m[column].isin(wanted).to_numpy()
    dates = m["date"].to_numpy()
    # NaT compares False, so an undated mention drops out once a bound is set.
    if f.date_from:
        keep &= dates >= np.datetime64(f.date_from)
    if f.date_to:
        keep &= dates <= np.datetime64(f.date_to)
    if f.min_conf > 0:
        keep &= m["confidence"].to_numpy() >= f.min_conf
    if f.countries:
        p = _parties(snap, None if f.role == "any" else f.role)
        keep &= _mentions_with(snap, p.m[_country_numbers(snap, f.countries)[p.code]])
    if f.register:
        keep &= _register_status(snap, f.register)
    if f.actors:
        a = snap.actors
        keep &= _mentions_with(snap, a["m"].to_numpy()[a["name"].isin(f.actors).to_numpy()])
    if f.q:
        if sentences is None:
            raise ValueError("a text search needs the sentences")
        # Search only what the other filters kept: the costly part runs on fewer rows.
        idx = np.flatnonzero(keep)
        found = pc.match_substring(sentences.take(pa.array(idx)), f.q, ignore_case=True)
        keep[idx[~pc.fill_null(found, False).to_numpy(zero_copy_only=False)]] = False
    if drill is not None and not drill.is_empty():
        sel = select(snap, keep, drill.count)
        keep &= _drill_units(snap, sel, drill)[sel.units.of]
    return keep


def _register_status(snap: Snapshot, wanted: tuple[str, ...]) -> np.ndarray:
    """Per mention: whether its event's register status is one of `wanted` (a mention not
    grouped yet is unchecked)."""

    def make() -> np.ndarray:
        codes = snap.events["register_status"].cat.codes.to_numpy().astype(np.int8)
        unchecked = registers.STATUSES.index("unchecked")
        event_no = snap.mentions["event_no"].to_numpy()
        return np.where(
            event_no >= 0, codes[np.maximum(event_no, 0)] if codes.size else unchecked, unchecked
        )

    of = _derived(snap, "register_status", make)
    return np.isin(of, [registers.STATUSES.index(s) for s in wanted])


def news_pairs(snap: Snapshot, sel: Selection) -> pd.DataFrame:
    """Kept events per (type, source code, target code, year of the event's first kept
    date): each event once per pair its mentions name; undated events are left out."""
    u = sel.units
    first = sel.first_date()
    rows = sel.kept_mask()[u.pair_u] & (first[u.pair_u] != NAT)
    years = (
        first[u.pair_u[rows]].astype("datetime64[ms]").astype("datetime64[Y]").astype(int) + 1970
    )
    labels = np.asarray(snap.countries.index, dtype=object)
    types = np.asarray(snap.mentions["type"].cat.categories, dtype=object)
    frame = pd.DataFrame(
        {
            "type": types[u.type_no[u.pair_u[rows]]] if types.size else [],
            "source": labels[u.pair_s[rows]],
            "target": labels[u.pair_t[rows]],
            "year": years,
        }
    )
    return (
        frame.groupby(["type", "source", "target", "year"], as_index=False)
        .size()
        .rename(columns={"size": "events"})
    )


def _drill_units(snap: Snapshot, sel: Selection, drill: Drill) -> np.ndarray:
    """Per unit: whether the clicked bar or cell counted it."""
    u = sel.units
    ok = sel.kept_mask().copy()
    if drill.type:
        types = list(snap.mentions["type"].cat.categories)
        ok &= u.type_no == (types.index(drill.type) if drill.type in types else -1)
    if drill.period_start:
        first = sel.first_date()
        start = np.datetime64(drill.period_start, "ms").astype(np.int64)
        end = np.datetime64(period_end(drill.period_start, drill.granularity), "ms")
        ok &= (first != NAT) & (first >= start) & (first <= end.astype(np.int64))
    named = {r: c for r, c in (("source", drill.source), ("target", drill.target)) if c}
    if "source" in named and "target" in named and OTHER not in named.values():
        if UNNAMED in named.values():
            ok &= ~u.has_source if named["source"] == UNNAMED else np.zeros(u.n, dtype=bool)
        else:
            s = _country_numbers(snap, (named["source"],))[u.pair_s]
            t = _country_numbers(snap, (named["target"],))[u.pair_t]
            hit = np.zeros(u.n, dtype=bool)
            hit[u.pair_u[s & t]] = True
            ok &= hit
        return ok
    for role, code in named.items():
        side_u, side_code = u.side[role]
        if code == UNNAMED:  # units with nobody on that side
            hit = np.zeros(u.n, dtype=bool)
            hit[side_u] = True
            ok &= ~hit
        elif code != OTHER:
            hit = np.zeros(u.n, dtype=bool)
            hit[side_u[_country_numbers(snap, (code,))[side_code]]] = True
            ok &= hit
    return ok


def period_starts(dates: np.ndarray, granularity: Granularity) -> np.ndarray:
    """The first day of the week (Monday), month, quarter or year of each date."""
    days = dates.astype("datetime64[D]")
    if granularity == "week":
        # 1970-01-01 was a Thursday: shift so that Monday starts the week.
        n = days.astype(np.int64)
        return (n - (n + 3) % 7).astype("datetime64[D]")
    if granularity == "month":
        return days.astype("datetime64[M]").astype("datetime64[D]")
    if granularity == "quarter":
        months = days.astype("datetime64[M]").astype(np.int64)
        return (months - months % 3).astype("datetime64[M]").astype("datetime64[D]")
    return days.astype("datetime64[Y]").astype("datetime64[D]")


def period_ordinals(dates: np.ndarray, granularity: Granularity) -> np.ndarray:
    """Each date's period as an integer, consecutive periods consecutive integers (weeks
    start on Monday); meaningless for NaT. `period_start_of` turns one back into a date."""
    if granularity == "week":
        # 1970-01-01 was a Thursday: day n lies in the week that starts on day n - (n+3)%7.
        return (dates.astype("datetime64[D]").astype(np.int64) + 3) // 7
    months = dates.astype("datetime64[M]").astype(np.int64)
    if granularity == "month":
        return months
    if granularity == "quarter":
        return months // 3
    return dates.astype("datetime64[Y]").astype(np.int64)


def period_start_of(ordinals: np.ndarray, granularity: Granularity) -> np.ndarray:
    """The first day (datetime64[D]) of each period numbered by `period_ordinals`."""
    ordinals = np.asarray(ordinals, dtype=np.int64)
    if granularity == "week":
        return (ordinals * 7 - 3).astype("datetime64[D]")
    if granularity == "month":
        return ordinals.astype("datetime64[M]").astype("datetime64[D]")
    if granularity == "quarter":
        return (ordinals * 3).astype("datetime64[M]").astype("datetime64[D]")
    return ordinals.astype("datetime64[Y]").astype("datetime64[D]")


def _names(snap: Snapshot) -> dict[str, str]:
    return snap.countries["name"].to_dict()


def _count_pairs(a: np.ndarray, b: np.ndarray, nb: int) -> tuple[np.ndarray, ...]:
    """Counts of each distinct (a, b) pair of small non-negative ints: (a, b, count)."""
    key = a.astype(np.int64) * nb + b
    if key.size == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    # Dense counting is linear; fall back to sorting when the key space is huge.
    if key.max() < 50_000_000:
        counts = np.bincount(key)
        found = np.flatnonzero(counts)
        return found // nb, found % nb, counts[found]
    found, counts = np.unique(key, return_counts=True)
    return found // nb, found % nb, counts


def timeline(
    snap: Snapshot, sel: Selection, granularity: Granularity, top: int | None = 8
) -> pd.DataFrame:
    """Units per period and acting country (source side): period, code, actor, count.

    A unit (event or mention) counts once in each bar: in the period of its earliest kept
    date, once for each of its senders. Countries beyond the `top` busiest are summed as
    "Other"; units naming no source are "Unnamed". Undated units are left out (they have
    no place on a time axis).
    """
    columns = ["period", "period_label", "code", "actor", "count"]
    u = sel.units
    ords = _derived(
        snap,
        ("period_ord", granularity),
        lambda: period_ordinals(snap.mentions["date"].to_numpy(), granularity),
    )
    dated = sel.kept[sel.first_dates != NAT]
    if dated.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    ord_k = ords[sel.first[sel.first_dates != NAT]]
    first = int(ord_k.min())
    span = int(ord_k.max()) - first + 1
    n_codes = len(snap.countries)  # the code for "Unnamed"
    slots = n_codes + 1
    unit_ord = np.zeros(u.n, dtype=np.int64)
    unit_ord[dated] = ord_k - first
    live = np.zeros(u.n, dtype=bool)
    live[dated] = True
    src_u, src_code = u.side["source"]
    lone = dated[~u.has_source[dated]]
    if span * slots <= 20_000_000:
        # One weighted count over every source row: no compress of a million rows.
        per_key = np.bincount(
            unit_ord[src_u] * slots + src_code, weights=live[src_u], minlength=span * slots
        )
        per_key[n_codes::slots] += np.bincount(unit_ord[lone], minlength=span)
        found = np.flatnonzero(per_key)
        period_no, code_no, counts_ = found // slots, found % slots, per_key[found]
    else:  # dates centuries apart at a fine grain: count the few pairs instead
        rows = live[src_u]
        period_no, code_no, counts_ = _count_pairs(
            np.concatenate([unit_ord[src_u[rows]], unit_ord[lone]]),
            np.concatenate([src_code[rows], np.full(lone.size, n_codes)]),
            slots,
        )
    counts_ = np.asarray(counts_).astype(np.int64)
    labels = np.array([*snap.countries.index, UNNAMED], dtype=object)
    # The busiest `top` acting countries by total, ties by code; the rest become Other.
    # Plain numpy on these few rows: pandas' groupby, isin and sort on a small frame cost
    # about 10 ms a filter.
    totals = np.bincount(code_no, weights=counts_, minlength=slots)
    named = np.flatnonzero(totals[:n_codes])
    named = named[np.argsort(labels[named], kind="stable")]
    named = named[np.argsort(-totals[named], kind="stable")]
    keep_codes = named if top is None else named[:top]
    k = keep_codes.size
    rank_of = np.full(slots, k, dtype=np.int64)  # Other
    rank_of[keep_codes] = np.arange(k)
    rank_of[n_codes] = k + 1  # Unnamed
    # Legend order: busiest first, then Other and Unnamed; rows by period, then that rank.
    key = (period_no.astype(np.int64) * (k + 2)) + rank_of[code_no]
    found_keys, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=counts_).astype(np.int64)
    period_no, rank = found_keys // (k + 2), found_keys % (k + 2)
    codes = np.array([*labels[keep_codes], OTHER, UNNAMED], dtype=object)[rank]
    names = _names(snap)
    starts = period_start_of(period_no + first, granularity)
    counts = pd.DataFrame(
        {
            "period": pd.to_datetime(starts),
            "period_label": np.datetime_as_string(starts, unit="D").astype(object),
            "code": codes,
            "actor": np.array([names.get(c, c) for c in codes], dtype=object),
            "count": summed,
        }
    )
    return counts[columns]


def matrix(snap: Snapshot, sel: Selection, top: int = 15) -> pd.DataFrame:
    """Who acts on whom: type, source, target, count, for the `top` sources and targets
    of each event type. A unit counts once per (source, target) pair its mentions name."""
    columns = ["type", "source", "target", "source_name", "target_name", "count"]
    u = sel.units
    # One weighted count over the pairs: no compress of a million rows per filter.
    per_key = np.bincount(u.pair_key, weights=sel.kept_mask()[u.pair_u], minlength=u.pair_space)
    found = np.flatnonzero(per_key)
    if found.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    types = snap.mentions["type"]
    codes = len(snap.countries) + 1  # as `units` packed them
    counts = per_key[found].astype(np.int64)
    t_no, ts = found % codes, found // codes
    s_no, type_no = ts % codes, ts // codes
    labels = np.asarray(snap.countries.index, dtype=object)
    type_labels = np.asarray(types.cat.categories, dtype=object)

    def busiest(codes_: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The `top` codes by total, ties by code (what pandas' nlargest keeps)."""
        totals = np.bincount(codes_, weights=weights, minlength=codes)
        present = np.flatnonzero(totals)
        present = present[np.argsort(labels[present], kind="stable")]
        return present[np.argsort(-totals[present], kind="stable")][:top]

    # Per event type (in name order), the pairs among its busiest sources and targets:
    # numpy on these few rows, where pandas' groupby and nlargest cost about 10 ms a filter.
    picked = []
    for t in sorted(np.unique(type_no), key=lambda t: str(type_labels[t])):
        rows = np.flatnonzero(type_no == t)
        s_in = np.isin(s_no[rows], busiest(s_no[rows], counts[rows]))
        t_in = np.isin(t_no[rows], busiest(t_no[rows], counts[rows]))
        picked.append(rows[s_in & t_in])
    rows = np.concatenate(picked)
    names = _names(snap)
    sources, targets = labels[s_no[rows]], labels[t_no[rows]]
    out = pd.DataFrame(
        {
            "type": type_labels[type_no[rows]],
            "source": sources,
            "target": targets,
            "source_name": np.array([names.get(c, c) for c in sources], dtype=object),
            "target_name": np.array([names.get(c, c) for c in targets], dtype=object),
            "count": counts[rows],
        }
    )
    return out[columns]


def by_country(snap: Snapshot, sel: Selection) -> pd.DataFrame:
    """Per country: units naming it as source, as target, and on either side (`count`,
    each unit once even if it names the country on both sides), with the map key `id`
    (ISO numeric, 3 digits). Every state is listed, zeros included, so the map can show
    countries with none; blocs only when they appear.
    """
    u = sel.units
    kept = sel.kept_mask()
    n = len(snap.countries)
    out = snap.countries[["name", "kind", "iso_numeric"]].copy()
    # Weighted counts over the static rows: no compress of a million rows per filter.
    for column, (side_u, side_code) in (
        ("as_source", u.side["source"]),
        ("as_target", u.side["target"]),
        ("both", (u.both_u, u.both_code)),
    ):
        counted = np.bincount(side_code, weights=kept[side_u], minlength=n)[:n]
        out[column] = counted.astype(np.int64)
    # Either side: a unit naming the country on both sides counts once.
    out["count"] = out["as_source"] + out["as_target"] - out.pop("both")
    out = out[(out["kind"] == "state") | (out["count"] > 0)]
    out["id"] = out["iso_numeric"].map(lambda v: f"{int(v):03d}" if pd.notna(v) else None)
    return out.reset_index(names="code")


@dataclass(frozen=True)
class Metrics:
    """Headline numbers for one filter."""

    events: int  # distinct real-world events (an ungrouped mention counts as one)
    mentions: int
    articles: int
    countries: int


def _distinct(codes: np.ndarray, size: int) -> int:
    """How many distinct ints in 0..size-1 (negatives ignored); linear, not a sort."""
    seen = np.zeros(size + 1, dtype=bool)
    seen[np.where(codes >= 0, codes, size)] = True
    return int(np.count_nonzero(seen[:size]))


def metrics(snap: Snapshot, keep: np.ndarray, sel: Selection | None = None) -> Metrics:
    """Events, mentions, articles and countries involved in the kept mentions (`sel`, the
    events `select` kept from `keep`, saves counting them again)."""
    m = snap.mentions
    p = _parties(snap)
    events = units(snap, "events")
    return Metrics(
        events=(
            sel.kept.size
            if sel is not None and sel.count == "events"
            else _distinct(events.of[keep], events.n)
        ),
        mentions=int(keep.sum()),
        articles=_distinct(m["article_no"].to_numpy()[keep], len(snap.article_ids)),
        countries=_distinct(p.code[keep[p.m]], len(snap.countries)),
    )


def windows(snap: Snapshot, f: Filter) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The filter's date window and the window of equal length just before it.

    Only when the filter has a start date (an open start would make the previous window
    fall before all the data); an open end takes the data's last date.
    """
    if f.date_from is None:
        return None
    dates = snap.mentions["date"].dropna()
    end = f.date_to or (dates.max().date() if not dates.empty else f.date_from)
    if f.date_from > end:
        return None
    length = (end - f.date_from).days + 1
    before = (f.date_from - timedelta(days=length), f.date_from - timedelta(days=1))
    return (f.date_from, end), before


def previous(f: Filter, before: tuple[date, date]) -> Filter:
    """The same filter over the previous window."""
    return replace(f, date_from=before[0], date_to=before[1])


def table_rows(snap: Snapshot, keep: np.ndarray, limit: int | None = TABLE_LIMIT) -> np.ndarray:
    """Mention numbers of the kept mentions, latest first, at most `limit`."""
    rows = snap.order[keep[snap.order]]
    return rows if limit is None else rows[:limit]


def event_rows(snap: Snapshot, sel: Selection, limit: int | None = TABLE_LIMIT) -> np.ndarray:
    """The kept units, latest first by their earliest kept date (undated last), at most
    `limit`."""
    rank = _rank(snap)[sel.first]
    if limit is not None and rank.size > limit:
        top = np.argpartition(rank, limit - 1)[:limit]
        return sel.kept[top[np.argsort(rank[top], kind="stable")]]
    return sel.kept[np.argsort(rank, kind="stable")]


def _joined(
    fm: np.ndarray, codes: np.ndarray, labels: np.ndarray, rows: np.ndarray, sep: str
) -> list[str]:
    """The labels of each mention in `rows`, joined with `sep` ("" when none), from rows
    (`fm` mention numbers, sorted; `codes` into `labels`).

    Each mention's rows are one slice: find the slices by binary search instead of
    scanning all of them (this runs for every table page).
    """
    rows = rows.astype(fm.dtype, copy=False)  # else searchsorted converts all of fm
    lo = np.searchsorted(fm, rows, side="left")
    hi = np.searchsorted(fm, rows, side="right")
    out = np.full(len(rows), "", dtype=object)
    one = hi - lo == 1  # the common case, without a join per row
    out[one] = labels[codes[lo[one]]]
    for i in np.flatnonzero(hi - lo > 1):
        out[i] = sep.join(labels[codes[lo[i] : hi[i]]])
    return list(out)


def _event_id(snap: Snapshot, event_no: np.ndarray) -> list[str | None]:
    """The event id of each event number (None for -1: a mention not grouped yet)."""
    ids = snap.event_ids.take(pa.array(np.maximum(event_no, 0), pa.int64())).to_pylist()
    return [i if e >= 0 else None for i, e in zip(ids, event_no.tolist(), strict=True)]


MENTION_COLUMNS = (
    "date",
    "type",
    "action",
    "status",
    "category",
    "sources",
    "targets",
    "weapon",
    "actors",
    "confidence",
    "sentence",
    "title",
    "url",
    "published",
    "source",
    "article_id",
    "event_id",
    "mention_id",
    "start",
    "end",
)


def mentions_frame(snap: Snapshot, rows: np.ndarray, details: pd.DataFrame) -> pd.DataFrame:
    """One row per mention numbered in `rows`, in that order, with its `event_id`.

    `details` is `snapshot.details(...)` for those mentions (sentence, weapon, article).
    """
    page = snap.mentions.iloc[rows]
    ids = np.asarray(snap.ids.take(pa.array(rows, pa.int64())).to_pylist(), dtype=object)
    det = details.reindex(ids)
    dates = page["date"].to_numpy()
    src, tgt = _parties(snap, "source"), _parties(snap, "target")
    countries = np.asarray(snap.countries.index, dtype=object)
    names = snap.actors["name"]
    out = pd.DataFrame(
        {
            "date": [None if pd.isna(d) else d for d in pd.to_datetime(dates).date],
            "type": page["type"].astype(str).to_numpy(),
            "action": page["action"].astype(str).to_numpy(),
            "status": page["status"].astype(str).to_numpy(),
            "category": page["category"].astype(str).to_numpy(),
            "sources": _joined(src.m, src.code, countries, rows, ", "),
            "targets": _joined(tgt.m, tgt.code, countries, rows, ", "),
            "weapon": det["weapon"].to_numpy(),
            "actors": _joined(
                snap.actors["m"].to_numpy(),
                names.cat.codes.to_numpy(),
                np.asarray(names.cat.categories, dtype=object),
                rows,
                "; ",
            ),
            "confidence": page["confidence"].to_numpy(),
            "sentence": det["sentence"].to_numpy(),
            "title": det["title"].to_numpy(),
            "url": det["url"].to_numpy(),
            "published": det["published"].to_numpy(),
            "source": det["source"].to_numpy(),
            "article_id": det["article_id"].to_numpy(),
            "event_id": _event_id(snap, page["event_no"].to_numpy().astype(np.int64)),
            "mention_id": ids,
            "start": det["start"].to_numpy(),
            "end": det["end"].to_numpy(),
        }
    )
    return out[list(MENTION_COLUMNS)]


def unit_mentions(sel: Selection, unit: int) -> np.ndarray:
    """Every mention of one unit (kept or not), earliest first, undated last."""
    u = sel.units
    return u.order[u.bounds[unit] : u.bounds[unit + 1]]


EVENT_COLUMNS = (
    "first_date",
    "last_date",
    "type",
    "sources",
    "targets",
    "action",
    "statuses",
    "category",
    "weapon",
    "mentions",
    "articles",
    "disputed",
    "evidence",
    "title",
    "url",
    "published",
    "article_id",
    "evidence_mention_id",
    "event_id",
    "event_first_date",
    "event_last_date",
    "event_mentions",
    "event_articles",
    "news_sources",
    "register_status",
    "register",
    "register_entry",
    "register_score",
    "register_reason",
)


def _labels(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The values of a categorical column at `rows` (without converting the whole column)."""
    labels = np.asarray(column.cat.categories, dtype=object)
    codes = column.cat.codes.to_numpy()[rows]
    return np.where(codes >= 0, labels[np.maximum(codes, 0)] if labels.size else "", "")


# Every status bit set (bit i: STATUSES[i]) as text, worked out once: a look-up per row.
STATUS_TEXT = np.asarray(
    [", ".join(s for i, s in enumerate(STATUSES) if b >> i & 1) for b in range(1 << len(STATUSES))],
    dtype=object,
)


def _statuses(bits: np.ndarray) -> list[str]:
    """Status bit sets (bit i: STATUSES[i]) as "reported, denied" text."""
    return STATUS_TEXT[bits].tolist()


def _day(values: np.ndarray) -> list[date | None]:
    """int64 ms (NAT for none) as dates."""
    return [
        None if v == NAT else d
        for v, d in zip(values, values.astype("M8[ms]").astype("M8[D]").tolist(), strict=True)
    ]


def _members(u: Units, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position in `rows`, mention) for every mention of each unit in `rows`."""
    lengths = u.bounds[rows + 1] - u.bounds[rows]
    pos = np.repeat(np.arange(rows.size), lengths)
    offsets = np.arange(pos.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return pos, u.order[np.repeat(u.bounds[rows], lengths) + offsets]


def _reduce_per(
    ufunc: np.ufunc, pos: np.ndarray, values: np.ndarray, where: np.ndarray, n: int
) -> np.ndarray:
    """`ufunc` (np.minimum, np.maximum) of the int64 `values` where `where` holds, per
    group 0..n-1 of `pos` (sorted: each group's rows are together, as `_members` gives
    them); NAT for a group with none. One reduceat instead of a pandas groupby per call."""
    out = np.full(n, NAT, dtype=np.int64)
    p, v = pos[where], values[where].astype(np.int64, copy=False)
    if p.size:
        starts = np.flatnonzero(np.concatenate(([True], p[1:] != p[:-1])))
        out[p[starts]] = ufunc.reduceat(v, starts)
    return out


def evidence_rows(snap: Snapshot, sel: Selection, rows: np.ndarray) -> np.ndarray:
    """The mention that stands for each unit in `rows`: the event's evidence when the
    filter keeps it, else its most confident kept mention (earliest on a tie)."""
    if not rows.size:  # nothing kept (the leads of a filter no event matches)
        return np.zeros(0, dtype=np.int64)
    u = sel.units
    pos, ms = _members(u, rows)
    kept = sel.keep[ms]
    pos, ms = pos[kept], ms[kept]
    conf = snap.mentions["confidence"].to_numpy()[ms]
    by = np.lexsort((np.arange(ms.size), -conf, pos))
    firsts = np.flatnonzero(np.concatenate(([True], pos[by][1:] != pos[by][:-1])))
    best = np.full(rows.size, -1, dtype=np.int64)
    best[pos[by][firsts]] = ms[by][firsts]
    ev = u.event_no[rows]
    if len(snap.events):
        chosen = snap.events["evidence_m"].to_numpy()[np.maximum(ev, 0)]
        usable = (ev >= 0) & (chosen >= 0)
        usable[usable] &= sel.keep[chosen[usable]]
        best[usable] = chosen[usable]
    return best


def events_frame(
    snap: Snapshot, sel: Selection, rows: np.ndarray, evidence: np.ndarray, details: pd.DataFrame
) -> pd.DataFrame:
    """One row per event (unit of `sel`, events mode) in `rows`, in that order.

    `evidence` is `evidence_rows(snap, sel, rows)` and `details` is `snapshot.details(...)`
    for those mentions. From the kept mentions: first and last date, mentions, articles.
    From the whole event: parties, statuses, disputed, and the event totals; action,
    category and weapon are the Event row's, else those of its evidence mention.
    """
    u = sel.units
    m = snap.mentions
    pos, ms = _members(u, rows)
    kept = sel.keep[ms]
    dates = dates_int(snap)[ms]
    articles = m["article_no"].to_numpy()[ms].astype(np.int64)
    n = rows.size
    status_bits = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(status_bits, pos, 1 << m["status"].cat.codes.to_numpy()[ms].astype(np.int64))
    # Status categories follow the data's order: map them to STATUSES bits.
    cats = list(m["status"].cat.categories)
    remap = [STATUSES.index(c) if c in STATUSES else -1 for c in cats]
    bits = np.zeros(n, dtype=np.int64)
    for i, j in enumerate(remap):
        if j >= 0:
            bits |= ((status_bits >> i) & 1) << j

    dated = dates != NAT
    first = _reduce_per(np.minimum, pos, dates, kept & dated, n)
    last = _reduce_per(np.maximum, pos, dates, kept & dated, n)
    e_first = _reduce_per(np.minimum, pos, dates, dated, n)
    e_last = _reduce_per(np.maximum, pos, dates, dated, n)
    ids = snap.ids.take(pa.array(np.maximum(evidence, 0), pa.int64())).to_pylist()
    det = details.reindex(ids)
    ev = u.event_no[rows]
    has_row = (ev >= 0) & (len(snap.events) > 0)
    table = snap.events.iloc[np.maximum(ev, 0)] if len(snap.events) else None

    def from_event(name: str, fallback: np.ndarray) -> np.ndarray:
        if table is None:
            return fallback
        values = table[name].astype(object).to_numpy()
        given = has_row & pd.notna(values) & (values != "")
        return np.where(given, values, fallback)

    ev_m = np.maximum(evidence, 0)
    reported = (1 << STATUSES.index("reported")) | (1 << STATUSES.index("alleged"))
    computed_disputed = ((bits & reported) > 0) & (bits >> STATUSES.index("denied") & 1 > 0)
    event_disputed = (
        table["disputed"].to_numpy() & has_row if table is not None else np.zeros(n, bool)
    )
    statuses = from_event("statuses", np.asarray(_statuses(bits), dtype=object))
    statuses = np.asarray([s.replace("|", ", ") for s in statuses], dtype=object)
    news = (
        table["n_news_sources"].to_numpy().astype(np.int64)
        if table is not None
        else np.zeros(n, np.int64)
    )
    labels = np.asarray(snap.countries.index, dtype=object)
    src_u, src_code = u.side["source"]
    tgt_u, tgt_code = u.side["target"]
    out = pd.DataFrame(
        {
            "first_date": _day(first),
            "last_date": _day(last),
            "type": _labels(m["type"], ev_m),
            "sources": _joined(src_u, src_code, labels, rows, ", "),
            "targets": _joined(tgt_u, tgt_code, labels, rows, ", "),
            "action": from_event("action", _labels(m["action"], ev_m)),
            "statuses": statuses,
            "category": from_event("category", _labels(m["category"], ev_m)),
            "weapon": from_event("weapon", det["weapon"].to_numpy()),
            "mentions": np.bincount(pos[kept], minlength=n),
            "articles": _distinct_per(pos[kept], articles[kept], n),
            "disputed": event_disputed | computed_disputed,
            "evidence": det["sentence"].to_numpy(),
            "title": det["title"].to_numpy(),
            "url": det["url"].to_numpy(),
            "published": det["published"].to_numpy(),
            "article_id": det["article_id"].to_numpy(),
            "evidence_mention_id": ids,
            "event_id": _event_id(snap, ev),
            "event_first_date": _day(e_first),
            "event_last_date": _day(e_last),
            "event_mentions": u.bounds[rows + 1] - u.bounds[rows],
            "event_articles": _distinct_per(pos, articles, n),
            # The Event row's count of distinct news outlets; unknown (NA) until the
            # grouping has filled it.
            "news_sources": _positive(news),
        }
    )
    _register_columns(snap, out, ev, has_row)
    return out[list(EVENT_COLUMNS)]


def _register_columns(
    snap: Snapshot, out: pd.DataFrame, ev: np.ndarray, has_row: np.ndarray
) -> None:
    """Add each event's register check to `out`: status, the check in words, the entry
    id, score and the matcher's reason (a mention not grouped yet is unchecked)."""
    n = len(out)
    events = snap.events
    at = np.maximum(ev, 0)
    # A mention not grouped yet has no Event row: unchecked, nothing matched.
    none = ~has_row if len(events) else np.ones(n, dtype=bool)

    def column(name: str) -> np.ndarray:
        """The events' `name` at `ev` as objects, None where there is no Event row (one
        column at a time: no frame of every column taken and patched)."""
        if not len(events):
            return np.full(n, None, dtype=object)
        values = np.array(events[name].iloc[at].astype(object).to_numpy(), dtype=object)
        values[none] = None
        return values

    status = np.asarray([str(v) for v in column("register_status").tolist()], dtype=object)
    status[none] = "unchecked"
    kind = column("register_kind")
    line = column("register_line")
    score = pd.to_numeric(pd.Series(column("register_score")), errors="coerce").to_numpy()
    entry = column("register_entry")
    reason = column("register_reason")
    loads = snap.registers.loads
    out["register_status"] = status
    out["register"] = [
        registers.label(
            s, k or registers.KIND_OF_TYPE.get(t), ln, sc, registers.KIND_OF_TYPE.get(t) in loads
        )
        for s, k, ln, sc, t in zip(
            status.tolist(), kind.tolist(), line.tolist(), score.tolist(), out["type"], strict=True
        )
    ]
    out["register_entry"] = entry
    out["register_score"] = score
    out["register_reason"] = reason


def _positive(values: np.ndarray) -> pd.arrays.IntegerArray:
    """`values` with 0 (not known) as NA."""
    out = pd.array(values, dtype="Int64")
    out[values <= 0] = pd.NA
    return out


def _distinct_per(pos: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """For each group 0..n-1 in `pos`, how many distinct `values` (ints >= 0) it has."""
    if not pos.size:
        return np.zeros(n, dtype=np.int64)
    groups, _ = _distinct_rows((pos, n), (values, int(values.max()) + 1))
    return np.bincount(groups, minlength=n)


def article_ids(snap: Snapshot, keep: np.ndarray) -> list[str]:
    """Distinct article ids of the kept mentions, latest mention first."""
    codes = snap.mentions["article_no"].to_numpy()[table_rows(snap, keep, limit=None)]
    first = pd.unique(codes)
    return snap.article_ids.take(pa.array(first, pa.int64())).to_pylist()


def articles_frame(snap: Snapshot, keep: np.ndarray, articles: pd.DataFrame) -> pd.DataFrame:
    """The articles behind the kept mentions, with how many kept mentions each has and
    how many distinct events they report.

    `articles` is `snapshot.articles(...)` for `article_ids(snap, keep)`.
    """
    ids = article_ids(snap, keep)
    codes = snap.mentions["article_no"].to_numpy()[keep].astype(np.int64)
    n_articles = len(snap.article_ids)
    mentions = np.bincount(codes, minlength=n_articles)
    events = _distinct_per(codes, units(snap, "events").of[keep], n_articles)
    lookup = dict(zip(snap.article_ids.to_pylist(), range(n_articles), strict=True))
    numbers = np.asarray([lookup[i] for i in ids], dtype=np.int64)
    out = articles.reindex(ids)
    out.insert(0, "mentions", mentions[numbers] if numbers.size else [])
    out.insert(0, "events", events[numbers] if numbers.size else [])
    out = out.reset_index(names="id")
    return out[["id", "published", "title", "url", "source", "events", "mentions", "text"]]
