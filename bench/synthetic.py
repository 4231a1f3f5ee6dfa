"""Synthetic articles and event mentions at any scale, loaded through the real store.

The shapes follow the extract contract (GUIDELINES.md): a few mentions per article, parties
drawn from a skewed distribution (a handful of countries act in most events, as in real news),
taxonomy values from `etl.records`, dates over ten years. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Engine, insert

from etl import models, store
from etl.records import ACTIONS, CATEGORIES, EVENT_TYPES, STATUSES, Actor, Article, EventRecord

# Frequent actors first: weights fall off like a Zipf law over this list.
PARTIES: tuple[str, ...] = (
    "USA", "RUS", "EU", "CHN", "IRN", "UKR", "GBR", "PRK", "ISR", "DEU", "FRA", "TUR",
    "UN", "SYR", "IND", "SAU", "PAK", "JPN", "KOR", "TWN", "VEN", "CUB", "BLR", "MMR",
    "NATO", "AFG", "IRQ", "YEM", "LBN", "EGY", "POL", "CAN", "AUS", "BRA", "ZAF", "NGA",
    "ETH", "SDN", "LBY", "QAT", "ARE", "G7", "ITA", "ESP", "NLD", "SWE", "NOR", "FIN",
)  # fmt: skip
OFFICIALS: tuple[tuple[str, str], ...] = (
    ("Antony Blinken", "USA"), ("Sergei Lavrov", "RUS"), ("Josep Borrell", "EU"),
    ("Wang Yi", "CHN"), ("Hossein Amir-Abdollahian", "IRN"), ("Dmytro Kuleba", "UKR"),
    ("James Cleverly", "GBR"), ("Janet Yellen", "USA"), ("Ursula von der Leyen", "EU"),
    ("Lloyd Austin", "USA"), ("Hezbollah", "LBN"), ("Wagner Group", "RUS"),
)  # fmt: skip
WEAPONS: dict[str, tuple[str, ...]] = {
    "aircraft": ("F-16 fighter jets", "transport aircraft"),
    "drones": ("Shahed-136 drones", "Bayraktar TB2 drones"),
    "air_defence": ("Patriot batteries", "S-400 systems"),
    "armoured_vehicles": ("Leopard 2 tanks", "Bradley vehicles"),
    "artillery": ("howitzers", "HIMARS launchers"),
    "missiles": ("ballistic missiles", "cruise missiles"),
    "naval": ("frigates", "patrol boats"),
    "small_arms": ("rifles", "machine guns"),
    "ammunition": ("artillery shells", "rounds of ammunition"),
    "sensors": ("radars", "night-vision equipment"),
    "other": ("weapons", "military aid"),
}
T = TypeVar("T")
START = date(2015, 1, 1)
DAYS = 3650
MENTIONS_PER_ARTICLE = 3


def _sentence(rec: EventRecord) -> str:
    src = ", ".join(rec.sources) or "Officials"
    tgt = ", ".join(rec.targets) or "unnamed parties"
    if rec.type == "sanction":
        return f"{src} {rec.action} {rec.category} sanctions on {tgt}, officials said."
    return f"{src} {rec.action} {rec.weapon or 'weapons'} to {tgt}, according to reports."


def generate(n_mentions: int, seed: int = 0) -> Iterator[tuple[Article, list[EventRecord]]]:
    """Yield (article, its event records) until `n_mentions` records have been made."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(PARTIES))]
    made = 0
    i = 0
    while made < n_mentions:
        i += 1
        published = START + timedelta(days=rng.randrange(DAYS))
        n = min(MENTIONS_PER_ARTICLE, n_mentions - made)
        records: list[EventRecord] = []
        sentences: list[str] = []
        offset = len(f"Synthetic report {i}") + 2
        for _ in range(n):
            etype = rng.choice(EVENT_TYPES)
            category = rng.choice(CATEGORIES[etype])
            parties = rng.choices(PARTIES, weights, k=3)
            sources = [parties[0]]
            targets = [p for p in dict.fromkeys(parties[1:]) if p != parties[0]][:2]
            if rng.random() < 0.05:
                targets = []  # a side with no party is valid (GUIDELINES.md)
            actors = []
            if rng.random() < 0.3:
                name, country = rng.choice(OFFICIALS)
                actors = [Actor(name=name, country=country, role="speaker")]
            rec = EventRecord(
                article_id=f"syn-{seed}-{i}",
                type=etype,
                action=rng.choice(ACTIONS[etype]),
                status=rng.choices(STATUSES, (6, 2, 1, 1))[0],
                category=category,
                sources=sources,
                targets=targets,
                date=published - timedelta(days=rng.randrange(5)),
                sentence="",
                start=0,
                end=0,
                confidence=round(rng.uniform(0.3, 1.0), 2),
                actors=actors,
                weapon=rng.choice(WEAPONS[category]) if etype == "arms_transfer" else None,
            )
            rec.sentence = _sentence(rec)
            rec.start, rec.end = offset, offset + len(rec.sentence)
            offset = rec.end + 1
            sentences.append(rec.sentence)
            records.append(rec)
        article = Article(
            id=f"syn-{seed}-{i}",
            title=f"Synthetic report {i}",
            text=" ".join(sentences),
            published=published,
            url=f"https://example.org/news/{seed}/{i}",
            source="synthetic",
        )
        made += n
        yield article, records


Items = Iterable[tuple[Article, Sequence[EventRecord]]]


def load(engine: Engine, items: Items, *, batch: int = 2000) -> int:
    """Load items through `etl.store` (run log, idempotent batches, event dedupe).

    The real path, used by tests; about 1,000 mentions a second, so keep it for small sets.
    """
    store.init_db(engine)
    run_id = store.start_run(engine, ["synthetic"], "synthetic")
    mentions = 0
    for chunk in batched(items, batch):
        mentions += store.load_batch(engine, run_id, chunk, tagger_version="synthetic").mentions
    store.rebuild_events(engine)
    store.finish_run(engine, run_id, status="ok")
    return mentions


def bulk_load(engine: Engine, items: Items, *, batch: int = 50_000) -> int:
    """Write items straight into the store's tables with plain executemany (benchmarks).

    `store.load_batch` compiles one multi-row INSERT per chunk and `store.rebuild_events`
    updates mentions per event, which takes minutes at a million mentions. This writes the
    same rows (ids from `store.mention_id`) and groups mentions into one event per
    type, category, parties and calendar quarter, a stand-in for the real dedupe.
    """
    store.init_db(engine)
    run_id = store.start_run(engine, ["synthetic-bulk"], "synthetic")
    tables = {
        m: m.__table__  # type: ignore[union-attr]
        for m in (
            models.Article,
            models.Mention,
            models.MentionParty,
            models.MentionActor,
            models.Event,
        )
    }
    events: dict[str, dict[str, Any]] = {}
    total = 0
    now = models.utcnow()
    with engine.begin() as conn:
        for chunk in batched(items, batch):
            rows: dict[type, list[dict[str, Any]]] = {m: [] for m in tables}
            for art, records in chunk:
                content_hash = art.content_hash  # a property that hashes on every access
                rows[models.Article].append(
                    {
                        **art.model_dump(),
                        "content_hash": content_hash,
                        "ingested_at": now,
                        "run_id": run_id,
                    }
                )
                for rec in records:
                    mid = store.mention_id(content_hash, rec)
                    srcs, tgts = "|".join(sorted(rec.sources)), "|".join(sorted(rec.targets))
                    quarter = f"{rec.date.year}Q{(rec.date.month - 1) // 3}" if rec.date else ""
                    eid = store.short_hash(rec.type, rec.category, srcs, tgts, quarter)
                    ev = events.setdefault(
                        eid,
                        {"id": eid, "type": rec.type, "category": rec.category, "sources": srcs,
                         "targets": tgts, "first_date": rec.date, "last_date": rec.date,
                         "n_mentions": 0, "n_articles": 0},
                    )  # fmt: skip
                    ev["n_mentions"] += 1
                    ev["n_articles"] += 1
                    rows[models.Mention].append(
                        {"id": mid, "article_id": art.id, "type": rec.type, "action": rec.action,
                         "status": rec.status, "category": rec.category, "date": rec.date,
                         "sentence": rec.sentence, "start": rec.start, "end": rec.end,
                         "confidence": rec.confidence, "weapon": rec.weapon,
                         "quantity": rec.quantity, "claimant": rec.claimant,
                         "tagger_version": "synthetic", "event_id": eid}
                    )  # fmt: skip
                    for role, codes in (("source", rec.sources), ("target", rec.targets)):
                        rows[models.MentionParty] += [
                            {"mention_id": mid, "role": role, "code": c}
                            for c in dict.fromkeys(codes)
                        ]
                    rows[models.MentionActor] += [
                        {"mention_id": mid, "name": a.name, "role": a.role, "country": a.country}
                        for a in rec.actors
                    ]
                    total += 1
            # Events first: mentions refer to them (foreign keys are on).
            pending = [ev for ev in events.values() if not ev.get("_written")]
            for ev in pending:
                ev["_written"] = True
            if pending:
                conn.execute(insert(tables[models.Event]), [_public(ev) for ev in pending])
            for model in (models.Article, models.Mention, models.MentionParty, models.MentionActor):
                if rows[model]:
                    conn.execute(insert(tables[model]), rows[model])
    store.finish_run(engine, run_id, status="ok")
    return total


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
