"""Readers: each source kind turns files into validated `Article` records.

`read(paths)` walks files and folders and yields an `Article` for every good record and a
`RejectedRecord` (with its origin and reason) for every bad one, so nothing is lost.
A path that cannot be read at all is a user error: `SourceError`, one readable line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from etl.records import Article, RejectedRecord

Item = Article | RejectedRecord
Reader = Callable[[Path], Iterator[Item]]


class SourceError(Exception):
    """An input the user must fix (missing path, unsupported file type)."""


def _readers() -> dict[str, Reader]:
    from etl.sources import jsonl

    return {".jsonl": jsonl.read, ".ndjson": jsonl.read}


def supported_suffixes() -> list[str]:
    return sorted(_readers())


def read(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Yield articles and rejected records from files and folders, in a stable order."""
    readers = _readers()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise SourceError(f"no such file or folder: {path}")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in readers)
            if not files:
                raise SourceError(
                    f"{path}: no readable files (looked for {', '.join(supported_suffixes())})"
                )
            for f in files:
                yield from readers[f.suffix](f)
        elif path.suffix in readers:
            yield from readers[path.suffix](path)
        else:
            raise SourceError(
                f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                f"expected one of {', '.join(supported_suffixes())}"
            )


def validate(data: dict[str, Any], origin: str, raw: str) -> Item:
    """Turn a mapping into an Article, or a RejectedRecord saying what is wrong."""
    try:
        return Article.model_validate(data)
    except ValidationError as exc:
        return RejectedRecord(origin=origin, reason=describe(exc), raw=raw)


def describe(exc: ValidationError) -> str:
    """A one-line, human reason from a pydantic error: "text: missing; published: ..."."""
    parts = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"]) or "record"
        msg = err["msg"]
        if err["type"] == "missing":
            msg = "missing"
        elif err["type"] == "string_too_short":
            msg = "empty"
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        parts.append(f"{field}: {msg}")
    return "; ".join(parts)
