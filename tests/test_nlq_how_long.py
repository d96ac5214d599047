""" "How long had churned accounts been active?": the words asking how long are the number column whose
name holds a unit of time and a word the question says (months_active, days_open); with no such column
the question is declined; "time" beside such a column's words ("support time") repeats that it is
time. Checked against DuckDB on generated tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "accounts": (
        "account_id,plan,months_active,minutes_support,churned",
        [
            f"{i},{'abc'[i % 3]},{(i * 7) % 13},{(i * 11) % 40 / 2},{1 if i % 4 == 0 else 0}"
            for i in range(1, 91)
        ],
    ),
    "tickets": (
        "ticket_id,priority,days_open",
        [f"{i},{('low', 'high')[i % 2]},{(i * 5) % 17}" for i in range(1, 61)],
    ),
}


@pytest.mark.parametrize(
    ("table", "question", "sql"),
    [
        (
            "accounts",
            "How long, on average, had churned accounts been active (in months)?",
            "select 'all', avg(months_active) from accounts where churned = 1",
        ),
        (
            "accounts",
            "how long on average have accounts been active, by plan",
            "select plan, avg(months_active) from accounts group by 1",
        ),
        (
            "accounts",
            "average support time of churned accounts",
            "select 'all', avg(minutes_support) from accounts where churned = 1",
        ),
        ("tickets", "how long on average were tickets open?", "select 'all', avg(days_open) from tickets"),
        (
            "tickets",
            "for how long were high priority tickets open on average",
            "select 'all', avg(days_open) from tickets where priority = 'high'",
        ),
    ],
)
def test_how_long_is_the_time_column(table_bot, ref, table: str, question: str, sql: str) -> None:
    figures_match(answered(table_bot(table), question), ref, sql)


def test_how_long_without_such_a_column_is_declined(table_bot) -> None:
    assert table_bot("tickets").ask("how long on average were tickets waiting?").status == "clarify"
