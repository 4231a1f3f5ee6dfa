"""The command line against a real PostgreSQL server: `--db` and `DATABASE_URL` both work.

(The store and pipeline tests run on PostgreSQL too, through the `db_url` fixture.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import fakes
import pytest
from typer.testing import CliRunner

from etl import store
from etl.cli import app

if TYPE_CHECKING:  # imported by pytest as a plugin; importing it here too would
    from pg import PostgresServer  # stop pytest from rewriting its asserts

pytest_plugins = ["pg"]
pytestmark = pytest.mark.postgres


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    import etl.nlp

    monkeypatch.setattr(etl.nlp, "Tagger", lambda _model=None: fakes.FakeTagger())
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return CliRunner()


def test_run_and_stats_with_db_option(cli: CliRunner, postgres_url: str, tmp_path: Path) -> None:
    corpus = fakes.write_corpus(tmp_path / "in.jsonl")
    first = cli.invoke(app, ["run", str(corpus), "--db", postgres_url])
    assert first.exit_code == 0, first.stderr
    assert "new 60" in first.stdout
    engine = store.make_engine(postgres_url)
    counts = store.table_counts(engine)
    engine.dispose()
    assert counts["article"] == 60 and counts["mention"] > 0
    again = cli.invoke(app, ["run", str(corpus), "--db", postgres_url])
    assert "new 0" in again.stdout
    stats = cli.invoke(app, ["stats", "--db", postgres_url])
    assert stats.exit_code == 0 and stats.stdout.startswith("articles 60 ")


def test_database_url_environment_variable(
    cli: CliRunner, postgres_url: str, tmp_path: Path
) -> None:
    corpus = fakes.write_corpus(tmp_path / "in.jsonl", n=10)
    env = {"DATABASE_URL": postgres_url}
    assert cli.invoke(app, ["run", str(corpus)], env=env).exit_code == 0
    stats = cli.invoke(app, ["stats"], env=env)
    assert stats.stdout.startswith("articles 10 ")
    # A psycopg2-style URL is mapped to the psycopg 3 driver that ships.
    legacy = postgres_url.replace("postgresql://", "postgresql+psycopg2://")
    assert cli.invoke(app, ["stats", "--db", legacy]).stdout.startswith("articles 10 ")


def test_unknown_database_on_a_live_server_is_a_user_error(
    cli: CliRunner, postgres_server: PostgresServer
) -> None:
    url = postgres_server.url("no_such_db")
    result = cli.invoke(app, ["stats", "--db", url])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot open database") and "no_such_db" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
