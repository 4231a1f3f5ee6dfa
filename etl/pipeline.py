"""The `run` and `ingest` flows: read sources, skip what is known, extract the rest, load.

`run` works in chunks; each chunk (articles with all their mentions, and its rejected
records) is loaded in one transaction, so an interrupted run leaves only whole articles
behind and the next run picks up where it stopped. Events are regrouped at the end.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Protocol, TextIO

from sqlalchemy import Engine

from etl import sources, store
from etl.records import Article, EventRecord, RejectedRecord
from etl.registers import match as registers_match

CHUNK = 256


class Extractor(Protocol):
    """What the pipeline needs from a tagger (local or distributed)."""

    version: str

    def extract_many(
        self, articles: Sequence[Article]
    ) -> Iterator[tuple[Article, list[EventRecord]]]: ...


@dataclass
class Triage:
    """Sorts articles into new / already stored / duplicate in this input / id conflict.

    Content (the hash of title and text) decides identity; an id reused for different
    content is rejected rather than overwriting or shadowing the first article.
    """

    seen_hashes: set[str] = field(default_factory=set)
    seen_ids: dict[str, str] = field(default_factory=dict)
    already: int = 0
    duplicates: int = 0

    def split(
        self,
        articles: Sequence[Article],
        stored_hashes: set[str] | frozenset[str] = frozenset(),
        stored_ids: dict[str, str] | None = None,
    ) -> tuple[list[Article], list[RejectedRecord]]:
        """(fresh articles, rejected id conflicts); updates the counters."""
        stored_ids = stored_ids or {}
        fresh: list[Article] = []
        conflicts: list[RejectedRecord] = []
        for art in articles:
            h = art.content_hash
            if h in self.seen_hashes:  # checked first: stored moments ago by this run
                self.duplicates += 1
            elif h in stored_hashes:
                self.already += 1
            elif stored_ids.get(art.id, h) != h or self.seen_ids.get(art.id, h) != h:
                conflicts.append(
                    sources.reject(
                        f"article {art.id}",
                        f"id {art.id!r} is already used by an article with different content",
                        art.model_dump_json(),
                    )
                )
            else:
                fresh.append(art)
            self.seen_hashes.add(h)
            self.seen_ids.setdefault(art.id, h)
        return fresh, conflicts


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
    rejected_reasons: Counter[str] = field(default_factory=Counter)
    notices: list[sources.Notice] = field(default_factory=list)
    registers: registers_match.MatchSummary | None = None  # events checked with registers

    def line(self) -> str:
        return (
            f"articles read {self.read} / new {self.new} / already stored {self.already}"
            f" / duplicates {self.duplicates} / rejected {self.rejected};"
            f" events found {self.events} (from {self.mentions} new mentions)"
            f" (in {self.seconds:.1f} s)"
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
    options: sources.Options | None = None,
) -> RunSummary:
    """Ingest, extract and load `paths` into the database behind `engine`.

    `on_progress(records_done, of_them_new)` is called after each new article is
    extracted and after each chunk is loaded; the `records_done` add up to the records read.
    The extractor (spaCy model, Dask cluster) is only built when there is something new.
    """
    t0 = time.perf_counter()
    sources.plan(paths)  # fail on a missing or unsupported input before touching the DB
    notes = store.init_db(engine)
    inputs = [str(p) for p in paths]
    summary = RunSummary(run_id=store.start_run(engine, inputs, tagger_version))
    summary.notices += [sources.Notice(_where(engine), note) for note in notes]
    extractor: Extractor | None = None
    triage = Triage()
    try:
        read = sources.read(paths, options, on_notice=summary.notices.append)
        for chunk in chunked(read, chunk_size):
            articles = [a for a in chunk if isinstance(a, Article)]
            rejected = [r for r in chunk if isinstance(r, RejectedRecord)]
            fresh, conflicts = triage.split(
                articles,
                store.known_hashes(engine, (a.content_hash for a in articles)),
                store.known_ids(engine, (a.id for a in articles)),
            )
            rejected += conflicts
            items: list[tuple[Article, Sequence[EventRecord]]] = []
            if fresh:
                extractor = extractor or extractor_factory()
                for pair in extractor.extract_many(fresh):
                    items.append(pair)
                    if on_progress:  # per article: the slow part, so the bar moves
                        on_progress(1, 1)
            counts = store.load_batch(engine, summary.run_id, items, rejected, tagger_version)
            store.add_read_counts(engine, summary.run_id, read=len(chunk), rejected=len(rejected))
            summary.read += len(chunk)
            summary.new += counts.articles
            summary.mentions += counts.mentions
            summary.rejected += len(rejected)
            summary.rejected_reasons.update(r.reason for r in rejected)
            if on_progress:
                on_progress(len(chunk) - len(fresh), 0)
        summary.events = store.rebuild_events(engine)
        summary.registers = registers_match.match_events(engine)
    except BaseException as exc:
        store.finish_run(
            engine, summary.run_id, status="failed", error=f"{type(exc).__name__}: {exc}"
        )
        raise
    summary.already, summary.duplicates = triage.already, triage.duplicates
    store.finish_run(engine, summary.run_id, status="ok")
    summary.seconds = time.perf_counter() - t0
    return summary


def _where(engine: Engine) -> str:
    """The database, as a `note:` line names it (no password)."""
    return engine.url.render_as_string(hide_password=True)


@dataclass
class RetagSummary:
    run_id: str = ""
    articles: int = 0
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    registers: registers_match.MatchSummary | None = None  # events checked with registers
    notices: list[sources.Notice] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"articles re-tagged {self.articles}; events found {self.events}"
            f" (from {self.mentions} new mentions) (in {self.seconds:.1f} s)"
        )


def retag(
    engine: Engine,
    extractor_factory: Callable[[], Extractor],
    *,
    tagger_version: str,
    everything: bool = False,
    on_progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK,
) -> RetagSummary:
    """Extract stored articles again with the current tagger and swap in the new mentions.

    Only articles last tagged by another version, unless `everything`. Each chunk is one
    transaction, so an interrupted re-tag leaves whole articles, old or new, and running it
    again finishes the job; re-tagging with the same version finds nothing to do.
    """
    t0 = time.perf_counter()
    notes = store.init_db(engine)
    stale = store.stale_articles(engine, tagger_version, everything=everything)
    summary = RetagSummary(run_id=store.start_run(engine, ["(retag)"], tagger_version))
    summary.notices = [sources.Notice(_where(engine), note) for note in notes]
    try:
        if stale:
            extractor = extractor_factory()
            for i in range(0, len(stale), chunk_size):
                items = list(extractor.extract_many(stale[i : i + chunk_size]))
                counts = store.replace_mentions(engine, summary.run_id, items, tagger_version)
                summary.articles += counts.articles
                summary.mentions += counts.mentions
                if on_progress:
                    on_progress(len(items))
        summary.events = store.rebuild_events(engine)
        summary.registers = registers_match.match_events(engine)
    except BaseException as exc:
        store.finish_run(
            engine, summary.run_id, status="failed", error=f"{type(exc).__name__}: {exc}"
        )
        raise
    store.finish_run(engine, summary.run_id, status="ok")
    summary.seconds = time.perf_counter() - t0
    return summary


@dataclass
class IngestSummary:
    output: Path
    rejected_output: Path
    read: int = 0
    articles: int = 0
    duplicates: int = 0
    rejected: int = 0
    rejected_reasons: Counter[str] = field(default_factory=Counter)
    notices: list[sources.Notice] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"records read {self.read} / articles {self.articles} -> {self.output}"
            f" / duplicates {self.duplicates} / rejected {self.rejected}"
            f" -> {self.rejected_output}"
        )


def rejected_path(output: Path) -> Path:
    """`out.jsonl` -> `out.rejected.jsonl` (the sidecar of set-aside records)."""
    return output.with_name(f"{output.stem}.rejected{output.suffix or '.jsonl'}")


def ingest(
    paths: Sequence[str | Path],
    output: Path,
    *,
    options: sources.Options | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Normalise any sources into article JSONL (the `extract` input) at `output`, and the
    rejected records (origin, reason, raw) into its sidecar `rejected_path(output)`.

    Exact duplicates (same title and text) are written once; both files are replaced
    atomically, so a failed ingest never leaves a half-written output behind.
    """
    sources.plan(paths)
    summary = IngestSummary(output=output, rejected_output=rejected_path(output))
    triage = Triage()
    with (
        _atomic_writer(summary.output) as out,
        _atomic_writer(summary.rejected_output) as bad,
    ):
        read = sources.read(paths, options, on_notice=summary.notices.append)
        for chunk in chunked(read, CHUNK):
            articles = [a for a in chunk if isinstance(a, Article)]
            rejected = [r for r in chunk if isinstance(r, RejectedRecord)]
            fresh, conflicts = triage.split(articles)
            rejected += conflicts
            for art in fresh:
                out.write(art.model_dump_json() + "\n")
            for r in rejected:
                bad.write(
                    json.dumps(
                        {"origin": r.origin, "reason": r.reason, "raw": r.raw},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            summary.read += len(chunk)
            summary.articles += len(fresh)
            summary.rejected += len(rejected)
            summary.rejected_reasons.update(r.reason for r in rejected)
            if on_progress:
                on_progress(len(chunk))
    summary.duplicates = triage.duplicates
    return summary


@contextmanager
def _atomic_writer(path: Path) -> Iterator[TextIO]:
    """Write to a temporary file beside `path`; move it into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
