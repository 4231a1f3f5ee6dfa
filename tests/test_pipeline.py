"""The `run` flow: idempotent by content hash, consistent after a crash, nothing dropped.

Each storage test runs on a SQLite file and on a real PostgreSQL server (`db_url`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import VERSION, Boom, FakeTagger, expected_mentions, write_corpus
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from etl import pipeline, store
from etl.models import Article, EtlRun, Mention, MentionActor, MentionParty, Rejected

pytest_plugins = ["pg"]
ROOT = Path(__file__).resolve().parents[1]


def run(path: Path, engine: Engine, **kwargs: object) -> pipeline.RunSummary:
    tagger = kwargs.pop("tagger", None) or FakeTagger()
    return pipeline.run(
        [path],
        engine,
        lambda: tagger,  # type: ignore[arg-type, return-value]
        tagger_version=VERSION,
        chunk_size=8,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "in.jsonl")


@pytest.fixture
def eng(db_url: str) -> Iterator[Engine]:
    engine = store.make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_url(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A second empty database on the same back-end as `db_url`."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'clean.db'}"
    return str(request.getfixturevalue("postgres_server").create_database())


def clean_counts(path: Path, url: str) -> dict[str, int]:
    """Table counts after one uninterrupted run into a fresh database at `url`."""
    engine = store.make_engine(url)
    try:
        run(path, engine)
        return store.table_counts(engine)
    finally:
        engine.dispose()


def assert_consistent(engine: Engine, path: Path) -> None:
    """Every stored article has all its mentions; no mention, party or actor is orphaned."""
    want = expected_mentions(path)
    with Session(engine) as s:
        stored: dict[str, int] = dict(
            s.execute(
                select(col(Article.id), func.count(col(Mention.id)))
                .join(Mention, col(Mention.article_id) == col(Article.id), isouter=True)
                .group_by(col(Article.id))
            ).all()
        )
        for aid, n in stored.items():
            assert n == want[aid], f"article {aid} has {n} of {want[aid]} mentions"
        orphans = s.execute(
            select(func.count())
            .select_from(Mention)
            .where(~col(Mention.article_id).in_(select(col(Article.id))))
        ).scalar_one()
        assert orphans == 0
        for table in (MentionParty, MentionActor):
            lost = s.execute(
                select(func.count())
                .select_from(table)
                .where(~col(table.mention_id).in_(select(col(Mention.id))))
            ).scalar_one()
            assert lost == 0


def test_run_loads_everything_and_reports(eng: Engine, corpus: Path) -> None:
    summary = run(corpus, eng)
    counts = store.table_counts(eng)
    assert all(n > 0 for n in counts.values()), counts  # the idempotency test below is real
    want = expected_mentions(corpus)
    assert summary.read == 63
    assert summary.new == 60 == counts["article"]
    assert summary.duplicates == 1  # a0-copy: same content as a0
    assert summary.rejected == 2 == counts["rejected"]
    assert summary.mentions == sum(want.values()) == counts["mention"]
    assert "articles read 63 / new 60" in summary.line()
    assert "rejected 2" in summary.line()
    assert f"events found {summary.mentions}" in summary.line()
    assert_consistent(eng, corpus)


def test_second_run_adds_no_row_to_any_table(eng: Engine, corpus: Path) -> None:
    run(corpus, eng)
    first = store.table_counts(eng)
    summary = run(corpus, eng)
    assert store.table_counts(eng) == first
    assert (summary.new, summary.already, summary.mentions) == (0, 60, 0)


def test_rejected_records_are_stored_with_reasons(eng: Engine, corpus: Path) -> None:
    summary = run(corpus, eng)
    with Session(eng) as s:
        rows = {r.origin: r.reason for r in s.exec(select(Rejected)).scalars()}  # type: ignore[call-overload]
    assert rows == {f"{corpus}:62": "not JSON: Expecting property name enclosed in double quotes",
                    f"{corpus}:63": "text: empty"}  # fmt: skip
    assert sum(summary.rejected_reasons.values()) == 2


def test_id_reused_for_other_content_is_rejected(eng: Engine, tmp_path: Path) -> None:
    first = tmp_path / "one.jsonl"
    first.write_text('{"id": "x", "text": "USA sanctions IRN."}\n')
    second = tmp_path / "two.jsonl"
    second.write_text('{"id": "x", "text": "Something else entirely."}\n')
    run(first, eng)
    summary = run(second, eng)
    assert summary.new == 0 and summary.rejected == 1
    (reason,) = summary.rejected_reasons
    assert "already used by an article with different content" in reason


def test_run_log(eng: Engine, corpus: Path) -> None:
    run(corpus, eng)
    run(corpus, eng)
    with Session(eng) as s:
        (log,) = s.exec(select(EtlRun)).scalars()  # type: ignore[call-overload]
    assert (log.status, log.times_run, log.articles_read, log.articles_new) == ("ok", 2, 63, 0)


def test_progress_callback_sees_every_record(eng: Engine, corpus: Path) -> None:
    seen: list[int] = []
    run(corpus, eng, on_progress=lambda done, _new: seen.append(done))
    assert sum(seen) == 63


def test_crash_mid_run_leaves_db_consistent_and_rerun_completes(
    eng: Engine, corpus: Path, fresh_url: str
) -> None:
    with pytest.raises(Boom):
        run(corpus, eng, tagger=FakeTagger(fail_after=29))
    partial = store.table_counts(eng)
    assert 0 < partial["article"] < 60
    assert_consistent(eng, corpus)
    with Session(eng) as s:
        (log,) = s.exec(select(EtlRun)).scalars()  # type: ignore[call-overload]
    assert log.status == "failed" and "simulated crash" in (log.error or "")
    run(corpus, eng)
    assert_consistent(eng, corpus)
    assert store.table_counts(eng) == clean_counts(corpus, fresh_url)


def test_killed_process_leaves_sqlite_consistent(tmp_path: Path, corpus: Path) -> None:
    """SIGKILL in the middle of a real run against a real SQLite file, then re-run."""
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    proc = subprocess.run(
        [sys.executable, "-c", f"import fakes; fakes.run_and_die({url!r}, {str(corpus)!r}, 37)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    engine = store.make_engine(url)
    try:
        assert 0 < store.table_counts(engine)["article"] < 60
        assert_consistent(engine, corpus)
        run(corpus, engine)
        assert_consistent(engine, corpus)
        assert store.table_counts(engine) == clean_counts(
            corpus, f"sqlite:///{tmp_path / 'clean.db'}"
        )
    finally:
        engine.dispose()


def test_extractor_is_not_built_when_nothing_is_new(eng: Engine, corpus: Path) -> None:
    run(corpus, eng)

    def refuse() -> FakeTagger:
        raise AssertionError("the model must not load for a run with nothing new")

    pipeline.run([corpus], eng, refuse, tagger_version=VERSION)


def test_missing_input_fails_before_touching_the_database(eng: Engine, tmp_path: Path) -> None:
    from etl.sources import SourceError

    with pytest.raises(SourceError):
        run(tmp_path / "missing.jsonl", eng)
    store.init_db(eng)
    assert store.table_counts(eng)["etlrun"] == 0


def test_ingest_writes_articles_and_rejected_sidecar(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "articles.jsonl"
    summary = pipeline.ingest([corpus], out)
    assert summary.rejected_output == tmp_path / "out" / "articles.rejected.jsonl"
    assert (summary.read, summary.articles, summary.duplicates, summary.rejected) == (63, 60, 1, 2)
    assert len(out.read_text().splitlines()) == 60
    bad = summary.rejected_output.read_text().splitlines()
    assert len(bad) == 2 and '"reason": "text: empty"' in bad[1]
    # The output is the extract input: it reads back as the same articles.
    again = pipeline.ingest([out], tmp_path / "again.jsonl")
    assert (again.articles, again.rejected) == (60, 0)
    assert (tmp_path / "again.jsonl").read_text() == out.read_text()


def test_ingest_failure_leaves_no_partial_output(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text("previous\n")
    with pytest.raises(Exception):  # noqa: B017 - whatever the error, the old file stays
        pipeline.ingest([tmp_path / "missing.jsonl"], out)
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["articles.jsonl"]
