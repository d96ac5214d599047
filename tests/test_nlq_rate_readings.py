"""A people table's leaving flag asked the ways HR says it: "how does the quit rate vary with the number
of projects" splits the rate by that small count (an article between the split word and "number of"
changes nothing), and "turnover" is the leaving flag of a table of people; where the data also holds
money, "turnover" could be revenue and is asked back. Checked against DuckDB on generated tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

DEPTS = ("sales", "support", "hr", "it")
TABLES = {
    "employees": (
        "employee_id,department,number_projects,satisfaction,left",
        [
            f"{i},{DEPTS[i % 4]},{2 + (i * 5) % 6},{(i * 37) % 100 / 100},{1 if (i * 7) % 5 < 2 else 0}"
            for i in range(1, 121)
        ],
    ),
    "customers": (
        "customer_id,plan,revenue,churned",
        [f"{i},{'ab'[i % 2]},{100 + 3 * i},{i % 3 == 0}" for i in range(1, 61)],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How does the quit rate vary with the number of projects an employee has?",
            'select number_projects, avg("left") from employees group by 1',
        ),
        (
            "quit rate by the number of projects",
            'select number_projects, avg("left") from employees group by 1',
        ),
        (
            "attrition rate by number of projects",
            'select number_projects, avg("left") from employees group by 1',
        ),
        (
            "show me the turnover rate by department",
            'select department, avg("left") from employees group by 1',
        ),
        ("what is the turnover rate?", "select 'all', avg(\"left\") from employees"),
        (
            "how does the average satisfaction vary by department",
            "select department, avg(satisfaction) from employees group by 1",
        ),
    ],
)
def test_rates_of_people_leaving(table_bot, ref, question: str, sql: str) -> None:
    figures_match(answered(table_bot("employees"), question), ref, sql)


@pytest.mark.parametrize("question", ["turnover by plan", "what is the turnover rate by plan?"])
def test_turnover_beside_money_is_asked_back(table_bot, question: str) -> None:
    answer = table_bot("customers").ask(question)
    assert answer.status == "clarify", answer.text
    assert "revenue" in answer.text and "churned" in answer.text


def test_the_largest_headcount_is_the_most_records(table_bot, ref) -> None:
    """ "headcount" is a count of the records itself: its largest is the group with the most."""
    answer = answered(table_bot("employees"), "which department has the largest headcount?")
    want = ref.execute(
        "select department, count(*) from employees group by 1 order by 2 desc, 1 limit 1"
    ).fetchone()
    assert [str(answer.rows[0][0]), float(answer.rows[0][-1])] == [want[0], float(want[1])]
