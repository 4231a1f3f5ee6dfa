"""Event dates: date expressions in the evidence sentence, resolved against the published date."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

# A date expression worth resolving names a point in time, not a duration ("two years").
_POINT = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|"
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(1[89]\d\d|20\d\d)\b|\b(yesterday|today|tomorrow)\b|"
    r"\b(last|next|this|past|coming)\s+(week|month|year|weekend|spring|summer|autumn|fall|winter)\b|"
    r"\b\d+\s+(days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"^(on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.I)

# How precise a date expression is (etl/lexicons/grouping.json "precision"): the day is named
# ("on Monday", "March 3", "2022-03-03", "yesterday", "three days ago", "last week": within
# the days the event window absorbs), only the month ("in May 2021", "last month"), or only
# the year ("in 2014", "last year", "two years ago").
_DAY = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|"
    r"weekend)\b|\b\d+\s+(days?|weeks?)\s+ago\b|\b(last|next|this|past|coming)\s+week\b|"
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE
)
_DAY_NUMBER = re.compile(r"\b(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?\b")
_MONTH = re.compile(
    r"\b(last|next|this|past|coming)\s+(month|spring|summer|autumn|fall|winter)\b|"
    r"\b\d+\s+months?\s+ago\b",
    re.IGNORECASE,
)
PRECISIONS: tuple[str, ...] = ("day", "published", "month", "year", "none")


def precision(text: str) -> str:
    """`day`, `month` or `year`: how much of a point in time the expression names."""
    if _DAY.search(text):
        return "day"
    if _MONTH_NAME.search(text):
        without_years = re.sub(r"\b\d{3,4}\b", " ", text)
        return "day" if _DAY_NUMBER.search(without_years) else "month"
    if _MONTH.search(text):
        return "month"
    return "year"


def dated(
    ents: list[Span],
    published: date | None,
    *,
    future: bool = False,
    predicate: Token | None = None,
    reporting: frozenset[str] = frozenset(),
    measures: frozenset[str] = frozenset(),
    actions: Mapping[str, str] | None = None,
    action: str = "",
) -> tuple[date | None, str]:
    """(date, precision): the first resolvable point-in-time DATE entity with the precision
    of its expression, else the published date (`published`), else (None, `none`).

    A date that belongs to the statement reporting an earlier act ("Tehran acknowledged on
    Saturday that it had sent drones") dates the report, not the act: like a publication
    date, it says the act happened on or before it (precision `published`)."""
    statement: tuple[date, str] | None = None
    points = [e for e in ents if e.label_ == "DATE" and _POINT.search(e.text)]
    if predicate is not None:
        points = [e for e in points if not _elsewhere(e, predicate, measures, actions, action)]
    for ent in points:
        report = _report(ent, predicate, reporting) if predicate is not None else None
        # "said on Friday it would impose duties": a past statement of a planned act is dated
        # in the past, though the act it announces lies ahead.
        ahead = future and (report is None or report.tag_ != "VBD")
        resolved = resolve(ent.text, published, ahead)
        if not resolved:
            continue
        if report is None:
            return resolved, precision(ent.text)
        if statement is None:  # a date of the act itself, later in the sentence, comes first
            earlier = _earlier(predicate, report)
            statement = resolved, "published" if earlier else precision(ent.text)
    if statement is not None:
        return statement
    return (published, "published") if published else (None, "none")


_PREMODIFIER = frozenset({"compound", "nmod", "poss", "amod", "nummod"})
# Nouns a date expression ends in ("Saturday evening", "last week's session" is not one).
_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "weekend", "week"})


def _elsewhere(
    ent: Span,
    predicate: Token,
    measures: frozenset[str],
    actions: Mapping[str, str] | None = None,
    action: str = "",
) -> bool:
    """Is `ent` the date of another thing than the act `predicate` states, so that it does
    not date the act? Two kinds, each left to the act when it names a measure (`measures`:
    "the tariffs imposed last week", "the 2014 sanctions" are the measure's):
    - a date naming another thing: "withdrew from the 2015 nuclear agreement and restored
      sanctions", "after the 1989 crackdown", "last September's pact";
    - a date in a clause describing a party or another thing: "Reagan, who will hold talks
      this week, said he would lift ...", "Haftar, whose forces have besieged the capital
      since April"; and a clause on a measure stating another act than this one: "lift the
      tariffs imposed last week" dates the imposition (`actions`: lemma -> action; `action`:
      this act's), not the lifting."""
    root = ent.root
    while root.head != root and root.head.lower_ in _TIME_NOUNS:
        root = root.head
    head = root.head
    if (
        root.dep_ in _PREMODIFIER
        and head.tag_.startswith("NN")
        and head != predicate
        and not head.is_ancestor(predicate)
    ):
        return head.lemma_.lower() not in measures
    tok = root
    while tok.head != tok:
        tok = tok.head
        if tok == predicate or tok.is_ancestor(predicate):
            return False
        if tok.tag_.startswith("VB") or tok.pos_ in ("VERB", "AUX"):
            owner = tok.head
            if tok.dep_ not in ("relcl", "acl") or not owner.tag_.startswith(("NN", "PRP")):
                return False
            if owner.lemma_.lower() not in measures:
                return True
            other = (actions or {}).get(tok.lemma_.lower())
            return bool(other and action and other != action)
    return False


def _report(ent: Span, predicate: Token, reporting: frozenset[str]) -> Token | None:
    """The reporting verb (`reporting` lemmas) `ent` modifies when it governs `predicate`
    ("said on Monday that ..."): the date is the statement's, not the act's."""
    head = ent.root.head
    if head.dep_ == "prep":
        head = head.head
    if head == predicate or head.lemma_.lower() not in reporting:
        return None
    return head if head in predicate.ancestors else None


def _earlier(predicate: Token | None, report: Token) -> bool:
    """Is the act before its report: a past-perfect clause between them ("acknowledged on
    Saturday that it had sent drones")?"""
    tok = predicate
    while tok is not None and tok != report:
        if any(c.dep_ == "aux" and c.tag_ == "VBD" and c.lemma_ == "have" for c in tok.children):
            return True
        tok = tok.head if tok.head != tok else None
    return False


def event_date(ents: list[Span], published: date | None, *, future: bool = False) -> date | None:
    """The first resolvable point-in-time DATE entity, else the published date."""
    return dated(ents, published, future=future)[0]


# A day and month with no year: how near after the article, and how far before it, makes
# the coming occurrence the one meant (`resolve`).
NEAR_AHEAD_DAYS = 45
FAR_BEHIND_DAYS = 270


@lru_cache(maxsize=4096)
def resolve(text: str, published: date | None, future: bool = False) -> date | None:
    """Resolve a date expression with dateparser relative to `published`."""
    import dateparser  # slow to import; only needed for candidate sentences

    base = datetime.combine(published, datetime.min.time()) if published else None
    text = re.sub(r"^(on|in|since|from|by|until|during)\s+", "", text.strip(), flags=re.I)
    if base is None and not re.search(r"\b(1[89]\d\d|20\d\d)\b", text):
        return None  # "on Friday" with no published date would depend on today's date
    weekday = _WEEKDAY.match(text)
    if weekday and published and weekday.group(2).lower() == published.strftime("%A").lower():
        return published  # "on Tuesday" in an article published on a Tuesday: that day
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",  # "in 1986" is 1986-01-01, not October 1986
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if base:
        settings["RELATIVE_BASE"] = base
    if _WEEKDAY.match(text) and base:
        # "on Tuesday" in news means the most recent Tuesday (or the coming one if planned).
        settings["PREFER_DATES_FROM"] = "future" if future else "past"
    result = _parse(dateparser, text, settings)
    if (
        result is not None
        and future
        and published
        and not weekday
        and not re.search(r"\b\d{4}\b", text)
        and _MONTH_NAME.search(text)
    ):
        # A planned act on a month and day with no year ("takes effect on April 17",
        # "announced on March 27, to start in May") is the occurrence nearest the article:
        # strictly future would put a date of last week a year ahead.
        past = _parse(dateparser, text, {**settings, "PREFER_DATES_FROM": "past"})
        if past is not None and (published - past) < (result - published):
            result = past
    elif (
        result is not None
        and not future
        and published
        and not weekday
        and not re.search(r"\b\d{4}\b", text)
        and _MONTH_NAME.search(text)
        and re.search(r"\d", text)
    ):
        # A month and day with no year that fell almost a year before the article but comes
        # within weeks after it is the coming one, whatever the verb's status: "the tariffs,
        # to go into effect on April 17" in a story of April 8 (not April 17 of last year).
        ahead = _parse(dateparser, text, {**settings, "PREFER_DATES_FROM": "future"})
        if (
            ahead is not None
            and 0 < (ahead - published).days <= NEAR_AHEAD_DAYS
            and (published - result).days > FAR_BEHIND_DAYS
        ):
            result = ahead
    return result


def _parse(dateparser: Any, text: str, settings: dict[str, Any]) -> date | None:
    """dateparser's reading of `text` as a date between 1900 and 2100, else None."""
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on some odd inputs; a missing date is fine
        return None
    if parsed is None:
        return None
    result: date = parsed.date()
    if result.year < 1900 or result.year > 2100:
        return None
    return result
