"""An HR export with a misspelt column (`average_montly_hours`), a tenure without a unit
(`time_spend_company`, years by its size), a two-word flag (`work_accident`) and a flag column whose name
holds "5years": "monthly hours" names the misspelt column, "hours worked" is no work accident, "been with
us for more than 5 years" is the tenure, and "the HR file" is the file, not the HR department. Checked
against DuckDB over the same CSV."""

from __future__ import annotations

import random
from typing import Any

import pytest
from tables import answered

from catalog.english import misspelt


def _rows() -> list[tuple[Any, ...]]:
    rng = random.Random(3)
    return [
        (
            round(rng.uniform(0.1, 1), 2),
            rng.randint(96, 310),
            rng.randint(2, 10),
            int(rng.random() < 0.15),
            int(rng.random() < 0.25),
            int(rng.random() < 0.05),
            rng.choice(("sales", "hr", "IT", "support")),
            rng.choice(("low", "medium", "high")),
        )
        for _ in range(500)
    ]


HEADER = ["satisfaction_level", "average_montly_hours", "time_spend_company", "work_accident", "left"]
TABLE = ([*HEADER, "promotion_last_5years", "department", "salary"], _rows())


@pytest.fixture(scope="module")
def hr(crm: Any) -> Any:
    return crm.dataset({"employee_attrition": TABLE}, "hrexport")


def test_a_misspelt_name_token_is_written_out() -> None:
    assert misspelt("montly") == "monthly" and misspelt("monthly") is None and misspelt("pdays") is None


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many employees are in the HR file?", "select count(*) from employee_attrition"),
        ("How many employees work in HR?", "select count(*) from employee_attrition where department = 'hr'"),
        (
            "What is the median of average monthly hours?",
            "select median(average_montly_hours) from employee_attrition",
        ),
        (
            "How many employees have been with us for more than 5 years?",
            "select count(*) from employee_attrition where time_spend_company > 5",
        ),
        (
            "How many employees had a work accident?",
            "select count(*) from employee_attrition where work_accident = 1",
        ),
    ],
)
def test_an_hr_export_answers(hr: Any, question: str, sql: str) -> None:
    answer = answered(hr.bot, question)
    got = (
        answer.rows[0][answer.columns.index(next(c for c in answer.columns if "median" in c))]
        if "median" in question
        else answer.rows[0][-1]
    )
    assert got == pytest.approx(hr.ref.execute(sql).fetchone()[0]), answer.text


def test_hours_worked_is_no_work_accident(hr: Any) -> None:
    answer = answered(hr.bot, "Average monthly hours worked per department")
    expected = dict(
        hr.ref.execute(
            "select department, avg(average_montly_hours) from employee_attrition group by 1"
        ).fetchall()
    )
    assert {row[0]: row[1] for row in answer.rows} == pytest.approx(expected)
    assert "accident" not in answer.sql


def test_a_suffix_after_a_column_is_that_columns(hr: Any) -> None:
    """ "salary level": the salary's, never a word of satisfaction_level."""
    answer = answered(hr.bot, "Average satisfaction for each salary level")
    expected = dict(
        hr.ref.execute("select salary, avg(satisfaction_level) from employee_attrition group by 1").fetchall()
    )
    assert {row[0]: row[1] for row in answer.rows} == pytest.approx(expected)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many of the leavers had not been promoted in the last 5 years?",
            'select count(*) from employee_attrition where "left" = 1 and promotion_last_5years = 0',
        ),
        (
            "how many employees were promoted",
            "select count(*) from employee_attrition where promotion_last_5years = 1",
        ),
    ],
)
def test_a_flag_named_by_its_action_noun_answers_to_its_verb(hr: Any, question: str, sql: str) -> None:
    """ "promoted" for promotion_last_5years; "in the last 5 years" restates the flag's own name."""
    answer = answered(hr.bot, question)
    assert answer.rows[0][-1] == hr.ref.execute(sql).fetchone()[0]


def test_least_satisfied_ranks_by_satisfaction(hr: Any) -> None:
    answer = answered(hr.bot, "Which department has the least satisfied employees on average?")
    lowest = hr.ref.execute(
        "select department from employee_attrition group by 1 order by avg(satisfaction_level) limit 1"
    ).fetchone()[0]
    assert answer.rows[0][0] == lowest


def test_size_after_a_column_is_its_suffix(crm: Any) -> None:
    """ "screen size", "hard drive size" (hd: a spec sheet's abbreviation)."""
    rows = [(i, 1000 + 7 * i, (14, 15, 17)[i % 3], (80, 120, 240)[i % 3 - 1]) for i in range(90)]
    data = crm.dataset({"computers": (["id", "price", "screen", "hd"], rows)}, "specs")
    answer = answered(data.bot, "Average price by screen size")
    expected = dict(data.ref.execute("select screen, avg(price) from computers group by 1").fetchall())
    assert {row[0]: row[1] for row in answer.rows} == pytest.approx(expected)
    answer = answered(data.bot, "What is the average hard drive size?")
    assert answer.rows[0][-1] == pytest.approx(
        data.ref.execute("select avg(hd) from computers").fetchone()[0]
    )
