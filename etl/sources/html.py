"""Web pages saved as `.html`/`.htm`: main text, title and date extracted with trafilatura.

Boilerplate (menus, footers, comments) is dropped; `published` comes from the page's
metadata (meta tags, JSON-LD, <time>), never guessed from the body text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from etl.records import RejectedRecord
from etl.sources import Item, Options, Source, read_file, reject, validate
from etl.sources.normalise import decode, parse_date, tidy

# Only metadata and markup, not free-text date guessing: a date in the body is often an
# event's date, not the publication's.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Less text than this is a menu or an error page, not an article.
MIN_TEXT = 25


def extract(data: bytes | str, url: str | None = None) -> dict[str, Any]:
    """{title, text, published, url, source, language} of a page; text may be ''."""
    import trafilatura

    # trafilatura warns through logging about pages it cannot use; we report those as
    # rejected records instead, so keep its chatter off the terminal.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    doc: Any = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    meta: Any = doc
    text = doc.text if doc is not None else None
    if not text:
        # Short pages fall below trafilatura's size threshold: take the baseline
        # extraction (all paragraph text) and the metadata on their own.
        _tree, text, _length = trafilatura.baseline(data)
        page = decode(data) if isinstance(data, bytes) else data
        meta = trafilatura.extract_metadata(page, default_url=url, extensive=False)
    title = tidy(meta.title) if meta is not None and meta.title else None
    body = tidy(text or "")
    if title and body.startswith(title):
        # The page's own <h1> repeats the title; the title is kept apart (full_text).
        body = body[len(title) :].lstrip()
    return {
        "title": title,
        "text": body,
        "published": parse_date(meta.date) if meta is not None else None,
        "url": (meta.url if meta is not None else None) or url,
        "source": meta.sitename if meta is not None else None,
        "language": meta.language if meta is not None else None,
    }


def to_item(
    data: bytes | str,
    *,
    id: str,
    origin: str,
    url: str | None = None,
    max_chars: int | None = None,
) -> Item:
    """One page as an Article, or a RejectedRecord saying why not."""
    raw = decode(data) if isinstance(data, bytes) else data
    try:
        fields = extract(data, url)
    except ImportError:
        raise  # a broken install, not a bad page: the run must fail (etl.sources.read)
    except Exception as exc:  # a third-party parser on arbitrary input: report, go on
        return reject(origin, f"cannot parse HTML: {type(exc).__name__}: {exc}", raw)
    if len(fields["text"]) < MIN_TEXT:
        found = len(fields["text"])
        return reject(origin, f"no article text found in the page ({found} characters)", raw)
    return validate({"id": id, **fields}, origin, raw, max_chars)


def read(src: Source, options: Options) -> Iterator[Item]:
    """One Article per page; the id is the file's relative path."""
    data = read_file(src, options)
    if isinstance(data, RejectedRecord):
        yield data
        return
    yield to_item(data, id=src.name, origin=src.location, max_chars=options.max_chars)
