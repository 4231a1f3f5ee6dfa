"""Altair chart builders: frames from `queries` in, charts out. Pure; no Streamlit.

Each interactive chart carries a point selection whose name is given here, so the app can
read a click (`st.vega_lite_chart(..., on_select="rerun")`) and narrow the table with it.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

import altair as alt
import pandas as pd

from dashboard.filters import DEFAULT_COUNT, Count, Granularity
from dashboard.queries import OTHER, UNNAMED, Drill

WORLD_TOPOLOGY = Path(__file__).parent / "static" / "countries-110m.json"
# The browser fetches the outlines from the page's own server (Streamlit's static file
# serving, switched on in dashboard/.streamlit/config.toml), once: carried in the spec, their
# 127 kB were turned into JSON, parsed and written again by Streamlit and sent on every rerun.
WORLD_URL = "app/static/countries-110m.json"
TIMELINE_SELECTION = "bar"
MATRIX_SELECTION = "cell"
TIME_UNITS: dict[Granularity, str] = {
    "week": "yearweek",
    "month": "yearmonth",
    "quarter": "yearquarter",
    "year": "year",
}
AXIS_FORMATS: dict[Granularity, str] = {
    "week": "%d %b %Y",
    "month": "%b %Y",
    "quarter": "%Y",
    "year": "%Y",
}
SVG_MAX_ROWS = 2_000  # Streamlit's own threshold for switching a chart to canvas
MATRIX_ROW = 22  # pixels per heatmap row: room for a label at the default font size
MATRIX_MIN_HEIGHT = 6 * MATRIX_ROW  # so a heatmap of one or two rows is not a strip
TYPE_TITLES = {"sanction": "Sanctions: who sanctions whom", "arms_transfer": "Arms: who arms whom"}

TIMELINE_DATA, MATRIX_DATA, WORLD_VALUES = "timeline", "matrix", "world_values"
# The map colours by one of these columns of `queries.by_country`.
WORLD_METRICS = {"count": "either side", "as_source": "as source", "as_target": "as target"}
# What a count counts, as the charts name it.
UNIT_LABELS: dict[Count, str] = {"events": "Events", "mentions": "Mentions"}
Data: TypeAlias = pd.DataFrame | alt.Data


def load_topology(path: Path = WORLD_TOPOLOGY) -> dict[str, Any]:
    """The world-atlas 110m TopoJSON kept in the repo (ids are ISO 3166 numeric codes)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# Each chart is a fixed Vega-Lite structure around its data. The `*_chart` functions build
# it with Altair (with inline data, or a named dataset); the app's `*_spec` functions build
# the structure once per process with Altair, validated against the schema, and put each
# filter's frame in as a named dataset, which Streamlit sends as Arrow. Rebuilding the
# charts with Altair on every filter change cost more than filtering a million mentions.


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """`queries.timeline` rows with `rank`: the acting country's place by total count,
    Other and Unnamed last. The legend and the stacks follow it."""
    totals = frame.groupby("actor")["count"].sum().sort_values(ascending=False, kind="stable")
    last = [a for a in (OTHER, UNNAMED) if a in totals.index]
    order = [a for a in totals.index if a not in last] + last
    return frame.assign(rank=frame["actor"].map({a: i for i, a in enumerate(order)}))


def _timeline(data: Data, granularity: Granularity, count: Count = DEFAULT_COUNT) -> alt.Chart:
    pick = alt.selection_point(name=TIMELINE_SELECTION, fields=["period_label", "code"])
    unit = TIME_UNITS[granularity]
    what = UNIT_LABELS[count]
    return (
        alt.Chart(data, title=f"{what} over time by acting country or bloc")
        # Vega-Lite's default spacing takes a pixel from each side of a time-unit bar, so
        # monthly bars over 15 years (4 px bands) came out zero wide; a thin white edge
        # keeps neighbouring periods and stacked countries apart instead.
        .mark_bar(binSpacing=0, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                f"{unit}(period):T",
                title=None,
                axis=alt.Axis(format=AXIS_FORMATS[granularity], labelOverlap=True),
            ),
            y=alt.Y(
                "sum(count):Q",
                title=what,
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format=",d"),
            ),
            color=alt.Color(
                "actor:N",
                title="Acting country or bloc",
                sort=alt.EncodingSortField(field="rank", op="min"),
            ),
            order=alt.Order("rank:Q"),
            opacity=alt.OpacityValue(**alt.condition(pick, alt.value(1.0), alt.value(0.35))),
            tooltip=[
                alt.Tooltip("period_label:N", title=f"{granularity.title()} from"),
                alt.Tooltip("actor:N", title="Acting"),
                alt.Tooltip("sum(count):Q", title=what, format=","),
            ],
        )
        .add_params(pick)
        .properties(height=320)
    )


@dataclass(frozen=True)
class Span:
    """The periods the timeline shows by default, and how many events they leave out."""

    start: date  # the first period shown
    end: date  # the last period shown
    first: date  # the first and last periods of all dated events
    last: date
    shown: int  # events in the span
    total: int  # all dated events


MAIN_SHARE = 0.95  # the default span holds at least this share of the events
PERIOD_DAYS: dict[Granularity, int] = {"week": 7, "month": 30, "quarter": 91, "year": 365}


def main_span(
    frame: pd.DataFrame, granularity: Granularity, share: float = MAIN_SHARE
) -> Span | None:
    """The shortest run of periods holding `share` of the events, when all the periods
    would take more than twice its width, else None (show everything).

    A few dates mentioned in passing ("sanctions in place since 1979") would otherwise
    stretch the axis over decades and squeeze a few years' monthly bars into hairlines.
    `frame` is `queries.timeline(...)` at `granularity`.
    """
    if frame.empty:
        return None
    per = frame.groupby("period")["count"].sum().sort_index()
    days = (per.index - per.index[0]).days.to_numpy()
    counts = per.to_numpy()
    total = int(counts.sum())
    need = math.ceil(share * total)
    best, held, lo = (0, len(per) - 1), 0, 0
    for hi in range(len(per)):  # two pointers: the narrowest window holding `need`
        held += int(counts[hi])
        while held - counts[lo] >= need:
            held -= int(counts[lo])
            lo += 1
        if held >= need and days[hi] - days[lo] < days[best[1]] - days[best[0]]:
            best = (lo, hi)
    lo, hi = best
    step = PERIOD_DAYS[granularity]  # a bar's own width: one busy period is not zero days
    if days[-1] + step <= 2 * (days[hi] - days[lo] + step):
        return None
    return Span(
        start=per.index[lo].date(),
        end=per.index[hi].date(),
        first=per.index[0].date(),
        last=per.index[-1].date(),
        shown=int(counts[lo : hi + 1].sum()),
        total=total,
    )


def within(frame: pd.DataFrame, span: Span | None) -> pd.DataFrame:
    """The rows of `frame` whose period lies in `span` (all of them for None)."""
    if span is None:
        return frame
    periods = frame["period"].dt.date
    return frame[(periods >= span.start) & (periods <= span.end)].reset_index(drop=True)


def timeline(
    frame: pd.DataFrame, granularity: Granularity, count: Count = DEFAULT_COUNT
) -> alt.Chart:
    """Stacked bars of events (or mentions) per period, coloured by acting country or bloc.

    `frame` is `queries.timeline(...)`: period, period_label, code, actor, count.
    """
    return _timeline(ranked(frame), granularity, count)


def _matrix(data: Data, event_type: str, count: Count = DEFAULT_COUNT) -> alt.Chart:
    pick = alt.selection_point(name=MATRIX_SELECTION, fields=["source", "target"])
    # Rows and columns by their total count, busiest first.
    busiest = alt.EncodingSortField(field="count", op="sum", order="descending")
    what = UNIT_LABELS[count]
    title = f"{TYPE_TITLES.get(event_type, event_type)} ({what.lower()})"
    return (
        alt.Chart(data, title=title)
        .mark_rect()
        .encode(
            x=alt.X("target_name:N", title="Target / recipient", sort=busiest),
            # Never drop a row's label for lack of room: each row gets its own step.
            y=alt.Y(
                "source_name:N",
                title="Source / supplier",
                sort=busiest,
                axis=alt.Axis(labelOverlap=False),
            ),
            color=alt.Color(
                "count:Q",
                title=what,
                scale=alt.Scale(scheme="orangered"),
                legend=alt.Legend(format=",d", tickMinStep=1),
            ),
            # Outline only the picked cell (an empty selection would outline them all).
            stroke=alt.StrokeValue(
                **alt.condition(pick, alt.value("black"), alt.value(None), empty=False)
            ),
            strokeWidth=alt.StrokeWidthValue(2),
            tooltip=[
                alt.Tooltip("source_name:N", title="Source"),
                alt.Tooltip("target_name:N", title="Target"),
                alt.Tooltip("count:Q", title=what, format=","),
            ],
        )
        .add_params(pick)
        # The height follows the rows (a fixed height left too little room once the
        # target names took their share, and Vega dropped every other row label): a step
        # per row here, pixels from `matrix_height` once the data is known. The width
        # still fits the column.
        .properties(
            height=alt.Step(MATRIX_ROW),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
    )


def matrix(frame: pd.DataFrame, event_type: str, count: Count = DEFAULT_COUNT) -> alt.Chart:
    """Source x target heatmap for one event type (`frame` from `queries.matrix`)."""
    data = frame[frame["type"] == event_type]
    return _matrix(data, event_type, count).properties(height=matrix_height(data))


def matrix_height(data: pd.DataFrame) -> int:
    """Pixels for the heatmap's rows: `MATRIX_ROW` each, at least `MATRIX_MIN_HEIGHT`."""
    return max(MATRIX_MIN_HEIGHT, data["source_name"].nunique() * MATRIX_ROW)


def world_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The map's rows of `queries.by_country`: states with a shape (blocs have none)."""
    values = frame.loc[frame["id"].notna(), ["id", "name", "as_source", "as_target", "count"]]
    return values.reset_index(drop=True)


def _world(lookup: alt.Data, metric: str, count: Count = DEFAULT_COUNT) -> alt.Chart:
    what = UNIT_LABELS[count]
    title = f"{what} {WORLD_METRICS[metric]}"
    countries = alt.UrlData(
        url=WORLD_URL, format=alt.DataFormat(type="topojson", feature="countries")
    )
    return (
        alt.Chart(countries, title=f"{title}, by country")
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(
                data=lookup, key="id", fields=["name", "as_source", "as_target", "count"]
            ),
        )
        .transform_calculate(value=f"datum.{metric} || 0")
        .encode(
            color=alt.ColorValue(
                **alt.condition(
                    "datum.value > 0",
                    alt.Color(
                        "value:Q",
                        title=title,
                        scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format=",d", tickMinStep=1),
                    ),
                    alt.value("#e8e8e8"),
                )
            ),
            tooltip=[
                alt.Tooltip("name:N", title="Country"),
                alt.Tooltip("as_source:Q", title=f"{what} as source", format=","),
                alt.Tooltip("as_target:Q", title=f"{what} as target", format=","),
                alt.Tooltip("count:Q", title=f"{what}, either side", format=","),
            ],
        )
        .project("equalEarth")
        .properties(height=380)
    )


def world(frame: pd.DataFrame, metric: str = "count", count: Count = DEFAULT_COUNT) -> alt.Chart:
    """Choropleth of events (or mentions) by country (`frame` from `queries.by_country`).

    `metric` is count (either side), as_source or as_target. Countries without events are
    grey; blocs have no shape and are left to the other charts. The shapes are fetched from
    `WORLD_URL`, served by the dashboard itself.
    """
    return _world(alt.Data(values=world_values(frame).to_dict("records")), metric, count)


def _structure(chart: alt.Chart) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict()  # checked against the Vega-Lite schema
    return spec


# The structures with their data named, not included: built and checked once per process.
@functools.cache
def _timeline_structure(granularity: Granularity, count: Count) -> dict[str, Any]:
    return _structure(_timeline(alt.Data(name=TIMELINE_DATA), granularity, count))


@functools.cache
def _matrix_structure(event_type: str, count: Count) -> dict[str, Any]:
    return _structure(_matrix(alt.Data(name=MATRIX_DATA), event_type, count))


@functools.cache
def _world_structure(metric: str, count: Count) -> dict[str, Any]:
    return _structure(_world(alt.Data(name=WORLD_VALUES), metric, count))


# Streamlit copies the top level of a spec before changing it, so sharing the nested
# structure between reruns is safe; the datasets are new every time.
def _renderer(rows: int) -> dict[str, Any]:
    """Draw small charts as SVG (crisp, and their labels are text a screen reader or a test
    can read); past `SVG_MAX_ROWS` leave Streamlit's choice (canvas), which stays fast."""
    return {"usermeta": {"embedOptions": {"renderer": "svg"}}} if rows <= SVG_MAX_ROWS else {}


def timeline_spec(
    frame: pd.DataFrame,
    granularity: Granularity,
    span: Span | None = None,
    count: Count = DEFAULT_COUNT,
) -> dict[str, Any]:
    """`timeline(frame, granularity)` as a Vega-Lite dict for `st.vega_lite_chart`, with only
    the periods in `span` (see `main_span`) when one is given. Colours rank the whole frame."""
    data = within(ranked(frame), span)
    return {
        **_timeline_structure(granularity, count),
        **_renderer(len(data)),
        "datasets": {TIMELINE_DATA: data},
    }


def matrix_spec(
    frame: pd.DataFrame, event_type: str, count: Count = DEFAULT_COUNT
) -> dict[str, Any]:
    """`matrix(frame, event_type)` as a Vega-Lite dict for `st.vega_lite_chart`."""
    data = frame[frame["type"] == event_type].reset_index(drop=True)
    return {
        **_matrix_structure(event_type, count),
        **_renderer(len(data)),
        "height": matrix_height(data),
        "datasets": {MATRIX_DATA: data},
    }


def world_spec(
    frame: pd.DataFrame, metric: str = "count", count: Count = DEFAULT_COUNT
) -> dict[str, Any]:
    """`world(frame, metric)` as a Vega-Lite dict (the outlines come from `WORLD_URL`)."""
    return {**_world_structure(metric, count), "datasets": {WORLD_VALUES: world_values(frame)}}


def drill(
    selections: dict[str, Any], granularity: Granularity, count: Count = DEFAULT_COUNT
) -> Drill | None:
    """The table narrowing picked by clicks on the charts, or None.

    `selections` maps "timeline", "sanction" and "arms_transfer" to what Streamlit returns
    for each chart (`{selection name: [picked point fields]}`). A heatmap cell names the
    source and target; a bar names the period and the acting country ("Other" and the
    rest of the bar: the period only).
    """
    picked = Drill(granularity=granularity, count=count)
    bar = (selections.get("timeline") or {}).get(TIMELINE_SELECTION) or []
    if bar:
        point = bar[0]
        try:
            start = date.fromisoformat(str(point.get("period_label")))
        except ValueError:
            start = None
        code = point.get("code")
        picked = Drill(
            period_start=start,
            granularity=granularity,
            source=None if code == OTHER else code,
            count=count,
        )
    for event_type in ("sanction", "arms_transfer"):
        cell = (selections.get(event_type) or {}).get(MATRIX_SELECTION) or []
        if cell:
            picked = Drill(
                period_start=picked.period_start,
                granularity=granularity,
                source=cell[0].get("source"),
                target=cell[0].get("target"),
                type=event_type,
                count=count,
            )
    return None if picked.is_empty() else picked
