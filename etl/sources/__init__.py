"""Readers: each source kind turns files (or a feed URL) into validated `Article` records.

`read(paths)` walks files and folders and yields an `Article` for every good record and a
`RejectedRecord` (with its origin and reason) for every bad one, so nothing is lost.
An input that cannot be read at all (missing path, unsupported type, unreachable URL) is a
user error: `SourceError`, one readable line.

Kinds, by suffix: JSON Lines (`.jsonl`, `.ndjson`), CSV/TSV (`.csv`, `.tsv`), plain text
(`.txt`), web pages (`.html`, `.htm`), RSS/Atom feeds (`.xml`, `.rss`, `.atom`), and
`http(s)://` URLs (a feed, or a single web page).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from etl.records import Article, RejectedRecord
from etl.sources.normalise import clean, clean_any

Item = Article | RejectedRecord
MAX_RAW = 20_000  # characters of a bad record kept for inspection

# suffix (lower case) -> reader kind; the kinds are the modules below.
SUFFIXES: Mapping[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


# Documentation that lives beside inputs in a folder (by file name without suffix).
DOC_FILES = frozenset({"README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG", "COPYING"})


class SourceError(Exception):
    """An input the user must fix (missing path, unsupported file type, unreachable URL)."""


@dataclass(frozen=True)
class Options:
    """Reader settings. `columns` maps an Article field to a CSV header (`text` -> `Body`),
    overriding the built-in header aliases."""

    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """One thing to read: a file (with the stable name its derived ids use) or a URL."""

    location: str  # the path or URL, as origins show it
    name: str  # stable relative name, e.g. "bbc/politics/001.txt"
    kind: str  # jsonl | csv | text | html | feed | url

    @property
    def path(self) -> Path:
        return Path(self.location)


Reader = Callable[[Source, Options], Iterator[Item]]


def is_url(value: str | Path) -> bool:
    text = str(value)
    return text.startswith(("http://", "https://"))


def supported_suffixes() -> list[str]:
    return sorted(SUFFIXES)


def _kind(path: Path) -> str | None:
    return SUFFIXES.get(path.suffix.lower())


def plan(paths: Iterable[str | Path]) -> list[Source | RejectedRecord]:
    """Resolve inputs into the sources to read, in a stable order, before reading any.

    A missing path, an unsupported file named directly or a folder with nothing readable
    is a `SourceError`. Files of other types found inside a folder come back as
    `RejectedRecord`s, so they are reported rather than skipped silently.
    """
    out: list[Source | RejectedRecord] = []
    for raw in paths:
        if is_url(raw):
            out.append(Source(location=str(raw), name=str(raw), kind="url"))
            continue
        path = Path(raw)
        if not path.exists():
            raise SourceError(f"no such file or folder: {path}")
        if path.is_dir():
            found = _walk(path)
            if not any(isinstance(s, Source) for s in found):
                raise SourceError(
                    f"{path}: no readable files (looked for {', '.join(supported_suffixes())})"
                )
            out.extend(found)
        elif kind := _kind(path):
            out.append(Source(location=str(path), name=path.name, kind=kind))
        else:
            raise SourceError(
                f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                f"expected one of {', '.join(supported_suffixes())} or an http(s) URL"
            )
    return out


def _walk(folder: Path) -> list[Source | RejectedRecord]:
    out: list[Source | RejectedRecord] = []
    for f in sorted(folder.rglob("*")):
        rel = f.relative_to(folder)
        if not f.is_file() or any(part.startswith(".") for part in rel.parts):
            continue  # hidden files and folders (.git, .DS_Store) are not inputs
        if f.stem.upper() in DOC_FILES:
            continue  # a folder's README or LICENSE documents it; it is not an article
        name = (Path(folder.resolve().name) / rel).as_posix()
        if kind := _kind(f):
            out.append(Source(location=str(f), name=name, kind=kind))
        else:
            out.append(
                reject(str(f), f"unsupported file type {f.suffix or '(none)'!r}; skipped", "")
            )
    return out


def _readers() -> dict[str, Reader]:
    # Imported lazily: the HTML reader pulls in trafilatura, which takes a moment.
    from etl.sources import csv, feed, html, jsonl, text

    return {
        "jsonl": jsonl.read,
        "csv": csv.read,
        "text": text.read,
        "html": html.read,
        "feed": feed.read,
        "url": feed.read_url,
    }


def read(paths: Iterable[str | Path], options: Options | None = None) -> Iterator[Item]:
    """Yield articles and rejected records from files, folders and URLs, in a stable order.

    All inputs are checked (`plan`) before the first record is yielded.
    """
    options = options or Options()
    planned = plan(paths)
    readers = _readers()
    for src in planned:
        if isinstance(src, RejectedRecord):
            yield src
        else:
            yield from readers[src.kind](src, options)


def reject(origin: str, reason: str, raw: str) -> RejectedRecord:
    """A RejectedRecord with text any store accepts and the raw record capped in size."""
    return RejectedRecord(origin=clean(origin), reason=clean(reason), raw=clean(raw[:MAX_RAW]))


def raw_json(data: Any) -> str:
    """The raw record as one line of JSON (for RejectedRecord.raw)."""
    return json.dumps(data, ensure_ascii=False, default=str)[:MAX_RAW]


def validate(data: dict[str, Any], origin: str, raw: str) -> Item:
    """Turn a mapping into an Article, or a RejectedRecord saying what is wrong."""
    try:
        return Article.model_validate(clean_any(data))
    except ValidationError as exc:
        return reject(origin, describe(exc), raw)


def describe(exc: ValidationError) -> str:
    """A one-line, human reason from a pydantic error: "text: missing; published: ..."."""
    parts = []
    for err in exc.errors():
        name = ".".join(str(x) for x in err["loc"]) or "record"
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "missing"
        elif err["type"] == "string_too_short":
            msg = "empty"
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        parts.append(f"{name}: {msg}")
    return "; ".join(parts)
