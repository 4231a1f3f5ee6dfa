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


def test_halves_are_fixed_by_id_and_split_the_file() -> None:
    ids = [f"article-{n}" for n in range(400)]
    sides = [ev.half(i) for i in ids]
    assert sides == [ev.half(i) for i in ids]  # deterministic
    assert 150 < sides.count("A") < 250  # roughly even
    gold = ev.Gold.from_articles([{"id": i, "text": "t", "events": []} for i in ids])
    a, b = ev.select(gold, "A"), ev.select(gold, "B")
    assert {x["id"] for x in a.articles} | {x["id"] for x in b.articles} == set(ids)
    assert not {x["id"] for x in a.articles} & {x["id"] for x in b.articles}
    assert ev.select(gold, None) is gold


def test_pooled_files_keep_equal_ids_apart() -> None:
    gold = ev.Gold.from_articles(GOLD)
    # The same article id in two files, right in the first and missed in the second.
    both, preds = ev.pooled([(gold, PRED), (gold, [])])
    result = ev.score(both, preds)
    assert result["articles"] == 4
    assert result["all"]["tp"] == 2 and result["all"]["fn"] == 4
    assert "1:a1|sanction|USA|IRN" in result["missed"]


def test_table_has_a_row_per_file() -> None:
    result = ev.score(ev.Gold.from_articles(GOLD), PRED)
    text = ev.table([("dev.jsonl", result), ("all files", result)])
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("dev.jsonl") and "0.667" in lines[2]
    assert lines[3].startswith("all files")


def test_calibration_counts_pairs_by_their_best_confidence() -> None:
    preds = [
        {**PRED[0], "confidence": 0.9},  # USA->IRN, right
        {**PRED[0], "confidence": 0.4},  # the same pair again, lower: not counted twice
        {**PRED[1], "confidence": 0.75},  # CAN->IRN, optional in gold: not wrong
        {**PRED[3], "confidence": 0.72},  # RUS->IND in a2: wrong
        {**PRED[2], "confidence": 0.55},  # ?->IND, right
    ]
    rows = {r["confidence"]: r for r in ev.calibration(ev.Gold.from_articles(GOLD), preds)}
    assert rows["0.9-1.0"] == {"confidence": "0.9-1.0", "pairs": 1, "correct": 1, "precision": 1.0}
    assert rows["0.7-0.8"]["pairs"] == 2 and rows["0.7-0.8"]["correct"] == 1
    assert rows["0.5-0.6"]["correct"] == 1
    assert rows[">= 0.7"] == {"confidence": ">= 0.7", "pairs": 3, "correct": 2, "precision": 0.6667}
    assert rows["0.0-0.5"]["precision"] is None


@pytest.mark.model
def test_evaluate_command_scores_several_files_in_one_table(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from etl.cli import app

    sanction = {"type": "sanction", "action": "imposed", "status": "reported",
                "category": "other", "sources": ["EU"], "targets": ["BLR"]}  # fmt: skip
    arms = {"type": "arms_transfer", "action": "delivered", "status": "reported",
            "category": "artillery", "sources": ["FRA"], "targets": ["UKR"]}  # fmt: skip
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first.write_text(json.dumps({"id": "g1", "title": None, "published": "2023-03-06",
        "text": "The European Union imposed sanctions on Belarus on 6 March 2023.",
        "events": [sanction]}) + "\n")  # fmt: skip
    text = "France delivered Caesar howitzers to Ukraine."
    second.write_text(json.dumps({"id": "g1", "title": None, "published": "2023-03-07",
        "text": text, "events": [arms]}) + "\n")  # fmt: skip
    result = CliRunner().invoke(app, ["evaluate", str(first), str(second), "--calibration"])
    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    by_label = {row[0]: row for row in rows if row}
    assert by_label["one.jsonl"][1:3] == ["1", "1"] and by_label["one.jsonl"][5] == "1.000"
    assert by_label["two.jsonl"][5] == "1.000"
    assert by_label["all"][2:5] == ["2", "2", "1.000"]  # "all files": 2 articles, 2 pairs
    assert any(row[:2] == [">=", "0.7"] for row in rows)
    blind = CliRunner().invoke(app, ["evaluate", str(first), "--half", "C"])
    assert blind.exit_code == 2 and blind.stderr.startswith("error: --half must be A or B")
