"""The extract stage on a Dask distributed cluster (`python -m etl run --engine dask`).

The task functions live here, in an importable module, so Dask ships them by reference
(module and name) rather than by value, and each worker process keeps its own tagger in
a per-process cache: the spaCy model loads once per worker, never once per task, and is
never sent over the wire. Tasks take and return plain records (`Article`, `EventRecord`);
loading stays in the client process, with the same store code as the local engine.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from functools import lru_cache
from types import TracebackType
from typing import TYPE_CHECKING, Any

from etl.records import Article, EventRecord

if TYPE_CHECKING:
    from etl.nlp import Tagger

BATCH = 16  # articles per task: big enough to amortise scheduling, small enough to balance
CONNECT_TIMEOUT = "10s"


class ClusterError(Exception):
    """The Dask scheduler cannot be reached or its workers cannot run the tagger."""


@lru_cache(maxsize=2)
def tagger(model: str | None) -> Tagger:
    """The tagger of this process, built on first use (the per-worker model cache)."""
    from etl.nlp import Tagger

    return Tagger(model)


def warm(model: str | None) -> tuple[int, str]:
    """Load the model in this worker now; returns (process id, tagger version)."""
    return os.getpid(), tagger(model).version


def extract_batch(
    articles: Sequence[Article], model: str | None
) -> list[tuple[Article, list[EventRecord]]]:
    """Task: the pure extract stage over one batch of articles."""
    return list(tagger(model).extract_many(articles))


def loads_in_this_process() -> int:
    """How many times this process has built a tagger (1 once warmed; for tests)."""
    return tagger.cache_info().misses


class DaskExtractor:
    """An `Extractor` that spreads `extract_many` over a Dask cluster.

    Connects to `scheduler` (``tcp://host:port``) or starts a LocalCluster of `workers`
    single-threaded processes (default: one per core). The cluster starts on first use
    and is shut down by `close()` (or leaving the `with` block).
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        scheduler: str | None = None,
        workers: int | None = None,
        batch_size: int = BATCH,
    ) -> None:
        from etl.nlp import TAGGER_VERSION

        self.version = TAGGER_VERSION
        self.model = model
        self.scheduler = scheduler
        self.workers = workers
        self.batch_size = max(1, batch_size)
        self._client: Any = None
        self._cluster: Any = None

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers or os.cpu_count() or 1,
                    threads_per_worker=1,  # spaCy is CPU-bound; processes give parallelism
                    processes=True,
                    dashboard_address=":0",  # a free port: never clash with 8787
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            where = self.scheduler or "a local cluster"
            raise ClusterError(f"cannot connect to Dask scheduler {where}: {exc}") from None
        # Load the model on every worker up front: a missing model fails here, once, and
        # a cluster running another tagger version is refused before it tags anything.
        versions = self._client.run(warm, self.model)
        stale = {addr: v for addr, (_pid, v) in versions.items() if v != self.version}
        if stale:
            self.close()
            raise ClusterError(
                f"Dask workers run tagger {sorted(set(stale.values()))}, "
                f"this client {self.version}; install the same version everywhere"
            )
        return self._client

    def extract_many(
        self, articles: Sequence[Article]
    ) -> Iterator[tuple[Article, list[EventRecord]]]:
        """Tag `articles` on the cluster; results come back in input order."""
        if not articles:
            return
        client = self._connect()
        batches = [
            list(articles[i : i + self.batch_size])
            for i in range(0, len(articles), self.batch_size)
        ]
        # pure=False: the same batch in two runs must be computed, not looked up.
        futures = client.map(extract_batch, batches, model=self.model, pure=False)
        for future in futures:
            yield from future.result()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExtractor:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
