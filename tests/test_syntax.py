"""Grammar walks on hand-built parses (no statistical model): `Doc(vocab, words, heads, deps)`."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from etl.nlp.syntax import (
    linked,
    predicate_chain,
    preps,
    repair_acronym_subjects,
    repair_capability_clauses,
    repair_clause_subjects,
    repair_goods_origin,
    repair_headline_infinitive,
    repair_headline_measure_verb,
    repair_subordinate_subjects,
)


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    return spacy.blank("en").vocab


def parse(
    vocab,
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    tags: list[str] | None = None,
) -> Doc:  # type: ignore[no-untyped-def]
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)


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


def arcs(doc: Doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.dep_, t.head.text) for t in doc]


def test_a_second_clauses_subject_read_as_a_conjunct_is_repaired(vocab) -> None:  # type: ignore[no-untyped-def]
    # The small model's reading of "Ankara banned Dutch flowers and Amsterdam froze Turkish
    # funds": "flowers and Amsterdam", "froze" an adverbial clause with no subject.
    doc = parse(
        vocab,
        ["Ankara", "banned", "Dutch", "flowers", "and", "Amsterdam", "froze", "Turkish", "funds"],
        [1, 1, 3, 1, 3, 3, 1, 8, 6],
        ["nsubj", "ROOT", "amod", "dobj", "cc", "conj", "advcl", "amod", "dobj"],
        ["PROPN", "VERB", "ADJ", "NOUN", "CCONJ", "PROPN", "VERB", "ADJ", "NOUN"],
        ["NNP", "VBD", "JJ", "NNS", "CC", "NNP", "VBD", "JJ", "NNS"],
    )
    repair_clause_subjects(doc)
    assert ("Amsterdam", "nsubj", "froze") in arcs(doc)
    assert ("froze", "conj", "banned") in arcs(doc) and ("and", "cc", "banned") in arcs(doc)
    assert ("flowers", "dobj", "banned") in arcs(doc)


def test_a_first_object_read_as_the_second_subject_goes_back(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Oslo froze Libyan assets and Rome will ban flights": "assets and Rome" made the
    # subject of "ban", which hangs from "froze" as its complement.
    doc = parse(
        vocab,
        ["Oslo", "froze", "Libyan", "assets", "and", "Rome", "will", "ban", "flights"],
        [1, 1, 3, 7, 3, 3, 7, 1, 7],
        ["nsubj", "ROOT", "amod", "nsubj", "cc", "conj", "aux", "ccomp", "dobj"],
        ["PROPN", "VERB", "ADJ", "NOUN", "CCONJ", "PROPN", "AUX", "VERB", "NOUN"],
        ["NNP", "VBD", "JJ", "NNS", "CC", "NNP", "MD", "VB", "NNS"],
    )
    repair_clause_subjects(doc)
    assert ("assets", "dobj", "froze") in arcs(doc) and ("Rome", "nsubj", "ban") in arcs(doc)
    assert ("ban", "conj", "froze") in arcs(doc)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "tags"),
    [
        (  # one subject of two nouns after a subordinator: "as Peru and Chile followed"
            ["Pressure", "mounted", "as", "Peru", "and", "Chile", "followed", "Brazil"],
            [1, 1, 6, 6, 3, 3, 1, 6],
            ["nsubj", "ROOT", "mark", "nsubj", "cc", "conj", "advcl", "dobj"],
            ["NOUN", "VERB", "SCONJ", "PROPN", "CCONJ", "PROPN", "VERB", "PROPN"],
            ["NN", "VBD", "IN", "NNP", "CC", "NNP", "VBD", "NNP"],
        ),
        (  # the second verb has a subject: "sanctions on Cuba and Iran hurt trade"
            ["Sanctions", "on", "Cuba", "and", "Iran", "hurt", "trade"],
            [5, 0, 1, 2, 2, 5, 5],
            ["nsubj", "prep", "pobj", "cc", "conj", "ROOT", "dobj"],
            ["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "VERB", "NOUN"],
            ["NNS", "IN", "NNP", "CC", "NNP", "VBP", "NN"],
        ),
        (  # a participle is no clause: "curbs on Laos and firms sanctioned last year"
            ["Hanoi", "eased", "curbs", "on", "Laos", "and", "firms", "sanctioned", "earlier"],
            [1, 1, 1, 2, 3, 4, 4, 6, 7],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "conj", "acl", "advmod"],
            ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "CCONJ", "NOUN", "VERB", "ADV"],
            ["NNP", "VBD", "NNS", "IN", "NNP", "CC", "NNS", "VBN", "RB"],
        ),
    ],
)
def test_coordinated_nouns_that_are_one_phrase_stay(vocab, words, heads, deps, pos, tags) -> None:  # type: ignore[no-untyped-def]
    doc = parse(vocab, words, heads, deps, pos, tags)
    before = arcs(doc)
    repair_clause_subjects(doc)
    assert arcs(doc) == before


SPEECH = frozenset({"say"})


@pytest.mark.parametrize(
    ("mark", "had", "tag", "stops"),
    [
        ("after", False, "VBD", True),  # "... after Canada sanctioned officials": a past fact
        ("because", True, "VBN", True),  # "... because Canada had sanctioned": past too
        ("if", False, "VBZ", False),  # "... if Canada sanctions officials": a condition
        ("after", False, "VBZ", False),  # "... after Canada sanctions officials": not past
    ],
)
def test_a_past_clause_is_not_under_the_main_verb(vocab, mark, had, tag, stops) -> None:  # type: ignore[no-untyped-def]
    # "Beijing vowed to retaliate <mark> Canada [had] sanctioned officials"
    verb = 7 if had else 6
    words = ["Beijing", "vowed", "to", "retaliate", mark, "Canada"]
    words += ["had"] * had + ["sanctioned" if tag != "VBZ" else "sanctions", "officials"]
    heads = [1, 1, 3, 1, verb, verb, *([verb] * had), 3, verb]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "mark", "nsubj", *(["aux"] * had), "advcl", "dobj"]
    pos = ["PROPN", "VERB", "PART", "VERB", "SCONJ", "PROPN", *(["AUX"] * had), "VERB", "NOUN"]
    tags = ["NNP", "VBD", "TO", "VB", "IN", "NNP", *(["VBD"] * had), tag, "NNS"]
    doc = parse(vocab, words, heads, deps, pos, tags)
    for t in doc:
        t.lemma_ = "have" if t.text == "had" else t.text.lower()
    chain = [t.text for t in predicate_chain(doc[verb], SPEECH)]
    assert (chain == [doc[verb].text]) is stops


def test_a_headline_infinitive_takes_its_opening_name_as_subject(vocab) -> None:  # type: ignore[no-untyped-def]
    # "EU to lift embargo on Libya", parsed as a name with the verb as its clause.
    doc = parse(
        vocab,
        ["EU", "to", "lift", "embargo", "on", "Libya"],
        [0, 2, 0, 2, 3, 4],
        ["ROOT", "aux", "acl", "dobj", "prep", "pobj"],
        ["PROPN", "PART", "VERB", "NOUN", "ADP", "PROPN"],
    )
    repair_headline_infinitive(doc)
    assert (doc[2].dep_, doc[2].head.i) == ("ROOT", 2)
    assert (doc[0].dep_, doc[0].head.i) == ("nsubj", 2)


def test_a_headline_name_left_unlabelled_becomes_the_subject(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Japan to Buy Radars", with the title-case verb tagged as a name.
    doc = parse(
        vocab,
        ["Japan", "to", "Buy", "Radars"],
        [2, 2, 2, 2],
        ["dep", "aux", "ROOT", "dobj"],
        ["PROPN", "PART", "PROPN", "PROPN"],
    )
    repair_headline_infinitive(doc)
    assert (doc[0].dep_, doc[0].head.i) == ("nsubj", 2)
    assert (doc[2].pos_, doc[2].lemma_) == ("VERB", "buy")


def test_a_headline_infinitive_after_a_lead_clause_takes_the_name_after_the_comma(vocab) -> None:  # type: ignore[no-untyped-def]
    # "As Ruble Falls, Obama to Sign Sanctions Bill", parsed as one phrase around "Falls".
    doc = parse(
        vocab,
        ["As", "Ruble", "Falls", ",", "Obama", "to", "Sign", "Sanctions", "Bill"],
        [0, 2, 0, 2, 2, 6, 2, 8, 6],
        ["ROOT", "compound", "pobj", "punct", "conj", "aux", "relcl", "compound", "dobj"],
        ["ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PART", "VERB", "PROPN", "PROPN"],
    )
    repair_headline_infinitive(doc)
    assert (doc[6].dep_, doc[6].head.i) == ("ROOT", 6)
    assert (doc[4].dep_, doc[4].head.i) == ("nsubj", 6)
    assert doc[0].head.i == 6 and doc[3].dep_ == "punct"
    assert [t.i for t in doc if t.head == t] == [6]


def test_a_clause_after_a_comma_with_its_own_subject_is_left_alone(vocab) -> None:  # type: ignore[no-untyped-def]
    # "As talks stall, EU ministers agree to act": no name alone before "to".
    doc = parse(
        vocab,
        ["As", "talks", "stall", ",", "ministers", "agree", "to", "act"],
        [2, 2, 5, 5, 5, 5, 7, 5],
        ["mark", "nsubj", "advcl", "punct", "nsubj", "ROOT", "aux", "xcomp"],
        ["SCONJ", "NOUN", "VERB", "PUNCT", "NOUN", "VERB", "PART", "VERB"],
    )
    before = [(t.dep_, t.head.i) for t in doc]
    repair_headline_infinitive(doc)
    assert [(t.dep_, t.head.i) for t in doc] == before


CAPABLE = frozenset({"capable", "able"})


def test_a_weapon_read_as_a_capability_subject_is_the_verbs_object(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Iran acquired missiles capable of hitting tankers", parsed as a small clause.
    doc = parse(
        vocab,
        ["Iran", "acquired", "missiles", "capable", "of", "hitting", "tankers"],
        [1, 1, 3, 1, 3, 4, 5],
        ["nsubj", "ROOT", "nsubj", "ccomp", "prep", "pcomp", "dobj"],
        ["PROPN", "VERB", "NOUN", "ADJ", "ADP", "VERB", "NOUN"],
    )
    repair_capability_clauses(doc, frozenset({"acquired"}), CAPABLE)
    assert (doc[2].dep_, doc[2].head.i) == ("dobj", 1)
    assert (doc[3].dep_, doc[3].head.i) == ("amod", 2)


def test_a_capability_small_clause_under_another_verb_is_left_alone(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Washington considers Iran capable of building ...": no transfer verb.
    doc = parse(
        vocab,
        ["Washington", "considers", "Iran", "capable", "of", "building"],
        [1, 1, 3, 1, 3, 4],
        ["nsubj", "ROOT", "nsubj", "ccomp", "prep", "pcomp"],
        ["PROPN", "VERB", "PROPN", "ADJ", "ADP", "VERB"],
    )
    repair_capability_clauses(doc, frozenset({"acquired"}), CAPABLE)
    assert (doc[2].dep_, doc[2].head.i) == ("nsubj", 3)


def test_a_capability_clause_beside_an_object_is_left_alone(vocab) -> None:  # type: ignore[no-untyped-def]
    # The transfer verb already has its object: the small clause is not re-read.
    doc = parse(
        vocab,
        ["Tehran", "acquired", "parts", "Iran", "capable", "of", "building"],
        [1, 1, 1, 4, 1, 4, 5],
        ["nsubj", "ROOT", "dobj", "nsubj", "ccomp", "prep", "pcomp"],
        ["PROPN", "VERB", "NOUN", "PROPN", "ADJ", "ADP", "VERB"],
    )
    repair_capability_clauses(doc, frozenset({"acquired"}), CAPABLE)
    assert (doc[3].dep_, doc[3].head.i) == ("nsubj", 4)


def test_an_infinitive_on_a_common_noun_is_left_alone(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Talks to lift sanctions failed": the infinitive belongs to the noun.
    doc = parse(
        vocab,
        ["Talks", "to", "lift", "sanctions", "failed"],
        [4, 2, 0, 2, 4],
        ["nsubj", "aux", "acl", "dobj", "ROOT"],
        ["NOUN", "PART", "VERB", "NOUN", "VERB"],
    )
    repair_headline_infinitive(doc)
    assert [(t.dep_, t.head.i) for t in doc] == [
        ("nsubj", 4),
        ("aux", 2),
        ("acl", 0),
        ("dobj", 2),
        ("ROOT", 4),
    ]


def test_an_acronym_read_as_the_verb_gives_its_place_back(vocab) -> None:  # type: ignore[no-untyped-def]
    # The small model's reading of "ECOWAS imposed sanctions on Mali": "ECOWAS" a gerund at
    # the root, "imposed" an adjective on its object.
    doc = parse(
        vocab,
        ["ECOWAS", "imposed", "sanctions", "on", "Mali", "."],
        [0, 2, 0, 2, 3, 0],
        ["ROOT", "amod", "dobj", "prep", "pobj", "punct"],
        ["VERB", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
        ["VBG", "VBN", "NNS", "IN", "NNP", "."],
    )
    assert [t.text for t in repair_acronym_subjects(doc)] == ["imposed"]
    assert ("ECOWAS", "nsubj", "imposed") in arcs(doc)
    assert ("sanctions", "dobj", "imposed") in arcs(doc) and doc[1].dep_ == "ROOT"
    assert doc[1].pos_ == "VERB" and doc[0].pos_ == "PROPN"


def test_an_acronym_verb_with_the_past_form_as_its_particle(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Mali said ECOWAS froze its assets": "froze" tagged JJ, a particle of "ECOWAS".
    doc = parse(
        vocab,
        ["Mali", "said", "ECOWAS", "froze", "its", "assets"],
        [1, 1, 1, 2, 5, 2],
        ["nsubj", "ROOT", "ccomp", "prt", "poss", "dobj"],
        ["PROPN", "VERB", "VERB", "ADJ", "PRON", "NOUN"],
        ["NNP", "VBD", "VB", "JJ", "PRP$", "NNS"],
    )
    repair_acronym_subjects(doc)
    assert ("froze", "ccomp", "said") in arcs(doc) and ("ECOWAS", "nsubj", "froze") in arcs(doc)
    assert ("assets", "dobj", "froze") in arcs(doc)


def test_an_opening_name_read_as_a_verb_gives_its_object_verb_back(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Trump froze military aid": "Trump" the root verb, "froze" (tagged VB) its object with
    # an object of its own, which no noun has.
    doc = parse(
        vocab,
        ["Trump", "froze", "military", "aid", "to", "Ukraine"],
        [0, 0, 3, 1, 1, 4],
        ["ROOT", "dobj", "amod", "dobj", "prep", "pobj"],
        ["VERB", "VERB", "ADJ", "NOUN", "ADP", "PROPN"],
        ["VB", "VB", "JJ", "NN", "IN", "NNP"],
    )
    assert [t.text for t in repair_acronym_subjects(doc)] == ["froze"]
    assert ("Trump", "nsubj", "froze") in arcs(doc) and doc[1].dep_ == "ROOT"
    assert ("aid", "dobj", "froze") in arcs(doc)


def test_an_opening_verb_whose_object_has_no_object_stays(vocab) -> None:  # type: ignore[no-untyped-def]
    # An imperative "Stop the war": the object is a noun, nothing to repair.
    doc = parse(
        vocab,
        ["Stop", "the", "war"],
        [0, 2, 0],
        ["ROOT", "det", "dobj"],
        ["VERB", "DET", "NOUN"],
        ["VB", "DT", "NN"],
    )
    assert repair_acronym_subjects(doc) == []
    assert doc[0].dep_ == "ROOT"


def test_an_acronym_after_its_head_noun_becomes_its_apposition(vocab) -> None:  # type: ignore[no-untyped-def]
    # "the bloc ECOWAS extended sanctions": the noun is the subject, the acronym names it.
    doc = parse(
        vocab,
        ["the", "bloc", "ECOWAS", "extended", "sanctions"],
        [1, 2, 2, 4, 2],
        ["det", "nsubj", "ROOT", "amod", "dobj"],
        ["DET", "NOUN", "VERB", "ADJ", "NOUN"],
        ["DT", "NN", "VBG", "JJ", "NNS"],
    )
    repair_acronym_subjects(doc)
    assert ("bloc", "nsubj", "extended") in arcs(doc) and ("ECOWAS", "appos", "bloc") in arcs(doc)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "tags"),
    [
        # A right parse: the acronym is already the subject.
        (
            ["NATO", "suspended", "aid"],
            [1, 1, 1],
            ["nsubj", "ROOT", "dobj"],
            ["PROPN", "VERB", "NOUN"],
            ["NNP", "VBD", "NN"],
        ),
        # A real verb in capitals with an adjective on its object ("STOP frozen payments").
        (
            ["STOP", "payments", "frozen"],
            [0, 0, 1],
            ["ROOT", "dobj", "amod"],
            ["VERB", "NOUN", "ADJ"],
            ["VB", "NNS", "JJ"],
        ),
    ],
)
def test_an_acronym_parse_left_alone(vocab, words, heads, deps, pos, tags) -> None:  # type: ignore[no-untyped-def]
    doc = parse(vocab, words, heads, deps, pos, tags)
    before = arcs(doc)
    assert repair_acronym_subjects(doc) == []
    assert arcs(doc) == before


VERBS = frozenset({"sanctions", "blacklists"})


def test_a_headline_measure_read_as_a_compound_on_the_target_is_the_verb(vocab) -> None:  # type: ignore[no-untyped-def]
    # "EU sanctions Belarus, threatens more measures": "sanctions" a compound on Belarus,
    # Belarus the subject of "threatens".
    doc = parse(
        vocab,
        ["EU", "sanctions", "Belarus", ",", "threatens", "more", "measures"],
        [1, 2, 4, 4, 4, 6, 4],
        ["compound", "compound", "nsubj", "punct", "ROOT", "amod", "dobj"],
        ["PROPN", "NOUN", "PROPN", "PUNCT", "VERB", "ADJ", "NOUN"],
    )
    assert repair_headline_measure_verb(doc, VERBS) == doc[1]
    assert (doc[1].pos_, doc[1].dep_) == ("VERB", "ROOT")
    assert (doc[0].dep_, doc[0].head.i) == ("nsubj", 1)
    assert (doc[2].dep_, doc[2].head.i) == ("dobj", 1)
    assert (doc[4].dep_, doc[4].head.i) == ("conj", 1)


def test_a_headline_measure_read_as_a_root_noun_with_an_object_is_the_verb(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Canada sanctions Russian oligarchs": a root noun with an object.
    doc = parse(
        vocab,
        ["Canada", "sanctions", "Russian", "oligarchs"],
        [1, 1, 3, 1],
        ["compound", "ROOT", "amod", "dobj"],
        ["PROPN", "NOUN", "ADJ", "NOUN"],
    )
    assert repair_headline_measure_verb(doc, VERBS) == doc[1]
    assert (doc[0].dep_, doc[0].head.i) == ("nsubj", 1)


def test_a_measure_noun_on_a_noun_stays_a_noun(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Russia sanctions list grows": the head after "sanctions" is no name; nothing changes.
    doc = parse(
        vocab,
        ["Russia", "sanctions", "list", "grows"],
        [1, 2, 3, 3],
        ["compound", "compound", "nsubj", "ROOT"],
        ["PROPN", "NOUN", "NOUN", "VERB"],
    )
    assert repair_headline_measure_verb(doc, VERBS) is None
    assert [t.dep_ for t in doc] == ["compound", "compound", "nsubj", "ROOT"]


def test_a_subordinate_clauses_subject_read_as_a_prepositions_object_is_repaired(vocab) -> None:  # type: ignore[no-untyped-def]
    # The small model's reading of "Talks stalled after Ottawa on Friday froze assets":
    # "after Ottawa" a prepositional phrase, "froze" an adverbial clause with no subject.
    words = ["Talks", "stalled", "after", "Ottawa", "on", "Friday", "froze", "assets"]
    doc = parse(
        vocab,
        words,
        [1, 1, 1, 2, 6, 4, 1, 6],
        ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "advcl", "dobj"],
        ["NOUN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "VERB", "NOUN"],
        ["NNS", "VBD", "IN", "NNP", "IN", "NNP", "VBD", "NNS"],
    )
    repair_subordinate_subjects(doc, frozenset({"after"}))
    assert ("Ottawa", "nsubj", "froze") in arcs(doc) and ("after", "mark", "froze") in arcs(doc)
    # A verb with a subject of its own keeps it: "after lunch the minister froze assets".
    doc = parse(
        vocab,
        ["Talks", "stalled", "after", "lunch", "the", "minister", "froze", "assets"],
        [1, 1, 1, 2, 5, 6, 1, 6],
        ["nsubj", "ROOT", "prep", "pobj", "det", "nsubj", "advcl", "dobj"],
        ["NOUN", "VERB", "ADP", "NOUN", "DET", "NOUN", "VERB", "NOUN"],
        ["NNS", "VBD", "IN", "NN", "DT", "NN", "VBD", "NNS"],
    )
    repair_subordinate_subjects(doc, frozenset({"after"}))
    assert ("lunch", "pobj", "after") in arcs(doc) and ("minister", "nsubj", "froze") in arcs(doc)


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "verb", "low", "want"),
    [
        (  # "Berlin stopped short of imposing sanctions": through an adverb and a preposition
            ["Berlin", "stop", "short", "of", "imposing", "sanctions"],
            [1, 1, 1, 2, 3, 4],
            ["nsubj", "ROOT", "advmod", "prep", "pcomp", "dobj"],
            ["PROPN", "VERB", "ADV", "ADP", "VERB", "NOUN"],
            1,
            4,
            "stop short of",
        ),
        (  # "Tokyo decided against imposing sanctions": a preposition only
            ["Tokyo", "decide", "against", "imposing", "sanctions"],
            [1, 1, 1, 2, 3],
            ["nsubj", "ROOT", "prep", "pcomp", "dobj"],
            ["PROPN", "VERB", "ADP", "VERB", "NOUN"],
            1,
            3,
            "decide against",
        ),
        (  # "the EU held off on sanctions": the verb's particle comes along
            ["EU", "hold", "off", "on", "sanctions"],
            [1, 1, 1, 1, 3],
            ["nsubj", "ROOT", "prt", "prep", "pobj"],
            ["PROPN", "VERB", "ADP", "ADP", "NOUN"],
            1,
            4,
            "hold off on",
        ),
        (  # "Ottawa refused to impose sanctions": hung on the verb itself, the lemma alone
            ["Ottawa", "refuse", "to", "impose", "sanctions"],
            [1, 1, 3, 1, 3],
            ["nsubj", "ROOT", "aux", "xcomp", "dobj"],
            ["PROPN", "VERB", "PART", "VERB", "NOUN"],
            1,
            3,
            "refuse",
        ),
    ],
)
def test_the_words_linking_a_verb_to_the_act_below_it(  # type: ignore[no-untyped-def]
    vocab, words, heads, deps, pos, verb, low, want
) -> None:
    doc = parse(vocab, words, heads, deps, pos)
    for t, w in zip(doc, words, strict=True):
        t.lemma_ = w.lower()
    assert linked(doc[verb], doc[low]) == want


GOODS = frozenset({"good", "steel", "beef", "import"})
ORIGIN = frozenset({"import", "ship"})


def test_goods_origin_hung_on_the_verb_moves_to_the_goods(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Mexico put duties on goods from Chile": the model hangs "from Chile" on the verb.
    words = ["Mexico", "put", "duties", "on", "goods", "from", "Chile"]
    doc = Doc(
        vocab,
        words=words,
        heads=[1, 1, 1, 2, 3, 1, 5],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj"],
        pos=["PROPN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "PROPN"],
        lemmas=["Mexico", "put", "duty", "on", "good", "from", "Chile"],
    )
    repair_goods_origin(doc, GOODS, ORIGIN)
    assert objects(doc, 4, ("from",)) == ["Chile"] and objects(doc, 1, ("from",)) == []


def test_goods_origin_on_a_participle_moves_to_the_goods(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Egypt banned imports of beef shipped from Brazil" / "duties on steel imported from Peru"
    doc = Doc(
        vocab,
        words=["Chile", "set", "duties", "on", "steel", "imported", "from", "Peru"],
        heads=[1, 1, 1, 1, 3, 4, 5, 6],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "acl", "prep", "pobj"],
        pos=["PROPN", "VERB", "NOUN", "ADP", "NOUN", "VERB", "ADP", "PROPN"],
        lemmas=["Chile", "set", "duty", "on", "steel", "import", "from", "Peru"],
    )
    repair_goods_origin(doc, GOODS, ORIGIN)
    assert objects(doc, 4, ("from",)) == ["Peru"]


def test_a_from_phrase_away_from_goods_stays(vocab) -> None:  # type: ignore[no-untyped-def]
    # "Kenya lifted the duties on tea from Monday": no goods before "from" ("tea" is not in
    # the goods list here), and "removed Cuba from the list" names no goods at all.
    doc = Doc(
        vocab,
        words=["Kenya", "lifted", "duties", "on", "tea", "from", "Monday"],
        heads=[1, 1, 1, 2, 3, 1, 5],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj"],
        pos=["PROPN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "PROPN"],
        lemmas=["Kenya", "lift", "duty", "on", "tea", "from", "Monday"],
    )
    repair_goods_origin(doc, GOODS, ORIGIN)
    assert objects(doc, 1, ("from",)) == ["Monday"]
