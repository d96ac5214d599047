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
def test_a_group_word_is_its_days(bot, ref, question: str, sql: str) -> None:
    answer = answered(bot, question)
    figures_match(answer, ref, sql)


def test_the_interpretation_names_the_days(bot) -> None:
    answer = answered(bot, "average tip weekends vs weekdays")
    assert "'weekends' is day Sat, Sun" in answer.interpretation
    assert "'weekdays' is day Mon, Thur, Fri" in answer.interpretation


def test_by_weekday_is_no_group(bot) -> None:
    """ "by weekday" asks for each day, never the weekdays alone: not a group word."""
    answer = bot.ask("average tip by weekday")
    bot.reset()
    assert answer.status != "answer" or len(answer.rows) == len(DAYS)
