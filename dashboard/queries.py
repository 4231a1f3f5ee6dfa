"""Filtered frames and aggregates over a Snapshot: pure functions, no Streamlit, no I/O.

A filter becomes a boolean mask over mention numbers (`mask`); every aggregate takes the
snapshot and a mask. Details that live only in the database (sentences, titles) come in as
frames from `snapshot`, so these functions stay pure and testable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.filters import Filter, Granularity
from dashboard.snapshot import Snapshot

OTHER = "Other"
UNNAMED = "Unnamed"  # a mention with no party named on that side
TABLE_LIMIT = 1000
NO_SOURCE, SEVERAL_SOURCES = -1, -2  # in `_lone_source`

T = TypeVar("T")


@dataclass(frozen=True)
class Drill:
    """A narrowing picked on a chart: a period (from the timeline), a source and/or target."""

    period_start: date | None = None
    granularity: Granularity = "month"
    source: str | None = None
    target: str | None = None
    type: str | None = None

    def is_empty(self) -> bool:
        return self == Drill(granularity=self.granularity)

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

    `sentences` (aligned with mention numbers) is needed only when `f.q` is set.
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
    if f.actors:
        a = snap.actors
        keep &= _mentions_with(snap, a["m"].to_numpy()[a["name"].isin(f.actors).to_numpy()])
    if drill is not None and not drill.is_empty():
        keep &= _drill_mask(snap, drill)
    if f.q:
        if sentences is None:
            raise ValueError("a text search needs the sentences")
        # Search only what the other filters kept: the costly part runs on fewer rows.
        idx = np.flatnonzero(keep)
        found = pc.match_substring(sentences.take(pa.array(idx)), f.q, ignore_case=True)
        keep[idx[~pc.fill_null(found, False).to_numpy(zero_copy_only=False)]] = False
    return keep


def _drill_mask(snap: Snapshot, drill: Drill) -> np.ndarray:
    m = snap.mentions
    keep = np.ones(len(m), dtype=bool)
    if drill.type:
        keep &= (m["type"] == drill.type).to_numpy()
    if drill.period_start:
        dates = m["date"].to_numpy()
        end = period_end(drill.period_start, drill.granularity)
        keep &= (dates >= np.datetime64(drill.period_start)) & (dates <= np.datetime64(end))
    for role, code in (("source", drill.source), ("target", drill.target)):
        if code is None:
            continue
        p = _parties(snap, role)
        if code == UNNAMED:  # mentions with nobody on that side
            keep &= ~_mentions_with(snap, p.m)
        elif code != OTHER:
            keep &= _mentions_with(snap, p.m[_country_numbers(snap, (code,))[p.code]])
    return keep


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
    snap: Snapshot, keep: np.ndarray, granularity: Granularity, top: int | None = 8
) -> pd.DataFrame:
    """Events per period and acting country (source side): period, code, actor, events.

    A mention with two senders counts once for each. Countries beyond the `top` busiest
    are summed as "Other"; mentions naming no source are "Unnamed". Undated mentions are
    left out (they have no place on a time axis).
    """
    columns = ["period", "period_label", "code", "actor", "events"]
    dated = keep & _derived(snap, "dated", lambda: ~np.isnat(snap.mentions["date"].to_numpy()))
    src = _parties(snap, "source")
    sel = dated[src.m]
    codes = src.code[sel]
    lone = np.flatnonzero(dated & (_lone_source(snap) == NO_SOURCE))
    n_codes = len(snap.countries)  # the code for "Unnamed"
    every_start = _derived(
        snap,
        ("period_starts", granularity),
        lambda: period_starts(snap.mentions["date"].to_numpy(), granularity).astype(np.int64),
    )
    starts = np.concatenate([every_start[src.m[sel]], every_start[lone]])
    if starts.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    first = starts.min()
    period_no, code_no, events = _count_pairs(
        starts - first, np.concatenate([codes, np.full(lone.size, n_codes)]), n_codes + 1
    )
    labels = np.array([*snap.countries.index, UNNAMED], dtype=object)
    counts = pd.DataFrame({"period": period_no + first, "code": labels[code_no], "events": events})
    totals = counts.groupby("code")["events"].sum().sort_values(ascending=False, kind="stable")
    keep_codes = [c for c in totals.index if c != UNNAMED]
    if top is not None:
        keep_codes = keep_codes[:top]
    known = counts["code"].isin(keep_codes) | (counts["code"] == UNNAMED)
    if not known.all():
        counts.loc[~known, "code"] = OTHER
        counts = counts.groupby(["period", "code"], as_index=False, sort=False)["events"].sum()
    names = _names(snap)
    counts["actor"] = counts["code"].map(lambda c: names.get(c, c))
    counts["period"] = pd.to_datetime(counts["period"].to_numpy().astype("datetime64[D]"))
    counts["period_label"] = counts["period"].dt.strftime("%Y-%m-%d")
    # Legend order: busiest first, then Other and Unnamed.
    rank = {c: i for i, c in enumerate([*keep_codes, OTHER, UNNAMED])}
    counts["_rank"] = counts["code"].map(rank)
    counts = counts.sort_values(["period", "_rank"], kind="stable")
    return counts[columns].reset_index(drop=True)


def matrix(snap: Snapshot, keep: np.ndarray, top: int = 15) -> pd.DataFrame:
    """Who acts on whom: type, source, target, events, for the `top` sources and targets
    of each event type. A mention counts once per (source, target) pair it names."""
    columns = ["type", "source", "target", "source_name", "target_name", "events"]
    src, tgt = _parties(snap, "source"), _parties(snap, "target")
    lone = _lone_source(snap)
    rows = keep[tgt.m]
    t_m, t_code = tgt.m[rows], tgt.code[rows]
    # Most mentions name one source: pair it with each target by array look-up, and
    # cross-join only the few mentions with several sources.
    source_of = lone[t_m]
    single = source_of >= 0
    several = source_of == SEVERAL_SOURCES
    s_rows = keep[src.m] & (lone[src.m] == SEVERAL_SOURCES)
    multi = pd.DataFrame({"m": src.m[s_rows], "s": src.code[s_rows]}).merge(
        pd.DataFrame({"m": t_m[several], "t": t_code[several]}), on="m"
    )
    pm = np.concatenate([t_m[single], multi["m"].to_numpy()]).astype(np.int64)
    ps = np.concatenate([source_of[single], multi["s"].to_numpy()]).astype(np.int64)
    pt = np.concatenate([t_code[single], multi["t"].to_numpy()]).astype(np.int64)
    if pm.size == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    types = snap.mentions["type"]
    n = len(snap.countries)
    type_no = types.cat.codes.to_numpy()[pm].astype(np.int64)
    tk, t_no, counts = _count_pairs(type_no * n + ps, pt, n)
    labels = np.asarray(snap.countries.index, dtype=object)
    out = pd.DataFrame(
        {
            "type": np.asarray(types.cat.categories, dtype=object)[tk // n],
            "source": labels[tk % n],
            "target": labels[t_no],
            "events": counts,
        }
    )
    frames = []
    for _, group in out.groupby("type", sort=True):
        top_s = group.groupby("source")["events"].sum().nlargest(top).index
        top_t = group.groupby("target")["events"].sum().nlargest(top).index
        frames.append(group[group["source"].isin(top_s) & group["target"].isin(top_t)])
    out = pd.concat(frames, ignore_index=True)
    names = _names(snap)
    out["source_name"] = out["source"].map(lambda c: names.get(c, c))
    out["target_name"] = out["target"].map(lambda c: names.get(c, c))
    return out[columns]


def by_country(snap: Snapshot, keep: np.ndarray) -> pd.DataFrame:
    """Per country: mentions naming it as source, as target, and either (`events`), with
    the map key `id` (ISO numeric, 3 digits). Every state is listed, zeros included, so the
    map can show countries with no events; blocs only when they appear.
    """
    p = _parties(snap)
    sel = keep[p.m]
    codes = p.code[sel]
    is_source = p.source[sel]
    n = len(snap.countries)
    out = snap.countries[["name", "kind", "iso_numeric"]].copy()
    out["as_source"] = np.bincount(codes[is_source & (codes >= 0)], minlength=n)
    out["as_target"] = np.bincount(codes[~is_source & (codes >= 0)], minlength=n)
    # The guidelines put different parties on the two sides, so either side is the sum.
    out["events"] = out["as_source"] + out["as_target"]
    out = out[(out["kind"] == "state") | (out["events"] > 0)]
    out["id"] = out["iso_numeric"].map(lambda v: f"{int(v):03d}" if pd.notna(v) else None)
    return out.reset_index(names="code")


@dataclass(frozen=True)
class Metrics:
    """Headline numbers for one filter."""

    events: int  # distinct real-world events (ungrouped mentions count one each)
    mentions: int
    articles: int
    countries: int


def _distinct(codes: np.ndarray, size: int) -> int:
    """How many distinct ints in 0..size-1 (negatives ignored); linear, not a sort."""
    seen = np.zeros(size + 1, dtype=bool)
    seen[np.where(codes >= 0, codes, size)] = True
    return int(np.count_nonzero(seen[:size]))


def metrics(snap: Snapshot, keep: np.ndarray) -> Metrics:
    """Events, mentions, articles and countries involved in the kept mentions."""
    m = snap.mentions
    events = m["event_no"].to_numpy()[keep]
    p = _parties(snap)
    return Metrics(
        events=_distinct(events, len(snap.mentions)) + int((events < 0).sum()),
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


EVENT_COLUMNS = (
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
    "article_id",
    "mention_id",
    "start",
    "end",
)


def events_frame(snap: Snapshot, rows: np.ndarray, details: pd.DataFrame) -> pd.DataFrame:
    """The events table for mention numbers `rows`, in that order.

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
            "article_id": det["article_id"].to_numpy(),
            "mention_id": ids,
            "start": det["start"].to_numpy(),
            "end": det["end"].to_numpy(),
        }
    )
    return out[list(EVENT_COLUMNS)]


def article_ids(snap: Snapshot, keep: np.ndarray) -> list[str]:
    """Distinct article ids of the kept mentions, latest mention first."""
    codes = snap.mentions["article_no"].to_numpy()[table_rows(snap, keep, limit=None)]
    first = pd.unique(codes)
    return snap.article_ids.take(pa.array(first, pa.int64())).to_pylist()


def articles_frame(snap: Snapshot, keep: np.ndarray, articles: pd.DataFrame) -> pd.DataFrame:
    """The articles behind the kept mentions, with how many kept mentions each has.

    `articles` is `snapshot.articles(...)` for `article_ids(snap, keep)`.
    """
    ids = article_ids(snap, keep)
    codes = snap.mentions["article_no"].to_numpy()[keep]
    per_code = pd.Series(codes).value_counts()
    lookup = dict(zip(snap.article_ids.to_pylist(), range(len(snap.article_ids)), strict=True))
    counts = [int(per_code.get(lookup[i], 0)) for i in ids]
    out = articles.reindex(ids)
    out.insert(0, "events", counts)
    out = out.reset_index(names="id")
    return out[["id", "published", "title", "url", "source", "events", "text"]]
