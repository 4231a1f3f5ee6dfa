"""Altair chart builders: frames from `queries` in, charts out. Pure; no Streamlit.

Each interactive chart carries a point selection whose name is given here, so the app can
read a click (`st.altair_chart(..., on_select="rerun")`) and narrow the table with it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from dashboard.filters import Granularity
from dashboard.queries import OTHER, UNNAMED, Drill

WORLD_TOPOLOGY = Path(__file__).parent / "assets" / "countries-110m.json"
WORLD_DATASET = "world"
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
TYPE_TITLES = {"sanction": "Sanctions: who sanctions whom", "arms_transfer": "Arms: who arms whom"}

P = ParamSpec("P")
R = TypeVar("R")


def unchecked(build: Callable[P, R]) -> Callable[P, R]:
    """Build without Altair's schema check of every object as it is made (debug mode).

    The charts are rebuilt on every filter change, and the checks cost more than building;
    the tests check each chart against the schema (`to_dict()`), and Streamlit validates
    the finished spec once more. The flag is process-wide, but flipping it only moves when
    validation happens. Conditions are wrapped in their channel classes (`OpacityValue`,
    ...) for the same reason: Altair otherwise searches every schema class for a match.
    """

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return wrapper


def load_topology(path: Path = WORLD_TOPOLOGY) -> dict[str, Any]:
    """The world-atlas 110m TopoJSON kept in the repo (ids are ISO 3166 numeric codes)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@unchecked
def timeline(frame: pd.DataFrame, granularity: Granularity) -> alt.Chart:
    """Stacked bars of events per period, coloured by acting country or bloc.

    `frame` is `queries.timeline(...)`: period, period_label, code, actor, events.
    """
    totals = frame.groupby("actor")["events"].sum().sort_values(ascending=False, kind="stable")
    last = [a for a in (OTHER, UNNAMED) if a in totals.index]
    by_total = [a for a in totals.index if a not in last] + last  # legend and stack order
    pick = alt.selection_point(name=TIMELINE_SELECTION, fields=["period_label", "code"])
    unit = TIME_UNITS[granularity]
    return (
        alt.Chart(frame, title="Events over time by acting country or bloc")
        .mark_bar()
        .encode(
            x=alt.X(
                f"{unit}(period):T",
                title=None,
                axis=alt.Axis(format=AXIS_FORMATS[granularity], labelOverlap=True),
            ),
            y=alt.Y(
                "sum(events):Q",
                title="Events",
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format=",d"),
            ),
            color=alt.Color(
                "actor:N",
                title="Acting country or bloc",
                scale=alt.Scale(domain=by_total),
                sort=by_total,
            ),
            order=alt.Order("rank:Q"),
            opacity=alt.OpacityValue(**alt.condition(pick, alt.value(1.0), alt.value(0.35))),
            tooltip=[
                alt.Tooltip("period_label:N", title=f"{granularity.title()} from"),
                alt.Tooltip("actor:N", title="Acting"),
                alt.Tooltip("sum(events):Q", title="Events", format=","),
            ],
        )
        .transform_calculate(rank=f"indexof({json.dumps(by_total)}, datum.actor)")
        .add_params(pick)
        .properties(height=320)
    )


@unchecked
def matrix(frame: pd.DataFrame, event_type: str) -> alt.Chart:
    """Source x target heatmap for one event type (`frame` from `queries.matrix`)."""
    data = frame[frame["type"] == event_type]
    pick = alt.selection_point(name=MATRIX_SELECTION, fields=["source", "target"])
    return (
        alt.Chart(data, title=TYPE_TITLES.get(event_type, event_type))
        .mark_rect()
        .encode(
            x=alt.X("target_name:N", title="Target / recipient", sort="-color"),
            y=alt.Y("source_name:N", title="Source / supplier", sort="-color"),
            color=alt.Color(
                "events:Q",
                title="Events",
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
                alt.Tooltip("events:Q", title="Events", format=","),
            ],
        )
        .add_params(pick)
        .properties(height=360)
    )


@unchecked
def world(frame: pd.DataFrame, metric: str = "events") -> alt.Chart:
    """Choropleth of events by country (`frame` from `queries.by_country`).

    `metric` is events (either side), as_source or as_target. Countries without events are
    grey; blocs have no shape and are left to the other charts. The shapes are the named
    dataset `WORLD_DATASET`: `world_spec` adds the topology to the Vega-Lite dict, which is
    many times faster than handing Altair the 100 kB topology to walk on every rerun.
    """
    titles = {"events": "Events", "as_source": "As source", "as_target": "As target"}
    values = frame.loc[frame["id"].notna(), ["id", "name", "as_source", "as_target", "events"]]
    countries = alt.Data(
        name=WORLD_DATASET, format=alt.DataFormat(type="topojson", feature="countries")
    )
    lookup = alt.LookupData(
        data=alt.Data(values=values.to_dict("records")),
        key="id",
        fields=["name", "as_source", "as_target", "events"],
    )
    title = titles[metric]
    return (
        alt.Chart(countries, title=f"{title} by country")
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .transform_lookup(lookup="id", from_=lookup)
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
                alt.Tooltip("as_source:Q", title="As source", format=","),
                alt.Tooltip("as_target:Q", title="As target", format=","),
                alt.Tooltip("events:Q", title="Either side", format=","),
            ],
        )
        .project("equalEarth")
        .properties(height=380)
    )


def world_spec(chart: alt.Chart, topology: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite dict of a `world` chart with the topology filled in.

    Not validated again here: `world` builds the same structure every time and the tests
    validate it; validating 180 inline rows on every rerun is what `world` avoids.
    """
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec.setdefault("datasets", {})[WORLD_DATASET] = topology
    return spec


def drill(selections: dict[str, Any], granularity: Granularity) -> Drill | None:
    """The table narrowing picked by clicks on the charts, or None.

    `selections` maps "timeline", "sanction" and "arms_transfer" to what Streamlit returns
    for each chart (`{selection name: [picked point fields]}`). A heatmap cell names the
    source and target; a bar names the period and the acting country ("Other" and the
    rest of the bar: the period only).
    """
    picked = Drill(granularity=granularity)
    bar = (selections.get("timeline") or {}).get(TIMELINE_SELECTION) or []
    if bar:
        point = bar[0]
        try:
            start = date.fromisoformat(str(point.get("period_label")))
        except ValueError:
            start = None
        code = point.get("code")
        picked = Drill(
            period_start=start, granularity=granularity, source=None if code == OTHER else code
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
            )
    return None if picked.is_empty() else picked
