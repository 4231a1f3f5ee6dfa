"""The Filter value <-> URL query parameters <-> widget state."""

from __future__ import annotations

import html as htmllib
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dashboard import filters
from dashboard.filters import Choices, Filter
from etl.records import EVENT_TYPES, STATUSES

CHOICES = Choices(countries=("IRN", "RUS", "USA", "EU", "GBR"), actors=("Antony Blinken",))


def parse(query: dict[str, list[str]]) -> filters.Parsed:
    return filters.from_query(query, CHOICES)


def test_the_example_url_opens_filtered() -> None:
    got = parse({"country": ["IRN"], "type": ["arms_transfer"], "from": ["2022-01-01"]})
    assert got.filter == Filter(
        countries=("IRN",), types=("arms_transfer",), date_from=date(2022, 1, 1)
    )
    assert got.notices == ()


def test_every_parameter() -> None:
    got = parse(
        {
            "country": ["IRN", "eu"],
            "role": ["source"],
            "from": ["2022-01-01"],
            "to": ["2022-12-31"],
            "type": ["sanction"],
            "status": ["alleged", "denied"],
            "action": ["imposed"],
            "category": ["financial"],
            "actor": ["antony blinken"],
            "q": [" drones "],
            "min_conf": ["0.5"],
            "period": ["quarter"],
            "utm_source": ["newsletter"],  # unknown parameters are ignored silently
        }
    )
    assert got.filter == Filter(
        countries=("IRN", "EU"),
        role="source",
        date_from=date(2022, 1, 1),
        date_to=date(2022, 12, 31),
        types=("sanction",),
        statuses=("alleged", "denied"),
        actions=("imposed",),
        categories=("financial",),
        actors=("Antony Blinken",),
        q="drones",
        min_conf=0.5,
    )
    assert got.granularity == "quarter"
    assert got.notices == ()


def test_comma_separated_countries_are_accepted() -> None:
    assert parse({"country": ["IRN,RUS"]}).filter.countries == ("IRN", "RUS")


def test_malformed_values_are_ignored_with_a_notice() -> None:
    got = parse(
        {
            "country": ["IRN", "XXX"],
            "role": ["sideways"],
            "from": ["2022-13-45"],
            "type": ["piracy"],
            "min_conf": ["high"],
            "actor": ["Nobody"],
            "period": ["decade"],
        }
    )
    assert got.filter == Filter(countries=("IRN",))
    assert got.granularity == filters.DEFAULT_GRANULARITY
    assert len(got.notices) == 7
    assert any("XXX" in str(n) for n in got.notices)
    assert any("2022-13-45" in str(n) for n in got.notices)


def test_out_of_range_confidence_and_reversed_dates() -> None:
    got = parse({"min_conf": ["1.5"], "from": ["2023-01-01"], "to": ["2022-01-01"]})
    assert got.filter == Filter()
    assert len(got.notices) == 2
    assert parse({"min_conf": ["nan"]}).filter.min_conf == 0.0


def test_to_query_writes_only_what_differs() -> None:
    assert filters.to_query(Filter()) == {}
    f = Filter(countries=("IRN", "RUS"), date_from=date(2022, 1, 1), min_conf=0.25)
    assert filters.to_query(f, "year") == {
        "country": ["IRN", "RUS"],
        "from": "2022-01-01",
        "min_conf": "0.25",
        "period": "year",
    }


filters_strategy = st.builds(
    Filter,
    countries=st.lists(st.sampled_from(sorted(CHOICES.countries)), unique=True).map(tuple),
    role=st.sampled_from(filters.ROLES),
    date_from=st.none() | st.dates(date(1990, 1, 1), date(2000, 1, 1)),
    date_to=st.none() | st.dates(date(2000, 1, 2), date(2030, 1, 1)),
    types=st.lists(st.sampled_from(EVENT_TYPES), unique=True).map(tuple),
    statuses=st.lists(st.sampled_from(STATUSES), unique=True).map(tuple),
    actions=st.lists(st.sampled_from(filters.ALL_ACTIONS), unique=True).map(tuple),
    categories=st.lists(st.sampled_from(filters.ALL_CATEGORIES), unique=True).map(tuple),
    actors=st.lists(st.sampled_from(sorted(CHOICES.actors)), unique=True).map(tuple),
    q=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=20),
    min_conf=st.floats(0, 1, allow_nan=False).map(lambda x: float(f"{x:g}")),
)


def as_query(params: dict[str, object]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [str(v)] for k, v in params.items()}


@given(filters_strategy, st.sampled_from(filters.GRANULARITIES))
def test_url_round_trip(f: Filter, granularity: filters.Granularity) -> None:
    parsed = parse(as_query(filters.to_query(f, granularity)))
    assert parsed.filter == f
    assert parsed.granularity == granularity
    assert parsed.notices == ()


@given(st.dictionaries(st.sampled_from([*filters.PARAMS, "period", "x"]), st.lists(st.text())))
def test_parsing_never_raises(query: dict[str, list[str]]) -> None:
    got = parse(query)
    # Whatever was kept survives a second round trip unchanged.
    assert parse(as_query(filters.to_query(got.filter, got.granularity))).filter == got.filter


@given(filters_strategy, st.sampled_from(filters.GRANULARITIES))
def test_widget_round_trip(f: Filter, granularity: filters.Granularity) -> None:
    state = filters.to_widgets(f, granularity, bloc_codes={"EU"})
    assert "EU" not in state[filters.STATES_KEY]
    back, back_granularity = filters.from_widgets(state)
    assert set(back.countries) == set(f.countries)
    assert back == Filter(**{**f.__dict__, "countries": back.countries})
    assert back_granularity == granularity


def test_from_widgets_swaps_a_reversed_range() -> None:
    state = filters.to_widgets(Filter(), "month", set())
    state[filters.WIDGET_KEYS["date_from"]] = date(2023, 1, 1)
    state[filters.WIDGET_KEYS["date_to"]] = date(2022, 1, 1)
    f, _ = filters.from_widgets(state)
    assert (f.date_from, f.date_to) == (date(2022, 1, 1), date(2023, 1, 1))


def test_dates_the_date_widgets_cannot_show_are_dropped_with_a_notice() -> None:
    got = parse({"from": ["0001-01-01"], "to": ["2500-01-01"]})
    assert got.filter == Filter()
    assert len(got.notices) == 2 and all("1900-01-01 to 2100-12-31" in str(n) for n in got.notices)
    edges = parse({"from": ["1900-01-01"], "to": ["2100-12-31"]})
    assert (edges.filter.date_from, edges.filter.date_to) == (filters.EARLIEST, filters.LATEST)


@given(st.dates())
def test_a_url_date_is_kept_only_inside_the_widgets_range(when: date) -> None:
    got = parse({"from": [when.isoformat()], "to": [when.isoformat()]})
    inside = filters.EARLIEST <= when <= filters.LATEST
    assert got.filter.date_from == got.filter.date_to == (when if inside else None)
    assert len(got.notices) == (0 if inside else 2)


def test_many_or_huge_unknown_values_give_one_short_notice_each() -> None:
    got = parse({"country": [f"Z{i:03d}" for i in range(500)], "actor": ["x" * 100_000, "Nobody"]})
    assert got.filter == Filter()
    assert len(got.notices) == 2
    assert all(len(str(n)) < 200 for n in got.notices)
    assert "'Z000', 'Z001', 'Z002' and 497 more" in str(got.notices[0])
    assert "'" + "x" * (filters.MAX_SHOWN - 1) + "…'" in str(got.notices[1])


def test_notices_show_the_url_as_text_never_as_markdown() -> None:
    hostile = {
        "country": ["![x](http://127.0.0.1:9/t.png)"],
        "actor": ["[log in](http://127.0.0.1:9/login)", "<http://127.0.0.1:9/auto>", "a``b"],
        "period": ["**bold** `code` $x$ :red[red]"],
        "min_conf": ["*"],
    }
    notices = parse(hostile).notices
    html = MarkdownIt("commonmark").render(filters.notice_markdown(notices))
    assert "<img" not in html and "<a " not in html and "<strong>" not in html
    assert "<em>" not in html
    # Each value is one code span, shown literally (a bare URL in a code span is never
    # made a link, as it would be in plain GitHub-flavoured Markdown).
    values = [v for n in notices for v in n.values]
    assert len(values) == 6
    for value in values:
        assert f"<code>{htmllib.escape(value, quote=False)}</code>" in html.replace("&quot;", '"')
    assert html.count("<code>") == len(values)


def test_named_actors_are_told_from_generic_words_by_the_lexicons() -> None:
    for generic in ("government", "The Administration", "parliament", "Foreign Minister"):
        assert not filters.is_named(generic), generic
    for name in ("Antony Blinken", "Reagan administration", "Hezbollah", "contras"):
        assert filters.is_named(name), name
    assert not filters.is_named("  ")


def test_count_is_a_url_parameter_like_the_filters() -> None:
    parsed = filters.from_query({"count": ["Mentions"]}, filters.Choices())
    assert parsed.count == "mentions" and not parsed.notices
    assert filters.to_query(Filter(), "month", "mentions") == {"count": "mentions"}
    assert filters.to_query(Filter(), "month", "events") == {}  # the default is not written
    state = filters.to_widgets(Filter(), "month", (), "mentions")
    assert filters.count_from_widgets(state) == "mentions"
    assert filters.count_from_widgets({}) == "events"
    bad = filters.from_query({"count": ["reports"]}, filters.Choices())
    assert bad.count == "events" and "reports" in str(bad.notices[0])
