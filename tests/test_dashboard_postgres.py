"""The dashboard's reads on a real PostgreSQL server give what they give on SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from assets.dashboard_seed import SEEDS, seed_database, seed_url

from dashboard import downloads, queries, snapshot
from dashboard.filters import Filter
from dashboard.snapshot import Source

if TYPE_CHECKING:  # a pytest plugin (see test_postgres.py)
    from pg import PostgresServer  # noqa: F401

pytest_plugins = ["pg"]
pytestmark = pytest.mark.postgres

FILTERS = [
    Filter(),
    Filter(countries=("IRN",), role="source"),
    Filter(types=("sanction",), min_conf=0.5),
    Filter(q="drones"),
    Filter(actors=("Antony Blinken",)),
]


def download(source: Source, f: Filter, dataset: downloads.Dataset) -> pd.DataFrame:
    snap = snapshot.load(source)
    text = snapshot.sentences(source, snap) if f.q else None
    frame = downloads.frame(source, snap, f, None, "month", dataset, sentences=text)
    frame = frame.astype(object).where(frame.notna(), None)  # NaN and None: both missing
    key = "mention_id" if dataset == "mentions" else "evidence_mention_id"
    return frame.sort_values(key).reset_index(drop=True)


@pytest.mark.parametrize("f", FILTERS)
def test_postgres_matches_sqlite(postgres_url: str, tmp_path: Path, f: Filter) -> None:
    on_pg = Source.from_url(seed_url(postgres_url))
    on_sqlite = Source.from_url(seed_database(tmp_path / "seed.db"))
    assert snapshot.version(on_pg)[3] == len(SEEDS)  # runs (3 values), then the mentions
    snap = snapshot.load(on_pg)
    keep = queries.mask(snap, f, sentences=snapshot.sentences(on_pg, snap) if f.q else None)
    got = queries.metrics(snap, keep)
    for dataset, total in (("events", got.events), ("mentions", got.mentions)):
        pg, lite = download(on_pg, f, dataset), download(on_sqlite, f, dataset)  # type: ignore[arg-type]
        assert len(pg) > 0
        pd.testing.assert_frame_equal(pg, lite, check_dtype=False)
        assert len(pg) == total
