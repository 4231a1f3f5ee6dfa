"""Tagger accuracy on the team's annotated research pool: real news that no gold file holds.

    python -m bench.pool [--details] [--write DIR]

The pool is the Reuters-21578, AG News (test) and BBC articles of ../shared/corpus that
mention a measure or a weapon and that no gold file, no articles_relevant record and none of
the first 2,000 background articles holds. The team annotated a sample of it by hand, blind
(without the tagger's output), following ../shared/eval/GUIDELINES.md. The labels are in
data/gold/pool_labels.jsonl: ids and events only; the text is read from ../shared/corpus
(research data, never copied into the repo).

Each article belongs to one fixed half by a hash of its id ("read": its errors may be read
while writing rules; "blind": only its score is looked at, as an estimate for unseen news).
--details lists the missed and spurious pairs of the read half only. --write DIR writes the
joined gold files (`pool_read.jsonl`, `pool_blind.jsonl`, `read_set.jsonl`) for
`python -m etl evaluate`.

A second, smaller "read set" (data/gold/read_labels.jsonl) was annotated the same way: the
articles_relevant records that no gold file holds and the NYT blog articles of 2014 that
mention a measure or a weapon. Its tagger records had been read before (grouping and speed
benchmarks use articles_relevant), so it has no blind half: all its errors may be read, and
its score is no estimate for unseen news. --details lists its errors too.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import glob
import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "data" / "gold" / "pool_labels.jsonl"
READ_LABELS = ROOT / "data" / "gold" / "read_labels.jsonl"
HALVES = ("read", "blind")

_REUTERS = re.compile(r'<REUTERS[^>]*NEWID="(\d+)">(.*?)</REUTERS>', re.S)


def pool_half(article_id: str) -> str:
    """The fixed half of a pool article: "read" or "blind", by a SHA-1 of its id."""
    return HALVES[int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % 2]


def _tag(body: str, name: str) -> str | None:
    m = re.search(rf"<{name}>(.*?)</{name}>", body, re.S)
    return m.group(1) if m else None


def reuters(corpus: Path) -> Iterator[dict[str, Any]]:
    """Reuters-21578 articles as distributed (hard-wrapped), dated by their day."""
    for path in sorted(glob.glob(str(corpus / "reuters21578" / "*.sgm"))):
        raw = Path(path).read_text(encoding="latin-1")
        for m in _REUTERS.finditer(raw):
            newid, body = m.groups()
            text = _tag(body, "BODY")
            if text is None:
                continue
            title = _tag(body, "TITLE")
            date = _tag(body, "DATE")
            published = None
            if date:
                try:
                    day = datetime.strptime(date.strip().split()[0], "%d-%b-%Y")
                    published = day.date().isoformat()
                except ValueError:
                    pass
            yield {
                "id": f"reuters-{newid}",
                "title": html.unescape(title).strip() if title else None,
                "text": html.unescape(text).replace("\x03", "").strip(),
                "published": published,
                "source": "Reuters-21578",
            }


def ag_news(corpus: Path) -> Iterator[dict[str, Any]]:
    """AG News test rows (title and description; undated)."""
    path = corpus / "ag_news" / "test.csv"
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh)):
            title, desc = row[1], row[2]
            yield {
                "id": f"agnews-test-{i}",
                "title": title.replace("#39;", "'"),
                "text": desc.replace("#39;", "'").replace("\\", " "),
                "published": None,
                "source": "AG News",
            }


def bbc(corpus: Path) -> Iterator[dict[str, Any]]:
    """BBC News articles (first line the title; undated)."""
    for path in sorted(glob.glob(str(corpus / "bbc" / "*" / "*.txt"))):
        p = Path(path)
        lines = p.read_text(encoding="latin-1").split("\n")
        yield {
            "id": f"bbc-{p.parent.name}-{p.stem}",
            "title": lines[0].strip(),
            "text": "\n".join(lines[1:]).strip(),
            "published": None,
            "source": "BBC",
        }


def nyt_blogs(corpus: Path) -> Iterator[dict[str, Any]]:
    """NYT blog articles of 2014 (headline and abstract, dated to the minute)."""
    for path in sorted(glob.glob(str(corpus / "nyt_blogs_2014" / "*.csv"))):
        with Path(path).open(newline="", encoding="utf-8", errors="replace") as fh:
            for row in csv.DictReader(fh):
                published = None
                with contextlib.suppress(KeyError, ValueError):
                    published = datetime.strptime(row["PubDate"], "%m/%d/%Y %H:%M").isoformat()
                yield {
                    "id": f"nytblogs-{row['UniqueID']}",
                    "title": row.get("Headline") or None,
                    "text": row.get("Abstract") or row.get("Snippet") or "",
                    "published": published,
                    "source": "NYT blogs",
                }


def relevant(corpus: Path) -> Iterator[dict[str, Any]]:
    """The articles_relevant records, as the benchmarks read them."""
    path = corpus / "articles_relevant.jsonl"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def articles(corpus: Path, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The corpus articles with these ids: an articles_relevant record as it stands, else
    the source the id's prefix names."""
    wanted = set(ids)
    found: dict[str, dict[str, Any]] = {a["id"]: a for a in relevant(corpus) if a["id"] in wanted}
    wanted -= set(found)
    readers = {"reuters-": reuters, "agnews-": ag_news, "bbc-": bbc, "nytblogs-": nyt_blogs}
    for prefix, reader in readers.items():
        if any(i.startswith(prefix) for i in wanted):
            found.update({a["id"]: a for a in reader(corpus) if a["id"] in wanted})
    return found


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_files(corpus: Path, labels: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per half, the gold articles: the corpus article with its labelled events.
    KeyError names a label whose article the corpus lacks."""
    texts = articles(corpus, (lab["id"] for lab in labels))
    out: dict[str, list[dict[str, Any]]] = {h: [] for h in HALVES}
    for lab in labels:
        if lab["id"] not in texts:
            raise KeyError(f"{lab['id']} is not in {corpus}")
        out[pool_half(lab["id"])].append({**texts[lab["id"]], "events": lab["events"]})
    return out


def read_set(corpus: Path, labels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The read set's gold articles (no halves). KeyError names a label the corpus lacks."""
    texts = articles(corpus, (lab["id"] for lab in labels))
    missing = [lab["id"] for lab in labels if lab["id"] not in texts]
    if missing:
        raise KeyError(f"{missing[0]} is not in {corpus}")
    return [{**texts[lab["id"]], "events": lab["events"]} for lab in labels]


def records(tagger: Any, arts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tagger's event records (JSON contract) for gold articles."""
    from etl.records import Article

    inputs = [Article.model_validate({k: v for k, v in a.items() if k != "events"}) for a in arts]
    return [r.to_json() for _a, recs in tagger.extract_many(inputs) for r in recs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--details", action="store_true", help="errors of the read half")
    ap.add_argument("--write", type=Path, help="write the joined gold files to this directory")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is not available")
        return 0
    from etl import evaluate as ev
    from etl.nlp import Tagger

    files = gold_files(CORPUS, read_labels())
    extra = read_set(CORPUS, read_labels(READ_LABELS))
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for name, arts in files.items():
            with (args.write / f"pool_{name}.jsonl").open("w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(a) + "\n" for a in arts)
        with (args.write / "read_set.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(a) + "\n" for a in extra)
    tagger = Tagger()
    print(f"model {tagger.model}, tagger {tagger.version}")
    parts = [
        (name, ev.Gold.from_articles(arts), records(tagger, arts)) for name, arts in files.items()
    ]
    extra_gold, extra_records = ev.Gold.from_articles(extra), records(tagger, extra)
    if args.details:
        name, gold, recs = parts[0]
        print(f"== {name} half")
        print(ev.details(ev.score(gold, recs), gold, recs))
        print("== read set")
        print(ev.details(ev.score(extra_gold, extra_records), extra_gold, extra_records))
    rows = [(f"pool, {name} half", ev.score(gold, recs)) for name, gold, recs in parts]
    all_gold, all_records = ev.pooled([(g, r) for _n, g, r in parts])
    rows.append(("pool, both halves", ev.score(all_gold, all_records)))
    rows.append(("read set (no blind half)", ev.score(extra_gold, extra_records)))
    print(ev.table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
