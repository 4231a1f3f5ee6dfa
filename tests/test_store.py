"""The store: engine URLs, idempotent batches, event dedupe, stats (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, update
from sqlmodel import Session, col

from etl import events as events_mod
from etl import reports, store
from etl.models import Event, EventPair, Mention, StoreInfo
from etl.records import Actor, Article, EventRecord, RejectedRecord

pytest_plugins = ["pg"]
FIXTURES = Path(__file__).parent / "fixtures" / "store"


@pytest.fixture
def eng(db_url: str) -> Iterator[Engine]:
    engine = store.make_engine(db_url)
    store.init_db(engine)
    yield engine
    engine.dispose()


def art(aid: str, text: str | None = None) -> Article:
    return Article(id=aid, title=f"title {aid}", text=text or f"text of {aid}")


def rec(
    aid: str,
    day: date | None,
    *,
    sources: tuple[str, ...] = ("USA",),
    targets: tuple[str, ...] = ("IRN",),
    category: str = "financial",
    etype: str = "sanction",
    start: int = 0,
) -> EventRecord:
    return EventRecord(
        article_id=aid,
        type=etype,
        action="imposed",
        status="reported",
        category=category,
        sources=list(sources),
        targets=list(targets),
        date=day,
        sentence="s",
        start=start,
        end=start + 1,
        confidence=0.9,
        actors=[Actor("Someone", sources[0] if sources else None, "speaker")],
    )


def load(engine: Engine, *items: tuple[Article, list[EventRecord]]) -> int:
    store.load_batch(engine, run(engine), list(items), tagger_version="t")
    return store.rebuild_events(engine)


def run(engine: Engine) -> str:
    return store.start_run(engine, ["x"], "t")


def events(engine: Engine) -> list[Event]:
    with Session(engine) as s:
        return list(s.execute(select(Event).order_by(col(Event.first_date))).scalars())


# --- engine ---------------------------------------------------------------------------


def test_postgres_urls_use_psycopg3() -> None:
    for url in ("postgresql://u@localhost/db", "postgresql+psycopg2://u@localhost/db"):
        assert store.make_engine(url).dialect.driver == "psycopg"


def test_database_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://env/db")
    assert store.database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert store.database_url(None) == "postgresql://env/db"
    monkeypatch.delenv("DATABASE_URL")
    assert store.database_url(None) == store.DEFAULT_DB_URL


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y", "postgresql://h:notaport/db"])
def test_bad_urls_are_store_errors(url: str) -> None:
    with pytest.raises(store.StoreError):
        store.init_db(store.make_engine(url))


# --- batches --------------------------------------------------------------------------


def test_load_batch_is_idempotent(eng: Engine) -> None:
    rid = run(eng)
    items = [(art("a"), [rec("a", date(2023, 1, 1))]), (art("b"), [])]
    bad = [RejectedRecord(origin="f:1", reason="text: empty", raw="{}")]
    first = store.load_batch(eng, rid, items, bad, "t")
    assert (first.articles, first.mentions, first.rejected) == (2, 1, 1)
    before = store.table_counts(eng)
    again = store.load_batch(eng, rid, items, bad, "t")
    assert (again.articles, again.mentions, again.rejected) == (0, 0, 0)
    assert store.table_counts(eng) == before


def test_load_batch_is_all_or_nothing(eng: Engine) -> None:
    """A batch that fails half-way (here: an unknown run id) writes nothing at all."""
    items = [(art("a"), [rec("a", date(2023, 1, 1))])]
    before = store.table_counts(eng)
    with pytest.raises(Exception):  # noqa: B017 - the back-end's integrity error
        store.load_batch(eng, "no-such-run", items, tagger_version="t")
    assert store.table_counts(eng) == before


# --- events (grouping rules: tests/test_events.py) --------------------------------------


def consistent(engine: Engine) -> list[Event]:
    """Every mention in exactly one event whose counts and lookup rows match its mentions."""
    with Session(engine) as s:
        assert s.execute(select(Mention).where(col(Mention.event_id).is_(None))).first() is None
        evs = list(s.execute(select(Event)).scalars())
        for ev in evs:
            ms = list(s.execute(select(Mention).where(col(Mention.event_id) == ev.id)).scalars())
            assert ev.n_mentions == len(ms) > 0
            assert ev.n_articles == len({x.article_id for x in ms})
            assert ev.evidence_mention_id in {x.id for x in ms}
            assert ev.evidence == next(x.sentence for x in ms if x.id == ev.evidence_mention_id)
        pairs = set(s.execute(select(col(EventPair.event_id))).scalars())
        assert pairs <= {ev.id for ev in evs}
    return evs


def test_same_event_within_window_is_one_event(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 6))]),
    )
    (ev,) = consistent(eng)
    assert (ev.n_mentions, ev.n_articles, ev.n_news_sources) == (2, 2, 1)
    assert (ev.first_date, ev.last_date) == (date(2023, 1, 1), date(2023, 1, 6))
    assert (ev.sources, ev.targets, ev.category) == ("USA", "IRN", "financial")
    assert (ev.action, ev.statuses, ev.disputed, ev.evidence) == ("imposed", "reported", False, "s")


def test_two_mentions_in_one_article_count_one_article(eng: Engine) -> None:
    load(eng, (art("a"), [rec("a", date(2023, 1, 1)), rec("a", date(2023, 1, 2), start=5)]))
    (ev,) = events(eng)
    assert (ev.n_mentions, ev.n_articles) == (2, 1)


def test_window_is_anchored_on_the_first_mention(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 6))]),  # 5 days later: same event
        (art("c"), [rec("c", date(2023, 1, 12))]),  # 11 days after a: another
        (art("d"), [rec("d", date(2023, 5, 1))]),  # months later: another
    )
    assert [(e.n_mentions, e.first_date) for e in events(eng)] == [
        (2, date(2023, 1, 1)),
        (1, date(2023, 1, 12)),
        (1, date(2023, 5, 1)),
    ]


@pytest.mark.parametrize(
    "other",
    [
        {"etype": "arms_transfer"},
        {"sources": ("GBR",)},
        {"targets": ("RUS",)},
        {"sources": ("GBR", "FRA")},
    ],
)
def test_different_type_parties_or_category_are_different_events(
    eng: Engine, other: dict[str, Any]
) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 2), **other)]),
    )
    assert len(events(eng)) == 2


def test_arms_deals_of_two_categories_are_two_events(eng: Engine) -> None:
    arms = {"etype": "arms_transfer", "targets": ("UKR",)}
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1), category="aircraft", **arms)]),
        (art("b"), [rec("b", date(2023, 1, 2), category="missiles", **arms)]),
    )
    assert len(events(eng)) == 2


def test_a_round_of_sanctions_of_two_categories_is_one_event(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 2), category="trade")]),
    )
    (ev,) = events(eng)
    assert (ev.n_mentions, ev.category) == (2, "trade")  # a tie: GSDB's order of flags


def test_overlapping_parties_and_other_category_join(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1), sources=("USA", "GBR"))]),
        (art("b"), [rec("b", date(2023, 1, 2), sources=("GBR",), category="other")]),
    )
    (ev,) = events(eng)
    assert (ev.sources, ev.category) == ("GBR|USA", "financial")


def test_undated_mention_joins_its_own_article_only(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", None), rec("a", date(2023, 1, 1), start=5)]),
        (art("b"), [rec("b", None)]),
    )
    assert sorted((e.n_mentions, e.n_articles) for e in events(eng)) == [(1, 1), (2, 1)]
    assert {e.first_date for e in events(eng)} == {date(2023, 1, 1), None}


def test_later_report_joins_the_existing_event(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("z"), [rec("z", date(2023, 1, 1), sources=("FRA",))]),
    )
    untouched = next(e for e in events(eng) if e.sources == "FRA")
    assert load(eng, (art("b"), [rec("b", date(2023, 1, 5))])) == 1  # one event holds it
    evs = {e.sources: e for e in consistent(eng)}
    assert (evs["USA"].n_mentions, evs["USA"].n_articles) == (2, 2)
    assert evs["FRA"].model_dump() == untouched.model_dump()


def test_rebuild_with_nothing_new_writes_nothing(eng: Engine) -> None:
    load(eng, (art("a"), [rec("a", date(2023, 1, 1))]))
    before = events(eng)
    assert store.rebuild_events(eng) == 0
    assert [e.model_dump() for e in events(eng)] == [e.model_dump() for e in before]


def test_bulk_writes_keep_dict_and_tuple_rows_as_given(eng: Engine) -> None:
    """The rebuild's bulk writer (`events._insert_many`): dict rows (dates through the
    driver's bind processing, None kept), one-column dict rows, tuple rows."""
    import sqlalchemy as sa

    probe = sa.Table(
        "bulk_probe",
        sa.MetaData(),
        sa.Column("k", sa.Integer, primary_key=True),
        sa.Column("d", sa.Date),
        sa.Column("s", sa.String),
    )
    one = sa.Table("bulk_one", sa.MetaData(), sa.Column("s", sa.String, primary_key=True))
    with eng.begin() as conn:
        probe.create(conn)
        one.create(conn)
        rows = [{"k": 1, "d": date(2023, 3, 10), "s": "a"}, {"k": 2, "d": None, "s": None}]
        events_mod._insert_many(conn, probe, rows)
        events_mod._insert_many(conn, probe, [(3, date(2024, 1, 31), "c")])
        events_mod._insert_many(conn, one, [{"s": "x"}, {"s": "y"}])
        got = [tuple(r) for r in conn.execute(select(probe).order_by(probe.c.k))]
        ones = list(conn.execute(select(one.c.s).order_by(one.c.s)).scalars())
        probe.drop(conn)
        one.drop(conn)
    assert got == [(1, date(2023, 3, 10), "a"), (2, None, None), (3, date(2024, 1, 31), "c")]
    assert ones == ["x", "y"]


def test_rebuild_reads_only_the_touched_events(eng: Engine) -> None:
    """Scaling: after a big load, a small one must not scan every mention or party."""
    load(eng, *[(art(f"old{i}"), [rec(f"old{i}", date(2023, 1, 1 + i % 28))]) for i in range(50)])
    store.load_batch(eng, run(eng), [(art("new"), [rec("new", date(2023, 1, 3))])], (), "t")
    statements: list[str] = []

    def capture(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        statements.append(" ".join(sql.split()).lower())

    event.listen(eng, "before_cursor_execute", capture)
    try:
        assert store.rebuild_events(eng) == 1
    finally:
        event.remove(eng, "before_cursor_execute", capture)
    reads = [s for s in statements if s.startswith("select")]
    assert reads and all(" where " in s or " limit " in s for s in reads), reads
    writes = [s for s in statements if s.startswith(("update", "insert", "delete"))]
    assert writes and all(" where " in s or s.startswith("insert") for s in writes), writes
    consistent(eng)


def _random_items(n: int, seed: int) -> list[tuple[Article, list[EventRecord]]]:
    """Articles reporting a few real events each (headline and body, varying precision)."""
    import random

    rng = random.Random(seed)
    out = []
    for i in range(n):
        aid = f"r{seed}-{i}"
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(40))
        recs = []
        for j in range(rng.randint(1, 3)):
            r = rec(
                aid,
                None if rng.random() < 0.1 else day - timedelta(days=rng.randrange(4)),
                sources=tuple(rng.sample(["USA", "GBR", "EU"], rng.randint(1, 2))),
                targets=(rng.choice(["IRN", "RUS"]),),
                category=rng.choice(["other", "financial", "trade"]),
                start=j * 10,
            )
            precisions = ["day", "day", "published", "month", "year"]
            r.date_precision = rng.choice(precisions) if r.date else "none"
            recs.append(r)
        out.append((art(aid), recs))
    return out


def _grouping(engine: Engine) -> set[frozenset[str]]:
    with Session(engine) as s:
        by: dict[str, set[str]] = {}
        for mid, eid in s.execute(select(col(Mention.id), col(Mention.event_id))):
            by.setdefault(eid, set()).add(mid)
    return {frozenset(v) for v in by.values()}


def test_loading_in_two_batches_groups_as_loading_at_once(db_url: str, tmp_path: Any) -> None:
    items = _random_items(60, seed=7)
    one = store.make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    store.init_db(one)
    load(one, *items)
    expected = _grouping(one)
    one.dispose()
    assert len(expected) < sum(len(r) for _, r in items)  # there is grouping to do
    two = store.make_engine(db_url)
    store.init_db(two)
    try:
        # The second batch holds both later and earlier dates than the first.
        load(two, *items[1::2])
        load(two, *items[::2])
        assert _grouping(two) == expected
        consistent(two)
    finally:
        two.dispose()


def test_a_rebuild_reading_the_parties_in_one_scan_groups_as_one_looking_them_up(
    db_url: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large rebuild reads the parties of every mention in one grouped scan, a small one
    looks them up by id (`events._sides`): the same events, rows and pairs either way."""
    items = _random_items(60, seed=11)
    # Mentions without parties on a side, or with two, are read too.
    items.append((art("bare"), [rec("bare", date(2023, 1, 5), sources=(), targets=("IRN",))]))
    items.append(
        (art("two"), [rec("two", date(2023, 1, 6), sources=("USA", "GBR"), targets=("IRN",))])
    )

    def rows(engine: Engine) -> tuple[Any, ...]:
        with Session(engine) as s:
            return (
                _grouping(engine),
                sorted(
                    repr(sorted(e.model_dump().items())) for e in s.execute(select(Event)).scalars()
                ),
                sorted(map(repr, s.execute(select(EventPair.__table__)).all())),  # type: ignore[attr-defined]
            )

    looked_up = store.make_engine(f"sqlite:///{tmp_path / 'lookup.db'}")
    store.init_db(looked_up)
    load(looked_up, *items)
    expected = rows(looked_up)
    looked_up.dispose()
    scanned = store.make_engine(db_url)
    store.init_db(scanned)
    try:
        store.load_batch(scanned, run(scanned), items, tagger_version="t")
        read: list[int] = []
        sides = events_mod._sides

        def spy(conn: Any, mention_rows: Any) -> Any:
            got = sides(conn, mention_rows)
            read.append(len(got))
            return got

        monkeypatch.setattr(events_mod, "_BULK", 1)  # every fresh mention: the scan
        monkeypatch.setattr(events_mod, "_sides", spy)
        store.rebuild_events(scanned)
        assert read and read[0] > 0
        assert rows(scanned) == expected
        consistent(scanned)
    finally:
        scanned.dispose()


@pytest.mark.parametrize("failing", ["update mention", "drop table _event_assignment"])
def test_a_failed_rebuild_changes_nothing(eng: Engine, failing: str) -> None:
    """Also when it fails after the temporary assignment table was made (at the UPDATE it
    feeds, or at its drop, the last statement): the rollback removes it, so the next
    rebuild on the same pooled connection can make it again."""
    load(eng, (art("a"), [rec("a", date(2023, 1, 1))]))
    store.load_batch(eng, run(eng), [(art("b"), [rec("b", date(2023, 1, 2))])], (), "t")
    before = store.table_counts(eng), _grouping(eng)

    def fail(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        if sql.lstrip().lower().startswith(failing):
            raise RuntimeError("disk full")

    event.listen(eng, "before_cursor_execute", fail)
    try:
        with pytest.raises(Exception, match="disk full"):
            store.rebuild_events(eng)
    finally:
        event.remove(eng, "before_cursor_execute", fail)
    assert (store.table_counts(eng), _grouping(eng)) == before
    assert store.rebuild_events(eng) == 1
    consistent(eng)


def test_replaced_mentions_leave_events_consistent(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 2)), rec("b", date(2023, 1, 2), start=7)]),
    )
    store.replace_mentions(eng, run(eng), [(art("b"), [rec("b", date(2023, 3, 1))])], "t")
    store.rebuild_events(eng)
    evs = consistent(eng)
    assert sorted((e.n_mentions, e.first_date) for e in evs) == [
        (1, date(2023, 1, 1)),
        (1, date(2023, 3, 1)),
    ]


def test_events_made_with_other_grouping_rules_are_regrouped_once(eng: Engine) -> None:
    """Events are derived from the mentions: a database whose events another release or an
    edited `grouping.json` made is regrouped when opened, once, with a note; one made with
    today's rules is left alone."""
    load(eng, (art("a"), [rec("a", date(2023, 1, 1))]), (art("b"), [rec("b", date(2023, 1, 2))]))
    assert store.init_db(eng) == []
    made = _grouping(eng), [(e.id, e.first_date, e.n_mentions) for e in events(eng)]
    stale = date(1999, 1, 1)
    with eng.begin() as conn:  # a row no rule of today makes; the fingerprint still today's
        conn.execute(update(Event).values(first_date=stale))
    assert store.init_db(eng) == [] and {e.first_date for e in events(eng)} == {stale}
    with eng.begin() as conn:  # as an older release left it
        conn.execute(
            update(StoreInfo).where(col(StoreInfo.key) == "grouping").values(value="older")
        )
    notes = store.init_db(eng)
    assert notes == ["the events were made with other grouping rules: regrouped 2 mentions"]
    assert (_grouping(eng), [(e.id, e.first_date, e.n_mentions) for e in events(eng)]) == made
    consistent(eng)
    assert store.init_db(eng) == []


def test_a_regroup_cut_short_is_done_on_the_next_open(eng: Engine) -> None:
    """The fingerprint is written after the regroup: a failure in between leaves mentions
    without events (consistent) and the next open regroups them."""
    load(eng, (art("a"), [rec("a", date(2023, 1, 1))]), (art("b"), [rec("b", date(2023, 1, 2))]))
    made = _grouping(eng)
    with eng.begin() as conn:
        conn.execute(
            update(StoreInfo).where(col(StoreInfo.key) == "grouping").values(value="older")
        )

    def fail(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        if sql.lstrip().lower().startswith("insert into event "):
            raise RuntimeError("disk full")

    event.listen(eng, "before_cursor_execute", fail)
    try:
        with pytest.raises(Exception, match="disk full"):
            store.init_db(eng)
    finally:
        event.remove(eng, "before_cursor_execute", fail)
    assert events(eng) == []  # dissolved, not half-written
    assert store.init_db(eng) == [
        "the events were made with other grouping rules: regrouped 2 mentions"
    ]
    assert _grouping(eng) == made
    consistent(eng)


def test_a_database_from_before_the_grouping_is_upgraded(tmp_path: Any) -> None:
    """A real file written by the previous release (old `event` table, no date precision):
    its events are derived data, so they are rebuilt from the mentions, with a note."""
    import shutil
    import sqlite3

    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "before_grouping.db", path)
    with sqlite3.connect(path) as raw:
        cols = {r[1] for r in raw.execute("PRAGMA table_info(event)")}
        assert "statuses" not in cols  # really the old schema
        n_mentions = raw.execute("SELECT count(*) FROM mention").fetchone()[0]
    engine = store.make_engine(f"sqlite:///{path}")
    try:
        notes = store.init_db(engine)
        assert any("event table predates" in n for n in notes), notes
        assert any("date precision" in n for n in notes), notes
        evs = consistent(engine)
        assert sum(e.n_mentions for e in evs) == n_mentions
        assert all(e.action and e.statuses and e.evidence for e in evs)
        with Session(engine) as s:
            precisions = set(s.execute(select(col(Mention.date_precision))).scalars())
        assert precisions <= {"day", "published", "none"} and precisions
        assert store.init_db(engine) == []  # upgraded once
        assert "distinct events" not in reports.stats_text(engine)
    finally:
        engine.dispose()


def test_indexes_no_query_reads_are_dropped_from_old_databases(tmp_path: Any) -> None:
    """The register tables of the last release indexed kinds, flags and statuses: init_db
    drops those indexes (the matcher rewrites a million rows), keeping the ones read."""
    import sqlite3

    path = tmp_path / "old.db"
    engine = store.make_engine(f"sqlite:///{path}")
    try:
        store.init_db(engine)
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE INDEX ix_registermatch_kind ON registermatch (kind)")
            raw.execute("CREATE INDEX ix_registercheck_status ON registercheck (status)")
        store.init_db(engine)
        with sqlite3.connect(path) as raw:
            names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        engine.dispose()
    assert not names & set(store.RETIRED_INDEXES)
    assert {"ix_registermatch_event_id", "ix_registermatch_entry_id"} <= names


# --- stats ----------------------------------------------------------------------------


def test_stats_text_counts_events_not_mentions(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("c"), [rec("c", date(2023, 1, 2))]),  # the same event, reported again
        (art("b"), [rec("b", date(2023, 2, 1), etype="arms_transfer", category="drones")]),
    )
    text = reports.stats_text(eng)
    lines = text.splitlines()
    assert lines[0] == "articles 3  events 2  mentions 3  rejected records 0"
    assert "  sanction              1" in lines and "  arms_transfer         1" in lines
    assert any(line.split()[:1] == ["IRN"] and line.split()[-1] == "2" for line in lines)
    assert "  2023-01           1" in lines and "2023-02" in text
    assert " mentions 3  x" in text  # the run log names mentions as mentions


def test_synthetic_news_can_be_recent() -> None:
    """The store benchmark adds recent news, as a daily run does, not ten years at random."""
    from bench import synthetic

    start = date(2024, 12, 1)
    items = list(synthetic.generate(300, seed=3, start=start, days=28))
    dated = [r.date for _, recs in items for r in recs if r.date_precision == "day"]
    assert dated and all(start <= d < start + timedelta(days=28) for d in dated if d)
    assert sum(len(recs) for _, recs in items) == 300


def test_adding_a_mention_rewrites_only_the_events_it_changes(eng: Engine) -> None:
    """A year-dated mention may join any event of its parties that year, so the rebuild
    looks them all up; it rewrites only the one it joins, not the whole year of events."""
    days = [date(2023, 1, 2) + timedelta(days=10 * i) for i in range(36)]
    load(eng, *[(art(f"d{i}"), [rec(f"d{i}", d)]) for i, d in enumerate(days)])
    assert len(events(eng)) == 36
    deleted: list[int] = []

    def count(_c: Any, _cur: Any, sql: str, params: Any, *_: Any) -> None:
        if re.match(r"\s*delete from event\b", sql, re.IGNORECASE):
            deleted.append(len(params))

    recalled = replace(rec("new", date(2023, 1, 1)), date_precision="year")
    event.listen(eng, "before_cursor_execute", count)
    try:
        assert load(eng, (art("new"), [recalled])) == 1
    finally:
        event.remove(eng, "before_cursor_execute", count)
    evs = consistent(eng)
    joined = [e for e in evs if e.n_mentions == 2]
    assert len(evs) == 36 and [e.first_date for e in joined] == [days[0]]  # the first founded
    assert sum(deleted) == 1  # ... and only that one is rewritten (36 before)


def _result(engine: Engine) -> tuple[list[Any], ...]:
    """Every mention's event, every event row and lookup pair, sorted."""
    with Session(engine) as s:
        return (
            sorted(
                tuple(r) for r in s.execute(select(col(Mention.id), col(Mention.event_id))).all()
            ),
            sorted(tuple(r) for r in s.execute(select(Event.__table__)).all()),  # type: ignore[attr-defined]
            sorted(tuple(r) for r in s.execute(select(EventPair.__table__)).all()),  # type: ignore[attr-defined]
        )


@contextmanager
def _reach_and_every(tmp_path: Path, old: list[Any]) -> Iterator[tuple[Engine, Engine]]:
    """Two databases holding `old`: one rebuilt incrementally, one by regrouping every event
    of the new mentions' articles (`every=True`), to compare."""
    engines = [store.make_engine(f"sqlite:///{tmp_path / name}.db") for name in ("reach", "every")]
    try:
        for engine in engines:
            store.init_db(engine)
            if old:
                load(engine, *old)
        yield engines[0], engines[1]
    finally:
        for engine in engines:
            engine.dispose()


def _load_both(reach: Engine, every: Engine, batch: list[Any]) -> None:
    """The same new articles into both databases, not grouped yet."""
    for engine in (reach, every):
        store.load_batch(engine, run(engine), batch, (), "t")


def _rebuild_both(reach: Engine, every: Engine) -> None:
    """Group the new mentions: incrementally in one, regrouping every event in the other."""
    store.rebuild_events(reach)
    events_mod._rebuild_events(every, every=True)


def _regrouped(engine: Engine) -> set[str]:
    """The events an incremental rebuild of the unassigned mentions would regroup."""
    with Session(engine) as session, session.begin():
        fresh, keys = events_mod._load(session.connection(), col(Mention.event_id).is_(None))
        lazy = events_mod._Regroup(session, fresh, events_mod.rules(), keys)
        lazy.run()
        return lazy.regrouped


@pytest.mark.parametrize("seed", range(4))
def test_regrouping_what_new_mentions_reach_equals_regrouping_every_event_of_their_articles(
    tmp_path: Path, seed: int
) -> None:
    """A rebuild regroups the events new mentions could join and, of the other events of
    those events' articles, only those the regroup can reach (by their lookup pairs and
    articles): batch after batch of realistic news (recent reports, recollections by
    month or year), the same events, rows and ids as regrouping them all."""
    from bench import synthetic

    start = date(2020, 1, 1)
    first = list(synthetic.generate(1500, seed=seed, start=start, days=120))
    batches = [first] + [
        [
            (a.model_copy(update={"id": f"b{k}-{a.id}"}), r)
            for a, r in synthetic.generate(
                120, seed=100 * seed + k, start=start + timedelta(days=60 + 10 * k), days=30
            )
        ]
        for k in range(4)
    ]
    with _reach_and_every(tmp_path, []) as (reach, every):
        for batch in batches:
            _load_both(reach, every, batch)
            _rebuild_both(reach, every)
            assert _result(reach) == _result(every)


def test_a_rebuild_leaves_out_the_article_events_it_cannot_reach(eng: Engine) -> None:
    """Scaling: an article reporting the event a new mention joins may report others too;
    one the regroup cannot reach (other parties, another year) is not read."""
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 2)), rec("a", date(2020, 6, 1), sources=("GBR",),
                                                    targets=("PRK",), start=9)]),
    )  # fmt: skip
    store.load_batch(eng, run(eng), [(art("new"), [rec("new", date(2023, 1, 3))])], (), "t")
    by_id = {e.first_date: e.id for e in events(eng)}
    with Session(eng) as session, session.begin():
        fresh, keys = events_mod._load(session.connection(), col(Mention.event_id).is_(None))
        lazy = events_mod._Regroup(session, fresh, events_mod.rules(), keys)
        lazy.run()
        assert lazy.regrouped == {by_id[date(2023, 1, 2)]}
        assert {m.article_id for m in lazy.light} == {"a"} and len(lazy.light) == 1
        full = events_mod._Regroup(session, fresh, events_mod.rules(), keys, every=True)
        full.run()
        assert full.regrouped == set(by_id.values())


def test_a_rebuild_leaves_out_an_article_event_its_moved_mention_cannot_reach(
    tmp_path: Path,
) -> None:
    """Scaling: a new mention dated before an article's report founds the event and the
    report is searched again; the article's other event, years away, is out of that
    report's reach even within the article (and has no later mention): it is not read."""
    old = [
        (art("a"), [rec("a", date(2023, 1, 2)), rec("a", date(2020, 6, 1), sources=("GBR",),
                                                    targets=("PRK",), start=9)]),
    ]  # fmt: skip
    new = [(art("new"), [rec("new", date(2023, 1, 1))])]
    with _reach_and_every(tmp_path, old) as (reach, every):
        _load_both(reach, every, new)
        by_id = {e.first_date: e.id for e in events(reach)}
        assert _regrouped(reach) == {by_id[date(2023, 1, 2)]}
        _rebuild_both(reach, every)
        assert _result(reach) == _result(every)
        assert {e.first_date for e in events(reach)} == {date(2023, 1, 1), date(2020, 6, 1)}


def test_a_rebuild_leaves_out_an_article_event_whose_later_mention_cannot_join_the_change(
    tmp_path: Path,
) -> None:
    """Scaling: a year-dated recollection in an article whose other event changes may
    restate that event's sentence dated by publication (so its date does not keep it out),
    but it names other parties on both sides: it cannot join the changed event, so its own
    event is not read."""
    old = [
        (art("a"), [replace(rec("a", date(2023, 1, 2)), date_precision="published"),
                    _year(rec("a", date(2020, 6, 1), sources=("GBR",), targets=("PRK",),
                              start=9))]),
    ]  # fmt: skip
    new = [(art("new"), [rec("new", date(2023, 1, 1))])]
    with _reach_and_every(tmp_path, old) as (reach, every):
        _load_both(reach, every, new)
        by_id = {e.first_date: e.id for e in events(reach)}
        assert _regrouped(reach) == {by_id[date(2023, 1, 2)]}
        _rebuild_both(reach, every)
        assert _result(reach) == _result(every)
        assert len(events(reach)) == 2


def test_grouping_from_scratch_orders_no_mention_twice(
    eng: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scaling: from scratch no event is read, so nothing is restored before the first
    new mention, and no mention's sort key is computed for it (a million calls at
    1,000,000 mentions): the canonical order is taken by buckets alone."""
    calls = 0
    make = events_mod._sort_key

    def counting(r: Any) -> Any:
        key = make(r)

        def counted(m: Any) -> Any:
            nonlocal calls
            calls += 1
            return key(m)

        return counted

    monkeypatch.setattr(events_mod, "_sort_key", counting)
    items = _random_items(30, seed=5)
    assert load(eng, *items) > 0
    assert calls == 0
    consistent(eng)


def _arms(aid: str, day: date, category: str, **kw: Any) -> EventRecord:
    return replace(rec(aid, day, etype="arms_transfer", category=category, **kw), action="sold")


def _year(r: EventRecord) -> EventRecord:
    return replace(r, date_precision="year")


@pytest.mark.parametrize(
    ("old", "new", "moved"),
    [
        # A new mention founds an event (2023-02-20) that draws away the year-dated mention
        # of another event, reported by an article whose other event a new mention joins.
        (
            [
                (art("x0"), [rec("x0", date(2023, 1, 5), targets=("RUS",))]),
                (art("a1"), [rec("a1", date(2023, 2, 10)),
                             _year(rec("a1", date(2023, 6, 1), sources=("USA", "GBR"),
                                       targets=("RUS",), start=9))]),
            ],
            [
                (art("n1"), [rec("n1", date(2023, 2, 20), sources=("USA", "GBR"),
                                 targets=("RUS",))]),
                (art("n2"), [rec("n2", date(2023, 2, 11))]),
            ],
            "a1",
        ),
        # A new mention gives an arms deal its category (tanks), so the year-dated missiles
        # of its article go to the missiles deal of another of the article's events.
        (
            [
                (art("x0"), [_arms("x0", date(2023, 1, 5), "missiles", targets=("TWN",))]),
                (art("e"), [_arms("e", date(2023, 1, 6), "missiles", targets=("TWN",), start=3),
                            _arms("e", date(2023, 3, 10), "other", sources=("USA", "GBR"),
                                  targets=("TWN",)),
                            _year(_arms("e", date(2023, 6, 1), "missiles",
                                        sources=("USA", "GBR"), targets=("TWN",), start=9))]),
            ],
            [(art("n"), [_arms("n", date(2023, 3, 11), "armoured_vehicles", targets=("TWN",))])],
            "e",
        ),
    ],
    ids=["drawn-to-a-new-event", "pushed-out-by-a-category"],
)  # fmt: skip
def test_a_rebuild_regroups_the_article_events_a_change_reaches(
    tmp_path: Path, old: list[Any], new: list[Any], moved: str
) -> None:
    """An event of the same article as one a new mention joins is left out of the regroup
    unless the regroup can reach it; when it can, it is regrouped as when every event of
    the article is (a year-dated mention moves to the event it now fits best)."""
    with _reach_and_every(tmp_path, old) as (reach, every):
        before = _result(reach)
        _load_both(reach, every, new)
        _rebuild_both(reach, every)
        after = _result(every)
        # The case moves a mention of the article `moved` away from its old event-mates.
        olds = {mid for mid, _ in before[0]}
        mates_before = _partition(before[0], olds)
        mates_after = _partition(after[0], olds)
        assert {m for g in mates_before - mates_after for m in g} & _article_mentions(every, moved)
        assert _result(reach) == after


def _partition(assigned: list[Any], ids: set[str]) -> set[frozenset[str]]:
    """The mentions `ids` grouped by their event."""
    by: dict[str, set[str]] = {}
    for mid, eid in assigned:
        if mid in ids:
            by.setdefault(eid, set()).add(mid)
    return {frozenset(v) for v in by.values()}


def _article_mentions(engine: Engine, aid: str) -> set[str]:
    with Session(engine) as s:
        return set(
            s.execute(select(col(Mention.id)).where(col(Mention.article_id) == aid)).scalars()
        )


def test_an_incremental_rebuild_writes_its_events_by_key_not_by_a_scan(eng: Engine) -> None:
    """Scaling: the few mentions whose event changes are written by looking up their rows;
    SQLite's plan for the set-based UPDATE otherwise walks every mention (0.3 s at
    1,000,000 for a thousand new ones)."""
    if eng.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    load(eng, *[(art(f"old{i}"), [rec(f"old{i}", date(2023, 1, 1 + i % 28))]) for i in range(50)])
    store.load_batch(eng, run(eng), [(art("new"), [rec("new", date(2023, 1, 3))])], (), "t")
    plans: list[str] = []

    def explain(conn: Any, _cur: Any, sql: str, params: Any, *_: Any) -> None:
        if re.match(r"\s*update mention\b", sql, re.IGNORECASE) and " FROM " in sql:
            raw = conn.connection.dbapi_connection
            plans.extend(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    event.listen(eng, "before_cursor_execute", explain)
    try:
        assert store.rebuild_events(eng) == 1
    finally:
        event.remove(eng, "before_cursor_execute", explain)
    assert plans and not [p for p in plans if p.startswith("SCAN mention")], plans
    consistent(eng)
