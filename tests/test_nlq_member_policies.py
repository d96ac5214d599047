"""Members of a loyalty programme (a date they became members) and insurance customers (a monthly
premium, a lifetime value, vehicle classes). The date people joined is said as "join year", "sign-ups",
"the year they joined"; a column of three words or more is also said by its initials ("CLV"); a class
scheme with a qualifier ('Luxury SUV' beside 'Luxury Car' and 'SUV') is split as it is; a figure asked
per another period than the column's own ("annual" of a monthly premium) is asked back, never answered
as the monthly one. Checked against DuckDB over the same tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "members": """id,gender,income,became_member_on
a1,F,72000,2016-03-04
a2,M,51000,2017-01-20
a3,F,88000,2017-06-02
a4,M,40000,2017-11-30
a5,O,63000,2018-02-14
a6,F,95000,2018-05-09
a7,M,58000,2016-12-24
""",
    "policies": """Customer,Customer Lifetime Value,Monthly Premium Auto,Vehicle Class,Policy Type,Effective To Date
P1,2763.5,69,Four-Door Car,Personal Auto,2/24/11
P2,6979.5,94,SUV,Corporate Auto,1/31/11
P3,12887.4,108,Luxury SUV,Personal Auto,2/19/11
P4,7645.9,106,SUV,Personal Auto,1/20/11
P5,2813.7,73,Luxury Car,Special Auto,2/3/11
P6,8256.3,101,Two-Door Car,Personal Auto,1/25/11
P7,5380.9,71,Four-Door Car,Corporate Auto,2/18/11
""",
}


@pytest.fixture(scope="module")
def club(crm):
    return crm.dataset({"members": TABLES["members"]}, name="club")


@pytest.fixture(scope="module")
def insurer(crm):
    return crm.dataset({"policies": TABLES["policies"]}, name="insurer")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("New members by join year", "select year(became_member_on), count(*) from members group by 1"),
        (
            "Show the number of sign-ups per year",
            "select year(became_member_on), count(*) from members group by 1",
        ),
        (
            "average income of members by the year they joined",
            "select year(became_member_on), avg(income) from members group by 1",
        ),
        (
            "how many sign-ups in 2017",
            "select 'all', count(*) from members where year(became_member_on) = 2017",
        ),
    ],
)
def test_the_date_people_joined(club, question: str, sql: str) -> None:
    answer = answered(club.bot, question)
    if "year_number" in answer.columns:
        i, figure = (
            answer.columns.index("year_number"),
            answer.columns.index(next(c for c in answer.columns if c.startswith(("count", "avg")))),
        )
        got = {r[i]: round(float(r[figure]), 6) for r in answer.rows}
        assert got == {k: round(float(v), 6) for k, v in club.ref.execute(sql).fetchall()}
    else:
        figures_match(answer, club.ref, sql)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Average CLV by policy type",
            'select "Policy Type", avg("Customer Lifetime Value") from policies group by 1',
        ),
        (
            "Total lifetime value by vehicle class",
            'select "Vehicle Class", sum("Customer Lifetime Value") from policies group by 1',
        ),
    ],
)
def test_insurance_questions(insurer, question: str, sql: str) -> None:
    figures_match(answered(insurer.bot, question), insurer.ref, sql)


def test_initials_are_said_in_the_interpretation(insurer) -> None:
    answer = answered(insurer.bot, "what is the average CLV")
    assert "initials" in answer.interpretation


def test_a_figure_of_another_period_is_asked_back(insurer) -> None:
    """ "average annual premium" of a monthly premium was the monthly average: a wrong answer."""
    answer = insurer.bot.ask("What's the average annual premium per customer?")
    insurer.bot.reset()
    assert answer.status == "clarify" and "month" in answer.text
