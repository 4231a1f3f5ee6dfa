"""Shared helpers for the real-browser tests: start the dashboard on a free port, wait until
it is healthy, and drive headless Debian Chromium through Playwright (no browser download).

Browser test modules import what they need from here; `server`/`browser` fixtures are built
with `serve()` and `launch()` so each module can seed its own database.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
from assets.dashboard_seed import seed_database

ROOT = Path(__file__).resolve().parents[2]
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


def require_browser() -> None:
    """Skip the calling test when Debian Chromium or the Playwright package is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@contextmanager
def serving(url: str, entry: tuple[str, ...] = STREAMLIT_RUN) -> Iterator[str]:
    """The dashboard reading the database at `url`, healthy on a free loopback port; yields
    its base URL and stops the server on exit."""
    port = free_port()
    proc = start_server(entry, url, port)
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


@contextmanager
def chromium() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a fresh copy of the small seeded database (`assets/dashboard_seed.py`)."""
    return seed_database(tmp_path_factory.mktemp("browser") / "seed.db")


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
