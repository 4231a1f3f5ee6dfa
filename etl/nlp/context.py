"""Article context: what the whole article says about who is who.

The role rules work on one parsed sentence; some parties are only named elsewhere in the
article ("Blinken" after "U.S. Secretary of State Antony Blinken", "it" for the country
named in the previous sentence, "the Treasury" in a U.S. story). This module collects that
context cheaply from the tokenised (not parsed) article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc

from etl.nlp.gazetteer import Gazetteer, Party
from etl.nlp.rules import Rules

BLOCS = frozenset({"EU", "UN", "NATO", "G7", "AU", "ECOWAS", "ASEAN", "ARAB_LEAGUE", "OPEC"})
_NAME_STOP = frozenset(
    {"Mr", "Mr.", "Mrs", "Ms", "Dr", "Dr.", "Gen.", "General", "Sir", "The", "the"}
)


# What separates the members of a list of parties: "A, B and C", "A, the B, and C".
_LIST_GLUE = re.compile(r"\s*(?:,|,?\s+and|,?\s+&)\s+(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Located:
    """A party mention with character offsets in the article's full text."""

    start: int
    end: int
    code: str
    kind: str
    actor: str | None


@dataclass
class ArticleContext:
    text: str
    published: date | None
    mentions: list[Located] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # name or surname -> code
    home: str | None = None
    official_home: str | None = None  # the state of the officials and institutions named
    clear_home: str | None = None  # the home when it clearly dominates the article
    # Named offices with a known state: (character start, office noun, state), in order.
    offices: list[tuple[int, str, str]] = field(default_factory=list)
    # Companies named (companies.json), in order: what "the company" refers back to.
    firms: list[Located] = field(default_factory=list)
    # The last parsed sentence (its end, and a function giving the holders of the weapons
    # it names by head lemma, read only when needed): "The missiles appeared to be of a
    # Chinese design" takes its holder from the sentence just before.
    held: tuple[int, Callable[[], dict[str, list[str]]]] | None = None

    def before(
        self,
        pos: int,
        *,
        people: bool | None = None,
        exclude: set[str] | None = None,
        kinds: tuple[str, ...] | None = None,
    ) -> Located | None:
        """The closest party mentioned before character `pos` (optionally people only)."""
        best = None
        for m in self.mentions:
            if m.end > pos:
                break
            if people is True and m.kind != "person":
                continue
            if people is False and m.kind == "person":
                continue
            if exclude and m.code in exclude:
                continue
            if kinds and m.kind not in kinds:
                continue
            best = m
        return best

    def office_before(self, pos: int, noun: str, exclude: set[str] | None = None) -> str | None:
        """The state of the last office named before `pos` whose name has `noun` ("the
        department" after "the State Department"): a bare office refers back to it."""
        best = None
        for start, word, code in self.offices:
            if start >= pos:
                break
            if word == noun and not (exclude and code in exclude):
                best = code
        return best

    def codes(self) -> Counter[str]:
        return Counter(m.code for m in self.mentions)

    def last_list(self, pos: int, size: int) -> list[str]:
        """The states of the last list of exactly `size` parties named before character
        `pos` ("Saudi Arabia, the United Arab Emirates, Bahrain and Egypt"), for "the four
        governments" (any size when `size` is 0: "those countries"); [] when no such list is
        named."""
        runs: list[list[Located]] = []
        for m in self.mentions:
            if m.end > pos:
                break
            if m.kind in ("person", "group", "company"):
                continue
            between = self.text[runs[-1][-1].end : m.start] if runs else ""
            if runs and _LIST_GLUE.fullmatch(between):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in reversed(runs):
            codes = list(dict.fromkeys(m.code for m in run))
            if len(run) > 1:
                return codes if len(codes) == size or (size == 0 and len(codes) > 1) else []
        return []


def build_context(
    doc: Doc, gazetteer: Gazetteer, rules: Rules, published: date | None, title_chars: int
) -> ArticleContext:
    """Collect party mentions, the people registry and the home country of an article.

    `doc` is the tokenised full text (title + body); `title_chars` is the length of the
    title part (mentions there weigh more for the home country).
    """
    text = doc.text  # Doc.text joins every token: build it once (a tenth of background time)
    parties = gazetteer.find(doc, text, when=published)
    ctx = ArticleContext(text=text, published=published)
    people = _register_people(doc, parties, rules)
    ctx.people = people
    located: list[Located] = []
    covered: set[int] = set()
    for p in parties:
        covered.update(range(p.start, p.end))
        if p.code:
            span = doc[p.start : p.end]
            located.append(Located(span.start_char, span.end_char, p.code, p.kind, p.actor))
    for tok in doc:
        if tok.i not in covered and tok.text in people and tok.text[:1].isupper():
            located.append(
                Located(tok.idx, tok.idx + len(tok.text), people[tok.text], "person", tok.text)
            )
    located.sort(key=lambda m: m.start)
    ctx.mentions = located
    ctx.offices = _offices(doc, parties, rules)
    for p in gazetteer.companies(doc):
        if not p.code:
            continue
        span = doc[p.start : p.end]
        ctx.firms.append(Located(span.start_char, span.end_char, p.code, p.kind, p.actor))
    weights: dict[str, float] = {}
    dateline = _dateline(text, title_chars)
    for m in located:
        w = 2.0 if m.kind in ("person", "institution") else 1.0
        if m.start < title_chars:
            w *= 2
        if dateline and dateline[0] <= m.start < dateline[1]:
            w += 3.0  # "WASHINGTON —", "VIENNA (Reuters) -": where the story is told from
        weights[m.code] = weights.get(m.code, 0.0) + w
    officials: Counter[str] = Counter(
        m.code for m in located if m.kind in ("person", "institution") and m.code not in BLOCS
    )
    leaders = officials.most_common(2)
    if leaders and leaders[0][1] >= 2 and (len(leaders) == 1 or leaders[0][1] > leaders[1][1]):
        # A clear majority of the officials and institutions named, at least twice.
        ctx.official_home = leaders[0][0]
    if weights:
        best = max(weights.values())
        for m in located:  # ties: the first mentioned
            if weights[m.code] == best:
                ctx.home = m.code
                break
        runner_up = max((w for c, w in weights.items() if c != ctx.home), default=0.0)
        if best >= 3 and best >= 2 * runner_up and ctx.home not in BLOCS:
            # Named often, twice as much as any other: what a bare title ("the president")
            # stands for.
            ctx.clear_home = ctx.home
    return ctx


def _offices(doc: Doc, parties: list[Party], rules: Rules) -> list[tuple[int, str, str]]:
    """Offices named with their state: an institution of the gazetteer ("the State
    Department", "the Defense Security Cooperation Agency") or an office noun after a state
    ("China's foreign ministry", "the Chinese military's procurement agency"). Offices of no
    known state ("the Equipment Development Department") are left out."""
    # ... and the institutions named with their state ("The British government", "the
    # Reagan administration"): what a bare "the government" refers back to.
    nouns = rules.words.office_nouns | rules.words.referring_institution_nouns
    party_at = {i: p for p in parties for i in range(p.start, p.end)}
    states = ("name", "demonym", "capital")
    out: list[tuple[int, str, str]] = []
    for tok in doc:
        if tok.lower_ not in nouns:
            continue
        p = party_at.get(tok.i)
        code = None
        if p is not None and p.kind == "institution":
            code = p.code
            first = p.start
        else:
            first = tok.i
        if code is None:
            # Back over the office's own name to a state: "China's foreign ministry".
            for i in range(first - 1, max(-1, first - 6), -1):
                q = party_at.get(i)
                if q is not None and q.code and q.kind in states:
                    code = q.code
                    break
                if not (doc[i].is_alpha or doc[i].text in ("'s", "’s", "-")) or doc[i].lower_ in (
                    "the",
                    "a",
                    "an",
                    "its",
                    "their",
                    "and",
                    "of",
                    "said",
                    "by",
                ):
                    break
        if code is not None:
            out.append((tok.idx, tok.lower_, code))
    return out


_DATELINE = re.compile(
    r"[A-Z][A-Z .'\-]{2,40}"  # the place, in capitals
    r"(?:,[^—\-\n]{0,30})?"  # ", July 29"
    r"(?:\s*\([^)]{1,30}\))?"  # "(Reuters)"
    r"\s*[—–-]{1,2}\s"
)


def _dateline(text: str, title_chars: int) -> tuple[int, int] | None:
    """Character span of a dateline ("BRUSSELS, July 29 —") opening the body, if any."""
    start = title_chars + 2 if title_chars else 0
    m = _DATELINE.match(text, start)
    return (m.start(), m.end()) if m else None


def _register_people(doc: Doc, parties: list[Party], rules: Rules) -> dict[str, str]:
    """Names of officials whose state the text gives by title.

    "Iranian Foreign Minister Hossein Amir-Abdollahian", "U.S. Secretary of State George
    Shultz", "Japan's Trade Minister Hajime Tamura", "Shultz, the secretary of state".
    """
    by_end = {p.end: p for p in parties if p.code and not p.is_actor}
    by_start = {p.start: p for p in parties if p.code and not p.is_actor}
    out: dict[str, str] = {}
    for p in parties:  # people from the lexicon
        if p.kind == "person" and p.code:
            out[p.text] = p.code
            out[p.text.split()[-1]] = p.code
    for span, default in rules.titles(doc):
        code = default
        # A state just before the title: "Iranian Foreign Minister", "Japan's minister".
        i = span.start
        if i > 0 and doc[i - 1].text in ("'s", "’s") and i - 1 in by_end:
            code = by_end[i - 1].code
        elif i in by_end:
            code = by_end[i].code
        elif i > 1 and doc[i - 1].lower_ in ("the",) and (i - 1) in by_end:
            code = by_end[i - 1].code
        else:
            # A lower-case portfolio between the state and the title: "British consumer
            # affairs minister Michael Howard", "Japanese trade and industry minister".
            k = i - 1
            while k > 0 and i - k <= 3 and doc[k].is_lower and doc[k].is_alpha:
                k -= 1
            if k < i - 1 and k + 1 in by_end and by_end[k + 1].kind in ("demonym", "name"):
                code = by_end[k + 1].code
        # ... or just after it: "Foreign Minister of Iran".
        if code is None and span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            after = by_start.get(span.end + 1)
            if after:
                code = after.code
        if code is None:
            continue
        names: list[Any] = []
        j = span.end
        while j < len(doc) and len(names) < 4:
            t = doc[j]
            if t.text in _NAME_STOP:
                j += 1
                continue
            if (t.text[:1].isupper() and t.is_alpha) or (t.text == "-" and names):
                names.append(t)
                j += 1
                continue
            break
        words = [t.text for t in names if t.text != "-"]
        if words:
            out[" ".join(words)] = code
            out[words[-1]] = code
            continue
        # Appositive before the title: "Shultz, the secretary of state".
        k = span.start - 1
        while (k >= 0 and doc[k].lower_ in ("the", "'s")) or (k >= 0 and k in by_end):
            k -= 1
        if k >= 1 and doc[k].text == "," and doc[k - 1].text[:1].isupper() and doc[k - 1].is_alpha:
            out.setdefault(doc[k - 1].text, code)
    return out
