"""Survey-style exports, on a members table written by the test: categories stored with an enumeration
prefix ("2. Annual", "1. Yes") are said by their words, a numbered Yes/No column is a flag, a name token
that only lacks vowels ("cntrct") or is a common abbreviation ("ins", "grad") is said in full, a category
stored as a bound (">=Good") is said "good or better", a log column (log_income) never takes a word its
plain column has, and an income held in thousands reads "$60k a year" as 60. Checked against DuckDB over
the same CSV; the SQL keeps the stored values as literals."""

from __future__ import annotations

import math
import random

import duckdb
import pytest
from tables import Table, answered, figures_match

from assistant.engine import Assistant
from catalog.english import unabbreviated
from catalog.labels import spoken_labels


def _tables() -> dict[str, Table]:
    rng = random.Random(21)
    rows = []
    for i in range(1, 241):
        income = round(rng.uniform(20, 180), 3)
        fee = round(rng.uniform(5, 60), 2)
        rows.append(
            [
                i,
                rng.choice(("1. Basic", "2. Premium")),
                rng.choice(("1. Yes", "2. No")),
                rng.choice(("1. HS Grad", "2. College Grad", "3. Doctorate")),
                rng.choice(("1. <=Fair", "2. >=Good")),
                rng.choice(("1. North", "2. South", "3. West")),
                income,
                math.log(income),
                fee,
                math.log10(fee),
            ]
        )
    header = ["member_id", "cntrct", "dental_ins", "degree", "condition", "area", "income", "log_income",
              "monthly_fee", "log_monthly_fee"]  # fmt: skip
    return {"members": (header, rows)}


TABLES = _tables()


CASES = [
    # enumeration prefixes: the words name the value, the SQL keeps the stored one
    (
        "how many members have a premium cntrct?",
        "select 'all', count(*) from members where cntrct = '2. Premium'",
    ),
    (
        "average income of members in the south",
        "select 'all', avg(income) from members where area = '2. South'",
    ),
    (
        "how many members are not in the north?",
        "select 'all', count(*) from members where area <> '1. North'",
    ),
    # a numbered Yes/No column is a flag; "ins" is said "insurance"
    (
        "what share of members have dental insurance?",
        "select 'all', avg((dental_ins = '1. Yes')::int) from members",
    ),
    (
        "how many members are without dental insurance?",
        "select 'all', count(*) from members where dental_ins = '2. No'",
    ),
    # a name that only lacks vowels
    ("average income by contract", "select cntrct, avg(income) from members group by 1"),
    # abbreviations inside stored values: "college graduates" for "College Grad"
    (
        "median income of college graduates",
        "select 'all', median(income) from members where degree = '2. College Grad'",
    ),
    # a category stored as a bound
    (
        "how many members are in good condition or better?",
        "select 'all', count(*) from members where condition = '2. >=Good'",
    ),
    (
        "how many members are fair or worse?",
        "select 'all', count(*) from members where condition = '1. <=Fair'",
    ),
    # the plain column wins over its logarithm, by concept word and by a word of both names
    ("what are the average earnings of members?", "select 'all', avg(income) from members"),
    ("average fee by area", "select area, avg(monthly_fee) from members group by 1"),
    # an income held in thousands, yearly by custom
    ("how many members earn more than $60k a year?", "select 'all', count(*) from members where income > 60"),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_numbered_values_and_short_names(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    figures_match(answered(bot, question), ref, sql)


def test_the_interpretation_says_what_was_assumed(bot: Assistant) -> None:
    text = answered(bot, "how many members earn more than $60k a year?").interpretation
    assert "in thousands" in text and "per year" in text
    text = answered(bot, "average fee by area").interpretation
    assert "log_monthly_fee is its logarithm" in text
    text = answered(bot, "average income by contract").interpretation
    assert "'contract' is cntrct (its name written out)" in text


def test_a_log_column_is_still_named_by_its_own_words(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    answer = answered(bot, "average log income")
    (want,) = ref.execute("select avg(log_income) from members").fetchone()
    assert round(float(answer.rows[0][-1]), 6) == round(want, 6)


SPOKEN = [
    (("1. Never Married", "2. Married"), {"1. Never Married": "Never Married", "2. Married": "Married"}),
    (("1) Yes", "2) No"), {"1) Yes": "Yes", "2) No": "No"}),
    (("1. <=Good", "2. >=Very Good"), {"1. <=Good": "<=Good", "2. >=Very Good": ">=Very Good"}),
    (("(1) Yes", "(2) No"), {"(1) Yes": "Yes", "(2) No": "No"}),
    (("1=Low", "2=High"), {"1=Low": "Low", "2=High": "High"}),
    (("1 - Low", "2 - High"), {"1 - Low": "Low", "2 - High": "High"}),
    (("3 months", "12 months"), {}),  # a number that is part of the value
    (("1-2 years", "3-5 years"), {}),
    (("10:30 am", "11:00 am"), {}),
    (("1. Yes", "No"), {}),  # not every value numbered
    (("1.5 kg", "2.5 kg"), {}),
    (("1. ", "2. "), {}),
    (("1. Other", "9. Other", "2. Main"), {}),  # only the numbers tell two of them apart
]


@pytest.mark.parametrize(("values", "labels"), SPOKEN)
def test_enumeration_prefixes_are_dropped_only_when_every_value_has_one(values, labels) -> None:
    assert spoken_labels(values) == labels


@pytest.mark.parametrize(
    ("token", "word"),
    [("maritl", "marital"), ("cntrct", "contract"), ("addrss", "address"), ("country", None), ("xqzt", None)],
)
def test_a_token_without_its_vowels_is_written_out(token: str, word: str | None) -> None:
    assert unabbreviated(token) == word


def test_an_amount_that_fits_no_reading_of_the_income_is_asked_back(bot: Assistant) -> None:
    # incomes run from about 20 to 180: 500,000 is neither 500 thousands nor a plain amount it holds
    answer = bot.ask("how many members earn more than $500k a year?")
    bot.reset()
    assert answer.status == "clarify" and "what unit" in answer.text


def test_the_profile_shows_how_names_and_numbered_values_are_said(loaded) -> None:
    from catalog.profile import profile, render_profile

    text = render_profile(profile(loaded))
    line = next(x for x in text.splitlines() if x.strip().startswith("cntrct"))
    assert "said 'contract'" in line and "(said without their numbers)" in line
    line = next(x for x in text.splitlines() if x.strip().startswith("dental_ins"))
    assert "said 'dental insurance'" in line and "true = '1. Yes'" in line


def test_words_of_two_values_of_one_column_are_asked_back(tmp_path) -> None:
    from catalog import Catalog

    (tmp_path / "shifts.csv").write_text("id,kind,hours\n1,Part-time,5\n2,Part time,7\n3,Full time,9\n")
    bot = Assistant(Catalog.load([str(tmp_path)]))
    answer = bot.ask("total hours of part time shifts")
    assert answer.status == "clarify" and "Part-time" in answer.text and "Part time" in answer.text


def test_more_than_between_two_groups_needs_the_figure_named(bot: Assistant) -> None:
    # "pay more" names no figure the reading carries: never the count of each group
    answer = bot.ask("do premium members pay more than basic members?")
    bot.reset()
    assert answer.status != "answer", answer.text
