"""The role lexicon (roles.json) is the one source of the tagger's word lists: every list is
read by the rules, declared on `Words`, and the pre-filter looks for what the rules act on.
No model needed: the pre-filter is built on a blank English pipeline."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import spacy

from etl import lexicons
from etl.nlp import patterns
from etl.nlp.rules import Rules, Words

NLP_DIR = Path(__file__).parents[1] / "etl" / "nlp"
ROLES = lexicons.load("roles")
LISTS = sorted([*ROLES["lists"], "conditional_measures", "number_words"])


@cache
def rules() -> Rules:
    nlp = spacy.blank("en")
    return Rules(nlp.vocab, nlp.make_doc)


def rule_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(NLP_DIR.glob("*.py")))


@pytest.mark.parametrize("name", LISTS)
def test_every_role_list_is_read_by_the_rules(name: str) -> None:
    # A read is an attribute access (`self.w.speech`, `words.habitual_senders`) or a key
    # (`["with_pair_preps"]`); the declaration on `Words` ("speech: frozenset[str]") is not.
    read = re.compile(rf"\.{name}\b|\[\"{name}\"\]")
    in_patterns = name in set(patterns.used_lists())  # "@receiving_verbs" in a pattern file
    assert read.search(rule_sources()) or in_patterns, (
        f"roles.json list {name!r} is used by no rule"
    )


def test_every_role_list_is_declared_on_words() -> None:
    declared = set(Words.__annotations__)
    assert set(LISTS) <= declared, sorted(set(LISTS) - declared)
    assert declared <= set(LISTS), sorted(declared - set(LISTS))  # no stale declarations


def test_the_unused_list_check_can_fail() -> None:
    read = re.compile(r"\.no_such_list\b|\[\"no_such_list\"\]")
    assert not read.search(rule_sources())


# Past forms as a newswire writer spells them (not derived the way the pre-filter does).
PAST = {
    "ban": "banned",
    "bar": "barred",
    "cut": "cut",
    "freeze": "froze",
    "shut": "shut",
    "stop": "stopped",
    "trim": "trimmed",
    "withhold": "withheld",
    "withdraw": "withdrew",
}
GERUND = {"ban": "banning", "bar": "barring"}


def past(lemma: str) -> str:
    return PAST.get(lemma) or (lemma + "d" if lemma.endswith("e") else lemma + "ed")


def gerund(lemma: str) -> str:
    return GERUND.get(lemma) or lemma.removesuffix("e") + "ing"


def words(name: str) -> list[str]:
    return sorted(ROLES["lists"][name]["words"])


@pytest.mark.parametrize("lemma", words("restricting_verbs") + words("prefilter_verbs"))
def test_the_prefilter_finds_every_restricting_verb_near_an_object(lemma: str) -> None:
    prefilter = rules().prefilter
    for form in (past(lemma), gerund(lemma)):
        assert prefilter.search(f"The ministry {form} the shipments to the port."), form
    assert not prefilter.search("The ministry discussed the shipments to the port.")
    assert not prefilter.search(f"The ministry {past(lemma)} the meeting of the board.")


@pytest.mark.parametrize("verb", words("cut_verbs"))
def test_the_prefilter_finds_economic_ties_cut(verb: str) -> None:
    prefilter = rules().prefilter
    for noun in words("trade_tie_nouns"):
        for mod in words("trade_tie_modifiers"):
            assert prefilter.search(f"Riyadh {past(verb)} its {mod} {noun}s with Doha."), (
                mod,
                noun,
            )
    assert not prefilter.search(f"Riyadh {past(verb)} its diplomatic ties with Doha.")


@pytest.mark.parametrize(
    "obj",
    sorted(
        {*words("trade_objects"), *words("financial_objects")}
        | {*words("movement_nouns"), *words("aid_nouns")}
    ),
)
def test_the_prefilter_objects_are_the_rules_objects(obj: str) -> None:
    assert rules().prefilter.search(f"The ministry froze the {obj} last week.")


def test_every_sanction_trigger_and_measure_passes_the_prefilter() -> None:
    trig = lexicons.load("triggers")["sanction"]
    prefilter = rules().prefilter
    for word in [*trig["nouns"], *trig["verbs"], *trig["phrases"]]:
        assert prefilter.search(f"They spoke of {word} today."), word
    for word in [*words("retaliation_adjectives"), "retaliation"]:
        assert prefilter.search(f"They spoke of {word} steps today."), word


@pytest.mark.parametrize("word", words("prefilter_measure_words"))
def test_the_prefilter_finds_every_measure_word(word: str) -> None:
    assert rules().prefilter.search(f"They spoke of {word} today."), word
    assert not rules().prefilter.search("They spoke of the weather today.")


def test_a_story_is_about_coercion_when_it_names_a_coercion_cue() -> None:
    coercion = rules().coercion
    for cue in words("coercion_stems"):
        assert coercion.search(f"Officials discussed {cue.upper()}s on Monday."), cue
    assert coercion.search("Beijing retaliated with tariffs")
    assert not coercion.search("Tariffs on steel rose to 25 percent in the budget.")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        # What a cut takes away: energy supplies, trade privileges, export permits ...
        ("Moscow cut gas supplies to Minsk.", True),
        ("Baku shut off gas to Tbilisi.", True),
        ("Washington terminated India's trade preferences.", True),
        ("Ottawa revoked export permits for drones bound for Ankara.", True),
        # ... and the dots of "U.S." end no sentence.
        ("Beijing froze U.S. assets.", True),
        # Not every oil-price or rights story.
        ("Mobil cut its exploration budget as crude oil fell to 10 dollars.", False),
        ("The company may terminate the agreement, ending withdrawal rights.", False),
    ],
)
def test_the_prefilter_reads_what_a_cut_takes_away(text: str, parsed: bool) -> None:
    assert rules().prefilter_search(text) is parsed
