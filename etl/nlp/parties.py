"""Who a phrase stands for: the `Sentence` base of the role rules.

A `Sentence` holds one parsed candidate sentence with its parties (gazetteer matches by
token) and weapons, and resolves noun phrases to states: named parties, pronouns and
generic nouns from the article context ("it", "the government", "we"), armed groups, the
speaker, the subject of a verb (through conjunction, control and participles), and the
parties that modify a noun ("U.S. sanctions", "Iran's purchase").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from spacy.tokens import Doc, Token

from etl.nlp.context import _LIST_GLUE, ArticleContext
from etl.nlp.gazetteer import STATE_KINDS, Party
from etl.nlp.rules import Rules, WeaponSpan, _lemma
from etl.nlp.sides import Side
from etl.nlp.syntax import SUBJ_DEPS, child, governor, np_tokens, preps
from etl.records import Actor


class Sentence:
    """One parsed sentence with its parties and weapons, and how its phrases resolve."""

    # A text that would impose a measure stands for its author ("a draft that would impose"
    # is the Council's); only measures have authors: a law buys and sells no weapons.
    document_authors = True

    def __init__(
        self,
        doc: Doc,
        parties: Sequence[Party],
        rules: Rules,
        ctx: ArticleContext,
        offset: int,
        coercive: bool = True,
    ) -> None:
        self.doc = doc
        self.w = rules.words
        self.coercive = coercive  # the article speaks of sanctions or retaliation
        self.rules = rules
        self.ctx = ctx
        self.offset = offset  # character offset of this sentence in the article
        self.party_at: dict[int, Party] = {}
        # Companies stand for their home state only as a sanction's target (`company_side`).
        self.company_at = {
            i: p for p in parties if p.kind == "company" for i in range(p.start, p.end)
        }
        parties = [p for p in parties if p.kind != "company"]
        self._all_parties = list(parties)
        for p in parties:
            if self._descriptive_bloc(p):
                continue  # "its NATO ally Turkey": NATO only describes Turkey
            if self._meeting_place(p):
                continue  # "the Berlin summit": a venue, not Germany
            if self._former_ruler(p):
                continue  # "the former Soviet republic of Belarus": Belarus only
            for i in range(p.start, p.end):
                self.party_at[i] = p
        self.weapons = rules.weapons(doc)
        self.weapon_at: dict[int, WeaponSpan] = {}
        for w in self.weapons:
            for i in range(w.start, w.end):
                self.weapon_at[i] = w
        self._speaker: Side | None = None

    def _meeting_place(self, p: Party) -> bool:
        """A capital that only names where a meeting is held ("the Berlin summit
        backs the embargo", "at a Vienna conference") is not a party."""
        if p.kind != "capital":  # "a Brussels summit" is most often the EU's own
            return False
        last = self.doc[p.end - 1]
        return (
            last.dep_ in ("compound", "nmod", "amod")
            and last.head.pos_ == "NOUN"
            and _lemma(last.head) in self.w.meeting_nouns
        )

    def _former_ruler(self, p: Party) -> bool:
        """A state named only for the past status of another beside it ("the former Soviet
        republic of Belarus", "Belarus, a former Soviet republic", "the ex-Soviet state of
        Georgia", "the former Portuguese colony of Guinea-Bissau") is not a party."""
        before = [t.lower_ for t in self.doc[max(0, p.start - 3) : p.start] if t.text != "-"]
        if not before or before[-1] not in self.w.former_words:
            return False
        others = {
            i
            for q in self._all_parties
            if q.code and q.code != p.code and q.kind in ("name", "demonym", "capital")
            for i in range(q.start, q.end)
        }
        cur = self.doc[p.end - 1]
        for _ in range(3):
            if cur.dep_ not in ("amod", "compound", "nmod") or cur.head == cur:
                return False
            cur = cur.head
            if _lemma(cur) in self.w.former_state_nouns:
                break
        else:
            return False
        if _lemma(cur) not in self.w.former_state_nouns:
            return False
        beside = [cur.head] if cur.dep_ in ("appos", "compound") else []
        beside += [c for c in cur.children if c.dep_ in ("appos", "compound")]
        beside += [o for o in preps(cur, ("of",))]
        return any(t.i in others for b in beside for t in b.subtree)

    def _descriptive_bloc(self, p: Party) -> bool:
        """A bloc named only to describe a state beside it ("its NATO ally Turkey",
        "Vietnam, an ASEAN member", "Lithuania, a member of NATO") is not a party."""
        if p.kind not in ("bloc", "seat"):
            return False
        states = {
            i
            for q in self._all_parties
            if q.code and q.kind in ("name", "demonym")
            for i in range(q.start, q.end)
        }

        def is_state(tok: Token) -> bool:
            return tok.i in states

        cur = self.doc[p.end - 1]
        member = False
        for _ in range(4):
            head = cur.head
            if cur.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
                head = head.head  # "a member of NATO"
            elif cur.dep_ not in ("compound", "amod", "nmod") or head == cur:
                break
            if is_state(head):
                return member  # "NATO member Turkey": the state heads the phrase
            cur = head
            member = member or _lemma(cur) in self.w.membership_nouns
        if not member:
            return False
        # The membership noun stands beside a state: "Turkey, a NATO member", "its EU
        # neighbour Romania".
        if cur.dep_ == "appos" and is_state(cur.head):
            return True
        return any(c.dep_ in ("appos", "compound") and is_state(c) for c in cur.children)

    def parties_in(self, tokens: Iterable[Token]) -> list[Party]:
        seen: dict[int, Party] = {}
        for t in tokens:
            p = self.party_at.get(t.i)
            if p is not None and p.start not in seen:
                seen[p.start] = p
        return [seen[k] for k in sorted(seen)]

    def resolve_np(
        self, head: Token, *, with_of: bool = True, exclude: set[str] | None = None
    ) -> Side:
        """The states a noun phrase stands for: named parties, else pronouns and generic
        nouns resolved from the article context (skipping `exclude`, the other side)."""
        side = Side()
        parties = self.parties_in(np_tokens(head, with_of=with_of))
        codes, actors = self._codes(parties)
        if codes:
            side.add(codes, "syntax", actors)
            return side
        if _lemma(head) in self.w.state_group_nouns:
            # "Several countries, including the United States, have frozen ...", "states
            # such as Germany and Italy": the states named as members of the group.
            for c in head.children:
                such = c.lower_ == "as" and any(x.lower_ == "such" for x in c.children)
                if c.dep_ == "prep" and (c.lower_ in self.w.member_preps or such):
                    members = [m for o in c.children if o.dep_ == "pobj" for m in (o, *o.conjuncts)]
                    names = [t for m in members for t in np_tokens(m, with_of=False)]
                    codes, actors = self._codes(self.parties_in(names))
                    if codes:
                        side.add(codes, "syntax", actors)
                        return side
            size = self._group_size(head)
            # "the four governments", "the two countries": the last list of as many;
            # "those countries": the last list, whatever its size (size 0).
            demonstrative = head.tag_ == "NNS" and any(
                c.dep_ == "det" and c.lower_ in self.w.list_demonstratives for c in head.children
            )
            if size or demonstrative:
                codes = self.ctx.last_list(self.offset + head.idx, size)
                if codes and not set(codes) & (exclude or set()):
                    side.add(codes, "context")
                    return side
        if _lemma(head) in self.w.group_nouns:
            # "rebels fighting in Somalia", "militants based in Gaza"; else the group the
            # article named last ("the contras ... the rebels").
            places = [c for c in head.children if c.dep_ in ("acl", "prep", "relcl")]
            gov = governor(head)
            if gov is not None and gov.pos_ == "VERB":
                # "shipped arms to guerrillas in Mozambique": the place on the verb.
                places += [c for c in gov.children if c.dep_ == "prep" and c.lower_ == "in"]
            for c in places:
                # "guerrillas fighting Soviet troops in Afghanistan": where they fight, not
                # whom, when the clause names a place.
                where = [
                    t
                    for p in c.subtree
                    if p.dep_ == "prep" and p.lower_ == "in" and p != c
                    for t in p.subtree
                ]
                codes, actors = self._codes(self.parties_in(where))
                if not codes:
                    codes, actors = self._codes(self.parties_in(c.subtree))
                if codes:
                    side.add(codes[:1], "syntax", actors)
                    return side
            for i in range(head.i - 1, -1, -1):
                p = self.party_at.get(i)
                if p is not None and p.kind == "group" and p.code:
                    side.add([p.code], "context", [Actor(p.actor or p.text, p.code, "group")])
                    return side
            m = self.ctx.before(self.offset + head.idx, kinds=("group",))
            if m:
                side.add([m.code], "context", [Actor(m.actor or "", m.code, "group")])
                return side
        for t in np_tokens(head):
            low = t.lower_
            if low in self.w.first_person:
                spk = self.speaker()
                if spk:
                    side.add(spk.codes, "speaker", spk.actors)
            elif low in self.w.office_nouns and t.i == head.i and t.pos_ == "NOUN":
                code = self._office_state(t, exclude or set())
                if code:
                    side.add([code], "context")
            elif low in self.w.bloc_nouns and t.pos_ == "NOUN" and self._bare_bloc_noun(t):
                # "the bloc agreed ...", "the 27-nation bloc's ministers": the bloc named last.
                code = self._bloc_before(t, exclude or set())
                if code:
                    side.add([code], "context")
            elif (
                low in self.w.bloc_organ_nouns
                and t.pos_ in ("NOUN", "PROPN")
                and self._bare_bloc_noun(t)
                and (organ := self._organ_before(t, exclude or set()))
            ):
                # "The Security Council met ... The council voted to impose": the UN.
                side.add([organ], "context")
            elif low in self.w.state_pronouns or (
                low in self.w.generic_state_nouns and t.pos_ == "NOUN"
            ):
                codes = self._nearest_states(t, exclude or set())
                if codes:
                    side.add(codes, "context")
            elif low in self.w.person_pronouns:
                # "Reagan ... said he would lift": the subject of the governing speech verb,
                # else the last person named.
                governing = self._governing_person(t)
                if governing is not None:
                    side.add(
                        [governing.code or ""],
                        "context",
                        [Actor(governing.text, governing.code, "speaker")],
                    )
                else:
                    m = self.ctx.before(self.offset + t.idx, people=True)
                    if m:
                        side.add([m.code], "context", [Actor(m.actor or "", m.code, "speaker")])
            if side:
                break
        if not side and self.document_authors and _lemma(head) in self.w.document_nouns:
            return self._author(head)
        return side

    def _group_size(self, head: Token) -> int:
        """How many states a plural group noun counts: "the four governments" 4, "both
        countries" 2; 0 when it gives no number."""
        if head.tag_ != "NNS":
            return 0
        for c in head.children:
            if c.lower_ == "both" and c.dep_ in ("det", "predet", "amod"):
                return 2
            if c.dep_ == "nummod":
                word = c.lower_
                size = int(word) if word.isdigit() else self.w.number_words.get(word, 0)
                return size if 2 <= size <= 30 else 0
        return 0

    def _author(self, doc_noun: Token) -> Side:
        """Who a text that would impose a measure belongs to: "a draft that would impose"
        is the Security Council's when it "meets to vote on" it; Brussels's when it "is
        preparing" it; nobody's when it is only "vetoed" or "blocked"."""
        for c in doc_noun.children:  # "a resolution adopted by the Security Council"
            agents = [a for b in c.children if b.dep_ == "agent" for a in b.children]
            if c.dep_ == "acl" and (c.tag_ == "VBN" or agents):  # "agreed by" tagged VBD
                for o in [*preps(c, ("by",)), *(a for a in agents if a.dep_ == "pobj")]:
                    side = self.resolve_np(o)
                    if side:
                        return side
        for o in preps(doc_noun, self.w.noun_sender_preps):  # "a plan by Ottawa to ban"
            side = self.resolve_np(o)
            if side:
                return side
        owner = self._noun_owner(doc_noun, 0)
        council = _lemma(doc_noun) in self.w.council_document_nouns
        gov = governor(doc_noun)
        if (
            owner is None
            and council
            and gov is not None
            and _lemma(gov) in self.w.blocking_verbs
            and doc_noun.dep_ == "dobj"
        ):
            # "Russia vetoed a resolution that would impose sanctions on Syria": the
            # Council's measure, threatened (GUIDELINES: "France and China blocked UN
            # sanctions": the sender is the UN)
            return _council_side()
        if owner is None or owner == doc_noun or _lemma(owner) in self.w.document_nouns:
            return Side()
        if (
            council
            and owner.dep_ in SUBJ_DEPS
            and (found := self.party_at.get(owner.i)) is not None
            and found.kind in STATE_KINDS
        ):
            # "Britain tabled a draft resolution that would impose an arms embargo": a state
            # drafts a resolution the Security Council would adopt; the UN would impose it
            # (GUIDELINES: the drafting state only pushes it). A legislature's resolution
            # ("the Senate passed a resolution") stays its state's.
            return _council_side()
        return self.resolve_np(owner)

    def _codes(self, parties: Sequence[Party]) -> tuple[list[str], list[Actor]]:
        codes: list[str] = []
        actors: list[Actor] = []
        for p in parties:
            code = p.code
            if code is None:  # context institution ("the Treasury", "the Navy")
                code = self._institution_state(p)
            if code and code not in codes:
                codes.append(code)
            if p.is_actor and code:
                role = "group" if p.kind == "group" else "actor"
                actors.append(Actor(p.actor or p.text, code, role))
        return codes, actors

    def _institution_state(self, p: Party) -> str | None:
        # A state named just before it: "the U.S. Navy", "Japan's Foreign Ministry".
        for i in range(p.start - 1, max(-1, p.start - 3), -1):
            q = self.party_at.get(i)
            if q is not None and q.code and not q.is_actor:
                return q.code
            if self.doc[i].text not in ("'s", "’s", "the"):
                break
        # Else the one of that name the article named last with its state ("The British
        # government ... the government was urged to retaliate": Britain), else the state
        # whose officials the article quotes, else the institution's usual state ("the
        # Senate", "the Treasury": USA, GUIDELINES.md), else the article's own.
        noun = self.doc[p.end - 1].lower_
        if noun in self.w.referring_institution_nouns:
            named = self.ctx.office_before(self.offset + self.doc[p.start].idx, noun)
            if named:
                return named
        return self.ctx.official_home or p.default or self.ctx.home

    def _subjunctive_doer(self, gerund: Token, verb: Token) -> Token | None:
        """ "-- Urging the administration consider retaliating against Japan", "Requiring
        the president impose quotas": the parser makes a list item's opening gerund the
        subject of a plain-form verb that no gerund agrees with; the gerund's object is
        who is to act (a subjunctive: "urging that the administration consider")."""
        if gerund.tag_ != "VBG" or verb.tag_ not in ("VB", "VBP"):
            return None
        if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
            return None  # "Imposing curbs would hurt": a true subject
        obj = child(gerund, ("dobj",))
        return obj if obj is not None and self._is_party_like(obj) else None

    def _governing_person(self, tok: Token) -> Party | None:
        """The person who is the subject of a verb governing `tok` ("Reagan said he ...")."""
        cur = tok
        for _ in range(6):
            if cur.head == cur:
                return None
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                subj, _ = self.subject(cur)
                if subj is not None and subj.i != tok.i and tok not in subj.subtree:
                    p = self.party_at.get(subj.i)
                    if p is not None and p.kind == "person" and p.code:
                        return p
        return None

    def _office_state(self, tok: Token, exclude: set[str]) -> str | None:
        """A bare office ("the department", "the ministry", "the agency"): the office of
        that name named last with its state, else the article's state when one clearly
        dominates it (a bare title)."""
        code = self.ctx.office_before(self.offset + tok.idx, tok.lower_, exclude)
        if code is None and self.ctx.clear_home not in exclude:
            code = self.ctx.clear_home
        return code

    def _nearest_states(self, tok: Token, exclude: set[str]) -> list[str]:
        """The states a pronoun or generic noun stands for: a plural pronoun in a clause
        governed by a coordinated subject stands for all of them ("the U.S., Britain and
        Canada said they would impose ..."); else the one nearest state."""
        if tok.lower_ in self.w.plural_state_pronouns:
            for verb in self._governing_verbs(tok):
                subj = self.subject(verb)[0]
                if subj is None or subj.i == tok.i or tok in subj.subtree:
                    continue
                codes, _ = self._codes(self.parties_in(np_tokens(subj)))
                codes = [c for c in codes if c not in exclude]
                if len(codes) > 1:
                    return codes
                if not codes and subj.pos_ != "PROPN":
                    # "The U.S. and Malaysia say their exports would be hit ... and they may
                    # retaliate": a clause subject that names no party is passed over.
                    continue
                break
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
                # "Britain and France held talks. They agreed to lift ...", "EU foreign
                # ministers met in Luxembourg. They agreed to extend ...": the subject that
                # opens the sentence before, when it is a list of states or a bloc's members.
                before = [t for t in self.doc[: tok.i] if not (t.is_punct or t.is_space)]
                if not any(t.i in self.party_at for t in before):
                    codes = self._plural_subject_before(exclude)
                    if codes:
                        return codes
        code = self._nearest_state(tok, exclude)
        return [code] if code else []

    def _measure_sender_modifier(self, p: Party) -> bool:
        """A state named as the modifier of a measure ("U.S. tariffs", "American
        sanctions"): the measure's sender, which a later possessive does not name ("trying
        to avert U.S. tariffs on its chips" is Japan's chips)."""
        last = self.doc[p.end - 1]
        return (
            last.dep_ in ("compound", "amod", "nmod")
            and last.head.pos_ == "NOUN"
            and (
                _lemma(last.head) in self.rules.sanction_nouns
                or _lemma(last.head) in self.w.coercion_only_measures
            )
        )

    def _governing_verbs(self, tok: Token) -> list[Token]:
        """The verbs above `tok`, nearest first."""
        out: list[Token] = []
        cur = tok
        for _ in range(8):
            if cur.head == cur:
                break
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                out.append(cur)
        return out

    def _appositive_possessor(self, p: Party) -> bool:
        """A party that owns a description set off by a comma after another party ("Iran,
        OPEC's second-biggest producer,", "Syria, Russia's closest ally,"): the description
        is of the party before the comma, so a later pronoun does not stand for its owner."""
        last = self.doc[p.end - 1]
        if last.dep_ != "poss" or p.start < 2 or self.doc[p.start - 1].text != ",":
            return False
        before = self.party_at.get(p.start - 2)
        return before is not None and bool(before.code) and before.kind != "person"

    def _nearest_state(self, tok: Token, exclude: set[str]) -> str | None:
        if tok.dep_ == "poss":
            # A possessive refers back to the nearest state before it: "sanctions on
            # Turkey's procurement agency over its purchase of S-400s".
            for i in range(tok.i - 1, -1, -1):
                p = self.party_at.get(i)
                if p is not None and self._measure_sender_modifier(p):
                    continue  # "avert U.S. sanctions on its electronics": not the U.S.'s
                if p is not None and p.code and p.kind != "person" and p.code not in exclude:
                    return p.code
        if tok.dep_ == "nsubj" and _lemma(tok.head) in self.w.target_subject_verbs:
            # "unless Taiwan allowed its dollar to rise faster it would face retaliation":
            # who would face the measure is the party whose act the condition names.
            for c in tok.head.children:
                marks = [m for m in c.children if m.dep_ == "mark"]
                if c.dep_ != "advcl" or not any(
                    m.lower_ in self.w.conditional_marks for m in marks
                ):
                    continue
                subj = self.subject(c)[0]
                if subj is None or subj.lower_ in self.w.state_pronouns:
                    continue
                codes, _ = self._codes(self.parties_in(np_tokens(subj)))
                codes = [x for x in codes if x not in exclude]
                if codes:
                    return codes[0]
        # The party of a clause that governs the pronoun: "Pyongyang rejected U.S. claims
        # that it had shipped ...", "ECOWAS warned Niger's junta that it would face ...".
        cur = tok
        for _ in range(8):
            if cur.head == cur:
                break
            cur = cur.head
            if cur.pos_ not in ("VERB", "AUX"):
                continue
            cands = [child(cur, ("dobj",)), self.subject(cur)[0]]
            if tok.dep_ == "nsubj" and _lemma(tok.head) in self.w.armed_answer_words:
                # "Japan warned the U.S. it may retaliate": who warns is who answers (not
                # "warned Niger's junta that it would face sanctions": the one warned).
                cands.reverse()
            for cand in cands:
                if cand is None or cand.i == tok.i or tok in cand.subtree:
                    continue
                head_party = self.party_at.get(cand.i)
                if head_party is None and cand.lower_ not in self.w.generic_state_nouns:
                    continue
                codes, _ = self._codes(self.parties_in(np_tokens(cand)))
                codes = [c for c in codes if c not in exclude]
                if codes:
                    return codes[0]
                if (
                    head_party is None
                    and tok.lower_ in self.w.plural_state_pronouns
                    and tok.dep_ in ("nsubj", "nsubjpass")
                    and (code := self._nearest_state(cand, exclude))
                ):
                    # "Officials said they would retaliate": "they" is the officials, who
                    # stand for what a bare title does (the article's clear state).
                    return code
        # In this sentence, the closest preceding state or bloc...
        for i in range(tok.i - 1, -1, -1):
            p = self.party_at.get(i)
            if p is not None and self._appositive_possessor(p):
                continue  # "Libya, OPEC's biggest producer, said it would ...": Libya
            if p is not None and p.code and p.kind != "person" and p.code not in exclude:
                return p.code
        # ... else, for "it"/"its" only (a state is "it"; "they" and "the government" are
        # too often people or a state named far away), the last one named before.
        if tok.lower_ not in self.w.cross_sentence_nouns:
            # A bare title ("the president", "officials") is the article's own state only
            # when one clearly dominates it.
            home = self.ctx.clear_home
            if tok.lower_ in self.w.state_pronouns or home in exclude:
                return None
            return home
        if (
            tok.lower_ in ("it", "country")
            and tok.dep_ in ("nsubj", "nsubjpass")
            and tok.left_edge.i == 0
        ):
            # A sentence opening with "It" or "The country" continues the previous
            # sentence's subject, its first state ("Yerevan has frozen ..., saying Moscow
            # failed. It has also ordered launchers from India": Armenia), not the last
            # state it named ("... arms deals with North Korea. The country stays on ...").
            first = self._first_state_before(exclude)
            if first:
                return first
        m = self.ctx.before(self.offset + tok.idx, people=False, exclude=exclude)
        if m:
            return m.code
        return self.ctx.home if self.ctx.home not in exclude else None

    def _bare_bloc_noun(self, tok: Token) -> bool:
        """A bloc noun qualified only by an article, a number or bloc_noun_modifiers ("the
        bloc", "the 27-nation bloc"), not "the Soviet bloc" or "a trade bloc"."""
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
            return False
        for c in tok.children:
            if c.dep_ in ("det", "case", "punct"):
                continue
            if c.dep_ not in ("amod", "compound", "nummod"):
                continue
            words = [t for t in c.subtree if not t.like_num]
            if any(t.lower_ not in self.w.bloc_noun_modifiers for t in words):
                return False
        return True

    def _bloc_before(self, tok: Token, exclude: set[str]) -> str | None:
        """The bloc (bloc_noun_codes) named last before `tok`, in this sentence or before."""
        for i in range(tok.i - 1, -1, -1):
            p = self.party_at.get(i)
            if p is not None and p.code in self.w.bloc_noun_codes and p.code not in exclude:
                return p.code
        pos = self.offset + tok.idx
        for m in reversed(self.ctx.mentions):
            if m.end <= pos and m.code in self.w.bloc_noun_codes and m.kind == "bloc":
                return m.code if m.code not in exclude else None
        return self._unnamed_bloc(tok, exclude)

    def _unnamed_bloc(self, tok: Token, exclude: set[str]) -> str | None:
        """The bloc an unnamed 'the bloc' or 'the Commission' stands for in news from 1993
        on (unnamed_bloc_codes: the EU), when nothing before names a bloc or body (not
        after "The United Nations met ...": the UN is no bloc, and no other is meant)."""
        published = self.ctx.published
        if published is not None and published.year < 1993:
            return None
        pos = self.offset + tok.idx
        if any(m.end <= pos and m.kind == "bloc" for m in self.ctx.mentions):
            return None
        codes = sorted(self.w.unnamed_bloc_codes - exclude)
        return codes[0] if len(codes) == 1 else None

    def _organ_before(self, tok: Token, exclude: set[str]) -> str | None:
        """The bloc whose name holds the last capitalised `tok` word before it ("Security
        Council", "European Commission"), or None when that name is another body's."""
        pos = self.offset + tok.idx
        found = list(re.finditer(rf"\b{re.escape(tok.lower_.capitalize())}\b", self.ctx.text[:pos]))
        if not found:
            # "..., the Commission said": the EU in modern news (unnamed_bloc_codes)
            return self._unnamed_bloc(tok, exclude) if tok.text == "Commission" else None
        at = found[-1].start()
        for m in self.ctx.mentions:
            if m.start <= at < m.end:
                ok = m.kind == "bloc" and m.code not in exclude
                return m.code if ok else None
        return None

    def _plural_subject_before(self, exclude: set[str]) -> list[str]:
        """The states a sentence-opening "They" stands for: the sentence before opens with
        a list of two or more states ("Britain and France held talks"), or with a bloc's
        members (bloc_member_nouns: "EU foreign ministers met", "The leaders of the
        European Community met"); else none."""
        text, start = self._sentence_before()
        start += 1
        prev = [
            m
            for m in self.ctx.mentions
            if start <= m.start and m.end <= len(text) and m.kind in STATE_KINDS
        ]
        if not prev:
            return []
        lead = text[start : prev[0].start].strip().lower()
        members = "|".join(sorted(self.w.bloc_member_nouns))
        member_lead = re.fullmatch(
            rf"(?:the\s+)?(?:[a-z]+\s+){{0,2}}(?:{members})\s+of(?:\s+the)?", lead
        )
        if lead not in ("", "the") and not member_lead:
            return []
        run = [prev[0]]
        for m in prev[1:]:
            if not _LIST_GLUE.fullmatch(text[run[-1].end : m.start]):
                break
            run.append(m)
        codes = list(dict.fromkeys(m.code for m in run))
        if set(codes) & exclude:
            return []
        if len(codes) > 1 and not member_lead:
            return codes
        if len(codes) == 1 and run[0].kind == "bloc":
            after = text[run[-1].end : run[-1].end + 40].lower()
            if member_lead or re.match(rf"(?:'s|’s)?\s+(?:[a-z]+\s+){{0,2}}(?:{members})\b", after):
                return codes
        return []

    def _sentence_before(self) -> tuple[str, int]:
        """The article's text before this sentence, trailing space trimmed, and the offset
        in it of the break (". ", "? ", "! " or a line break) that ends the sentence before
        the previous one; -1 when there is none."""
        text = self.ctx.text[: self.offset].rstrip()
        start = max(text.rfind(end, 0, len(text) - 1) for end in (". ", "? ", "! ", "\n"))
        return text, start

    def _first_state_before(self, exclude: set[str]) -> str | None:
        """The first state or bloc named in the sentence before this one."""
        text, start = self._sentence_before()
        for m in self.ctx.mentions:
            if m.start <= start or m.kind == "person" or not m.code or m.code in exclude:
                continue
            return m.code if m.end <= len(text) else None
        return None

    def speaker(self) -> Side | None:
        """Who says this sentence: the subject of its speech verb, resolved to a state."""
        if self._speaker is not None:
            return self._speaker
        side = Side()
        for t in self.doc:
            if _lemma(t) in self.w.speech and t.pos_ in ("VERB", "AUX"):
                for c in t.children:
                    if c.dep_ in SUBJ_DEPS:
                        parties = self.parties_in(np_tokens(c, with_of=True))
                        codes, actors = self._codes(parties)
                        if not codes:
                            name = " ".join(x.text for x in np_tokens(c))
                            for word in name.split():
                                if word in self.ctx.people:
                                    codes = [self.ctx.people[word]]
                                    actors = [Actor(name, codes[0], "speaker")]
                                    break
                        if codes:
                            side.add(
                                codes,
                                "speaker",
                                [Actor(a.name, a.country, "speaker") for a in actors],
                            )
                if side:
                    break
        self._speaker = side
        return side

    def pronoun_speaker(self) -> Side:
        """ "..., he said": when the speech verb's subject is a bare person pronoun, the
        person named last before it whose state the article gave ("British consumer
        affairs minister Michael Howard ... Japan has until May to respond or face
        retaliation, he said")."""
        side = Side()
        for t in self.doc:
            if _lemma(t) in self.w.speech and t.pos_ in ("VERB", "AUX"):
                subj = next((c for c in t.children if c.dep_ in SUBJ_DEPS), None)
                if subj is None:
                    continue
                if subj.lower_ in self.w.person_pronouns:
                    m = self.ctx.before(self.offset + subj.idx, people=True)
                    if m is not None and m.code:
                        side.add([m.code], "speaker", [Actor(m.actor or "", m.code, "speaker")])
                break
        return side

    def subject(self, verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """(subject token, is_passive) of a verb, following conjunction, control and
        participial clauses up to their own subject."""
        if depth > 5:
            return None, False
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        for c in verb.children:
            if c.dep_ in SUBJ_DEPS or c.dep_ == "nsubjpass":
                if c.lower_ in self.w.relative and verb.dep_ == "relcl":
                    return verb.head, passive
                if c.dep_ == "csubj" and (doer := self._subjunctive_doer(c, verb)) is not None:
                    return doer, passive
                return self._ticker_owner(c), passive
        head = verb.head
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        # "reached a deal to purchase jets", "clinched a contract to sell": the parser may
        # hang a subjectless infinitive on a noun as a relative clause; it is the noun's
        # complement (acl), whose doer is the noun's owner, unless the noun is a party
        # itself ("the first country to impose ...").
        infinitive_complement = (
            verb.dep_ == "relcl"
            and infinitive
            and head.pos_ in ("NOUN", "PROPN")
            and not self._is_party_like(head)
        )
        if verb.dep_ == "relcl" and not infinitive_complement:
            return verb.head, passive
        if head == verb:
            return None, passive
        chooser = self._response_chooser(verb)
        if chooser is not None:  # "the only way the EC could react was to retaliate"
            return chooser, passive
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            return self.subject(head, depth + 1)[0], passive
        if (verb.dep_ in ("xcomp", "acomp") and head.pos_ == "ADJ") or verb.pos_ == "ADJ":
            # "will be able to impose", "is ready to lift": the copula's subject.
            return self.subject(head, depth + 1)[0], passive
        if (verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and infinitive)) and head.pos_ in (
            "VERB",
            "AUX",
        ):
            # Object control: "urged the EU to impose", "called on Japan to open",
            # "gave power to the government to decree" (the first object that is a party).
            if _lemma(head) not in self.w.object_control_exceptions:
                objs = [child(head, ("dobj",)), *preps(head, self.w.control_preps)]
                for obj in objs:
                    if obj is not None and self._is_party_like(obj):
                        return obj, passive
                asked = child(head, ("dobj",))
                if (
                    asked is not None
                    and _lemma(head) in self.w.request_verbs
                    and asked.lower_ in self.w.addressee_nouns
                    and _lemma(verb) in self.rules.out_verbs
                ):
                    # "approached six European countries to supply submarines": the unnamed
                    # countries asked would supply, not the party asking (a measure asked of
                    # "allies" keeps the asker as its sender: "pressing allies to expel").
                    return asked, passive
            return self.subject(head, depth + 1)[0], passive
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            gov = head.head
            obj = child(gov, ("dobj",))
            if obj is not None and gov.pos_ in ("VERB", "AUX"):
                if head.lower_ in self.w.reason_preps and not self._is_party_like(obj):
                    # "imposed sanctions on Turkey for acquiring ...": the one punished acts.
                    for o in [*preps(obj, self.w.target_preps), *preps(gov, self.w.target_preps)]:
                        if self._is_party_like(o):
                            return o, passive
                return obj, passive  # "accused Moscow of using ..."
            if gov.pos_ in ("VERB", "AUX"):
                if head.lower_ == "in" and _lemma(gov) in self.w.siding_verbs:
                    # "Israel sided with the United States in voting to continue sanctions":
                    # the one sided with acts; who sides backs it.
                    for o in preps(gov, ("with",)):
                        if self._is_party_like(o):
                            return o, passive
                if head.lower_ == "against" and _lemma(gov) in self.w.against_act_verbs:
                    return None, passive  # "warned against lifting": the warner does not lift
                return self.subject(gov, depth + 1)[0], passive
            return self._noun_owner(gov, depth), passive  # "Japan's hope of avoiding ..."
        if (verb.dep_ in ("acl", "xcomp") or infinitive_complement) and head.pos_ in (
            "NOUN",
            "PROPN",
        ):
            if verb.tag_ in ("VBN",) and not any(c.dep_ == "aux" for c in verb.children):
                return None, True  # "sanctions imposed by ...": a passive participle
            return self._noun_owner(head, depth), passive  # "Reagan's decision to impose"
        if verb.dep_ in ("advcl", "acl", "ccomp") and head.pos_ in ("VERB", "AUX"):
            if verb.dep_ != "ccomp" or verb.tag_ in ("VBG", "VB", "TO"):
                return self.subject(head, depth + 1)[0], passive
        return None, passive

    def _response_chooser(self, verb: Token) -> Token | None:
        """The party whose only answer a copula's complement is: "the only way the European
        Community could react was to retaliate", "the only option Japan has is to retaliate",
        "the EC's only recourse would be to retaliate" (response_nouns; the noun's own
        relative clause or owner acts, not the one who speaks of it). The parser may hang
        the noun anywhere before the copula when the copula lacks a subject."""
        head = verb.head
        if verb.dep_ != "xcomp" or _lemma(head) != "be" or verb.i < head.i:
            return None
        noun = child(head, ("nsubj",))
        if noun is None:
            nouns = [
                t
                for t in verb.doc[verb.sent.start : head.i]
                if t.pos_ == "NOUN" and _lemma(t) in self.w.response_nouns
            ]
            noun = nouns[-1] if nouns else None
        if noun is None or _lemma(noun) not in self.w.response_nouns:
            return None
        owner = child(noun, ("poss",))
        if owner is not None:
            return owner
        # The subject of the clause between the noun and the copula (a relative clause,
        # or "had" parsed as the copula's auxiliary).
        for t in verb.doc[noun.i + 1 : head.i]:
            if (
                t.dep_ == "nsubj"
                and noun.i < t.head.i <= head.i
                and t.lower_ not in self.w.relative
            ):
                return t
        return None

    def joined_party(self, chain: Sequence[Token]) -> Side:
        """The party that joins or follows another in an act: "Japan joined the U.S. in
        imposing sanctions", "Denmark followed Germany in halting arms exports" (the one
        joined is read as the actor by `subject`; the joiner acts too)."""
        for t in chain:
            prep = t.head
            if t.dep_ == "pcomp" and prep.dep_ == "prep" and prep.lower_ == "in":
                gov = prep.head
                if gov.pos_ == "VERB" and _lemma(gov) in self.w.joining_verbs:
                    subj, passive = self.subject(gov)
                    if subj is not None and not passive:
                        return self.resolve_np(subj)
        return Side()

    def _ticker_owner(self, tok: Token) -> Token:
        """A Reuters stock ticker taken as the subject ("British Aerospace Plc <BAEL.L> has
        won a contract", the name left hanging): the company name right before it."""
        doc = tok.doc
        if (
            tok.i >= 2
            and doc[tok.i - 1].text == "<"
            and tok.i + 1 < len(doc)
            and doc[tok.i + 1].text == ">"
            and doc[tok.i - 2].pos_ == "PROPN"
        ):
            return doc[tok.i - 2]
        return tok

    def _is_party_like(self, tok: Token) -> bool:
        """A named party, or a pronoun or generic noun that stands for one."""
        if self.parties_in(np_tokens(tok)):
            return True
        if _lemma(tok) in self.w.group_nouns and self.resolve_np(tok):
            return True  # "Kurdish fighters in northern Iraq"
        return (
            tok.lower_ in self.w.state_pronouns | self.w.first_person
            or tok.lower_ in self.w.generic_state_nouns | self.w.office_nouns
        )

    def _noun_owner(self, noun: Token, depth: int) -> Token | None:
        """Whose plan/decision/hope a noun is: its possessor or compound party, else the
        subject of the verb that governs it ("Washington announced plans to ...")."""
        for c in noun.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and self.party_at.get(c.i)):
                return c
        for agent in preps(noun, ("by",)):  # "a decision by the Arab League to impose"
            if self._is_party_like(agent):
                return agent
        gov = governor(noun)
        if gov is not None and gov.pos_ in ("VERB", "AUX") and gov != noun:
            if noun.dep_ in ("nsubj", "nsubjpass"):
                return None
            if _lemma(gov) in self.w.blocking_verbs:
                return None  # "Moscow vetoed a resolution imposing ...": not Moscow's
            subj, passive = self.subject(gov, depth + 1)
            if passive and noun.dep_ == "dobj":
                return subj  # "Japan [was] given little hope of ..."
            return subj
        return None

    def subtree_side(self, tok: Token, exclude: set[str] | None = None) -> Side:
        """Parties anywhere in a prepositional object, not inside its clauses or "by" phrases:
        "on arms exports to China", "on imports from South Africa", "on Iran's oil"."""
        side = Side()
        stack = [tok]
        toks = []
        bound: list[Token] = []  # destinations of travel, kept apart
        while stack:
            t = stack.pop()
            toks.append(t)
            for c in t.children:
                clause = c.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp")
                if clause and c.pos_ in ("VERB", "AUX"):
                    if not (c.dep_ == "acl" and _lemma(c) in self.w.ownership_verbs):
                        continue  # "firms owned by Myanmar's military" keeps the owner
                if c.dep_ in ("prep", "agent") and c.lower_ in self.w.skip_preps:
                    if not (c.lower_ == "by" and _lemma(t) in self.w.ownership_verbs):
                        continue
                if (
                    c.dep_ == "prep"
                    and c.lower_ in self.w.destination_preps
                    and _lemma(t) in self.w.movement_nouns
                ):
                    bound.append(c)
                    continue  # "a ban on travel to the United States": a destination
                if (
                    c.dep_ == "prep"
                    and c.lower_ in self.w.destination_preps
                    and _lemma(t) in self.w.origin_export_nouns
                    and any(
                        m.dep_ in ("amod", "compound", "poss", "nmod") and m.i in self.party_at
                        for m in t.children
                    )
                ):
                    continue  # "tariffs on Japanese exports to the U.S.": the importer, no target
                if c.dep_ == "prep" and c.lower_ == "of" and _lemma(t) in self.w.relation_nouns:
                    continue  # "sanctions on buyers of Russian weapons"
                stack.append(c)
        codes, actors = self._codes(self.parties_in(toks))
        if codes:
            side.add(codes, "syntax", actors)
            return side
        if exclude:
            # A known sender that bans travel elsewhere hits the destination ("Britain banned
            # travel to Iraq"); travel into the sender's own land is entry ("a ban on travel
            # to the United States"), whose destination stays out.
            places = [t for b in bound for t in b.subtree]
            codes, actors = self._codes(self.parties_in(places))
            if codes and not set(codes) & exclude:
                side.add(codes, "syntax", actors)
                return side
        side = self.company_side(toks, exclude)
        return side or self.resolve_np(tok, with_of=False, exclude=exclude)

    def _firm(self, subj: Token) -> bool:
        """A company as the subject: what it halts or cuts is its own business, not its
        state's measure (GUIDELINES.md: the sides are states or blocs; firms are hit, they
        do not impose): a company name ("Gazprom", "Royal Dutch Shell", "Boeing"), a firm
        noun ("the Dutch company", "the state carrier"), a name made with a firm word
        ("Kenya Airways", "Air France", "Qatar Petroleum"), or a privately owned arms maker
        (actors.json "firm": "Dassault suspended Mirage deliveries to Peru")."""
        # "Avions Marcel Dassault-Breguet Aviation <AVMD.PA>": the name may hang on its
        # ticker as an nmod.
        heads = [subj, *(c for c in subj.children if c.dep_ in ("appos", "compound", "nmod"))]
        if any(h.i in self.company_at for h in heads):
            return True
        names = [*heads, *(c for h in heads[1:] for c in h.children if c.dep_ == "compound")]
        makers = (self.party_at.get(h.i) for h in names)  # "Dassault suspended deliveries"
        if any(p is not None and p.actor in self.rules.firm_actors for p in makers):
            return True
        if any(_lemma(h) in self.w.firm_nouns for h in heads if h.pos_ == "NOUN"):
            return True
        name = [subj, *(c for c in subj.children if c.dep_ == "compound")]
        return any(
            t.lower_ in self.w.firm_name_words
            for h in heads
            for t in (h, *h.children)
            if t in name or t.dep_ == "compound"
        )

    def company_side(self, toks: Iterable[Token], exclude: set[str] | None = None) -> Side:
        """The home states of the companies named in a target phrase ("sanctions on Huawei":
        China), for a phrase that names no state; `subtree_side` is only read for targets."""
        side = Side()
        seen: set[int] = set()
        for t in toks:
            p = self.company_at.get(t.i)
            if p is None or p.start in seen or not p.code or p.code in (exclude or set()):
                continue
            seen.add(p.start)
            side.add([p.code], "syntax", [Actor(p.actor or p.text, p.code, "company")])
        return side

    def _modifier_sides(self, tok: Token) -> list[tuple[Token, Side, str]]:
        """Parties that modify a trigger noun, with their kind (poss | demonym | name)."""
        out = []
        for m in tok.children:
            if m.dep_ not in ("compound", "amod", "poss", "nmod", "npadvmod"):
                continue
            if _lemma(m) in self.w.leading_participles and (
                _lemma(tok) in self.rules.sanction_nouns or _lemma(tok) in self.w.of_target_nouns
            ):
                # "a Saudi-led blockade of Qatar", "U.S.-led sanctions": who leads a measure
                # imposes it (not "U.S.-backed sanctions", a supporter's)
                lead = child(m, ("npadvmod", "compound", "nmod"))
                if lead is not None:
                    found = self._modifier_side(lead)
                    if found is not None and found[1] != "poss":
                        out.append((lead, found[0], "name"))
                continue
            if _lemma(m) in self.w.relation_participles or any(
                _lemma(c) in self.w.relation_participles for c in m.children
            ):
                continue  # "U.S.-backed sanctions regime" names a supporter, not a side
            found = self._modifier_side(m)
            if found is not None:
                out.append((m, *found))
        return out

    def _modifier_side(self, m: Token) -> tuple[Side, str] | None:
        """The party a modifier names, with its kind: "U.S." (name), "Iranian" (demonym),
        "Iran's" or "its" (poss); None for no party or a pair name ("Iran-contra")."""
        parties = self.parties_in(np_tokens(m))
        if self._pair_name(parties):
            return None
        if not parties:
            if m.dep_ != "poss":
                return None
            side = self.resolve_np(m, with_of=False)  # "its sanctions", "their purchase"
            return (side, "poss") if side else None
        codes, actors = self._codes(parties)
        if not codes:
            return None
        side = Side()
        side.add(codes, "modifier", actors)
        if m.dep_ == "poss":
            return side, "poss"
        return side, "demonym" if all(p.kind == "demonym" for p in parties) else "name"

    def _pair_name(self, parties: Sequence[Party]) -> bool:
        """ "Iran-contra affair", "U.S.-Japanese relations": two parties joined by a hyphen
        name a relation or an affair, not a side."""
        for a, b in pairwise(parties):
            if b.start == a.end + 1 and self.doc[a.end].text in ("-", "–", "/"):
                return True
        return False


def _council_side() -> Side:
    """The UN, the party a Security Council resolution would bind (GUIDELINES.md)."""
    side = Side()
    side.add(["UN"], "context")
    return side
