"""Small pure normalisers the readers share: bytes to text, dates, HTML fragments to text.

None of them raise on junk: they return a value or None, and the reader decides whether
that makes a record bad (and says why).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
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


# Byte order marks, longest first (UTF-32-LE's BOM starts with UTF-16-LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF = 64 * 1024  # bytes of a file's start that name its encoding
LEGACY = "cp1252"  # the usual non-UTF-8 encoding of English-language exports


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte order mark names (the codec skips the mark), else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def guess_encoding(sample: bytes) -> str:
    """The encoding of bytes that are not UTF-8 (or are UTF-16/32 without a BOM), as
    charset-normalizer detects it. On a tie, Windows-1252 wins: on a short Western text
    charset-normalizer cannot tell it from Windows-1250 and the like."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        return LEGACY  # binary junk: decoded with replacement characters by the caller
    legacy = charset_normalizer.from_bytes(sample, cp_isolation=[LEGACY]).best()
    if legacy is not None and (legacy.chaos, -legacy.coherence) <= (
        best.chaos,
        -best.coherence,
    ):
        return LEGACY
    return best.encoding


def encoding_of(data: bytes) -> str:
    """The encoding of a whole document: its BOM, else UTF-8 (the fast default) when the
    bytes are valid UTF-8 without NULs (UTF-16 text is), else a charset-normalizer guess."""
    if bom := bom_encoding(data):
        return bom
    if b"\x00" not in data[:SNIFF]:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return guess_encoding(data[: 4 * SNIFF])


def file_encoding(path: Path, *, json: bool = False) -> str:
    """`encoding_of` a file, reading it in bounded chunks (it may be larger than memory).

    `json`: JSON text is UTF-8 unless a BOM says otherwise (RFC 8259), NULs included, so
    a line holding a NUL is read as written and set aside, not taken for UTF-16 text
    that merges or drops lines."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF)
        if bom := bom_encoding(head):
            return bom
        if json or b"\x00" not in head:
            decoder = codecs.getincrementaldecoder("utf-8")()
            chunk = head
            try:
                while chunk:
                    decoder.decode(chunk)
                    chunk = fh.read(1 << 20)
                decoder.decode(b"", final=True)
                return "utf-8"
            except UnicodeDecodeError as exc:
                # Sample where UTF-8 failed too: the start may be plain ASCII.
                if chunk is not head:
                    head += chunk[max(0, exc.start - 1024) : exc.start + SNIFF]
    return guess_encoding(head)


def decode(data: bytes) -> str:
    """Bytes to text in their detected encoding (`encoding_of`); never raises."""
    return data.decode(encoding_of(data), errors="replace")


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
