"""The first hour in a real browser: what a newcomer's database, links and typing do to the
page. `streamlit run dashboard/app.py` on a free port, driven in headless Debian Chromium.

The database is the seed corpus without named actors (an empty `mentionactor` table, as in
any small corpus); the last test keeps loading articles into it while the page reloads.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qs, quote, urlparse

import pytest
from assets.browser import chromium, metric, require_browser, serving, settle
from assets.dashboard_seed import SEEDS, items, seed_database

from etl import store
from etl.records import Article, EventRecord

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    require_browser()
    return seed_database(tmp_path_factory.mktemp("robust") / "no-actors.db", actors=False)


@pytest.fixture(scope="module")
def server(database: str) -> Iterator[str]:
    with serving(database) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with chromium() as launched:
        yield launched


def open_page(browser: object, url: str) -> object:
    page = browser.new_page(viewport={"width": 1400, "height": 1600})  # type: ignore[attr-defined]
    page.goto(url)
    settle(page)
    return page


def assert_no_error(page: object) -> None:
    """No traceback and no error box on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    errors = page.locator('[data-testid="stAlertContentError"]')  # type: ignore[attr-defined]
    assert errors.count() == 0, errors.all_inner_texts()


def notices(page: object) -> list[str]:
    """The texts of the notice boxes in the main area, but the registers' empty state
    (this database has no register loaded: that box is always there)."""
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    texts = [str(t) for t in main.locator('[data-testid="stAlert"]').all_inner_texts()]
    return [t for t in texts if "registers load" not in t]


def test_a_database_that_names_no_actor_opens(server: str, browser: object) -> None:
    page = open_page(browser, server)
    assert_no_error(page)
    assert metric(page, "Mentions") == str(len(SEEDS))
    page.close()  # type: ignore[attr-defined]


def test_url_dates_the_date_widget_cannot_show(server: str, browser: object) -> None:
    page = open_page(browser, f"{server}/?from=0001-01-01&to=2500-01-01")
    assert_no_error(page)
    (notice,) = notices(page)
    assert "0001-01-01" in notice and "2500-01-01" in notice and "1900-01-01" in notice
    assert metric(page, "Mentions") == str(len(SEEDS))
    page.close()  # type: ignore[attr-defined]


def test_url_values_are_shown_as_short_text_in_one_notice(server: str, browser: object) -> None:
    trap = "http://127.0.0.1:9"  # nothing listens there; a request to it is the failure
    image, link = f"![x]({trap}/t.png)", f"[log in]({trap}/login)"
    countries = [image, *(f"Z{i:03d}" for i in range(500))]
    query = (
        "&".join([*(f"country={quote(c)}" for c in countries), f"actor={quote(link)}"])
        + "&actor="
        + "x" * 30_000
    )
    page = browser.new_page(viewport={"width": 1400, "height": 1600})  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/?{query}")
    settle(page)
    page.wait_for_timeout(1_000)  # time for an image in the notice to be fetched
    assert_no_error(page)
    (notice,) = notices(page)
    assert image in notice and link in notice  # word for word, as text
    assert "and 498 more" in notice and len(notice) < 1_000
    assert not [u for u in requested if u.startswith(trap)], requested
    assert page.locator(f'a[href^="{trap}"], img[src^="{trap}"]').count() == 0
    assert metric(page, "Mentions") == str(len(SEEDS))  # the unusable parts were dropped
    page.close()


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Iran", "IRN"), ("China", "CHN"), ("Niger", "NER"), ("Sudan", "SDN")],
)
def test_typing_a_country_name_and_enter_picks_that_country(
    server: str, browser: object, typed: str, code: str
) -> None:
    """Niger, not Nigeria; Sudan, not South Sudan (which comes first in the alphabetical
    list); "Iran" once picked every fuzzy match (Ireland, Bonaire, ...)."""
    page = open_page(browser, server)
    countries = page.locator('[data-testid="stMultiSelect"]').first  # type: ignore[attr-defined]
    countries.locator("input").click()
    page.keyboard.type(typed)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    # The page writes the picked countries into the URL (Niger and Sudan have no events in
    # the seed, so there is no table to wait for).
    page.wait_for_url(re.compile(r"country="), timeout=60_000)  # type: ignore[attr-defined]
    assert parse_qs(urlparse(page.url).query)["country"] == [code]  # type: ignore[attr-defined]
    page.close()  # type: ignore[attr-defined]


def copies(run: int) -> list[tuple[Article, list[EventRecord]]]:
    """The seed corpus again as new articles (new ids and text), for a later run."""
    out: list[tuple[Article, list[EventRecord]]] = []
    for article, records in items(actors=False):
        aid = f"{article.id}-run{run}"
        moved = article.model_copy(update={"id": aid, "text": f"{article.text} (run {run})"})
        out.append((moved, [replace(r, article_id=aid) for r in records]))
    return out


def test_pages_opened_while_a_run_writes_are_whole(
    database: str, server: str, browser: object
) -> None:
    """Runs last: it adds articles to the module's database. Each page shows one moment
    of the data: the headline counts are the table's counts, never an error."""
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:  # a run loading small chunks, one transaction each
        engine = store.make_engine(database)
        try:
            run_id = store.start_run(engine, ["copies"], "seed")
            run = 0
            while not stop.is_set() and run < 400:
                run += 1
                store.load_batch(engine, run_id, copies(run), tagger_version="seed")
                written.append(run)
                stop.wait(0.05)
            store.rebuild_events(engine)
            store.finish_run(engine, run_id, status="ok")
        finally:
            engine.dispose()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        for _ in range(3):
            page = open_page(browser, server)
            assert_no_error(page)
            caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Select a row")
            # "N events, one row each (from M mentions)": both as the headline says.
            text = caption.inner_text()
            assert metric(page, "Events") == text.split(" event")[0]
            assert metric(page, "Mentions") == text.split("(from ")[1].split(" mention")[0]
            page.close()
            stop.wait(2)  # let the data version move on
    finally:
        stop.set()
        writer.join()
    assert written, "the run wrote nothing while the pages loaded"
