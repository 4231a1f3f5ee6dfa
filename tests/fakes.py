"""Test doubles for the pipeline: a rule-based fake tagger and a made-up corpus.

The real tagger is the lead's and changes daily; storage tests need one whose output is
known. `FakeTagger` finds "USA sanctions IRN on 2023-01-05." style sentences, so a test
can say exactly which mentions, parties and actors each article must leave behind.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from etl.records import Actor, Article, EventRecord

VERSION = "fake-1"
PATTERN = re.compile(
    r"(?P<src>[A-Z]{3}) (?P<verb>sanctions|arms) (?P<tgt>[A-Z]{3})"
    r"(?: on (?P<date>\d{4}-\d\d-\d\d))?\."
)
PAIRS = [("USA", "IRN"), ("GBR", "RUS"), ("FRA", "UKR"), ("DEU", "PRK")]


class Boom(RuntimeError):
    """Raised by FakeTagger(fail_after=...) to simulate a crash mid-run."""


class FakeTagger:
    """Deterministic stand-in for `etl.nlp.Tagger` (same `extract_many` interface)."""

    version = VERSION

    def __init__(self, fail_after: int | None = None, kill_after: int | None = None) -> None:
        self.fail_after = fail_after
        self.kill_after = kill_after
        self.done = 0

    def extract(self, article: Article) -> list[EventRecord]:
        text = article.full_text
        out = []
        for m in PATTERN.finditer(text):
            etype = "sanction" if m["verb"] == "sanctions" else "arms_transfer"
            out.append(
                EventRecord(
                    article_id=article.id,
                    type=etype,
                    action="imposed" if etype == "sanction" else "delivered",
                    status="reported",
                    category="other",
                    sources=[m["src"]],
                    targets=[m["tgt"]],
                    date=date.fromisoformat(m["date"]) if m["date"] else article.published,
                    sentence=m[0],
                    start=m.start(),
                    end=m.end(),
                    confidence=0.9,
                    actors=[
                        Actor(name=f"{m['src']} spokesperson", country=m["src"], role="speaker")
                    ],
                )
            )
        return out

    def extract_many(
        self, articles: Sequence[Article]
    ) -> Iterator[tuple[Article, list[EventRecord]]]:
        for art in articles:
            if self.fail_after is not None and self.done >= self.fail_after:
                raise Boom(f"simulated crash after {self.done} articles")
            if self.kill_after is not None and self.done >= self.kill_after:
                os.kill(os.getpid(), signal.SIGKILL)
            self.done += 1
            yield art, self.extract(art)


def corpus(n: int = 60) -> list[str]:
    """JSONL lines: articles with 0-2 events on a few country pairs and dates, plus a
    duplicate and two bad records, deterministic."""
    lines = []
    for i in range(n):
        src, tgt = PAIRS[i % len(PAIRS)]
        day = f"2023-{1 + (i // 8) % 12:02d}-{1 + i % 27:02d}"
        sentences = [f"Article {i} is about the invented case number {i}."]
        if i % 3 != 2:
            sentences.append(f"{src} sanctions {tgt} on {day}.")
        if i % 5 == 0:
            sentences.append(f"{tgt} arms {src}.")
        lines.append(
            json.dumps(
                {
                    "id": f"a{i}",
                    "title": f"Item {i}",
                    "text": " ".join(sentences),
                    "published": day,
                }
            )
        )
    lines.append(lines[0].replace('"a0"', '"a0-copy"'))  # same content, other id
    lines.append("{broken json")
    lines.append(json.dumps({"id": "empty", "text": ""}))
    return lines


def write_corpus(path: Path, n: int = 60) -> Path:
    path.write_text("\n".join(corpus(n)) + "\n", encoding="utf-8")
    return path


def expected_mentions(path: Path) -> dict[str, int]:
    """article id -> number of mentions the fake tagger yields for it (stored copies)."""
    from etl import sources

    tagger = FakeTagger()
    out: dict[str, int] = {}
    seen: set[str] = set()
    for art in sources.read([path]):
        if isinstance(art, Article) and art.content_hash not in seen:  # first copy wins
            seen.add(art.content_hash)
            out[art.id] = len(tagger.extract(art))
    return out


def run_and_die(db_url: str, path: str, kill_after: int) -> None:
    """Entry point for the crash test's subprocess: a run SIGKILLed mid-way."""
    from etl import pipeline, store

    engine = store.make_engine(db_url)
    pipeline.run(
        [path],
        engine,
        lambda: FakeTagger(kill_after=kill_after),
        tagger_version=VERSION,
        chunk_size=8,
    )
