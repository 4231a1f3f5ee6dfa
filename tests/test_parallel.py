"""The Dask engine: same database as the local engine, model loaded once per worker."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import SQLModel
from typer.testing import CliRunner

from etl import parallel, pipeline, store
from etl.cli import app

SHARED = Path(__file__).resolve().parents[2] / "shared"
# Columns that record when something happened, not what: they differ between two runs.
VOLATILE = {"ingested_at", "created_at", "started_at", "finished_at"}
CONTENT_TABLES = ("article", "mention", "mentionparty", "mentionactor", "event", "rejected")


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the content tables, without timestamps, sorted."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for name in CONTENT_TABLES:
            table = SQLModel.metadata.tables[name]
            cols = [c for c in table.columns if c.name not in VOLATILE]
            rows = conn.execute(select(*cols)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


@pytest.fixture
def small_input(tmp_path: Path) -> Path:
    """About 40 real articles with events when ../shared is there, else made-up ones."""
    path = tmp_path / "in.jsonl"
    corpus = SHARED / "corpus" / "articles_relevant.jsonl"
    if corpus.exists():
        lines = corpus.read_text(encoding="utf-8").splitlines()[:40]
    else:
        lines = [
            json.dumps({"id": f"m{i}", "text": f"The United States imposed sanctions on Iran {i}."})
            for i in range(40)
        ]
    path.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A two-worker LocalCluster, shared by this module's tests."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as lc,
        Client(lc) as client,
    ):
        yield client


@pytest.mark.slow
@pytest.mark.model  # the real tagger, on both engines
def test_dask_engine_loads_the_same_database_as_local(
    tmp_path: Path, small_input: Path, cluster: Any
) -> None:
    from etl.nlp import TAGGER_VERSION, Tagger

    local = store.make_engine(f"sqlite:///{tmp_path / 'local.db'}")
    pipeline.run([small_input], local, Tagger, tagger_version=TAGGER_VERSION, chunk_size=16)
    dask_db = store.make_engine(f"sqlite:///{tmp_path / 'dask.db'}")
    with parallel.DaskExtractor(scheduler=cluster.scheduler.address, batch_size=4) as ex:
        summary = pipeline.run(
            [small_input], dask_db, lambda: ex, tagger_version=TAGGER_VERSION, chunk_size=16
        )
        # The model was built once in each worker process, not once per task.
        loads = cluster.run(parallel.loads_in_this_process)
    assert summary.new == 40
    assert sorted(loads.values()) == [1, 1]
    assert dump(dask_db) == dump(local)
    assert store.table_counts(dask_db) == store.table_counts(local)
    local.dispose()
    dask_db.dispose()


@pytest.mark.slow
@pytest.mark.model  # the real tagger, on both engines
def test_cli_run_with_dask_workers(tmp_path: Path, small_input: Path) -> None:
    """`run --engine dask --workers 2` starts and stops its own LocalCluster."""
    db = f"sqlite:///{tmp_path / 'm.db'}"
    result = CliRunner().invoke(
        app, ["run", str(small_input), "--db", db, "--engine", "dask", "--workers", "2"]
    )
    assert result.exit_code == 0, result.stderr
    assert "articles read 41 / new 40" in result.stdout


@pytest.mark.slow
def test_unreachable_scheduler_is_a_user_error(tmp_path: Path, small_input: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = f"sqlite:///{tmp_path / 'm.db'}"
    args = ["run", str(small_input), "--db", db, "--engine", "dask"]
    result = CliRunner().invoke(app, [*args, "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("error: cannot connect to Dask scheduler")
    assert "Traceback" not in result.stderr


def test_task_functions_are_importable_by_reference() -> None:
    """Dask pickles module-level functions by name: workers import them, nothing heavy
    travels with each task."""
    import pickle

    assert len(pickle.dumps(parallel.extract_batch)) < 200
    assert parallel.extract_batch.__module__ == "etl.parallel"


def test_nothing_to_extract_starts_no_cluster() -> None:
    ex = parallel.DaskExtractor(scheduler="tcp://127.0.0.1:1")
    assert list(ex.extract_many([])) == []
    assert ex._client is None
