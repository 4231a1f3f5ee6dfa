"""Hypothesis: readers and normalisers never raise on junk and are deterministic."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl import sources
from etl.records import Article, RejectedRecord
from etl.sources import Notice, Options, Source, csv, feed, html, jsonl, text
from etl.sources.normalise import clean, decode, html_to_text, parse_date, tidy

junk_text = st.text(max_size=300)
junk_bytes = st.binary(max_size=300)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def is_item(x: object) -> bool:
    return isinstance(x, Article | RejectedRecord)


@given(junk_text)
def test_parse_date_total_and_deterministic(value: str) -> None:
    got = parse_date(value)
    assert got is None or isinstance(got, date)
    assert got == parse_date(value)


@given(st.dates(min_value=date(1600, 1, 1), max_value=date(2199, 12, 31)))
def test_parse_date_round_trips_iso(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d %B %Y")) == day


@given(junk_text)
def test_tidy_and_clean_are_idempotent_and_storable(value: str) -> None:
    once = tidy(value)
    assert tidy(once) == once
    assert clean(clean(value)) == clean(value)
    assert "\x00" not in once
    once.encode("utf-8")


@given(junk_bytes)
def test_decode_never_raises(data: bytes) -> None:
    assert decode(data) == decode(data)


@SLOW
@given(junk_text)
def test_html_to_text_never_raises(value: str) -> None:
    assert html_to_text(value) == html_to_text(value)


@given(junk_text)
def test_split_title_never_raises(value: str) -> None:
    title, body = text.split_title(value)
    assert title is None or "\n" not in title
    assert text.split_title(value) == (title, body)


@given(st.lists(st.text(max_size=60), max_size=8))
@example(["\x00"])  # two bytes an encoding guess once read as one UTF-16 newline
@example(["0\x00", "01"])  # and these as UTF-16 text, merging the lines
def test_jsonl_reader_accounts_for_every_line(lines: list[str]) -> None:
    lines = [ln.replace("\r", " ").replace("\n", " ") for ln in lines]
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "junk.jsonl"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        src = Source(location=str(f), name=f.name, kind="jsonl")
        got = list(jsonl.read(src, Options()))
        assert all(is_item(x) for x in got)
        # Exactly the non-blank lines (as the file reads back) come back, one each.
        back = f.read_text(encoding="utf-8", errors="replace").split("\n")
        assert len(got) == sum(1 for ln in back if ln.strip())
        assert got == list(jsonl.read(src, Options()))


@given(junk_text)
def test_csv_rows_never_raise(body: str) -> None:
    src = Source(location="junk.csv", name="junk.csv", kind="csv")
    data = "id,title,text,date\n" + body
    got = list(csv.read_text(data, src, Options()))
    assert all(is_item(x) or isinstance(x, Notice) for x in got)
    assert got == list(csv.read_text(data, src, Options()))


@SLOW
@given(junk_bytes)
def test_feed_parse_never_raises(data: bytes) -> None:
    src = Source(location="junk.rss", name="junk.rss", kind="feed")
    got = list(feed.parse(data, src))
    assert all(is_item(x) for x in got)
    assert got == list(feed.parse(data, src))


@SLOW
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcpxhtml&;#\n")), max_size=200))
def test_feed_parse_never_raises_on_markup(value: str) -> None:
    src = Source(location="junk.rss", name="junk.rss", kind="feed")
    data = f"<rss><channel><item>{value}</item></channel></rss>".encode()
    assert all(is_item(x) for x in feed.parse(data, src))


@SLOW
@given(st.one_of(junk_text, st.text(alphabet=st.sampled_from(list("<>/ pdivbody")))))
def test_html_page_never_raises(value: str) -> None:
    first = html.to_item(value, id="x", origin="junk.html")
    assert is_item(first)
    assert first == html.to_item(value, id="x", origin="junk.html")


def test_read_dispatch_is_total_over_fixture_kinds() -> None:
    fix = Path(__file__).parent / "fixtures" / "sources"
    assert all(is_item(x) for x in sources.read([fix]))


@given(st.lists(st.text(alphabet='ab "\n', max_size=40), max_size=6), st.integers(1, 30))
def test_jsonl_lines_are_bounded_and_account_for_every_line(parts: list[str], limit: int) -> None:
    import io

    data = "".join(parts)
    got = list(jsonl.lines(io.StringIO(data, newline=None), limit))
    want = data.splitlines(keepends=True)
    assert [n for n, _, _ in got] == list(range(1, len(want) + 1))
    for (_, line, length), original in zip(got, want, strict=True):
        if length is None:
            assert line == original and len(line) <= limit + 1
        else:
            assert length == len(original.rstrip("\n")) and original.startswith(line)


@given(junk_text, st.integers(1, 20))
def test_csv_rows_never_raise_with_a_tight_limit(body: str, max_chars: int) -> None:
    src = Source(location="junk.csv", name="junk.csv", kind="csv")
    data = "text,x\n" + body
    got = list(csv.read_text(data, src, Options(max_chars=max_chars)))
    assert all(is_item(x) or isinstance(x, Notice) for x in got)
    assert all(len(a.full_text) <= max_chars for a in got if isinstance(a, Article))
