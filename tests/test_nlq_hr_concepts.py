"""HR words bound by concept (catalog/concepts.yaml), on a staff table written by the test: tenure and
commute by runs of name words (years_at_company, distance_from_home), payroll as the income (never a
salary *hike percent*), "left the company" as the churn flag, "frequency" after a column as its name, and
a number glossing a score ("the lowest satisfaction score (1)", "rate their satisfaction as 4"). Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered, figures_match

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(9)
    rows = [
        [
            i,
            rng.choice(("Sales", "Research", "Support")),
            rng.choice(("Travel_Rarely", "Travel_Frequently", "Non-Travel")),
            rng.randint(0, 30),
            rng.randint(1, 29),
            rng.randint(1500, 19000),
            rng.randint(11, 25),
            rng.choice(("Yes", "No")),
            rng.randint(1, 4),
        ]
        for i in range(1, 301)
    ]
    header = [
        "staff_id", "department", "business_travel", "years_at_company", "distance_from_home",
        "monthly_income", "percent_salary_hike", "attrition", "job_satisfaction",
    ]  # fmt: skip
    return {"staff": (header, rows)}


TABLES = _tables()


CASES = [
    (
        "average tenure at the company, in years, by department",
        "select department, avg(years_at_company) from staff group by 1",
    ),
    (
        "average commute distance by department",
        "select department, avg(distance_from_home) from staff group by 1",
    ),
    ("what is our total monthly payroll?", "select 'all', sum(monthly_income) from staff"),
    ("how many staff left the company?", "select 'all', count(*) from staff where attrition = 'Yes'"),
    (
        "attrition rate by business travel frequency",
        "select business_travel, avg((attrition = 'Yes')::int) from staff group by 1",
    ),
    (
        "how many staff gave the lowest job satisfaction score (1)?",
        "select 'all', count(*) from staff where job_satisfaction = 1",
    ),
    (
        "what percentage of staff rate their job satisfaction as 4?",
        "select 'all', avg((job_satisfaction = 4)::int) from staff",
    ),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_hr_words_name_their_columns(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    figures_match(answered(bot, question), ref, sql)
