"""A value held by a column of customers and of employees ("sales representatives": a customer's
contact title or an employee's title) is the employees' when the question says "employ";
without such a verb it stays a question back. Checked against DuckDB over the same CSV files."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant

TITLES = ["Sales Representative", "Owner", "Sales Manager", "Sales Representative", "Accounting Manager"]


def _tables() -> dict[str, Any]:
    customers = [(f"C{i:03d}", f"Company {i}", f"Contact {i}", TITLES[i % 5]) for i in range(30)]
    employees = [
        (1 + i, f"Last{i}", ["Sales Representative", "Sales Manager", "Vice President"][i % 3])
        for i in range(11)
    ]
    return {
        "customers": (["customer_id", "company_name", "contact_name", "contact_title"], customers),
        "employees": (["employee_id", "last_name", "title"], employees),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many sales representatives do we employ?",
            "select count(*) from employees where title = 'Sales Representative'",
        ),
        (
            "How many sales managers are employed?",
            "select count(*) from employees where title = 'Sales Manager'",
        ),
    ],
)
def test_an_employing_verb_picks_the_staff(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    assert answer.rows[0][0] == ref.execute(sql).fetchone()[0]


def test_without_a_verb_the_value_stays_ambiguous(bot: Assistant) -> None:
    bot.reset()
    assert bot.ask("How many sales representatives are there?").status in ("clarify", "unsupported")
