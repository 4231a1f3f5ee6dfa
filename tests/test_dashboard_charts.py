"""Chart builders: the Vega-Lite they produce (encodings, selections, data)."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dashboard import charts
from dashboard.queries import Drill

TIMELINE = pd.DataFrame(
    {
        "period": pd.to_datetime(["2022-01-01", "2022-01-01", "2022-02-01"]),
        "period_label": ["2022-01-01", "2022-01-01", "2022-02-01"],
        "code": ["USA", "Other", "USA"],
        "actor": ["United States", "Other", "United States"],
        "count": [3, 1, 2],
    }
)
MATRIX = pd.DataFrame(
    {
        "type": ["sanction", "sanction", "arms_transfer"],
        "source": ["USA", "EU", "IRN"],
        "target": ["RUS", "RUS", "RUS"],
        "source_name": ["United States", "European Union", "Iran"],
        "target_name": ["Russia", "Russia", "Russia"],
        "count": [4, 2, 7],
    }
)
COUNTRIES = pd.DataFrame(
    {
        "code": ["RUS", "NOR", "EU"],
        "name": ["Russia", "Norway", "European Union"],
        "kind": ["state", "state", "bloc"],
        "iso_numeric": [643, 578, None],
        "as_source": [0, 0, 2],
        "as_target": [5, 0, 0],
        "count": [5, 0, 2],
        "id": ["643", "578", None],
    }
)


def inline_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the chart's main dataset."""
    name = spec["data"]["name"]
    return list(spec["datasets"][name])


@pytest.mark.parametrize(
    ("granularity", "unit"),
    [("week", "yearweek"), ("month", "yearmonth"), ("quarter", "yearquarter"), ("year", "year")],
)
def test_timeline_is_stacked_bars_per_period(granularity: str, unit: str) -> None:
    spec = charts.timeline(TIMELINE, granularity).to_dict()  # type: ignore[arg-type]
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "bar"
    assert spec["mark"]["binSpacing"] == 0  # else narrow bands draw zero-wide bars
    assert enc["x"]["field"] == "period" and enc["x"]["timeUnit"] == unit
    assert enc["y"]["aggregate"] == "sum" and enc["y"]["field"] == "count"
    assert enc["y"]["stack"] == "zero"
    assert enc["color"]["field"] == "actor"
    # Busiest first, Other last: the legend and the stacks read like the ranking.
    assert enc["color"]["sort"] == {"field": "rank", "op": "min"}
    assert enc["order"]["field"] == "rank"
    rows = inline_rows(spec)
    assert len(rows) == 3
    assert {r["actor"]: r["rank"] for r in rows} == {"United States": 0, "Other": 1}


def test_timeline_selection_carries_period_and_code() -> None:
    spec = charts.timeline(TIMELINE, "month").to_dict()
    (param,) = spec["params"]
    assert param["name"] == charts.TIMELINE_SELECTION
    assert param["select"] == {"type": "point", "fields": ["period_label", "code"]}


def test_matrix_is_a_heatmap_for_one_type() -> None:
    spec = charts.matrix(MATRIX, "sanction").to_dict()
    enc = spec["encoding"]
    assert spec["mark"]["type"] == "rect"
    assert enc["x"]["field"] == "target_name" and enc["y"]["field"] == "source_name"
    assert enc["color"]["field"] == "count" and enc["color"]["type"] == "quantitative"
    assert {r["source"] for r in inline_rows(spec)} == {"USA", "EU"}
    (param,) = spec["params"]
    assert param["name"] == charts.MATRIX_SELECTION
    assert param["select"]["fields"] == ["source", "target"]


def test_matrix_gives_every_row_its_own_step_so_no_label_is_dropped() -> None:
    spec = charts.matrix_spec(MATRIX, "arms_transfer")
    # A fixed height shared with the rotated column labels left ~15 px a row, and Vega
    # hid every other row label; a step per row keeps each one.
    assert spec["height"] == charts.MATRIX_MIN_HEIGHT  # one row: not a thin strip
    many = pd.DataFrame(
        {
            "type": "arms_transfer",
            "source": [f"S{i}" for i in range(15)],
            "target": "UKR",
            "source_name": [f"Supplier {i}" for i in range(15)],
            "target_name": "Ukraine",
            "count": range(1, 16),
        }
    )
    assert charts.matrix_spec(many, "arms_transfer")["height"] == 15 * charts.MATRIX_ROW
    assert charts.matrix(many, "arms_transfer").to_dict()["height"] == 15 * charts.MATRIX_ROW
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["encoding"]["y"]["axis"]["labelOverlap"] is False
    busiest = {"field": "count", "op": "sum", "order": "descending"}
    assert spec["encoding"]["y"]["sort"] == busiest == spec["encoding"]["x"]["sort"]


def test_small_charts_render_as_svg_large_ones_are_left_to_streamlit() -> None:
    svg = {"embedOptions": {"renderer": "svg"}}
    assert charts.matrix_spec(MATRIX, "sanction")["usermeta"] == svg
    assert charts.timeline_spec(TIMELINE, "month")["usermeta"] == svg
    many = pd.concat([TIMELINE] * (charts.SVG_MAX_ROWS // len(TIMELINE) + 1), ignore_index=True)
    assert "usermeta" not in charts.timeline_spec(many, "month")


def monthly(start: str, months: int, per_month: int = 2) -> pd.DataFrame:
    periods = pd.date_range(start, periods=months, freq="MS")
    return pd.DataFrame(
        {
            "period": periods,
            "period_label": periods.strftime("%Y-%m-%d"),
            "code": "USA",
            "actor": "United States",
            "count": per_month,
        }
    )


def test_main_span_leaves_out_a_date_mentioned_in_passing() -> None:
    busy = monthly("2022-01-01", 24)  # 48 events over two years
    frame = pd.concat([monthly("1979-02-01", 1, per_month=1), busy], ignore_index=True)
    span = charts.main_span(frame, "month")
    assert span == charts.Span(
        start=date(2022, 1, 1),
        end=date(2023, 12, 1),
        first=date(1979, 2, 1),
        last=date(2023, 12, 1),
        shown=48,
        total=49,
    )
    sent = charts.timeline_spec(frame, "month", span)["datasets"][charts.TIMELINE_DATA]
    assert sent["period"].min() == pd.Timestamp("2022-01-01") and len(sent) == 24
    whole = charts.timeline_spec(frame, "month")["datasets"][charts.TIMELINE_DATA]
    assert whole["period"].min() == pd.Timestamp("1979-02-01") and len(whole) == 25


def test_main_span_trims_at_most_the_share_it_may_leave_out() -> None:
    # Two dates far apart, each with a tenth of the events: cutting either would hide
    # more than 5 %, so the axis keeps the whole span.
    frame = pd.concat(
        [monthly("1990-01-01", 1, 3), monthly("2022-01-01", 12, 2), monthly("2030-01-01", 1, 3)],
        ignore_index=True,
    )
    assert charts.main_span(frame, "month") is None


@pytest.mark.parametrize("granularity", ["week", "month", "quarter", "year"])
def test_main_span_is_none_when_the_dates_are_even_or_few(granularity: str) -> None:
    assert charts.main_span(TIMELINE.iloc[0:0], granularity) is None  # type: ignore[arg-type]
    assert charts.main_span(TIMELINE, granularity) is None  # type: ignore[arg-type]
    # Three years of bars with a gap in the middle: nothing to cut.
    spread = pd.concat([monthly("2020-01-01", 6), monthly("2022-07-01", 6)], ignore_index=True)
    assert charts.main_span(spread, granularity) is None  # type: ignore[arg-type]


def test_main_span_of_one_busy_period_and_an_outlier_is_that_period() -> None:
    frame = pd.concat(
        [monthly("1979-02-01", 1, per_month=1), monthly("2023-05-01", 1, per_month=30)],
        ignore_index=True,
    )
    span = charts.main_span(frame, "month")
    assert span is not None and (span.start, span.end) == (date(2023, 5, 1), date(2023, 5, 1))
    assert (span.shown, span.total) == (30, 31)


def test_empty_frames_still_make_valid_charts() -> None:
    empty_tl = TIMELINE.iloc[0:0]
    assert charts.timeline(empty_tl, "month").to_dict()["encoding"]["color"]["field"] == "actor"
    assert charts.timeline_spec(empty_tl, "month")["datasets"][charts.TIMELINE_DATA].empty
    assert charts.matrix(MATRIX.iloc[0:0], "sanction").to_dict()["mark"]["type"] == "rect"


@pytest.mark.parametrize("metric", ["count", "as_source", "as_target"])
def test_world_map_joins_iso_numeric_ids(metric: str) -> None:
    inline = charts.world(COUNTRIES, metric).to_dict()  # validates against the schema
    spec = charts.world_spec(COUNTRIES, metric)
    assert spec["mark"]["type"] == "geoshape"
    assert spec["data"] == {
        "url": charts.WORLD_URL,
        "format": {"type": "topojson", "feature": "countries"},
    }
    assert set(spec["datasets"]) == {charts.WORLD_VALUES}
    lookup, calculate = spec["transform"]
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "id"
    assert lookup["from"]["data"] == {"name": charts.WORLD_VALUES}
    rows = spec["datasets"][charts.WORLD_VALUES].to_dict("records")
    # Blocs have no shape; zero-event states stay so the map can grey them.
    assert {r["id"] for r in rows} == {"643", "578"}
    assert inline["transform"][0]["from"]["data"]["values"] == rows
    assert calculate["calculate"] == f"datum.{metric} || 0"
    assert spec["projection"]["type"] == "equalEarth"


def without_data(spec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k not in ("data", "datasets", "usermeta")}


@pytest.mark.parametrize("granularity", ["week", "month", "quarter", "year"])
def test_page_specs_are_the_charts_with_named_data(granularity: str) -> None:
    """The app sends the built-once structures; they must be the tested charts."""
    spec = charts.timeline_spec(TIMELINE, granularity)  # type: ignore[arg-type]
    chart = charts.timeline(TIMELINE, granularity).to_dict()  # type: ignore[arg-type]
    assert without_data(spec) == without_data(chart)
    assert spec["data"] == {"name": charts.TIMELINE_DATA}
    sent = spec["datasets"][charts.TIMELINE_DATA].to_dict("records")
    assert [{**r, "period": r["period"].isoformat()} for r in sent] == inline_rows(chart)
    for event_type in ("sanction", "arms_transfer"):
        spec = charts.matrix_spec(MATRIX, event_type)
        chart = charts.matrix(MATRIX, event_type).to_dict()
        assert without_data(spec) == without_data(chart)
        assert spec["datasets"][charts.MATRIX_DATA].to_dict("records") == inline_rows(chart)
    # A second call shares the structure but never the data.
    again = charts.timeline_spec(TIMELINE.iloc[:1], granularity)  # type: ignore[arg-type]
    assert len(again["datasets"][charts.TIMELINE_DATA]) == 1


def test_world_outlines_are_served_by_the_page_not_sent_in_each_spec() -> None:
    """The 127 kB of outlines were written into every rerun's map spec; the browser now
    fetches them once from the dashboard's own static folder (Streamlit serves
    `<app folder>/static/` at `app/static/` when `server.enableStaticServing` is on)."""
    app_folder = Path(charts.__file__).parent
    assert f"app/static/{charts.WORLD_TOPOLOGY.name}" == charts.WORLD_URL
    assert charts.WORLD_TOPOLOGY.parent == app_folder / "static"
    assert charts.WORLD_TOPOLOGY.stat().st_size > 100_000
    config = tomllib.loads((app_folder / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    spec = charts.world_spec(COUNTRIES)
    sent = json.dumps({k: v for k, v in spec.items() if k != "datasets"})
    assert len(sent) < 5_000 and '"arcs"' not in sent


def test_world_topology_is_the_vendored_world_atlas() -> None:
    topology = charts.load_topology()
    geometries = topology["objects"]["countries"]["geometries"]
    ids = {g.get("id") for g in geometries}
    assert {"643", "840", "364", "032"} <= ids  # Russia, USA, Iran, Argentina (zero-padded)
    assert len(geometries) == 177


def test_drill_from_clicks() -> None:
    assert charts.drill({}, "month") is None
    assert charts.drill({"timeline": {charts.TIMELINE_SELECTION: []}}, "month") is None
    bar = {"timeline": {charts.TIMELINE_SELECTION: [{"period_label": "2022-03-01", "code": "USA"}]}}
    got = charts.drill(bar, "quarter")
    assert got == Drill(period_start=date(2022, 3, 1), granularity="quarter", source="USA")
    other = {
        "timeline": {charts.TIMELINE_SELECTION: [{"period_label": "2022-03-01", "code": "Other"}]}
    }
    assert charts.drill(other, "month") == Drill(period_start=date(2022, 3, 1))
    cell = {"arms_transfer": {charts.MATRIX_SELECTION: [{"source": "IRN", "target": "RUS"}]}}
    assert charts.drill({**bar, **cell}, "month") == Drill(
        period_start=date(2022, 3, 1), source="IRN", target="RUS", type="arms_transfer"
    )
    junk = {"timeline": {charts.TIMELINE_SELECTION: [{"period_label": "soon"}]}}
    assert charts.drill(junk, "month") is None


@pytest.mark.parametrize(("count", "word"), [("events", "Events"), ("mentions", "Mentions")])
def test_every_chart_names_what_it_counts(count: str, word: str) -> None:
    """Titles, axes, legends and tooltips say Events or Mentions, never the other."""
    other = "Mentions" if word == "Events" else "Events"
    specs = [
        charts.timeline_spec(TIMELINE, "month", count=count),  # type: ignore[arg-type]
        charts.matrix_spec(MATRIX, "sanction", count),  # type: ignore[arg-type]
        charts.world_spec(COUNTRIES, "count", count),  # type: ignore[arg-type]
    ]
    for spec in specs:
        text = str(without_data(spec))
        assert word in text and other not in text
    timeline, matrix, world = specs
    assert timeline["title"] == f"{word} over time by acting country or bloc"
    assert timeline["encoding"]["y"]["title"] == word
    assert matrix["encoding"]["color"]["title"] == word
    tips = [t["title"] for t in world["encoding"]["tooltip"]]
    assert tips == ["Country", f"{word} as source", f"{word} as target", f"{word}, either side"]
    cell = {"sanction": {charts.MATRIX_SELECTION: [{"source": "USA", "target": "RUS"}]}}
    assert charts.drill(cell, "month", count) == Drill(  # type: ignore[arg-type]
        source="USA",
        target="RUS",
        type="sanction",
        count=count,  # type: ignore[arg-type]
    )
