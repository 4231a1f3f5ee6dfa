"""Accuracy floors, measured with the same scoring as ../shared/eval/score.py.

Each floor is what the tagger reached when it was last raised, so a later change cannot
silently make the tagger worse. Raise them when the tagger improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl import evaluate as ev
from etl.records import Article
from tests.conftest import ROOT, shared_file

pytestmark = pytest.mark.model

# Floors: (overall F1, precision, recall, action, status, category accuracy).
# Raised in 0.17.0 (dev P 0.951 R 0.867 F1 0.907).
DEV_FLOOR = {
    "f1": 0.89,
    "precision": 0.93,
    "recall": 0.85,
    "action": 0.94,
    "status": 0.90,
    "category": 0.83,
}
# Action and status are judged on matched pairs only: filling arms recipients from the article
# matched pairs whose gold takes "said X would send" as reported/pledged (GUIDELINES: planned),
# so these two went down as the pairs went up (F1 0.697 -> 0.727).
SAMPLE_FLOOR = {
    "f1": 0.87,
    "precision": 0.96,
    "recall": 0.80,
    "action": 0.95,
    "status": 0.92,
    # 0.843 -> 0.831 in 0.13.0: three pairs newly found by generic headlines and sender-only
    # measures ("U.S., Britain and EU unveil sanctions") are judged on match with `other`
    "category": 0.82,
}
# 209 single news sentences (no title, no date): what a sentence says on its own.
SENTENCES_FLOOR = {
    "f1": 0.87,
    "precision": 0.92,
    "recall": 0.83,
    "action": 0.92,  # 0.946 -> 0.930 in 0.12.0: the new pairs' actions, judged on match
    "status": 0.93,
    "category": 0.94,  # 0.961 -> 0.946 in 0.10.0: the new pairs' categories, judged on match
}
# Pairs of confidence >= 0.7 over all gold files are right at least this often (issue: 0.85).
CONFIDENT_PRECISION = 0.85
BACKGROUND_MAX_PER_100 = 0.5  # the target is 1.0; reached 0.2


_EXTRACTED: dict[Path, tuple[ev.Gold, list[dict]]] = {}  # type: ignore[type-arg]


def _extract(tagger, gold_path: Path) -> tuple[ev.Gold, list[dict]]:  # type: ignore[no-untyped-def,type-arg]
    """The gold file and the tagger's records for it, extracted once per test session."""
    if gold_path not in _EXTRACTED:
        gold = ev.Gold.read(gold_path)
        articles = [Article.model_validate(a) for a in gold.articles]
        records = [r.to_json() for _a, recs in tagger.extract_many(articles) for r in recs]
        _EXTRACTED[gold_path] = (gold, records)
    return _EXTRACTED[gold_path]


def _score(tagger, gold_path: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return ev.score(*_extract(tagger, gold_path))


def _check(result: dict, floor: dict) -> None:  # type: ignore[type-arg]
    overall = result["all"]
    assert overall["f1"] >= floor["f1"], ev.report(result)
    assert overall["precision"] >= floor["precision"], ev.report(result)
    assert overall["recall"] >= floor["recall"], ev.report(result)
    for attr in ("action", "status", "category"):
        assert result[f"{attr}_accuracy"] >= floor[attr], ev.report(result)


def test_seed_article_is_fully_right(tagger) -> None:  # type: ignore[no-untyped-def]
    path = shared_file("eval", "seed_gold.jsonl")
    result = _score(tagger, path)
    assert result["all"]["f1"] == 1.0, ev.report(result)
    gold = ev.Gold.read(path)
    art = Article.model_validate(gold.articles[0])
    statuses = {
        r.status for r in tagger.extract(art) if (r.sources, r.targets) == (["IRN"], ["RUS"])
    }
    assert {"alleged", "denied"} <= statuses


def test_dev_gold_floor(tagger) -> None:  # type: ignore[no-untyped-def]
    _check(_score(tagger, shared_file("eval", "dev_gold.jsonl")), DEV_FLOOR)


def test_sample_gold_floor(tagger) -> None:  # type: ignore[no-untyped-def]
    """Our own corpus (data/sample, written by the team) is scored the same way."""
    _check(_score(tagger, ROOT / "data" / "gold" / "sample.jsonl"), SAMPLE_FLOOR)


def test_sentences_gold_floor(tagger) -> None:  # type: ignore[no-untyped-def]
    _check(_score(tagger, shared_file("eval", "sentences_dev_gold.jsonl")), SENTENCES_FLOOR)


def test_confidence_of_07_or_more_is_right_85_percent_of_the_time(tagger) -> None:  # type: ignore[no-untyped-def]
    parts = []
    for path in (
        shared_file("eval", "dev_gold.jsonl"),
        shared_file("eval", "sentences_dev_gold.jsonl"),
        ROOT / "data" / "gold" / "sample.jsonl",
    ):
        parts.append(_extract(tagger, path))
    rows = ev.calibration(*ev.pooled(parts))
    confident = next(r for r in rows if r["confidence"].startswith(">="))
    assert confident["precision"] >= CONFIDENT_PRECISION, ev.calibration_table(rows)


@pytest.mark.slow
def test_background_news_yields_almost_no_events(tagger) -> None:  # type: ignore[no-untyped-def]
    path = shared_file("corpus", "articles_background.jsonl")
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(next(fh)) for _ in range(2000)]
    articles = [Article.model_validate(r) for r in rows if (r.get("text") or "").strip()]
    events = sum(len(recs) for _a, recs in tagger.extract_many(articles))
    assert events / len(articles) * 100 <= BACKGROUND_MAX_PER_100, f"{events} events"
