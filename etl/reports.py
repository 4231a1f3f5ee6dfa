"""Plain-text reports over the database (`python -m etl stats`, `python -m etl rejected`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, String, func, select
from sqlmodel import Session, col

from etl.models import Article, Country, EtlRun, Event, Mention, MentionParty, Rejected


def stats_text(engine: Engine, *, top: int = 15, months: int = 12) -> str:
    lines: list[str] = []
    with Session(engine) as s:
        n_articles = s.execute(select(func.count()).select_from(Article)).scalar_one()
        n_mentions = s.execute(select(func.count()).select_from(Mention)).scalar_one()
        n_events = s.execute(select(func.count()).select_from(Event)).scalar_one()
        n_rejected = s.execute(select(func.count()).select_from(Rejected)).scalar_one()
        lines.append(
            f"articles {n_articles}  events {n_events}  mentions {n_mentions}"
            f"  rejected records {n_rejected}"
        )
        if not n_mentions:
            lines.append("no events yet: load articles with `python -m etl run PATH`")
        else:
            # Events, not mentions: ten articles about one round of sanctions count once.
            lines.append("")
            lines.append("events by type")
            for etype, n in s.execute(
                select(col(Event.type), func.count())
                .group_by(col(Event.type))
                .order_by(col(Event.type))
            ):
                lines.append(f"  {etype:<14} {n:>8}")
            lines.append("")
            lines.append(f"events by country (top {top}; either side)")
            n_events_of = func.count(func.distinct(col(Mention.event_id)))
            q = (
                select(col(Country.code), col(Country.name), n_events_of)
                .select_from(MentionParty)
                .join(Country, col(Country.code) == col(MentionParty.code))
                .join(Mention, col(Mention.id) == col(MentionParty.mention_id))
                .group_by(col(Country.code), col(Country.name))
                .order_by(n_events_of.desc(), col(Country.code))
                .limit(top)
            )
            for code, name, n in s.execute(q):
                lines.append(f"  {code:<11} {name[:28]:<28} {n:>8}")
            lines.append("")
            lines.append(f"events by month of their first date (last {months} with events)")
            month = func.substr(func.cast(col(Event.first_date), String), 1, 7)
            q = (
                select(month.label("m"), func.count())
                .where(col(Event.first_date).is_not(None))
                .group_by("m")
                .order_by(month.desc())
                .limit(months)
            )
            for m, n in reversed(s.execute(q).all()):
                lines.append(f"  {m:<10} {n:>8}")
        runs = (
            s.execute(select(EtlRun).order_by(col(EtlRun.started_at).desc()).limit(5))
            .scalars()
            .all()
        )
        if runs:
            lines.append("")
            lines.append("last runs")
            for r in runs:
                when = r.started_at.strftime("%Y-%m-%d %H:%M")
                first = r.inputs.splitlines()[0] if r.inputs else ""
                more = f" (+{len(r.inputs.splitlines()) - 1})" if "\n" in r.inputs else ""
                lines.append(
                    f"  {when}  {r.status:<7} read {r.articles_read} new {r.articles_new}"
                    f" rejected {r.rejected} mentions {r.mentions_new}  {first}{more}"
                )
            if any(r.status == "running" for r in runs):
                lines.append(
                    "  (a run still marked running was either in progress or interrupted;"
                    " running the same input again completes it)"
                )
    return "\n".join(lines)


@dataclass(frozen=True)
class RejectedItem:
    """One rejected record with the run that set it aside (None: no run recorded)."""

    origin: str
    reason: str
    raw: str
    run_id: str | None
    run_started_at: datetime | None
    run_inputs: list[str]
    run_status: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "run_started_at": self.run_started_at.isoformat() if self.run_started_at else None,
            "run_status": self.run_status,
            "run_inputs": self.run_inputs,
            "origin": self.origin,
            "reason": self.reason,
            "raw": self.raw,
        }


@dataclass
class RejectedReport:
    """A page of rejected records, newest run first, and how many there are in all."""

    items: list[RejectedItem] = field(default_factory=list)
    total: int = 0
    per_run: dict[str | None, int] = field(default_factory=dict)
    run: str | None = None  # the run asked for, if any


def rejected(engine: Engine, *, run: str | None = None, limit: int | None = 50) -> RejectedReport:
    """Rejected records grouped by run, newest run first (`python -m etl rejected`).

    `run` is a run id or its unique prefix (LookupError when it names no run or several);
    `limit` caps the records listed (None: all), not the counts.
    """
    with Session(engine) as s:
        run_id = _run_id(s, run) if run else None
        where = [col(Rejected.run_id) == run_id] if run_id else []
        per_run = {
            rid: n
            for rid, n in s.execute(
                select(col(Rejected.run_id), func.count()).where(*where).group_by(Rejected.run_id)
            ).all()
        }
        q = (
            select(Rejected, EtlRun)
            .outerjoin(EtlRun, col(Rejected.run_id) == col(EtlRun.id))
            .where(*where)
            .order_by(
                col(EtlRun.started_at).desc().nulls_last(),
                col(Rejected.run_id),
                col(Rejected.created_at),
                col(Rejected.origin),
                col(Rejected.id),
            )
        )
        if limit is not None:
            q = q.limit(limit)
        items = [
            RejectedItem(
                origin=r.origin,
                reason=r.reason,
                raw=r.raw,
                run_id=r.run_id,
                run_started_at=er.started_at if er else None,
                run_inputs=er.inputs.splitlines() if er else [],
                run_status=er.status if er else None,
            )
            for r, er in s.execute(q).all()
        ]
    return RejectedReport(items=items, total=sum(per_run.values()), per_run=per_run, run=run_id)


def _run_id(s: Session, prefix: str) -> str:
    """The run whose id is `prefix` or starts with it."""
    prefix = prefix.strip().lower()
    found = (
        s.execute(
            select(col(EtlRun.id))
            .where(col(EtlRun.id).startswith(prefix, autoescape=True))
            .limit(2)
        )
        .scalars()
        .all()
    )
    if not prefix or not found:
        raise LookupError(f"no run {prefix!r}; `python -m etl stats` shows the last runs")
    if len(found) > 1:
        raise LookupError(f"run {prefix!r} is ambiguous; give more of its id")
    return found[0]


RUN_ID_SHOWN = 12  # characters of a run id shown (enough to be unique; `--run` takes them)


def rejected_text(report: RejectedReport) -> str:
    """The report as text: one block per run (start, status, inputs), a line per record."""
    if not report.total:
        if report.run:
            return f"no rejected records in run {report.run[:RUN_ID_SHOWN]}"
        return "no rejected records"
    lines: list[str] = []
    current: object = object()
    for item in report.items:
        if item.run_id != current:
            current = item.run_id
            if lines:
                lines.append("")
            lines += _run_header(item, report.per_run.get(item.run_id, 0))
        lines.append(f"  {item.origin}  {item.reason}")
    if len(report.items) < report.total:
        lines += [
            "",
            f"showing {len(report.items)} of {report.total} rejected records;"
            " --limit N shows more (0: all), --json adds each raw record",
        ]
    return "\n".join(lines)


def _run_header(item: RejectedItem, n: int) -> list[str]:
    records = f"{n} rejected record{'s' if n != 1 else ''}"
    if item.run_id is None:
        return [f"no run recorded  {records}"]
    when = item.run_started_at.strftime("%Y-%m-%d %H:%M UTC") if item.run_started_at else "?"
    head = f"run {item.run_id[:RUN_ID_SHOWN]}  started {when}  {item.run_status}  {records}"
    inputs = ", ".join(item.run_inputs) or "?"
    return [head, f"  inputs: {inputs}"]
