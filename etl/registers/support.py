"""How far the registers support the gold and the tagger (`python -m etl evaluate GOLD...
--registers --sipri PATH --gsdb PATH`).

Pairs are the scorer's: (article, type, source, target), a side with no party being `?`.
Each pair becomes one event for the matcher (that source, that target, the record's or
gold event's category and action, the record's date, else the article's published day;
the tagger's evidence sentence and weapon for its records, nothing for gold events, which
carry neither). A pair is supported at three levels: `coarse` (supplier, recipient and a
year in the entry's span, any category or type: what the issue measured), `match` (every
rule of `register_matching.json`) and `confirmed` (a best score of at least `confirmed_at`).
Pairs with a `?` side or no date cannot be checked and are counted apart. The register
files are read as `registers load` reads them, without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from etl import registers
from etl.evaluate import Gold, Pair, pairs
from etl.registers import match

LEVELS = ("coarse", "match", "confirmed")
KIND_FOR_TYPE = match.KIND_FOR_TYPE


def read_registers(sipri: Path | None, gsdb: Path | None) -> dict[str, pd.DataFrame]:
    """The entries of each register file given, as `match` reads them from the store."""
    out: dict[str, pd.DataFrame] = {}
    for kind, path in (("sipri", sipri), ("gsdb", gsdb)):
        if path is None:
            continue
        text, _kind, _sha = registers.open_file(path, kind)
        parsed = registers.parse(text, kind, path)
        out[kind] = pd.DataFrame(parsed.entries)
    return out


def _published(gold: Gold) -> dict[str, str | None]:
    return {str(a["id"]): a.get("published") for a in gold.articles}


def _gold_rows(gold: Gold) -> list[dict[str, Any]]:
    published = _published(gold)
    rows = []
    for art in gold.articles:
        for ev in art.get("events", []):
            if ev.get("optional"):
                continue
            for p in pairs(str(art["id"]), ev):
                rows.append(_row(p, ev, published.get(p[0]), "", ""))
    return rows


def _record_rows(gold: Gold, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    published = _published(gold)
    rows = []
    for rec in records:
        aid = str(rec.get("article_id"))
        if aid not in published:
            continue
        for p in pairs(aid, rec):
            when = rec.get("date") or published.get(aid)
            rows.append(
                _row(p, rec, when, str(rec.get("weapon") or ""), str(rec.get("sentence") or ""))
            )
    return rows


def _row(p: Pair, ev: Mapping[str, Any], when: Any, weapon: str, evidence: str) -> dict[str, Any]:
    return {
        "pair": p,
        "type": p[1],
        "action": str(ev.get("action") or ""),
        "category": str(ev.get("category") or "other"),
        "sources": "" if p[2] == "?" else p[2],
        "targets": "" if p[3] == "?" else p[3],
        "first_date": when,
        "last_date": when,
        "weapon": weapon,
        "evidence": evidence,
    }


def supported(rows: list[dict[str, Any]], entries: dict[str, pd.DataFrame]) -> dict[Pair, str]:
    """Each pair's highest level of support ('' none, 'unchecked' cannot be checked)."""
    if not rows:
        return {}
    frame = pd.DataFrame(rows)
    frame["id"] = [str(i) for i in range(len(frame))]
    _, full = match.match_frames(frame, entries)
    coarse_frame = frame.assign(category="other", action="")
    coarse_matches, _ = match.match_frames(coarse_frame, entries)
    coarse_ids = set(coarse_matches["event_id"])
    rank = {"": 0, "coarse": 1, "match": 2, "confirmed": 3, "unchecked": -1}
    out: dict[Pair, str] = {}
    for pid, eid, status in zip(frame["pair"], frame["id"], full["status"], strict=True):
        if status == "unchecked":
            level = "unchecked"
        elif status == "confirmed":
            level = "confirmed"
        elif status == "possible":
            level = "match"
        else:
            level = "coarse" if eid in coarse_ids else ""
        if pid not in out or rank[level] > rank[out[pid]]:
            out[pid] = level
    return out


def _shares(levels: Iterable[str]) -> dict[str, Any]:
    levels = list(levels)
    checked = [lv for lv in levels if lv != "unchecked"]
    n = len(checked)
    out: dict[str, Any] = {"pairs": n, "unchecked": len(levels) - n}
    for i, name in enumerate(LEVELS):
        hit = sum(1 for lv in checked if lv in LEVELS[i:])
        out[name] = round(hit / n, 4) if n else None
    return out


def support(
    gold: Gold, records: Iterable[Mapping[str, Any]], entries: dict[str, pd.DataFrame]
) -> dict[str, dict[str, Any]]:
    """Per event type whose register is given: the share of gold pairs, and of the
    tagger's true and false pairs, supported at each level."""
    gold_levels = supported(_gold_rows(gold), entries)
    pred_levels = supported(_record_rows(gold, records), entries)
    right = gold.required | gold.optional
    out: dict[str, dict[str, Any]] = {}
    for etype, kind in KIND_FOR_TYPE.items():
        if kind not in entries:
            continue
        mine = {p: lv for p, lv in pred_levels.items() if p[1] == etype}
        out[etype] = {
            "register": kind,
            "gold": _shares(lv for p, lv in gold_levels.items() if p[1] == etype),
            "tagger_true": _shares(lv for p, lv in mine.items() if p in gold.required),
            "tagger_false": _shares(lv for p, lv in mine.items() if p not in right),
        }
    return out


def table(result: Mapping[str, Mapping[str, Any]]) -> str:
    """One line per type and pair set: pairs checked, shares supported at each level."""
    head = f"{'pairs':38}  checked  unchecked  coarse   match  confirmed"
    lines = [head, "-" * len(head)]
    names = {"gold": "gold", "tagger_true": "tagger, true", "tagger_false": "tagger, false"}
    for etype, parts in result.items():
        for key, label in names.items():
            r = parts[key]
            cells = "  ".join(f"{'-' if r[lv] is None else f'{r[lv]:.0%}':>6}" for lv in LEVELS)
            what = f"{etype} vs {parts['register'].upper()}, {label}"
            lines.append(f"{what:38}  {r['pairs']:7d}  {r['unchecked']:9d}  {cells}")
    return "\n".join(lines)
