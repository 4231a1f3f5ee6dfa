"""`python -m bench [NAME] [options]`: run the benchmarks (`make bench` runs them all).

Each benchmark is a module of this package with a `main(argv) -> int`; add yours to
BENCHMARKS. With no NAME every benchmark runs with its defaults.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "dashboard": "bench.dashboard",  # filter change -> rendered data, 10k to 1M mentions
    "tagger": "bench.tagger",  # extract words/s beside bare spaCy on the shared corpora
    "store": "bench.store",  # load and event grouping, 10k to 100k mentions
    "registers": "bench.registers",  # events matched against SIPRI- and GSDB-sized registers
    "pool": "bench.pool",  # tagger accuracy on the team's annotated research pool (read/blind)
}


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        print("benchmarks:", ", ".join(BENCHMARKS))
        return 0
    if argv and argv[0] in BENCHMARKS:
        names, rest = [argv[0]], argv[1:]
    elif argv:
        print(f"unknown benchmark {argv[0]!r}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    else:
        names, rest = list(BENCHMARKS), []
    status = 0
    for name in names:
        print(f"== {name} ==", flush=True)
        status |= importlib.import_module(BENCHMARKS[name]).main(rest)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
