"""The charts as a person sees them, in headless Chromium: every heatmap row has its label,
the timeline opens on the years that hold the events (a date mentioned in passing, 1979,
is one click away), and the page asks nothing of any server but its own.

The seed is the wide corpus of `assets/dashboard_seed.py` (15 arms suppliers, monthly
events over 2022-2023, one event dated 1979), served by `python -m dashboard.serve` as
`make demo` does. Small charts are drawn as SVG, so their labels and bars can be read from
the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from assets.browser import WARM_SERVE, chromium, metric, require_browser, serving, settle
from assets.dashboard_seed import SUPPLIERS, seed_database

pytestmark = pytest.mark.browser

TIMELINE, SANCTIONS, ARMS = 0, 1, 2  # the charts' order on the page

# What one chart shows: the visible labels of each axis (Vega hides a label that would
# overlap its neighbour by giving it opacity 0) and the boxes of its data marks.
READ_CHART = """chart => {
    const box = e => { const r = e.getBoundingClientRect();
                       return {x: r.x, y: r.y, width: r.width, height: r.height}; };
    const axes = {};
    for (const axis of chart.querySelectorAll('g.role-axis')) {
        const name = axis.getAttribute('aria-label') || '';
        axes[name.slice(0, 1)] = {
            description: name,
            labels: [...axis.querySelectorAll('g.role-axis-label text')]
                .filter(t => t.getAttribute('opacity') !== '0' && t.textContent)
                .map(t => ({text: t.textContent, ...box(t)})),
        };
    }
    const marks = [...chart.querySelectorAll('g.mark-rect.role-mark path')].map(box);
    return {axes, marks};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    url = seed_database(tmp_path_factory.mktemp("charts") / "wide.db", wide=True)
    with serving(url, WARM_SERVE) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def chart(page: Any, n: int) -> dict[str, Any]:
    """What the `n`th chart on the page shows, once Vega has drawn its axes."""
    located = page.locator('[data-testid="stVegaLiteChart"]').nth(n)
    located.locator("svg g.role-axis").first.wait_for(state="attached", timeout=30_000)
    shown: dict[str, Any] = located.evaluate(READ_CHART)
    return shown


def open_page(browser: Any, server: str) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(server)
    settle(page)
    return page


def test_every_heatmap_row_has_its_label(server: str, browser: Any) -> None:
    page = open_page(browser, server)
    arms = chart(page, ARMS)
    labels = arms["axes"]["Y"]["labels"]
    rows = sorted({round(m["y"] + m["height"] / 2) for m in arms["marks"]})
    assert len(rows) == len(SUPPLIERS) == 15
    assert len(labels) == len(rows), [label["text"] for label in labels]
    # Each row has a label beside it, and the busiest supplier comes first.
    for row in rows:
        assert any(abs(row - (lb["y"] + lb["height"] / 2)) < 6 for lb in labels), row
    assert labels[0]["text"] == "United States"
    page.close()


def test_timeline_opens_on_the_busy_years_and_one_click_shows_all(
    server: str, browser: Any
) -> None:
    page = open_page(browser, server)
    shown = chart(page, TIMELINE)
    x = shown["axes"]["X"]
    # The 1979 date stays off the default axis, so two years of monthly bars are bars.
    assert "from January 2022" in x["description"], x["description"]
    assert not [lb["text"] for lb in x["labels"] if "19" in lb["text"][-4:-2]]
    widths = [m["width"] for m in shown["marks"]]
    assert len(widths) >= 20 and min(widths) >= 10, widths
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Click a bar")
    # Deliveries a month apart are separate events (a delivery's window is 7 days, see
    # etl/lexicons/grouping.json), so here each mention is its own event; that the page
    # counts events, fewer than mentions, is checked on the sample in test_browser_events.
    total = int(metric(page, "Events"))
    assert total == int(metric(page, "Mentions")) == sum(n for *_, n in SUPPLIERS) + 1
    assert f"1 of {total} dated events lie outside" in caption.inner_text()

    page.get_by_text("All dates (1979–2023)").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] g.role-axis')]
                 .some(a => (a.getAttribute('aria-label') || '').includes('November 1979'))""",
        timeout=60_000,
    )
    settle(page)
    whole = chart(page, TIMELINE)
    x = whole["axes"]["X"]
    assert "from November 1979 to" in x["description"], x["description"]
    # 45 years of months leave each bar about a pixel and a half: thin, but drawn.
    widths = [m["width"] for m in whole["marks"]]
    assert len(widths) >= 20 and min(widths) > 0.5, widths
    assert "lie outside" not in caption.inner_text()
    page.close()


def test_the_page_asks_nothing_of_other_servers(server: str, browser: Any) -> None:
    own = urlsplit(server).netloc
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.on("websocket", lambda socket: asked.append(socket.url))
    page.goto(server)
    settle(page)
    # The page icon is set once the script has sent its page config; the browser fetches
    # it then (it used to come from an outside font server).
    page.wait_for_function(
        """() => { const icon = document.querySelector("link[rel='shortcut icon']");
                   return icon && !icon.href.endsWith('/favicon.png'); }""",
        timeout=30_000,
    )
    chart(page, ARMS)
    page.wait_for_timeout(1_500)
    outside = [
        url
        for url in asked
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
    ]
    assert asked and not outside
    page.close()
