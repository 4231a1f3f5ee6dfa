"""End to end (issue 11): the "News and registers" view in headless Chromium, on a
database seeded by the real pipeline (`etl run` on articles written in
`assets/registers_seed.py`, then `etl registers load` of the fixture registers): a
confirmed event, a lead and a register-only entry are on the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from assets.browser import (
    ARTIFACTS,
    chromium,
    metric,
    require_browser,
    select_first_row,
    serving,
    settle,
)
from assets.registers_seed import seed_registers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    with serving(seed_registers(tmp_path_factory.mktemp("browser_registers"))) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def grid_text(page: object, after: str, expected: str) -> str:
    """The cells on screen of the table under the subheader `after`, once they show
    `expected` (the grid is a canvas; its accessible copy holds the cells drawn)."""
    heading = page.get_by_role("heading", name=after)  # type: ignore[attr-defined]
    grid = heading.locator('xpath=following::*[@data-testid="stDataFrame"][1]')
    grid.scroll_into_view_if_needed()
    page.wait_for_function(  # type: ignore[attr-defined]
        "([el, s]) => (el.textContent || '').includes(s)",
        arg=[grid.element_handle(), expected],
        timeout=60_000,
    )
    return str(grid.text_content() or "")


def test_confirmed_event_lead_and_register_only_entry(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1800})  # type: ignore[attr-defined]

    # The register filter from a shared link: the one event SIPRI confirms, its deal in
    # one line in the table and under the selected event.
    page.goto(f"{server}/?register=confirmed")
    settle(page)
    assert metric(page, "Events") == "1"
    events = page.locator('[data-testid="stDataFrame"]').first
    page.wait_for_function(
        """() => (document.querySelector('[data-testid="stDataFrame"]').textContent || '')
                 .includes('confirmed by SIPRI')""",
        timeout=60_000,
    )
    assert "confirmed by SIPRI: United States -> Ukraine: 38 HIMARS" in str(events.text_content())
    select_first_row(page)
    detail = page.get_by_text("Register: confirmed by SIPRI: United States -> Ukraine")
    assert detail.count() == 1

    # The whole view: the lead (news only) and the entries no article covers.
    page.goto(server)
    settle(page)
    assert metric(page, "Events") == "2"
    leads = grid_text(page, "Leads: news only", "Shahed")
    assert "Iran delivered Shahed drones to Russia" in leads
    assert "HIMARS" not in leads
    only = grid_text(page, "In the registers, not in the news", "Venezuela")
    assert "United States -> Venezuela: financial sanctions, since 2017" in only
    assert "Russia -> Turkiye: 4 S-400" in only
    assert "HIMARS" not in only
    pairs = grid_text(page, "News events beside the register, per pair and year", "UKR")
    assert "TIV 47.5m delivered" in pairs

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-registers.png"), full_page=True)
    page.close()
