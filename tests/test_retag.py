"""`retag`: stored articles are extracted again by a newer tagger, consistently."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from etl import pipeline, sources, store
from etl.models import Article, Event, Mention, MentionParty
from etl.nlp import TAGGER_VERSION
from tests.conftest import ROOT

pytestmark = pytest.mark.model
SAMPLE = ROOT / "data" / "sample" / "articles.jsonl"


def _first(n: int, tmp_path: Path) -> Path:
    path = tmp_path / "few.jsonl"
    with SAMPLE.open(encoding="utf-8") as fh:
        path.write_text("".join(islice(fh, n)), encoding="utf-8")
    return path


def _consistent(engine: Engine) -> None:
    with Session(engine) as s:
        n_mentions = s.execute(select(func.count()).select_from(Mention)).scalar_one()
        grouped = s.execute(select(func.coalesce(func.sum(Event.n_mentions), 0))).scalar_one()
        unassigned = s.execute(
            select(func.count()).select_from(Mention).where(Mention.event_id.is_(None))  # type: ignore[union-attr]
        ).scalar_one()
        orphans = s.execute(
            select(func.count())
            .select_from(MentionParty)
            .where(MentionParty.mention_id.not_in(select(Mention.id)))  # type: ignore[attr-defined]
        ).scalar_one()
    assert grouped == n_mentions and unassigned == 0 and orphans == 0


def test_retag_replaces_old_mentions_once(tmp_path: Path, tagger) -> None:  # type: ignore[no-untyped-def]
    engine = store.make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    src = _first(20, tmp_path)
    pipeline.run([src], engine, lambda: tagger, tagger_version="0.0-old")
    before = store.table_counts(engine)

    first = pipeline.retag(engine, lambda: tagger, tagger_version=TAGGER_VERSION)
    assert first.articles == 20
    _consistent(engine)
    after = store.table_counts(engine)
    assert after["article"] == before["article"]
    assert after["mention"] == first.mentions  # the same tagger: the same mentions again
    with Session(engine) as s:
        versions = set(s.execute(select(Mention.tagger_version)).scalars())
    assert versions == {TAGGER_VERSION}

    second = pipeline.retag(
        engine, lambda: pytest.fail("nothing is stale"), tagger_version=TAGGER_VERSION
    )
    assert second.articles == 0
    assert store.table_counts(engine) == after


def test_retag_all_and_new_articles_mix(tmp_path: Path, tagger) -> None:  # type: ignore[no-untyped-def]
    engine = store.make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    pipeline.run([_first(5, tmp_path)], engine, lambda: tagger, tagger_version=TAGGER_VERSION)
    counts = store.table_counts(engine)
    done = pipeline.retag(engine, lambda: tagger, tagger_version=TAGGER_VERSION, everything=True)
    assert done.articles == 5
    _consistent(engine)
    counts_after = store.table_counts(engine)
    assert {k: v for k, v in counts_after.items() if k != "etlrun"} == {
        k: v for k, v in counts.items() if k != "etlrun"
    }
    with Session(engine) as s:
        ids = set(s.execute(select(Article.id)).scalars())
    assert ids == {a.id for a in sources.read([_first(5, tmp_path)]) if hasattr(a, "id")}
