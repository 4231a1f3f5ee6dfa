"""Synthetic articles and event mentions at any scale, loaded through the real store.

The shapes follow the extract contract (GUIDELINES.md): a few mentions per article, parties
drawn from a skewed distribution (a handful of countries act in most events, as in real news),
taxonomy values from `etl.records`, dates over ten years. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
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
NEWS_SOURCES: tuple[str, ...] = ("wire-a", "wire-b", "daily-c", "weekly-d", "site-e")
T = TypeVar("T")
START = date(2015, 1, 1)
DAYS = 3650


def _sentence(rec: EventRecord) -> str:
    src = ", ".join(rec.sources) or "Officials"
    tgt = ", ".join(rec.targets) or "unnamed parties"
    if rec.type == "sanction":
        return f"{src} {rec.action} {rec.category} sanctions on {tgt}, officials said."
    return f"{src} {rec.action} {rec.weapon or 'weapons'} to {tgt}, according to reports."


@dataclass(frozen=True)
class _World:
    """A real-world event that several articles report."""

    type: str
    action: str
    category: str
    sources: list[str]
    targets: list[str]
    day: date
    weapon: str | None


def _world_event(rng: random.Random, weights: list[float], start: date, days: int) -> _World:
    etype = rng.choice(EVENT_TYPES)
    category = rng.choice(CATEGORIES[etype])
    parties = rng.choices(PARTIES, weights, k=3)
    targets = [p for p in dict.fromkeys(parties[1:]) if p != parties[0]][:2] or ["UKR"]
    return _World(
        etype,
        rng.choice(ACTIONS[etype]),
        category,
        [parties[0]],
        targets,
        start + timedelta(days=rng.randrange(days)),
        rng.choice(WEAPONS[category]) if etype == "arms_transfer" else None,
    )


def generate(
    n_mentions: int, seed: int = 0, *, start: date = START, days: int = DAYS
) -> Iterator[tuple[Article, list[EventRecord]]]:
    """Yield (article, its event records) until `n_mentions` records have been made, the
    real-world events dated over `days` days from `start` (by default the whole decade).

    Realistic for the grouping: each real-world event is reported by one to six articles
    published within days of it; an article's headline states it with the published date
    (often as a threat, category `other`, a side sometimes left open), its body with the
    day and the specific category; some articles recall an older event by month or year.
    """
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(PARTIES))]
    made = 0
    i = 0
    recent: list[_World] = []
    while made < n_mentions:
        world = _world_event(rng, weights, start, days)
        recent = [*recent[-200:], world]
        for _ in range(rng.randint(1, 6)):
            if made >= n_mentions:
                break
            i += 1
            published = world.day + timedelta(days=rng.randrange(4))
            plan: list[tuple[_World, str, date | None]] = [
                (world, "published", published),  # the headline
                (world, "day", world.day),  # the body
            ]
            if rng.random() < 0.3:  # recalls an older event
                old = rng.choice(recent)
                plan.append((old, rng.choice(["month", "year"]), old.day))
            plan = plan[: n_mentions - made]
            records: list[EventRecord] = []
            offset = len(f"Synthetic report {i}") + 2
            for k, (w, precision, when) in enumerate(plan):
                headline = k == 0
                action = w.action
                if headline and w.type == "sanction" and rng.random() < 0.3:
                    action = "threatened"
                if when and precision == "month":
                    when = when.replace(day=1)
                elif when and precision == "year":
                    when = date(when.year, 1, 1)
                actors = []
                if rng.random() < 0.3:
                    name, country = rng.choice(OFFICIALS)
                    actors = [Actor(name=name, country=country, role="speaker")]
                rec = EventRecord(
                    article_id=f"syn-{seed}-{i}",
                    type=w.type,
                    action=action,
                    status=rng.choices(STATUSES, (6, 2, 1, 1))[0],
                    category="other" if headline and rng.random() < 0.5 else w.category,
                    sources=[] if headline and rng.random() < 0.05 else list(w.sources),
                    targets=list(w.targets),
                    date=when,
                    date_precision=precision,
                    sentence="",
                    start=0,
                    end=0,
                    confidence=round(rng.uniform(0.3, 1.0), 2),
                    actors=actors,
                    weapon=w.weapon,
                )
                rec.sentence = _sentence(rec)
                rec.start, rec.end = offset, offset + len(rec.sentence)
                offset = rec.end + 1
                records.append(rec)
            made += len(records)
            yield (
                Article(
                    id=f"syn-{seed}-{i}",
                    title=f"Synthetic report {i}",
                    text=" ".join(r.sentence for r in records),
                    published=published,
                    url=f"https://example.org/news/{seed}/{i}",
                    source=rng.choice(NEWS_SOURCES),
                ),
                records,
            )


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
    """Write items straight into the store's tables with plain executemany (benchmarks),
    then group the mentions into events with the real grouping (`etl.events`).

    `store.load_batch` compiles one multi-row INSERT per chunk (slow at a million
    mentions); this writes the same rows (ids from `store.mention_id`).
    """
    from etl import events

    store.init_db(engine)
    run_id = store.start_run(engine, ["synthetic-bulk"], "synthetic")
    total = insert_rows(engine, items, run_id, batch=batch)
    events.rebuild_events(engine)
    store.finish_run(engine, run_id, status="ok")
    return total


def insert_rows(engine: Engine, items: Items, run_id: str, *, batch: int = 50_000) -> int:
    """Insert articles, mentions, parties and actors (no events); returns mentions written."""
    tables = {
        m: m.__table__  # type: ignore[union-attr]
        for m in (models.Article, models.Mention, models.MentionParty, models.MentionActor)
    }
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
                    rows[models.Mention].append(
                        {"id": mid, "article_id": art.id, "type": rec.type, "action": rec.action,
                         "status": rec.status, "category": rec.category, "date": rec.date,
                         "date_precision": rec.date_precision, "sentence": rec.sentence,
                         "start": rec.start, "end": rec.end, "confidence": rec.confidence,
                         "weapon": rec.weapon, "quantity": rec.quantity,
                         "claimant": rec.claimant, "tagger_version": "synthetic",
                         "event_id": None}
                    )  # fmt: skip
                    for role, codes in (("source", rec.sources), ("target", rec.targets)):
                        rows[models.MentionParty] += [
                            {"mention_id": mid, "role": role, "code": c}
                            for c in dict.fromkeys(codes)
                        ]
                    rows[models.MentionActor] += [
                        {"mention_id": mid, "name": a.name, "role": a.role, "country": a.country}
                        for a in dict.fromkeys(rec.actors)
                    ]
                    total += 1
            for model in (models.Article, models.Mention, models.MentionParty, models.MentionActor):
                if rows[model]:
                    conn.execute(insert(tables[model]), rows[model])
    return total


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
