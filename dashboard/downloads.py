"""What each download holds, built only when its button is clicked.

Streamlit runs a download's callable on a thread of its own, outside the script run, so
these functions use the snapshot and the pure queries directly rather than the caches.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import pyarrow as pa

from dashboard import export, queries, snapshot
from dashboard.filters import Filter, Granularity
from dashboard.queries import Drill
from dashboard.snapshot import Snapshot, Source

Dataset = Literal["events", "articles", "timeseries"]
DATASETS: dict[Dataset, str] = {
    "events": "Events",
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
) -> pd.DataFrame:
    """The rows of one download: every filtered event, their articles, or the counts per
    period and acting country (no "Other" grouping)."""
    kept = queries.mask(snap, f, drill, sentences=sentences)
    if dataset == "events":
        rows = queries.table_rows(snap, kept, limit=None)
        return queries.events_frame(snap, rows, snapshot.details(source, snap, rows))
    if dataset == "articles":
        ids = queries.article_ids(snap, kept)
        return queries.articles_frame(snap, kept, snapshot.articles(source, ids))
    series = queries.timeline(snap, kept, granularity, top=None)
    series = series.drop(columns=["period_label"]).rename(
        columns={"code": "acting_code", "actor": "acting"}
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
) -> bytes:
    """The bytes of one download."""
    return export.render(frame(source, snap, f, drill, granularity, dataset, sentences), fmt)
