"""CSV and TSV exports: one article per row, columns found by their header.

Headers are matched case- and punctuation-insensitively against `COLUMN_ALIASES` (data,
not code: add a spelling there), or named explicitly with `Options.columns`. A row without
an id gets a deterministic one from the file name, row and content.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from etl.sources import Item, Options, Source, SourceError, raw_json, reject, validate
from etl.sources.normalise import decode, parse_date

# Article field -> header spellings, most preferred first (normalised: lower case, only
# letters and digits). The first header present wins.
COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "id": ("id", "articleid", "docid", "documentid", "uniqueid", "uid", "guid", "key"),
        "title": ("title", "headline", "heading", "subject", "header"),
        "text": (
            "text",
            "body",
            "content",
            "fulltext",
            "articletext",
            "article",
            "story",
            "description",
            "abstract",
            "summary",
            "snippet",
            "lead",
        ),
        "published": (
            "published",
            "date",
            "pubdate",
            "publishdate",
            "publicationdate",
            "publishedat",
            "publishedon",
            "datepublished",
            "datetime",
            "timestamp",
            "time",
            "createdat",
        ),
        "url": ("url", "link", "href", "permalink", "weburl", "uri"),
        "source": ("source", "publisher", "outlet", "sourcename", "site", "newspaper", "feed"),
        "language": ("language", "lang", "languagecode"),
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]")


def _norm(header: str) -> str:
    return _NON_ALNUM.sub("", header.lower())


def map_columns(header: Sequence[str], explicit: Mapping[str, str]) -> dict[str, int]:
    """Article field -> column index. Explicit names must exist; aliases fill the rest."""
    by_norm: dict[str, int] = {}
    for i, h in enumerate(header):
        by_norm.setdefault(_norm(h), i)
    out: dict[str, int] = {}
    for name, wanted in explicit.items():
        if name not in COLUMN_ALIASES:
            raise SourceError(
                f"unknown article field {name!r} in a column mapping; "
                f"use one of {', '.join(COLUMN_ALIASES)}"
            )
        if _norm(wanted) not in by_norm:
            raise SourceError(f"no column {wanted!r} (for {name}) in header: {', '.join(header)}")
        out[name] = by_norm[_norm(wanted)]
    taken = set(out.values())
    for name, aliases in COLUMN_ALIASES.items():
        if name in out:
            continue
        for alias in aliases:
            if alias in by_norm and by_norm[alias] not in taken:
                out[name] = by_norm[alias]
                taken.add(by_norm[alias])
                break
    return out


def derived_id(name: str, row: int, title: str | None, text: str | None) -> str:
    """Deterministic id for a row without one: file name, row number, content digest."""
    digest = hashlib.sha256(f"{title or ''}\x1f{text or ''}".encode()).hexdigest()[:12]
    return f"{name}:{row}:{digest}"


def read(src: Source, options: Options) -> Iterator[Item]:
    """One Article (or RejectedRecord) per data row."""
    text = decode(src.path.read_bytes()).replace("\x00", "")
    yield from read_text(text, src, options)


def read_text(text: str, src: Source, options: Options) -> Iterator[Item]:
    """The parsing half of `read`, on decoded text (pure; used by tests too)."""
    delimiter = "\t" if src.location.lower().endswith(".tsv") else ","
    # Article bodies can exceed the csv module's 128 KiB default field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    buffer = io.StringIO(text, newline="")
    reader = csv.reader(buffer, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield reject(f"{src.location}:1", f"unreadable CSV header: {exc}", text[:2000])
        return
    if header is None:
        return  # an empty file has no records
    columns = map_columns(header, options.columns)
    if "text" not in columns:
        raise SourceError(
            f"{src.location}: no text column in header ({', '.join(header)[:200]}); "
            "name one with --column text=HEADER"
        )
    row_no = 1
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_no += 1
            yield reject(f"{src.location}:{start_line}", f"unreadable CSV row: {exc}", "")
            continue
        row_no += 1
        if not any(cell.strip() for cell in row):
            continue  # blank line
        yield _record(row, header, columns, src, f"{src.location}:{start_line}", row_no)


def _record(
    row: list[str],
    header: Sequence[str],
    columns: Mapping[str, int],
    src: Source,
    origin: str,
    row_no: int,
) -> Item:
    raw = raw_json(dict(zip(header, row, strict=False)) | _extra(row, header))
    if len(row) > len(header):
        return reject(
            origin,
            f"row has {len(row)} fields but the header has {len(header)} (unquoted delimiter?)",
            raw,
        )
    data: dict[str, Any] = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
    published = data.get("published")
    if isinstance(published, str) and published.strip():
        parsed = parse_date(published)
        if parsed is None:
            return reject(origin, f"published: {published.strip()[:60]!r} is not a date", raw)
        data["published"] = parsed
    if not (data.get("id") or "").strip():
        data["id"] = derived_id(src.name, row_no, data.get("title"), data.get("text"))
    return validate(data, origin, raw)


def _extra(row: list[str], header: Sequence[str]) -> dict[str, Any]:
    return {"_extra": row[len(header) :]} if len(row) > len(header) else {}
