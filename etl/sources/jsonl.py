"""JSON Lines: one article object per line (`id`, `title`, `text`, `published`, ...).

UTF-8 is expected; a byte order mark (UTF-16, UTF-32) is honoured and another encoding is
detected. Lines are read in bounded pieces: a line longer than `Options.max_raw` is
rejected with its first characters, never held in memory whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from etl.sources import PREFIX, Item, Options, Source, over_limit, reject, validate
from etl.sources.normalise import file_encoding

PIECE = 1 << 20  # characters read at a time while skipping an over-long line


def read(src: Source, options: Options) -> Iterator[Item]:
    """One Article per object line; blank lines are skipped, anything else is rejected."""
    encoding = file_encoding(src.path, json=True)
    with src.path.open(encoding=encoding, errors="replace", newline=None) as fh:
        for n, line, length in lines(fh, options.max_raw):
            origin = f"{src.location}:{n}"
            if length is not None:
                what = f"line of {length:,} characters"
                yield reject(origin, over_limit(what, options.max_chars), line)
                continue
            if not line.strip():
                continue
            raw = line.rstrip("\n")
            try:
                data = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                reason = f"not JSON: {exc.msg}" if isinstance(exc, ValueError) else "not JSON"
                yield reject(origin, reason, raw)
                continue
            if not isinstance(data, dict):
                yield reject(origin, "not a JSON object (expected {...})", raw)
                continue
            yield validate(data, origin, raw, options.max_chars)


def lines(fh: TextIO, limit: int) -> Iterator[tuple[int, str, int | None]]:
    """(line number, line, None) for each line, or (number, first characters, length)
    for a line longer than `limit`, which is skipped in bounded pieces."""
    n = 0
    while line := fh.readline(limit + 1):
        n += 1
        if len(line) <= limit or line.endswith("\n"):
            yield n, line, None
            continue
        prefix, length = line[:PREFIX], len(line)
        del line  # drop the big piece before reading on
        while (piece := fh.readline(PIECE)) and not piece.endswith("\n"):
            length += len(piece)
        length += len(piece.rstrip("\n"))
        yield n, prefix, length
