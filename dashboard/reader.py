"""The article reader: an article's text with the evidence sentence highlighted.

The text comes from arbitrary news sources, so it is HTML-escaped before our own `<mark>`
is added; nothing in an article is ever interpreted as markup.
"""

from __future__ import annotations

import html
from datetime import date


def full_text(title: str | None, text: str) -> str:
    """The text the extractor read and offsets refer to (GUIDELINES.md)."""
    return f"{title}\n\n{text}" if title else text


def locate(text: str, start: int, end: int, sentence: str) -> tuple[int, int] | None:
    """Where the evidence sentence is in `text`: its offsets if they still match, else the
    first occurrence of the sentence, else None."""
    if 0 <= start < end <= len(text) and text[start:end] == sentence:
        return start, end
    found = text.find(sentence) if sentence else -1
    return (found, found + len(sentence)) if found >= 0 else None


def highlight(title: str | None, text: str, start: int, end: int, sentence: str) -> str:
    """Escaped HTML of the article body with the evidence sentence in <mark>.

    The title is left out of the body (the page shows it as a heading) but offsets count it.
    """
    whole = full_text(title, text)
    span = locate(whole, start, end, sentence)
    body_from = len(title) + 2 if title else 0
    if span is None or span[0] < body_from:
        # Not found, or the evidence is the headline itself: show the body unmarked.
        marked = html.escape(whole[body_from:])
    else:
        a, b = span
        marked = (
            html.escape(whole[body_from:a])
            + "<mark>"
            + html.escape(whole[a:b])
            + "</mark>"
            + html.escape(whole[b:])
        )
    return f'<div style="white-space: pre-wrap; line-height: 1.5">{marked}</div>'


def heading(title: str | None, published: object, url: object) -> str:
    """Escaped HTML: the article's title, date and link.

    `published` and `url` come from a table row, where a missing value may be NaN or NaT.
    """
    parts = [f"<h4>{html.escape(title) if title else '(untitled)'}</h4>"]
    meta = []
    if isinstance(published, date):
        meta.append(html.escape(published.isoformat()))
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        # Only web links: a javascript: or data: URL from a feed must not become a link.
        safe = html.escape(url, quote=True)
        meta.append(f'<a href="{safe}" target="_blank" rel="noopener noreferrer">{safe}</a>')
    if meta:
        parts.append(f'<p style="opacity: 0.7">{" · ".join(meta)}</p>')
    return "".join(parts)
