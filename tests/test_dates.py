"""Event dates resolve against the article's published date."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.nlp.dates import event_date, resolve

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
