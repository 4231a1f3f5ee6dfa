"""The page, driven through Streamlit's AppTest: every widget, the URL, the empty states."""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from assets.dashboard_seed import SEEDS, empty_database, seed_database
from streamlit.testing.v1 import AppTest

from dashboard import cached, downloads, export, filters, snapshot
from dashboard.filters import Filter
from dashboard.snapshot import Source

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
EVENTS = 8  # in the seed: nine mentions, the alleged and the denied drone delivery one event


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    return seed_database(tmp_path_factory.mktemp("app") / "seed.db")


def open_app(monkeypatch: pytest.MonkeyPatch, url: str, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def assert_clean(at: AppTest) -> None:
    """No exception, error or warning box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]


def table(at: AppTest) -> pd.DataFrame:
    (frame,) = at.dataframe
    return frame.value


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def link_notices(at: AppTest) -> list[Any]:
    """The info boxes about the link's filter (not the registers' empty state)."""
    return [i for i in at.info if i.value.startswith("Some of this link's filter")]


def query(at: AppTest) -> dict[str, list[str]]:
    """The page's URL parameters, every value as a list (AppTest gives lone values as str)."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def current_filter(at: AppTest) -> tuple[Filter, filters.Granularity]:
    keys = [*filters.WIDGET_KEYS.values(), filters.STATES_KEY, filters.BLOCS_KEY]
    keys.append(filters.GRANULARITY_KEY)
    return filters.from_widgets({k: at.session_state[k] for k in keys if k in at.session_state})


def test_opens_with_every_event(monkeypatch: pytest.MonkeyPatch, seeded: str) -> None:
    at = open_app(monkeypatch, seeded)
    assert_clean(at)
    # The alleged and denied drone deliveries are one event: eight events, nine mentions.
    assert len(table(at)) == EVENTS == 8
    assert metric(at, "Mentions") == str(len(SEEDS))
    assert metric(at, "Events") == "8"
    assert query(at) == {}
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        f"{name} ({fmt.label})" for name in downloads.DATASETS.values() for fmt in export.FORMATS
    ]


def test_a_shared_url_opens_the_view_filtered(monkeypatch: pytest.MonkeyPatch, seeded: str) -> None:
    at = open_app(
        monkeypatch, seeded, country="IRN", type="arms_transfer", **{"from": "2022-01-01"}
    )
    assert_clean(at)
    assert at.sidebar.multiselect(key=filters.STATES_KEY).value == ["IRN"]
    assert at.sidebar.multiselect(key=filters.WIDGET_KEYS["types"]).value == ["arms_transfer"]
    assert at.sidebar.date_input(key=filters.WIDGET_KEYS["date_from"]).value == date(2022, 1, 1)
    frame = table(at)
    assert len(frame) == 1  # the alleged and the denied delivery: one event
    assert set(frame["type"]) == {"arms_transfer"} and set(frame["sources"]) == {"IRN"}
    assert query(at) == {"country": ["IRN"], "type": ["arms_transfer"], "from": ["2022-01-01"]}


def test_changing_the_country_filter_changes_the_table(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded)
    at.sidebar.multiselect(key=filters.STATES_KEY).set_value(["PRK"]).run()
    assert_clean(at)
    assert list(table(at)["targets"]) == ["PRK"]
    assert query(at) == {"country": ["PRK"]}
    at.sidebar.multiselect(key=filters.STATES_KEY).set_value(["USA", "CHN"]).run()
    frame = table(at)
    assert len(frame) == 4
    assert all(
        {"USA", "CHN"} & set(f"{s}, {t}".split(", "))
        for s, t in frame[["sources", "targets"]].values
    )
    assert query(at) == {"country": ["USA", "CHN"]}


def involved(code: str) -> Callable[[pd.DataFrame], bool]:
    return lambda row: code in row["sources"].split(", ") or code in row["targets"].split(", ")


WIDGETS: list[tuple[str, Callable[[AppTest], Any], dict[str, list[str]], int]] = [
    # (case, how to set the widget, the URL it gives, rows left)
    ("bloc", lambda at: at.sidebar.multiselect(key=filters.BLOCS_KEY).set_value(["EU"]),
     {"country": ["EU"]}, 1),
    ("role", lambda at: at.sidebar.radio(key=filters.WIDGET_KEYS["role"]).set_value("target"),
     {"role": ["target"]}, 8),
    ("from", lambda at: at.sidebar.date_input(key=filters.WIDGET_KEYS["date_from"])
     .set_value(date(2022, 6, 1)), {"from": ["2022-06-01"]}, 2),
    ("to", lambda at: at.sidebar.date_input(key=filters.WIDGET_KEYS["date_to"])
     .set_value(date(2021, 12, 31)), {"to": ["2021-12-31"]}, 2),
    ("type", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["types"])
     .set_value(["sanction"]), {"type": ["sanction"]}, 5),
    ("status", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["statuses"])
     .set_value(["denied"]), {"status": ["denied"]}, 1),
    ("action", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["actions"])
     .set_value(["imposed"]), {"action": ["imposed"]}, 3),
    ("category", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["categories"])
     .set_value(["drones"]), {"category": ["drones"]}, 1),
    ("actor", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["actors"])
     .set_value(["Antony Blinken"]), {"actor": ["Antony Blinken"]}, 2),
    ("q", lambda at: at.sidebar.text_input(key=filters.WIDGET_KEYS["q"]).input("embargo"),
     {"q": ["embargo"]}, 2),
    ("min_conf", lambda at: at.sidebar.slider(key=filters.WIDGET_KEYS["min_conf"]).set_value(0.8),
     {"min_conf": ["0.8"]}, 4),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change", "url", "rows"), WIDGETS, ids=[w[0] for w in WIDGETS])
def test_each_widget_filters_and_lands_in_the_url(
    monkeypatch: pytest.MonkeyPatch,
    seeded: str,
    case: str,
    change: Callable[[AppTest], Any],
    url: dict[str, list[str]],
    rows: int,
) -> None:
    at = open_app(monkeypatch, seeded)
    change(at)
    at.run()
    assert_clean(at)
    assert query(at) == url
    assert len(table(at)) == rows, case
    # ... and the URL alone reopens the same view.
    again = open_app(monkeypatch, seeded, **url)
    assert_clean(again)
    assert table(again).equals(table(at))


def test_granularity_and_map_controls(monkeypatch: pytest.MonkeyPatch, seeded: str) -> None:
    at = open_app(monkeypatch, seeded)
    at.radio(key=filters.GRANULARITY_KEY).set_value("year").run()
    assert_clean(at)
    assert query(at) == {"period": ["year"]}
    at.radio(key="w_map").set_value("as_target").run()
    assert_clean(at)
    assert len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")) >= 1


def test_reset_clears_every_filter(monkeypatch: pytest.MonkeyPatch, seeded: str) -> None:
    at = open_app(
        monkeypatch, seeded, country=["IRN", "EU"], q="drones", min_conf="0.5", count="mentions"
    )
    assert len(table(at)) == 1
    at.sidebar.button[0].click().run()
    assert_clean(at)
    assert query(at) == {}
    assert len(table(at)) == EVENTS
    assert at.sidebar.multiselect(key=filters.STATES_KEY).value == []
    assert at.sidebar.text_input(key=filters.WIDGET_KEYS["q"]).value == ""


def test_a_malformed_url_parameter_is_ignored_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, country=["IRN", "ZZZ"], **{"from": "yesterday"})
    assert_clean(at)
    notices = " ".join(i.value for i in link_notices(at))
    assert "ZZZ" in notices and "yesterday" in notices
    assert len(table(at)) == 2  # IRN applied (two events), the rest dropped
    assert query(at) == {"country": ["IRN"]}
    # The notice is about the link: it goes once the reader changes the filter.
    at.sidebar.multiselect(key=filters.WIDGET_KEYS["types"]).set_value(["sanction"]).run()
    assert_clean(at)
    assert not link_notices(at)


def test_a_database_url_that_cannot_work(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(monkeypatch, "sqlite://")  # in memory: nothing to show, nothing to create
    assert_clean(at)
    assert "make demo" in at.info[0].value
    at = open_app(monkeypatch, "postgresql://user:secret@127.0.0.1:1/none")
    assert not at.exception
    assert "Cannot read the database" in at.error[0].value
    assert "secret" not in " ".join(e.value for e in at.error)


def test_an_empty_filter_result_is_a_notice(monkeypatch: pytest.MonkeyPatch, seeded: str) -> None:
    at = open_app(monkeypatch, seeded, country="NOR")  # a country with no events
    assert_clean(at)
    assert not at.dataframe
    assert any("No events match" in i.value for i in at.info)
    assert metric(at, "Events") == "0"


def test_an_empty_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = open_app(monkeypatch, empty_database(tmp_path / "empty.db"), country="IRN")
    assert_clean(at)
    assert any("no events yet" in i.value for i in at.info)


def test_no_database_file_yet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "data" / "monitor.db"
    at = open_app(monkeypatch, f"sqlite:///{path}")
    assert_clean(at)
    (notice,) = at.info
    assert "make demo" in notice.value and "python -m etl run PATH" in notice.value
    assert not path.exists() and not path.parent.exists()  # read-only: nothing created


def build(at: AppTest, url: str, dataset: downloads.Dataset, fmt: export.Format) -> bytes:
    """The bytes a download button of the page gives: AppTest shows the button, not its
    bytes, so build them as the button's callable does, for the filter the page shows."""
    f, granularity = current_filter(at)
    count = filters.count_from_widgets({filters.COUNT_KEY: at.session_state[filters.COUNT_KEY]})
    source = Source.from_url(url)
    return downloads.build(
        source, snapshot.load(source), f, None, granularity, dataset, fmt, count=count
    )


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


def test_the_csv_offered_holds_exactly_the_filtered_rows(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, country="RUS", status="alleged")
    assert_clean(at)
    labels = [b.label for b in at.get("download_button")]
    assert "Events (CSV)" in labels and "Mentions (CSV)" in labels
    assert current_filter(at)[0] == Filter(countries=("RUS",), statuses=("alleged",))
    events = read_csv(build(at, seeded, "events", export.CSV))
    assert len(events) == len(table(at)) == 2
    assert events["event_id"].is_unique and (events["event_id"] != "").all()
    assert all(involved("RUS")(row) for _, row in events.iterrows())
    # The sentence that starts with "=" is neutralised.
    assert events["evidence"].str.startswith("'=SUM").sum() == 1
    assert sorted(events["evidence"].str.lstrip("'")) == sorted(table(at)["evidence"])
    mentions = read_csv(build(at, seeded, "mentions", export.CSV))
    assert len(mentions) == int(metric(at, "Mentions")) == 2
    assert set(mentions["status"]) == {"alleged"}
    assert set(mentions["event_id"]) == set(events["event_id"])


@pytest.mark.parametrize("fmt", export.FORMATS, ids=[f.extension for f in export.FORMATS])
def test_events_and_mentions_downloads_in_every_format(
    monkeypatch: pytest.MonkeyPatch, seeded: str, fmt: export.Format
) -> None:
    at = open_app(monkeypatch, seeded, country="IRN")
    assert_clean(at)
    read = {
        export.CSV: read_csv,
        export.PARQUET: lambda b: pd.read_parquet(io.BytesIO(b)),
        export.EXCEL: lambda b: pd.read_excel(io.BytesIO(b)),
    }[fmt]
    events = read(build(at, seeded, "events", fmt))
    mentions = read(build(at, seeded, "mentions", fmt))
    # Iran: the drone delivery (alleged and denied: two mentions) and Britain's travel bans.
    assert len(events) == int(metric(at, "Events")) == 2
    assert len(mentions) == int(metric(at, "Mentions")) == 3
    drones = events[events["sources"] == "IRN"].iloc[0]
    assert drones["mentions"] == 2 and bool(drones["disputed"])
    assert drones["statuses"] == "alleged, denied"
    assert (mentions["event_id"] == drones["event_id"]).sum() == 2


def test_a_database_that_names_no_actor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = open_app(monkeypatch, seed_database(tmp_path / "no-actors.db", actors=False))
    assert_clean(at)
    assert len(table(at)) == EVENTS
    assert at.sidebar.multiselect(key=filters.WIDGET_KEYS["actors"]).options == []


def test_dates_the_date_widgets_cannot_show_are_dropped_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, **{"from": "0001-01-01", "to": "2500-01-01"})
    assert_clean(at)
    (notice,) = link_notices(at)
    assert "0001" in notice.value and "2500" in notice.value
    assert len(table(at)) == EVENTS
    assert query(at) == {}


def test_hostile_url_values_give_one_short_escaped_notice(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(
        monkeypatch,
        seeded,
        country=["![x](http://127.0.0.1:9/t.png)", *(f"Z{i:03d}" for i in range(500))],
        actor=["[log in](http://127.0.0.1:9/login)", "x" * 100_000],
    )
    assert_clean(at)
    (notice,) = link_notices(at)
    assert len(notice.value) < 1_000
    assert "and 498 more" in notice.value
    # Values are code spans: shown as typed, never an image or a link.
    assert "`![x](http://127.0.0.1:9/t.png)`" in notice.value
    assert "`[log in](http://127.0.0.1:9/login)`" in notice.value
    assert len(table(at)) == EVENTS


def test_name_lists_offer_no_select_all_matches(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    """While typing, "Select all matches" would be the first entry, so Enter would pick
    every fuzzy match ("Iran" -> Ireland, Bonaire, ...); see the browser test."""
    at = open_app(monkeypatch, seeded)
    for key in (filters.STATES_KEY, filters.BLOCS_KEY, filters.WIDGET_KEYS["actors"]):
        assert at.sidebar.multiselect(key=key).proto.select_all == 0, key


def test_the_table_leads_with_the_evidence_in_full(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded)
    assert_clean(at)
    (grid,) = at.dataframe
    assert list(grid.value.columns[:3]) == ["first_date", "last_date", "evidence"]
    assert grid.proto.placeholder == ""  # a missing weapon is blank, not "None"
    # Rows wrap (the grid wraps text only in rows over 64 px) and hold the longest sentence.
    longest = max(len(s) for s in grid.value["evidence"])
    assert longest > 70  # the seed has a sentence longer than one line
    lines = (grid.proto.row_height - 6) // 21
    assert grid.proto.row_height > 64 and lines * 70 >= longest


def test_the_actor_filter_offers_named_actors_only(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded)
    options = at.sidebar.multiselect(key=filters.WIDGET_KEYS["actors"]).options
    assert options == ["Antony Blinken", "Volodymyr Zelensky"]  # not "government"


# --- what the page counts: events by default, mentions on request (issue 10) -------------


def chart_data(at: AppTest) -> list[tuple[dict[str, Any], dict[str, pd.DataFrame]]]:
    """Each Vega-Lite chart on the page: its spec and its named datasets as frames."""
    out = []
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        frames = {
            d.name: pa.ipc.open_stream(d.data.data).read_all().to_pandas()
            for d in proto.datasets
            if d.data.data
        }
        out.append((json.loads(proto.spec), frames))
    return out


def labels_of(spec: dict[str, Any]) -> list[str]:
    """Every title a reader sees on a chart: its title, axis and legend titles, tooltips."""
    found: list[str] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key == "title" and isinstance(node, str):
            found.append(node)

    walk({k: v for k, v in spec.items() if k != "datasets"})
    return found


# Seeded facts (assets/dashboard_seed.py): Iran's drone delivery to Russia is one event
# told by two mentions (alleged, denied); every other event has one mention.
SURFACES = {
    # count: (headline, Iran as source on the map, Iran -> Russia cell, Iran's 2022 bar)
    "events": (("8", "9"), 1, 1, 1),
    "mentions": (("8", "9"), 2, 2, 2),
}


@pytest.mark.parametrize("count", ["events", "mentions"])
def test_every_surface_counts_and_names_one_unit(
    monkeypatch: pytest.MonkeyPatch, seeded: str, count: str
) -> None:
    params = {"period": "year"} if count == "events" else {"period": "year", "count": count}
    at = open_app(monkeypatch, seeded, **params)
    assert_clean(at)
    (events, mentions), on_map, cell, bar = SURFACES[count]
    # Headline: both figures, each under its own name, whatever the charts count.
    assert (metric(at, "Events"), metric(at, "Mentions")) == (events, mentions)
    word, other = ("Events", "Mentions") if count == "events" else ("Mentions", "Events")
    charts_ = chart_data(at)
    assert len(charts_) == 4  # timeline, two heatmaps, map
    for spec, _ in charts_:
        titles = labels_of(spec)
        assert any(word in t for t in titles), titles
        assert not any(other in t for t in titles), titles
    (timeline, t_data), _, (_, a_data), (_, w_data) = charts_
    assert timeline["title"].startswith(word)
    bars = t_data["timeline"]
    iran = bars[(bars["code"] == "IRN") & (bars["period_label"] == "2022-01-01")]
    assert int(iran["count"].sum()) == bar
    cells = a_data["matrix"]
    assert (
        int(cells[(cells["source"] == "IRN") & (cells["target"] == "RUS")]["count"].sum()) == cell
    )
    states = w_data["world_values"]
    assert int(states[states["name"] == "Iran"]["as_source"].iloc[0]) == on_map
    # Every caption that names a count names this unit.
    captions = " ".join(c.value for c in at.caption)
    assert f"Each bar counts {word.lower()}" in captions
    assert query(at).get("count", ["events"]) == [count]


def test_the_count_control_sets_the_url_and_the_url_sets_it(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded)
    control = at.radio(key=filters.COUNT_KEY)
    assert control.value == "events" and control.label == "Charts count"
    control.set_value("mentions").run()
    assert_clean(at)
    assert query(at) == {"count": ["mentions"]}
    assert chart_data(at)[0][0]["title"].startswith("Mentions")
    again = open_app(monkeypatch, seeded, count="mentions", country="IRN")
    assert_clean(again)
    assert again.radio(key=filters.COUNT_KEY).value == "mentions"
    assert query(again) == {"country": ["IRN"], "count": ["mentions"]}
    # The table still lists events, one row each; the caption says how many mentions.
    assert len(table(again)) == 2
    bad = open_app(monkeypatch, seeded, count="reports")
    assert_clean(bad)
    assert "reports" in bad.info[0].value
    assert bad.radio(key=filters.COUNT_KEY).value == "events"


def test_the_time_series_download_names_what_it_counts(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    for count, total in (("events", EVENTS - 2), ("mentions", len(SEEDS) - 2)):  # 2 undated
        at = open_app(monkeypatch, seeded, count=count)
        series = read_csv(build(at, seeded, "timeseries", export.CSV))
        assert count in series.columns and ({"events", "mentions"} - {count}).isdisjoint(series)
        assert series[count].sum() == total


def test_the_table_lists_events_and_a_selected_one_shows_every_mention(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, status="denied")
    assert_clean(at)
    (row,) = table(at).to_dict("records")
    assert row["sources"] == "IRN" and row["targets"] == "RUS"
    assert row["mentions"] == 1 and row["disputed"]  # denied here, alleged elsewhere
    assert "Tehran denied" in row["evidence"]
    # Select the row as a click does.
    f, _ = current_filter(at)
    at.session_state[f"events_{abs(hash((f, None)))}"] = {
        "selection": {"rows": [0], "columns": [], "cells": []}
    }
    at.run()
    assert_clean(at)
    _, mentions = at.dataframe
    frame = mentions.value
    # Every mention of the event, the one outside the filter too, with article and link.
    assert len(frame) == 2
    assert list(frame["in_filter"]) == [True, False] or list(frame["in_filter"]) == [False, True]
    assert set(frame["title"]) == {"Drone deliveries disputed"}
    assert set(frame["url"]) == {"https://example.org/a2"}
    assert set(frame["sentence"]) == {
        "Ukraine said Iran delivered Shahed drones to Russia.",
        "Tehran denied it had sent any drones to Russia.",
    }
    assert set(frame["source"]) == {"seed"}
    assert any("Every mention of this event (2)" in m.value for m in at.markdown)
    # The article of its best evidence, with that sentence marked.
    assert any("<mark>Tehran denied" in h.proto.body for h in at.get("html"))


TWO_REPORTS = [
    # Two team-written reports of one round of EU sanctions on Belarus, a day apart.
    {
        "id": "eu-belarus-1",
        "title": "A new round for Minsk",
        "published": "2024-03-04",
        "source": "Daily Ledger",
        "url": "https://example.org/ledger/eu-belarus",
        "text": "The European Union imposed financial sanctions on Belarus on Monday, freezing "
        "the assets of three state banks. Officials in Brussels said the measures target "
        "the financing of the war.",
    },
    {
        "id": "eu-belarus-2",
        "title": "Monday in Brussels",
        "published": "2024-03-05",
        "source": "Evening Courier",
        "url": "https://example.org/courier/minsk-banks",
        "text": "The European Union imposed financial sanctions on Belarus, freezing the assets "
        "of three state banks, diplomats said on Tuesday.",
    },
]


@pytest.mark.model
def test_two_articles_reporting_one_event_count_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The real pipeline (`python -m etl run`, the spaCy tagger, the grouping) over two
    articles that report one event: the page counts one event everywhere."""
    articles = tmp_path / "two.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in TWO_REPORTS), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'two.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "etl", "run", str(articles), "--db", url],
        cwd=APP.parents[1], capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    at = open_app(monkeypatch, url)
    assert_clean(at)
    assert (metric(at, "Events"), metric(at, "Mentions"), metric(at, "Articles")) == ("1", "2", "2")
    (row,) = table(at).to_dict("records")
    assert (row["sources"], row["targets"], row["mentions"], row["articles"]) == ("EU", "BLR", 2, 2)
    (_, t_data), (_, s_data), (_, w_data) = chart_data(at)
    assert int(t_data["timeline"]["count"].sum()) == 1
    assert s_data["matrix"][["source", "target", "count"]].values.tolist() == [["EU", "BLR", 1]]
    states = w_data["world_values"]
    assert int(states[states["name"] == "Belarus"]["as_target"].iloc[0]) == 1
    assert len(read_csv(build(at, url, "events", export.CSV))) == 1
    assert len(read_csv(build(at, url, "mentions", export.CSV))) == 2


def test_the_script_streamlit_compiles_is_only_the_entry_point() -> None:
    """Streamlit compiles the script it runs after rewriting it for "magic" (AppTest on
    every run: about 70 ms for the whole page); the page lives in a module, compiled once."""
    tree = ast.parse(APP.read_text())
    defined = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert not defined and len(tree.body) <= 8


def test_each_rerun_reads_the_cached_page_and_table_without_copying(seeded: str) -> None:
    """What every rerun reads is shared, not unpickled again (the table alone is 400 kB
    at a million mentions); the page only reads it."""
    source = Source.from_url(seeded)
    version = snapshot.version(source)
    f = Filter(types=("sanction",))
    first = cached.table(source.url, version, f, None)
    assert first is cached.table(source.url, version, f, None)
    assert len(first.frame) and first.events < EVENTS
    page = cached.page(source.url, version, f, "month")
    assert page is cached.page(source.url, version, f, "month")


def test_cache_keys_never_deep_copy_a_filter(seeded: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit keys a dataclass by `dataclasses.asdict` (a deep copy, about 1 ms for a
    Filter, several times a rerun); the caches key Filter and Drill by their repr."""
    import dataclasses

    from dashboard.queries import Drill

    def refused(obj: Any, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError(f"a cache key deep-copied {type(obj).__name__}")

    source = Source.from_url(seeded)
    version = snapshot.version(source)
    f = Filter(types=("arms_transfer",), min_conf=0.25)
    drill = Drill(source="RUS")
    monkeypatch.setattr(dataclasses, "asdict", refused)
    table = cached.table(source.url, version, f, drill)
    assert cached.page(source.url, version, f, "month").metrics.mentions > 0
    assert cached.keep(source.url, version, f, drill).sum() == table.mentions
    # Keyed by every field: a filter differing in one value is another entry.
    sel = cached.selection(source.url, version, f, drill, "events")
    assert sel is cached.selection(source.url, version, f, drill, "events")
    assert sel is not cached.selection(
        source.url, version, replace(f, min_conf=0.3), drill, "events"
    )
    assert cached.table(source.url, version, f, replace(drill, source="IRN")) is not table


def test_a_rerun_looks_the_snapshot_up_once_for_all_download_buttons(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    """Each cache look-up hashes its arguments (Streamlit also inspects the function's
    signature for each one): the twelve download buttons share one look-up."""
    at = open_app(monkeypatch, seeded)
    assert len(at.get("download_button")) == 12
    looked_up: list[Any] = []
    load = cached.load

    def counted(*args: Any) -> Any:
        looked_up.append(args)
        return load(*args)

    monkeypatch.setattr(cached, "load", counted)
    at.run()  # same filter: every result comes from the caches
    assert_clean(at)
    assert len(at.get("download_button")) == 12
    assert 1 <= len(looked_up) <= 3, len(looked_up)
