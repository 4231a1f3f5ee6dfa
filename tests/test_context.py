"""Article context on a blank pipeline: officials by title, datelines, the home state."""

from __future__ import annotations

from datetime import date

import spacy

from etl.nlp.context import build_context
from etl.nlp.gazetteer import Gazetteer
from etl.nlp.rules import Rules


def context(text: str, title: str = ""):  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    full = f"{title}\n\n{text}" if title else text
    doc = nlp.make_doc(full)
    return build_context(
        doc,
        Gazetteer(nlp.vocab, nlp.make_doc),
        Rules(nlp.vocab, nlp.make_doc),
        date(2022, 10, 28),
        len(title),
    )


def test_officials_take_the_state_of_their_title() -> None:
    ctx = context(
        "Iranian Foreign Minister Hossein Amirzadeh spoke. Japan's Trade Minister Hajime "
        "Tamura replied. Secretary of State George Marsh agreed."
    )
    assert ctx.people["Amirzadeh"] == "IRN"
    assert ctx.people["Tamura"] == "JPN"
    assert ctx.people["Marsh"] == "USA"  # a title with a default state


def test_dateline_weighs_for_the_home_state() -> None:
    ctx = context("TOKYO — Officials met. The talks with Washington and Seoul went on.")
    assert ctx.home == "JPN"


def test_officials_home_needs_a_clear_majority() -> None:
    ctx = context("The Pentagon and the State Department said the Kremlin agreed.")
    assert ctx.official_home == "USA"
    assert context("The Pentagon said the Kremlin agreed.").official_home is None


def test_a_date_before_a_titled_name_is_no_person() -> None:
    ctx = context("Britain imposed sanctions on Tuesday, Foreign Secretary James Cleverly said.")
    assert "Tuesday" not in ctx.people and ctx.people["Cleverly"] == "GBR"


def test_a_clear_home_dominates_the_article() -> None:
    """A bare title ("the president") takes the article's state only when it is clear:
    named often, and twice as much as any other state."""
    ctx = context("WASHINGTON — U.S. officials met. The president spoke about Venezuela.")
    assert ctx.clear_home == "USA"
    assert context("The president spoke about Venezuela.").clear_home is None
    assert context("Brazil and Argentina met. Brazil spoke to Chile.").clear_home is None


def test_a_counted_group_is_the_last_list_of_as_many_states() -> None:
    text = (
        "Saudi Arabia, the United Arab Emirates, Bahrain and Egypt cut ties with Qatar, which "
        "is close to Iran. The four governments closed their airspace."
    )
    ctx = context(text)
    at = text.index("The four")
    assert ctx.last_list(at, 4) == ["SAU", "ARE", "BHR", "EGY"]
    assert ctx.last_list(at, 2) == []  # the last list has four, not two
    # A lone state named after the list ("Minsk") is no list of its own.
    text = "Britain and Canada condemned Minsk. The two countries froze assets."
    assert context(text).last_list(text.index("The two"), 2) == ["GBR", "CAN"]
