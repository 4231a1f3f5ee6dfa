"""The warm-start launcher (`python -m dashboard.serve`, what `make demo` runs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from assets.browser import WARM_SERVE, free_port, start_server, wait_for_log, wait_healthy
from assets.dashboard_seed import SEEDS, seed_database

from dashboard import cached, serve, snapshot


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    cached.load.clear()
    yield
    cached.load.clear()


@pytest.mark.usefixtures("fresh_caches")
def test_warm_fills_the_cache_the_page_reads(tmp_path: Path) -> None:
    url = seed_database(tmp_path / "seed.db")
    assert serve.warm(url) == len(SEEDS)
    source = snapshot.Source.from_url(url)
    version = snapshot.version(source)
    # The page's call finds the warm-up's snapshot instead of reading the database again.
    assert cached.load(source.url, version) is cached.load(source.url, version)
    assert len(cached.load(source.url, version).mentions) == len(SEEDS)


@pytest.mark.usefixtures("fresh_caches")
def test_warm_without_a_database_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.db"
    assert serve.warm(f"sqlite:///{missing}") is None
    assert "warm-up skipped: no database file" in capsys.readouterr().err
    assert not missing.exists()


def test_launcher_serves_and_reports_the_warm_up(tmp_path: Path) -> None:
    url = seed_database(tmp_path / "seed.db")
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = start_server(WARM_SERVE, url, port, out)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", proc)
            wait_for_log(log, "warm-up:", proc)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    text = log.read_text()
    assert f"dashboard warm-up: {len(SEEDS)} mentions ready" in text
    assert "Traceback" not in text and "ScriptRunContext" not in text
