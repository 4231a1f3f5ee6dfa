"""The role patterns of etl/lexicons/patterns/*.jsonl: each line matches its schema, names
real nodes and word lists, matches hand-built parses (no model: `Doc(vocab, words=...,
heads=..., deps=...)` as spaCy's own tests do), and its example sentences yield their events
with the real model."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from etl import lexicons
from etl.nlp.patterns import PATTERN_DIR, PatternMatcher, load_rules, parse_rule
from etl.records import Article
from tests.test_tagger_golden import _attribute_errors, _pairs


@cache
def vocab() -> Vocab:
    return spacy.blank("en").vocab


@cache
def matcher() -> PatternMatcher:
    return PatternMatcher(vocab())


def parse(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """A parse by hand: (word, head index, dependency, part of speech, lemma) per token."""
    words, heads, deps, pos, lemmas = (list(col) for col in zip(*rows, strict=True))
    return Doc(vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def roles(doc: Doc, rule_id: str) -> list[dict[str, list[str]]]:
    """What each match of one rule found: node name -> the words it matched."""
    out = []
    for m in matcher()(doc):
        if m.rule.id == rule_id:
            found = {name: [t.text] for name, t in m.nodes.items()}
            found.update({name: [t.text for t in toks] for name, toks in m.roles.items()})
            out.append(found)
    return out


# "Japan took delivery of F-35s from the United States ." with "from" on the verb.
TOOK = [
    ("Japan", 1, "nsubj", "PROPN", "Japan"),
    ("took", 1, "ROOT", "VERB", "take"),
    ("delivery", 1, "dobj", "NOUN", "delivery"),
    ("of", 2, "prep", "ADP", "of"),
    ("F-35s", 3, "pobj", "PROPN", "F-35"),
    ("from", 1, "prep", "ADP", "from"),
    ("the", 8, "det", "DET", "the"),
    ("United", 8, "compound", "PROPN", "United"),
    ("States", 5, "pobj", "PROPN", "States"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_took_delivery_reads_the_subject_as_recipient_and_from_as_supplier() -> None:
    (found,) = roles(parse(TOOK), "took_delivery")
    assert found["trigger"] == ["took"] and found["transfer"] == ["delivery"]
    assert found["recipient"] == ["Japan"] and found["supplier"] == ["States"]


def test_took_delivery_finds_from_on_the_noun_or_the_weapon() -> None:
    # "Poland received a shipment of tanks from Germany": the parser may hang "from" on the
    # transfer noun or on the weapon; both are the supplier.
    for head in (2, 4):
        rows = [
            ("Poland", 1, "nsubj", "PROPN", "Poland"),
            ("received", 1, "ROOT", "VERB", "receive"),
            ("shipment", 1, "dobj", "NOUN", "shipment"),
            ("of", 2, "prep", "ADP", "of"),
            ("tanks", 3, "pobj", "NOUN", "tank"),
            ("from", head, "prep", "ADP", "from"),
            ("Germany", 5, "pobj", "PROPN", "Germany"),
        ]
        (found,) = roles(parse(rows), "took_delivery")
        assert found["recipient"] == ["Poland"] and found["supplier"] == ["Germany"], head


def test_an_optional_role_may_be_missing() -> None:
    # "Japan took delivery of F-35s .": no supplier named, the match stands without one.
    rows = [*TOOK[:5], (".", 1, "punct", "PUNCT", ".")]
    (found,) = roles(parse(rows), "took_delivery")
    assert found["recipient"] == ["Japan"] and "supplier" not in found


def test_no_match_without_a_transfer_noun_or_a_receiving_verb() -> None:
    photos = [r if r[0] != "delivery" else ("photos", 1, "dobj", "NOUN", "photo") for r in TOOK]
    assert roles(parse(photos), "took_delivery") == []
    # "Japan made delivery of F-35s": the giver's verb is no receiving verb.
    made = [r if r[0] != "took" else ("made", 1, "ROOT", "VERB", "make") for r in TOOK]
    assert roles(parse(made), "took_delivery") == []


def rule_lines() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(PATTERN_DIR.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((f"{path.name}:{n}", json.loads(line)))
    return out


@pytest.mark.parametrize("where,data", rule_lines(), ids=[w for w, _ in rule_lines()])
def test_every_pattern_line_matches_its_schema(where: str, data: dict[str, Any]) -> None:
    lexicons.validate("patterns", data)
    rule = parse_rule(data, where)
    assert rule.lists, "a pattern that names no word list spells its words out twice"


def test_a_broken_pattern_is_named_with_its_place() -> None:
    where, data = rule_lines()[0]
    bad = copy.deepcopy(data)
    bad["family"] = "weather"
    with pytest.raises(lexicons.LexiconError, match=rf"{where}: .*family"):
        parse_rule(bad, where)
    unknown = copy.deepcopy(data)
    unknown["pattern"][0]["RIGHT_ATTRS"] = {"LEMMA": {"IN": "@no_such_list"}}
    with pytest.raises(lexicons.LexiconError, match="@no_such_list"):
        parse_rule(unknown, where)
    no_node = copy.deepcopy(data)
    no_node["roles"]["sources"] = ["nobody"]
    with pytest.raises(lexicons.LexiconError, match="no node 'nobody'"):
        parse_rule(no_node, where)


def test_pattern_ids_are_unique() -> None:
    ids = [r.id for r in load_rules()]
    assert len(ids) == len(set(ids))


EXAMPLES = [(r.id, i, ex) for r in load_rules() for i, ex in enumerate(r.examples)]


@pytest.mark.model
@pytest.mark.parametrize("rule_id,n,example", EXAMPLES, ids=[f"{r}-{i}" for r, i, _ in EXAMPLES])
def test_every_pattern_example_yields_its_events(  # type: ignore[no-untyped-def]
    tagger, rule_id: str, n: int, example: dict[str, Any]
) -> None:
    # The pattern itself must match the example's parse: an example the other rules
    # happen to handle proves nothing about the pattern.
    assert rule_id in {m.rule.id for m in tagger.rules.patterns(tagger.nlp(example["text"]))}
    art = Article(id=f"{rule_id}-{n}", text=example["text"], published=example.get("published"))
    records = [r.to_json() for r in tagger.extract(art)]
    assert _pairs(records) == _pairs(example["events"]), example["text"]
    assert not _attribute_errors(records, example)
