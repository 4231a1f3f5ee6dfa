"""The vectorised pieces of the matching core (`etl/registers/match.py`) against their
one-row definitions: party lists paired source x target, and the words of an event that
may name a weapon, whatever the texts hold (line breaks, repeats, nothing)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.registers import match

Rows = list[tuple[str | None, str | None]]
CODES = st.sampled_from(["", "FRA", "EGY", "RUS", "USA"])
PARTY_LISTS = st.one_of(st.none(), st.lists(CODES, max_size=3).map("|".join))
TEXTS = st.one_of(
    st.none(),
    st.text(alphabet="aAfFmMsS0146-./ \n\t,é", max_size=30),
    st.sampled_from(["Rafales and MiG-21s", "S-400\nF-16s", "f-16s M-142 HIMARS", ""]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PARTY_LISTS, PARTY_LISTS), max_size=8))
def test_pairs_are_every_source_with_every_target(rows: Rows) -> None:
    events = pd.DataFrame(rows, columns=["sources", "targets"], dtype=object)
    got = match._pairs(events)
    want = Counter(
        (i, s, t)
        for i, (src, tgt) in enumerate(rows)
        for s, t in itertools.product((src or "").split("|"), (tgt or "").split("|"))
        if s and t
    )
    assert Counter(zip(got["eidx"], got["src"], got["tgt"], strict=True)) == want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TEXTS, TEXTS), max_size=8))
def test_event_words_are_each_rows_weapon_words(rows: Rows) -> None:
    """Texts holding line breaks of their own take the per-text path, the others one pass
    over their join: either way each event gets exactly `weapon_words` of its texts."""
    events = pd.DataFrame(rows, columns=["weapon", "evidence"], dtype=object)
    events.index = events.index * 3 + 5  # the event's index is kept, whatever it is
    got = match._event_words(events)
    assert not got.duplicated().any()
    for eidx, (weapon, evidence) in zip(events.index, rows, strict=True):
        words = set(got.loc[got["eidx"] == eidx, "word"])
        assert words == match.weapon_words(weapon or "", evidence or "")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.dates()), max_size=8))
def test_years_of_a_column_of_days_are_their_years(days: list[date | None]) -> None:
    """A column of days (as the store reads them) takes the quick path; a day outside
    pandas' range (year 1, 9999) keeps its year too, and no day is -1."""
    values = pd.Series(days, dtype=object)
    assert match._year_of(values).tolist() == [d.year if d else -1 for d in days]
