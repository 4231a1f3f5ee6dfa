"""Shared fixtures. Heavy ones (spaCy model, PostgreSQL, browser) live in their own modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etl import store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A real SQLite file database with the schema and reference countries."""
    eng = store.make_engine(f"sqlite:///{tmp_path / 'monitor.db'}")
    store.init_db(eng)
    yield eng
    eng.dispose()
