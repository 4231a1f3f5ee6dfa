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


# A wider corpus for the chart tests: 15 arms suppliers (so the heatmap has 15 rows) and
# recipients with long names (whose column labels take room from the rows), monthly
# events over 2022-2023, and one date mentioned in passing, in 1979.
SUPPLIERS = (
    ("USA", "United States", 8), ("GBR", "Britain", 3), ("DEU", "Germany", 3),
    ("FRA", "France", 2), ("POL", "Poland", 2), ("CAN", "Canada", 2), ("NOR", "Norway", 2),
    ("SWE", "Sweden", 2), ("NLD", "the Netherlands", 2), ("ITA", "Italy", 1),
    ("ESP", "Spain", 1), ("CZE", "the Czech Republic", 1), ("DNK", "Denmark", 1),
    ("FIN", "Finland", 1), ("AUS", "Australia", 1),
)  # fmt: skip
RECIPIENTS = (
    ("CAF", "the Central African Republic"), ("ARE", "the United Arab Emirates"),
    ("BIH", "Bosnia and Herzegovina"), ("PNG", "Papua New Guinea"),
    ("TTO", "Trinidad and Tobago"),
)  # fmt: skip
OUTLIER = date(1979, 11, 14)


def _wide() -> tuple[dict[str, tuple[str, str, date | None]], tuple[Seed, ...]]:
    """Each supplier's first delivery goes to a long-named recipient, the rest to Ukraine
    (so United States -> Ukraine is the darkest cell)."""
    articles: dict[str, tuple[str, str, date | None]] = {}
    seeds: list[Seed] = []
    n = 0
    for i, (code, name, count) in enumerate(SUPPLIERS):
        for k in range(count):
            to, to_name = RECIPIENTS[i % len(RECIPIENTS)] if k == 0 else ("UKR", "Ukraine")
            when = date(2022 + n % 24 // 12, n % 12 + 1, 10)
            aid = f"w{n}"
            articles[aid] = (f"{name} sends arms", f"Delivery no. {n} was confirmed.", when)
            seeds.append(
                Seed(aid, "arms_transfer", "delivered", "reported", "artillery", (code,),
                     (to,), when, f"{name} delivered artillery shells to {to_name}.", 0.9)
            )  # fmt: skip
            n += 1
    articles["w_old"] = ("Decades of sanctions", "A look back.", date(2023, 6, 1))
    seeds.append(
        Seed("w_old", "sanction", "imposed", "reported", "financial", ("USA",), ("IRN",),
             OUTLIER, "The United States froze Iranian assets in November 1979.", 0.9,
             (("Jimmy Carter", "USA"),))
    )  # fmt: skip
    return articles, tuple(seeds)


WIDE_ARTICLES, WIDE_SEEDS = _wide()


def items(
    articles: dict[str, tuple[str, str, date | None]] = ARTICLES,
    all_seeds: tuple[Seed, ...] = SEEDS,
    *,
    actors: bool = True,
) -> list[tuple[Article, list[EventRecord]]]:
    """The corpus as (article, its event records), offsets pointing at each sentence;
    without `actors`, no mention names an official or organisation."""
    out = []
    for aid, (title, prefix, published) in articles.items():
        seeds = [s for s in all_seeds if s.article == aid]
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


def seed_database(path: Path, *, wide: bool = False, actors: bool = True) -> str:
    """Create a SQLite database at `path` holding the corpus (the wide one for `wide`);
    returns its URL."""
    return seed_url(f"sqlite:///{path}", wide=wide, actors=actors)


def seed_url(url: str, *, wide: bool = False, actors: bool = True) -> str:
    """Load the corpus (the wide one for `wide`) into the (empty) database at `url`;
    returns the URL. Without `actors` the `mentionactor` table stays empty (a small corpus
    often names nobody)."""
    corpus = items(WIDE_ARTICLES, WIDE_SEEDS, actors=actors) if wide else items(actors=actors)
    engine = store.make_engine(url)
    try:
        store.init_db(engine)
        run_id = store.start_run(engine, ["tests/assets/dashboard_seed.py"], "seed")
        store.load_batch(engine, run_id, corpus, tagger_version="seed")
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
