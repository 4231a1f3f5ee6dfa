"""The store: engine URLs, idempotent batches, event dedupe, stats (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event, select
from sqlmodel import Session, col

from etl import reports, store
from etl.models import Event, Mention
from etl.records import Actor, Article, EventRecord, RejectedRecord

pytest_plugins = ["pg"]


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


# --- dedupe ---------------------------------------------------------------------------


def test_same_event_within_window_is_one_event(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 20))]),
    )
    (ev,) = events(eng)
    assert (ev.n_mentions, ev.n_articles) == (2, 2)
    assert (ev.first_date, ev.last_date) == (date(2023, 1, 1), date(2023, 1, 20))
    assert (ev.sources, ev.targets, ev.category) == ("USA", "IRN", "financial")


def test_two_mentions_in_one_article_count_one_article(eng: Engine) -> None:
    load(eng, (art("a"), [rec("a", date(2023, 1, 1)), rec("a", date(2023, 1, 2), start=5)]))
    (ev,) = events(eng)
    assert (ev.n_mentions, ev.n_articles) == (2, 1)


def test_window_chains_and_splits(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 1, 25))]),  # 24 days later: same event
        (art("c"), [rec("c", date(2023, 2, 20))]),  # 26 days after b: chained, same
        (art("d"), [rec("d", date(2023, 5, 1))]),  # months later: another event
    )
    assert [(e.n_mentions, e.first_date) for e in events(eng)] == [
        (3, date(2023, 1, 1)),
        (1, date(2023, 5, 1)),
    ]


@pytest.mark.parametrize(
    "other",
    [
        {"category": "trade"},
        {"etype": "arms_transfer"},
        {"sources": ("GBR",)},
        {"targets": ("RUS",)},
        {"sources": ("USA", "GBR")},
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


def test_party_order_does_not_matter(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1), sources=("USA", "GBR"))]),
        (art("b"), [rec("b", date(2023, 1, 2), sources=("GBR", "USA"))]),
    )
    (ev,) = events(eng)
    assert ev.sources == "GBR|USA"


def test_undated_mentions_group_together(eng: Engine) -> None:
    load(eng, (art("a"), [rec("a", None)]), (art("b"), [rec("b", None)]))
    (ev,) = events(eng)
    assert (ev.first_date, ev.n_articles) == (None, 2)


def test_later_report_joins_the_existing_event(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("z"), [rec("z", date(2023, 1, 1), sources=("FRA",))]),
    )
    untouched = next(e for e in events(eng) if e.sources == "FRA")
    written = load(eng, (art("b"), [rec("b", date(2023, 1, 10))]))
    assert written == 1  # only the touched key's event is rewritten
    evs = {e.sources: e for e in events(eng)}
    assert (evs["USA"].n_mentions, evs["USA"].n_articles) == (2, 2)
    assert evs["FRA"].model_dump() == untouched.model_dump()
    with Session(eng) as s:
        assert s.execute(select(Mention).where(col(Mention.event_id).is_(None))).first() is None


def test_rebuild_with_nothing_new_writes_nothing(eng: Engine) -> None:
    load(eng, (art("a"), [rec("a", date(2023, 1, 1))]))
    before = events(eng)
    assert store.rebuild_events(eng) == 0
    assert [e.model_dump() for e in events(eng)] == [e.model_dump() for e in before]


def test_rebuild_reads_only_the_touched_keys(eng: Engine) -> None:
    """Scaling: after a big load, a small one must not scan every mention or party."""
    load(eng, *[(art(f"old{i}"), [rec(f"old{i}", date(2023, 1, 1 + i % 28))]) for i in range(50)])
    store.load_batch(
        eng, run(eng), [(art("new"), [rec("new", date(2024, 6, 1), sources=("FRA",))])], (), "t"
    )
    statements: list[str] = []

    def capture(_c: Any, _cur: Any, sql: str, *_: Any) -> None:
        statements.append(" ".join(sql.split()).lower())

    event.listen(eng, "before_cursor_execute", capture)
    try:
        assert store.rebuild_events(eng) == 1
    finally:
        event.remove(eng, "before_cursor_execute", capture)
    reads = [s for s in statements if s.startswith("select")]
    assert reads and all(" where " in s for s in reads), reads


# --- stats ----------------------------------------------------------------------------


def test_stats_text(eng: Engine) -> None:
    load(
        eng,
        (art("a"), [rec("a", date(2023, 1, 1))]),
        (art("b"), [rec("b", date(2023, 2, 1), etype="arms_transfer", category="drones")]),
    )
    text = reports.stats_text(eng)
    assert "articles 2  event mentions 2  distinct events 2" in text
    assert "arms_transfer" in text and "2023-02" in text and "IRN" in text
