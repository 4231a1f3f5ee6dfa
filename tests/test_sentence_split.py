"""Sentence spans of the tagger (etl/nlp `_sentences`): line breaks end a title or a
paragraph, not a sentence of hard-wrapped text. A blank pipeline with spaCy's rule-based
sentencizer, as the tagger uses; no statistical model."""

from __future__ import annotations

import pytest
import spacy

from etl.nlp import _hard_wrapped, _sentences


def spans(text: str, body: int = 0) -> list[str]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return [text[s:e] for s, e in _sentences(nlp(text), body)]


WRAPPED = (
    "Japan said on Monday it would restrict exports of machine tools\n"
    "to the Soviet Union after a subsidiary of Toshiba sold milling\n"
    "machines to Moscow, officials of the trade ministry said.\n"
    "    Washington has asked Tokyo and its allies in the U.S.\n"
    "Coordinating Committee to tighten the rules.\n"
)


def test_a_hard_wrapped_story_splits_only_at_sentence_ends() -> None:
    assert _hard_wrapped(WRAPPED)
    got = spans(WRAPPED)
    assert len(got) == 2
    assert got[0].startswith("Japan said") and got[0].endswith("ministry said.")
    assert got[1].startswith("Washington") and got[1].endswith("tighten the rules.")
    assert "U.S.\nCoordinating" in got[1]  # an initialism at a line's end ends nothing


@pytest.mark.parametrize(
    "text",
    [
        # one sentence or headline per line, as feeds and lists are written
        "EU extends sanctions on Russia\nGermany sends tanks to Ukraine\nIran denies drone sales",
        "Sanctions on Syria extended.\nTurkey buys Russian missiles.\nPeru orders rifles.",
        "- Mexico: tariffs on U.S. pork\n- Chile: no measures\n- Brazil: under review",
        "Washington weighs new curbs on Chinese chip makers after the talks\n"
        "Seoul to buy more Patriot batteries\n"
        "Argentina and Uruguay sign a trade accord on beef and wool exports",
    ],
)
def test_one_item_per_line_stays_apart(text: str) -> None:
    assert not _hard_wrapped(text)
    assert len(spans(text)) == 3


def test_a_line_going_on_in_lower_case_is_the_same_sentence() -> None:
    text = "Norway froze the assets of three Libyan\nofficials on Friday.\nOslo gave no reason."
    assert spans(text) == [
        "Norway froze the assets of three Libyan\nofficials on Friday.",
        "Oslo gave no reason.",
    ]


def test_the_title_and_paragraphs_still_end_sentences() -> None:
    title = "Canada curbs steel from Korea"
    text = f"{title}\n\nOttawa imposed quotas on Korean steel\n\nSeoul protested"
    assert spans(text, body=len(title) + 2) == [
        title,
        "Ottawa imposed quotas on Korean steel",
        "Seoul protested",
    ]
