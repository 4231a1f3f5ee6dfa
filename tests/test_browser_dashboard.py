"""End to end: `streamlit run dashboard/app.py` on a free port, driven in headless Chromium.

Uses Debian's /usr/bin/chromium through the Playwright package (no browser download).
Skips cleanly when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from assets.browser import (
    ARTIFACTS,
    chromium,
    metric,
    require_browser,
    seeded,
    select_first_row,
    serving,
    settle,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    with serving(seeded(tmp_path_factory)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def test_filter_download_share_and_read(server: str, browser: object, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)  # type: ignore[attr-defined]
    page.goto(server)
    settle(page)
    assert metric(page, "Mentions") == "9"

    # Set the country filter the way a person does: type a name, pick it.
    countries = page.locator('[data-testid="stMultiSelect"]').first
    countries.locator("input").click()
    page.keyboard.type("Iran")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"country=IRN"), timeout=60_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                 .some(e => e.innerText.trim() === '3')""",
        timeout=60_000,
    )
    settle(page)
    assert metric(page, "Mentions") == "3"

    # The events CSV holds exactly the filtered events, every one involving Iran.
    assert metric(page, "Events") == "2"  # the alleged and the denied drone delivery: one
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Events (CSV)").click()
    path = tmp_path / "events.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    for row in rows:
        assert "IRN" in row["sources"].split(", ") + row["targets"].split(", "), row

    # A shared URL opens the view already filtered.
    page.goto(f"{server}/?country=UKR&type=arms_transfer")
    settle(page)
    assert metric(page, "Mentions") == "1"
    assert page.get_by_text("Ukraine (UKR)").count() >= 1

    # Selecting the row opens the article: evidence marked, the article's markup shown as text.
    select_first_row(page)
    assert page.locator("mark").first.inner_text() == (
        "Washington pledged Javelin missiles to Ukraine."
    )
    assert page.get_by_text("<script>alert(1)</script>", exact=False).count() >= 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    page.close()


def test_clicking_a_heatmap_cell_narrows_the_table(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})  # type: ignore[attr-defined]
    page.goto(server)
    settle(page)
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Select a row")
    assert "narrowed" not in caption.inner_text()
    # The second chart is the sanctions heatmap; its cells are drawn on a canvas, so click
    # over the plot area until one lands on a cell.
    heatmap = page.locator('[data-testid="stVegaLiteChart"]').nth(1)
    narrowed = ""
    for fx in (0.35, 0.5, 0.65, 0.8):
        for fy in (0.15, 0.3, 0.45, 0.6):
            # The box is read at each click: a rerun may move the charts, and a click at
            # page coordinates read before it once landed on the arms heatmap below.
            box = heatmap.bounding_box()
            assert box is not None
            heatmap.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
            page.wait_for_timeout(1_000)
            settle(page)
            text = caption.inner_text()
            if "narrowed by the chart selection" in text:
                narrowed = text
                break
        if narrowed:
            break
    assert narrowed, "no click on the heatmap narrowed the table"
    shown = int(narrowed.split(" event")[0])
    assert 1 <= shown < 9  # nine mentions in the seed, at least one of them arms
    assert narrowed.split(": ", 1)[1].startswith("sanction, by ")
    page.close()
