"""One word for several values of one column (nlq/grammar/valuegroups.yaml): "weekends" on a column of
weekday names is Sat and Sun, "weekdays" the other days the column holds; they filter and split like
any value, the interpretation says which stored values each stands for, and a group said beside its
own days ("weekends (Saturday and Sunday)") is one filter. Checked against DuckDB on a small table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

DAYS = ("Thur", "Fri", "Sat", "Sun", "Mon")
TABLES = {
    "bills": (
        "bill_id,total_bill,tip,smoker,day,size",
        [
            f"{i},{10 + 3 * i},{1 + (i * 7) % 5}.5,{'Yes' if i % 3 == 0 else 'No'},{DAYS[i % 5]},{1 + i % 4}"
            for i in range(1, 41)
        ],
    ),
}
TABLES["orders"] = (
    "order_id,order_date,amount",
    [f"{i},2024-03-{i:02d},{10 * i}" for i in range(1, 29)],
)
WEEKEND = "day IN ('Sat', 'Sun')"


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average tip on weekends", f"select 'all', avg(tip) from bills where {WEEKEND}"),
        ("how many bills at the weekend?", f"select 'all', count(*) from bills where {WEEKEND}"),
        ("how many bills on weekdays", f"select 'all', count(*) from bills where not {WEEKEND}"),
        ("total tips on working days", f"select 'all', sum(tip) from bills where not {WEEKEND}"),
        (
            "average party size on weekends (Saturday and Sunday)",
            f"select 'all', avg(size) from bills where {WEEKEND}",
        ),
        ("number of bills not on weekends", f"select 'all', count(*) from bills where not {WEEKEND}"),
        (
            "average tip weekends vs weekdays",
            f"select case when {WEEKEND} then 'weekend' else 'weekday' end, avg(tip) from bills group by 1",
        ),
        (
            "count of smokers' bills on weekdays",
            f"select 'all', count(*) from bills where not {WEEKEND} and smoker = 'Yes'",
        ),
    ],
)
def test_a_group_word_is_its_days(table_bot, ref, question: str, sql: str) -> None:
    answer = answered(table_bot("bills"), question)
    figures_match(answer, ref, sql)


def test_the_interpretation_names_the_days(table_bot) -> None:
    answer = answered(table_bot("bills"), "average tip weekends vs weekdays")
    assert "'weekends' is day Sat, Sun" in answer.interpretation
    assert "'weekdays' is day Mon, Thur, Fri" in answer.interpretation


def test_by_weekday_is_no_group(table_bot) -> None:
    """ "by weekday" asks for each day, never the weekdays alone: not a group word."""
    answer = table_bot("bills").ask("average tip by weekday")
    assert answer.status != "answer" or len(answer.rows) == len(DAYS)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many orders on weekends",
            "select 'all', count(*) from orders where dayname(order_date) in ('Saturday', 'Sunday')",
        ),
        (
            "total amount of orders on weekdays",
            "select 'all', sum(amount) from orders where dayname(order_date) not in ('Saturday', 'Sunday')",
        ),
    ],
)
def test_a_dates_weekday_groups_too(table_bot, ref, question: str, sql: str) -> None:
    answer = answered(table_bot("orders"), question)
    figures_match(answer, ref, sql)
    assert "Saturday, Sunday" in answer.interpretation or "Monday, Tuesday" in answer.interpretation
