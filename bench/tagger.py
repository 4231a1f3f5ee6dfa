"""Tagger throughput: words per second of `extract`, beside the bare spaCy model's own
`nlp.pipe` on the same texts, measured in the same run (the ratio is what to compare; this
machine is shared and absolute timings are noisy).

    python -m bench.tagger [--background N] [--rounds R]

Reads ../shared/corpus/articles_relevant.jsonl and the first N articles of
../shared/corpus/articles_background.jsonl (research data, never copied into the repo).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from etl.nlp import Tagger
from etl.records import Article

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def load(path: Path, limit: int | None = None) -> list[Article]:
    out: list[Article] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            row = json.loads(line)
            if (row.get("text") or "").strip():
                out.append(Article.model_validate(row))
    return out


def words(articles: list[Article]) -> int:
    return sum(len(a.full_text.split()) for a in articles)


def time_extract(tagger: Tagger, articles: list[Article]) -> tuple[float, int]:
    t0 = time.perf_counter()
    events = sum(len(recs) for _a, recs in tagger.extract_many(articles))
    return time.perf_counter() - t0, events


def time_bare(tagger: Tagger, articles: list[Article]) -> float:
    texts = [a.full_text for a in articles]
    t0 = time.perf_counter()
    for _doc in tagger.nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - t0


def time_tokenise(tagger: Tagger, articles: list[Article]) -> float:
    """Tokenisation alone: the floor the pre-filter aims for on background news."""
    t0 = time.perf_counter()
    for a in articles:
        tagger.nlp.make_doc(a.full_text)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--background", type=int, default=2000, help="background articles to use")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (median kept)")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not available")
        return 0
    tagger = Tagger()
    sets = {
        "relevant": load(CORPUS / "articles_relevant.jsonl"),
        "background": load(CORPUS / "articles_background.jsonl", args.background),
    }
    print(f"model {tagger.model}, tagger {tagger.version}")
    head = ("corpus", "articles", "words", "extract w/s", "bare w/s", "ratio", "tokenise w/s")
    widths = (-11, 8, 9, 12, 10, 6, 13)
    print(
        " ".join(f"{h:<{-w}}" if w < 0 else f"{h:>{w}}" for h, w in zip(head, widths, strict=True))
    )
    for name, articles in sets.items():
        n_words = words(articles)
        ext, bare, tok = [], [], []
        events = 0
        for _ in range(args.rounds):  # alternate so load changes hit all three alike
            seconds, events = time_extract(tagger, articles)
            ext.append(seconds)
            bare.append(time_bare(tagger, articles))
            tok.append(time_tokenise(tagger, articles))
        e_wps = n_words / statistics.median(ext)
        b_wps = n_words / statistics.median(bare)
        t_wps = n_words / statistics.median(tok)
        print(
            f"{name:<11} {len(articles):>8} {n_words:>9} {e_wps:>12,.0f} {b_wps:>10,.0f}"
            f" {e_wps / b_wps:>6.1f} {t_wps:>13,.0f}   ({events} events)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
