"""The team's annotated research pool (bench/pool.py, data/gold/pool_labels.jsonl).

The labels hold ids and events only; the articles' text comes from ../shared/corpus, so the
tests that join them skip when ../shared is absent.
"""

from __future__ import annotations

import json
import re

import pytest

from bench import pool
from etl import evaluate as ev
from etl.records import ACTIONS, CATEGORIES, EVENT_TYPES, STATUSES
from tests.conftest import ROOT, SHARED, shared_file

CODE = re.compile(r"^[A-Z]{2,4}$")


@pytest.mark.parametrize("path", [pool.LABELS, pool.READ_LABELS], ids=["pool", "read set"])
def test_labels_hold_ids_and_valid_events_only(path) -> None:  # type: ignore[no-untyped-def]
    labels = pool.read_labels(path)
    ids = [lab["id"] for lab in labels]
    assert len(ids) == len(set(ids)), "an article is labelled twice"
    for lab in labels:
        # No text, title or date: the corpus stays in ../shared, never in the repo.
        assert set(lab) == {"id", "events"}, lab["id"]
        for event in lab["events"]:
            assert event["type"] in EVENT_TYPES, lab["id"]
            assert event["action"] in ACTIONS[event["type"]], lab["id"]
            assert event["status"] in STATUSES, lab["id"]
            assert event["category"] in CATEGORIES[event["type"]], lab["id"]
            for code in event["sources"] + event["targets"]:
                assert CODE.match(code), (lab["id"], code)
            assert set(event) <= {*ev.ATTRS, "type", "sources", "targets", "optional"}, lab["id"]


def test_halves_are_fixed_by_the_id_and_both_are_sizeable() -> None:
    assert pool.pool_half("reuters-1") == pool.pool_half("reuters-1")
    halves = [pool.pool_half(lab["id"]) for lab in pool.read_labels()]
    assert set(halves) == set(pool.HALVES)
    assert halves.count("blind") >= 150 and halves.count("read") >= 150
    # The hash splits ids, not the labels' order: the same id is in the same half anywhere.
    assert {pool.pool_half(f"agnews-test-{i}") for i in range(20)} == set(pool.HALVES)


def test_labels_join_the_corpus_outside_every_gold_file() -> None:
    shared_file("corpus", "reuters21578")
    labels = pool.read_labels()
    files = pool.gold_files(SHARED / "corpus", labels)
    joined = files["read"] + files["blind"]
    assert len(joined) == len(labels)
    assert all(a["text"].strip() for a in joined)
    held = set()
    for name in ("eval/dev_gold.jsonl", "eval/seed_gold.jsonl", "corpus/articles_relevant.jsonl"):
        with (SHARED / name).open(encoding="utf-8") as fh:
            held |= {json.loads(line)["id"] for line in fh if line.strip()}
    with (SHARED / "corpus/articles_background.jsonl").open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 2000:
                break
            held.add(json.loads(line)["id"])
    assert not held & {lab["id"] for lab in labels}
    assert not list(ROOT.glob("data/**/pool_read.jsonl")), "joined pool text inside the repo"


def test_the_read_set_joins_the_corpus_outside_every_gold_file_and_the_pool() -> None:
    shared_file("corpus", "articles_relevant.jsonl")
    labels = pool.read_labels(pool.READ_LABELS)
    joined = pool.read_set(SHARED / "corpus", labels)
    assert [a["id"] for a in joined] == [lab["id"] for lab in labels]
    assert all(a["text"].strip() for a in joined)
    sources = {a["id"].split("-")[0] for a in joined}
    assert {"reuters", "agnews", "bbc", "nytblogs"} <= sources
    held = {lab["id"] for lab in pool.read_labels()}
    for name in ("eval/dev_gold.jsonl", "eval/seed_gold.jsonl"):
        with (SHARED / name).open(encoding="utf-8") as fh:
            held |= {json.loads(line)["id"] for line in fh if line.strip()}
    with (ROOT / "data/gold/sample.jsonl").open(encoding="utf-8") as fh:
        held |= {json.loads(line)["id"] for line in fh if line.strip()}
    assert not held & {lab["id"] for lab in labels}
    # An NYT blog article is dated to the minute from its CSV row.
    nyt = next(a for a in joined if a["id"].startswith("nytblogs-"))
    assert nyt["published"] and nyt["published"].startswith("2014-")


def test_an_unknown_id_is_named() -> None:
    shared_file("corpus", "reuters21578")
    with pytest.raises(KeyError, match="reuters-999999"):
        pool.gold_files(SHARED / "corpus", [{"id": "reuters-999999", "events": []}])


# Floors on the pool, as tests/test_accuracy.py keeps them on the gold files: the read half
# is where rules are looked for, the blind half estimates unseen news.
# Tagger 0.15.0 scored 0.766 (read) and 0.761 (blind) before any error of the pool was read;
# 0.16.0 scores 0.929 and 0.829; 0.17.0 0.929 and 0.846.
POOL_FLOORS = {"read": 0.90, "blind": 0.83}
# The read set (no blind half): 0.761 before its errors were read (0.16.0), 0.859 in 0.17.0.
READ_SET_FLOOR = 0.84


@pytest.mark.model
def test_pool_accuracy_floors(tagger) -> None:  # type: ignore[no-untyped-def]
    shared_file("corpus", "reuters21578")
    files = pool.gold_files(SHARED / "corpus", pool.read_labels())
    for name, arts in files.items():
        result = ev.score(ev.Gold.from_articles(arts), pool.records(tagger, arts))
        f1 = result["all"]["f1"]
        assert f1 >= POOL_FLOORS[name], (name, round(f1, 3))


@pytest.mark.model
def test_read_set_accuracy_floor(tagger) -> None:  # type: ignore[no-untyped-def]
    shared_file("corpus", "articles_relevant.jsonl")
    arts = pool.read_set(SHARED / "corpus", pool.read_labels(pool.READ_LABELS))
    result = ev.score(ev.Gold.from_articles(arts), pool.records(tagger, arts))
    assert result["all"]["f1"] >= READ_SET_FLOOR, round(result["all"]["f1"], 3)
