"""JSON Lines: one article object per line (`id`, `title`, `text`, `published`, ...)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from etl.records import RejectedRecord
from etl.sources import Item, validate

MAX_RAW = 20_000  # characters of a bad record kept for inspection


def read(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            origin = f"{path}:{n}"
            raw = line.rstrip("\n")[:MAX_RAW]
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RejectedRecord(origin=origin, reason=f"not JSON: {exc.msg}", raw=raw)
                continue
            if not isinstance(data, dict):
                yield RejectedRecord(
                    origin=origin, reason="not a JSON object (expected {...})", raw=raw
                )
                continue
            yield validate(data, origin, raw)
