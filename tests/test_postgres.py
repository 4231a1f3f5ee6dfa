"""The command line against a real PostgreSQL server: `--db` and `DATABASE_URL` both work,
with the real tagger (tests that load it are marked `model`).

(The store and pipeline tests run on PostgreSQL too, through the `db_url` fixture.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from etl import store
from etl.cli import app

if TYPE_CHECKING:  # imported by pytest as a plugin; importing it here too would
    from pg import PostgresServer  # stop pytest from rewriting its asserts

pytest_plugins = ["pg"]
pytestmark = pytest.mark.postgres


# Plain sentences the real tagger finds: 3 sanctions and 1 arms transfer in 3 articles,
# an article without an event, and a bad record.
ARTICLES = [
    {"id": "p1", "published": "2023-03-06",
     "text": "The European Union imposed sanctions on Belarus on 6 March 2023."},
    {"id": "p2", "published": "2023-03-07",
     "text": "Britain imposed sanctions on Russia on 7 March 2023. "
             "France delivered Caesar howitzers to Ukraine."},
    {"id": "p3", "published": "2023-03-05", "text": "The weather in Paris was mild on Sunday."},
    {"id": "p4", "published": "2023-03-09",
     "text": "The United States imposed sanctions on Hezbollah financiers in Lebanon."},
    {"id": "p5", "text": ""},
]  # fmt: skip


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner for the real commands (`run` loads the real spaCy model)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return CliRunner()


@pytest.mark.model
def test_run_and_stats_with_db_option(cli: CliRunner, postgres_url: str, corpus: Path) -> None:
    first = cli.invoke(app, ["run", str(corpus), "--db", postgres_url])
    assert first.exit_code == 0, first.stderr
    want = "articles read 5 / new 4 / already stored 0 / duplicates 0 / rejected 1; events found "
    assert want in first.stdout and "(from 4 new mentions)" in first.stdout
    engine = store.make_engine(postgres_url)
    counts = store.table_counts(engine)
    engine.dispose()
    assert (counts["article"], counts["mention"], counts["rejected"]) == (4, 4, 1)
    assert f"events found {counts['event']} " in first.stdout
    again = cli.invoke(app, ["run", str(corpus), "--db", postgres_url])
    assert again.exit_code == 0, again.stderr
    assert "new 0 / already stored 4" in again.stdout and "events found 0" in again.stdout
    stats = cli.invoke(app, ["stats", "--db", postgres_url])
    assert stats.exit_code == 0
    lines = stats.stdout.splitlines()
    assert lines[0] == f"articles 4  events {counts['event']}  mentions 4  rejected records 1"
    assert "events by type" in lines


@pytest.mark.model
def test_database_url_environment_variable(cli: CliRunner, postgres_url: str, corpus: Path) -> None:
    env = {"DATABASE_URL": postgres_url}
    assert cli.invoke(app, ["run", str(corpus)], env=env).exit_code == 0
    stats = cli.invoke(app, ["stats"], env=env)
    assert stats.stdout.startswith("articles 4  events ")
    # A psycopg2-style URL is mapped to the psycopg 3 driver that ships.
    legacy = postgres_url.replace("postgresql://", "postgresql+psycopg2://")
    assert cli.invoke(app, ["stats", "--db", legacy]).stdout.startswith("articles 4 ")


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
