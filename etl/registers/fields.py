"""Pure parsers for register cells: years, year lists and ranges, counts, TIVs, flags.

Each returns the value or raises `BadValue` with a reason in words; none raises anything
else on any text (tests/test_registers.py checks this with Hypothesis).
"""

from __future__ import annotations

import re

# ASCII digits only: str.isdigit and a Unicode \d also take "²" and other scripts' digits.
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_RANGE = re.compile(r"^(\d{4})\s*[-\u2013]\s*(\d{4})$", re.ASCII)
_COUNT = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$", re.ASCII)
FIRST_YEAR, LAST_YEAR = 1900, 2100  # SIPRI starts in 1950, GSDB in 1949


class BadValue(ValueError):
    """A cell that cannot be read; the message is the reason a row is rejected."""


def uncertain(value: str, flag: str = "") -> tuple[str, bool]:
    """The cell without SIPRI's `?` mark, and whether the value or its flag column had one."""
    value = value.strip()
    marked = value.endswith("?") or flag.strip() == "?"
    return value.rstrip("?").strip(), marked


def year(value: str, what: str) -> int | None:
    """A four-digit year, None for an empty cell."""
    value = value.strip()
    if not value:
        return None
    fast = len(value) == 4 and value.isascii() and value.isdigit()
    if fast and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)  # the common case, without a regular expression
    m = _YEAR.match(value)
    if not m or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise BadValue(f"{what} {value!r} is not a year")
    return int(value)


def years(value: str, what: str) -> list[int]:
    """Years listed as SIPRI writes them: "1978; 1979", "2019-2021" (both ends included),
    or a mix; `?` marks are dropped. Sorted, without repeats; [] for an empty cell."""
    if not value.strip():
        return []
    out: set[int] = set()
    for part in re.split(r"[;,]", value):
        part = part.strip().rstrip("?").strip()
        if not part:
            continue
        if m := _RANGE.match(part):
            first, last = int(m.group(1)), int(m.group(2))
            if not FIRST_YEAR <= first <= last <= LAST_YEAR:
                raise BadValue(f"{what} {part!r} is not a range of years")
            out.update(range(first, last + 1))
            continue
        y = year(part, what)
        if y is not None:
            out.add(y)
    return sorted(out)


def count(value: str, what: str) -> int | None:
    """A whole number ("12", "1,000"), None for an empty cell (SIPRI: not yet known)."""
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    if not _COUNT.match(value):
        raise BadValue(f"{what} {value!r} is not a whole number")
    return int(value.replace(",", ""))


def amount(value: str, what: str) -> float | None:
    """A non-negative number (a TIV in millions), None for an empty cell."""
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadValue(f"{what} {value!r} is not a number") from None
    if not number >= 0 or number == float("inf"):  # also catches NaN
        raise BadValue(f"{what} {value!r} is not a non-negative number")
    return number


def flag(value: str, what: str) -> bool:
    """GSDB's 0/1 type flags."""
    value = value.strip()
    if value not in ("0", "1"):
        raise BadValue(f"{what} flag {value!r} is not 0 or 1")
    return value == "1"
