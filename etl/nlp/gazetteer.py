"""Country resolution: find the states, blocs and actors a text names.

Every pattern comes from the lexicon files (`etl/lexicons/`): state names and demonyms
generated from pycountry/country_converter/countryinfo, hand-curated aliases, capitals as
metonyms, blocs and their seats, armed groups, institutions and officials. Matching is
spaCy's PhraseMatcher (case-insensitive for names, exact for acronyms and actor names);
overlaps are resolved longest-first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from etl import lexicons
from etl.nlp.rules import _lemma

# Kinds of match, from most to least direct reference to the state itself.
STATE_KINDS = ("name", "demonym", "capital", "bloc", "seat")
ACTOR_KINDS = ("group", "institution", "person", "company")
_ACRONYM = re.compile(r"^[A-Z][A-Z.\-&]*$")
_PLAIN = re.compile(r"^[^\W\d_]+( [^\W\d_]+)*$")  # letters only, single blanks


@dataclass(frozen=True)
class Office:
    """A state office a person held (`people.json`): who, for which state, from when to when
    (None: open-ended)."""

    name: str
    code: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Entry:
    """What a matched phrase stands for."""

    code: str | None  # None: an institution whose state comes from the article's context
    kind: str  # name | demonym | capital | bloc | seat | group | institution | person | company
    actor: str | None = None  # canonical name of a group, institution or person
    ambiguous: bool = False  # also a person's or place's name elsewhere
    requires_any: tuple[str, ...] = ()  # count only if the article contains one of these
    requires_none: tuple[str, ...] = ()  # count only if it contains none of these (any case)
    offices: tuple[Office, ...] = ()  # a dated official: the state comes from the date
    default: str | None = None  # a context institution's usual state ("the Senate": USA)
    goods_only: bool = False  # names the party only as the origin of goods ("European pasta")

    def resolve(self, when: date | None) -> tuple[str | None, str | None]:
        """(code, actor) of a dated official at `when`: the state whose office covers that
        day; without a date, the state all their offices share. (None, None) when the person
        held no office then, or offices of different states."""
        if not self.offices:
            return self.code, self.actor
        held = [o for o in self.offices if when is None or o.covers(when)]
        states = {o.code for o in held}
        if len(states) != 1:
            return None, None
        names = list(dict.fromkeys(o.name for o in held))
        return states.pop(), names[0] if len(names) == 1 else self.actor


@dataclass(frozen=True)
class Party:
    """One mention of a party in a doc: token span [start, end) and what it resolves to."""

    start: int
    end: int
    code: str | None
    kind: str
    text: str
    actor: str | None = None
    default: str | None = None  # a context institution's usual state, when none is clear

    @property
    def is_actor(self) -> bool:
        return self.kind in ACTOR_KINDS


def _plural(demonym: str) -> str | None:
    """Regular plural of a demonym used as a noun ("Iranians"); None for invariant ones."""
    if demonym.endswith(("ese", "ss", "sh", "ch", "s", "i")) or " " in demonym:
        return None
    return demonym + "s"


def _is_case_sensitive(term: str) -> bool:
    """Acronyms and dotted forms must match exactly ("US" but not "us")."""
    return bool(_ACRONYM.match(term)) or len(term) <= 3


class Gazetteer:
    """Finds party mentions. Build once per vocab (it compiles a few thousand patterns)."""

    def __init__(self, vocab: Vocab, make_doc: Any) -> None:
        self.vocab = vocab
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self.entries: dict[str, Entry] = {}
        self._terms: dict[str, set[str]] = {}
        self._officials: dict[tuple[str, ...], str] = {}  # lower-case words -> entry key
        self._official_words = 0
        self._companies = PhraseMatcher(vocab, attr="ORTH")
        # Goods a bloc's adjective may name the origin of (roles.json trade_objects).
        self.goods = frozenset(lexicons.load("roles")["lists"]["trade_objects"]["words"])
        self._build(make_doc)
        self._build_companies(make_doc)
        self.single_words = frozenset(
            t for terms in self._terms.values() for t in terms if " " not in t and t[:1].isupper()
        )

    # -- building -------------------------------------------------------------------------
    def _add(self, term: str, entry: Entry, *, exact: bool | None = None) -> None:
        term = term.strip()
        if not term:
            return
        key = f"{entry.code}|{entry.kind}|{entry.actor or ''}|{int(entry.ambiguous)}|" + ",".join(
            entry.requires_any
        )
        if entry.default:
            key += f"|{entry.default}"
        if entry.goods_only:
            key += "|goods"
        self.entries[key] = entry
        case_sensitive = _is_case_sensitive(term) if exact is None else exact
        bucket = ("E:" if case_sensitive else "L:") + key
        self._terms.setdefault(bucket, set()).add(term if case_sensitive else term.lower())

    def _build(self, make_doc: Any) -> None:
        aliases = lexicons.load("aliases")
        drop_any = {d["term"].lower() for d in aliases["drop"] if "code" not in d}
        drop_for = {(d["code"], d["term"].lower()) for d in aliases["drop"] if "code" in d}
        ambiguous = {a["term"]: a for a in aliases["ambiguous"]}

        def add_state(code: str, kind: str, term: str) -> None:
            low = term.lower()
            if low in drop_any or (code, low) in drop_for:
                return
            amb = ambiguous.get(term)
            if amb and amb["code"] == code:
                entry = Entry(
                    code,
                    kind,
                    ambiguous=True,
                    requires_any=tuple(amb.get("requires_any", ())),
                    requires_none=tuple(amb.get("requires_none", ())),
                )
            else:
                entry = Entry(code, kind)
            self._add(term, entry)

        extra = {a["code"]: a for a in aliases["add"]}
        for c in lexicons.load("countries")["countries"]:
            code = c["code"]
            more = extra.get(code, {})
            for name in [*c["names"], *more.get("names", [])]:
                add_state(code, "name", name)
            for dem in [*c["demonyms"], *more.get("demonyms", [])]:
                add_state(code, "demonym", dem)
                plural = _plural(dem)
                if plural:
                    add_state(code, "demonym", plural)
            for cap in [*c["capitals"], *more.get("capitals", [])]:
                add_state(code, "capital", cap)
        for b in lexicons.load("blocs")["blocs"]:
            for name in b["names"]:
                if name.startswith("the "):  # "the Twelve" (the EC), not "Twelve firms"
                    for form in (name, "The" + name[3:], "THE" + name[3:], name.upper()):
                        self._add(form, Entry(b["code"], "bloc"), exact=True)
                    continue
                self._add(name, Entry(b["code"], "bloc"))
            for seat in b["seats"]:
                self._add(seat, Entry(b["code"], "seat"))
            for short in b.get("short_names", []):  # "the Community" in an EC story
                cues = tuple(short["requires_any"])
                self._add(
                    short["term"],
                    Entry(b["code"], "bloc", ambiguous=True, requires_any=cues),
                    # a lower-case epithet ("the world body") matches as written
                    exact=True if short["term"][:1].islower() else None,
                )
            for adj in b["adjectives"]:  # "tariffs on European pasta"
                self._add(adj, Entry(b["code"], "demonym", goods_only=True))
        actors = lexicons.load("actors")
        for kind, items in (("group", actors["groups"]), ("institution", actors["institutions"])):
            for item in items:
                for alias in item["aliases"]:
                    # The context-dependent institutions keep their own words as the actor.
                    name = item["name"] if item["code"] else alias
                    entry = Entry(item["code"], kind, actor=name, default=item.get("default"))
                    self._add(alias, entry, exact=True)
        curated: set[str] = set()
        for item in actors["people"]:
            for alias in [item["name"], *item["aliases"]]:
                self._add(alias, Entry(item["code"], "person", actor=item["name"]), exact=True)
                curated.add(alias.lower())
        self._add_officials(curated, make_doc)
        for bucket, terms in self._terms.items():
            matcher = self._exact if bucket.startswith("E:") else self._lower
            matcher.add(bucket[2:], [make_doc(t) for t in sorted(terms)])

    def _add_officials(self, curated: set[str], make_doc: Any) -> None:
        """Dated officials from `people.json` (Phoenix and our leaders since 2015), looked up
        by their lower-case words (tens of thousands of names: a dictionary, not matcher
        patterns); a name the curated `actors.json` people already have stays theirs."""
        offices: dict[str, list[Office]] = defaultdict(list)
        for item in lexicons.load("people")["people"]:
            held = [
                Office(
                    item["name"],
                    t["code"],
                    date.fromisoformat(t["from"]) if t["from"] else None,
                    date.fromisoformat(t["to"]) if t["to"] else None,
                )
                for t in item["terms"]
            ]
            for alias in item["aliases"]:
                if alias.lower() not in curated:
                    offices[alias.lower()].extend(held)
        for alias, held in offices.items():
            # Plain words split on blanks as the tokenizer would; others go through it.
            words = alias.split() if _PLAIN.match(alias) else [t.text for t in make_doc(alias)]
            names = sorted({o.name for o in held})
            actor = names[0] if len(names) == 1 else alias.title()
            key = "P|" + alias
            self.entries[key] = Entry(None, "person", actor=actor, offices=tuple(held))
            self._officials[tuple(words)] = key
        self._official_words = max((len(k) for k in self._officials), default=0)

    def _build_companies(self, make_doc: Any) -> None:
        """Companies (`companies.json`), matched exactly, apart from the other parties: a
        company stands for its home state only as a sanction's target (`companies`)."""
        for item in lexicons.load("companies")["companies"]:
            key = f"C|{item['name']}"
            self.entries[key] = Entry(item["code"], "company", actor=item["name"])
            self._companies.add(key, [make_doc(a) for a in item["aliases"]])

    def companies(self, doc: Doc) -> list[Party]:
        """Company mentions in `doc`, longest first ("Gazprom Neft", not "Gazprom")."""
        spans = [Span(doc, s, e, label=m) for m, s, e in self._companies(doc)]
        out = []
        for span in filter_spans(spans):
            entry = self.entries[self.vocab.strings[span.label]]
            out.append(Party(span.start, span.end, entry.code, "company", span.text, entry.actor))
        return out

    def _official_spans(self, doc: Doc) -> list[Span]:
        """Spans naming a dated official: capitalised word sequences in the dictionary."""
        spans = []
        lower = [t.lower_ for t in doc]
        for i, tok in enumerate(doc):
            if not tok.text[:1].isupper():
                continue
            for n in range(min(self._official_words, len(doc) - i), 0, -1):
                key = self._officials.get(tuple(lower[i : i + n]))
                if key is not None:
                    spans.append(Span(doc, i, i + n, label=key))
                    break
        return spans

    # -- matching -------------------------------------------------------------------------
    def find(
        self, doc: Doc, article_text: str | None = None, when: date | None = None
    ) -> list[Party]:
        """Party mentions in `doc`, longest match first, overlaps removed.

        `article_text` lets ambiguous names that need a cue ("Georgia" needs "Tbilisi" or
        similar) check the whole article, not only this doc. `when` (the article's date)
        resolves a dated official to the state they served then.
        """
        spans: list[Span] = []
        for matcher, exact in ((self._exact, True), (self._lower, False)):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=match_id)
                if not exact and not _capitalised(span):
                    continue
                spans.append(span)
        spans += self._official_spans(doc)
        out: list[Party] = []
        text = article_text if article_text is not None else doc.text
        kept = [(sp, self.entries[self.vocab.strings[sp.label]]) for sp in filter_spans(spans)]
        states = {  # tokens of plain state names, for "Ukraine and Georgia"
            i
            for sp, e in kept
            if not e.ambiguous and e.kind in ("name", "capital")
            for i in range(sp.start, sp.end)
        }
        for span, entry in kept:
            if entry.ambiguous and not _plausible(span, entry, text, _listed_with(span, states)):
                continue
            if entry.goods_only and not self._on_goods(span):
                continue  # "European countries", "European diplomats": no party
            code, actor = entry.resolve(when)
            if entry.offices and code is None:
                continue  # out of office then, or a name several states' officials share
            out.append(
                Party(
                    span.start,
                    span.end,
                    code,
                    entry.kind,
                    span.text,
                    actor=actor,
                    default=entry.default,
                )
            )
        return out

    def _on_goods(self, span: Span) -> bool:
        """A bloc's adjective that modifies goods ("tariffs on European pasta", "a ban on
        European fruit and vegetables"): the bloc is where they come from. Needs a parse."""
        if not span.doc.has_annotation("DEP") or span.root.dep_ not in ("amod", "compound"):
            return False
        head = span.root.head
        return head.pos_ == "NOUN" and _lemma(head) in self.goods

    def codes(self, doc: Doc) -> list[str]:
        """Resolved codes of every mention, in order (for context counts)."""
        return [p.code for p in self.find(doc) if p.code]


def _capitalised(span: Span) -> bool:
    """Names start with a capital ("Turkey", not "turkey"); all-caps headlines pass too."""
    first = span[0].text
    return first[:1].isupper()


def _listed_with(span: Span, states: set[int]) -> bool:
    """ "to both Ukraine and Georgia": an ambiguous name coordinated with a state's name is
    that state too (the US state would be listed with US states). Needs a parsed doc."""
    root = span.root
    if not span.doc.has_annotation("DEP"):
        return False
    near = [c for c in root.children if c.dep_ == "conj"]
    if root.dep_ == "conj":
        near.append(root.head)
        near += [c for c in root.head.children if c.dep_ == "conj" and c != root]
    return any(t.i in states for t in near)


def _plausible(span: Span, entry: Entry, article_text: str, listed: bool = False) -> bool:
    # Inside a person's or organisation's name ("Michael Jordan", "Washington Post")?
    if span.doc.has_annotation("ENT_IOB"):
        for tok in span:
            if tok.ent_type_ in ("PERSON", "ORG", "FAC", "WORK_OF_ART") and not _ent_is_span(
                tok, span
            ):
                return False
    if entry.requires_none:  # "Korean" is South Korean unless the story names the North
        low = article_text.lower()
        if any(cue.lower() in low for cue in entry.requires_none):
            return False
    if entry.requires_any and not listed:
        flat = _one_line(article_text)
        return any(cue in flat for cue in entry.requires_any)
    return True


@lru_cache(maxsize=4)
def _one_line(text: str) -> str:
    """The text on one line, with a space at each end, for cues: hard-wrapped text ("the
    EC\nDelegation") and a headline ("EC OFFICIAL FAULTS ...") name the bloc too. Cached:
    an article's every ambiguous mention asks again."""
    return " " + " ".join(text.split()) + " "


def _ent_is_span(tok: Any, span: Span) -> bool:
    """True when the entity the token belongs to is exactly the matched span."""
    for ent in span.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.start == span.start and ent.end == span.end
    return True


def codes_in(parties: Iterable[Party]) -> list[str]:
    return [p.code for p in parties if p.code]
