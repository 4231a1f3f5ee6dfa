"""Store and grouping throughput on realistic synthetic news (bench/synthetic.py: each
real-world event reported by several articles, headline and body, dates of varying
precision), in a fresh SQLite file per size:

- load: `store.load_batch` of the first 10,000 mentions (mentions a second);
- group: every mention grouped into events from scratch (`rebuild_events` on a database
  whose mentions no event holds yet; the target is under 60 s at 1,000,000 on one core);
- add: 1,000 new mentions loaded and grouped into the existing events (the target is under
  2 s at 1,000,000): new articles, as a daily run brings them, reporting events of the
  last four weeks of the decade (and recalling older ones by month or year, as above).

Each step prints its wall time and, in brackets, its CPU time: on a shared machine
the wall time varies with the load, the CPU time much less. `--dump DIR` writes the result
after both steps (each mention's event id, then every event row and lookup pair, sorted) to
`DIR/groups-N.tsv`: a speed change must leave it byte for byte as the previous release's
(`cmp`), the same events with the same ids.

    python -m bench store [--sizes 10000,100000]      # the default, quick
    python -m bench store --sizes 1000000             # the targets' size
    python -m bench store --sizes 200000 --dump out/  # the result, to compare
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench import synthetic
from etl import events, store
from etl.models import Event
from etl.records import Article, EventRecord


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench store", description=__doc__.splitlines()[0] if __doc__ else None
    )
    ap.add_argument("--sizes", default="10000,100000", help="mention counts, comma-separated")
    ap.add_argument("--add", type=int, default=1000, help="new mentions in the 'add' step")
    ap.add_argument("--dump", type=Path, help="write each size's grouping result into this folder")
    args = ap.parse_args(argv)
    print(
        f"{'mentions':>9} {'load/s':>8} {'group s (cpu)':>14} {'events':>8}"
        f" {'add s (cpu)':>12} {'events+':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
            engine = store.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
            store.init_db(engine)
            run = store.start_run(engine, ["bench"], "bench")
            items = list(synthetic.generate(size, seed=1))
            head: list[tuple[Article, list[EventRecord]]] = []
            rest: list[tuple[Article, list[EventRecord]]] = []
            n = 0
            for item in items:
                (head if n < 10_000 else rest).append(item)
                n += len(item[1])
            t0 = time.perf_counter()
            for k in range(0, len(head), 256):
                store.load_batch(engine, run, head[k : k + 256], (), "bench")
            rate = min(n, 10_000) / (time.perf_counter() - t0)
            synthetic.insert_rows(engine, rest, run)
            t1, c1 = time.perf_counter(), time.process_time()
            events.rebuild_events(engine)
            t2, c2 = time.perf_counter(), time.process_time()
            n_events = store.table_counts(engine)[Event.__tablename__]  # type: ignore[index]
            weeks = 28
            start = synthetic.START + timedelta(days=synthetic.DAYS - weeks)
            new = list(synthetic.generate(args.add, seed=2, start=start, days=weeks))
            new = [(a.model_copy(update={"id": f"new-{a.id}"}), r) for a, r in new]
            t3, c3 = time.perf_counter(), time.process_time()
            store.load_batch(engine, run, new, (), "bench")
            events.rebuild_events(engine)
            t4, c4 = time.perf_counter(), time.process_time()
            added = store.table_counts(engine)[Event.__tablename__] - n_events  # type: ignore[index]
            engine.dispose()
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                dump(Path(tmp) / "bench.db", args.dump / f"groups-{size}.tsv")
        print(
            f"{size:>9} {rate:>8,.0f} {f'{t2 - t1:.1f} ({c2 - c1:.1f})':>14} {n_events:>8}"
            f" {f'{t4 - t3:.2f} ({c4 - c3:.2f})':>12} {added:>+8}",
            flush=True,
        )
    return 0


def dump(db: Path, out: Path) -> None:
    """The grouping's result as sorted text lines: mention and event id, then the event rows
    (E) and lookup pairs (P)."""
    con = sqlite3.connect(db)
    try:
        with out.open("w", encoding="utf-8") as f:
            for mid, eid in con.execute("SELECT id, event_id FROM mention ORDER BY id"):
                f.write(f"{mid}\t{eid}\n")
            for row in con.execute("SELECT * FROM event ORDER BY id"):
                f.write("E\t" + "\t".join(map(str, row)) + "\n")
            for row in con.execute(
                "SELECT event_id, source, target, type, anchor_lo, anchor_hi FROM eventpair"
                " ORDER BY event_id, source, target"
            ):
                f.write("P\t" + "\t".join(map(str, row)) + "\n")
    finally:
        con.close()


if __name__ == "__main__":
    raise SystemExit(main())
