"""The golden file: made-up sentences, one or more per pattern family, with the events they
must yield (tests/golden/sentences.jsonl, written independently of the tagger's code).

Each sentence must give exactly its (type, source, target) pairs, and every event's
action, status, category (and date, when given) must be among the records covering it.
Known gaps are listed with a reason; they are strict xfails, so fixing one fails the test
until it is taken off the list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from etl.records import Article

pytestmark = pytest.mark.model

GOLDEN = Path(__file__).parent / "golden" / "sentences.jsonl"
ROWS = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]

KNOWN_GAPS = {
    "g2763": "a measure echoing another sender's ('Britain announced matching measures the "
    "same day') is the echoing state's own record; read (branch h7, commit eb31659) and taken "
    "out: the gold groups count a coordinated round as one event, the grouping keeps senders "
    "apart, and the echo gained no gold pair but cost grouping F1 0.002 (an echo with a "
    "subject and a verb of imposing, 'Ottawa imposed parallel sanctions', takes the article's "
    "target as any sender-only measure does)",
    "g1753": "'Egypt Signs Deal for 24 Rafale Fighters With France': the re-cased Title Case "
    "headline ('signs deal for 24 rafale fighters with France') parses the deal's 'for' away "
    "from the signing verb, unlike the same words in a sentence",
    "g057": "captured weapons left behind by another army: capture is not a transfer, the "
    "earlier supply is implied",
    "g083": "radars 'arrived in the Philippines': destination of arrival as recipient",
    "g554": "'from its list of sanctioned people': the measure is a participle in the list's "
    "of-phrase, not a compound of the list",
    "g242": "'Georgia' with no cue (Tbilisi, Georgian, ...) in a lone sentence may be the U.S. "
    "state, so the flight ban has no target",
    "g1264": "'gave its nod to the transfer ... by its European allies': the approver is not "
    "the supplier when the transfer noun names its own agent, and the vague agent leaves '?'",
    "g1622": "'Russian warplanes arrived in Syria': a state's own jets arriving read like a "
    "delivery ('Chinese J-10C jets arrived in Pakistan'); nothing in the sentence tells them "
    "apart",
    "g1629": "'helicopters' needs a military cue (civil sales are common) and an arms maker "
    "as the seller is not one yet: Boeing or Embraer sell airliners too",
    "g1644": "'convicted former officials over illegal arms sales to Angola': the parser hangs "
    "'to Angola' on the verb of the court, not on the sales noun, so no recipient",
}
# Pairs right, an attribute wrong.
KNOWN_ATTRIBUTE_GAPS = {
    "g3331": "'Hawk deliveries' by BAE Systems: weapons.json reads 'Hawk' as the HAWK "
    "air-defence missile, not BAE's Hawk jet (category air_defence, not aircraft)",
    "g1213": "'opened talks with Seoul on the purchase of': the talks noun is beside the "
    "predicate's chain (the verb 'opened' takes it), so its planning sense is not read",
    "g051": "the pledge 'Berlin would send another 20' names no weapon (ellipsis across sentences)",
    "g313": "'approved the sale of F-16s': GUIDELINES lists 'approved' under pledged, but "
    "dev_gold and data/gold/sample.jsonl label approved sales `sold` (test_accuracy floors); "
    "the tagger follows the gold files until the two agree",
}


def _pairs(events: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {
        (e["type"], s, t)
        for e in events
        for s in (e.get("sources") or ["?"])
        for t in (e.get("targets") or ["?"])
    }


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_golden_sentence(tagger, row: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    if row["id"] in KNOWN_GAPS:
        pytest.xfail(KNOWN_GAPS[row["id"]])  # strict: see test_known_gaps_still_fail
    records = _extract(tagger, row)
    assert _pairs(records) == _pairs(row["events"]), row["text"]
    if row["id"] in KNOWN_ATTRIBUTE_GAPS:
        assert _attribute_errors(records, row), "attribute gap now handled: take it off the list"
        pytest.xfail(KNOWN_ATTRIBUTE_GAPS[row["id"]])
    assert not _attribute_errors(records, row)


def _extract(tagger, row: dict[str, Any]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    art = Article(id=row["id"], text=row["text"], published=row["published"])
    return [r.to_json() for r in tagger.extract(art)]


def _attribute_errors(records: list[dict[str, Any]], row: dict[str, Any]) -> list[str]:
    errors = []
    for event in row["events"]:
        wanted = _pairs([event])
        covering = [r for r in records if _pairs([r]) & wanted]
        for attr in ("action", "status", "category"):
            got = {r[attr] for r in covering}
            if event[attr] not in got:
                errors.append(f"{attr}: want {event[attr]}, got {sorted(got)}")
        if "date" in event and event["date"] not in {r["date"] for r in covering}:
            errors.append(f"date: want {event['date']}, got {[r['date'] for r in covering]}")
    return errors


def test_known_gaps_still_fail(tagger) -> None:  # type: ignore[no-untyped-def]
    """A gap that the tagger now handles must come off the list (keeps the list honest)."""
    fixed = []
    for row in ROWS:
        if row["id"] not in KNOWN_GAPS:
            continue
        if _pairs(_extract(tagger, row)) == _pairs(row["events"]):
            fixed.append(row["id"])
    assert not fixed, f"now handled, remove from KNOWN_GAPS: {fixed}"


def test_every_family_is_mostly_handled() -> None:
    families: dict[str, list[str]] = {}
    for row in ROWS:
        families.setdefault(row["family"], []).append(row["id"])
    for family, ids in families.items():
        gaps = [i for i in ids if i in KNOWN_GAPS]
        assert len(gaps) * 2 < len(ids), f"{family}: most sentences are known gaps {gaps}"
