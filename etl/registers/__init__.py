"""The verified registers beside the news: SIPRI's arms-transfer register and the Global
Sanctions Database, loaded by `python -m etl registers load PATH...`.

`sipri.py` and `gsdb.py` read each file into entries and rejected rows (pure: text in,
records out); `load()` here writes one file in one transaction, records the load in
`RegisterLoad`, and changes nothing when the same file is loaded again. The registers are
not ours to redistribute: the repository ships no copy of either.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from etl.models import GsdbCase, RegisterLoad, RegisterRejected, SipriDeal
from etl.registers import gsdb, sipri
from etl.registers.parsed import Parsed
from etl.sources import SourceError
from etl.store import _chunks

KINDS = ("sipri", "gsdb")
TABLES: dict[str, Any] = {"sipri": SipriDeal, "gsdb": GsdbCase}
LEXICON = Path(__file__).parents[1] / "lexicons" / "registers.json"


class RegisterError(SourceError):
    """A register file the user named cannot be loaded (missing, not a register)."""


@dataclass
class LoadSummary:
    """What one `load` did, for the command's report."""

    path: str
    kind: str
    generated: date | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_new: int
    seconds: float
    already: bool = False  # the same file was loaded before: nothing changed
    reasons: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)  # SIPRI descriptions -> other

    def line(self) -> str:
        when = f" (generated {self.generated:%Y-%m-%d})" if self.generated else ""
        head = f"{self.kind} {self.path}{when}: "
        if self.already:
            return head + f"already loaded ({self.rows_loaded} entries); nothing changed"
        return head + (
            f"{self.rows_read} rows read, {self.rows_loaded} loaded ({self.rows_new} new), "
            f"{self.rows_rejected} rejected in {self.seconds:.1f} s"
        )


def sniff(text: str) -> str | None:
    """ "sipri" or "gsdb" from a file's first lines, or None."""
    lines = text[: 64 * 1024].splitlines()
    if sipri.header_index(lines) is not None:
        return "sipri"
    if lines and gsdb.looks_like(lines[0].split(",")):
        return "gsdb"
    return None


def open_file(path: Path, kind: str | None = None) -> tuple[str, str, str]:
    """(text, kind, sha256 of the bytes) of a register file, its kind sniffed unless given."""
    from etl.sources.normalise import decode

    if kind is not None and kind not in KINDS:
        raise RegisterError(f"--kind must be sipri or gsdb, not {kind!r}")
    if not path.exists():
        raise RegisterError(f"no such file: {path}")
    if not path.is_file():
        raise RegisterError(f"not a file: {path}")
    data = path.read_bytes()
    text = decode(data)
    sniffed = sniff(text)
    if kind is not None and sniffed != kind:
        reads_as = f"its header is a {sniffed} one" if sniffed else f"no {kind} header row"
        raise RegisterError(f"{path}: not a {kind} register file: {reads_as}")
    kind = kind or sniffed
    if kind is None:
        raise RegisterError(
            f"{path}: neither a SIPRI trade register nor a GSDB case file (CSV); "
            "name its kind with --kind sipri|gsdb"
        )
    return text, kind, hashlib.sha256(data).hexdigest()


def parse(text: str, kind: str, path: Path) -> Parsed:
    """Entries and rejected rows of one register file's text."""
    try:
        return sipri.parse(text, path) if kind == "sipri" else gsdb.parse(text, path)
    except (sipri.NotSipri, gsdb.NotGsdb) as exc:
        raise RegisterError(f"{path}: not a {kind} register file: {exc}") from None


def load_id(kind: str, sha256: str) -> str:
    """The load's id: the register, the file's bytes and the lookups that coded it (a
    changed lexicon codes the same file anew)."""
    from etl.store import short_hash

    lexicon = hashlib.sha256(LEXICON.read_bytes()).hexdigest()
    return short_hash(kind, sha256, lexicon)


def load(
    engine: Engine,
    path: Path,
    kind: str | None = None,
    opened: tuple[str, str, str] | None = None,
) -> LoadSummary:
    """Load one register file in one transaction. Idempotent: the same file (and lookups)
    again changes nothing; an entry already stored from another file is kept once, with
    the codes of the newest load. `opened`: what `open_file` returned for it, if called."""
    started = time.perf_counter()
    text, kind, digest = opened or open_file(path, kind)
    lid = load_id(kind, digest)
    table = TABLES[kind]
    with Session(engine) as session:
        done = session.get(RegisterLoad, lid)
    parsed = parse(text, kind, path) if done is None else None
    with Session(engine) as session, session.begin():
        done = session.get(RegisterLoad, lid)
        if done is not None:
            return LoadSummary(
                path=str(path),
                kind=done.kind,
                generated=done.generated,
                rows_read=done.rows_read,
                rows_loaded=done.rows_loaded,
                rows_rejected=done.rows_rejected,
                rows_new=0,
                seconds=time.perf_counter() - started,
                already=True,
            )
        if parsed is None:  # its earlier load was dropped meanwhile
            parsed = parse(text, kind, path)
        ids = [e["id"] for e in parsed.entries]
        present: set[str] = set()
        for chunk in _chunks(ids):
            present.update(session.execute(select(table.id).where(table.id.in_(chunk))).scalars())
        session.add(
            RegisterLoad(
                id=lid,
                kind=parsed.kind,
                path=str(path),
                sha256=digest,
                generated=parsed.generated,
                rows_read=parsed.rows_read,
                rows_loaded=len(parsed.entries),
                rows_rejected=len(parsed.rejected),
                rows_new=len(set(ids) - present),
            )
        )
        session.flush()
        for entry in parsed.entries:
            entry["load_id"] = lid
        _upsert(session, table, parsed.entries)
        session.execute(delete(RegisterRejected).where(col(RegisterRejected.load_id) == lid))
        _upsert(
            session,
            RegisterRejected,
            [
                {"id": r.key, "load_id": lid, "origin": r.origin, "reason": r.reason, "raw": r.raw}
                for r in parsed.rejected
            ],
        )
        seconds = time.perf_counter() - started
        row = session.get(RegisterLoad, lid)
        assert row is not None
        row.seconds = round(seconds, 3)
    return LoadSummary(
        path=str(path),
        kind=parsed.kind,
        generated=parsed.generated,
        rows_read=parsed.rows_read,
        rows_loaded=len(parsed.entries),
        rows_rejected=len(parsed.rejected),
        rows_new=len(set(ids) - present),
        seconds=seconds,
        reasons=Counter(r.reason for r in parsed.rejected),
        unmapped=Counter(parsed.notes),
    )


def _upsert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT (id) DO UPDATE for SQLite and PostgreSQL: an entry stored
    by an earlier load takes this load's values (its codes, its load id)."""
    if not rows:
        return
    table = model.__table__
    dialect = session.get_bind().dialect.name
    stmt: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    columns = [c.name for c in table.columns if c.name != "id"]
    stmt = stmt.on_conflict_do_update(
        index_elements=["id"], set_={c: stmt.excluded[c] for c in columns}
    )
    for chunk in _chunks(rows, 2000):
        session.execute(stmt, list(chunk))
