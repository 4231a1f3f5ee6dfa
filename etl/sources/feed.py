"""RSS and Atom feeds, from a local file or an http(s) URL, parsed with feedparser.

Each entry becomes an Article: id (or link), title, content or summary as plain text,
published (or updated) date, link, and the feed's title as the source. An http(s) URL
that serves a web page rather than a feed is read as one article (`etl.sources.html`).
Fetching (deadline, redirect rules) is `etl.sources.fetch`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from etl import __version__
from etl.sources import Item, Options, Source, fetch, raw_json, reject, validate
from etl.sources.normalise import html_to_text, parse_date, tidy

USER_AGENT = f"sanctions-arms-monitor/{__version__} (+feed reader)"
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.5, */*;q=0.1"
)


def read(src: Source, _options: Options) -> Iterator[Item]:
    """Entries of a feed file."""
    yield from parse(src.path.read_bytes(), src)


def read_url(src: Source, _options: Options) -> Iterator[Item]:
    """Entries of the feed at an http(s) URL; a web page there is read as one article."""
    answer = fetch.get(
        src.location,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
        deadline=fetch.deadline_from_env(),
    )
    data, headers = answer.data, answer.headers
    content_type = headers.get("content-type", "")
    if "html" in content_type.lower() and not _looks_like_feed(data):
        from etl.sources import html

        yield html.to_item(data, id=src.location, origin=src.location, url=src.location)
        return
    yield from parse(data, src, headers)


def _looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse(data: bytes, src: Source, headers: Mapping[str, str] | None = None) -> Iterator[Item]:
    """Articles (and rejects) from the bytes of a feed. Pure: no network, no files."""
    import feedparser

    try:
        # response_headers carries the server's charset; without it feedparser sniffs.
        parsed = feedparser.parse(data, response_headers=dict(headers or {}))
    except Exception as exc:  # feedparser is lenient, but input is arbitrary bytes
        yield reject(src.location, f"not an RSS/Atom feed: {type(exc).__name__}: {exc}", "")
        return
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        # feedparser reads <item>s out of any XML; without a recognised feed root the
        # file is something else, reported once rather than as a pile of odd entries.
        why = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf> root element"
        raw = data[:2000].decode("utf-8", "replace")
        yield reject(src.location, f"not an RSS/Atom feed: {why}", raw)
        return
    feed_title = tidy(parsed.feed.get("title") or "") or None
    language = parsed.feed.get("language") or None
    for n, entry in enumerate(parsed.entries, 1):
        yield entry_item(
            entry,
            origin=f"{src.location}:entry {n}",
            name=src.name,
            n=n,
            feed_title=feed_title,
            language=language,
        )


def entry_item(
    entry: dict[str, Any],
    *,
    origin: str,
    name: str,
    n: int,
    feed_title: str | None,
    language: str | None,
) -> Item:
    """One feed entry as an Article, or a RejectedRecord."""
    raw = raw_json({k: entry.get(k) for k in ("id", "link", "title", "published", "summary")})
    title = _plain(entry.get("title_detail"), entry.get("title"))
    text = _body(entry)
    published: date | None = None
    # dict.get, not entry.get: feedparser's own lookup maps a missing published_parsed
    # to updated_parsed with a DeprecationWarning; we ask for each explicitly.
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if isinstance(stamp, time.struct_time):
        published = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    else:
        stated = entry.get("published") or entry.get("updated")
        if isinstance(stated, str) and stated.strip():
            published = parse_date(stated)
            if published is None:
                return reject(origin, f"published: {stated.strip()[:60]!r} is not a date", raw)
    link = entry.get("link") or None
    entry_id = entry.get("id") or link
    if not entry_id:
        digest = hashlib.sha256(f"{title or ''}\x1f{text}".encode()).hexdigest()[:12]
        entry_id = f"{name}:entry {n}:{digest}"
    if not text:
        return reject(origin, "entry has no summary or content", raw)
    data = {
        "id": entry_id,
        "title": title,
        "text": text,
        "published": published,
        "url": link,
        "source": feed_title,
        "language": entry.get("language") or language,
    }
    return validate(data, origin, raw)


def _plain(detail: Any, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    kind = detail.get("type", "") if isinstance(detail, Mapping) else ""
    return (html_to_text(value) if "html" in kind else tidy(value)) or None


def _body(entry: Mapping[str, Any]) -> str:
    """The longest content block, else the summary, as plain text."""
    best = ""
    for block in entry.get("content") or []:
        if isinstance(block, Mapping):
            candidate = _plain(block, block.get("value")) or ""
            if len(candidate) > len(best):
                best = candidate
    if not best:
        best = _plain(entry.get("summary_detail"), entry.get("summary")) or ""
    return best
