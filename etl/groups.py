"""Score how the store groups mentions into events against gold mention groups.

The gold (`data/gold/groups.jsonl`, schema `etl/schemas/gold_groups.schema.json`) lists one
real-world event per line with descriptors of its mentions. A stored mention matches a
descriptor when it is in the same article, has the same type and shares a source and a target
with it (`?` stands for an empty side), and, when the descriptor gives them, has one of its
actions and categories. Mentions matching no descriptor are tagger errors (or events the gold
leaves out), mentions matching descriptors of two events are ambiguous: both are counted apart
and left out of the score, which judges the grouping alone.

The score is pairwise: over every pair of matched mentions, a pair is "same event" in the gold
when both match one gold event, and predicted so when both carry the same `event_id`
(a mention with no event is an event of its own). Precision, recall and F1 over same-event
pairs; pure functions, no database (`read_mentions` is the only reader).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).resolve().parent / "schemas" / "gold_groups.schema.json"
EMPTY = "?"  # a side that names no party, as in ../shared/eval/score.py


@dataclass(frozen=True)
class Mention:
    """A stored mention as the scorer sees it: its article, type, parties and event."""

    id: str
    article: str
    type: str
    sources: frozenset[str]
    targets: frozenset[str]
    event: str | None
    action: str = ""
    category: str = ""
    sentence: str = ""


@dataclass(frozen=True)
class Descriptor:
    """One mention of a gold event, as the annotator describes it."""

    group: str
    article: str
    type: str
    sources: frozenset[str]
    targets: frozenset[str]
    actions: frozenset[str] = frozenset()  # empty: any action
    categories: frozenset[str] = frozenset()

    def matches(self, m: Mention) -> bool:
        return (
            m.article == self.article
            and m.type == self.type
            and bool(_side(m.sources) & self.sources)
            and bool(_side(m.targets) & self.targets)
            and (not self.actions or m.action in self.actions)
            and (not self.categories or m.category in self.categories)
        )

    def overlaps(self, other: Descriptor) -> bool:
        """Could one mention match both? (Same article and type, sides that meet, and
        actions and categories that do not tell them apart.)"""
        return (
            self.article == other.article
            and self.type == other.type
            and bool(self.sources & other.sources)
            and bool(self.targets & other.targets)
            and _meet(self.actions, other.actions)
            and _meet(self.categories, other.categories)
        )


def _side(codes: frozenset[str]) -> frozenset[str]:
    return codes or frozenset({EMPTY})


def _meet(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _set(value: str | list[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


@dataclass(frozen=True)
class GoldGroup:
    id: str
    note: str
    corpus: str
    mentions: tuple[Descriptor, ...]


@dataclass
class GoldGroups:
    groups: list[GoldGroup]

    @classmethod
    def read(cls, path: str | Path) -> GoldGroups:
        """Read and check a gold groups file; ValueError (one line) for anything wrong."""
        import jsonschema

        validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8")))
        rows = []
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON: {exc.msg}") from None
                error = jsonschema.exceptions.best_match(validator.iter_errors(row))
                if error is not None:
                    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
                    raise ValueError(f"{path}:{n}: not a gold group: {where}: {error.message}")
                rows.append((n, row))
        if not rows:
            raise ValueError(f"{path}: no gold groups (one JSON object per line, see README)")
        try:
            return cls.from_rows(row for _, row in rows)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> GoldGroups:
        """Groups from parsed lines; ValueError when ids repeat, an article sits in two
        corpora, or one mention could match descriptors of two events."""
        groups: list[GoldGroup] = []
        corpus_of: dict[str, str] = {}
        for row in rows:
            descriptors = tuple(
                Descriptor(
                    group=row["group"],
                    article=d["article"],
                    type=d["type"],
                    sources=frozenset(d["sources"]),
                    targets=frozenset(d["targets"]),
                    actions=_set(d.get("action")),
                    categories=_set(d.get("category")),
                )
                for d in row["mentions"]
            )
            for d in descriptors:
                if corpus_of.setdefault(d.article, row["corpus"]) != row["corpus"]:
                    raise ValueError(
                        f"article {d.article!r} is in corpus {corpus_of[d.article]!r} and"
                        f" {row['corpus']!r}"
                    )
            groups.append(GoldGroup(row["group"], row.get("note", ""), row["corpus"], descriptors))
        repeated = [g for g, n in Counter(g.id for g in groups).items() if n > 1]
        if repeated:
            raise ValueError(f"group id {repeated[0]!r} is used twice")
        by_article: dict[str, list[Descriptor]] = defaultdict(list)
        for g in groups:
            for d in g.mentions:
                by_article[d.article].append(d)
        for listed in by_article.values():
            for i, a in enumerate(listed):
                for b in listed[i + 1 :]:
                    if a.group != b.group and a.overlaps(b):
                        raise ValueError(
                            f"article {a.article!r}: events {a.group!r} and {b.group!r} have"
                            " descriptors one mention could match; tell them apart by"
                            " `action` or `category`"
                        )
        return cls(groups)

    def corpora(self) -> list[str]:
        return list(dict.fromkeys(g.corpus for g in self.groups))

    def articles(self) -> dict[str, str]:
        """article id -> corpus, in gold order."""
        return {d.article: g.corpus for g in self.groups for d in g.mentions}

    def without(self, missing: Iterable[str]) -> GoldGroups:
        """The gold minus the descriptors of `missing` articles (and groups left empty)."""
        gone = set(missing)
        kept = []
        for g in self.groups:
            ds = tuple(d for d in g.mentions if d.article not in gone)
            if ds:
                kept.append(GoldGroup(g.id, g.note, g.corpus, ds))
        return GoldGroups(kept)


@dataclass
class Matching:
    """Stored mentions of the gold articles, sorted by what the gold says of them."""

    matched: dict[str, list[Mention]] = field(default_factory=dict)  # group -> its mentions
    unmatched: list[Mention] = field(default_factory=list)
    ambiguous: list[tuple[Mention, list[str]]] = field(default_factory=list)
    missed: list[Descriptor] = field(default_factory=list)  # descriptors no mention matched


def match(gold: GoldGroups, mentions: Iterable[Mention]) -> Matching:
    """Match stored mentions to gold descriptors (mentions of other articles are ignored)."""
    by_article: dict[str, list[Descriptor]] = defaultdict(list)
    for g in gold.groups:
        for d in g.mentions:
            by_article[d.article].append(d)
    out = Matching(matched={g.id: [] for g in gold.groups})
    hit: set[Descriptor] = set()
    for m in mentions:
        if m.article not in by_article:
            continue
        found = [d for d in by_article[m.article] if d.matches(m)]
        groups = sorted({d.group for d in found})
        if not groups:
            out.unmatched.append(m)
        elif len(groups) > 1:
            out.ambiguous.append((m, groups))
        else:
            out.matched[groups[0]].append(m)
            hit.update(found)
    out.missed = [d for g in gold.groups for d in g.mentions if d not in hit]
    return out


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(assigned: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Pairwise same-event scores for (gold group, predicted event) per mention."""
    both = Counter(assigned)
    gold = Counter(g for g, _ in assigned)
    pred = Counter(e for _, e in assigned)
    tp = sum(_pairs(n) for n in both.values())
    gold_pairs = sum(_pairs(n) for n in gold.values())
    pred_pairs = sum(_pairs(n) for n in pred.values())
    fp, fn = pred_pairs - tp, gold_pairs - tp
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "mentions": len(assigned),
        "gold_events": len(gold),
        "pred_events": len(pred),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _event(m: Mention) -> str:
    return m.event if m.event is not None else f"(none) {m.id}"


def score(gold: GoldGroups, mentions: Iterable[Mention]) -> dict[str, Any]:
    """The result for one set of gold groups: articles, groups, matching counts, pairwise."""
    found = match(gold, mentions)
    assigned = [(g, _event(m)) for g, ms in found.matched.items() for m in ms]
    out = {
        "articles": len(gold.articles()),
        "groups": len(gold.groups),
        "descriptors": sum(len(g.mentions) for g in gold.groups),
        "missed_descriptors": len(found.missed),
        "unmatched": len(found.unmatched),
        "ambiguous": len(found.ambiguous),
    }
    return {**out, **pairwise(assigned)}


def by_corpus(gold: GoldGroups, mentions: Sequence[Mention]) -> list[tuple[str, dict[str, Any]]]:
    """One row per corpus, then one for all of them (pairs across corpora included)."""
    rows = []
    for corpus in gold.corpora():
        part = GoldGroups([g for g in gold.groups if g.corpus == corpus])
        rows.append((corpus, score(part, mentions)))
    if len(rows) > 1:
        rows.append(("all", score(gold, mentions)))
    return rows


def table(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    """One line per corpus: gold and predicted events over the matched mentions, pairwise
    precision, recall and F1, and the mentions left out of the score."""
    width = max([len(label) for label, _ in rows] + [6])
    head = (
        f"{'corpus':{width}}  articles  gold events  mentions  events     P      R     F1"
        "  unmatched  ambiguous  missed"
    )
    lines = [head, "-" * len(head)]
    for label, r in rows:
        lines.append(
            f"{label:{width}}  {r['articles']:8d}  {r['groups']:11d}  {r['mentions']:8d}"
            f"  {r['pred_events']:6d}  {r['precision']:.3f}  {r['recall']:.3f}  {r['f1']:.3f}"
            f"  {r['unmatched']:9d}  {r['ambiguous']:9d}  {r['missed_descriptors']:6d}"
        )
    return "\n".join(lines)


def details(gold: GoldGroups, mentions: Sequence[Mention]) -> str:
    """Gold events split over several stored events, stored events joining several gold
    events, and the mentions left out of the score, each with its evidence."""
    found = match(gold, mentions)
    notes = {g.id: g.note for g in gold.groups}
    lines: list[str] = []
    by_event: dict[str, set[str]] = defaultdict(set)
    for g, ms in found.matched.items():
        for m in ms:
            by_event[_event(m)].add(g)
    for g, ms in found.matched.items():
        events = Counter(_event(m) for m in ms)
        if len(events) > 1:
            lines.append(f"split    {g} ({notes[g][:70]}): {len(events)} events")
            lines += [f"           {_short(m)}" for m in _ordered(ms)]
    for e, gs in by_event.items():
        if len(gs) > 1:
            lines.append(f"merged   event {e[:12]} joins {', '.join(sorted(gs))}")
            lines += [
                f"           {g}: {_short(m)}"
                for g in sorted(gs)
                for m in _ordered(found.matched[g])
                if _event(m) == e
            ]
    for m in found.unmatched:
        lines.append(f"unmatched {_short(m)}")
    for m, could_be in found.ambiguous:
        lines.append(f"ambiguous {_short(m)} (could be {', '.join(could_be)})")
    for d in found.missed:
        lines.append(
            f"missed   {d.group}: {d.article} {d.type}"
            f" {'|'.join(sorted(d.sources))} -> {'|'.join(sorted(d.targets))}"
        )
    return "\n".join(lines)


def _ordered(ms: Iterable[Mention]) -> list[Mention]:
    return sorted(ms, key=lambda m: (m.article, m.id))


def _short(m: Mention) -> str:
    src = "|".join(sorted(m.sources)) or EMPTY
    tgt = "|".join(sorted(m.targets)) or EMPTY
    event = (m.event or "(none)")[:12]
    return (
        f"{m.article} {m.type} {m.action} {m.category} {src} -> {tgt} [event {event}]"
        f" {m.sentence[:100]!r}"
    )


def read_mentions(engine: Any, articles: Iterable[str]) -> tuple[list[Mention], set[str]]:
    """The stored mentions of these articles with their parties and event, and the subset of
    the articles the database holds."""
    from sqlmodel import Session, col, select

    from etl.models import Article, MentionParty
    from etl.models import Mention as MentionRow

    wanted = sorted(set(articles))
    present: set[str] = set()
    rows: list[Any] = []
    sides: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
    with Session(engine) as session:
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            present.update(session.exec(select(Article.id).where(col(Article.id).in_(chunk))))
            found = session.exec(
                select(MentionRow).where(col(MentionRow.article_id).in_(chunk))
            ).all()
            rows += found
            ids = [r.id for r in found]
            for j in range(0, len(ids), 500):
                for p in session.exec(
                    select(MentionParty).where(col(MentionParty.mention_id).in_(ids[j : j + 500]))
                ):
                    sides[p.mention_id][p.role].add(p.code)
    mentions = [
        Mention(
            id=r.id,
            article=r.article_id,
            type=r.type,
            sources=frozenset(sides[r.id]["source"]),
            targets=frozenset(sides[r.id]["target"]),
            event=r.event_id,
            action=r.action,
            category=r.category,
            sentence=r.sentence,
        )
        for r in sorted(rows, key=lambda r: (r.article_id, r.start, r.id))
    ]
    return mentions, present
