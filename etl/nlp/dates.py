"""Event dates: date expressions in the evidence sentence, resolved against the published date."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from spacy.tokens import Span

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


def event_date(ents: list[Span], published: date | None, *, future: bool = False) -> date | None:
    """The first resolvable point-in-time DATE entity, else the published date."""
    for ent in ents:
        if ent.label_ != "DATE" or not _POINT.search(ent.text):
            continue
        resolved = resolve(ent.text, published, future)
        if resolved:
            return resolved
    return published


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
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises on some odd inputs; a missing date is fine
        return None
    if parsed is None:
        return None
    result = parsed.date()
    if result.year < 1900 or result.year > 2100:
        return None
    return result
