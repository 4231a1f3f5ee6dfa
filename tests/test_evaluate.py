"""`etl.evaluate` scores exactly as ../shared/eval/score.py does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl import evaluate as ev
from tests.conftest import shared_file

GOLD = [
    {
        "id": "a1",
        "text": "t",
        "events": [
            {
                "type": "sanction",
                "action": "imposed",
                "status": "reported",
                "category": "trade",
                "sources": ["USA", "GBR"],
                "targets": ["IRN"],
            },
            {
                "type": "arms_transfer",
                "action": "sold",
                "status": "reported",
                "category": "other",
                "sources": [],
                "targets": ["IND"],
            },
            {
                "type": "sanction",
                "action": "threatened",
                "status": "planned",
                "category": "arms",
                "sources": ["CAN"],
                "targets": ["IRN"],
                "optional": True,
            },
        ],
    },
    {"id": "a2", "text": "t", "events": []},
]
PRED = [
    {
        "article_id": "a1",
        "type": "sanction",
        "action": "imposed",
        "status": "planned",
        "category": "trade",
        "sources": ["USA"],
        "targets": ["IRN"],
    },
    {
        "article_id": "a1",
        "type": "sanction",
        "action": "threatened",
        "status": "planned",
        "category": "arms",
        "sources": ["CAN"],
        "targets": ["IRN"],
    },
    {
        "article_id": "a1",
        "type": "arms_transfer",
        "action": "sold",
        "status": "reported",
        "category": "other",
        "sources": [],
        "targets": ["IND"],
    },
    {
        "article_id": "a2",
        "type": "arms_transfer",
        "action": "sold",
        "status": "reported",
        "category": "other",
        "sources": ["RUS"],
        "targets": ["IND"],
    },
    {"article_id": "elsewhere", "type": "sanction", "sources": ["X"], "targets": ["Y"]},
]


def test_pairs_optional_and_attributes() -> None:
    result = ev.score(ev.Gold.from_articles(GOLD), PRED)
    assert result["all"] == {
        "tp": 2,
        "fp": 1,
        "fn": 1,
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
    }
    assert result["missed"] == ["a1|sanction|GBR|IRN"]
    assert result["spurious"] == ["a2|arms_transfer|RUS|IND"]
    assert result["status_accuracy"] == 0.5  # planned vs reported on USA->IRN
    assert result["pred_pairs"] == 3  # the optional CAN->IRN pair is not counted


def test_same_result_as_the_reference_scorer(tmp_path: Path) -> None:
    scorer = shared_file("eval", "score.py")
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("\n".join(json.dumps(a) for a in GOLD) + "\n")
    pred.write_text("\n".join(json.dumps(p) for p in PRED) + "\n")
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ev.score(ev.Gold.read(gold), PRED) == json.loads(out)


def test_bad_gold_line_is_one_readable_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a"}\nnot json\n')
    with pytest.raises(ValueError, match=r"gold.jsonl:2: not JSON"):
        ev.Gold.read(bad)
