"""Events, not mentions, in a real browser (issue 10): the dashboard over a database made by
the real pipeline (`python -m etl run data/sample`, the spaCy tagger, the grouping), served
by `streamlit run` and driven in headless Debian Chromium.

The page's headline counts must be what its downloads hold: as many rows in the events
download as the Events figure, as many in the mentions download as the Mentions figure.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from assets.browser import ROOT, chromium, metric, require_browser, serving, settle

pytestmark = [pytest.mark.browser, pytest.mark.model]

SAMPLE = ROOT / "data" / "sample" / "articles.jsonl"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('events') / 'sample.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "etl", "run", str(SAMPLE), "--db", url],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with serving(url) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def figure(page: Any, label: str) -> int:
    return int(metric(page, label).replace(",", ""))


def download(page: Any, button: str, path: Path) -> list[dict[str, str]]:
    """Click a download button and read the CSV it gives."""
    with page.expect_download(timeout=120_000) as got:
        page.get_by_role("button", name=button).click()
    got.value.save_as(path)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.mark.parametrize("view", ["", "?country=IRN", "?type=arms_transfer&from=2022-01-01"])
def test_the_headline_counts_are_what_the_downloads_hold(
    server: str, browser: Any, tmp_path: Path, view: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    page.goto(f"{server}/{view}")
    settle(page)
    events, mentions = figure(page, "Events"), figure(page, "Mentions")
    assert 0 < events <= mentions
    rows = download(page, "Events (CSV)", tmp_path / "events.csv")
    assert len(rows) == events
    ids = [r["event_id"] for r in rows]
    assert len(set(ids)) == len(ids) and all(ids)  # one row per event, each with its id
    said = download(page, "Mentions (CSV)", tmp_path / "mentions.csv")
    assert len(said) == mentions
    # Every mention names its event, and together they name exactly the events listed.
    assert {r["event_id"] for r in said} == set(ids)
    assert sum(int(r["mentions"]) for r in rows) == mentions
    # The table caption counts the same events, one row each.
    caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Select a row")
    assert caption.inner_text().startswith(f"{events:,} event")
    page.close()


def test_the_count_switch_counts_mentions_and_stays_in_the_url(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(server)
    settle(page)
    assert page.get_by_text("Events over time by acting country or bloc").count() == 1
    events, mentions = figure(page, "Events"), figure(page, "Mentions")
    page.get_by_role("radiogroup", name="Charts count").get_by_text("Mentions").click()
    page.wait_for_url(re.compile(r"count=mentions"), timeout=60_000)
    page.wait_for_selector("text=Mentions over time by acting country or bloc", timeout=60_000)
    settle(page)
    assert page.get_by_text("Events over time by acting country or bloc").count() == 0
    # The headline still gives both, each under its name.
    assert (figure(page, "Events"), figure(page, "Mentions")) == (events, mentions)
    # The link reopens the view counting mentions.
    page.goto(f"{server}/?count=mentions")
    settle(page)
    assert page.get_by_text("Mentions over time by acting country or bloc").count() == 1
    page.close()
