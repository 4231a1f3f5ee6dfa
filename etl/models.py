"""SQLModel tables: the contract between `etl/` (writes) and `dashboard/` (reads).

Ids are deterministic (hashes of content), so loading the same input twice is a no-op.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Country(SQLModel, table=True):
    """A state (ISO 3166-1 alpha-3) or a bloc (EU, UN, NATO, ...)."""

    code: str = Field(primary_key=True, max_length=16)
    name: str
    kind: str = Field(default="state", index=True)  # state | bloc
    iso_numeric: int | None = None  # for the world map; None for blocs
    region: str | None = None


class EtlRun(SQLModel, table=True):
    """One `etl run` over one input set. The id hashes the inputs and tagger version,
    so re-running the same input updates its row instead of adding one."""

    id: str = Field(primary_key=True, max_length=32)
    inputs: str  # the paths as given, newline-separated
    tagger_version: str
    status: str = "running"  # running | ok | failed
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    times_run: int = 1
    articles_read: int = 0
    articles_new: int = 0
    rejected: int = 0
    mentions_new: int = 0
    error: str | None = None


class Article(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=300)
    source: str | None = Field(default=None, index=True)
    url: str | None = None
    title: str | None = None
    text: str
    published: dt.date | None = Field(default=None, index=True)
    content_hash: str = Field(unique=True, max_length=64)
    language: str | None = None
    ingested_at: datetime = Field(default_factory=utcnow)
    run_id: str | None = Field(default=None, foreign_key="etlrun.id")


class Event(SQLModel, table=True):
    """One real-world event: the mentions that report it, grouped across sentences and
    articles (like GDELT's events vs. mentions). Grouping rules: `etl/events.py` and its
    data file. Parties are the union of its mentions' parties."""

    id: str = Field(primary_key=True, max_length=32)
    type: str = Field(index=True)
    action: str = ""  # the representative action of its mentions
    category: str = ""  # the most specific category seen (`other` yields to any other)
    sources: str = ""  # codes joined by "|", sorted
    targets: str = ""
    first_date: dt.date | None = Field(default=None, index=True)
    last_date: dt.date | None = None
    n_mentions: int = 0
    n_articles: int = 0
    n_news_sources: int = 0  # distinct `Article.source` values (unknown sources count once)
    statuses: str = ""  # every status seen, "|"-joined in STATUSES order
    disputed: bool = False  # reported or alleged by some, denied by others
    weapon: str | None = None
    evidence: str = ""  # the representative evidence sentence
    evidence_mention_id: str | None = None


class StoreInfo(SQLModel, table=True):
    """Facts about the database itself, key -> value: `grouping` is the fingerprint of the
    grouping rules and code its events were made with (`etl.events.fingerprint`)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


class EventPair(SQLModel, table=True):
    """Where new mentions look for their event (etl/events.py): one row per (source, target)
    pair of an event, with the date interval of the event's first mention (its anchor).
    Derived data like `Event`, rewritten with it; read by no dashboard query."""

    __table_args__ = (Index("ix_eventpair_lookup", "type", "source", "target", "anchor_lo"),)

    event_id: str = Field(foreign_key="event.id", primary_key=True, max_length=32)
    source: str = Field(primary_key=True, max_length=16)
    target: str = Field(primary_key=True, max_length=16)
    type: str = Field(max_length=16)
    anchor_lo: dt.date | None = None
    anchor_hi: dt.date | None = None


class Mention(SQLModel, table=True):
    """One event as one article states it, with its evidence sentence."""

    id: str = Field(primary_key=True, max_length=32)
    article_id: str = Field(foreign_key="article.id", index=True)
    type: str = Field(index=True)
    action: str
    status: str = Field(index=True)
    category: str = Field(index=True)
    date: dt.date | None = Field(default=None, index=True)
    # How precise `date` is: day | published (the article's date stood in) | month | year |
    # none (no date at all); computed by etl/nlp/dates.py, read by the event grouping.
    date_precision: str = Field(default="none", max_length=10)
    sentence: str
    start: int
    end: int
    confidence: float
    weapon: str | None = None
    quantity: int | None = None
    claimant: str | None = None
    tagger_version: str
    event_id: str | None = Field(default=None, foreign_key="event.id", index=True)


class MentionParty(SQLModel, table=True):
    """A country or bloc on one side of a mention."""

    mention_id: str = Field(foreign_key="mention.id", primary_key=True, max_length=32)
    role: str = Field(primary_key=True, max_length=8)  # source | target
    code: str = Field(foreign_key="country.code", primary_key=True, index=True, max_length=16)


class MentionActor(SQLModel, table=True):
    """A named official, organisation or armed group in a mention."""

    mention_id: str = Field(foreign_key="mention.id", primary_key=True, max_length=32)
    name: str = Field(primary_key=True, index=True, max_length=200)
    role: str = Field(primary_key=True, max_length=16)  # speaker | claimant | group | ...
    country: str | None = Field(default=None, max_length=16)


class Rejected(SQLModel, table=True):
    """An input record that was set aside, with the reason. Never dropped silently."""

    id: str = Field(primary_key=True, max_length=32)
    run_id: str | None = Field(default=None, foreign_key="etlrun.id")
    origin: str  # file and line/row/entry
    reason: str
    raw: str
    created_at: datetime = Field(default_factory=utcnow)


class RegisterLoad(SQLModel, table=True):
    """One register file loaded by `etl registers load`. The id hashes the register kind
    and the file's bytes, so loading the same file again finds its row and adds nothing.
    `rows_read` = `rows_loaded` + `rows_rejected`; `rows_new` of the loaded ones were not
    yet stored (an identical entry from another file is stored once)."""

    id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(index=True)  # sipri | gsdb
    path: str  # as given
    sha256: str = Field(max_length=64)
    generated: dt.date | None = None  # the register's own date (SIPRI's "Data generated")
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_new: int = 0
    seconds: float = 0.0
    loaded_at: datetime = Field(default_factory=utcnow)


class RegisterRejected(SQLModel, table=True):
    """A register row that could not be loaded, with its reason and the raw line(s)."""

    id: str = Field(primary_key=True, max_length=32)
    load_id: str = Field(foreign_key="registerload.id", index=True)
    origin: str  # file:line
    reason: str
    raw: str


class SipriDeal(SQLModel, table=True):
    """One row of SIPRI's trade register: a supplier, a recipient, a weapon, an order and
    its deliveries. Parties are codes the tagger uses (a non-state recipient: the country
    it fights in); the register's own names are kept beside them. `*_uncertain` is SIPRI's
    `?` flag; TIVs are SIPRI trend-indicator values in millions."""

    id: str = Field(primary_key=True, max_length=32)
    load_id: str = Field(foreign_key="registerload.id", index=True)
    origin: str  # file:line
    supplier: str
    recipient: str
    supplier_code: str = Field(index=True, max_length=16)
    recipient_code: str = Field(index=True, max_length=16)
    order_year: int | None = Field(default=None, index=True)
    order_year_uncertain: bool = False
    number_ordered: int | None = None
    number_ordered_uncertain: bool = False
    designation: str = ""
    description: str = ""
    category: str = ""  # our arms_transfer category, from etl/lexicons/registers.json
    number_delivered: int | None = None
    number_delivered_uncertain: bool = False
    delivery_years: str = ""  # "|"-joined
    delivery_first: int | None = None
    delivery_last: int | None = None
    status: str = ""  # New | Second hand | ...
    comments: str = ""
    tiv_unit: float | None = None
    tiv_order: float | None = None
    tiv_delivered: float | None = None


class GsdbCase(SQLModel, table=True):
    """One case of the Global Sanctions Database: senders, targets, the years in force and
    the measure's types as our sanction categories. Names with no code (a group such as
    CoCom among coded senders) are kept in `uncoded`."""

    id: str = Field(primary_key=True, max_length=32)
    load_id: str = Field(foreign_key="registerload.id", index=True)
    origin: str  # file:line
    case_id: str
    senders: str  # the register's names, as written
    targets: str
    sender_codes: str = Field(index=True)  # codes joined by "|", sorted
    target_codes: str = Field(index=True)
    uncoded: str = ""  # "|"-joined names that have no code
    begin_year: int = Field(index=True)
    end_year: int | None = None
    categories: str = ""  # "|"-joined, in CATEGORIES["sanction"] order
    trade_detail: str = ""  # GSDB's descr_trade (exp_part, imp_compl, ...)
    objective: str = ""
    success: str = ""


class RegisterMatch(SQLModel, table=True):
    """A register entry that supports an event (`etl/registers/match.py`): the SIPRI deal
    or GSDB case, the score in [0, 1], the reason in words; `best` marks the event's
    highest-scoring match. No foreign key to `event`: events are regrouped freely, and the
    matcher drops the matches of events that are gone. A match is (event_id, kind,
    entry_id); `id` is only a row number (an integer key is SQLite's own rowid, so a
    million rows go in without a second key index)."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(index=True, max_length=32)
    kind: str = Field(max_length=8)  # sipri | gsdb
    entry_id: str = Field(index=True, max_length=32)  # siprideal.id | gsdbcase.id
    score: float
    reason: str
    best: bool = Field(default=False)


class RegisterCheck(SQLModel, table=True):
    """When each event was last checked against a register and with what outcome: the
    fingerprint of what matching read (the event, its mentions, the register load), so a
    re-run skips unchanged events. `status`: confirmed | possible | news_only | unchecked."""

    event_id: str = Field(primary_key=True, max_length=32)
    kind: str = Field(max_length=8)  # the register for the event's type: sipri | gsdb
    load_id: str = Field(default="", max_length=32)  # the register load matched against
    fingerprint: str = Field(max_length=16)
    status: str = Field(max_length=16)
    best_score: float | None = None
