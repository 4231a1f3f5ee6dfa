"""The page, driven through Streamlit's AppTest: every widget, the URL, the empty states."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from assets.dashboard_seed import SEEDS, empty_database, seed_database
from streamlit.testing.v1 import AppTest

from dashboard import downloads, export, filters, snapshot
from dashboard.filters import Filter
from dashboard.snapshot import Source

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"


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
    assert len(table(at)) == len(SEEDS)
    assert metric(at, "Mentions") == str(len(SEEDS))
    assert metric(at, "Events") == "8"  # the alleged and denied drone deliveries are one
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
    assert len(frame) == 2
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
     {"role": ["target"]}, 9),
    ("from", lambda at: at.sidebar.date_input(key=filters.WIDGET_KEYS["date_from"])
     .set_value(date(2022, 6, 1)), {"from": ["2022-06-01"]}, 3),
    ("to", lambda at: at.sidebar.date_input(key=filters.WIDGET_KEYS["date_to"])
     .set_value(date(2021, 12, 31)), {"to": ["2021-12-31"]}, 2),
    ("type", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["types"])
     .set_value(["sanction"]), {"type": ["sanction"]}, 5),
    ("status", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["statuses"])
     .set_value(["denied"]), {"status": ["denied"]}, 1),
    ("action", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["actions"])
     .set_value(["imposed"]), {"action": ["imposed"]}, 3),
    ("category", lambda at: at.sidebar.multiselect(key=filters.WIDGET_KEYS["categories"])
     .set_value(["drones"]), {"category": ["drones"]}, 2),
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
    at = open_app(monkeypatch, seeded, country=["IRN", "EU"], q="drones", min_conf="0.5")
    assert len(table(at)) == 2
    at.sidebar.button[0].click().run()
    assert_clean(at)
    assert query(at) == {}
    assert len(table(at)) == len(SEEDS)
    assert at.sidebar.multiselect(key=filters.STATES_KEY).value == []
    assert at.sidebar.text_input(key=filters.WIDGET_KEYS["q"]).value == ""


def test_a_malformed_url_parameter_is_ignored_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, country=["IRN", "ZZZ"], **{"from": "yesterday"})
    assert_clean(at)
    notices = " ".join(i.value for i in at.info)
    assert "ZZZ" in notices and "yesterday" in notices
    assert len(table(at)) == 3  # IRN applied, the rest dropped
    assert query(at) == {"country": ["IRN"]}
    # The notice is about the link: it goes once the reader changes the filter.
    at.sidebar.multiselect(key=filters.WIDGET_KEYS["types"]).set_value(["sanction"]).run()
    assert_clean(at)
    assert not at.info


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


def test_the_csv_offered_holds_exactly_the_filtered_rows(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, country="RUS", status="alleged")
    assert_clean(at)
    assert "Events (CSV)" in [b.label for b in at.get("download_button")]
    # AppTest shows the button, not its bytes: build them as the button's callable does,
    # for the filter the page is showing.
    f, granularity = current_filter(at)
    assert f == Filter(countries=("RUS",), statuses=("alleged",))
    source = Source.from_url(seeded)
    data = downloads.build(
        source, snapshot.load(source), f, None, granularity, "events", export.CSV
    )
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert len(csv) == len(table(at)) == 2
    assert set(csv["mention_id"]) <= set(csv["mention_id"])
    assert all(involved("RUS")(row) for _, row in csv.iterrows())
    assert set(csv["status"]) == {"alleged"}
    # The sentence that starts with "=" is neutralised.
    assert csv["sentence"].str.startswith("'=SUM").sum() == 1
    assert sorted(csv["sentence"].str.lstrip("'")) == sorted(table(at)["sentence"])


def test_a_database_that_names_no_actor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    at = open_app(monkeypatch, seed_database(tmp_path / "no-actors.db", actors=False))
    assert_clean(at)
    assert len(table(at)) == len(SEEDS)
    assert at.sidebar.multiselect(key=filters.WIDGET_KEYS["actors"]).options == []


def test_dates_the_date_widgets_cannot_show_are_dropped_with_a_notice(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded, **{"from": "0001-01-01", "to": "2500-01-01"})
    assert_clean(at)
    (notice,) = at.info
    assert "0001" in notice.value and "2500" in notice.value
    assert len(table(at)) == len(SEEDS)
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
    (notice,) = at.info
    assert len(notice.value) < 1_000
    assert "and 498 more" in notice.value
    # Values are code spans: shown as typed, never an image or a link.
    assert "`![x](http://127.0.0.1:9/t.png)`" in notice.value
    assert "`[log in](http://127.0.0.1:9/login)`" in notice.value
    assert len(table(at)) == len(SEEDS)


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
    assert list(grid.value.columns[:2]) == ["date", "sentence"]
    assert grid.proto.placeholder == ""  # a missing weapon is blank, not "None"
    # Rows wrap (the grid wraps text only in rows over 64 px) and hold the longest sentence.
    longest = max(len(s.sentence) for s in SEEDS)
    assert longest > 70  # the seed has a sentence longer than one line
    lines = (grid.proto.row_height - 6) // 21
    assert grid.proto.row_height > 64 and lines * 70 >= longest


def test_the_actor_filter_offers_named_actors_only(
    monkeypatch: pytest.MonkeyPatch, seeded: str
) -> None:
    at = open_app(monkeypatch, seeded)
    options = at.sidebar.multiselect(key=filters.WIDGET_KEYS["actors"]).options
    assert options == ["Antony Blinken", "Volodymyr Zelensky"]  # not "government"
