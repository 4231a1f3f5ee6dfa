"""Plain-text files: one article per file, the id is the file's relative path.

When the first line is short and a blank line follows it, it is the title (the common
"headline, blank line, body" layout); otherwise the whole file is the text.
"""

from __future__ import annotations

from collections.abc import Iterator

from etl.records import RejectedRecord
from etl.sources import Item, Options, Source, read_file, reject, validate
from etl.sources.normalise import decode, tidy

MAX_TITLE = 300  # characters; a longer first line is a paragraph, not a headline


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body) by the headline-blank-line rule; (None, text) when it does not apply."""
    text = tidy(text)
    first, sep, rest = text.partition("\n\n")
    if sep and rest.strip() and "\n" not in first and len(first) <= MAX_TITLE:
        return first, rest
    return None, text


def read(src: Source, options: Options) -> Iterator[Item]:
    """One Article for the file (in its detected encoding), or a RejectedRecord when it
    holds no text or too much."""
    data = read_file(src, options)
    if isinstance(data, RejectedRecord):
        yield data
        return
    content = decode(data)
    title, body = split_title(content)
    if not body:
        yield reject(src.location, "file has no text", content)
        return
    fields = {"id": src.name, "title": title, "text": body}
    yield validate(fields, src.location, content, options.max_chars)
