"""Score extracted events against a gold file, exactly as `../shared/eval/score.py` does.

Each event is expanded into (article, type, source, target) pairs, an empty side counting
as "?". Precision, recall and F1 are over pairs, per type and overall; events marked
`optional` in the gold are neither rewarded nor penalised. action/status/category are
accuracies over matched pairs (right when any predicted value is among the gold values).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ATTRS = ("action", "status", "category")
Pair = tuple[str, str, str, str]


def pairs(article_id: str, event: Mapping[str, Any]) -> set[Pair]:
    sources = event.get("sources") or ["?"]
    targets = event.get("targets") or ["?"]
    return {(article_id, str(event.get("type")), s, t) for s in sources for t in targets}


@dataclass
class Gold:
    articles: list[dict[str, Any]]
    required: set[Pair] = field(default_factory=set)
    optional: set[Pair] = field(default_factory=set)
    values: dict[Pair, dict[str, set[str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | Path) -> Gold:
        """A gold file: JSON Lines of articles, each with its `events` list (maybe empty).
        ValueError, one line, for anything else: articles without annotations would
        score as a perfect recall of nothing."""
        articles = []
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        article = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from None
                    articles.append((n, article))
        annotated = [a for _, a in articles if isinstance(a, dict) and "events" in a]
        if not annotated:
            what = "has no articles" if not articles else "has no `events` on any article"
            raise ValueError(
                f"{path}: not a gold file ({what}); a gold file lists each article with"
                ' its annotated "events", see ../shared/eval/GUIDELINES.md'
            )
        for n, article in articles:
            problem = _gold_problem(article)
            if problem:
                raise ValueError(f"{path}:{n}: not a gold article: {problem}")
        return cls.from_articles([a for _, a in articles])

    @classmethod
    def from_articles(cls, articles: list[dict[str, Any]]) -> Gold:
        gold = cls(articles)
        values: dict[Pair, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        optional: set[Pair] = set()
        for art in articles:
            for ev in art.get("events", []):
                ps = pairs(art["id"], ev)
                (optional if ev.get("optional") else gold.required).update(ps)
                for p in ps:
                    for a in ATTRS:
                        if ev.get(a):
                            values[p][a].add(ev[a])
        gold.optional = optional - gold.required
        gold.values = values
        return gold


def _gold_problem(article: Any) -> str | None:
    """What keeps a parsed line from being a gold article, or None."""
    if not isinstance(article, dict):
        return "not a JSON object"
    if not isinstance(article.get("id"), str) or not article["id"]:
        return "no `id`"
    events = article.get("events")
    if not isinstance(events, list):
        return '`events` missing or not a list (an article without events has "events": [])'
    for i, event in enumerate(events, 1):
        if not isinstance(event, dict) or not event.get("type"):
            return f"event {i} has no `type`"
    return None


def score(gold: Gold, predictions: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The score.py result dictionary for event records (JSON contract) against `gold`."""
    ids = {a["id"] for a in gold.articles}
    pred: set[Pair] = set()
    pvals: dict[Pair, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ev in predictions:
        if ev.get("article_id") not in ids:
            continue
        for p in pairs(str(ev["article_id"]), ev):
            pred.add(p)
            for a in ATTRS:
                if ev.get(a):
                    pvals[p][a].add(ev[a])
    required, optional = gold.required, gold.optional
    out: dict[str, Any] = {
        "articles": len(ids),
        "gold_pairs": len(required),
        "pred_pairs": len(pred - optional),
    }
    for name in ("all", "sanction", "arms_transfer"):
        g = {p for p in required if name == "all" or p[1] == name}
        pr = {p for p in pred if name == "all" or p[1] == name}
        tp, fp, fn = len(pr & g), len(pr - g - optional), len(g - pr)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[name] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }
    matched = pred & required
    for a in ATTRS:
        judged = [p for p in matched if gold.values.get(p, {}).get(a)]
        right = sum(1 for p in judged if pvals[p][a] & gold.values[p][a])
        out[f"{a}_accuracy"] = round(right / len(judged), 4) if judged else None
    out["missed"] = sorted("|".join(p) for p in required - pred)
    out["spurious"] = sorted("|".join(p) for p in pred - required - optional)
    return out


def report(result: Mapping[str, Any]) -> str:
    """The score.py summary lines."""
    lines = [
        f"articles {result['articles']}  gold pairs {result['gold_pairs']}"
        f"  predicted pairs {result['pred_pairs']}"
    ]
    for name in ("sanction", "arms_transfer", "all"):
        s = result[name]
        lines.append(
            f"{name:14} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
            f"  (tp {s['tp']} fp {s['fp']} fn {s['fn']})"
        )
    lines.append(
        "attribute accuracy on matched pairs: "
        + "  ".join(f"{a} {result[a + '_accuracy']}" for a in ATTRS)
    )
    lines.append(f"F1 {result['all']['f1']:.3f}")
    return "\n".join(lines)


def details(result: Mapping[str, Any], gold: Gold, predictions: Sequence[Mapping[str, Any]]) -> str:
    """Each missed and spurious pair, with the article title and the evidence sentences."""
    titles = {a["id"]: a.get("title") or "" for a in gold.articles}
    evidence: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for ev in predictions:
        for p in pairs(str(ev.get("article_id")), ev):
            evidence[p].append(str(ev.get("sentence", "")))
    lines = []
    for kind in ("missed", "spurious"):
        for key in result[kind]:
            aid, etype, src, tgt = key.split("|")
            lines.append(f"{kind:8} {aid}  {etype} {src} -> {tgt}   [{titles.get(aid, '')[:60]}]")
            for sentence in list(dict.fromkeys(evidence.get((aid, etype, src, tgt), [])))[:2]:
                lines.append(f"           evidence: {sentence[:160]}")
    return "\n".join(lines)


# --- Several gold files, fixed halves, calibration -------------------------------------------

HALVES = ("A", "B")


def half(article_id: str) -> str:
    """The fixed half an article belongs to, by a hash of its id: "A" (open: read its errors
    while writing rules) or "B" (blind: its score estimates accuracy on unseen news)."""
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return HALVES[digest[0] & 1]


def select(gold: Gold, which: str | None) -> Gold:
    """`gold` restricted to one half (None: all of it)."""
    if which is None:
        return gold
    return Gold.from_articles([a for a in gold.articles if half(str(a["id"])) == which])


def pooled(
    parts: Sequence[tuple[Gold, Sequence[Mapping[str, Any]]]],
) -> tuple[Gold, list[dict[str, Any]]]:
    """One gold set and one prediction list over several files; article ids are prefixed by
    the file's position so that equal ids in two files stay apart."""
    articles: list[dict[str, Any]] = []
    predictions: list[dict[str, Any]] = []
    for n, (gold, preds) in enumerate(parts):
        articles += [{**a, "id": f"{n}:{a['id']}"} for a in gold.articles]
        predictions += [{**p, "article_id": f"{n}:{p.get('article_id')}"} for p in preds]
    return Gold.from_articles(articles), predictions


def _num(value: float | None) -> str:
    return f"{'-' if value is None else f'{value:.3f}':>5}"


def table(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """One line per (label, score result): P, R, F1 overall and per type, attributes."""
    width = max([len(label) for label, _ in rows] + [4])
    head = (
        f"{'gold':{width}}  articles  pairs     P      R     F1   sanc F1  arms F1"
        "  action status category"
    )
    lines = [head, "-" * len(head)]
    for label, r in rows:
        a = r["all"]
        lines.append(
            f"{label:{width}}  {r['articles']:8d}  {r['gold_pairs']:5d}  {a['precision']:.3f}"
            f"  {a['recall']:.3f}  {a['f1']:.3f}    {r['sanction']['f1']:.3f}    "
            f"{r['arms_transfer']['f1']:.3f}   {_num(r['action_accuracy'])}  "
            f"{_num(r['status_accuracy'])}    {_num(r['category_accuracy'])}"
        )
    return "\n".join(lines)


# Confidence bins of the reliability table: [low, high).
BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def calibration(
    gold: Gold, predictions: Iterable[Mapping[str, Any]], threshold: float = 0.7
) -> list[dict[str, Any]]:
    """Reliability of the confidence: per bin, the predicted pairs (each at the highest
    confidence any record gave it) and the share that gold holds (required or optional)."""
    ids = {a["id"] for a in gold.articles}
    best: dict[Pair, float] = {}
    for ev in predictions:
        if ev.get("article_id") not in ids:
            continue
        conf = float(ev.get("confidence") or 0.0)
        for p in pairs(str(ev["article_id"]), ev):
            best[p] = max(conf, best.get(p, 0.0))
    right = gold.required | gold.optional
    rows = []
    bins = [(f"{lo:.1f}-{min(hi, 1.0):.1f}", lo, hi) for lo, hi in BINS]
    for label, lo, hi in [*bins, (f">= {threshold:.1f}", threshold, 1.01)]:
        chosen = [p for p, c in best.items() if lo <= c < hi]
        correct = sum(1 for p in chosen if p in right)
        rows.append(
            {
                "confidence": label,
                "pairs": len(chosen),
                "correct": correct,
                "precision": round(correct / len(chosen), 4) if chosen else None,
            }
        )
    return rows


def calibration_table(rows: Sequence[Mapping[str, Any]]) -> str:
    lines = ["confidence  pairs  correct  precision", "-" * 37]
    for r in rows:
        lines.append(
            f"{r['confidence']:10}  {r['pairs']:5d}  {r['correct']:7d}  {_num(r['precision']):>9}"
        )
    return "\n".join(lines)
