"""The Filter value, and its two faces: URL query parameters and sidebar widget state.

A filtered view is a URL: `?country=IRN&type=arms_transfer&from=2022-01-01`. Parsing never
raises; a value that cannot be understood is dropped and described in a notice, so a
hand-edited or stale bookmark still opens a page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache
from typing import Any, Literal, get_args

from etl import lexicons
from etl.records import ACTIONS, CATEGORIES, EVENT_TYPES, STATUSES

Role = Literal["any", "source", "target"]
Granularity = Literal["week", "month", "quarter", "year"]
# What the counts on the page count: real-world events (the default) or their mentions.
Count = Literal["events", "mentions"]
COUNTS: tuple[Count, ...] = ("events", "mentions")
DEFAULT_COUNT: Count = "events"
ROLES: tuple[Role, ...] = get_args(Role)
GRANULARITIES: tuple[Granularity, ...] = get_args(Granularity)
DEFAULT_GRANULARITY: Granularity = "month"
ALL_ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(a for t in EVENT_TYPES for a in ACTIONS[t]))
ALL_CATEGORIES: tuple[str, ...] = tuple(
    dict.fromkeys(c for t in EVENT_TYPES for c in CATEGORIES[t])
)
MAX_Q = 200
# An event's check with the registers (`dashboard.registers.STATUSES`).
REGISTER_STATUSES: tuple[str, ...] = ("confirmed", "possible", "news_only", "unchecked")
# The dates the date widgets accept; a URL date outside them is dropped with a notice.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
# A notice names at most this many ignored values of a parameter, each cut to MAX_SHOWN
# characters: a link with 500 unknown countries or a 100 kB value still gives one short box.
MAX_NAMED, MAX_SHOWN = 3, 40


@dataclass(frozen=True)
class Filter:
    """What the user asked to see. Empty tuples and None mean "no restriction".

    Hashable, so it can key caches. Several values in one field are alternatives (OR);
    different fields narrow each other (AND).
    """

    countries: tuple[str, ...] = ()  # ISO alpha-3 or bloc codes
    role: Role = "any"  # which side the countries must be on
    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    q: str = ""  # case-insensitive substring of the evidence sentence
    min_conf: float = 0.0
    # Register statuses of the event (`registers.STATUSES`): confirmed, news_only, ...
    register: tuple[str, ...] = ()

    def is_default(self) -> bool:
        return self == Filter()


@dataclass(frozen=True)
class Choices:
    """The values a URL may name: known country codes and actor names (from the database)."""

    countries: Collection[str] = ()
    actors: Collection[str] = ()


@dataclass(frozen=True)
class Parsed:
    """A URL turned into a filter and a chart granularity, with what was ignored and why."""

    filter: Filter
    granularity: Granularity = DEFAULT_GRANULARITY
    notices: tuple[Notice, ...] = ()
    count: Count = DEFAULT_COUNT


@cache
def _generic_actor_words() -> frozenset[str]:
    """What the tagger may store as an actor without it being a name: the nouns that stand
    for a state ("the government", "parliament") and the titles of officials ("minister"),
    both from its lexicons, casefolded."""
    lists = lexicons.load("roles")["lists"]
    titles = lexicons.load("actors")["titles"]
    words = [
        *lists["generic_state_nouns"]["words"],
        *lists["state_pronouns"]["words"],
        *titles["context"],
        *titles["default_country"],
    ]
    return frozenset(w.casefold() for w in words)


def is_named(actor: str) -> bool:
    """Whether an actor name names someone ("Antony Blinken", "Reagan administration"),
    rather than being a generic word ("government", "the administration")."""
    words = actor.casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return bool(words) and " ".join(words) not in _generic_actor_words()


# URL parameter -> Filter field; the URL names are the public, bookmarkable ones.
PARAMS: dict[str, str] = {
    "country": "countries",
    "role": "role",
    "from": "date_from",
    "to": "date_to",
    "type": "types",
    "status": "statuses",
    "action": "actions",
    "category": "categories",
    "actor": "actors",
    "q": "q",
    "min_conf": "min_conf",
    "register": "register",
}
PERIOD_PARAM = "period"
COUNT_PARAM = "count"


def _iso(value: str) -> date:
    return date.fromisoformat(value.strip())


def _conf(value: str) -> float:
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ValueError("not between 0 and 1")
    return number


def cut(value: str) -> str:
    """A value from the URL as a notice quotes it: one line, at most MAX_SHOWN characters."""
    value = " ".join(value.split())
    return value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"


# Every ASCII punctuation character: CommonMark lets a backslash make each one literal.
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """`text` as Markdown that shows exactly `text`: no link, image, emphasis or code."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(value: str) -> str:
    """`value` as a Markdown code span: shown literally, never a link (GitHub-flavoured
    Markdown turns a bare http://... into a link even when its punctuation is escaped)."""
    fence = "`" * (max((len(run) for run in re.findall("`+", value)), default=0) + 1)
    pad = " " if value[:1] in ("`", " ") or value[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


@dataclass(frozen=True)
class Notice:
    """A part of a link that was not used. `template` is our sentence, with `{}` where the
    values at fault (from the URL, cut to MAX_SHOWN characters) are named."""

    template: str
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.template.replace("{}", ", ".join(repr(v) for v in self.values))

    def markdown(self) -> str:
        """The notice as Markdown: our words escaped, each value a code span."""
        named = ", ".join(code_span(v) for v in self.values)
        return named.join(escape_markdown(part) for part in self.template.split("{}"))


def ignored(param: str, values: Sequence[str], why: str) -> Notice:
    """One notice for every ignored value of `param`, naming the first few."""
    distinct = list(dict.fromkeys(values))
    more = f" and {len(distinct) - MAX_NAMED:,} more" if len(distinct) > MAX_NAMED else ""
    return Notice(
        f"Ignored {param} {{}}{more}: {why}.", tuple(cut(v) for v in distinct[:MAX_NAMED])
    )


def notice_markdown(notices: Sequence[Notice]) -> str:
    """The URL notices as one Markdown list (they quote the URL, so nothing in them may
    act as Markdown: a link's `![x](http://...)` must not make the browser fetch it)."""
    items = "\n".join(f"- {n.markdown()}" for n in notices)
    return f"Some of this link's filter was not used:\n\n{items}"


def from_query(params: Mapping[str, Sequence[str]], choices: Choices) -> Parsed:
    """Parse query parameters (each key with all its values) into a Filter.

    Unknown parameters are ignored silently (trackers add them); malformed values of known
    ones are dropped with a notice.
    """
    notices: list[Notice] = []
    values: dict[str, Any] = {}
    known_countries = {c.upper(): c for c in choices.countries}
    known_actors = {a.casefold(): a for a in choices.actors}

    def multi(param: str, allowed: Callable[[str], str | None]) -> tuple[str, ...]:
        out: list[str] = []
        unknown: list[str] = []
        for raw in params.get(param, ()):
            for part in raw.split(","):  # accept ?country=IRN,RUS as well as repeats
                if not part.strip():
                    continue
                value = allowed(part.strip())
                if value is None:
                    unknown.append(part.strip())
                elif value not in out:
                    out.append(value)
        if unknown:
            notices.append(ignored(param, unknown, "not known here"))
        return tuple(out)

    def one(param: str) -> str | None:
        given = [v for v in params.get(param, ()) if v.strip()]
        if len(given) > 1:
            notices.append(Notice(f"Several {param} values given; used the first."))
        return given[0].strip() if given else None

    def member(options: Collection[str]) -> Callable[[str], str | None]:
        lowered = {o.lower(): o for o in options}
        return lambda v: lowered.get(v.lower())

    values["countries"] = multi("country", lambda v: known_countries.get(v.upper()))
    values["types"] = multi("type", member(EVENT_TYPES))
    values["statuses"] = multi("status", member(STATUSES))
    values["actions"] = multi("action", member(ALL_ACTIONS))
    values["categories"] = multi("category", member(ALL_CATEGORIES))
    values["register"] = multi("register", member(REGISTER_STATUSES))
    values["actors"] = tuple(
        dict.fromkeys(
            known_actors[v.strip().casefold()]
            for v in params.get("actor", ())
            if v.strip().casefold() in known_actors
        )
    )
    unknown = [
        v.strip()
        for v in params.get("actor", ())
        if v.strip() and v.strip().casefold() not in known_actors
    ]
    if unknown:
        notices.append(ignored("actor", unknown, "no such named actor in the data"))

    role = one("role")
    if role is not None:
        if role.lower() in ROLES:
            values["role"] = role.lower()
        else:
            notices.append(ignored("role", [role], "use any, source or target"))

    for param, name in (("from", "date_from"), ("to", "date_to")):
        raw = one(param)
        if raw is None:
            continue
        try:
            when = _iso(raw)
        except ValueError:
            notices.append(ignored(param, [raw], "dates are YYYY-MM-DD"))
            continue
        if EARLIEST <= when <= LATEST:
            values[name] = when
        else:
            notices.append(ignored(param, [raw], f"dates run from {EARLIEST} to {LATEST}"))
    if (
        values.get("date_from")
        and values.get("date_to")
        and values["date_from"] > values["date_to"]
    ):
        notices.append(Notice("Ignored from/to: the start date is after the end date."))
        values.pop("date_from")
        values.pop("date_to")

    q = one("q")
    if q is not None:
        values["q"] = q[:MAX_Q]

    raw_conf = one("min_conf")
    if raw_conf is not None:
        try:
            values["min_conf"] = _conf(raw_conf)
        except ValueError:
            notices.append(ignored("min_conf", [raw_conf], "use a number from 0 to 1"))

    granularity: Granularity = DEFAULT_GRANULARITY
    period = one(PERIOD_PARAM)
    if period is not None:
        if period.lower() in GRANULARITIES:
            granularity = period.lower()  # type: ignore[assignment]
        else:
            notices.append(ignored(PERIOD_PARAM, [period], "use week, month, quarter or year"))

    count: Count = DEFAULT_COUNT
    counted = one(COUNT_PARAM)
    if counted is not None:
        if counted.lower() in COUNTS:
            count = counted.lower()  # type: ignore[assignment]
        else:
            notices.append(ignored(COUNT_PARAM, [counted], "use events or mentions"))

    return Parsed(Filter(**values), granularity, tuple(notices), count)


def to_query(
    f: Filter, granularity: Granularity = DEFAULT_GRANULARITY, count: Count = DEFAULT_COUNT
) -> dict[str, Any]:
    """The query parameters for a filter: only what differs from the default, lists repeat."""
    out: dict[str, Any] = {}
    default = Filter()
    for param, name in PARAMS.items():
        value = getattr(f, name)
        if value == getattr(default, name):
            continue
        if isinstance(value, tuple):
            out[param] = list(value)
        elif isinstance(value, date):
            out[param] = value.isoformat()
        elif isinstance(value, float):
            out[param] = f"{value:g}"
        else:
            out[param] = str(value)
    if granularity != DEFAULT_GRANULARITY:
        out[PERIOD_PARAM] = granularity
    if count != DEFAULT_COUNT:
        out[COUNT_PARAM] = count
    return out


# Widget keys in st.session_state, one per Filter field; countries are split over two
# widgets (states and blocs) so the choices read as two groups.
WIDGET_KEYS: dict[str, str] = {f.name: f"w_{f.name}" for f in fields(Filter)}
STATES_KEY = "w_states"
BLOCS_KEY = "w_blocs"
GRANULARITY_KEY = "w_granularity"
COUNT_KEY = "w_count"


def to_widgets(
    f: Filter,
    granularity: Granularity,
    bloc_codes: Collection[str],
    count: Count = DEFAULT_COUNT,
) -> dict[str, Any]:
    """Session-state values that make the sidebar widgets show `f`."""
    state: dict[str, Any] = {}
    for item in fields(Filter):
        if item.name == "countries":
            continue
        value = getattr(f, item.name)
        state[WIDGET_KEYS[item.name]] = list(value) if isinstance(value, tuple) else value
    state[STATES_KEY] = [c for c in f.countries if c not in bloc_codes]
    state[BLOCS_KEY] = [c for c in f.countries if c in bloc_codes]
    state[GRANULARITY_KEY] = granularity
    state[COUNT_KEY] = count
    return state


def from_widgets(state: Mapping[str, Any]) -> tuple[Filter, Granularity]:
    """Read the filter back from widget state (missing keys fall back to the defaults)."""
    default = Filter()
    values: dict[str, Any] = {}
    for item in fields(Filter):
        if item.name == "countries":
            continue
        value = state.get(WIDGET_KEYS[item.name], getattr(default, item.name))
        if isinstance(getattr(default, item.name), tuple):
            value = tuple(value or ())
        values[item.name] = value
    values["countries"] = tuple(
        dict.fromkeys([*state.get(STATES_KEY, ()), *state.get(BLOCS_KEY, ())])
    )
    values["q"] = (values["q"] or "").strip()[:MAX_Q]
    values["min_conf"] = float(values["min_conf"] or 0.0)
    f = Filter(**values)
    if f.date_from and f.date_to and f.date_from > f.date_to:
        f = replace(f, date_from=f.date_to, date_to=f.date_from)  # a swapped range, not empty
    granularity = state.get(GRANULARITY_KEY, DEFAULT_GRANULARITY)
    return f, granularity if granularity in GRANULARITIES else DEFAULT_GRANULARITY


def count_from_widgets(state: Mapping[str, Any]) -> Count:
    """What the page counts, from widget state (events unless mentions were chosen)."""
    count = state.get(COUNT_KEY, DEFAULT_COUNT)
    return count if count in COUNTS else DEFAULT_COUNT
