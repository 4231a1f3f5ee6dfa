"""News events against the registers: every event checked with SIPRI's trade register
(arms transfers) or the Global Sanctions Database (sanctions).

The rules are data (`etl/lexicons/register_matching.json`, whose comment states them in
full). The core (`match_sipri`, `match_gsdb`) is pure and vectorised: frames of events and
register entries in, a frame of matches out. Candidates come from one join on
(supplier or sender, recipient or target, year), with each entry spread over the years
it can match; categories, dates and weapon names are then judged on whole columns.

`match_events(engine)` is the incremental driver run after `etl run`, `etl retag` and
`etl registers load`: an event is matched again only when what matching reads changed
(the event, its mentions' weapons and actions, or the register edition of its kind).

Editions: each kind is matched against the entries of the last file loaded of that kind
(`RegisterLoad.loaded_at`); the loader stamps every row of a file with its load id, so
those are exactly that file's entries. Loading a newer edition therefore re-matches every
event of its kind; entries of earlier editions stay stored but are not matched.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, delete, select
from sqlmodel import Session, SQLModel, col

from etl import lexicons
from etl.models import GsdbCase, RegisterCheck, RegisterLoad, RegisterMatch, SipriDeal
from etl.records import CATEGORIES

KIND_FOR_TYPE = {"arms_transfer": "sipri", "sanction": "gsdb"}
STATUSES = ("confirmed", "possible", "news_only", "unchecked")
MATCH_COLUMNS = ["event_id", "kind", "entry_id", "score", "reason", "best"]
# A designation or weapon word: letters and digits, hyphens and dots inside ("S-400").
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-./][A-Za-z0-9]+)*")
_SEP = re.compile(r"[-./]")


def rules() -> dict[str, Any]:
    """The matching rules (schema-checked, cached)."""
    data: dict[str, Any] = lexicons.load("register_matching")
    return data


# --- weapon names ------------------------------------------------------------------------


def compact(word: str) -> str:
    """'S-400' -> 's400', 'MiG-21F' -> 'mig21f': how a designation is compared."""
    return _SEP.sub("", word).lower()


def designation_keys(designation: str, stopwords: frozenset[str]) -> list[str]:
    """The words of a SIPRI designation that name the weapon ('M-142 HIMARS' -> m142,
    himars): compacted, with a letter, at least 3 characters, not a generic word."""
    out: list[str] = []
    for word in _WORD.findall(designation):
        key = compact(word)
        if len(key) >= 3 and not key.isdigit() and key not in stopwords and key not in out:
            out.append(key)
    return out


def weapon_words(weapon: str, evidence: str) -> set[str]:
    """Words of an event that may name a weapon: all of its weapon field, and those of its
    evidence that are capitalised or hold a digit ('Rafale', 'F-16s', 'S-400')."""
    words = {compact(w) for w in _WORD.findall(weapon)}
    for w in _WORD.findall(evidence):
        if w[0].isupper() or any(c.isdigit() for c in w):
            words.add(compact(w))
    return {w for w in words if len(w) >= 3}


def key_hits(
    words: Sequence[str], keys: Sequence[str], min_similarity: float
) -> dict[str, set[str]]:
    """For each event word, the designation keys it names: rapidfuzz's ratio of at least
    `min_similarity` ('rafales' ~ 'rafale', 'mig21' ~ 'mig21f'), among keys sharing its
    first three characters; a key of 3 characters only when equal, or with a plural 's'."""
    from rapidfuzz import fuzz, process

    short = {k for k in keys if len(k) == 3}
    buckets: dict[str, list[str]] = {}
    for k in keys:
        if len(k) > 3:
            buckets.setdefault(k[:3], []).append(k)
    out: dict[str, set[str]] = {}
    for w in words:
        hits = {k for k in (w, w[:-1] if w.endswith("s") else "") if k in short}
        bucket = buckets.get(w[:3])
        if bucket and len(w) > 3:
            found = process.extract(
                w, bucket, scorer=fuzz.ratio, score_cutoff=min_similarity, limit=None
            )
            hits.update(k for k, _score, _i in found)
        if hits:
            out[w] = hits
    return out


# --- frames --------------------------------------------------------------------------------


def _year_of(values: pd.Series) -> np.ndarray:
    """The year of dates given as dates or ISO text of any precision (-1 when none):
    the first four characters when they are ASCII digits, so that mixed formats in one
    column never turn to NaT. Judged once per distinct value (events share their days),
    on whole arrays: the four code points of each text."""
    if pd.api.types.infer_dtype(values, skipna=True) == "date":  # as the store reads them
        try:
            days = pd.DatetimeIndex(values.to_numpy(dtype=object))
            return np.where(days.isna(), -1, days.year).astype(np.int64)
        except ValueError:  # a day out of pandas' range: read as text below
            pass
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    if not len(uniques):
        return np.full(len(codes), -1, dtype=np.int64)
    head = uniques.astype(str).astype("U4")
    points = head.view(np.uint32).reshape(-1, 4).astype(np.int64) - ord("0")
    digits = ((points >= 0) & (points <= 9)).all(axis=1)
    years = np.where(digits, points @ np.array([1000, 100, 10, 1], dtype=np.int64), -1)
    return np.where(codes < 0, -1, years[codes])


def _years(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """First and last year of each event (-1 when undated)."""
    y0 = _year_of(events["first_date"])
    y1 = _year_of(events["last_date"])
    y1 = np.where(y1 < 0, y0, y1)
    return y0, np.maximum(y0, y1)


def _split_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row, code) for every non-empty code of '|'-joined texts, in row order: each
    distinct text split once (events share a few thousand party lists)."""
    codes, uniques = pd.factorize(values.fillna("").to_numpy(dtype=object))
    parts = [[c for c in str(u).split("|") if c] for u in uniques]
    flat = np.array([c for p in parts for c in p], dtype=object)
    n = np.array([len(p) for p in parts], dtype=np.int64)
    have = codes >= 0
    rows = np.flatnonzero(have)
    count = n[codes[have]]
    start = (np.cumsum(n) - n)[codes[have]]
    row, at = _spread(rows, start, start + count - 1)
    return row, flat[at] if len(at) else np.array([], dtype=object)


def _pairs(events: pd.DataFrame) -> pd.DataFrame:
    """(event index, source, target) for every source x target of each event."""
    s_row, src = _split_codes(events["sources"])
    t_row, tgt = _split_codes(events["targets"])
    nt = np.bincount(t_row, minlength=len(events))
    t_start = np.cumsum(nt) - nt
    # Each source of an event paired with every target of that event.
    s_at, t_at = _spread(np.arange(len(s_row)), t_start[s_row], t_start[s_row] + nt[s_row] - 1)
    return pd.DataFrame({"eidx": s_row[s_at], "src": src[s_at], "tgt": tgt[t_at]})


def _spread(idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, year) for every year of each [lo, hi] span."""
    n = np.maximum(hi - lo + 1, 0)
    rep = np.repeat(idx, n)
    start = np.repeat(lo, n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return rep, start + offset


def _candidates(
    events: pd.DataFrame,
    ev_years: tuple[np.ndarray, np.ndarray],
    entries: pd.DataFrame,
    win: tuple[np.ndarray, np.ndarray],
) -> pd.DataFrame:
    """(eidx, xidx, year): an event pair and an entry pair with the same source and target
    in a year of both spans. One integer key per (source, target, year) for the join."""
    ev = _pairs(events.reset_index(drop=True))
    y0, y1 = ev_years
    ok = y0[ev["eidx"].to_numpy()] >= 0
    ev = ev[ok]
    if ev.empty or entries.empty:
        return pd.DataFrame({"eidx": [], "xidx": [], "year": []}, dtype="int64")
    codes = pd.Index(
        pd.unique(np.concatenate([ev["src"], ev["tgt"], entries["src"], entries["tgt"]]))
    )
    n = len(codes)
    e_pair = codes.get_indexer(ev["src"]) * n + codes.get_indexer(ev["tgt"])
    x_pair = codes.get_indexer(entries["src"]) * n + codes.get_indexer(entries["tgt"])
    # Only entry pairs that some event has, so the spread stays small.
    keep = np.isin(x_pair, np.unique(e_pair))
    xi = np.flatnonzero(keep)
    x_rep, x_year = _spread(xi, win[0][xi], win[1][xi])
    x_key = x_pair[x_rep] * 4096 + (x_year - 1800)
    ei = ev["eidx"].to_numpy()
    e_rows = np.arange(len(ev))
    e_rep, e_year = _spread(e_rows, y0[ei], y1[ei])
    e_key = e_pair[e_rep] * 4096 + (e_year - 1800)
    left = pd.DataFrame({"key": e_key, "eidx": ei[e_rep], "year": e_year})
    right = pd.DataFrame({"key": x_key, "xidx": entries["xidx"].to_numpy()[x_rep]})
    both = left.merge(right, on="key", how="inner")
    return both[["eidx", "xidx", "year"]]


def _best_rows(found: pd.DataFrame, limit: int) -> pd.DataFrame:
    """One row per (event, entry), the highest score first; at most `limit` per event,
    ties broken by the entry's id order (xidx), so the result is deterministic. Sorted
    on whole integer arrays (a frame sort on four keys cost seconds at a million)."""
    e, x = found["eidx"].to_numpy(), found["xidx"].to_numpy()
    order = np.lexsort((found["year"].to_numpy(), x, -found["score"].to_numpy(), e))
    # The first row of each (event, entry) in that order: its best year.
    pair = (e.astype(np.int64) * (int(x.max()) + 1) + x)[order] if len(order) else order
    _, first = np.unique(pair, return_index=True)
    order = order[np.sort(first)]
    e_sorted = e[order]
    starts = np.flatnonzero(np.r_[True, e_sorted[1:] != e_sorted[:-1]]) if len(order) else order
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep = rank < limit
    out = found.iloc[order[keep]].copy()
    out["best"] = rank[keep] == 0
    return out


# `_WORD` or a line break, to find the words of many texts joined by line breaks at once.
_WORD_OR_BREAK = re.compile(r"\n|" + _WORD.pattern)


def _text_words(texts: pd.Series, *, every: bool) -> tuple[np.ndarray, np.ndarray]:
    """(row, word) for the compacted words of each text that may name a weapon (all of
    them with `every`, else the capitalised ones and those with a digit, as
    `weapon_words`): each distinct text read once, all of them by one regex pass over
    their join, each distinct word judged once."""
    codes, uniques = pd.factorize(texts.fillna("").astype(str).to_numpy(dtype=object))
    if not len(uniques):
        return np.zeros(0, dtype=np.int64), np.array([], dtype=object)
    joined = "\n".join(uniques)
    if joined.count("\n") == len(uniques) - 1:  # no text holds a line break of its own
        w_codes, w_uniques = pd.factorize(np.array(_WORD_OR_BREAK.findall(joined), dtype=object))
        brk = w_codes == pd.Index(w_uniques).get_indexer(["\n"])[0]
        text_of, w_codes = np.cumsum(brk)[~brk], w_codes[~brk]
    else:
        found = pd.Series(uniques, dtype=object).str.findall(_WORD).explode().dropna()
        text_of = found.index.to_numpy()
        w_codes, w_uniques = pd.factorize(found.to_numpy(dtype=object))
    words = pd.Series(w_uniques, dtype=object)
    keep = words.str.len() >= 1 if every else words.str.contains(r"^[A-Z]|\d", regex=True)
    words = words.str.replace(_SEP, "", regex=True).str.lower()
    keep = (keep & (words.str.len() >= 3)).to_numpy()
    ok = keep[w_codes]
    text_word = pd.DataFrame({"text": text_of[ok], "word": words.to_numpy()[w_codes[ok]]})
    rows = pd.DataFrame({"row": np.arange(len(codes)), "text": codes})
    both = rows.merge(text_word.drop_duplicates(), on="text")
    return both["row"].to_numpy(), both["word"].to_numpy()


def _event_words(events: pd.DataFrame) -> pd.DataFrame:
    """(eidx, word): the compacted words of each event that may name a weapon (as
    `weapon_words`), found on whole columns at once."""
    parts = []
    for column, every in (("weapon", True), ("evidence", False)):
        row, word = _text_words(events[column], every=every)
        parts.append(pd.DataFrame({"eidx": events.index.to_numpy()[row], "word": word}))
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def _weapon_match(
    cand: pd.DataFrame, events: pd.DataFrame, deals: pd.DataFrame, r: dict[str, Any]
) -> np.ndarray:
    """Whether the event names the candidate deal's weapon, per candidate row."""
    if cand.empty:
        return np.zeros(0, dtype=bool)
    stop = frozenset(r["designation_stopwords"])
    used = np.unique(cand["xidx"].to_numpy())
    designations = deals["designation"].astype(str).to_numpy()
    keys = {d: designation_keys(d, stop) for d in pd.unique(designations[used])}
    d_rows = [(int(i), k) for i in used for k in keys[designations[i]]]
    ev_used = np.unique(cand["eidx"].to_numpy())
    words = _event_words(events.iloc[ev_used].set_axis(ev_used))
    vocab = sorted({k for _, k in d_rows})
    hits = key_hits(words["word"].unique().tolist(), vocab, r["weapon_min_similarity"])
    if not d_rows or not hits:
        return np.zeros(len(cand), dtype=bool)
    names = pd.DataFrame([(w, k) for w, ks in hits.items() for k in ks], columns=["word", "key"])
    ek = words.merge(names, on="word")[["eidx", "key"]].drop_duplicates()
    dk = pd.DataFrame(d_rows, columns=["xidx", "key"])
    # Only the candidates of events that name some designation can match one.
    some = cand[["eidx", "xidx"]][np.isin(cand["eidx"].to_numpy(), ek["eidx"].unique())]
    named = some.drop_duplicates().merge(ek, on="eidx").merge(dk, on=["xidx", "key"])
    n = len(deals)
    hit = np.unique(named["eidx"].to_numpy() * n + named["xidx"].to_numpy())
    return np.isin(cand["eidx"].to_numpy() * n + cand["xidx"].to_numpy(), hit)


def _action_flags(events: pd.DataFrame, *groups: tuple[str, ...]) -> list[np.ndarray]:
    """For each group of words, whether each event's actions ('|'-joined) hold one of
    them: the column factorized once, each distinct action text (there are few) judged
    once per group."""
    codes, uniques = pd.factorize(events["action"].fillna("").to_numpy(dtype=object))
    out = []
    for words in groups:
        hit = np.array([any(w in str(u) for w in words) for u in uniques], dtype=bool)
        out.append(hit[codes] if len(codes) else np.zeros(0, dtype=bool))
    return out


# --- SIPRI ---------------------------------------------------------------------------------


def match_sipri(
    events: pd.DataFrame, deals: pd.DataFrame, years: tuple[np.ndarray, np.ndarray] | None = None
) -> pd.DataFrame:
    """Matches of arms-transfer events (columns id, action, category, sources, targets,
    first_date, last_date, weapon, evidence; action may be several, '|'-joined) to SIPRI
    deals (SipriDeal columns); `years`: the events' `_years`, when already read.
    Returns MATCH_COLUMNS."""
    r = rules()["sipri"]
    limit = rules()["max_matches_per_event"]
    events = events.reset_index(drop=True)
    deals = deals.sort_values("id").reset_index(drop=True)
    deals["xidx"] = np.arange(len(deals))
    deals["src"], deals["tgt"] = deals["supplier_code"], deals["recipient_code"]
    order = deals["order_year"].fillna(-1).astype("int64").to_numpy()
    d_first = deals["delivery_first"].fillna(-1).astype("int64").to_numpy()
    d_last = deals["delivery_last"].fillna(-1).astype("int64").to_numpy()
    tol = r["year_tolerance"]
    win = (order - tol, np.maximum(order, d_last) + tol)
    y0, y1 = years or _years(events)
    cand = _candidates(events, (y0, y1), deals, win)
    if cand.empty:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    e, x = cand["eidx"].to_numpy(), cand["xidx"].to_numpy()
    cats = list(CATEGORIES["arms_transfer"])
    other = cats.index("other")
    compat = np.eye(len(cats), dtype=bool)
    compat[other, :] = compat[:, other] = True
    for a, b in r["related_categories"]:
        compat[cats.index(a), cats.index(b)] = compat[cats.index(b), cats.index(a)] = True
    e_cat = _codes(events["category"], cats, other)[e]
    x_cat = _codes(deals["category"], cats, other)[x]
    ok = compat[e_cat, x_cat]
    cand, e, x, e_cat, x_cat = cand[ok], e[ok], x[ok], e_cat[ok], x_cat[ok]
    delivered, sold, pledged = (
        flags[e] for flags in _action_flags(events, ("delivered",), ("sold",), ("pledged",))
    )
    anything = ~(delivered | sold | pledged)
    a0, a1 = y0[e], y1[e]
    has_delivery = d_first[x] >= 0
    fits_delivery = has_delivery & (a0 <= d_last[x]) & (a1 >= d_first[x])
    fits_order = (a0 <= order[x]) & (a1 >= order[x])
    fits_pledge = (a0 <= order[x]) & (a1 >= order[x] - 1)
    dates_fit = (
        ((delivered | anything) & fits_delivery)
        | ((sold | anything) & fits_order)
        | (pledged & fits_pledge)
    )
    same_cat = (e_cat == x_cat) & (e_cat != other)
    named = _weapon_match(cand, events, deals, r)
    s = r["score"]
    score = s["base"] + s["dates_fit"] * dates_fit + s["same_category"] * same_cat
    score = np.round(score + s["weapon"] * named, 4)
    found = cand.assign(score=score, fit=dates_fit, same=same_cat, named=named)
    found = _best_rows(found, limit)
    heads = _sipri_heads(deals, found["xidx"].unique())
    reasons = _joined(
        heads[found["xidx"].to_numpy()],
        (found["named"].to_numpy(), "; weapon name matches"),
        (found["fit"].to_numpy(), "; dates fit"),
        (
            found["same"].to_numpy(),
            "; same category ("
            + deals["category"].to_numpy(dtype=object)[found["xidx"].to_numpy()]
            + ")",
        ),
    )
    return pd.DataFrame(
        {
            "event_id": events["id"].to_numpy()[found["eidx"].to_numpy()],
            "kind": "sipri",
            "entry_id": deals["id"].to_numpy()[found["xidx"].to_numpy()],
            "score": found["score"].to_numpy(),
            "reason": reasons,
            "best": found["best"].to_numpy(),
        }
    )


def _codes(values: pd.Series, names: list[str], default: int) -> np.ndarray:
    """Category names -> their index in `names` (unknown: `default`)."""
    got = pd.Index(names).get_indexer(values.fillna("").astype(str))
    return np.where(got < 0, default, got)


def _num(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _joined(heads: np.ndarray, *parts: tuple[np.ndarray, Any]) -> list[str]:
    """Reason strings: each head, then each part's words where its flag is set."""
    out = heads.astype(object)
    for flag, words in parts:
        out = out + np.where(flag, words, "")
    return list(out.tolist())


def _sipri_heads(deals: pd.DataFrame, used: np.ndarray) -> np.ndarray:
    """'SIPRI: France -> Egypt, 24 Rafale (FGA aircraft) ordered 2015, delivered
    2016-2020' for the deals in `used` (others stay empty)."""
    heads = np.full(len(deals), "", dtype=object)
    cols = {c: deals[c].to_numpy(dtype=object) for c in deals.columns}
    for i in used:
        number = _num(cols["number_ordered"][i])
        design = cols["designation"][i]
        what = f"{number} {design}" if number is not None else str(design)
        order = (
            f"ordered {_num(cols['order_year'][i])}{'?' if cols['order_year_uncertain'][i] else ''}"
        )
        first, last = _num(cols["delivery_first"][i]), _num(cols["delivery_last"][i])
        if first is None:
            delivered = "no delivery recorded"
        elif first == last:
            delivered = f"delivered {first}"
        else:
            delivered = f"delivered {first}-{last}"
        heads[i] = (
            f"SIPRI: {cols['supplier'][i]} -> {cols['recipient'][i]}, {what} "
            f"({cols['description'][i]}) {order}, {delivered}"
        )
    return heads


# --- GSDB ----------------------------------------------------------------------------------


def match_gsdb(
    events: pd.DataFrame,
    cases: pd.DataFrame,
    until: int | None = None,
    years: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Matches of sanction events (as for `match_sipri`) to GSDB cases (GsdbCase columns).
    A case with an open end is in force up to `until` (default: this year or the latest
    event year). Returns MATCH_COLUMNS."""
    r = rules()["gsdb"]
    limit = rules()["max_matches_per_event"]
    events = events.reset_index(drop=True)
    cases = cases.sort_values("id").reset_index(drop=True)
    y0, y1 = years or _years(events)
    until = until or max(date.today().year, int(y1.max()) if len(y1) else 0)
    # One row per sender x target of each case.
    senders = cases["sender_codes"].str.split("|").explode().rename("src")
    targets = cases["target_codes"].str.split("|").explode().rename("tgt")
    sides = pd.DataFrame(senders).join(targets, how="inner")
    spread = pd.DataFrame(
        {
            "xidx": sides.index.to_numpy(),
            "src": sides["src"].to_numpy(),
            "tgt": sides["tgt"].to_numpy(),
        }
    )
    begin = cases["begin_year"].astype("int64").to_numpy()
    end = cases["end_year"].fillna(until).astype("int64").to_numpy()
    lead = r["threat_lead_years"]
    xi = spread["xidx"].to_numpy()
    cand = _candidates(events, (y0, y1), spread, (begin[xi] - lead, end[xi]))
    if cand.empty:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    e, x, year = cand["eidx"].to_numpy(), cand["xidx"].to_numpy(), cand["year"].to_numpy()
    groups = (("threatened",), ("imposed",), ("lifted", "eased"))
    threatened, imposed, ends = (flags[e] for flags in _action_flags(events, *groups))
    starts = imposed | threatened
    in_force = (year >= begin[x]) | threatened
    cats = list(CATEGORIES["sanction"])
    other = cats.index("other")
    bits = {c: 1 << i for i, c in enumerate(cats)}
    case_mask = np.array(
        [sum(bits[c] for c in str(cs).split("|") if c in bits) for cs in cases["categories"]],
        dtype=np.int64,
    )[x]
    supports = np.array([sum(bits[c] for c in r["types"][name]) for name in cats], dtype=np.int64)
    e_cat = _codes(events["category"], cats, other)[e]
    compatible = (supports[e_cat] & case_mask) != 0
    same_type = (e_cat != other) & ((np.left_shift(1, e_cat) & case_mask) != 0)
    opened = starts & (year >= begin[x] - np.where(threatened, lead, 0)) & (year <= begin[x])
    closed = ends & (year == end[x]) & cases["end_year"].notna().to_numpy()[x]
    edge = opened | closed
    ok = in_force & compatible
    s = r["score"]
    score = np.round(s["base"] + s["same_type"] * same_type + s["starts_or_ends"] * edge, 4)
    found = cand.assign(score=score, same=same_type, edge=edge)[ok]
    found = _best_rows(found, limit)
    xs, at = found["xidx"].to_numpy(), found["year"].to_numpy()
    heads = _gsdb_heads(cases, found["xidx"].unique())
    before = at < begin[xs]
    when = np.where(before, "; threatened in ", "; in force in ") + at.astype(str).astype(object)
    reasons = _joined(
        heads[xs] + when,
        (before, ", the year before it began"),
        (found["same"].to_numpy(), "; type matches"),
        (found["edge"].to_numpy(), "; begins or ends that year"),
    )
    return pd.DataFrame(
        {
            "event_id": events["id"].to_numpy()[found["eidx"].to_numpy()],
            "kind": "gsdb",
            "entry_id": cases["id"].to_numpy()[found["xidx"].to_numpy()],
            "score": found["score"].to_numpy(),
            "reason": reasons,
            "best": found["best"].to_numpy(),
        }
    )


def _gsdb_heads(cases: pd.DataFrame, used: np.ndarray) -> np.ndarray:
    """'GSDB case 12: EU -> Myanmar, 1996-2022 (trade, arms, financial)' for the cases in
    `used` (others stay empty)."""
    heads = np.full(len(cases), "", dtype=object)
    cols = {c: cases[c].to_numpy(dtype=object) for c in cases.columns}
    for i in used:
        begin, end = cols["begin_year"][i], _num(cols["end_year"][i])
        span = f"{begin}-{end}" if end is not None else f"since {begin}"
        types = ", ".join(str(cols["categories"][i]).split("|"))
        heads[i] = (
            f"GSDB case {cols['case_id'][i]}: {cols['senders'][i]} -> {cols['targets'][i]},"
            f" {span} ({types})"
        )
    return heads


# --- the store -----------------------------------------------------------------------------


@dataclass
class MatchSummary:
    """What one `match_events` did."""

    events: int = 0  # events in the database
    checked: int = 0  # (re)matched this time
    dropped: int = 0  # checks of events that are gone
    matches: int = 0  # matches written
    statuses: dict[str, int] = field(default_factory=dict)  # of the events checked now
    loads: dict[str, str] = field(default_factory=dict)  # kind -> the load matched against
    seconds: float = 0.0

    def line(self) -> str:
        if not self.checked and not self.dropped:
            return f"registers: {self.events} events, none new or changed; nothing to match"
        counts = ", ".join(f"{self.statuses.get(s, 0)} {s}" for s in STATUSES)
        return (
            f"registers: {self.checked} events matched ({counts}), {self.matches} matches;"
            f" {self.dropped} gone; in {self.seconds:.1f} s"
        )


def active_loads(session: Session) -> dict[str, RegisterLoad]:
    """The load each register kind is matched against: the last file loaded of that kind."""
    out: dict[str, RegisterLoad] = {}
    rows = session.execute(
        select(RegisterLoad).order_by(col(RegisterLoad.loaded_at), col(RegisterLoad.id))
    ).scalars()
    for row in rows:
        out[row.kind] = row  # later loads overwrite earlier ones
    return out


EVENT_COLUMNS = [
    "id",
    "type",
    "action",
    "category",
    "sources",
    "targets",
    "first_date",
    "last_date",
    "weapon",
    "evidence",
]
# Weapon and evidence only of arms transfers: sanctions are matched without them, so
# neither is read nor fingerprinted (a new representative sentence changes no check).
_ARMS_ONLY = ("weapon", "evidence")
EVENT_SQL = "SELECT {} FROM event ORDER BY id".format(
    ", ".join(
        f"CASE WHEN type = 'arms_transfer' THEN {c} END AS {c}" if c in _ARMS_ONLY else c
        for c in EVENT_COLUMNS
    )
)
MENTION_SQL = "SELECT event_id, id, weapon, action FROM mention WHERE event_id IS NOT NULL"
CHECKED_SQL = "SELECT event_id, fingerprint FROM registercheck"


def _read(engine: Engine, sql: str) -> pd.DataFrame:
    """A query's rows as a frame, fetched straight from the driver's cursor: no row
    objects per row, which cost more than the query on a million rows."""
    with engine.connect() as conn:
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cur.execute(sql)
            names = [d[0] for d in cur.description]
            return pd.DataFrame.from_records(cur.fetchall(), columns=names)
        finally:
            cur.close()


def _hex(values: np.ndarray) -> np.ndarray:
    """uint64 hashes -> 16-digit lowercase hex texts, on the whole array."""
    digits = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    raw = values.astype(">u8").view(np.uint8).reshape(-1, 8)
    pairs = np.stack([digits[raw >> 4], digits[raw & 15]], axis=2).reshape(-1, 16)
    return np.ascontiguousarray(pairs).view("S16").ravel().astype(str)


_MIX = np.uint64(0x100000001B3)  # the FNV-64 prime: mixes one column's hash into the next


def _column_hash(values: pd.Series) -> np.ndarray:
    """uint64 hash of each value of one column. Texts (and None) are hashed as they are,
    no copy or factorizing (a million ids are all distinct); dates as PostgreSQL gives
    them are hashed as their ISO text, as SQLite gives them."""
    array = values.to_numpy(dtype=object) if values.dtype == object else values.to_numpy()
    if array.dtype == object and len(array) and not isinstance(array[0], str | None):
        array = values.astype(str).to_numpy(dtype=object)
    return np.asarray(pd.util.hash_array(array, categorize=False), dtype=np.uint64)


def _fingerprints(events: pd.DataFrame, mentions: pd.DataFrame, loads: dict[str, str]) -> pd.Series:
    """A hash of everything matching reads for each event (its columns, its mentions' ids,
    weapons and actions, the register load of its kind): equal means nothing to redo.
    Column by column on whole arrays: no frame of texts is built for it."""
    n = len(events)
    if mentions.empty:
        m_sum = np.zeros(n, dtype=np.uint64)
        m_n = np.zeros(n, dtype=np.uint64)
    else:
        h = pd.util.hash_pandas_object(mentions[["id", "weapon", "action"]], index=False)
        part = pd.DataFrame({"event_id": mentions["event_id"], "h": h.to_numpy() >> np.uint64(1)})
        grouped = part.groupby("event_id")["h"]
        ids = events["id"]
        m_sum = grouped.sum().reindex(ids, fill_value=0).to_numpy().astype(np.uint64)
        m_n = grouped.size().reindex(ids, fill_value=0).to_numpy().astype(np.uint64)
    load_of = {t: loads.get(k, "") for t, k in KIND_FOR_TYPE.items()}
    load = events["type"].map(load_of).fillna("")
    acc = np.zeros(n, dtype=np.uint64)
    columns = [events[c] for c in events.columns if c != "id"]
    for values in (*columns, load, pd.Series(m_sum), pd.Series(m_n)):
        acc = (acc * _MIX) ^ _column_hash(values)
    return pd.Series(_hex(acc), index=events.index)


FALLBACK_SQL = (
    "SELECT m.event_id, m.id, m.weapon, m.action, m.sentence"
    " FROM mention m JOIN {ids} n ON n.id = m.event_id"
)


def _mention_fields(engine: Engine, ids: list[str]) -> pd.DataFrame:
    """The mentions of these events (event_id, id, weapon, action, sentence): one join
    with the ids put in a temporary table, however many they are."""
    if not ids:
        return pd.DataFrame(columns=["event_id", "id", "weapon", "action", "sentence"])
    need = Table(
        "match_need", MetaData(), Column("id", String(32), primary_key=True), prefixes=["TEMPORARY"]
    )
    with engine.begin() as conn:
        need.drop(conn, checkfirst=True)  # left on a pooled connection by a crash
        need.create(conn)
        mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(f"INSERT INTO match_need (id) VALUES ({mark})", [(i,) for i in ids])
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cur.execute(FALLBACK_SQL.format(ids="match_need"))
        rows = cur.fetchall()
        cur.close()
        need.drop(conn)
    names = ["event_id", "id", "weapon", "action", "sentence"]
    return pd.DataFrame.from_records(rows, columns=names)


def _joined_per_event(
    m: pd.DataFrame, column: str, sep: str, *, skip_empty: bool, ordered: bool
) -> pd.Series:
    """Each event's distinct values of one mention column, joined by `sep`: in mention id
    order (or sorted), empty ones left out with `skip_empty`. Most events have one
    mention, so only the others go through a join per group."""
    v = m[["event_id", column]]
    if skip_empty:
        v = v[v[column] != ""]
    v = v.drop_duplicates()
    if ordered:
        v = v.sort_values(["event_id", column], kind="stable")
    several = v["event_id"].duplicated(keep=False).to_numpy()
    one = v[~several].set_index("event_id")[column]
    many = v[several].groupby("event_id", sort=False)[column].agg(sep.join)
    return pd.concat([one, many])


def _is_empty(values: pd.Series) -> np.ndarray:
    """Whether each text is empty or missing: one truth test per value (comparing a
    million objects with "" costs ten times more)."""
    array = values.to_numpy(dtype=object)
    return ~array.astype(bool) | pd.isna(array)


def _with_mention_fallback(
    engine: Engine, events: pd.DataFrame, mentions: pd.DataFrame
) -> pd.DataFrame:
    """Events whose grouping left weapon, action or evidence empty take their mentions'
    (every weapon, action and sentence of the event's mentions). Only what matching reads
    is filled: the action of every event, the weapon and evidence of arms transfers
    (sanctions are matched on their parties, dates, action and category). Weapons and
    actions come from `mentions` (MENTION_SQL, already read); sentences are read only
    for the events that lack evidence."""
    arms = (events["type"] == "arms_transfer").to_numpy()
    empty = {c: _is_empty(events[c]) for c in ("weapon", "action", "evidence")}
    need = {"action": empty["action"], "weapon": arms & empty["weapon"]}
    lookup = events.loc[need["action"] | need["weapon"], "id"]
    fallbacks: dict[str, tuple[pd.Series, pd.Series]] = {}
    if len(lookup) and not mentions.empty:
        m = mentions[mentions["event_id"].isin(lookup)].fillna("")
        m = m.sort_values(["event_id", "id"], kind="stable")
        fallbacks["weapon"] = (
            _joined_per_event(m, "weapon", " ", skip_empty=True, ordered=False),
            m["event_id"],
        )
        fallbacks["action"] = (
            _joined_per_event(m, "action", "|", skip_empty=True, ordered=True),
            m["event_id"],
        )
    need["evidence"] = arms & empty["evidence"]
    if need["evidence"].any():
        m = _mention_fields(engine, events.loc[need["evidence"], "id"].tolist()).fillna("")
        m = m.sort_values(["event_id", "id"], kind="stable")
        sentence = _joined_per_event(m, "sentence", " ", skip_empty=False, ordered=False)
        fallbacks["evidence"] = (sentence, m["event_id"])
    if fallbacks:
        events = events.copy()
    for column, (fallback, holders) in fallbacks.items():
        # an event with mentions but no value among them gets "", as a join of none
        got = events["id"].map(fallback)
        got = got.where(got.notna() | ~events["id"].isin(holders), "")
        events[column] = events[column].where(~need[column], got)
    return events


def read_entries(engine: Engine, kind: str, load_id: str) -> pd.DataFrame:
    """The entries of one register load, as a frame of their table's columns."""
    table = SipriDeal if kind == "sipri" else GsdbCase
    with engine.connect() as conn:
        result = conn.execute(select(table).where(col(table.load_id) == load_id))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def match_frames(
    events: pd.DataFrame, entries: dict[str, pd.DataFrame]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(matches, checks) for these events against the entries of each loaded kind.
    `checks`: event_id, kind, status, best_score. Pure."""
    parts = []
    y0, y1 = _years(events)  # once: reading dates costs more than any rule
    for etype, kind in KIND_FOR_TYPE.items():
        if kind not in entries:
            continue
        mask = (events["type"] == etype).to_numpy()
        these = events[mask]
        if these.empty or entries[kind].empty:
            continue
        if kind == "sipri":
            parts.append(match_sipri(these, entries[kind], years=(y0[mask], y1[mask])))
        else:
            parts.append(match_gsdb(these, entries[kind], years=(y0[mask], y1[mask])))
    parts = [p for p in parts if not p.empty]
    matches = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=MATCH_COLUMNS)
    best = matches[matches["best"].astype(bool)].set_index("event_id")["score"].astype(float)
    kind = events["type"].map(KIND_FOR_TYPE).fillna("")
    score = events["id"].map(best)
    checkable = (
        kind.isin(list(entries)).to_numpy()
        & (y0 >= 0)
        & (events["sources"].fillna("") != "").to_numpy()
        & (events["targets"].fillna("") != "").to_numpy()
    )
    confirmed_at = rules()["confirmed_at"]
    status = np.select(
        [~checkable, score.to_numpy() >= confirmed_at, score.notna().to_numpy()],
        ["unchecked", "confirmed", "possible"],
        default="news_only",
    )
    checks = pd.DataFrame(
        {"event_id": events["id"], "kind": kind, "status": status, "best_score": score}
    )
    return matches, checks


def match_events(engine: Engine, *, everything: bool = False) -> MatchSummary:
    """Match the events that are new or changed since they were last matched (all of them
    with `everything`, or when a register of their kind was loaded anew) and drop the
    matches of events that are gone. One transaction; running it again changes nothing."""
    t0 = time.perf_counter()
    summary = MatchSummary()
    with Session(engine) as session:
        loads = active_loads(session)
    summary.loads = {k: v.id for k, v in loads.items()}
    old = _read(engine, CHECKED_SQL)
    events = _read(engine, EVENT_SQL)
    summary.events = len(events)
    mentions = _read(engine, MENTION_SQL)
    if events.empty:
        events = pd.DataFrame(columns=EVENT_COLUMNS)
    if old.empty:
        old = pd.DataFrame(columns=["event_id", "fingerprint"])
    fp = _fingerprints(events, mentions, summary.loads)
    before = events["id"].map(old.set_index("event_id")["fingerprint"])
    stale = fp.to_numpy() != before.to_numpy() if len(events) else np.zeros(0, bool)
    if everything:
        stale[:] = True
    todo = events[stale].assign(fingerprint=fp[stale])
    gone = sorted(old["event_id"][~old["event_id"].isin(events["id"])].tolist())
    # Every stored check redone or gone (a first match, a new edition): rewrite whole.
    all_old = not before[~stale].notna().any()
    summary.checked, summary.dropped = len(todo), len(gone)
    if todo.empty and not gone:
        summary.seconds = time.perf_counter() - t0
        return summary
    todo = _with_mention_fallback(engine, todo, mentions)
    entries = {k: read_entries(engine, k, lid) for k, lid in summary.loads.items()}
    matches, checks = match_frames(todo, entries)
    checks = checks.assign(
        fingerprint=todo["fingerprint"].to_numpy(),
        load_id=checks["kind"].map(lambda k: summary.loads.get(k, "")),
    )
    summary.matches = len(matches)
    summary.statuses = checks["status"].value_counts().to_dict()
    redone = todo["id"].tolist()
    _write(engine, redone, gone, all_old, matches, checks)
    summary.seconds = time.perf_counter() - t0
    return summary


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple[Any, ...]]:
    """Plain Python tuples for executemany (NaN as NULL)."""
    cols = []
    for c in columns:
        values = frame[c]
        if values.dtype.kind == "f":
            cols.append([None if v != v else v for v in values.tolist()])
        else:
            cols.append(values.tolist())
    return list(zip(*cols, strict=True))


def _insert(conn: Connection, name: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert plain tuples: COPY on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.close()
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([mark] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows)


CHECK_COLUMNS = ["event_id", "kind", "load_id", "fingerprint", "status", "best_score"]
# A table rewritten whole with at least this many rows gets its secondary indexes built
# after the rows are in (SQLite): one sort per index instead of a million random inserts.
REINDEX_ROWS = 50_000


def _write(
    engine: Engine,
    redone: list[str],
    gone: list[str],
    all_old: bool,
    matches: pd.DataFrame,
    checks: pd.DataFrame,
) -> None:
    """Replace the checks and matches of the redone and gone events, in one transaction:
    deletes, then the rows as plain tuples, checks in primary-key order (event id, as
    EVENT_SQL reads them), matches numbered by the database, one executemany (COPY on
    PostgreSQL) per table. The ORM's bulk insert split rows into many
    small statements whenever a NULL came and went."""
    from etl.store import _chunks

    drop = redone + gone
    matches = matches.assign(
        best=matches["best"].to_numpy().astype(bool),
        score=matches["score"].to_numpy().astype(float),
    )
    match_cols = list(MATCH_COLUMNS)
    checks = checks.astype({"best_score": float})
    writes = (
        ("registercheck", CHECK_COLUMNS, _rows(checks, CHECK_COLUMNS)),
        ("registermatch", match_cols, _rows(matches, match_cols)),
    )
    with engine.begin() as conn:
        if all_old:  # every stored check is redone or gone: cheaper than deletes by chunk
            conn.execute(delete(RegisterMatch))
            conn.execute(delete(RegisterCheck))
        else:
            for chunk in _chunks(drop):
                conn.execute(delete(RegisterMatch).where(col(RegisterMatch.event_id).in_(chunk)))
                conn.execute(delete(RegisterCheck).where(col(RegisterCheck.event_id).in_(chunk)))
        for table, columns, rows in writes:
            reindex = all_old and len(rows) >= REINDEX_ROWS and conn.dialect.name == "sqlite"
            indexes = list(SQLModel.metadata.tables[table].indexes) if reindex else []
            for index in indexes:
                index.drop(conn)
            _insert(conn, table, columns, rows)
            for index in indexes:
                index.create(conn)


def upgrade(engine: Engine) -> list[str]:
    """A database whose matches have text ids (the first layout) loses its checks and
    matches, which are derived: the next `match_events` (run, retag, registers load or
    match) checks every event again. Returns the `note:` message for that."""
    from sqlalchemy import Integer, inspect, text

    insp = inspect(engine)
    if "registermatch" not in insp.get_table_names():
        return []
    ids = [c for c in insp.get_columns("registermatch") if c["name"] == "id"]
    if ids and isinstance(ids[0]["type"], Integer):
        return []
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE registermatch"))
        conn.execute(text("DROP TABLE IF EXISTS registercheck"))
    return [
        "register matches were stored in an older layout: dropped; every event is checked"
        " again by the next `python -m etl registers match` (or run)"
    ]


def status_lines(engine: Engine) -> list[str]:
    """`registers` lines for `etl stats`: the loads matched against, events per status."""
    from sqlalchemy import func

    lines = ["registers"]
    with Session(engine) as session:
        loads = active_loads(session)
        if not loads:
            lines.append(
                "  none loaded: `python -m etl registers load PATH` (SIPRI, GSDB);"
                " events are unchecked"
            )
        for kind in ("sipri", "gsdb"):
            load = loads.get(kind)
            if load is None:
                continue
            when = f" generated {load.generated:%Y-%m-%d}" if load.generated else ""
            lines.append(f"  {kind:<5} {load.path}{when}: {load.rows_loaded} entries")
        rows = session.execute(
            select(col(RegisterCheck.kind), col(RegisterCheck.status), func.count())
            .group_by(col(RegisterCheck.kind), col(RegisterCheck.status))
            .order_by(col(RegisterCheck.kind), col(RegisterCheck.status))
        ).all()
    by_kind: dict[str, dict[str, int]] = {}
    for kind, status, n in rows:
        by_kind.setdefault(kind, {})[status] = n
    for kind, counts in sorted(by_kind.items()):
        what = "arms transfers vs SIPRI" if kind == "sipri" else "sanctions vs GSDB"
        shown = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        lines.append(f"  {what}: {shown}")
    return lines
