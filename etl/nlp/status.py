"""Status of an event from the words that govern its predicate.

Modality (planned: "will", "plans to", "possible"; negated: "did not impose", "refused to";
conditional: "if", "unless") and claims (alleged: "accused", "reportedly", "is said to";
denied: "denies", "rejected claims that ..."), with who makes the claim.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from etl.nlp.parties import Sentence
from etl.nlp.rules import _lemma
from etl.nlp.sides import Side
from etl.nlp.syntax import child, linked, phrasal, preps


class Status(Sentence):
    """Modality and claim status of a predicate (shared by sanction and arms frames)."""

    def _past_conjecture(self, pred: Token) -> bool:
        """ "may have supplied", "might have sold", "could have shipped": a modal of
        possibility with a perfect infinitive guesses at a past act; it plans nothing
        (roles.json conjecture_modals; "would have" is a counterfactual, not one)."""
        if pred.tag_ != "VBN":
            return False
        aux = [c for c in pred.children if c.dep_ == "aux"]
        return any(c.lower_ in self.w.conjecture_modals for c in aux) and any(
            c.lower_ == "have" for c in aux
        )

    def _kept_until(self, verb: Token) -> bool:
        """A measure kept by a standing verb until a condition is met: "would remain until
        troops leave" (`standing_release_marks`)."""
        marks = self.w.standing_release_marks
        return _lemma(verb) in self.w.standing_verbs and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
            for c in verb.children
        )

    def modality(self, chain: Sequence[Token]) -> tuple[bool, bool, bool]:
        """(planned, negated, conditional) from auxiliaries, planning verbs and "if"."""
        planned = negated = conditional = False
        cancelled: set[Token] = set()  # refusals cancelled by a refusal they govern
        rs = self.rules.status
        for i, t in enumerate(chain):
            low = chain[i - 1] if i > 0 else None
            if (
                low is not None
                and low.dep_ == "pcomp"
                and low.head.lower_ == "against"
                and low.head.head == t
                and _lemma(t) in self.w.against_act_verbs
                and child(t, ("dobj",)) is None
            ):
                planned = True  # "warned against lifting sanctions": an act not done
            if t.pos_ in ("VERB", "AUX") and _lemma(t) in self.w.speech and i > 0:
                break
            if i > 0 and chain[i - 1].dep_ == "nsubj":
                # "sanctions will hurt the economy": a prediction, not a plan; but "sanctions
                # would hurt the economy" speaks of measures not taken: a threat.
                if (
                    i == 1
                    and (_lemma(t) not in self.w.standing_verbs or self._aimed_copula(t))
                    and not self._anaphoric(chain[0])
                ):
                    planned = planned or any(
                        c.dep_ == "aux" and c.lower_ in self.w.hypothetical_modals
                        for c in t.children
                    )
                elif i == 1 and self._kept_until(t):
                    # "sanctions would stay until the Minsk agreements are implemented": a
                    # lifting on conditions, not yet done (a "remained until" is past).
                    planned = planned or any(
                        c.dep_ == "aux" and (c.lower_ in rs["modal_planned"] or _lemma(c) == "will")
                        for c in t.children
                    )
                continue
            for c in t.children:
                if c.dep_ == "aux" and (c.lower_ in rs["modal_planned"] or _lemma(c) == "will"):
                    planned = planned or not (i == 0 and self._past_conjecture(t))
                if c.dep_ == "neg" and i <= 1 and self._acts(t):
                    negated = True  # "did not impose", but not "did not mention the sanctions"
                if (
                    c.dep_ == "neg"
                    and i > 0
                    and _lemma(t) in self.w.intention_verbs
                    and (
                        chain[i - 1].dep_ in ("xcomp", "dobj")
                        # "is not thinking of retaliation", "did not contemplate reprisals"
                        or (chain[i - 1].dep_ in ("pobj", "pcomp") and chain[i - 1].head.head == t)
                    )
                ):
                    negated = True  # "does not plan to take retaliatory action"
                if c.dep_ == "det" and c.lower_ in self.w.negative_determiners and i > 0:
                    # "no intention of lifting"; but "had no choice but to impose sanctions"
                    # excepts the act from the negation: it is done.
                    low = chain[i - 1]
                    excepted = low.head.lower_ == "but" and low.head.head == t
                    negated = (t.pos_ == "NOUN" and not excepted) or negated
                if c.dep_ == "mark" and c.lower_ in self.w.conditional_marks:
                    conditional = True
                if c.dep_ == "amod" and _lemma(c) in rs["planned_verbs"] and t.pos_ == "NOUN":
                    planned = True  # "the possible sale", "a proposed deal"
            if (
                i > 0
                and {_lemma(t), phrasal(t)} & rs["planned_verbs"]
                and t.pos_ in ("VERB", "ADJ", "AUX", "NOUN")
            ):
                planned = True
            if (
                i > 0
                and _lemma(t) in self.w.pondering_verbs
                and chain[i - 1].dep_ in ("pobj", "pcomp")
                and chain[i - 1].head.head == t
                and chain[i - 1].head.lower_ in ("of", "about")
            ):
                planned = True  # "Brazil is thinking of retaliation": not done
            if i > 0 and _lemma(t) == "call" and preps(t, self.w.call_preps):
                planned = True  # "called for sanctions" (but not "called it appalling")
            if any(
                c.dep_ == "csubj"
                and _lemma(c) in rs["planned_verbs"]
                and self._subjunctive_doer(c, t) is not None
                for c in t.children
            ):
                planned = True  # "-- Urging the president impose sanctions on Panama"
            if i > 0 and self._ruled_out_by_degree(t, chain[i - 1]):
                negated = True  # "is unlikely to retaliate", "too much at stake to retaliate"
            if i > 0 and t.pos_ == "VERB" and self._refuses(t, chain[i - 1]):
                if t in cancelled:
                    continue  # the outer verb of "refused to rule out": already read
                outer = chain[i + 1] if i + 1 < len(chain) else None
                if (
                    outer is not None
                    and t.dep_ == "xcomp"
                    and outer.pos_ == "VERB"
                    and {_lemma(outer), phrasal(outer)} & self.w.refusal_verbs
                    and not any(c.dep_ == "neg" for c in outer.children)
                ):
                    # "declined to rule out sanctions", "refused to rule out retaliation":
                    # two refusals cancel; the measure is kept open, a threat.
                    cancelled.add(outer)
                    planned = True
                elif any(c.dep_ == "neg" for c in t.children):
                    planned = True  # "did not rule out sanctions": kept open, a threat
                else:
                    negated = True  # "refused to join Western sanctions", "ruled out lifting"
        # Headline style "EU to lift sanctions": an infinitive predicate at the root (of
        # the measure itself or of the verb that takes it: "EU to lift arms embargo").
        first = chain[0]
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in first.children) and first.dep_ in (
            "ROOT",
            "xcomp",
        ):
            if first.dep_ == "ROOT" or _lemma(first.head) in self.rules.status["planned_verbs"]:
                planned = True
        for t in chain[1:2]:
            if t.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                planned = True
        return planned, negated, conditional

    def _aimed_copula(self, verb: Token) -> bool:
        """ "retaliation would be against U.S. textile exports": a copula that aims its
        subject, a measure, at a party or its goods (aimed_copula_preps) says what a measure not
        yet taken would hit, not that one stands ("the sanctions would be in force")."""
        return _lemma(verb) == "be" and any(
            c.dep_ == "prep"
            and c.lower_ in self.w.aimed_copula_preps
            and self.parties_in(list(c.subtree))  # not "would be on the agenda"
            for c in verb.children
        )

    def _ruled_out_by_degree(self, up: Token, low: Token) -> bool:
        """Does `up` rule out the active infinitive `low` it governs: "Japan is unlikely to
        retaliate" (improbability_words), "has too much at stake to entertain thoughts of
        retaliation", "is too dependent on U.S. markets to retaliate" (excess_degree_words on
        an adjective or quantity before the infinitive; not "Canada, too, will retaliate")?"""
        if low.pos_ not in ("VERB", "AUX") or low.dep_ not in ("xcomp", "advcl"):
            return False
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in low.children):
            return False
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in low.children):
            return False  # "the sanctions are unlikely to be lifted": a raising word
        if up.pos_ == "ADJ" and _lemma(up) in self.w.improbability_words:
            return True
        inner = set(low.subtree)
        return any(
            d.dep_ == "advmod"
            and d.lower_ in self.w.excess_degree_words
            and d.i < low.i
            and d not in inner
            and (
                d.head.pos_ in ("ADJ", "ADV") or d.head.lower_ in ("much", "many", "little", "few")
            )
            for d in up.subtree
        )

    def _refuses(self, verb: Token, low: Token) -> bool:
        """Does `verb` refuse the act `low` below it: "refused to impose", "ruled out
        lifting", "decided against imposing", "stopped short of imposing" (roles.json
        refusal_verbs: a lemma, a phrasal verb, or a verb with its linking words)?"""
        forms = {_lemma(verb), phrasal(verb), linked(verb, low)}
        return bool(forms & self.w.refusal_verbs)

    def _anaphoric(self, noun: Token) -> bool:
        """A measure named again by a bare definite noun ("the sanctions", "these
        measures"): the one the story speaks of, in force, not a hypothetical one."""
        return any(
            c.dep_ == "det" and c.lower_ in self.w.anaphoric_determiners for c in noun.children
        ) and not any(c.dep_ in ("prep", "acl", "relcl", "poss") for c in noun.children)

    def _acts(self, tok: Token) -> bool:
        """Whether a word performs a sanction or transfer (so that negating it negates the
        event): impose, lift, threaten, sanction, supply, sell, buy, ..."""
        lemma = _lemma(tok)
        rules = self.rules
        hard = rules.actions.get(lemma) not in (None, "threatened") or lemma == "threaten"
        return (
            hard  # impose, lift, ease, extend, threaten; not "discuss" or "consider"
            or lemma in rules.sanction_verbs
            or lemma in rules.out_verbs
            or lemma in rules.in_verbs
            or lemma in self.w.restricting_verbs
            or tok.pos_ == "AUX"
        )

    def claim(
        self, pred: Token, participants: set[str], *, speech_alleges: bool = False
    ) -> tuple[str | None, Side | None, Side | None]:
        """(status, claimant, accuser) from the words governing the predicate.

        status is 'alleged' (accused, claimed, "reportedly", "is said to"; with
        `speech_alleges`, also a state that is not a party saying it), 'denied' (denies,
        rejects claims), or None. `accuser` is set when a denial rejects someone's claim
        ("Pyongyang rejected U.S. claims that it had shipped shells"): both stand.
        """
        rs = self.rules.status
        for c in pred.children:
            if c.dep_ == "advmod" and c.lower_ in rs["strong_allege"]:
                return "alleged", None, None
        if self._past_conjecture(pred):
            return "alleged", None, None  # "China may have supplied drones to Russia"
        source = self._according_to(pred)
        if source is not None:
            # "Iran shipped drones to Russia, according to Ukrainian officials": the source
            # says it, as a speaker would.
            who = self.resolve_np(source) or None
            if speech_alleges and (
                (who and who.how == "syntax" and not set(who.codes) & participants)
                or _lemma(source) in self.w.finding_nouns
            ):
                return "alleged", who, None
            return None, who, None
        cur = pred
        steps = 0
        accuser: Side | None = None
        while cur.head != cur and steps < 6:
            up = cur.head
            if cur.dep_ == "pobj" and up.dep_ == "prep":
                cur = up
                continue
            steps += 1
            lemma = _lemma(up)
            if lemma in rs["deny"]:
                return "denied", self._subject_side(up), accuser
            if lemma in rs["strong_allege"] and up.pos_ in ("VERB", "NOUN"):
                who = self._subject_side(up) or self._noun_claimant(up)
                if up.pos_ == "NOUN" and _lemma(up.head) in rs["deny"]:
                    accuser = who  # a claim that the next step up denies
                    cur = up
                    continue
                return "alleged", who, None
            if up.pos_ in ("NOUN", "PROPN") and lemma in self.w.disclosure_nouns:
                who = self._noun_claimant(up)
                if who and not set(who.codes) & participants:
                    return "alleged", who, None  # "U.S. disclosures that Iran had erected ..."
            if up.pos_ == "NOUN" and lemma in rs["deny_objects"] and _lemma(up.head) in rs["deny"]:
                cur = up  # "denied reports that it had shipped": the denial is the next step
                continue
            if (
                lemma in self.w.hearsay_passive_verbs
                and cur.dep_ == "xcomp"
                and any(c.dep_ == "auxpass" for c in up.children)
            ):
                return "alleged", None, None  # "is believed to have shipped", "is thought to"
            if lemma in self.w.speech:
                who = self._subject_side(up)
                passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in up.children)
                if passive and cur.dep_ == "xcomp":
                    return "alleged", None, None  # "is said to have received"
                if (
                    speech_alleges
                    and who
                    and who.how == "syntax"
                    and not set(who.codes) & participants
                ):
                    return "alleged", who, None  # "The White House said North Korea had ..."
                subj, _ = self.subject(up)
                if speech_alleges and subj is not None and _lemma(subj) in self.w.finding_nouns:
                    return "alleged", who, None  # "Rwanda supplied weapons, the panel said"
                return None, who, None
            cur = up
        if accuser is not None:
            return "alleged", accuser, None
        return None, None, None

    @staticmethod
    def _according_to(pred: Token) -> Token | None:
        """The source an "according to" phrase on the predicate or its clause names."""
        for tok in (pred, pred.head):
            for c in tok.children:
                if c.lower_ == "according" and c.dep_ == "prep":
                    to = next((t for t in c.children if t.lower_ == "to"), None)
                    obj = next((t for t in to.children if t.dep_ == "pobj"), None) if to else None
                    if obj is not None:
                        return obj
            if tok.pos_ in ("VERB", "AUX"):
                break  # only the clause's own verb, not the verbs above it
        return None

    def _noun_claimant(self, noun: Token) -> Side | None:
        """Whose claim a claim noun is: "U.S. claims", "Kyiv's accusations"."""
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod"):
                side = self.resolve_np(c, with_of=False)
                if side:
                    return side
        return None

    def _subject_side(self, verb: Token) -> Side | None:
        subj, _ = self.subject(verb)
        if subj is None:
            poss = child(verb, ("poss",))
            if poss is None:
                return None
            subj = poss
        side = self.resolve_np(subj)
        return side if side else None
