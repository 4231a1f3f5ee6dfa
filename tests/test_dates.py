"""Event dates resolve against the article's published date."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from etl.nlp.dates import dated, event_date, resolve

PUBLISHED = date(2022, 10, 28)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on October 27", date(2022, 10, 27)),
        ("October 27, 2022", date(2022, 10, 27)),
        ("last week", date(2022, 10, 21)),
        ("yesterday", date(2022, 10, 27)),
        ("in 1986", date(1986, 1, 1)),
        ("on Tuesday", date(2022, 10, 25)),
        ("December 30", date(2021, 12, 30)),
    ],
)
def test_resolves_against_published(text: str, expected: date) -> None:
    published = date(2022, 1, 3) if text == "December 30" else PUBLISHED
    assert resolve(text, published) == expected


def test_planned_events_prefer_the_future() -> None:
    assert resolve("on Tuesday", PUBLISHED, future=True) == date(2022, 11, 1)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # announced a few days before the article: that date, not next year's
        ("on March 27", date(1987, 3, 30), date(1987, 3, 27)),
        ("October 20", date(2022, 10, 28), date(2022, 10, 20)),
        # still ahead: the coming one, across a new year too
        ("on April 17", date(1987, 3, 30), date(1987, 4, 17)),
        ("January 5", date(2021, 12, 20), date(2022, 1, 5)),
    ],
)
def test_a_planned_month_and_day_is_the_nearest_occurrence(
    text: str, published: date, expected: date
) -> None:
    assert resolve(text, published, future=True) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # weeks ahead, not almost a year back, whatever the verb's status ("the tariffs, to
        # go into effect on April 17", read as a fact)
        ("on April 17", date(1987, 4, 8), date(1987, 4, 17)),
        ("from January 10", date(2019, 12, 28), date(2020, 1, 10)),
        ("June 1", date(2014, 5, 20), date(2014, 6, 1)),
        # just behind stays behind; far ahead is not "coming" (the past one is nearer)
        ("on December 28", date(1988, 1, 5), date(1987, 12, 28)),
        ("on April 1", date(1987, 4, 8), date(1987, 4, 1)),
        ("on September 1", date(1987, 3, 1), date(1986, 9, 1)),
    ],
)
def test_a_month_and_day_weeks_ahead_is_the_coming_one(
    text: str, published: date, expected: date
) -> None:
    assert resolve(text, published) == expected


def test_durations_are_not_dates_and_the_published_date_is_the_default() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Talks lasted two years.")
    span = doc.char_span(13, 22, label="DATE")
    assert span is not None
    doc.ents = [span]
    assert event_date(list(doc.ents), PUBLISHED) == PUBLISHED
    assert event_date([], None) is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_resolve_never_raises(text: str) -> None:
    result = resolve(text, PUBLISHED)
    assert result is None or 1900 <= result.year <= 2100


def test_same_weekday_as_published_is_that_day() -> None:
    tuesday = date(2023, 3, 7)
    assert resolve("on Tuesday", tuesday) == tuesday


def test_relative_dates_need_a_published_date() -> None:
    assert resolve("on Friday", None) is None  # would depend on the day it runs
    assert resolve("October 27, 2022", None) == date(2022, 10, 27)


REPORTING = frozenset({"say", "admit", "deny"})


def _parsed(rows: list[tuple[str, int, str, str]], date_at: list[int]) -> Doc:
    """A hand-built parse: (word, head index, dep, tag) per token, DATE entities at the given
    token indices (no model needed)."""
    words = [w for w, _, _, _ in rows]
    lemmas = {
        "admitted": "admit",
        "said": "say",
        "had": "have",
        "agreed": "agree",
        "tariffs": "tariff",
        "sanctions": "sanction",
    }
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[h for _, h, _, _ in rows],
        deps=[d for _, _, d, _ in rows],
        tags=[t for _, _, _, t in rows],
        lemmas=[lemmas.get(w, w.lower()) for w in words],
        ents=[
            ("I-DATE" if i - 1 in date_at else "B-DATE") if i in date_at else "O"
            for i in range(len(words))
        ],
    )
    return doc


def test_a_date_on_the_report_of_an_earlier_act_dates_the_report() -> None:
    """'admitted on Monday that it had sent drones': the act came before Monday (a report
    date, like the published one), not on it."""
    doc = _parsed(
        [
            ("Turkey", 1, "nsubj", "NNP"),
            ("admitted", 1, "ROOT", "VBD"),
            ("on", 1, "prep", "IN"),
            ("Monday", 2, "pobj", "NNP"),
            ("that", 7, "mark", "IN"),
            ("it", 7, "nsubj", "PRP"),
            ("had", 7, "aux", "VBD"),
            ("sent", 1, "ccomp", "VBN"),
            ("drones", 7, "dobj", "NNS"),
        ],
        [3],
    )
    when = dated(list(doc.ents), PUBLISHED, predicate=doc[7], reporting=REPORTING)
    assert when == (date(2022, 10, 24), "published")
    # The same date on the act itself is the act's day.
    assert dated(list(doc.ents), PUBLISHED, predicate=doc[1], reporting=REPORTING) == (
        date(2022, 10, 24),
        "day",
    )


def test_a_past_statement_of_a_planned_act_is_dated_in_the_past() -> None:
    """'Canada said on Tuesday it would impose sanctions': Tuesday is the statement's, the
    last one, though the act lies ahead; a date of the act itself still comes first."""
    rows = [
        ("Canada", 1, "nsubj", "NNP"),
        ("said", 1, "ROOT", "VBD"),
        ("on", 1, "prep", "IN"),
        ("Tuesday", 2, "pobj", "NNP"),
        ("it", 6, "nsubj", "PRP"),
        ("would", 6, "aux", "MD"),
        ("impose", 1, "ccomp", "VB"),
        ("sanctions", 6, "dobj", "NNS"),
        ("on", 6, "prep", "IN"),
        ("Thursday", 8, "pobj", "NNP"),
    ]
    doc = _parsed(rows[:8], [3])
    assert dated(list(doc.ents), PUBLISHED, future=True, predicate=doc[6], reporting=REPORTING) == (
        date(2022, 10, 25),
        "day",
    )
    doc = _parsed(rows, [3, 9])
    assert dated(list(doc.ents), PUBLISHED, future=True, predicate=doc[6], reporting=REPORTING) == (
        date(2022, 11, 3),
        "day",
    )


def test_a_date_on_a_verb_that_does_not_report_is_the_acts() -> None:
    """'Japan agreed in March to buy jets': agreeing is the deal, not a report of it."""
    doc = _parsed(
        [
            ("Japan", 1, "nsubj", "NNP"),
            ("agreed", 1, "ROOT", "VBD"),
            ("in", 1, "prep", "IN"),
            ("March", 2, "pobj", "NNP"),
            ("to", 5, "aux", "TO"),
            ("buy", 1, "xcomp", "VB"),
            ("jets", 5, "dobj", "NNS"),
        ],
        [3],
    )
    assert dated(list(doc.ents), PUBLISHED, predicate=doc[5], reporting=REPORTING) == (
        date(2022, 3, 1),
        "month",
    )


MEASURES = frozenset({"sanction", "tariff"})


def test_a_date_naming_another_thing_does_not_date_the_act() -> None:
    """'Canada left the 2015 accord and restored sanctions': 2015 is the accord's; the
    restoration is dated by the article. On the measure itself a date stays the measure's."""
    rows = [
        ("Canada", 1, "nsubj", "NNP"),
        ("left", 1, "ROOT", "VBD"),
        ("the", 4, "det", "DT"),
        ("2015", 4, "nummod", "CD"),
        ("accord", 1, "dobj", "NN"),
        ("and", 1, "cc", "CC"),
        ("restored", 1, "conj", "VBD"),
        ("sanctions", 6, "dobj", "NNS"),
    ]
    doc = _parsed(rows, [3])
    got = dated(list(doc.ents), PUBLISHED, predicate=doc[6], measures=MEASURES)
    assert got == (PUBLISHED, "published")
    # Without the accord: "Canada restored the 2015 sanctions" keeps the measure's year.
    doc = _parsed(
        [
            ("Canada", 1, "nsubj", "NNP"),
            ("restored", 1, "ROOT", "VBD"),
            ("the", 4, "det", "DT"),
            ("2015", 4, "nummod", "CD"),
            ("sanctions", 1, "dobj", "NNS"),
        ],
        [3],
    )
    got = dated(list(doc.ents), PUBLISHED, predicate=doc[1], measures=MEASURES)
    assert got == (date(2015, 1, 1), "year")


def test_a_date_in_a_clause_about_a_party_does_not_date_the_act() -> None:
    """'Brazil, whose president visits Paris in May, bought jets': May is the visit's."""
    doc = _parsed(
        [
            ("Brazil", 8, "nsubj", "NNP"),
            ("whose", 2, "poss", "WP$"),
            ("president", 3, "nsubj", "NN"),
            ("visits", 0, "relcl", "VBZ"),
            ("Paris", 3, "dobj", "NNP"),
            ("in", 3, "prep", "IN"),
            ("May", 5, "pobj", "NNP"),
            (",", 0, "punct", ","),
            ("bought", 8, "ROOT", "VBD"),
            ("jets", 8, "dobj", "NNS"),
        ],
        [6],
    )
    got = dated(list(doc.ents), PUBLISHED, predicate=doc[8], measures=MEASURES)
    assert got == (PUBLISHED, "published")
    # The same date on the purchase itself dates it.
    doc = _parsed(
        [
            ("Brazil", 1, "nsubj", "NNP"),
            ("bought", 1, "ROOT", "VBD"),
            ("jets", 1, "dobj", "NNS"),
            ("in", 1, "prep", "IN"),
            ("May", 3, "pobj", "NNP"),
        ],
        [4],
    )
    got = dated(list(doc.ents), PUBLISHED, predicate=doc[1], measures=MEASURES)
    assert got == (date(2022, 5, 1), "month")


def test_a_date_in_a_clause_about_a_measure_stays_the_measures() -> None:
    """'India lifted the tariffs imposed last week': the clause dates the measure, and so
    the imposition the sentence also reports; were the tariffs no measure word, it would
    be another thing's date."""
    doc = _parsed(
        [
            ("India", 1, "nsubj", "NNP"),
            ("lifted", 1, "ROOT", "VBD"),
            ("the", 3, "det", "DT"),
            ("tariffs", 1, "dobj", "NNS"),
            ("imposed", 3, "acl", "VBN"),
            ("last", 6, "amod", "JJ"),
            ("week", 4, "npadvmod", "NN"),
        ],
        [5, 6],
    )
    got = dated(list(doc.ents), PUBLISHED, predicate=doc[1], measures=MEASURES)
    assert got == (date(2022, 10, 21), "day")
    got = dated(list(doc.ents), PUBLISHED, predicate=doc[1])  # the tariffs named no measure
    assert got == (PUBLISHED, "published")
    # Told which act it dates: the imposition takes the clause's date, the lifting does not.
    acts = {"impose": "imposed", "lift": "lifted"}
    doc[4].lemma_ = "impose"
    for action, expected in (("imposed", (date(2022, 10, 21), "day")), ("lifted", None)):
        got = dated(
            list(doc.ents),
            PUBLISHED,
            predicate=doc[1],
            measures=MEASURES,
            actions=acts,
            action=action,
        )
        assert got == (expected or (PUBLISHED, "published"))
