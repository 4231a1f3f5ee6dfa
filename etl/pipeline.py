"""The `run` flow: read sources, skip what is stored, extract the rest, load, dedupe.

Work proceeds in chunks; each chunk is loaded in one transaction, so an interrupted run
leaves only whole articles behind and the next run picks up where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from etl import sources, store
from etl.records import Article, EventRecord, RejectedRecord

CHUNK = 256


class Extractor(Protocol):
    """What the pipeline needs from a tagger (local or distributed)."""

    version: str

    def extract_many(
        self, articles: Sequence[Article]
    ) -> Iterator[tuple[Article, list[EventRecord]]]: ...


@dataclass
class RunSummary:
    run_id: str = ""
    read: int = 0
    new: int = 0
    already: int = 0
    duplicates: int = 0
    rejected: int = 0
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    rejected_reasons: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"articles read {self.read} / new {self.new} / already stored {self.already}"
            f" / duplicates {self.duplicates} / rejected {self.rejected};"
            f" events found {self.mentions} (in {self.seconds:.1f} s)"
        )


def chunked(items: Iterable[sources.Item], size: int) -> Iterator[list[sources.Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def run(
    paths: Sequence[str | Path],
    engine: Engine,
    extractor_factory: Callable[[], Extractor],
    *,
    tagger_version: str,
    on_progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK,
) -> RunSummary:
    """Ingest, extract and load `paths` into the database behind `engine`.

    `on_progress(articles_done, new_in_chunk)` is called after every chunk.
    The extractor (spaCy model) is only built when there is something new to extract.
    """
    t0 = time.perf_counter()
    store.init_db(engine)
    inputs = [str(p) for p in paths]
    summary = RunSummary(run_id=store.start_run(engine, inputs, tagger_version))
    extractor: Extractor | None = None
    seen_hashes: set[str] = set()
    seen_ids: dict[str, str] = {}
    try:
        for chunk in chunked(sources.read(paths), chunk_size):
            articles = [a for a in chunk if isinstance(a, Article)]
            rejected = [r for r in chunk if isinstance(r, RejectedRecord)]
            stored_hashes = store.known_hashes(engine, (a.content_hash for a in articles))
            stored_ids = store.known_ids(engine, (a.id for a in articles))
            fresh: list[Article] = []
            for art in articles:
                h = art.content_hash
                if h in stored_hashes:
                    summary.already += 1
                elif h in seen_hashes:
                    summary.duplicates += 1
                elif stored_ids.get(art.id, h) != h or seen_ids.get(art.id, h) != h:
                    rejected.append(
                        RejectedRecord(
                            origin=f"article {art.id}",
                            reason=f"id {art.id!r} is already used by an article "
                            "with different content",
                            raw=art.model_dump_json(),
                        )
                    )
                else:
                    fresh.append(art)
                seen_hashes.add(h)
                seen_ids.setdefault(art.id, h)
            items: list[tuple[Article, Sequence[EventRecord]]] = []
            if fresh:
                extractor = extractor or extractor_factory()
                items = list(extractor.extract_many(fresh))
            counts = store.load_batch(engine, summary.run_id, items, rejected, tagger_version)
            store.add_read_counts(
                engine, summary.run_id, read=len(articles) + len(rejected), rejected=len(rejected)
            )
            summary.read += len(chunk)
            summary.new += counts.articles
            summary.mentions += counts.mentions
            summary.rejected += len(rejected)
            for r in rejected:
                summary.rejected_reasons[r.reason] = summary.rejected_reasons.get(r.reason, 0) + 1
            if on_progress:
                on_progress(len(chunk), len(fresh))
        summary.events = store.rebuild_events(engine)
    except BaseException as exc:
        store.finish_run(
            engine, summary.run_id, status="failed", error=f"{type(exc).__name__}: {exc}"
        )
        raise
    store.finish_run(engine, summary.run_id, status="ok")
    summary.seconds = time.perf_counter() - t0
    return summary
