"""Small pure normalisers the readers share: bytes to text, dates, HTML fragments to text.

None of them raise on junk: they return a value or None, and the reader decides whether
that makes a record bad (and says why).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

# A date must name a plausible four-digit year; dateutil would otherwise read "7" as
# the 7th of the current month.
_YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|2[0-1]\d\d)(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
# Elements after which a line break belongs when an HTML fragment becomes text.
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "figcaption",
)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # maps every byte, never fails


def clean(value: str) -> str:
    """Text safe for every store: no NUL or other control characters (PostgreSQL rejects
    NUL), no lone surrogates (not encodable as UTF-8), Unicode NFC."""
    value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return unicodedata.normalize("NFC", _CONTROL.sub("", value))


def clean_any(value: Any) -> Any:
    """`clean` applied to every string in a JSON-like value."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(str(k)): clean_any(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_any(v) for v in value]
    return value


def tidy(text: str) -> str:
    """Collapse runs of spaces, trim lines, keep paragraphs (one blank line between)."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def parse_date(value: Any) -> date | None:
    """A date from ISO 8601, RFC 822 (feeds, mail) or common human formats; else None.

    Ambiguous numeric dates are read month first ("12/1/2014" is 1 December), as in the
    US exports this mostly meets.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100 or not _YEAR.search(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    from dateutil import parser

    try:
        parsed = parser.parse(text, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError, parser.ParserError):
        return None
    return parsed.date() if 1600 <= parsed.year <= 2199 else None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary): inline tags joined, blocks on
    their own lines, entities decoded, scripts and styles dropped."""
    if "<" not in fragment and "&" not in fragment:
        return tidy(fragment)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(fragment, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_after("\n\n" if tag.name != "br" else "\n")
    return tidy(soup.get_text())
