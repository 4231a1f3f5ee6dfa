"""Readers: every source kind yields Articles or RejectedRecords with a reason, never drops
a record silently, and is deterministic. Fixtures are small made-up files."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from etl import sources
from etl.records import Article, RejectedRecord
from etl.sources import Options, SourceError, csv, feed, text

FIX = Path(__file__).parent / "fixtures" / "sources"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def items(*paths: str | Path, options: Options | None = None) -> list[sources.Item]:
    return list(sources.read(list(paths), options))


def arts(found: list[sources.Item]) -> dict[str, Article]:
    return {a.id: a for a in found if isinstance(a, Article)}


def rejects(found: list[sources.Item]) -> dict[str, str]:
    return {r.origin: r.reason for r in found if isinstance(r, RejectedRecord)}


# --- dispatch -------------------------------------------------------------------------


def test_missing_path_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        items(tmp_path / "nope.jsonl")


def test_unsupported_file_is_a_source_error(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(SourceError, match=r"unsupported file type '\.pdf'") as err:
        items(pdf)
    assert "\n" not in str(err.value)


def test_folder_without_readable_files_is_a_source_error(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"x")
    with pytest.raises(SourceError, match="no readable files"):
        items(tmp_path)


def test_errors_come_before_any_record(tmp_path: Path) -> None:
    """A bad input later in the list fails the whole read up front, not half-way."""
    gen = sources.read([FIX / "articles.jsonl", tmp_path / "missing.csv"])
    with pytest.raises(SourceError):
        next(gen)


def test_suffixes_are_case_insensitive(tmp_path: Path) -> None:
    shutil.copy(FIX / "articles.csv", tmp_path / "EXPORT.CSV")
    assert len(arts(items(tmp_path / "EXPORT.CSV"))) == 2


def test_folder_reports_unsupported_files_and_skips_hidden_ones() -> None:
    found = items(FIX / "texts")
    bad = rejects(found)
    assert any(o.endswith("image.png") and "unsupported" in r for o, r in bad.items())
    assert not any(".hidden" in str(x) for x in found)


def test_whole_fixture_folder_is_deterministic() -> None:
    assert items(FIX) == items(FIX)


# --- JSONL ----------------------------------------------------------------------------


def test_jsonl_reader() -> None:
    found = items(FIX / "articles.jsonl")
    assert arts(found)["j1"].published == date(2021, 4, 1)
    bad = rejects(found)
    origin = str(FIX / "articles.jsonl")
    assert bad[f"{origin}:2"].startswith("not JSON")
    assert "not a JSON object" in bad[f"{origin}:3"]
    assert bad[f"{origin}:4"] == "text: empty"
    assert "published" in bad[f"{origin}:5"]
    assert len(found) == 5  # every line accounted for


def test_jsonl_strips_nul_and_lone_surrogates(tmp_path: Path) -> None:
    """Text every store accepts: PostgreSQL refuses NUL, UTF-8 cannot hold surrogates."""
    f = tmp_path / "odd.jsonl"
    f.write_text('{"id": "x", "text": "a\\u0000b \\ud800 c"}\n', encoding="utf-8")
    (art,) = items(f)
    assert isinstance(art, Article)
    assert "\x00" not in art.text
    art.text.encode("utf-8")
    assert art.content_hash


# --- CSV ------------------------------------------------------------------------------


def test_csv_maps_common_headers_and_parses_dates() -> None:
    found = items(FIX / "articles.csv")
    good = list(arts(found).values())
    assert [a.title for a in good] == ["Sylvania bans exports to Ruritania", "Quoted, with comma"]
    first = good[0]
    assert first.text.startswith("Sylvania banned")
    assert first.published == date(2014, 12, 1)  # 12/1/2014: month first
    assert first.url == "https://example.org/c/1"
    assert first.source == "Made-up Times"
    assert good[1].text == "A body spread\nover two lines."


def test_csv_rejects_with_reasons_and_line_numbers() -> None:
    bad = rejects(items(FIX / "articles.csv"))
    origin = str(FIX / "articles.csv")
    assert bad == {
        f"{origin}:5": "text: empty",
        f"{origin}:6": "published: 'not a date' is not a date",
        f"{origin}:7": "row has 6 fields but the header has 5 (unquoted delimiter?)",
    }


def test_csv_ids_are_derived_deterministically_when_missing() -> None:
    ids = list(arts(items(FIX / "articles.csv")))
    assert ids == list(arts(items(FIX / "articles.csv")))
    assert ids[0].startswith("articles.csv:2:")
    assert len(set(ids)) == len(ids)


def test_csv_derived_id_depends_on_content() -> None:
    a = csv.derived_id("f.csv", 2, "t", "one")
    assert a == csv.derived_id("f.csv", 2, "t", "one")
    assert a != csv.derived_id("f.csv", 2, "t", "two")
    assert a != csv.derived_id("f.csv", 3, "t", "one")


def test_tsv_with_id_column() -> None:
    (art,) = items(FIX / "articles.tsv")
    assert isinstance(art, Article)
    assert (art.id, art.published) == ("7", date(2020, 6, 30))


def test_csv_explicit_column_mapping(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("Key,Teaser,Story\nk1,Short teaser.,The long story text.\n", encoding="utf-8")
    (auto,) = items(f)
    assert isinstance(auto, Article) and auto.text == "The long story text."
    (chosen,) = items(f, options=Options(columns={"text": "teaser"}))
    assert isinstance(chosen, Article) and chosen.text == "Short teaser."


def test_csv_without_text_column_is_a_source_error(tmp_path: Path) -> None:
    f = tmp_path / "numbers.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no text column"):
        items(f)


def test_csv_unknown_mapped_column_is_a_source_error(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("text\nhello\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no column 'Body'"):
        items(f, options=Options(columns={"text": "Body"}))


def test_csv_latin1_and_nul_bytes(tmp_path: Path) -> None:
    f = tmp_path / "old.csv"
    f.write_bytes("title,text\nZ\u00fcrich,Caf\u00e9 text\x00 here\n".encode("latin-1"))
    (art,) = items(f)
    assert isinstance(art, Article)
    assert (art.title, art.text) == ("Z\u00fcrich", "Caf\u00e9 text here")


def test_empty_csv_has_no_records(tmp_path: Path) -> None:
    f = tmp_path / "empty.csv"
    f.write_text("", encoding="utf-8")
    assert items(f) == []


# --- text files -----------------------------------------------------------------------


def test_text_folder_titles_ids_and_rejects() -> None:
    found = items(FIX / "texts")
    good = arts(found)
    envoy = good["texts/envoy.txt"]
    assert envoy.title == "Freedonia recalls envoy"
    assert envoy.text.startswith("Freedonia recalled its envoy")
    whole = good["texts/sub/whole.txt"]
    assert whole.title is None and whole.text.startswith("This file has no headline")
    assert rejects(found)[str(FIX / "texts" / "sub" / "empty.txt")] == "file has no text"


def test_single_text_file_id_is_its_name() -> None:
    (art,) = items(FIX / "texts" / "envoy.txt")
    assert isinstance(art, Article) and art.id == "envoy.txt"


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("Headline\n\nBody text.", "Headline"),
        ("Headline\r\n\r\nBody text.", "Headline"),
        ("One paragraph only.", None),
        ("Line one\nline two\n\nmore", None),  # first "paragraph" is two lines
        ("x" * 400 + "\n\nBody", None),  # too long for a headline
    ],
)
def test_split_title(content: str, title: str | None) -> None:
    assert text.split_title(content)[0] == title


# --- HTML -----------------------------------------------------------------------------


def test_html_page_main_text_title_date_and_metadata() -> None:
    (art,) = items(FIX / "pages" / "story.html")
    assert isinstance(art, Article)
    assert art.title == "Ruritania imposes travel bans"
    assert art.text.startswith("Ruritania imposed travel bans on twelve")
    assert "Home" not in art.text and "Copyright" not in art.text  # boilerplate dropped
    assert art.published == date(2022, 11, 15)
    assert art.url == "https://example.org/d/1"
    assert art.source == "Made-up Post"
    assert art.id == "story.html"


def test_html_page_without_article_text_is_rejected() -> None:
    found = items(FIX / "pages")
    reason = rejects(found)[str(FIX / "pages" / "empty.htm")]
    assert reason.startswith("no article text found")


def test_html_date_is_not_guessed_from_body(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = "The invented treaty was signed on 3 March 2019 in a made-up city. " * 5
    page.write_text(f"<html><body><article><p>{body}</p></article></body></html>")
    (art,) = items(page)
    assert isinstance(art, Article) and art.published is None


# --- feeds ----------------------------------------------------------------------------


def test_rss_entries() -> None:
    found = items(FIX / "feed.rss")
    good = arts(found)
    first = good["https://example.org/a/1"]
    assert first.title == "Ruritania freezes Freedonian assets"
    assert first.text == (
        "The invented state of Ruritania froze assets held by Freedonian banks on Tuesday."
        "\n\nOfficials said more steps could follow."
    )
    assert first.published == date(2023, 3, 7)
    assert (first.source, first.language) == ("Made-up Wire", "en")
    assert good["https://example.org/a/2"].published is None  # no guid: the link is the id
    origin = str(FIX / "feed.rss")
    assert rejects(found) == {
        f"{origin}:entry 3": "entry has no summary or content",
        f"{origin}:entry 4": "published: 'sometime soon' is not a date",
    }


def test_atom_entry_prefers_content_and_strips_html_from_title() -> None:
    (art,) = items(FIX / "feed.atom")
    assert isinstance(art, Article)
    assert art.id == "urn:uuid:entry-1"
    assert art.title == "Freedonia pledges radar units"
    assert art.text == "Freedonia said it would send two radar units to Sylvania next spring."
    assert art.published == date(2024, 1, 2)


def test_xml_that_is_not_a_feed_is_rejected_once() -> None:
    found = items(FIX / "not_a_feed.xml")
    assert len(found) == 1 and isinstance(found[0], RejectedRecord)
    assert found[0].reason.startswith("not an RSS/Atom feed")


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[str]:
    """A static file server on a free loopback port, serving the feed fixtures."""
    for name in ("feed.rss", "feed.atom"):
        shutil.copy(FIX / name, tmp_path / name)
    shutil.copy(FIX / "pages" / "story.html", tmp_path / "story.html")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_feed_from_url(http_root: str) -> None:
    from_url = arts(items(f"{http_root}/feed.rss"))
    from_file = arts(items(FIX / "feed.rss"))
    assert from_url == from_file


def test_web_page_url_is_read_as_one_article(http_root: str) -> None:
    (art,) = items(f"{http_root}/story.html")
    assert isinstance(art, Article)
    assert art.id == f"{http_root}/story.html"
    assert art.title == "Ruritania imposes travel bans"


def test_unreachable_url_is_a_source_error(http_root: str) -> None:
    with pytest.raises(SourceError, match="HTTP 404"):
        items(f"{http_root}/missing.rss")
    port = feed_free_port()
    with pytest.raises(SourceError, match="cannot fetch"):
        items(f"http://127.0.0.1:{port}/feed.rss")


def feed_free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_feed_parse_is_pure_over_bytes() -> None:
    src = sources.Source(location="mem.rss", name="mem.rss", kind="feed")
    data = (FIX / "feed.rss").read_bytes()
    assert list(feed.parse(data, src)) == list(feed.parse(data, src))


# --- the shared corpus (skipped when ../shared is absent) ------------------------------


def shared(rel: str) -> Path:
    path = SHARED / "corpus" / rel
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def test_shared_bbc_text_folder() -> None:
    found = items(shared("bbc/politics"))
    good = arts(found)
    assert len(good) > 100
    assert all(a.title for a in good.values())
    assert not rejects(found)


def test_shared_nyt_csv_headers_map() -> None:
    found = items(shared("nyt_blogs_2014/NYTimesBlogTest.csv"))
    good = list(arts(found).values())
    assert len(good) > 1000
    assert good[0].published is not None and good[0].title
    # Rows whose abstract and snippet are empty are rejected with a reason, not lost.
    assert len(good) + len(rejects(found)) == len(found)


def test_shared_relevant_jsonl() -> None:
    found = items(shared("articles_relevant.jsonl"))
    assert len(arts(found)) == len(found)
