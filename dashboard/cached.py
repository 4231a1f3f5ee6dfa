"""Streamlit caches around `snapshot` and `queries`: the glue between the pure code and the app.

The snapshot is shared by every session (cache_resource: one copy, never pickled) and is
keyed by the data version, so a new ETL run is picked up within `VERSION_TTL` seconds.
Everything a filter produces is cached by the Filter value. What the page reads on every
rerun (the page's aggregates, the table) is a cache_resource too: cache_data pickles a value
when it is stored and unpickles a copy on every read (about 10 ms a rerun for the table's
thousand rows at a million mentions); the page only reads these values, never changes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard import downloads, export, queries, registers, snapshot
from dashboard.filters import DEFAULT_COUNT, Count, Filter, Granularity
from dashboard.queries import Drill, Metrics
from dashboard.snapshot import Snapshot, Source

VERSION_TTL = 5  # seconds between checks for new data
# Streamlit keys a dataclass argument by copying it into a dict (`dataclasses.asdict`, a
# deep copy) and hashing each field apart: about 1 ms for a Filter, several times a rerun.
# Their repr names every field and its value, so it keys the caches as well.
KEYS: dict[Any, Callable[[Any], Any]] = {Filter: repr, Drill: repr}


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def version(url: str) -> tuple[Any, ...]:
    """The data version (raises snapshot.NoDatabase when there is no database yet)."""
    return snapshot.version(Source.from_url(url))


@st.cache_data(max_entries=2, show_spinner=False)
def choices(url: str, data_version: tuple[Any, ...]) -> tuple[pd.DataFrame, list[str]]:
    """Countries and actor names for the filter widgets (a quick read, before `load`)."""
    return snapshot.choices(Source.from_url(url))


@st.cache_resource(max_entries=2, show_spinner="Reading the database…")
def load(url: str, data_version: tuple[Any, ...]) -> Snapshot:
    return snapshot.load(Source.from_url(url))


@st.cache_resource(max_entries=2, show_spinner="Reading evidence sentences for the search…")
def sentences(url: str, data_version: tuple[Any, ...]) -> pa.Array:
    return snapshot.sentences(Source.from_url(url), load(url, data_version))


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=KEYS)
def keep(url: str, data_version: tuple[Any, ...], f: Filter, drill: Drill | None) -> np.ndarray:
    """The filter's mask, shared by the aggregates and the table (a text search over a
    million sentences is the costliest step). Sentences are read only for a search."""
    snap = load(url, data_version)
    text = sentences(url, data_version) if f.q else None
    return queries.mask(snap, f, drill, sentences=text)


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=KEYS)
def selection(
    url: str, data_version: tuple[Any, ...], f: Filter, drill: Drill | None, count: Count
) -> queries.Selection:
    """The events (or mentions) the filter keeps, shared by the charts and the table (a
    resource: its arrays are used in place, not copied on every read)."""
    return queries.select(load(url, data_version), keep(url, data_version, f, drill), count)


@dataclass(frozen=True)
class Page:
    """Everything the page shows for one filter (small: aggregates and one table page)."""

    timeline: pd.DataFrame
    matrix: pd.DataFrame
    countries: pd.DataFrame
    metrics: Metrics
    previous: Metrics | None
    windows: tuple[tuple[date, date], tuple[date, date]] | None
    count: Count


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=KEYS)
def page(
    url: str,
    data_version: tuple[Any, ...],
    f: Filter,
    granularity: Granularity,
    count: Count = DEFAULT_COUNT,
) -> Page:
    snap = load(url, data_version)
    kept = keep(url, data_version, f, None)
    sel = selection(url, data_version, f, None, count)
    spans = queries.windows(snap, f)
    before = None
    if spans is not None:
        before = queries.metrics(snap, keep(url, data_version, queries.previous(f, spans[1]), None))
    return Page(
        timeline=queries.timeline(snap, sel, granularity),
        matrix=queries.matrix(snap, sel),
        countries=queries.by_country(snap, sel),
        metrics=queries.metrics(snap, kept, sel),
        previous=before,
        windows=spans,
        count=count,
    )


@dataclass(frozen=True)
class Table:
    """The events table's first rows (latest first), and the totals behind it."""

    frame: pd.DataFrame
    units: np.ndarray  # the unit number of each row (for its mentions)
    events: int
    mentions: int


@st.cache_resource(max_entries=64, show_spinner=False, hash_funcs=KEYS)
def table(url: str, data_version: tuple[Any, ...], f: Filter, drill: Drill | None) -> Table:
    """The first rows of the events table (latest first) and how many there are."""
    snap = load(url, data_version)
    kept = keep(url, data_version, f, drill)
    sel = selection(url, data_version, f, drill, "events")
    rows = queries.event_rows(snap, sel)
    evidence = queries.evidence_rows(snap, sel, rows)
    details = snapshot.details(Source.from_url(url), snap, evidence)
    frame = queries.events_frame(snap, sel, rows, evidence, details)
    return Table(frame=frame, units=rows, events=len(sel.kept), mentions=int(kept.sum()))


@dataclass(frozen=True)
class RegisterView:
    """The "News and registers" view's frames for one filter (leads come from `table`)."""

    register_only: pd.DataFrame  # entries of the period no news event matched
    pairs: pd.DataFrame  # per type, pair and year: news events beside the register


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=KEYS)
def register_view(url: str, data_version: tuple[Any, ...], f: Filter) -> RegisterView:
    snap = load(url, data_version)
    reg = snap.registers
    # Worked out once per snapshot: the register does not change with the filter.
    if "sipri_years" not in snap.derived:
        snap.derived["sipri_years"] = registers.sipri_years(reg)
        snap.derived["gsdb_spans"] = registers.gsdb_spans(reg)
    news = queries.news_pairs(snap, selection(url, data_version, f, None, "events"))
    pairs = registers.pair_years(news, reg, snap.derived["sipri_years"], snap.derived["gsdb_spans"])
    if f.date_from or f.date_to:  # the register side of a pair: the filter's years only
        lo = f.date_from.year if f.date_from else 0
        hi = f.date_to.year if f.date_to else 10**6
        pairs = pairs[(pairs["year"] >= lo) & (pairs["year"] <= hi)].reset_index(drop=True)
    return RegisterView(
        register_only=registers.register_only(
            reg, f.date_from, f.date_to, f.countries, f.role, f.types
        ),
        pairs=pairs,
    )


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=KEYS)
def event_mentions(
    url: str, data_version: tuple[Any, ...], f: Filter, drill: Drill | None, unit: int
) -> pd.DataFrame:
    """Every mention of one event (unit number `unit`), earliest first, with whether the
    filter keeps it (`in_filter`)."""
    snap = load(url, data_version)
    kept = keep(url, data_version, f, drill)
    rows = queries.unit_mentions(selection(url, data_version, f, drill, "events"), unit)
    frame = queries.mentions_frame(snap, rows, snapshot.details(Source.from_url(url), snap, rows))
    frame.insert(0, "in_filter", kept[rows])
    return frame


def download(
    url: str,
    data_version: tuple[Any, ...],
    f: Filter,
    drill: Drill | None,
    granularity: Granularity,
    count: Count = DEFAULT_COUNT,
) -> Callable[[downloads.Dataset, export.Format], Callable[[], bytes]]:
    """For `st.download_button(data=...)`: (dataset, format) -> a callable that builds the
    file when clicked. The snapshot is looked up once for all the buttons (each cache
    look-up hashes its arguments)."""
    source = Source.from_url(url)
    snap = load(url, data_version)
    text = sentences(url, data_version) if f.q else None

    def of(dataset: downloads.Dataset, fmt: export.Format) -> Callable[[], bytes]:
        return partial(
            downloads.build, source, snap, f, drill, granularity, dataset, fmt, text, count
        )

    return of
