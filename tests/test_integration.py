"""End to end with every real part: `python -m etl` in its own process, the real spaCy
tagger, a real SQLite file and a real PostgreSQL server (tests/pg.py). No test double of our
own components.

The FakeTagger tests in test_pipeline.py are unit tests of the pipeline's transaction and
skip logic (a crash after exactly N articles, an extractor that must not be built); each
behaviour they pin down is checked here with the real tagger too:
- a killed run leaves whole articles only and a re-run completes to a clean run's counts
  (`test_killed_run_...`), a failed run is logged as failed (the Ctrl-C step of that test);
- nothing new means no model is loaded (the second run of the sample passes a model that
  does not exist, and succeeds).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from views import expected_view, stored_view

from etl import records, store
from etl.models import Article, EtlRun, Event, Mention, MentionActor, MentionParty, Rejected

if TYPE_CHECKING:  # imported by pytest as a plugin (see test_postgres.py)
    from pg import PostgresServer

pytest_plugins = ["pg"]
pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SAMPLE_ARTICLES = SAMPLE / "articles.jsonl"
SUMMARY = re.compile(
    r"articles read (?P<read>\d+) / new (?P<new>\d+) / already stored (?P<already>\d+)"
    r" / duplicates (?P<duplicates>\d+) / rejected (?P<rejected>\d+);"
    r" events found (?P<events>\d+) \(from (?P<mentions>\d+) new mentions\) \(in \d+\.\d s\)"
)
INTERRUPTED = "interrupted; what was loaded so far is kept"

# article id -> mention id -> the mention's parties {(role, code)}


# --- processes --------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    return env


def etl(cwd: Path, *args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`python -m etl ARGS` in a fresh interpreter; returns once it exits."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=cwd,
        timeout=timeout,
    )


def start(cwd: Path, *args: str | Path) -> subprocess.Popen[str]:
    """`python -m etl ARGS` in the background, with Ctrl-C (SIGINT) handled as in a
    terminal even when the tests themselves run in the background (`nohup`, `cmd &`),
    whose children inherit SIGINT ignored."""
    return subprocess.Popen(
        [sys.executable, "-m", "etl", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=cwd,
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


def summary(stdout: str) -> dict[str, int]:
    """The numbers of `run`'s summary line, which must be the last line of stdout."""
    last = stdout.strip().splitlines()[-1]
    m = SUMMARY.fullmatch(last)
    assert m, f"not a run summary: {last!r}"
    return {k: int(v) for k, v in m.groupdict().items()}


def sqlite_value(db: Path, sql: str) -> Any:
    """One value read from a SQLite file another process is writing; None until the file
    and its tables exist."""
    if not db.exists():
        return None
    try:  # a short busy timeout: a poll must not lag seconds behind the writer
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)) as conn:
            row = conn.execute(sql).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return None
    return row[0] if row else None


def wait_until(
    proc: subprocess.Popen[str], check: Callable[[], Any], what: str, timeout: float = 600
) -> Any:
    """Poll `check()` until it is truthy while `proc` still runs; fail if it ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended ({proc.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.05)
    proc.kill()
    proc.communicate()
    pytest.fail(f"timed out waiting until {what}")


# --- what the database holds ------------------------------------------------------------


def counts(url: str) -> dict[str, int]:
    engine = store.make_engine(url)
    try:
        return store.table_counts(engine)
    finally:
        engine.dispose()


def stored_articles(engine: Engine, ids: Sequence[str]) -> list[records.Article]:
    """Stored articles as the extract stage reads them (same content hash)."""
    out = []
    with Session(engine) as s:
        for row in s.exec(select(Article).where(col(Article.id).in_(ids))).scalars():  # type: ignore[call-overload]
            art = store.article_record(row)
            assert art.content_hash == row.content_hash
            out.append(art)
    return out


def assert_consistent(engine: Engine, *, complete: bool) -> None:
    """No mention without its article, no party or actor without its mention, no event
    without mentions (and its counts right); after a finished run every mention has its
    event."""
    with Session(engine) as s:

        def n(query: Any) -> int:
            return int(s.execute(query).scalar_one())

        count = select(func.count())
        assert n(count.select_from(Mention).where(
            ~col(Mention.article_id).in_(select(col(Article.id))))) == 0  # fmt: skip
        for table in (MentionParty, MentionActor):
            assert n(count.select_from(table).where(
                ~col(table.mention_id).in_(select(col(Mention.id))))) == 0  # fmt: skip
        events = s.execute(
            select(
                col(Event.id),
                col(Event.n_mentions),
                col(Event.n_articles),
                func.count(col(Mention.id)),
                func.count(func.distinct(col(Mention.article_id))),
            )
            .join(Mention, col(Mention.event_id) == col(Event.id), isouter=True)
            .group_by(col(Event.id), col(Event.n_mentions), col(Event.n_articles))
        ).all()
        for eid, n_mentions, n_articles, mentions, articles in events:
            assert mentions > 0, f"event {eid} has no mentions"
            assert (n_mentions, n_articles) == (mentions, articles), eid
        unassigned = n(count.select_from(Mention).where(col(Mention.event_id).is_(None)))
        if complete:
            assert unassigned == 0
            assert n(count.select_from(Mention)) == 0 or events


def run_log(engine: Engine) -> EtlRun:
    with Session(engine) as s:
        (log,) = s.exec(select(EtlRun)).scalars()  # type: ignore[call-overload]
        return log


# --- the sample corpus, twice, on SQLite and on PostgreSQL ------------------------------


@dataclass
class SampleRuns:
    url: str
    first: dict[str, int]  # the summary lines
    second: dict[str, int]
    after_first: dict[str, int]  # table counts
    after_second: dict[str, int]
    second_stdout: str
    stats: str


def load_sample_twice(url: str, cwd: Path) -> SampleRuns:
    first = ok(etl(cwd, "run", SAMPLE, "--db", url))
    after_first = counts(url)
    # Nothing is new the second time, so no model may be loaded: one that does not exist
    # would end the run with "error: cannot load spaCy model".
    second = ok(etl(cwd, "run", SAMPLE, "--db", url, "--model", cwd / "no-such-model"))
    after_second = counts(url)
    stats = ok(etl(cwd, "stats", "--db", url))
    return SampleRuns(
        url,
        summary(first.stdout),
        summary(second.stdout),
        after_first,
        after_second,
        second.stdout,
        stats.stdout,
    )


@pytest.fixture(scope="module")
def sqlite_sample(tmp_path_factory: pytest.TempPathFactory) -> SampleRuns:
    tmp = tmp_path_factory.mktemp("sqlite-sample")
    return load_sample_twice(f"sqlite:///{tmp / 'monitor.db'}", tmp)


@pytest.fixture(scope="module")
def postgres_sample(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> SampleRuns:
    return load_sample_twice(
        postgres_server.create_database(), tmp_path_factory.mktemp("pg-sample")
    )


def check_sample_runs(r: SampleRuns) -> None:
    n_articles = len(SAMPLE_ARTICLES.read_text(encoding="utf-8").splitlines())
    first, second, c = r.first, r.second, r.after_first
    # The first run loads every article with its events.
    assert c["article"] > 100 and c["mention"] > 100, c
    assert first["new"] == c["article"] == n_articles
    assert first["already"] == 0
    assert first["mentions"] == c["mention"]
    assert int(first["events"]) == c["event"] < c["mention"]  # events counted, not mentions
    assert first["rejected"] == c["rejected"]
    assert first["read"] == first["new"] + first["duplicates"] + first["rejected"]
    assert all(c[t] > 0 for t in ("event", "mentionparty", "mentionactor", "country", "etlrun"))
    # The second adds no row to any table and says so.
    assert r.after_second == r.after_first
    assert (second["new"], second["mentions"]) == (0, 0)
    assert second["already"] == first["new"]
    assert (second["read"], second["duplicates"]) == (first["read"], first["duplicates"])
    assert f"new 0 / already stored {n_articles}" in r.second_stdout
    engine = store.make_engine(r.url)
    try:
        log = run_log(engine)
        assert (log.status, log.times_run, log.articles_new, log.mentions_new) == ("ok", 2, 0, 0)
        assert_consistent(engine, complete=True)
        with Session(engine) as s:
            by_type = dict(
                s.execute(select(col(Event.type), func.count()).group_by(col(Event.type))).all()
            )
    finally:
        engine.dispose()
    # `stats` lists the counts.
    lines = r.stats.splitlines()
    assert lines[0] == (
        f"articles {c['article']}  events {c['event']}  mentions {c['mention']}"
        f"  rejected records {c['rejected']}"
    )
    for etype, n in by_type.items():
        assert f"  {etype:<14} {n:>8}" in lines
    assert re.search(
        rf"  ok      read {first['read']} new 0 rejected {first['rejected']} mentions 0  ", r.stats
    )


@pytest.mark.slow  # two runs of the sample (~10 s, then ~2 s) and `stats`
def test_sample_run_twice_and_stats_on_sqlite(sqlite_sample: SampleRuns) -> None:
    check_sample_runs(sqlite_sample)


def _story(url: str, article: str, etype: str) -> dict[int, tuple[str, str, str | None]]:
    """Mention start -> (action, category, event id) for one article's mentions of a type."""
    engine = store.make_engine(url)
    try:
        with Session(engine) as s:
            rows = s.execute(
                select(
                    col(Mention.start),
                    col(Mention.action),
                    col(Mention.category),
                    col(Mention.event_id),
                ).where(col(Mention.article_id) == article, col(Mention.type) == etype)
            ).all()
    finally:
        engine.dispose()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


@pytest.mark.slow
def test_sample_stories_count_as_one_event(sqlite_sample: SampleRuns) -> None:
    """Issue 10: the EU's ban on Belarusian airlines (sample-052: the headline 'EU moves to
    ban', a threat, and the body 'agreed to shut', an imposition) is one event; so is the
    F-16 sale to Taiwan that sample-036 reports as approved and as a proposed sale."""
    belarus = _story(sqlite_sample.url, "sample-052", "sanction")
    headline, body = belarus[0], belarus[min(k for k in belarus if k > 0)]
    assert (headline[0], body[0]) == ("threatened", "imposed")
    assert headline[2] is not None and headline[2] == body[2]
    taiwan = _story(sqlite_sample.url, "sample-036", "arms_transfer")
    assert len(taiwan) >= 2 and {a for a, _, _ in taiwan.values()} <= {"sold", "pledged"}
    assert len({e for _, _, e in taiwan.values()}) == 1


def _sample_items(url: str) -> list[tuple[records.Article, list[records.EventRecord]]]:
    """The sample's articles with the mentions the real pipeline stored, as records."""
    engine = store.make_engine(url)
    try:
        with Session(engine) as s:
            sides: dict[str, dict[str, list[str]]] = {}
            for mid, role, code in s.execute(select(MentionParty.mention_id, MentionParty.role,
                                                    MentionParty.code)):  # fmt: skip
                sides.setdefault(mid, {}).setdefault(role, []).append(code)
            by_article: dict[str, list[records.EventRecord]] = {}
            for m in s.execute(select(Mention).order_by(col(Mention.id))).scalars():
                side = sides.get(m.id, {})
                by_article.setdefault(m.article_id, []).append(
                    records.EventRecord(
                        m.article_id, m.type, m.action, m.status, m.category,
                        side.get("source", []), side.get("target", []), m.date, m.sentence,
                        m.start, m.end, m.confidence, weapon=m.weapon,
                        date_precision=m.date_precision,
                    )
                )  # fmt: skip
            arts = s.execute(select(Article).order_by(col(Article.id))).scalars().all()
            return [(store.article_record(a), by_article.get(a.id, [])) for a in arts]
    finally:
        engine.dispose()


def _grouping(url: str) -> set[frozenset[str]]:
    engine = store.make_engine(url)
    try:
        with Session(engine) as s:
            groups: dict[str, set[str]] = {}
            for mid, eid in s.execute(select(col(Mention.id), col(Mention.event_id))):
                groups.setdefault(eid, set()).add(mid)
        return {frozenset(g) for g in groups.values()}
    finally:
        engine.dispose()


@pytest.mark.slow
def test_sample_in_two_batches_groups_as_in_one(sqlite_sample: SampleRuns, tmp_path: Path) -> None:
    """Order of loading does not matter: the sample's real mentions loaded in two batches
    (odd articles, then even ones, so the second holds earlier and later dates) give the
    events the one-batch run gave."""
    items = _sample_items(sqlite_sample.url)
    url = f"sqlite:///{tmp_path / 'two.db'}"
    engine = store.make_engine(url)
    try:
        store.init_db(engine)
        run_id = store.start_run(engine, ["two batches"], "t")
        for batch in (items[1::2], items[::2]):
            store.load_batch(engine, run_id, batch, tagger_version="t")
            store.rebuild_events(engine)
    finally:
        engine.dispose()
    assert _grouping(url) == _grouping(sqlite_sample.url)


@pytest.mark.slow
@pytest.mark.postgres
def test_sample_run_twice_and_stats_on_postgres(postgres_sample: SampleRuns) -> None:
    check_sample_runs(postgres_sample)


def _without_run_times(stats: str) -> list[str]:
    """The `stats` lines with the run times blanked: the two stores ran minutes apart."""
    return [
        re.sub(r"^  \d{4}-\d\d-\d\d \d\d:\d\d ", "  <time> ", line) for line in stats.splitlines()
    ]


@pytest.mark.slow
@pytest.mark.postgres
def test_sqlite_and_postgres_end_identical(
    sqlite_sample: SampleRuns, postgres_sample: SampleRuns
) -> None:
    assert sqlite_sample.after_second == postgres_sample.after_second
    assert _without_run_times(sqlite_sample.stats) == _without_run_times(postgres_sample.stats)
    views, events = [], []
    for r in (sqlite_sample, postgres_sample):
        engine = store.make_engine(r.url)
        try:
            views.append(stored_view(engine))
            with Session(engine) as s:
                events.append(set(s.execute(select(Event.id, Event.n_mentions)).all()))  # type: ignore[call-overload]
        finally:
            engine.dispose()
    assert views[0] == views[1]  # the same mention ids with the same parties
    assert events[0] == events[1]  # the same events (ids are content hashes)


# --- a run killed mid-way ---------------------------------------------------------------


def write_variants(path: Path, copies: int) -> int:
    """The sample's articles again under new ids, each with a changed last sentence, so
    they are new content the tagger must read. Returns the number written."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(1, copies + 1):
            for line in SAMPLE_ARTICLES.read_text(encoding="utf-8").splitlines():
                art = json.loads(line)
                art["id"] = f"{art['id']}-copy{k}"
                art["text"] += f"\n\nThis is copy {k} of the report, kept in the archive."
                out.write(json.dumps(art, ensure_ascii=False) + "\n")
                n += 1
    return n


@pytest.mark.slow  # three real runs over 354 articles (~40 s with the clean run beside)
def test_killed_run_leaves_whole_articles_and_rerun_matches_a_clean_run(
    tmp_path: Path, tagger: Any
) -> None:
    """SIGKILL a real `python -m etl run` once some but not all articles are stored: every
    stored article has all its mentions. Then Ctrl-C a resumed run: logged as failed, nothing
    half-written. A last run completes to exactly what a clean run into a fresh file holds."""
    from etl.pipeline import CHUNK

    variants = tmp_path / "copies.jsonl"
    total = len(SAMPLE_ARTICLES.read_text(encoding="utf-8").splitlines())
    total += write_variants(variants, copies=2)
    assert total > CHUNK + 50  # a second chunk the tagger needs seconds for
    inputs = (SAMPLE_ARTICLES, variants)
    db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    url, clean_url = f"sqlite:///{db}", f"sqlite:///{clean_db}"
    clean = start(tmp_path, "run", *inputs, "--db", clean_url)  # the reference, meanwhile

    # 1. SIGKILL as soon as the first chunk is committed.
    proc = start(tmp_path, "run", *inputs, "--db", url)
    wait_until(proc, lambda: sqlite_value(db, "SELECT count(*) FROM article"), "articles stored")
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    engine = store.make_engine(url)
    try:
        partial = store.table_counts(engine)
        assert 0 < partial["article"] < total, partial
        assert partial["mention"] > 0
        assert_consistent(engine, complete=False)
        assert run_log(engine).status == "running"  # a killed process cannot log its end
        killed = stored_view(engine)
        # A few stored articles against the tagger's own output...
        some = sorted(killed)[:: max(1, len(killed) // 8)]
        assert any(killed[a] for a in some)
        assert expected_view(tagger, stored_articles(engine, some)) == {a: killed[a] for a in some}
    finally:
        engine.dispose()

    # 2. Ctrl-C a resumed run: an exception inside the run, logged as a failure.
    proc = start(tmp_path, "run", *inputs, "--db", url)
    wait_until(
        proc, lambda: sqlite_value(db, "SELECT times_run FROM etlrun") == 2, "the run resumed"
    )
    # At once: the run has started (reading, loading the model); its first chunk takes
    # seconds to tag. A fixed pause here once let a fast resumed run finish first.
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert err.strip().splitlines()[-1] == INTERRUPTED and "Traceback" not in err
    engine = store.make_engine(url)
    try:
        log = run_log(engine)
        assert log.status == "failed" and (log.error or "").startswith("KeyboardInterrupt")
        assert store.table_counts(engine)["article"] == partial["article"]
        assert_consistent(engine, complete=False)
    finally:
        engine.dispose()

    # 3. Run to completion: the rest is added, and the end is a clean run's end.
    last = summary(ok(etl(tmp_path, "run", *inputs, "--db", url)).stdout)
    assert (last["new"], last["already"]) == (total - partial["article"], partial["article"])
    out, err = clean.communicate(timeout=600)
    assert clean.returncode == 0, err
    assert summary(out)["new"] == total
    engine = store.make_engine(url)
    clean_engine = store.make_engine(clean_url)
    try:
        assert_consistent(engine, complete=True)
        log = run_log(engine)
        assert (log.status, log.times_run) == ("ok", 3)
        assert store.table_counts(engine) == store.table_counts(clean_engine)
        reference = stored_view(clean_engine)
        # Every article stored before the kill had all its mentions already.
        assert killed == {a: reference[a] for a in killed}
        assert stored_view(engine) == reference
    finally:
        engine.dispose()
        clean_engine.dispose()


# --- every source kind at once ----------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Made-up Wire</title><link>https://example.org/</link>
  <description>Invented items for tests</description>
  <item>
    <guid>https://example.org/wire/1</guid><title>Britain targets Russian banks</title>
    <link>https://example.org/wire/1</link><pubDate>Tue, 07 Mar 2023 09:30:00 GMT</pubDate>
    <description><![CDATA[<p>Britain imposed sanctions on Russia on Tuesday.</p>]]></description>
  </item>
  <item>
    <guid>https://example.org/wire/2</guid><title>Drones for Moscow</title>
    <link>https://example.org/wire/2</link><pubDate>Wed, 08 Mar 2023 10:00:00 GMT</pubDate>
    <description><![CDATA[<p>Iran delivered drones to Russia last month.</p>]]></description>
  </item>
</channel></rss>
"""
HTML = """<!doctype html>
<html><head><title>Howitzers for Kyiv</title><meta name="date" content="2023-03-09"></head>
<body><nav>Home | World</nav>
<article><h1>Howitzers for Kyiv</h1>
<p>France delivered Caesar howitzers to Ukraine on Thursday, the defence ministry said.</p>
<p>The guns arrived by rail.</p></article>
<footer>Copyright Made-up Daily</footer></body></html>
"""
CSV = """id,title,text,published
csv-1,EU sanctions Belarus,The European Union imposed sanctions on Belarus on Monday.,2023-03-06
csv-2,Jets for Turkey,"The United States sold 24 F-16 fighter jets to Turkey, the State Department said.",2023-03-07
csv-3,No text,,2023-03-08
"""  # noqa: E501 - a CSV row is one line


def events_by_article(engine: Engine) -> dict[str, set[tuple[str, str, str, str]]]:
    """article id -> {(type, action, sources, targets)} with the sides "|"-joined."""
    sides: dict[tuple[str, str], list[str]] = {}
    out: dict[str, set[tuple[str, str, str, str]]] = {}
    with Session(engine) as s:
        for mid, role, code in s.execute(
            select(col(MentionParty.mention_id), col(MentionParty.role), col(MentionParty.code))
        ):
            sides.setdefault((mid, role), []).append(code)
        for mid, aid, etype, action in s.execute(
            select(col(Mention.id), col(Mention.article_id), col(Mention.type), col(Mention.action))
        ):
            src = "|".join(sorted(sides.get((mid, "source"), [])))
            tgt = "|".join(sorted(sides.get((mid, "target"), [])))
            out.setdefault(aid, set()).add((etype, action, src, tgt))
    return out


def test_every_source_kind_in_one_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "texts").mkdir(parents=True)
    (src / "wire.csv").write_text(CSV, encoding="utf-8")
    (src / "texts" / "japan.txt").write_text(
        "Japan widens penalties\n\n"
        "Japan imposed sanctions on North Korea on 3 March 2023 after a missile launch.\n",
        encoding="utf-8",
    )
    (src / "texts" / "ships.txt").write_text(
        "Frigates for Pakistan\n\nChina agreed to sell six frigates to Pakistan, officials said.\n",
        encoding="utf-8",
    )
    (src / "page.html").write_text(HTML, encoding="utf-8")
    (src / "feed.rss").write_text(RSS, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'monitor.db'}"

    proc = ok(etl(tmp_path, "run", src, "--db", url))
    s = summary(proc.stdout)
    # Eight mentions: csv-1's headline ("EU sanctions Belarus") and body are one event.
    assert (s["read"], s["new"], s["rejected"], s["mentions"]) == (8, 7, 1, 8)
    assert "rejected 1: text: empty" in proc.stderr
    engine = store.make_engine(url)
    try:
        assert events_by_article(engine) == {
            "csv-1": {("sanction", "imposed", "EU", "BLR")},
            "csv-2": {("arms_transfer", "sold", "USA", "TUR")},
            "in/texts/japan.txt": {("sanction", "imposed", "JPN", "PRK")},
            "in/texts/ships.txt": {("arms_transfer", "sold", "CHN", "PAK")},
            "in/page.html": {("arms_transfer", "delivered", "FRA", "UKR")},
            "https://example.org/wire/1": {("sanction", "imposed", "GBR", "RUS")},
            "https://example.org/wire/2": {("arms_transfer", "delivered", "IRN", "RUS")},
        }
        assert_consistent(engine, complete=True)
        with Session(engine) as session:
            rss = session.get(Article, "https://example.org/wire/1")
            page = session.get(Article, "in/page.html")
            (jet,) = session.exec(  # type: ignore[call-overload]
                select(Mention).where(col(Mention.article_id) == "csv-2")
            ).scalars()
            (bad,) = session.exec(select(Rejected)).scalars()  # type: ignore[call-overload]
            assert rss is not None and page is not None
            assert (rss.source, rss.url, str(rss.published)) == (
                "Made-up Wire",
                "https://example.org/wire/1",
                "2023-03-07",
            )
            assert page.title == "Howitzers for Kyiv" and "Copyright" not in page.text
            assert (jet.category, jet.weapon, jet.quantity) == ("aircraft", "F-16", 24)
            assert (bad.origin, bad.reason) == (f"{src / 'wire.csv'}:4", "text: empty")
    finally:
        engine.dispose()


# --- bad records ------------------------------------------------------------------------


def test_bad_records_are_kept_with_reasons_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        {"id": "g1", "title": "Belarus", "published": "2023-03-06",
         "text": "The European Union imposed sanctions on Belarus on 6 March 2023."},
        "{broken json",
        {"id": "empty", "text": ""},
        {"id": "when", "text": "Japan imposed sanctions on North Korea.",
         "published": "sometime soon"},
        {"id": "g2", "title": "Howitzers", "published": "2023-03-09",
         "text": "France delivered Caesar howitzers to Ukraine on 9 March 2023."},
    ]  # fmt: skip
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'monitor.db'}"

    proc = ok(etl(tmp_path, "run", path, "--db", url))
    s = summary(proc.stdout)
    assert (s["read"], s["new"], s["rejected"], s["mentions"]) == (5, 2, 3, 2)
    assert "rejected 1: text: empty" in proc.stderr.splitlines()
    engine = store.make_engine(url)
    try:
        with Session(engine) as session:
            rejected = {
                r.origin: (r.reason, r.raw)
                for r in session.exec(select(Rejected)).scalars()  # type: ignore[call-overload]
            }
        assert rejected == {
            f"{path}:2": ("not JSON: Expecting property name enclosed in double quotes",
                          "{broken json"),
            f"{path}:3": ("text: empty", json.dumps(lines[2])),
            f"{path}:4": ("published: 'sometime soon' is not an ISO date (YYYY-MM-DD)",
                          json.dumps(lines[3])),
        }  # fmt: skip
        assert events_by_article(engine) == {
            "g1": {("sanction", "imposed", "EU", "BLR")},
            "g2": {("arms_transfer", "delivered", "FRA", "UKR")},
        }
        log = run_log(engine)
        assert (log.status, log.articles_read, log.articles_new, log.rejected) == ("ok", 5, 2, 3)
        assert_consistent(engine, complete=True)
    finally:
        engine.dispose()
