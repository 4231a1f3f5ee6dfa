"""A small, hand-made corpus for the dashboard tests, loaded through the real store.

Every record says something a test relies on; keep the list and the tests in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl import store
from etl.records import Actor, Article, EventRecord


@dataclass(frozen=True)
class Seed:
    """One event as a test sees it: the article it belongs to and what it says."""

    article: str
    type: str
    action: str
    status: str
    category: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    when: date | None
    sentence: str
    confidence: float
    actors: tuple[tuple[str, str], ...] = ()
    weapon: str | None = None


ARTICLES: dict[str, tuple[str, str, date | None]] = {
    # id: (title, text prefix, published)
    "a1": ("West widens Russia sanctions", "Officials met in Brussels.", date(2022, 3, 1)),
    "a2": ("Drone deliveries disputed", "Kyiv and Moscow traded claims.", date(2022, 6, 15)),
    "a3": (
        "Aid package <b>announced</b>",
        "<script>alert(1)</script> Aid was announced.",
        date(2021, 1, 10),
    ),
    "a4": ("Beijing accused", "Reports circulated.", date(2023, 2, 1)),
    "a5": ("Council extends embargo", "The vote was unanimous.", date(2020, 5, 5)),
    "a6": ("London weighs travel bans", "No date is given.", None),
}

SEEDS: tuple[Seed, ...] = (
    Seed("a1", "sanction", "imposed", "reported", "financial", ("USA",), ("RUS",),
         date(2022, 3, 1), "The United States imposed financial sanctions on Russia.", 0.9,
         (("Antony Blinken", "USA"),)),
    Seed("a1", "sanction", "imposed", "reported", "trade", ("EU",), ("RUS",),
         date(2022, 3, 1), "The European Union imposed a trade embargo on Russia, barring"
         " exports of dual-use goods, luxury cars and aircraft parts to Moscow.", 0.8),  # long
    Seed("a2", "arms_transfer", "delivered", "alleged", "drones", ("IRN",), ("RUS",),
         date(2022, 6, 15), "Ukraine said Iran delivered Shahed drones to Russia.", 0.7,
         (("Volodymyr Zelensky", "UKR"),), "Shahed-136 drones"),
    Seed("a2", "arms_transfer", "delivered", "denied", "drones", ("IRN",), ("RUS",),
         date(2022, 6, 15), "Tehran denied it had sent any drones to Russia.", 0.6),
    Seed("a3", "arms_transfer", "pledged", "reported", "missiles", ("USA",), ("UKR",),
         date(2021, 1, 10), "Washington pledged Javelin missiles to Ukraine.", 0.85,
         (("Antony Blinken", "USA"),), "Javelin missiles"),
    Seed("a4", "arms_transfer", "sold", "alleged", "other", ("CHN",), ("RUS",),
         date(2023, 2, 1), "=SUM(1+1) China sold weapons to Russia, officials alleged.", 0.4),
    Seed("a5", "sanction", "extended", "reported", "arms", ("UN",), ("PRK",),
         date(2020, 5, 5), "The Security Council extended the arms embargo on North Korea.", 0.95),
    Seed("a6", "sanction", "threatened", "planned", "travel", ("GBR",), ("IRN",),
         None, "Britain threatened travel bans on Iranian officials.", 0.5,
         (("government", "GBR"),)),  # a generic word, not a name: not offered as a filter
    Seed("a6", "sanction", "imposed", "reported", "other", ("USA",), (),
         None, "-Washington also imposed sanctions, without naming targets.", 0.3),
)  # fmt: skip


def items(*, actors: bool = True) -> list[tuple[Article, list[EventRecord]]]:
    """The corpus as (article, its event records), offsets pointing at each sentence;
    without `actors`, no mention names an official or organisation."""
    out = []
    for aid, (title, prefix, published) in ARTICLES.items():
        seeds = [s for s in SEEDS if s.article == aid]
        text = " ".join([prefix, *(s.sentence for s in seeds)])
        article = Article(
            id=aid,
            title=title,
            text=text,
            published=published,
            url=None if published is None else f"https://example.org/{aid}",  # a6: no link
            source="seed",
        )
        full = article.full_text
        records = []
        for s in seeds:
            start = full.index(s.sentence)
            records.append(
                EventRecord(
                    article_id=aid,
                    type=s.type,
                    action=s.action,
                    status=s.status,
                    category=s.category,
                    sources=list(s.sources),
                    targets=list(s.targets),
                    date=s.when,
                    sentence=s.sentence,
                    start=start,
                    end=start + len(s.sentence),
                    confidence=s.confidence,
                    weapon=s.weapon,
                    actors=[
                        Actor(name=n, country=c, role="speaker") for n, c in s.actors if actors
                    ],
                )
            )
        out.append((article, records))
    return out


def seed_database(path: Path, *, actors: bool = True) -> str:
    """Create a SQLite database at `path` holding the corpus; returns its URL."""
    return seed_url(f"sqlite:///{path}", actors=actors)


def seed_url(url: str, *, actors: bool = True) -> str:
    """Load the corpus into the (empty) database at `url`; returns the URL. Without
    `actors` the `mentionactor` table stays empty (a small corpus often names nobody)."""
    engine = store.make_engine(url)
    try:
        store.init_db(engine)
        run_id = store.start_run(engine, ["tests/assets/dashboard_seed.py"], "seed")
        store.load_batch(engine, run_id, items(actors=actors), tagger_version="seed")
        store.rebuild_events(engine)
        store.finish_run(engine, run_id, status="ok")
    finally:
        engine.dispose()
    return url


def empty_database(path: Path) -> str:
    """A database with the schema and reference countries but no articles."""
    url = f"sqlite:///{path}"
    engine = store.make_engine(url)
    try:
        store.init_db(engine)
    finally:
        engine.dispose()
    return url
