"""`evaluate-groups`: the pairwise same-event score of the event grouping against gold
mention groups. The scorer on hand-made cases (pure), the gold file itself, and the command
with the real pipeline on data/sample and on ../shared/corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from etl import groups
from etl.cli import app
from tests.conftest import ROOT, shared_file

GOLD = ROOT / "data" / "gold" / "groups.jsonl"
SAMPLE = ROOT / "data" / "sample"
# Pairwise same-event F1 and precision the grouping reaches today (issue 10's target is F1
# 0.90). Tagger 0.8.0: sample P 0.925 R 0.828 F1 0.874; the 54 real articles P 0.960
# R 0.706 F1 0.813. Tagger 0.9.0: sample P 0.919 R 0.846 F1 0.881; real P 0.961 R 0.709
# F1 0.816 (most of what is left is the tagger's: one decision labelled
# threatened, imposed and lifted). The precision floor keeps a rule that buys recall by
# over-merging out; tagger 0.9.0 took the sample from P 0.925 to 0.919: it now finds "the
# aircraft bought from the United States arrived", which the rules join to the same
# article's delivery (one deal) and the gold keeps apart as the purchase.
# Tagger 0.10.0: sample P 0.924 R 0.855 F1 0.888, real P 0.989 R 0.812 F1 0.892 (a
# withdrawn threat is a threat: "drop threatened trade sanctions" had joined the lifting).
# Tagger 0.11.0 with liftings standing 45 days: sample P 0.927 R 0.869 F1 0.897, real
# P 0.988 R 0.829 F1 0.902, all 0.901 (dates of another act no longer date a mention, a
# planned lifting's June reports join its April offer, "a warning of sanctions" and
# hypothetical measures are threats, headline measure verbs are verbs).
# Tagger 0.12.0: sample P 0.927 R 0.877 F1 0.901, real P 0.989 R 0.830 F1 0.903, all 0.902.
# Tagger 0.13.0: sample P 0.916 R 0.870 F1 0.892, real P 0.997 R 0.833 F1 0.907, all 0.904 (the
# sample's precision is near its floor: threats joining their article's imposition).
# Tagger 0.14.0: sample P 0.916 R 0.870 F1 0.892, real P 0.997 R 0.833 F1 0.908, all 0.905
# (134 real mentions: a British threat to bar Japanese firms from London is now found).
# Tagger 0.15.0: sample P 0.916 R 0.870 F1 0.892, real P 0.997 R 0.832 F1 0.907, all 0.904
# (a wrong "lifted" mention of a retaliatory withdrawal of trade status is gone).
# Tagger 0.16.0: the same figures (no mention of the gold groups changed).
# Tagger 0.17.0: sample P 0.917 R 0.872 F1 0.894, real P 0.997 R 0.817 F1 0.898, all 0.897
# (a hoped-for lifting of the U.S. chip tariffs, now read from "Reagan hoped the sanctions
# could be lifted" on 27 March, anchors the relief earlier, so its June reports fall out of
# the 45-day window: the tagger is right, the grouping's window is what splits them).
SAMPLE_F1_FLOOR = 0.88
CORPUS_F1_FLOOR = 0.89
PRECISION_FLOOR = 0.91


def row(group: str, article: str, src: str, tgt: str, **extra: Any) -> dict[str, Any]:
    mention = {"article": article, "type": "sanction", "sources": [src], "targets": [tgt]}
    return {"group": group, "note": group, "corpus": "c", "mentions": [{**mention, **extra}]}


def mention(mid: str, article: str, event: str | None, src: str = "USA", tgt: str = "IRN",
            action: str = "imposed") -> groups.Mention:  # fmt: skip
    return groups.Mention(
        id=mid,
        article=article,
        type="sanction",
        sources=frozenset([src] if src else []),
        targets=frozenset([tgt]),
        event=event,
        action=action,
    )


# Two gold events: A reported by articles a1, a2, a3; B (another round) by b1, b2.
TWO = groups.GoldGroups.from_rows(
    [
        {
            "group": "A",
            "note": "first round",
            "corpus": "c",
            "mentions": [
                {"article": a, "type": "sanction", "sources": ["USA"], "targets": ["IRN"]}
                for a in ("a1", "a2", "a3")
            ],
        },
        {
            "group": "B",
            "note": "second round",
            "corpus": "c",
            "mentions": [
                {"article": a, "type": "sanction", "sources": ["USA"], "targets": ["IRN"]}
                for a in ("b1", "b2")
            ],
        },
    ]
)
ARTICLES = ("a1", "a2", "a3", "b1", "b2")


def test_perfect_grouping_scores_one() -> None:
    ms = [mention(a, a, "e1" if a.startswith("a") else "e2") for a in ARTICLES]
    r = groups.score(TWO, ms)
    assert (r["precision"], r["recall"], r["f1"]) == (1.0, 1.0, 1.0)
    assert (r["tp"], r["fp"], r["fn"], r["gold_events"], r["pred_events"]) == (4, 0, 0, 2, 2)


def test_over_merge_costs_precision() -> None:
    """One stored event for both rounds: 4 right pairs of 10 joined."""
    r = groups.score(TWO, [mention(a, a, "e1") for a in ARTICLES])
    assert (r["tp"], r["fp"], r["fn"]) == (4, 6, 0)
    assert (r["precision"], r["recall"], r["f1"]) == (0.4, 1.0, round(2 * 0.4 / 1.4, 4))


def test_split_costs_recall() -> None:
    """Every report its own event (what counting mentions does): no pair joined."""
    r = groups.score(TWO, [mention(a, a, None) for a in ARTICLES])
    assert (r["tp"], r["fp"], r["fn"]) == (0, 0, 4)
    assert (r["precision"], r["recall"], r["f1"]) == (1.0, 0.0, 0.0)
    assert r["pred_events"] == 5


def test_unmatched_mentions_are_tagger_errors_not_grouping_errors() -> None:
    """A mention with another target (or in no gold article) is counted apart and joins no
    pair; a descriptor no mention matches is counted as missed."""
    ms = [mention(a, a, "e1" if a.startswith("a") else "e2") for a in ARTICLES[:4]]
    ms += [mention("x", "a1", "e2", tgt="SYR"), mention("y", "zz", "e1")]
    r = groups.score(TWO, ms)
    assert (r["f1"], r["unmatched"], r["missed_descriptors"], r["mentions"]) == (1.0, 1, 1, 4)


def test_question_mark_matches_an_empty_side_only() -> None:
    gold = groups.GoldGroups.from_rows([row("A", "a1", "?", "IRN")])
    found = groups.match(gold, [mention("1", "a1", "e", src=""), mention("2", "a1", "e")])
    assert [m.id for m in found.matched["A"]] == ["1"] and [m.id for m in found.unmatched] == ["2"]


def test_action_tells_a_threat_from_the_imposition() -> None:
    threat = row("T", "a1", "USA", "IRN", action="threatened")
    gold = groups.GoldGroups.from_rows([threat, row("I", "a1", "USA", "IRN", action="imposed")])
    ms = [mention("1", "a1", "e", action="threatened"), mention("2", "a1", "e")]
    r = groups.score(gold, ms)
    assert (r["fp"], r["precision"]) == (1, 0.0)


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ([row("A", "a1", "USA", "IRN"), row("A", "a2", "USA", "IRN")], "used twice"),
        ([row("A", "a1", "USA", "IRN"), row("B", "a1", "USA", "IRN")], "one mention could match"),
        (
            [row("A", "a1", "USA", "IRN"), {**row("B", "a1", "GBR", "SYR"), "corpus": "d"}],
            "is in corpus",
        ),
    ],
)
def test_inconsistent_gold_is_refused(rows: list[dict[str, Any]], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        groups.GoldGroups.from_rows(rows)


def test_gold_file_is_valid_and_holds_the_cases_that_matter() -> None:
    gold = groups.GoldGroups.read(GOLD)
    assert gold.corpora() == ["sample", "articles_relevant.jsonl"]
    multi = [g for g in gold.groups if len({d.article for d in g.mentions}) > 1]
    assert len(multi) >= 15 and max(len({d.article for d in g.mentions}) for g in multi) >= 10
    assert sum(1 for g in gold.groups if len(g.mentions) == 1) > 100  # singletons
    sample_ids = {json.loads(line)["id"] for line in (SAMPLE / "articles.jsonl").open()}
    in_sample = {a for a, corpus in gold.articles().items() if corpus == "sample"}
    assert in_sample <= sample_ids


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return CliRunner()


def _one_error(result: Any, fragment: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and fragment in lines[0], lines


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([str(GOLD)], "give INPUT paths"),
        ([str(GOLD), str(SAMPLE), "--db", "sqlite:///x.db"], "not both"),
        (["no-such.jsonl", str(SAMPLE)], "no such file"),
        ([str(GOLD), "--db", "sqlite:///does/not/exist.db"], "no database at"),
        ([str(ROOT / "README.md"), str(SAMPLE)], "not JSON"),
    ],
)
def test_usage_errors_are_one_line(cli: CliRunner, args: list[str], fragment: str) -> None:
    _one_error(cli.invoke(app, ["evaluate-groups", *args]), fragment)


@pytest.mark.model
@pytest.mark.slow  # the real pipeline over the 123 sample articles (~30 s)
def test_sample_grouping_floor(cli: CliRunner) -> None:
    result = cli.invoke(app, ["evaluate-groups", str(GOLD), str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.stderr
    # The ../shared articles of the gold are not in the inputs: named on one note line.
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "reuters-" in notes[0] and "skipped" in notes[0]
    out = json.loads(result.stdout)
    sample = out["corpora"]["sample"]
    assert list(out["corpora"]) == ["sample"]
    assert sample["mentions"] > 150 and sample["unmatched"] < sample["mentions"] / 5, sample
    assert sample["f1"] >= SAMPLE_F1_FLOOR, sample
    assert sample["precision"] >= PRECISION_FLOOR, sample


@pytest.mark.model
@pytest.mark.slow  # the real pipeline over 259 real articles (~30 s)
def test_corpus_grouping_floor_and_table(cli: CliRunner, tmp_path: Path) -> None:
    corpus = shared_file("corpus", "articles_relevant.jsonl")
    db = f"sqlite:///{tmp_path / 'monitor.db'}"
    assert cli.invoke(app, ["run", str(corpus), "--db", db]).exit_code == 0
    result = cli.invoke(app, ["evaluate-groups", str(GOLD), "--db", db, "--details"])
    assert result.exit_code == 0, result.stderr
    assert "sample-" in result.stderr  # the sample articles are not in this database
    table = result.stdout.splitlines()
    assert table[-3].startswith("corpus") and table[-1].startswith("articles_relevant.jsonl")
    assert any(line.startswith("merged ") for line in table)  # --details lists errors
    precision, f1 = float(table[-1].split()[5]), float(table[-1].split()[7])
    assert f1 >= CORPUS_F1_FLOOR, "\n".join(table[-3:])
    assert precision >= PRECISION_FLOOR, "\n".join(table[-3:])
