"""The store edge of register matching (`match_events`) at volume, on a real SQLite file
and a real PostgreSQL server: what it stores equals what the pure core computes, mentions
stand in for empty event fields, the checks and matches go in as one bulk insert per
table (not thousands of small statements), and a re-run changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine, event, insert, text

from bench import registers as synthetic
from etl import store
from etl.models import Article, Event, GsdbCase, Mention, RegisterLoad, SipriDeal
from etl.registers import match

pytest_plugins = ["pg"]

N_EVENTS = 3_000


def seeded(url: str) -> tuple[Engine, pd.DataFrame]:
    """A database holding synthetic registers and N_EVENTS events; a tenth of the events
    have no weapon, action or evidence, which their mentions give."""
    engine = store.make_engine(url)
    store.init_db(engine)
    events = synthetic.events(N_EVENTS)
    bare = events.index % 10 == 0
    stored = events.copy()
    stored.loc[bare, ["weapon", "action", "evidence"]] = [None, "", ""]
    with engine.begin() as conn:
        for kind, frame, table in (
            ("sipri", synthetic.deals(2_000), SipriDeal),
            ("gsdb", synthetic.cases(300), GsdbCase),
        ):
            conn.execute(
                insert(RegisterLoad), [{"id": kind, "kind": kind, "path": kind, "sha256": ""}]
            )
            rows = frame.assign(load_id=kind, origin="test").astype(object)
            conn.execute(insert(table), rows.where(rows.notna(), None).to_dict("records"))
        conn.execute(insert(Event), stored.assign(n_mentions=1, n_articles=1).to_dict("records"))
        conn.execute(insert(Article), [{"id": "a1", "text": "x", "content_hash": "h1"}])
        conn.execute(
            insert(Mention),
            [
                {
                    "id": f"m{e.id}",
                    "article_id": "a1",
                    "type": e.type,
                    "action": e.action,
                    "status": "reported",
                    "category": e.category,
                    "sentence": e.evidence,
                    "start": 0,
                    "end": 1,
                    "confidence": 0.9,
                    "weapon": e.weapon or None,
                    "tagger_version": "t",
                    "event_id": e.id,
                }
                for e in events[bare].itertuples()
            ],
        )
    return engine, events


def stored(engine: Engine) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        m = conn.execute(
            text("SELECT event_id, kind, entry_id, score, reason, best FROM registermatch")
        ).all()
        c = conn.execute(text("SELECT event_id, kind, status, best_score FROM registercheck")).all()
    return (
        sorted((e, k, x, round(s, 4), r, bool(b)) for e, k, x, s, r, b in m),
        sorted((e, k, st, None if s is None else round(s, 4)) for e, k, st, s in c),
    )


def expected(events: pd.DataFrame) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The pure core on the events as the grouping would have filled them."""
    entries = {"sipri": synthetic.deals(2_000), "gsdb": synthetic.cases(300)}
    matches, checks = match.match_frames(events, entries)
    m = sorted(
        (e, k, x, round(float(s), 4), r, bool(b))
        for e, k, x, s, r, b in matches[match.MATCH_COLUMNS].itertuples(index=False)
    )
    c = sorted(
        (e, k, st, None if pd.isna(s) else round(float(s), 4))
        for e, k, st, s in checks.itertuples(index=False)
    )
    return m, c


def test_bulk_matching_stores_what_the_core_computes(db_url: str) -> None:
    engine, events = seeded(db_url)
    inserts: list[str] = []

    def count(_conn: Any, _cur: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO REGISTER", "COPY REGISTER")):
            inserts.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    summary = match.match_events(engine)
    event.remove(engine, "before_cursor_execute", count)
    assert summary.checked == N_EVENTS and summary.matches > 500
    got = stored(engine)
    assert got == expected(events)
    assert "weapon name matches" in " ".join(r[4] for r in got[0])
    # One bulk insert per table, whatever mix of NULL and non-NULL scores the rows hold.
    if engine.dialect.name == "sqlite":
        assert len(inserts) == 2
    # Nothing new: nothing matched; everything again: the same rows.
    assert match.match_events(engine).checked == 0
    assert match.match_events(engine, everything=True).checked == N_EVENTS
    assert stored(engine) == got
    engine.dispose()


def test_a_large_rewrite_rebuilds_the_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past REINDEX_ROWS a table rewritten whole gets its indexes built after the rows."""
    engine, events = seeded(f"sqlite:///{tmp_path / 'm.db'}")
    monkeypatch.setattr(match, "REINDEX_ROWS", 100)
    match.match_events(engine)
    match.match_events(engine, everything=True)
    with engine.connect() as conn:
        names = {
            r[0]
            for r in conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            )
        }
    assert {"ix_registermatch_event_id", "ix_registermatch_entry_id"} <= names
    assert stored(engine) == expected(events)
    engine.dispose()


def test_matches_of_the_first_layout_are_dropped_and_redone(tmp_path: Path) -> None:
    """A database whose matches had text ids: init_db drops its checks and matches (they
    are derived) with a note, and the next match checks every event again."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine, events = seeded(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE registermatch"))
        conn.execute(
            text(
                "CREATE TABLE registermatch (id VARCHAR(32) PRIMARY KEY, event_id VARCHAR(32),"
                " kind VARCHAR(8), entry_id VARCHAR(32), score FLOAT, reason VARCHAR,"
                " best BOOLEAN)"
            )
        )
        conn.execute(text("INSERT INTO registermatch VALUES ('x', 'e1', 'gsdb', 'c1', 1, 'r', 1)"))
        conn.execute(
            text(
                "INSERT INTO registercheck (event_id, kind, load_id, fingerprint, status)"
                " VALUES ('e1', 'gsdb', 'gsdb', 'f', 'confirmed')"
            )
        )
    notes = store.init_db(engine)
    assert any("older layout" in n for n in notes), notes
    assert store.init_db(engine) == []  # once
    assert match.match_events(engine).checked == N_EVENTS
    assert stored(engine) == expected(events)
    engine.dispose()
