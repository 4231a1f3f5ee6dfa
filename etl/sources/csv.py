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
from typing import Any, TextIO

from etl import sources
from etl.records import RejectedRecord
from etl.sources import (
    Item,
    Notice,
    Options,
    Source,
    SourceError,
    over_limit,
    raw_json,
    reject,
    validate,
)
from etl.sources.normalise import file_encoding, parse_date

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


def read(src: Source, options: Options) -> Iterator[Item | Notice]:
    """One Article (or RejectedRecord) per data row, read row by row in the file's
    detected encoding (`file_encoding`)."""
    encoding = file_encoding(src.path)
    with src.path.open(encoding=encoding, errors="replace", newline="") as fh:
        yield from read_lines(fh, src, options)


def read_text(text: str, src: Source, options: Options) -> Iterator[Item | Notice]:
    """The parsing half of `read`, on decoded text (pure; used by tests too)."""
    yield from read_lines(io.StringIO(text, newline=""), src, options)


_EOL = ("\n", "\r")


class _TooLong(Exception):
    """Raised through the csv reader when a row grows past the raw-record limit."""

    def __init__(self, line: int, length: int, prefix: str) -> None:
        self.line, self.length, self.prefix = line, length, prefix


class _Lines:
    """The physical lines the csv module parses, counted, NULs dropped, and bounded: a row
    that grows past `limit` characters is skipped to its end (the first line end outside
    quotes) and `_TooLong` is raised instead of handing it to the csv module."""

    def __init__(self, fh: TextIO, limit: int) -> None:
        self.fh, self.limit = fh, limit
        self.line = 0  # physical lines read so far
        self.row_start = 1  # first physical line of the row being parsed
        self.row_length = 0  # characters of that row so far
        self.quotes = 0  # quote characters in that row so far (odd: inside a quoted field)
        self.prefix = ""  # the row's first characters, kept when it is too long

    def start_row(self) -> None:
        self.row_start, self.row_length, self.quotes = self.line + 1, 0, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.fh.readline(self.limit - self.row_length + 1)
        if not line:
            raise StopIteration
        self.line += 1
        if not self.row_length:
            self.prefix = line[: sources.PREFIX]
        self.row_length += len(line)
        self.quotes += line.count('"')
        if self.row_length > self.limit:
            self._skip_row(line.endswith(_EOL))
        return line.replace("\x00", "")

    def _skip_row(self, ended: bool) -> None:
        # On to the end of the physical line, then on while a quoted field is open.
        while not (ended and self.quotes % 2 == 0):
            piece = self.fh.readline(1 << 20)
            if not piece:
                break
            if ended:  # this piece starts a new physical line
                self.line += 1
            self.row_length += len(piece)
            self.quotes += piece.count('"')
            ended = piece.endswith(_EOL)
        raise _TooLong(self.row_start, self.row_length, self.prefix)


def read_lines(fh: TextIO, src: Source, options: Options) -> Iterator[Item | Notice]:
    """Rows of an open CSV/TSV text stream as Articles or RejectedRecords."""
    delimiter = "\t" if src.location.lower().endswith(".tsv") else ","
    # Article bodies can exceed the csv module's 128 KiB default field limit; rows are
    # bounded by `_Lines` instead.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    lines = _Lines(fh, options.max_raw)
    # strict: a quote left open is an error ("unexpected end of data"), not a silent merge
    # of every following row into one field.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except (csv.Error, _TooLong) as exc:
        yield reject(f"{src.location}:1", f"unreadable CSV header: {exc}", "")
        return
    if header is None:
        yield Notice(src.location, "no records (the file is empty)")
        return
    columns = map_columns(header, options.columns)
    if "text" not in columns:
        raise SourceError(
            f"{src.location}: no text column in header ({', '.join(header)[:200]}); "
            "name one with --column text=HEADER"
        )
    if unused := [h for i, h in enumerate(header) if i not in columns.values() and h.strip()]:
        yield Notice(src.location, unused_note(unused, columns))
    row_no = 1
    rows = 0
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            break
        except _TooLong as exc:
            row_no += 1
            rows += 1
            what = f"row of {exc.length:,} characters"
            yield reject(
                f"{src.location}:{exc.line}", over_limit(what, options.max_chars), exc.prefix
            )
            continue
        except csv.Error as exc:
            row_no += 1
            rows += 1
            yield _unreadable(src, lines, str(exc))
            continue
        row_no += 1
        if not any(cell.strip() for cell in row):
            continue  # blank line
        rows += 1
        origin = f"{src.location}:{lines.row_start}"
        yield _record(row, header, columns, src, origin, row_no, options.max_chars)
    if not rows:
        yield Notice(src.location, "no records (a header but no rows)")


def _unreadable(src: Source, lines: _Lines, error: str) -> RejectedRecord:
    origin = f"{src.location}:{lines.row_start}"
    if error == "unexpected end of data":
        return reject(
            origin,
            f"unclosed quote: the quoted field opened on line {lines.row_start} never "
            f"closes, so lines {lines.row_start}-{lines.line} (to the end of the file) "
            "are not read",
            "",
        )
    if lines.line > lines.row_start:  # a quote that closed lines later: rows merged
        return reject(
            origin,
            f"unreadable CSV row: {error} (a quote opened on line {lines.row_start} "
            f"closes on line {lines.line}; lines {lines.row_start}-{lines.line} are not read)",
            "",
        )
    return reject(origin, f"unreadable CSV row: {error}", "")


def unused_note(unused: Sequence[str], columns: Mapping[str, int]) -> str:
    """What to say about columns no article field reads."""
    free = [name for name in COLUMN_ALIASES if name not in columns]
    names = ", ".join(repr(h) for h in unused)
    hint = (
        f"; to read one as an article field: --column FIELD=HEADER (fields without a "
        f"column here: {', '.join(free)})"
        if free
        else ""
    )
    return f"columns not used: {names}{hint}"


def _record(
    row: list[str],
    header: Sequence[str],
    columns: Mapping[str, int],
    src: Source,
    origin: str,
    row_no: int,
    max_chars: int,
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
    return validate(data, origin, raw, max_chars)


def _extra(row: list[str], header: Sequence[str]) -> dict[str, Any]:
    return {"_extra": row[len(header) :]} if len(row) > len(header) else {}
