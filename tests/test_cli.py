"""The commands (`run`, `ingest`, `stats`, `rejected`, `evaluate`): results, summaries, and
user errors as one line (`error: ...`, exit status 2, never a traceback)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from etl import store
from etl.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "sources"


# Plain sentences the real tagger finds (`python -m etl extract` on them: 5 event records),
# an article without an event, a duplicate and two bad records.
ARTICLES = [
    {"id": "n1", "title": "EU sanctions Belarus", "published": "2023-03-06",
     "text": "The European Union imposed sanctions on Belarus on 6 March 2023."},
    {"id": "n2", "title": "Moscow and Kyiv", "published": "2023-03-07",
     "text": "Britain imposed sanctions on Russia on 7 March 2023. "
             "France delivered Caesar howitzers to Ukraine."},
    {"id": "n3", "title": "Weather", "published": "2023-03-05",
     "text": "The weather in Paris was mild on Sunday."},
    {"id": "n4", "title": "Jets for Ankara", "published": "2023-03-08",
     "text": "The United States sold 24 F-16 fighter jets to Turkey."},
    {"id": "n5", "title": "Lebanon", "published": "2023-03-09",
     "text": "The United States imposed sanctions on Hezbollah financiers in Lebanon."},
]  # fmt: skip


def write_corpus(path: Path) -> Path:
    lines = [json.dumps(a) for a in ARTICLES]
    lines.append(json.dumps({**ARTICLES[0], "id": "n1-copy"}))  # same content, other id
    lines += ["{broken json", json.dumps({"id": "empty", "text": ""})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner for the real commands: `run` loads the real spaCy model when it has new
    articles to read (those tests are marked `model`)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return CliRunner()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_user_error(result: object, *fragments: str) -> None:
    code, out, err = result.exit_code, result.stdout, result.stderr  # type: ignore[attr-defined]
    assert code == 2, (code, out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for fragment in fragments:
        assert fragment in lines[0]


# --- run ------------------------------------------------------------------------------


@pytest.mark.model
def test_run_prints_summary_and_is_idempotent(cli: CliRunner, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in.jsonl")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    first = cli.invoke(app, ["run", str(corpus), "--db", db])
    assert first.exit_code == 0, first.stderr
    found = re.fullmatch(
        r"articles read 8 / new 5 / already stored 0 / duplicates 1 / rejected 2;"
        r" events found (\d+) \(from 6 new mentions\) \(in \d+\.\d s\)\n",
        first.stdout,
    )
    assert found, first.stdout
    assert "rejected 1: text: empty" in first.stderr
    engine = store.make_engine(db)
    counts = store.table_counts(engine)
    # Six mentions: n1's headline ("EU sanctions Belarus") and body report one event.
    assert (counts["article"], counts["mention"], counts["rejected"]) == (5, 6, 2)
    assert int(found.group(1)) == counts["event"]
    second = cli.invoke(app, ["run", str(corpus), "--db", db])
    assert second.exit_code == 0
    assert "new 0 / already stored 5 / duplicates 1 / rejected 2; events found 0" in second.stdout
    assert store.table_counts(engine) == counts
    engine.dispose()
    stats = cli.invoke(app, ["stats", "--db", db])
    assert stats.exit_code == 0
    lines = stats.stdout.splitlines()
    assert lines[0] == f"articles 5  events {counts['event']}  mentions 6  rejected records 2"
    assert "events by type" in lines


@pytest.mark.model
def test_run_reads_every_source_kind(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["run", str(FIX), "--db", f"sqlite:///{tmp_path / 'm.db'}"])
    assert result.exit_code == 0, result.stderr
    assert "articles read 23 / new 10" in result.stdout


@pytest.mark.model
def test_no_progress_bar_without_a_terminal(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(app, ["run", str(FIX), "--db", f"sqlite:///{tmp_path / 'm.db'}"])
    assert "extracting" not in result.stderr and "\x1b[" not in result.stderr


@pytest.mark.model
def test_database_url_from_environment(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {"DATABASE_URL": f"sqlite:///{db}"}
    assert cli.invoke(app, ["run", str(FIX / "feed.atom")], env=env).exit_code == 0
    stats = cli.invoke(app, ["stats"], env=env)
    assert stats.exit_code == 0 and stats.stdout.startswith("articles 1 ")


# --- ingest ---------------------------------------------------------------------------


def test_ingest_writes_articles_and_sidecar(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    result = cli.invoke(app, ["ingest", str(FIX), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "records read 23 / articles 10" in result.stderr
    assert "rejected 13" in result.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 10
    assert set(rows[0]) >= {"id", "title", "text", "published"}
    sidecar = tmp_path / "articles.rejected.jsonl"
    bad = [json.loads(line) for line in sidecar.read_text().splitlines()]
    assert len(bad) == 13 and all(set(b) == {"origin", "reason", "raw"} for b in bad)


def test_ingest_column_option(cli: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "x.csv"
    src.write_text("Key,Teaser,Story\nk1,Short teaser.,The long story.\n")
    out = tmp_path / "out.jsonl"
    result = cli.invoke(app, ["ingest", str(src), "-o", str(out), "--column", "text=Teaser"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["text"] == "Short teaser."


def test_ingest_output_feeds_extract_contract(cli: CliRunner, tmp_path: Path) -> None:
    """Every line `ingest` writes is a valid `extract` input article."""
    from etl.records import Article

    out = tmp_path / "a.jsonl"
    cli.invoke(app, ["ingest", str(FIX), "-o", str(out)])
    for line in out.read_text().splitlines():
        data = json.loads(line)
        Article.model_validate(data)
        assert data["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", data["published"])


# --- user errors ----------------------------------------------------------------------


def test_missing_path(cli: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    assert_user_error(cli.invoke(app, ["run", str(missing)]), "no such file", str(missing))
    out = str(tmp_path / "o.jsonl")
    assert_user_error(cli.invoke(app, ["ingest", str(missing), "-o", out]), "no such file")


def test_unsupported_file(cli: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"PK")
    assert_user_error(cli.invoke(app, ["run", str(doc)]), "unsupported file type '.docx'")
    out = str(tmp_path / "o.jsonl")
    assert_user_error(cli.invoke(app, ["ingest", str(doc), "-o", out]), "unsupported")


@pytest.mark.parametrize("url", ["not-a-url", "nosuchdb://x/y", "sqlite:////proc/no/such.db"])
def test_bad_db_url(cli: CliRunner, url: str) -> None:
    assert_user_error(cli.invoke(app, ["run", str(FIX / "feed.atom"), "--db", url]))
    assert_user_error(cli.invoke(app, ["stats", "--db", url]))


def test_unreachable_postgres(cli: CliRunner) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/monitor"
    result = cli.invoke(app, ["run", str(FIX / "feed.atom"), "--db", url])
    assert_user_error(result, "cannot open database")
    assert_user_error(cli.invoke(app, ["stats"], env={"DATABASE_URL": url}))


def test_unwritable_output(cli: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = blocker / "articles.jsonl"  # a folder that cannot exist
    assert_user_error(cli.invoke(app, ["ingest", str(FIX / "feed.atom"), "-o", str(out)]))
    assert_user_error(cli.invoke(app, ["ingest", str(FIX / "feed.atom"), "-o", str(tmp_path)]))


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--column", "text"], "FIELD=HEADER"),
        (["--column", "colour=Red"], "unknown field 'colour'"),
        (["--engine", "spark"], "--engine must be local or dask"),
        (["--workers", "2"], "need --engine dask"),
    ],
)
def test_bad_options(cli: CliRunner, args: list[str], fragment: str) -> None:
    assert_user_error(cli.invoke(app, ["run", str(FIX / "feed.atom"), *args]), fragment)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["run"], "missing argument 'paths'"),
        (["frob"], "no such command 'frob'"),
        (["stats", "--bogus"], "no such option: --bogus"),
        (["ingest", str(FIX / "feed.atom")], "missing option '-o' / '--output'"),
        (["run", str(FIX / "feed.atom"), "--workers", "0"], "invalid value for '--workers'"),
        (["rejected", "--limit", "many"], "invalid value for '--limit'"),
    ],
)
def test_usage_errors_are_one_line(cli: CliRunner, args: list[str], fragment: str) -> None:
    """Not Typer's usage text and boxed message: the README's one `error:` line."""
    result = cli.invoke(app, args)
    assert_user_error(result, fragment)
    assert "─" not in result.stderr and "Usage:" not in result.stderr


def test_help_still_works(cli: CliRunner) -> None:
    result = cli.invoke(app, ["rejected", "--help"])
    assert result.exit_code == 0 and "--limit" in result.stdout


@pytest.mark.parametrize("command", ["stats", "rejected"])
def test_read_only_commands_create_nothing(cli: CliRunner, tmp_path: Path, command: str) -> None:
    where = tmp_path / "no" / "such" / "dir" / "x.db"
    result = cli.invoke(app, [command, "--db", f"sqlite:///{where}"])
    assert_user_error(result, f"no database at {where}")
    assert list(tmp_path.iterdir()) == []  # no folder, no file
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    result = cli.invoke(app, [command, "--db", f"sqlite:///{empty}"])
    assert_user_error(result, f"{empty} is not a monitor database")
    assert empty.read_bytes() == b""  # not turned into one either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (['{"id": "a", "text": "The EU imposed sanctions on Iran."}'], "not a gold file"),
        ([], "not a gold file (has no articles)"),
        (['{"id": "a", "text": "t", "events": []}', '{"id": "b", "text": "t"}'], ":2: not a gold"),
        (['{"id": "a", "text": "t", "events": [{"sources": ["USA"]}]}'], "event 1 has no `type`"),
    ],
)
def test_evaluate_wants_a_gold_file(
    cli: CliRunner, tmp_path: Path, lines: list[str], fragment: str
) -> None:
    """Articles without annotations are not scored as P 0.000 R 1.000."""
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    assert_user_error(cli.invoke(app, ["evaluate", str(path)]), str(path), fragment)


# --- rejected -------------------------------------------------------------------------


def bad_records(path: Path, *origins: str) -> Path:
    """A JSONL file of records that are all rejected (so `run` needs no model)."""
    path.write_text("".join(json.dumps({"id": o, "text": ""}) + "\n" for o in origins))
    return path


@pytest.fixture
def two_runs(cli: CliRunner, tmp_path: Path) -> str:
    """A database with two runs' rejected records: 2 in the older run, 3 in the newer."""
    db = f"sqlite:///{tmp_path / 'm.db'}"
    older = bad_records(tmp_path / "older.jsonl", "o1", "o2")
    newer = bad_records(tmp_path / "newer.jsonl", "n1", "n2", "n3")
    for path in (older, newer):
        result = cli.invoke(app, ["run", str(path), "--db", db])
        assert result.exit_code == 0, result.stderr
    return db


def test_rejected_lists_records_by_run_newest_first(
    cli: CliRunner, two_runs: str, tmp_path: Path
) -> None:
    result = cli.invoke(app, ["rejected", "--db", two_runs])
    assert result.exit_code == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 2
    newer, older = (block.splitlines() for block in blocks)
    assert re.fullmatch(
        r"run [0-9a-f]{12}  started \d{4}-\d\d-\d\d \d\d:\d\d UTC  ok  3 rejected records", newer[0]
    )
    assert newer[1] == f"  inputs: {tmp_path / 'newer.jsonl'}"
    assert newer[2:] == [f"  {tmp_path / 'newer.jsonl'}:{n}  text: empty" for n in (1, 2, 3)]
    assert older[0].endswith("  ok  2 rejected records")
    assert older[1] == f"  inputs: {tmp_path / 'older.jsonl'}"
    assert len(older) == 4


def test_rejected_one_run_limit_and_json(cli: CliRunner, two_runs: str, tmp_path: Path) -> None:
    listing = cli.invoke(app, ["rejected", "--db", two_runs]).stdout.splitlines()
    older_id = listing[-4].split()[1]  # the 12 characters shown
    one = cli.invoke(app, ["rejected", "--db", two_runs, "--run", older_id])
    assert one.exit_code == 0 and one.stdout.splitlines()[0].startswith(f"run {older_id} ")
    assert "older.jsonl:2" in one.stdout and "newer.jsonl" not in one.stdout
    limited = cli.invoke(app, ["rejected", "--db", two_runs, "--limit", "2"])
    assert limited.stdout.count("text: empty") == 2
    assert limited.stdout.splitlines()[-1].startswith("showing 2 of 5 rejected records;")
    as_json = cli.invoke(app, ["rejected", "--db", two_runs, "--json", "--limit", "0"])
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(rows) == 5 and rows[0]["origin"] == f"{tmp_path / 'newer.jsonl'}:1"
    assert rows[-1]["run_id"].startswith(older_id)
    assert rows[0]["run_inputs"] == [str(tmp_path / "newer.jsonl")]
    assert json.loads(rows[0]["raw"]) == {"id": "n1", "text": ""}
    assert set(rows[0]) == {
        "run_id", "run_started_at", "run_status", "run_inputs", "origin", "reason", "raw"
    }  # fmt: skip


def test_rejected_when_there_are_none(cli: CliRunner, engine: object, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'monitor.db'}"  # the `engine` fixture's database
    result = cli.invoke(app, ["rejected", "--db", db])
    assert result.exit_code == 0 and result.stdout == "no rejected records\n"
    assert_user_error(cli.invoke(app, ["rejected", "--db", db, "--run", "abc"]), "no run 'abc'")


@pytest.mark.slow  # three fresh interpreters; the CliRunner tests above cover the cases
def test_user_errors_in_a_real_process(tmp_path: Path) -> None:
    """The same, end to end: a fresh interpreter, real stderr, real exit status."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    cases = [
        ["run", str(tmp_path / "missing.jsonl")],
        ["run", str(FIX / "feed.atom"), "--db", "bogus://"],
        ["ingest", str(FIX / "feed.atom"), "-o", str(tmp_path)],
        ["run"],  # a usage error, printed by our group, not Typer's box
    ]
    for args in cases:
        proc = subprocess.run(
            [sys.executable, "-m", "etl", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1


# --- documentation --------------------------------------------------------------------


def test_every_command_is_documented_in_readme() -> None:
    """sqlite-utils' habit: a command missing from README's CLI reference fails the build."""
    import typer.main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## CLI reference", 1)[-1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    commands = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert commands
    missing = [
        name for name in commands if not any(f"`python -m etl {name}" in row for row in rows)
    ]
    assert not missing, f"commands missing from README's CLI reference table: {missing}"


@pytest.mark.parametrize("quiet", [False, True])
def test_a_library_log_record_prints_no_traceback_from_the_cli(quiet: bool) -> None:
    """SQLAlchemy logs "Error closing cursor" with a traceback when Ctrl-C lands inside a
    fetch; the CLI (`etl.cli.main`) keeps such records off the terminal. The control run,
    without it, shows what Python prints otherwise."""
    code = (
        "import logging\n"
        "from etl.cli import quiet_library_logs\n"
        f"if {quiet}: quiet_library_logs()\n"
        "try:\n"
        "    raise KeyboardInterrupt\n"
        "except BaseException:\n"
        "    logging.getLogger('sqlalchemy.pool.impl.QueuePool').error(\n"
        "        'Error closing cursor', exc_info=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    if quiet:
        assert done.stderr == ""
    else:
        assert "Error closing cursor" in done.stderr
