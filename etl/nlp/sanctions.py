"""Sanction frames: who imposes a measure on whom, and what is done with it.

Triggers are sanction nouns and verbs, multi-word measures ("arms embargo"), conditional
measures ("a ban on Australian coal") and restricting verbs over trade, money or aid
("froze Russia's reserves"). Sides come from the trigger's own phrase ("sanctions on Iran"),
a noun predicate ("the imposition of"), the governing verb ("Japan faces sanctions"),
modifiers ("U.S. sanctions"), controlling verbs ("urged the EU to impose") and fall-backs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cached_property
from itertools import pairwise

from spacy.tokens import Token

from etl.nlp.context import BLOCS
from etl.nlp.rules import _lemma
from etl.nlp.sides import Frame, Side, confidence, unpack
from etl.nlp.status import Status
from etl.nlp.syntax import (
    CLAUSE_DEPS,
    child,
    governor,
    np_head,
    np_tokens,
    phrasal,
    predicate_chain,
    preps,
)

# A tariff at this rate (percent) or more is prohibitive: a penalty (roles.json rate_units).
PROHIBITIVE_RATE = 100


class SanctionFrames(Status):
    """The sanction frames of one sentence."""

    _exchange = False  # the sentence has a measure that answers another (tit for tat)
    _anchor_ids: frozenset[int] = frozenset()  # the sentence's sanction triggers (token indexes)
    armed_answer = False  # the sentence has a retaliation by force (`_armed_answer`)

    def sanction_anchors(self) -> list[tuple[Token, str, bool]]:
        """(token, category, is_verb) for every sanction trigger in the sentence."""
        anchors: dict[int, tuple[Token, str, bool]] = {}
        for span, cat in self.rules.sanction_phrases(self.doc):
            root = span.root
            if all(t.head == root.head and t.head not in span for t in span):
                root = span[-1]  # "counter - measures" parsed flat: the last word heads it
            anchors[root.i] = (root, cat, root.pos_ == "VERB")
        for t in self.doc:
            if t.i in anchors:
                continue
            lemma = _lemma(t)
            cut = self._cut_category(t)
            if cut is not None:  # "suspended military aid to", "a suspension of air links"
                anchors[t.i] = (t, cut, t.pos_ == "VERB")
            elif t.pos_ in ("NOUN", "PROPN") and self._privilege_list(t):
                # "removed South Korea from its whitelist of trusted trading partners"
                anchors[t.i] = (t, "trade", False)
            elif t.pos_ in ("NOUN", "PROPN") and lemma in self.rules.sanction_nouns:
                if lemma == "sanction" and t.lower_ == "sanction" and t.dep_ in ("dobj",):
                    # "gave its sanction to the deal" (approval) is not a measure
                    if child(t, ("poss",)) is not None:
                        continue
                anchors[t.i] = (t, self.rules.sanction_nouns[lemma], False)
            elif t.pos_ == "VERB" and lemma in self.rules.sanction_verbs:
                anchors[t.i] = (t, self.rules.sanction_verbs[lemma], True)
            elif (
                t.pos_ == "NOUN"
                and lemma in self.w.conditional_measures
                and (
                    self._measure_object(t)
                    or self._answered_measure(t)
                    or self._clause_imposed(t)
                    # "Japan would retaliate against the tariffs proposed by the U.S.": a
                    # pending one whose participle names its owner, answered
                    or (self._answering_sentence and self._pending(t) and self._pending_agent(t))
                    # "Reagan announced the planned tariffs" in a story about coercion: a
                    # pending one is the threatened measure (its target from the article)
                    or (
                        self.coercive
                        and lemma in self.w.coercion_only_measures
                        and (self._pending(t) or self._averted(t) or self._starting(t))
                    )
                )
            ):
                # "an unofficial ban on Australian coal", "Canada's freeze on the assets",
                # "restrictions on Venezuelan oil"; tariffs only in a story about coercion.
                if (
                    lemma in self.w.coercion_only_measures
                    and not self.coercive
                    and not self._answering_sentence
                    and not self._retaliation(t)
                    and not self._under_threat(t)
                    and not self._authorised_retaliation(t)
                    and not self._prohibitive(t)
                    and not self._reciprocal_measure(t)
                ):
                    continue
                anchors[t.i] = (t, self.w.conditional_measures[lemma], False)
            elif t.pos_ == "NOUN" and lemma in self.w.flow_control_nouns and self._flow_control(t):
                anchors[t.i] = (t, "trade", False)  # "controls on exports of chips to China"
            elif self._imposed_measure(t):  # "the EU agreed new measures against Moscow"
                anchors[t.i] = (t, "other", False)
            elif self._pending_action(t):  # "to discuss possible EC action against Japan"
                anchors[t.i] = (t, self._pending_action_category(t), False)
            elif t.pos_ == "ADJ" and t.lower_ in self.w.retaliation_adjectives:
                head = t.head
                if head.pos_ == "NOUN" and head.i not in anchors:
                    anchors[head.i] = (head, "trade", False)
        for t in self.doc:  # "Ottawa would respond to the U.S. tariffs": once measures are known
            if t.pos_ == "VERB" and t.i not in anchors and self._measure_answer(t, anchors):
                anchors[t.i] = (t, "trade", True)
        # "ban imports", "freeze assets", "suspend military aid": a restricting verb whose
        # object is trade, money or aid.
        for t in self.doc:
            if t.pos_ != "VERB" or t.i in anchors:
                continue
            lemma = _lemma(t)
            if self._payment_expulsion(t):
                anchors[t.i] = (t, "financial", True)
                continue
            if self._company_exclusion(t):  # "banned Huawei from its 5G network"
                anchors[t.i] = (t, "trade", True)
                continue
            if self._terror_designation(t):  # "designated the Houthis a terrorist group"
                anchors[t.i] = (t, "other", True)
                continue
            if self._bare_designation(t):  # "OFAC designated 12 Iranian individuals"
                anchors[t.i] = (t, "other", True)
                continue
            granted = self._halted_grant(t)
            if granted is not None:  # "stopped issuing export licences for arms to Riyadh"
                anchors[t.i] = (t, granted[0], True)
                continue
            halted = self._halted_transfer(t)
            if halted is not None:  # "will cease supplying weapons to Turkey"
                sold = child(halted[0], ("dobj",))
                arms = sold is not None and (
                    self._arms_goods(sold) or any(w.start <= sold.i < w.end for w in self.weapons)
                )
                anchors[t.i] = (t, "arms" if arms else "trade", True)
                continue
            dealing = self._dealing_partners(t)
            if dealing:  # "barred American firms from trading with Iran"
                dealings = preps(t, ("from",)) + self._penalised_dealings(t)
                money = any(
                    _lemma(g) in ("invest", "lend") or self._dealt_instruments(g) for g in dealings
                )
                anchors[t.i] = (t, "financial" if money else "trade", True)
                continue
            if self._entry_verb(t) is not None:  # "banned 13 Canadians from entering"
                anchors[t.i] = (t, "travel", True)
                continue
            access = self._access_cut(t)
            if access is not None:  # "restricted China's access to advanced chips"
                anchors[t.i] = (t, access, True)
                continue
            obj = child(t, ("dobj", "nsubjpass"))
            if obj is None:
                continue
            restricted = (
                self.w.restricted_trade_objects
                | self.w.restricted_arms_objects
                | self.w.restricted_financial_objects
                | self.w.restricted_travel_objects
            )
            if _lemma(obj) in self.w.container_nouns and _lemma(obj) not in restricted:
                # "froze $2 billion in Libyan assets" (not "froze pending sales of munitions")
                obj = next(iter(preps(obj, self.w.container_preps)), obj)
            olem = _lemma(obj)
            if lemma in self.w.entry_denial_verbs and olem in self.w.entry_nouns:
                # "denied visas to", "revoked the visas of"; entry refused to goods is a
                # trade measure ("refused entry to Polish pork"), health policy when its
                # clause gives a disease or residue as the reason
                to_goods = any(  # "to parts of two lots of Australian beef"
                    _lemma(w) in self.w.trade_objects
                    for o in preps(obj, ("to",)) + preps(t, ("to",))
                    for w in np_tokens(o, with_of=True)
                    if w.pos_ == "NOUN"
                )
                anchors[t.i] = (t, "trade" if to_goods else "travel", True)
                continue
            if self._supply_cut(t, obj):  # "cut gas supplies to Ukraine"
                anchors[t.i] = (t, "trade", True)
                continue
            licence = self._licence_cut(t, obj)
            if licence is not None:  # "revoked export licences for arms sales to Israel"
                anchors[t.i] = (t, licence, True)
                continue
            if self._privilege_withdrawal(t, obj):  # "terminated Turkey's trade preferences"
                anchors[t.i] = (t, "trade", True)
                continue
            if lemma in self.w.releasing_verbs:
                if olem in self.w.restricted_financial_objects:
                    anchors[t.i] = (t, "financial", True)  # "unfroze the assets of"
                continue
            if lemma not in self.w.restricting_verbs:
                continue
            if self._held_over(t, anchors):
                continue  # "duties on U.S. soybeans if Washington curbs steel imports"
            if self._export_restraint(t, obj):
                continue  # "South Korea agreed to curb its steel shipments to Canada"
            if self._own_firm_trade(t, obj):
                continue  # "Tokyo banned shipments to the Soviet bloc by Toshiba Machine"
            aid = any(_lemma(c) in self.w.aid_nouns for c in obj.children)
            if olem in self.w.restricted_trade_objects | self.w.closed_objects and not aid:
                # ("suspended aid deliveries": aid, whose cut must be aimed at a state)
                goods = [o for o in preps(obj, ("of",))]  # "deliveries of S-300 missiles"
                cat = (
                    "arms"
                    if any(
                        _lemma(c) in self.w.arms_markers or c.lower_ == "arms" for c in obj.children
                    )
                    or any(self._arms_goods(o) or self._weapon_noun(o) for o in goods)
                    else "trade"
                )
                anchors[t.i] = (t, cat, True)
            elif olem in self.w.restricted_arms_objects and any(
                _lemma(c) in self.w.arms_markers or c.lower_ == "arms" for c in obj.children
            ):
                anchors[t.i] = (t, "arms", True)  # "froze pending arms deals with Ankara"
            elif olem in self.w.restricted_financial_objects:
                anchors[t.i] = (t, "financial", True)
            elif olem in self.w.restricted_travel_objects and not self._grounding(t, obj):
                anchors[t.i] = (t, "travel", True)
            elif olem in self.w.trade_objects and any(
                c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in self.party_at
                for c in obj.children
            ):
                anchors[t.i] = (t, "trade", True)  # "banned Polish apples", "Australian coal"
        return [anchors[k] for k in sorted(anchors)]

    def _export_restraint(self, verb: Token, obj: Token) -> bool:
        """A state that agrees, offers or promises to hold back its own exports (a
        voluntary restraint, settled with the buyer) presses no one: "South Korea agreed to
        curb its steel shipments to Canada", "Tokyo offered to limit its car exports",
        "Taiwan promised to restrain their textile sales". The exports are the subject's
        own ("its", "their") and the verb is the object of an agreeing verb; a state that
        agrees to restrict exports of technology to Russia joins a measure, and "China
        halted its exports of rare earths to Japan" agrees to nothing."""
        if _lemma(verb) not in self.w.restraint_verbs or _lemma(obj) not in self.w.own_export_nouns:
            return False
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in obj.children):
            return False
        head = verb
        while head.dep_ in ("xcomp", "conj") and head.head != head:
            head = head.head
            if _lemma(head) in self.w.restraint_agreement_verbs:
                return True
        return False

    def _held_over(self, verb: Token, anchors: dict[int, tuple[Token, str, bool]]) -> bool:
        """A restricting verb that is the condition another measure of the sentence is held
        over ("will put duties on American soybeans if Washington curbs imports of Japanese
        steel", "tariffs will stay until Seoul bans the imports"): the act the threat answers,
        no measure of its own."""
        marks = self.w.party_condition_marks | self.w.ultimatum_marks
        # The condition clause itself, or one the verb lies inside: "if Congress passed
        # legislation to curb textile imports, the community would have to retaliate".
        clause = next(
            (
                c
                for c in (verb, *verb.ancestors)
                if c.dep_ == "advcl"
                and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
            ),
            None,
        )
        if clause is None:
            return False
        own = {t.i for t in clause.subtree}
        return any(k not in own and k in {t.i for t in clause.head.subtree} for k in anchors)

    def _supply_cut(self, verb: Token, obj: Token) -> bool:
        """A state's energy cut to another presses it: "cut gas supplies to Ukraine",
        "reduced oil deliveries to Belarus", "shut off gas to Ukraine" (the goods flow to a
        party named on the object or the verb), not "cut oil imports" (a buyer's choice)."""
        lemma = _lemma(verb)
        if lemma not in self.w.cut_verbs | self.w.restricting_verbs:
            return False
        olem = _lemma(obj)
        goods = [obj] if olem in self.w.energy_goods else []
        if olem in self.w.supply_cut_objects:
            goods = [c for c in obj.children if c.dep_ in ("compound", "amod", "nmod")]
            goods += preps(obj, ("of",))
        if not any(_lemma(g) in self.w.energy_goods for g in goods):
            return False
        dests = preps(obj, self.w.destination_preps) + preps(verb, self.w.destination_preps)
        return any(self.parties_in(np_tokens(d)) for d in dests)

    def _company_exclusion(self, verb: Token) -> bool:
        """A foreign company shut out of a state's market or networks: "banned Huawei from
        its 5G network", "excluded Huawei and ZTE from its 5G rollout"."""
        obj = child(verb, ("dobj",))
        if _lemma(verb) not in self.w.company_exclusion_verbs or obj is None:
            return False
        froms = preps(verb, ("from",))
        places = [
            t
            for o in froms
            for t in o.subtree
            if _lemma(t) in self.w.exclusion_places or t.lower_ in self.w.exclusion_places
        ]
        if places and self.company_side(np_tokens(obj)):
            return True
        if _lemma(obj) not in self.w.exclusion_firm_nouns:
            return False
        # "threatened to block Japanese financial firms from London", "bar Chinese telecom
        # companies from its 5G network": firms named by their state, shut out of a market
        # or a capital (not "barred U.S. firms from Iran": a state, no place of business).
        froms += preps(obj, ("from",))  # the parser may hang it on the firms
        places += [
            t
            for o in preps(obj, ("from",))
            for t in o.subtree
            if _lemma(t) in self.w.exclusion_places or t.lower_ in self.w.exclusion_places
        ]
        capital = [
            o for o in froms if o.i in self.party_at and self.party_at[o.i].kind == "capital"
        ]
        home = self._codes(self.parties_in(np_tokens(obj)))[0]
        return bool(places or capital) and bool(home)

    def _terror_designation(self, verb: Token) -> bool:
        """A party designated a terrorist body or a state sponsor of terrorism: "designated
        Iran a state sponsor of terrorism", "listed the Guards as a terrorist group" (the
        parser gives the verb two objects, or the second in an "as" phrase)."""
        if _lemma(verb) not in self.w.terror_designation_verbs:
            return False
        objs = [
            c for c in verb.children if c.dep_ in ("dobj", "dative", "oprd", "attr", "ccomp")
        ]  # "designated the Revolutionary Guards a terrorist organization" (first: dative)
        named = [o for o in objs if self.parties_in(np_tokens(o, with_of=True))]
        labels = [o for o in objs if o not in named] + preps(verb, ("as",))
        return bool(named) and any(
            _lemma(t) in self.w.terror_designation_words
            or t.lower_ in self.w.terror_designation_words
            for o in labels
            for t in o.subtree
        )

    def _halted_gerunds(self, verb: Token, lemmas: frozenset[str]) -> list[Token]:
        """The gerunds of `lemmas` a halting verb governs ("stop exporting", "ceased
        granting"); none when `verb` halts nothing."""
        if verb.pos_ != "VERB" or _lemma(verb) not in self.w.halting_verbs:
            return []
        return [
            g
            for g in verb.children
            if g.dep_ == "xcomp" and g.tag_ == "VBG" and _lemma(g) in lemmas
        ]

    def _halted_transfer(self, verb: Token) -> tuple[Token, list[Token]] | None:
        """A state's sales or exports to another halted: "would stop exporting strategic
        goods to Russia", "will cease supplying weapons to Turkey" (halting verbs over a
        gerund of halted_transfer_verbs): the gerund and the parties it went to, or None."""
        for g in self._halted_gerunds(verb, self.w.halted_transfer_verbs):
            to = [o for o in preps(g, ("to",)) if self.parties_in(np_tokens(o, with_of=True))]
            if to:
                return g, to
        return None

    def _halted_grant(self, verb: Token) -> tuple[str, list[Token]] | None:
        """Export approvals halted: "stopped issuing export licences for weapons to Saudi
        Arabia", "would stop approving arms exports to Riyadh", "ceased granting licences
        for military equipment bound for Turkey" (halting_verbs over a gerund of
        licence_granting_verbs whose object is export permits or the arms trade): the
        category and the phrases naming the states the exports were bound for, or None."""
        for g in self._halted_gerunds(verb, self.w.licence_granting_verbs):
            obj = child(g, ("dobj",))
            if obj is None:
                continue
            cat = self._permit_category(obj, g)
            if (
                cat is None
                and _lemma(obj) in self.w.export_licence_modifiers
                and self._arms_goods(obj)
            ):
                cat = "arms"  # "stop approving arms exports to", "weapons sales to"
            if cat is None:
                continue
            heads = list(g.subtree)  # "licences for rifles to Egypt": under the gerund
            dests = [
                o
                for h in heads
                for o in preps(h, (*self.w.destination_preps, "for"))
                if self.parties_in(np_tokens(o, with_of=True))
            ]
            if dests:
                return cat, dests
        return None

    def _dealing_partners(self, verb: Token) -> list[Token]:
        """The parties a state bars its own firms or people from dealing with: "barred
        American firms from trading with Iran", "bars Americans from doing business with
        Venezuela's government", "from investing in Crimea" (dealing_ban_verbs,
        dealing_verbs); none when no party is dealt with."""
        if verb.pos_ != "VERB":
            return []
        if _lemma(verb) in self.w.secondary_penalty_verbs:
            return [o for g in self._penalised_dealings(verb) for o in self._dealt_with(g)]
        if _lemma(verb) not in self.w.dealing_ban_verbs:
            return []
        if self._own_firm_penalised(verb):
            return []
        out: list[Token] = []
        for g in preps(verb, ("from",)):
            if g.pos_ != "VERB":
                continue
            if _lemma(g) in self.w.dealing_verbs:
                out += self._dealt_with(g)
            out += self._dealt_instruments(g)
        return out

    def _dealt_instruments(self, g: Token) -> list[Token]:
        """A financial instrument or service a barred dealing takes, when it names a party
        (the target): "from buying Russian sovereign bonds", "from buying new debt issued by
        Venezuela's state oil company" (the issuer), "from providing insurance for Iranian
        oil shipments" (instrument_dealing_verbs, dealt_instrument_nouns)."""
        if _lemma(g) not in self.w.instrument_dealing_verbs | self.w.dealing_verbs:
            return []
        obj = child(g, ("dobj",))
        if obj is None or _lemma(obj) not in self.w.dealt_instrument_nouns:
            return []
        named = np_tokens(obj, with_of=True)
        if self.parties_in(named) or self.company_side(named):
            return [obj]
        # "insurance for Iranian oil shipments", "shares in Chinese military companies" (the
        # parser may hang them on the verb), "debt issued by Venezuela's state oil company".
        found = preps(obj, ("for", "in")) + preps(g, ("for", "in"))
        found += [o for c in obj.children if c.dep_ == "acl" for o in preps(c, ("by",))]
        return [o for o in found if self.parties_in(np_tokens(o, with_of=True))]

    def _own_firm_penalised(self, verb: Token) -> bool:
        """A state barring one named firm of its own from dealing with a party punishes the
        firm ("the Japanese government prohibited Toshiba Machine Co from doing any business
        with the Soviet Bloc for one year", GUIDELINES.md: a state's ban on its own firm's
        exports is no event), unlike "barred American firms from trading with Iran"."""
        obj = child(verb, ("dobj",))
        return obj is not None and self._subjects_own_firms(verb, [obj])

    def _own_firm_trade(self, verb: Token, obj: Token) -> bool:
        """A state halting the trade of one named firm of its own punishes the firm: "the
        Japanese government banned further shipments to Communist states by Toshiba
        Machine", "MITI suspended exports to the Soviet bloc by C. Itoh" (GUIDELINES.md: a
        state's ban on its own firm's exports is no event), unlike "banned exports to Iran
        by American firms" (no named firm) or by another state's firm."""
        return self._subjects_own_firms(verb, preps(obj, ("by",)) + preps(verb, ("by",)))

    def _subjects_own_firms(self, verb: Token, phrases: Sequence[Token]) -> bool:
        """Whether `phrases` name firms (companies.json) and no state, all of them of the
        state that is the active subject of `verb`."""
        subj, passive = self.subject(verb)
        if subj is None or passive:
            return False
        firms = Side()
        for o in phrases:
            named = np_tokens(o)
            if not self.parties_in(named):
                firms.add(*unpack(self.company_side(named)))
        if not firms:
            return False
        state = self.resolve_np(subj)
        return bool(state.codes) and set(firms.codes) <= set(state.codes)

    def _dealt_with(self, g: Token) -> list[Token]:
        """The named parties a dealing verb deals with: "trading with Iran", "doing business
        with Cuba", "invest in Libya's energy sector"."""
        heads = [g, *[c for c in g.children if c.dep_ == "dobj"]]  # "doing business with"
        out: list[Token] = []
        for o in (o for h in heads for o in preps(h, ("with", "in", "to"))):
            if self.parties_in(np_tokens(o, with_of=True)) or self.company_side(np_tokens(o)):
                out.append(o)
                continue
            # "investing in companies linked to the Chinese military": the owner (ownership_verbs)
            for c in o.children:
                if c.dep_ == "acl" and _lemma(c) in self.w.ownership_verbs:
                    owners = preps(c, ("to", "by"))
                    out += [w for w in owners if self.parties_in(np_tokens(w, with_of=True))]
        return out

    def _penalised_dealings(self, verb: Token) -> list[Token]:
        """The dealings a penalty on third parties' firms punishes (secondary sanctions):
        "a bill penalising foreign firms that invest in Iran", "punishes companies doing
        business with Cuba", "penalise European firms trading with Iran" (the firms and
        their dealing as a small clause)."""
        out: list[Token] = []
        obj = child(verb, ("dobj",))
        if obj is not None and _lemma(obj) in self.w.dealer_nouns:
            out += [
                c
                for c in obj.children
                if c.dep_ in ("relcl", "acl") and _lemma(c) in self.w.dealing_verbs
            ]
        for comp in verb.children:
            subj = child(comp, ("nsubj",)) if comp.dep_ == "ccomp" else None
            if subj is not None and _lemma(subj) in self.w.dealer_nouns:
                if _lemma(comp) in self.w.dealing_verbs:
                    out.append(comp)
        return out

    def _bare_designation(self, verb: Token) -> bool:
        """A state's people, firms or bodies designated with nothing after them: "OFAC
        designated 12 Iranian individuals", "the Treasury designated four North Korean
        shipping companies" (a blacklisting, GUIDELINES.md); not a designation to a post or
        as something ("designated two officials to lead the talks", "designated Kim as
        envoy"), nor one whose object names no party."""
        if _lemma(verb) not in self.w.designation_verbs:
            return False
        if any(c.dep_ in ("oprd", "attr", "ccomp", "xcomp", "advcl") for c in verb.children):
            return False
        obj = child(verb, ("dobj", "nsubjpass"))
        if obj is None or preps(verb, ("as", "to")):
            return False
        heads = [obj, *[c for c in obj.children if c.dep_ == "conj"]]
        if any(h.i in self.company_at for h in heads):
            # A firm by name (companies.json): "the Treasury designated Mahan Air", "...
            # designated Gazprom Neft for its role in the fuel trade" (a reason, not a post).
            return True
        if any(p.dep_ != "pcomp" for p in preps(verb, ("for",))):
            return False  # a post, though "designated ... for supplying drones" is a reason
        if not any(
            _lemma(h) in self.w.generic_target_nouns | self.w.designation_objects for h in heads
        ):
            return False
        return bool(self.parties_in(np_tokens(obj, with_of=True)))

    def _taking_verb(self, verb: Token) -> bool:
        """A verb that takes something away: "suspended", "ended", "revoked", "terminated"."""
        lemma = _lemma(verb)
        return lemma in self.w.restricting_verbs | self.w.cut_verbs | self.w.revoking_verbs

    def _privilege_withdrawal(self, verb: Token, obj: Token) -> bool:
        """A trade privilege taken from a state: "terminated Turkey's trade preferences",
        "withdrew trade preferences from Cambodia", "stripped Argentina of its duty-free
        trade benefits" (the privilege in the verb's "of" phrase)."""
        if not self._taking_verb(verb):
            return False
        for noun in [obj, *preps(verb, ("of",))]:
            if _lemma(noun) not in self.w.trade_privilege_nouns:
                continue
            # Words before it in its phrase ("most-favoured-nation" is split in five tokens).
            mods = {w for t in noun.subtree if t.i < noun.i for w in (_lemma(t), t.lower_)}
            if mods & self.w.trade_privilege_modifiers:
                return True
        return False

    def _licence_cut(self, verb: Token, obj: Token) -> str | None:
        """The category of export licences or permits taken away ("suspended export permits
        for drone technology to Turkey": trade; "revoked licences for arms exports to
        Israel", "froze arms export licences for Turkey": arms), or None."""
        if not self._taking_verb(verb):
            return None
        return self._permit_category(obj, verb)

    def _permit_category(self, obj: Token, verb: Token) -> str | None:
        """The category of the export licences or permits `obj` names, bound for a state
        named on them or on `verb`: "export licences for arms sales to Israel" (arms),
        "export permits for drone technology to Turkey" (trade), "licences for military
        equipment bound for Saudi Arabia" (a licence for weapons to a foreign state is an
        export licence: arms), or None."""
        if _lemma(obj) not in self.w.permit_nouns:
            return None
        goods = [c for c in obj.children if c.dep_ in ("amod", "compound", "nmod")]
        fors = preps(obj, ("for",)) + preps(verb, ("for",))  # the parser hangs it on either
        goods += preps(obj, ("of",)) + fors
        if not any(
            _lemma(t) in self.w.export_licence_modifiers for g in goods for t in g.subtree
        ) and not any(self._arms_goods(g) or g.i in self.weapon_at for g in fors):
            return None
        if (
            not self.parties_in(list(obj.subtree))
            and not any(self.parties_in(list(f.subtree)) for f in fors)
            and not any(
                self.parties_in(np_tokens(o)) for o in preps(verb, self.w.destination_preps)
            )
        ):
            return None  # no state the exports were bound for
        arms = any(
            self._arms_goods(t) or self._weapon_noun(t) or t.i in self.weapon_at
            for g in goods
            for t in g.subtree
        )
        return "arms" if arms else "trade"

    def _imposed_measure(self, noun: Token) -> bool:
        """A generic measure an imposing verb puts on a named party: "the EU agreed new
        measures against Moscow", "adopted measures against Iranian banks" (not "announced
        security measures against the virus", nor "matching measures": no party)."""
        if noun.pos_ != "NOUN" or _lemma(noun) not in self.w.imposed_measure_nouns:
            return False
        if noun.dep_ not in ("dobj", "nsubjpass") or _lemma(noun.head) not in (
            self.w.imposed_measure_verbs
        ):
            return False
        objs = preps(noun, ("against", "on")) + preps(noun.head, ("against", "on"))
        # The party itself ("against Moscow"), or its people, firms or money ("against
        # Iranian officials", "on Russian banks"), not "against Russian disinformation".
        hit = self.w.generic_target_nouns | self.w.financial_objects
        return any(
            (o.i in self.party_at or _lemma(o) in hit)
            and self.resolve_np(o, with_of=False).how == "syntax"
            for o in objs
        )

    def _pending_action(self, noun: Token) -> bool:
        """A party's possible steps against another named party, the threat of a story
        about trade or coercion (pending_action_nouns): "to discuss possible EC action
        against Japan over trade", "Ottawa's planned moves against U.S. lumber", "the
        commission prepared possible U.S. tariff moves" (a tariff's moves in a coercion
        story, target from the article). Not "possible legal action against the company"
        (no party hit), "possible U.S. military action against Iraq" (force), nor "possible
        action against Japan" (no party named to act)."""
        if noun.pos_ != "NOUN" or _lemma(noun) not in self.w.pending_action_nouns:
            return False
        if not self._pending(noun) or self._armed(noun):
            return False
        owners = {  # a named party, not "its"
            c
            for m, side, _kind in self._modifier_sides(noun)
            if m.pos_ != "PRON"
            for c in side.codes
        }
        if not owners:
            return False
        if any(
            c.dep_ == "compound" and _lemma(c) in self.w.pending_action_exclusions
            for c in noun.children
        ) or any(
            c.dep_ == "amod" and c.lower_ in self.w.pending_action_exclusions for c in noun.children
        ):
            return False
        hit = [
            o
            for o in preps(noun, ("against",))
            if self.resolve_np(o, with_of=False).how == "syntax"
            and not set(self.resolve_np(o, with_of=False).codes) <= owners
        ]
        if hit:
            return self.coercive or self._pending_action_category(noun) == "trade"
        # "possible U.S. tariff moves": a tariff's moves, in a story about coercion
        return self.coercive and any(
            c.dep_ == "compound" and _lemma(c) in self.w.coercion_only_measures
            for c in noun.children
        )

    def _pending_action_category(self, noun: Token) -> str:
        """Trade when the action's sentence speaks of trade or tariffs ("action against
        Japan over trade", "tariff moves"), else other."""
        trade = self.w.coercion_only_measures | {"trade"}
        return "trade" if any(_lemma(t) in trade for t in noun.sent) else "other"

    def _space_owner(self, verb: Token) -> Side:
        """The owner of the space a passive measure bars its subject from: "Russian flights
        were banned from EU airspace" (the EU bans them)."""
        _subj, passive = self.subject(verb)
        side = Side()
        if passive and _lemma(verb) in self.w.restricting_verbs | self.w.expulsion_verbs:
            for o in preps(verb, ("from",)):
                if _lemma(o) in self.w.barred_spaces:
                    side.add(*unpack(self.resolve_np(o)))
        return side

    def _payment_expulsion(self, verb: Token) -> bool:
        """Expulsion from a payment system (GUIDELINES.md): "cut Iranian banks off from
        SWIFT", "remove selected Russian banks from the SWIFT messaging system", and in the
        passive "seven Russian banks were cut off from SWIFT by the EU" (the expelled are
        the subject)."""
        obj = child(verb, ("dobj", "nsubjpass"))
        if _lemma(verb) not in self.w.expulsion_verbs or obj is None:
            return False
        froms = preps(verb, ("from",)) + preps(obj, ("from",))  # the parser hangs it on either
        return any(t.lower_ in self.w.payment_systems for o in froms for t in o.subtree)

    def _accused(self, verb: Token, targets: Side) -> Side:
        """The object of a complaint over a measure imposed it: "took China to the WTO over
        trade curbs on Lithuania", "criticised Moscow over its ban on Polish meat"."""
        lemma = _lemma(verb)
        if lemma not in self.w.complaint_verbs:
            return Side()
        if lemma == "take" and not preps(verb, ("to",)):
            return Side()  # "take" only as "take X to the WTO / to court"
        obj = child(verb, ("dobj",))
        if obj is None:
            return Side()
        side = self.resolve_np(obj, exclude=set(targets.codes))
        return side if side.how == "syntax" else Side()

    def _entry_verb(self, verb: Token) -> Token | None:
        """The entering verb of an entry ban: "banned X from entering Russia", "were barred
        from visiting the country" (a travel sanction when a state bans foreigners)."""
        if _lemma(verb) not in self.w.entry_ban_verbs:
            return None
        for o in preps(verb, ("from",)):
            if o.pos_ == "VERB" and _lemma(o) in self.w.entry_verbs:
                return o
        return None

    def _access_cut(self, verb: Token) -> str | None:
        """The category of a party's access to goods or money restricted by a verb
        ("restricted China's access to advanced chips": trade; "cut off Russia's access to
        capital markets": financial), or None."""
        obj = child(verb, ("dobj",))
        if _lemma(verb) not in self.w.access_verbs or obj is None:
            return None
        if _lemma(obj) not in self.w.access_nouns or not self._access_holder(obj):
            return None
        # The parser hangs "to ..." on the access, its holder or the verb.
        tos = [o for h in (obj, verb, *self._access_holder(obj)) for o in preps(h, ("to",))]
        what = {_lemma(t) for o in tos for t in o.subtree}
        if what & (self.w.financial_objects | self.w.access_financial_objects):
            return "financial"
        if what & (self.w.trade_objects | self.w.access_trade_objects):
            return "trade"
        return None  # "restricted Palestinians' access to the holy site": no goods or money

    def _access_holder(self, access: Token) -> list[Token]:
        """The party whose access it is: "Russia's access", "the access of Iranian banks",
        "Huawei's access" (a company: its home state)."""
        out = [c for c in access.children if c.dep_ == "poss"]
        out += preps(access, ("of",))
        return [h for h in out if self.parties_in(np_tokens(h)) or self.company_side(np_tokens(h))]

    def _target_np(self, head: Token, exclude: set[str] | None = None) -> Side:
        """A noun phrase in a target role: its states, else the home states of the companies
        it names ("hit Rosneft Trading with sanctions": Russia)."""
        side = self.resolve_np(head, exclude=exclude)
        return side or self.company_side(np_tokens(head), exclude)

    def _relief_seeker(self, relief: Token, exclude: set[str]) -> Side:
        """The subject of the clause a relief hangs on through "in exchange for" or "in
        return for" ("agreed to curb enrichment in return for the lifting of sanctions")."""
        if self.rules.actions.get(_lemma(relief)) not in ("lifted", "eased"):
            return Side()
        cur, via = relief, False
        for _ in range(6):
            if cur.dep_ not in ("pobj", "prep") or cur.head == cur:
                return Side()
            cur = cur.head
            via = via or _lemma(cur) in self.w.exchange_nouns
            if cur.pos_ in ("VERB", "AUX"):
                subj, passive = self.subject(cur)
                if not via or subj is None or passive:
                    return Side()
                return self.resolve_np(subj, exclude=exclude)
        return Side()

    def _relation_targets(self, tok: Token) -> list[Token]:
        """Objects of a relation phrase on a measure or its verb: "sanctions in relation to
        Guinea-Bissau", "in connection with Iran", "sanctions relating to North Korea"."""
        out: list[Token] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "with"):
                for noun in c.children:
                    if noun.dep_ == "pobj" and _lemma(noun) in self.w.relation_phrase_nouns:
                        out += preps(noun, ("to", "with"))
            elif c.dep_ in ("acl", "prep") and _lemma(c) in self.w.relation_phrase_verbs:
                out += preps(c, ("to",))
                out += [o for o in c.children if o.dep_ == "pobj"]  # "regarding Iran"
        return out

    def _cut_category(self, tok: Token) -> str | None:
        """The category of aid or an air link cut by a state ("suspended $100 million in
        military aid", "cut its budget support", "closed its airspace to", "a suspension of
        air links with"), or None. Aid cut to press a state is a sanction (GUIDELINES.md)."""
        lemma = _lemma(tok)
        resuming = tok.pos_ == "VERB" and lemma in self.w.resuming_verbs
        if tok.pos_ == "VERB" and (
            lemma in self.w.restricting_verbs
            or lemma in self.w.cut_verbs
            or resuming
            or self._restricting_phrasal(tok)
        ):
            objs = [o for o in (child(tok, ("dobj", "nsubjpass")),) if o is not None]
            lending = child(tok, ("xcomp",))
            if not objs and lending is not None and lemma in self.w.cut_verbs:
                if lending.lower_ in self.w.cut_loan_nouns:  # "stopped lending to Zimbabwe"
                    return "financial"
        elif tok.pos_ == "NOUN" and lemma in self.w.cut_nouns:
            objs = self._cut_noun_objects(tok)
        else:
            return None
        for obj in objs:
            if _lemma(obj) in self.w.container_nouns:  # "$100 million in military aid"
                obj = next(iter(preps(obj, self.w.container_preps)), obj)
                if _lemma(obj) in self.w.container_nouns:
                    # "suspended delivery of $1.3 billion in military aid"
                    obj = next(iter(preps(obj, self.w.container_preps)), obj)
                # "froze a military aid package for Egypt": the aid compounded with it
                obj = next(
                    (
                        c
                        for c in obj.children
                        if c.dep_ == "compound" and _lemma(c) in self.w.aid_nouns
                    ),
                    obj,
                )
            elif _lemma(obj) in self.w.permit_nouns and tok.pos_ == "VERB":
                # "suspended the operating permit of the Belarusian airline Belavia"
                obj = next(iter(preps(obj, ("of", "for"))), obj)
            olem = _lemma(obj)
            if olem in self.w.cut_loan_nouns and lemma in self.w.cut_verbs and tok.pos_ == "VERB":
                return "financial"  # "cut off loans to Burma", "stopped credits to Iraq"
            mods = {_lemma(c) for c in obj.children if c.dep_ in ("amod", "compound", "nmod")}
            if olem in self.w.aid_nouns or (
                olem in self.w.aid_support_nouns and mods & self.w.aid_kind_modifiers
            ):
                forms = mods | {c.lower_ for c in obj.children if c.dep_ in ("amod", "compound")}
                forms |= {  # "its military assistance programme": the aid's own modifier
                    g.lower_
                    for c in obj.children
                    if c.dep_ == "compound"
                    for g in c.children
                    if g.dep_ in ("amod", "compound")
                }
                return "military_assistance" if forms & self.w.military_aid_modifiers else "other"
            if resuming:
                continue  # aid given back ends a cut; flights or trade resumed are no measure
            if olem in self.w.restricted_travel_objects or (
                olem in self.w.air_link_nouns and mods & self.w.air_link_modifiers
            ):
                return None if self._grounding(tok, obj) else "travel"
            if olem in self.w.trade_tie_nouns and tok.pos_ == "VERB":
                # "cut trade ties with Qatar", "severed diplomatic and economic ties with Iran"
                kinds = mods | {
                    _lemma(c) for m in obj.children if m.dep_ == "amod" for c in m.conjuncts
                }
                if kinds & self.w.trade_tie_modifiers:
                    return "trade"
            if olem in self.w.closed_objects and tok.pos_ == "VERB":
                # "closed its ports to Russian vessels", "closed its border with Qatar"
                return "trade"
        return None

    def _agent_objects(self, agent: Token) -> list[Token]:
        """What a measure bears on when the parser hangs it on the measure's agent: "sanctions
        imposed by the Security Council on Iraq", "a ban by the EU on Iranian oil"."""
        return preps(agent, self.w.target_preps)

    def _restricting_phrasal(self, verb: Token) -> bool:
        """A phrasal verb of holding aid back ("held up security assistance to Kyiv", "held
        back $250 million in military aid": the parser may read the particle as an adverb)."""
        words = self.w.restricting_phrasal_verbs
        return any(
            c.dep_ in ("prt", "advmod") and f"{_lemma(verb)} {c.lower_}" in words
            for c in verb.children
        )

    def _cut_noun_objects(self, noun: Token) -> list[Token]:
        """What a cut noun cuts: "a suspension of military aid", "a freeze on its aid", and
        aid after cut_noun_aid_preps ("a halt to military aid", "a cut in aid to Egypt"),
        which the parser may hang on the verb taking the noun ("weighing a cut in aid")."""
        objs = preps(noun, self.w.measure_object_preps)
        # On the verb, the measure's own prepositions too: "put a freeze on $400 million in
        # military aid" (the parser hangs "on" on "put").
        wanted = (*self.w.cut_noun_aid_preps, *self.w.measure_object_preps)
        aid = [
            o
            for h in (noun, *([noun.head] if noun.dep_ == "dobj" else []))
            for o in preps(h, self.w.cut_noun_aid_preps if h == noun else wanted)
            if _lemma(o) in self.w.aid_nouns | self.w.container_nouns
        ]
        return objs + [o for o in aid if o not in objs]

    def _cut_recipients(self, noun: Token) -> list[Token]:
        """The recipients of the aid a cut noun cuts: "a halt to military aid to Egypt", "a
        suspension of military aid to Egypt" (the parser hangs "to" on the aid or the cut)."""
        heads = [noun, *self._cut_noun_objects(noun)]
        return [o for h in heads for o in preps(h, self.w.recipient_preps)]

    def _grounding(self, cut: Token, flights: Token) -> bool:
        """Flights of a state's own craft suspended, going nowhere: "suspended flights of its
        Osprey aircraft in Japan after a crash", "suspends helicopter flights" (a grounding,
        aimed at no one), not "banned flights of Russian military planes" (a party named on
        the craft) nor "suspended flights to Egypt" (a destination)."""
        craft = [
            t
            for t in np_tokens(flights, with_of=True)
            if t != flights and (_lemma(t) in self.w.grounded_craft or t.i in self.weapon_at)
        ]
        if not craft:
            return False
        if self.parties_in(np_tokens(flights, with_of=True)):
            return False
        moves = (*self.w.destination_preps, "from", "over", "between", "with")
        return not preps(flights, moves) and not preps(cut, moves)

    def _prohibitive(self, measure: Token) -> bool:
        """A tariff or duty at a rate of PROHIBITIVE_RATE or more doubles the price of what it
        hits: a penalty, not a rate of revenue or protection ("100 pct tariffs on 300 mln dlrs
        of Japanese goods", "raised duties on French cheese to 200 percent")."""
        doc = measure.doc
        where = list(measure.subtree)
        verb = governor(measure)
        if verb is not None:
            where += [t for o in preps(verb, ("to", "of", "at")) for t in o.subtree]
        for t in where:
            if not t.like_num or t.i + 1 >= len(doc):
                continue
            nxt = doc[t.i + 1]
            unit = nxt.lower_
            if nxt.lower_ == "per" and t.i + 2 < len(doc):
                unit = f"per {doc[t.i + 2].lower_}"
            if unit not in self.w.rate_units:
                continue
            try:
                rate = float(t.text.replace(",", ""))
            except ValueError:
                continue
            if rate >= PROHIBITIVE_RATE:
                return True
        return False

    def _retaliation(self, measure: Token) -> bool:
        """A tariff or duty its own clause calls a retaliation or a penalty: "imposed tariffs
        on US pork in response to ...", "hit back with duties on American whiskey", "a tariff
        on imports from India as a penalty for ...", "duties on Chinese steel to punish"."""
        verb = governor(measure)
        if verb is None:
            return False
        if _lemma(verb) in self.w.punitive_verbs and (
            measure.dep_ == "dobj" or (measure.dep_ == "pobj" and measure.head.lower_ == "with")
        ):
            return True  # "slapped duties on American steel", "hit Chinese goods with tariffs"
        for c in verb.children:
            if c.dep_ in ("prt", "advmod") and c.lower_ in self.w.retaliation_cues:
                return True
            if c.dep_ in ("advcl", "xcomp") and _lemma(c) in self.w.retaliation_cues:
                return True  # a purpose clause: "to punish Beijing", "to retaliate"
            if c.dep_ == "prep" and any(
                _lemma(o) in self.w.retaliation_cues for o in c.children if o.dep_ == "pobj"
            ):
                return True
        # (a reason the parser hangs on the goods: "tariffs on Japanese exports over
        # Tokyo's failure to honour the chip pact", "tariffs of 300 mln dlrs on Japanese
        # exports on the grounds Japan had abrogated the pact")
        goods = [
            t
            for t in measure.subtree
            if t.i > measure.i and t.dep_ == "pobj" and t.head.lower_ == "on"
        ]
        if any(self._breach_reason(h) for h in (verb, measure, *goods)):
            return True  # "imposed tariffs after Tokyo failed to honour the chip pact"
        # "retaliated by raising duties on U.S. almonds", "hit back by imposing tariffs": the
        # means of a retaliation.
        if verb.dep_ != "pcomp" or verb.head.lower_ != "by":
            return False
        act = verb.head.head
        return _lemma(act) in self.w.retaliation_cues or any(
            c.dep_ in ("prt", "advmod") and c.lower_ in self.w.retaliation_cues
            for c in act.children
        )

    def _breach_reason(self, head: Token) -> bool:
        """A reason on `head` that is another's breach of an agreement, which makes a tariff
        or duty its enforcement, coercion in any story: "after Tokyo failed to adhere to the
        pricing accord", "for violating the trade pact", "because of Seoul's breach of the
        deal", "on the grounds that Japan had abrogated the chip pact", "citing Brazil's
        failure to honour the accord", "saying Ottawa had violated the deal" (not "after
        talks failed", "for dumping steel", "on the grounds that mills needed protection")."""
        reasons = [
            c
            for c in head.children
            if (c.dep_ == "prep" and c.lower_ in self.w.reason_act_preps)
            or (
                c.dep_ == "advcl"
                and any(
                    m.dep_ == "mark" and m.lower_ in self.w.reason_act_preps for m in c.children
                )
            )
            # "on the grounds (that) ...": `reason_ground_nouns`
            or (
                c.dep_ == "prep"
                and any(
                    o.dep_ == "pobj" and _lemma(o) in self.w.reason_ground_nouns for o in c.children
                )
            )
            # "..., citing Tokyo's breach of the pact", "saying Seoul had broken the deal"
            or (c.dep_ == "advcl" and c.tag_ == "VBG" and _lemma(c) in self.w.breach_citing_verbs)
        ]
        for r in reasons:
            words = [_lemma(t) for t in r.subtree]
            if any(w in self.w.breach_words for w in words) and any(
                w in self.w.agreement_nouns for w in words
            ):
                return True
        return False

    def _under_threat(self, tok: Token) -> bool:
        """A measure governed by a threat or held over a demand is coercion: "Tokyo's threat
        to put duties on", "its threatened tariffs on Mexican goods", "would impose duties
        unless ..." ."""
        chain = predicate_chain(np_head(tok), self.w.speech)
        if any(_lemma(t) in ("threat", "threaten") for t in chain[1:]) or any(
            c.dep_ == "amod" and _lemma(c) == "threaten" for c in tok.children
        ):
            return True
        # "would impose a 100 pct duty on EC farm goods unless Spain's imports were
        # guaranteed": a measure held over a demand is coercion.
        verbs = [t for t in chain[1:] if t.pos_ in ("VERB", "AUX")]
        if self._marked_clauses(verbs, self.w.ultimatum_marks):
            return True
        # "will put duties on U.S. corn gluten if Washington curbs pasta imports", "the
        # tariffs will stay until Tokyo opens its market": held over a named party's act.
        for clause in self._marked_clauses(verbs, self.w.party_condition_marks):
            subj, _ = self.subject(clause)
            if subj is not None and self.resolve_np(subj).how == "syntax":
                return True
            if (
                subj is not None
                and _lemma(clause) in self.w.talks_failing_verbs
                and _lemma(subj) in self.w.talks_words
            ):
                return True  # "would impose tariffs on EC pasta if the talks fail"
        return False

    def _warned_doer(self, chain: Sequence[Token], targets: Side) -> Side:
        """The party a warning is addressed to, when the measure is the act of a gerund
        that is the subject of the warning's clause: "warned the EU that lifting the
        embargo would ...", "told Washington that imposing sanctions could backfire"."""
        for low, up in pairwise(chain):
            if low.dep_ != "csubj" or low.tag_ != "VBG" or up.dep_ != "ccomp":
                continue
            warning = up.head
            obj = child(warning, ("dobj",))
            if _lemma(warning) in self.w.warning_verbs and obj is not None:
                side = self.resolve_np(obj, exclude=set(targets.codes))
                if side.how == "syntax" and not set(side.codes) & set(targets.codes):
                    return side
        return Side()

    def _referral(self, verb: Token) -> tuple[Token | None, Token | None]:
        """(body, party referred) of a referral verb: "refer Iran to the Security Council",
        "if it is referred to the UN Security Council", "wants Iran reported to the IAEA"
        (a passive or small-clause subject is the party)."""
        if verb.pos_ != "VERB" or _lemma(verb) not in self.w.referral_verbs:
            return None, None
        bodies = [o for o in preps(verb, self.w.referral_preps) if o.pos_ == "PROPN"]
        if not bodies:
            return None, None
        party = child(verb, ("dobj",))
        if party is None:
            subj, passive = self.subject(verb)
            # "wants Iran referred to ...": a participle the parser may tag as a past tense
            small = (
                verb.tag_ in ("VBN", "VBD")
                and verb.dep_ in ("ccomp", "xcomp", "oprd")
                and _lemma(verb.head) not in self.w.speech
            )
            if subj is not None and (passive or small):
                party = subj
        return bodies[0], party

    def _referral_clauses(
        self, chain: Sequence[Token], pred: Token | None
    ) -> list[tuple[Token, Token | None]]:
        """Referrals that set the scene for the measure: a clause on the measure's verbs
        ("face sanctions if it is referred to ..."), or the referral whose body is the
        antecedent of the measure's relative clause ("... to the Security Council, which
        could impose sanctions")."""
        out: list[tuple[Token, Token | None]] = []
        verbs = [t for t in [*chain, *([pred] if pred is not None else [])] if t.pos_ == "VERB"]
        for v in verbs:
            if v.dep_ == "relcl" and v.head.dep_ == "pobj" and v.head.head.dep_ == "prep":
                body, party = self._referral(v.head.head.head)
                if body == v.head:
                    out.append((body, party))
            for c in [v, *v.children]:  # "risks being hauled before ... and facing sanctions"
                if c == v or c.dep_ in ("advcl", "conj"):
                    body, party = self._referral(c)
                    if body is not None:
                        out.append((body, party))
        return out

    def _authorised_retaliation(self, tok: Token) -> bool:
        """Tariffs a trade dispute body allows are retaliation: "won WTO backing to impose
        tariffs on US imports", "the WTO gave the EU the right to impose duties", "was
        authorised by the WTO to levy duties" (the permission and who grants it)."""
        chain = predicate_chain(np_head(tok), self.w.speech)
        if len(chain) < 2 or self.rules.actions.get(_lemma(chain[1])) != "imposed":
            return False  # "won WTO approval to cut tariffs": no measure allowed
        for up in chain[1:]:
            grants = [up, *(c for c in up.children if c.dep_ in ("dobj", "nsubjpass"))]
            for g in grants:
                if _lemma(g) not in self.w.authorising_words:
                    continue
                # Who grants it: the permission's own modifiers and by/from phrases, or the
                # subject of the verb that grants or gives it.
                granters = [
                    c
                    for c in g.children
                    if c.dep_ in ("compound", "nmod", "poss", "amod", "nsubj", "agent", "prep")
                    and (c.dep_ != "prep" or c.lower_ in ("by", "from"))
                ]
                if g.pos_ == "NOUN" and g.head.pos_ in ("VERB", "AUX"):
                    granters += [c for c in g.head.children if c.dep_ == "nsubj"]
                for c in granters:
                    words = " ".join(t.lower_ for t in c.subtree)
                    if any(re.search(rf"\b{re.escape(b)}\b", words) for b in self.w.dispute_bodies):
                        return True
        return False

    @staticmethod
    def _marked_clauses(verbs: Iterable[Token], marks: frozenset[str]) -> list[Token]:
        """The adverbial clauses of `verbs` opened by one of `marks` ("unless Tokyo opens
        its market", "if the Community adopts the tax", "until China signs")."""
        return [
            c
            for verb in verbs
            for c in verb.children
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
        ]

    def _pending(self, noun: Token) -> bool:
        """A measure its own modifier calls only threatened or proposed: "drop threatened
        trade sanctions", "withdraw its proposed export curbs"."""
        return any(
            (c.dep_ == "amod" or (c.dep_ == "acl" and c.tag_ == "VBN"))
            and (_lemma(c) in self.w.pending_words or c.lower_ in self.w.pending_words)
            for c in noun.children
        )

    def _blocked(self, anchor: Token) -> bool:
        """The measure is the object of a blocking verb, directly or through the text
        that would impose it: "Hungary blocked new EU sanctions", "vetoed a resolution
        that would have imposed sanctions", "blocked a proposal to sanction"."""
        cur = anchor
        for _ in range(8):
            up = cur.head
            if up == cur:
                return False
            if up.pos_ == "VERB" and _lemma(up) in self.w.blocking_verbs:
                return cur.dep_ in ("dobj", "nsubjpass")
            inside_np = cur.dep_ in ("compound", "amod", "nmod", "conj") and up.pos_ == "NOUN"
            in_clause = cur.dep_ == "dobj" and up.dep_ in ("relcl", "acl")
            on_text = cur.dep_ in ("relcl", "acl") and _lemma(up) in self.w.document_nouns
            if not (inside_np or in_clause or on_text):
                return False
            cur = up
        return False

    def _sender_subject(self, verb: Token, subj: Token, own: bool) -> bool:
        """Whether the subject of `verb` may be the measure's sender: not when it blocks
        the measure, not a caller who cannot impose (an expert, a report), and not when it
        only enforces or asks for a measure that names its own sender (`own`)."""
        lemma = _lemma(verb)
        if lemma in self.w.blocking_verbs or _lemma(subj) in self.w.non_imposer_nouns:
            return False
        if self._firm(subj) and lemma not in self.w.request_verbs | self.w.backing_verbs:
            return False  # (firms pressing for a measure call on their own state)
        return not (own and lemma in self.w.enforcing_verbs | self.w.backing_verbs)

    def _own_senders(self, mod_codes: set[str], targets: Side) -> bool:
        """The measure names its own sender in a modifier: "UN sanctions against North
        Korea", "the American embargo on Iranian oil", "EU sanctions"."""
        return any(
            c not in targets.codes and (targets or c in self.w.habitual_senders) for c in mod_codes
        )

    def _flow_control(self, noun: Token) -> bool:
        """A control noun on a flow of goods that names a party: "controls on exports of
        chemicals to South Korea", "controls on sales of Japanese chips" (not "arms control",
        "controls on prices")."""
        flows = self.w.export_measure_modifiers | self.w.supply_cut_objects
        on = preps(noun, ("on", "over"))
        if noun.dep_ == "dobj":  # "announced controls on sales of chips to China"
            on += preps(noun.head, ("on", "over"))
        goods = [o for o in on if _lemma(o) in flows]
        if noun.dep_ == "dobj":  # "announced controls on exports of chips to China"
            goods += preps(noun.head, self.w.destination_preps) if goods else []
        return any(self.parties_in(list(o.subtree)) for o in goods)

    def _measure_object(self, noun: Token) -> bool:
        """A ban/freeze/restriction noun is a measure when it bears on a party or on trade
        or money ("ban on Australian coal", "freeze on the assets of Russian oligarchs")."""
        objs = preps(noun, self.w.measure_object_preps)
        objs += [t for o in preps(noun, ("by",)) for t in self._agent_objects(o)]
        if noun.dep_ == "dobj":  # "raise tariffs on a range of Japanese products"
            objs += preps(noun.head, self.w.measure_verb_object_preps)
        if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "VERB":
            # "hit Chinese goods with tariffs": the verb's object bears the measure
            objs += [o for o in noun.head.head.children if o.dep_ == "dobj"]
            # "hit back with tariffs on $60 billion of U.S. goods": the parser hangs the
            # measure's "on" on the verb
            objs += preps(noun.head.head, self.w.measure_verb_object_preps)
        for o in objs:
            toks = list(o.subtree)
            if self._weapon_program(o):
                continue  # "curbs on U.S. development of an anti-missile system": arms control
            if self.parties_in(toks):
                return True
            if any(
                _lemma(t) in self.w.trade_objects | self.w.financial_objects for t in toks
            ) and any(self.party_at.get(t.i) for t in self.doc):
                return True
        return False

    def _weapon_program(self, obj: Token) -> bool:
        """Is the object of a curb or ban a weapons programme ("U.S. development of an
        anti-missile system", "American missile defence research")? Limits on one are arms
        control, not a sanction."""
        if _lemma(obj) not in self.w.weapon_program_nouns:
            return False
        marks = self.w.weapon_program_markers
        return any(t.lower_ in marks or _lemma(t) in marks for t in obj.subtree if t != obj)

    @staticmethod
    def _answer_adjunct(anchor: Token) -> bool:
        """A retaliation named only as the manner of another act: "in retaliation for",
        "as a reprisal"."""
        return anchor.dep_ == "pobj" and anchor.head.lower_ in ("in", "as")

    def sanction_frames(self) -> list[Frame]:
        frames = []
        anchors = self.sanction_anchors()
        # A tit for tat needs two measures: a lone answer ("said it would retaliate if its
        # exports were hit") has no other in its sentence to take a target from, and may
        # take it from the article (Tagger._fill_from_article); not an act that only calls
        # itself one ("threatened a further dollar fall in retaliation for ...").
        lone = len(anchors) == 1 and not self._answer_adjunct(anchors[0][0])
        self._anchor_ids = frozenset(tok.i for tok, _c, _v in anchors)
        self._exchange = not lone and any(self._answers(tok) for tok, _c, _v in anchors)
        built = [
            (tok, self.sanction_frame(tok, category, is_verb)) for tok, category, is_verb in anchors
        ]
        self._answer_targets([(tok, f) for tok, f in built if f is not None])
        for _tok, f in built:
            if f is None or (f.provisional and not f.targets):
                continue
            if len(f.sources) > 1 and f.sources == f.targets:  # a reciprocal measure
                for code in f.sources:
                    others = [c for c in f.targets if c != code]
                    frames.append(replace(f, sources=[code], targets=others))
            else:
                frames.append(f)
        for f in frames:
            if (
                f.action == "imposed"
                and f.status == "reported"
                and (f.sources or f.targets)
                and self._further_threat(self.doc[f.predicate])
                and not any(e.get("action") == "threatened" for e in f.extra)
            ):
                # "imposed sanctions on Belarus and threatened more measures": one more
                # measure threatened by the same sender against the same target.
                f.extra.append(
                    {
                        "action": "threatened",
                        "status": "planned",
                        "category": "other",
                        "claimant": None,
                    }
                )
        return frames

    def _further_generic(self, noun: Token | None) -> bool:
        """A generic measure made one more ("further penalties", "more measures"), or the
        bare word ("threatened more")."""
        if noun is None:
            return False
        if noun.lower_ in self.w.further_words and noun.pos_ in ("ADJ", "ADV", "NOUN"):
            return not any(c.dep_ == "prep" for c in noun.children)  # not "more of its oil"
        return _lemma(noun) in self.w.further_measure_nouns and any(
            c.dep_ in ("amod", "advmod", "compound") and c.lower_ in self.w.further_words
            for c in noun.children
        )

    def _further_threat(self, pred: Token) -> bool:
        """Is a further measure threatened in a clause conjoined with the imposing verb
        `pred`, by the same subject? "imposed sanctions on Belarus and threatened more
        measures", "blacklisted three firms and warned of further penalties", "and vowed to
        take further steps", "and warned that further steps would follow"."""
        if pred.pos_ not in ("VERB", "AUX"):
            return False
        verbs = [c for c in pred.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        for v in verbs:
            if _lemma(v) not in self.w.further_threat_verbs or v.i < pred.i:
                continue
            if any(c.dep_ == "neg" for c in v.children):
                continue
            subj = child(v, ("nsubj", "nsubjpass"))
            if subj is not None and subj.pos_ != "PRON":
                continue  # "and the Kremlin threatened countermeasures": another party
            objs = [child(v, ("dobj",)), *preps(v, ("of", "about", "with"))]
            for x in v.children:
                if x.dep_ == "xcomp" and _lemma(x) in self.rules.actions:
                    objs.append(child(x, ("dobj",)))  # "vowed to take further measures"
                if x.dep_ == "ccomp":
                    xsubj = child(x, ("nsubj", "nsubjpass"))
                    if _lemma(x) in self.w.further_clause_verbs:
                        objs.append(xsubj)  # "warned that further steps would follow"
                    elif xsubj is not None and xsubj.pos_ == "PRON":
                        objs.append(child(x, ("dobj",)))  # "warned it would take more steps"
            if any(self._further_generic(o) for o in objs):
                # the bare word only as what is threatened or warned of ("threatened more"),
                # not what is promised ("promised more to Ukraine")
                bare = all(o is None or o.lower_ in self.w.further_words for o in objs)
                if not bare or _lemma(v) in self.w.warning_verbs:
                    return True
        return False

    @cached_property
    def _answering_sentence(self) -> bool:
        """Does the sentence answer one measure with another ("hit back", "in response")?
        Its tariffs and duties are then coercion, whatever the rest of the story says."""
        words = self.w.answering_words
        return any(
            _lemma(t) in words
            or phrasal(t) in words
            or (t.lower_ == "back" and f"{_lemma(t.head)} back" in words)  # "hit back" (advmod)
            for t in self.doc
        )

    def _judicial(self, act: Token, chain: Sequence[Token]) -> bool:
        """A court's penalty (GUIDELINES.md: not an event): the act's subject or agent is a
        court or a judge ("a federal judge sanctioned the bank"), or a court is asked to act
        ("asked a U.S. court to impose sanctions on the firm")."""
        judicial = self.w.judicial_nouns
        if act.pos_ != "VERB":
            return False
        subj, passive = self.subject(act)
        agents = preps(act, ("by",)) if passive else ([subj] if subj is not None else [])
        if any(_lemma(a) in judicial for a in agents):
            return True
        for low, up in pairwise(chain):
            if low == act and low.dep_ == "xcomp" and up.pos_ == "VERB":
                obj = child(up, ("dobj",))
                return obj is not None and _lemma(obj) in judicial
        return False

    def _punished_party(self, heads: Sequence[Token | None], exclude: set[str]) -> Side:
        """The party whose own act a measure answers, named on the act in its reason phrase
        ("imposed after Fiji's coup", "over Russia's annexation of Crimea")."""
        side = Side()
        verbs = [  # "the freeze on loans it imposed after ...": a clause inside the phrase
            t for h in heads[:2] if h is not None for t in h.subtree if t.dep_ in ("acl", "relcl")
        ]
        for h in [*(h for h in heads if h is not None), *verbs]:
            for act in preps(h, self.w.reason_act_preps):
                for m in act.children:
                    if m.dep_ in ("poss", "amod", "compound") and m.i in self.party_at:
                        found = self.resolve_np(m, exclude=exclude)
                        side.add([c for c in found.codes if c not in exclude], "syntax")
            for clause in h.children:
                # "froze the assets because Venezuela had held a sham election"
                if clause.dep_ != "advcl" or not any(
                    m.dep_ == "mark" and m.lower_ in self.w.reason_marks for m in clause.children
                ):
                    continue
                if _lemma(clause) in self.w.request_verbs | self.w.backing_verbs:
                    continue  # "because Washington asked it to": no wrongdoer
                subj = child(clause, ("nsubj",))
                if subj is not None and any(t.i in self.party_at for t in np_tokens(subj)):
                    found = self.resolve_np(subj, exclude=exclude)
                    side.add([c for c in found.codes if c not in exclude], "syntax")
        return side

    def _clause_imposed(self, noun: Token, *, named: bool = False) -> bool:
        """A measure noun whose own relative clause has a party impose it, or impose it on
        one: "tariffs the Reagan administration imposed", "the curbs Washington imposed",
        "the duties imposed by Ottawa", "the curbs it imposed on South Korean chips" (its
        sender is that party; a tariff still needs a story about coercion or an answer to
        it). `named`: only a clause that names the party imposing it."""
        clauses = [
            (c, x)
            for c in self._own_clauses(noun)
            for x in [c, *(self._imposing_xcomps(c) if c.dep_ == "relcl" else [])]
        ]
        for ctl, c in clauses:
            # (a relative clause the parser may take for a complement: "the export controls
            # Japan imposed" as ccomp; its infinitive: "the duties Brussels plans to levy")
            if self.rules.actions.get(_lemma(c)) != "imposed":
                continue
            agents = [o for o in ctl.children if o.dep_ == "nsubj"] + preps(c, ("by",))
            if any(self.parties_in(np_tokens(a)) for a in agents):
                return True
            if named:
                continue
            passive = any(o.dep_ in ("auxpass", "nsubjpass") for o in c.children)
            if not agents and not (passive or c.tag_ == "VBN"):
                continue
            if any(self.parties_in(list(o.subtree)) for o in preps(c, ("on",))):
                # "the curbs it imposed on South Korean chips", "U.S. tariffs to be imposed
                # on Japanese electronics" (an imposition in the passive names no agent)
                return True
            if any(self._reciprocal(o) for o in preps(c, self.w.target_preps)):
                return True  # "the tariffs they slapped on each other's goods"
        return False

    def _answering_verb(self, verb: Token) -> bool:
        """A verb that answers a measure: "retaliated against", "answered", "hit back at"."""
        words = self.w.answering_words
        lemma = _lemma(verb)
        back = any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children)
        return lemma in words or phrasal(verb) in words or (back and f"{lemma} back" in words)

    def _measure_answer(self, verb: Token, anchors: dict[int, tuple[Token, str, bool]]) -> bool:
        """A verb that answers another party's measure, its object ("Ottawa would respond to
        the proposed U.S. tariffs", "Canada would hit back at the duties threatened by
        Washington", "Seoul will counter Tokyo's export curbs"): a threatened retaliation by
        its subject. Not an answer by word ("responded to the sanctions with a protest")."""
        if not self._answering_verb(verb) or _lemma(verb) in self.rules.sanction_verbs:
            return False
        if preps(verb, ("with", "by")) or verb.tag_ in ("VBD", "VBN"):
            # "responded with a diplomatic protest", "answered by filing a complaint" (a
            # measure is its own anchor); a past answer names no measure of its own
            return False
        objs = [*preps(verb, ("to", "at")), *(c for c in verb.children if c.dep_ == "dobj")]
        return any(o.i in anchors and not anchors[o.i][2] for o in objs)

    def _answered_measure(self, noun: Token) -> bool:
        """A state's measure that another answers: "in response to the Dutch export curbs",
        "after Canada's tariffs" (its target is then the answering side)."""
        return self._answering_sentence and any(
            c.dep_ in ("amod", "poss", "compound") and c.i in self.party_at for c in noun.children
        )

    def _answers(self, anchor: Token) -> bool:
        """Is the measure an answer to another's ("countermeasures", "retaliatory tariffs",
        "retaliated by banning", "in response to")?"""
        words = self.w.answering_words
        if anchor.lower_ in words or phrasal(anchor) in words or self._retaliation(anchor):
            return True
        if any(c.lower_ in words for c in anchor.children if c.dep_ in ("amod", "compound")):
            return True
        i = anchor.i
        if i > 1 and self.doc[i - 1].text == "-" and self.doc[i - 2].lower_ in words:
            return True  # "counter-tariffs", often parsed as three flat words
        return any(phrasal(t) in words for t in predicate_chain(anchor, self.w.speech)[1:])

    def _answer_targets(self, built: Sequence[tuple[Token, Frame]]) -> None:
        """Tit for tat: a measure that answers another and names no target hits the sender
        of the measure in its sentence that it answers (one that hit its own sender or names
        no target); and that measure, naming no target, hit the answering sender. "Tehran
        threatened countermeasures after the EU sanctioned its officials"; "In response to
        the Dutch export curbs, Beijing restricted gallium exports"."""
        protection = {id(g) for t, g in built if self._import_protection(t)}
        for tok, f in built:
            if not f.sources or not self._answers(tok) or id(f) in protection:
                continue
            own, open_ = set(f.sources), not f.targets
            # A bare answer ("vowed to retaliate", "countermeasures") is of the answered kind.
            bare = tok.lower_ in self.w.answering_words or _lemma(tok) in self.w.answering_words
            for _, g in built:
                if g is f or not g.sources or own & set(g.sources):
                    continue
                if open_ and (not g.targets or own & set(g.targets)):
                    f.targets = list(dict.fromkeys([*f.targets, *g.sources]))
                    f.target_how = "context"
                    if bare:
                        f.category = g.category
                if id(g) in protection:
                    continue  # "if Congress passed legislation curbing textile imports"
                if not g.targets and (open_ or set(g.sources) & set(f.targets)):
                    g.targets = list(f.sources)
                    g.target_how = "context"
                    g.confidence = round(max(0.05, g.confidence - 0.1), 3)
            if open_ and f.targets:
                f.confidence = round(max(0.05, f.confidence - 0.1), 3)

    def _import_protection(self, tok: Token) -> bool:
        """A curb on imports that names no party, of the goods or of their origin ('passed
        legislation curbing world textile imports', 'import curbs on textiles'): trade
        protection a retaliation may answer, not a measure aimed at the answering party
        (roles.json protection_objects)."""
        goods = [c for c in tok.children if c.dep_ in ("dobj", "compound", "nsubjpass")]
        goods += preps(tok, self.w.target_preps)
        imports = [
            g
            for g in goods
            if _lemma(g) in self.w.protection_objects
            or g.lower_.removesuffix("s") in self.w.protection_objects
        ]
        return bool(imports) and not any(self.parties_in(list(g.subtree)) for g in imports)

    def _protest_boycott(self, anchor: Token) -> bool:
        """A boycott of a sitting or a gathering, or by a state's own opposition, is a
        protest, not a sanction: "an on-off boycott of parliament", "Taiwan will boycott the
        meeting", "elections boycotted by Serbs", "an election boycott", "a parliamentary
        boycott by opposition parties", "negotiators boycotted the talks" (not "a boycott of
        South African goods", "boycott Qatar")."""
        if _lemma(anchor) not in self.w.boycott_words:
            return False
        objs = [o for o in (child(anchor, ("dobj", "nsubjpass")),) if o is not None]
        objs += preps(anchor, ("of", "on"))
        # "an election boycott", "a boycott of the vote", "boycotted the talks"
        objs += [c for c in anchor.children if c.dep_ in ("compound", "nmod")]
        if anchor.dep_ == "acl" and anchor.pos_ == "VERB":
            objs.append(anchor.head)  # "elections boycotted by Serbs"
        if any(
            _lemma(o) in self.w.boycotted_events or o.lower_ in self.w.boycotted_events
            for o in objs
        ):
            return True
        who = [anchor, *preps(anchor, ("by",))]
        return any(
            c.dep_ in ("amod", "compound") and _lemma(c) in self.w.protest_boycott_modifiers
            for h in who
            for c in h.children
        ) or any(_lemma(h) in self.w.protest_boycott_modifiers for h in who[1:])

    def _approval_sense(self, anchor: Token) -> bool:
        """'Sanction' as approval, not a measure: "the Soviet Union sanctioned the Cuban
        intervention", "the raid was sanctioned by ministers", "a sanction for lower U.K. base
        lending rates", "gave its sanction to the merger", "the tacit sanction of Beijing"; and
        an embargo on news, not on trade: "the news embargo on the report", "a press embargo on
        the Soviet statement" (not "sanctioned Iranian officials", "a sanction against Iran")."""
        lemma = _lemma(anchor)
        if lemma == "embargo":
            return any(
                c.dep_ in ("amod", "compound") and _lemma(c) in self.w.news_embargo_words
                for c in anchor.children
            ) or any(_lemma(o) in self.w.news_embargo_words for o in preps(anchor, ("on",)))
        if lemma != "sanction":
            return False
        acts = self.w.approved_acts

        def approves(o: Token) -> bool:  # "the Cuban intervention", "lower base rates"
            return _lemma(o) in acts or any(
                c.dep_ == "amod" and c.tag_ == "JJR" for c in o.children
            )

        if anchor.pos_ == "VERB":
            obj = child(anchor, ("dobj", "nsubjpass"))
            return obj is not None and _lemma(obj) in acts
        if anchor.lower_ != "sanction":
            return False  # "sanctions" are measures
        if any(
            c.dep_ == "amod" and _lemma(c) in self.w.approval_modifiers for c in anchor.children
        ):
            return True  # "the tacit sanction of the government"
        verb = governor(np_head(anchor))
        if verb is not None and _lemma(verb) in self.w.approval_verbs:
            return True  # "gave its sanction to the deal", "won the sanction of parliament"
        return any(approves(o) for o in preps(anchor, ("for", "to")))

    def _private_boycott(self, anchor: Token) -> bool:
        """A boycott by unions, consumers, shareholders or churches is their own refusal to
        buy or handle, not a state's measure (GUIDELINES.md: sanctions are imposed by states):
        "a union boycott of Shell", "a consumer boycott of Israeli fruit", "shareholders urged
        a boycott of firms in South Africa", "dockers boycotted French ships", "an official of
        the United Mine Workers outlined a boycott" (not "the union urged Britain to impose a
        boycott": the state would impose it)."""
        if _lemma(anchor) not in self.w.boycott_words:
            return False
        who = [c for c in anchor.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        who += preps(anchor, ("by",))
        if anchor.pos_ == "VERB":
            verb: Token | None = anchor  # "consumers boycotted French wine"
        else:
            verb = governor(np_head(anchor))  # "the union called (for) a boycott"
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj, passive = self.subject(verb)
            if subj is not None and not passive:
                who.append(subj)
                who += preps(subj, ("of", "for"))  # "an official of the Mine Workers"
            if passive:
                who += [o for a in verb.children if a.dep_ == "agent" for o in a.children]
        words = self.w.private_boycotters
        return any(
            _lemma(t) in words or t.lower_ in words or t.lower_.removesuffix("s") in words
            for h in who
            for t in (h, *(c for c in h.children if c.dep_ in ("compound", "amod", "poss")))
        )

    def _armed(self, noun: Token) -> bool:
        """An armed act: "a missile attack", "this aggression", "hostile military action"."""
        return _lemma(noun) in self.w.armed_acts or any(
            c.dep_ in ("amod", "compound") and _lemma(c) in self.w.armed_act_modifiers
            for c in noun.children
        )

    def _retaliation_word(self, anchor: Token) -> bool:
        """A retaliation named as such, with or without its measure: "retaliate",
        "reprisals", "retaliatory measures", "retaliatory tariffs"."""
        return _lemma(anchor) in self.w.armed_answer_words or any(
            c.dep_ in ("amod", "compound") and c.lower_ in self.w.retaliation_adjectives
            for c in anchor.children
        )

    def _countermeasure(self, anchor: Token) -> bool:
        """An answer named only as such ("countermeasures", "counter-measures", "counter
        measures"): like a reprisal, it answers the act of the party its condition names
        ("Japan would take countermeasures if Washington imposed the tariffs")."""
        if _lemma(anchor) in self.w.countermeasure_words:
            return True
        i, doc = anchor.i, self.doc
        if i > 1 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "counter":
            return _lemma(anchor) == "measure"
        return i > 0 and doc[i - 1].lower_ == "counter" and _lemma(anchor) == "measure"

    def _provoker_side(self, anchor: Token, senders: Side) -> Side:
        """The party whose act or measure, the subject of a provoking verb, brings on a
        measure or a retaliation: "Turkey's purchase of the S-400 triggered U.S. sanctions"
        (the possessor of the act), "U.S. trade legislation could prompt retaliation",
        "protectionist bills being considered by Congress could trigger retaliation", "the proposed
        European tax would result in retaliation" (named parties only)."""
        verb = self._provoking_verb(anchor)
        if verb is None:
            return Side()
        subj, passive = self.subject(verb)
        if subj is None or passive:
            return Side()
        return self._provoker(subj, set(senders.codes))

    def _provoking_verb(self, anchor: Token) -> Token | None:
        """The provoking verb whose object the measure is: "could provoke retaliation",
        "would result in retaliation", "will lead to sanctions"."""
        verb = anchor.head
        if anchor.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("in", "to"):
            verb = verb.head  # "result in retaliation", "lead to retaliation"
        elif anchor.dep_ != "dobj":
            return None
        if verb.pos_ != "VERB" or _lemma(verb) not in self.w.provoking_verbs:
            return None
        return verb

    def _causer_side(self, act: Token | None, exclude: set[str]) -> Side:
        """The party whose act makes another take the measure, the subject of a provoking
        verb whose object does it: "India's tests prompted the United States to cut off aid",
        "Pakistan tested a missile, prompting Japan to freeze new loans" (a participle's
        subject is its clause's), "the coup led Australia to suspend military cooperation"."""
        verb = act
        while verb is not None and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            verb = verb.head  # "to cut off economic aid and block loans"
        infinitive = verb is not None and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        )
        if verb is None or verb.pos_ != "VERB":
            return Side()
        if verb.dep_ != "xcomp" and not (verb.dep_ == "advcl" and infinitive):
            return Side()  # "led the Security Council to tighten sanctions" (advcl too)
        cause = verb.head
        if (
            cause.pos_ != "VERB"
            or _lemma(cause) not in self.w.provoking_verbs
            or child(cause, ("dobj",)) is None
        ):
            return Side()
        subj, passive = self.subject(cause)
        if subj is None and cause.dep_ == "advcl" and cause.tag_ == "VBG":
            subj, passive = self.subject(cause.head)  # "India tested ..., prompting"
        if subj is None or passive:
            return Side()
        return self._provoker(subj, exclude)

    def _inquiry_owner(self, anchor: Token, exclude: set[str]) -> Side:
        """The party running an inquiry (inquiry_nouns) that could bring on the measure:
        the inquiry's own modifier ("a U.S. probe", "Canada's investigation") or the subject
        that opened it ("The U.S. opened a probe of ... that could lead to tariffs")."""
        verb = anchor.head
        if anchor.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("in", "to"):
            verb = verb.head
        elif anchor.dep_ != "dobj":
            return Side()
        if verb.pos_ != "VERB" or _lemma(verb) not in self.w.provoking_verbs:
            return Side()
        subj, passive = self.subject(verb)
        if subj is None or passive:
            return Side()
        inquiry = subj
        while inquiry.dep_ == "pobj" and inquiry.head.head.pos_ == "NOUN":
            inquiry = inquiry.head.head  # "a probe of Brazil's policy that could lead to"
        if _lemma(inquiry) not in self.w.inquiry_nouns:
            return Side()
        for c in inquiry.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                side = self.resolve_np(c, with_of=False, exclude=exclude)
                if side.how == "syntax" and not set(side.codes) & exclude:
                    return side
        if inquiry.dep_ == "dobj" and inquiry.head.pos_ == "VERB":
            opener, passive = self.subject(inquiry.head)
            if opener is not None and not passive:
                side = self.resolve_np(opener, exclude=exclude)
                if not set(side.codes) & exclude:
                    return side
        return Side()

    def _provoker(self, subj: Token, exclude: set[str]) -> Side:
        """The named party a provoking verb's subject stands for: the owner of an act, the
        subject itself, or the agent of a clause on it."""
        owner = next((c for c in subj.children if c.dep_ == "poss"), None)
        if owner is not None:  # "Turkey's purchase of Russian missiles triggered sanctions"
            side = self.resolve_np(owner, with_of=False, exclude=exclude)
            if side.how == "syntax":
                return side
        side = self.resolve_np(subj, exclude=exclude)
        if side.how == "syntax":
            return side
        for o in preps(subj, ("by",)):  # "the nuclear tests by India"
            side = self.resolve_np(o, exclude=exclude)
            if side.how == "syntax":
                return side
        for c in subj.children:  # "bills being considered by Congress"
            if c.dep_ in ("acl", "relcl"):
                for o in preps(c, ("by",)):
                    side = self.resolve_np(o, exclude=exclude)
                    if side.how == "syntax":
                        return side
        return Side()

    def _armed_answer(self, anchor: Token) -> bool:
        """A retaliation by force, not by a measure (no sanction): "warships destroyed an
        oil platform in retaliation for a missile attack", "vowed to retaliate for the U.S.
        raid", "launched a retaliatory strike against Iran", "American forces retaliated".
        Not when its clause names a measure ("retaliated for the attack with sanctions")."""
        if not self._retaliation_word(anchor) and _lemma(anchor) not in self.w.countermeasure_words:
            return False
        retaliatory = _lemma(anchor) not in self.w.armed_answer_words
        # The clause the retaliation belongs to: its own verb, or the verb its phrase hangs
        # on ("destroyed ... in retaliation", "launched a retaliatory strike").
        clause = anchor
        path = [anchor]  # the nouns between: "destruction of a platform in retaliation for"
        while clause.dep_ in ("pobj", "prep", "dobj", "compound", "amod") and clause.head != clause:
            clause = clause.head
            if clause.pos_ in ("VERB", "AUX"):
                break
            if clause.pos_ in ("NOUN", "PROPN"):
                path.append(clause)
        measures = self.rules.sanction_nouns.keys() | self.w.conditional_measures.keys()
        if any(_lemma(t) in measures for t in clause.subtree if t != anchor):
            return False  # "imposed sanctions in retaliation for the attack"
        # "countermeasures if the military escalation continued", "will retaliate if
        # attacked": a retaliation held over an armed act answers force with force.
        chain = [t for t in predicate_chain(anchor, self.w.speech) if t.pos_ in ("VERB", "AUX")]
        conditions = self._marked_clauses(chain, self.w.retaliation_condition_marks)
        if any(self._armed(t) for c in conditions for t in c.subtree):
            return True
        if not self._retaliation_word(anchor):
            return False  # "countermeasures" are read only on their condition
        if retaliatory and self._armed(anchor):
            return True  # "a retaliatory strike", "retaliatory military action"
        if any(
            c.dep_ in ("amod", "compound") and _lemma(c) in self.w.armed_act_modifiers
            for c in anchor.children
        ):
            return True  # "military retaliation"
        answered = [o for h in (*path, clause) for o in preps(h, self.w.armed_answer_preps)]
        if any(self._armed(o) for o in answered):
            return True  # "retaliate for the U.S. attack", "warned of reprisals after the raid"
        against = [o for h in (*path, clause) for o in preps(h, ("against", "on"))]
        if any(_lemma(o) in self.w.armed_answer_targets for o in against):
            return True  # "threatened reprisals against Kurdish rebels in Iraq"
        if any(self._armed(o) for h in (anchor, clause) for o in preps(h, ("with",))):
            return True  # "retaliated with a missile attack"
        if clause.pos_ == "VERB" and clause != anchor:
            if _lemma(clause) in self.w.armed_answer_verbs:
                return True  # "warships destroyed a platform in retaliation"
            obj = child(clause, ("dobj",))
            if obj is not None and self._armed(obj):
                return True  # "launched an attack in retaliation"
        subj, passive = self.subject(clause) if clause.pos_ in ("VERB", "AUX") else (None, False)
        if subj is not None and not passive and _lemma(clause) == "be" and self._armed(subj):
            return True  # "the U.S. attack was in retaliation for the tanker's hit"
        return (
            subj is not None
            and not passive
            and subj.pos_ in ("NOUN", "PROPN")  # not "Forcing reciprocity would lead to"
            and (_lemma(subj) in self.w.armed_forces or subj.lower_ in self.w.armed_forces)
        )

    def _reciprocal_measure(self, measure: Token) -> bool:
        """A tariff or duty two parties impose or raise on each other is tit for tat,
        coercion in any story: "the tariffs they slapped on each other's goods", "raised
        duties on one another's steel" (not "cut tariffs on each other's goods")."""

        def imposing(verb: Token) -> bool:
            lemma = _lemma(verb)
            return self.rules.actions.get(lemma) == "imposed" or lemma in self.w.tariff_raise_verbs

        for c in measure.children:  # "the tariffs they slapped on each other's goods"
            if c.dep_ in ("relcl", "acl") and imposing(c):
                if any(self._reciprocal(o) for o in preps(c, self.w.target_preps)):
                    return True
        verb = governor(measure)
        if verb is None or not imposing(verb):
            return False
        return any(
            self._reciprocal(o) for h in (measure, verb) for o in preps(h, self.w.target_preps)
        )

    def _reciprocal(self, head: Token) -> bool:
        """Does `head`'s phrase aim the measure at "each other" or "one another"?"""
        return any(
            t.i > 0 and f"{self.doc[t.i - 1].lower_} {t.lower_}" in self.w.reciprocal_pronouns
            for t in head.subtree
        )

    def sanction_frame(self, anchor: Token, category: str, is_verb: bool) -> Frame | None:
        rules = self.rules
        cut = self._cut_category(anchor) is not None  # aid or air links cut: aimed at a state
        if _lemma(anchor) in rules.sanction_not_after or any(
            _lemma(c) in rules.sanction_not_after for c in anchor.children
        ):
            return None
        answer = self._retaliation_word(anchor) or self._countermeasure(anchor)
        if self._armed_answer(anchor):
            self.armed_answer = True
            return None  # "destroyed an oil platform in retaliation for a missile attack"
        if self._approval_sense(anchor):
            return None  # "sanctioned the Cuban intervention", "the news embargo on the report"
        if self._protest_boycott(anchor) or self._private_boycott(anchor):
            return None  # "an opposition boycott of parliament", "a union boycott of Shell"
        if self._answer_adjunct(anchor) and _lemma(anchor) in self.w.armed_answer_words:
            called = anchor.head.head  # "let the yen slide in retaliation for higher rates"
            answers = self.w.armed_answer_words | self.w.countermeasure_words
            measures = (rules.sanction_nouns.keys() | self.w.conditional_measures.keys()) - answers
            if (
                called.pos_ == "VERB"
                and _lemma(called) not in rules.actions
                and not any(
                    t.i in self._anchor_ids or _lemma(t) in measures
                    for t in called.subtree
                    if t != anchor
                )
            ):
                return None  # the act that calls itself a retaliation is no measure
        senders, targets = Side(), Side()
        # The noun phrase the trigger heads, and the predicate that governs it.
        np = anchor
        if not is_verb:
            while np.dep_ in ("compound", "amod", "nmod") and np.head.pos_ in ("NOUN", "PROPN"):
                np = np.head
            measures = rules.sanction_nouns.keys() | self.w.conditional_measures.keys()
            while (
                np.dep_ in ("conj", "appos")
                and np.head.pos_ in ("NOUN", "PROPN")
                and _lemma(np.head) in measures  # "embargoes and sanctions", not "X and sanctions"
            ):
                np = np.head
        pred = anchor if is_verb else self._list_attachment(governor(np), np)
        noun_pred = None
        defier = None if is_verb else self._defier(np)
        if defier is not None and pred is not None and _lemma(pred) in self.w.defiance_nouns:
            pred = None  # "in defiance of Western sanctions": the noun is no predicate
        if pred is not None and pred.pos_ in ("NOUN", "PROPN") and not is_verb:
            if _lemma(pred) in self.w.measure_target_nouns and pred.dep_ in ("attr", "oprd"):
                # "Iran became the target of new EU sanctions", "Cuba has long been the
                # object of a U.S. embargo": the copula's subject is the target.
                holder, _ = self.subject(pred.head)
                if holder is not None:
                    modifying = {c for _m, side, _k in self._modifier_sides(np) for c in side.codes}
                    targets.add(*unpack(self.resolve_np(holder, exclude=modifying)))
                pred = None
            elif self._under_holder(pred, np):
                # "Iranian firms under EU sanctions": the noun the measure is over is hit.
                modifying = {c for _m, side, _k in self._modifier_sides(np) for c in side.codes}
                targets.add(*unpack(self._target_np(pred, exclude=modifying)))
                pred = None
            elif _lemma(pred) in rules.actions or pred.lower_ in rules.actions:
                noun_pred = pred  # "the lifting of sanctions", "the threat of U.S. sanctions"
                pred = governor(noun_pred)
            else:
                # "monitoring of sanctions", "the cost of sanctions": no action; but "take it
                # to the UN Security Council for sanctions" names the body that would act.
                body = self.parties_in(np_tokens(pred))
                codes = self._codes([p for p in body if p.kind in ("bloc", "name", "institution")])[
                    0
                ]
                senders.add(codes, "syntax")
                pred = None
        if defier is None and noun_pred is not None:
            defier = self._defier(noun_pred)  # "despite the threat of UN sanctions"
        chain = predicate_chain(anchor if is_verb else np, self.w.speech)
        if defier is not None:
            # Who acts in spite of the measure is its target ("Pyongyang carried out another
            # test despite UN sanctions"); the clause that defies it is neither the measure's
            # predicate nor its modality ("Iran will press on despite sanctions").
            holder = self._defier_subject(defier)
            if holder is not None and (
                holder.pos_ == "PROPN"
                or holder.lower_ in self.w.state_pronouns
                or _lemma(holder) in self.w.generic_state_nouns
            ):
                # A state, its capital, leader or government; not "Chinese banks kept
                # lending to Russia despite Western sanctions" (a third party's firms).
                targets.add(*unpack(self.resolve_np(holder)))
            cut_at = [
                i
                for i, t in enumerate(chain)
                if i and (t == defier or _lemma(t) in self.w.defiance_nouns)
            ]
            chain = chain[: cut_at[0]] if cut_at else chain
            pred = None
        if self._judicial(pred if pred is not None else anchor, chain):
            return None  # "a judge sanctioned the bank", "asked a court to impose sanctions"
        if self._questioned(chain):
            return None  # "Asked if Brazil would retaliate against European goods, ..."
        if self._health_measure(anchor, np, pred, category):
            return None  # "Japan banned U.S. beef after a case of mad cow disease"
        if self._trade_remedy(anchor, np):
            return None  # "the EU imposed anti-dumping duties on Chinese steel pipes"
        category = self._modifier_category(anchor, category)
        if np != anchor:
            category = self._modifier_category(np, category)
        mods = self._modifier_sides(anchor)
        if np != anchor:  # "the South African sanctions law": the law's modifiers too
            mods += [x for x in self._modifier_sides(np) if x[0] != anchor]
        mod_codes = {c for _m, side, _k in mods for c in side.codes}
        # 1. The trigger's own noun phrase: "sanctions on Iran", "sanctions imposed by".
        pronoun_senders: list[Side] = []
        heads = [anchor] if np == anchor else [anchor, np]
        for c in anchor.children:  # "tariffs of 25 percent on U.S. soybeans"
            if c.dep_ == "prep" and c.lower_ in self.w.amount_preps:
                heads += [o for o in c.children if o.dep_ == "pobj"]
        for h in [*heads, *([pred] if pred is not None and not is_verb else [])]:
            for o in self._relation_targets(h):  # "sanctions in relation to Guinea-Bissau"
                found = self.resolve_np(o, with_of=False)
                if found.how == "syntax":  # a named party, not "in connection with the sale"
                    targets.add(*unpack(found))
        objects: list[Token] = []  # the measure's own objects ("on its shipping")
        for h in heads:
            wanted = set(self.w.target_preps)
            if _lemma(h) in self.w.of_target_nouns or (cut and h == anchor):
                wanted.add("of")  # "a boycott of South Africa", "a suspension of air links with"
            for o in preps(h, wanted):
                targets.add(*unpack(self.subtree_side(o, exclude=mod_codes)))
                category = self._object_category(o, category)
                objects.append(o)
            if not is_verb:
                for o in preps(h, self.w.noun_sender_preps):
                    senders.add(*unpack(self.resolve_np(o)))
                    for t in self._agent_objects(o):  # "a ban by the EU on Iranian oil"
                        targets.add(*unpack(self.subtree_side(t)))
                        objects.append(t)
            for c in h.children:
                if (
                    c.dep_ == "ccomp"
                    and self.rules.actions.get(_lemma(c)) == "imposed"
                    and self._clause_imposed(h)
                ):
                    pass  # "the export controls Japan imposed", parsed as a complement
                elif c.dep_ not in ("acl", "relcl"):
                    continue
                # "the tariffs Washington is to impose on Japanese electronics", "the duties
                # Brussels plans to levy on Chinese steel": the clause's infinitive imposing
                # the measure names its target.
                imposing = self._imposing_xcomps(c)
                if c.pos_ == "VERB" or imposing:
                    for o in [
                        *preps(c, self.w.target_preps),
                        *(o for x in imposing for o in preps(x, self.w.target_preps)),
                    ]:
                        targets.add(*unpack(self.subtree_side(o)))
                        category = self._object_category(o, category)
                        objects.append(o)
                    obj = child(c, ("dobj",))
                    if obj is not None and _lemma(c) in self.w.affect_verbs:
                        # "sanctions that had choked Iran's economy"
                        targets.add(*unpack(self.subtree_side(obj)))
                    for o in preps(c, ("by",)):
                        senders.add(*unpack(self.resolve_np(o)))
                        for t in self._agent_objects(o):  # "imposed by the UN on Iraq"
                            targets.add(*unpack(self.subtree_side(t)))
                            objects.append(t)
                    subj, _ = self.subject(c)
                    if subj is not None and subj != anchor and subj != np:
                        side = self.resolve_np(subj)
                        if side.how == "syntax":
                            senders.add(*unpack(side))
                        else:  # "restore the sanctions it had lifted": the verb's subject first
                            pronoun_senders.append(side)
        # 2. A noun predicate: "the U.S. imposition of tariffs on ...".
        if noun_pred is not None:
            for o in preps(noun_pred, self.w.target_preps):
                if o != np and np not in o.subtree:  # "an appeal against EU sanctions"
                    targets.add(*unpack(self.subtree_side(o)))
            for o in preps(noun_pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
            # "Sudan's removal from the U.S. terrorism list": the party struck off a list
            # is the lifting's target, and the list's owner (its modifier) the sender.
            struck_off = (
                np.dep_ == "pobj"
                and np.head.head == noun_pred
                and np.head.lower_ in self.w.delisting_preps
                and _lemma(np) in self.w.list_nouns
                and rules.actions.get(_lemma(noun_pred)) == "lifted"
                and not preps(noun_pred, ("of",))  # "the U.S. removal of Cuba from the list"
            )
            for m, side, _k in self._modifier_sides(noun_pred):
                if struck_off:
                    targets.add(side.codes, "modifier", side.actors)
                else:
                    senders.add(side.codes, "modifier", side.actors)
                del m
        if noun_pred is not None and not targets:
            # "Iran accepted limits in exchange for relief from U.S. sanctions": the party
            # that gives something in return for the relief is its target.
            targets.add(*unpack(self._relief_seeker(noun_pred, mod_codes)))
        # 3. The verb that governs the phrase.
        if is_verb:
            if not self._sanction_verb_sides(anchor, senders, targets, named_only=cut):
                return None
            if not senders:  # "Russian flights were banned from EU airspace"
                senders.add(*unpack(self._space_owner(anchor)))
            generic = _lemma(anchor) not in rules.sanction_verbs
            if (generic or _lemma(anchor) in self.w.state_only_verbs) and not senders:
                # "froze the defendants' assets": a generic restricting verb (or "blockaded
                # the parliament") is a sanction only when a state or bloc does it.
                return None
        elif pred is not None and pred.pos_ in ("VERB", "AUX", "ADJ"):
            self._sanction_pred_sides(pred, noun_pred or np, senders, targets, mod_codes)
            if cut and not set(targets.codes) - set(senders.codes):
                # "announced a freeze on its aid to Myanmar" ("its" is the sender), "is
                # considering a halt to military aid to Egypt"
                recipients = preps(pred, self.w.recipient_preps)
                recipients += [o for o in self._cut_recipients(anchor) if o not in recipients]
                for o in recipients:
                    targets.add(*unpack(self.subtree_side(o)))
        if not senders:
            for side in pronoun_senders:
                senders.add(*unpack(side))
        penalizer = self._penalizer(pred) if pred is not None and targets else None
        if penalizer is not None and not senders:
            # "the Treasury fined the bank for violating sanctions on Sudan", "fined the firm
            # for breaking its embargo on Iran": who punishes the breach enforces its own
            # measure ("its" is the punisher, not the nearest state), unless one is named.
            mods = [(m, s, k) for m, s, k in mods if not (k == "poss" and m.pos_ == "PRON")]
            if not {c for _m, s, _k in mods for c in s.codes} - set(targets.codes):
                side = self.resolve_np(penalizer, exclude=set(targets.codes))
                senders.add([c for c in side.codes if c not in targets.codes], side.how)
        # 4. Modifiers of the trigger: "U.S. sanctions", "Iran sanctions", "EU China arms ban".
        self._assign_modifiers(mods, senders, targets, answer=answer)
        # 5. Controlling verbs: "threatened to impose", "urged the EU to impose", "warned Tokyo".
        prev = chain[0]
        suffers = pred is not None and _lemma(pred) in self.w.target_subject_verbs
        # "called for the embargo to be lifted": the caller pushes; it would not lift it.
        passive_measure = pred is not None and any(
            c.dep_ == "nsubjpass" and (c == np or np in c.subtree) for c in pred.children
        )
        # "takes China to the WTO over trade curbs": the measure is the topic of its verb,
        # whose subject neither imposes nor controls it.
        topic = np.dep_ == "pobj" and np.head.lower_ in self.w.topic_preps
        if topic and not senders and not is_verb:
            host = governor(np)  # "to the WTO over ...": the verb above the forum
            while host is not None and host.pos_ in ("NOUN", "PROPN") and host.dep_ == "pobj":
                host = governor(host)
            if host is not None:
                senders.add(*unpack(self._accused(host, targets)))
        hypothetical = False  # above "lifting the embargo would ...": no one's act
        # "the law, which punishes foreign firms doing business with Cuba": a secondary
        # penalty a relative clause describes is its noun's; a clause above does not lend it
        # a sender ("the EU threatened to retaliate against the law, which ...").
        described = is_verb and anchor.dep_ == "relcl"
        described = described and _lemma(anchor) in self.w.secondary_penalty_verbs
        for up in chain[1:]:
            if described:
                break
            if topic and up == governor(np):
                break
            # Only verbs that control the trigger's clause lend their subject: "able to",
            # "ready to" (adjectives) pass control on to the copula above them.
            control = prev.dep_ in ("xcomp", "conj", "acomp") or _lemma(up) in rules.actions
            if self._against_act(child(prev, ("pcomp",)) or prev) == up:
                control = False  # "Netanyahu warned against lifting": the warner does not lift
            via_acl = prev.dep_ == "acl"
            hypothetical = hypothetical or prev.dep_ == "csubj"
            prev = up
            if hypothetical:
                continue  # "Washington warned that lifting the embargo would harm ties"
            if up.pos_ in ("NOUN", "PROPN") and via_acl and not senders:
                # "a UN resolution calling on Khartoum to ... face sanctions": the body whose
                # resolution, decision or law it is.
                for _m, side, _k in self._modifier_sides(up):
                    senders.add([c for c in side.codes if c not in targets.codes], "modifier")
                continue
            if up.pos_ not in ("VERB", "AUX") or _lemma(up) in self.w.speech or not control:
                continue
            if suffers and prev.dep_ in ("conj", "xcomp"):
                continue  # "calling on Khartoum to restore security or face sanctions"
            if not targets and _lemma(up) in self.w.warning_verbs:
                obj = child(up, ("dobj",))
                if obj is not None:
                    targets.add(*unpack(self.resolve_np(obj)))
            if not senders and not passive_measure:
                subj, passive = self.subject(up)
                if (
                    subj is not None
                    and not passive
                    and _lemma(up) not in self.w.target_subject_verbs
                    and subj != np
                    and np not in subj.subtree  # "a boycott ... would take effect"
                    and not (np.dep_ == "nsubj" and np.head == up)  # a second subject parsed
                    and self._sender_subject(up, subj, self._own_senders(mod_codes, targets))
                ):
                    side = self.resolve_np(subj)
                    senders.add([c for c in side.codes if c not in targets.codes], side.how)
        if not senders:
            # "Washington warned the EU that lifting the embargo on China would harm ties":
            # a party warned that doing it would cost it is the one who would do it.
            senders.add(*unpack(self._warned_doer(chain, targets)))
        if not senders and not is_verb and self._us_list(np):
            # "two Russian firms were put on the entity list": the U.S. list names its owner
            senders.add([c for c in ("USA",) if c not in targets.codes], "modifier")
        # 6. Fall-backs: a party hoping for relief is the target ("Tehran hopes the U.S. will
        # lift sanctions"); the speaker as sender; the one other state in the sentence.
        demanded = threat_condition = False
        if not targets and self._sanction_action(anchor, noun_pred, chain) in ("lifted", "eased"):
            # "North Korea reiterated its demand that the US ease sanctions", "Moscow demanded
            # that the West lift its sanctions": who demands relief is the one under them,
            # and the relief is hoped for.
            demander = self._relief_demander(anchor, senders)
            demanded = bool(demander)
            targets.add(*unpack(demander))
        if not targets and self._sanction_action(anchor, noun_pred, chain) in ("lifted", "eased"):
            # "granted India a waiver from sanctions", "issued a sanctions waiver to Turkey":
            # the party given the relief is the one under the measure.
            targets.add(*unpack(self._relief_recipient(chain, senders)))
        if not targets:
            for up in chain[1:]:
                if _lemma(up) in self.w.wish_verbs and up.pos_ == "VERB":
                    subj, _ = self.subject(up)
                    if subj is not None:
                        side = self.resolve_np(subj, exclude=set(senders.codes))
                        if set(side.codes) <= self.w.habitual_senders:
                            # "Reagan hoped the sanctions could be lifted soon": a state
                            # that habitually imposes sanctions hopes to lift its own.
                            break
                        if side and not set(side.codes) & set(senders.codes):
                            targets.add(side.codes, "syntax", side.actors)
                            break
        if not targets and not is_verb:
            # "Russia's economy shrank because of EU sanctions": the one it befalls.
            targets.add(*unpack(self._caused_side(np, senders)))
        if (
            not targets
            and pred is not None
            and rules.actions.get(_lemma(pred))
            in (
                "lifted",
                "eased",
            )
        ):
            # "will not lift the embargo until China signs ...": the one bound to comply.
            targets.add(*unpack(self._condition_side(chain, senders)))
        if answer:
            marks = self.w.retaliation_condition_marks
            if not targets:
                # "will retaliate if the Community adopts the tax", "ready to retaliate unless
                # Tokyo opens its market": whose act the threat is conditioned on is its target.
                targets.add(*unpack(self._condition_side(chain, senders, marks, own=True)))
            # A retaliation put on a condition is a threat ("prepared to retaliate if it is
            # introduced"), whoever the condition names.
            threat_condition = bool(self._marked_clauses(chain, marks))
        elif not targets and pred is not None and rules.actions.get(_lemma(pred)) == "imposed":
            # "the EU would impose sanctions if Iran refuses", "Should Pyongyang test again,
            # Tokyo will impose sanctions": whose act the measure is held over is its target;
            # not a state that habitually imposes them, whose consent it may wait on ("will
            # impose sanctions if the UN approves them", "if Britain agrees").
            marks = self.w.retaliation_condition_marks
            conditioned = self._condition_side(chain, senders, marks, own=True)
            if conditioned.codes and not set(conditioned.codes) & self.w.habitual_senders:
                targets.add(*unpack(conditioned))
        if not targets and (answer or not is_verb):
            # "such a bill would provoke swift EC retaliation", "Turkey's purchase of the
            # S-400 triggered U.S. sanctions": what brings the measure on is hit.
            targets.add(*unpack(self._provoker_side(np if not is_verb else anchor, senders)))
        if not senders and not is_verb:
            # "opened a Section 301 probe of Brazil's policy that could lead to retaliatory
            # tariffs": who runs the inquiry would impose what it brings on.
            senders.add(*unpack(self._inquiry_owner(np, set(targets.codes))))
        referral = False
        if not senders or not targets:
            # "Iran could face sanctions if it is referred to the UN Security Council",
            # "refer Pyongyang to the Security Council, which could impose sanctions": the
            # body a party is taken before would impose them on that party.
            for forum, referred in self._referral_clauses(chain, pred):
                referral = True
                if not senders:
                    senders.add(*unpack(self.resolve_np(forum)))
                if not targets and referred is not None:
                    side = self.subtree_side(referred)
                    targets.add([c for c in side.codes if c not in senders.codes], side.how)
        # A measure's reach a speaker notes ("Straw noted arms embargoes applied to China and
        # Burma") is no measure of the speaker's.
        scope = np.dep_ == "nsubj" and np.head == pred and _lemma(np.head) in self.w.scope_verbs
        if targets and not senders and not described and not scope:
            spk = self.speaker() or self.pronoun_speaker()
            if spk and not set(spk.codes) & {*targets.codes, *self._opposer_codes(np, pred)}:
                senders.add(spk.codes, "speaker", spk.actors)
        if answer and not senders and not is_verb and self._provoking_verb(np) is not None:
            # "legislation that would provoke retaliation against American exporters": an
            # answer some act would bring on, by no one named, is a worry, no threat.
            return None
        if not targets and not senders and not is_verb:
            # Vague sender ("Western sanctions"): the one state the sentence names is the
            # target, unless that state is only present as an official or institution.
            named = {p.code: p.kind for p in self.party_at.values() if p.code}
            actor_codes = set()
            for up in chain[1:]:  # "Russia bans imports in retaliation over sanctions"
                subj, _ = self.subject(up) if up.pos_ in ("VERB", "AUX") else (None, False)
                if subj is not None:
                    actor_codes.update(self._codes(self.parties_in(np_tokens(subj)))[0])
            plural = anchor.lower_ in self.w.vague_measure_forms
            if len(named) == 1 and plural:
                code, kind = next(iter(named.items()))
                if (
                    kind in ("name", "demonym", "capital", "group")
                    and code not in actor_codes
                    # "the imposition of sanctions showed the United States would act": a
                    # state that habitually imposes sanctions is their likelier sender.
                    and code not in self.w.habitual_senders
                ):
                    targets.add([code], "context")
        if not targets and self._answers(anchor):
            # "Japan would retaliate against the tariffs proposed by the U.S.": the party
            # behind the measure answered, named by its participle's 'by', is hit.
            for o in [
                o for h in (anchor, pred) if h is not None for o in preps(h, self.w.target_preps)
            ]:
                if o.pos_ == "NOUN" and self._pending_agent(o):
                    for c in o.children:
                        if c.dep_ == "acl" and c.tag_ == "VBN":
                            for a in preps(c, ("by",)):
                                targets.add(*unpack(self.resolve_np(a, exclude=set(senders.codes))))
        if not targets:
            # "the sanctions imposed after Pakistan's nuclear tests", "the measures imposed
            # over Iran's missile programme": whose act is punished is the target.
            targets.add(*unpack(self._punished_party([anchor, np, pred], set(senders.codes))))
        if not targets:
            # "India's tests prompted the United States to cut off aid": who provokes is hit.
            act = anchor if is_verb else pred
            targets.add(*unpack(self._causer_side(act, set(senders.codes))))
        # "an arms embargo on government and rebel forces in Ivory Coast": people or forces
        # that only a generic word ties to a state ("government", resolved to a state named
        # nearby) belong to the place their phrase names (the parser may hang it on the
        # measure), not to the speaker's state or the article's.
        aimed = [o for h in heads for o in preps(h, self.w.target_preps)]
        if pred is not None:
            aimed += preps(pred, self.w.target_preps)
        people = self.w.generic_target_nouns | self.w.group_nouns | self.w.recipient_nouns
        literal = ("name", "demonym", "capital", "group", "bloc")
        for o in aimed:
            if _lemma(o) not in people:
                continue
            places = preps(o, ("in",)) + [p for h in heads for p in preps(h, ("in",))]
            inside = [t for t in o.subtree if not any(t in p.subtree for p in places)]
            if not places or any(p.kind in literal for p in self.parties_in(inside)):
                continue  # "sanctions on Iranian officials in Iraq": their own state
            where = Side()
            for p in places:
                where.add(*unpack(self.subtree_side(p, exclude=set(senders.codes))))
            if where:
                targets = where
                break
        if not targets and senders:
            # "imposed sanctions on senior generals and military-owned businesses": people
            # or firms of the state the article is about (if it is not a sender).
            objs = [o for h in heads for o in preps(h, self.w.target_preps)]
            if pred is not None:
                objs += preps(pred, self.w.target_preps)
            if any(_lemma(o) in self.w.generic_target_nouns for o in objs):
                for code, _n in self.ctx.codes().most_common():
                    if code not in senders.codes and code not in BLOCS:
                        targets.add([code], "context")
                        break
        if not targets and not is_verb and pred is not None and pred.pos_ == "VERB":
            # "imposed a ban on weapons sales to Argentina": the parser hangs the goods'
            # destination on the verb; it is the target.
            goods = [o for h in heads for o in preps(h, ("on",))]
            trade = self.w.restricted_trade_objects
            # "tightened export controls on chemicals to South Korea": an export measure
            # sends whatever goods it names to the verb's destination.
            outward = any(
                _lemma(c) in self.w.export_measure_modifiers
                for h in heads
                for c in h.children
                if c.dep_ in ("compound", "amod", "nmod")
            )
            if outward and np.dep_ == "dobj":  # "on semiconductors" hung on the verb too
                goods += preps(pred, ("on",))
            if goods and (outward or any(_lemma(o) in trade or self._arms_goods(o) for o in goods)):
                for o in preps(pred, self.w.destination_preps):
                    targets.add(*unpack(self.subtree_side(o)))
        if not targets and senders:
            # "export controls on chips destined for China", "banned oil bound for Syria":
            # the goods' destination is the target.
            goods = [o for h in heads for o in preps(h, self.w.target_preps)]
            if pred is not None and pred.pos_ == "VERB":
                goods += preps(pred, self.w.target_preps)
            if is_verb:
                goods += [o for o in anchor.children if o.dep_ == "dobj"]
            for o in self._destinations(goods):
                side = self.subtree_side(o, exclude=set(senders.codes))
                if not set(side.codes) & set(senders.codes):  # not travel into its own land
                    targets.add(*unpack(side))
                    if _lemma(o.head.head) in self.w.movement_nouns:
                        category = "travel"  # "lifted the ban on travel to Fiji"
        act = anchor if is_verb else pred
        if senders and act is not None and (is_verb or _lemma(act) in rules.actions):
            # only the act on the measure itself ("in imposing sanctions", "in banning
            # imports"), not "joined Brazil in criticising the U.S. embargo"
            joiner = self.joined_party([act])
            senders.add([c for c in joiner.codes if c not in targets.codes], "syntax")
        own = not set(targets.codes) - set(senders.codes)  # none, or "from their airspace"
        if own and len(senders.codes) > 1 and self._reciprocal(pred or anchor):
            # "Washington and Beijing slapped tariffs on each other's goods": every sender
            # is a target of the others (sanction_frames splits the frame per sender).
            targets.codes = list(senders.codes)
            targets.how = "syntax"
        else:
            targets.codes = [c for c in targets.codes if c not in senders.codes]
            if not targets.codes and senders.codes and targets.how == "context":
                # "Iran accused Washington of imposing sanctions on its banks": a pronoun
                # read as the sender stands for the party of a clause above the measure
                # (not "agreed to impose a duty on its exports": its own goods).
                pronouns = [
                    t
                    for o in objects
                    for t in o.subtree
                    if t.dep_ == "poss" and t.lower_ in self.w.state_pronouns
                ]
                if pronouns:
                    targets.add(*unpack(self._matrix_party(pronouns[0], set(senders.codes))))
        if (not targets or targets.how == "context") and self._generic_states(heads, pred):
            # "retaliate against nations with large trade surpluses", "against a nation if
            # its market is closed": aimed at states no one names, not the article's state.
            return None
        # "Tariffs are due to take effect on April 17" in a story about coercion: a measure
        # started names no side either; the article fills both.
        started = (
            not cut
            and self.coercive
            and _lemma(anchor) in self.w.coercion_only_measures
            and self._starting(anchor)
        )
        open_sender = False
        if not senders and (cut or _lemma(anchor) in self.w.conditional_measures):
            # A ban or a tariff is a sanction only when a state or bloc imposes it; in a
            # story about coercion, "the tariffs on Japanese television sets took effect"
            # may take its sender from the article's other records of the same target.
            open_sender = (
                not cut
                and (bool(targets) or started)
                and self.coercive
                and _lemma(anchor) in self.w.coercion_only_measures
            )
            if not open_sender:
                return None
        if cut and not targets:
            return None  # "aid deliveries paused for the safety of staff": aimed at no one
        sideless = not targets and not senders
        acted_on = pred is not None and _lemma(pred) in rules.actions  # "could be lifted"
        if sideless and not (
            (anchor.lower_ in self.w.sideless_measure_forms and acted_on) or started
        ):
            return None
        # Only the measure's possessor as sender: "the Security Council's sanctions".
        owner = senders.how == "modifier" and any(
            k == "poss" and set(senders.codes) <= set(s.codes) for _m, s, k in mods
        )
        provisional = False
        unaimed = False  # a measure only a modifier names the sender of, and no target
        if not targets and senders and senders.how != "syntax" and not owner:
            # ("the Security Council's sanctions were terminated": the owner is named)
            if not self._exchange:
                unaimed = True
            else:
                provisional = True  # kept only if a tit for tat in the sentence gives a target
        # A named sender with no target, or a bare "the sanctions" governed by a verb, may
        # still get its sides from the article (Tagger._events).
        # Action and status.
        if (
            noun_pred is None
            and pred is not None
            and np.dep_ == "pobj"
            and np.head.lower_ == "from"
        ):
            relief = child(pred, ("dobj",))
            if relief is not None and _lemma(relief) in rules.actions:
                noun_pred = relief  # "won relief from sanctions": the relief is the action
        action = self._sanction_action(anchor, noun_pred, chain)
        if cut and is_verb and _lemma(anchor) in self.w.resuming_verbs:
            action = "lifted"  # "resumed military aid to Egypt": the aid cut is over
        if not is_verb and action in ("lifted", "eased", "extended"):
            # "Germany backed plans to lift the European Union's sanctions on Iran", "France
            # wants to end the EU's arms embargo": a measure's named owner is its sender; who
            # backs, wants or plans its end is a third party (at most an optional sender).
            holders = {c for m, s, k in mods if k == "poss" and m.pos_ != "PRON" for c in s.codes}
            if holders & set(senders.codes) and set(senders.codes) - holders:
                senders.codes = [c for c in senders.codes if c in holders]
                senders.actors = [a for a in senders.actors if a.country in holders]
        held = is_verb and bool(self._marked_clauses([anchor], self.w.retaliation_condition_marks))
        if (
            unaimed
            and action == "imposed"
            and (_lemma(anchor) in self.w.policy_measures or self._answers(anchor))
            and not (held and self.modality(chain)[0])
        ):
            # "U.S. import curbs on steel products": a measure of trade policy only a modifier
            # names, aimed at no one in its sentence, not lifted, extended or threatened by
            # its verb. A sanction is kept ("U.S. sanctions have hurt exporters", "U.S.
            # sanctions will be lifted next month") and takes the article's target
            # (Tagger._fill_from_article). A retaliation is as vague as a tariff ("would
            # mandate U.S. retaliation against unfair trade"), unless held over its own
            # condition ("said it would retaliate immediately if EC exports were hit").
            return None
        if pred is not None and noun_pred is None and self._listing(pred, np) == "lifted":
            action = "lifted"  # "struck three banks off its blacklist"
        if pred is not None and self._privilege_list(anchor):
            # A list of privileges works the other way: struck off it, a party loses them
            # ("dropped Japan from its list of preferred trading partners"); put back on it,
            # it has them again.
            listing = self._listing(pred, np)
            if listing is None:
                return None
            action = "imposed" if listing == "lifted" else "lifted"
        if action == "imposed" and self._let_expire(pred, np):
            action = "lifted"  # "let the sanctions lapse": left to run out, not renewed
        if action == "imposed" and self._opposed_proposal(np, pred, mod_codes):
            action = "threatened"  # "Bonn opposed further sanctions against South Africa"
        if action == "lifted" and self._partial([noun_pred or pred or anchor, np]):
            action = "eased"  # "partially lifted", "lifted some of its sanctions"
        if action in ("lifted", "eased") and not is_verb and self._pending(np):
            # "persuade the U.S. to drop threatened trade sanctions", "dropped its proposed
            # duties": only a threat is withdrawn (GUIDELINES.md: a pending measure is
            # threatened); no measure in force is lifted.
            action = "threatened"
        enforced = chain
        if pred is not None and _lemma(pred) in self.w.enforcing_verbs and pred in chain:
            # "the sanctions imposed on Iran by the United States": its own agent
            agent = any(preps(c, ("by",)) for c in np.children if c.dep_ == "acl")
            if self._own_senders(mod_codes, targets) or agent:
                # "would comply with EU sanctions": the enforcer's plan, not the measure's.
                enforced = chain[: chain.index(pred)]
        elif (
            pred is not None
            and action == "imposed"
            and _lemma(pred) in self.w.violation_verbs
            and pred in chain
            and pred.dep_ == "pcomp"
        ):
            # "is wanted in the U.S. for defying sanctions on Yugoslavia", "was charged with
            # plotting to evade the embargo": a breach punished or sought is of a measure in
            # force, whatever the verbs above it say of the breach.
            enforced = chain[: chain.index(pred)]
        if (
            action in ("imposed", "threatened")
            and not is_verb
            and self._clause_imposed(np)
            and self._standing_measure(np)
        ):
            # "would retaliate against tariffs the Reagan administration imposed last
            # Friday": the measure's own clause tells its action; the threat is the answer's.
            action, enforced = "imposed", chain[:1]
        planned, negated, conditional = self.modality(enforced)
        if (
            pred is not None
            and (negated or any(c.dep_ == "neg" for c in pred.children))
            and _lemma(pred) in self.w.joining_verbs
            and self._own_senders(mod_codes, targets)
        ):
            # "would not join the U.S. embargo on Libya", "declined to join EU sanctions on
            # Russia": who stays out is no sender, and the measure it stays out of stands.
            senders.codes = [c for c in senders.codes if c in mod_codes]
            planned = negated = conditional = False
            action = "imposed"
        planned = planned or demanded
        if any(
            chain[i - 1].dep_ == "nsubj"
            and self._open_option(t)
            and any(c.dep_ == "neg" for c in t.children)
            for i, t in enumerate(chain[1:], 1)
        ):
            negated = True  # "sanctions are not an option": ruled out
        raised = self._raised(chain[1]) if len(chain) > 1 else None
        if chain[0].dep_ in ("nsubj", "nsubjpass") and raised is not None:
            # "the sanctions are likely to be lifted": not yet ("are likely to hurt": as is)
            planned = planned or _lemma(raised) in self.rules.actions
        claim, claimant, _accuser = self.claim(chain[0], set(senders.codes) | set(targets.codes))
        if negated and action in ("imposed", "threatened") and self._dissuaded(chain):
            # "talks aimed at persuading the U.S. not to impose tariffs on Japanese goods",
            # "urged Washington not to sanction German firms": a measure still pending.
            negated, planned = False, True
        if negated and action in ("imposed", "threatened"):
            return None  # "did not impose sanctions", "has never threatened", "rejected"
        lapses = any(_lemma(t) in self.w.lapse_verbs and t.pos_ == "VERB" for t in chain[1:])
        if action == "extended" and (negated or lapses):
            action, negated = "lifted", False  # "did not renew", "failed to renew": a lapse
        elif negated and action in ("lifted", "eased") and self._refusal(noun_pred or pred):
            planned = True  # "refused to lift", "ruled out lifting": a hoped-for lifting
        if action == "imposed" and self._blocked(anchor if is_verb else np):
            action = "threatened"  # "Hungary blocked new EU sanctions": never imposed
        if action == "imposed" and referral:
            action = "threatened"  # "referred to the Council, which has the power to impose"
        if action == "imposed" and not is_verb and self._authorised_retaliation(anchor):
            action = "threatened"  # "won WTO backing to impose tariffs": allowed, not yet
        if action == "imposed" and (planned or conditional or threat_condition):
            action = "threatened"
        if (
            action in ("eased", "lifted")
            and pred is not None
            and _lemma(noun_pred or pred) in self.w.opening_verbs
            and self._liberalisation(anchor, np, [*heads, pred])
        ):
            return None  # "urged the government to remove residual import restrictions"
        status = "planned" if action == "threatened" or planned or conditional else "reported"
        if claim == "denied":
            status = "denied"
        elif claim == "alleged" and status == "reported":
            status = "alleged"
        extra: list[dict[str, str | list[str] | None]] = []
        if action != "imposed":
            # "would not lift the sanctions it imposed": the imposition is reported too.
            for c in [*anchor.children, *(np.children if np != anchor else [])]:
                if (
                    c.dep_ in ("relcl", "acl")
                    and self.rules.actions.get(_lemma(c)) == "imposed"
                    and c.tag_ in ("VBD", "VBN")
                    and not any(
                        a.dep_ == "aux"
                        and (a.lower_ == "would" or a.lower_ in self.w.future_clause_auxiliaries)
                        for a in c.children
                    )
                ):
                    extra.append({"action": "imposed", "status": "reported", "claimant": None})
                    break
        conf = confidence(senders, targets, base=0.55)
        return Frame(
            type="sanction",
            extra=extra,
            action=action,
            status=status,
            category=category,
            sources=senders.codes,
            targets=targets.codes,
            predicate=(pred or anchor).i,
            confidence=conf,
            actors=senders.actors + targets.actors,
            claimant=", ".join(claimant.codes) if claimant and claim else None,
            future=status == "planned",
            source_how=senders.how,
            target_how=targets.how,
            provisional=provisional,
            open_sender=open_sender,
            retaliation=_lemma(anchor) in self.w.armed_answer_words,
            bare_answer=self._bare_answer(anchor),
        )

    def _health_measure(self, anchor: Token, np: Token, pred: Token | None, category: str) -> bool:
        """A trade ban or curb whose own clause gives a disease or a health or safety risk
        as its reason ('Russia halted poultry imports from Brazil over bird flu', 'lifted its
        ban on U.S. beef imposed over mad cow disease', 'bans imports of hormone-fed beef'):
        health policy, no sanction, unless the clause calls it pressure or coercion
        (roles.json health_reason_stems, pretext_stems)."""
        lemma = _lemma(anchor)
        if category != "trade" or lemma in self.rules.sanction_nouns:
            return False
        if anchor.pos_ == "VERB" and lemma in self.rules.sanction_verbs:
            return False
        clause = anchor if anchor.pos_ == "VERB" else (pred if pred is not None else np)
        tokens = sorted(clause.subtree, key=lambda t: t.i)
        text = self.doc[tokens[0].i : tokens[-1].i + 1].text
        return bool(self.rules.health_reason.search(text)) and not self.rules.pretext.search(text)

    def _liberalisation(self, anchor: Token, np: Token, heads: Sequence[Token | None]) -> bool:
        """A trade-policy measure (policy_measures) reduced or removed (opening_verbs) as
        ordinary market opening: not one already named ('lift these trade restrictions'),
        nor one a clause says was imposed, nor aimed at a state itself ('lifted trade
        restrictions on Vietnam') or at goods sent to one ('eased curbs on exports of
        computers to China'), in an article and a sentence that tell of no coercion ('called
        on the U.S. to remove curbs on its exports', 'obliges them to reduce tariffs on many
        industrial goods')."""
        if _lemma(anchor) not in self.w.policy_measures:
            return False
        if any(
            c.dep_ in ("det", "poss") and c.lower_ in self.w.anaphoric_determiners
            for h in {anchor, np}
            for c in h.children
        ):
            return False
        if self.coercive or any(
            c.dep_ in ("relcl", "acl") and self.rules.actions.get(_lemma(c)) == "imposed"
            for c in np.children
        ):
            return False  # a story about coercion; "lift tariffs imposed last week"
        state_kinds = ("name", "capital", "bloc")
        for o in [o for h in heads if h is not None for o in preps(h, self.w.target_preps)]:
            if any(
                p.kind in state_kinds and p.start <= o.i < p.end
                for p in self.parties_in(list(o.subtree))
            ):
                return False  # "on Vietnam", "against Japan", "export curbs on South Korea"
        if any(
            any(p.kind in state_kinds for p in self.parties_in(list(d.subtree)))
            for t in self.doc
            for d in preps(t, self.w.destination_preps)
        ):
            return False  # export controls: "eased curbs on exports of computers to China"
        if self.rules.coercion.search(self.doc.text) or self.rules.pretext.search(self.doc.text):
            return False
        return not any(_lemma(t) in self.w.retaliation_cues for t in self.doc)

    def _trade_remedy(self, anchor: Token, np: Token) -> bool:
        """A tariff or duty against dumping, subsidies or an import surge, named so in its
        own noun phrase ('anti-dumping duties on Chinese steel', 'countervailing duties on
        Canadian lumber'): an ordinary trade remedy, no sanction, unless its clause calls it
        a retaliation or a penalty, or its sentence tells of a trade war or row
        (roles.json trade_remedy_stems, coercion_stems)."""
        if _lemma(anchor) not in self.w.coercion_only_measures or self._retaliation(anchor):
            return False
        if self.rules.coercion.search(self.doc.text):
            return False  # "anti-dumping duties on Japanese valves amid a worsening trade row"
        for h in {anchor, np}:
            start = min(t.i for t in h.subtree)  # the phrase up to its head
            if start < h.i and self.rules.trade_remedy.search(self.doc[start : h.i].text):
                return True
        return False

    def _generic_states(self, heads: Sequence[Token], pred: Token | None) -> bool:
        """Whether the measure's target phrase is only a group of states no one names: plural
        or indefinite ('retaliate against nations with large trade surpluses', 'against a
        nation if that nation's market is closed', 'against foreign countries that refuse'),
        not 'the country' (a named one) nor 'countries like Japan' (state_group_nouns)."""
        objs = [o for h in heads for o in preps(h, self.w.target_preps)]
        if pred is not None and pred.pos_ == "VERB":
            objs += preps(pred, self.w.target_preps)
        for o in objs:
            if _lemma(o) not in self.w.state_group_nouns:
                continue
            dets = {c.lower_ for c in o.children if c.dep_ in ("det", "poss")}
            if o.tag_ == "NNS" and not dets - {"all", "any", "other", "some"}:
                return True
            if dets & {"a", "an", "any", "every", "each"}:
                return True
        return False

    def _bare_answer(self, anchor: Token) -> bool:
        """A retaliation that names no measure in its clause: "vowed to retaliate",
        "America's retaliation against Iran", "carrying out retaliatory action against Iran"
        (not "retaliatory tariffs", "retaliated with sanctions")."""
        lemma = _lemma(anchor)
        if lemma not in self.w.countermeasure_words and not self._retaliation_word(anchor):
            return False
        answers = self.w.armed_answer_words | self.w.countermeasure_words
        measures = (self.rules.sanction_nouns.keys() | self.w.conditional_measures.keys()) - answers
        if lemma in measures:
            return False
        head = anchor.head if anchor.dep_ in ("pobj", "dobj", "nsubj") else anchor
        head = head.head if head.dep_ == "prep" else head
        return not any(_lemma(t) in measures for t in head.subtree if t != anchor)

    def _dissuaded(self, chain: Sequence[Token]) -> bool:
        """Is the measure's negated verb what another party is asked or persuaded not to do
        ("persuade the U.S. not to impose tariffs", "urged Washington not to sanction")?
        The measure is then pending, not ruled out: only the addressee could impose it."""
        for low, up in pairwise(chain[:3]):
            if low.pos_ != "VERB" or not any(c.dep_ == "neg" for c in low.children):
                continue
            return (
                low.dep_ == "xcomp"
                and up.pos_ == "VERB"
                and _lemma(up) in self.w.request_verbs | self.w.persuasion_verbs
                and child(up, ("dobj",)) is not None
            )
        return False

    def _matrix_party(self, tok: Token, exclude: set[str]) -> Side:
        """The named party that is the subject of the nearest clause above `tok` whose
        named subject is not in `exclude` ("Pyongyang said Tokyo had imposed sanctions on its
        ships": Pyongyang); an empty side when every named subject above is excluded ("the
        government agreed to impose a duty on its exports": its own goods)."""
        for verb in tok.ancestors:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            subj, passive = self.subject(verb)
            if subj is None or passive:
                continue
            side = self.resolve_np(subj)
            if side.how != "syntax":
                continue
            if set(side.codes) & exclude:
                continue  # the measure's own clause ("Washington imposed ... on its")
            return side
        return Side()

    def _not_target(self, subj: Token, side: Side, targets: Side) -> Side:
        """The subject's side, unless it is a bare office or pronoun resolved to the target
        itself ("the administration imposed sanctions on Venezuela" in a story that names
        only Venezuela): then the state it stands for other than the target, if any."""
        if not targets or set(side.codes) - set(targets.codes):
            return side
        parties = self.parties_in(np_tokens(subj))
        if any(p.code for p in parties):
            return side  # a named party: the tree says so
        if parties:  # a context institution ("the administration"): its usual state only
            defaults = [p.default for p in parties if p.default]
            codes = [c for c in defaults if c not in targets.codes]
            return Side(codes, "context") if codes else Side()
        return self.resolve_np(subj, exclude=set(targets.codes))

    def _penalizer(self, violation: Token) -> Token | None:
        """The subject of the verb that punishes a breach ("fined the bank for violating",
        `penalty_verbs`): the breach is its reason clause, on the verb or on its object."""
        prep = violation.head
        if _lemma(violation) not in self.w.violation_verbs:
            return None
        if violation.dep_ != "pcomp" or prep.lower_ not in self.w.penalty_reason_preps:
            return None
        verb = prep.head if prep.head.pos_ == "VERB" else prep.head.head
        lemma = _lemma(verb)
        subj, passive = self.subject(verb)
        passive = passive or verb.tag_ == "VBN"  # "is wanted in the United States for"
        if verb.pos_ != "VERB" or lemma not in self.w.penalty_verbs | self.w.wanted_verbs:
            return None
        if not passive:
            return subj if lemma in self.w.penalty_verbs else None
        # "was indicted in the United States for breaking sanctions", "is wanted in the U.S.
        # for defying sanctions", "was fined by the Treasury for": the state that punishes.
        for o in preps(verb, ("by", "in")):
            if self.resolve_np(o).how == "syntax":
                return o
        return None

    def _destinations(self, goods: Sequence[Token]) -> list[Token]:
        """The places the goods are bound for ("chips destined for China", "oil headed to
        Syria"): objects of a destination participle inside the goods' phrase; and where
        travel goes ("a ban on travel to Libya")."""
        out = []
        for g in goods:
            if _lemma(g) in self.w.movement_nouns:  # "its ban on travel to Libya"
                out += preps(g, self.w.destination_preps)
            for t in g.subtree:
                if t.dep_ == "acl" and (
                    t.lower_ in self.w.destination_participles
                    or _lemma(t) in self.w.destination_participles
                ):
                    out += preps(t, self.w.destination_participle_preps)
        return out

    def _partial(self, toks: Sequence[Token | None]) -> bool:
        """A lifting of part of a measure (GUIDELINES.md: eased): "partially lifted", "the
        partial lifting of", "lifted some of its sanctions", "lifted part of the embargo"."""
        for t in toks:
            if t is None:
                continue
            if any(
                c.dep_ in ("advmod", "amod", "det") and c.lower_ in self.w.partial_words
                for c in t.children
            ):
                return True
            if (
                t.dep_ == "pobj"
                and t.head.lower_ == "of"
                and t.head.head.lower_ in self.w.partial_words
            ):
                return True  # "some of its sanctions", "part of the embargo"
            if t.dep_ == "pobj" and t.head.lower_ == "of" and self._share_amount(t.head.head):
                return True  # "lifted 51 mln dlrs of the tariffs", "half of the duties"
            for o in preps(t, ("on",)):
                # "removed tariffs on 17 mln dlrs of the goods": a share of a known set
                if self._share_amount(o) and any(
                    g.dep_ == "pobj"
                    and any(
                        d.dep_ == "poss" or d.lower_ in ("the", "these", "those")
                        for d in g.children
                    )
                    for p in o.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children
                ):
                    return True
        return False

    def _share_amount(self, t: Token) -> bool:
        """An amount (share_amount_nouns): "51 mln dlrs", "20 pct", "half"; a unit needs its
        number, and "all 300 mln dlrs" is no share."""
        if t.lower_ not in self.w.share_amount_nouns:
            return False
        if any(c.lower_ in ("all", "entire", "full", "whole") for c in t.children):
            return False  # "on all 300 mln dlrs of the goods": the whole
        if t.lower_ in ("half", "third", "quarter", "fraction"):
            return True
        return any(
            c.dep_ in ("nummod", "compound", "quantmod") and c.like_num for c in t.children
        ) or any(c.dep_ == "amod" and c.lower_ in self.w.share_amount_nouns for c in t.children)

    def _let_expire(self, pred: Token | None, np: Token) -> bool:
        """Is the measure the object of a letting verb whose small clause runs it out ("let
        the sanctions on South Africa lapse", "allowed its travel ban to expire")? The parser
        often takes "lapse" for a noun in the object, so any expiry word after it counts."""
        if pred is None or _lemma(pred) not in self.w.letting_verbs:
            return False
        if pred not in (np.head, np.head.head):  # its object, or the subject of its clause
            return False
        return any(_lemma(t) in self.w.expiry_verbs for t in pred.subtree if t.i > np.i)

    def _open_option(self, verb: Token) -> bool:
        """A copula that keeps its subject open as a choice: "sanctions remain an option",
        "all options, including sanctions, are on the table" (option_nouns)."""
        if _lemma(verb) not in self.w.standing_verbs:
            return False
        for c in verb.children:
            if c.dep_ in ("attr", "acomp") and _lemma(c) in self.w.option_nouns:
                return True
            if c.dep_ == "acomp" and self._prospect_word(c):
                return True  # "sanctions against Syria are likely"
            if self._under_deliberation(c):
                return True  # "an oil embargo is under consideration"
            if c.dep_ == "prep" and c.lower_ == "on":
                if any(_lemma(o) in self.w.option_nouns for o in c.children if o.dep_ == "pobj"):
                    return True
        return False

    def _prospect_word(self, adj: Token) -> bool:
        """A predicative likelihood adjective with no infinitive of its own ("sanctions are
        likely", not "are likely to be lifted", which _raised reads)."""
        return adj.lower_ in self.w.likelihood_words and not any(
            c.dep_ == "xcomp" for c in adj.children
        )

    def _under_deliberation(self, prep: Token) -> bool:
        """An "under discussion" phrase (deliberation_nouns)."""
        return (
            prep.dep_ == "prep"
            and prep.lower_ == "under"
            and any(_lemma(o) in self.w.deliberation_nouns for o in prep.children)
        )

    def _headline_prospect(self, np: Token) -> bool:
        """A verbless headline clause that states a measure as a prospect: "Sanctions on
        Pyongyang under discussion", "Baldrige says sanctions likely", "U.S. sanctions on
        Toshiba possible" (the parser hangs the adjective on the verb or inside the noun
        phrase; it is the clause's last word, modifying no noun)."""
        if any(self._under_deliberation(c) for c in np.children):
            return True
        sent_end = np.sent.end - 1
        while sent_end > np.i and np.doc[sent_end].is_punct:
            sent_end -= 1
        last = np.doc[sent_end]
        if last.i <= np.i or not self._prospect_word(last) or last.dep_ == "amod":
            return False
        if last in np.subtree:
            return True  # "sanctions on Toshiba possible" (parsed inside the phrase)
        # "says sanctions likely": hung on the verb that takes the measure
        return last.head == np.head and last.i == max(t.i for t in np.subtree) + 1

    def _defier(self, np: Token) -> Token | None:
        """The word of a clause that acts in spite of the measure `np` heads: the verb of
        "went ahead despite UN sanctions" and "in defiance of Western sanctions", the
        adjective of "undeterred by American sanctions" (roles.json defiance_*)."""
        if np.dep_ != "pobj":
            return None
        via = np.head
        up = via.head
        if via.lower_ == "of" and _lemma(up) in self.w.defiance_nouns and up.dep_ == "pobj":
            via, up = up.head, up.head.head  # "in defiance of", "in the face of"
            if via.lower_ != "in":
                return None
        elif via.lower_ == "by" and _lemma(up) in self.w.defiance_adjectives:
            return up
        elif via.lower_ not in self.w.defiance_preps:
            return None
        # The verb of the clause, above a noun the phrase hangs on ("pressed ahead with
        # the annexation in defiance of ...").
        for _ in range(3):
            if up.pos_ not in ("NOUN", "PROPN") or up.dep_ not in ("pobj", "dobj"):
                break
            nxt = governor(up)
            if nxt is None:
                break
            up = nxt
        return up if up.pos_ in ("VERB", "AUX") else None

    def _defier_subject(self, defier: Token) -> Token | None:
        """The subject of a defying clause; an adjective's is its clause's ("Undeterred by
        the embargo, Tehran expanded ...")."""
        if defier.pos_ == "ADJ" and defier.dep_ in ("advcl", "amod", "acomp", "xcomp"):
            if defier.dep_ == "amod":
                return defier.head  # "an undeterred Tehran"
            defier = defier.head
        subj, passive = self.subject(defier)
        return subj if not passive else None

    def _refusal(self, lift: Token | None) -> bool:
        """A refusal right above the lifting ("refused to lift", "ruled out lifting", "has no
        intention of lifting"), unlike a plain negation ("has not lifted") or a refusal of
        something else on the condition of a lifting."""
        if lift is None:
            return False
        up = lift.head
        if lift.dep_ == "pcomp" and up.dep_ == "prep":
            up = up.head  # "no intention of lifting"
            if up.dep_ == "advmod" and up.pos_ == "ADV" and up.head.pos_ == "VERB":
                up = up.head  # "stopped short of lifting"
        elif lift.dep_ not in ("xcomp", "dobj", "ccomp"):
            return False
        if up.pos_ == "VERB" and self._refuses(up, lift):
            return True
        return up.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ in self.w.negative_determiners for c in up.children
        )

    def _condition_side(
        self,
        chain: Sequence[Token],
        senders: Side,
        marks: frozenset[str] | None = None,
        own: bool = False,
    ) -> Side:
        """The subject of the condition put on a lifting ("until China signs", "only if
        Hanoi accounts for ..."), not a sender; with `own`, also a condition on the measure's
        own verb and the agent of a passive one ("retaliate if the tax is approved by the
        Community")."""
        marks = self.w.release_condition_marks if marks is None else marks
        for c in self._marked_clauses(chain[0 if own else 1 :], marks):
            subj, passive = self.subject(c)
            if own and passive:
                agent = next(iter(preps(c, ("by",))), None)
                if agent is None and subj is not None:
                    # "may retaliate if the proposed EC tax is approved", "... the EC tax,
                    # and may retaliate if it is approved": whose measure the condition
                    # names is the target.
                    owner = self._measure_owner(subj, set(senders.codes))
                    if owner:
                        return owner
                subj = agent
                passive = False
            if subj is not None and not passive:
                side = self.resolve_np(subj, exclude=set(senders.codes))
                if own and side.how != "syntax":
                    continue  # a named party only, not "if it is introduced"
                return side
        return Side()

    def _measure_owner(self, noun: Token, exclude: set[str]) -> Side:
        """The party a measure's own modifiers name ("the proposed EC tax", "Japan's rice
        curbs"); for "it", the nearest noun before it in the sentence that such a modifier
        names ("hit by the proposed EC tax ... if it is approved", "the proposed Korean rules
        ... if they are adopted")."""
        if noun.lower_ in ("it", "they"):
            before = [
                t
                for t in noun.doc[noun.sent.start : noun.i]
                if t.pos_ == "NOUN" and self._modifier_sides(t)
            ]
            if not before:
                return Side()
            noun = before[-1]
        out = Side()
        for _m, side, kind in self._modifier_sides(noun):
            if kind == "poss" and _m.pos_ == "PRON":
                continue  # "its tax": no party named here
            out.add([c for c in side.codes if c not in exclude], "modifier", side.actors)
        return out

    def _modifier_category(self, tok: Token, category: str) -> str:
        """ "trade sanctions", "financial sanctions", "oil embargo"."""
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and _lemma(c) in self.rules.sanction_modifiers:
                mod_cat = self.rules.sanction_modifiers[_lemma(c)]
                if category in ("other", "trade") or mod_cat == "arms":
                    return mod_cat
        return category

    def _assign_modifiers(
        self,
        mods: list[tuple[Token, Side, str]],
        senders: Side,
        targets: Side,
        *,
        answer: bool = False,
    ) -> None:
        """Sender or target? "U.S. sanctions" (sender), "Iran sanctions" (target), "EU China
        arms ban" (sender, target), "U.S. sanctions on Iran" (sender, the target named); a
        lone state on a retaliation (`answer`) retaliates: "Thai retaliation", "EC reprisals"."""
        mods = [
            (m, s, k)
            for m, s, k in mods
            if not set(s.codes) <= set(senders.codes) | set(targets.codes)
            # "Japan agreed to extend its embargo": a possessive pronoun on the measure is
            # the sender already found, not the state named last ("met in Luxembourg").
            and not (k == "poss" and m.lower_ in self.w.state_pronouns and senders)
        ]
        if not mods:
            return
        if len(mods) >= 2 and not targets:
            habitual = [x for x in mods if set(x[1].codes) <= self.w.habitual_senders]
            others = [x for x in mods if x not in habitual]
            if not others:  # "U.S., European Union and U.N. sanctions": senders all
                first, rest = mods, []
            elif habitual:
                first, rest = habitual, others
            else:
                first, rest = mods[:1], mods[1:]
            for _m, s, _k in first:
                senders.add(s.codes, "modifier", s.actors)
            for _m, s, _k in rest:
                targets.add(s.codes, "modifier", s.actors)
            return
        for _m, side, kind in mods:
            if kind == "poss" or targets or (answer and not senders):
                senders.add(side.codes, "modifier", side.actors)
            elif senders or not set(side.codes) <= self.w.habitual_senders:
                targets.add(side.codes, "modifier", side.actors)
            else:
                senders.add(side.codes, "modifier", side.actors)

    def _object_category(self, obj: Token, category: str) -> str:
        """ "sanctions on Japanese imports" is a trade measure; "on Iranian banks" financial;
        "an embargo on arms exports", "a ban on military equipment" an arms one."""
        if self._arms_goods(obj):
            return "arms"
        if _lemma(obj) in self.w.movement_nouns:
            return "travel"  # "a ban on travel to Libya", "restrictions on travel to Cuba"
        if category != "other":
            return category
        lem = _lemma(obj)
        if lem in self.w.trade_objects:
            return "trade"
        if lem in self.w.financial_objects:
            return "financial"
        return category

    def _list_attachment(self, pred: Token | None, np: Token) -> Token | None:
        """A sanctions list the parser hangs on a participle inside the listed object belongs
        to the listing verb: "added 33 entities linked to the military to a blacklist",
        "removed two companies linked to Deripaska from its sanctions list"."""
        if pred is not None and pred.dep_ == "advmod" and pred.pos_ == "ADV":
            # "added Cuba back to its list", "put North Korea back on its blacklist": the
            # list hangs on the adverb.
            if self._listing(pred.head, np) is not None:
                return pred.head
        if (
            pred is not None
            and pred.pos_ in ("NOUN", "PROPN")
            and np.dep_ == "pobj"
            and np.head.lower_ == "with"
        ):
            # "targeted Iranian officials with sanctions": the parser hangs the measure on
            # the object; it is the verb's ("hit Russian banks and firms with sanctions").
            obj = pred
            while obj.dep_ == "conj":
                obj = obj.head
            if obj.dep_ == "dobj" and _lemma(obj.head) in self.w.passive_target_verbs:
                return obj.head
        if (
            pred is not None
            and pred.pos_ == "NOUN"
            and np.dep_ == "pobj"
            and np.head.lower_ == "to"
            and pred.dep_ == "pobj"
            and pred.head.lower_ == "with"
            and _lemma(pred.head.head) in self.w.means_response_verbs
        ):
            # "Caracas reacted with anger to the new U.S. sanctions": the parser hangs the
            # measure on the manner noun; what the subject reacts to is the verb's.
            return pred.head.head
        if (
            pred is not None
            and pred.pos_ in ("NOUN", "PROPN", "NUM")
            and np.dep_ == "pobj"
            and np.head.head == pred
        ):
            # "placed 28 Chinese entities on the entity list", "placed Huawei and 68 of its
            # affiliates on the entity list": the parser hangs the list on the listed object.
            obj = pred
            while obj.dep_ in ("pobj", "prep", "conj") and obj.head != obj:
                obj = obj.head
            if obj.dep_ == "dobj" and self._listing(obj.head, np) is not None:
                return obj.head
        if pred is None or pred.dep_ != "acl" or np.dep_ != "pobj":
            return pred
        obj = pred.head
        while obj.dep_ == "conj":
            obj = obj.head
        if obj.dep_ == "dobj" and self._listing(obj.head, np) is not None:
            return obj.head
        return pred

    def _privilege_list(self, noun: Token) -> bool:
        """A list of trading privileges a party is struck off or put back on: "its whitelist
        of trusted trading partners", "the list of preferred trade partners" (roles.json
        privilege_list_nouns, privilege_list_words), the object of a listing or delisting
        preposition."""
        if noun.dep_ != "pobj":
            return False
        prep = noun.head.lower_
        if prep not in self.w.listing_preps and prep not in self.w.delisting_preps:
            return False
        lemma = _lemma(noun)
        if lemma in self.w.privilege_list_nouns:
            return True
        if lemma not in self.w.list_nouns:
            return False
        return any(
            _lemma(t) in self.w.privilege_list_words or t.lower_ in self.w.privilege_list_words
            for t in noun.subtree
            if t != noun and t.pos_ != "PROPN"  # not "the White House list"
        )

    def _listing(self, verb: Token, np: Token) -> str | None:
        """What a verb does to a party with the list `np` (the object of its preposition):
        "imposed" ("added X to the list"), "lifted" ("removed X from the list", "struck X
        off the blacklist"), else None."""
        if np.dep_ != "pobj":
            return None
        prep, lemma = np.head.lower_, _lemma(verb)
        if prep in self.w.listing_preps and lemma in self.w.listing_verbs:
            return "imposed"
        if prep in self.w.delisting_preps and lemma in self.w.delisting_verbs:
            return "lifted"
        return None

    def _sanction_pred_sides(
        self, pred: Token, np: Token, senders: Side, targets: Side, mod_codes: set[str]
    ) -> None:
        """Sides from the verb that governs the sanction noun phrase."""
        lemma = _lemma(pred)
        via = np.head if np.dep_ == "pobj" else None
        vialow = via.lower_ if via is not None else ""
        if vialow in self.w.topic_preps:
            return  # "takes China to the WTO over trade curbs": the measure is a topic here
        holder = self._attributive_holder(pred, vialow)
        if holder is not None:
            # "Venezuelan officials subject to U.S. sanctions", "Russian banks hit by Western
            # sanctions": the noun the measure's phrase describes is its target.
            targets.add(*unpack(self._target_np(holder, exclude=mod_codes)))
            return
        if vialow == "to" and lemma in self.w.standing_adjectives and pred.dep_ == "acomp":
            # "North Korea is subject to UN sanctions", "Belarus remains subject to EU
            # sanctions": the subject of the copula is the target of a standing measure.
            if _lemma(pred.head) in self.w.standing_verbs:
                holder, _ = self.subject(pred.head)
                if holder is not None:
                    targets.add(*unpack(self.resolve_np(holder, exclude=mod_codes)))
            return
        subj, passive = self.subject(pred)
        dobj = child(pred, ("dobj",))
        for v in [pred, *(c for c in pred.children if c.dep_ == "conj" and c.pos_ == "VERB")]:
            for o in preps(v, self.w.target_preps):
                if o == np or np in o.subtree or (lemma in self.w.caution_verbs and v == pred):
                    continue
                targets.add(*unpack(self.subtree_side(o)))
            if _lemma(v) in self.w.from_target_verbs:
                for o in preps(v, ("from",)):
                    if o == np:
                        continue  # "removed from the EU blacklist": the list's owner sends
                    targets.add(*unpack(self.subtree_side(o)))
        if lemma in self.w.scope_verbs and np.dep_ == "nsubj" and np.head == pred and not targets:
            # "arms embargoes applied to China and Burma", "the ban extends to Iranian banks":
            # the measure's reach names its targets (a second subject the parser gave the
            # verb, "Mr Straw, visiting Beijing, noted arms embargoes applied to ...", aside).
            for o in preps(pred, ("to",)):
                targets.add(*unpack(self.subtree_side(o)))
            for o in preps(pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
            return
        if vialow == "against" and lemma in self.w.dissuade_verbs:
            # "warned Japan against sanctions": the warned party would impose them.
            if dobj is not None:
                senders.add(*unpack(self.resolve_np(dobj)))
            if subj is not None:
                targets.add(*unpack(self.resolve_np(subj)))
            return
        relief = dobj is not None and self.rules.actions.get(_lemma(dobj)) in ("lifted", "eased")
        if vialow == "from" and relief and lemma in self.w.benefit_verbs and subj is not None:
            targets.add(*unpack(self.resolve_np(subj)))  # "Iran won relief from sanctions"
            return
        if vialow == "from" and lemma in self.w.spare_verbs:
            # "a deal that would spare Tehran from sanctions"
            who = dobj if dobj is not None else (subj if passive else None)
            if who is not None:
                targets.add(*unpack(self.resolve_np(who)))
            return
        if vialow == "under" and dobj is not None:
            targets.add(*unpack(self._target_np(dobj)))  # "put China under an embargo"
        elif vialow == "under" and passive and subj is not None and lemma in self.w.placing_verbs:
            # "Iran was placed under UN sanctions", "Iraq was put under a naval blockade"
            targets.add(*unpack(self._target_np(subj)))
            for o in preps(pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
            return
        if self._listing(pred, np) is not None and dobj is not None:
            targets.add(*unpack(self.subtree_side(dobj)))  # "added 12 firms to its sanctions list"
        elif self._listing(pred, np) is not None and passive and subj is not None:
            # "Sudan was taken off the terrorism list", "three banks were added to the EU
            # blacklist": the listed party is the passive subject.
            targets.add(*unpack(self.subtree_side(subj)))
            for o in preps(pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
            return
        if vialow == "for":
            # "take Iran to the Security Council for sanctions": the body would impose them.
            for o in preps(pred, self.w.referral_preps):
                senders.add(*unpack(self.resolve_np(o)))
            if dobj is not None and not targets:
                targets.add(*unpack(self.subtree_side(dobj)))
            _body, referred = self._referral(pred)
            if referred is not None and referred != dobj:
                # "wants Iran referred to the Security Council for possible sanctions": the
                # party referred (a passive or small-clause subject) is the target.
                targets.add(*unpack(self.subtree_side(referred)))
                return
        if vialow == "with":
            # "hit Iran with sanctions", "threatened Japan with sanctions".
            if dobj is not None:
                targets.add(*unpack(self._target_np(dobj)))
            elif subj is not None and not passive and lemma in self.w.means_response_verbs:
                # "China responded with sanctions on British lawmakers", "Moscow reacted
                # with a ban on Polish apples": the measure is the answer its subject gives.
                senders.add(*unpack(self.resolve_np(subj, exclude=set(targets.codes))))
                return
            if passive and subj is not None:
                targets.add(*unpack(self._target_np(subj)))
                for o in preps(pred, ("by",)):
                    senders.add(*unpack(self.resolve_np(o)))
                return
        else:
            for o in preps(pred, self.w.co_actor_preps):
                if o != np and np not in o.subtree:
                    senders.add(*unpack(self.resolve_np(o)))
        if subj is None:
            return
        antecedent = pred.dep_ in ("relcl", "acl") and subj == pred.head
        if subj == np or (np in subj.subtree and not antecedent):
            # The measure is the subject: "sanctions were imposed by ...", "sanctions have
            # cost Poland's economy ..." (not "a resolution that would impose sanctions").
            for o in preps(pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
            if lemma in self.w.affect_verbs and dobj is not None and not targets:
                # Who a measure on a named target hurts besides is no target: "U.S.
                # sanctions on Russia have hurt German exporters".
                targets.add(*unpack(self.resolve_np(dobj, exclude=mod_codes)))
            return
        side = self.resolve_np(subj)
        relief = self.rules.actions.get(_lemma(np)) in ("lifted", "eased")
        if relief and lemma in self.w.benefit_verbs:
            targets.add(*unpack(side))  # "Iran won relief from sanctions"
            return
        listed = vialow in self.w.listing_preps and _lemma(np) in self.w.list_nouns
        if (vialow == "under" or listed) and not passive and lemma in self.w.standing_verbs:
            # "Iran remains under U.S. sanctions", "Cuba stays on the US list of state
            # sponsors of terrorism": a standing measure
            targets.add(*unpack(self.resolve_np(subj, exclude=mod_codes)))
            return
        if lemma in self.w.violation_verbs and targets:
            pass  # "a bank violated sanctions on Sudan": a third party (see _penalizer)
        elif lemma in self.w.stance_verbs and targets:
            pass  # "Thatcher opposed sanctions against Pretoria": a third party's stance
        elif lemma in self.w.proposal_stance_verbs and self._proposed_measure(np, mod_codes):
            pass  # "Thatcher rejected new sanctions": who would decide on them, no target
        elif (
            lemma in self.w.target_subject_verbs
            or (passive and lemma in self.w.passive_target_verbs)
            or self._facing_answer(pred, np, side, mod_codes)
        ):
            targets.add(*unpack(side))
        elif passive:
            for o in preps(pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
        elif vialow == "under" and self._own_senders(mod_codes, targets):
            pass  # "seized a ship under UN sanctions": it enforces the UN's measure
        elif self._provoker_side(np, Side()):
            # "U.S. bills could trigger retaliation": what brings it on is its target; an
            # active verb's by-phrase is the retaliation's ("spark reprisals by Thailand").
            for o in preps(pred, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
        elif (
            not passive
            and self._provoking_verb(np) == pred
            and any(o.i in self.party_at for h in (pred, np) for o in preps(h, ("by", "from")))
        ):
            # "the tax could provoke retaliation by the U.S.", "it will invite retaliatory
            # moves, especially from the U.S.": who would answer is named though what brings
            # the answer on names no party (its target may come from the article); the party
            # itself, not "U.S. trading partners" (on the noun: "lead to retaliation from
            # Tokyo", read with the noun's own senders).
            for o in preps(pred, ("by", "from")):
                if o.i in self.party_at:
                    senders.add(*unpack(self.resolve_np(o)))
        elif self._clause_imposed(np, named=True):
            # "Japan retaliated against tariffs the Reagan administration imposed": the
            # measure's own clause names its sender; who answers it is its target.
            if not targets and self._answering_verb(pred):
                targets.add([c for c in side.codes if c not in senders.codes], side.how)
        elif self._sender_subject(
            pred, subj, self._own_senders(mod_codes, targets) or bool(senders.codes)
        ):  # ("will not comply with the sanctions imposed on Iran by the United States")
            senders.add(*unpack(self._not_target(subj, side, targets)))
        for o in preps(subj, self.w.co_actor_preps):
            senders.add(*unpack(self.resolve_np(o)))

    def _facing_answer(self, pred: Token, np: Token, side: Side, mod_codes: set[str]) -> bool:
        """A retaliation its modifier names the sender of, which the subject of a
        retaliation_facing_verb would suffer: "Ottawa is seeking to prevent U.S. retaliation",
        "Seoul hopes to head off EC retaliation" (the subject is another party)."""
        if phrasal(pred) not in self.w.retaliation_facing_verbs:
            return False
        if not mod_codes or not self._retaliation_word(np):
            return False
        return bool(side.codes) and not set(side.codes) & mod_codes

    def _questioned(self, chain: Sequence[Token]) -> bool:
        """A measure in an indirect question the answer denies ("Asked if Brazil would
        retaliate against European goods, the minister said: we have no thought of
        retaliation", "Asked whether Seoul would impose curbs, he said no"): no event. A
        question answered otherwise keeps its measure (it is often a pending threat:
        "asked whether Japan's moves could persuade the U.S. not to impose tariffs")."""
        for prev, up in pairwise(chain):
            if _lemma(up) not in self.w.question_verbs or prev.dep_ not in ("advcl", "ccomp"):
                continue
            if not any(
                c.dep_ == "mark" and c.lower_ in self.w.question_marks for c in prev.children
            ):
                continue
            answer = up.head if up.dep_ == "advcl" else up
            said = [t for t in answer.subtree if t not in up.subtree]
            return any(t.dep_ == "neg" or t.lower_ in self.w.denial_answer_words for t in said)
        return False

    def _us_list(self, noun: Token) -> bool:
        """The United States' own export blacklist: "the entity list" (us_list_words)."""
        return _lemma(noun) in self.w.list_nouns and any(
            c.dep_ in ("compound", "amod") and c.lower_ in self.w.us_list_words
            for c in noun.children
        )

    def _under_holder(self, noun: Token, np: Token) -> bool:
        """A measure hung by 'under' on a noun that names a party of its own (not the
        measure's owner): "Iranian firms under EU sanctions", "North Korean ships under UN
        sanctions" (not "talks under UN auspices", no measure; nor "the list under its
        sanctions", a measure word); or by 'to' on 'subject' the parser takes for a noun."""
        if np.dep_ != "pobj" or np.head.head != noun:
            return False
        # "a Russian tycoon subject to British sanctions" (parsed as a noun "subject")
        standing = np.head.lower_ == "to" and _lemma(noun) in self.w.standing_adjectives
        if np.head.lower_ != "under" and not standing:
            return False
        measures = self.rules.sanction_nouns.keys() | self.w.conditional_measures.keys()
        if _lemma(noun) in measures or _lemma(noun) in self.rules.actions:
            return False
        own = [t for t in np_tokens(noun) if t not in np.head.subtree]
        return bool(self.parties_in(own))

    def _attributive_holder(self, pred: Token, vialow: str) -> Token | None:
        """The noun a measure's phrase describes as under it, outside a clause of its own:
        "Venezuelan officials subject to U.S. sanctions" (standing_adjectives, also parsed
        as the adjective's subject), "Russian banks hit by Western sanctions", "Cuban
        officials targeted by American sanctions" (passive_target_verbs as a participle)."""
        nominal = ("NOUN", "PROPN")
        if vialow == "to" and _lemma(pred) in self.w.standing_adjectives:
            if pred.dep_ in ("amod", "acl") and pred.head.pos_ in nominal:
                return pred.head
            if pred.pos_ == "ADJ":  # the parser may give the adjective its own subject
                subj = child(pred, ("nsubj",))
                return subj if subj is not None and subj.pos_ in nominal else None
            return None
        if vialow == "by" and pred.dep_ == "acl" and pred.head.pos_ in nominal:
            if _lemma(pred) in self.w.passive_target_verbs:
                return pred.head
        return None

    def _opposer_codes(self, np: Token, pred: Token | None) -> set[str]:
        """The states of a party stating a stance against the measure ("Moscow opposes
        sanctions against Pyongyang, Gorbachev said"): a third party, no sender, whoever
        speaks for it."""
        against = self._against_act(pred)
        if against is not None:
            pred = against  # "Netanyahu warned against lifting sanctions on Iran"
        elif pred is None or _lemma(pred) not in self.w.stance_verbs or np.head != pred:
            return set()
        subj, passive = self.subject(pred)
        if subj is None or passive:
            return set()
        return set(self.resolve_np(subj).codes)

    def _against_act(self, act: Token | None) -> Token | None:
        """The verb that speaks or works against an act named by a gerund ("warned against
        lifting sanctions", "argued against easing the embargo"; roles.json
        against_act_verbs), with no object that would do it ("warned Japan against ...")."""
        if act is None or act.dep_ != "pcomp" or act.head.lower_ != "against":
            return None
        gov = act.head.head
        if gov.pos_ not in ("VERB", "AUX") or _lemma(gov) not in self.w.against_act_verbs:
            return None
        return None if child(gov, ("dobj",)) is not None else gov

    def _opposed_proposal(self, np: Token, pred: Token | None, mod_codes: set[str]) -> bool:
        """One more measure that a party opposes: a proposal, a threat ("Bonn opposed further
        sanctions against South Africa"); a bare "opposes sanctions" may be a measure in
        force."""
        return (
            pred is not None
            and np.head == pred
            and np.dep_ == "dobj"
            and _lemma(pred) in self.w.proposal_stance_verbs
            and self._proposed_measure(np, mod_codes)
            and any(c.lower_ in self.w.further_words for c in np.children if c.dep_ == "amod")
        )

    def _proposed_measure(self, np: Token, mod_codes: set[str]) -> bool:
        """A measure not yet adopted and aimed at no one named: one more ('new sanctions',
        'tougher Community sanctions') or a bare policy noun ('Moscow opposes sanctions'); not
        'the sanctions', 'its embargo', 'new UN sanctions' (a sender's) or 'illegal unilateral
        sanctions' (what the speaker suffers)."""
        if mod_codes or any(c.dep_ in ("det", "poss") for c in np.children):
            return False
        mods = [c for c in np.children if c.dep_ in ("amod", "compound", "nmod")]
        if any(c.lower_ in self.w.further_words for c in mods):
            return True
        # "opposed mandatory sanctions", "can reject trade sanctions": how wide, or of what
        # kind, a policy is leaves it a policy noun.
        kinds = self.w.scope_adjectives | set(self.rules.sanction_modifiers)
        return np.tag_ in ("NNS", "NNPS") and all(c.lower_ in kinds for c in mods)

    def _sanction_verb_sides(
        self, verb: Token, senders: Side, targets: Side, *, named_only: bool = False
    ) -> bool:
        """ "The U.S. sanctioned three Iranian firms"; "Iran was sanctioned by the UN";
        "Sweden will halt all trade with South Africa"; "retaliate against Japan"."""
        subj, passive = self.subject(verb)
        if subj is None and passive and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "Iranian officials sanctioned by Washington", "firms blacklisted by the
            # Commerce Department": the participle's noun is its passive subject.
            subj = verb.head
        obj = child(verb, ("dobj",))
        lending = child(verb, ("xcomp",))
        if obj is None and lending is not None and lending.lower_ in self.w.cut_loan_nouns:
            obj = lending  # "stopped lending to Zimbabwe": what is cut, with its recipient
        halted = self._halted_transfer(verb)
        granted = self._halted_grant(verb)
        if granted is not None:
            # "Finland stopped issuing export licences for weapons to Saudi Arabia": the
            # state whose exports are no longer approved is hit.
            halted = (verb, granted[1])
        if halted is not None:
            # "Germany will cease supplying weapons to Turkey": the seller halts, the buyer
            # is hit.
            for o in halted[1]:
                targets.add(*unpack(self.subtree_side(o)))
            if subj is not None and not passive and not self._firm(subj):
                senders.add(*unpack(self.resolve_np(subj, exclude=set(targets.codes))))
            return True
        dealt = self._dealing_partners(verb)
        if dealt:
            # "barred American firms from trading with Iran": the party dealt with is hit;
            # the barred are the sender's own (their state when no subject names it).
            for o in dealt:
                targets.add(*unpack(self.subtree_side(o)))
            if subj is not None and not passive and not self._firm(subj):
                if _lemma(verb) in self.w.secondary_penalty_verbs and verb.dep_ == "relcl":
                    # "the American law, which punishes ...", "the law passed by Congress,
                    # which ...": a party named on the law, not who speaks of it.
                    side = Side()
                    for _m, mod, _k in self._modifier_sides(subj):
                        side.add(mod.codes, "modifier", mod.actors)
                    for c in subj.children:
                        if c.dep_ == "acl":
                            for o in preps(c, ("by",)):
                                side.add(*unpack(self.resolve_np(o)))
                else:
                    side = self.resolve_np(subj)
                senders.add(*unpack(side))
            if (
                not senders.codes
                and obj is not None
                and _lemma(verb) not in self.w.secondary_penalty_verbs
            ):  # (the firms a state penalises are others', not its own)
                senders.add(*unpack(self.resolve_np(obj, exclude=set(targets.codes))))
            return True
        if obj is None:  # "sanction the U.S. firms involved" parsed as a small clause
            comp = child(verb, ("ccomp",))
            obj = child(comp, ("nsubj",)) if comp is not None else None
        if _lemma(verb) == "sanction":
            # "a resolution sanctioning military action" means approval, not a measure.
            hit = obj if not passive else subj
            named = np_tokens(hit, with_of=True) if hit is not None else []
            if hit is None or not (
                self.parties_in(named) or self.company_side(named) or self._owned_target(hit)
            ):
                return False  # ("sanctioned Sberbank": a company hit is named too)
        if passive:
            if subj is not None:
                targets.add(*unpack(self.subtree_side(subj)))
            for o in preps(verb, ("by",)):
                senders.add(*unpack(self.resolve_np(o)))
        else:
            if (
                subj is not None
                and _lemma(subj) not in self.w.non_imposer_nouns
                and not self._firm(subj)
            ):
                senders.add(*unpack(self.resolve_np(subj)))
            holders = self._access_holder(obj) if obj is not None else []
            if obj is not None and holders and _lemma(obj) in self.w.access_nouns:
                # "Russia's access to European markets": the holder, not the markets
                for h in holders:
                    targets.add(*unpack(self._target_np(h, exclude=set(senders.codes))))
            elif obj is not None:
                side = self.subtree_side(obj, exclude=set(senders.codes))
                if _lemma(obj) in self.w.entry_nouns:  # "barred entry to 12 Iranian officials"
                    for o in preps(obj, ("to",)):
                        side.add(*unpack(self.subtree_side(o)))
                if named_only:
                    # "halted its development aid": the aid's owner gives it, and a state
                    # coordinated with the aid ("suspended support ..., and France") is a
                    # misparse; only states named inside the object are hit.
                    stray = {p.code for c in obj.conjuncts if (p := self.party_at.get(c.i))}
                    side.codes = [] if side.how != "syntax" else side.codes
                    side.codes = [c for c in side.codes if c not in stray]
                targets.add(*unpack(side))
        if not passive and _lemma(verb) in self.w.terror_designation_verbs:
            # "designated the Houthis a terrorist organization": the first object is a dative
            for d in verb.children:
                if d.dep_ == "dative":
                    targets.add(*unpack(self.subtree_side(d, exclude=set(senders.codes))))
        entry = self._entry_verb(verb)
        for o in preps(verb, self.w.sanction_verb_target_preps):
            if o != entry:
                targets.add(*unpack(self.subtree_side(o)))
        if subj is not None and not passive and senders:
            # "The administration banned imports of Venezuelan oil": not Venezuela's
            side = self._not_target(subj, senders, targets)
            senders.codes, senders.how = side.codes, side.how
        if entry is not None and not senders:
            # "Nine Americans were barred from entering China", "Mugabe is barred from
            # travelling to the EU": the country entered bans.
            place = child(entry, ("dobj",)) or next(iter(preps(entry, ("to", "into"))), None)
            if place is not None:
                senders.add(*unpack(self.resolve_np(place)))
        if subj is not None:
            for o in preps(subj, self.w.co_actor_preps):
                senders.add(*unpack(self.resolve_np(o)))
        return True

    def _owned_target(self, noun: Token) -> bool:
        """People, firms or money a possessive pronoun gives to a state named elsewhere in
        the sentence: "after the EU sanctioned its officials" (Tehran's), "sanctioned their
        banks" (not "sanctioned its use of force": approval)."""
        owner = child(noun, ("poss",))
        return (
            owner is not None
            and owner.lower_ in self.w.state_pronouns
            and _lemma(noun) in self.w.generic_target_nouns | self.w.financial_objects
        )

    def _caused_side(self, np: Token, senders: Side) -> Side:
        """The party a measure befalls when it is named as a cause (roles.json cause_words):
        the subject of the verb the cause phrase hangs on, or that subject's own party ("Iran's
        oil exports fell because of US sanctions"), not a party in its other phrases
        ("North Korea's trade with China collapsed due to UN sanctions")."""
        if np.dep_ != "pobj":
            return Side()
        prep = np.head
        if prep.dep_ == "pcomp" and prep.head.lower_ in self.w.cause_words:
            prep = prep.head  # "due to", "because of" parsed as a prep with a pcomp
        if prep.lower_ == "of" and _lemma(prep.head) in self.w.cause_words:
            prep = prep.head.head if prep.head.dep_ == "pobj" else prep.head  # "as a result of"
        elif prep.lower_ not in self.w.cause_words:
            return Side()
        host = prep.head
        if host.pos_ not in ("VERB", "AUX") or host == np:
            return Side()
        subj = self.subject(host)[0]
        if subj is None:
            return Side()
        exclude = set(senders.codes)
        for tok in [subj, *(c for c in subj.children if c.dep_ in ("poss", "compound", "amod"))]:
            parties = [p for p in self.parties_in([tok]) if p.code and p.code not in exclude]
            if tok == subj and not parties:
                parties = [
                    p
                    for p in self.parties_in([t for t in subj.subtree if t.i < subj.i or t == subj])
                    if p.code and p.code not in exclude
                ]
            if parties and parties[0].code:
                return Side([parties[0].code], "syntax")
        return Side()

    def _relief_recipient(self, chain: Sequence[Token], senders: Side) -> Side:
        """The party a relief from the measure is given to (`relief_granting_verbs`): the
        indirect object or the 'to' object of the verb whose object is the relief."""
        actions = self.rules.actions
        for i, t in enumerate(chain[:-1]):
            if actions.get(_lemma(t)) not in ("lifted", "eased") or t.pos_ != "NOUN":
                continue
            verb = chain[i + 1]
            if t.dep_ != "dobj" or _lemma(verb) not in self.w.relief_granting_verbs:
                continue
            given = [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
            given += preps(verb, ("to",)) + preps(t, ("to",))
            for g in given:
                side = self.resolve_np(g, exclude=set(senders.codes))
                if side:
                    return side
        return Side()

    def _relief_demander(self, anchor: Token, senders: Side) -> Side:
        """The party that demands a lifting (`relief_demand_words`: 'demanded that ...', 'its
        demand that ...'), when it is not a sender; else an empty side."""
        for up in anchor.ancestors:
            if _lemma(up) not in self.w.relief_demand_words:
                continue
            who = None
            if up.pos_ == "VERB":
                who, passive = self.subject(up)
                who = None if passive else who
            elif up.pos_ == "NOUN":
                who = child(up, ("poss",))
                if who is not None and who.pos_ == "PRON":
                    who, _ = self.subject(up.head) if up.dep_ == "dobj" else (None, False)
            if who is None:
                return Side()
            side = self.resolve_np(who, exclude=set(senders.codes))
            if side.how == "syntax" and not set(side.codes) & set(senders.codes):
                return side
            return Side()
        return Side()

    def _weapon_noun(self, tok: Token) -> bool:
        """A weapon by its own noun ("missiles", "tanks"), not one that needs a military
        context ("jet engines" may be civil goods)."""
        lemma = _lemma(tok)
        if any(
            self.rules.designated(t.text)
            for t in (tok, *(c for c in tok.children if c.dep_ in ("compound", "nummod")))
        ):
            return True  # "blocked the sale of 24 F-16s (of F-35 jets) to Turkey"
        return lemma in self.rules.weapon_terms and lemma not in self.rules.needs_military

    def _arms_goods(self, obj: Token) -> bool:
        """Is `obj` weapons or their trade: 'arms', 'weapons', 'arms exports', 'weapons sales',
        'military equipment', 'arms deals'? Not a state's forces: 'Myanmar's military'."""
        if obj.pos_ in ("NOUN", "PROPN") and _lemma(obj) in self.w.force_nouns:
            return False
        if _lemma(obj) in self.w.arms_markers or obj.lower_ == "arms":
            return True
        goods = self.w.restricted_trade_objects | self.w.restricted_arms_objects
        return (_lemma(obj) in goods or _lemma(obj) in self.w.hardware_nouns) and any(
            c.dep_ in ("amod", "compound")
            and (_lemma(c) in self.w.arms_markers or c.lower_ == "arms")
            for c in obj.children
        )

    @staticmethod
    def _called_act(anchor: Token) -> set[Token]:
        """The act an answer adjunct ("in retaliation") calls a retaliation: the word it
        hangs on, and the verb of that word when it is the verb's object ("revoked the
        permits of Spanish trawlers in retaliation", where the parser hangs it on the
        object)."""
        called = anchor.head.head
        acts = {called}
        if called.pos_ in ("NOUN", "PROPN") and called.dep_ in ("dobj", "nsubjpass"):
            acts.add(called.head)
        return acts

    def _raised(self, t: Token) -> Token | None:
        """The infinitive a raising predicate takes its subject to: 'are likely to be lifted',
        'is expected to be eased' (`raising_words`), else None."""
        heads = [t, *(c for c in t.children if c.dep_ == "acomp")]
        for h in heads:
            if _lemma(h) in self.w.raising_words:
                for c in h.children:
                    if c.dep_ == "xcomp" and c.pos_ == "VERB":
                        return c
        return None

    def _sanction_action(
        self, anchor: Token, noun_pred: Token | None, chain: Sequence[Token]
    ) -> str:
        actions = self.rules.actions
        threatened = False
        base = None
        steps = list(chain)
        if noun_pred is not None and noun_pred not in steps:
            steps.insert(1, noun_pred)
        for i, t in enumerate(steps):
            if t.pos_ in ("VERB", "AUX") and _lemma(t) in self.w.speech and i > 0:
                break
            lem = _lemma(t)
            if t != anchor and t.pos_ == "NOUN" and self._threat_noun(t):
                # "repeated its sanctions threat", "renewed its threat of retaliation",
                # "withdrew its threat of sanctions": what is done above acts on the threat;
                # the measure stays a threatened one.
                threatened = True
                break
            if i == 0 or t == anchor:
                # The measure itself ("asset freeze", "sanctioned") is no action word, but a
                # trigger verb that undoes a measure is its own action ("delisted two banks").
                if t.pos_ == "VERB" and (
                    lem in self.rules.sanction_verbs or lem in self.w.releasing_verbs
                ):
                    if actions.get(lem) == "lifted" and base is None:
                        base = "lifted"  # "delisted two banks", "unfroze the assets"
                elif t != anchor and t.pos_ == "NOUN" and anchor.dep_ == "compound":
                    # A measure compounded on an action noun: "sanctions relief", "the
                    # embargo extension", "a sanctions threat" (the noun is the action).
                    a = actions.get(lem) or actions.get(t.lower_)
                    if a == "threatened":
                        threatened = True
                    elif a and base is None:
                        base = a
                continue
            if t.pos_ == "VERB" and lem in self.w.violation_verbs:
                break  # "wanted for defying sanctions": what is above acts on the breach
            if steps[i - 1].dep_ == "advcl":
                break  # "Iran suspends nuclear work to avoid sanctions": not an easing
            if (
                self._answer_adjunct(anchor)
                and _lemma(anchor) in self.w.armed_answer_words
                and t in self._called_act(anchor)
            ):
                # "threatening to revoke the licences of Japanese banks in retaliation": the
                # act called a retaliation is the measure, not something done to it.
                continue
            if (
                i == 1
                and anchor.pos_ == "VERB"
                and steps[0] == anchor
                and anchor.dep_ in ("xcomp", "ccomp")
                and lem in self.w.empowering_verbs
            ):
                # "the law allows Washington to penalise foreign firms", "the order allows
                # the Treasury to freeze the assets of": the power to act, no easing.
                break
            if steps[i - 1].dep_ == "conj" and steps[i - 1].pos_ == "VERB":
                # A verb coordinated with another is its own act: "lifted the oil embargo but
                # blacklisted three firms", "suspended talks and froze the assets".
                break
            raised = self._raised(t) if steps[i - 1].dep_ in ("nsubj", "nsubjpass") else None
            acted = actions.get(_lemma(raised)) if raised is not None else None
            if acted:
                # "the sanctions are likely to be lifted": the infinitive acts on the subject.
                if acted == "threatened":
                    threatened = True
                elif base is None:
                    base = acted
                continue
            if steps[i - 1].dep_ == "nsubj":
                # The measure as subject: "sanctions loom" (a threat), "sanctions have
                # pushed the rial down" (no action on the measure).
                if self._open_option(t):
                    threatened = True  # "sanctions remain an option", "are on the table"
                    continue
                a = self.rules.subject_actions.get(phrasal(t), self.rules.subject_actions.get(lem))
                if (
                    a is None
                    and lem in self.w.standing_verbs
                    and self._marked_clauses([t], self.w.standing_release_marks)
                ):
                    # "sanctions on Moscow would stay until the Minsk agreements are
                    # implemented": kept until a condition is met, a lifting on conditions.
                    a = "lifted"
                if a is not None and child(t, ("dobj",)) is not None:
                    # "the sanctions will end all military cooperation": the measure ends
                    # something else (what it cuts), it does not end itself.
                    a = None
                if a is None and self._headline_passive(t):
                    # "Sanctions on Iran lifted", "EU arms embargo on Belarus extended": a
                    # headline drops the auxiliary; the measure undergoes the act.
                    a = actions.get(lem)
                if a == "threatened":
                    threatened = True
                elif a and base is None:
                    base = a
                continue
            a = actions.get(lem)
            if (
                lem in self.w.backing_verbs
                and steps[i - 1].dep_ == "dobj"
                and self._standing_measure(steps[i - 1])
            ):
                # "Canada backed the sanctions imposed by the United States": backing a
                # measure in force urges no new one.
                continue
            if lem in self.w.tariff_raise_verbs and _lemma(anchor) in self.w.coercion_only_measures:
                a = "imposed"  # "raised duties on 28 American products"
            if a is None and t.lower_ in self.w.action_noun_forms:
                a = actions.get(t.lower_)
            if a == "threatened" or lem == "threat":
                threatened = True
                continue
            if a and base is None and t.pos_ in ("VERB", "NOUN", "ADJ"):
                base = a
        for c in anchor.children:  # "possible sanctions", "threatened trade sanctions"
            if c.dep_ in CLAUSE_DEPS or c.dep_ == "parataxis":
                continue  # "sanctioned Belarus and threatened more": another act, not a word on it
            if _lemma(c) in self.w.threat_modifiers:
                threatened = True
            if c.dep_ == "amod" and c.lower_ in self.w.threat_adjectives:
                threatened = True
        if not threatened and anchor.pos_ == "NOUN" and self._pending(anchor):
            threatened = True  # "the tariffs proposed by the U.S."
        if not threatened and self._future_imposition(anchor):
            threatened = True  # "U.S. tariffs to be imposed on Japanese electronics"
        if not threatened and self._headline_prospect(anchor):
            threatened = True  # "Sanctions on Pyongyang under discussion"
        if base in ("lifted", "eased", "extended"):
            return base
        if not threatened and self._pending_bill(steps):
            threatened = True  # "the Senate passed a bill imposing sanctions": not yet law
        return "threatened" if threatened else "imposed"

    def _own_clauses(self, noun: Token) -> list[Token]:
        """The measure noun's own clauses, and a passive infinitive the parser hangs on the
        verb whose object the noun is ("to avert new U.S. tariffs to be imposed on Japanese
        electronics": "imposed" as the verb's xcomp)."""
        out = [c for c in noun.children if c.dep_ in ("relcl", "acl", "ccomp")]
        if noun.dep_ == "dobj":
            out += [
                c
                for c in noun.head.children
                if c.dep_ == "xcomp"
                and c.i > noun.i
                and any(a.dep_ == "auxpass" for a in c.children)
                and self.rules.actions.get(_lemma(c)) == "imposed"
            ]
        return out

    def _imposing_xcomps(self, clause: Token) -> list[Token]:
        """Infinitives of imposing a clause on a measure noun controls: "the tariffs
        Washington is to impose", "the duties Brussels plans to levy" (the clause's subject
        imposes the measure)."""
        return [
            x
            for x in clause.children
            if x.dep_ == "xcomp" and self.rules.actions.get(_lemma(x)) == "imposed"
        ]

    def _starting(self, noun: Token) -> bool:
        """A measure its clause puts or brings into effect or force (`start_effect_nouns`,
        `start_verbs`): "Tariffs are due to take effect on April 17", "a proclamation
        putting the new duties into effect", "the duties, which start on May 1" (in a story
        about coercion, the measure; a later start makes it threatened)."""
        starts = self.rules.starts_effect
        if noun.dep_ == "dobj":  # "putting the new duties into effect"
            return starts(noun.head)
        verbs = [c for c in noun.children if c.dep_ == "relcl"]  # "which start on May 1"
        if noun.dep_ in ("nsubj", "nsubjpass"):  # "Tariffs are due to take effect"
            verbs.append(noun.head)
        for v in verbs:
            near = [v, *(c for c in v.children if c.dep_ in ("xcomp", "acomp"))]
            near += [x for c in near[1:] for x in c.children if x.dep_ == "xcomp"]
            if any(starts(x) for x in near):
                return True
        return False

    def _pending_agent(self, noun: Token) -> bool:
        """A pending measure's participle names the party behind it with 'by': "the tariffs
        proposed by the U.S.", "the duties threatened by Ottawa"."""
        return any(
            c.dep_ == "acl"
            and c.tag_ == "VBN"
            and any(self.parties_in(np_tokens(a)) for a in preps(c, ("by",)))
            for c in noun.children
        )

    def _averted(self, noun: Token) -> bool:
        """A measure a party acts to keep away ("react quickly enough to avert the higher
        tariffs", "to head off the duties": `averting_verbs`, phrasals read as 'avert'):
        in a story about coercion, the threatened measure."""
        return noun.dep_ == "dobj" and _lemma(noun.head) in self.w.averting_verbs

    def _future_imposition(self, noun: Token) -> bool:
        """A measure noun whose own clause imposes it later: "new tariffs to be imposed on
        Japanese electronics", "the duties that will be imposed on Canadian lumber"
        (`future_clause_auxiliaries`): announced, not yet in force (GUIDELINES.md: threatened
        until the text says it is imposed)."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return False
        for c in self._own_clauses(noun):
            if c.dep_ == "relcl" and self._imposing_xcomps(c):
                # "the tariffs Washington is to impose", "the duties Brussels plans to levy",
                # "the sanctions Ottawa will have to impose": an imposition still ahead
                if _lemma(c) in ("be", *self.w.intention_verbs) or any(
                    a.dep_ == "aux" and a.lower_ in self.w.future_clause_auxiliaries
                    for a in c.children
                ):
                    return True
            if c.dep_ == "ccomp" or self.rules.actions.get(_lemma(c)) != "imposed":
                continue
            if any(
                a.dep_ == "aux" and a.lower_ in self.w.future_clause_auxiliaries for a in c.children
            ):
                return True
        return False

    def _headline_passive(self, verb: Token) -> bool:
        """A participle the parser took for an active verb with the measure as its subject,
        in a headline's reduced passive: "Sanctions on Iran lifted", "Russia sanctions
        extended for six months" (a past form heading its clause with no auxiliary, object
        or complement, of a verb that undoes or prolongs a measure:
        headline_passive_actions), also as a small clause ("France wants the embargo
        lifted"), not "as sanctions allowed" (a subordinate clause)."""
        if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN"):
            return False
        if verb.dep_ not in ("ROOT", "conj", "ccomp"):
            return False
        if self.rules.actions.get(_lemma(verb)) not in self.w.headline_passive_actions:
            return False
        blocking = ("aux", "auxpass", "dobj", "xcomp", "ccomp", "attr", "acomp", "oprd", "dative")
        return not any(c.dep_ in blocking for c in verb.children)

    def _standing_measure(self, np: Token) -> bool:
        """A measure named as one in force: by a participle of imposing ("the sanctions
        imposed by the United States", "the curbs Washington imposed last year"), a modifier
        ("the existing EU sanctions") or an "in" phrase ("the sanctions in force")."""
        words = self.w.standing_measure_words
        for c in np.children:
            if (
                c.dep_ in ("acl", "relcl", "ccomp")
                and c.tag_ in ("VBN", "VBD")
                and self.rules.actions.get(_lemma(c)) == "imposed"
                and not any(a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)
                and not self._future_imposition(np)  # "tariffs to be imposed on ..."
            ):
                return True
            if c.dep_ == "amod" and c.lower_ in words:
                return True
            if (
                c.dep_ == "prep"
                and c.lower_ == "in"
                and any(_lemma(o) in words for o in c.children)
            ):
                return True
        return False

    def _threat_noun(self, t: Token) -> bool:
        """A noun that names a threat of a measure: "threat", "warning" (actions.json)."""
        return _lemma(t) == "threat" or self.rules.actions.get(_lemma(t)) == "threatened"

    def _pending_bill(self, steps: Sequence[Token]) -> bool:
        """Does the measure ride on a bill that a chamber passes, approves or introduces
        ("the House passed a bill imposing sanctions on Turkey", "senators introduced a bill
        to sanction ...", "the Russia sanctions bill passed by the Senate")? A bill is law
        only once signed ("Obama signed the bill", not a stage verb) or passed over a veto."""
        if any(_lemma(t) in self.w.veto_override_verbs for t in self.doc):
            return False
        for i, t in enumerate(steps):
            if t.pos_ not in ("NOUN", "PROPN") or _lemma(t) not in self.w.bill_nouns:
                continue
            acts = [steps[i + 1]] if i + 1 < len(steps) else []
            acts += [c for c in t.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"]
            if any(a.pos_ == "VERB" and _lemma(a) in self.w.bill_stage_verbs for a in acts):
                return True
        return False
