"""Arms-transfer frames: who supplies which weapon to whom.

Triggers are transfer verbs and nouns linked to a weapon ("sold F-16s", "arms sales",
"a shipment of arms"), "arm" with a party armed, Foreign Military Sales, and foreign-made
weapons in a user's hands ("Houthis fired Iranian-made missiles"). Sides come from the
verb's arguments, the noun's modifiers and prepositions, the weapon's provenance and holder.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from spacy.tokens import Token

from etl.nlp.gazetteer import Party
from etl.nlp.patterns import PatternMatch
from etl.nlp.rules import WeaponSpan, _lemma
from etl.nlp.sides import Frame, Side, confidence, unpack
from etl.nlp.status import Status
from etl.nlp.syntax import (
    child,
    clause_of,
    governor,
    np_head,
    np_tokens,
    phrasal,
    predicate_chain,
    preps,
)
from etl.records import Actor

# Links from the "for" of a barter up to its word: "swapped tea for" (dobj), "swaps of
# produce and textiles for" (conj, pobj, prep).
_BARTER_UP = ("dobj", "conj", "pobj", "prep")


class ArmsFrames(Status):
    """The arms-transfer frames of one sentence."""

    def may_hold_transfer(self) -> bool:
        """Whether the sentence names a weapon, Foreign Military Sales or arming at all."""
        arming = any(
            t.pos_ == "VERB" and (_lemma(t) == "arm" or self._armed_force(t) is not None)
            for t in self.doc
        )
        return bool(self.weapons) or self._fms() or arming

    def arms_frames(self, blocked: set[int]) -> list[Frame]:
        """Transfer frames; `blocked` are the tokens inside sanction triggers."""
        if blocked:  # "seeks an arms embargo": the weapon word belongs to the measure
            self.weapons = [w for w in self.weapons if w.start not in blocked]
            self.weapon_at = {i: w for w in self.weapons for i in range(w.start, w.end)}
        frames: list[Frame] = []
        patterns = self.rules.patterns
        matched = patterns.by_predicate(self.doc, "arms_transfer") if patterns else {}
        for t in self.doc:
            if t.i in blocked:
                continue  # "the embargo on arms exports to China" is a sanction, not a sale
            lemma = _lemma(t)
            if t.pos_ == "VERB" and phrasal(t) in self.rules.out_verbs:
                lemma = phrasal(t)  # "cleared the Netherlands to pass on 400 launchers"
            if t.i in matched:
                # A pattern of etl/lexicons/patterns reads this predicate; an event the
                # other rules already found is not added twice.
                f = self.pattern_frame(matched[t.i])
                if f is not None and any(_same_event(f, g) for g in frames):
                    continue
            elif t.pos_ == "VERB" and (
                lemma in self.rules.out_verbs or lemma in self.rules.in_verbs
            ):
                f = self.transfer_verb_frame(t, lemma)
            elif t.pos_ in ("NOUN", "PROPN") and (
                lemma in self.rules.nouns_out or lemma in self.rules.nouns_in
            ):
                f = self.transfer_noun_frame(t, lemma)
            else:
                continue
            if f is not None:
                frames.append(f)
        frames = self._one_action(frames)
        frames += self.fms_frames(frames)
        frames += [f for f in self.barter_frames() if not any(_same_event(f, g) for g in frames)]
        if not frames:
            frames += self.provenance_frames(blocked)
        return frames

    def _one_action(self, frames: list[Frame]) -> list[Frame]:
        """ "Washington approved the sale of F-16s to Taiwan": the approving verb and the
        transfer noun it governs are one act, so one frame: the noun's, whose action the
        noun gives (a sale or purchase is sold, an approved transfer pledged) as the gold
        files do; the verb's own frame would add a second action, or make the buyer who
        approves a purchase a seller."""
        nouns = {f.predicate for f in frames if self.doc[f.predicate].pos_ in ("NOUN", "PROPN")}
        governing = {v.i for i in nouns if (v := self._approving_verb(self.doc[i])) is not None}
        return [f for f in frames if f.predicate not in governing or f.predicate in nouns]

    def _approving_verb(self, noun: Token) -> Token | None:
        """The approving or announcing verb (roles.json pledge_verbs) over a transfer noun,
        or the verb of an approval noun over it ("granted approval for the sale")."""
        over = self._approval_over(noun)
        if over is not None:
            return over
        up = next((t for t in predicate_chain(noun, self.w.speech)[1:] if t.pos_ == "VERB"), None)
        return up if up is not None and _lemma(up) in self.w.pledge_verbs else None

    def _approval_over(self, noun: Token) -> Token | None:
        """ "Paris gave the green light to the sale", "Berlin granted approval for the
        export": the verb whose object is an approval noun (roles.json approval_nouns) that
        a transfer noun completes with "for" or "to"; the approver is the verb's subject."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ not in ("for", "to"):
            return None
        if prep.dep_ not in ("prep", "dative"):
            return None
        up = prep.head
        if up.pos_ == "NOUN" and _lemma(up) in self.w.approval_nouns and up.dep_ == "dobj":
            return up.head
        if up.pos_ == "VERB" and any(
            c.dep_ == "dobj" and _lemma(c) in self.w.approval_nouns for c in up.children
        ):
            return up  # "gave the green light to the sale": "to" hung on the verb
        return None

    def _weapon_near(self, tokens: Iterable[Token]) -> WeaponSpan | None:
        for t in tokens:
            w = self.weapon_at.get(t.i)
            if w is not None:
                return w
        return None

    def _weapon_in(self, head: Token) -> WeaponSpan | None:
        """A weapon the noun phrase names: "drones", "F-16 fighters", "a shipment of arms",
        "$40 mln in military aid" (through container and amount nouns only)."""
        w = self._weapon_near(np_tokens(head))
        if w is not None and (
            w.start <= head.i < w.end
            or _lemma(head) in self.w.hardware_nouns
            or _lemma(head) in self.w.container_nouns
        ):
            return w  # "drones", "S-400 systems"; not "arms profits" or "missile tests"
        if (
            _lemma(head) in self.w.container_nouns
            or head.like_num
            or head.pos_ == "NUM"
            or any(c.dep_ == "nummod" for c in head.children)
        ):
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in self.w.container_preps:
                    for o in c.children:
                        if o.dep_ == "pobj":
                            w = self._weapon_in(o)
                            if w is not None:
                                return w
        return None

    def _weapon_in_list(self, head: Token) -> WeaponSpan | None:
        """The first weapon among a noun phrase and its conjuncts ("funds, rifles and
        training"): a transfer verb moves every item of its object's list."""
        items = [head]
        while items:
            item = items.pop(0)
            w = self._weapon_in(item)
            if w is not None:
                return w
            items += [c for c in item.children if c.dep_ == "conj"]
        return None

    def _weapon_for_verb(self, verb: Token) -> WeaponSpan | None:
        """The weapon a transfer verb moves: its object (or "with" object), a passive subject,
        or the noun it modifies as a participle ("drones supplied by Iran")."""
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                # "dlrs 40 mln in military aid" split by the parser, "money, weapons and
                # training": the weapon may be any item of the object's list.
                w = self._weapon_in_list(c)
                if w is not None:
                    return w
        for o in preps(verb, self.w.verb_weapon_preps):
            w = self._weapon_in_list(o)  # "provided Hamas with money, weapons and training"
            if w is not None:
                return w
        w = self._upgraded_weapon(verb)
        if w is not None:  # "sell electronic equipment to South Korea to upgrade its Hawks"
            return w
        obj = child(verb, ("dobj",))
        if obj is not None and _lemma(verb) in self.rules.out_verbs:
            # "supplied Myanmar's junta with fighter jets": the parser hangs "with" on the
            # object a transfer verb equips.
            for o in preps(obj, self.w.verb_weapon_preps):
                w = self._weapon_in_list(o)
                if w is not None:
                    return w
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            w = self._weapon_in(verb.head)
            if w is not None:
                return w
        if _lemma(verb) in self.rules.out_verbs and child(verb, ("dobj",)) is not None:
            # "handed over a Type 054A/P frigate": the parser broke the object apart.
            for w in self.weapons:
                if (
                    clause_of(self.doc[w.start]) == verb
                    and verb.i < w.start <= verb.i + 8
                    and (w.designation or w.category != "other")
                    and not self._in_prep_phrase(self.doc[w.start], verb)
                    and not self._modifies_topic(w)
                ):
                    return w
        return None

    def _modifies_topic(self, w: WeaponSpan) -> bool:
        """Is the weapon only a modifier of a noun that is no hardware ("offer a missile
        treaty", "an arms control proposal", "missile reduction talks")? Then the noun, not
        the weapon, is what the verb moves."""
        span = self.doc[w.start : w.end]
        outer = [t for t in span if t.head not in span or t.head == t]
        if len(outer) != 1:
            return False
        top = outer[0]
        head = top.head
        return (
            top.dep_ in ("compound", "amod", "nmod")
            and head.pos_ in ("NOUN", "PROPN")
            and not self._weapon_near([head])
            and _lemma(head) not in self.w.hardware_nouns
            and _lemma(head) not in self.w.container_nouns
        )

    @staticmethod
    def _in_prep_phrase(tok: Token, verb: Token) -> bool:
        """Is `tok` inside a prepositional phrase below `verb`? "offer a draft treaty on
        missile reductions": the missiles are what the treaty is about, not what is offered."""
        cur = tok
        while cur != verb and cur.head != cur:
            if cur.dep_ == "prep":
                return True
            cur = cur.head
        return False

    @staticmethod
    def _indirect_object(verb: Token) -> Token | None:
        """The noun a verb's indirect object names: "gave Ukraine tanks", "sold tanks to
        Qatar" when the parser labels the "to" a dative."""
        dative = child(verb, ("dative", "iobj"))
        if dative is not None and dative.pos_ == "ADP":
            return child(dative, ("pobj",))
        return dative

    def _recipient_np(self, head: Token, exclude: set[str]) -> Side:
        """The recipients a transfer's "to" phrase names, without a conjunct that is a topic
        the sentence goes on to, owned by a state: "discussed arms sales to Iran and China's
        political situation" sells to Iran only. A conjunct that can receive arms (an army,
        a government, rebels, allies: roles.json recipient_nouns, group_nouns,
        generic_state_nouns, state_group_nouns, relation_nouns) stays: "arms sales to Iran
        and Iraq's army"."""
        side = self.resolve_np(head, exclude=exclude)
        w = self.w
        receivers = (
            w.recipient_nouns
            | w.group_nouns
            | w.generic_state_nouns
            | w.state_group_nouns
            | w.relation_nouns
        )
        topics = [
            c
            for c in head.conjuncts
            if c.i > head.i
            and c.pos_ == "NOUN"
            and _lemma(c) not in receivers
            and child(c, ("poss",)) is not None
            and c.i not in self.party_at
        ]
        if not topics or not side:
            return side
        dropped = {t.i for c in topics for t in np_tokens(c)}
        topic_codes, _ = self._codes(self.parties_in([self.doc[i] for i in dropped]))
        kept = [t for t in np_tokens(head) if t.i not in dropped]
        kept_codes, _ = self._codes(self.parties_in(kept))
        side.codes = [c for c in side.codes if c in kept_codes or c not in topic_codes]
        return side

    def _recipients_in_object(self, obj: Token, weapon: WeaponSpan) -> Side:
        """ "provided the Sandinista regime military hardware": a double object the parser
        folded into one noun phrase; the party on a regime/army/rebels noun receives."""
        side = Side()
        for t in obj.subtree:
            if t.i in range(weapon.start, weapon.end) or _lemma(t) not in self.w.recipient_nouns:
                continue
            codes, actors = self._codes(self.parties_in(np_tokens(t)))
            side.add(codes, "syntax", actors)
        return side

    def _folded_dative(self, verb: Token, obj: Token) -> Side:
        """ "gave Kyiv 14 Challenger tanks", "gave Ukraine Leopard tanks", "sent Taipei
        Harpoon missiles": a state named right after the verb, inside a weapon object and
        before its head, is the second object, which the parser folded into the first as a
        modifier (a maker there, "sold Boeing 737 jets", is no state; "Ukraine's tanks"
        is a possessor, no second object)."""
        side = Side()
        if verb.i + 1 >= len(self.doc):
            return side
        p = self.party_at.get(verb.i + 1)
        if p is None or p.start != verb.i + 1 or p.kind not in ("name", "capital"):
            return side
        span = self.doc[p.start : p.end]
        if (
            p.end > obj.i
            or any(t.dep_ not in ("nmod", "compound") for t in span if t.head not in span)
            or not all(obj in t.ancestors for t in span)
        ):
            return side
        codes, actors = self._codes(self.parties_in(span))
        side.add(codes, "syntax", actors)
        return side

    def _armed_force(self, verb: Token) -> Token | None:
        """The party a passive arming participle describes, with its armer after "by": "the
        forces of President Habre, supported, trained and armed by Paris", "the Chadian army,
        armed by France", "rebels who are armed by South Africa"; "equipped" and "supplied"
        (roles.json force_supply_verbs) only on an armed force ("guerrillas supplied by
        Pakistan"), not "a plant equipped by Japan" or "supplied by Iraq with oil"."""
        lemma = _lemma(verb)
        if lemma != "arm" and lemma not in self.w.force_supply_verbs:
            return None
        if verb.tag_ != "VBN" or not any(c.dep_ == "agent" for c in verb.children):
            return None
        if any(self._weapon_in(o) is None for o in preps(verb, ("with",))):
            return None  # "supplied by Iraq with oil", "armed by Iran with cash"
        subj, _ = self.subject(verb)
        top = verb
        while top.dep_ == "conj" and top.head != top:
            top = top.head  # "the guerrillas, armed and equipped by Pakistan"
        if subj is None and top.dep_ == "acl":
            subj = top.head
        if subj is None:
            return None
        force = _lemma(subj) in self.w.recipient_nouns | self.w.group_nouns
        if lemma != "arm" and not force:
            return None
        if not self._is_party_like(subj) and not (force and self.resolve_np(subj)):
            return None  # "the forces of President Habre of Chad": a force of a named state
        return subj

    def transfer_verb_frame(self, verb: Token, lemma: str) -> Frame | None:
        contact = self._contact_clause(verb)
        weapon = contact[1] if contact is not None else self._weapon_for_verb(verb)
        armed_force = self._armed_force(verb) if weapon is None else None
        if weapon is None and lemma != "arm" and armed_force is None:
            return None
        rules = self.rules
        shared = self._shared_object(verb) if lemma == "arm" else None
        if (
            weapon is None
            and armed_force is None
            and not any(
                self._is_party_like(c) or self._is_party_like(child(c, ("poss",)) or c)
                for c in [*verb.children, *([shared] if shared is not None else [])]
                if c.dep_ in ("dobj", "nsubjpass")
            )
        ):
            return None  # "arm" with no weapon needs a party armed ("arming the Taliban")
        outward = lemma in rules.out_verbs
        if (
            outward
            and lemma in self.w.two_way_verbs
            and not any(self.parties_in(o.subtree) for o in preps(verb, self.w.recipient_preps))
            and child(verb, ("dative", "iobj")) is None
            and not self._first_object_party(verb)
            and self._named_origin(verb, weapon)
        ):
            outward = False  # "India leased a submarine from Russia": the lessee's subject
        given = self._indirect_object(verb)
        obj = child(verb, ("dobj",))
        if given is None and obj is not None:  # "giving Nakasone's critics fresh ammunition"
            given = next((c for c in obj.children if c.dep_ == "nmod" and c.i < obj.i), None)
        if given is not None and _lemma(given) in self.w.argument_recipients:
            return None  # "are giving Nakasone's critics fresh ammunition": arguments, not arms
        suppliers, recipients = Side(), Side()
        subj, passive = self.subject(verb)
        if subj is not None and subj.lower_ in self.w.relative:
            subj = self._antecedent(verb) or subj
        weapon_tokens = set(range(weapon.start, weapon.end)) if weapon else set()
        dobj = child(verb, ("dobj",))
        if (
            outward
            and dobj is not None
            and (_lemma(dobj) in self.w.deal_nouns or _lemma(dobj) in rules.nouns_in)
        ):
            # "Riyadh gave London its biggest arms order", "awarded the contract to X": the
            # giver of an order buys; "India approved the purchase of 83 Tejas": so does
            # the approver of a purchase.
            outward = False
        if armed_force is not None:
            subj, passive = armed_force, True  # "the Chadian army, armed by France"
        elif contact is not None:
            subj, passive = contact[0], False  # "the drones Iran supplied to Russia"
        elif verb.dep_ == "acl" and verb.head.i in weapon_tokens:
            passive = True  # "weapons supplied by Iran to Russia"
            subj = None
        if outward and not passive and self._own_deployment(verb, dobj, weapon):
            return None
        if outward and not passive and self._force_move(verb, dobj, weapon):
            return None
        if outward:
            if passive:
                for o in preps(verb, ("by",)):
                    suppliers.add(*unpack(self.resolve_np(o)))
                if subj is not None and subj.i not in weapon_tokens:
                    recipients.add(*unpack(self.resolve_np(subj)))
            elif subj is not None:
                suppliers.add(*unpack(self.resolve_np(subj)))
                suppliers.add(*unpack(self.joined_party([verb])))  # "joined X in sending"
            for o in preps(verb, self.w.recipient_preps):
                recipients.add(*unpack(self.resolve_np(o, exclude=set(suppliers.codes))))
            if lemma in self.w.exchange_verbs:
                for o in preps(verb, ("with",)):
                    recipients.add(*unpack(self.resolve_np(o)))
            dative = self._indirect_object(verb)
            if dative is not None:
                recipients.add(*unpack(self.resolve_np(dative)))
            if dobj is not None and weapon is not None:
                if dobj.i not in weapon_tokens and self._weapon_in(dobj) is None:
                    recipients.add(*unpack(self.resolve_np(dobj)))  # "supplied Russia with drones"
                elif not recipients:
                    recipients.add(*unpack(self._recipients_in_object(dobj, weapon)))
                    if not recipients:
                        recipients.add(*unpack(self._folded_dative(verb, dobj)))
            armed = dobj if dobj is not None else shared
            if lemma == "arm" and armed is not None:
                # "Russia and Iran, which have armed its forces": "its" is not the armer.
                recipients.add(*unpack(self.resolve_np(armed, exclude=set(suppliers.codes))))
            if not recipients and weapon is not None and verb.dep_ in ("relcl", "acl"):
                # "firing M777 howitzers that Canada provided": whoever holds them got them.
                recipients.add(*unpack(self._holder(weapon, exclude=set(suppliers.codes))))
            if not recipients and weapon is not None:
                # "delivered the first of 36 Rafale fighters ordered by New Delhi": the
                # buyer named on the weapon receives it.
                head = np_head(self.doc[weapon.start : weapon.end].root)
                for c in head.children:
                    if c.dep_ == "acl" and _lemma(c) in rules.in_verbs:
                        for o in preps(c, ("by",)):
                            recipients.add(
                                *unpack(self.resolve_np(o, exclude=set(suppliers.codes)))
                            )
            if not recipients and weapon is not None:
                # "supplies 60 percent of India's weapons", "most of the arms Taiwan buys".
                recipients.add(*unpack(self._weapon_owner(weapon, set(suppliers.codes))))
            if not recipients:
                # "to X" attached inside the object ("weapons worth $10bn to Ukraine").
                for t in verb.subtree:
                    if (
                        t.dep_ == "prep"
                        and t.lower_ in self.w.inner_recipient_preps
                        and t.head != verb
                    ):
                        if clause_of(t) == verb:
                            for o in t.children:
                                if o.dep_ == "pobj":
                                    recipients.add(*unpack(self.resolve_np(o)))
            if not recipients:
                recipients.add(*unpack(self._deal_partner(verb, set(suppliers.codes))))
            if not recipients:
                recipients.add(*unpack(self._purpose_recipient(verb, set(suppliers.codes))))
            if not recipients or not suppliers:
                self._fill_from_talks(verb, suppliers, recipients)
            foreign = set(recipients.codes) - set(suppliers.codes)  # not its own forces
            if not foreign and self._combat_purpose(verb):
                return None  # "sent fighter jets to destroy the reactor": a use, no transfer
            for o in preps(verb, ("from",)):
                suppliers.add(*unpack(self.resolve_np(o)))
        else:
            if passive:
                for o in preps(verb, ("by",)):
                    recipients.add(*unpack(self.resolve_np(o)))
            elif subj is not None:
                recipients.add(*unpack(self.resolve_np(subj)))
            froms = preps(verb, ("from",))
            if lemma in self.w.launch_verbs:
                froms = []  # "could fire a missile from North Korea": where from, not whose
            elif weapon is not None:  # "bought S-400 systems from Russia" ("from" on systems)
                froms += preps(np_head(self.doc[weapon.start : weapon.end].root), ("from",))
            if dobj is not None and _lemma(dobj) in self.w.container_nouns:
                froms += preps(dobj, ("from",))  # "received its first batch of jets from"
            for o in froms:
                suppliers.add(*unpack(self.resolve_np(o)))
            if not suppliers or not recipients:
                self._fill_from_talks(verb, recipients, suppliers)
            if weapon is not None and not suppliers and lemma not in self.w.launch_verbs:
                suppliers.add(*unpack(self._list_source(verb)))
            if weapon is not None and not suppliers:
                suppliers.add(*unpack(self._maker(weapon)))
            if weapon is not None and not suppliers:  # "a deal with New Delhi to purchase"
                suppliers.add(*unpack(self._deal_partner(verb, set(recipients.codes))))
            if weapon is not None and not suppliers:
                suppliers.add(*unpack(self._provenance(weapon)))
            if lemma in rules.use_verbs and not suppliers:
                return None  # using one's own weapons is not a transfer
        if weapon is not None and not suppliers and outward:
            suppliers.add(*unpack(self._provenance(weapon)))
        gapped = self._gapped_suppliers(verb, recipients) if outward else {}
        recipients.codes = [c for c in recipients.codes if c not in gapped]
        frame = self._arms_frame(verb, lemma, weapon, suppliers, recipients, noun=False)
        if frame is not None and frame.targets:
            frame.extra += [
                {"sources": [c], "targets": list(frame.targets), "category": cat}
                for c, cat in gapped.items()
            ]
        return frame

    def _gapped_suppliers(self, verb: Token, recipients: Side) -> dict[str, str]:
        """ "sent 14 Challenger tanks to Ukraine and Poland 10 Leopards", "supplied Stingers
        to the mujahideen and China rifles": a state after "and", right before a number or
        a weapon, is the subject of a second clause whose verb is left out (gapping), not a
        second recipient; it supplies the first recipients. Returns its code and its
        weapon's category."""
        out: dict[str, str] = {}
        spans = {p.start: p for p in self.party_at.values()}.values()
        for code in recipients.codes:
            for p in spans:
                if (
                    p.code != code
                    or p.start <= verb.i + 1
                    or p.end >= len(self.doc)
                    or self.doc[p.start - 1].lower_ not in ("and", ",")
                    or p.kind not in ("name", "capital")
                ):
                    continue
                after = self.doc[p.end]
                if after.like_num and after.head.i in self.weapon_at:  # not "10 days ago"
                    after = after.head
                if after.i in self.weapon_at:
                    out[code] = self.weapon_at[after.i].category
        return out if len(out) < len(recipients.codes) else {}

    def _named_origin(self, verb: Token, weapon: WeaponSpan | None) -> bool:
        """Whether the weapon's origin is named apart from the subject: "from Russia" on the
        verb or the weapon, or its provenance ("Russian Akula submarines")."""
        if weapon is None:
            return False
        head = np_head(self.doc[weapon.start : weapon.end].root)
        froms = preps(verb, ("from",)) + preps(head, ("from",))
        return any(self.parties_in(o.subtree) for o in froms) or bool(self._provenance(weapon))

    def _first_object_party(self, verb: Token) -> bool:
        """ "leased Kyiv two Reaper drones": a party between the verb and its object (a
        second object the parser may fold into the first as a modifier)."""
        dobj = child(verb, ("dobj",))
        if dobj is None:
            return False
        return any(
            t.dep_ in ("dative", "nmod") and self.party_at[t.i].kind in ("name", "capital")
            for t in self.doc[verb.i + 1 : dobj.i]
            if t.i in self.party_at
        )

    @staticmethod
    def _shared_object(verb: Token) -> Token | None:
        """The object coordinated verbs share when the parser hangs it on another of them:
        "trained, funded and armed the Taliban", "arming and financing Hezbollah"."""
        if child(verb, ("dobj",)) is not None:
            return None
        near = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            near.append(verb.head)
        for v in near:
            obj = child(v, ("dobj",))
            if obj is not None:
                return obj
        return None

    def _deal_partner(self, verb: Token, exclude: set[str]) -> Side:
        """ "The United States and Israel signed an agreement under which Washington will
        provide $38 billion in military aid": a transfer in a relative clause on a deal
        goes to the deal's other party (its signers or its "with" party)."""
        side = Side()
        deal: Token | None = None
        if verb.dep_ in ("advcl", "xcomp", "acl") and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in verb.children
        ):
            # "India signed a deal with Armenia to supply rocket launchers", "Cairo agreed a
            # deal with Paris to purchase jets": the deal the infinitive's verb signs.
            over = verb.head
            deal = child(over, ("dobj",)) if over.pos_ in ("VERB", "AUX") else over
            if deal is not None and _lemma(deal) not in self.w.deal_nouns:
                deal = None
        if deal is None:
            clause = verb
            while clause.dep_ in ("xcomp", "ccomp", "conj") and clause.head.pos_ in ("VERB", "AUX"):
                clause = clause.head  # "under which Moscow agreed to lease"
            deal = clause.head
            if clause.dep_ != "relcl" or _lemma(deal) not in self.w.deal_nouns:
                return side
        gov = governor(deal)
        heads = preps(deal, ("with",))
        if gov is not None and gov.pos_ in ("VERB", "AUX"):
            subj, passive = self.subject(gov)
            heads += [subj] if subj is not None and not passive else []
            heads += preps(gov, ("with",))
        for h in heads:
            found = [p for p in self.parties_in(np_tokens(h)) if p.code]
            side.add([c for c in self._codes(found)[0] if c not in exclude], "syntax")
        return side

    def _contact_clause(self, verb: Token) -> tuple[Token, WeaponSpan] | None:
        """ "the drones Iran supplied to Russia", "military equipment Armenia has obtained":
        a relative clause with no "that", which the parser often reads as an apposition,
        a second clause or the weapon as the verb's subject. The party right before the
        verb (and its auxiliaries), right after a weapon noun that heads its phrase, is the
        clause's subject; returns (that party's token, the weapon)."""
        if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN", "VBZ", "VBP"):
            return None
        start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg")])
        party = self.party_at.get(start - 1)
        if party is None or party.start < 1:
            return None
        noun = self.doc[party.start - 1]
        weapon = self.weapon_at.get(noun.i)
        if weapon is None or noun.pos_ != "NOUN" or np_head(noun) != noun:
            return None
        if any(c.dep_ == "dobj" for c in verb.children):
            return None  # "the jets Egypt bought them": not a clause on the jets
        root = self.doc[party.end - 1]
        return root, weapon

    def _fill_from_talks(self, pred: Token, own: Side, other: Side) -> None:
        """ "Egypt is negotiating with Russia to buy Su-35 jets", "in talks with Sweden to
        acquire Gripens", "opened talks with Seoul on the purchase of FA-50s": a purchase or
        sale under talks (roles.json talks_words) is between the negotiator (`own`, the
        buyer or seller the predicate names) and the talks' "with" party (`other`). Fills
        only the sides still empty."""
        talks = self._talks_over(pred)
        if talks is None:
            return
        partners = preps(talks, ("with",))
        verb = talks if talks.pos_ in ("VERB", "AUX") else governor(talks)
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            partners += [] if partners else preps(verb, ("with",))  # "held talks with France"
        if not other:
            for o in partners:
                other.add(*unpack(self.resolve_np(o, exclude=set(own.codes))))
        if own:
            return
        holder = child(talks, ("poss",))  # "Brazil's talks with Sweden"
        if holder is None and verb is not None and verb.pos_ in ("VERB", "AUX"):
            subj, passive = self.subject(verb)
            holder = subj if not passive else None
        if holder is not None and holder.lower_ not in self.w.relative:
            own.add(*unpack(self.resolve_np(holder, exclude=set(other.codes))))

    def _talks_over(self, pred: Token) -> Token | None:
        """The talks word a transfer predicate hangs on, within three steps: its purpose
        clause ("negotiating ... to buy"), complement ("talks ... to acquire") or topic
        ("talks on buying", "talks on the purchase of")."""
        cur = pred
        for _ in range(3):
            if cur.dep_ not in ("advcl", "xcomp", "acl", "relcl", "pcomp", "pobj", "prep"):
                return None
            if cur.dep_ == "prep" and cur.lower_ not in self.w.talks_topic_preps:
                return None  # "suspends F-35 talks days after a Rafale order": not its topic
            dep, cur = cur.dep_, cur.head
            if _lemma(cur) in self.w.talks_words:
                return cur
            beside = dep in ("advcl", "xcomp", "prep") and cur.pos_ == "VERB"
            talks = child(cur, ("dobj",)) if beside else None
            if talks is not None and _lemma(talks) in self.w.talks_words:
                return talks  # "held talks with France to buy Rafales", "... on buying"
        return None

    def _list_source(self, verb: Token) -> Side:
        """ "ordered 1,000 tanks, hundreds of howitzers and 48 jets from South Korea": the
        parser hangs "from" on the last item of a long list, outside the verb's object;
        "from" a party on any weapon after the buying verb names the seller."""
        side = Side()
        for w in self.weapons:
            if w.start <= verb.i:
                continue
            for o in preps(np_head(self.doc[w.start : w.end].root), ("from",)):
                found = [p for p in self.parties_in(np_tokens(o)) if p.code]
                side.add(*self._codes(found)[:1], "syntax")
        return side

    def _maker(self, weapon: WeaponSpan) -> Side:
        """Who built or sold a weapon bought, in a relative clause on it: "agreed to buy the
        carriers that France built for Russia", "bought the jets Israel sold it"."""
        side = Side()
        head = np_head(self.doc[weapon.start : weapon.end].root)
        for c in head.children:
            lemma = _lemma(c)
            if c.dep_ != "relcl" or (
                lemma not in self.w.building_verbs and lemma not in self.rules.out_verbs
            ):
                continue
            subj, passive = self.subject(c)
            if subj is not None and not passive and subj.lower_ not in self.w.relative:
                found = [p for p in self.parties_in(np_tokens(subj)) if p.code]
                side.add(self._codes(found)[0], "syntax")
        return side

    def _antecedent(self, verb: Token) -> Token | None:
        """The noun a relative pronoun subject stands for: "Russia and Iran, which have
        armed its forces", "Rosoboronexport, ..., which Treasury said had sold weapons"."""
        cur = verb
        while cur.dep_ in ("ccomp", "xcomp", "conj") and cur.head != cur:
            cur = cur.head
        if cur.dep_ != "relcl":
            return None
        head = cur.head
        plural = cur.tag_ == "VBP" or any(a.tag_ == "VBP" for a in cur.children if a.dep_ == "aux")
        while plural and head.dep_ == "conj":
            head = head.head  # "Russia and Iran, which have ...": both
        if head.dep_ == "appos" and head.head.i in self.party_at:
            head = head.head  # "Rosoboronexport, Russia's arms company, which ..."
        return head

    def _combat_purpose(self, verb: Token) -> bool:
        """A purpose clause of combat or patrol on a transfer verb ("sent bombers to strike
        rebel positions", "dispatched jets to patrol the skies"): the sender uses its own
        weapons."""
        if _lemma(verb) not in self.w.deploying_verbs:
            return False  # "supplied drones to strike Ukrainian cities": someone else strikes
        return any(
            c.dep_ in ("advcl", "xcomp")
            and _lemma(c) in self.w.combat_purpose_verbs
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in verb.children
        )

    def _purpose_recipient(self, verb: Token, exclude: set[str]) -> Side:
        """The party a transfer is sent to help, given only in a purpose clause: "sent
        Stingers to help Ukraine defend itself", "shipped rockets to support the Houthis",
        "to bolster the Syrian army in the north"."""
        side = Side()
        for c in verb.children:
            if c.dep_ not in ("advcl", "xcomp") or _lemma(c) not in self.w.purpose_verbs:
                continue
            if not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                continue
            helped = child(c, ("dobj",))
            if helped is None:  # "to help Ukraine defend itself"
                comp = child(c, ("ccomp", "xcomp"))
                helped = child(comp, ("nsubj",)) if comp is not None else None
            if helped is None:
                continue
            # Only a party the clause names: "to support the government" must not take
            # the article's main state.
            named = [p for p in self.parties_in(np_tokens(helped)) if p.code]
            lemma = _lemma(helped)
            if named:
                codes, actors = self._codes(named)
                side.add([x for x in codes if x not in exclude], "syntax", actors)
            elif lemma in self.w.group_nouns:  # "to help the rebels in Libya"
                found = self.resolve_np(helped, exclude=exclude)
                if found.how == "syntax":
                    side.add(*unpack(found))
            elif lemma in self.w.recipient_nouns:
                for o in [*preps(c, ("in",)), *preps(helped, ("in",))]:
                    found_in = [p for p in self.parties_in(o.subtree) if p.code]
                    codes, actors = self._codes(found_in)
                    side.add([x for x in codes if x not in exclude], "syntax", actors)
        return side

    def _weapon_owner(self, weapon: WeaponSpan, exclude: set[str]) -> Side:
        """Whose arsenal a supplied weapon joins: its named possessor ("60 percent of
        India's weapons") or the subject of a buying clause on it ("the arms Taiwan buys");
        never the supplier's own ("sold its old tanks")."""
        side = Side()
        head = np_head(self.doc[weapon.start : weapon.end].root)
        owner = child(head, ("poss",))
        if owner is not None and any(self._is_maker(p) for p in self.parties_in(np_tokens(owner))):
            owner = None  # "leased Saab's Gripens": the maker's, not the buyer's arsenal
        if owner is not None and self.parties_in(np_tokens(owner)):
            # A named possessor only: "its weapons" is the giver's own ("offered its
            # warships", "until it gives up its nuclear weapons").
            side.add(*unpack(self.resolve_np(owner)))
        for c in head.children:
            if not side and c.dep_ == "relcl" and _lemma(c) in self.rules.in_verbs:
                subj, passive = self.subject(c)
                if subj is not None and not passive and subj.lower_ not in self.w.relative:
                    side.add(*unpack(self.resolve_np(subj, exclude=exclude)))
        for v in self.doc[head.i + 1 : head.i + 8]:
            # "supplied 94% of the equipment Armenia has obtained": a clause with no "that".
            contact = self._contact_clause(v) if _lemma(v) in self.rules.in_verbs else None
            if not side and contact is not None and contact[1].end - 1 <= head.i:
                side.add(*unpack(self.resolve_np(contact[0], exclude=exclude)))
        side.codes = [c for c in side.codes if c not in exclude]
        return side

    @staticmethod
    def _is_maker(p: Party) -> bool:
        """An institution with its own state (an arms maker such as Saab or Lockheed, or
        an agency such as the Pentagon) on a weapon's phrase names its supplier; a context
        institution ("the Navy's frigates", no state of its own) names its holder."""
        return p.kind == "institution" and p.code is not None

    def _provenance(self, weapon: WeaponSpan) -> Side:
        """Where a weapon comes from: "Iranian-made drones", "Chinese Silkworm missiles",
        "U.S. weapons" (a state modifier on the weapon noun, not a possessor)."""
        side = Side()
        head = self.doc[weapon.start : weapon.end].root
        outer = np_head(head)
        transfer_nouns = self.rules.nouns_out.keys() | self.rules.nouns_in.keys()
        # A hardware noun that heads the weapon's own phrase is part of it ("Russian-built
        # S-300 batteries"), even when it can also hold one ("batteries of the S-400").
        hardware = _lemma(outer) in self.w.hardware_nouns and outer.i >= weapon.end - 1
        if _lemma(outer) not in transfer_nouns and (
            _lemma(outer) not in self.w.container_nouns or hardware
        ):
            head = outer  # "Chinese FK-3 missile systems", but not "the Iran arms deal"
        for t in np_tokens(head) + self._origin_words(head):
            p = self.party_at.get(t.i)
            if p is not None and self._is_maker(p):
                codes, actors = self._codes([p])  # "Saab's Gripens", "Dassault Rafales"
                side.add(codes, "modifier", actors)
                continue
            if p is None or p.kind in ("person", "group", "institution") or t.dep_ == "poss":
                continue
            if t.i not in range(weapon.start, weapon.end) and t.head.dep_ == "poss":
                continue
            codes, actors = self._codes([p])
            side.add(codes, "modifier", actors)
        return side

    def _holder(self, weapon: WeaponSpan, exclude: set[str]) -> Side:
        """Who has or uses a weapon: the subject of a possess/use verb over it, the agent of
        "flown/operated by X", or its possessor ("Egypt's Soviet-built MiGs")."""
        side = Side()
        head = np_head(self.doc[weapon.start : weapon.end].root)
        owner = child(head, ("poss",))
        if any(c.lower_ == "own" for c in head.children):
            return side  # "Poland, which had pledged 14 of its own Leopards": the giver's
        if owner is not None:
            side.add(*unpack(self.resolve_np(owner, exclude=exclude)))
            return side
        for c in head.children:
            if c.dep_ in ("acl", "relcl") and _lemma(c) in self.w.possess_verbs:
                for o in preps(c, ("by",)):
                    side.add(*unpack(self.resolve_np(o, exclude=exclude)))
        if side:
            return side
        gov = governor(head)
        while gov is not None and gov.pos_ == "NOUN" and _lemma(gov) in self.w.container_nouns:
            gov = governor(gov)  # "inducted a squadron of J-10C fighters"
        if gov is None:
            return side
        gl = _lemma(gov)
        holding = gov.pos_ in ("VERB", "AUX") and (
            gl in self.w.possess_verbs or phrasal(gov) in self.w.possess_verbs
        )
        if (
            gov.pos_ == "NOUN"
            and (gl in self.w.weapon_site_nouns or gov.lower_ in self.w.weapon_site_nouns)
            and head.dep_ == "pobj"
            and head.head.lower_ == "for"
        ):
            # "Iran had erected sites for Chinese-made Silkworms": whoever readies the
            # site holds the weapon, as the subject of a possess verb does.
            place = governor(gov)
            placing = self.w.possess_verbs | self.w.site_placing_verbs
            if place is None or place.pos_ not in ("VERB", "AUX"):
                return side
            if _lemma(place) not in placing and phrasal(place) not in placing:
                return side
            gov, gl, holding = place, _lemma(place), True
        if holding:
            subj, passive = self.subject(gov)
            if passive:
                for o in preps(gov, ("by",)):
                    side.add(*unpack(self.resolve_np(o, exclude=exclude)))
            elif subj is not None:
                side.add(*unpack(self.resolve_np(subj, exclude=exclude)))
        elif gov.pos_ == "NOUN" and gl in self.w.holding_nouns:
            poss = child(gov, ("poss",))  # "Syria's use of", "Iran's deployment of"
            if poss is not None:
                side.add(*unpack(self.resolve_np(poss, exclude=exclude)))
        elif gov.pos_ == "NOUN" and gl in self.w.receipt_nouns:
            # "Kenya took delivery of armored vehicles donated by the United States": the
            # subject of the light verb over the receipt holds them.
            light = governor(gov)
            if light is not None and _lemma(light) in self.w.receipt_light_verbs:
                subj, passive = self.subject(light)
                if subj is not None and not passive:
                    side.add(*unpack(self.resolve_np(subj, exclude=exclude)))
        return side

    def _noun_mod_sides(self, noun: Token, weapon: WeaponSpan) -> list[tuple[Side, str]]:
        """Parties that modify a transfer noun or its weapon modifier, with their kind
        ("U.S. arms sales" name, "Iran's purchase" poss, "Soviet arms supplies" demonym)."""
        out: list[tuple[Side, str]] = []
        heads = [noun] + [
            t for t in np_tokens(noun) if t.i in range(weapon.start, weapon.end) and t != noun
        ]
        for h in heads:
            for c in h.children:
                if c.dep_ not in ("poss", "compound", "amod", "nmod") or c.i in range(
                    weapon.start, weapon.end
                ):
                    continue
                found = self._modifier_side(c)
                if found is not None:
                    out.append(found)
        return out

    def pattern_frame(self, m: PatternMatch) -> Frame | None:
        """The transfer a pattern match describes: its role nodes give the sides, the
        predicate's weapon and the weapon's provenance (when no supplier is named) the rest."""
        pred = m.predicate
        lemma = _lemma(pred)
        noun = pred.pos_ in ("NOUN", "PROPN")
        weapon = self._noun_weapon(pred, lemma) if noun else self._weapon_for_verb(pred)
        if weapon is None and "weapon" in m.nodes:
            weapon = self._weapon_in_list(m.nodes["weapon"])  # "the first F-16s arrived in"
        # "India flies MiG-21s, most of which were built under licence": the MiG-21s
        referred = self._referred_weapon(m.nodes["weapon"]) if "weapon" in m.nodes else None
        weapon = weapon or referred
        if weapon is None or self._visit(pred):
            return None
        if lemma in self.w.arrival_verbs and self._force_only(weapon):
            return None  # "Russian bombers landed in Venezuela": deployed, not handed over
        sides = {"sources": Side(), "targets": Side()}
        for role, nodes in m.rule.roles.items():
            for node in nodes:
                for tok in m.tokens(node):
                    if tok.lower_ in self.w.relative and tok.head.dep_ == "relcl":
                        tok = tok.head.head  # "Japan, which took delivery of ...": Japan
                    side = self.resolve_np(tok)
                    if not side and node in m.rule.companies:
                        # "Mitsubishi has built F-15s under licence": the firm's home state
                        side = self.company_side(np_tokens(tok))
                    sides[role].add(*unpack(side))
        suppliers, recipients = sides["sources"], sides["targets"]
        if referred is not None and not recipients and suppliers:
            recipients.add(*unpack(self._holder(referred, exclude=set(suppliers.codes))))
        if not suppliers and lemma in self.w.made_only_verbs and not self._made(weapon):
            return None  # "Russian tanks reached Kyiv's outskirts": an army, no supplier
        if not suppliers:
            suppliers.add(*unpack(self._provenance(weapon)))
        required = [n for n in m.rule.roles.get("targets", []) if n not in m.rule.optional]
        if required and set(recipients.codes) <= set(suppliers.codes):
            # "China built destroyers for its navy": its own forces; "built the drones
            # for $20 million each": no party at all.
            return None
        return self._arms_frame(
            pred, lemma, weapon, suppliers, recipients, noun=noun, base_action=m.rule.action
        )

    def _referred_weapon(self, tok: Token) -> WeaponSpan | None:
        """The weapon a pronoun stands for (roles.json referring_pronouns), named before it
        in the sentence: "MiG-21 fighters, most of which were built under Soviet licence"
        (the noun a relative clause hangs on), "the Japan Defence Agency's F-15 jet
        fighters, although all of these have been built under licence" (the nearest weapon
        before it)."""
        if tok.lower_ not in self.w.referring_pronouns:
            return None
        of = [o for o in preps(tok, ("of",)) if o.lower_ in self.w.referring_pronouns]
        pron = of[0] if of else tok  # "most of which", "all of these"
        if pron.lower_ in self.w.relative:
            clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
            return self._weapon_in_list(clause.head) if clause is not None else None
        before = [w for w in self.weapons if w.end <= tok.i]
        if not before:
            return None
        head = np_head(self.doc[before[-1].start : before[-1].end].root)
        while head.dep_ == "conj" and head.head != head:
            head = head.head  # "the Agency's F-15 fighters and missiles": the list's first
        return self._weapon_in(head) or before[-1]

    def _visit(self, pred: Token) -> bool:
        """ "arrived in Venezuela for joint exercises", "on a port call", "sent jets to the
        Emirates for an exercise", "arrived in Lithuania to patrol the skies": a deployment."""
        if any(_lemma(o) in self.w.visit_purposes for o in preps(pred, ("for", "on"))):
            return True
        return any(
            c.dep_ in ("advcl", "xcomp")
            and _lemma(c) in self.w.presence_purpose_verbs
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in pred.children
        )

    def _force_only(self, weapon: WeaponSpan | None) -> bool:
        """A weapon states deploy rather than hand over (roles.json force_only_weapons)."""
        if weapon is None:
            return False
        head = np_head(self.doc[weapon.start : weapon.end].root)
        text = " ".join(t.lower_ for t in sorted(np_tokens(head), key=lambda t: t.i))
        lemmas = {_lemma(t) for t in np_tokens(head)}
        return any(w in lemmas or f" {w} " in f" {text} " for w in self.w.force_only_weapons)

    def _force_move(self, verb: Token, dobj: Token | None, weapon: WeaponSpan | None) -> bool:
        """A state sending its own forces abroad deploys them, it transfers nothing (roles.json
        deploying_verbs): with service members ("sent troops and jets to Poland"), for drills
        or a patrol ("sent Rafale jets to the Emirates for an exercise", "to guard its
        airspace"), with weapons states do not hand over ("dispatched bombers to Venezuela"),
        or to a sea or region only ("sent an aircraft carrier to the Gulf"). Weapons sent to
        a group ("troops and weapons to the separatists") stay a transfer."""
        if _lemma(verb) not in self.w.deploying_verbs or weapon is None:
            return False
        dests = preps(verb, ("to", "into"))
        if any(_lemma(o) in self.w.group_nouns for o in dests):
            return False
        if dests and all(
            _lemma(o) in self.w.deployment_places and not self.parties_in(np_tokens(o))
            for o in dests
        ):
            return True
        items: list[Token] = []
        todo = [dobj] if dobj is not None else []
        while todo:
            item = todo.pop()
            items.append(item)
            todo += [c for c in item.children if c.dep_ == "conj"]
        if any(_lemma(t) in self.w.personnel_nouns for t in items):
            return True
        return self._visit(verb) or self._force_only(weapon)

    def _noun_weapon(self, noun: Token, lemma: str) -> WeaponSpan | None:
        """The weapon a transfer noun moves: its own ("military aid"), a modifier ("arms
        sales"), or a prepositional object ("sale of F-16s"); aid only when military."""
        weapon = self.weapon_at.get(noun.i)
        own = weapon is not None  # "military aid" names the transfer itself
        if weapon is None:
            # "arms sales", "weapons deliveries": a weapon modifier; "sale of F-16s".
            mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
            weapon = self._weapon_near(t for m in mods for t in np_tokens(m))
            if weapon is None:
                for o in preps(noun, self.w.noun_weapon_preps):
                    weapon = self._weapon_in(o)
                    if weapon:
                        break
            if weapon is None and lemma in self.w.deal_nouns and noun.dep_ == "dobj":
                # "signed a deal with France for 24 Rafale jets": the parser hangs "for"
                # on the verb that takes the deal.
                for o in preps(noun.head, ("for",)):
                    weapon = self._weapon_in(o)
                    if weapon:
                        break
            if weapon is None and lemma in self.w.deal_nouns:
                # "a contract with New Delhi for Pinaka rocket launchers": "for" hung on
                # the deal's "with" party.
                for o in [o for w in preps(noun, ("with",)) for o in preps(w, ("for",))]:
                    weapon = self._weapon_in(o)
                    if weapon:
                        break
            work = self._contract_work(noun, lemma)
            if weapon is None and work is not None:
                # "a contract to upgrade M-48 tanks for Turkey": the work's object.
                weapon = self._weapon_in(work[1])
            if weapon is None and lemma not in self.w.deal_nouns:
                # "the sale of 28 modification kits to upgrade the I-Hawk missiles"
                for h in (noun, *preps(noun, ("of",))):
                    weapon = weapon or self._upgraded_weapon(h)
        if weapon is None:
            return None
        if lemma in self.w.licence_nouns and not any(
            _lemma(c) in self.w.licence_transfer_modifiers for c in noun.children
        ):
            return None  # "arms export licences to Riyadh", not "a licence to build tanks"
        if lemma in self.w.aid_transfer_nouns and not own:
            # "a military aid package": the military modifier may sit on an aid noun
            # compounded with this one.
            mods = [*noun.children]
            mods += [
                g
                for c in noun.children
                if c.dep_ == "compound" and _lemma(c) in self.w.aid_transfer_nouns
                for g in c.children
            ]
            if not any(c.lower_ in self.w.military_transfer_modifiers for c in mods):
                return None
        return weapon

    def transfer_noun_frame(self, noun: Token, lemma: str) -> Frame | None:
        rules = self.rules
        weapon = self._noun_weapon(noun, lemma)
        if weapon is None:
            return None
        if lemma in self.w.past_act_nouns and not any(
            t.lower_ in self.w.affair_trade_words or _lemma(t) in self.w.affair_trade_words
            for left in noun.lefts
            for t in left.subtree
        ):
            return None  # "the Iraq chemical weapon scandal" names no trade in weapons
        if lemma in self.w.transfer_agent_nouns:
            return self._agent_noun_frame(noun, lemma, weapon)
        outward = lemma in rules.nouns_out
        suppliers, recipients = Side(), Side()
        seller_named = False  # a deal's seller named by "from": its signer buys
        for side, kind in self._noun_mod_sides(noun, weapon):
            if not outward or kind == "demonym":
                # "Turkey's purchase", but "Soviet arms supplies" (the maker)
                (suppliers if kind == "demonym" and outward else recipients).add(*unpack(side))
            elif kind == "poss" or set(side.codes) <= rules.habitual_suppliers:
                suppliers.add(*unpack(side))  # "U.S. arms sales", "Iran's provision of"
            else:
                recipients.add(*unpack(side))  # "the Iran arms sales", "Nicaragua rebel aid"
        if outward and lemma in self.w.past_act_nouns and not recipients:
            recipients.add(*unpack(self._affair_buyer(noun, weapon)))
        gov = self._approval_over(noun) or governor(noun)
        share = None  # "49 percent of India's arms imports": the share noun over the noun
        if (
            gov is not None
            and gov.pos_ in ("NOUN", "NUM")
            and gov.dep_ in ("dobj", "pobj", "nsubj")
        ):
            share = gov if _lemma(gov) in self.w.container_nouns else None
            gov = governor(gov)  # "40 mln dlrs in military aid": the amount's verb
        weapon_head = np_head(self.doc[weapon.start : weapon.end].root)
        if outward:
            for o in preps(noun, self.w.noun_supplier_preps):
                suppliers.add(*unpack(self.resolve_np(o)))
            with_ = () if lemma in self.w.deal_nouns else ("with",)  # "deal with": no direction
            worth = self._worth_heads(noun)  # "arms exports worth 1 billion euros to Egypt"
            for h in (noun, weapon_head, *worth):  # "provision of drones to Russia" (to on drones)
                wanted = (*self.w.noun_recipient_preps, *with_) if h == noun else ("to",)
                for o in preps(h, wanted):
                    if self._weapon_in(o) is not None:
                        continue  # "a contract for 36 Gripen fighters": the goods, no party
                    recipients.add(*unpack(self._recipient_np(o, set(suppliers.codes))))
            work = self._contract_work(noun, lemma)
            for o in [o for h in work for o in preps(h, ("for", "to"))] if work else []:
                # "a contract to upgrade M-48 tanks for Turkey": whom the work is for.
                recipients.add(*unpack(self.resolve_np(o, exclude=set(suppliers.codes))))
            if lemma in self.w.deal_nouns:
                for o in preps(weapon_head, ("from",)):  # "a deal for 36 F-15s from the US"
                    suppliers.add(*unpack(self.resolve_np(o)))
                    seller_named = True
        else:
            # "bought S-400 systems in a purchase from Russia": "from" on the noun or on the
            # weapon it carries.
            for o in preps(noun, ("from",)) + preps(weapon_head, ("from",)):
                suppliers.add(*unpack(self.resolve_np(o)))
            if not suppliers:  # "the purchase of tanks, howitzers and jets from Korea"
                suppliers.add(*unpack(self._list_source(noun)))
            for o in preps(noun, ("by",)):
                recipients.add(*unpack(self.resolve_np(o)))
        if not suppliers or not recipients:
            own, other = (suppliers, recipients) if outward else (recipients, suppliers)
            self._fill_from_talks(noun, own, other)
        if not suppliers:
            suppliers.add(*unpack(self._provenance(weapon)))
        for c in noun.children:  # "the aid package Congress voted", "sales approved by"
            if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
                sub, passive = self.subject(c)
                if sub is not None and not passive and not suppliers and outward:
                    suppliers.add(*unpack(self.resolve_np(sub)))
                for o in preps(c, ("by",)):
                    if not suppliers and outward:
                        suppliers.add(*unpack(self.resolve_np(o)))
        topic = noun.dep_ == "pobj" and noun.head.lower_ in self.w.topic_preps
        if outward and not suppliers and gov is not None and gov.pos_ == "VERB":
            # "Reagan authorized the shipment of arms to Iran by Israel", "knew of weapons
            # shipments to Iran by Israel": an active verb's by-phrase after the noun is no
            # agent of the verb; it names the noun's supplier (a state, not "by sea").
            if not self.subject(gov)[1]:
                for o in preps(gov, ("by",)):
                    if o.i > noun.i and self._named_state(o):
                        suppliers.add(*unpack(self.resolve_np(o)))
        if gov is not None and gov.pos_ in ("VERB", "AUX") and not topic:
            gl = _lemma(gov)
            subj, passive = self.subject(gov)
            for o in preps(gov, self.w.noun_recipient_preps if outward else ("from",)):
                if o == noun:
                    # "gave approval to an Israeli shipment of U.S. arms to Iran": the
                    # approval's object is the transfer itself, not its recipient.
                    continue
                side = self.resolve_np(o, exclude=set(suppliers.codes))
                (recipients if outward else suppliers).add(*unpack(side))
            if outward and lemma in self.w.deal_nouns and not suppliers:
                # "signed a deal for BrahMos missiles from India": the parser may hang the
                # seller's "from" on the signing verb, after the deal.
                for o in preps(gov, ("from",)):
                    if o.i > noun.i and self._named_state(o):
                        suppliers.add(*unpack(self.resolve_np(o)))
                        seller_named = True
            if seller_named and not recipients and subj is not None and not passive:
                recipients.add(*unpack(self.resolve_np(subj, exclude=set(suppliers.codes))))
            elif lemma in self.w.deal_nouns and gl not in rules.in_verbs and not recipients:
                # "Poland signs a tank deal with South Korea": the verb gives no direction;
                # the side that habitually exports arms is the seller.
                self._deal_direction(noun, gov, subj, suppliers, recipients)
            elif subj is not None and subj != noun and not passive:
                side = self.resolve_np(subj)
                if gl in rules.in_verbs or not outward:
                    if not recipients and gl not in self.w.transfer_neutral_verbs:
                        recipients.add(*unpack(side))  # "Cairo stopped repaying for purchases"
                    elif share is not None and not outward and not suppliers:
                        # "Russia accounted for 49 percent of India's arms imports": who
                        # holds a share of a buyer's imports sold it.
                        side = self.resolve_np(subj, with_of=False, exclude=set(recipients.codes))
                        suppliers.add(*unpack(side))
                elif not suppliers and (
                    gl not in self.w.transfer_neutral_verbs
                    or gl in self.w.denying_verbs
                    or (gl in self.w.halting_verbs and self._firm(subj))
                ):
                    # "Iran denied any drone deliveries to", "Lockheed halted deliveries
                    # of F-16s to Pakistan" (a firm halts its own deliveries)
                    suppliers.add(*unpack(side))
            if passive and not suppliers:
                for o in preps(gov, ("by",)):
                    suppliers.add(*unpack(self.resolve_np(o)))
        work = self._contract_work(noun, lemma)
        if work is not None and not suppliers and gov is not None and gov.pos_ == "VERB":
            # "Lockheed won a contract to build F-16s for Greece": the firm that takes it.
            suppliers.add(*unpack(self._contractor(gov)))
        if work is not None and not set(recipients.codes) - set(suppliers.codes):
            return None  # "a contract to build HARM missiles": for its own forces, no sale
        holder = child(share, ("poss",)) if share is not None else None
        if holder is not None and not outward and not suppliers and recipients:
            # "China's share of Pakistan's arms imports"
            suppliers.add(*unpack(self.resolve_np(holder, exclude=set(recipients.codes))))
        if lemma == "use" and not suppliers:
            return None
        if lemma in self.w.past_act_nouns and recipients and not suppliers:
            suppliers.add(*unpack(self._affair_seller(noun, set(recipients.codes))))
        return self._arms_frame(noun, lemma, weapon, suppliers, recipients, noun=True)

    def _affair_buyer(self, noun: Token, weapon: WeaponSpan) -> Side:
        """The buyer a scandal is named after when no plain modifier names it: "the
        arms-for-Iran scandal", "the arms-to-Iraq affair" (a "for"/"to" on its weapon word),
        "the Iran/Contra arms scandal" (a pair name: the arms went to its first party)."""
        side = Side()
        for m in noun.children:
            if m.dep_ not in ("compound", "amod", "nmod"):
                continue
            if m.i in range(weapon.start, weapon.end):
                for o in preps(m, self.w.noun_recipient_preps):
                    side.add(*unpack(self.resolve_np(o)))
                continue
            parties = self.parties_in(np_tokens(m))
            if len(parties) > 1 and self._pair_name(parties[:2]):
                codes, actors = self._codes(parties[:1])
                side.add(codes, "modifier", actors)
        return side

    def _affair_seller(self, noun: Token, exclude: set[str]) -> Side:
        """Whose arms scandal it is when no syntax says: the leader or government the sentence
        names nearest to it ("the clout of the Reagan administration as a result of the Iran arms
        scandal")."""
        side = Side()
        leaders = [
            p
            for p in self.parties_in(noun.sent)
            if p.kind in ("person", "institution") and p.code is not None and p.code not in exclude
        ]
        if leaders:
            near = min(leaders, key=lambda p: abs(p.start - noun.i))
            codes, actors = self._codes([near])
            side.add(codes, "context", actors)
        return side

    def _upgraded_weapon(self, head: Token) -> WeaponSpan | None:
        """The weapon that goods moved are for, named by a purpose clause of upgrading
        (roles.json upgrade_verbs): "sell electronic equipment to South Korea to upgrade
        its Hawk missiles", "the sale of modification kits to upgrade the I-Hawk missiles"."""
        for c in head.children:
            if c.dep_ not in ("advcl", "acl", "relcl") or _lemma(c) not in self.w.upgrade_verbs:
                continue
            obj = child(c, ("dobj",))
            if obj is not None and any(a.lower_ == "to" for a in c.children):
                w = self._weapon_in_list(obj)
                if w is not None:
                    return w
        return None

    def _contract_work(self, noun: Token, lemma: str) -> tuple[Token, Token] | None:
        """(verb, object) of the work a contract is for: "a contract to upgrade M-48 tanks",
        "a contract to build F-16s" (roles.json contract_work_verbs)."""
        if lemma not in self.w.deal_nouns:
            return None
        for c in noun.children:
            if c.dep_ in ("acl", "relcl") and _lemma(c) in self.w.contract_work_verbs:
                obj = child(c, ("dobj",))
                if obj is not None and any(a.lower_ == "to" for a in c.children):
                    return c, obj
        return None

    def _contractor(self, verb: Token) -> Side:
        """The home state of the firm that wins or is awarded a contract: the verb's subject
        named as a company ("Texas Instruments won"), or the company named last before this
        sentence when the subject is only "the company" or "the firm"."""
        side = Side()
        subj, _ = self.subject(verb)
        if subj is None:
            return side
        side.add(*unpack(self.company_side(np_tokens(subj))))
        if not side and _lemma(subj) in self.w.firm_nouns:
            before = [m for m in self.ctx.firms if m.end <= self.offset and m.code]
            if before:
                m = before[-1]
                side.add([m.code], "context", [Actor(m.actor or "", m.code, "company")])
        return side

    def _named_state(self, tok: Token) -> bool:
        """Is `tok` itself the name of a state or bloc ("Israel", "Moscow", "the EU"), not a
        thing described by one ("Israeli planes") or a generic noun ("sea")?"""
        p = self.party_at.get(tok.i)
        return p is not None and p.code is not None and p.kind in ("name", "capital", "bloc")

    def _agent_noun_frame(self, noun: Token, lemma: str, weapon: WeaponSpan) -> Frame | None:
        """ "Russia is India's largest arms supplier", "Beijing, already its main supplier of
        weapons", "Egypt became one of France's best arms customers": the noun stands for
        one side (roles.json transfer_agent_nouns), its possessor is the other. A noun that
        stands for no party ("a law that punishes buyers of Russian arms") is no transfer:
        the subject of the verb over it is not the buyer."""
        outward = lemma in self.rules.nouns_out
        own, other = Side(), Side()
        stand = self._agent_party(noun)
        if stand is not None:
            # "Ghana, Nigeria's main supplier": the noun's own phrase is not the party.
            inner = {c for p in self.parties_in(noun.subtree) for c in self._codes([p])[0]}
            found = self.resolve_np(stand)
            own.add([c for c in found.codes if c not in inner], found.how, found.actors)
        for side, kind in self._noun_mod_sides(noun, weapon):
            if kind != "poss":
                own.add(*unpack(side))  # "Chinese suppliers of drone parts"
        if not own:
            return None
        poss = child(noun, ("poss",))
        if poss is not None:  # "its largest supplier": not the supplier itself
            other.add(*unpack(self.resolve_np(poss, with_of=False, exclude=set(own.codes))))
        weapon_head = np_head(self.doc[weapon.start : weapon.end].root)
        ways = self.w.agent_other_preps if outward else ("from",)
        heads = [noun] + ([weapon_head] if weapon_head != noun else [])
        if noun.dep_ in ("attr", "oprd") and _lemma(noun.head) in self.w.agent_copulas:
            heads.append(noun.head)  # "became a key seller of jets to Egypt"
        for o in [o for h in heads for o in preps(h, ways)]:
            # "the main supplier of arms to Myanmar": "to" often hangs on the weapon.
            other.add(*unpack(self.resolve_np(o, exclude=set(own.codes))))
        if not outward and not other:
            other.add(*unpack(self._provenance(weapon)))  # "buyer of Russian weapons"
        suppliers, recipients = (own, other) if outward else (other, own)
        return self._arms_frame(noun, lemma, weapon, suppliers, recipients, noun=True)

    def _agent_party(self, noun: Token) -> Token | None:
        """The noun phrase a transfer agent noun stands for: the subject of a copula or of
        "as" ("emerged as Armenia's main supplier"), the noun beside it, a relative's
        antecedent ("China and Russia, which are its main suppliers")."""
        cur = noun
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.lower_ == "one":
            cur = cur.head.head  # "one of France's best customers"
        appos = child(cur, ("appos",))
        if appos is not None and self.parties_in(np_tokens(appos)):
            return appos  # "Pakistan's main supplier, China, ..."
        if cur.dep_ == "appos" and cur.head.i in self.party_at:
            return cur.head  # "China, Pakistan's main supplier" (a named party only)
        left = cur.left_edge.i
        hung = cur.dep_ in ("advcl", "npadvmod", "dep", "appos")
        if hung and left >= 2 and self.doc[left - 1].text == ",":
            # "closer to China, already its biggest supplier": an apposition the parser
            # hung elsewhere; the party just before the comma.
            before = self.doc[left - 2]
            if before.i in self.party_at:
                return before
        verb = None
        if cur.dep_ in ("attr", "oprd") and _lemma(cur.head) in self.w.agent_copulas:
            verb = cur.head
        elif cur.dep_ == "pobj" and cur.head.lower_ in ("as", "among"):
            verb = cur.head.head  # "is among the top buyers", "emerged as its supplier"
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return None
        subj, passive = self.subject(verb)
        if subj is None or passive:
            return None
        if subj.lower_ in self.w.relative and subj.head.dep_ == "relcl":
            subj = subj.head.head  # "Russia, which is ..."
            if noun.tag_ == "NNS":
                while subj.dep_ == "conj":  # "China and Russia, which are ...": both
                    subj = subj.head
        return subj

    def _worth_heads(self, noun: Token) -> list[Token]:
        """The words of a value phrase on a transfer noun that the parser hangs the noun's
        own prepositions on: "arms exports worth 1 billion euros to Egypt", "arms deals worth
        $110 billion with the United States" ("to"/"with" on "worth" or on the amount),
        also when "worth" hangs on the verb whose object the noun is ("authorised arms
        exports worth 1.2 billion euros to Egypt")."""
        near = list(noun.children)
        if noun.dep_ == "dobj":
            near += [c for c in noun.head.children if c.i == noun.right_edge.i + 1]
        return [
            t
            for c in near
            if c.lower_ == "worth"
            for t in c.subtree
            if (t.pos_ in ("ADJ", "ADP", "NUM", "NOUN", "SYM") and t.dep_ != "pobj") or t == c
        ]

    def _deal_direction(
        self, noun: Token, gov: Token, subj: Token | None, suppliers: Side, recipients: Side
    ) -> None:
        parties = Side()
        if subj is not None:
            parties.add(*unpack(self.resolve_np(subj)))
        weapon = self._noun_weapon(noun, _lemma(noun))
        goods = [np_head(self.doc[weapon.start : weapon.end].root)] if weapon else []
        # "signed a contract for 36 F-16 jets with the United States": "with" on the goods.
        heads = (noun, gov, *goods, *self._worth_heads(noun))  # "deals worth $1bn with"
        for o in [o for h in heads for o in preps(h, ("with",))]:
            parties.add(*unpack(self.resolve_np(o)))
        parties.add(suppliers.codes + recipients.codes, "syntax")
        suppliers.codes, recipients.codes = [], []
        # "the Philippines signed a deal with India for BrahMos missiles": the one party
        # that makes the named system sells it (weapons.json origins).
        made = self.rules.origin(t for g in goods for t in np_tokens(g))
        makers = [c for c in parties.codes if c in made]
        if len(makers) == 1 and len(parties.codes) > 1:
            suppliers.add(makers, "syntax")
            recipients.add([c for c in parties.codes if c not in makers], "syntax")
            return
        habitual = [c for c in parties.codes if c in self.rules.habitual_suppliers]
        others = [c for c in parties.codes if c not in self.rules.habitual_suppliers]
        if len(habitual) == 1 and others:
            suppliers.add(habitual, "syntax")
            recipients.add(others, "syntax")

    def _fms(self) -> bool:
        text = self.doc.text
        return any(f in text for f in self.rules.fms)

    def fms_frames(self, found: list[Frame]) -> list[Frame]:
        """ "purchases for the U.S. Navy and Spain under the Foreign Military Sales program":
        the U.S. government sells to the foreign states the sentence names."""
        supplier = self.rules.fms_supplier
        if not self._fms() or any(f.sources == [supplier] and f.targets for f in found):
            return []
        recipients = Side()
        for p in sorted(
            {p.start: p for p in self.party_at.values()}.values(), key=lambda p: p.start
        ):
            if p.code and p.code != supplier and p.kind in ("name", "demonym", "capital"):
                recipients.add([p.code], "syntax")
        weapon = self.weapons[0] if self.weapons else None
        return [
            Frame(
                type="arms_transfer",
                action="sold",
                status="reported",
                category=weapon.category if weapon else "other",
                sources=[supplier],
                targets=recipients.codes,
                predicate=0,
                confidence=0.8 if recipients else 0.6,
                weapon=weapon.text if weapon and weapon.designation else None,
                source_how="syntax",
                target_how=recipients.how,
            )
        ]

    def provenance_frames(self, blocked: set[int]) -> list[Frame]:
        """ "Houthis fired Iranian-made missiles", "Iran had emplaced Chinese-made Silkworm
        missiles", "Egypt's Soviet-built MiGs": a foreign-made weapon in a user's hands."""
        frames = []
        for w in self.weapons:
            if w.start in blocked:
                continue
            head = np_head(self.doc[w.start : w.end].root)
            made = self._made(w)
            src = self._provenance(w)
            if not src:
                continue
            owner = child(head, ("poss",))
            if not made and owner is None:
                continue  # "Russian drones hit Kyiv" says who fired, not who supplied
            recipients = self._holder(w, exclude=set(src.codes))
            if not recipients:
                recipients = self._holder_before(head, exclude=set(src.codes))
            if not recipients:
                continue
            gov = governor(head) or head
            f = self._arms_frame(
                gov,
                _lemma(gov),
                w,
                src,
                recipients,
                noun=gov.pos_ != "VERB",
                base_action="delivered",
            )
            if f is not None:
                frames.append(f)
        return frames

    def weapon_holders(self) -> dict[str, list[str]]:
        """The holder of each weapon this sentence names (`_holder`), by the lemma of the
        weapon's head noun: what a definite weapon noun in the next sentence refers back to."""
        out: dict[str, list[str]] = {}
        for w in self.weapons:
            side = self._holder(w, exclude=set())
            if side:
                out[_lemma(np_head(self.doc[w.start : w.end].root))] = list(side.codes)
        return out

    def _holder_before(self, head: Token, exclude: set[str]) -> Side:
        """ "Iran has deployed new anti-ship missiles near Hormuz. The missiles appeared to
        be of a Chinese design.": a weapon named with "the" (or "these", "those") and no holder
        of its own is the same weapon the sentence just before put in a holder's hands (same
        head noun, nothing between the two sentences)."""
        side = Side()
        if not any(
            c.dep_ == "det" and c.lower_ in self.w.anaphoric_determiners for c in head.children
        ):
            return side
        if self.ctx.held is None or self.ctx.text[self.ctx.held[0] : self.offset].strip():
            return side
        found = self.ctx.held[1]().get(_lemma(head), [])
        codes = [c for c in found if c not in exclude]
        if codes:
            side.add(codes, "context")
        return side

    def barter_frames(self) -> list[Frame]:
        """Arms got in a barter: "India swaps textiles for Soviet arms", "Iran released the
        hostages in exchange for U.S. arms", "trade involving swaps of tea for Czech rifles"
        (roles.json barter_words): the weapon's state supplies the trader, the subject of
        the barter verb (or of the verb over "in exchange"), the swap's possessor, else the
        article's own state."""
        frames = []
        for w in self.weapons:
            head = np_head(self.doc[w.start : w.end].root)
            if head.dep_ != "pobj" or head.head.lower_ != "for":
                continue
            barter = head.head.head
            for _ in range(4):  # "swapped tea for", "swaps of produce and textiles for"
                if _lemma(barter) in self.w.barter_words or barter.dep_ not in _BARTER_UP:
                    break
                barter = barter.head
            if _lemma(barter) not in self.w.barter_words:
                continue
            src = self._provenance(w)
            for o in preps(head, ("from",)) + preps(barter, ("from",)):  # "weapons from France"
                src.add(*unpack(self.resolve_np(o)))
            if not src:
                continue
            exclude = set(src.codes)
            trader = Side()
            verb = barter
            if barter.pos_ == "NOUN":
                owner = child(barter, ("poss",))
                if owner is not None:
                    trader.add(*unpack(self.resolve_np(owner, exclude=exclude)))
                verb = governor(barter) or barter
            if not trader and verb.pos_ in ("VERB", "AUX"):
                subj, passive = self.subject(verb)
                if subj is not None and not passive:
                    trader.add(*unpack(self.resolve_np(subj, with_of=False, exclude=exclude)))
            home = self.ctx.home
            if not trader and barter.pos_ == "NOUN" and home and home not in exclude:
                trader.add([home], "context")  # "trade with Moscow involving swaps of ..."
            if not trader:
                continue
            f = self._arms_frame(
                barter, _lemma(barter), w, src, trader, noun=True, base_action="sold"
            )
            if f is not None:
                frames.append(f)
        return frames

    def _made(self, weapon: WeaponSpan) -> bool:
        """Whether the weapon's phrase says where it was made ("Iranian-made", "Soviet-built",
        "made in China"), not only whose it is ("Russian drones")."""
        head = np_head(self.doc[weapon.start : weapon.end].root)
        if self._origin_words(head):
            return True  # "missiles of a Chinese design"
        return any(
            _lemma(c) in self.rules.provenance
            or c.lower_.endswith(tuple(self.w.provenance_suffixes))
            or (c.lower_ in self.rules.provenance and c.dep_ == "amod")  # "Russian - made"
            for c in np_tokens(head)
        )

    def _origin_words(self, head: Token) -> list[Token]:
        """The words of an origin phrase on a weapon that name a state ("missiles of a
        Chinese design", "rifles of Czech manufacture"), as a "-made" suffix would."""
        out = []
        phrases = preps(head, ("of",))
        if head.dep_ == "nsubj" and head.head.pos_ in ("AUX", "VERB"):
            # "The missiles were of Chinese design", "appeared to be of a Chinese design":
            # the origin stated of the subject by "be" (or a seeming verb's "to be").
            cop = head.head
            cops = [cop, *(c for c in cop.children if c.dep_ == "xcomp")]
            phrases += [o for c in cops if _lemma(c) == "be" for o in preps(c, ("of",))]
        for o in phrases:
            if _lemma(o) in self.w.origin_nouns:
                out += [t for t in np_tokens(o) if t != o and t.i in self.party_at]
        return out

    def _own_deployment(self, verb: Token, dobj: Token | None, weapon: WeaponSpan | None) -> bool:
        """A state moving its own forces to a place deploys them, it transfers nothing: "the
        Turkish navy sent its frigates to the Black Sea", "sent two of its destroyers to the
        Gulf" (a state as destination, "sent its MiG-29s to Ukraine", stays a transfer)."""
        if dobj is None or weapon is None:
            return False
        root = self.doc[weapon.start : weapon.end].root
        mods = [*root.children, *dobj.children]
        if not any(
            c.dep_ in ("poss", "amod") and c.lower_ in self.w.own_force_possessives for c in mods
        ):
            return False
        dests = preps(verb, ("to", "into"))
        return bool(dests) and all(_lemma(o) in self.w.deployment_places for o in dests)

    def _arms_frame(
        self,
        pred: Token,
        lemma: str,
        weapon: WeaponSpan | None,
        suppliers: Side,
        recipients: Side,
        *,
        noun: bool,
        base_action: str | None = None,
    ) -> Frame | None:
        rules = self.rules
        # "India bought 83 Tejas from Hindustan Aeronautics": a state buying from its own
        # industry is no event (GUIDELINES.md), not a sale with an unknown buyer.
        domestic = bool(recipients.codes) and set(recipients.codes) <= set(suppliers.codes)
        recipients.codes = [c for c in recipients.codes if c not in suppliers.codes]
        if domestic:
            return None
        if not recipients:
            # "X sells arms" with no buyer: too vague to keep unless the supplier is named
            # and the weapon specific; the article pass may fill the buyer from elsewhere.
            specific = weapon is not None and (weapon.designation or weapon.category != "other")
            if not suppliers or suppliers.how != "syntax" or not specific:
                return None
        if not suppliers:
            # "the Iran arms sales" in a story about a government's policy: the officials'
            # state is the seller.
            home = self.ctx.official_home
            outward = lemma in rules.out_verbs or lemma in rules.nouns_out
            if outward and recipients.how in ("syntax", "modifier"):
                suppliers.add(*unpack(self._prosecuting_state(set(recipients.codes))))
            if (
                not suppliers
                and outward
                and home
                and home not in recipients.codes
                and recipients.how in ("syntax", "modifier")
            ):
                suppliers.add([home], "context")
            if not suppliers:
                return None  # a buyer with no known seller is not a transfer we can place
        if noun:
            action = (
                base_action
                or rules.nouns_out.get(lemma)
                or rules.nouns_in.get(lemma)
                or "delivered"
            )
        else:
            action = base_action or rules.verb_actions.get(lemma) or "delivered"
        chain = predicate_chain(pred, self.w.speech)
        if self._requested(chain, suppliers):
            return None  # "urged Berlin to send Taurus missiles": asked for, not sent
        for k, up in enumerate(chain[1:], 1):
            if up.pos_ == "VERB" and self._asked_halt(up):
                chain = chain[:k]  # "asked France to stop selling arms": sales going on now
                break
        if not noun and lemma in self.w.seeking_verbs and preps(pred, ("from",)):
            return None  # "sought Patriot systems from Germany": asked for, not promised
        approval = noun and self._approving_verb(pred) is not None
        if approval and action == "delivered":
            action = "pledged"  # "approved the transfer", "gave the go-ahead for the transfer"
        # "approved the possible sale": the approval is the act reported, not a plan.
        planned, negated, conditional = self.modality(
            chain[1:] if approval and len(chain) > 1 else chain
        )
        if noun and lemma in self.w.past_act_nouns:
            # "rebounding from the Iran arms scandal", "will testify on the arms affair": the
            # act a scandal names is past, whatever the verbs above it plan.
            planned = conditional = False
        for up in chain[1:]:
            ul = _lemma(up)
            if (
                ul in self.w.pledge_verbs
                and action == "delivered"
                and not (pred.tag_ in ("VBD", "VBN") and not planned)
            ):
                action = "pledged"  # "announced it will send", not "announced it delivered"
            if ul in self.w.sale_verbs and action == "delivered":
                action = "sold"
            if up.pos_ == "NOUN" and rules.nouns_out.get(ul) == "sold" and action == "delivered":
                action = "sold"  # "won an order to supply Hungary with ..."
        participants = set(suppliers.codes) | set(recipients.codes)
        claim, claimant, accuser = self.claim(pred, participants, speech_alleges=True)
        status = "reported"
        if planned or conditional:
            status = "planned"
            if action == "delivered" and not noun and lemma in rules.out_verbs:
                action = "pledged"  # "will supply", "will send": a pledge (GUIDELINES.md)
        if claim == "alleged":
            status = "alleged"
        extra: list[dict[str, str | list[str] | None]] = []
        if noun and status != "denied" and not negated and claim != "denied":
            if any(
                c.dep_ == "det" and c.lower_ in self.w.hypothetical_determiners
                for c in pred.children
            ):
                return None  # "said any sale of weapons to Tehran would violate": no act
        if negated or claim == "denied":
            status = "denied"
            if claimant is None:
                spk = self.speaker()
                claimant = spk if spk else None
            if accuser is not None:  # the rejected claim stands as an allegation
                extra.append({"status": "alleged", "claimant": ", ".join(accuser.codes)})
        name, quantity = self._designation_and_quantity(weapon)
        conf = confidence(suppliers, recipients, base=0.5)
        if name:
            conf += 0.05
        return Frame(
            type="arms_transfer",
            action=action,
            status=status,
            category=weapon.category if weapon else "other",
            sources=suppliers.codes,
            targets=recipients.codes,
            predicate=pred.i,
            confidence=min(conf, 0.99),
            actors=suppliers.actors + recipients.actors,
            weapon=name,
            quantity=quantity,
            claimant=", ".join(claimant.codes)
            if claimant and status in ("alleged", "denied")
            else None,
            extra=extra,
            future=status == "planned",
            source_how=suppliers.how,
            target_how=recipients.how,
        )

    def _asked_halt(self, verb: Token) -> bool:
        """A halt of sales that one party asks another for ("Iran asked France to stop
        selling weapons to Iraq", "urged Beijing to cease supplying arms to Sudan",
        request_verbs with an addressee over halting_verbs) tells that the sales go on: they
        are a transfer, read by the arms frames, beside the halt asked for."""
        if _lemma(verb) not in self.w.halting_verbs:
            return False
        up = verb
        while up.dep_ == "conj" and up.head != up:
            up = up.head  # "asked France to curb ... and stop selling"
        ask = up.head
        if up.dep_ not in ("xcomp", "ccomp", "advcl") or ask.pos_ != "VERB":
            return False
        if _lemma(ask) not in self.w.request_verbs:
            return False
        return any(c.dep_ in ("dobj", "dative", "iobj") for c in ask.children) or bool(
            [c for c in ask.children if c.dep_ == "prep" and c.lower_ in ("on", "to")]
        )

    def _requested(self, chain: list[Token], suppliers: Side) -> bool:
        """Whether a verb right over the predicate asks another party for it (roles.json
        request_verbs): "urged Berlin to send", "asked Washington to speed up deliveries",
        "called on Germany to give", "requested that Washington sell". A supplier's own
        request ("Obama kept asking Congress for aid for Cairo") is its plan, an event."""
        for below, up in pairwise(chain):
            if up.pos_ in ("VERB", "AUX") and _lemma(up) in self.w.speech:
                return False
            if below.pos_ == "VERB" and _lemma(below) in self.w.halting_verbs:
                return False  # "asked France to stop selling arms to Iraq": the sales go on
            complement = below.head == up and (
                below.dep_ in ("xcomp", "ccomp")
                or (  # "approached Russia and Britain to supply jets", parsed as a purpose
                    below.dep_ == "advcl"
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children)
                )
            )
            asked_for = below.head.lower_ == "for" and below.head.head == up
            if up.pos_ != "VERB" or _lemma(up) not in self.w.request_verbs:
                continue
            if not (complement or asked_for):
                return False  # "requested the F-16s after ... its purchase of ...": not asked
            # The addressee, not the act asked for ("pushed through the sale of jets").
            addressees = [
                c for c in up.children if c.dep_ in ("dobj", "dative", "iobj") and c != below
            ] + preps(up, ("on", "to"))
            asker, passive = self.subject(up)
            if asker is not None and not passive:
                if set(self.resolve_np(asker).codes) & set(suppliers.codes):
                    return False
            own_subject = below.pos_ == "VERB" and child(below, ("nsubj",)) is not None
            return bool(addressees) or own_subject
        return False

    def _prosecuting_state(self, exclude: set[str]) -> Side:
        """ "An Argentine judge ... in an investigation of illegal arms sales to Croatia",
        "a French court convicted officials over arms sales to Angola": a state's judges,
        courts or prosecutors (roles.json judicial_nouns) try its own people, so the
        transfer they pursue, with no seller named, is that state's."""
        side = Side()
        for t in self.doc:
            if t.pos_ != "NOUN" or _lemma(t) not in self.w.judicial_nouns:
                continue
            for c in t.children:
                p = self.party_at.get(c.i)
                if (
                    c.dep_ in ("amod", "compound", "nmod")
                    and p is not None
                    and p.kind in ("name", "demonym")
                    and p.code
                    and p.code not in exclude
                ):
                    side.add([p.code], "syntax")
        return side if len(side.codes) == 1 else Side()

    def _designation_and_quantity(self, weapon: WeaponSpan | None) -> tuple[str | None, int | None]:
        """The named system and the number moved, from the weapon's noun phrase:
        "14 Leopard 2 tanks" -> ("Leopard 2", 14); "drones" -> (None, None)."""
        if weapon is None:
            return None, None
        head = np_head(self.doc[weapon.start : weapon.end].root)
        tokens = sorted(np_tokens(head), key=lambda t: t.i)
        name = None
        model_numbers: set[int] = set()
        for w in self.weapons:
            if w.designation and any(w.start <= t.i < w.end for t in tokens):
                end = w.end
                if end < len(self.doc) and self.doc[end].like_num and self.doc[end] in tokens:
                    model_numbers.add(end)  # "Leopard 2": the 2 is part of the name
                    end += 1
                name = self.doc[w.start : end].text
                break
        quantity = None
        for t in tokens:
            digits = t.text.replace(",", "")
            if t.i not in model_numbers and t.dep_ == "nummod" and digits.isdigit():
                quantity = int(digits)
                break
        return name, quantity


def _same_event(a: Frame, b: Frame) -> bool:
    """Two frames that report one transfer (the same parties, action and status)."""
    return (a.sources, a.targets, a.action, a.status) == (b.sources, b.targets, b.action, b.status)
