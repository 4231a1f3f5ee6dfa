"""The event grouping as a pure function: one rule at a time, a positive and a negative case
(`etl/events.py`, rules in `etl/lexicons/grouping.json`)."""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest

from etl import events, lexicons
from etl.events import MentionInfo

_ids = count()
D = date(2023, 3, 10)
ARMS: dict[str, Any] = {"etype": "arms_transfer", "action": "delivered", "targets": ("UKR",)}


def m(
    article: str = "a",
    *,
    day: date | None = D,
    precision: str = "day",
    etype: str = "sanction",
    action: str = "imposed",
    status: str = "reported",
    category: str = "financial",
    sources: tuple[str, ...] = ("USA",),
    targets: tuple[str, ...] = ("IRN",),
    confidence: float = 0.8,
    weapon: str | None = None,
    news: str | None = "wire",
    mid: str | None = None,
) -> MentionInfo:
    return MentionInfo(
        id=mid or f"m{next(_ids):04d}",
        article_id=article,
        type=etype,
        action=action,
        status=status,
        category=category,
        sources=frozenset(sources),
        targets=frozenset(targets),
        date=day,
        precision=precision if day else "none",
        confidence=confidence,
        weapon=weapon,
        news_source=news,
    )


def n_events(*mentions: MentionInfo) -> int:
    return len(events.group(mentions))


def one(*mentions: MentionInfo) -> bool:
    return n_events(*mentions) == 1


# --- type and parties -------------------------------------------------------------------


def test_same_type_joins_other_type_does_not() -> None:
    assert one(m("a"), m("b"))
    assert not one(m("a"), m("b", etype="arms_transfer", action="sold", category="other"))


def test_overlapping_parties_join() -> None:
    assert one(m("a", sources=("USA", "GBR")), m("b", sources=("USA",)))
    assert one(m("a", targets=("IRN", "SYR")), m("b", targets=("SYR",)))


@pytest.mark.parametrize("other", [{"sources": ("GBR",)}, {"targets": ("RUS",)}])
def test_disjoint_parties_do_not_join(other: dict[str, Any]) -> None:
    assert not one(m("a"), m("b", **other))


def test_an_events_parties_are_its_first_mentions() -> None:
    # "profits of the arms sales to Iran went to the contras": USA -> IRN|NIC joins the
    # Iran sale, but does not draw the USA -> NIC aid to the contras into it, from another
    # article or from its own.
    founder = m("a", targets=("IRN",))
    passing = m("a", targets=("IRN", "NIC"))
    assert one(founder, passing, m("b", targets=("IRN",)))
    assert not one(founder, passing, m("b", targets=("NIC",)))
    assert not one(founder, passing, m("a", targets=("NIC",)))


def test_unknown_side_joins_only_within_its_article() -> None:
    assert one(m("a"), m("a", sources=()))
    assert not one(m("a"), m("b", sources=()))
    assert not one(m("a", sources=()), m("b", sources=()))  # two unknown senders: unknown


# --- actions ----------------------------------------------------------------------------


def test_arms_pledged_sold_delivered_of_one_deal_join() -> None:
    arms = {"etype": "arms_transfer", "category": "aircraft", "targets": ("TWN",)}
    assert one(m("a", action="sold", **arms), m("b", action="pledged", **arms))
    assert one(m("a", action="delivered", **arms), m("b", action="other", **arms))


def test_threat_and_imposition_are_two_events_across_articles() -> None:
    assert not one(m("a", action="threatened"), m("b", action="imposed"))


def test_threat_and_imposition_join_within_one_article() -> None:
    # "EU moves to ban Belarusian airlines" (headline) / "leaders agreed to shut" (body)
    assert one(m("a", action="threatened"), m("a", action="imposed"))


def test_relief_never_joins_an_imposition() -> None:
    assert not one(m("a", action="lifted"), m("a", action="imposed"))
    assert one(m("a", action="eased"), m("b", action="lifted"))


def test_a_planned_lifting_is_one_event_for_weeks_a_new_measure_is_not() -> None:
    # A lifting offered on the 1st and still weighed in reports 40 days on is one lifting;
    # a new measure 40 days on is another round.
    later = D + timedelta(days=40)
    assert one(m("a", action="lifted"), m("b", action="lifted", day=later))
    assert not one(m("a", action="imposed"), m("b", action="imposed", day=later))


def test_extension_is_not_a_new_round_across_articles() -> None:
    assert not one(m("a", action="extended"), m("b", action="imposed"))
    assert one(m("a", action="extended"), m("a", action="imposed"))


def test_a_later_article_joins_an_event_whose_headline_was_a_threat() -> None:
    body = m("a", action="imposed", day=D - timedelta(days=1))
    assert one(body, m("a", action="threatened", precision="published"), m("b"))


# --- categories -------------------------------------------------------------------------


def test_other_joins_a_specific_category() -> None:
    assert one(m("a", category="other"), m("b", category="trade"))


def test_two_specific_arms_categories_do_not_join() -> None:
    # Tanks in March and Storm Shadow missiles in May: two deliveries, even within a week.
    assert not one(
        m("a", category="armoured_vehicles", **ARMS), m("b", category="missiles", **ARMS)
    )


def test_other_does_not_bridge_two_specific_arms_categories() -> None:
    grouped = events.group(
        [
            m("a", category="aircraft", **ARMS),
            m("b", category="other", **ARMS),
            m("c", category="missiles", **ARMS),
        ]
    )
    assert sorted(len(g) for g in grouped) == [1, 2]


def test_a_round_of_sanctions_joins_its_categories() -> None:
    # The EU's sectoral round of 29 July 2014: bank financing (financial), an arms embargo
    # and dual-use exports (trade), reported by one story each.
    assert one(m("a", category="financial"), m("b", category="arms", day=D + timedelta(days=3)))
    round_ = [m("a", category="financial"), m("b", category="trade"), m("c", category="travel")]
    assert one(*round_, m("d", category="other"))


def test_a_round_of_sanctions_stays_one_window() -> None:
    # Rounds of measures between the same states weeks apart stay apart, whatever their mix.
    assert not one(m("a", category="financial"), m("b", category="trade", day=D + timedelta(30)))


def test_a_threat_of_further_measures_is_not_the_round() -> None:
    # "EU imposes an arms embargo on Venezuela ... and may add travel bans": the threat joins
    # a headline of the same measure ("moves to ban"), not a round of other measures.
    embargo = m("a", category="arms")
    assert not one(embargo, m("a", action="threatened", category="travel"))
    assert one(embargo, m("a", action="threatened", category="arms"))


def test_a_round_needs_a_precise_date_across_articles() -> None:
    # Two stories dated only "in 1989" cannot tell two rounds of one year apart; one story
    # can (it names the round).
    y = {"day": date(1989, 1, 1), "precision": "year"}
    assert not one(m("a", category="trade", **y), m("b", category="financial", **y))
    assert one(m("a", category="trade", **y), m("a", category="financial", **y))


# --- dates ------------------------------------------------------------------------------


def test_day_dates_within_the_window_join() -> None:
    assert one(m("a"), m("b", day=D + timedelta(days=7)))
    assert not one(m("a"), m("b", day=D + timedelta(days=8)))


def test_the_window_is_anchored_not_chained() -> None:
    days = [D, D + timedelta(days=6), D + timedelta(days=12)]
    grouped = events.group([m(f"a{i}", day=d) for i, d in enumerate(days)])
    assert [len(g) for g in grouped] == [2, 1]


def test_a_month_joins_an_event_of_that_month_only() -> None:
    assert one(m("a"), m("b", day=date(2023, 3, 1), precision="month"))
    assert not one(m("a"), m("b", day=date(2023, 4, 1), precision="month"))


def test_a_year_joins_an_event_of_that_year_only() -> None:
    assert one(m("a"), m("b", day=date(2023, 1, 1), precision="year"))
    assert not one(m("a"), m("b", day=date(2022, 1, 1), precision="year"))


def test_a_published_date_covers_the_week_before() -> None:
    # The headline, dated by its article (the 25th), and the body's "on Monday" (the 24th).
    assert one(m("a", day=D, precision="published"), m("b", day=D - timedelta(days=10)))
    # It reports what happened before publication, not after: a week's window forward.
    assert not one(m("a", day=D, precision="published"), m("b", day=D + timedelta(days=10)))


def test_a_published_date_looks_back_a_month() -> None:
    # "Reagan says he was wrong to sell arms to Iran" (published the 14th) reports the sale
    # an earlier story dated: the week before publication, then 30 days of lookback.
    sale = m("a", etype="arms_transfer", action="sold", category="other")
    later = {"etype": "arms_transfer", "action": "sold", "category": "other"}
    assert one(sale, m("b", day=D + timedelta(days=37), precision="published", **later))
    assert not one(sale, m("b", day=D + timedelta(days=38), precision="published", **later))
    # A day date says when the act happened: no lookback.
    assert not one(sale, m("b", day=D + timedelta(days=20), **later))


@pytest.mark.parametrize(("action", "days"), [("threatened", 30), ("lifted", 45)])
def test_a_threat_or_a_planned_lifting_stands_for_weeks(action: str, days: int) -> None:
    # The US chip tariffs on Japan, threatened from 20 March to 17 April 1987; their lifting
    # offered from 17 April and still weighed in June.
    assert one(m("a", action=action), m("b", action=action, day=D + timedelta(days=days)))
    assert not one(m("a", action=action), m("b", action=action, day=D + timedelta(days + 1)))


def test_day_and_published_dates_are_read_in_date_order() -> None:
    # Article a (published the 13th): "threatened on Thursday", "threatens on Saturday" and
    # its headline "imposes"; article c: "imposed on the 15th". The headline, read before
    # the later day-dated report, has made the event an imposition that report joins; read
    # after it (day dates first), it left the report an event of its own.
    a = [
        m("a", mid="t1", action="threatened", day=D - timedelta(days=1)),
        m("a", mid="t2", action="threatened", day=D + timedelta(days=1)),
        m("a", mid="head", day=D + timedelta(days=3), precision="published"),
    ]
    assert one(*a, m("c", mid="c", day=D + timedelta(days=5)))
    assert not one(*a, m("c", mid="c", day=D + timedelta(days=12)))  # still a week on
    first = events.group([m("b", mid="later", day=D + timedelta(days=4)), a[2]])[0][0]
    assert first.id == "head"  # the earlier report (its week ends the 13th) founds it


def test_new_measures_keep_the_week_window() -> None:
    # Rounds of measures between the same states come weeks apart: two events.
    assert not one(m("a"), m("b", day=D + timedelta(days=20)))


def test_an_undated_mention_joins_its_own_articles_dated_mention() -> None:
    assert one(m("a", day=None), m("a", day=date(2015, 6, 1)))
    assert not one(m("a", day=None), m("b"))


def test_an_article_dates_its_own_undated_sentence_by_the_same_action() -> None:
    # "Reagan says he was wrong to sell arms to Iran" (no date in the sentence: published
    # the 20th) and, in the same story, "the arms sold to Iran in 1985": one act.
    sold = {"etype": "arms_transfer", "action": "sold", "category": "other"}
    said = m("a", precision="published", **sold)
    in_1985 = {"day": date(1985, 1, 1), "precision": "year", **sold}
    assert one(said, m("a", **in_1985))
    assert not one(said, m("b", **in_1985))  # another story's 1985: the window holds


def test_an_article_recalling_an_earlier_step_keeps_it_apart() -> None:
    # "Obama lifts arms embargo on Vietnam" (published) and "Washington had already relaxed
    # the embargo in October 2014": one relief class, two acts.
    lifts = m("a", action="lifted", precision="published")
    assert not one(lifts, m("a", action="eased", day=date(2014, 10, 1), precision="month"))
    assert one(lifts, m("a", action="lifted", day=date(2014, 10, 1), precision="month"))


def test_an_undated_mention_picks_the_compatible_event_of_its_article() -> None:
    grouped = events.group(
        [
            m("a", mid="trade", category="aircraft", **ARMS),
            m("a", mid="fin", category="missiles", **ARMS),
            m("a", mid="headline", day=None, category="missiles", **ARMS),
        ]
    )
    assert sorted(sorted(x.id for x in g) for g in grouped) == [["fin", "headline"], ["trade"]]


# --- determinism ------------------------------------------------------------------------


def _random_mentions(n: int, seed: int) -> list[MentionInfo]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        etype = rng.choice(["sanction", "arms_transfer"])
        out.append(
            m(
                f"art{rng.randrange(n // 3)}",
                mid=f"r{i:04d}",
                etype=etype,
                action=rng.choice(
                    ["imposed", "threatened", "lifted"] if etype == "sanction" else ["sold"]
                ),
                category=rng.choice(["other", "trade", "financial"]),
                sources=tuple(rng.sample(["USA", "EU", "GBR"], rng.randint(0, 2))),
                targets=tuple(rng.sample(["IRN", "RUS"], rng.randint(1, 2))),
                day=None if rng.random() < 0.1 else D + timedelta(days=rng.randrange(60)),
                precision=rng.choice(["day", "day", "published", "month", "year"]),
            )
        )
    return out


def _ids_of(grouped: list[list[MentionInfo]]) -> set[tuple[str, frozenset[str]]]:
    return {(events.event_id(g), frozenset(x.id for x in g)) for g in grouped}


def test_same_mentions_in_any_order_give_the_same_events_and_ids() -> None:
    mentions = _random_mentions(300, seed=3)
    expected = _ids_of(events.group(mentions))
    assert len(expected) < len(mentions)  # the data groups for real
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert _ids_of(events.group(shuffled)) == expected


class _BruteForce(events._Grouper):
    """The grouping with no index: every group formed so far is a candidate."""

    def add(self, m: MentionInfo) -> None:
        span = events.interval(m, self.r)
        cls = self.classes.get(m.action, m.action)
        fits = [(k, g) for g in self.groups if (k := self._fit(m, span, cls, g)) is not None]
        chosen = min(fits, key=lambda kg: kg[0])[1] if fits else None
        if chosen is None:
            chosen = events._Group(len(self.groups), span)
            self.groups.append(chosen)
        self._join(chosen, m, cls)


def _varied_mentions(n: int, seed: int) -> list[MentionInfo]:
    """Random mentions that reach every branch of the lookup: all actions and precisions,
    specific and generic categories, several parties a side, articles of several mentions,
    dates over two years (windows that do and do not reach)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        etype = rng.choice(["sanction", "arms_transfer"])
        actions = (
            ["imposed", "extended", "threatened", "eased", "lifted"]
            if etype == "sanction"
            else ["pledged", "sold", "delivered", "other"]
        )
        categories = (
            ["other", "trade", "financial", "travel", "arms"]
            if etype == "sanction"
            else ["other", "aircraft", "missiles", "drones"]
        )
        out.append(
            m(
                f"art{rng.randrange(n // 4)}",
                mid=f"v{i:05d}",
                etype=etype,
                action=rng.choice(actions),
                category=rng.choice(categories),
                sources=tuple(rng.sample(["USA", "EU", "GBR", "FRA"], rng.choice([0, 1, 1, 2]))),
                targets=tuple(rng.sample(["IRN", "RUS", "UKR"], rng.choice([0, 1, 1, 2]))),
                day=None if rng.random() < 0.08 else D + timedelta(days=rng.randrange(730)),
                precision=rng.choice(["day", "day", "published", "published", "month", "year"]),
            )
        )
    return out


@pytest.mark.parametrize("seed", range(4))
def test_the_indexed_search_equals_a_search_of_every_event(seed: int) -> None:
    mentions = _varied_mentions(1500, seed)
    r = events.rules()
    brute: list[list[MentionInfo]] = []
    by_type: dict[str, list[MentionInfo]] = {}
    for x in mentions:
        by_type.setdefault(x.type, []).append(x)
    for etype in sorted(by_type):
        grouper = _BruteForce(etype, r)
        for x in sorted(by_type[etype], key=lambda x: events.canonical_key(x, r)):
            grouper.add(x)
        brute.extend(g.members for g in grouper.groups)
    assert len(brute) < len(mentions) * 0.8  # the data groups for real
    assert max(len(g) for g in brute) >= 4
    assert [[x.id for x in g] for g in events.group(mentions, r)] == [
        [x.id for x in g] for g in brute
    ]


def _strip(x: MentionInfo) -> MentionInfo:
    """A mention as `rebuild_events` reads it for a restored event: no parties, status,
    confidence, weapon or news source."""
    return replace(x, sources=frozenset(), targets=frozenset(), status="", weapon=None)


@pytest.mark.parametrize("seed", range(4))
def test_restoring_known_events_equals_replaying_them(seed: int) -> None:
    """`rebuild_events` restores the events it loads (`events.Known`: each one's mentions
    before the first new one, without their parties, with the parties of all its mentions
    and of the first naming both sides) instead of replaying their mentions one by one:
    the same groups, whatever the new mentions join."""
    r = events.rules()
    mentions = _varied_mentions(1200, seed)
    rng = random.Random(seed)
    late = D + timedelta(days=600)
    new = [x for x in mentions if x.precision == "day" and x.date and x.date > late]
    new = [x for x in new if rng.random() < 0.5]
    fresh = {x.id for x in new}
    before = events.group([x for x in mentions if x.id not in fresh], r)
    key = events._sort_key(r)
    cut = {t: min(key(x) for x in new if x.type == t) for t in {x.type for x in new}}
    heads: dict[str, str] = {}  # what the store replayed: each event up to the first new
    placed: dict[str, str] = {}  # what it still replays: no mention there names both sides
    known: list[events.Known] = []
    searched: list[MentionInfo] = []
    partial = 0
    for g in before:
        head = [x for x in g if g[0].type not in cut or key(x) < cut[g[0].type]]
        searched += g[len(head) :]
        heads |= {x.id: events.event_id(g) for x in head}
        core = next(((x.sources, x.targets) for x in head if x.sources and x.targets), None)
        if head and not core and len(head) < len(g):
            placed |= {x.id: events.event_id(g) for x in head}
        elif head:
            every = [
                frozenset().union(*(getattr(x, side) for x in g)) for side in ("sources", "targets")
            ]
            known.append(events.Known([_strip(x) for x in head], *every, core))
            partial += len(head) < len(g)  # restored with its parties after the first new
    assert len(known) > 20 and partial and placed  # every path is taken
    replayed = events.group(new + [x for g in before for x in g], r, heads)
    restored = events.group(
        new + searched + [x for g in before for x in g if x.id in placed], r, placed, known
    )
    assert [[x.id for x in g] for g in restored] == [[x.id for x in g] for g in replayed]
    assert len(replayed) < len(before) + len(new)  # the new mentions join some events


# --- the event row ----------------------------------------------------------------------


def test_summary_fields() -> None:
    ms = [
        m("a", mid="m1", day=D, precision="published", action="threatened", confidence=0.95),
        m("a", mid="m2", day=D - timedelta(days=1), category="trade", confidence=0.7),
        m("b", mid="m3", day=D + timedelta(days=2), status="alleged", confidence=0.9, news="afp"),
        m("c", mid="m4", day=D, status="denied", news=None, sources=("USA", "GBR")),
        m("c", mid="m5", day=date(2023, 3, 1), precision="month"),
    ]
    ms = [x if x.id == "m2" else replace(x, category="other") for x in ms]
    (g,) = events.group(ms)
    row = events.summarize(g)
    assert row["id"] == events.event_id(g) and g[0].id == "m2"  # the earliest day founds it
    assert row["type"] == "sanction" and row["action"] == "imposed"
    assert row["category"] == "trade"  # the most specific
    assert (row["sources"], row["targets"]) == ("GBR|USA", "IRN")
    # Dates from the day and published mentions only (the month's first day is no date).
    assert (row["first_date"], row["last_date"]) == (D - timedelta(days=1), D + timedelta(days=2))
    assert (row["n_mentions"], row["n_articles"], row["n_news_sources"]) == (5, 3, 3)
    assert row["statuses"] == "reported|alleged|denied" and row["disputed"] is True
    # Evidence: a day-precise mention (not the published-dated headline), highest confidence.
    assert row["evidence_mention_id"] == "m3"


def test_event_dates_come_from_its_most_precise_level_day_and_published_as_one() -> None:
    """A day and a publication date are one level: a follow-up report dated by its article
    extends the event's range. A month or a year counts only when no mention has either: a
    restatement "in 2023" is no date of the event (its first day would be false precision)."""
    reports = [
        m("a", mid="r1", day=D, precision="published"),
        m("a", mid="r2", day=date(2023, 1, 1), precision="year"),
        m("b", mid="r3", day=D + timedelta(days=3), precision="published"),
    ]
    row = events.summarize(reports)
    assert (row["first_date"], row["last_date"]) == (D, D + timedelta(days=3))
    with_day = [m("a", mid="d1", day=D - timedelta(days=1)), *reports]
    row = events.summarize(with_day)
    assert (row["first_date"], row["last_date"]) == (D - timedelta(days=1), D + timedelta(days=3))
    vague = [
        m("a", mid="v1", day=date(2023, 3, 1), precision="month"),
        m("b", mid="v2", day=date(2023, 1, 1), precision="year"),
    ]
    row = events.summarize(vague)
    assert (row["first_date"], row["last_date"]) == (date(2023, 3, 1), date(2023, 3, 1))
    assert events.summarize(vague[1:])["first_date"] == date(2023, 1, 1)


def test_the_grouping_fingerprint_follows_the_rules_not_their_prose() -> None:
    data = lexicons.load("grouping")
    same = copy.deepcopy(data)
    same["window_days"]["doc"] = "reworded"
    other = copy.deepcopy(data)
    other["window_days"]["day"] += 1
    assert events.fingerprint() == events.fingerprint(data) == events.fingerprint(same)
    assert events.fingerprint(other) != events.fingerprint(data)


def test_not_disputed_without_a_denial_and_weapon_is_the_commonest() -> None:
    arms = {"etype": "arms_transfer", "action": "sold", "category": "aircraft"}
    ms = [
        m("a", weapon="F-16", **arms),
        m("b", weapon="F-16", status="planned", **arms),
        m("c", weapon="jets", **arms),
    ]
    row = events.summarize(events.group(ms)[0])
    assert row["disputed"] is False and row["weapon"] == "F-16"
    assert row["statuses"] == "reported|planned"
    only_denied = events.summarize([m("a", status="denied")])
    assert only_denied["disputed"] is False


def test_a_rounds_category_is_the_commonest_then_by_precedence() -> None:
    cats = ["financial", "travel", "travel", "other", "other", "other"]
    assert events.summarize([m(c, category=c) for c in cats])["category"] == "travel"
    tie = [m("a", category="arms"), m("b", category="trade")]
    assert events.summarize(tie)["category"] == "trade"  # GSDB's order of flags


def test_representative_action_is_the_commonest_then_by_precedence() -> None:
    arms = {"etype": "arms_transfer", "category": "other"}
    tie = [m("a", action="pledged", **arms), m("b", action="sold", **arms)]
    assert events.summarize(tie)["action"] == "sold"
    most = [*tie, m("c", action="pledged", **arms)]
    assert events.summarize(most)["action"] == "pledged"


def test_undated_event_has_no_dates_and_no_lookup_pairs() -> None:
    (g,) = events.group([m("a", day=None)])
    row = events.summarize(g)
    assert (row["first_date"], row["last_date"]) == (None, None)
    assert events.pairs(g, row["id"]) == []
    dated = events.group([m("a", sources=("USA", "GBR"))])[0]
    assert {(p["source"], p["target"]) for p in events.pairs(dated, "x")} == {
        ("USA", "IRN"),
        ("GBR", "IRN"),
    }


def test_rules_file_is_the_source_of_the_windows() -> None:
    data = {
        **__import__("etl.lexicons", fromlist=["load"]).load("grouping"),
    }
    data["window_days"] = {**data["window_days"], "day": 30}
    wide = events.rules_from(data)
    far = [m("a"), m("b", day=D + timedelta(days=20))]
    assert len(events.group(far, wide)) == 1
    assert len(events.group(far)) == 2


def test_the_store_lookup_reaches_every_window() -> None:
    # rebuild_events looks events up within max_window of a new mention: it must cover the
    # lookback and the lasting classes, or an incremental load would miss what they join.
    r = events.rules()
    assert r.max_window >= max(r.lookback.values())
    assert r.max_window >= max(d for c in r.class_window.values() for d in c.values())
    assert r.reach("sanction", "threat", "day") == (30, 30)
    assert r.reach("sanction", "relief", "published") == (45, 45)
    assert r.reach("sanction", "new_measure", "published") == (30, 7)


def test_records_keep_date_precision_out_of_the_extract_json() -> None:
    from etl.records import EventRecord

    rec = EventRecord("a", "sanction", "imposed", "reported", "other", ["USA"], ["IRN"], D, "s",
                      0, 1, 0.5)  # fmt: skip
    assert rec.date_precision == "day" and "date_precision" not in rec.to_json()
    assert replace(rec, date=None, date_precision=None).date_precision == "none"
