"""The database edge: engine, schema, idempotent loads, the run log and event dedupe.

SQLite (WAL mode, so the dashboard can read while the ETL writes) by default,
PostgreSQL when `DATABASE_URL` or `--db` says so. Every write that belongs together
happens in one transaction, so a crash leaves the database consistent.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    Engine,
    delete,
    event,
    func,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, col, create_engine

from etl import countries
from etl.models import (
    Article,
    Country,
    EtlRun,
    Event,
    EventPair,
    Mention,
    MentionActor,
    MentionParty,
    Rejected,
    utcnow,
)
from etl.records import Article as ArticleIn
from etl.records import EventRecord, RejectedRecord

DEFAULT_DB_URL = "sqlite:///data/monitor.db"


class StoreError(Exception):
    """A database problem the user can act on (bad URL, unreachable server)."""


def database_url(url: str | None = None) -> str:
    """`url`, else the `DATABASE_URL` environment variable, else the local SQLite file."""
    return url or os.environ.get("DATABASE_URL") or DEFAULT_DB_URL


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; for SQLite, create the folder and switch on WAL and foreign keys."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        # psycopg 3 is the driver we ship.
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:
        raise StoreError(f"cannot use database {url!r}: {exc}") from None


def open_existing(url: str | None = None) -> Engine:
    """An engine on a monitor database that must already exist, for the commands that only
    read: nothing is created (no folder, no file, no table). StoreError when it is absent."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"not a database URL: {url!r} ({exc})") from None
    where = parsed.render_as_string(hide_password=True)
    hint = "`python -m etl run PATH` creates and fills one"
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or ":memory:").expanduser()
        if parsed.database in (None, "", ":memory:") or not path.is_file():
            raise StoreError(f"no database at {parsed.database or where}; {hint}")
        where = str(path)
        engine = _sqlite_read_only(path)
    else:
        engine = make_engine(url)
    try:
        present = set(inspect(engine).get_table_names())
    except Exception as exc:  # connection refused, auth failed, not a database file...
        engine.dispose()
        raise StoreError(f"cannot open database {where!r}: {_first_line(exc)}") from None
    # `eventpair` is the grouping's lookup index, which no reader needs (older databases
    # lack it until the next `run` adds it).
    wanted = set(SQLModel.metadata.tables) - {"eventpair"}
    missing = sorted(wanted - present)
    if missing:
        engine.dispose()
        if len(missing) == len(wanted):
            raise StoreError(f"{where} is not a monitor database (none of its tables); {hint}")
        raise StoreError(
            f"database at {where} lacks the tables {', '.join(missing)};"
            " `python -m etl run PATH` adds them"
        )
    return engine


def _sqlite_read_only(path: Path) -> Engine:
    """A read-only engine on an SQLite file (SQLite's `mode=ro`): a reader that cannot
    write, and no WAL switch, which would rewrite a file that is not ours."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30),
    )


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache (the default is 2 MiB), taken only as pages are read: a rebuild
    # of a million mentions otherwise reads the same index pages from the file again and
    # again (about a quarter of its UPDATE's time).
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


# Indexes of an earlier schema that no query reads (kinds, flags and statuses of a few
# values each, read whole): dropped from old databases, since the matcher rewrites
# their tables a million rows at a time.
RETIRED_INDEXES = ("ix_registermatch_kind", "ix_registermatch_best", "ix_registercheck_status")


def init_db(engine: Engine) -> list[str]:
    """Create missing tables and make sure every reference country and bloc is present.

    A database made before the event grouping is brought up to date, and events made with
    other grouping rules or code than now are grouped again (they are derived from the
    mentions). Returns `note:` messages for that.
    """
    from etl import events
    from etl.registers import match

    try:
        notes = events.upgrade(engine)
        regroup = bool(notes)
        notes += match.upgrade(engine)
        SQLModel.metadata.create_all(engine)
        with engine.begin() as conn:
            for name in RETIRED_INDEXES:
                conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    except Exception as exc:  # connection refused, auth failed, read-only file...
        raise StoreError(f"cannot open database {engine.url!r}: {_first_line(exc)}") from None
    # Events made with other grouping rules or code (an upgraded database's, dissolved
    # above, too) are regrouped once.
    notes += events.regroup_if_changed(engine, note=not regroup)
    with Session(engine) as session:
        present = set(session.execute(select(col(Country.code))).scalars())
        missing = [row for row in countries.reference_rows() if row["code"] not in present]
        if missing:
            _insert_ignore(session, Country, missing)
            session.commit()
    return notes


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _insert_ignore(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING for SQLite and PostgreSQL; returns rows inserted."""
    if not rows:
        return 0
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    stmt: Any
    if dialect == "postgresql":
        stmt = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - other back-ends are not supported
        raise StoreError(f"unsupported database dialect {dialect!r}")
    # RETURNING counts the rows really inserted on both back-ends; rowcount is -1 for a
    # multi-row INSERT under psycopg 3. Passing the rows as parameters (not as a VALUES
    # clause) compiles the statement once; SQLAlchemy batches it ("insertmanyvalues")
    # within each back-end's parameter limit.
    stmt = stmt.returning(*table.primary_key.columns)
    return len(session.execute(stmt, list(rows)).all())


def short_hash(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def run_id_for(inputs: Sequence[str], tagger_version: str) -> str:
    resolved = sorted(str(Path(p).resolve()) for p in inputs)
    return short_hash(tagger_version, *resolved)


def start_run(engine: Engine, inputs: Sequence[str], tagger_version: str) -> str:
    """Open (or re-open) the run log row for these inputs; returns its id."""
    run_id = run_id_for(inputs, tagger_version)
    with Session(engine) as session:
        run = session.get(EtlRun, run_id)
        if run is None:
            session.add(EtlRun(id=run_id, inputs="\n".join(inputs), tagger_version=tagger_version))
        else:
            run.times_run += 1
            run.status = "running"
            run.started_at = utcnow()
            run.finished_at = None
            run.error = None
            run.articles_read = run.articles_new = run.rejected = run.mentions_new = 0
            session.add(run)
        session.commit()
    return run_id


def finish_run(engine: Engine, run_id: str, *, status: str, error: str | None = None) -> None:
    with Session(engine) as session:
        run = session.get(EtlRun, run_id)
        if run is not None:
            run.status = status
            run.error = error
            run.finished_at = utcnow()
            session.add(run)
            session.commit()


def known_hashes(engine: Engine, hashes: Iterable[str]) -> set[str]:
    """The subset of content hashes already stored."""
    wanted = list(set(hashes))
    found: set[str] = set()
    with Session(engine) as session:
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(
                session.execute(
                    select(col(Article.content_hash)).where(col(Article.content_hash).in_(chunk))
                ).scalars()
            )
    return found


def known_ids(engine: Engine, ids: Iterable[str]) -> dict[str, str]:
    """Map of article id -> content hash for the ids already stored."""
    wanted = list(set(ids))
    found: dict[str, str] = {}
    with Session(engine) as session:
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = session.execute(
                select(col(Article.id), col(Article.content_hash)).where(col(Article.id).in_(chunk))
            ).all()
            found.update({r[0]: r[1] for r in rows})
    return found


def mention_id(article_hash: str, rec: EventRecord) -> str:
    return short_hash(
        article_hash,
        rec.type,
        rec.action,
        rec.status,
        rec.category,
        "|".join(rec.sources),
        "|".join(rec.targets),
        rec.start,
        rec.end,
    )


@dataclass
class LoadCounts:
    articles: int = 0
    mentions: int = 0
    rejected: int = 0


@dataclass
class MentionRows:
    mentions: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)


def mention_rows(
    article_id: str,
    article_hash: str,
    records: Sequence[EventRecord],
    tagger_version: str,
    known_codes: frozenset[str],
) -> MentionRows:
    """Table rows for one article's event records (deterministic ids, duplicates dropped)."""
    out = MentionRows()
    seen: set[str] = set()
    for rec in records:
        mid = mention_id(article_hash, rec)
        if mid in seen:
            continue
        seen.add(mid)
        out.mentions.append(
            {
                "id": mid,
                "article_id": article_id,
                "type": rec.type,
                "action": rec.action,
                "status": rec.status,
                "category": rec.category,
                "date": rec.date,
                "date_precision": rec.date_precision,
                "sentence": rec.sentence,
                "start": rec.start,
                "end": rec.end,
                "confidence": rec.confidence,
                "weapon": rec.weapon,
                "quantity": rec.quantity,
                "claimant": rec.claimant,
                "tagger_version": tagger_version,
                "event_id": None,
            }
        )
        for role, codes in (("source", rec.sources), ("target", rec.targets)):
            for code in dict.fromkeys(codes):
                if code in known_codes:
                    out.parties.append({"mention_id": mid, "role": role, "code": code})
        actor_seen: set[tuple[str, str]] = set()
        for actor in rec.actors:
            if (actor.name, actor.role) in actor_seen:
                continue
            actor_seen.add((actor.name, actor.role))
            out.actors.append(
                {
                    "mention_id": mid,
                    "name": actor.name[:200],
                    "role": actor.role[:16],
                    "country": actor.country,
                }
            )
    return out


def load_batch(
    engine: Engine,
    run_id: str,
    items: Sequence[tuple[ArticleIn, Sequence[EventRecord]]],
    rejected: Sequence[RejectedRecord] = (),
    tagger_version: str = "",
) -> LoadCounts:
    """Write articles with their mentions, and rejected records, in one transaction.

    Idempotent: articles are keyed by content hash, mentions and rejects by hashes of
    what they say, so loading the same batch twice inserts nothing the second time.
    """
    known_codes = countries.known_codes()
    article_rows: list[dict[str, Any]] = []
    mention_rows_: list[dict[str, Any]] = []
    party_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    now = utcnow()
    for art, records in items:
        h = art.content_hash
        article_rows.append(
            {
                "id": art.id,
                "source": art.source,
                "url": art.url,
                "title": art.title,
                "text": art.text,
                "published": art.published,
                "content_hash": h,
                "language": art.language,
                "ingested_at": now,
                "run_id": run_id,
            }
        )
        rows = mention_rows(art.id, h, records, tagger_version, known_codes)
        mention_rows_.extend(rows.mentions)
        party_rows.extend(rows.parties)
        actor_rows.extend(rows.actors)
    reject_rows = [
        {
            "id": r.key,
            "run_id": run_id,
            "origin": r.origin,
            "reason": r.reason,
            "raw": r.raw,
            "created_at": now,
        }
        for r in rejected
    ]
    counts = LoadCounts()
    with Session(engine) as session, session.begin():
        counts.articles = _insert_ignore(session, Article, article_rows)
        counts.mentions = _insert_ignore(session, Mention, mention_rows_)
        _insert_ignore(session, MentionParty, party_rows)
        _insert_ignore(session, MentionActor, actor_rows)
        counts.rejected = _insert_ignore(session, Rejected, reject_rows)
        session.execute(
            update(EtlRun)
            .where(EtlRun.id == run_id)  # type: ignore[arg-type]
            .values(
                articles_new=EtlRun.articles_new + counts.articles,
                mentions_new=EtlRun.mentions_new + counts.mentions,
            )
        )
    return counts


def article_record(row: Article) -> ArticleIn:
    """A stored article as the extract stage reads it (the same content hash)."""
    return ArticleIn(
        id=row.id,
        title=row.title,
        text=row.text,
        published=row.published,
        url=row.url,
        source=row.source,
        language=row.language,
    )


def stale_articles(
    engine: Engine, tagger_version: str, *, everything: bool = False
) -> list[ArticleIn]:
    """Stored articles last tagged by another tagger version (all of them with `everything`),
    in a stable order, ready to extract again."""
    q = select(Article).outerjoin(EtlRun, col(Article.run_id) == col(EtlRun.id))
    if not everything:
        q = q.where(
            or_(col(EtlRun.tagger_version).is_(None), col(EtlRun.tagger_version) != tagger_version)
        )
    with Session(engine) as session:
        rows = session.execute(q.order_by(col(Article.id))).scalars().all()
        return [article_record(a) for a in rows]


def replace_mentions(
    engine: Engine,
    run_id: str,
    items: Sequence[tuple[ArticleIn, Sequence[EventRecord]]],
    tagger_version: str,
) -> LoadCounts:
    """Swap the stored mentions of these articles for new ones, in one transaction.

    The events the old mentions belonged to are dissolved (their other mentions become
    unassigned), so the next `rebuild_events` regroups everything they touched; until then
    no event counts a mention that is gone.
    """
    known_codes = countries.known_codes()
    ids = [art.id for art, _ in items]
    new = MentionRows()
    for art, records in items:
        rows = mention_rows(art.id, art.content_hash, records, tagger_version, known_codes)
        new.mentions += rows.mentions
        new.parties += rows.parties
        new.actors += rows.actors
    counts = LoadCounts()
    with Session(engine) as session, session.begin():
        old: list[str] = []
        events: set[str] = set()
        for chunk in _chunks(ids):
            for mid, eid in session.execute(
                select(col(Mention.id), col(Mention.event_id)).where(
                    col(Mention.article_id).in_(chunk)
                )
            ).all():
                old.append(mid)
                if eid:
                    events.add(eid)
        for chunk in _chunks(old):
            session.execute(delete(MentionParty).where(col(MentionParty.mention_id).in_(chunk)))
            session.execute(delete(MentionActor).where(col(MentionActor.mention_id).in_(chunk)))
            session.execute(delete(Mention).where(col(Mention.id).in_(chunk)))
        for chunk in _chunks(sorted(events)):
            session.execute(
                update(Mention).where(col(Mention.event_id).in_(chunk)).values(event_id=None)
            )
            session.execute(delete(EventPair).where(col(EventPair.event_id).in_(chunk)))
            session.execute(delete(Event).where(col(Event.id).in_(chunk)))
        counts.mentions = _insert_ignore(session, Mention, new.mentions)
        _insert_ignore(session, MentionParty, new.parties)
        _insert_ignore(session, MentionActor, new.actors)
        for chunk in _chunks(ids):
            session.execute(update(Article).where(col(Article.id).in_(chunk)).values(run_id=run_id))
        counts.articles = len(ids)
        session.execute(
            update(EtlRun)
            .where(col(EtlRun.id) == run_id)
            .values(
                articles_read=EtlRun.articles_read + len(ids),
                mentions_new=EtlRun.mentions_new + counts.mentions,
            )
        )
    return counts


def add_read_counts(engine: Engine, run_id: str, *, read: int, rejected: int) -> None:
    with Session(engine) as session, session.begin():
        session.execute(
            update(EtlRun)
            .where(EtlRun.id == run_id)  # type: ignore[arg-type]
            .values(
                articles_read=EtlRun.articles_read + read,
                rejected=EtlRun.rejected + rejected,
            )
        )


_IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's limits


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def rebuild_events(engine: Engine) -> int:
    """Group the mentions no event holds yet (`etl.events.rebuild_events`); returns the
    number of events that hold them."""
    from etl import events

    return events.rebuild_events(engine)


def table_counts(engine: Engine) -> dict[str, int]:
    """Row count of every table (for `stats` and the idempotency test)."""
    out = {}
    with Session(engine) as session:
        for table in SQLModel.metadata.sorted_tables:
            out[table.name] = session.execute(select(func.count()).select_from(table)).scalar_one()
    return out
