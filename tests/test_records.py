"""The plain records: article validation, content hashes, the event JSON contract."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from etl.records import Actor, Article, EventRecord


def test_article_accepts_iso_dates_and_datetimes() -> None:
    assert Article(id="a", text="t", published="2022-10-28").published == date(2022, 10, 28)
    assert Article(id="a", text="t", published="1987-06-02T13:16:02").published == date(1987, 6, 2)
    assert Article(id="a", text="t", published="2024-01-03T10:00:00Z").published == date(2024, 1, 3)
    assert Article(id=7, text="t").id == "7"  # numeric ids from CSV exports
    assert Article(id="a", text="t", title="  ").title is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"id": "a"}, "text"),
        ({"id": "a", "text": "  "}, "text"),
        ({"text": "t"}, "id"),
        ({"id": "a", "text": "t", "published": "yesterday"}, "published"),
    ],
)
def test_bad_articles_name_the_field(data: dict, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as err:
        Article.model_validate(data)
    assert err.value.errors()[0]["loc"][0] == field


def test_full_text_and_offsets_convention() -> None:
    assert Article(id="a", title="T", text="body").full_text == "T\n\nbody"
    assert Article(id="a", text="body").full_text == "body"


def test_content_hash_ignores_whitespace_but_not_words() -> None:
    a = Article(id="a", title="EU sanctions", text="The EU  imposed\nsanctions.")
    b = Article(id="b", title="EU sanctions ", text="The EU imposed sanctions.")
    c = Article(id="a", title="EU sanctions", text="The EU lifted sanctions.")
    assert a.content_hash == b.content_hash != c.content_hash


@given(st.text(min_size=1).filter(str.strip), st.one_of(st.none(), st.text()))
def test_article_json_round_trip(text: str, title: str | None) -> None:
    art = Article(id="x", text=text, title=title)
    again = Article.model_validate_json(art.model_dump_json())
    assert again == art and again.content_hash == art.content_hash


def test_event_record_json_contract() -> None:
    rec = EventRecord(
        article_id="a",
        type="sanction",
        action="imposed",
        status="reported",
        category="other",
        sources=["USA"],
        targets=["IRN"],
        date=date(2022, 10, 27),
        sentence="s",
        start=0,
        end=1,
        confidence=0.81234,
        actors=[Actor("Antony Blinken", "USA", "speaker")],
    )
    out = rec.to_json()
    assert list(out) == [
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
    ]
    assert out["date"] == "2022-10-27" and out["confidence"] == 0.812
    assert out["actors"] == [{"name": "Antony Blinken", "country": "USA", "role": "speaker"}]
    rec.weapon, rec.quantity, rec.claimant = "S-400", 4, "IRN"
    assert {"weapon": "S-400", "quantity": 4, "claimant": "IRN"}.items() <= rec.to_json().items()
