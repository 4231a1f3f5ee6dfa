"""Store throughput: loading synthetic articles and mentions into a fresh SQLite file, and
grouping the mentions into events, at growing sizes (ratios matter; the machine is shared).

    python -m bench store [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from etl import countries, store
from etl.records import Article, EventRecord


def synthetic(n_mentions: int, seed: int = 1) -> list[tuple[Article, list[EventRecord]]]:
    """Ten mentions per article between random pairs of 60 states over ten years."""
    rng = random.Random(seed)
    codes = sorted(c for c in countries.known_codes() if len(c) == 3)[:60]
    items = []
    for i in range(max(1, n_mentions // 10)):
        art = Article(id=f"a{i}", text=f"synthetic article {i}", published=date(2020, 1, 1))
        recs = []
        for j in range(10):
            s, t = rng.sample(codes, 2)
            recs.append(
                EventRecord(
                    article_id=art.id,
                    type=rng.choice(["sanction", "arms_transfer"]),
                    action="imposed",
                    status="reported",
                    category="other",
                    sources=[s],
                    targets=[t],
                    date=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650)),
                    sentence="a synthetic evidence sentence",
                    start=j,
                    end=j + 1,
                    confidence=0.5,
                )
            )
        items.append((art, recs))
    return items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", default="10000,100000", help="mention counts, comma-separated")
    args = ap.parse_args(argv)
    print(f"{'mentions':>9} {'load s':>7} {'mentions/s':>11} {'events s':>9} {'events':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        items = synthetic(size)
        with tempfile.TemporaryDirectory() as tmp:
            engine = store.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
            store.init_db(engine)
            run = store.start_run(engine, ["bench"], "bench")
            t0 = time.perf_counter()
            for k in range(0, len(items), 256):
                store.load_batch(engine, run, items[k : k + 256], (), "bench")
            t1 = time.perf_counter()
            events = store.rebuild_events(engine)
            t2 = time.perf_counter()
            engine.dispose()
        rate = size / (t1 - t0)
        print(f"{size:>9} {t1 - t0:>7.1f} {rate:>11,.0f} {t2 - t1:>9.1f} {events:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
