"""The article reader: escaped text with the evidence sentence marked."""

from __future__ import annotations

from datetime import date

from dashboard import reader

TITLE = "Aid package <b>announced</b>"
TEXT = "<script>alert(1)</script> Washington pledged Javelin missiles to Ukraine. More."
SENTENCE = "Washington pledged Javelin missiles to Ukraine."


def offsets() -> tuple[int, int]:
    start = reader.full_text(TITLE, TEXT).index(SENTENCE)
    return start, start + len(SENTENCE)


def test_the_sentence_is_marked_and_everything_is_escaped() -> None:
    html = reader.highlight(TITLE, TEXT, *offsets(), SENTENCE)
    assert f"<mark>{SENTENCE}</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "announced" not in html  # the title is the page heading, not part of the body


def test_stale_offsets_fall_back_to_finding_the_sentence() -> None:
    html = reader.highlight(TITLE, TEXT, 0, 5, SENTENCE)
    assert f"<mark>{SENTENCE}</mark>" in html


def test_a_sentence_that_is_not_there_leaves_the_text_unmarked() -> None:
    html = reader.highlight(None, "Plain <i>text</i>.", 0, 3, "Missing.")
    assert "<mark>" not in html and "&lt;i&gt;text&lt;/i&gt;." in html


def test_markup_inside_the_sentence_is_escaped_too() -> None:
    text = "Before. Iran sent <drones> & more. After."
    sentence = "Iran sent <drones> & more."
    start = text.index(sentence)
    html = reader.highlight(None, text, start, start + len(sentence), sentence)
    assert "<mark>Iran sent &lt;drones&gt; &amp; more.</mark>" in html


def test_heading_escapes_and_links_only_web_urls() -> None:
    got = reader.heading("<b>Bold</b> claim", None, "https://example.org/a?x=1&y=2")
    assert "&lt;b&gt;Bold&lt;/b&gt;" in got and "<b>" not in got
    assert 'href="https://example.org/a?x=1&amp;y=2"' in got
    assert "href" not in reader.heading("T", None, "javascript:alert(1)")
    assert "(untitled)" in reader.heading(None, None, None)


def test_heading_takes_missing_values_from_a_table_row() -> None:
    got = reader.heading("Title", float("nan"), float("nan"))
    assert got == "<h4>Title</h4>"
    assert "2022-03-01" in reader.heading("T", date(2022, 3, 1), None)
