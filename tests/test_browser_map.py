"""The world map in headless Chromium: its country outlines come from the dashboard's own
static folder (fetched by the browser, not written into the chart on every rerun), every
country is drawn, and the countries with events are coloured.

Served both ways a reader starts the page: `streamlit run dashboard/app.py` and
`python -m dashboard.serve` (what `make demo` runs); both read the app folder's
`.streamlit/config.toml`, which switches static file serving on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from assets.browser import STREAMLIT_RUN, WARM_SERVE, chromium, require_browser, serving, settle
from assets.dashboard_seed import seed_database

from dashboard import charts, queries, snapshot
from dashboard.filters import Filter

pytestmark = pytest.mark.browser

GREY = "#e8e8e8"  # a country without events (charts._world)
# The fill of every country shape of the map, once Vega has drawn them.
FILLS = "c => [...c.querySelectorAll('g.mark-shape path')].map(p => p.getAttribute('fill'))"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    require_browser()
    return seed_database(tmp_path_factory.mktemp("map") / "seed.db")


@pytest.fixture(scope="module", params=[STREAMLIT_RUN, WARM_SERVE], ids=["run", "serve"])
def server(request: pytest.FixtureRequest, database: str) -> Iterator[str]:
    with serving(database, request.param) as base:
        yield base


@pytest.fixture(scope="module")
def browser(database: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def states_with_events(url: str) -> int:
    """Countries with a shape and at least one event on either side, from the database."""
    snap = snapshot.load(snapshot.Source.from_url(url))
    sel = queries.select(snap, queries.mask(snap, Filter()), "events")
    values = charts.world_values(queries.by_country(snap, sel))
    return int((values["count"] > 0).sum())


def test_the_map_draws_every_country_from_the_served_outlines(
    server: str, browser: Any, database: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(server)
    settle(page)
    world = page.locator('[data-testid="stVegaLiteChart"]').last
    world.scroll_into_view_if_needed()
    shapes = world.locator("g.mark-shape path")
    shapes.first.wait_for(state="attached", timeout=30_000)
    fills: list[str] = world.evaluate(FILLS)
    geometries = charts.load_topology()["objects"]["countries"]["geometries"]
    assert len(fills) == len(geometries) == 177
    coloured = [f for f in fills if f and f != GREY]
    assert len(coloured) == states_with_events(database) > 0
    # The outlines came from the page's own server, at the static URL the spec names.
    origin = urlsplit(server).netloc
    outlines = [u for u in fetched if urlsplit(u).path == f"/{charts.WORLD_URL}"]
    assert outlines and all(urlsplit(u).netloc == origin for u in outlines)
    page.close()
