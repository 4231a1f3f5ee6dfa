"""The dashboard's only database edge: read the store into columnar frames, read-only.

Filtering a million mentions in SQL on every widget change is too slow on SQLite (the
unfiltered timeline alone joins every mention with its parties), so the dashboard reads the
tables once per data version into a `Snapshot` and filters in memory (see `queries`).
SQLite is read through ADBC straight into Arrow, several tables at once on separate
connections; other databases (PostgreSQL) through SQLAlchemy and pandas.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from dashboard import filters, registers
from etl import store

# What every filter needs, read once per data version. Sentences, weapons and article
# titles are read for the rows on screen (`details`) or when a search needs them
# (`sentences`).
MENTION_SQL = (
    "SELECT id, article_id, type, action, status, category, date, confidence, event_id FROM mention"
)
# On SQLite the snapshot also keeps each mention's rowid: the table page then fetches its
# rows by integer key, 4x faster than by text id.
SQLITE_MENTION_SQL = MENTION_SQL.replace("SELECT id,", "SELECT rowid AS row_no, id,")
PARTY_SQL = "SELECT mention_id, role, code FROM mentionparty"
ACTOR_SQL = "SELECT mention_id, name FROM mentionactor"
COUNTRY_SQL = "SELECT code, name, kind, iso_numeric, region FROM country"
# The Event columns the page shows. A database written before a column existed lacks it,
# and the grouping may leave one at its default: each column read is only those present,
# and every missing value falls back (see `_events`).
EVENT_COLUMNS = (
    "id", "action", "category", "first_date", "last_date", "n_mentions", "n_articles",
    "n_news_sources", "statuses", "disputed", "weapon", "evidence_mention_id",
)  # fmt: skip
TABLES = ("mention", "mentionparty", "mentionactor", "article", "country", "event")
DETAIL_COLUMNS = (
    'm.id, m.sentence, m.weapon, m.start, m."end", m.article_id,'
    " a.title, a.url, a.published, a.source"
)
# Above this many rows, one full scan beats many `IN (...)` look-ups.
SCAN_ABOVE = 20_000
# The Arrow type of each column the dashboard reads. ADBC infers a SQLite column's type
# from its values, and pandas gives an empty PostgreSQL column none, so a column with no
# values (an empty table: no actor named yet) would come back as int64 or null and break
# every join on it; such columns are given these types. Dates stay ISO text here.
COLUMN_TYPES: dict[str, pa.DataType] = {
    **dict.fromkeys(
        (
            "id", "article_id", "mention_id", "event_id", "type", "action", "status",
            "category", "role", "code", "name", "kind", "region", "sentence", "weapon",
            "title", "url", "source", "text", "date", "published", "statuses",
            "evidence_mention_id", "first_date", "last_date",
        ),
        pa.string(),
    ),
    **dict.fromkeys(
        (
            "row_no", "start", "end", "iso_numeric", "n_mentions", "n_articles",
            "n_news_sources", "disputed",
        ),
        pa.int64(),
    ),
    "confidence": pa.float64(),
}  # fmt: skip
# ADBC infers types from the first batch of rows only, so a column whose first rows are
# NULL (undated mentions, events not grouped yet) and later text fails to read: one batch
# for the whole result makes it look at every value (and is faster too).
ADBC_BATCH_ROWS = 2**30


class NoDatabase(Exception):
    """The database is not there yet (no file, or no tables): nothing has been loaded."""


@dataclass(frozen=True)
class Source:
    """Where the data lives: the URL as given, and the SQLite file path if it is one."""

    url: str
    sqlite_path: Path | None

    @classmethod
    def from_url(cls, url: str | None = None) -> Source:
        url = store.database_url(url)
        parsed = make_url(url)
        path = None
        if parsed.get_backend_name() == "sqlite":
            if not parsed.database or parsed.database == ":memory:":
                raise NoDatabase("an in-memory SQLite database holds nothing for the dashboard")
            path = Path(parsed.database).expanduser().resolve()
        return cls(url=url, sqlite_path=path)

    def engine(self) -> Engine:
        """A read-only engine. For SQLite the file is opened with mode=ro, never created."""
        if self.sqlite_path is None:
            return store.make_engine(self.url)
        if not self.sqlite_path.exists():
            raise NoDatabase(f"no database file at {self.sqlite_path}")
        return create_engine(
            f"sqlite:///file:{self.sqlite_path}?mode=ro&uri=true",
            connect_args={"check_same_thread": False},
        )


@dataclass(frozen=True, eq=False)
class Snapshot:
    """What the filters and aggregates need, as frames; mention number `m` is its row.

    mentions: one row per mention. `article_no` indexes `article_ids`; `event_no` numbers
      the distinct events (-1: not grouped yet); `date` is datetime64, NaT if unknown.
    events: one row per event number (`event_ids`), what the Event table says of it, with
      defaults where it says nothing (see `_events`).
    parties: (m, role, code), sorted by m. actors: (m, name), sorted by m.
    countries: every reference country and bloc, indexed by code.
    order: mention numbers, latest date first, undated last.
    """

    mentions: pd.DataFrame
    parties: pd.DataFrame
    actors: pd.DataFrame
    countries: pd.DataFrame
    order: np.ndarray
    ids: pa.Array  # mention id of each m
    article_ids: pa.Array  # article id of each article_no
    event_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    rowids: np.ndarray | None = None  # SQLite rowid of each m (None on other databases)
    # The registers beside the news; `events` then holds each event's register columns.
    registers: registers.Registers = field(default_factory=registers.Registers)
    # Arrays derived from the above by `queries` (a snapshot never changes, so they are
    # worked out once, on first use, and shared by every filter).
    derived: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def empty(self) -> bool:
        return self.mentions.empty


def version(source: Source) -> tuple[Any, ...]:
    """A cheap fingerprint of the data: it changes whenever a run loads or rebuilds events."""
    engine = source.engine()
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("mention"):
                raise NoDatabase("the database has no tables yet")
            runs = conn.execute(
                text("SELECT count(*), max(started_at), max(finished_at) FROM etlrun")
            ).one()
            # Loads outside the run log still change the count (it reads the smallest index).
            mentions = conn.execute(text("SELECT count(*) FROM mention")).scalar_one()
            loads: tuple[Any, ...] = ()
            if inspect(conn).has_table("registerload"):
                # A register load re-matches the events without an ETL run.
                loads = tuple(
                    str(v)
                    for v in conn.execute(
                        text("SELECT count(*), max(loaded_at) FROM registerload")
                    ).one()
                )
            return (*(str(v) for v in runs), mentions, *loads)
    finally:
        engine.dispose()


def typed(table: pa.Table) -> pa.Table:
    """`table` with each all-NULL (or empty) column of `COLUMN_TYPES` given its type."""
    for i, name in enumerate(table.column_names):
        column = table.column(i)
        wanted = COLUMN_TYPES.get(name)
        if wanted is not None and column.type != wanted and column.null_count == len(column):
            table = table.set_column(i, name, pa.nulls(len(column), wanted))
    return table


def _adbc_connect(path: Path, *, autocommit: bool = True) -> Any:
    import adbc_driver_sqlite.dbapi as adbc

    # mode=ro never writes (nor creates the file).
    return adbc.connect(f"file:{path}?mode=ro", autocommit=autocommit)


def _adbc_query(conn: Any, sql: str, params: Sequence[Any] = ()) -> pa.Table:
    with conn.cursor() as cur:
        # Readers opening at once may meet a brief lock while the WAL index is set up.
        cur.execute("PRAGMA busy_timeout = 10000")
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(ADBC_BATCH_ROWS)})
        cur.execute(sql, parameters=tuple(params) if params else None)
        return typed(cur.fetch_arrow_table())


def _adbc_read(path: Path, sql: str, params: Sequence[Any] = ()) -> pa.Table:
    # One connection per query so that queries can run in parallel.
    with _adbc_connect(path) as conn:
        return _adbc_query(conn, sql, params)


def _data_version(conn: Any) -> int:
    """SQLite's counter of commits made by other connections since `conn` opened."""
    with conn.cursor() as cur:
        cur.execute("PRAGMA data_version")
        return int(cur.fetchone()[0])


def _sqlalchemy_query(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
    frame = pd.read_sql_query(text(sql), conn, params=params)
    return typed(pa.Table.from_pandas(frame, preserve_index=False))


def _sqlalchemy_read(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> pa.Table:
    with engine.connect() as conn:
        return _sqlalchemy_query(conn, sql, params)


def read(source: Source, sqls: dict[str, str]) -> dict[str, pa.Table]:
    """Run several SELECTs (no parameters) into Arrow tables that all show the database
    at one moment, even while an ETL run commits chunks.

    On SQLite they first run in parallel, one connection each; if anything was committed
    meanwhile (the tables could then disagree: mentions without their parties), they run
    again one after the other in a single read transaction.
    """
    if source.sqlite_path is not None:
        path = source.sqlite_path
        with _adbc_connect(path) as watch:
            before = _data_version(watch)
            with ThreadPoolExecutor(max_workers=min(3, len(sqls))) as pool:
                futures = {name: pool.submit(_adbc_read, path, sql) for name, sql in sqls.items()}
                tables = {name: fut.result() for name, fut in futures.items()}
            if _data_version(watch) != before:
                # A connection without autocommit reads in one transaction: one snapshot.
                with _adbc_connect(path, autocommit=False) as conn:
                    tables = {name: _adbc_query(conn, sql) for name, sql in sqls.items()}
        return {name: table.combine_chunks() for name, table in tables.items()}
    engine = source.engine()
    try:
        # One REPEATABLE READ transaction: every query sees the same snapshot.
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            return {name: _sqlalchemy_query(conn, sql) for name, sql in sqls.items()}
    finally:
        engine.dispose()


def check_tables(source: Source) -> tuple[set[str], bool]:
    """Raise NoDatabase unless every table the dashboard reads is there; returns the
    columns the event table has (an older database lacks the newer ones) and whether the
    register tables are there."""
    engine = source.engine()
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            present = set(inspector.get_table_names())
            if missing := [t for t in TABLES if t not in present]:
                raise NoDatabase(f"the database has no {', '.join(missing)} table yet")
            columns = {c["name"] for c in inspector.get_columns("event")}
            return columns, all(t in present for t in registers.TABLES)
    finally:
        engine.dispose()


def event_sql(columns: set[str]) -> str:
    """The SELECT of the event table's columns the page uses, those it has."""
    return f"SELECT {', '.join(c for c in EVENT_COLUMNS if c in columns)} FROM event"


def _codes(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Dictionary-encode: (int32 codes, -1 for null; the distinct values)."""
    if isinstance(values, pa.ChunkedArray):
        # Encoding chunk by chunk and unifying the dictionaries is quadratic; combine first.
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return codes.astype(np.int32), encoded.dictionary


def _category(values: pa.ChunkedArray, categories: Sequence[str] | None = None) -> pd.Categorical:
    codes, dictionary = _codes(values)
    cat = pd.Categorical.from_codes(codes, categories=dictionary.to_pylist())
    return cat.set_categories(categories) if categories is not None else cat


def _dates(values: pa.ChunkedArray) -> np.ndarray:
    """ISO strings (SQLite) or dates (PostgreSQL) as datetime64[ms], NaT for null."""
    if values.null_count == len(values):
        # ADBC types an empty or all-null SQLite column as int64: nothing to convert.
        return np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ms]")
    if not pa.types.is_date(values.type):
        # ISO text from SQLite, timestamps from other drivers.
        values = pc.cast(values, pa.date32())
    return values.to_numpy(zero_copy_only=False).astype("datetime64[ms]")


def _string_array(values: pa.ChunkedArray) -> pa.Array:
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return values.cast(pa.string()) if not pa.types.is_string(values.type) else values


def _events(table: pa.Table | None, event_ids: pa.Array, ids: pa.Array) -> pd.DataFrame:
    """One row per event number: action, category, weapon, statuses ("" or None when
    unknown), disputed, first/last date (NaT), n_mentions, n_articles, n_news_sources (0),
    and `evidence_m`, the mention number of its evidence (-1). An event missing from the
    table, or a column missing from it, takes these defaults."""
    n = len(event_ids)
    out = pd.DataFrame(index=pd.RangeIndex(n))
    pos = np.full(n, -1, dtype=np.int64)
    if table is not None and table.num_rows:
        found = pc.index_in(event_ids, value_set=_string_array(table["id"]))
        pos = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    known = pos >= 0
    take = pa.array(np.where(known, pos, 0))

    def column(name: str) -> pa.Array | None:
        if table is None or name not in table.column_names or not table.num_rows:
            return None
        values = table[name].combine_chunks().take(take)
        return pc.if_else(pa.array(known), values, pa.nulls(n, values.type))

    for name in ("action", "category", "statuses"):
        values = column(name)
        out[name] = (
            _category(pc.fill_null(values.cast(pa.string()), ""))
            if values is not None
            else pd.Categorical([""] * n)
        )
    weapon = column("weapon")
    out["weapon"] = (
        _category(weapon.cast(pa.string())) if weapon is not None else pd.Categorical([None] * n)
    )
    disputed = column("disputed")
    out["disputed"] = (
        pc.fill_null(disputed.cast(pa.bool_()), False).to_numpy(zero_copy_only=False)
        if disputed is not None
        else np.zeros(n, dtype=bool)
    )
    for name in ("first_date", "last_date"):
        values = column(name)
        out[name] = (
            _dates(values) if values is not None else np.full(n, np.datetime64("NaT"), "M8[ms]")
        )
    for name in ("n_mentions", "n_articles", "n_news_sources"):
        values = column(name)
        out[name] = (
            pc.fill_null(values.cast(pa.int64()), 0).to_numpy(zero_copy_only=False)
            if values is not None
            else np.zeros(n, dtype=np.int64)
        )
    evidence = column("evidence_mention_id")
    m = np.full(n, -1, dtype=np.int64)
    if evidence is not None:
        found = pc.index_in(evidence.cast(pa.string()), value_set=ids)
        m = pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    out["evidence_m"] = m
    return out


def _with_registers(
    events: pd.DataFrame, event_ids: pa.Array, reg: registers.Registers
) -> pd.DataFrame:
    """`events` with each event's register check: register_status (unchecked when the
    matcher has not checked it), register_kind, register_entry, register_score,
    register_reason and register_line (the entry in words), from its best match."""
    checks = reg.checks.reindex(event_ids.to_pylist()) if len(event_ids) else reg.checks.iloc[:0]
    status = checks["status"].where(checks["status"].isin(registers.STATUSES), "unchecked")
    events["register_status"] = pd.Categorical(
        status.fillna("unchecked").to_numpy(), categories=registers.STATUSES
    )
    for name in ("kind", "entry_id", "reason", "line"):
        events[f"register_{name}"] = checks[name].to_numpy(dtype=object)
    events["register_score"] = pd.to_numeric(checks["score"], errors="coerce").to_numpy()
    return events.rename(columns={"register_entry_id": "register_entry"})


def build(tables: dict[str, pa.Table]) -> Snapshot:
    """Turn the raw tables (mention, mentionparty, mentionactor, country, and event if
    given) into a Snapshot."""
    countries = tables["country"].to_pandas().set_index("code").sort_index()
    mt = tables["mention"]
    ids = _string_array(mt["id"])
    article_codes, article_ids = _codes(mt["article_id"])
    event_codes, event_dictionary = _codes(mt["event_id"])
    event_ids = _string_array(event_dictionary)
    dates = _dates(mt["date"])
    mentions = pd.DataFrame(
        {
            "article_no": article_codes,
            "event_no": event_codes,
            "type": _category(mt["type"]),
            "action": _category(mt["action"]),
            "status": _category(mt["status"]),
            "category": _category(mt["category"]),
            "date": dates,
            "confidence": mt["confidence"].to_numpy().astype(np.float64),
        }
    )

    def by_mention(table: pa.Table, **cols: Sequence[str] | None) -> pd.DataFrame:
        # Each row's mention id -> the mention's number; rows of unknown mentions drop.
        m = pc.index_in(table["mention_id"], value_set=ids)
        keep = pc.is_valid(m).to_numpy(zero_copy_only=False)
        frame = pd.DataFrame({"m": pc.fill_null(m, 0).to_numpy(zero_copy_only=False)})
        frame["m"] = frame["m"].astype(np.int32)
        for name, categories in cols.items():
            frame[name] = _category(table[name], categories)
        return frame[keep].sort_values("m", kind="stable").reset_index(drop=True)

    parties = by_mention(
        tables["mentionparty"], role=("source", "target"), code=list(countries.index)
    )
    actors = by_mention(tables["mentionactor"], name=None)
    reg = registers.build(tables)
    # Latest first; NaT last; ties by mention number so the table order is stable.
    order = np.lexsort((np.arange(len(mentions)), -dates.astype(np.int64), np.isnat(dates)))
    return Snapshot(
        mentions=mentions,
        parties=parties,
        actors=actors,
        countries=countries,
        order=order.astype(np.int64),
        ids=ids,
        rowids=mt["row_no"].to_numpy() if "row_no" in mt.column_names else None,
        article_ids=_string_array(article_ids),
        event_ids=event_ids,
        events=_with_registers(_events(tables.get("event"), event_ids, ids), event_ids, reg),
        registers=reg,
    )


def load(source: Source) -> Snapshot:
    """Read the database behind `source` into a Snapshot (raises NoDatabase if empty)."""
    event_columns, has_registers = check_tables(source)
    sqls = {
        "mention": MENTION_SQL if source.sqlite_path is None else SQLITE_MENTION_SQL,
        "mentionparty": PARTY_SQL,
        "mentionactor": ACTOR_SQL,
        "country": COUNTRY_SQL,
        "event": event_sql(event_columns),
    }
    if has_registers:
        sqls.update(registers.SQL)
    return build(read(source, sqls))


def choices(source: Source) -> tuple[pd.DataFrame, list[str]]:
    """What the filter widgets offer, read in a moment before the full snapshot: every
    country and bloc (indexed by code) and the named actors, without generic words such as
    "government" (raises NoDatabase)."""
    check_tables(source)  # raises NoDatabase
    tables = read(
        source,
        {"country": COUNTRY_SQL, "actors": "SELECT DISTINCT name FROM mentionactor"},
    )
    countries = tables["country"].to_pandas().set_index("code").sort_index()
    names = [str(n) for n in tables["actors"]["name"].to_pylist() if n and filters.is_named(n)]
    return countries, sorted(names, key=str.casefold)


def _lookup(source: Source, sql: str, key: str, wanted: Sequence[str]) -> pa.Table:
    """`sql` (with a `{where}` slot) for the rows whose `key` is in `wanted`.

    Few rows: `IN (...)` look-ups in chunks. Many rows: one scan, then a hash semi-join.
    """
    if len(wanted) > SCAN_ABOVE:
        table = read(source, {"all": sql.format(where="1 = 1")})["all"]
        return table.filter(pc.is_in(table[key.split(".")[-1]], value_set=pa.array(wanted)))
    parts: list[pa.Table] = []
    engine = None if source.sqlite_path else source.engine()
    try:
        for i in range(0, len(wanted), 500):
            chunk = list(wanted[i : i + 500])
            if engine is None:
                where = f"{key} IN ({', '.join('?' * len(chunk))})"
                assert source.sqlite_path is not None
                parts.append(_adbc_read(source.sqlite_path, sql.format(where=where), chunk))
            else:
                names = {f"p{j}": v for j, v in enumerate(chunk)}
                where = f"{key} IN ({', '.join(':' + n for n in names)})"
                parts.append(_sqlalchemy_read(engine, sql.format(where=where), names))
    finally:
        if engine is not None:
            engine.dispose()
    if not parts:
        return read(source, {"none": sql.format(where="1 = 0")})["none"]
    return pa.concat_tables(parts, promote_options="permissive")


def _by_rowid(path: Path, sql: str, rowids: np.ndarray) -> pa.Table:
    """`sql` (with a `{where}` slot) for the rows with these rowids (plain integers, so
    they are written into the statement: no parameters to convert)."""
    parts = [
        _adbc_read(path, sql.format(where=f"m.rowid IN ({','.join(map(str, chunk.tolist()))})"))
        for chunk in np.array_split(rowids, max(1, -(-len(rowids) // 5000)))
        if len(chunk)
    ]
    if not parts:
        return _adbc_read(path, sql.format(where="1 = 0"))
    return pa.concat_tables(parts, promote_options="permissive")


def details(source: Source, snap: Snapshot, rows: np.ndarray) -> pd.DataFrame:
    """Evidence sentence, weapon, offsets and article metadata of the mentions numbered
    `rows`, indexed by mention id (a mention no longer in the database is left out)."""
    sql = (
        f"SELECT {DETAIL_COLUMNS} FROM mention m JOIN article a ON a.id = m.article_id"
        " WHERE {where}"
    )
    rows = np.asarray(rows, dtype=np.int64)
    if snap.rowids is not None and source.sqlite_path is not None and len(rows) <= SCAN_ABOVE:
        table = _by_rowid(source.sqlite_path, sql, snap.rowids[rows])
        # A rowid reused since the snapshot was read names another mention: drop it.
        table = table.filter(pc.is_in(table["id"], value_set=snap.ids.take(pa.array(rows))))
    else:
        ids = snap.ids.take(pa.array(rows)).to_pylist()
        table = _lookup(source, sql, "m.id", list(dict.fromkeys(ids)))
    frame = table.to_pandas()
    frame["published"] = pd.to_datetime(frame["published"]).dt.date
    return frame.set_index("id")


def articles(source: Source, article_ids: Sequence[str]) -> pd.DataFrame:
    """Articles with their full text, indexed by id (for the articles download)."""
    sql = "SELECT id, title, url, source, published, text FROM article WHERE {where}"
    frame = _lookup(source, sql, "id", list(dict.fromkeys(article_ids))).to_pandas()
    frame["published"] = pd.to_datetime(frame["published"]).dt.date
    return frame.set_index("id")


def sentences(source: Source, snap: Snapshot) -> pa.Array:
    """Every evidence sentence, aligned with the snapshot's mention numbers (for search)."""
    table = read(source, {"s": "SELECT id, sentence FROM mention"})["s"]
    pos = pc.index_in(snap.ids, value_set=table["id"])
    return pc.take(table["sentence"], pos).combine_chunks()


def article_text(source: Source, article_id: str) -> tuple[str | None, str] | None:
    """(title, text) of one article, or None if it is not there."""
    engine = source.engine()
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT title, text FROM article WHERE id = :id"), {"id": article_id}
            ).one_or_none()
    finally:
        engine.dispose()
    return None if row is None else (row[0], row[1])
