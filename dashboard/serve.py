"""Serve the dashboard with a warm start: `python -m dashboard.serve [streamlit options]`.

Same as `streamlit run dashboard/app.py [options]`, except that while the server starts,
a background thread imports the dashboard's libraries (pandas, Arrow, Altair, ...), reads
the database into the snapshot that every visitor shares and works out the unfiltered
page once. The first visitor then waits no longer than later ones (at 1,000,000 mentions
the read alone takes seconds); one who arrives during the read waits for it rather than
starting a second. `make demo` uses it.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
THREAD = "dashboard-warm-up"
RUNTIME_WAIT = 60.0  # seconds to wait for Streamlit's runtime before warming anyway
SCRIPT_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


class _FromOtherThreads(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext" notes about the warm-up thread: it
    calls the page's caches outside a page run on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD


def warm(url: str | None = None) -> int | None:
    """Import what the page needs, read the snapshot into the shared cache and build the
    unfiltered page once. Returns the number of mentions read, or None when there is no
    database yet or it cannot be read (the page explains that; the server runs on)."""
    from sqlalchemy.exc import SQLAlchemyError

    # The page's own imports, so that its first run finds them loaded.
    from dashboard import cached, charts, downloads, export, queries, reader, snapshot  # noqa: F401
    from dashboard.filters import Filter
    from etl.store import StoreError

    try:
        source = snapshot.Source.from_url(url)
        snap = cached.load(source.url, snapshot.version(source))
    except (snapshot.NoDatabase, StoreError, SQLAlchemyError) as exc:
        print(f"dashboard warm-up skipped: {exc}", file=sys.stderr, flush=True)
        return None
    # Works out the arrays every filter shares and the charts' structures (with Altair's
    # schema), all of which the first visitor would otherwise wait for.
    keep = queries.mask(snap, Filter())
    for count in ("events", "mentions"):  # what each count mode counts, and its charts
        sel = queries.select(snap, keep, count)
        charts.timeline_spec(queries.timeline(snap, sel, "month"), "month", count=sel.count)
        for event_type in ("sanction", "arms_transfer"):
            charts.matrix_spec(queries.matrix(snap, sel), event_type, sel.count)
        charts.world_spec(queries.by_country(snap, sel), count=sel.count)
    queries.metrics(snap, keep)
    return len(snap.mentions)


def _warm_when_ready() -> None:
    """Warm once Streamlit's runtime exists, so the caches are the runtime's own."""
    from streamlit import runtime

    logging.getLogger(SCRIPT_CONTEXT_LOGGER).addFilter(_FromOtherThreads())
    t0 = time.monotonic()
    while not runtime.exists() and time.monotonic() - t0 < RUNTIME_WAIT:
        time.sleep(0.05)
    started = time.monotonic()
    mentions = warm()
    if mentions is not None:
        print(
            f"dashboard warm-up: {mentions:,} mentions ready in {time.monotonic() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> None:
    from streamlit.web import cli

    threading.Thread(target=_warm_when_ready, name=THREAD, daemon=True).start()
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
