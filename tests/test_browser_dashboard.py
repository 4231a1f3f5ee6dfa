"""End to end: `streamlit run dashboard/app.py` on a free port, driven in headless Chromium.

Uses Debian's /usr/bin/chromium through the Playwright package (no browser download).
Skips cleanly when Chromium or Playwright is not installed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from assets.dashboard_seed import seed_database

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError("streamlit did not become healthy")


STREAMLIT_RUN = ("-m", "streamlit", "run", "dashboard/app.py")
WARM_SERVE = ("-m", "dashboard.serve")  # what `make demo` runs


def start_server(
    entry: tuple[str, ...], url: str, port: int, out: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """The dashboard (`entry`: STREAMLIT_RUN or WARM_SERVE) headless on 127.0.0.1:`port`,
    reading the database at `url`; its output goes to `out`, or nowhere."""
    sink: IO[bytes] | int = subprocess.DEVNULL if out is None else out
    return subprocess.Popen(
        [sys.executable, *entry, "--server.headless", "true",
         "--browser.gatherUsageStats", "false",
         "--server.address", "127.0.0.1", "--server.port", str(port)],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=sink, stderr=sink,
    )  # fmt: skip


def wait_for_log(log: Path, text: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Wait until the server's output in `log` contains `text`."""
    deadline = time.monotonic() + timeout
    while text not in log.read_text():
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-500:]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {text!r} from the server in {timeout:.0f} s")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    url = seed_database(tmp_path_factory.mktemp("browser") / "seed.db")
    port = free_port()
    proc = start_server(STREAMLIT_RUN, url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def settle(page: object) -> None:
    """Wait until the script has finished its run and the table is on the page."""
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)  # type: ignore[attr-defined]


def metric(page: object, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]', has_text=label)  # type: ignore[attr-defined]
    return str(box.locator('[data-testid="stMetricValue"]').inner_text()).strip()


def select_first_row(page: object, attempts: int = 3) -> None:
    """Tick the first row's select box; the grid is a canvas, so click by position, and
    again if a busy page drew the grid after the click."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        grid = page.locator('[data-testid="stDataFrame"]').first  # type: ignore[attr-defined]
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # type: ignore[attr-defined]
        try:
            page.wait_for_selector("mark", timeout=20_000)  # type: ignore[attr-defined]
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


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

    # The events CSV holds exactly the filtered rows, every one involving Iran.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Events (CSV)").click()
    path = tmp_path / "events.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3
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
    box = heatmap.bounding_box()
    assert box is not None
    narrowed = ""
    for fx in (0.35, 0.5, 0.65, 0.8):
        for fy in (0.15, 0.3, 0.45, 0.6):
            page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
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
