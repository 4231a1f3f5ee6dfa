"""What each download holds, built only when its button is clicked.

Streamlit runs a download's callable on a thread of its own, outside the script run, so
these functions use the snapshot and the pure queries directly rather than the caches.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import pyarrow as pa

from dashboard import export, queries, snapshot
from dashboard.filters import DEFAULT_COUNT, Count, Filter, Granularity
from dashboard.queries import Drill
from dashboard.snapshot import Snapshot, Source

Dataset = Literal["events", "mentions", "articles", "timeseries"]
DATASETS: dict[Dataset, str] = {
    "events": "Events",
    "mentions": "Mentions",
    "articles": "Articles",
    "timeseries": "Time series",
}


def frame(
    source: Source,
    snap: Snapshot,
    f: Filter,
    drill: Drill | None,
    granularity: Granularity,
    dataset: Dataset,
    sentences: pa.Array | None = None,
    count: Count = DEFAULT_COUNT,
) -> pd.DataFrame:
    """The rows of one download: every filtered event (one row each, with `event_id`),
    every filtered mention (with its `event_id`), their articles, or the counts of events
    (or mentions, as `count` says) per period and acting country (no "Other" grouping)."""
    kept = queries.mask(snap, f, drill, sentences=sentences)
    if dataset == "events":
        sel = queries.select(snap, kept, "events")
        rows = queries.event_rows(snap, sel, limit=None)
        evidence = queries.evidence_rows(snap, sel, rows)
        details = snapshot.details(source, snap, evidence)
        return queries.events_frame(snap, sel, rows, evidence, details)
    if dataset == "mentions":
        rows = queries.table_rows(snap, kept, limit=None)
        return queries.mentions_frame(snap, rows, snapshot.details(source, snap, rows))
    if dataset == "articles":
        ids = queries.article_ids(snap, kept)
        return queries.articles_frame(snap, kept, snapshot.articles(source, ids))
    series = queries.timeline(snap, queries.select(snap, kept, count), granularity, top=None)
    series = series.drop(columns=["period_label"]).rename(
        columns={"code": "acting_code", "actor": "acting", "count": count}
    )
    series["period"] = pd.to_datetime(series["period"]).dt.date
    return series


def build(
    source: Source,
    snap: Snapshot,
    f: Filter,
    drill: Drill | None,
    granularity: Granularity,
    dataset: Dataset,
    fmt: export.Format,
    sentences: pa.Array | None = None,
    count: Count = DEFAULT_COUNT,
) -> bytes:
    """The bytes of one download."""
    data = frame(source, snap, f, drill, granularity, dataset, sentences, count)
    return export.render(data, fmt)
