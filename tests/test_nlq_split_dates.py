"""A date kept as separate part columns (arrival_year, arrival_month, arrival_day_of_month): "arrival year" names the
year column, a period after the date's name filters its parts (never another date column of the table),
and the date's name alone, as a split, is asked back. Checked against DuckDB over the same CSV."""

from __future__ import annotations

import calendar
import datetime as dt
import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(3)
    rows = []
    for i in range(1, 401):
        year, month = rng.choice((2021, 2022, 2023)), rng.randint(1, 12)
        booked = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1400))
        rows.append(
            [
                i,
                year,
                calendar.month_name[month],
                rng.randint(1, 28),
                booked,
                rng.randint(0, 300),
                rng.randint(0, 1),
            ]
        )
    header = [
        "stay_id",
        "arrival_year",
        "arrival_month",
        "arrival_day_of_month",
        "booked_on",
        "lead_days",
        "cancelled",
    ]
    return {"stays": (header, rows)}


TABLES = _tables()


CASES = [
    ("how many stays per arrival year", "select arrival_year, count(*) from stays group by 1"),
    ("how many stays had an arrival date in 2022?", "select count(*) from stays where arrival_year = 2022"),
    (
        "how many arrivals in August 2022",
        "select count(*) from stays where arrival_year = 2022 and arrival_month = 'August'",
    ),
    (
        "stays in 2023 by arrival month",
        "select arrival_month, count(*) from stays where arrival_year = 2023 group by 1",
    ),
    (
        "how many arrivals in the second half of 2022",
        "select count(*) from stays where arrival_year = 2022 and month(strptime(arrival_month, '%B')) >= 7",
    ),
    (
        "average lead days for arrivals in 2021",
        "select avg(lead_days) from stays where arrival_year = 2021",
    ),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_a_period_filters_the_parts_of_the_date_named(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    want = ref.execute(sql).fetchall()
    got = sorted(tuple(str(v) for v in r) for r in answer.rows)
    assert got == sorted(tuple(str(v) for v in r) for r in want) or [
        [pytest.approx(float(v)) for v in r] for r in answer.rows
    ] == [[float(v) for v in r] for r in want]
    assert "booked_on" not in answer.sql


@pytest.mark.parametrize("question", ["how many stays by arrival", "how many arrivals on 2022-03-15"])
def test_the_date_alone_or_a_partial_month_is_asked_back(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    bot.reset()
    assert answer.status in ("clarify", "unsupported"), answer.sql


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many members were born before 1960?", "year_birth < 1960"),
        ("how many members were born after 1990?", "year_birth > 1990"),
        ("how many members were born in 1975?", "year_birth = 1975"),
    ],
)
def test_a_year_column_alone_takes_a_period(crm, question: str, where: str) -> None:
    rng = random.Random(12)
    rows = [[i, rng.randint(1940, 2000), rng.choice(("Basic", "Plus"))] for i in range(1, 301)]
    data = crm.dataset({"members": (["member_id", "year_birth", "plan"], rows)})
    answer = data.bot.ask(question)
    assert answer.status == "answer", answer.text
    want = data.ref.execute(f"select count(*) from members where {where}").fetchone()[0]
    assert answer.rows[0][0] == want


def test_a_period_away_from_a_lone_year_column_stays_on_the_date(crm) -> None:
    rng = random.Random(13)
    rows = [
        [i, rng.randint(1950, 1999), dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 1000))]
        for i in range(1, 301)
    ]
    data = crm.dataset({"members": (["member_id", "year_birth", "joined_on"], rows)})
    answer = data.bot.ask("members who joined in 2022 by birth year")
    assert answer.status == "answer", answer.text
    want = data.ref.execute(
        "select year_birth, count(*) from members where year(joined_on) = 2022 group by 1"
    )
    assert sorted((int(a), int(b)) for a, b in answer.rows) == sorted(want.fetchall())
