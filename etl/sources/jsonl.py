"""JSON Lines: one article object per line (`id`, `title`, `text`, `published`, ...)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from etl.sources import Item, Options, Source, reject, validate


def read(src: Source, _options: Options) -> Iterator[Item]:
    """One Article per object line; blank lines are skipped, anything else is rejected."""
    with src.path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            origin = f"{src.location}:{n}"
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
            yield validate(data, origin, raw)
