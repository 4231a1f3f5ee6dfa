"""Chart builders: the Vega-Lite they produce (encodings, selections, data)."""

from __future__ import annotations

from datetime import date
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
        "events": [3, 1, 2],
    }
)
MATRIX = pd.DataFrame(
    {
        "type": ["sanction", "sanction", "arms_transfer"],
        "source": ["USA", "EU", "IRN"],
        "target": ["RUS", "RUS", "RUS"],
        "source_name": ["United States", "European Union", "Iran"],
        "target_name": ["Russia", "Russia", "Russia"],
        "events": [4, 2, 7],
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
        "events": [5, 0, 2],
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
    assert enc["x"]["field"] == "period" and enc["x"]["timeUnit"] == unit
    assert enc["y"]["aggregate"] == "sum" and enc["y"]["field"] == "events"
    assert enc["y"]["stack"] == "zero"
    assert enc["color"]["field"] == "actor"
    # Busiest first, Other last: the legend reads like the ranking.
    assert enc["color"]["scale"]["domain"] == ["United States", "Other"]
    assert {t["field"] for t in enc["tooltip"]} == {"period_label", "actor", "events"}
    assert len(inline_rows(spec)) == 3


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
    assert enc["color"]["field"] == "events" and enc["color"]["type"] == "quantitative"
    assert {r["source"] for r in inline_rows(spec)} == {"USA", "EU"}
    (param,) = spec["params"]
    assert param["name"] == charts.MATRIX_SELECTION
    assert param["select"]["fields"] == ["source", "target"]


def test_empty_frames_still_make_valid_charts() -> None:
    empty_tl = TIMELINE.iloc[0:0]
    assert charts.timeline(empty_tl, "month").to_dict()["encoding"]["color"]["scale"] == {
        "domain": []
    }
    assert charts.matrix(MATRIX.iloc[0:0], "sanction").to_dict()["mark"]["type"] == "rect"


@pytest.mark.parametrize("metric", ["events", "as_source", "as_target"])
def test_world_map_joins_iso_numeric_ids(metric: str) -> None:
    topology = charts.load_topology()
    chart = charts.world(COUNTRIES, metric)
    chart.to_dict()  # validates against the Vega-Lite schema
    spec = charts.world_spec(chart, topology)
    assert spec["mark"]["type"] == "geoshape"
    assert spec["data"] == {
        "name": charts.WORLD_DATASET,
        "format": {"type": "topojson", "feature": "countries"},
    }
    assert spec["datasets"][charts.WORLD_DATASET] is topology
    lookup, calculate = spec["transform"]
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "id"
    rows = lookup["from"]["data"]["values"]
    # Blocs have no shape; zero-event states stay so the map can grey them.
    assert {r["id"] for r in rows} == {"643", "578"}
    assert calculate["calculate"] == f"datum.{metric} || 0"
    assert spec["projection"]["type"] == "equalEarth"


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
