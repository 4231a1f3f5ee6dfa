"""The plain records that flow through the pipeline: articles in, event records out.

These are the contract between the readers (`etl.sources`), the pure extractor
(`etl.nlp`) and the store (`etl.store`). They hold no database state.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EventType = Literal["sanction", "arms_transfer"]
EVENT_TYPES: tuple[str, ...] = ("sanction", "arms_transfer")
STATUSES: tuple[str, ...] = ("reported", "alleged", "denied", "planned")
ACTIONS: dict[str, tuple[str, ...]] = {
    "sanction": ("imposed", "threatened", "eased", "lifted", "extended"),
    "arms_transfer": ("delivered", "pledged", "sold", "other"),
}
CATEGORIES: dict[str, tuple[str, ...]] = {
    "sanction": ("trade", "financial", "arms", "travel", "military_assistance", "other"),
    "arms_transfer": (
        "aircraft",
        "drones",
        "air_defence",
        "armoured_vehicles",
        "artillery",
        "missiles",
        "naval",
        "small_arms",
        "ammunition",
        "sensors",
        "other",
    ),
}

_WS = re.compile(r"\s+")


def _norm_for_hash(value: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


class Article(BaseModel):
    """One news article, validated. `text` must be non-empty; `published` is a date or None."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore", frozen=True)

    id: str = Field(min_length=1, max_length=300)
    title: str | None = None
    text: str = Field(min_length=1)
    published: date | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, value: Any) -> Any:
        # Numeric ids are common in CSV/JSON exports; keep them, as text.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("title", "url", "source", "language", mode="before")
    @classmethod
    def _blank_to_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("published", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        """Accept a date, a datetime, or an ISO-8601 date/datetime string."""
        if value is None or isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
        return value

    @property
    def full_text(self) -> str:
        """The text the extractor reads and offsets refer to (GUIDELINES.md)."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    @property
    def content_hash(self) -> str:
        """Stable hash of what the article says (title and text, whitespace-normalised)."""
        payload = _norm_for_hash(self.title) + "\x1f" + _norm_for_hash(self.text)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """A named person or organisation acting in an event (speaker, claimant, group)."""

    name: str
    country: str | None = None
    role: str = "actor"


@dataclass
class EventRecord:
    """One event as one sentence of one article states it (the extract contract)."""

    article_id: str
    type: str
    action: str
    status: str
    category: str
    sources: list[str]
    targets: list[str]
    date: date | None
    sentence: str
    start: int
    end: int
    confidence: float
    actors: list[Actor] = field(default_factory=list)
    weapon: str | None = None
    quantity: int | None = None
    claimant: str | None = None
    # How precise `date` is (etl/nlp/dates.py): day | published | month | year | none. Used
    # by the event grouping; not part of the extract JSON (GUIDELINES.md lists its fields).
    # None: `day` when there is a date (a record built by hand), else `none`.
    date_precision: str | None = None

    def __post_init__(self) -> None:
        if self.date_precision is None:
            self.date_precision = "day" if self.date else "none"

    def to_json(self) -> dict[str, Any]:
        """The JSON object `python -m etl extract` writes (GUIDELINES.md contract)."""
        out: dict[str, Any] = {
            "article_id": self.article_id,
            "type": self.type,
            "action": self.action,
            "status": self.status,
            "category": self.category,
            "sources": list(self.sources),
            "targets": list(self.targets),
            "date": self.date.isoformat() if self.date else None,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "actors": [asdict(a) for a in self.actors],
        }
        for extra in ("weapon", "quantity", "claimant"):
            value = getattr(self, extra)
            if value is not None:
                out[extra] = value
        return out


@dataclass(frozen=True)
class RejectedRecord:
    """An input record that could not become an Article, kept with its reason."""

    origin: str  # file path and line/row/entry, e.g. "data/in.jsonl:12"
    reason: str
    raw: str

    @property
    def key(self) -> str:
        payload = f"{self.origin}\x1f{self.reason}\x1f{self.raw}"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
