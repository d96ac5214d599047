"""Units of the question engine: text normalising, time phrases, the lexicon, skills dispatch."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.engine import Assistant
from catalog.answer import Answer
from catalog.skills import Skill, SkillRequest
from nlq.text import parse_number, phrase_tokens, singular, tokens
from nlq.timephrases import find_time

TODAY = dt.date(2024, 5, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many customers didn't churn?", ["how", "many", "customers", "did", "not", "churn"]),
        ("revenue above $1,250.50", ["revenue", "above", "1250.50"]),
        # a bare "$" amount after records, ending the question, is said as dollars (nlq.text _DOLLARS_ALONE)
        ("transactions over $300?", ["transactions", "over", "300", "dollars"]),
        (
            "customers paying more than $100 a month",
            ["customers", "paying", "more", "than", "100", "a", "month"],
        ),
        ("Month-to-month", ["month", "to", "month"]),
        ("30% share", ["30", "percent", "share"]),
        # a short capitalised word and dotted initials are one word, never letters apart
        ("people with a PhD or an MBA", ["people", "with", "a", "phd", "or", "an", "mba"]),
        ("stores in the U.S. or the U.K.", ["stores", "in", "the", "usa", "or", "the", "uk"]),
        ("our CEO's pay", ["our", "ceo", "pay"]),
        (
            "sold 10 thousand units, 5k or 1.2 million",
            ["sold", "10", "thousand", "units", "5", "k", "or", "1.2", "million"],
        ),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_schema_phrases_split_camel_and_snake_case() -> None:
    assert phrase_tokens("MonthlyCharges") == ("monthly", "charges")
    assert phrase_tokens("customer_id") == ("customer", "id")
    assert phrase_tokens("customerID") == ("customer", "id")
    assert phrase_tokens("PhD") == ("phd",) and phrase_tokens("isUS") == ("is", "us")
    assert singular("categories") == "category" and singular("charges") == "charge"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["10"], 10.0),
        (["twenty", "five"], 25.0),
        (["5", "k"], 5000.0),
        (["10", "thousand"], 10000.0),
        (["1.2", "million"], 1_200_000.0),
        (["a"], None),
    ],
)
def test_numbers_as_digits_and_words(words: list[str], value: float | None) -> None:
    got = parse_number(words, 0)
    assert (got[0] if got else None) == value


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("in 1997", dt.date(1997, 1, 1), dt.date(1998, 1, 1)),
        ("in march 1998", dt.date(1998, 3, 1), dt.date(1998, 4, 1)),
        ("q1 2024", dt.date(2024, 1, 1), dt.date(2024, 4, 1)),
        ("the third quarter of 2023", dt.date(2023, 7, 1), dt.date(2023, 10, 1)),
        ("between january and march 2024", dt.date(2024, 1, 1), dt.date(2024, 4, 1)),
        ("since 2023", dt.date(2023, 1, 1), dt.date(2024, 5, 16)),
        ("last month", dt.date(2024, 4, 1), dt.date(2024, 5, 1)),
        ("last quarter", dt.date(2024, 1, 1), dt.date(2024, 4, 1)),
        ("last year", dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
        ("this year", dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
        ("last 30 days", dt.date(2024, 4, 16), dt.date(2024, 5, 16)),
        ("year to date", dt.date(2024, 1, 1), dt.date(2024, 5, 16)),
        # "N units ago": the whole calendar unit N before the as-of date's, as "last year" is one before
        ("2 years ago", dt.date(2022, 1, 1), dt.date(2023, 1, 1)),
        ("a year ago", dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
        ("two months ago", dt.date(2024, 3, 1), dt.date(2024, 4, 1)),
        ("3 quarters ago", dt.date(2023, 7, 1), dt.date(2023, 10, 1)),
    ],
)
def test_time_ranges(phrase: str, start: dt.date, end: dt.date) -> None:
    found = [m for m in find_time(tokens(phrase), TODAY) if m.range]
    assert len(found) == 1
    assert (found[0].range.start, found[0].range.end) == (start, end)
    last = end - dt.timedelta(days=1)
    assert start.isoformat() in found[0].range.label and last.isoformat() in found[0].range.label


@pytest.mark.parametrize(
    ("phrase", "end"),
    [("more than 2 years ago", dt.date(2022, 5, 15)), ("at least 3 months ago", dt.date(2024, 2, 16))],
)
def test_a_bound_on_a_time_ago_is_before_a_day(phrase: str, end: dt.date) -> None:
    """ "more than 2 years ago" is every date before the day 2 years back, never the calendar year 2 years
    back ("at least" keeps that day)."""
    found = [m for m in find_time(tokens(phrase), TODAY) if m.range]
    assert len(found) == 1 and found[0].range.start == dt.date(1, 1, 1) and found[0].range.end == end


def test_a_number_or_more_years_ago_is_no_period() -> None:
    """ "20 or more years ago" is left to a column counting the years since (nlq.ago), never a period."""
    assert not [m for m in find_time(tokens("20 or more years ago"), TODAY) if m.range]


@pytest.mark.parametrize(
    ("phrase", "grain"),
    [
        ("by month", "month"),
        ("monthly", "month"),
        ("per quarter", "quarter"),
        ("yearly", "year"),
        ("trend", ""),
    ],
)
def test_time_grains(phrase: str, grain: str) -> None:
    found = find_time(tokens(phrase), TODAY)
    assert [m.grain for m in found] == [grain]


@pytest.fixture(scope="module")
def bot(crm) -> Assistant:
    accounts = (
        "account_id,segment,balance,active,opened\n1,Retail,10.5,true,2024-01-02\n"
        "2,Business,99.0,false,2024-02-03\n3,Retail,55.0,true,2024-03-04\n"
    )
    return crm.assistant({"accounts": accounts}, as_of=TODAY)


def test_lexicon_finds_values_columns_and_entities(bot: Assistant) -> None:
    mentions = bot.lexicon.match(tokens("retail accounts with balance above 20"), TODAY)
    kinds = [sorted(m.kinds)[0] for m in mentions]
    assert kinds[0] == "value" and mentions[0].senses[0].value == "Retail"
    assert "entity" in mentions[1].kinds
    assert any("column" in m.kinds for m in mentions)
    assert mentions[-1].number == 20.0


def test_typo_correction_is_reported(bot: Assistant) -> None:
    fixed, notes = bot.lexicon.correct(["averge", "balanse"])
    assert fixed == ["average", "balance"]
    assert len(notes) == 2


def test_skills_dispatch_only_when_plain_sql_cannot_explain(bot: Assistant) -> None:
    seen: list[SkillRequest] = []

    def run(req: SkillRequest) -> Answer:
        seen.append(req)
        return Answer(req.question, "answer", f"skill ran on {req.where_text or 'all'}")

    skill = Skill("drivers", ("what drives",), run, lambda c: True, takes_topic=True)
    bot._skills = [(("what", "drives"), skill)]
    try:
        plain = bot.ask("how many accounts are active")
        assert plain.sql and not seen
        a = bot.ask("what drives balance for retail accounts")
        assert a.text.startswith("skill ran")
        assert seen and seen[0].where is not None and "Retail" in seen[0].where_text
        assert seen[0].table == "accounts"
    finally:
        bot._skills = None
