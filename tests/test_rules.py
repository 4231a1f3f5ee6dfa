"""The pre-filter's regular expressions: a trie-shaped alternation matches exactly what the
flat one does (it exists only because it is faster)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from etl.nlp.rules import alternation

WORDS = st.sets(st.text(alphabet="abs-. ", min_size=1, max_size=6), min_size=1, max_size=12)
TEXT = st.text(alphabet="abs-. x", max_size=40)


def flat(words: set[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@given(WORDS, TEXT)
def test_trie_matches_like_the_flat_list(words: set[str], text: str) -> None:
    for wrap in ("(?:{})", r"\b(?:{})s?\b", "^(?:{})$"):
        trie = re.compile(wrap.format(alternation(words)))
        plain = re.compile(wrap.format(flat(words)))
        assert bool(trie.search(text)) == bool(plain.search(text)), (wrap, text)
    assert {w for w in words if re.fullmatch(alternation(words), w)} == words


def test_shape_is_a_trie() -> None:
    assert alternation({"sanction", "sanctions", "sanctioned"}) == "sanction(?:(?:ed|s))?"
    assert re.fullmatch(alternation({"a.b", "c"}), "a.b")
    assert not re.fullmatch(alternation({"a.b", "c"}), "axb")  # escaped
    assert not re.search(alternation(set()), "any text")  # an empty list matches nothing
