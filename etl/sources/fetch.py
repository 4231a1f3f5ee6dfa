"""The network edge: one HTTP(S) GET with a total deadline and a redirect policy.

Socket timeouts bound each wait, not the whole fetch: a server sending one byte every few
seconds never trips them. So the request runs in a worker thread and the caller stops
waiting at the deadline, shutting the connection down. Redirects are followed only to
http(s), and never from a public address to a loopback, private or link-local one (a
feed on the internet must not be able to make the reader fetch, and store, a service
on the reader's own machine or network). The connection goes to the very addresses that
were checked, not to whatever the name resolves to a moment later.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import os
import socket
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from etl.sources import SourceError

DEADLINE = 30.0  # seconds for a whole fetch, redirects included
DEADLINE_ENV = "MONITOR_FETCH_TIMEOUT"
MAX_BYTES = 50 * 1024 * 1024  # a feed larger than this is not a feed
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Fetched:
    """A complete answer: the body, lower-cased headers and the URL that gave them."""

    data: bytes
    headers: dict[str, str]
    url: str


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet: not loopback, private (10/8,
    172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), shared, reserved
    or multicast. IPv4 addresses wrapped in IPv6 (::ffff:127.0.0.1, 6to4) are unwrapped."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # "%eth0": an IPv6 zone
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    return ip.is_global and not ip.is_multicast


def redirect_refusal(target: str, addresses: Sequence[str], *, from_public: bool) -> str | None:
    """Why a redirect to `target`, whose host resolves to `addresses`, must not be
    followed; None when it may be. `from_public`: the redirecting server is public."""
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        return f"only http(s) redirects are followed, not {scheme or 'this'}:"
    private = [a for a in addresses if not is_public(a)]
    if from_public and private:
        return f"a public server may not redirect to a loopback or private address ({private[0]})"
    return None


def deadline_from_env() -> float:
    """The fetch deadline in seconds: $MONITOR_FETCH_TIMEOUT, else DEADLINE."""
    value = os.environ.get(DEADLINE_ENV, "").strip()
    if not value:
        return DEADLINE
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise SourceError(f"{DEADLINE_ENV} must be a positive number of seconds, not {value!r}")
    return seconds


def get(
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    origin_public: bool | None = None,
) -> Fetched:
    """GET `url` within `deadline` seconds in all (name lookup, connecting, redirects,
    headers, body), or raise SourceError; nothing of a refused or cut-off answer is kept.

    `origin_public` says whether `url`'s server counts as public for the redirect rule;
    None (the default) decides it from the addresses its name resolves to.
    """
    job = _Job(url, dict(headers or {}), max_bytes, origin_public, deadline)
    worker = threading.Thread(target=job.run, name=f"fetch {url}", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        job.cut()
        raise SourceError(
            f"{url}: no complete answer within {deadline:g} s; cut off"
            f" (${DEADLINE_ENV} sets the limit)"
        )
    if job.error is not None:
        raise job.error
    assert job.result is not None
    return job.result


@dataclass
class _Job:
    """One fetch, run by a worker thread; `cut` ends it from the waiting thread."""

    url: str
    headers: dict[str, str]
    max_bytes: int
    origin_public: bool | None
    deadline: float
    result: Fetched | None = None
    error: SourceError | None = None
    _conn: _PinnedHTTP | None = field(default=None, repr=False)
    _cut: bool = False

    def run(self) -> None:
        try:
            self.result = self._fetch()
        except SourceError as exc:
            self.error = exc
        except Exception as exc:  # anything else the network throws is "cannot fetch"
            self.error = SourceError(f"{self.url}: cannot fetch ({_why(exc)})")
        finally:
            if self._conn is not None:
                self._conn.close()

    def cut(self) -> None:
        """Shut the connection down so a blocked read returns now, not after a timeout."""
        self._cut = True
        # `opened`, not `sock`: http.client lets go of `sock` once a response that reads
        # to the end of the stream is under way; the socket itself is still being read.
        sock = self._conn.opened if self._conn is not None else None
        if sock is not None:
            # socket.socket's own shutdown, also for a TLS socket: that leaves the TLS
            # state to the reading thread, which sees the end of the stream.
            with contextlib.suppress(OSError):  # already closed
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def _fetch(self) -> Fetched:
        current = self.url
        public = False
        for hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            addresses = _resolve(current)
            if hop == 0:  # the origin, as the user named it
                public = (
                    self.origin_public
                    if self.origin_public is not None
                    else all(is_public(a) for a in addresses)
                )
            elif why := redirect_refusal(current, addresses, from_public=public):
                raise SourceError(f"{self.url}: redirect to {current} refused: {why}")
            else:
                public = all(is_public(a) for a in addresses)
            if self._cut:  # the caller gave up while the name was being looked up
                raise SourceError(f"{self.url}: cut off")
            conn = _connection(parts.scheme, parts.hostname or "", parts.port, addresses)
            conn.timeout = self.deadline
            self._conn = conn
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("GET", target, headers=self.headers)
            response = conn.getresponse()
            if response.status in _REDIRECTS and response.getheader("location"):
                following = urljoin(current, response.getheader("location", ""))
                if why := redirect_refusal(following, (), from_public=False):  # the scheme
                    raise SourceError(f"{self.url}: redirect to {following} refused: {why}")
                conn.close()  # the redirect's own body is never read
                current = following
                continue
            if not 200 <= response.status < 300:
                raise SourceError(f"{self.url}: HTTP {response.status} {response.reason}")
            data = response.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                mib = self.max_bytes // 2**20
                raise SourceError(f"{self.url}: larger than {mib} MiB; not read")
            found = {k.lower(): v for k, v in response.getheaders()}
            return Fetched(data=data, headers=found, url=current)
        raise SourceError(f"{self.url}: more than {MAX_REDIRECTS} redirects; not followed")


def _resolve(url: str) -> list[str]:
    """The addresses `url`'s host resolves to (checked, then connected to: no second lookup)."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise SourceError(f"{url}: not a valid port") from None
    if not parts.hostname:
        raise SourceError(f"{url}: no host name")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"{url}: cannot fetch ({_why(exc)})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to addresses already checked, keeping the name for Host (and TLS SNI)."""

    addresses: Sequence[str] = ()
    opened: socket.socket | None = None  # kept for `_Job.cut`

    def connect(self) -> None:
        error: OSError = OSError("no address")
        for address in self.addresses:
            try:
                self.sock = self.opened = socket.create_connection(
                    (address, self.port), self.timeout
                )
                return
            except OSError as exc:
                error = exc
        raise error


class _PinnedHTTPS(http.client.HTTPSConnection, _PinnedHTTP):
    """HTTPSConnection.connect wraps what _PinnedHTTP.connect opens (method order)."""

    def connect(self) -> None:
        super().connect()
        self.opened = self.sock  # the TLS socket now owns the connection


def _connection(scheme: str, host: str, port: int | None, addresses: Sequence[str]) -> _PinnedHTTP:
    conn: _PinnedHTTP = (_PinnedHTTPS if scheme.lower() == "https" else _PinnedHTTP)(host, port)
    conn.addresses = addresses
    return conn


def _why(exc: BaseException) -> str:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return reason if isinstance(reason, str) else str(reason)
