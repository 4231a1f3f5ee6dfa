"""Mentions become events: the grouping rules (pure) and their store integration.

`group(mentions, rules)` is the pure core: the same mentions always give the same events.
Mentions are taken one type at a time in a canonical order (most precise date first, a day
and a published date as one level; then by date, then by id); each joins the best
compatible event formed so far or founds one.
An event is compatible with a mention when (rules in `etl/lexicons/grouping.json`):

- parties overlap: the mention shares a source and a target with the event's first mention
  (so a party another mention names in passing draws no other act into the event). A
  mention with an unknown side (no party there) joins only an event of its own article (the
  article says which one it means); across articles an unknown side matches nothing;
- actions are compatible: of one action class, or of classes joined within one article;
- categories are compatible: equal, or one of them is `other`; an arms deal holds at most
  one specific category, so `other` never bridges two; a round of sanctions is a package
  whose categories join (same action class, dated to a day or a week, or in one article);
- dates fit: the mention's date interval (a day; the week before a published date; a month;
  a year) lies within the window of its precision from the event's anchor (the interval of
  its first mention), so an event spans a bounded time instead of chaining on for years.
  Lasting action classes (a threat, a planned lifting) have a longer window, and a mention
  dated only by its article may look further back (it reports what happened before).
  A mention with no date at all joins an event of its own article, and so does a month or
  a year its article gives the action one of its sentences states with no date of its own.

Among compatible events a mention prefers one of its own article, then the larger party
overlap, the nearer anchor, the earlier-founded event. An event's id is a hash of its first
mention's id, so the same mentions give the same ids whatever order they were loaded in.

`rebuild_events(engine)` groups the mentions no event holds yet (new ones, or left over by
a crash or a re-tag) without regrouping everything: it looks up the events they could join
(`EventPair`: type, source, target and anchor, indexed) and groups their mentions with the
new ones, in one transaction, with those of the other events of their articles that the
regroup can reach (`_Regroup`). The loaded mentions that come before every new one in
grouping order keep their events without a search (nothing after them can change their
choice): those events are restored from light rows (no parties but those of the event row
and of its first mention naming both sides), the later mentions are read with their parties
and searched, and only the events whose mentions changed are read in full and rewritten.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    inspect,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.sql import column as sql_column
from sqlalchemy.sql import table as sql_table
from sqlmodel import Session, col

from etl import lexicons
from etl.models import Article, Event, EventPair, Mention, MentionParty, StoreInfo
from etl.records import STATUSES

_ORD_YEAR = 366


# --- the rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """`grouping.json`, in the shape the grouping reads."""

    order: tuple[str, ...]
    window: dict[str, int]
    lookback: dict[str, int]  # precision -> days an event's anchor may lie before the mention
    published_before: int
    article_dates: frozenset[str]  # precisions an article's undated sentence may restate
    class_window: dict[str, dict[str, int]]  # type -> action class -> days either way
    generic: str
    packages: frozenset[str]  # types whose specific categories join (a round of measures)
    category_precedence: tuple[str, ...]  # ties for the event's one category
    classes: dict[str, dict[str, str]]  # type -> action -> class
    same_article: dict[str, frozenset[frozenset[str]]]  # type -> linked class pairs
    precedence: dict[str, tuple[str, ...]]
    claims: frozenset[str]
    denials: frozenset[str]

    @property
    def max_window(self) -> int:
        lasting = [d for c in self.class_window.values() for d in c.values()]
        return max(*self.window.values(), *self.lookback.values(), *lasting)

    def reach(self, etype: str, cls: str, precision: str) -> tuple[int, int]:
        """How far (days) before and after a mention an event's anchor may lie: the window
        of its precision (longer for a lasting action class), the lookback before."""
        after = max(self.window.get(precision, 0), self.class_window.get(etype, {}).get(cls, 0))
        return max(after, self.lookback.get(precision, 0)), after

    def rank(self, precision: str) -> int:
        return self.ranks.get(precision, len(self.order))

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Precision -> its place in `order` (asked for every mention of every event)."""
        return {p: i for i, p in enumerate(self.order)}

    def level(self, precision: str) -> int:
        """The grouping order's rank: a day and a published date are one level (each names a
        week at most), so an event is founded by its earliest report, not by a later
        statement that happens to name its day."""
        return max(self.rank(precision), self.rank("published"))

    def action_class(self, etype: str, action: str) -> str:
        return self.classes.get(etype, {}).get(action, action)


@cache
def rules() -> Rules:
    """The rules of `etl/lexicons/grouping.json` (schema-checked when loaded)."""
    return rules_from(lexicons.load("grouping"))


def rules_from(data: dict[str, Any]) -> Rules:
    acts = {k: v for k, v in data["actions"].items() if k != "doc"}
    return Rules(
        order=tuple(data["precision"]["order"]),
        window={k: int(v) for k, v in data["window_days"].items() if k != "doc"},
        lookback={k: int(v) for k, v in data["lookback_days"].items() if k != "doc"},
        published_before=int(data["published_days_before"]["days"]),
        article_dates=frozenset(data["article_dates"]["precisions"]),
        class_window={t: dict(a.get("window_days", {})) for t, a in acts.items()},
        generic=data["generic_category"]["category"],
        packages=frozenset(data["packages"]["types"]),
        category_precedence=tuple(data["packages"]["precedence"]),
        classes={t: dict(a["classes"]) for t, a in acts.items()},
        same_article={
            t: frozenset(frozenset(p) for p in a["same_article"]) for t, a in acts.items()
        },
        precedence={t: tuple(a["precedence"]) for t, a in acts.items()},
        claims=frozenset(data["disputed"]["claims"]),
        denials=frozenset(data["disputed"]["denials"]),
    )


# --- the pure grouping ------------------------------------------------------------------


@dataclass(slots=True, unsafe_hash=True)
class MentionInfo:
    """What the grouping reads of one mention. Treat it as immutable: it is not frozen only
    because a frozen dataclass costs six times as much to build, and a rebuild builds a
    million."""

    id: str
    article_id: str
    type: str
    action: str
    status: str
    category: str
    sources: frozenset[str]
    targets: frozenset[str]
    date: date | None
    precision: str = "day"
    confidence: float = 0.5
    weapon: str | None = None
    news_source: str | None = None  # Article.source


def interval(m: MentionInfo, r: Rules) -> tuple[int, int] | None:
    """The days (ordinals, inclusive) the mention's date may mean; None when undated."""
    if m.date is None or m.precision == "none":
        return None
    d = m.date.toordinal()
    if m.precision == "published":
        return d - r.published_before, d
    if m.precision == "month":
        first = m.date.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first.toordinal(), nxt.toordinal() - 1
    if m.precision == "year":
        return date(m.date.year, 1, 1).toordinal(), date(m.date.year, 12, 31).toordinal()
    return d, d


@dataclass(frozen=True, slots=True)
class Known:
    """An event known whole to `group`, restored without a search: its mentions in canonical
    order (only their ids, articles, actions, categories and dates are read), the parties
    of all of them, and those of its first mention naming both sides (None if none does)."""

    members: Sequence[MentionInfo]
    sources: frozenset[str]
    targets: frozenset[str]
    core: tuple[frozenset[str], frozenset[str]] | None


class _Group:
    """An event being formed: its mentions and what a joining mention is checked against."""

    __slots__ = (
        "anchor",
        "articles",
        "classes",
        "core",
        "keys",
        "members",
        "seq",
        "sources",
        "specific",
        "targets",
        "width",
    )  # fmt: skip

    def __init__(self, seq: int, anchor: tuple[int, int] | None) -> None:
        self.seq = seq
        self.anchor = anchor
        self.width = _width(anchor) if anchor else 0
        self.members: list[MentionInfo] = []
        self.sources: set[str] = set()
        self.targets: set[str] = set()
        self.articles: set[str] = set()
        self.classes: set[str] = set()
        self.specific: set[str] = set()  # its specific categories (several in a package)
        # The parties of the first mention naming both sides: what a joining mention must
        # share, so a side named in passing ("arms sales to Iran and the contras") draws no
        # other act in.
        self.core: tuple[frozenset[str], frozenset[str]] | None = None
        self.keys: set[tuple[str, str]] = set()


_WIDTHS = (7, 31, _ORD_YEAR)  # anchor widths: a day or a published week, a month, a year


def _width(anchor: tuple[int, int]) -> int:
    """The smallest width class that holds the anchor interval."""
    span = anchor[1] - anchor[0]
    for w in _WIDTHS:
        if span <= w:
            return w
    return _WIDTHS[-1]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


class _Grouper:
    """Groups the mentions of one type in canonical order (see the module docstring)."""

    def __init__(self, etype: str, r: Rules) -> None:
        self.etype = etype
        self.r = r
        self.links = r.same_article.get(etype, frozenset())
        self.classes = r.classes.get(etype, {})
        self.package = etype in r.packages
        self.coarse = r.article_dates
        self.precise = r.level("day")
        self.generic = r.generic
        self._spans: dict[tuple[date | None, str], tuple[int, int] | None] = {}
        self.groups: list[_Group] = []
        # (source, target, action class) -> anchor width class -> groups sorted by anchor
        # start: a lookup bounded by date, where a day's events are not scanned for a year's
        # width, and another action class (which only its own article may join, found
        # through `by_article`) is never visited. A group is listed under each class it holds.
        self.by_pair: dict[tuple[str, str, str], dict[int, tuple[list[int], list[_Group]]]] = {}
        self.by_article: dict[str, list[_Group]] = {}
        self.placed: dict[str, _Group] = {}
        self._reach: dict[tuple[str, str], tuple[int, int]] = {}
        self.levels = {p: r.level(p) for p in r.order}  # `Rules.level` of each known one

    def reach(self, cls: str, precision: str) -> tuple[int, int]:
        """`Rules.reach` for this type, cached: it is asked for every candidate."""
        got = self._reach.get((cls, precision))
        if got is None:
            got = self._reach[cls, precision] = self.r.reach(self.etype, cls, precision)
        return got

    def span(self, m: MentionInfo) -> tuple[int, int] | None:
        """`interval`, cached: mentions share a few thousand dates."""
        k = (m.date, m.precision)
        if k not in self._spans:
            self._spans[k] = interval(m, self.r)
        return self._spans[k]

    def place(self, m: MentionInfo, key: str) -> None:
        """Join `m` to the group `key` names (founding it at the first such mention), with no
        search: an incremental rebuild replays the events it already knows this way."""
        g = self.placed.get(key)
        if g is None:
            g = self.placed[key] = _Group(len(self.groups), self.span(m))
            self.groups.append(g)
        self._join(g, m, self.classes.get(m.action, m.action))

    def restore(self, known: Known) -> None:
        """Found the group of a known event whole, in the state its mentions' `place` would
        leave it in, without their parties: an incremental rebuild restores this way the
        events none of whose mentions it regroups (most of what it loads)."""
        members = known.members
        g = _Group(len(self.groups), self.span(members[0]))
        self.groups.append(g)
        g.members = list(members)
        g.core = known.core
        g.sources.update(known.sources)
        g.targets.update(known.targets)
        for x in members:
            g.classes.add(self.classes.get(x.action, x.action))
            if x.category != self.generic:
                g.specific.add(x.category)
            if x.article_id not in g.articles:
                g.articles.add(x.article_id)
                self.by_article.setdefault(x.article_id, []).append(g)
        if g.anchor is None:
            return
        for s in g.sources:
            for t in g.targets:
                g.keys.add((s, t))
                for cls in g.classes:
                    self._index(g, s, t, cls)

    def add(self, m: MentionInfo) -> None:
        k = (m.date, m.precision)
        span = self._spans[k] if k in self._spans else self.span(m)
        cls = self.classes.get(m.action, m.action)
        best: tuple[Any, ...] | None = None
        chosen: _Group | None = None
        # An event of its own article is always preferred (the key starts with `not same`):
        # the other events are looked up only when none of those takes the mention.
        aid = m.article_id
        mine = self.by_article.get(aid, ())
        for g in mine:
            key = self._fit(m, span, cls, g)
            if key is not None and (best is None or key < best):
                best, chosen = key, g
        if chosen is None and span is not None and m.sources and m.targets:
            chosen = self._search(m, span, cls)
        if chosen is None:
            chosen = _Group(len(self.groups), span)
            self.groups.append(chosen)
        self._join(chosen, m, cls)

    def _search(self, m: MentionInfo, span: tuple[int, int], cls: str) -> _Group | None:
        """The best event of another article `m` may join: `_fit` of every candidate the
        index lists, inlined (a million mentions make several million candidate checks, and
        a call, a key tuple and the checks another article never needs cost more than the
        checks themselves). What `_fit` would check and the lookup already ensures is not
        checked again: the group holds `cls` (it is listed under it), is dated, and is of
        another article (those of `m`'s own were tried first)."""
        before, after = self.reach(cls, m.precision)
        lo, hi = span[0] - before, span[1] + after
        first, last = span
        # What `_fit` would reject across articles on category alone: a specific category
        # the group does not hold, unless the type is a package and the mention is dated as
        # precisely as a round (then only a group anchored to a day or a week may take it).
        cat = m.category
        strict = cat != self.generic
        loose = strict and self.package and self.levels.get(m.precision) == self.precise
        aid = m.article_id
        sources, targets = m.sources, m.targets
        by_pair = self.by_pair
        # The best so far, as `_fit`'s key without its constant `not same`: most parties
        # shared, then the smallest gap, then the earliest founded.
        chosen: _Group | None = None
        top_shared, top_gap, top_seq = 0, 0, 0
        single = len(sources) == 1 and len(targets) == 1  # the usual case: one pair
        for s in sources:
            for t in targets:
                widths = by_pair.get((s, t, cls))
                if widths is None:
                    continue
                for width, (los, groups) in widths.items():
                    i = bisect.bisect_left(los, lo - width)
                    j = bisect.bisect_right(los, hi, i)
                    if i == j:
                        continue
                    day = loose and width == _WIDTHS[0]
                    for g in groups[i:j]:
                        if strict and not day and g.specific and cat not in g.specific:
                            continue
                        if aid in g.articles:
                            continue  # one of its own article's: tried already
                        # Dates: within the window of the mention's precision (`_gap`).
                        a0, a1 = g.anchor  # type: ignore[misc]
                        if a1 < first:
                            gap = first - a1
                            if gap > before:
                                continue
                        else:
                            gap = a0 - last if a0 > last else 0
                            if gap > after:
                                continue
                        # Parties: each side overlaps the first mention naming both. (A
                        # group found under several of the mention's pairs is checked once
                        # for each: the same key, kept once.)
                        core = g.core
                        if single:
                            # The group is listed under (s, t) of its parties: only its
                            # first mention naming both sides may lack them.
                            if core is not None and (s not in core[0] or t not in core[1]):
                                continue
                            n = 2
                        else:
                            ss, ts = (g.sources, g.targets) if core is None else core
                            n = len(sources & ss)
                            if not n:
                                continue
                            k = len(targets & ts)
                            if not k:
                                continue
                            n += k
                        if chosen is None or (
                            n > top_shared
                            or (
                                n == top_shared
                                and (gap < top_gap or (gap == top_gap and g.seq < top_seq))
                            )
                        ):
                            chosen, top_shared, top_gap, top_seq = g, n, gap, g.seq
        return chosen

    def _fit(
        self, m: MentionInfo, span: tuple[int, int] | None, cls: str, g: _Group
    ) -> tuple[Any, ...] | None:
        """The preference key when `m` may join `g` (lower is better), else None."""
        same = m.article_id in g.articles
        r = self.r
        # Parties: a known side must overlap the first mention's; an unknown side only
        # within the article.
        shared = 0
        sides = (g.sources, g.targets) if g.core is None else g.core
        for mine, theirs in ((m.sources, sides[0]), (m.targets, sides[1])):
            if mine and theirs:
                n = len(mine & theirs)
                if not n:
                    return None
                shared += n
            elif not same:
                return None
        # Category: `other` joins anything; an event keeps one specific category, unless
        # its type is a package (a round of sanctions of several kinds of measures) and the
        # mention is of an action class the event holds, dated as precisely as a round is
        # (a day or a week) or in the same article.
        if m.category != r.generic and g.specific and m.category not in g.specific:
            if not (
                self.package
                and cls in g.classes
                and (same or (g.width == _WIDTHS[0] and r.level(m.precision) == self.precise))
            ):
                return None
        # Action: the same class, or (within one article) classes linked to every class held.
        if cls not in g.classes:
            if not same or any(frozenset((cls, c)) not in self.links for c in g.classes):
                return None
        # Dates: within the window of the mention's precision from the anchor. Within one
        # article, a sentence dated only by the article names no date of its own, like an
        # undated one: the month or year the article gives the same action is its date
        # ("Reagan was wrong to sell arms to Iran" and "the arms sold to Iran in 1985").
        if span is None or g.anchor is None or (same and self._restates(g, m)):
            if not same:
                return None
            gap = 0
        else:
            gap = _gap(span, g.anchor)
            before, after = self.reach(cls, m.precision)
            if gap > (before if g.anchor[1] < span[0] else after):
                return None
        return (not same, -shared, gap, g.seq)

    def _restates(self, g: _Group, m: MentionInfo) -> bool:
        """Is `m`, dated by a month or a year, the act that a sentence of its article dated
        only by publication states in `g` with the same action? (Another action in that
        article, "had already relaxed the embargo in October 2014" beside "lifts the
        embargo", is another act.)"""
        return m.precision in self.coarse and any(
            x.article_id == m.article_id and x.precision == "published" and x.action == m.action
            for x in g.members
        )

    def _join(self, g: _Group, m: MentionInfo, cls: str) -> None:
        sources, targets = m.sources, m.targets
        if g.core is None and sources and targets:
            g.core = (sources, targets)
        g.members.append(m)
        # (A subset test allocates nothing: most mentions bring no new party.)
        new_sources: Iterable[str] = ()
        new_targets: Iterable[str] = ()
        if not sources <= g.sources:
            new_sources = sources - g.sources
            g.sources.update(new_sources)
        if not targets <= g.targets:
            new_targets = targets - g.targets
            g.targets.update(new_targets)
        if cls not in g.classes:
            g.classes.add(cls)
            # A class joined within an article: the group is now found under it too.
            for s, t in g.keys:
                self._index(g, s, t, cls)
        if m.category != self.generic:
            g.specific.add(m.category)
        if m.article_id not in g.articles:
            g.articles.add(m.article_id)
            self.by_article.setdefault(m.article_id, []).append(g)
        if g.anchor is None:
            return
        # Listed under every (source, target) pair of its parties: only a party new to the
        # group makes new pairs.
        for s in new_sources:
            for t in g.targets:
                self._register(g, s, t)
        for t in new_targets:
            for s in g.sources:
                self._register(g, s, t)

    def _register(self, g: _Group, s: str, t: str) -> None:
        if (s, t) in g.keys:
            return
        g.keys.add((s, t))
        for cls in g.classes:
            self._index(g, s, t, cls)

    def _index(self, g: _Group, s: str, t: str, cls: str) -> None:
        assert g.anchor is not None
        lo = g.anchor[0]
        los, groups = self.by_pair.setdefault((s, t, cls), {}).setdefault(g.width, ([], []))
        if not los or lo >= los[-1]:  # the usual case: groups are founded in date order
            los.append(lo)
            groups.append(g)
        else:
            i = bisect.bisect_right(los, lo)
            los.insert(i, lo)
            groups.insert(i, g)


def canonical_key(m: MentionInfo, r: Rules) -> tuple[int, int, str]:
    """The order mentions are grouped in: most precise date first (day and published as one
    level), then date, then id."""
    return (r.level(m.precision), m.date.toordinal() if m.date else 0, m.id)


def _sort_key(r: Rules) -> Any:
    ranks = {p: r.level(p) for p in r.order}
    last = len(r.order)
    return lambda m: (ranks.get(m.precision, last), m.date.toordinal() if m.date else 0, m.id)


def _in_canonical_order(mentions: Iterable[MentionInfo], r: Rules) -> list[MentionInfo]:
    """The mentions sorted by `canonical_key`: gathered by precision and date (a few
    thousand distinct ones), those buckets in level and date order, each bucket sorted by
    id. (Sorting a million mentions by id, then by a key computed for each, cost twice as
    much: the ids are compared only within a date, and the key once per bucket.)"""
    ranks = {p: r.level(p) for p in r.order}
    last = len(r.order)
    buckets: dict[tuple[str, date | None], list[MentionInfo]] = {}
    for m in mentions:
        k = (m.precision, m.date)
        bucket = buckets.get(k)
        if bucket is None:
            buckets[k] = [m]
        else:
            bucket.append(m)
    # A day and a published date are one level: their buckets of one date are merged.
    merged: dict[tuple[int, int], list[MentionInfo]] = {}
    for (precision, day), bucket in buckets.items():
        key = (ranks.get(precision, last), day.toordinal() if day else 0)
        if key in merged:
            merged[key] += bucket
        else:
            merged[key] = bucket
    out: list[MentionInfo] = []
    by_id = attrgetter("id")
    for key in sorted(merged):
        bucket = merged[key]
        bucket.sort(key=by_id)
        out += bucket
    return out


def group(
    mentions: Iterable[MentionInfo],
    r: Rules | None = None,
    placed: dict[str, str] | None = None,
    known: Iterable[Known] = (),
) -> list[list[MentionInfo]]:
    """Group mentions into events (lists of mentions, each in canonical order). Pure and
    deterministic: the result depends on the set of mentions, not on their order.

    `placed` (mention id -> a key of its group) replays a known grouping: each mention
    there joins its group without a search. It must hold whole groups, and, per type, only
    mentions that come before every other one in canonical order (a prefix: grouping it
    again would give the same groups, since nothing after it is seen). `known` events are
    restored whole, as if all their mentions were in `placed` (they must come before every
    mention not placed as well), each founded where its first mention comes."""
    r = r or rules()
    by_type: dict[str, list[MentionInfo]] = {}
    for m in mentions:
        by_type.setdefault(m.type, []).append(m)
    key = _sort_key(r)
    restored: dict[str, list[tuple[Any, Known]]] = {}
    for k in known:
        restored.setdefault(k.members[0].type, []).append((key(k.members[0]), k))
    out: list[list[MentionInfo]] = []
    for etype in sorted(by_type.keys() | restored.keys()):
        grouper = _Grouper(etype, r)
        # Known events are founded in canonical order among the placed mentions' groups.
        pending = sorted(restored.get(etype, ()), key=itemgetter(0))
        i = 0
        for m in _in_canonical_order(by_type.get(etype, ()), r):
            if i < len(pending):
                mk = key(m)
                while i < len(pending) and pending[i][0] < mk:
                    grouper.restore(pending[i][1])
                    i += 1
            mine = placed.get(m.id) if placed else None
            if mine is None:
                grouper.add(m)
            else:
                grouper.place(m, mine)
        for _, k in pending[i:]:
            grouper.restore(k)
        out.extend(g.members for g in grouper.groups)
    return out


def event_id(members: Sequence[MentionInfo]) -> str:
    """A hash of the event's first mention (canonical order): stable while it leads."""
    return hashlib.sha256(f"event\x1f{members[0].id}".encode()).hexdigest()[:32]


def _top(counts: dict[str, int], precedence: Sequence[str]) -> str:
    """The most frequent value; ties go to the earlier one in `precedence`."""
    if len(counts) == 1:
        return next(iter(counts))
    order = {v: i for i, v in enumerate(precedence)}
    return min(counts, key=lambda v: (-counts[v], order.get(v, len(order)), v))


def summarize(members: Sequence[MentionInfo], r: Rules | None = None) -> dict[str, Any]:
    """The `Event` row of one group (all fields but `evidence`, the sentence, which the store
    reads from `evidence_mention_id`)."""
    r = r or rules()
    first = members[0]
    ranks, last = r.ranks, len(r.order)
    generic = r.generic
    # Dates from the most precise level of mentions: a day and a published date count as
    # one level (a follow-up report extends the range; a headline dated by its article does
    # not hide the body's day); a month or a year only when no mention has either (a
    # restatement "in 1985" would otherwise give a first date of 1 January).
    precise = r.rank("published")
    level = last + 1
    dates: list[date] = []
    # Plain dicts, not Counters, and the sets built by comprehensions: a rebuild
    # summarizes a million mentions.
    actions: dict[str, int] = {}
    specific: dict[str, int] = {}
    weapons: dict[str, int] = {}
    evidence: tuple[Any, ...] | None = None
    top = last + 1  # the evidence's rank: a mention of a coarser date cannot displace it
    for m in members:
        rank = ranks.get(m.precision, last)
        mine = rank if rank > precise else precise
        if mine < level:
            level, dates = mine, []
        if mine == level and m.date is not None:
            dates.append(m.date)
        actions[m.action] = actions.get(m.action, 0) + 1
        if m.category != generic:
            specific[m.category] = specific.get(m.category, 0) + 1
        if m.weapon:
            weapons[m.weapon] = weapons.get(m.weapon, 0) + 1
        # The evidence: the most precise date, then the highest confidence, the earliest.
        if rank <= top:
            key = (rank, -m.confidence, m.date or date.max, m.id)
            if evidence is None or key < evidence:
                evidence, top = key, rank
    assert evidence is not None
    statuses = {m.status for m in members}
    # Equal party sets are mostly one object: their union is taken once each.
    sources = set().union(*{m.sources for m in members})
    targets = set().union(*{m.targets for m in members})
    articles = {m.article_id for m in members}
    news = {m.news_source for m in members}
    return {
        "id": event_id(members),
        "type": first.type,
        "action": _top(actions, r.precedence.get(first.type, ())),
        "category": _top(specific, r.category_precedence) if specific else generic,
        "sources": "|".join(sorted(sources)),
        "targets": "|".join(sorted(targets)),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "n_mentions": len(members),
        "n_articles": len(articles),
        "n_news_sources": len(news),
        "statuses": "|".join(s for s in STATUSES if s in statuses),
        "disputed": bool(statuses & r.claims and statuses & r.denials),
        "weapon": _top(weapons, ()) if weapons else None,
        "evidence": "",
        "evidence_mention_id": evidence[-1],
    }


def pairs(members: Sequence[MentionInfo], eid: str, r: Rules | None = None) -> list[dict[str, Any]]:
    """The `EventPair` rows of one group: where later mentions will look it up."""
    r = r or rules()
    span = interval(members[0], r)
    if span is None:
        return []  # undated: only its own article's mentions join it, and they are grouped now
    lo, hi = date.fromordinal(span[0]), date.fromordinal(span[1])
    srcs = sorted(set().union(*{m.sources for m in members}))
    tgts = sorted(set().union(*{m.targets for m in members}))
    return [
        {"event_id": eid, "source": s, "target": t, "type": members[0].type,
         "anchor_lo": lo, "anchor_hi": hi}
        for s in srcs for t in tgts
    ]  # fmt: skip


# --- the store --------------------------------------------------------------------------

_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's limits
_BULK = 50_000  # assignments from which the mentions' event index is rebuilt, not updated


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _raw(conn: Connection, stmt: Any) -> list[Any]:
    """All rows of a select, straight from the driver's cursor: SQLAlchemy's per-row result
    handling costs more than the query itself at a million rows. (Dates come back as ISO
    strings on SQLite; `_day` reads both.)"""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(params[k] for k in compiled.positiontup)
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(str(compiled), params)
        return list(cur.fetchall())
    finally:
        cur.close()


def _raw_each(conn: Connection, stmt: Any, each: Sequence[dict[str, Any]]) -> list[Any]:
    """`_raw` of one statement with bound parameters, run with each of these values in turn
    and compiled once: a daily load asks a few hundred lookups, and a statement through
    the session costs more than its lookup. (Values are bound as given.)"""
    compiled = stmt.compile(dialect=conn.dialect)
    sql, order = str(compiled), compiled.positiontup
    out: list[Any] = []
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for params in each:
            cur.execute(sql, params if order is None else tuple(params[k] for k in order))
            out += cur.fetchall()
    finally:
        cur.close()
    return out


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _row_key(conn: Connection) -> Any:
    """What the store finds a mention row by when it writes its event: SQLite's rowid (one
    B-tree search per row instead of two through the id's index: the assignments' UPDATE
    takes half as long), the id elsewhere."""
    if conn.dialect.name == "sqlite":
        return literal_column(f"{Mention.__tablename__}.rowid", Integer)
    return col(Mention.id)


def _load(conn: Connection, where: Any) -> tuple[list[MentionInfo], dict[str, Any]]:
    """The mentions that `where` (a condition on Mention) selects, with parties and source,
    and the key of each one's row (`_row_key`).

    One set-based query read as plain tuples (no ORM objects): at a million mentions the
    per-row cost is what counts. The parties ("|"-joined per side) come from `_sides`.
    Equal party sets share one frozenset."""
    q = (
        select(
            col(Mention.id),
            col(Mention.article_id),
            col(Mention.type),
            col(Mention.action),
            col(Mention.status),
            col(Mention.category),
            col(Mention.date),
            col(Mention.date_precision),
            col(Mention.confidence),
            col(Mention.weapon),
            col(Article.source),
            _row_key(conn),
        )
        .join(Article, col(Article.id) == col(Mention.article_id))
        .where(where)
    )
    rows = _raw(conn, q)
    sides = _sides(conn, rows)
    sets: dict[str | None, frozenset[str]] = {None: frozenset()}
    days: dict[Any, date | None] = {None: None}
    out = []
    keys: dict[str, Any] = {}
    nobody = (None, None, None)
    for mid, aid, etype, action, status, cat, mdate, prec, conf, weapon, src, rk in rows:
        _, ss, ts = sides.get(mid, nobody)
        fs = sets.get(ss)
        if fs is None:
            fs = sets[ss] = frozenset(ss.split("|"))
        ft = sets.get(ts)
        if ft is None:
            ft = sets[ts] = frozenset(ts.split("|"))
        day = days.get(mdate)
        if day is None and mdate is not None:
            day = days[mdate] = _day(mdate)
        keys[mid] = rk
        out.append(
            MentionInfo(
                mid, aid, etype, action, status, cat, fs, ft, day,
                prec or ("day" if day else "none"), conf, weapon, src,
            )
        )  # fmt: skip
    return out, keys


def _sides(conn: Connection, rows: Sequence[Any]) -> dict[str, Any]:
    """Per mention of `rows` (its id first), a row (id, sources, targets) with its parties
    "|"-joined per side (None for a side without any); a mention without parties is left
    out. Many mentions, most of the store's (a rebuild from scratch), take one scan of the
    party table in its key order, grouped by mention: two correlated lookups per mention
    cost three times as much at a million (6 s against 2 s of CPU); fewer are looked up by
    id."""

    def side(role: str) -> Any:
        code = col(MentionParty.code)
        return func.aggregate_strings(case((col(MentionParty.role) == role, code)), "|")

    q = select(col(MentionParty.mention_id), side("source"), side("target")).group_by(
        col(MentionParty.mention_id)
    )
    # The scan reads every mention's parties: worth it when most are asked for (a lookup
    # by id costs about two rows of the scan).
    few = len(rows) < _BULK
    if not few:
        few = 2 * len(rows) < _raw(conn, select(func.count()).select_from(Mention))[0][0]
    if few:
        out: dict[str, Any] = {}
        for chunk in _chunks(sorted(row[0] for row in rows)):
            out |= {
                got[0]: got for got in _raw(conn, q.where(col(MentionParty.mention_id).in_(chunk)))
            }
        return out
    return {got[0]: got for got in _raw(conn, q)}


def _load_light(
    conn: Connection, event_ids: Sequence[str], where: Any = None
) -> tuple[list[MentionInfo], dict[str, str | None], dict[str, Any]]:
    """The mentions of these events as `_load` gives them, but for what only a search or a
    summary reads (parties, status, confidence, weapon, news source): one indexed read of
    the mention rows, several times cheaper than `_load`'s."""
    q = select(
        col(Mention.id),
        col(Mention.article_id),
        col(Mention.type),
        col(Mention.action),
        col(Mention.category),
        col(Mention.date),
        col(Mention.date_precision),
        col(Mention.event_id),
        _row_key(conn),
    ).where(col(Mention.event_id).in_(event_ids))
    if where is not None:
        q = q.where(where)
    none: frozenset[str] = frozenset()
    days: dict[Any, date | None] = {None: None}
    out = []
    held: dict[str, str | None] = {}
    keys: dict[str, Any] = {}
    for mid, aid, etype, action, cat, mdate, prec, eid, rk in _raw(conn, q):
        day = days.get(mdate)
        if day is None and mdate is not None:
            day = days[mdate] = _day(mdate)
        held[mid] = eid
        keys[mid] = rk
        out.append(
            MentionInfo(
                mid, aid, etype, action, "", cat, none, none, day,
                prec or ("day" if day else "none"),
            )
        )  # fmt: skip
    return out, held, keys


_Sides = tuple[frozenset[str], frozenset[str]]  # a mention's sources and targets


def _parties(conn: Connection, ids: Iterable[str]) -> dict[str, _Sides]:
    """The sources and targets of these mentions, read from the party rows alone (their
    primary key's index holds them: no other row is visited)."""
    sides: dict[str, tuple[list[str], list[str]]] = {mid: ([], []) for mid in ids}
    for chunk in _chunks(sorted(sides)):
        for mid, role, code in _raw(
            conn,
            select(
                col(MentionParty.mention_id), col(MentionParty.role), col(MentionParty.code)
            ).where(col(MentionParty.mention_id).in_(chunk)),
        ):
            if role in ("source", "target"):
                sides[mid][role == "target"].append(code)
    sets: dict[tuple[str, ...], frozenset[str]] = {}
    out: dict[str, _Sides] = {}
    for mid, both in sides.items():
        got = []
        for codes in both:
            k = tuple(sorted(codes))
            fs = sets.get(k)
            if fs is None:
                fs = sets[k] = frozenset(k)
            got.append(fs)
        out[mid] = (got[0], got[1])
    return out


def _with_parties(mentions: Sequence[MentionInfo], parties: dict[str, _Sides]) -> list[MentionInfo]:
    """These mentions (from `_load_light`) with their parties (`_parties`)."""
    return [
        MentionInfo(
            m.id, m.article_id, m.type, m.action, m.status, m.category, *parties[m.id],
            m.date, m.precision, m.confidence, m.weapon, m.news_source,
        )
        for m in mentions
    ]  # fmt: skip


def _known(
    conn: Connection,
    whole: dict[str, list[MentionInfo]],
    partial: set[str],
    parties: dict[str, _Sides],
) -> tuple[list[Known], list[str]]:
    """The events to restore (id -> mentions, light, in canonical order: all of them, or
    for the `partial` ones those before the first fresh mention) with their parties, and
    the ids of those that cannot be restored so.

    The parties of all its mentions come from the event row: for a partial event a
    superset of its restored mentions' parties, which is the same to the search as long as
    the restored mentions name the first mention naming both sides (`_fit` compares with
    that one, and the group is listed under every pair of its parties); a partial event
    whose restored mentions name none is returned apart. That first mention's parties come
    from `parties` (read with the others: it is almost always the first mention), or are
    read here."""
    every: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    ids = sorted(whole)
    for chunk in _chunks(ids):
        for eid, ss, ts in _raw(
            conn,
            select(col(Event.id), col(Event.sources), col(Event.targets)).where(
                col(Event.id).in_(chunk)
            ),
        ):
            every[eid] = (
                frozenset(ss.split("|")) if ss else frozenset(),
                frozenset(ts.split("|")) if ts else frozenset(),
            )
    core: dict[str, tuple[frozenset[str], frozenset[str]] | None] = {}
    unknown: list[str] = []
    at = dict.fromkeys(ids, 0)  # the mention whose parties are looked at next
    while at:
        asked = {whole[eid][i].id: eid for eid, i in at.items()}
        parties |= _parties(conn, [mid for mid in asked if mid not in parties])
        for mid, eid in asked.items():
            src, tgt = parties[mid]
            if src and tgt:
                core[eid] = (src, tgt)
            elif at[eid] + 1 < len(whole[eid]):
                at[eid] += 1
                continue
            elif eid in partial:
                unknown.append(eid)
            else:
                core[eid] = None
            del at[eid]
    return [Known(whole[eid], *every[eid], core[eid]) for eid in ids if eid in core], unknown


def _candidate_events(session: Session, fresh: Sequence[MentionInfo], r: Rules) -> set[str]:
    """Events the fresh mentions could join or change: those with one of their (source,
    target) pairs anchored within reach of their dates, and those of their own articles."""
    found: set[str] = set()
    if session.execute(select(col(EventPair.event_id)).limit(1)).first() is None and (
        session.execute(select(col(Event.id)).limit(1)).first() is None
    ):
        return found  # nothing grouped yet (a first load): nothing to look up
    reach = _ORD_YEAR + r.max_window + r.published_before
    spans: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    for m in fresh:
        span = interval(m, r)
        if span is None:
            continue
        for s in m.sources:
            for t in m.targets:
                spans.setdefault((m.type, s, t), []).append(span)
    q = (
        select(col(EventPair.event_id))
        .where(
            col(EventPair.type) == bindparam("t"),
            col(EventPair.source) == bindparam("s"),
            col(EventPair.target) == bindparam("g"),
            col(EventPair.anchor_lo) >= bindparam("lo"),
            col(EventPair.anchor_lo) <= bindparam("hi"),
            col(EventPair.anchor_hi) >= bindparam("lo2"),
        )
        .distinct()
    )
    # The dates bound as the store writes them (`_raw_each` binds what it is given).
    dialect = session.connection().dialect
    anchor_t = EventPair.__table__.c.anchor_lo.type  # type: ignore[attr-defined]
    store_date = anchor_t.dialect_impl(dialect).bind_processor(dialect)

    def day(ordinal: int) -> Any:
        d = date.fromordinal(ordinal)
        return store_date(d) if store_date else d

    asked: list[dict[str, Any]] = []
    for (etype, s, t), ranges in sorted(spans.items()):
        # Merge the ranges a key's mentions reach, one query per merged range.
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            lo2, hi2 = lo - r.max_window, hi + r.max_window
            if merged and lo2 <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi2)
            else:
                merged.append([lo2, hi2])
        asked += [
            {"t": etype, "s": s, "g": t, "lo": day(lo - reach + r.max_window), "hi": day(hi),
             "lo2": day(lo)}
            for lo, hi in merged
        ]  # fmt: skip
    found.update(eid for (eid,) in _raw_each(session.connection(), q, asked))
    return found | _article_events(session, {m.article_id for m in fresh})


def _article_events(session: Session, articles: Iterable[str]) -> set[str]:
    """The events that hold a mention of one of these articles."""
    found: set[str] = set()
    conn = session.connection()
    for chunk in _chunks(sorted(articles)):
        found.update(
            eid
            for (eid,) in _raw(
                conn,
                select(col(Mention.event_id))
                .where(col(Mention.article_id).in_(chunk), col(Mention.event_id).is_not(None))
                .distinct(),
            )
        )
    return found


def _events_by_article(
    session: Session, articles: Iterable[str]
) -> dict[str, dict[str, set[tuple[str, str]]]]:
    """`_article_events` per article, each event with the (precision, action) of its
    mentions in the article (what `_Grouper._restates` reads)."""
    found: dict[str, dict[str, set[tuple[str, str]]]] = {}
    for chunk in _chunks(sorted(articles)):
        for aid, eid, prec, action in session.execute(
            select(
                col(Mention.article_id),
                col(Mention.event_id),
                col(Mention.date_precision),
                col(Mention.action),
            )
            .where(col(Mention.article_id).in_(chunk), col(Mention.event_id).is_not(None))
            .distinct()
        ):
            found.setdefault(aid, {}).setdefault(eid, set()).add((prec, action))
    return found


class _Regroup:
    """The regroup of an incremental rebuild: the fresh mentions with the events they could
    join (`_candidate_events`) and, of the other events of those events' articles (an
    undated mention there may move with its article's dated ones), the ones it can reach.

    Regrouping every article event gives the result, but they are most of what it reads
    (three in four events at 200,000 and 1,000,000) and it changes almost none. So one is
    left out while the grouping of the rest cannot reach it:
    - no mention searched in a changed group from its change on (a fresh one, or one
      searched again after a mention joined or left) could join it: not of its articles
      within the mention's reach of its anchor (or restating a sentence of it dated by
      publication, `_restates`), nor listed under one of its pairs (`EventPair`) within
      the mention's reach; such a mention is the only one whose choice may differ, and its
      search must see every event it could join;
    - none of its later mentions (those a search would see again) could join a changed
      group: not one of its article's within the mention's reach (or restating) with a
      party on each side the group names by then that overlaps the mention's, nor one
      holding the mention's action class within its reach under one of the event's
      pairs. Its mentions then meet the same events in the same state as when they were
      grouped, and choose as they did.
    A group that only gained fresh mentions naming nothing new (no new party, class or
    specific category, in an article no stored mention is in, after a mention naming both
    sides) is no change to a search. An event found reachable is read and the regroup done
    again, until none is: the same events as regrouping them all (`every=True`, which a
    test compares with)."""

    def __init__(
        self,
        session: Session,
        fresh: list[MentionInfo],
        r: Rules,
        row_keys: dict[str, Any],
        *,
        every: bool = False,
    ) -> None:
        self.session = session
        self.every = every  # regroup every event of the articles (what a test compares with)
        self.conn = session.connection()
        self.fresh = fresh
        self.r = r
        self.row_keys = row_keys
        self.key = _sort_key(r)
        self._first: dict[str, Any] | None = None  # see `first`
        self.light: list[MentionInfo] = []
        self.held: dict[str, str | None] = {}
        self.was: dict[str, set[str]] = {}
        self.parties: dict[str, _Sides] = {}
        self.restored: dict[str, Known] = {}  # event -> its mentions restored, if any
        self.members: dict[str, list[MentionInfo]] = {}  # event -> its mentions, light
        self.articles: set[str] = set()  # the articles of those mentions
        self.fresh_ids = {m.id for m in fresh}
        self.known: list[Known] = []
        self.old: list[MentionInfo] = []  # the mentions searched again (or replayed)
        self.searched: set[str] = set(self.fresh_ids)  # (a copy: cheaper than building it)
        self.placed: dict[str, str] = {}
        self.regrouped: set[str] = set()
        self._reaches: dict[tuple[str, str, str], tuple[int, int]] = {}
        self.tails: dict[str, list[MentionInfo]] = {}  # event -> its later mentions

    @property
    def first(self) -> dict[str, Any]:
        """Per type, the key of the first fresh mention in canonical order: what comes before
        it is restored, not searched. Computed when an event is read (grouping from scratch
        reads none, and would compute a key for each of a million fresh mentions)."""
        if self._first is None:
            self._first = {}
            key = self.key
            for m in self.fresh:
                k = key(m)
                if m.type not in self._first or k < self._first[m.type]:
                    self._first[m.type] = k
        return self._first

    def unchanged(self, members: list[MentionInfo], eid: str) -> bool:
        """Does the group hold exactly the mentions of the stored event `eid`?"""
        same = self.was.get(eid)
        return same is not None and len(same) == len(members) and all(m.id in same for m in members)

    def run(self) -> list[list[MentionInfo]]:
        """The groups of the fresh mentions and of the events read, as `group` gives them."""
        cands = _candidate_events(self.session, self.fresh, self.r)
        self._read(cands)
        # The other events of their articles: their lookup pairs (and, for those near a
        # change, their later mentions) tell whether the regroup reaches them.
        rest = _article_events(self.session, {m.article_id for m in self.light}) - cands
        if self.every:
            self._read(rest)
            rest = set()
        anchors = _anchors(self.conn, rest)
        while True:
            groups = group(self.fresh + self.old, self.r, self.placed, self.known)
            if not rest:  # nothing left to reach (always so from scratch)
                return groups
            changed = [
                (g, self._changed_from(g)) for g in groups if not self.unchanged(g, event_id(g))
            ]
            reached = self._reached(changed, rest, anchors)
            if not reached:
                return groups
            rest -= reached
            self._read(reached)

    def _read(self, ids: set[str]) -> None:
        """Read these events (light), restore what comes before the first fresh mention
        (`Known`), and queue the rest for the search."""
        self.regrouped |= ids
        light: list[MentionInfo] = []
        for chunk in _chunks(sorted(ids)):
            ms, h, k = _load_light(self.conn, chunk)
            light += ms
            self.held |= h
            self.row_keys |= k
        self.light += light
        key = self.key
        by_event: dict[str, list[MentionInfo]] = {}
        for m in light:
            by_event.setdefault(self.held[m.id] or "", []).append(m)
        whole: dict[str, list[MentionInfo]] = {}  # event -> its mentions before the fresh
        partial: set[str] = set()  # events with mentions after the first fresh one
        searched: list[MentionInfo] = []  # those mentions, searched again
        for old_id, ms in by_event.items():
            self.was[old_id] = {m.id for m in ms}
            ms.sort(key=key)
            self.members[old_id] = ms
            self.articles.update(m.article_id for m in ms)
            f = self.first.get(ms[0].type)
            n = len(ms) if f is None else sum(1 for m in ms if key(m) < f)
            if n:
                whole[old_id] = ms[:n]
            if n < len(ms):
                partial.add(old_id)
                searched += ms[n:]
        # The mentions searched again are read with their parties only (what a summary
        # needs more is read later for the events that change), with the first mention of
        # each restored event.
        parties = self.parties
        parties |= _parties(
            self.conn,
            [m.id for m in searched if m.id not in parties]
            + [ms[0].id for ms in whole.values() if ms[0].id not in parties],
        )
        known, unknown = _known(self.conn, whole, partial, parties)
        for ev in known:
            self.restored[self.held[ev.members[0].id] or ""] = ev
        # A prefix none of whose mentions names both sides is checked against the parties
        # of all of them: replayed.
        replayed = [m for eid in unknown for m in whole.pop(eid)]
        parties |= _parties(self.conn, [m.id for m in replayed if m.id not in parties])
        self.known += known
        self.old += _with_parties(searched + replayed, parties)
        self.searched.update(m.id for m in searched)
        self.placed |= {m.id: self.held[m.id] or "" for m in replayed}

    def _tails(self, ids: set[str]) -> dict[str, list[MentionInfo]]:
        """Per event, its mentions a regroup would search again (those after the first
        fresh one), light: their parties are taken to be all of their event's. (Read once
        per event.)"""
        key, first, r = self.key, self.first, self.r
        cache = self.tails
        ids = ids - cache.keys()
        if not first or not ids:
            return cache
        low = min(first.values())
        # The rows that may come after `low`: of a later level, or of its level from its
        # date on (a superset, narrowed below per type).
        levels = {p: r.level(p) for p in r.order}
        earlier = [p for p, lv in levels.items() if lv < low[0]]
        same = [p for p, lv in levels.items() if lv == low[0]]
        prec = col(Mention.date_precision)
        since = date.fromordinal(low[1]) if low[1] else None
        later: Any = prec.not_in(earlier + same)
        if same:
            later = or_(
                later,
                and_(prec.in_(same), col(Mention.date) >= since) if since else prec.in_(same),
            )
        for eid in ids:
            cache[eid] = []
        for chunk in _chunks(sorted(ids)):
            ms, held, _ = _load_light(self.conn, chunk, later)
            for m in ms:
                if m.type in first and key(m) >= first[m.type]:
                    cache[held[m.id] or ""].append(m)
        return cache

    def _changed_from(self, g: list[MentionInfo]) -> Any:
        """The canonical key from which the changed group `g` differs, for a search, from
        the stored event of its id: () when it is new, None when it only gained fresh
        mentions that change nothing a later mention is checked against (of an article
        no stored mention is in, naming parties the event names, of an action class and a
        category it already holds, after a mention naming both sides)."""
        eid = event_id(g)
        stored = self.members.get(eid)
        if stored is None:
            return ()
        key, r, generic = self.key, self.r, self.r.generic
        ids = {m.id for m in g}
        lost = next((key(y) for y in stored if y.id not in ids), None)
        was = self.was[eid]
        known = self.restored.get(eid)
        classes: set[str] = set()
        specific: set[str] = set()
        for x in g:
            k = key(x)
            if lost is not None and k >= lost:
                break
            cls = r.action_class(x.type, x.action)
            if x.id in was:
                classes.add(cls)
                if x.category != generic:
                    specific.add(x.category)
            elif (
                x.id not in self.fresh_ids
                or known is None
                or known.core is None
                or x.article_id in self.articles
                or not (x.sources <= known.sources and x.targets <= known.targets)
                or cls not in classes
                or (x.category != generic and x.category not in specific)
            ):
                return k
        return lost

    def _reach(self, m: MentionInfo) -> tuple[int, int]:
        """`Rules.reach` of a mention, cached by what it depends on."""
        k = (m.type, m.action, m.precision)
        got = self._reaches.get(k)
        if got is None:
            r = self.r
            got = self._reaches[k] = r.reach(m.type, r.action_class(m.type, m.action), m.precision)
        return got

    def _far(self, m: MentionInfo, anchor: tuple[int, int] | None, restates: bool) -> bool:
        """Is `m` out of its reach of an event anchored at `anchor`, so that it cannot join
        it even within its article? (`_fit`'s date check: an undated mention, or one that
        restates a sentence of its article, escapes it.)"""
        if anchor is None or restates:
            return False
        span = interval(m, self.r)
        if span is None:
            return False
        before, after = self._reach(m)
        return _gap(span, anchor) > (before if anchor[1] < span[0] else after)

    def _near(self, m: MentionInfo, g: list[MentionInfo], sides: _Sides | None = None) -> bool:
        """Could `m`, a later mention of an event not regrouped, join the changed group `g`
        of its article by date and, given its `sides`, by parties? (Judged on all of `g`'s
        mentions: it holds at least those it held when `m` is searched.)"""
        restates = m.precision in self.r.article_dates and any(
            x.article_id == m.article_id and x.precision == "published" and x.action == m.action
            for x in g
        )
        if self._far(m, interval(g[0], self.r), restates):
            return False
        if sides is None:
            return True
        # A side `m` names must overlap the group's once the group names that side (before
        # `m`: a mention before it with parties, or a restored first mention naming both).
        key, held, restored = self.key, self.held, self.restored
        at = key(m)
        first = restored.get(held.get(g[0].id) or "")
        named = [first is not None and first.members[0].id == g[0].id and first.core is not None]
        named.append(named[0])
        sup: tuple[set[str], set[str]] = (set(), set())
        for x in g:
            before = key(x) < at
            for i, side in enumerate((x.sources, x.targets)):
                sup[i].update(side)
                if side and before:
                    named[i] = True
            ev = restored.get(held.get(x.id) or "")
            if ev is not None:  # its event row's parties: a light mention has none
                sup[0].update(ev.sources)
                sup[1].update(ev.targets)
        return not any(named[i] and sides[i] and not sides[i] & sup[i] for i in (0, 1))

    def _reached(
        self,
        changed: list[tuple[list[MentionInfo], Any]],
        rest: set[str],
        anchors: dict[str, tuple[tuple[int, int], dict[str, set[tuple[str, str]]]]],
    ) -> set[str]:
        """The events of `rest` a search could have reached: one a mention of a changed
        group (fresh or searched again) could join, or one with a later mention that could
        join a changed group. (A mention may join a group whose anchor ends no more than
        its reach before it and starts no more than its reach after it; an anchor spans a
        year at most.)"""
        if not rest:
            return set()
        r = self.r
        # The events of `rest` a changed group's mention could join: of its article, or
        # listed under one of its pairs with an anchor within its reach.
        key = self.key
        movers = [
            m
            for g, since in changed
            for m in g
            if m.id in self.fresh_ids
            or (m.id in self.searched and since is not None and key(m) >= since)
        ]
        # Within its article a mover is still held to its reach of the event's anchor
        # (`_fit`), unless it restates a sentence of the event there (`_restates`: one
        # dated by publication with the same action; the event holds at most the mentions
        # stored in it when the mover is searched).
        out: set[str] = set()
        coarse = r.article_dates
        by_article = _events_by_article(self.session, {m.article_id for m in movers})
        for m in movers:
            for eid, said in by_article.get(m.article_id, {}).items():
                if eid not in rest or eid in out:
                    continue
                got = anchors.get(eid)
                restates = m.precision in coarse and ("published", m.action) in said
                if got is None or not self._far(m, got[0], restates):
                    out.add(eid)
        listed: dict[tuple[str, str, str], list[tuple[int, int, str]]] = {}
        for eid in rest - out:
            got = anchors.get(eid)
            if got is not None:
                (lo, hi), keys = got
                for etype, pairs_ in keys.items():
                    for s, t in pairs_:
                        listed.setdefault((etype, s, t), []).append((lo, hi, eid))
        index: dict[tuple[str, str, str], tuple[list[int], list[tuple[int, int, str]]]] = {}
        for k, v in listed.items():
            v.sort()
            index[k] = ([x[0] for x in v], v)
        for m in movers:
            span = interval(m, r)
            if span is None or not (m.sources and m.targets):
                continue
            before, after = self._reach(m)
            lo, hi = span[0] - before, span[1] + after
            for s in m.sources:
                for t in m.targets:
                    got2 = index.get((m.type, s, t))
                    if got2 is None:
                        continue
                    starts, entries = got2
                    i = bisect.bisect_left(starts, lo - _ORD_YEAR)
                    j = bisect.bisect_right(starts, hi, i)
                    out.update(eid for _, end, eid in entries[i:j] if end >= lo)
        # The events of `rest` with a later mention that could join a changed group: of
        # one of its articles, or under one of its pairs within the mention's reach.
        touched: dict[str, list[list[MentionInfo]]] = {}  # article -> changed groups
        spans: dict[tuple[str, str, str, str], list[tuple[int, int]]] = {}
        for g, since in changed:
            if since is None:
                continue
            for a in {m.article_id for m in g}:
                touched.setdefault(a, []).append(g)
            at = interval(g[0], r)
            if at is None:
                continue
            sources: set[str] = set()
            targets: set[str] = set()
            for m in g:
                sources |= m.sources
                targets |= m.targets
                ev = self.restored.get(self.held.get(m.id) or "")
                if ev is not None:  # its event row's parties: a light mention has none
                    sources |= ev.sources
                    targets |= ev.targets
            # Listed under each action class it holds ("" for any): across articles a
            # mention joins only a group of its class (held by the group at its search).
            classes = {r.action_class(m.type, m.action) for m in g} | {""}
            for s in sources:
                for t in targets:
                    for cls in classes:
                        spans.setdefault((g[0].type, s, t, cls), []).append(at)
        # Per pair, the changed groups' anchor starts in order and the latest end so far.
        reachable: dict[tuple[str, str, str, str], tuple[list[int], list[int]]] = {}
        for pair, ats in spans.items():
            ats.sort()
            ends, last = [], -1
            for _, end in ats:
                last = max(last, end)
                ends.append(last)
            reachable[pair] = ([x[0] for x in ats], ends)

        def within(
            etype: str, pairs_: Iterable[tuple[str, str]], lo: int, hi: int, cls: str = ""
        ) -> bool:
            """Is a changed group (holding `cls`, if given) listed under one of these pairs
            with an anchor that starts by `hi` and ends from `lo` on?"""
            for s, t in pairs_:
                found = reachable.get((etype, s, t, cls))
                if found is not None:
                    j = bisect.bisect_right(found[0], hi)
                    if j and found[1][j - 1] >= lo:
                        return True
            return False

        # A later mention joined its event by its own article or within its reach of the
        # event's anchor (a year wide at most): the changed groups it could join lie
        # within a year and twice the widest reach of that anchor, or share its article.
        # Only those events' later mentions are read and checked.
        wide = _ORD_YEAR + 2 * r.max_window
        near = _article_events(self.session, touched) & rest - out
        for eid in rest - out - near:
            got = anchors.get(eid)
            if got is not None:
                (lo, hi), keys = got
                if any(within(t, ps, lo - wide, hi + wide) for t, ps in keys.items()):
                    near.add(eid)
        tails = self._tails(near)
        mates: list[tuple[str, MentionInfo]] = []
        for eid in near:
            got = anchors.get(eid)
            for m in tails.get(eid, ()):
                if any(self._near(m, g) for g in touched.get(m.article_id, ())):
                    mates.append((eid, m))  # judged again below with its parties
                span = interval(m, r)
                if span is None:
                    continue
                if got is None:  # no lookup pairs: its parties are not known here
                    out.add(eid)
                    break
                before, after = self._reach(m)
                cls = r.action_class(m.type, m.action)
                if within(m.type, got[1].get(m.type, ()), span[0] - before, span[1] + after, cls):
                    out.add(eid)
                    break
        # A later mention near a changed group of its article by date is judged again with
        # its parties (read for these few).
        mates = [(eid, m) for eid, m in mates if eid not in out]
        parties = self.parties
        parties |= _parties(self.conn, {m.id for _, m in mates} - parties.keys())
        for eid, m in mates:
            if any(self._near(m, g, parties[m.id]) for g in touched[m.article_id]):
                out.add(eid)
        return out


def _anchors(
    conn: Connection, ids: set[str]
) -> dict[str, tuple[tuple[int, int], dict[str, set[tuple[str, str]]]]]:
    """Per event, its anchor and lookup pairs by type (`EventPair`; an event without any
    is joined only within its articles)."""
    out: dict[str, tuple[tuple[int, int], dict[str, set[tuple[str, str]]]]] = {}
    for chunk in _chunks(sorted(ids)):
        for eid, etype, s, t, lo, hi in _raw(
            conn,
            select(
                col(EventPair.event_id),
                col(EventPair.type),
                col(EventPair.source),
                col(EventPair.target),
                col(EventPair.anchor_lo),
                col(EventPair.anchor_hi),
            ).where(col(EventPair.event_id).in_(chunk)),
        ):
            if lo is None or hi is None:
                continue
            got = out.get(eid)
            if got is None:
                a, b = _day(lo), _day(hi)
                assert a is not None and b is not None
                got = out[eid] = ((a.toordinal(), b.toordinal()), {})
            got[1].setdefault(etype, set()).add((s, t))
    return out


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: it would walk the million objects a rebuild
    reads and builds again and again as they are made (a sixth of the grouping's CPU at
    200,000 mentions, more with more). What was made meanwhile is collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rebuild_events(engine: Engine) -> int:
    """Group the mentions no event holds yet into events, in one transaction: they join
    existing events or start new ones; only the events they could touch are regrouped.
    Returns the number of events that hold them (0 when there was nothing to group)."""
    with _no_gc():
        return _rebuild_events(engine)


def _rebuild_events(engine: Engine, *, every: bool = False) -> int:
    r = rules()
    events_t = Event.__table__  # type: ignore[attr-defined]
    pairs_t = EventPair.__table__  # type: ignore[attr-defined]
    mentions_t = Mention.__table__  # type: ignore[attr-defined]
    with Session(engine) as session, session.begin():
        conn = session.connection()
        fresh, row_keys = _load(conn, col(Mention.event_id).is_(None))
        if not fresh:
            return 0
        # The events the fresh mentions could join, and those of the same articles as their
        # mentions that the regroup reaches (see `_Regroup`).
        rg = _Regroup(session, fresh, r, row_keys, every=every)
        groups = rg.run()
        light, held, old_ids, unchanged = rg.light, rg.held, sorted(rg.regrouped), rg.unchanged
        # An event that changed is summarized from its mentions, read in full now.
        unread = {m.id for m in light}
        reread: set[str] = set()
        for members in groups if unread else ():
            if any(m.id in unread for m in members) and not unchanged(members, event_id(members)):
                reread.update(held[m.id] or "" for m in members if m.id in unread)
        full: dict[str, MentionInfo] = {}
        for chunk in _chunks(sorted(reread)):
            full |= {m.id: m for m in _load(conn, col(Mention.event_id).in_(chunk))[0]}
        if full:
            for members in groups:
                members[:] = [full.get(m.id, m) for m in members]
        kept: set[str] = set()
        event_rows = []
        pair_rows: list[dict[str, Any]] = []
        assignments = []
        fresh_ids = rg.fresh_ids
        touched: set[str] = set()
        for members in groups:
            eid = event_id(members)
            if unchanged(members, eid):
                kept.add(eid)
                continue
            row = summarize(members, r)
            event_rows.append(row)
            pair_rows += pairs(members, eid, r)
            assignments += [(row_keys[m.id], eid) for m in members]
            if any(m.id in fresh_ids for m in members):
                touched.add(eid)
        # Detach and drop the regrouped events that changed; a changed group whose first
        # mention still leads gets its old id back.
        gone = [e for e in old_ids if e not in kept]
        for chunk in _chunks(gone):
            conn.execute(
                update(mentions_t).where(mentions_t.c.event_id.in_(chunk)).values(event_id=None)
            )
            conn.execute(pairs_t.delete().where(pairs_t.c.event_id.in_(chunk)))
            conn.execute(events_t.delete().where(events_t.c.id.in_(chunk)))
        # Written in key order: B-tree pages are then visited in sequence, not at random
        # (at a million rows the random order thrashes SQLite's page cache).
        event_rows.sort(key=lambda row: row["id"])
        pair_rows.sort(key=lambda row: (row["event_id"], row["source"], row["target"]))
        assignments.sort(key=itemgetter(0))
        sqlite = conn.dialect.name == "sqlite"
        key_type = Integer if sqlite else String
        # Each new event's evidence sentence, read by its mention's row key before the event
        # is written with it (an UPDATE of every event row after, matching mentions by id,
        # cost twice as much: a second write of the row, two B-tree searches per mention).
        evidence_t = Table(
            "_event_evidence",
            MetaData(),
            Column("mention_key", key_type, primary_key=True),
            prefixes=["TEMPORARY"],
        )
        evidence_t.create(conn)
        keyed = {row_keys[row["evidence_mention_id"]] for row in event_rows}
        _insert_many(conn, evidence_t, [(k,) for k in sorted(keyed)])
        row_key = _row_key(conn)
        sentences = dict(
            _raw(
                conn,
                select(row_key, col(Mention.sentence)).where(
                    row_key.in_(select(evidence_t.c.mention_key))
                ),
            )
        )
        evidence_t.drop(conn)
        for row in event_rows:
            row["evidence"] = sentences[row_keys[row["evidence_mention_id"]]]
        _insert_many(conn, events_t, event_rows)
        _insert_many(conn, pairs_t, pair_rows)
        # The assignments go through a temporary table and one set-based UPDATE ... FROM
        # (SQLite >= 3.33, PostgreSQL): a statement per row costs more than the grouping
        # itself at a million mentions. Keyed by the mention's row (`_row_key`), in key order.
        assign_t = Table(
            "_event_assignment",
            MetaData(),
            Column("mention_key", key_type, primary_key=True),
            Column("event_id", String, nullable=False),
            prefixes=["TEMPORARY"],
        )
        assign_t.create(conn)
        _insert_many(conn, assign_t, assignments)
        # A large rebuild on SQLite updates the mentions without their event index and
        # builds it again after (sorted once instead of a million random inserts: about
        # half the UPDATE's time at 1,000,000). Inside the transaction, so a crash keeps the
        # index; WAL readers see the old snapshot meanwhile. (PostgreSQL would lock the table
        # against readers until the commit, so it keeps its index.)
        rebuild_index = sqlite and len(assignments) >= _BULK
        index = next(i for i in mentions_t.indexes if list(i.columns) == [mentions_t.c.event_id])
        if rebuild_index:
            index.drop(conn)
        # SQLite's rowid is no column of the model: the table is named with it here.
        target = (
            sql_table(mentions_t.name, sql_column("rowid", Integer), sql_column("event_id", String))
            if sqlite
            else mentions_t
        )
        key_col = target.c.rowid if sqlite else target.c.id
        assign = update(target).where(key_col == assign_t.c.mention_key)
        if len(assignments) < _BULK:
            # A few rows (an incremental rebuild): SQLite otherwise scans every mention for
            # them (0.3 s at 1,000,000); keyed by the table's keys, it looks each one up.
            assign = assign.where(key_col.in_(select(assign_t.c.mention_key)))
        conn.execute(assign.values(event_id=assign_t.c.event_id))
        if rebuild_index:
            index.create(conn)
        assign_t.drop(conn)
        return len(touched)


def _insert_many(conn: Connection, table: Table, rows: Sequence[Any]) -> None:
    """Insert rows (dicts keyed by column name, or tuples in column order) with the
    driver's own executemany: SQLAlchemy's per-row parameter handling would dominate."""
    if not rows:
        return
    cols = list(rows[0]) if isinstance(rows[0], dict) else [c.name for c in table.columns]
    dialect = conn.dialect
    procs = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in cols]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    sql = (
        f"INSERT INTO {preparer.format_table(table)}"
        f" ({', '.join(preparer.quote(c) for c in cols)})"
        f" VALUES ({', '.join([mark] * len(cols))})"
    )
    # Dict rows become tuples in C (`itemgetter`); only the columns with a bind processor
    # (dates on SQLite) are handled row by row in Python.
    params: list[Any]
    if not isinstance(rows[0], dict):
        params = list(rows)
    elif len(cols) == 1:
        params = [(row[cols[0]],) for row in rows]
    else:
        get = itemgetter(*cols)
        params = [get(row) for row in rows]
    todo: list[tuple[int, Any, dict[Any, Any]]] = [
        (i, f, {}) for i, f in enumerate(procs) if f is not None
    ]
    if todo:
        # Their values repeat (a few thousand dates, two booleans): each distinct one is
        # processed once, the others found in its column's memo (a date's processor costs
        # several times a dict lookup, and a rebuild writes half a million dates).
        for k, row in enumerate(params):
            values = list(row)
            for i, f, memo in todo:
                v = values[i]
                got = memo.get(v, memo)
                if got is memo:
                    got = memo[v] = f(v)
                values[i] = got
            params[k] = tuple(values)
    for chunk in _chunks(params, 50_000):
        conn.exec_driver_sql(sql, list(chunk))


# --- databases made before the grouping -------------------------------------------------


def upgrade(engine: Engine) -> list[str]:
    """Bring a database made before the grouping up to date; returns `note:` messages.

    Missing `Mention.date_precision`: added, inferred from each mention's date (none without
    one, `published` when it is the article's date, else `day`; `etl retag --all` computes
    it from the text). Missing `Event` columns: added, and every event is dissolved; the
    caller's `rebuild_events` groups all mentions again under the current rules.
    """
    insp = inspect(engine)
    tables = set(insp.get_table_names())
    notes: list[str] = []
    if "mention" not in tables or "event" not in tables:
        return notes
    dialect = engine.dialect
    with engine.begin() as conn:
        mention_cols = {c["name"] for c in insp.get_columns("mention")}
        if "date_precision" not in mention_cols:
            conn.execute(
                text(
                    "ALTER TABLE mention ADD COLUMN date_precision VARCHAR(10)"
                    " NOT NULL DEFAULT 'none'"
                )
            )
            published = (
                select(col(Article.published))
                .where(col(Article.id) == col(Mention.article_id))
                .scalar_subquery()
            )
            conn.execute(
                update(Mention)
                .where(col(Mention.date).is_not(None))
                .values(
                    date_precision=func.coalesce(
                        select(text("'published'"))
                        .where(col(Mention.date) == published)
                        .scalar_subquery(),
                        "day",
                    )
                )
            )
            notes.append(
                "mentions predate date precision: inferred from their dates"
                " (`python -m etl retag --all` reads it from the text)"
            )
        event_cols = {c["name"]: c for c in insp.get_columns("event")}
        table = Event.__table__  # type: ignore[attr-defined]
        missing = [c for c in table.columns if c.name not in event_cols]
        if missing:
            for c in missing:
                default = c.default.arg if c.default is not None else None
                ddl = f"ALTER TABLE event ADD COLUMN {c.name} {c.type.compile(dialect)}"
                if isinstance(default, bool):
                    ddl += f" NOT NULL DEFAULT {'TRUE' if default else 'FALSE'}"
                elif isinstance(default, int | str):
                    ddl += f" NOT NULL DEFAULT {default!r}"
                conn.execute(text(ddl))
            n = conn.execute(select(func.count()).select_from(Mention)).scalar_one()
            conn.execute(update(Mention).values(event_id=None))
            if "eventpair" in tables:
                conn.execute(delete(EventPair))
            conn.execute(delete(Event))
            notes.append(
                f"the event table predates the grouping rules: rebuilding events from {n} mentions"
            )
    return notes


# Bump when a change to this module makes other events of the same mentions and rules (a
# database whose events were made otherwise is regrouped once, see `regroup_if_changed`).
GROUPING_CODE = "2"


def fingerprint(data: dict[str, Any] | None = None) -> str:
    """What events are made with: the grouping code's version and the rules (`grouping.json`
    or `data`) without their prose, so a reworded `doc` regroups nothing."""

    def rules_only(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: rules_only(v) for k, v in x.items() if k not in ("doc", "_comment")}
        return [rules_only(v) for v in x] if isinstance(x, list) else x

    rules_data = lexicons.load("grouping") if data is None else data
    body = json.dumps(rules_only(rules_data), sort_keys=True)
    return hashlib.sha256(f"{GROUPING_CODE}\n{body}".encode()).hexdigest()[:16]


def regroup_if_changed(engine: Engine, *, note: bool = True) -> list[str]:
    """Regroup every mention when the events were made with other rules or code than now
    (`grouping.json` edited, a new release); returns a `note:` message when it did.

    Events are derived data: the mentions are dissolved from their events in one transaction,
    grouped again in a second, and the fingerprint recorded in a third, so a crash between
    them leaves mentions without events and the next open regroups them."""
    now = fingerprint()
    with engine.begin() as conn:
        stored = conn.execute(
            select(col(StoreInfo.value)).where(col(StoreInfo.key) == "grouping")
        ).scalar_one_or_none()
        if stored == now:
            return []
        n = conn.execute(select(func.count()).select_from(Mention)).scalar_one()
        if n:
            conn.execute(update(Mention).values(event_id=None))
            conn.execute(delete(EventPair))
            conn.execute(delete(Event))
    notes = []
    if n:
        rebuild_events(engine)
    if n and note:
        notes.append(f"the events were made with other grouping rules: regrouped {n} mentions")
    with engine.begin() as conn:
        conn.execute(delete(StoreInfo).where(col(StoreInfo.key) == "grouping"))
        conn.execute(insert(StoreInfo).values(key="grouping", value=now))
    return notes
