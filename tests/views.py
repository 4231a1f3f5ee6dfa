"""What an extractor's records must leave in the store, for comparing with what is there."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from etl import countries, store
from etl.models import Article, Mention, MentionParty
from etl.records import Article as ArticleIn

Parties = frozenset[tuple[str, str]]
View = dict[str, dict[str, Parties]]


def expected_view(extractor: Any, articles: Iterable[ArticleIn]) -> View:
    """article id -> mention id -> its (role, code) parties, keyed as the store keys mentions
    (one row per mention id, only parties it knows)."""
    known = countries.known_codes()
    out: View = {}
    for art, recs in extractor.extract_many(articles):
        mentions = out.setdefault(art.id, {})
        for rec in recs:
            sides = (("source", rec.sources), ("target", rec.targets))
            mentions[store.mention_id(art.content_hash, rec)] = frozenset(
                (role, code) for role, codes in sides for code in codes if code in known
            )
    return out


def stored_view(engine: Engine) -> View:
    """Every stored article with its mentions and their parties, as `expected_view` keys them."""
    out: View = {}
    parties: dict[str, set[tuple[str, str]]] = {}
    with Session(engine) as s:
        for (aid,) in s.execute(select(col(Article.id))):
            out[aid] = {}
        for mid, role, code in s.execute(
            select(col(MentionParty.mention_id), col(MentionParty.role), col(MentionParty.code))
        ):
            parties.setdefault(mid, set()).add((role, code))
        for mid, aid in s.execute(select(col(Mention.id), col(Mention.article_id))):
            out[aid][mid] = frozenset(parties.get(mid, ()))
    return out
