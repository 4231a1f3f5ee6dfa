"""Grammar walks on hand-built parses (no statistical model): `Doc(vocab, words, heads, deps)`."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from etl.nlp.syntax import preps


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    return spacy.blank("en").vocab


def parse(vocab, words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:  # type: ignore[no-untyped-def]
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos)


def objects(doc: Doc, verb: int, names: tuple[str, ...] = ("to",)) -> list[str]:
    return [t.text for t in preps(doc[verb], names)]


def test_a_plain_prepositional_object(vocab) -> None:  # type: ignore[no-untyped-def]
    doc = parse(
        vocab,
        ["Germany", "sold", "tanks", "to", "Qatar"],
        [1, 1, 1, 1, 3],
        ["nsubj", "ROOT", "dobj", "prep", "pobj"],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN"],
    )
    assert objects(doc, 1) == ["Qatar"]
    assert objects(doc, 1, ("from",)) == []


def test_a_repeated_preposition_joined_to_the_first(vocab) -> None:  # type: ignore[no-untyped-def]
    # "supplied submarines to Egypt and to Israel": the second "to" is a conjunct of the first.
    doc = parse(
        vocab,
        ["Germany", "supplied", "submarines", "to", "Egypt", "and", "to", "Israel"],
        [1, 1, 1, 1, 3, 3, 3, 6],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "conj", "pobj"],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "CCONJ", "ADP", "PROPN"],
    )
    assert objects(doc, 1) == ["Egypt", "Israel"]


def test_a_repeated_preposition_under_an_adverb_conjunct(vocab) -> None:  # type: ignore[no-untyped-def]
    # "exported drones to Pakistan and later to Serbia"
    doc = parse(
        vocab,
        ["China", "exported", "drones", "to", "Pakistan", "and", "later", "to", "Serbia"],
        [1, 1, 1, 1, 3, 3, 3, 6, 7],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "conj", "prep", "pobj"],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "CCONJ", "ADV", "ADP", "PROPN"],
    )
    assert objects(doc, 1) == ["Pakistan", "Serbia"]


def test_a_repeated_preposition_conjoined_to_the_verb(vocab) -> None:  # type: ignore[no-untyped-def]
    # "will supply jets to Qatar and also to Oman": the parser hangs the second "to" on the verb.
    doc = parse(
        vocab,
        ["Britain", "supplied", "jets", "to", "Qatar", "and", "also", "to", "Oman"],
        [1, 1, 1, 1, 3, 1, 7, 1, 7],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "advmod", "conj", "pobj"],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "CCONJ", "ADV", "ADP", "PROPN"],
    )
    assert objects(doc, 1) == ["Qatar", "Oman"]


def test_a_conjoined_other_preposition_is_not_taken(vocab) -> None:  # type: ignore[no-untyped-def]
    # "sold jets to Egypt and from Israel" (made up): only the wanted preposition counts.
    doc = parse(
        vocab,
        ["France", "sold", "jets", "to", "Egypt", "and", "from", "Israel"],
        [1, 1, 1, 1, 3, 3, 3, 6],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "conj", "pobj"],
        ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "CCONJ", "ADP", "PROPN"],
    )
    assert objects(doc, 1) == ["Egypt"]
