"""Readers: each source kind turns files (or a feed URL) into validated `Article` records.

`read(paths)` walks files and folders and yields an `Article` for every good record and a
`RejectedRecord` (with its origin and reason) for every bad one, so nothing is lost.
An input that cannot be read at all (missing path, unsupported type, unreachable URL) is a
user error: `SourceError`, one readable line.

Kinds, by suffix: JSON Lines (`.jsonl`, `.ndjson`), CSV/TSV (`.csv`, `.tsv`), plain text
(`.txt`), web pages (`.html`, `.htm`), RSS/Atom feeds (`.xml`, `.rss`, `.atom`), and
`http(s)://` URLs (a feed, or a single web page).

Limits that keep one bad input from sinking a run: an article longer than
`Options.max_chars` characters (title and text; default 1,000,000, as spaCy's) is rejected,
and a raw record (a JSON line, a CSV row, a text or HTML file) longer than
`RAW_FACTOR * max_chars` is rejected without being held in memory whole. A file or folder
that cannot be read is a rejected record too. Facts about inputs that are not records (an
input with no records, CSV columns no field uses) go to `read(on_notice=...)`.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from etl.records import Article, RejectedRecord
from etl.sources.normalise import clean, clean_any

Item = Article | RejectedRecord
MAX_RAW = 20_000  # characters of a bad record kept for inspection
PREFIX = 2_000  # characters kept of a record too long to read
DEFAULT_MAX_CHARS = 1_000_000  # an article's characters; spaCy's own default max_length
MAX_CHARS_ENV = "MONITOR_MAX_CHARS"
# A raw record may be this many times longer than the article it holds (JSON escapes a
# character in up to six: \\uXXXX); past that it is rejected unread.
RAW_FACTOR = 6

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
    """An input the user must fix (missing path, unsupported file type, unreachable URL),
    or an install that cannot read a source kind (a missing module)."""


@dataclass(frozen=True)
class Options:
    """Reader settings. `columns` maps an Article field to a CSV header (`text` -> `Body`),
    overriding the built-in header aliases; `max_chars` is the longest article accepted."""

    columns: Mapping[str, str] = field(default_factory=dict)
    max_chars: int = DEFAULT_MAX_CHARS

    @property
    def max_raw(self) -> int:
        """The longest raw record (line, row, file) read: `RAW_FACTOR * max_chars`."""
        return RAW_FACTOR * self.max_chars


@dataclass(frozen=True)
class Notice:
    """A fact about an input that is not a record, for the run summary: an input that
    held no records, columns a CSV file has that no article field uses."""

    origin: str
    message: str


@dataclass(frozen=True)
class Source:
    """One thing to read: a file (with the stable name its derived ids use) or a URL."""

    location: str  # the path or URL, as origins show it
    name: str  # stable relative name, e.g. "bbc/politics/001.txt"
    kind: str  # jsonl | csv | text | html | feed | url

    @property
    def path(self) -> Path:
        return Path(self.location)


Reader = Callable[[Source, Options], Iterator[Item | Notice]]


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
                raise SourceError(_nothing_readable(path, found))
            out.extend(found)
        elif (odd := _not_a_file(path)) and _kind(path):
            out.append(reject(str(path), odd, ""))
        elif kind := _kind(path):
            out.append(Source(location=str(path), name=path.name, kind=kind))
        else:
            raise SourceError(
                f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                f"expected one of {', '.join(supported_suffixes())} or an http(s) URL"
            )
    return out


def _nothing_readable(path: Path, found: list[Source | RejectedRecord]) -> str:
    """Why a folder gave no input: it cannot be read, or what it holds cannot."""
    unreadable = [
        r for r in found if isinstance(r, RejectedRecord) and r.reason.startswith("cannot read")
    ]
    if unreadable and unreadable[0].origin == str(path):
        return f"{path}: {unreadable[0].reason}"
    detail = "".join(f"; {r.origin}: {r.reason}" for r in unreadable[:3])
    return f"{path}: no readable files (looked for {', '.join(supported_suffixes())}){detail}"


def _walk(folder: Path) -> list[Source | RejectedRecord]:
    """Every input under `folder`, in path order; a subfolder that cannot be listed, a
    broken link and a special file (FIFO, device) are rejected records, not skipped."""
    out: list[Source | RejectedRecord] = []
    top = Path(folder.resolve().name)

    def unreadable(exc: OSError) -> None:
        where = exc.filename or folder
        out.append(reject(str(where), f"cannot read folder: {exc.strerror or exc}", ""))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        here = Path(dirpath)
        # hidden files and folders (.git, .DS_Store) are not inputs
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fname in filenames:
            f = here / fname
            if fname.startswith(".") or f.stem.upper() in DOC_FILES:
                continue  # a folder's README or LICENSE documents it; it is not an article
            if why := _not_a_file(f):
                out.append(reject(str(f), why, ""))
            elif kind := _kind(f):
                name = (top / f.relative_to(folder)).as_posix()
                out.append(Source(location=str(f), name=name, kind=kind))
            else:
                out.append(
                    reject(str(f), f"unsupported file type {f.suffix or '(none)'!r}; skipped", "")
                )
    # os.walk lists a folder before its subfolders; sort as paths so the order is stable.
    return sorted(out, key=lambda x: Path(x.location if isinstance(x, Source) else x.origin).parts)


def _not_a_file(path: Path) -> str | None:
    """Why `path` cannot be read as a file (a broken link, a FIFO), or None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken link: the file it points to does not exist"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "a folder"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device); skipped"
    return None


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


# Modules each kind needs beyond this package, imported before the first record is read
# so that a broken install fails the run at once rather than rejecting every record.
_NEEDS: Mapping[str, tuple[str, ...]] = {
    "html": ("trafilatura", "lxml.html.clean", "lxml_html_clean"),
    "feed": ("feedparser", "bs4"),
    "url": ("feedparser", "bs4", "trafilatura", "lxml.html.clean", "lxml_html_clean"),
    "csv": ("charset_normalizer",),
    "text": ("charset_normalizer",),
    "jsonl": ("charset_normalizer",),
}


class InstallError(SourceError):
    """A module a reader needs cannot be imported: the install is broken, not the data."""


def install_error(kind: str, exc: ImportError) -> InstallError:
    """One line naming the missing module and how to repair the install."""
    lines = str(exc).strip().splitlines()
    why = lines[0] if lines else type(exc).__name__
    if exc.name and exc.name not in why:
        why += f" (module {exc.name})"
    return InstallError(
        f"cannot read {kind} inputs: {why.rstrip('.')}; the install is incomplete, "
        "repair it with `pip install -r requirements.txt`"
    )


def check_install(kinds: Iterable[str]) -> None:
    """Import what the readers of `kinds` need; InstallError when something is missing."""
    import importlib

    for kind in sorted(set(kinds)):
        for module in _NEEDS.get(kind, ()):
            try:
                importlib.import_module(module)
            except ImportError as exc:
                raise install_error(kind, exc) from None


def read(
    paths: Iterable[str | Path],
    options: Options | None = None,
    on_notice: Callable[[Notice], None] | None = None,
) -> Iterator[Item]:
    """Yield articles and rejected records from files, folders and URLs, in a stable order.

    All inputs are checked (`plan`, `check_install`) before the first record is yielded.
    A file that cannot be read becomes a rejected record; an article over
    `options.max_chars` too. `on_notice` hears about inputs that held no records and
    other facts that are not records.
    """
    options = options or Options()
    planned = plan(paths)
    check_install(s.kind for s in planned if isinstance(s, Source))
    readers = _readers()
    for src in planned:
        if isinstance(src, RejectedRecord):
            yield src
            continue
        count = 0
        try:
            for item in readers[src.kind](src, options):
                if isinstance(item, Notice):
                    count += 1
                    if on_notice:
                        on_notice(item)
                    continue
                count += 1
                yield too_long(item, src, options.max_chars) or item
        except ImportError as exc:
            raise install_error(src.kind, exc) from None
        except OSError as exc:  # unreadable file (permissions, I/O error): report, go on
            count += 1
            yield reject(src.location, f"cannot read: {exc.strerror or exc}", "")
        if not count and on_notice:
            on_notice(Notice(src.location, "no records (the file is empty)"))


def too_long(item: Item, src: Source, max_chars: int) -> RejectedRecord | None:
    """A rejected record for an article longer than `max_chars`, else None. Readers check
    with their own origin (line, row); this catches the rest (feed entries)."""
    if isinstance(item, Article) and length(item) > max_chars:
        return reject(
            f"{src.location}: {item.id}",
            over_limit(f"article of {length(item):,} characters", max_chars),
            item.text[:PREFIX],
        )
    return None


def length(art: Article) -> int:
    """`len(art.full_text)` (what the tagger reads) without building that string."""
    return len(art.text) + (len(art.title) + 2 if art.title else 0)


def over_limit(what: str, max_chars: int) -> str:
    """The reason given for a record over the size limit: "WHAT is over ..."."""
    return (
        f"too long: {what} is over the limit of {max_chars:,} characters per article "
        f"(raise it with --max-chars or ${MAX_CHARS_ENV})"
    )


def reject(origin: str, reason: str, raw: str) -> RejectedRecord:
    """A RejectedRecord with text any store accepts and the raw record capped in size."""
    return RejectedRecord(origin=clean(origin), reason=clean(reason), raw=clean(raw[:MAX_RAW]))


def raw_json(data: Any) -> str:
    """The raw record as one line of JSON (for RejectedRecord.raw)."""
    return json.dumps(data, ensure_ascii=False, default=str)[:MAX_RAW]


def validate(data: dict[str, Any], origin: str, raw: str, max_chars: int | None = None) -> Item:
    """Turn a mapping into an Article, or a RejectedRecord saying what is wrong (also when
    the article is longer than `max_chars`)."""
    try:
        art = Article.model_validate(clean_any(data))
    except ValidationError as exc:
        return reject(origin, describe(exc), raw)
    if max_chars is not None and length(art) > max_chars:
        return reject(origin, over_limit(f"article of {length(art):,} characters", max_chars), raw)
    return art


def read_file(src: Source, options: Options) -> bytes | RejectedRecord:
    """The bytes of a one-record file, or a rejected record when it is too large to be
    one article (checked by size before anything is read)."""
    with src.path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > options.max_raw:
            what = f"file of {size:,} bytes (more than {RAW_FACTOR} per character)"
            raw = fh.read(PREFIX).decode("utf-8", "replace")
            return reject(src.location, over_limit(what, options.max_chars), raw)
        return fh.read()


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
