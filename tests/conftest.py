"""Shared fixtures. Heavy ones (spaCy model, PostgreSQL, browser) live in their own modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine

from etl import store

# Property tests check what code does, not how fast: no per-example deadline, which fails
# them at random on a busy two-core machine (DeadlineExceeded in the trie test under load).
settings.register_profile("monitor", deadline=None)
settings.load_profile("monitor")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A real SQLite file database with the schema and reference countries."""
    eng = store.make_engine(f"sqlite:///{tmp_path / 'monitor.db'}")
    store.init_db(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def tagger():  # type: ignore[no-untyped-def]
    """The real tagger with the real spaCy model, loaded once per test session."""
    from etl.nlp import Tagger

    return Tagger()


def shared_file(*parts: str) -> Path:
    """A file under ../shared (research data, never in the repo); skip when absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent)")
    return path
