"""News events against the registers (`etl/registers/match.py`): events in a real SQLite
file matched to the fixture registers of `tests/assets/registers/` (written by us in
SIPRI's and GSDB's formats): true matches, near misses, weapon names, GSDB's years in
force, the incremental re-run, a new edition re-matching, and the commands."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from sqlmodel import Session, col
from typer.testing import CliRunner

from etl import registers, store
from etl.cli import app
from etl.models import Article, Event, Mention, RegisterCheck, RegisterMatch, SipriDeal
from etl.registers import match

ASSETS = Path(__file__).parent / "assets" / "registers"
SIPRI = ASSETS / "sipri_trade_register.csv"
GSDB = ASSETS / "gsdb_cases.csv"


def add_event(engine: Engine, eid: str, etype: str, sources: str, targets: str, when: date,
              category: str, action: str, weapon: str | None = None,
              evidence: str = "") -> None:  # fmt: skip
    with Session(engine) as session:
        session.add(
            Event(
                id=eid,
                type=etype,
                action=action,
                category=category,
                sources=sources,
                targets=targets,
                first_date=when,
                last_date=when,
                weapon=weapon,
                evidence=evidence,
                n_mentions=1,
                n_articles=1,
            )
        )
        session.commit()


def arms(engine: Engine, eid: str, sources: str, targets: str, year: int, category: str,
         action: str = "delivered", weapon: str | None = None,
         evidence: str = "") -> None:  # fmt: skip
    add_event(engine, eid, "arms_transfer", sources, targets, date(year, 6, 1), category,
              action, weapon, evidence)  # fmt: skip


def sanction(engine: Engine, eid: str, sources: str, targets: str, year: int, category: str,
             action: str = "imposed") -> None:  # fmt: skip
    add_event(engine, eid, "sanction", sources, targets, date(year, 6, 1), category, action)


def checks(engine: Engine) -> dict[str, RegisterCheck]:
    with Session(engine) as session:
        return {c.event_id: c for c in session.execute(select(RegisterCheck)).scalars()}


def matches(engine: Engine) -> dict[str, list[RegisterMatch]]:
    """Event id -> its matches, best first."""
    out: dict[str, list[RegisterMatch]] = {}
    with Session(engine) as session:
        rows = session.execute(
            select(RegisterMatch).order_by(col(RegisterMatch.score).desc())
        ).scalars()
        for row in rows:
            out.setdefault(row.event_id, []).append(row)
    return out


def snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    with Session(engine) as session:
        m = session.execute(select(RegisterMatch).order_by(col(RegisterMatch.id))).scalars()
        c = session.execute(select(RegisterCheck).order_by(col(RegisterCheck.event_id))).scalars()
        return [tuple(r.model_dump().items()) for r in [*m, *c]]


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    registers.load(engine, SIPRI)
    registers.load(engine, GSDB)
    return engine


# --- SIPRI -----------------------------------------------------------------------------


def test_a_delivery_named_in_the_news_is_confirmed_by_its_deal(loaded: Engine) -> None:
    arms(loaded, "rafale", "FRA", "EGY", 2016, "aircraft", weapon="Rafale fighter jets")
    match.match_events(loaded)
    best = matches(loaded)["rafale"][0]
    assert best.best and best.kind == "sipri" and best.score == 1.0
    assert best.reason == (
        "SIPRI: France -> Egypt, 24 Rafale (FGA aircraft) ordered 2015, delivered 2016-2020;"
        " weapon name matches; dates fit; same category (aircraft)"
    )
    with Session(loaded) as session:
        deal = session.get(SipriDeal, best.entry_id)
    assert deal is not None and deal.designation == "Rafale"
    assert checks(loaded)["rafale"].status == "confirmed"
    # The other France -> Egypt deal of those years (a warship whose description the
    # lookup files as 'other', compatible with anything) matches lower, not as the best.
    second = matches(loaded)["rafale"][1]
    assert not second.best and second.score < best.score and "Mistral" in second.reason


@pytest.mark.parametrize(
    ("why", "sources", "targets", "year", "category"),
    [
        ("wrong year", "FRA", "EGY", 2010, "aircraft"),  # ordered 2015, delivered 2016-2020
        ("wrong category", "RUS", "TUR", 2019, "naval"),  # the S-400 is air defence
        ("wrong pair", "EGY", "FRA", 2016, "aircraft"),  # the other way round
        ("another supplier", "ITA", "EGY", 2016, "aircraft"),
    ],
)
def test_a_near_miss_is_not_matched(
    loaded: Engine, why: str, sources: str, targets: str, year: int, category: str
) -> None:
    arms(loaded, "miss", sources, targets, year, category, weapon="Rafale")
    match.match_events(loaded)
    assert "miss" not in matches(loaded), why
    assert checks(loaded)["miss"].status == "news_only"


def test_a_weapon_named_raises_the_score_and_other_is_compatible(loaded: Engine) -> None:
    arms(loaded, "named", "RUS", "TUR", 2019, "other", evidence="Russia began delivering S-400s.")
    arms(loaded, "unnamed", "RUS", "TUR", 2019, "other", evidence="Russia delivered weapons.")
    match.match_events(loaded)
    named, unnamed = matches(loaded)["named"][0], matches(loaded)["unnamed"][0]
    assert named.entry_id == unnamed.entry_id
    assert named.score > unnamed.score
    assert "weapon name matches" in named.reason and "weapon" not in unnamed.reason
    # 'other' is compatible with the SAM system, but it is no same-category bonus.
    assert "same category" not in named.reason
    assert checks(loaded)["named"].status == "confirmed"
    assert checks(loaded)["unnamed"].status == "possible"


def test_the_year_rule_follows_the_action(loaded: Engine) -> None:
    # Turkey ordered the S-400 in 2017; deliveries 2019-2020.
    arms(loaded, "sold", "RUS", "TUR", 2017, "air_defence", action="sold")
    arms(loaded, "early", "RUS", "TUR", 2017, "air_defence", action="delivered")
    match.match_events(loaded)
    assert "dates fit" in matches(loaded)["sold"][0].reason
    assert "dates fit" not in matches(loaded)["early"][0].reason
    assert matches(loaded)["sold"][0].score > matches(loaded)["early"][0].score


def test_mentions_stand_in_for_an_event_without_weapon_or_evidence(loaded: Engine) -> None:
    """Before the grouping fills Event.weapon/action/evidence, its mentions give them."""
    arms(loaded, "bare", "FRA", "EGY", 2016, "aircraft", action="")
    with Session(loaded) as session:
        session.add(Article(id="a1", text="x", content_hash="h1"))
        session.flush()
        for mid, weapon, sentence in (
            ("m1", None, "France delivered three more jets to Egypt."),
            ("m2", "Rafales", "Egypt received Rafales from France."),
        ):
            session.add(
                Mention(
                    id=mid,
                    article_id="a1",
                    type="arms_transfer",
                    action="delivered",
                    status="reported",
                    category="aircraft",
                    sentence=sentence,
                    start=0,
                    end=1,
                    confidence=0.9,
                    weapon=weapon,
                    tagger_version="t",
                    event_id="bare",
                )
            )
        session.commit()
    match.match_events(loaded)
    best = matches(loaded)["bare"][0]
    assert "weapon name matches" in best.reason and "dates fit" in best.reason
    # A mention's weapon changing is a change of the event: matched again.
    with Session(loaded) as session:
        m2 = session.get(Mention, "m2")
        assert m2 is not None
        m2.weapon, m2.sentence = None, "Egypt received jets from France."
        session.commit()
    assert match.match_events(loaded).checked == 1
    assert "weapon name matches" not in matches(loaded)["bare"][0].reason


# --- GSDB ------------------------------------------------------------------------------


def test_a_sanction_matches_a_case_in_force_at_its_date(loaded: Engine) -> None:
    sanction(loaded, "ven", "USA", "VEN", 2019, "financial")  # case 11: 2017, open end
    sanction(loaded, "sov81", "USA", "RUS", 1981, "trade")  # case 3: 1980-1981
    sanction(loaded, "sov83", "USA", "RUS", 1983, "trade")  # after its end
    sanction(loaded, "sov79", "USA", "RUS", 1979, "trade")  # before it began
    sanction(loaded, "threat79", "USA", "RUS", 1979, "trade", action="threatened")
    sanction(loaded, "ven_trade", "USA", "VEN", 2019, "trade")  # a financial case only
    sanction(loaded, "ven_other", "USA", "VEN", 2019, "other")  # other fits every case
    match.match_events(loaded)
    found = matches(loaded)
    assert found["ven"][0].reason == (
        "GSDB case 11: United States -> Venezuela, since 2017 (financial); in force in 2019;"
        " type matches"
    )
    assert "in force in 1981" in found["sov81"][0].reason
    assert "sov83" not in found and "sov79" not in found and "ven_trade" not in found
    assert "threatened in 1979, the year before it began" in found["threat79"][0].reason
    assert found["ven_other"][0].score < found["ven"][0].score
    status = {k: v.status for k, v in checks(loaded).items()}
    assert status["sov83"] == "news_only" and status["ven"] == "confirmed"


def test_a_case_with_several_senders_supports_each(loaded: Engine) -> None:
    sanction(loaded, "eu", "EU", "PRK", 2006, "trade")  # case 2: EU, United States
    sanction(loaded, "both", "JPN|USA", "PRK", 2010, "financial")
    match.match_events(loaded)
    found = matches(loaded)
    assert "begins or ends that year" in found["eu"][0].reason  # imposed in its first year
    assert "Korea, North" in found["both"][0].reason


# --- incremental, editions, nothing loaded ----------------------------------------------


def test_nothing_loaded_leaves_events_unchecked(engine: Engine) -> None:
    arms(engine, "e", "FRA", "EGY", 2016, "aircraft")
    match.match_events(engine)
    assert checks(engine)["e"].status == "unchecked" and not matches(engine)
    registers.load(engine, SIPRI)
    assert match.match_events(engine).checked == 1  # a register of its kind now
    assert checks(engine)["e"].status != "unchecked"


def test_a_rerun_changes_nothing_and_only_changed_events_are_matched(loaded: Engine) -> None:
    arms(loaded, "a", "FRA", "EGY", 2016, "aircraft", weapon="Rafale")
    arms(loaded, "b", "RUS", "TUR", 2019, "air_defence")
    sanction(loaded, "s", "USA", "VEN", 2019, "financial")
    first = match.match_events(loaded)
    assert first.checked == 3
    before = snapshot(loaded)
    again = match.match_events(loaded)
    assert (again.checked, again.dropped, again.matches) == (0, 0, 0)
    assert snapshot(loaded) == before
    # One event changes, one is new, one is gone: only those are touched.
    with Session(loaded) as session:
        b = session.get(Event, "b")
        assert b is not None
        b.evidence = "Russia delivered the S-400 to Turkey."
        session.execute(delete(Event).where(col(Event.id) == "s"))
        session.commit()
    arms(loaded, "c", "USA", "UKR", 2022, "artillery", weapon="HIMARS")
    third = match.match_events(loaded)
    assert (third.checked, third.dropped) == (2, 1)
    assert "s" not in checks(loaded) and "s" not in matches(loaded)
    assert "weapon name matches" in matches(loaded)["b"][0].reason
    assert "weapon name matches" in matches(loaded)["c"][0].reason
    assert match.match_events(loaded).checked == 0
    assert match.match_events(loaded, everything=True).checked == 3


def test_a_sanctions_new_evidence_changes_no_check(loaded: Engine) -> None:
    """Sanctions are matched on parties, dates, action and category: a new representative
    sentence (regrouping picks another) is no reason to match again; a new category is."""
    sanction(loaded, "s", "USA", "VEN", 2019, "financial")
    assert match.match_events(loaded).checked == 1
    with Session(loaded) as session:
        s = session.get(Event, "s")
        assert s is not None
        s.evidence, s.weapon = "Washington froze the assets of Venezuela's oil company.", "x"
        session.commit()
    assert match.match_events(loaded).checked == 0
    with Session(loaded) as session:
        s = session.get(Event, "s")
        assert s is not None
        s.category = "trade"
        session.commit()
    assert match.match_events(loaded).checked == 1


def test_a_new_edition_rematches_every_event_of_its_kind(loaded: Engine, tmp_path: Path) -> None:
    arms(loaded, "a", "FRA", "EGY", 2022, "aircraft", weapon="Rafale")
    sanction(loaded, "s", "USA", "VEN", 2019, "financial")
    match.match_events(loaded)
    assert "a" not in matches(loaded)  # deliveries ended in 2020 (and a year of slack)
    newer = tmp_path / "sipri_2026.csv"
    text = SIPRI.read_text(encoding="latin-1").replace("02 Jan 2025", "05 Jan 2026")
    newer.write_text(text.replace("2016; 2017; 2018; 2019-2020", "2016-2022"), encoding="latin-1")
    summary = registers.load(loaded, newer)
    assert summary.rows_new == 1  # only the Rafale row changed
    assert match.match_events(loaded).checked == 1  # the arms transfer, not the sanction
    state = checks(loaded)
    with Session(loaded) as session:
        active = match.active_loads(session)
    assert state["a"].load_id == active["sipri"].id and state["a"].status == "confirmed"
    assert "delivered 2016-2022" in matches(loaded)["a"][0].reason
    assert state["s"].load_id == active["gsdb"].id  # GSDB unchanged: not re-matched
    again = match.match_events(loaded)
    assert again.checked == 0
    registers.load(loaded, newer)  # the same file again: nothing changes
    assert match.match_events(loaded).checked == 0


# --- commands ----------------------------------------------------------------------------


def test_registers_match_command_and_stats_lines(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    url = f"sqlite:///{db}"
    runner = CliRunner()
    missing = runner.invoke(app, ["registers", "match", "--db", url])
    assert missing.exit_code == 2 and missing.output.startswith("error: no database at")
    engine = store.make_engine(url)
    store.init_db(engine)
    arms(engine, "a", "FRA", "EGY", 2016, "aircraft", weapon="Rafale")
    engine.dispose()
    shutil.copy(SIPRI, tmp_path / "sipri.csv")
    loaded = runner.invoke(app, ["registers", "load", str(tmp_path / "sipri.csv"), "--db", url])
    assert loaded.exit_code == 0, loaded.output
    assert "registers: 1 events matched (1 confirmed" in loaded.output
    result = runner.invoke(app, ["registers", "match", "--db", url])
    assert result.exit_code == 0
    assert result.output.strip() == "registers: 1 events, none new or changed; nothing to match"
    forced = runner.invoke(app, ["registers", "match", "--all", "--db", url])
    assert "1 events matched" in forced.output
    stats = runner.invoke(app, ["stats", "--db", url])
    assert "  arms transfers vs SIPRI: 1 confirmed, 0 possible, 0 news_only" in stats.output
    assert "generated 2025-01-02: 11 entries" in stats.output


# --- evaluate --registers ------------------------------------------------------------------


def gold_article(aid: str, published: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": aid, "title": None, "text": "x", "published": published, "events": events}


def test_register_support_of_gold_and_tagger_pairs_true_and_false_apart() -> None:
    from etl.evaluate import Gold
    from etl.registers import support

    gold = Gold.from_articles(
        [
            gold_article("a1", "2016-07-20", [
                {"type": "arms_transfer", "action": "delivered", "category": "aircraft",
                 "sources": ["FRA"], "targets": ["EGY"]},
                {"type": "arms_transfer", "action": "sold", "category": "naval",
                 "sources": ["CHN"], "targets": ["EGY"]},  # no such deal
            ]),
            gold_article("a2", "2019-02-01", [
                {"type": "sanction", "action": "imposed", "category": "financial",
                 "sources": ["USA"], "targets": ["VEN"]},
                {"type": "sanction", "action": "imposed", "category": "trade",
                 "sources": [], "targets": ["VEN"]},  # '?': cannot be checked
            ]),
            gold_article("a3", "2019-07-15", []),
        ]
    )  # fmt: skip
    records = [
        # true, its weapon named: confirmed
        {"article_id": "a1", "type": "arms_transfer", "action": "delivered",
         "category": "aircraft", "sources": ["FRA"], "targets": ["EGY"], "date": "2016-07-18",
         "weapon": None, "sentence": "France delivered three Rafale jets to Egypt."},
        # false: S-400 pair and year, but a naval category: coarse only
        {"article_id": "a3", "type": "arms_transfer", "action": "delivered",
         "category": "naval", "sources": ["RUS"], "targets": ["TUR"], "date": None,
         "sentence": "Russia delivered ships to Turkey."},
        # false: no deal for this pair
        {"article_id": "a3", "type": "arms_transfer", "action": "sold", "category": "other",
         "sources": ["ITA"], "targets": ["TUR"], "date": "2019-07-15", "sentence": "..."},
        # true sanction, in force: confirmed (base + type)
        {"article_id": "a2", "type": "sanction", "action": "imposed", "category": "financial",
         "sources": ["USA"], "targets": ["VEN"], "date": None, "sentence": "..."},
    ]  # fmt: skip
    entries = support.read_registers(SIPRI, GSDB)
    result = support.support(gold, records, entries)
    arms_ = result["arms_transfer"]
    assert arms_["gold"] == {"pairs": 2, "unchecked": 0, "coarse": 0.5, "match": 0.5,
                             "confirmed": 0.5}  # fmt: skip
    assert arms_["tagger_true"] == {"pairs": 1, "unchecked": 0, "coarse": 1.0, "match": 1.0,
                                    "confirmed": 1.0}  # fmt: skip
    assert arms_["tagger_false"] == {"pairs": 2, "unchecked": 0, "coarse": 0.5, "match": 0.0,
                                     "confirmed": 0.0}  # fmt: skip
    sanctions = result["sanction"]
    assert sanctions["gold"] == {"pairs": 1, "unchecked": 1, "coarse": 1.0, "match": 1.0,
                                 "confirmed": 1.0}  # fmt: skip
    assert sanctions["tagger_true"]["confirmed"] == 1.0
    assert sanctions["tagger_false"] == {"pairs": 0, "unchecked": 0, "coarse": None,
                                         "match": None, "confirmed": None}  # fmt: skip
    lines = support.table(result).splitlines()
    assert "arms_transfer vs SIPRI, tagger, false" in lines[4] and "50%" in lines[4]
    assert support.support(gold, records, support.read_registers(None, GSDB)).keys() == {"sanction"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--registers"], "error: --registers needs --sipri PATH and/or --gsdb PATH"),
        (["--sipri", str(SIPRI)], "error: --sipri and --gsdb are read with --registers"),
        (["--registers", "--gsdb", "nope.csv"], "error: no such file: nope.csv"),
        (["--registers", "--sipri", str(GSDB)], "error: "),
    ],
)
def test_evaluate_registers_usage_errors_are_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "events": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), *args])
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1


def test_the_real_registers_support_the_gold_pairs() -> None:
    """On ../shared (skipped without it): the gold of dev_gold.jsonl against the real
    SIPRI and GSDB copies, without the tagger."""
    from etl.evaluate import Gold
    from etl.registers import support
    from tests.conftest import shared_file

    gold = Gold.read(shared_file("eval", "dev_gold.jsonl"))
    entries = support.read_registers(
        shared_file("corpus", "sipri", "trade-register.csv"),
        shared_file("corpus", "gsdb", "GSDB_V3.csv"),
    )
    result = support.support(gold, [], entries)
    arms_, sanctions = result["arms_transfer"]["gold"], result["sanction"]["gold"]
    assert arms_["pairs"] > 20 and sanctions["pairs"] > 20
    assert arms_["coarse"] >= arms_["match"] >= arms_["confirmed"]
    assert arms_["coarse"] > 0.9  # supplier, recipient, year: the issue measured 96%
    assert sanctions["coarse"] > 0.2


def test_event_years_from_dates_of_mixed_formats() -> None:
    """Pooled gold files mix dates, ISO days, timestamps and none: each keeps its year."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "first_date": ["2016-07-20", None, date(1987, 3, 2), "2004-08-12T10:00:00", "soon"],
            "last_date": [None, None, date(1988, 1, 1), None, None],
        }
    )
    first, last = match._years(frame)
    assert first.tolist() == [2016, -1, 1987, 2004, -1]
    assert last.tolist() == [2016, -1, 1988, 2004, -1]
