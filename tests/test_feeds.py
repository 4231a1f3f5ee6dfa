"""Fetching feeds over HTTP: a total deadline, and redirects only where they may go.

Every server here is a real one, on 127.0.0.1, run by a thread of the test.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl import sources
from etl.cli import app
from etl.sources import SourceError, feed, fetch, html  # noqa: F401 - imported before timing

FIX = Path(__file__).parent / "fixtures" / "sources"
DRIP_FOR = 8.0  # seconds a drip server keeps sending: far beyond the deadlines below


class Handler(http.server.BaseHTTPRequestHandler):
    """Quiet handler whose servers count requests (`server.hits`)."""

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.answer()

    def answer(self) -> None:
        raise NotImplementedError


@contextmanager
def serving(handler: type[Handler]) -> Iterator[http.server.ThreadingHTTPServer]:
    """A threaded HTTP server on a free loopback port; `server.base` is its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    server.hits = []  # type: ignore[attr-defined]
    server.base = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    server.gone = threading.Event()  # type: ignore[attr-defined]  # a client hung up
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base(server: http.server.ThreadingHTTPServer) -> str:
    return str(server.base)  # type: ignore[attr-defined]


# --- the deadline -----------------------------------------------------------------------


class Drip(Handler):
    """Sends one byte at a time, every 0.2 s, for DRIP_FOR seconds: in the body (/body) or
    already in the status line and headers (/headers). No socket timeout ever fires."""

    def answer(self) -> None:
        if self.path == "/body":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            payload = b"<rss version='2.0'><channel>" + b" " * 10_000
        else:
            payload = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n" + b"X: y\r\n" * 999
            )
        end = time.monotonic() + DRIP_FOR
        try:
            for byte in payload:
                if time.monotonic() > end:
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:  # the reader hung up
            self.server.gone.set()  # type: ignore[attr-defined]


@pytest.mark.parametrize("where", ["body", "headers"])
def test_slow_drip_is_cut_at_the_deadline(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    monkeypatch.setenv(fetch.DEADLINE_ENV, "1")
    with serving(Drip) as server:
        url = f"{base(server)}/{where}"
        t0 = time.monotonic()
        with pytest.raises(SourceError, match=r"no complete answer within 1 s; cut off"):
            list(sources.read([url]))
        elapsed = time.monotonic() - t0
        assert 1.0 <= elapsed < 4.0, elapsed  # the drip goes on for 8 s
        # The connection is shut, not left to drip on behind the reader's back.
        assert server.gone.wait(3.0)  # type: ignore[attr-defined]


def test_deadline_default_and_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fetch.DEADLINE_ENV, raising=False)
    assert fetch.deadline_from_env() == fetch.DEADLINE == 30.0
    monkeypatch.setenv(fetch.DEADLINE_ENV, "2.5")
    assert fetch.deadline_from_env() == 2.5
    for bad in ("0", "-3", "soon", "inf", "nan"):
        monkeypatch.setenv(fetch.DEADLINE_ENV, bad)
        with pytest.raises(SourceError, match="MONITOR_FETCH_TIMEOUT must be a positive number"):
            fetch.deadline_from_env()


def test_bad_deadline_setting_is_one_error_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(fetch.DEADLINE_ENV, "soon")
    result = CliRunner().invoke(
        app, ["ingest", "http://127.0.0.1:9/x.rss", "-o", str(tmp_path / "o.jsonl")]
    )
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("error: MONITOR_FETCH_TIMEOUT") and result.stderr.count("\n") == 1
    )


# --- which addresses count as public ----------------------------------------------------


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"])
def test_public_addresses(address: str) -> None:
    assert fetch.is_public(address)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1%eth0",
        "fd12:3456::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",  # 6to4 wrapping 127.0.0.1
        "not-an-address",
    ],
)
def test_private_addresses(address: str) -> None:
    assert not fetch.is_public(address)


def test_redirect_policy() -> None:
    refusal = fetch.redirect_refusal
    assert refusal("http://example.org/feed", ["93.184.215.14"], from_public=True) is None
    assert refusal("https://example.org/feed", ["93.184.215.14"], from_public=False) is None
    # A public server may not send the reader to the reader's own machine or network ...
    for private in (["127.0.0.1"], ["::1"], ["10.1.2.3"], ["93.184.215.14", "192.168.0.2"]):
        why = refusal("http://admin.local/", private, from_public=True)
        assert why and "loopback or private" in why
    # ... but a feed the user names on their own network may redirect within it.
    assert refusal("http://127.0.0.1:8080/feed", ["127.0.0.1"], from_public=False) is None
    for other in ("ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://x/"):
        why = refusal(other, ["8.8.8.8"], from_public=False)
        assert why and "only http(s) redirects" in why


# --- redirects, end to end --------------------------------------------------------------


class Admin(Handler):
    """Another service on the same machine, which no feed may make us read."""

    def answer(self) -> None:
        body = b"<rss version='2.0'><channel><item><title>secret</title>" + (
            b"<description>internal admin token 42</description></item></channel></rss>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def redirector(to: dict[str, str]) -> type[Handler]:
    class Redirect(Handler):
        def answer(self) -> None:
            if self.path in to:
                self.send_response(302)
                self.send_header("Location", to[self.path])
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                feed = (FIX / "feed.rss").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(feed)))
                self.end_headers()
                self.wfile.write(feed)

    return Redirect


@pytest.fixture
def admin() -> Iterator[http.server.ThreadingHTTPServer]:
    with serving(Admin) as server:
        yield server


def test_public_origin_is_not_redirected_to_a_loopback_port(
    admin: http.server.ThreadingHTTPServer,
) -> None:
    target = f"{base(admin)}/internal-admin"
    with serving(redirector({"/feed.rss": target})) as origin:
        url = f"{base(origin)}/feed.rss"
        with pytest.raises(SourceError, match="refused: a public server may not redirect"):
            fetch.get(url, origin_public=True)  # as if the origin were on the internet
        assert admin.hits == []  # type: ignore[attr-defined]  # not even asked
        # A loopback origin (the user's own server) may redirect on its own machine.
        answer = fetch.get(url)
        assert answer.url == target and b"internal admin token" in answer.data
        assert admin.hits == ["/internal-admin"]  # type: ignore[attr-defined]


def test_redirects_are_followed_to_http(admin: http.server.ThreadingHTTPServer) -> None:
    with serving(redirector({"/a": "/b", "/b": "/feed.rss"})) as origin:
        got = [a for a in sources.read([f"{base(origin)}/a"]) if isinstance(a, sources.Article)]
    from_file = [a for a in sources.read([FIX / "feed.rss"]) if isinstance(a, sources.Article)]
    assert [a.id for a in got] == [a.id for a in from_file] and got


def test_redirect_loop_is_refused() -> None:
    with (
        serving(redirector({"/a": "/b", "/b": "/a"})) as origin,
        pytest.raises(SourceError, match="more than 5 redirects"),
    ):
        fetch.get(f"{base(origin)}/a")


@contextmanager
def listener() -> Iterator[tuple[int, list[object]]]:
    """A bare TCP port that counts connections (an FTP server would sit here)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.1)
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            accepted.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        sock.close()


def test_ftp_redirect_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    with listener() as (port, accepted):
        ftp = f"ftp://127.0.0.1:{port}/pub/feed.rss"
        with serving(redirector({"/feed.rss": ftp})) as origin:
            out = tmp_path / "articles.jsonl"
            result = CliRunner().invoke(app, ["ingest", f"{base(origin)}/feed.rss", "-o", str(out)])
        assert accepted == []  # the FTP port was never contacted
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and f"redirect to {ftp} refused" in line
    assert "only http(s) redirects are followed" in line
    sidecar = tmp_path / "articles.rejected.jsonl"
    assert not sidecar.exists() or sidecar.read_text() == ""
