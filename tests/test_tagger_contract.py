"""The extract contract (GUIDELINES.md): every record, its fields, values and evidence offsets."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import countries
from etl.records import ACTIONS, CATEGORIES, STATUSES, Article

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parents[1]
FIELDS = {
    "article_id",
    "type",
    "action",
    "status",
    "category",
    "sources",
    "targets",
    "date",
    "sentence",
    "start",
    "end",
    "confidence",
    "actors",
}
EXTRA = {"weapon", "quantity", "claimant"}

ARTICLE = Article(
    id="t-1",
    title="EU extends sanctions on Russia",
    text=(
        "BRUSSELS — The European Union on Monday extended its economic sanctions on Russia "
        "for another six months.\n\nSeparately, Germany said it had delivered 14 Leopard 2 "
        "tanks to Ukraine last week, and Iran denied supplying drones to Russia."
    ),
    published=date(2023, 1, 30),
)


def check_record(rec: dict, article: Article) -> None:  # type: ignore[type-arg]
    assert FIELDS <= rec.keys() <= FIELDS | EXTRA
    assert rec["article_id"] == article.id
    assert rec["type"] in ACTIONS
    assert rec["action"] in ACTIONS[rec["type"]]
    assert rec["status"] in STATUSES
    assert rec["category"] in CATEGORIES[rec["type"]]
    known = countries.known_codes()
    assert set(rec["sources"]) <= known and set(rec["targets"]) <= known
    assert not set(rec["sources"]) & set(rec["targets"])
    assert rec["sources"] or rec["targets"]
    assert article.full_text[rec["start"] : rec["end"]] == rec["sentence"]
    assert 0.0 <= rec["confidence"] <= 1.0
    assert rec["date"] is None or date.fromisoformat(rec["date"])
    for actor in rec["actors"]:
        assert set(actor) == {"name", "country", "role"}


def test_records_follow_the_contract(tagger) -> None:  # type: ignore[no-untyped-def]
    records = [r.to_json() for r in tagger.extract(ARTICLE)]
    for rec in records:
        check_record(rec, ARTICLE)
    got = {
        (r["type"], r["action"], r["status"], tuple(r["sources"]), tuple(r["targets"]))
        for r in records
    }
    assert ("sanction", "extended", "reported", ("EU",), ("RUS",)) in got
    assert ("arms_transfer", "delivered", "reported", ("DEU",), ("UKR",)) in got
    assert ("arms_transfer", "delivered", "denied", ("IRN",), ("RUS",)) in got


def test_evidence_offsets_count_the_title(tagger) -> None:  # type: ignore[no-untyped-def]
    title = [r for r in tagger.extract(ARTICLE) if r.type == "sanction"]
    assert title[0].start == 0 and title[0].sentence == ARTICLE.title  # the headline itself
    body = next(r for r in title if r.start > 0)
    assert body.start > len(ARTICLE.title or "")  # the body sentence, after "title\n\n"
    untitled = Article(id="t-2", text=ARTICLE.text, published=ARTICLE.published)
    rec2 = next(r for r in tagger.extract(untitled) if r.type == "sanction")
    assert rec2.start == body.start - len(ARTICLE.title or "") - 2


def test_event_date_and_extras(tagger) -> None:  # type: ignore[no-untyped-def]
    delivered = next(
        r for r in tagger.extract(ARTICLE) if r.type == "arms_transfer" and r.status == "reported"
    )
    assert delivered.date is not None and delivered.date < ARTICLE.published  # "last week"
    assert delivered.quantity == 14
    assert delivered.weapon == "Leopard 2"


def test_background_news_is_not_parsed(tagger) -> None:  # type: ignore[no-untyped-def]
    art = Article(id="b", title="Cup final", text="The home side won 2-1 after extra time.")
    assert tagger._prepare(art).candidates == []
    assert tagger.extract(art) == []


def test_extract_is_deterministic(tagger) -> None:  # type: ignore[no-untyped-def]
    first = [r.to_json() for r in tagger.extract(ARTICLE)]
    assert first == [r.to_json() for r in tagger.extract(ARTICLE)]


def test_cli_extract_writes_the_contract(tmp_path: Path, tagger) -> None:  # type: ignore[no-untyped-def]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(ARTICLE.model_dump_json() + "\n" + '{"id": "bad"}\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "extract", str(src), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr and "text: missing" in proc.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [r.to_json() for r in tagger.extract(ARTICLE)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "Iran",
                "sanctions",
                "Russia",
                "drones",
                "supplied",
                "the",
                "U.S.",
                "to",
                "on",
                "imposed",
                "arms",
                ".",
                ",",
                "denied",
                "will",
                "EU",
                "embargo",
                "from",
                "buy",
            ]
        ),
        min_size=1,
        max_size=30,
    )
)
def test_never_raises_on_word_salad(tagger, words: list[str]) -> None:  # type: ignore[no-untyped-def]
    art = Article(id="h", text=" ".join(words))
    for rec in tagger.extract(art):
        check_record(rec.to_json(), art)


def _tariff_records(tagger, text: str) -> list[tuple[list[str], str]]:  # type: ignore[no-untyped-def]
    article = Article(id="t-tariff", title="", text=text, published=date(1987, 7, 20))
    return [(r.sources, r.targets[0]) for r in tagger.extract(article) if r.category == "trade"]


def test_a_tariff_takes_its_sender_only_from_an_agreeing_article(tagger) -> None:  # type: ignore[no-untyped-def]
    # One sender of sanctions on Iran in the story: the sender-less tariffs are its.
    agreed = (
        "Britain imposed sanctions on Iran in May. The tariffs on Iranian carpets took effect "
        "in July."
    )
    assert _tariff_records(tagger, agreed) == [(["GBR"], "IRN")]
    # Two senders named apart: whose tariffs these are is a guess, so there is no record.
    split = (
        "Britain imposed sanctions on Iran in May. France imposed its own sanctions on Iran in "
        "June. The tariffs on Iranian carpets took effect in July."
    )
    assert _tariff_records(tagger, split) == []


def test_an_enforcers_plan_is_not_the_measures(tagger) -> None:  # type: ignore[no-untyped-def]
    # Who will (not) comply with a measure that names its own sender neither sends it nor
    # makes it planned: the measure stands, imposed.
    for text in (
        "Ankara said it will not comply with the sanctions imposed on Iran by the United States.",
        "Bern will implement the embargo imposed on Syria by the European Union.",
    ):
        article = Article(id="t-enforce", title="", text=text, published=date(2018, 8, 8))
        records = tagger.extract(article)
        assert {(r.action, r.status) for r in records} == {("imposed", "reported")}, text
        assert all(r.sources in (["USA"], ["EU"]) for r in records), text


def test_backing_a_measure_in_force_threatens_nothing(tagger) -> None:  # type: ignore[no-untyped-def]
    # Backing a measure named as one in force (a participle of imposing, "existing") urges
    # no new measure: no threatened record beside the imposed one; backing a proposed one does.
    for text, codes in (
        ("Canada backed the sanctions imposed by the United States on Iran.", ["USA"]),
        ("Japan supported the sanctions Washington imposed on North Korea last year.", ["USA"]),
    ):
        article = Article(id="t-back", title="", text=text, published=date(2018, 8, 8))
        records = tagger.extract(article)
        assert {(r.action, r.status) for r in records} == {("imposed", "reported")}, text
        assert all(r.sources == codes for r in records), text
    article = Article(
        id="t-back",
        title="",
        text="India backed the proposed sanctions on Myanmar.",
        published=None,
    )
    assert {r.action for r in tagger.extract(article)} == {"threatened"}


# Hard-wrapped text (newswire archives, e-mail, plain-text files): lines of a column's width
# broken inside sentences. Written here; each is tagged as the same text on one line is.
WRAPPED = [
    "Canada said on Tuesday it would impose duties of 25 pct on steel\n"
    "imported from South Korea unless Seoul agreed to curb its shipments,\n"
    "trade officials said.\n"
    "    The ministry also confirmed that Ottawa had frozen the assets of two\n"
    "Venezuelan officials last month and that it planned to sell six\n"
    "patrol boats to Ghana next year.\n",
    "The Australian government has suspended its military aid to Fiji\n"
    "and barred members of the interim regime from entering Australia,\n"
    "the foreign minister said on Friday. She said the U.S.\n"
    "State Department had taken similar steps against the Fijian\n"
    "leaders and that New Zealand would follow.\n",
    "Brazil will ship 24 light attack aircraft to Nigeria under a\n"
    "contract signed last year, the Brazilian defence ministry said,\n"
    "adding that Brasilia had not been asked to join the arms embargo\n"
    "that the European Union keeps on Sudan.\n",
]


@pytest.mark.parametrize(
    ("text", "pair"),
    list(zip(WRAPPED, [("CAN", "VEN"), ("AUS", "FJI"), ("BRA", "NGA")], strict=True)),
)
def test_hard_wrapped_text_reads_as_one_line(tagger, text: str, pair: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    def events(t: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
        art = Article(id="w", text=t, published=date(2007, 5, 4))
        recs = tagger.extract(art)
        for rec in recs:
            check_record(rec.to_json(), art)  # the evidence keeps the text's line breaks
        return sorted((r.type, r.action, tuple(r.sources), tuple(r.targets)) for r in recs)

    wrapped = events(text)
    assert wrapped == events(" ".join(line.strip() for line in text.splitlines()))
    assert any(src == (pair[0],) and tgt == (pair[1],) for _, _, src, tgt in wrapped)
