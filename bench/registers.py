"""Matching news events against the registers: synthetic events (parties skewed as in real
news, a weapon named in a third of arms transfers) against registers the size of SIPRI's
(29,500 deals) and GSDB (1,325 cases), on one core.

    python -m bench registers [--events 100000] [--store]

The default is quick; the issue's target is `--events 1000000` in under 60 s. `pure` times
the vectorised core (frames in, matches out); `--store` also times `match_events` on an
SQLite file holding the same events (read, fingerprint, match, write) and its re-run.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import insert

from bench.synthetic import PARTIES, WEAPONS
from etl import store
from etl.models import Event, GsdbCase, RegisterLoad, SipriDeal
from etl.records import ACTIONS, CATEGORIES
from etl.registers import match

DESIGNATIONS = (
    "F-16C", "S-400", "M-142 HIMARS", "Patriot PAC-3", "Leopard-2A6", "Rafale", "Bayraktar TB2",
    "Su-30MK", "T-90S", "MiG-29", "Mi-17", "AH-64E Apache", "C-295", "K-9 Thunder",
    "Shahed-136", "Type-054A", "BrahMos", "Mistral",
)  # fmt: skip


def _weights(n: int) -> list[float]:
    return [1 / (i + 1) for i in range(n)]


def deals(n: int = 29_500, seed: int = 2) -> pd.DataFrame:
    rng = random.Random(seed)
    w = _weights(len(PARTIES))
    rows = []
    cats = CATEGORIES["arms_transfer"]
    for i in range(n):
        s, t = rng.choices(PARTIES, w, k=2)
        t = t if t != s else PARTIES[(PARTIES.index(s) + 1) % len(PARTIES)]
        order = rng.randint(1950, 2024)
        first = order + rng.randint(0, 3)
        rows.append(
            {
                "id": f"d{i:06d}",
                "supplier": s,
                "recipient": t,
                "supplier_code": s,
                "recipient_code": t,
                "order_year": order,
                "order_year_uncertain": False,
                "number_ordered": rng.randint(1, 100),
                "designation": rng.choice(DESIGNATIONS),
                "description": "synthetic",
                "category": rng.choice(cats),
                "delivery_first": first,
                "delivery_last": first + rng.randint(0, 4),
            }
        )
    return pd.DataFrame(rows)


def cases(n: int = 1_325, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    w = _weights(len(PARTIES))
    cats = CATEGORIES["sanction"]
    rows = []
    for i in range(n):
        senders = sorted(set(rng.choices(PARTIES, w, k=rng.randint(1, 3))))
        target = rng.choice([p for p in PARTIES if p not in senders])
        begin = rng.randint(1949, 2022)
        end = None if rng.random() < 0.2 else begin + rng.randint(0, 15)
        rows.append(
            {
                "id": f"c{i:05d}",
                "case_id": str(i),
                "senders": ", ".join(senders),
                "targets": target,
                "sender_codes": "|".join(senders),
                "target_codes": target,
                "begin_year": begin,
                "end_year": end,
                "categories": "|".join(sorted(set(rng.choices(cats, k=2)), key=cats.index)),
            }
        )
    return pd.DataFrame(rows)


def events(n: int, seed: int = 1) -> pd.DataFrame:
    """n events as the grouping writes them (weapon and evidence filled)."""
    rng = np.random.default_rng(seed)
    p = np.array(_weights(len(PARTIES)))
    p /= p.sum()
    parties = np.array(PARTIES)
    src = parties[rng.choice(len(PARTIES), n, p=p)]
    tgt = parties[rng.choice(len(PARTIES), n, p=p)]
    arms = rng.random(n) < 0.5
    types = np.where(arms, "arms_transfer", "sanction")
    a_cats, s_cats = CATEGORIES["arms_transfer"], CATEGORIES["sanction"]
    cat = np.where(
        arms,
        np.array(a_cats)[rng.integers(0, len(a_cats), n)],
        np.array(s_cats)[rng.integers(0, len(s_cats), n)],
    )
    act = np.where(
        arms,
        np.array(ACTIONS["arms_transfer"])[rng.integers(0, 4, n)],
        np.array(ACTIONS["sanction"])[rng.integers(0, 5, n)],
    )
    day = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 35 * 365, n), unit="D")
    named = arms & (rng.random(n) < 0.33)
    names = np.array([w for ws in WEAPONS.values() for w in ws] + list(DESIGNATIONS))
    weapon = np.where(named, names[rng.integers(0, len(names), n)], "")
    evidence = [
        f"{s} {a} {w or c} to {t} in {d.year}, officials said."
        for s, a, w, c, t, d in zip(src, act, weapon, cat, tgt, day, strict=True)
    ]
    return pd.DataFrame(
        {
            "id": [f"e{i:08d}" for i in range(n)],
            "type": types,
            "action": act,
            "category": cat,
            "sources": src,
            "targets": tgt,
            "first_date": day.date,
            "last_date": day.date,
            "weapon": weapon,
            "evidence": evidence,
        }
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=100_000, help="synthetic events")
    ap.add_argument("--store", action="store_true", help="also match through an SQLite file")
    args = ap.parse_args(argv)
    ev, d, c = events(args.events), deals(), cases()
    t0 = time.process_time()
    matches, checks = match.match_frames(ev, {"sipri": d, "gsdb": c})
    cpu = time.process_time() - t0
    counts = checks["status"].value_counts().to_dict()
    print(
        f"pure   {args.events:>9,} events vs {len(d):,} deals + {len(c):,} cases:"
        f" {cpu:6.1f} s CPU, {args.events / cpu:>9,.0f} events/s, {len(matches):,} matches,"
        f" {counts}"
    )
    if args.store:
        _store(ev, d, c)
    return 0


def _store(ev: pd.DataFrame, d: pd.DataFrame, c: pd.DataFrame) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = store.make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.init_db(engine)
        with engine.begin() as conn:
            for kind, frame, table in (("sipri", d, SipriDeal), ("gsdb", c, GsdbCase)):
                conn.execute(
                    insert(RegisterLoad), [{"id": kind, "kind": kind, "path": kind, "sha256": ""}]
                )
                rows = frame.assign(load_id=kind, origin="bench").astype(object)
                rows = rows.where(rows.notna(), None)
                conn.execute(insert(table), rows.to_dict("records"))
            rows = ev.assign(n_mentions=1, n_articles=1).to_dict("records")
            for k in range(0, len(rows), 100_000):
                conn.execute(insert(Event), rows[k : k + 100_000])
        for label in ("store ", "re-run"):
            t0, c0 = time.perf_counter(), time.process_time()
            summary = match.match_events(engine)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"{label} {len(ev):>9,} events: {cpu:6.1f} s CPU ({wall:.1f} s wall)")
            print(f"       {summary.line()}")
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
