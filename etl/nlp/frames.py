"""Role assignment from the dependency parse: sanction and arms-transfer frames.

One `SentenceFrames` per parsed candidate sentence. Each trigger (a sanction measure, or a
transfer predicate linked to a weapon) becomes a `Frame` whose sides come from grammatical
relations, not word order: subjects and passive agents, objects and datives, prepositions
("on", "against", "to", "from", "by", "with"), noun modifiers ("U.S. sanctions",
"Iranian-made drones", "Iran's provision of ..."), coordination ("X, alongside Y and Z"),
control ("urged the EU to impose ..."), and the article context for pronouns and titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Token

from etl.nlp.context import BLOCS, ArticleContext
from etl.nlp.gazetteer import Party
from etl.nlp.rules import Rules, WeaponSpan, _lemma
from etl.records import Actor

NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "npadvmod", "nummod"})
SUBJ_DEPS = frozenset({"nsubj", "csubj"})


@dataclass
class Side:
    codes: list[str] = field(default_factory=list)
    how: str = ""  # syntax | modifier | context | speaker
    actors: list[Actor] = field(default_factory=list)

    def add(self, codes: Iterable[str], how: str, actors: Iterable[Actor] = ()) -> None:
        for c in codes:
            if c not in self.codes:
                self.codes.append(c)
        if not self.how and self.codes:
            self.how = how
        for a in actors:
            if a not in self.actors:
                self.actors.append(a)

    def __bool__(self) -> bool:
        return bool(self.codes)


@dataclass
class Frame:
    type: str
    action: str
    status: str
    category: str
    sources: list[str]
    targets: list[str]
    predicate: int
    confidence: float
    actors: list[Actor] = field(default_factory=list)
    weapon: str | None = None
    quantity: int | None = None
    claimant: str | None = None
    future: bool = False
    source_how: str = ""
    target_how: str = ""
    # The same parties again with other attributes: a rejected claim is also an allegation;
    # "would not lift the sanctions it imposed" also reports the imposition.
    extra: list[dict[str, str | None]] = field(default_factory=list)


class SentenceFrames:
    """Finds frames in one parsed sentence."""

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
        for p in parties:
            for i in range(p.start, p.end):
                self.party_at[i] = p
        self.weapons = rules.weapons(doc)
        self.weapon_at: dict[int, WeaponSpan] = {}
        for w in self.weapons:
            for i in range(w.start, w.end):
                self.weapon_at[i] = w
        self._speaker: Side | None = None

    # ------------------------------------------------------------------------------------
    # Parties of a noun phrase
    # ------------------------------------------------------------------------------------
    def np_tokens(self, head: Token, *, with_of: bool = False) -> list[Token]:
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
        parties = self.parties_in(self.np_tokens(head, with_of=with_of))
        codes, actors = self._codes(parties)
        if codes:
            side.add(codes, "syntax", actors)
            return side
        if _lemma(head) in self.w.group_nouns:
            # "rebels fighting in Somalia", "militants based in Gaza"; else the group the
            # article named last ("the contras ... the rebels").
            for c in head.children:
                if c.dep_ in ("acl", "prep", "relcl"):
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
        for t in self.np_tokens(head):
            low = t.lower_
            if low in self.w.first_person:
                spk = self.speaker()
                if spk:
                    side.add(spk.codes, "speaker", spk.actors)
            elif low in self.w.state_pronouns or (
                low in self.w.generic_state_nouns and t.pos_ == "NOUN"
            ):
                code = self._nearest_state(t, exclude or set())
                if code:
                    side.add([code], "context")
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
        return side

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
        # Else the state whose officials the article quotes, else the article's own state.
        return self.ctx.official_home or self.ctx.home

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

    def _nearest_state(self, tok: Token, exclude: set[str]) -> str | None:
        if tok.dep_ == "poss":
            # A possessive refers back to the nearest state before it: "sanctions on
            # Turkey's procurement agency over its purchase of S-400s".
            for i in range(tok.i - 1, -1, -1):
                p = self.party_at.get(i)
                if p is not None and p.code and p.kind != "person" and p.code not in exclude:
                    return p.code
        # The party of a clause that governs the pronoun: "Pyongyang rejected U.S. claims
        # that it had shipped ...", "ECOWAS warned Niger's junta that it would face ...".
        cur = tok
        for _ in range(8):
            if cur.head == cur:
                break
            cur = cur.head
            if cur.pos_ not in ("VERB", "AUX"):
                continue
            cands = [_child(cur, ("dobj",)), self.subject(cur)[0]]
            for cand in cands:
                if cand is None or cand.i == tok.i or tok in cand.subtree:
                    continue
                head_party = self.party_at.get(cand.i)
                if head_party is None and cand.lower_ not in self.w.generic_state_nouns:
                    continue
                codes, _ = self._codes(self.parties_in(self.np_tokens(cand)))
                codes = [c for c in codes if c not in exclude]
                if codes:
                    return codes[0]
        # In this sentence, the closest preceding state or bloc...
        for i in range(tok.i - 1, -1, -1):
            p = self.party_at.get(i)
            if p is not None and p.code and p.kind != "person" and p.code not in exclude:
                return p.code
        # ... else, for "it"/"its" only (a state is "it"; "they" and "the government" are
        # too often people or a state named far away), the last one named before.
        if tok.lower_ not in self.w.cross_sentence_nouns:
            return None
        m = self.ctx.before(self.offset + tok.idx, people=False, exclude=exclude)
        if m:
            return m.code
        return self.ctx.home if self.ctx.home not in exclude else None

    def speaker(self) -> Side | None:
        """Who says this sentence: the subject of its speech verb, resolved to a state."""
        if self._speaker is not None:
            return self._speaker
        side = Side()
        for t in self.doc:
            if _lemma(t) in self.w.speech and t.pos_ in ("VERB", "AUX"):
                for c in t.children:
                    if c.dep_ in SUBJ_DEPS:
                        parties = self.parties_in(self.np_tokens(c, with_of=True))
                        codes, actors = self._codes(parties)
                        if not codes:
                            name = " ".join(x.text for x in self.np_tokens(c))
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

    # ------------------------------------------------------------------------------------
    # Grammatical helpers
    # ------------------------------------------------------------------------------------
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
                return c, passive
        if verb.dep_ == "relcl":
            return verb.head, passive
        head = verb.head
        if head == verb:
            return None, passive
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            return self.subject(head, depth + 1)[0], passive
        if (verb.dep_ in ("xcomp", "acomp") and head.pos_ == "ADJ") or verb.pos_ == "ADJ":
            # "will be able to impose", "is ready to lift": the copula's subject.
            return self.subject(head, depth + 1)[0], passive
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if (verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and infinitive)) and head.pos_ in (
            "VERB",
            "AUX",
        ):
            # Object control: "urged the EU to impose", "called on Japan to open",
            # "gave power to the government to decree" (the first object that is a party).
            if _lemma(head) not in ("want", "expect", "plan", "promise"):
                objs = [_child(head, ("dobj",)), *self.preps(head, ("on", "upon", "to"))]
                for obj in objs:
                    if obj is not None and self._is_party_like(obj):
                        return obj, passive
            return self.subject(head, depth + 1)[0], passive
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            gov = head.head
            obj = _child(gov, ("dobj",))
            if obj is not None and gov.pos_ in ("VERB", "AUX"):
                return obj, passive  # "accused Moscow of using ..."
            if gov.pos_ in ("VERB", "AUX"):
                return self.subject(gov, depth + 1)[0], passive
            return self._noun_owner(gov, depth), passive  # "Japan's hope of avoiding ..."
        if verb.dep_ in ("acl", "xcomp") and head.pos_ in ("NOUN", "PROPN"):
            if verb.tag_ in ("VBN",) and not any(c.dep_ == "aux" for c in verb.children):
                return None, True  # "sanctions imposed by ...": a passive participle
            return self._noun_owner(head, depth), passive  # "Reagan's decision to impose"
        if verb.dep_ in ("advcl", "acl", "ccomp") and head.pos_ in ("VERB", "AUX"):
            if verb.dep_ != "ccomp" or verb.tag_ in ("VBG", "VB", "TO"):
                return self.subject(head, depth + 1)[0], passive
        return None, passive

    def _is_party_like(self, tok: Token) -> bool:
        """A named party, or a pronoun or generic noun that stands for one."""
        if self.parties_in(self.np_tokens(tok)):
            return True
        if _lemma(tok) in self.w.group_nouns and self.resolve_np(tok):
            return True  # "Kurdish fighters in northern Iraq"
        return (
            tok.lower_ in self.w.state_pronouns | self.w.first_person
            or tok.lower_ in self.w.generic_state_nouns
        )

    def _noun_owner(self, noun: Token, depth: int) -> Token | None:
        """Whose plan/decision/hope a noun is: its possessor or compound party, else the
        subject of the verb that governs it ("Washington announced plans to ...")."""
        for c in noun.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and self.party_at.get(c.i)):
                return c
        gov = _governor(noun)
        if gov is not None and gov.pos_ in ("VERB", "AUX") and gov != noun:
            if noun.dep_ in ("nsubj", "nsubjpass"):
                return None
            subj, passive = self.subject(gov, depth + 1)
            if passive and noun.dep_ == "dobj":
                return subj  # "Japan [was] given little hope of ..."
            return subj
        return None

    def chain(self, pred: Token) -> list[Token]:
        """The predicate and the verbs/nouns that govern it (modality, threats, speech)."""
        out = [pred]
        cur = pred
        for _ in range(6):
            dep = cur.dep_
            head = cur.head
            if head == cur:
                break
            if dep in (
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
            ):
                cur = head
            elif dep in ("pcomp", "pobj") and head.dep_ == "prep":
                cur = head.head
            elif dep == "acl" and cur.tag_ in ("VB", "VBG") and head.pos_ in ("NOUN", "PROPN"):
                cur = head  # "plans to slap tariffs", "his decision to impose"
            else:
                break
            out.append(cur)
            if cur.pos_ in ("VERB", "AUX") and _lemma(cur) in self.w.speech:
                break
        return out

    def preps(self, tok: Token, names: Iterable[str]) -> list[Token]:
        """Objects of the given prepositions attached to `tok` ("on Iran" -> Iran)."""
        wanted = set(names)
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
                for o in c.children:
                    if o.dep_ in ("pobj", "pcomp"):
                        out.append(o)
            elif c.dep_ == "prep" and c.lower_ in ("along", "together"):
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ == "with":
                        out.extend(o for o in cc.children if o.dep_ == "pobj")
        return out

    # ------------------------------------------------------------------------------------
    # Status
    # ------------------------------------------------------------------------------------
    def modality(self, chain: Sequence[Token]) -> tuple[bool, bool, bool]:
        """(planned, negated, conditional) from auxiliaries, planning verbs and "if"."""
        planned = negated = conditional = False
        rs = self.rules.status
        for i, t in enumerate(chain):
            if t.pos_ in ("VERB", "AUX") and _lemma(t) in self.w.speech and i > 0:
                break
            if i > 0 and chain[i - 1].dep_ == "nsubj":
                continue  # "sanctions will hurt the economy": a prediction, not a plan
            for c in t.children:
                if c.dep_ == "aux" and (c.lower_ in rs["modal_planned"] or _lemma(c) == "will"):
                    planned = True
                if c.dep_ == "neg" and i <= 1 and self._acts(t):
                    negated = True  # "did not impose", but not "did not mention the sanctions"
                if c.dep_ == "mark" and c.lower_ in ("if", "unless"):
                    conditional = True
                if c.dep_ == "amod" and _lemma(c) in rs["planned_verbs"] and t.pos_ == "NOUN":
                    planned = True  # "the possible sale", "a proposed deal"
            if (
                i > 0
                and _lemma(t) in rs["planned_verbs"]
                and t.pos_ in ("VERB", "ADJ", "AUX", "NOUN")
            ):
                planned = True
            if i > 0 and _lemma(t) == "call" and self.preps(t, ("for", "on")):
                planned = True  # "called for sanctions" (but not "called it appalling")
            if i > 0 and t.pos_ == "VERB" and _lemma(t) in self.w.refusal_verbs:
                negated = True  # "refused to join Western sanctions"
        # Headline style "EU to lift sanctions": an infinitive predicate at the root.
        first = chain[0]
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in first.children) and first.dep_ in (
            "ROOT",
            "xcomp",
        ):
            if first.dep_ == "ROOT" or _lemma(first.head) in self.rules.status["planned_verbs"]:
                planned = True
        return planned, negated, conditional

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
                return None, who, None
            cur = up
        if accuser is not None:
            return "alleged", accuser, None
        return None, None, None

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
            poss = _child(verb, ("poss",))
            if poss is None:
                return None
            subj = poss
        side = self.resolve_np(subj)
        return side if side else None

    # ------------------------------------------------------------------------------------
    # Frames
    # ------------------------------------------------------------------------------------
    def frames(self) -> list[Frame]:
        out = self.sanction_frames()
        out += self.arms_frames()
        return out

    # -- sanctions --------------------------------------------------------------------------
    def sanction_anchors(self) -> list[tuple[Token, str, bool]]:
        """(token, category, is_verb) for every sanction trigger in the sentence."""
        anchors: dict[int, tuple[Token, str, bool]] = {}
        for span, cat in self.rules.sanction_phrases(self.doc):
            anchors[span.root.i] = (span.root, cat, span.root.pos_ == "VERB")
        for t in self.doc:
            if t.i in anchors:
                continue
            lemma = _lemma(t)
            if t.pos_ in ("NOUN", "PROPN") and lemma in self.rules.sanction_nouns:
                if lemma == "sanction" and t.lower_ == "sanction" and t.dep_ in ("dobj",):
                    # "gave its sanction to the deal" (approval) is not a measure
                    if _child(t, ("poss",)) is not None:
                        continue
                anchors[t.i] = (t, self.rules.sanction_nouns[lemma], False)
            elif t.pos_ == "VERB" and lemma in self.rules.sanction_verbs:
                anchors[t.i] = (t, self.rules.sanction_verbs[lemma], True)
            elif (
                t.pos_ == "NOUN"
                and lemma in self.w.conditional_measures
                and self._measure_object(t)
            ):
                # "an unofficial ban on Australian coal", "Canada's freeze on the assets",
                # "restrictions on Venezuelan oil"; tariffs only in a story about coercion.
                if lemma in ("tariff", "duty") and not self.coercive:
                    continue
                anchors[t.i] = (t, self.w.conditional_measures[lemma], False)
            elif t.pos_ == "ADJ" and t.lower_ in ("retaliatory", "punitive"):
                head = t.head
                if head.pos_ == "NOUN" and head.i not in anchors:
                    anchors[head.i] = (head, "trade", False)
        # "ban imports", "freeze assets", "suspend military aid": a restricting verb whose
        # object is trade, money or aid.
        for t in self.doc:
            if t.pos_ != "VERB" or t.i in anchors:
                continue
            lemma = _lemma(t)
            if lemma not in self.w.restricting_verbs:
                continue
            obj = _child(t, ("dobj", "nsubjpass"))
            if obj is None:
                continue
            olem = _lemma(obj)
            if olem in (
                "import",
                "export",
                "trade",
                "shipment",
                "purchase",
                "sale",
                "good",
                "product",
                "oil",
            ):
                cat = (
                    "arms"
                    if any(
                        _lemma(c) in ("arm", "weapon") or c.lower_ == "arms" for c in obj.children
                    )
                    else "trade"
                )
                anchors[t.i] = (t, cat, True)
            elif olem in (
                "asset",
                "fund",
                "account",
                "loan",
                "credit",
                "investment",
                "transaction",
            ):
                anchors[t.i] = (t, "financial", True)
            elif olem in ("aid", "assistance") and any(
                c.lower_ in ("military", "security", "defense", "defence") for c in obj.children
            ):
                anchors[t.i] = (t, "military_assistance", True)
            elif olem in ("flight", "visa", "travel"):
                anchors[t.i] = (t, "travel", True)
        return [anchors[k] for k in sorted(anchors)]

    def _measure_object(self, noun: Token) -> bool:
        """A ban/freeze/restriction noun is a measure when it bears on a party or on trade
        or money ("ban on Australian coal", "freeze on the assets of Russian oligarchs")."""
        objs = self.preps(noun, ("on", "against", "of"))
        if noun.dep_ == "dobj":  # "raise tariffs on a range of Japanese products"
            objs += self.preps(noun.head, ("on", "against"))
        for o in objs:
            toks = list(o.subtree)
            if self.parties_in(toks):
                return True
            if any(
                _lemma(t) in self.w.trade_objects | self.w.financial_objects for t in toks
            ) and any(self.party_at.get(t.i) for t in self.doc):
                return True
        return False

    def sanction_frames(self) -> list[Frame]:
        frames = []
        for tok, category, is_verb in self.sanction_anchors():
            f = self.sanction_frame(tok, category, is_verb)
            if f is not None:
                frames.append(f)
        return frames

    def sanction_frame(self, anchor: Token, category: str, is_verb: bool) -> Frame | None:
        rules = self.rules
        if _lemma(anchor) in rules.sanction_not_after or any(
            _lemma(c) in rules.sanction_not_after for c in anchor.children
        ):
            return None
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
        pred = anchor if is_verb else _governor(np)
        noun_pred = None
        if pred is not None and pred.pos_ in ("NOUN", "PROPN") and not is_verb:
            if _lemma(pred) in rules.actions or pred.lower_ in rules.actions:
                noun_pred = pred  # "the lifting of sanctions", "the threat of U.S. sanctions"
                pred = _governor(noun_pred)
            else:
                # "monitoring of sanctions", "the cost of sanctions": no action; but "take it
                # to the UN Security Council for sanctions" names the body that would act.
                body = self.parties_in(self.np_tokens(pred))
                codes = self._codes([p for p in body if p.kind in ("bloc", "name", "institution")])[
                    0
                ]
                senders.add(codes, "syntax")
                pred = None
        chain = self.chain(anchor if is_verb else np)
        category = self._modifier_category(anchor, category)
        if np != anchor:
            category = self._modifier_category(np, category)
        mods = self._modifier_sides(anchor)
        if np != anchor:  # "the South African sanctions law": the law's modifiers too
            mods += [x for x in self._modifier_sides(np) if x[0] != anchor]
        mod_codes = {c for _m, side, _k in mods for c in side.codes}
        # 1. The trigger's own noun phrase: "sanctions on Iran", "sanctions imposed by".
        heads = [anchor] if np == anchor else [anchor, np]
        for c in anchor.children:  # "tariffs of 25 percent on U.S. soybeans"
            if c.dep_ == "prep" and c.lower_ in ("of", "worth"):
                heads += [o for o in c.children if o.dep_ == "pobj"]
        for h in heads:
            preps = set(self.w.target_preps)
            if _lemma(h) in self.w.of_target_nouns:
                preps.add("of")  # "a boycott of South Africa"
            for o in self.preps(h, preps):
                targets.add(*_unpack(self.subtree_side(o, exclude=mod_codes)))
                category = self._object_category(o, category)
            if not is_verb:
                for o in self.preps(h, ("by", "from")):
                    senders.add(*_unpack(self.resolve_np(o)))
            for c in h.children:
                if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                    for o in self.preps(c, self.w.target_preps):
                        targets.add(*_unpack(self.subtree_side(o)))
                        category = self._object_category(o, category)
                    obj = _child(c, ("dobj",))
                    if obj is not None and _lemma(c) in self.w.affect_verbs:
                        # "sanctions that had choked Iran's economy"
                        targets.add(*_unpack(self.subtree_side(obj)))
                    for o in self.preps(c, ("by",)):
                        senders.add(*_unpack(self.resolve_np(o)))
                    subj, _ = self.subject(c)
                    if subj is not None and subj != anchor and subj != np:
                        senders.add(*_unpack(self.resolve_np(subj)))
        # 2. A noun predicate: "the U.S. imposition of tariffs on ...".
        if noun_pred is not None:
            for o in self.preps(noun_pred, self.w.target_preps):
                if o != np and np not in o.subtree:  # "an appeal against EU sanctions"
                    targets.add(*_unpack(self.subtree_side(o)))
            for o in self.preps(noun_pred, ("by",)):
                senders.add(*_unpack(self.resolve_np(o)))
            for m, side, _k in self._modifier_sides(noun_pred):
                senders.add(side.codes, "modifier", side.actors)
                del m
        # 3. The verb that governs the phrase.
        if is_verb:
            if not self._sanction_verb_sides(anchor, senders, targets):
                return None
            if _lemma(anchor) not in rules.sanction_verbs and not senders:
                # "froze the defendants' assets": a generic restricting verb is a sanction
                # only when a state or bloc does it.
                return None
        elif pred is not None and pred.pos_ in ("VERB", "AUX", "ADJ"):
            self._sanction_pred_sides(pred, noun_pred or np, senders, targets, mod_codes)
        # 4. Modifiers of the trigger: "U.S. sanctions", "Iran sanctions", "EU China arms ban".
        self._assign_modifiers(mods, senders, targets)
        # 5. Controlling verbs: "threatened to impose", "urged the EU to impose", "warned Tokyo".
        prev = chain[0]
        suffers = pred is not None and _lemma(pred) in self.w.target_subject_verbs
        # "called for the embargo to be lifted": the caller pushes; it would not lift it.
        passive_measure = pred is not None and any(
            c.dep_ == "nsubjpass" and (c == np or np in c.subtree) for c in pred.children
        )
        for up in chain[1:]:
            # Only verbs that control the trigger's clause lend their subject: "able to",
            # "ready to" (adjectives) pass control on to the copula above them.
            control = prev.dep_ in ("xcomp", "conj", "acomp") or _lemma(up) in rules.actions
            via_acl = prev.dep_ == "acl"
            prev = up
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
            if not targets and _lemma(up) in ("warn", "threaten", "tell", "caution"):
                obj = _child(up, ("dobj",))
                if obj is not None:
                    targets.add(*_unpack(self.resolve_np(obj)))
            if not senders and not passive_measure:
                subj, passive = self.subject(up)
                if (
                    subj is not None
                    and not passive
                    and _lemma(up) not in self.w.target_subject_verbs
                    and subj != np
                    and np not in subj.subtree  # "a boycott ... would take effect"
                ):
                    side = self.resolve_np(subj)
                    senders.add([c for c in side.codes if c not in targets.codes], side.how)
        # 6. Fall-backs: a party hoping for relief is the target ("Tehran hopes the U.S. will
        # lift sanctions"); the speaker as sender; the one other state in the sentence.
        if not targets:
            for up in chain[1:]:
                if _lemma(up) in self.w.wish_verbs and up.pos_ == "VERB":
                    subj, _ = self.subject(up)
                    if subj is not None:
                        side = self.resolve_np(subj, exclude=set(senders.codes))
                        if side and not set(side.codes) & set(senders.codes):
                            targets.add(side.codes, "syntax", side.actors)
                            break
        if targets and not senders:
            spk = self.speaker()
            if spk and not set(spk.codes) & set(targets.codes):
                senders.add(spk.codes, "speaker", spk.actors)
        if not targets and not senders and not is_verb:
            # Vague sender ("Western sanctions"): the one state the sentence names is the
            # target, unless that state is only present as an official or institution.
            named = {p.code: p.kind for p in self.party_at.values() if p.code}
            actor_codes = set()
            for up in chain[1:]:  # "Russia bans imports in retaliation over sanctions"
                subj, _ = self.subject(up) if up.pos_ in ("VERB", "AUX") else (None, False)
                if subj is not None:
                    actor_codes.update(self._codes(self.parties_in(self.np_tokens(subj)))[0])
            plural = anchor.lower_ in ("sanctions", "embargo", "embargoes")
            if len(named) == 1 and plural:
                code, kind = next(iter(named.items()))
                if kind in ("name", "demonym", "capital", "group") and code not in actor_codes:
                    targets.add([code], "context")
        if not targets and senders:
            # "imposed sanctions on senior generals and military-owned businesses": people
            # or firms of the state the article is about (if it is not a sender).
            objs = [o for h in heads for o in self.preps(h, self.w.target_preps)]
            if pred is not None:
                objs += self.preps(pred, self.w.target_preps)
            if any(_lemma(o) in self.w.generic_target_nouns for o in objs):
                for code, _n in self.ctx.codes().most_common():
                    if code not in senders.codes and code not in BLOCS:
                        targets.add([code], "context")
                        break
        targets.codes = [c for c in targets.codes if c not in senders.codes]
        if not senders and _lemma(anchor) in self.w.conditional_measures:
            return None  # a ban or a tariff is a sanction only when a state or bloc imposes it
        sideless = not targets and not senders
        acted_on = pred is not None and _lemma(pred) in rules.actions  # "could be lifted"
        if sideless and not (anchor.lower_ in ("sanctions", "embargo", "tariffs") and acted_on):
            return None
        if not targets and senders and senders.how != "syntax":
            return None
        # A named sender with no target, or a bare "the sanctions" governed by a verb, may
        # still get its sides from the article (Tagger._events).
        # Action and status.
        if (
            noun_pred is None
            and pred is not None
            and np.dep_ == "pobj"
            and np.head.lower_ == "from"
        ):
            relief = _child(pred, ("dobj",))
            if relief is not None and _lemma(relief) in rules.actions:
                noun_pred = relief  # "won relief from sanctions": the relief is the action
        action = self._sanction_action(anchor, noun_pred, chain)
        planned, negated, conditional = self.modality(chain)
        claim, claimant, _accuser = self.claim(chain[0], set(senders.codes) | set(targets.codes))
        if negated and action in ("imposed", "threatened"):
            return None  # "did not impose sanctions", "has never threatened", "rejected"
        if action == "imposed" and (planned or conditional):
            action = "threatened"
        status = "planned" if action == "threatened" or planned or conditional else "reported"
        if claim == "denied":
            status = "denied"
        elif claim == "alleged" and status == "reported":
            status = "alleged"
        extra: list[dict[str, str | None]] = []
        if action != "imposed":
            # "would not lift the sanctions it imposed": the imposition is reported too.
            for c in [*anchor.children, *(np.children if np != anchor else [])]:
                if (
                    c.dep_ in ("relcl", "acl")
                    and self.rules.actions.get(_lemma(c)) == "imposed"
                    and c.tag_ in ("VBD", "VBN")
                    and not any(
                        a.dep_ == "aux" and a.lower_ in ("will", "would") for a in c.children
                    )
                ):
                    extra.append({"action": "imposed", "status": "reported", "claimant": None})
                    break
        conf = self._confidence(senders, targets, base=0.55)
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
        )

    def subtree_side(self, tok: Token, exclude: set[str] | None = None) -> Side:
        """Parties anywhere in a prepositional object, not inside its clauses or "by" phrases:
        "on arms exports to China", "on imports from South Africa", "on Iran's oil"."""
        side = Side()
        stack = [tok]
        toks = []
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
                    and c.lower_ in ("to", "into")
                    and _lemma(t) in self.w.movement_nouns
                ):
                    continue  # "a ban on travel to the United States": a destination
                if c.dep_ == "prep" and c.lower_ == "of" and _lemma(t) in self.w.relation_nouns:
                    continue  # "sanctions on buyers of Russian weapons"
                stack.append(c)
        codes, actors = self._codes(self.parties_in(toks))
        if codes:
            side.add(codes, "syntax", actors)
            return side
        return self.resolve_np(tok, with_of=False, exclude=exclude)

    def _modifier_category(self, tok: Token, category: str) -> str:
        """ "trade sanctions", "financial sanctions", "oil embargo"."""
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and _lemma(c) in self.rules.sanction_modifiers:
                mod_cat = self.rules.sanction_modifiers[_lemma(c)]
                if category in ("other", "trade") or mod_cat == "arms":
                    return mod_cat
        return category

    def _modifier_sides(self, tok: Token) -> list[tuple[Token, Side, str]]:
        """Parties that modify a trigger noun, with their kind (poss | demonym | name)."""
        out = []
        for m in tok.children:
            if m.dep_ not in ("compound", "amod", "poss", "nmod", "npadvmod"):
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
        parties = self.parties_in(self.np_tokens(m))
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

    def _assign_modifiers(
        self, mods: list[tuple[Token, Side, str]], senders: Side, targets: Side
    ) -> None:
        """Sender or target? "U.S. sanctions" (sender), "Iran sanctions" (target), "EU China
        arms ban" (sender, target), "U.S. sanctions on Iran" (sender, the target named)."""
        mods = [
            (m, s, k)
            for m, s, k in mods
            if not set(s.codes) <= set(senders.codes) | set(targets.codes)
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
            if kind == "poss" or targets:
                senders.add(side.codes, "modifier", side.actors)
            elif senders or not set(side.codes) <= self.w.habitual_senders:
                targets.add(side.codes, "modifier", side.actors)
            else:
                senders.add(side.codes, "modifier", side.actors)

    def _object_category(self, obj: Token, category: str) -> str:
        """ "sanctions on Japanese imports" is a trade measure; "on Iranian banks" financial."""
        if category != "other":
            return category
        lem = _lemma(obj)
        if lem in self.w.trade_objects:
            return "trade"
        if lem in self.w.financial_objects:
            return "financial"
        return category

    def _sanction_pred_sides(
        self, pred: Token, np: Token, senders: Side, targets: Side, mod_codes: set[str]
    ) -> None:
        """Sides from the verb that governs the sanction noun phrase."""
        lemma = _lemma(pred)
        via = np.head if np.dep_ == "pobj" else None
        vialow = via.lower_ if via is not None else ""
        if vialow in self.w.topic_preps:
            return  # "takes China to the WTO over trade curbs": the measure is a topic here
        subj, passive = self.subject(pred)
        dobj = _child(pred, ("dobj",))
        for v in [pred, *(c for c in pred.children if c.dep_ == "conj" and c.pos_ == "VERB")]:
            for o in self.preps(v, self.w.target_preps):
                if o == np or np in o.subtree or (lemma in ("warn", "caution") and v == pred):
                    continue
                targets.add(*_unpack(self.subtree_side(o)))
            if _lemma(v) in self.w.from_target_verbs:
                for o in self.preps(v, ("from",)):
                    targets.add(*_unpack(self.subtree_side(o)))
        if vialow == "against" and lemma in ("warn", "caution", "urge"):
            # "warned Japan against sanctions": the warned party would impose them.
            if dobj is not None:
                senders.add(*_unpack(self.resolve_np(dobj)))
            if subj is not None:
                targets.add(*_unpack(self.resolve_np(subj)))
            return
        relief = dobj is not None and self.rules.actions.get(_lemma(dobj)) in ("lifted", "eased")
        if vialow == "from" and relief and lemma in self.w.benefit_verbs and subj is not None:
            targets.add(*_unpack(self.resolve_np(subj)))  # "Iran won relief from sanctions"
            return
        if vialow == "from" and lemma in self.w.spare_verbs:
            # "a deal that would spare Tehran from sanctions"
            who = dobj if dobj is not None else (subj if passive else None)
            if who is not None:
                targets.add(*_unpack(self.resolve_np(who)))
            return
        if vialow == "under" and dobj is not None:
            targets.add(*_unpack(self.resolve_np(dobj)))  # "put China under an embargo"
        if vialow in ("to", "on", "onto") and lemma in self.w.listing_verbs and dobj is not None:
            targets.add(*_unpack(self.subtree_side(dobj)))  # "added 12 firms to its sanctions list"
        if vialow == "for":
            # "take Iran to the Security Council for sanctions": the body would impose them.
            for o in self.preps(pred, ("to", "before")):
                senders.add(*_unpack(self.resolve_np(o)))
            if dobj is not None and not targets:
                targets.add(*_unpack(self.subtree_side(dobj)))
        if vialow == "with":
            # "hit Iran with sanctions", "threatened Japan with sanctions".
            if dobj is not None:
                targets.add(*_unpack(self.resolve_np(dobj)))
            if passive and subj is not None:
                targets.add(*_unpack(self.resolve_np(subj)))
                for o in self.preps(pred, ("by",)):
                    senders.add(*_unpack(self.resolve_np(o)))
                return
        else:
            for o in self.preps(pred, self.w.co_actor_preps):
                if o != np and np not in o.subtree:
                    senders.add(*_unpack(self.resolve_np(o)))
        if subj is None:
            return
        if subj == np or np in subj.subtree:
            # The measure is the subject: "sanctions were imposed by ...", "sanctions have
            # cost Poland's economy ...".
            for o in self.preps(pred, ("by",)):
                senders.add(*_unpack(self.resolve_np(o)))
            if lemma in self.w.affect_verbs and dobj is not None:
                targets.add(*_unpack(self.resolve_np(dobj, exclude=mod_codes)))
            return
        side = self.resolve_np(subj)
        relief = self.rules.actions.get(_lemma(np)) in ("lifted", "eased")
        if relief and lemma in self.w.benefit_verbs:
            targets.add(*_unpack(side))  # "Iran won relief from sanctions"
            return
        if lemma in self.w.target_subject_verbs or (
            passive and lemma in ("hit", "target", "threaten", "punish")
        ):
            targets.add(*_unpack(side))
        elif passive:
            for o in self.preps(pred, ("by",)):
                senders.add(*_unpack(self.resolve_np(o)))
        else:
            senders.add(*_unpack(side))
        for o in self.preps(subj, self.w.co_actor_preps):
            senders.add(*_unpack(self.resolve_np(o)))

    def _sanction_verb_sides(self, verb: Token, senders: Side, targets: Side) -> bool:
        """ "The U.S. sanctioned three Iranian firms"; "Iran was sanctioned by the UN";
        "Sweden will halt all trade with South Africa"; "retaliate against Japan"."""
        subj, passive = self.subject(verb)
        obj = _child(verb, ("dobj",))
        if obj is None:  # "sanction the U.S. firms involved" parsed as a small clause
            comp = _child(verb, ("ccomp",))
            obj = _child(comp, ("nsubj",)) if comp is not None else None
        if _lemma(verb) == "sanction":
            # "a resolution sanctioning military action" means approval, not a measure.
            hit = obj if not passive else subj
            if hit is None or not self.parties_in(self.np_tokens(hit, with_of=True)):
                return False
        if passive:
            if subj is not None:
                targets.add(*_unpack(self.subtree_side(subj)))
            for o in self.preps(verb, ("by",)):
                senders.add(*_unpack(self.resolve_np(o)))
        else:
            if subj is not None:
                senders.add(*_unpack(self.resolve_np(subj)))
            if obj is not None:
                targets.add(*_unpack(self.subtree_side(obj, exclude=set(senders.codes))))
        for o in self.preps(verb, ("from", "against", "on", "to", "with")):
            targets.add(*_unpack(self.subtree_side(o)))
        if subj is not None:
            for o in self.preps(subj, self.w.co_actor_preps):
                senders.add(*_unpack(self.resolve_np(o)))
        return True

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
            if i == 0 or t == anchor:
                continue  # the measure itself ("asset freeze", "sanctioned") is no action word
            if steps[i - 1].dep_ == "advcl":
                break  # "Iran suspends nuclear work to avoid sanctions": not an easing
            if steps[i - 1].dep_ == "nsubj":
                # The measure as subject: "sanctions loom" (a threat), "sanctions have
                # pushed the rial down" (no action on the measure).
                a = self.rules.subject_actions.get(lem)
                if a == "threatened":
                    threatened = True
                elif a and base is None:
                    base = a
                continue
            a = actions.get(lem)
            if a is None and t.lower_ in ("lifting", "easing", "removal", "threat", "extension"):
                a = actions.get(t.lower_)
            if a == "threatened" or lem == "threat":
                threatened = True
                continue
            if a and base is None and t.pos_ in ("VERB", "NOUN", "ADJ"):
                base = a
        for c in anchor.children:  # "possible sanctions", "threatened trade sanctions"
            if _lemma(c) in ("threat", "possible", "potential", "proposed", "planned", "threaten"):
                threatened = True
            if c.dep_ == "amod" and c.lower_ in ("threatened", "proposed", "planned", "possible"):
                threatened = True
        if base in ("lifted", "eased", "extended"):
            return base
        return "threatened" if threatened else "imposed"

    # -- arms transfers ---------------------------------------------------------------------
    def arms_frames(self) -> list[Frame]:
        arming = any(t.pos_ == "VERB" and _lemma(t) == "arm" for t in self.doc)
        if not self.weapons and not self._fms() and not arming:
            return []
        blocked = self._inside_sanctions()
        if blocked:  # "seeks an arms embargo": the weapon word belongs to the measure
            self.weapons = [w for w in self.weapons if w.start not in blocked]
            self.weapon_at = {i: w for w in self.weapons for i in range(w.start, w.end)}
        frames: list[Frame] = []
        for t in self.doc:
            if t.i in blocked:
                continue  # "the embargo on arms exports to China" is a sanction, not a sale
            lemma = _lemma(t)
            if t.pos_ == "VERB" and (lemma in self.rules.out_verbs or lemma in self.rules.in_verbs):
                f = self.transfer_verb_frame(t, lemma)
            elif t.pos_ in ("NOUN", "PROPN") and (
                lemma in self.rules.nouns_out or lemma in self.rules.nouns_in
            ):
                f = self.transfer_noun_frame(t, lemma)
            else:
                continue
            if f is not None:
                frames.append(f)
        frames += self.fms_frames(frames)
        if not frames:
            frames += self.provenance_frames(blocked)
        return frames

    def _inside_sanctions(self) -> set[int]:
        """Tokens governed by a sanction trigger ("arms embargo", "ban on arms sales")."""
        out: set[int] = set()
        for tok, _cat, _is_verb in self.sanction_anchors():
            out.update(t.i for t in tok.subtree)
        return out

    def _weapon_near(self, tokens: Iterable[Token]) -> WeaponSpan | None:
        for t in tokens:
            w = self.weapon_at.get(t.i)
            if w is not None:
                return w
        return None

    def _weapon_in(self, head: Token) -> WeaponSpan | None:
        """A weapon the noun phrase names: "drones", "F-16 fighters", "a shipment of arms",
        "$40 mln in military aid" (through container and amount nouns only)."""
        w = self._weapon_near(self.np_tokens(head))
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
                if c.dep_ == "prep" and c.lower_ in ("of", "in", "worth"):
                    for o in c.children:
                        if o.dep_ == "pobj":
                            w = self._weapon_in(o)
                            if w is not None:
                                return w
        return None

    def _weapon_for_verb(self, verb: Token) -> WeaponSpan | None:
        """The weapon a transfer verb moves: its object (or "with" object), a passive subject,
        or the noun it modifies as a participle ("drones supplied by Iran")."""
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                w = self._weapon_in(c)
                if w is not None:
                    return w
                for cc in c.children:  # "dlrs 40 mln in military aid" split by the parser
                    if cc.dep_ == "conj":
                        w = self._weapon_in(cc)
                        if w is not None:
                            return w
        for o in self.preps(verb, ("with", "in", "of")):
            w = self._weapon_in(o)
            if w is not None:
                return w
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            w = self._weapon_in(verb.head)
            if w is not None:
                return w
        if _lemma(verb) in self.rules.out_verbs and _child(verb, ("dobj",)) is not None:
            # "handed over a Type 054A/P frigate": the parser broke the object apart.
            for w in self.weapons:
                if (
                    _clause_of(self.doc[w.start]) == verb
                    and verb.i < w.start <= verb.i + 8
                    and (w.designation or w.category != "other")
                ):
                    return w
        return None

    def _recipients_in_object(self, obj: Token, weapon: WeaponSpan) -> Side:
        """ "provided the Sandinista regime military hardware": a double object the parser
        folded into one noun phrase; the party on a regime/army/rebels noun receives."""
        side = Side()
        for t in obj.subtree:
            if t.i in range(weapon.start, weapon.end) or _lemma(t) not in self.w.recipient_nouns:
                continue
            codes, actors = self._codes(self.parties_in(self.np_tokens(t)))
            side.add(codes, "syntax", actors)
        return side

    def transfer_verb_frame(self, verb: Token, lemma: str) -> Frame | None:
        weapon = self._weapon_for_verb(verb)
        if weapon is None and lemma != "arm":
            return None
        rules = self.rules
        if weapon is None and not any(
            self._is_party_like(c) for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
        ):
            return None  # "arm" with no weapon needs a party armed ("arming the Taliban")
        outward = lemma in rules.out_verbs
        suppliers, recipients = Side(), Side()
        subj, passive = self.subject(verb)
        weapon_tokens = set(range(weapon.start, weapon.end)) if weapon else set()
        dobj = _child(verb, ("dobj",))
        if outward and dobj is not None and _lemma(dobj) in self.w.deal_nouns:
            # "Riyadh gave London its biggest arms order", "awarded the contract to X": the
            # giver of an order buys.
            outward = False
        if verb.dep_ == "acl" and verb.head.i in weapon_tokens:
            passive = True  # "weapons supplied by Iran to Russia"
            subj = None
        if outward:
            if passive:
                for o in self.preps(verb, ("by",)):
                    suppliers.add(*_unpack(self.resolve_np(o)))
                if subj is not None and subj.i not in weapon_tokens:
                    recipients.add(*_unpack(self.resolve_np(subj)))
            elif subj is not None:
                suppliers.add(*_unpack(self.resolve_np(subj)))
            for o in self.preps(verb, self.w.recipient_preps):
                recipients.add(*_unpack(self.resolve_np(o, exclude=set(suppliers.codes))))
            if lemma in ("trade", "swap", "exchange"):
                for o in self.preps(verb, ("with",)):
                    recipients.add(*_unpack(self.resolve_np(o)))
            dative = _child(verb, ("dative", "iobj"))
            if dative is not None:
                target = dative if dative.pos_ != "ADP" else _child(dative, ("pobj",))
                if target is not None:
                    recipients.add(*_unpack(self.resolve_np(target)))
            if dobj is not None and weapon is not None:
                if dobj.i not in weapon_tokens and self._weapon_in(dobj) is None:
                    recipients.add(*_unpack(self.resolve_np(dobj)))  # "supplied Russia with drones"
                elif not recipients:
                    recipients.add(*_unpack(self._recipients_in_object(dobj, weapon)))
            if lemma == "arm" and dobj is not None:
                recipients.add(*_unpack(self.resolve_np(dobj)))
            if not recipients and weapon is not None and verb.dep_ in ("relcl", "acl"):
                # "firing M777 howitzers that Canada provided": whoever holds them got them.
                recipients.add(*_unpack(self._holder(weapon, exclude=set(suppliers.codes))))
            if not recipients:
                # "to X" attached inside the object ("weapons worth $10bn to Ukraine").
                for t in verb.subtree:
                    if t.dep_ == "prep" and t.lower_ in ("to", "for") and t.head != verb:
                        if _clause_of(t) == verb:
                            for o in t.children:
                                if o.dep_ == "pobj":
                                    recipients.add(*_unpack(self.resolve_np(o)))
            for o in self.preps(verb, ("from",)):
                suppliers.add(*_unpack(self.resolve_np(o)))
        else:
            if passive:
                for o in self.preps(verb, ("by",)):
                    recipients.add(*_unpack(self.resolve_np(o)))
            elif subj is not None:
                recipients.add(*_unpack(self.resolve_np(subj)))
            for o in self.preps(verb, ("from",)):
                suppliers.add(*_unpack(self.resolve_np(o)))
            if weapon is not None and not suppliers:
                suppliers.add(*_unpack(self._provenance(weapon)))
            if lemma in rules.use_verbs and not suppliers:
                return None  # using one's own weapons is not a transfer
        if weapon is not None and not suppliers and outward:
            suppliers.add(*_unpack(self._provenance(weapon)))
        return self._arms_frame(verb, lemma, weapon, suppliers, recipients, noun=False)

    def _provenance(self, weapon: WeaponSpan) -> Side:
        """Where a weapon comes from: "Iranian-made drones", "Chinese Silkworm missiles",
        "U.S. weapons" (a state modifier on the weapon noun, not a possessor)."""
        side = Side()
        head = self.doc[weapon.start : weapon.end].root
        outer = _np_head(head)
        transfer_nouns = self.rules.nouns_out.keys() | self.rules.nouns_in.keys()
        if _lemma(outer) not in transfer_nouns and _lemma(outer) not in self.w.container_nouns:
            head = outer  # "Chinese FK-3 missile systems", but not "the Iran arms deal"
        for t in self.np_tokens(head):
            p = self.party_at.get(t.i)
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
        head = _np_head(self.doc[weapon.start : weapon.end].root)
        owner = _child(head, ("poss",))
        if owner is not None:
            side.add(*_unpack(self.resolve_np(owner, exclude=exclude)))
            return side
        for c in head.children:
            if c.dep_ in ("acl", "relcl") and _lemma(c) in self.w.possess_verbs:
                for o in self.preps(c, ("by",)):
                    side.add(*_unpack(self.resolve_np(o, exclude=exclude)))
        if side:
            return side
        gov = _governor(head)
        while gov is not None and gov.pos_ == "NOUN" and _lemma(gov) in self.w.container_nouns:
            gov = _governor(gov)  # "inducted a squadron of J-10C fighters"
        if gov is None:
            return side
        gl = _lemma(gov)
        if gov.pos_ in ("VERB", "AUX") and gl in self.w.possess_verbs:
            subj, passive = self.subject(gov)
            if passive:
                for o in self.preps(gov, ("by",)):
                    side.add(*_unpack(self.resolve_np(o, exclude=exclude)))
            elif subj is not None:
                side.add(*_unpack(self.resolve_np(subj, exclude=exclude)))
        elif gov.pos_ == "NOUN" and gl == "use":
            poss = _child(gov, ("poss",))
            if poss is not None:
                side.add(*_unpack(self.resolve_np(poss, exclude=exclude)))
        return side

    def _pair_name(self, parties: Sequence[Party]) -> bool:
        """ "Iran-contra affair", "U.S.-Japanese relations": two parties joined by a hyphen
        name a relation or an affair, not a side."""
        for a, b in pairwise(parties):
            if b.start == a.end + 1 and self.doc[a.end].text in ("-", "–", "/"):
                return True
        return False

    def _noun_mod_sides(self, noun: Token, weapon: WeaponSpan) -> list[tuple[Side, str]]:
        """Parties that modify a transfer noun or its weapon modifier, with their kind
        ("U.S. arms sales" name, "Iran's purchase" poss, "Soviet arms supplies" demonym)."""
        out: list[tuple[Side, str]] = []
        heads = [noun] + [
            t for t in self.np_tokens(noun) if t.i in range(weapon.start, weapon.end) and t != noun
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

    def transfer_noun_frame(self, noun: Token, lemma: str) -> Frame | None:
        rules = self.rules
        weapon = self.weapon_at.get(noun.i)
        own = weapon is not None  # "military aid" names the transfer itself
        if weapon is None:
            # "arms sales", "weapons deliveries": a weapon modifier; "sale of F-16s".
            mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
            weapon = self._weapon_near(t for m in mods for t in self.np_tokens(m))
            if weapon is None:
                for o in self.preps(noun, ("of", "in", "for")):
                    weapon = self._weapon_in(o)
                    if weapon:
                        break
        if weapon is None:
            return None
        if lemma in ("aid", "assistance", "package", "support") and not own:
            if not any(
                c.lower_
                in ("military", "security", "lethal", "defense", "defence", "arms", "weapons")
                for c in noun.children
            ):
                return None
        outward = lemma in rules.nouns_out
        suppliers, recipients = Side(), Side()
        for side, kind in self._noun_mod_sides(noun, weapon):
            if not outward or kind == "demonym":
                # "Turkey's purchase", but "Soviet arms supplies" (the maker)
                (suppliers if kind == "demonym" and outward else recipients).add(*_unpack(side))
            elif kind == "poss" or set(side.codes) <= rules.habitual_suppliers:
                suppliers.add(*_unpack(side))  # "U.S. arms sales", "Iran's provision of"
            else:
                recipients.add(*_unpack(side))  # "the Iran arms sales", "Nicaragua rebel aid"
        gov = _governor(noun)
        if (
            gov is not None
            and gov.pos_ in ("NOUN", "NUM")
            and gov.dep_ in ("dobj", "pobj", "nsubj")
        ):
            gov = _governor(gov)  # "40 mln dlrs in military aid": the amount's verb
        if (
            outward
            and gov is not None
            and _lemma(gov) in ("take", "accept", "receive", "await", "get")
        ):
            outward = False  # "Japan took delivery of F-35s from the United States"
        weapon_head = _np_head(self.doc[weapon.start : weapon.end].root)
        if outward:
            for o in self.preps(noun, ("by", "from")):
                suppliers.add(*_unpack(self.resolve_np(o)))
            with_ = () if lemma in self.w.deal_nouns else ("with",)  # "deal with": no direction
            for h in (noun, weapon_head):  # "provision of drones to Russia" (to on drones)
                for o in self.preps(h, ("to", "for", *with_) if h == noun else ("to",)):
                    recipients.add(*_unpack(self.resolve_np(o, exclude=set(suppliers.codes))))
        else:
            for o in self.preps(noun, ("from",)):
                suppliers.add(*_unpack(self.resolve_np(o)))
            for o in self.preps(noun, ("by",)):
                recipients.add(*_unpack(self.resolve_np(o)))
        if not suppliers:
            suppliers.add(*_unpack(self._provenance(weapon)))
        for c in noun.children:  # "the aid package Congress voted", "sales approved by"
            if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
                sub, passive = self.subject(c)
                if sub is not None and not passive and not suppliers and outward:
                    suppliers.add(*_unpack(self.resolve_np(sub)))
                for o in self.preps(c, ("by",)):
                    if not suppliers and outward:
                        suppliers.add(*_unpack(self.resolve_np(o)))
        topic = noun.dep_ == "pobj" and noun.head.lower_ in self.w.topic_preps
        if gov is not None and gov.pos_ in ("VERB", "AUX") and not topic:
            gl = _lemma(gov)
            subj, passive = self.subject(gov)
            for o in self.preps(gov, ("to", "for") if outward else ("from",)):
                side = self.resolve_np(o, exclude=set(suppliers.codes))
                (recipients if outward else suppliers).add(*_unpack(side))
            if lemma in self.w.deal_nouns and gl not in rules.in_verbs and not recipients:
                # "Poland signs a tank deal with South Korea": the verb gives no direction;
                # the side that habitually exports arms is the seller.
                self._deal_direction(noun, gov, subj, suppliers, recipients)
            elif subj is not None and subj != noun and not passive:
                side = self.resolve_np(subj)
                if gl in rules.in_verbs or not outward:
                    if not recipients and gl not in self.w.transfer_neutral_verbs:
                        recipients.add(*_unpack(side))  # "Cairo stopped repaying for purchases"
                elif not suppliers and gl not in self.w.transfer_neutral_verbs:
                    suppliers.add(*_unpack(side))
            if passive and not suppliers:
                for o in self.preps(gov, ("by",)):
                    suppliers.add(*_unpack(self.resolve_np(o)))
        if lemma == "use" and not suppliers:
            return None
        return self._arms_frame(noun, lemma, weapon, suppliers, recipients, noun=True)

    def _deal_direction(
        self, noun: Token, gov: Token, subj: Token | None, suppliers: Side, recipients: Side
    ) -> None:
        parties = Side()
        if subj is not None:
            parties.add(*_unpack(self.resolve_np(subj)))
        for o in self.preps(noun, ("with",)) + self.preps(gov, ("with",)):
            parties.add(*_unpack(self.resolve_np(o)))
        parties.add(suppliers.codes + recipients.codes, "syntax")
        habitual = [c for c in parties.codes if c in self.rules.habitual_suppliers]
        others = [c for c in parties.codes if c not in self.rules.habitual_suppliers]
        suppliers.codes, recipients.codes = [], []
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
            head = _np_head(self.doc[w.start : w.end].root)
            made = any(
                _lemma(c) in self.rules.provenance
                or c.lower_.endswith(("-made", "-built", "-supplied"))
                for c in self.np_tokens(head)
            )
            src = self._provenance(w)
            if not src:
                continue
            owner = _child(head, ("poss",))
            if not made and owner is None:
                continue  # "Russian drones hit Kyiv" says who fired, not who supplied
            recipients = self._holder(w, exclude=set(src.codes))
            if not recipients:
                continue
            gov = _governor(head) or head
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
        recipients.codes = [c for c in recipients.codes if c not in suppliers.codes]
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
            if (
                outward
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
        chain = self.chain(pred)
        planned, negated, conditional = self.modality(chain)
        for up in chain[1:]:
            ul = _lemma(up)
            if (
                ul in ("approve", "pledge", "promise", "announce", "authorize", "authorise")
                and action == "delivered"
                and not (pred.tag_ in ("VBD", "VBN") and not planned)
            ):
                action = "pledged"  # "announced it will send", not "announced it delivered"
            if ul in ("sign", "agree", "conclude", "negotiate") and action == "delivered":
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
        extra: list[dict[str, str | None]] = []
        if negated or claim == "denied":
            status = "denied"
            if claimant is None:
                spk = self.speaker()
                claimant = spk if spk else None
            if accuser is not None:  # the rejected claim stands as an allegation
                extra.append({"status": "alleged", "claimant": ", ".join(accuser.codes)})
        name, quantity = self._designation_and_quantity(weapon)
        conf = self._confidence(suppliers, recipients, base=0.5)
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

    def _designation_and_quantity(self, weapon: WeaponSpan | None) -> tuple[str | None, int | None]:
        """The named system and the number moved, from the weapon's noun phrase:
        "14 Leopard 2 tanks" -> ("Leopard 2", 14); "drones" -> (None, None)."""
        if weapon is None:
            return None, None
        head = _np_head(self.doc[weapon.start : weapon.end].root)
        tokens = sorted(self.np_tokens(head), key=lambda t: t.i)
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

    def _confidence(self, a: Side, b: Side, *, base: float) -> float:
        conf = base
        for side in (a, b):
            if side.how == "syntax":
                conf += 0.15
            elif side.how == "modifier":
                conf += 0.1
            elif side.how in ("context", "speaker"):
                conf -= 0.05
            elif not side:
                conf -= 0.15
        return max(0.05, min(conf, 0.95))


def _child(tok: Token, deps: Sequence[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _governor(np: Token) -> Token | None:
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
        return _governor(head)
    return None


def _np_head(tok: Token) -> Token:
    """The head noun of the phrase a modifier word sits in ("missile" in "missile systems")."""
    while tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ in ("NOUN", "PROPN"):
        tok = tok.head
    return tok


def _clause_of(tok: Token) -> Token:
    """The nearest verb above a token (its clause head)."""
    cur = tok.head
    while cur.pos_ not in ("VERB", "AUX") and cur.head != cur:
        cur = cur.head
    return cur


def _unpack(side: Side) -> tuple[list[str], str, list[Actor]]:
    return side.codes, side.how or "syntax", side.actors
