"""Store and grouping throughput on realistic synthetic news (bench/synthetic.py: each
real-world event reported by several articles, headline and body, dates of varying
precision), in a fresh SQLite file per size:

- load: `store.load_batch` of the first 10,000 mentions (mentions a second);
- group: every mention grouped into events from scratch (`rebuild_events` on a database
  whose mentions no event holds yet; the target is under 60 s at 1,000,000 on one core);
- add: 1,000 new mentions (new articles, dates over the whole decade) loaded and grouped
  into the existing events (the target is under 2 s at 1,000,000).

    python -m bench store [--sizes 10000,100000]      # the default, quick
    python -m bench store --sizes 1000000             # the targets' size
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench import synthetic
from etl import events, store
from etl.models import Event


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench store", description=__doc__.splitlines()[0] if __doc__ else None
    )
    ap.add_argument("--sizes", default="10000,100000", help="mention counts, comma-separated")
    ap.add_argument("--add", type=int, default=1000, help="new mentions in the 'add' step")
    args = ap.parse_args(argv)
    print(f"{'mentions':>9} {'load/s':>8} {'group s':>8} {'events':>8} {'add s':>6} {'events+':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
            engine = store.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
            store.init_db(engine)
            run = store.start_run(engine, ["bench"], "bench")
            items = list(synthetic.generate(size, seed=1))
            head, rest, n = [], [], 0
            for item in items:
                (head if n < 10_000 else rest).append(item)
                n += len(item[1])
            t0 = time.perf_counter()
            for k in range(0, len(head), 256):
                store.load_batch(engine, run, head[k : k + 256], (), "bench")
            rate = min(n, 10_000) / (time.perf_counter() - t0)
            synthetic.insert_rows(engine, rest, run)
            t1 = time.perf_counter()
            events.rebuild_events(engine)
            t2 = time.perf_counter()
            n_events = store.table_counts(engine)[Event.__tablename__]  # type: ignore[index]
            new = list(synthetic.generate(args.add, seed=2))
            new = [(a.model_copy(update={"id": f"new-{a.id}"}), r) for a, r in new]
            t3 = time.perf_counter()
            store.load_batch(engine, run, new, (), "bench")
            events.rebuild_events(engine)
            t4 = time.perf_counter()
            added = store.table_counts(engine)[Event.__tablename__] - n_events  # type: ignore[index]
            engine.dispose()
        print(
            f"{size:>9} {rate:>8,.0f} {t2 - t1:>8.1f} {n_events:>8} {t4 - t3:>6.2f} {added:>+8}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
