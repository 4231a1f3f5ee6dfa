"""Filter semantics and aggregates over a real seeded database (no Streamlit)."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from assets.dashboard_seed import SEEDS, empty_database, seed_database
from sqlmodel import SQLModel

from dashboard import queries, snapshot
from dashboard.filters import Filter
from dashboard.queries import Drill
from dashboard.snapshot import NoDatabase, Snapshot, Source
from etl import store


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return Source.from_url(seed_database(tmp_path_factory.mktemp("q") / "seed.db"))


@pytest.fixture(scope="module")
def snap(source: Source) -> Snapshot:
    return snapshot.load(source)


def sentences_for(snap: Snapshot, f: Filter, source: Source) -> list[str]:
    """The evidence sentences the filter keeps (via the table path, latest first)."""
    text = snapshot.sentences(source, snap) if f.q else None
    keep = queries.mask(snap, f, sentences=text)
    rows = queries.table_rows(snap, keep, limit=None)
    frame = queries.mentions_frame(snap, rows, snapshot.details(source, snap, rows))
    return list(frame["sentence"])


def expected(pred: object) -> set[str]:
    return {s.sentence for s in SEEDS if pred(s)}  # type: ignore[operator]


def test_snapshot_holds_every_seeded_mention(snap: Snapshot) -> None:
    assert len(snap.mentions) == len(SEEDS)
    assert len(snap.parties) == sum(len(s.sources) + len(s.targets) for s in SEEDS)
    assert not snap.empty


def test_no_filter_keeps_everything(snap: Snapshot, source: Source) -> None:
    assert set(sentences_for(snap, Filter(), source)) == expected(lambda s: True)


def test_country_matches_either_side_by_default(snap: Snapshot, source: Source) -> None:
    got = set(sentences_for(snap, Filter(countries=("IRN",)), source))
    assert got == expected(lambda s: "IRN" in s.sources or "IRN" in s.targets)
    assert len(got) == 3  # two as supplier, one as target


@pytest.mark.parametrize("role", ["source", "target"])
def test_role_restricts_the_side(snap: Snapshot, source: Source, role: str) -> None:
    got = set(sentences_for(snap, Filter(countries=("IRN",), role=role), source))  # type: ignore[arg-type]
    side = "sources" if role == "source" else "targets"
    assert got == expected(lambda s: "IRN" in getattr(s, side))


def test_several_countries_are_alternatives(snap: Snapshot, source: Source) -> None:
    got = set(sentences_for(snap, Filter(countries=("PRK", "CHN")), source))
    assert got == expected(lambda s: {"PRK", "CHN"} & {*s.sources, *s.targets})


def test_a_bloc_is_a_country_code_like_any_other(snap: Snapshot, source: Source) -> None:
    assert set(sentences_for(snap, Filter(countries=("EU",)), source)) == expected(
        lambda s: "EU" in s.sources
    )


def test_a_country_without_events_gives_an_empty_result(snap: Snapshot) -> None:
    keep = queries.mask(snap, Filter(countries=("NOR",)))
    assert not keep.any()
    assert queries.metrics(snap, keep) == queries.Metrics(0, 0, 0, 0)
    for sel in by_count(snap, Filter(countries=("NOR",))).values():
        assert queries.timeline(snap, sel, "month").empty
        assert queries.matrix(snap, sel).empty
        assert queries.by_country(snap, sel)["count"].sum() == 0
        assert sel.kept.size == 0


def test_dates_are_inclusive_and_drop_undated(snap: Snapshot, source: Source) -> None:
    f = Filter(date_from=date(2022, 3, 1), date_to=date(2022, 6, 15))
    got = set(sentences_for(snap, f, source))
    assert got == expected(lambda s: s.when and date(2022, 3, 1) <= s.when <= date(2022, 6, 15))
    assert len(got) == 4
    only_from = set(sentences_for(snap, Filter(date_from=date(2023, 1, 1)), source))
    assert only_from == expected(lambda s: s.when and s.when >= date(2023, 1, 1))


@pytest.mark.parametrize(
    ("f", "field", "values"),
    [
        (Filter(types=("arms_transfer",)), "type", {"arms_transfer"}),
        (Filter(statuses=("alleged", "denied")), "status", {"alleged", "denied"}),
        (Filter(actions=("imposed",)), "action", {"imposed"}),
        (Filter(categories=("drones", "arms")), "category", {"drones", "arms"}),
    ],
)
def test_taxonomy_filters(
    snap: Snapshot, source: Source, f: Filter, field: str, values: set[str]
) -> None:
    assert set(sentences_for(snap, f, source)) == expected(lambda s: getattr(s, field) in values)


def test_text_search_is_case_insensitive_substring(snap: Snapshot, source: Source) -> None:
    got = set(sentences_for(snap, Filter(q="DRONES"), source))
    assert got == expected(lambda s: "drones" in s.sentence.lower())
    assert len(got) == 2
    # Regex characters are literal.
    assert sentences_for(snap, Filter(q="(1+1)"), source) == [SEEDS[5].sentence]


def test_text_search_needs_the_sentences(snap: Snapshot) -> None:
    with pytest.raises(ValueError, match="sentences"):
        queries.mask(snap, Filter(q="drones"))


def test_min_conf_is_a_floor(snap: Snapshot, source: Source) -> None:
    got = set(sentences_for(snap, Filter(min_conf=0.8), source))
    assert got == expected(lambda s: s.confidence >= 0.8)
    assert SEEDS[1].sentence in got  # exactly 0.8 is kept


def test_actor_filter(snap: Snapshot, source: Source) -> None:
    got = set(sentences_for(snap, Filter(actors=("Antony Blinken",)), source))
    assert got == expected(lambda s: any(n == "Antony Blinken" for n, _ in s.actors))
    assert len(got) == 2


def test_filters_combine_with_and(snap: Snapshot, source: Source) -> None:
    f = Filter(countries=("RUS",), types=("arms_transfer",), statuses=("denied",))
    assert sentences_for(snap, f, source) == [SEEDS[3].sentence]


def test_mentions_are_latest_first_undated_last(snap: Snapshot, source: Source) -> None:
    keep = queries.mask(snap, Filter())
    rows = queries.table_rows(snap, keep, limit=None)
    frame = queries.mentions_frame(snap, rows, snapshot.details(source, snap, rows))
    dated = [d for d in frame["date"] if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert list(frame["date"][-2:]) == [None, None]
    assert list(frame.columns) == list(queries.MENTION_COLUMNS)
    first = frame.iloc[0]
    assert first["sources"] == "CHN" and first["targets"] == "RUS"
    assert first["title"] == "Beijing accused" and first["url"] == "https://example.org/a4"
    row = frame[frame["sentence"] == SEEDS[2].sentence].iloc[0]
    assert row["weapon"] == "Shahed-136 drones" and row["actors"] == "Volodymyr Zelensky"
    # The two drone mentions share their event; every mention names one.
    drones = frame[frame["category"] == "drones"]
    assert drones["event_id"].nunique() == 1 and frame["event_id"].notna().all()
    assert frame["event_id"].nunique() == 8
    assert queries.table_rows(snap, keep, limit=3).size == 3


def events_for(snap: Snapshot, source: Source, f: Filter, limit: int | None = None) -> pd.DataFrame:
    sel = queries.select(snap, queries.mask(snap, f), "events")
    rows = queries.event_rows(snap, sel, limit)
    evidence = queries.evidence_rows(snap, sel, rows)
    return queries.events_frame(snap, sel, rows, evidence, snapshot.details(source, snap, evidence))


def test_events_table_one_row_per_event_latest_first(snap: Snapshot, source: Source) -> None:
    frame = events_for(snap, source, Filter())
    assert len(frame) == 8 and frame["event_id"].is_unique
    assert list(frame.columns) == list(queries.EVENT_COLUMNS)
    dated = [d for d in frame["first_date"] if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert list(frame["first_date"][-2:]) == [None, None]
    assert frame["mentions"].sum() == len(SEEDS)
    drones = frame[frame["category"] == "drones"].iloc[0]
    assert (drones["sources"], drones["targets"], drones["mentions"]) == ("IRN", "RUS", 2)
    assert drones["statuses"] == "alleged, denied" and drones["disputed"]
    assert drones["weapon"] == "Shahed-136 drones"
    # The most confident mention stands for it (0.7, alleged, over 0.6, denied).
    assert drones["evidence"] == SEEDS[2].sentence
    assert drones["event_mentions"] == 2 and drones["event_articles"] == 1
    assert not frame[frame["category"] != "drones"]["disputed"].any()
    assert len(events_for(snap, source, Filter(), limit=3)) == 3


def test_an_event_row_counts_its_kept_mentions_and_keeps_its_totals(
    snap: Snapshot, source: Source
) -> None:
    (row,) = events_for(snap, source, Filter(statuses=("denied",))).to_dict("records")
    assert row["evidence"] == SEEDS[3].sentence  # the only kept mention stands for it
    assert (row["mentions"], row["event_mentions"]) == (1, 2)
    assert row["disputed"] and row["statuses"] == "alleged, denied"


def test_event_rows_read_the_event_table_where_it_says_more(tmp_path: Path) -> None:
    """The grouping may fill the action, statuses, weapon, evidence and news sources of an
    event; the row shows them instead of what it would work out."""
    url = seed_database(tmp_path / "filled.db")
    with closing(sqlite3.connect(tmp_path / "filled.db")) as conn, conn:
        mid, eid = conn.execute(
            "SELECT id, event_id FROM mention WHERE sentence LIKE 'Tehran denied%'"
        ).fetchone()
        conn.execute(
            "UPDATE event SET action = 'sold', statuses = 'reported|denied', disputed = 1,"
            " weapon = 'Mohajer-6 drones', evidence_mention_id = ?, n_news_sources = 3"
            " WHERE id = ?",
            (mid, eid),
        )
    source = Source.from_url(url)
    snap = snapshot.load(source)
    frame = events_for(snap, source, Filter())
    row = frame[frame["event_id"] == eid].iloc[0]
    assert (row["action"], row["statuses"], row["weapon"]) == (
        "sold", "reported, denied", "Mohajer-6 drones",
    )  # fmt: skip
    assert row["evidence"] == SEEDS[3].sentence and row["news_sources"] == 3
    # Every other event shows the news-source count the grouping stored for it.
    with closing(sqlite3.connect(tmp_path / "filled.db")) as conn:
        stored = dict(conn.execute("SELECT id, n_news_sources FROM event").fetchall())
    others = frame[frame["event_id"] != eid]
    assert len(others) and all(r.news_sources == stored[r.event_id] for r in others.itertuples())


def test_an_older_event_table_without_the_new_columns_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = seed_database(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        for column in ("statuses", "disputed", "weapon", "evidence", "evidence_mention_id"):
            conn.execute(f"ALTER TABLE event DROP COLUMN {column}")
    source = Source.from_url(url)
    snap = snapshot.load(source)
    frame = events_for(snap, source, Filter())
    assert len(frame) == 8 and frame["disputed"].sum() == 1


def by_count(snap: Snapshot, f: Filter = Filter()) -> dict[str, queries.Selection]:
    keep = queries.mask(snap, f)
    return {c: queries.select(snap, keep, c) for c in ("events", "mentions")}  # type: ignore[misc]


def test_timeline_counts_each_event_once_by_acting_country(snap: Snapshot) -> None:
    sel = by_count(snap)
    frame = queries.timeline(snap, sel["events"], "month")
    # Undated events have no place on the time axis; the drone delivery counts once.
    assert frame["count"].sum() == sum(len(s.sources) for s in SEEDS if s.when) - 1
    march = frame[frame["period_label"] == "2022-03-01"].set_index("code")["count"]
    assert march.to_dict() == {"USA": 1, "EU": 1}
    assert set(frame.columns) >= {"period", "code", "actor", "count"}
    assert frame.loc[frame["code"] == "USA", "actor"].iloc[0] == "United States"
    mentions = queries.timeline(snap, sel["mentions"], "month")
    assert mentions["count"].sum() == sum(len(s.sources) for s in SEEDS if s.when)


def test_an_event_sits_at_its_earliest_kept_date(tmp_path: Path) -> None:
    """One event told in June and in August: one bar, in June; from July on, in August."""
    path = tmp_path / "spread.db"
    seed_database(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE mention SET date = '2022-08-02' WHERE sentence LIKE 'Tehran%'")
    snap = snapshot.load(Source.from_url(f"sqlite:///{path}"))
    for f, month in ((Filter(), "2022-06-01"), (Filter(date_from=date(2022, 7, 1)), "2022-08-01")):
        sel = queries.select(snap, queries.mask(snap, f), "events")
        frame = queries.timeline(snap, sel, "month")
        iran = frame[frame["code"] == "IRN"]
        assert iran["period_label"].tolist() == [month] and iran["count"].tolist() == [1]


def test_timeline_groups_the_rest_as_other(snap: Snapshot) -> None:
    frame = queries.timeline(snap, by_count(snap)["mentions"], "year", top=2)
    assert set(frame["code"]) - {"IRN", "USA"} == {queries.OTHER}
    assert frame["count"].sum() == sum(len(s.sources) for s in SEEDS if s.when)


@pytest.mark.parametrize(
    ("granularity", "start"),
    [
        ("week", "2022-06-13"),
        ("month", "2022-06-01"),
        ("quarter", "2022-04-01"),
        ("year", "2022-01-01"),
    ],
)
def test_period_starts(granularity: str, start: str) -> None:
    got = queries.period_starts(np.array(["2022-06-15"], dtype="datetime64[ms]"), granularity)  # type: ignore[arg-type]
    assert str(got[0]) == start


def test_matrix_pairs_sources_with_targets(snap: Snapshot) -> None:
    sel = by_count(snap)
    events = queries.matrix(snap, sel["events"]).set_index(["type", "source", "target"])
    mentions = queries.matrix(snap, sel["mentions"]).set_index(["type", "source", "target"])
    assert events["count"][("arms_transfer", "IRN", "RUS")] == 1
    assert mentions["count"][("arms_transfer", "IRN", "RUS")] == 2
    assert events["count"][("sanction", "USA", "RUS")] == 1
    # A mention with no target forms no pair.
    assert ("sanction", "USA", "") not in events.index


def test_by_country_lists_every_state_and_active_blocs(snap: Snapshot) -> None:
    sel = by_count(snap)
    frame = queries.by_country(snap, sel["mentions"]).set_index("code")
    assert frame.loc["RUS", "as_target"] == 5 and frame.loc["RUS", "as_source"] == 0
    assert frame.loc["IRN", ["as_source", "as_target", "count"]].tolist() == [2, 1, 3]
    assert frame.loc["RUS", "id"] == "643" and frame.loc["AFG", "id"] == "004"
    assert frame.loc["NOR", "count"] == 0  # a state with none is still on the map
    assert "EU" in frame.index and "NATO" not in frame.index
    events = queries.by_country(snap, sel["events"]).set_index("code")
    assert events.loc["RUS", "as_target"] == 4
    assert events.loc["IRN", ["as_source", "as_target", "count"]].tolist() == [1, 1, 2]


def test_metrics(snap: Snapshot) -> None:
    got = queries.metrics(snap, queries.mask(snap, Filter(countries=("IRN",))))
    # The alleged and the denied drone deliveries are one real-world event.
    assert got == queries.Metrics(events=2, mentions=3, articles=2, countries=3)


def test_windows_compare_with_the_period_before(snap: Snapshot) -> None:
    assert queries.windows(snap, Filter()) is None
    f = Filter(date_from=date(2022, 1, 1), date_to=date(2022, 12, 31))
    now, before = queries.windows(snap, f)  # type: ignore[misc]
    assert now == (date(2022, 1, 1), date(2022, 12, 31))
    assert before == (date(2021, 1, 1), date(2021, 12, 31))
    prev = queries.metrics(snap, queries.mask(snap, queries.previous(f, before)))
    assert prev.mentions == 1  # the 2021 missile pledge


def test_drill_narrows_to_a_bar_or_a_cell(snap: Snapshot) -> None:
    bar = Drill(period_start=date(2022, 3, 1), granularity="month", source="USA")
    keep = queries.mask(snap, Filter(), bar)
    assert keep.sum() == 1
    # The cell counts one event: the table narrows to it, with both its mentions.
    cell = Drill(source="IRN", target="RUS", type="arms_transfer")
    assert queries.mask(snap, Filter(), cell).sum() == 2
    assert queries.select(snap, queries.mask(snap, Filter(), cell)).kept.size == 1
    # Counting mentions, a cell picks the mentions that name that pair.
    by_mention = replace(cell, count="mentions")
    assert queries.mask(snap, Filter(statuses=("denied",)), by_mention).sum() == 1
    other = Drill(period_start=date(2022, 3, 1), granularity="month", source=queries.OTHER)
    assert queries.mask(snap, Filter(), other).sum() == 2  # Other: the period only
    assert "United States" in bar.describe({"USA": "United States"})


def test_articles_frame_counts_kept_mentions_and_their_events(
    snap: Snapshot, source: Source
) -> None:
    keep = queries.mask(snap, Filter(countries=("RUS",)))
    ids = queries.article_ids(snap, keep)
    frame = queries.articles_frame(snap, keep, snapshot.articles(source, ids)).set_index("id")
    assert frame["mentions"].to_dict() == {"a4": 1, "a2": 2, "a1": 2}
    assert frame["events"].to_dict() == {"a4": 1, "a2": 1, "a1": 2}
    assert frame["text"].str.len().min() > 0


def test_details_by_rowid_by_id_and_by_scan_agree(
    snap: Snapshot, source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = np.arange(len(snap.mentions))
    assert snap.rowids is not None  # SQLite: the table page looks rows up by rowid
    by_rowid = snapshot.details(source, snap, rows).sort_index()
    some = rows[1::2]
    got = snapshot.details(source, snap, some).index
    assert sorted(got) == sorted(snap.ids.take(some).to_pylist())
    by_id = snapshot.details(source, replace(snap, rowids=None), rows).sort_index()
    monkeypatch.setattr(snapshot, "SCAN_ABOVE", 0)
    by_scan = snapshot.details(source, snap, rows).sort_index()
    assert by_rowid.equals(by_id) and by_scan.equals(by_id)
    assert list(by_id.index) == sorted(snap.ids.to_pylist())


def test_details_drop_a_rowid_that_now_names_another_mention(
    snap: Snapshot, source: Source
) -> None:
    """A snapshot read before a rebuild may hold rowids that now belong to other rows."""
    assert snap.rowids is not None
    swapped = replace(snap, rowids=snap.rowids[::-1].copy())
    assert swapped.rowids is not None and swapped.rowids[0] != snap.rowids[0]
    # Mention 0's rowid now points at the last mention's row: no details, not wrong ones.
    assert snapshot.details(source, swapped, np.array([0])).empty
    assert list(snapshot.details(source, snap, np.array([0])).index) == [snap.ids[0].as_py()]


def test_empty_database_gives_an_empty_snapshot(tmp_path: Path) -> None:
    snap = snapshot.load(Source.from_url(empty_database(tmp_path / "empty.db")))
    assert snap.empty
    keep = queries.mask(snap, Filter(countries=("USA",)))
    for sel in by_count(snap, Filter(countries=("USA",))).values():
        assert queries.timeline(snap, sel, "month").empty
        assert queries.matrix(snap, sel).empty
        assert queries.event_rows(snap, sel).size == 0
    assert queries.metrics(snap, keep).mentions == 0


def test_missing_database_is_never_created(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    source = Source.from_url(f"sqlite:///{path}")
    with pytest.raises(NoDatabase):
        snapshot.version(source)
    with pytest.raises(NoDatabase):
        snapshot.load(source)
    assert not path.exists()


def test_choices_match_the_full_snapshot(snap: Snapshot, source: Source) -> None:
    """The widgets are drawn from `choices` before the snapshot loads: same options."""
    countries, actors = snapshot.choices(source)
    assert countries.equals(snap.countries)
    named = [n for n in snap.actors["name"].cat.categories if n != "government"]
    assert actors == sorted(named, key=str.casefold)
    assert actors  # the seed names actors, so an empty list would hide a broken query
    assert "government" in set(snap.actors["name"])  # ... and a generic word, not offered


def test_choices_of_a_missing_database_raise(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    with pytest.raises(NoDatabase):
        snapshot.choices(Source.from_url(f"sqlite:///{path}"))
    assert not path.exists()


def test_a_database_that_names_no_actor(tmp_path: Path) -> None:
    """An empty `mentionactor` table (a small corpus often names no official) reads as an
    empty actor list, not as a column of the wrong type."""
    source = Source.from_url(seed_database(tmp_path / "no-actors.db", actors=False))
    snap = snapshot.load(source)
    assert len(snap.mentions) == len(SEEDS) and snap.actors.empty
    assert snapshot.choices(source)[1] == []
    keep = queries.mask(snap, Filter(countries=("IRN",)))
    rows = queries.table_rows(snap, keep)
    frame = queries.mentions_frame(snap, rows, snapshot.details(source, snap, rows))
    assert len(frame) == 3 and set(frame["actors"]) == {""}
    assert queries.mask(snap, Filter(actors=("Antony Blinken",))).sum() == 0


def test_a_column_null_in_its_first_rows_still_reads(tmp_path: Path) -> None:
    """The SQLite reader guesses a column's type from its values: a column that is NULL in
    its first thousand rows and text later (undated mentions first) must still read."""
    path = tmp_path / "late.db"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE t (id TEXT, date TEXT)")
        conn.executemany("INSERT INTO t VALUES (?, NULL)", [(str(i),) for i in range(3000)])
        conn.execute("INSERT INTO t VALUES ('last', '2022-01-01')")
        conn.execute("CREATE TABLE empty (mention_id TEXT, name TEXT)")
    source = Source.from_url(f"sqlite:///{path}")
    got = snapshot.read(source, {"t": "SELECT id, date FROM t", "e": "SELECT * FROM empty"})
    assert got["t"]["date"].type == pa.string() and got["t"]["date"][-1].as_py() == "2022-01-01"
    assert got["e"].schema == pa.schema([("mention_id", pa.string()), ("name", pa.string())])


def test_tables_read_together_show_one_moment_while_a_run_writes(tmp_path: Path) -> None:
    """The snapshot's tables are read in parallel; while an ETL run commits chunks they
    must still agree (each query here counts the same table; the fourth starts only once
    a slow one is done, after several commits)."""
    path = tmp_path / "busy.db"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (n INTEGER)")
    slow = (
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1500000)"
        " SELECT (SELECT count(*) FROM t) AS n, (SELECT count(*) FROM s) AS busy"
    )
    sqls = {"a": slow, "b": slow, "c": slow, "d": "SELECT count(*) AS n FROM t"}
    stop = threading.Event()

    def write() -> None:  # one commit every few milliseconds, like chunks of a run
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            while not stop.is_set():
                conn.execute("INSERT INTO t VALUES (1)")
                time.sleep(0.005)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        time.sleep(0.05)
        got = snapshot.read(Source.from_url(f"sqlite:///{path}"), sqls)
        with closing(sqlite3.connect(path)) as conn:
            after = conn.execute("SELECT count(*) FROM t").fetchone()[0]
    finally:
        stop.set()
        writer.join()
    counts = {name: table["n"][0].as_py() for name, table in got.items()}
    assert 0 < counts["a"] < after  # the writer did commit while the tables were read
    assert len(set(counts.values())) == 1, counts


def test_every_table_may_be_empty(tmp_path: Path) -> None:
    """Tables made by another tool, or caught before the reference countries are in."""
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    engine = store.make_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    source = Source.from_url(url)
    snap = snapshot.load(source)
    assert snap.empty and snap.countries.empty and snap.actors.empty
    assert snap.countries.index.dtype == object  # codes are text, even with none there
    countries, actors = snapshot.choices(source)
    assert countries.empty and actors == []
    keep = queries.mask(snap, Filter(countries=("USA",), actors=("Antony Blinken",)))
    assert queries.metrics(snap, keep).mentions == 0
    assert queries.by_country(snap, queries.select(snap, keep)).empty


@pytest.mark.parametrize("seed", range(5))
def test_reduce_per_equals_a_pandas_groupby(seed: int) -> None:
    """The table's first/last dates per event (numpy reduceat) are what the pandas groupby
    they replaced gave: min/max of the rows `where` keeps, NAT for an event with none."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    pos = np.sort(rng.integers(0, n, size=int(rng.integers(0, 300))))
    values = rng.integers(-(10**12), 2 * 10**12, size=pos.size)
    where = rng.random(pos.size) < 0.6
    for ufunc, how in ((np.minimum, "min"), (np.maximum, "max")):
        frame = pd.DataFrame({"p": pos[where], "v": values[where]})
        agg = frame.groupby("p")["v"].agg(how).reindex(range(n)).to_numpy()
        old = np.nan_to_num(agg, nan=queries.NAT).astype(np.int64)
        assert np.array_equal(queries._reduce_per(ufunc, pos, values, where, n), old)


def _select_by_walk(u: queries.Units, keep: np.ndarray) -> tuple[np.ndarray, ...]:
    """The events `select` kept before it counted at the bounds: a walk over the kept
    mentions in unit-then-date order, each unit's first kept mention starting a run."""
    km = u.order[keep[u.order]]
    ku = u.of[km]
    starts = np.flatnonzero(np.concatenate(([True], ku[1:] != ku[:-1]))) if ku.size else ku
    return ku[starts], km[starts], np.diff(np.append(starts, ku.size))


@pytest.fixture(scope="module")
def synthetic_snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The benchmark's realistic synthetic news, 5,000 mentions: events of many mentions."""
    from bench import synthetic

    url = f"sqlite:///{tmp_path_factory.mktemp('syn') / 'syn.db'}"
    engine = store.make_engine(url)
    try:
        synthetic.bulk_load(engine, synthetic.generate(5_000))
    finally:
        engine.dispose()
    return snapshot.load(Source.from_url(url))


@pytest.mark.parametrize("share", [0.0, 0.05, 0.5, 1.0])
def test_select_events_equals_the_walk(synthetic_snap: Snapshot, share: float) -> None:
    """Counting at the units' bounds keeps the same events, first mentions and sizes as
    the walk it replaced, on random masks."""
    snap = synthetic_snap
    rng = np.random.default_rng(int(share * 100))
    u = queries.units(snap, "events")
    assert np.diff(u.bounds).max() > 2  # events of several mentions, some partly kept
    for _ in range(5):
        keep = rng.random(len(snap.mentions)) < share
        sel = queries.select(snap, keep, "events")
        kept, first, size = _select_by_walk(u, keep)
        assert np.array_equal(sel.kept, kept)
        assert np.array_equal(sel.first, first)
        assert np.array_equal(sel.size, size)


def _register_columns_by_frame(
    snap: Snapshot, out: pd.DataFrame, ev: np.ndarray, has_row: np.ndarray
) -> None:
    """The register columns as `_register_columns` built them before: a frame of the
    events' rows, patched where there is no Event row."""
    from dashboard import registers

    n = len(out)
    empty = pd.DataFrame(
        {
            "register_status": ["unchecked"] * n,
            **{c: [None] * n for c in ("register_kind", "register_entry", "register_reason")},
            "register_line": [None] * n,
            "register_score": np.full(n, np.nan),
        }
    )
    table = empty
    if len(snap.events):
        table = snap.events.iloc[np.maximum(ev, 0)][list(empty.columns)].astype(object)
        table = table.reset_index(drop=True)
        table.loc[~has_row] = empty.astype(object).loc[~has_row]
    status = table["register_status"].astype(str).to_numpy()
    kind, line = table["register_kind"].to_numpy(), table["register_line"].to_numpy()
    score = pd.to_numeric(table["register_score"], errors="coerce").to_numpy()
    loads = snap.registers.loads
    out["register_status"] = status
    out["register"] = [
        registers.label(
            s, k or registers.KIND_OF_TYPE.get(t), ln, sc, registers.KIND_OF_TYPE.get(t) in loads
        )
        for s, k, ln, sc, t in zip(
            status.tolist(), kind.tolist(), line.tolist(), score.tolist(), out["type"], strict=True
        )
    ]
    out["register_entry"] = table["register_entry"].to_numpy()
    out["register_score"] = score
    out["register_reason"] = table["register_reason"].to_numpy()


def _random_checks(snap: Snapshot, rng: np.random.Generator, n_events: int) -> Snapshot:
    """`snap` with `n_events` events whose register checks are random (gaps included)."""
    from dashboard import registers

    def maybe(values: list[Any]) -> list[Any]:
        return [None if rng.random() < 0.3 else rng.choice(values) for _ in range(n_events)]

    status = pd.Categorical(maybe(list(registers.STATUSES)), categories=registers.STATUSES)
    score = rng.random(n_events)
    score[rng.random(n_events) < 0.3] = np.nan
    events = pd.DataFrame(
        {
            "register_status": status,
            "register_kind": maybe(["sipri", "gsdb"]),
            "register_entry": maybe(["S-1", "S-2", "G-7"]),
            "register_score": score,
            "register_line": maybe(["Russia to India: 10 Su-30", "EU on Iran"]),
            "register_reason": maybe(["pair and year", "weapon"]),
        }
    )
    return replace(snap, events=events)


@pytest.mark.parametrize("seed", range(4))
def test_register_columns_equal_the_frame_version(snap: Snapshot, seed: int) -> None:
    """Taking the register columns one at a time gives the table what the patched frame
    gave, with and without Event rows (a mention not grouped yet: unchecked)."""
    rng = np.random.default_rng(seed)
    n_events = 50
    snap = _random_checks(snap, rng, n_events)
    ev = rng.integers(-1, n_events, size=int(rng.integers(0, 60)))
    ev[rng.random(ev.size) < 0.2] = -1  # mentions not grouped yet
    has_row = ev >= 0
    types = np.asarray(snap.mentions["type"].cat.categories, dtype=object)
    base = pd.DataFrame({"type": rng.choice(types, size=ev.size)})
    new, old = base.copy(), base.copy()
    queries._register_columns(snap, new, ev, has_row)
    _register_columns_by_frame(snap, old, ev, has_row)
    pd.testing.assert_frame_equal(new, old)


def test_statuses_text_equals_the_join() -> None:
    """The looked-up status text is the join it replaced, for every bit set."""
    bits = np.arange(1 << len(queries.STATUSES))
    joined = [
        ", ".join(s for i, s in enumerate(queries.STATUSES) if b >> i & 1) for b in bits.tolist()
    ]
    assert queries._statuses(bits) == joined
