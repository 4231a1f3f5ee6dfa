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


def events(source: Source, f: Filter) -> pd.DataFrame:
    snap = snapshot.load(source)
    text = snapshot.sentences(source, snap) if f.q else None
    frame = downloads.frame(source, snap, f, None, "month", "events", sentences=text)
    frame = frame.astype(object).where(frame.notna(), None)  # NaN and None: both missing
    return frame.sort_values("mention_id").reset_index(drop=True)


@pytest.mark.parametrize("f", FILTERS)
def test_postgres_matches_sqlite(postgres_url: str, tmp_path: Path, f: Filter) -> None:
    on_pg = Source.from_url(seed_url(postgres_url))
    on_sqlite = Source.from_url(seed_database(tmp_path / "seed.db"))
    assert snapshot.version(on_pg)[-1] == len(SEEDS)
    pg, lite = events(on_pg, f), events(on_sqlite, f)
    assert len(pg) > 0
    pd.testing.assert_frame_equal(pg, lite, check_dtype=False)
    snap = snapshot.load(on_pg)
    keep = queries.mask(snap, f, sentences=snapshot.sentences(on_pg, snap) if f.q else None)
    assert queries.metrics(snap, keep).mentions == len(pg)
