"""Bad inputs a newcomer meets in the first hour: each is a rejected record with its reason
(or a note in the summary) and the rest still loads. Real files, real processes; no mock
of our own code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from unreadable import without_read_override

from etl import sources
from etl.records import Article, RejectedRecord
from etl.sources import Notice, Options

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "sources"
LONG = 1_000_052  # characters: just over spaCy's (and our default) limit


def read(*paths: Path, options: Options | None = None) -> tuple[list[sources.Item], list[Notice]]:
    notes: list[Notice] = []
    return list(sources.read(list(paths), options, on_notice=notes.append)), notes


def good(found: list[sources.Item]) -> dict[str, Article]:
    return {a.id: a for a in found if isinstance(a, Article)}


def bad(found: list[sources.Item]) -> dict[str, RejectedRecord]:
    return {r.origin: r for r in found if isinstance(r, RejectedRecord)}


def article_line(i: int, text: str | None = None) -> str:
    body = text or f"Article {i}: the invented state of Ruritania imposed sanctions on Sylvania."
    return json.dumps({"id": f"a{i}", "title": f"Item {i}", "text": body}) + "\n"


def etl(*args: str | Path, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m etl ARGS` in its own process (optionally under a command prefix)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "etl", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def sidecar(out: Path) -> dict[str, str]:
    """origin -> reason of an ingest's rejected sidecar."""
    lines = out.with_name(f"{out.stem}.rejected.jsonl").read_text().splitlines()
    return {r["origin"]: r["reason"] for r in map(json.loads, lines)}


# --- over-long articles (item 2) -------------------------------------------------------


def test_over_long_jsonl_article_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    f = tmp_path / "news.jsonl"
    lines = [article_line(i) for i in range(10)]
    lines.insert(4, article_line(99, "Sanctions. " + "x" * (LONG - 11)))
    f.write_text("".join(lines), encoding="utf-8")
    found, _ = read(f)
    assert len(good(found)) == 10
    (rec,) = bad(found).values()
    assert rec.origin == f"{f}:5"
    assert rec.reason.startswith(f"too long: article of {LONG + len('Item 99') + 2:,} characters")
    assert "--max-chars" in rec.reason
    # The limit is an option: raised, the same article is read.
    found, _ = read(f, options=Options(max_chars=2 * LONG))
    assert len(good(found)) == 11


def test_huge_jsonl_line_is_never_held_in_memory(tmp_path: Path) -> None:
    """A 50 MB line: rejected with a short prefix as raw, read in bounded pieces."""
    f = tmp_path / "huge.jsonl"
    size = 50_000_000
    with f.open("w", encoding="utf-8") as fh:
        fh.write(article_line(1))
        fh.write('{"id": "huge", "text": "' + "y" * size + '"}\n')
        fh.write(article_line(2))
    tracemalloc.start()
    try:
        found, _ = read(f)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert set(good(found)) == {"a1", "a2"}
    rec = bad(found)[f"{f}:2"]
    assert rec.reason.startswith(f"too long: line of {size + 26:,} characters")
    assert len(rec.raw) <= sources.PREFIX and rec.raw.startswith('{"id": "huge"')
    assert peak < size / 3, f"peak {peak:,} bytes for a {size:,}-character line"


def test_over_long_csv_rows_are_rejected_and_the_next_rows_read(tmp_path: Path) -> None:
    f = tmp_path / "wire.csv"
    multi = "multi\nline " * 300
    f.write_text(
        "id,text\n"
        "c1,Ruritania imposed sanctions on Sylvania.\n"
        f"c2,{'z' * 150}\n"  # an article over max_chars
        f'c3,"{multi}"\n'  # a row over max_raw, quoted over many lines
        "c4,Sylvania sold tanks to Freedonia.\n",
        encoding="utf-8",
    )
    found, _ = read(f, options=Options(max_chars=100))
    assert set(good(found)) == {"c1", "c4"}
    reasons = {o: r.reason for o, r in bad(found).items()}
    assert reasons[f"{f}:3"].startswith("too long: article of 150 characters")
    assert reasons[f"{f}:4"].startswith("too long: row of ")
    assert len(reasons) == 2


@pytest.mark.parametrize("name", ["long.txt", "long.html"])
def test_over_long_text_and_html_files_are_rejected(tmp_path: Path, name: str) -> None:
    words = "Ruritania imposed sanctions on Sylvania today. " * 10
    page = f"<html><body><article><p>{words}</p></article></body></html>"
    (tmp_path / name).write_text(page if name.endswith("html") else words, encoding="utf-8")
    (tmp_path / "huge.txt").write_text("w" * 5_000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Short. Sanctions on Sylvania.", encoding="utf-8")
    found, _ = read(tmp_path, options=Options(max_chars=200))
    assert set(good(found)) == {f"{tmp_path.name}/ok.txt"}
    reasons = {Path(o).name: r.reason for o, r in bad(found).items()}
    assert reasons[name].startswith("too long: article of 469 characters")
    assert reasons["huge.txt"].startswith("too long: file of 5,000 bytes")


def test_over_long_feed_entry_is_rejected(tmp_path: Path) -> None:
    found, _ = read(FIX / "feed.rss", options=Options(max_chars=80))
    reasons = {o: r.reason for o, r in bad(found).items()}
    assert reasons[f"{FIX / 'feed.rss'}: https://example.org/a/1"].startswith(
        "too long: article of "
    )


def test_max_chars_option_and_environment(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(article_line(1) + article_line(2, "Sanctions. " + "x" * 300), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = etl("ingest", f, "-o", out, "--max-chars", "200")
    assert proc.returncode == 0, proc.stderr
    assert list(sidecar(out)) == [f"{f}:2"]
    env_run = subprocess.run(
        [sys.executable, "-m", "etl", "ingest", str(f), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "MONITOR_MAX_CHARS": "200"},
        cwd=ROOT,
    )
    assert env_run.returncode == 0, env_run.stderr
    assert list(sidecar(out)) == [f"{f}:2"]
    assert etl("ingest", f, "-o", out).returncode == 0
    assert sidecar(out) == {}


# --- CSV quotes (item 6) ---------------------------------------------------------------


def test_csv_unclosed_quote_is_rejected_from_its_row_on(tmp_path: Path) -> None:
    f = tmp_path / "quote.csv"
    f.write_text(
        "id,text\n"
        "q1,Ruritania imposed sanctions on Sylvania.\n"
        'q2,"Freedonia sold drones to Sylvania.\n'
        "q3,Sylvania denied it.\n",
        encoding="utf-8",
    )
    found, _ = read(f)
    assert set(good(found)) == {"q1"}
    (rec,) = bad(found).values()
    assert rec.origin == f"{f}:3"
    assert rec.reason.startswith("unclosed quote: the quoted field opened on line 3 never closes")
    assert "lines 3-4" in rec.reason


def test_csv_quote_closed_rows_later_is_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "quote.csv"
    f.write_text(
        'id,title,text\nm1,"Open quote,Body one.\nm2,"Closed",Body two.\nm3,Fine,Body three.\n',
        encoding="utf-8",
    )
    found, _ = read(f)
    assert set(good(found)) == {"m3"}
    (rec,) = bad(found).values()
    assert rec.origin == f"{f}:2"
    assert "a quote opened on line 2 closes on line 3" in rec.reason


# --- encodings (item 7) ----------------------------------------------------------------

TEXT = "Zürich sanctions\n\nSwitzerland froze €2m of assets held by “Ruritanian” banks."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "utf-32", "cp1252"])
def test_text_file_encodings(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "story.txt"
    f.write_bytes(TEXT.encode(encoding))
    (art,) = read(f)[0]
    assert isinstance(art, Article)
    assert art.full_text == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "cp1252"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "wire.csv"
    f.write_bytes(f'id,title,text\ne1,Zürich,"{TEXT}"\ne2,Café à Genève,Plain.\n'.encode(encoding))
    found = good(read(f)[0])
    assert (found["e1"].title, found["e1"].text) == ("Zürich", TEXT)
    assert found["e2"].title == "Café à Genève"


def test_utf16_jsonl_is_read(tmp_path: Path) -> None:
    f = tmp_path / "news.jsonl"
    f.write_bytes((article_line(1) + json.dumps({"id": "z", "text": TEXT}) + "\n").encode("utf-16"))
    found = good(read(f)[0])
    assert found["z"].text == TEXT and "a1" in found


# --- unreadable inputs (item 9) ----------------------------------------------------------


def test_unreadable_file_and_folder_are_rejected_and_the_rest_loads(tmp_path: Path) -> None:
    prefix = without_read_override()
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "inside.txt").write_text("Sanctions on Sylvania, locked away.")
    (src / "secret.txt").write_text("Ruritania imposed sanctions on Sylvania.")
    (src / "open.txt").write_text("Freedonia sold drones to Sylvania.")
    (src / "gone.jsonl").symlink_to(tmp_path / "missing.jsonl")
    os.mkfifo(src / "pipe.jsonl")
    (src / "secret.txt").chmod(0)
    (src / "locked").chmod(0)
    out = tmp_path / "out.jsonl"
    try:
        proc = etl("ingest", src, "-o", out, prefix=prefix)
    finally:
        (src / "secret.txt").chmod(0o644)
        (src / "locked").chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["in/open.txt"]
    assert sidecar(out) == {
        str(src / "gone.jsonl"): "broken link: the file it points to does not exist",
        str(src / "locked"): "cannot read folder: Permission denied",
        str(src / "pipe.jsonl"): "not a regular file (a FIFO, socket or device); skipped",
        str(src / "secret.txt"): "cannot read: Permission denied",
    }


def test_unreadable_folder_named_directly_is_one_error_line(tmp_path: Path) -> None:
    prefix = without_read_override()
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text("Sanctions.")
    locked.chmod(0)
    try:
        proc = etl("ingest", locked, "-o", tmp_path / "out.jsonl", prefix=prefix)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2
    assert proc.stderr == f"error: {locked}: cannot read folder: Permission denied\n"


# --- a broken install (item 10) ----------------------------------------------------------


def test_missing_html_cleaner_fails_the_run_loudly(tmp_path: Path) -> None:
    """Without lxml_html_clean every page would be "rejected" and the run exit 0: it must
    stop with one error line that names the module and the fix. The import is made to fail
    in the child process only, as on an install that lacks the package."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text("import sys\nsys.modules['lxml_html_clean'] = None\n")
    (tmp_path / "page.html").write_text(
        "<html><body><article><p>"
        + "Ruritania imposed sanctions on Sylvania, the ministry said. " * 3
        + "</p></article></body></html>"
    )
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "ingest", str(tmp_path / "page.html"), "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(shim), str(ROOT)])},
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith("error: cannot read html inputs: ")
    assert "lxml_html_clean" in line and "pip install -r requirements.txt" in line
    assert not out.exists()


def test_every_module_a_reader_needs_is_pinned() -> None:
    """The readers' imports come from distributions pinned in requirements.txt (an extra
    such as lxml[html_clean] is only installed by a recent pip)."""
    from importlib.metadata import packages_distributions

    from packaging.utils import canonicalize_name

    pinned = {
        canonicalize_name(line.split("==")[0].split("[")[0])
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    dists = packages_distributions()
    for kind, modules in sources._NEEDS.items():
        for module in modules:
            names = {canonicalize_name(d) for d in dists[module.split(".")[0]]}
            assert names & pinned, f"{kind} reader: {module} ({names}) not in requirements.txt"


# --- empty inputs and unused columns (item 15) -------------------------------------------


def test_empty_inputs_are_named(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "blank.jsonl").write_text("\n\n")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "header.csv").write_text("id,title,text\n")
    (tmp_path / "ok.txt").write_text("Ruritania imposed sanctions on Sylvania.")
    found, notes = read(tmp_path)
    assert len(found) == 1
    assert {(Path(n.origin).name, n.message) for n in notes} == {
        ("blank.jsonl", "no records (the file is empty)"),
        ("empty.csv", "no records (the file is empty)"),
        ("empty.jsonl", "no records (the file is empty)"),
        ("header.csv", "no records (a header but no rows)"),
    }


def test_unused_csv_column_is_reported_with_the_fix(tmp_path: Path) -> None:
    f = tmp_path / "wire.csv"
    f.write_text("id,headline,body,when\nw1,Sanctions,Ruritania imposed sanctions.,2023-01-05\n")
    found, notes = read(f)
    (art,) = found
    assert isinstance(art, Article) and art.published is None
    (note,) = notes
    assert note.origin == str(f)
    assert note.message.startswith("columns not used: 'when'; ")
    assert "--column FIELD=HEADER" in note.message and "published" in note.message
    # Mapped, the column is used and nothing is left to report.
    found, notes = read(f, options=Options(columns={"published": "when"}))
    assert (
        notes == [] and isinstance(found[0], Article) and str(found[0].published) == ("2023-01-05")
    )


def test_ingest_summary_names_empty_inputs_and_unused_columns(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "header.csv").write_text("id,title,text\n")
    (tmp_path / "wire.csv").write_text("id,text,when\nw1,Ruritania imposed sanctions.,2023\n")
    proc = etl("ingest", tmp_path, "-o", tmp_path / "out" / "a.jsonl")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert f"note: {tmp_path / 'empty.jsonl'}: no records (the file is empty)" in lines
    assert f"note: {tmp_path / 'header.csv'}: no records (a header but no rows)" in lines
    assert any(
        x.startswith(f"note: {tmp_path / 'wire.csv'}: columns not used: 'when'") for x in lines
    )
    assert lines[-1].startswith("records read 1 / articles 1")


def test_folder_holding_only_an_unreadable_folder_says_so(tmp_path: Path) -> None:
    prefix = without_read_override()
    locked = tmp_path / "in" / "locked"
    locked.mkdir(parents=True)
    (locked / "a.txt").write_text("Sanctions.")
    locked.chmod(0)
    try:
        proc = etl("ingest", tmp_path / "in", "-o", tmp_path / "out.jsonl", prefix=prefix)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {tmp_path / 'in'}: no readable files (looked for ")
    assert proc.stderr.endswith(f"; {locked}: cannot read folder: Permission denied\n")
