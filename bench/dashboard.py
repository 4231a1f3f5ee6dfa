"""Dashboard benchmark: how long a filter change takes, from 10,000 to 1,000,000 mentions.

For each size it writes a synthetic SQLite database (bench/synthetic.py), then measures:

- load: reading the database into the dashboard's snapshot (once per data version);
- data: a filter change to everything the page renders, outside Streamlit: the mask, the
  events it keeps, the aggregates (each event counted once), the four chart specs
  (Vega-Lite dicts) and the first page of the events table;
- rerun: the same filter change as a full Streamlit script run (AppTest), cache miss;
- page: opening the page in headless Chromium until the filters are on screen and until
  the table is drawn, when /usr/bin/chromium exists. The server is `python -m
  dashboard.serve` (what `make demo` runs): "ready" is how long it takes to start and warm
  up; "first" is the first visitor after that, "again" the median of three later visits
  (Streamlit's scripts then come from the browser's cache).

    python -m bench dashboard [--sizes 10000,100000,1000000] [--changes 15] [--workdir DIR]

Databases are kept in --workdir and reused when their size matches.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import synthetic
from dashboard import charts, filters, queries, snapshot
from dashboard.filters import Filter
from dashboard.snapshot import Snapshot, Source
from etl import store

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
CHROMIUM = Path("/usr/bin/chromium")
WORDS = ("drones", "embargo", "missiles", "financial", "officials said", "tanks", "rifles")


@dataclass
class Result:
    """Timings (seconds) for one database size."""

    mentions: int
    build: float = 0.0
    load: float = 0.0
    data: list[float] = field(default_factory=list)
    rerun: list[float] = field(default_factory=list)
    ready: float | None = None  # server start to warm-up done
    page_cold: float | None = None
    page_warm: float | None = None
    sidebar_cold: float | None = None  # the filter widgets on screen
    sidebar_warm: float | None = None

    def summary(self) -> dict[str, Any]:
        def med(xs: list[float]) -> float | None:
            return round(statistics.median(xs), 3) if xs else None

        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 2)

        def p90(xs: list[float]) -> float | None:
            return round(statistics.quantiles(xs, n=10)[-1], 3) if len(xs) >= 2 else None

        return {
            "mentions": self.mentions,
            "build_s": round(self.build, 1),
            "load_s": round(self.load, 2),
            "data_median_s": med(self.data),
            "data_p90_s": p90(self.data),
            "rerun_median_s": med(self.rerun),
            "rerun_p90_s": p90(self.rerun),
            "ready_s": rounded(self.ready),
            "page_cold_s": rounded(self.page_cold),
            "page_warm_s": rounded(self.page_warm),
            "sidebar_cold_s": rounded(self.sidebar_cold),
            "sidebar_warm_s": rounded(self.sidebar_warm),
        }


def database(workdir: Path, n: int) -> tuple[str, float]:
    """A synthetic database of `n` mentions (reused if one is there); (url, build seconds)."""
    path = workdir / f"dashboard-{n}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        engine = store.make_engine(url)
        try:
            with engine.connect() as conn:
                if conn.execute(text("SELECT count(*) FROM mention")).scalar_one() == n:
                    return url, 0.0
        finally:
            engine.dispose()
        path.unlink()
    t0 = time.perf_counter()
    engine = store.make_engine(url)
    try:
        synthetic.bulk_load(engine, synthetic.generate(n))
        with engine.begin() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        engine.dispose()
    return url, time.perf_counter() - t0


def changes(snap: Snapshot, count: int, seed: int = 7) -> list[Filter]:
    """Distinct filter changes of the kinds a reader makes (each one a cache miss)."""
    rng = random.Random(seed)
    codes = list(snap.parties["code"].value_counts().index[:30].astype(str))
    actors = list(snap.actors["name"].cat.categories) or [""]
    years = list(range(2015, 2025))
    makers: list[Callable[[], Filter]] = [
        lambda: Filter(countries=(rng.choice(codes),)),
        lambda: Filter(countries=(rng.choice(codes),), role=rng.choice(("source", "target"))),
        lambda: Filter(types=(rng.choice(("sanction", "arms_transfer")),)),
        lambda: Filter(
            date_from=date(y := rng.choice(years), 1, 1),
            date_to=date(y + rng.randint(0, 3), 12, 31),
        ),
        lambda: Filter(countries=tuple(rng.sample(codes, 2)), statuses=("alleged",)),
        lambda: Filter(q=rng.choice(WORDS)),
        lambda: Filter(actors=(rng.choice(actors),)) if actors != [""] else Filter(min_conf=0.9),
        lambda: Filter(min_conf=round(rng.uniform(0.4, 0.95), 2)),
        lambda: Filter(
            countries=(rng.choice(codes),),
            types=("arms_transfer",),
            date_from=date(rng.choice(years), 1, 1),
        ),
    ]
    out: list[Filter] = []
    for attempt in range(count * 50):  # some kinds have few values: skip their repeats
        f = makers[attempt % len(makers)]()
        if f not in out:
            out.append(f)
        if len(out) == count:
            break
    return out


def render_data(source: Source, snap: Snapshot, f: Filter, text_: Any) -> None:
    """Everything the page computes for one filter, as the app does (without Streamlit)."""
    keep = queries.mask(snap, f, sentences=text_ if f.q else None)
    spans = queries.windows(snap, f)
    if spans is not None:
        queries.metrics(snap, queries.mask(snap, queries.previous(f, spans[1]), sentences=text_))
    sel = queries.select(snap, keep, "events")  # what the page counts by default
    queries.metrics(snap, keep, sel)
    timeline = queries.timeline(snap, sel, "month")
    matrix = queries.matrix(snap, sel)
    countries = queries.by_country(snap, sel)
    charts.timeline_spec(timeline, "month")
    for event_type in ("sanction", "arms_transfer"):
        charts.matrix_spec(matrix, event_type)
    charts.world_spec(countries)
    rows = queries.event_rows(snap, sel)
    evidence = queries.evidence_rows(snap, sel, rows)
    queries.events_frame(snap, sel, rows, evidence, snapshot.details(source, snap, evidence))


def measure_data(url: str, result: Result, count: int) -> list[Filter]:
    source = Source.from_url(url)
    t0 = time.perf_counter()
    snap = snapshot.load(source)
    result.load = time.perf_counter() - t0
    text_ = snapshot.sentences(source, snap)
    plan = changes(snap, count)
    render_data(source, snap, Filter(), text_)  # warm-up: imports, first calls
    for f in plan:
        t0 = time.perf_counter()
        render_data(source, snap, f, text_)
        result.data.append(time.perf_counter() - t0)
    return plan


def measure_rerun(url: str, plan: Sequence[Filter], result: Result) -> None:
    """Full script reruns in Streamlit's AppTest, one per filter change."""
    from streamlit.testing.v1 import AppTest

    # Setting widget state from this thread makes Streamlit warn once per key; noise here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()
    # The first text search reads every sentence once; keep that out of the change timings.
    at.session_state[filters.WIDGET_KEYS["q"]] = "warm-up"
    at.run()
    blocs: set[str] = set()
    for f in plan:
        for key, value in filters.to_widgets(f, "month", blocs).items():
            at.session_state[key] = value
        t0 = time.perf_counter()
        at.run()
        result.rerun.append(time.perf_counter() - t0)
        if at.exception:
            raise RuntimeError(at.exception[0].value)


def measure_page(url: str, result: Result, workdir: Path) -> None:
    """Open the page in Chromium: the first visitor once the server is warm, then three more."""
    if not CHROMIUM.exists():
        return
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from assets.browser import (
        CHROMIUM_ARGS,
        WARM_SERVE,
        free_port,
        start_server,
        wait_for_log,
        wait_healthy,
    )

    port = free_port()
    log = workdir / "serve.log"
    t_start = time.perf_counter()
    with log.open("wb") as out:
        proc = start_server(WARM_SERVE, url, port, out)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        wait_for_log(log, "warm-up", proc, timeout=600)
        result.ready = time.perf_counter() - t_start
        urllib.request.urlopen(f"{base}/", timeout=10).read()  # the static page, not the script
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # One browser profile for every visit: later ones find Streamlit's scripts in
            # the HTTP cache, as a returning reader does.
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            visits: list[tuple[float, float]] = []
            for _ in range(4):
                page = context.new_page()
                t0 = time.perf_counter()
                page.goto(base)
                page.wait_for_selector('[data-testid="stSidebar"] input', timeout=300_000)
                sidebar = time.perf_counter() - t0
                page.wait_for_selector('[data-testid="stDataFrame"]', timeout=300_000)
                page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=300_000)
                visits.append((sidebar, time.perf_counter() - t0))
                page.close()
            browser.close()
        result.sidebar_cold, result.page_cold = visits[0]
        result.sidebar_warm = statistics.median(v[0] for v in visits[1:])
        result.page_warm = statistics.median(v[1] for v in visits[1:])
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def run(
    sizes: Sequence[int], count: int, workdir: Path, *, rerun: bool, page: bool
) -> list[Result]:
    results = []
    for n in sizes:
        result = Result(mentions=n)
        url, result.build = database(workdir, n)
        print(f"[{n:,} mentions] database ready ({result.build:.0f} s)", file=sys.stderr)
        plan = measure_data(url, result, count)
        if rerun:
            measure_rerun(url, plan, result)
        if page:
            measure_page(url, result, workdir)
        print(f"[{n:,} mentions] {json.dumps(result.summary())}", file=sys.stderr)
        results.append(result)
    return results


def report(results: Sequence[Result]) -> str:
    lines = [
        "| mentions | load s | data median s (p90) | rerun median s (p90)"
        " | server ready s | page first / again s: filters shown, table drawn |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        s = r.summary()
        page = "n/a"
        if s["page_cold_s"] is not None:
            page = (
                f"{s['sidebar_cold_s']}, {s['page_cold_s']} / "
                f"{s['sidebar_warm_s']}, {s['page_warm_s']}"
            )
        lines.append(
            f"| {r.mentions:,} | {s['load_s']} | {s['data_median_s']} ({s['data_p90_s']})"
            f" | {s['rerun_median_s']} ({s['rerun_p90_s']}) | {s['ready_s'] or 'n/a'} | {page} |"
        )
    if len(results) >= 2 and results[0].data and results[-1].data:
        first, last = results[0], results[-1]
        growth = statistics.median(last.data) / statistics.median(first.data)
        lines.append(
            f"\nData median grows {growth:.1f}x from {first.mentions:,} to {last.mentions:,}"
            f" mentions ({last.mentions / first.mentions:,.0f}x the data)."
        )
        if first.rerun and last.rerun:
            growth = statistics.median(last.rerun) / statistics.median(first.rerun)
            lines.append(f"Rerun median grows {growth:.1f}x.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench dashboard", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="10000,100000,1000000", help="mentions, comma-separated")
    parser.add_argument("--changes", type=int, default=15, help="filter changes per size")
    parser.add_argument("--workdir", type=Path, default=None, help="keep databases here")
    parser.add_argument("--no-rerun", action="store_true", help="skip the AppTest reruns")
    parser.add_argument("--no-page", action="store_true", help="skip the browser page load")
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = run(sizes, args.changes, workdir, rerun=not args.no_rerun, page=not args.no_page)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps([r.summary() for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
