"""A university's staff file (rank stored short: AsstProf, AssocProf, Prof; years since the PhD and of
service; salary): its ranks are said in full ("assistant professors", "full professors":
concepts.yaml value_words.academic_rank) and its rows are faculty members. Checked against DuckDB over
the same CSV file. Its years of service (yrs.service: yrs are years) are its tenure, its salary its pay."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered


def _faculty() -> list[tuple[Any, ...]]:
    rng = random.Random(7)
    return [
        (
            rng.choice(("AsstProf", "AssocProf", "Prof")),
            rng.choice(("A", "B")),
            rng.randint(1, 50),
            rng.randint(0, 45),
            rng.choice(("Female", "Male")),
            rng.randint(55, 230) * 1000,
        )
        for _ in range(80)
    ]


TABLES = {"faculty": (["rank", "discipline", "yrs.since.phd", "yrs.service", "sex", "salary"], _faculty())}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many faculty members do we have?", "select count(*) from faculty"),
        ("Average salary of full professors", "select avg(salary) from faculty where rank = 'Prof'"),
        (
            "What do female assistant professors earn on average?",
            "select avg(salary) from faculty where rank = 'AsstProf' and sex = 'Female'",
        ),
        ("How many associate professors are there?", "select count(*) from faculty where rank = 'AssocProf'"),
        (
            "How many men are not full professors?",
            "select count(*) from faculty where rank <> 'Prof' and sex = 'Male'",
        ),
        ("What is the average compensation?", "select avg(salary) from faculty"),
        ("What is the average pay of women?", "select avg(salary) from faculty where sex = 'Female'"),
        (
            "How many staff have fewer than 5 years of service?",
            'select count(*) from faculty where "yrs.service" < 5',
        ),
        (
            "How many employees have been with us for more than 30 years?",
            'select count(*) from faculty where "yrs.service" > 30',
        ),
        ("What's the average length of service?", 'select avg("yrs.service") from faculty'),
    ],
)
def test_ranks_said_in_full(bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    answer = answered(bot, question)
    assert answer.rows[0][-1] == pytest.approx(ref.execute(sql).fetchone()[0])
