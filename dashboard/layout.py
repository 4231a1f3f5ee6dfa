"""The dashboard page's layout and widgets (run by `dashboard/app.py`).

Reads the database named by $DATABASE_URL (default sqlite:///data/monitor.db), never writes.
The sidebar filter lives in the URL, so a filtered view can be bookmarked and shared.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from dashboard import (
    cached,
    charts,
    downloads,
    export,
    filters,
    reader,
    registers,
    snapshot,
)
from dashboard.filters import Filter
from dashboard.queries import Drill
from dashboard.snapshot import NoDatabase, Source
from etl.records import STATUSES
from etl.store import StoreError, database_url

TITLE = "Sanctions & arms-transfer monitor"
MAP_METRICS = {"count": "Either side", "as_source": "As source", "as_target": "As target"}
COUNT_LABELS = {"events": "Events", "mentions": "Mentions"}
COUNT_HELP = (
    "Events: each real-world event once, however many articles report it (an event is in "
    "view when any of its mentions passes the filter). Mentions: each report of an event "
    "in an article's sentence."
)
REGISTER_LABELS = {
    "confirmed": "Confirmed by a register",
    "possible": "Possible register match",
    "news_only": "News only (a lead)",
    "unchecked": "Not checkable",
}
ROLE_LABELS = {"any": "Either side", "source": "Source (sender, supplier)", "target": "Target"}
GRANULARITY_LABELS = {"week": "Week", "month": "Month", "quarter": "Quarter", "year": "Year"}
EARLIEST, LATEST = filters.EARLIEST, filters.LATEST
FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.svg"


def label(value: str) -> str:
    return value.replace("_", " ")


def no_database(reason: str) -> None:
    st.title(TITLE)
    st.info(
        f"There is no data to show yet ({reason}).\n\n"
        "Load the sample corpus and start the dashboard with `make demo`, or load your own "
        "articles with `python -m etl run PATH` (JSON Lines), then reload this page.",
        icon=":material/database:",
    )
    shown = make_url(database_url()).render_as_string(hide_password=True)
    st.caption(f"Database: `{shown}` (set `DATABASE_URL` to use another).")


def init_state(parsed: filters.Parsed, blocs: set[str], *, force: bool = False) -> None:
    """Put the filter in the widgets' session state (all of it when forced, else the gaps)."""
    widgets = filters.to_widgets(parsed.filter, parsed.granularity, blocs, parsed.count)
    for key, value in widgets.items():
        if force or key not in st.session_state:
            st.session_state[key] = value


def reset(blocs: set[str]) -> None:
    init_state(filters.Parsed(Filter()), blocs, force=True)
    st.session_state["notices"] = ()
    st.session_state["selection_generation"] = st.session_state.get("selection_generation", 0) + 1


def sidebar(countries: pd.DataFrame, actors: list[str], blocs: set[str]) -> None:
    """The filter widgets; their values are read back from session state."""
    names: dict[str, str] = countries["name"].to_dict()
    states = sorted((c for c in countries.index if c not in blocs), key=lambda c: names[c])
    # Lists searched by name offer no "Select all matches" entry: it is the first entry
    # while typing, so "Iran" + Enter picked every fuzzy match (Ireland, Bonaire, ...).
    # Without it Enter picks the best match, which for a country's full name is that
    # country (the search ranks a match from the label's first letter highest).
    with st.sidebar:
        st.header("Filter")
        st.multiselect(
            "Countries",
            states,
            key=filters.STATES_KEY,
            format_func=lambda c: f"{names[c]} ({c})",
            placeholder="Any country",
            select_all=False,
        )
        st.multiselect(
            "Blocs and organisations",
            sorted(blocs, key=lambda c: names[c]),
            key=filters.BLOCS_KEY,
            format_func=lambda c: f"{names[c]} ({c})",
            placeholder="Any bloc",
            select_all=False,
        )
        st.radio(
            "On which side",
            filters.ROLES,
            key=filters.WIDGET_KEYS["role"],
            format_func=ROLE_LABELS.__getitem__,
            help="Either side: the country imposes or is targeted, supplies or receives.",
        )
        left, right = st.columns(2)
        left.date_input(
            "From", key=filters.WIDGET_KEYS["date_from"], min_value=EARLIEST, max_value=LATEST
        )
        right.date_input(
            "To", key=filters.WIDGET_KEYS["date_to"], min_value=EARLIEST, max_value=LATEST
        )
        st.multiselect(
            "Event type",
            ["sanction", "arms_transfer"],
            key=filters.WIDGET_KEYS["types"],
            format_func=label,
            placeholder="Both",
        )
        st.multiselect(
            "Status",
            STATUSES,
            key=filters.WIDGET_KEYS["statuses"],
            placeholder="Any status",
        )
        st.multiselect(
            "Action",
            filters.ALL_ACTIONS,
            key=filters.WIDGET_KEYS["actions"],
            format_func=label,
            placeholder="Any action",
        )
        st.multiselect(
            "Category",
            filters.ALL_CATEGORIES,
            key=filters.WIDGET_KEYS["categories"],
            format_func=label,
            placeholder="Any category",
        )
        st.multiselect(
            "Register check",
            filters.REGISTER_STATUSES,
            key=filters.WIDGET_KEYS["register"],
            format_func=REGISTER_LABELS.__getitem__,
            placeholder="Any",
            help="Whether SIPRI (arms transfers) or the Global Sanctions Database "
            "(sanctions) holds the event: confirmed, a weaker possible match, news only "
            "(no entry matches: a lead), or not checkable (no register of its kind loaded, "
            "no date, or no party on a side).",
        )
        st.multiselect(
            "Named actor",
            actors,
            key=filters.WIDGET_KEYS["actors"],
            placeholder="Any official or organisation",
            select_all=False,
        )
        st.text_input(
            "Evidence contains",
            key=filters.WIDGET_KEYS["q"],
            placeholder="e.g. drones",
            max_chars=filters.MAX_Q,
        )
        st.slider(
            "Minimum confidence",
            0.0,
            1.0,
            step=0.05,
            key=filters.WIDGET_KEYS["min_conf"],
        )
        st.button("Reset filters", on_click=reset, args=(blocs,), icon=":material/restart_alt:")


def sync_url(f: Filter, granularity: filters.Granularity, count: filters.Count) -> None:
    """Write the filter into the address bar (only when it changed)."""
    wanted = filters.to_query(f, granularity, count)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normal:
        st.query_params.from_dict(wanted)


def headline(page: cached.Page) -> None:
    now, before = page.metrics, page.previous
    cols = st.columns(4)
    for col, (name, attr, help_) in zip(
        cols,
        [
            (
                "Events",
                "events",
                "Distinct real-world events: the mentions of one event across sentences and "
                "articles count once",
            ),
            ("Mentions", "mentions", "Reports of an event, one per article and sentence"),
            ("Articles", "articles", "Articles with at least one matching mention"),
            ("Countries", "countries", "Countries and blocs involved on either side"),
        ],
        strict=True,
    ):
        value = getattr(now, attr)
        delta = None if before is None else value - getattr(before, attr)
        col.metric(name, f"{value:,}", delta=None if delta is None else f"{delta:+,}", help=help_)
    if page.windows is not None:
        (start, end), (p_start, p_end) = page.windows
        st.caption(
            f"{start:%d %b %Y} – {end:%d %b %Y}; change against the {(end - start).days + 1:,} "
            f"days before ({p_start:%d %b %Y} – {p_end:%d %b %Y})."
        )


def selection_of(state: Any) -> dict[str, Any]:
    try:
        return dict(state.selection)
    except (AttributeError, TypeError):
        return {}


def charts_section(page: cached.Page, granularity: filters.Granularity) -> dict[str, Any]:
    gen = st.session_state.get("selection_generation", 0)
    picked: dict[str, Any] = {}
    count = page.count
    what = COUNT_LABELS[count].lower()
    counting, bars, dates = st.columns([2, 3, 2], vertical_alignment="bottom")
    counting.radio(
        "Charts count",
        filters.COUNTS,
        key=filters.COUNT_KEY,
        format_func=COUNT_LABELS.__getitem__,
        horizontal=True,
        help=COUNT_HELP,
    )
    bars.radio(
        "Bars per",
        filters.GRANULARITIES,
        key=filters.GRANULARITY_KEY,
        format_func=GRANULARITY_LABELS.__getitem__,
        horizontal=True,
    )
    span = charts.main_span(page.timeline, granularity)
    if span is not None and dates.toggle(
        f"All dates ({span.first:%Y}–{span.last:%Y})",
        key="w_all_dates",
        help=f"A few {what} dated long before or after the rest (often dates mentioned "
        "in passing) stretch the time axis; by default it shows the span that holds most "
        f"{what}.",
    ):
        span = None
    state = st.vega_lite_chart(
        charts.timeline_spec(page.timeline, granularity, span, count),
        on_select="rerun",
        key=f"timeline_{gen}",
        width="stretch",
    )
    picked["timeline"] = selection_of(state)
    shown = ""
    if span is not None:
        left_out = span.total - span.shown
        shown = (
            f"Showing {span.start:%b %Y} – {span.end:%b %Y}: {left_out:,} of {span.total:,} "
            f"dated {what} lie outside (switch on All dates to see them). "
        )
    st.caption(
        shown
        + f"Each bar counts {what}"
        + (
            " (an event at the earliest date among its matching mentions)"
            if count == "events"
            else ""
        )
        + ". Click a bar to narrow the table to that period and country; click again to clear."
    )
    left, right = st.columns(2)
    for col, event_type in ((left, "sanction"), (right, "arms_transfer")):
        with col:
            if (page.matrix["type"] == event_type).any():
                state = st.vega_lite_chart(
                    charts.matrix_spec(page.matrix, event_type, count),
                    on_select="rerun",
                    key=f"matrix_{event_type}_{gen}",
                    width="stretch",
                )
                picked[event_type] = selection_of(state)
            else:
                st.caption(f"No {label(event_type)} {what} with both sides named.")
    metric = st.radio(
        f"Map colour: {what}",
        list(MAP_METRICS),
        format_func=MAP_METRICS.__getitem__,
        horizontal=True,
        key="w_map",
    )
    st.vega_lite_chart(charts.world_spec(page.countries, metric, count), width="stretch")
    st.caption("Blocs (EU, UN, NATO, …) have no shape on the map; they appear in the charts above.")
    return picked


# The evidence sentence is why a row is there: it comes right after the dates, wide, and
# wrapped.
EVIDENCE_WIDTH = 520  # pixels
EVIDENCE_CHARS_PER_LINE = 70  # about what fits in that width
LINE_HEIGHT = 21  # pixels per line of wrapped text
MAX_LINES = 10  # a longer sentence is cut here; the article below shows it whole
COLUMNS: dict[str, Any] = {
    "first_date": st.column_config.DateColumn(
        "From", format="YYYY-MM-DD", help="Earliest date among its matching mentions"
    ),
    "last_date": st.column_config.DateColumn(
        "To", format="YYYY-MM-DD", help="Latest date among its matching mentions"
    ),
    "evidence": st.column_config.TextColumn(
        "Best evidence", width=EVIDENCE_WIDTH, help="The sentence that best reports the event"
    ),
    "type": "Type",
    "sources": "Sources",
    "targets": "Targets",
    "register": st.column_config.TextColumn(
        "Register",
        help="Confirmed by SIPRI or GSDB (with the deal or case), a possible match, news "
        "only, or not checkable",
    ),
    "action": "Action",
    "statuses": st.column_config.TextColumn("Status", help="Every status its mentions give"),
    "category": "Category",
    "weapon": "Weapon",
    "mentions": st.column_config.NumberColumn(
        "Mentions", format="%d", help="Its mentions that match the filter"
    ),
    "articles": st.column_config.NumberColumn(
        "Articles", format="%d", help="Articles with a matching mention of it"
    ),
    "disputed": st.column_config.CheckboxColumn(
        "Disputed", help="Reported or alleged by some, denied by others"
    ),
    "title": "Article",
    "url": st.column_config.LinkColumn("Link", display_text="open ↗"),
}
LEAD_COLUMNS = {
    k: COLUMNS[k]
    for k in (
        "first_date", "last_date", "evidence", "type", "sources", "targets", "action",
        "category", "weapon", "mentions", "articles", "title", "url",
    )
}  # fmt: skip
REGISTER_ONLY_COLUMNS: dict[str, Any] = {
    "register": "Register",
    "first": st.column_config.NumberColumn("From", format="%d"),
    "last": st.column_config.NumberColumn("To", format="%d", help="Blank: still in force"),
    "sources": "Supplier / sender",
    "targets": "Recipient / target",
    "entry": st.column_config.TextColumn("Entry", width=EVIDENCE_WIDTH),
}
PAIR_COLUMNS: dict[str, Any] = {
    "type": "Type",
    "source": "Supplier / sender",
    "target": "Recipient / target",
    "year": st.column_config.NumberColumn("Year", format="%d"),
    "events": st.column_config.NumberColumn("News events", format="%d"),
    "tiv": st.column_config.NumberColumn(
        "SIPRI TIV delivered (m)",
        format="%.1f",
        help="SIPRI trend-indicator value of the weapons delivered that year, in millions: "
        "each deal's TIV of delivered weapons spread evenly over its delivery years",
    ),
    "register": st.column_config.TextColumn(
        "Register", help="SIPRI's TIV delivered, or the GSDB cases in force that year"
    ),
}
MENTION_COLUMNS: dict[str, Any] = {
    "in_filter": st.column_config.CheckboxColumn("Matches", help="Matches the filter"),
    "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
    "sentence": st.column_config.TextColumn("Sentence", width=EVIDENCE_WIDTH),
    "status": "Status",
    "title": "Article",
    "source": "Source",
    "url": st.column_config.LinkColumn("Link", display_text="open ↗"),
}


def row_height(sentences: pd.Series) -> int | None:
    """Rows tall enough for the longest evidence sentence on the page, wrapped (the grid
    wraps text only in rows taller than 64 px), or None: one line is enough."""
    lengths = sentences.astype("string").str.len().fillna(0)
    longest = int(lengths.max()) if len(lengths) else 0
    lines = -(-longest // EVIDENCE_CHARS_PER_LINE)
    if lines <= 1:
        return None
    return max(3, min(lines, MAX_LINES)) * LINE_HEIGHT + 6


def web_links(urls: pd.Series) -> pd.Series:
    """Only web links become clickable: a javascript: URL from a feed must not."""
    web = urls.astype("string").str.match(r"https?://", na=False).astype(bool)
    return urls.where(web, None)


def grid(frame: pd.DataFrame, columns: dict[str, Any], text: str, key: str) -> list[int]:
    """A single-row-select table of `frame`'s `columns`, wrapped to its longest `text`
    cell; returns the selected row numbers."""
    shown = frame[list(columns)].copy()
    shown["url"] = web_links(shown["url"])
    height = row_height(shown[text])
    state = st.dataframe(
        shown,
        column_config=columns,
        hide_index=True,
        row_height=height,
        placeholder="",  # a missing weapon or date is blank, not "None"
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        width="stretch",
        # No tall empty grid for a few rows.
        height=min(600, 38 + (height or 35) * max(len(shown), 1)),
    )
    return list(getattr(getattr(state, "selection", None), "rows", []) or [])


def table_section(
    source: Source,
    url: str,
    version: tuple[Any, ...],
    f: Filter,
    drill: Drill | None,
    names: dict[str, str],
    count: filters.Count,
) -> None:
    result = cached.table(url, version, f, drill)
    frame, total = result.frame, result.events
    st.subheader("Events")
    shown = len(frame)
    note = (
        f"{total:,} event{'s' if total != 1 else ''}, one row each "
        f"(from {result.mentions:,} mention{'s' if result.mentions != 1 else ''})"
    )
    if total > shown:
        note += f"; the latest {shown:,} are shown"
    if drill is not None:
        note += f" — narrowed by the chart selection: {drill.describe(names)}"
    st.caption(note + ". Select a row to see every mention of the event and read the article.")
    # A new filter or chart pick is a new table: start with nothing selected.
    rows = grid(frame, COLUMNS, "evidence", f"events_{abs(hash((f, drill)))}")
    if rows and rows[0] < shown:
        event_section(source, url, version, f, drill, result, rows[0])
    download_buttons(url, version, f, drill, result, count)


def event_section(
    source: Source,
    url: str,
    version: tuple[Any, ...],
    f: Filter,
    drill: Drill | None,
    result: cached.Table,
    row: int,
) -> None:
    """Every mention of the selected event, and the article of one of them (the event's
    best evidence until another mention is selected)."""
    event = result.frame.iloc[row]
    # The register check in words, as plain text (an entry's names come from a file).
    st.text(f"Register: {event['register']}")
    if isinstance(event["register_reason"], str) and event["register_reason"]:
        st.caption(f"Matched on: {filters.escape_markdown(event['register_reason'])}")
    mentions = cached.event_mentions(url, version, f, drill, int(result.units[row]))
    n = len(mentions)
    st.markdown(f"**Every mention of this event ({n:,})**")
    st.caption(
        "Its sentence, article, source and link; Matches marks those the filter keeps. "
        "Select one to read its article."
    )
    picked = grid(mentions, MENTION_COLUMNS, "sentence", f"mentions_{event['evidence_mention_id']}")
    if picked and picked[0] < n:
        read_article(source, mentions.iloc[picked[0]])
        return
    best = mentions[mentions["mention_id"] == event["evidence_mention_id"]]
    read_article(source, (best if len(best) else mentions).iloc[0])


def read_article(source: Source, row: pd.Series) -> None:
    got = snapshot.article_text(source, str(row["article_id"]))
    with st.container(border=True):
        if got is None:
            st.caption("This article is no longer in the database.")
            return
        title, text = got
        # Everything from the article goes through reader (escaped HTML), never markdown.
        st.html(reader.heading(title, row["published"], row["url"]))
        st.html(
            reader.highlight(title, text, int(row["start"]), int(row["end"]), str(row["sentence"]))
        )


def download_buttons(
    url: str,
    version: tuple[Any, ...],
    f: Filter,
    drill: Drill | None,
    result: cached.Table,
    count: filters.Count,
) -> None:
    st.subheader("Download what is filtered")
    st.caption(
        f"Events: the {result.events:,} filtered events, one row each with its `event_id`. "
        f"Mentions: their {result.mentions:,} filtered mentions, each with its `event_id`. "
        f"Articles: the articles behind them. Time series: {COUNT_LABELS[count].lower()} per "
        "period and acting country. Built when you click; CSV cells that could run as "
        "spreadsheet formulas are neutralised with a leading apostrophe."
    )
    granularity = st.session_state.get(filters.GRANULARITY_KEY, filters.DEFAULT_GRANULARITY)
    stamp = date.today().isoformat()
    rows = {"events": result.events, "mentions": result.mentions}
    build = cached.download(url, version, f, drill, granularity, count)
    for dataset, name in downloads.DATASETS.items():
        cols = st.columns(len(export.FORMATS))
        for col, fmt in zip(cols, export.FORMATS, strict=True):
            too_big = fmt == export.EXCEL and rows.get(dataset, 0) > export.EXCEL_MAX_ROWS
            col.download_button(
                f"{name} ({fmt.label})",
                data=build(dataset, fmt),
                file_name=f"{dataset}-{stamp}.{fmt.extension}",
                mime=fmt.mime,
                on_click="ignore",
                disabled=too_big or result.mentions == 0,
                help="Too many rows for Excel; use CSV or Parquet." if too_big else None,
                key=f"dl_{dataset}_{fmt.extension}",
                icon=":material/download:",
            )


def plain_grid(frame: pd.DataFrame, columns: dict[str, Any], key: str) -> None:
    st.dataframe(
        frame[list(columns)],
        column_config=columns,
        hide_index=True,
        placeholder="",
        key=key,
        width="stretch",
        height=min(420, 38 + 35 * max(len(frame), 1)),
    )


def registers_section(
    url: str, version: tuple[Any, ...], f: Filter, reg: registers.Registers
) -> None:
    """News and registers: the leads, the entries no news covered, and per pair and year
    the news beside the register, all for the current filter."""
    st.header("News and registers")
    if not reg.loads:
        st.info(
            "No register is loaded, so no event can be confirmed and there are no leads "
            "yet. Load SIPRI's trade register (CSV) or the Global Sanctions Database case "
            f"file with `{registers.LOAD_HINT}` and reload this page.",
            icon=":material/menu_book:",
        )
        return
    shown = "; ".join(
        f"{registers.KIND_NAMES[k]}: {Path(path).name}"
        + (f", generated {generated:%Y-%m-%d}" if generated else "")
        for k, (path, generated) in sorted(reg.loads.items())
    )
    missing = [registers.KIND_NAMES[k] for k in ("sipri", "gsdb") if k not in reg.loads]
    st.caption(
        f"Registers in use: {shown}."
        + (
            f" No {missing[0]} loaded: its events are not checkable (`{registers.LOAD_HINT}`)."
            if missing
            else ""
        )
    )
    view = cached.register_view(url, version, f)
    st.subheader("Leads: news only")
    if f.register and "news_only" not in f.register:
        leads = None
        st.caption("The register filter leaves out news-only events.")
    else:
        leads = cached.table(url, version, replace(f, register=("news_only",)), None)
    if leads is not None:
        if leads.events:
            st.caption(
                f"{leads.events:,} filtered event{'s' if leads.events != 1 else ''} that no "
                "register entry matches, newest first: reported in the news, not (yet) in "
                "the register of their kind."
            )
            plain_grid(leads.frame, LEAD_COLUMNS, "leads")
        else:
            st.caption("No news-only event under this filter.")
    st.subheader("In the registers, not in the news")
    only = view.register_only
    if len(only):
        period = (
            f"{f.date_from or '…'} to {f.date_to or '…'}"
            if f.date_from or f.date_to
            else "all years"
        )
        st.caption(
            f"{len(only):,} register entr{'ies' if len(only) != 1 else 'y'} of the period "
            f"({period}; a deal from its order to its last delivery, a case while in force) "
            "that no news event in the database matched; the country filter applies to "
            "their parties. Latest first."
        )
        plain_grid(only.head(1000), REGISTER_ONLY_COLUMNS, "register_only")
    else:
        st.caption("Every register entry of the period and countries has a news event.")
    st.subheader("News events beside the register, per pair and year")
    if len(view.pairs):
        st.caption(
            "Each supplier -> recipient (sender -> target) pair the filtered news names: "
            "its news events per year (by the event's first date) beside SIPRI's TIV "
            "delivered that year or the GSDB cases in force."
        )
        plain_grid(view.pairs.head(1000), PAIR_COLUMNS, "register_pairs")
    else:
        st.caption("No dated event under this filter names both sides.")


def main() -> None:
    # A file, sent inline: a `:material/...` page icon makes the browser fetch it from an
    # outside font server on every visit.
    st.set_page_config(page_title=TITLE, page_icon=FAVICON, layout="wide")
    try:
        source = Source.from_url()
        url = source.url
        version = cached.version(url)
        # The widgets need only the countries and actor names: show them before the
        # (possibly long) read of every mention, so the page is usable at once.
        countries, actor_names = cached.choices(url, version)
    except NoDatabase as exc:
        no_database(str(exc))
        return
    except (StoreError, SQLAlchemyError, ArgumentError) as exc:
        # A wrong URL or an unreachable server: one readable line, not a traceback.
        st.title(TITLE)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        st.error(f"Cannot read the database: {first}", icon=":material/error:")
        st.caption("Check `DATABASE_URL` (default: sqlite:///data/monitor.db).")
        return
    blocs = set(countries.index[countries["kind"] == "bloc"])
    if "notices" not in st.session_state:  # first run of this browser session
        choices = filters.Choices(countries=list(countries.index), actors=actor_names)
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        parsed = filters.from_query(params, choices)
        init_state(parsed, blocs, force=True)
        st.session_state["notices"] = parsed.notices
        st.session_state["url_filter"] = parsed.filter
    init_state(filters.Parsed(Filter()), blocs)  # widgets skipped on an earlier run
    sidebar(countries, actor_names, blocs)
    state = st.session_state.to_dict()
    f, granularity = filters.from_widgets(state)
    count = filters.count_from_widgets(state)
    sync_url(f, granularity, count)

    st.title(TITLE)
    snap = cached.load(url, version)
    notices = st.session_state.get("notices", ())
    if notices and f == st.session_state.get("url_filter"):  # until the reader changes it
        st.info(filters.notice_markdown(notices), icon=":material/link_off:")
    if snap.empty:
        st.info(
            "The database has no events yet. Load articles with `python -m etl run PATH` "
            "(or `make demo` for the sample corpus) and reload.",
            icon=":material/inbox:",
        )
        return
    page = cached.page(url, version, f, granularity, count)
    headline(page)
    if page.metrics.mentions == 0:
        st.info(
            "No events match these filters. Widen the dates, remove a country or press "
            "**Reset filters** in the sidebar.",
            icon=":material/filter_alt_off:",
        )
        # What the registers hold for this filter is still worth seeing: no news may be
        # exactly the gap an analyst is looking for.
        registers_section(url, version, f, snap.registers)
        return
    picked = charts_section(page, granularity)
    drill = charts.drill(picked, granularity, count)
    names: dict[str, str] = snap.countries["name"].to_dict()
    table_section(source, url, version, f, drill, names, count)
    registers_section(url, version, f, snap.registers)
