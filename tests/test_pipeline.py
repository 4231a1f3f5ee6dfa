"""The `run` flow: idempotent by content hash, consistent after a crash, nothing dropped.

Each storage test runs on a SQLite file and on a real PostgreSQL server (`db_url`) with the
real tagger (session fixture `tagger`) over articles written in plain English, and checks
what is stored against the tagger's own output. The few tests that need an extractor they
can control (one that crashes after exactly N articles, or must never be built) use
`fakes.FakeTagger`: they are unit tests of the pipeline's transaction and skip logic, and
test_integration.py checks the same behaviour with the real tagger in real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fakes import VERSION, Boom, FakeTagger, write_corpus
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from views import View, expected_view, stored_view

from etl import pipeline, sources, store
from etl.models import Article, EtlRun, Mention, MentionActor, MentionParty, Rejected
from etl.records import Article as ArticleIn

pytest_plugins = ["pg"]
ROOT = Path(__file__).resolve().parents[1]

SANCTIONS = [
    ("The United States", "Iran"),
    ("Britain", "Russia"),
    ("The European Union", "Belarus"),
    ("Japan", "North Korea"),
]
ARMS = [
    ("France", "Caesar howitzers", "Ukraine"),
    ("Germany", "air defence systems", "Ukraine"),
    ("Russia", "drones", "Syria"),
    ("Israel", "radar systems", "India"),
]
ACTOR = "The United States imposed sanctions on Hezbollah financiers in Lebanon."


def natural_corpus(n: int = 60) -> list[str]:
    """JSONL lines: articles with 0-3 events in plain sentences the real tagger finds,
    on a few country pairs and dates, plus a duplicate and two bad records, deterministic."""
    lines = []
    for i in range(n):
        src, tgt = SANCTIONS[i % len(SANCTIONS)]
        day = date(2023, 1 + (i // 8) % 12, 1 + i % 27)
        sentences = [f"Article {i} is about the invented case number {i}."]
        if i % 3 != 2:
            sentences.append(f"{src} imposed sanctions on {tgt} on {day.day} {day:%B %Y}.")
        if i % 5 == 0:
            supplier, weapon, buyer = ARMS[(i // 5) % len(ARMS)]
            sentences.append(f"{supplier} delivered {weapon} to {buyer}.")
        if i % 7 == 3:
            sentences.append(ACTOR)  # an armed group: a MentionActor row
        lines.append(
            json.dumps(
                {
                    "id": f"a{i}",
                    "title": f"Item {i}",
                    "text": " ".join(sentences),
                    "published": day.isoformat(),
                }
            )
        )
    lines.append(lines[0].replace('"a0"', '"a0-copy"'))  # same content, other id
    lines.append("{broken json")
    lines.append(json.dumps({"id": "empty", "text": ""}))
    return lines


def events_written(n: int = 60) -> int:
    """How many event sentences `natural_corpus(n)` holds."""
    return sum((i % 3 != 2) + (i % 5 == 0) + (i % 7 == 3) for i in range(n))


def run(path: Path, engine: Engine, extractor: Any, **kwargs: Any) -> pipeline.RunSummary:
    return pipeline.run(
        [path],
        engine,
        lambda: extractor,
        tagger_version=extractor.version,
        chunk_size=8,
        **kwargs,
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(natural_corpus()) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fake_corpus(tmp_path: Path) -> Path:
    """FakeTagger's "USA sanctions IRN on 2023-01-05." corpus, for the unit tests."""
    return write_corpus(tmp_path / "fake.jsonl")


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


def clean_counts(path: Path, url: str, extractor: Any) -> dict[str, int]:
    """Table counts after one uninterrupted run into a fresh database at `url`."""
    engine = store.make_engine(url)
    try:
        run(path, engine, extractor)
        return store.table_counts(engine)
    finally:
        engine.dispose()


def expected_mentions(path: Path, extractor: Any) -> View:
    """article id -> mention id -> parties {(role, code)}, as `extractor` finds them in the
    file and the store keys them (the first copy of each content wins)."""
    seen: set[str] = set()
    articles = []
    for art in sources.read([path]):
        if isinstance(art, ArticleIn) and art.content_hash not in seen:
            seen.add(art.content_hash)
            articles.append(art)
    return expected_view(extractor, articles)


def assert_consistent(engine: Engine, path: Path, extractor: Any) -> None:
    """Every stored article has exactly the mentions (and parties) the extractor finds in
    it; no mention, party or actor is orphaned."""
    want = expected_mentions(path, extractor)
    for aid, mentions in stored_view(engine).items():
        assert mentions == want[aid], f"article {aid}: stored {mentions}, tagger {want[aid]}"
    with Session(engine) as s:
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


@pytest.mark.model
def test_run_loads_everything_and_reports(eng: Engine, corpus: Path, tagger: Any) -> None:
    summary = run(corpus, eng, tagger)
    counts = store.table_counts(eng)
    # The registers' tables are filled by `registers load`, not by `run` (nothing to match).
    registers_only = {"registerload", "registerrejected", "siprideal", "gsdbcase", "registermatch"}
    filled = {k: n for k, n in counts.items() if k not in registers_only}
    assert all(n > 0 for n in filled.values()), counts  # the idempotency test below is real
    want = expected_mentions(corpus, tagger)
    assert summary.read == 63
    assert summary.new == 60 == counts["article"]
    assert summary.duplicates == 1  # a0-copy: same content as a0
    assert summary.rejected == 2 == counts["rejected"]
    # The tagger finds every event sentence the corpus holds, once.
    n_mentions = sum(len(m) for m in want.values())
    assert summary.mentions == n_mentions == events_written() == counts["mention"]
    assert "articles read 63 / new 60" in summary.line()
    assert "rejected 2" in summary.line()
    assert summary.events == counts["event"] < summary.mentions  # events, not mentions
    assert f"events found {summary.events} (from {summary.mentions} new mentions)" in (
        summary.line()
    )
    assert_consistent(eng, corpus, tagger)


@pytest.mark.model
def test_second_run_adds_no_row_to_any_table(eng: Engine, corpus: Path, tagger: Any) -> None:
    run(corpus, eng, tagger)
    first = store.table_counts(eng)
    summary = run(corpus, eng, tagger)
    assert store.table_counts(eng) == first
    assert (summary.new, summary.already, summary.mentions) == (0, 60, 0)


@pytest.mark.model
def test_rejected_records_are_stored_with_reasons(eng: Engine, corpus: Path, tagger: Any) -> None:
    summary = run(corpus, eng, tagger)
    with Session(eng) as s:
        rows = {r.origin: r.reason for r in s.exec(select(Rejected)).scalars()}  # type: ignore[call-overload]
    assert rows == {f"{corpus}:62": "not JSON: Expecting property name enclosed in double quotes",
                    f"{corpus}:63": "text: empty"}  # fmt: skip
    assert sum(summary.rejected_reasons.values()) == 2


@pytest.mark.model
def test_id_reused_for_other_content_is_rejected(eng: Engine, tmp_path: Path, tagger: Any) -> None:
    first = tmp_path / "one.jsonl"
    first.write_text('{"id": "x", "text": "The United States imposed sanctions on Iran."}\n')
    second = tmp_path / "two.jsonl"
    second.write_text('{"id": "x", "text": "Japan imposed sanctions on North Korea."}\n')
    assert run(first, eng, tagger).mentions == 1
    summary = run(second, eng, tagger)
    assert (summary.new, summary.rejected, summary.mentions) == (0, 1, 0)
    (reason,) = summary.rejected_reasons
    assert "already used by an article with different content" in reason
    with Session(eng) as s:
        (stored,) = s.exec(select(Article)).scalars()  # type: ignore[call-overload]
    assert "Iran" in stored.text  # the first article stays as it was


@pytest.mark.model
def test_run_log(eng: Engine, corpus: Path, tagger: Any) -> None:
    run(corpus, eng, tagger)
    run(corpus, eng, tagger)
    with Session(eng) as s:
        (log,) = s.exec(select(EtlRun)).scalars()  # type: ignore[call-overload]
    assert (log.status, log.times_run, log.articles_read, log.articles_new) == ("ok", 2, 63, 0)
    assert log.tagger_version == tagger.version


@pytest.mark.model
def test_progress_callback_sees_every_record(eng: Engine, corpus: Path, tagger: Any) -> None:
    seen: list[tuple[int, int]] = []
    run(corpus, eng, tagger, on_progress=lambda done, new: seen.append((done, new)))
    assert sum(done for done, _ in seen) == 63
    assert sum(new for _, new in seen) == 60


def test_crash_mid_run_leaves_db_consistent_and_rerun_completes(
    eng: Engine, fake_corpus: Path, fresh_url: str
) -> None:
    """Unit test of the per-chunk transaction: an extractor that raises after exactly 29
    articles. (With the real tagger and a real process: test_integration.py.)"""
    with pytest.raises(Boom):
        run(fake_corpus, eng, FakeTagger(fail_after=29))
    partial = store.table_counts(eng)
    assert 0 < partial["article"] < 60
    assert_consistent(eng, fake_corpus, FakeTagger())
    with Session(eng) as s:
        (log,) = s.exec(select(EtlRun)).scalars()  # type: ignore[call-overload]
    assert log.status == "failed" and "simulated crash" in (log.error or "")
    run(fake_corpus, eng, FakeTagger())
    assert_consistent(eng, fake_corpus, FakeTagger())
    assert store.table_counts(eng) == clean_counts(fake_corpus, fresh_url, FakeTagger())


def test_killed_process_leaves_sqlite_consistent(tmp_path: Path, fake_corpus: Path) -> None:
    """Unit test of the per-chunk transaction: a process SIGKILLed by its extractor after
    exactly 37 articles, then re-run. (With the real tagger: test_integration.py.)"""
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    corpus = str(fake_corpus)
    proc = subprocess.run(
        [sys.executable, "-c", f"import fakes; fakes.run_and_die({url!r}, {corpus!r}, 37)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    engine = store.make_engine(url)
    try:
        assert 0 < store.table_counts(engine)["article"] < 60
        assert_consistent(engine, fake_corpus, FakeTagger())
        run(fake_corpus, engine, FakeTagger())
        assert_consistent(engine, fake_corpus, FakeTagger())
        assert store.table_counts(engine) == clean_counts(
            fake_corpus, f"sqlite:///{tmp_path / 'clean.db'}", FakeTagger()
        )
    finally:
        engine.dispose()


def test_extractor_is_not_built_when_nothing_is_new(eng: Engine, fake_corpus: Path) -> None:
    """Unit test of the skip logic: a factory that fails if called. (With the real tagger:
    test_integration.py re-runs the sample with a model that does not exist.)"""
    run(fake_corpus, eng, FakeTagger())

    def refuse() -> FakeTagger:
        raise AssertionError("the model must not load for a run with nothing new")

    pipeline.run([fake_corpus], eng, refuse, tagger_version=VERSION)


def test_missing_input_fails_before_touching_the_database(eng: Engine, tmp_path: Path) -> None:
    from etl.sources import SourceError

    def refuse() -> FakeTagger:
        raise AssertionError("nothing to extract from a missing input")

    with pytest.raises(SourceError):
        pipeline.run([tmp_path / "missing.jsonl"], eng, refuse, tagger_version=VERSION)
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


# --- bad inputs in one folder (issue 8) -----------------------------------------------------


@pytest.mark.model
def test_raised_max_chars_lets_a_long_article_through_the_tagger(
    engine: Engine, tmp_path: Path, tagger: Any
) -> None:
    """Past spaCy's own limit (E088 at 1,000,000 characters) when --max-chars allows it."""
    path = tmp_path / "long.jsonl"
    text = "Japan imposed sanctions on North Korea on 3 March 2023. " + "Filler. " * 125_000
    path.write_text(json.dumps({"id": "long", "text": text}) + "\n", encoding="utf-8")
    assert len(text) > 1_000_000
    summary = run(path, engine, tagger, options=sources.Options(max_chars=2_000_000))
    assert (summary.new, summary.rejected, summary.mentions) == (1, 0, 1)


def good_article(i: int) -> dict[str, str]:
    return {
        "id": f"good-{i}",
        "title": f"Good {i}",
        "text": f"{SANCTIONS[i % 4][0]} imposed sanctions on {SANCTIONS[i % 4][1]} in case {i}.",
    }


@pytest.mark.model
def test_one_folder_of_bad_inputs_loads_every_good_article(tmp_path: Path) -> None:
    """The real `etl run` over one folder mixing good articles with every bad input a
    newcomer meets: each good article is stored, each bad one is in `rejected` with its
    reason or named by the run summary, and the run exits 0."""
    from unreadable import without_read_override

    prefix = without_read_override()
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "hidden.txt").write_text("Japan imposed sanctions on North Korea.")
    long_text = "Britain imposed sanctions on Russia. " + "x" * 1_000_052
    (src / "news.jsonl").write_text(
        "".join(json.dumps(good_article(i)) + "\n" for i in range(3))
        + json.dumps({"id": "too-long", "text": long_text})
        + "\n{broken json\n"
        + json.dumps(good_article(3))
        + "\n",
        encoding="utf-8",
    )
    (src / "quote.csv").write_text(
        "id,text\ncsv-1,France delivered Caesar howitzers to Ukraine.\n"
        'csv-2,"Germany sold tanks to Ukraine.\ncsv-3,Never read.\n',
        encoding="utf-8",
    )
    utf16_text = "Zürich froze €2m of assets after Switzerland imposed sanctions on Belarus."
    (src / "utf16.txt").write_bytes(f"Swiss “measures”\n\n{utf16_text}".encode("utf-16"))
    (src / "utf16.csv").write_bytes(
        f'id,title,text\nu16-1,Genève,"{utf16_text}"\n'.encode("utf-16")
    )
    (src / "empty.jsonl").write_text("")
    (src / "header.csv").write_text("id,title,text\n")
    (src / "secret.txt").write_text("Japan imposed sanctions on North Korea.")
    (src / "secret.txt").chmod(0)
    (src / "locked").chmod(0)
    db = tmp_path / "monitor.db"
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "etl", "run", str(src), "--db", f"sqlite:///{db}"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=tmp_path,
            timeout=600,
        )
    finally:
        (src / "secret.txt").chmod(0o644)
        (src / "locked").chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    engine = store.make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as s:
            stored = {a.id: a for a in s.exec(select(Article)).scalars()}  # type: ignore[call-overload]
            rejected = {r.origin: r.reason for r in s.exec(select(Rejected)).scalars()}  # type: ignore[call-overload]
            mentions = s.execute(select(func.count()).select_from(Mention)).scalar_one()
    finally:
        engine.dispose()
    assert set(stored) == {
        "good-0", "good-1", "good-2", "good-3", "csv-1", "u16-1", "in/utf16.txt",
    }  # fmt: skip
    assert stored["in/utf16.txt"].title == "Swiss “measures”"
    assert stored["in/utf16.txt"].text == utf16_text
    assert (stored["u16-1"].title, stored["u16-1"].text) == ("Genève", utf16_text)
    assert mentions >= 7  # each good article states one event
    assert rejected.keys() == {
        f"{src / 'news.jsonl'}:4",
        f"{src / 'news.jsonl'}:5",
        f"{src / 'quote.csv'}:3",
        str(src / "locked"),
        str(src / "secret.txt"),
    }
    assert rejected[f"{src / 'news.jsonl'}:4"].startswith(
        f"too long: article of {len(long_text):,} characters"
    )
    assert rejected[f"{src / 'news.jsonl'}:5"].startswith("not JSON")
    assert rejected[f"{src / 'quote.csv'}:3"].startswith("unclosed quote")
    assert rejected[str(src / "locked")] == "cannot read folder: Permission denied"
    assert rejected[str(src / "secret.txt")] == "cannot read: Permission denied"
    notes = [x for x in proc.stderr.splitlines() if x.startswith("note: ")]
    assert notes == [
        f"note: {src / 'empty.jsonl'}: no records (the file is empty)",
        f"note: {src / 'header.csv'}: no records (a header but no rows)",
    ]
    assert "articles read 12 / new 7" in proc.stdout.splitlines()[-1]
    assert "rejected 5" in proc.stdout.splitlines()[-1]
