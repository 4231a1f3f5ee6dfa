"""One made-up sentence (or short article) per role rule the tagger has beyond the golden
file: each rule in etl/nlp/frames.py and etl/lexicons/roles.json is pinned here."""

from __future__ import annotations

from datetime import date

import pytest

from etl.records import Article

pytestmark = pytest.mark.model

CASES = [
    # (text, expected (type, source, target) pairs)
    ("Investigators said arms profits were diverted to the rebels.", set()),
    ("Riyadh gave London its biggest-ever arms export order.", {("arms_transfer", "GBR", "SAU")}),
    ("Iran suspended enrichment to avoid sanctions.", {("sanction", "?", "IRN")}),
    ("A Swedish trade boycott of South Africa began on Monday.", {("sanction", "SWE", "ZAF")}),
    (
        "Iran won relief from U.S., European Union and U.N. sanctions.",
        {("sanction", "USA", "IRN"), ("sanction", "EU", "IRN"), ("sanction", "UN", "IRN")},
    ),
    ("Serbia has refused to join Western sanctions against Moscow.", set()),
    (
        "Washington imposed a ban on travel to the United States on two Cuban officials.",
        {("sanction", "USA", "CUB")},
    ),
    ("The State Department warned of sanctions on buyers of Russian weapons.", set()),
    (
        "Reagan said he would lift the retaliatory tariffs imposed last week against Japanese"
        " products.",
        {("sanction", "USA", "JPN")},
    ),
    (
        "Yeutter did not mention the recent U.S. trade sanctions against Japan.",
        {("sanction", "USA", "JPN")},
    ),
    (
        "Poland signed a giant tank and howitzer deal with South Korea.",
        {("arms_transfer", "KOR", "POL")},
    ),
    # An armed group counts as the country it is based in (GUIDELINES.md).
    ("Germany will arm Kurdish fighters in northern Iraq.", {("arms_transfer", "DEU", "IRQ")}),
    ("Germany will arm Kurdish fighters.", set()),
    ("The EU embargo on arms exports to China stays in place.", {("sanction", "EU", "CHN")}),
    ("Everton received the heaviest sanction in Premier League history.", set()),
    ("Russia fired cruise missiles at Kyiv overnight.", set()),
    (
        "Sweden said a trade boycott of South Africa and neighbouring Namibia would take effect.",
        {("sanction", "SWE", "ZAF")},  # the speaker's state imposes; Namibia is lost to the parse
    ),
    ("Russia is a nightmare for investors amid the Ukraine crisis and sanctions.", set()),
    (
        "Norway's parliament approved a trade ban against South Africa.",
        {("sanction", "NOR", "ZAF")},
    ),
    (
        "The United States and Britain vetoed a Security Council resolution to impose "
        "sanctions against South Africa.",
        {("sanction", "UN", "ZAF")},  # the vetoing states are optional senders at most
    ),
    # Parties (issue 9). A bloc that only describes a state is no party (membership_nouns).
    ("Ankara suspended trade with its NATO partner Greece.", {("sanction", "TUR", "GRC")}),
    # The author of a text that would impose a measure is its sender (document_nouns).
    (
        "Canberra tabled legislation that would freeze the assets of Chinese officials.",
        {("sanction", "AUS", "CHN")},
    ),
    # A state that blocks a measure is not its sender (blocking_verbs).
    ("Austria vetoed new EU sanctions against Iranian banks.", {("sanction", "EU", "IRN")}),
    # Nor one that enforces another's (enforcing_verbs) or backs it (backing_verbs).
    ("Panama is implementing U.S. sanctions on Cuba.", {("sanction", "USA", "CUB")}),
    ("Japan welcomed the EU sanctions on Belarus.", {("sanction", "EU", "BLR")}),
    # A caller who cannot impose is no sender (non_imposer_nouns).
    ("An EU watchdog recommended sanctions against Hungarian banks.", {("sanction", "?", "HUN")}),
    # The Senate is the United States unless the article says otherwise (actors.json default).
    ("The Senate voted to ban imports of Russian uranium.", {("sanction", "USA", "RUS")}),
    # A tariff under a threat is coercion even in a story that never says "sanctions".
    (
        "Mexico's threat to slap duties on American pork worried farmers.",
        {("sanction", "MEX", "USA")},
    ),
    ("Pakistan's plan to put duties on imported cars worried dealers.", set()),
]


def _pairs(records: list) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {
        (r.type, s, t) for r in records for s in (r.sources or ["?"]) for t in (r.targets or ["?"])
    }


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_rule(tagger, text: str, expected: set[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    art = Article(id="p", text=text, published=date(2023, 3, 7))
    assert _pairs(tagger.extract(art)) == expected


def test_officials_state_sells_in_a_story_about_its_policy(tagger) -> None:  # type: ignore[no-untyped-def]
    art = Article(
        id="ic",
        title="White House braces for hearings",
        text=(
            "The White House said the president would testify. Congress and the Pentagon "
            "prepared documents. The two aides were the key operators of the Iran arms deal."
        ),
        published=date(1987, 3, 2),
    )
    assert ("arms_transfer", "USA", "IRN") in _pairs(tagger.extract(art))


def test_sanction_actions_and_statuses(tagger) -> None:  # type: ignore[no-untyped-def]
    def one(text: str) -> tuple[str, str]:
        recs = tagger.extract(Article(id="s", text=text, published=date(2023, 3, 7)))
        return recs[0].action, recs[0].status

    assert one("Iran suspended enrichment to avoid sanctions.") == ("threatened", "planned")
    assert one("The EU extended its sanctions on Russia for six months.") == (
        "extended",
        "reported",
    )
    assert one("Western sanctions on Iran have pushed the rial to record lows.") == (
        "imposed",
        "reported",
    )
    assert one("The U.S. will impose sanctions on Iran.") == ("threatened", "planned")


def test_open_sanctions_take_the_articles_pair(tagger) -> None:  # type: ignore[no-untyped-def]
    """ "Washington imposed the sanctions in April": the article names its sides elsewhere."""
    art = Article(
        id="pair",
        title="Japan to set microchip guidelines",
        text=(
            "Japan's trade ministry will guide chip makers on output, a Japanese official said. "
            "Washington imposed the sanctions in April. "
            "Officials hope the sanctions could be lifted soon, Japanese sources said."
        ),
        published=date(1987, 6, 1),
    )
    assert _pairs(tagger.extract(art)) == {("sanction", "USA", "JPN")}


def test_blocked_and_enforced_measures_keep_their_own_status(tagger) -> None:  # type: ignore[no-untyped-def]
    def one(text: str) -> tuple[str, str]:
        recs = tagger.extract(Article(id="s", text=text, published=date(2023, 3, 7)))
        return recs[0].action, recs[0].status

    # Blocked, the measure was never imposed; enforced, it is in force whatever the enforcer
    # plans.
    assert one("Cyprus blocked EU sanctions on Belarus.") == ("threatened", "planned")
    assert one("Norway will enforce the EU embargo on Syrian oil.") == ("imposed", "reported")


def test_bare_titles_take_a_clear_home_and_institutions_the_officials_state(tagger) -> None:  # type: ignore[no-untyped-def]
    def pairs(text: str) -> set[tuple[str, str, str]]:
        return _pairs(tagger.extract(Article(id="t", text=text, published=date(2021, 6, 1))))

    alone = "The president ordered sanctions on Venezuelan officials."
    assert pairs(alone) == {("sanction", "?", "VEN")}
    assert pairs("WASHINGTON — U.S. officials met on Monday. " + alone) == {
        ("sanction", "USA", "VEN")
    }
    # The state whose officials the article quotes beats the Senate's usual state.
    assert pairs(
        "Philippine President Rodrigo Duterte and Philippine Foreign Secretary Teodoro "
        "Locsin met in Manila. The Senate voted to ban imports of Chinese fish."
    ) == {("sanction", "PHL", "CHN")}
