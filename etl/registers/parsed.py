"""What a register reader returns: entries ready for the store, rows rejected with reasons."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from etl.records import RejectedRecord
from etl.store import short_hash


@dataclass
class Parsed:
    """One register file read: `rows_read` == len(entries) + len(rejected)."""

    kind: str
    generated: date | None = None
    rows_read: int = 0
    entries: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _seen: Counter[str] = field(default_factory=Counter)

    def add(self, entry: dict[str, Any], raw: str) -> None:
        """Add an entry with a deterministic id: a hash of the row as the register writes
        it, and of how many identical rows came before it in this file (a register may
        list two identical deals; each is kept, and reloading gives both the same ids)."""
        self._seen[raw] += 1
        entry["id"] = short_hash(self.kind, raw, self._seen[raw])
        self.entries.append(entry)

    def reject(self, origin: str, reason: str, raw: str) -> None:
        self.rejected.append(RejectedRecord(origin=origin, reason=reason, raw=raw))


def csv_rows(text: str, start_line: int = 1) -> Iterator[tuple[int, list[str], str]]:
    """(line number of the row's first line, fields, raw text) for each non-blank CSV row;
    quoted fields may span lines."""
    lines = text.splitlines()
    reader = csv.reader(lines)
    done = 0  # lines consumed so far
    for fields in reader:
        first, done = done, reader.line_num
        if not fields or not any(cell.strip() for cell in fields):
            continue
        yield start_line + first, fields, "\n".join(lines[first:done])
