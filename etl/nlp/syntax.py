"""Grammar walks over a spaCy parse, with no knowledge of parties or measures.

Small functions the role rules share: the noun phrase a head spans, the objects of given
prepositions, the predicate that takes a noun phrase as an argument, and the chain of verbs
that govern a predicate (where modality, threats and speech are read).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from spacy.tokens import MorphAnalysis, Span, Token

from etl import lexicons
from etl.nlp.rules import _lemma

NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "npadvmod", "nummod"})
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
# Slots of a noun phrase in its clause.
NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "conj", "appos", "attr"})
# Conjunctions of a clause that states a past fact, not under its main verb's modality.
PAST_CLAUSE_MARKS = frozenset({"after", "because", "since", "when"})
# Dependencies that let `predicate_chain` climb from a predicate to the word governing it.
CHAIN_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "conj",
        "acomp",
        "oprd",
        "advcl",
        "dobj",
        "nsubj",
        "nsubjpass",
        "attr",
        "csubj",
    }
)


def child(tok: Token, deps: Sequence[str]) -> Token | None:
    """The first child of `tok` with one of the dependency labels `deps`."""
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def governor(np: Token) -> Token | None:
    """The predicate that takes this noun phrase as an argument."""
    dep = np.dep_
    head = np.head
    if head == np:
        return None
    if dep in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "npadvmod", "appos"):
        return head
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        return head.head
    if dep == "conj":
        return governor(head)
    return None


def np_head(tok: Token) -> Token:
    """The head noun of the phrase a modifier word sits in ("missile" in "missile systems")."""
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    return tok


def clause_of(tok: Token) -> Token:
    """The nearest verb above a token (its clause head)."""
    cur = tok.head
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    return cur


def np_tokens(head: Token, *, with_of: bool = False) -> list[Token]:
    """Tokens of the noun phrase headed by `head`: modifiers and conjuncts, no clauses."""
    out = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            ok = c.dep_ in NP_DEPS or c.dep_ == "cc"
            if with_of and c.dep_ == "prep" and c.lower_ == "of":
                ok = True
            if c.dep_ == "pobj" and t.dep_ == "prep" and t.lower_ == "of" and with_of:
                ok = True
            if ok:
                out.append(c)
                stack.append(c)
    return out


def preps(tok: Token, names: Iterable[str]) -> list[Token]:
    """Objects of the given prepositions attached to `tok` ("on Iran" -> Iran)."""
    wanted = set(names)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            if _negated(c):
                continue  # "embargoes on Sudan and Burma but not on Iran": Iran is left out
            for o in c.children:
                if o.dep_ in ("pobj", "pcomp"):
                    out.append(o)
                elif o.dep_ == "conj":  # "to Egypt and to Israel", "and later to Serbia"
                    again = [o] if o.lower_ == c.lower_ else list(o.children)
                    for p in again:
                        if p.lower_ == c.lower_ and not _negated(p):
                            out.extend(x for x in p.children if x.dep_ == "pobj")
        elif c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in wanted and not _negated(c):
            out.extend(o for o in c.children if o.dep_ == "pobj")  # "to Qatar and also to Oman"
        elif c.dep_ == "prep" and c.lower_ in with_pair_preps():
            for cc in c.children:
                if cc.dep_ == "prep" and cc.lower_ == "with":
                    out.extend(o for o in cc.children if o.dep_ == "pobj")
    return out


def _negated(prep: Token) -> bool:
    """A preposition its own 'not' excludes ("but not to North Korea"); "not only on Iran
    but also on Syria" still names Iran."""
    if prep.pos_ != "ADP" or not any(x.dep_ == "neg" for x in prep.children):
        return False
    return not any(x.lower_ in ("only", "just", "merely", "least") for x in prep.children)


@cache
def with_pair_preps() -> frozenset[str]:
    """Words that with "with" add co-parties to any phrase `preps` reads (roles.json)."""
    return frozenset(lexicons.load("roles")["lists"]["with_pair_preps"]["words"])


def predicate_chain(pred: Token, speech: frozenset[str]) -> list[Token]:
    """The predicate and the verbs/nouns that govern it (modality, threats, speech), up to
    the first speech verb (lemmas in `speech`)."""
    out = [pred]
    cur = pred
    for _ in range(6):
        dep = cur.dep_
        head = cur.head
        if head == cur:
            break
        if (
            dep == "advcl"
            and _past(cur)
            and any(c.dep_ == "mark" and c.lower_ in PAST_CLAUSE_MARKS for c in cur.children)
        ):
            break  # "threatened countermeasures after the EU sanctioned ...": a past fact
        if dep in CHAIN_DEPS:
            cur = head
        elif dep in ("pcomp", "pobj") and head.dep_ == "prep":
            cur = head.head
            if cur.dep_ == "advmod" and cur.pos_ == "ADV" and cur.head.pos_ == "VERB":
                cur = cur.head  # "added Cuba back to its list": the phrase is the verb's
        elif (
            (
                dep == "acl"
                or (
                    dep == "relcl"
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
                )
            )
            and cur.tag_ in ("VB", "VBG")
            and head.pos_ in ("NOUN", "PROPN")
        ):
            cur = head  # "plans to slap tariffs", "his decision to impose"
        else:
            break
        out.append(cur)
        if cur.pos_ in ("VERB", "AUX") and _lemma(cur) in speech:
            break
    return out


def _past(verb: Token) -> bool:
    """A past tense: "imposed", "had imposed", "has imposed"."""
    return verb.tag_ == "VBD" or (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" and _lemma(c) == "have" for c in verb.children)
    )


def phrasal(tok: Token) -> str:
    """The lemma with its particle, for phrasal verbs ("rule out", "run out", "hit back");
    else the lemma."""
    prt = child(tok, ("prt",))
    return f"{_lemma(tok)} {prt.lower_}" if prt is not None else _lemma(tok)


def linked(verb: Token, low: Token) -> str:
    """The verb's lemma with the words that link it to `low` below it, in text order:
    "decide against" for "decided against imposing", "stop short of" for "stopped short of
    imposing"; the lemma alone when `low` hangs on the verb itself."""
    words = []
    cur = low.head
    for _ in range(4):
        if cur == verb or cur.head == cur:
            break
        words.append(cur)
        cur = cur.head
    if cur != verb:
        return _lemma(verb)
    words += [c for c in verb.children if c.dep_ == "prt"]  # "held off on new sanctions"
    return " ".join([_lemma(verb), *(t.lower_ for t in sorted(words, key=lambda t: t.i))])


NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


INVERTED_CONDITION_AUXILIARIES = frozenset({"should", "were", "had"})


def repair_inverted_conditions(doc: Iterable[Token]) -> list[Token]:
    """Mark an inverted condition, in place: "Should the United States go ahead with the
    tariffs, Japan would retaliate", "Had Ottawa imposed the duties, ..." (the parser hangs
    the auxiliary on the clause as `aux`; read as the clause's subordinator, like "if",
    which the lists of condition marks name beside these auxiliaries). Only an auxiliary
    that opens an adverbial clause before its subject, the clause before its head. Returns
    the auxiliaries relabelled."""
    out = []
    for verb in doc:
        if verb.dep_ != "advcl" or verb.i >= verb.head.i:
            continue
        first = verb.left_edge
        if first.dep_ not in ("aux", "auxpass") or first.head != verb:
            continue
        if first.lower_ not in INVERTED_CONDITION_AUXILIARIES:
            continue
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].left_edge.i != first.i + 1:
            continue
        if any(c.dep_ == "mark" for c in verb.children):
            continue
        first.dep_ = "mark"
        out.append(first)
    return out


def repair_subordinate_subjects(doc: Iterable[Token], subordinators: frozenset[str]) -> None:
    """Re-attach the subject of a clause opened by a subordinator the parser took for a
    preposition, in place.

    spaCy's small model reads "The move comes after Washington last month blacklisted
    dozens of Chinese companies" as "after Washington" and leaves "blacklisted" (an adverbial
    clause of the same verb) without a subject. When such a preposition's object is followed,
    with at most an adverbial phrase between ("last month"), by a finite verb with no subject
    that hangs from the preposition's own head, the object is that verb's subject and the
    preposition its marker.
    """
    toks = list(doc)
    for p in toks:
        if p.dep_ != "prep" or p.lower_ not in subordinators:
            continue
        objs = [c for c in p.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN")]
        if len(objs) != 1:
            continue
        x = objs[0]
        for verb in p.head.children:
            if verb.dep_ != "advcl" or verb.tag_ not in FINITE_TAGS or verb.i <= x.right_edge.i:
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children):
                continue
            between = toks[x.right_edge.i + 1 : verb.i]
            if any(t.head != verb and verb not in t.ancestors for t in between):
                continue  # only the verb's own adverbs between ("last month")
            x.head, x.dep_ = verb, "nsubj"
            p.head, p.dep_ = verb, "mark"
            break


def repair_clause_subjects(doc: Iterable[Token]) -> None:
    """Re-attach the subject of a second clause that the parser took for a conjunct of the
    first clause's last noun, in place.

    With no comma, spaCy's small model reads "The EU imposed sanctions on Belarus and the
    United States sanctioned Russia" as "on Belarus and the United States" and leaves
    "sanctioned" without a subject, so the first measure gets a second target and the second
    the first one's sender. When a noun conjunct is followed at once by a finite verb (or a
    modal) that has no subject and hangs from the first clause's verb, the noun is that
    verb's subject and the verb is coordinated with the first. A first noun the parser made
    the second verb's subject ("froze Libyan assets and France imposed ...") goes back to
    the first verb as its object when it has none.
    """
    toks = list(doc)
    for x in toks:
        if x.dep_ != "conj" or x.pos_ not in NOMINAL or x.head.pos_ not in NOMINAL:
            continue
        after = x.right_edge.i + 1
        if after >= len(toks) or toks[after].tag_ not in FINITE_TAGS:
            continue
        verb = toks[after]
        if verb.dep_ == "aux" and verb.head.i > verb.i:  # "and Canada will ease ..."
            verb = verb.head
        first = verb.head
        noun = x.head
        if (
            verb.pos_ not in ("VERB", "AUX")
            or verb.dep_ not in ("advcl", "conj", "ccomp")
            or first.pos_ not in ("VERB", "AUX")
            or not first.i < noun.i < x.i
        ):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") and c != noun for c in verb.children):
            continue
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head == verb:
            # Only a noun right after a first verb with no object is that object ("froze
            # Libyan assets and France imposed"); else the two nouns are one subject
            # ("as Denmark and Finland followed", "that the United States, ... and Italy
            # would supply").
            if noun.left_edge.i != first.i + 1 or any(c.dep_ == "dobj" for c in first.children):
                continue
            noun.head, noun.dep_ = first, "dobj"
        elif first not in noun.ancestors:
            continue  # the noun must sit in the first clause
        x.head, x.dep_ = verb, "nsubj"
        verb.head, verb.dep_ = first, "conj"
        cc = toks[x.left_edge.i - 1]
        if cc.dep_ == "cc":
            cc.head = first


def repair_averting_phrasals(doc: Iterable[Token], phrasals: frozenset[str]) -> None:
    """Read a phrasal verb of keeping a measure away ("head off", "stave off", `phrasals`)
    as its one-word synonym "avert", in place: the rules know "avert" (its subject is the
    target, the measure only threatened) but lemmatise "stave off" as "stave" plus a
    particle (so "Tehran offered talks to stave off UN sanctions" had Iran as the sender)."""
    for tok in doc:
        if tok.pos_ == "VERB" and phrasal(tok) in phrasals:
            tok.lemma_ = "avert"


def repair_headline_infinitive(doc: Iterable[Token]) -> None:
    """Make the name that opens a headline-style infinitive its subject, in place.

    News headlines drop the verb "is" ("EU to lift arms embargo on Libya", "Japan to buy
    Aegis radars from U.S."): the small model hangs the opening name as the sentence's
    root with the verb as its clause (`acl`), or as an unlabelled `dep` of the verb, so the
    verb has no subject. When a proper name opens the sentence and "to" plus a verb with no
    subject follow it at once, the verb is the root and the name its subject.
    """
    toks = list(doc)
    to = next((t.i for t in toks if t.lower_ == "to"), None)
    if to is None or to == 0 or to + 1 >= len(toks) or toks[to].dep_ != "aux":
        return
    verb = toks[to].head
    if verb.i != to + 1 or verb.pos_ not in ("VERB", "PROPN", "NOUN"):
        return
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return
    # The name before "to": one phrase whose head is a proper noun, opening the headline or
    # following a lead clause and its comma ("As Ruble Falls, Obama to Sign Russia
    # Sanctions Bill", "After talks fail, EU to impose sanctions on Belarus").
    commas = [t.i for t in toks[:to] if t.text == ","]
    start = commas[-1] + 1 if commas else 0
    opening = toks[start:to]
    heads = [t for t in opening if t.head == t or t.head.i >= to or t.head.i < start]
    if not opening or len(heads) != 1 or heads[0].pos_ != "PROPN":
        return
    n = heads[0]
    if verb.pos_ != "VERB":  # a capitalised headline verb tagged as a name: "India to Buy"
        verb.pos_, verb.tag_, verb.lemma_ = "VERB", "VB", verb.lower_
    if start:
        if verb.head.i >= start or (n.head.i >= to and n.head != verb):
            return  # the parser already read the clause after the comma as a whole
        lead = [t for t in toks[:start] if t.head == t or t.head.i >= start]
        verb.head, verb.dep_ = verb, "ROOT"
        n.head, n.dep_ = verb, "nsubj"
        for t in lead:  # the lead clause now qualifies the headline's verb
            t.head, t.dep_ = verb, ("punct" if t.pos_ == "PUNCT" else "advcl")
        for c in list(n.children):
            if c.i > verb.i:
                c.head = verb
        return
    if n.dep_ == "ROOT" and verb.dep_ in ("acl", "relcl") and verb.head == n:
        verb.head, verb.dep_ = verb, "ROOT"
        n.head, n.dep_ = verb, "nsubj"
        for c in list(n.children):
            if c.i > verb.i:  # what hung on the name after the clause (a final stop)
                c.head = verb
    elif n.dep_ == "dep" and n.head == verb and verb.dep_ == "ROOT":
        n.dep_ = "nsubj"


def repair_headline_measure_verb(doc: Iterable[Token], verbs: frozenset[str]) -> Token | None:
    """Make a headline's measure verb that the parser read as a noun a verb again, in place;
    return it (its lemma must be read again as a verb's).

    Headlines put a sender, a measure verb and a target side by side ("EU sanctions Belarus,
    threatens more measures", "West African bloc sanctions Niger after coup", "Canada
    sanctions Russian oligarchs"): the small model reads "sanctions" as a noun, either a
    compound on the target name (which becomes the subject of the next verb, or the root)
    or the root with the target as its object, so the measure has no sender. When a measure
    verb's third-person form (`verbs`: "sanctions", "blacklists") has a name or noun on its
    left modifying it (or the target), and either is a compound on the proper name right
    after it or is the root with an object, the word is the verb: the word on its left is
    its subject and the name its object (taking the name's place; the next verb, if the name
    was its subject, becomes its conjunct).
    """
    toks = list(doc)
    for v in toks:
        if v.lower_ not in verbs or v.pos_ != "NOUN" or v.i == 0:
            continue
        name = v.head
        target: Token | None = None
        clause: Token | None = None
        if v.dep_ == "ROOT" and child(v, ("dobj",)) is not None:
            pass  # "Canada sanctions Russian oligarchs": the object is in place
        elif v.dep_ == "compound" and name.i == v.i + 1 and name.pos_ == "PROPN":
            target = name
            if name.dep_ == "nsubj" and name.head.i > name.i and name.head.pos_ == "VERB":
                clause = name.head
            elif name.dep_ != "ROOT":
                continue
        else:
            continue
        left = [c for c in v.children if c.i < v.i]
        if target is not None:
            left += [c for c in target.children if c.i < v.i]
        sender = next((c for c in left if c.dep_ in ("compound", "nmod")), None)
        if sender is None or sender.pos_ not in ("PROPN", "NOUN") or sender.i != v.i - 1:
            continue
        v.pos_, v.tag_ = "VERB", "VBZ"
        sender.head, sender.dep_ = v, "nsubj"
        if target is None:
            return v
        if clause is None:
            v.head, v.dep_ = v, "ROOT"
            for c in list(target.children):
                if c.i > target.i:  # what hung on the name after it (the rest of the clause)
                    c.head = v
        else:
            v.head, v.dep_ = (v, "ROOT") if clause.dep_ == "ROOT" else (clause.head, clause.dep_)
            clause.head, clause.dep_ = v, "conj"
        target.head, target.dep_ = v, "dobj"
        return v
    return None


def repair_headline_action_verb(
    doc: Iterable[Token], verbs: frozenset[str], measures: frozenset[str]
) -> Token | None:
    """Make a headline's action verb that the parser read as a noun a verb again, in place;
    return it (its lemma must be read again as a verb's).

    Headlines put a party, the third-person form of an action verb (`verbs`: "lifts",
    "eases", "extends", "ends") and a measure side by side ("Reagan lifts Poland sanctions",
    "Tokyo eases curbs on Pretoria", "Canada renews Libya embargo"): the small model reads the
    verb as a plural noun, either the head of the clause with the party as its subject and the
    measure as its object, or one more compound on the measure noun, so the measure reads as
    imposed and has no sender. When such a word, tagged a noun, has a name or noun just on its
    left and a measure noun (`measures`, lemmas) after it as its object or as the head it
    modifies, the word is the verb: the word on its left is its subject, the measure its object.
    """
    toks = list(doc)
    for v in toks:
        if v.lower_ not in verbs or v.pos_ not in ("NOUN", "PROPN") or v.i == 0:
            continue
        left = toks[v.i - 1]
        if left.pos_ not in ("PROPN", "NOUN") or left.dep_ not in ("compound", "nsubj", "nmod"):
            continue
        obj = child(v, ("dobj",))
        if v.dep_ == "ROOT" and obj is not None and _lemma(obj) in measures:
            if left.head != v:
                continue
            v.pos_, v.tag_ = "VERB", "VBZ"
            left.dep_ = "nsubj"  # "Reagan lifts sanctions on Poland": only the tag was wrong
            return v
        measure = v.head
        if v.dep_ != "compound" or measure.i <= v.i or _lemma(measure) not in measures:
            continue
        if left.head not in (v, measure) or any(
            t.pos_ not in ("PROPN", "NOUN", "ADJ") for t in toks[v.i + 1 : measure.i]
        ):
            continue  # the words between are the measure's own ("Poland", "grain")
        v.pos_, v.tag_ = "VERB", "VBZ"
        if measure.dep_ == "ROOT":
            v.head, v.dep_ = v, "ROOT"
        else:
            v.head, v.dep_ = measure.head, measure.dep_
        measure.head, measure.dep_ = v, "dobj"
        left.head, left.dep_ = v, "nsubj"
        for c in list(measure.children):
            if c.i < left.i:  # what hung on the measure before the subject ("U.S.")
                c.head = left
        return v
    return None


def repair_measure_compounds(doc: Iterable[Token], spans: Iterable[Span]) -> list[Token]:
    """Make a measure compound the parser read as a clause a noun phrase again, in place;
    return the nouns put back (their lemma must be read again as a noun's).

    spaCy's small model reads the plural of a two-word measure ("asset freezes", "travel
    bans") as a clause, the first word the subject of the second taken for a verb: "Canada
    slapped asset freezes and travel bans on Venezuelan officials" gives "asset (subject)
    freezes (clause)", so the measure has no noun and no sender (or "with asset (object)
    freezes (clause)", the first word alone in the phrase's place). When a two-word measure
    (`spans`, the lexicon's measure phrases) ends in a present-tense verb whose subject is
    the first word (or a noun the first word is a conjunct of: "travel bans and asset
    freezes"), the verb is the noun the first word modifies: it takes the place of the
    phrase (the object of a verb with none, or the passive subject of a clause it heads
    that has none: "Asset freezes were imposed on ..."), and the subject noun before it, if
    another, takes its place with the measure as its conjunct.
    """
    out: list[Token] = []
    for span in spans:
        if len(span) != 2:
            continue
        first, v = span[0], span[1]
        if v.pos_ != "VERB" or v.tag_ != "VBZ" or first.pos_ not in ("NOUN", "PROPN"):
            continue
        if first.head == v and first.dep_ in ("compound", "nsubj") and v.dep_ in NOMINAL_DEPS:
            # "with asset freezes", "slapped asset freezes": in a noun's slot, tagged a verb
            first.dep_ = "compound"
            v.pos_, v.tag_ = "NOUN", "NNS"
            out.append(v)
            continue
        if any(c.dep_ in ("dobj", "aux", "auxpass", "neg") for c in v.children):
            continue  # a real clause: "the ban affects exports", "the ban does not ..."
        subj = child(v, ("nsubj",))
        if subj is None and first.dep_ in ("dobj", "pobj") and v.dep_ in ("advcl", "ccomp"):
            # "hit 14 oligarchs with asset freezes": the first word took the phrase's place
            v.head, v.dep_ = first.head, first.dep_
            first.head, first.dep_ = v, "compound"
            v.pos_, v.tag_ = "NOUN", "NNS"
            out.append(v)
            continue
        if subj is None or not (subj == first or (first.dep_ == "conj" and first.head == subj)):
            continue
        head, dep = v.head, v.dep_
        np = v if subj == first else subj
        clause = next(
            (
                c
                for c in v.children
                if c.dep_ == "ccomp"
                and c.pos_ == "VERB"
                and c.i > v.i
                and any(a.dep_ == "auxpass" for a in c.children)
                and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children)
            ),
            None,
        )
        if dep == "ROOT" and clause is not None:
            # "Asset freezes were imposed on five officials": the clause is the sentence's
            np_head_, np_dep = clause, "nsubjpass"
            clause.head, clause.dep_ = clause, "ROOT"
            for c in list(v.children):
                if c.i > clause.i or c.dep_ == "punct":
                    c.head = clause
        elif dep == "ccomp" and head.pos_ == "VERB" and child(head, ("dobj",)) is None:
            np_head_, np_dep = head, "dobj"
        else:
            continue
        if np is subj:  # "travel bans and asset freezes": the first noun heads the phrase
            subj.head, subj.dep_ = np_head_, np_dep
            v.head, v.dep_ = subj, "conj"
            first.head, first.dep_ = v, "compound"
        else:
            v.head, v.dep_ = np_head_, np_dep
            first.dep_ = "compound"
        v.pos_, v.tag_ = "NOUN", "NNS"
        out.append(v)
    return out


def repair_capability_clauses(
    doc: Iterable[Token], verbs: frozenset[str], adjectives: frozenset[str]
) -> None:
    """Make a weapon the parser took for the subject of a capability adjective the object of
    the transfer verb above, in place.

    spaCy's small model reads "Iran had acquired Chinese-made Silkworm missiles capable of
    hitting tankers" as a small clause "missiles (are) capable of ...", the complement of
    "acquired", which then has no object and the transfer no weapon. When an adjective in
    `adjectives` ("capable", "able") is the clausal complement of a verb in `verbs` with no
    direct object, and its subject is a noun after the verb, the noun is the verb's object
    and the adjective modifies it. Verbs that take a small clause ("considers Iran capable
    of building a bomb") are not transfer verbs and are left alone.
    """
    for x in doc:
        if x.pos_ != "ADJ" or x.dep_ != "ccomp" or x.lower_ not in adjectives:
            continue
        verb = x.head
        if verb.pos_ != "VERB" or _lemma(verb) not in verbs or child(verb, ("dobj",)):
            continue
        noun = child(x, ("nsubj",))
        if noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.left_edge.i <= verb.i:
            continue
        noun.head, noun.dep_ = verb, "dobj"
        x.head, x.dep_ = noun, "amod"


_ACRONYM = re.compile(r"^[A-Z]{2,}$")
# Clause slots the parser gives an acronym it took for a verb ("ECOWAS" read as a gerund).
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl"})
VERB_LIKE_TAGS = frozenset({"VBD", "VBN", "JJ"})  # "froze" and "extended" come tagged JJ


def repair_acronym_subjects(doc: Iterable[Token]) -> list[Token]:
    """Make an acronym subject that the parser took for its clause's verb the subject again,
    in place; return the verbs put back (their lemma is read as an adjective's: re-lemmatise).

    spaCy's small model reads "ECOWAS imposed sanctions on Mali" as a verb "ECOWAS" whose
    object is "imposed sanctions" ("imposed" an adjective), and "ECOWAS froze Niger's assets"
    with "froze" a particle, and a name opening a sentence ("Trump reimposed sanctions")
    likewise. When an all-capital word (or that opening name) heads a clause, the word after it is a
    past form (or an adjective) hung on it (a particle or adverb) or on its object, and it has
    an object, that word
    is the verb: it takes the acronym's place and dependants, and the acronym is its subject
    (or, after a head noun, "the bloc ECOWAS imposed", that noun's apposition).
    """
    toks = list(doc)
    repaired = []
    for x in toks:
        # Also a capitalised name opening the sentence that the parser took for a noun or
        # an imperative's head: "Trump reimposed sanctions on Iran" ("Trump" the root,
        # "reimposed" an adjective on "sanctions").
        opening = x.i == 0 and x.is_title and x.pos_ in ("NOUN", "PROPN") and x.dep_ == "ROOT"
        named_verb = x.i == 0 and x.is_title and x.pos_ == "VERB" and x.dep_ == "ROOT"
        if not (_ACRONYM.match(x.text) or opening or named_verb) or x.dep_ not in CLAUSE_DEPS:
            continue
        if x.i + 1 >= len(toks):
            continue
        verb = toks[x.i + 1]
        obj = child(x, ("dobj",))
        # An opening name the parser took for a verb whose object is the real verb, which has
        # an object of its own (no noun has one): "Trump froze nearly $400 million in aid".
        verb_object = named_verb and obj == verb and child(verb, ("dobj",)) is not None
        if not verb_object and (obj is None or verb.tag_ not in VERB_LIKE_TAGS):
            continue
        on_object = verb.dep_ == "amod" and verb.head == obj and obj.i > verb.i
        hung = verb.dep_ in ("prt", "advmod") and verb.head == x
        if not (on_object or hung or verb_object):
            continue
        verb.head = verb if x.dep_ == "ROOT" else x.head
        verb.dep_ = x.dep_
        verb.pos_, verb.tag_ = "VERB", "VBD"
        verb.morph = MorphAnalysis(verb.vocab, {"Tense": "Past", "VerbForm": "Fin"})
        subject = child(x, ("nsubj",))  # "West African bloc ECOWAS imposed ..."
        for c in list(x.children):
            if c != verb:
                c.head = verb
        x.pos_, x.tag_ = "PROPN", "NNP"
        if subject is not None:
            x.head, x.dep_ = subject, "appos"
        else:
            x.head, x.dep_ = verb, "nsubj"
        repaired.append(verb)
    return repaired


def repair_opening_name_verbs(doc: Iterable[Token], names: frozenset[str]) -> list[Token]:
    """Make the past-tense verb after a known name that opens the sentence the sentence's verb
    again, in place; return the verbs put back (their lemma must be read again as a verb's).

    Some surnames are also common words, and spaCy's small model reads a sentence opening
    with one as a verbless phrase: "Trump banned imports of Iranian steel" gives "Trump
    (compound) banned (adjective) imports (root)", "Merkel barred exports of chips to ..."
    the same with "Merkel" a modifier, and "Trump imposed sanctions on ..." or "Trump froze
    the assets of ..." a root "Trump" (an adjective or an imperative) with the real verb an
    adjective on its object or its clausal complement. When the opening word is a name the
    gazetteer knows (`names`: a leader, a country, a capital, a bloc) and the word after it is
    a past form read as one of these, that word is the verb and the name its subject.
    """
    toks = list(doc)
    if len(toks) < 3:
        return []
    x, verb = toks[0], toks[1]
    if not (x.is_title and x.text in names and verb.is_lower and verb.tag_ in VERB_LIKE_TAGS):
        return []
    root = next((t for t in toks if t.dep_ == "ROOT"), None)
    if root is None:
        return []
    if root.pos_ in ("NOUN", "PROPN") and root.i > verb.i:
        # "Trump banned imports of ...": the object noun is the root, the verb its adjective
        if verb.dep_ != "amod" or verb.head != root or x.head not in (root, verb):
            return []
        verb.head, verb.dep_ = verb, "ROOT"
        root.head, root.dep_ = verb, "dobj"
        for c in list(root.children):
            if c.dep_ == "punct" and c.i > root.i:
                c.head = verb
        for c in list(x.children):
            c.head = verb
    elif root == x:
        # "Trump imposed sanctions on ..." (adjective root) / "Trump froze the assets" (verb)
        obj = child(x, ("dobj",))
        on_object = verb.dep_ == "amod" and obj is not None and verb.head == obj
        # ... or its object, with the object hung on the name: "Trump (verb) froze (object)
        # all Venezuelan government assets (object)"
        own_object = child(verb, ("dobj",)) is not None or any(
            c.dep_ == "dobj" and c.i > verb.i for c in x.children
        )
        clausal = verb.head == x and verb.dep_ in ("xcomp", "ccomp", "dobj") and own_object
        if not (on_object or clausal):
            return []
        verb.head, verb.dep_ = verb, "ROOT"
        for c in list(x.children):
            if c != verb:
                c.head = verb
    else:
        return []
    x.head, x.dep_ = verb, "nsubj"
    x.pos_, x.tag_ = "PROPN", "NNP"
    verb.pos_, verb.tag_ = "VERB", "VBD"
    verb.morph = MorphAnalysis(verb.vocab, {"Tense": "Past", "VerbForm": "Fin"})
    return [verb]


def repair_shared_measure_heads(
    doc: Iterable[Token], measures: frozenset[str], modifiers: frozenset[str]
) -> None:
    """Make a measure noun that two coordinated modifiers share the head of its phrase, in place.

    "imposed a sweeping trade and financial embargo on Iraq", "announced a total trade and
    investment embargo on Iran", "an oil and arms embargo against Haiti": spaCy's small model
    often reads the first modifier as the object's head and the measure as its conjunct
    ("trade ... and ... embargo"), with the article and the target hung on the modifier, so
    the verb's object is no measure. When a measure-kind modifier (`modifiers`: trade, oil,
    arms, financial ...) is directly followed by "and"/"or" and a measure noun (`measures`)
    with no article of its own whose phrase starts right after the conjunction, the measure
    heads the phrase and the first word modifies it. "froze assets and travel bans" (assets is
    no modifier) and "sanctions on trade and an arms embargo" (its own article) stay as read.
    """
    for n2 in list(doc):
        n1 = n2.head
        if n2.dep_ != "conj" or n1.i >= n2.i or n1.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        if n2.lemma_.lower() not in measures and n2.lower_ not in measures:
            continue
        if n1.lower_ not in modifiers or n1.lemma_.lower() in measures:
            continue
        cc = child(n1, ("cc",))
        if cc is None or cc.i != n1.i + 1 or cc.lower_ not in ("and", "or"):
            continue
        if n2.left_edge.i != cc.i + 1 or child(n2, ("det", "poss")) is not None:
            continue
        if n1.dep_ == "ROOT":
            n2.head, n2.dep_ = n2, "ROOT"
        else:
            n2.head, n2.dep_ = n1.head, n1.dep_
        for c in list(n1.children):
            if c not in (cc, n2) and (c.i < n1.i or c.i > n2.i):
                c.head = n2
        n1.head, n1.dep_ = n2, "nmod"


def repair_goods_origin(
    doc: Iterable[Token], goods: frozenset[str], origin_verbs: frozenset[str]
) -> None:
    """Hang the origin of goods a measure is put on on the goods, in place.

    "imposed tariffs on goods from China", "slapped duties on steel imports from Brazil":
    spaCy's small model hangs the "from" phrase that follows the goods on the verb, where it
    reads as what the verb takes something from. "duties on steel imported from South Korea",
    "a ban on beef shipped from Britain": the origin hangs on a participle of moving or
    making (`origin_verbs`) with no object of its own. A "from" phrase right after a goods
    noun (`goods`, lemmas) in an "on"/"against" phrase becomes the noun's own, as "tariffs on
    imports from China" already is; "lifted the ban from Monday" (no goods) stays as read.
    """
    for g in doc:
        if g.dep_ != "pobj":
            continue
        prep = g.head
        if prep.lower_ == "of" and prep.head.dep_ == "pobj":  # "on $200 billion of goods"
            prep = prep.head.head
        if prep.lower_ not in ("on", "against"):
            continue
        if g.lemma_.lower() not in goods and g.lower_ not in goods:
            continue
        edge = g.right_edge.i
        nxt = g.doc[edge + 1] if edge + 1 < len(g.doc) else None
        if (
            nxt is not None
            and nxt.dep_ == "acl"
            and nxt.lemma_.lower() in origin_verbs
            and nxt.head in g.ancestors
        ):
            nxt.head = g  # "duties on dairy products shipped from ...", hung on "duties"
        for c in list(g.children):  # "steel imported from South Korea"
            if (
                c.dep_ == "acl"
                and c.lemma_.lower() in origin_verbs
                and not any(x.dep_ in ("dobj", "nsubj", "nsubjpass") for x in c.children)
            ):
                for p in list(c.children):
                    if p.dep_ == "prep" and p.lower_ == "from":
                        p.head = g
        if (
            nxt is not None
            and nxt.dep_ == "prep"
            and nxt.lower_ == "from"
            and nxt.head.pos_ in ("VERB", "AUX", "NOUN")
            and nxt.head in g.ancestors
        ):
            # "tariffs on goods from China" read as "imposed ... from China" or as "tariffs
            # ... from China"
            nxt.head = g
