"""Plain-text reports over the database (`python -m etl stats`)."""

from __future__ import annotations

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
            f"articles {n_articles}  event mentions {n_mentions}  distinct events {n_events}"
            f"  rejected records {n_rejected}"
        )
        if not n_mentions:
            lines.append("no events yet: load articles with `python -m etl run PATH`")
        else:
            lines.append("")
            lines.append("by type")
            for etype, n in s.execute(
                select(col(Mention.type), func.count())
                .group_by(col(Mention.type))
                .order_by(col(Mention.type))
            ):
                lines.append(f"  {etype:<14} {n:>8}")
            lines.append("")
            lines.append(f"by country (top {top}; either side)")
            q = (
                select(
                    col(Country.code),
                    col(Country.name),
                    func.count(func.distinct(col(MentionParty.mention_id))),
                )
                .join(Country, col(Country.code) == col(MentionParty.code))
                .group_by(col(Country.code), col(Country.name))
                .order_by(
                    func.count(func.distinct(col(MentionParty.mention_id))).desc(),
                    col(Country.code),
                )
                .limit(top)
            )
            for code, name, n in s.execute(q):
                lines.append(f"  {code:<11} {name[:28]:<28} {n:>8}")
            lines.append("")
            lines.append(f"by month (last {months} with events)")
            month = func.substr(func.cast(col(Mention.date), String), 1, 7)
            q = (
                select(month.label("m"), func.count())
                .where(col(Mention.date).is_not(None))
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
                    f" rejected {r.rejected} events {r.mentions_new}  {first}{more}"
                )
            if any(r.status == "running" for r in runs):
                lines.append(
                    "  (a run still marked running was either in progress or interrupted;"
                    " running the same input again completes it)"
                )
    return "\n".join(lines)
