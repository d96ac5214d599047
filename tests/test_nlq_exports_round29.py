"""Export shapes met in round 29 (tests/questions/README.md), each answer checked against DuckDB over the
same rows:

- a web shop's analytics hits in micros whose product revenue is allocated (58656666: not a whole cent);
"""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered

from nlq.text import tokens
from nlq.timephrases import find_time

ALLOCATED_HITS = "fullVisitorId,visitId,country,transactionRevenue,productRevenue\n" + "".join(
    f"{7000 + i},{300 + i},{('Chile', 'Peru')[i % 2]},"
    + (f"{(i + 1) * 9_990_000},{(i + 1) * 3_333_333}" if i % 4 == 0 else ",")
    + "\n"
    for i in range(80)
)


@pytest.fixture(scope="module")
def allocated(crm):
    return crm.dataset({"hits": ALLOCATED_HITS}, name="allocated")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchall()[0][0]


def test_allocated_micros_are_divided_with_the_export(allocated) -> None:
    """transactionRevenue proves the export keeps money in micros; productRevenue (not whole cents) too."""
    got = answered(allocated.bot, "What is the total product revenue?")
    assert got.rows[0][0] == pytest.approx(one(allocated, "select sum(productRevenue) / 1e6 from hits"))


@pytest.mark.parametrize(
    ("text", "as_of", "span"),
    [
        ("orders in the last 3 months", dt.date(2024, 5, 31), ("2024-03-01", "2024-06-01")),
        ("orders in the past month", dt.date(2024, 3, 31), ("2024-03-01", "2024-04-01")),
        ("orders in the last 2 months", dt.date(2024, 4, 30), ("2024-03-01", "2024-05-01")),
        ("orders in the past year", dt.date(2024, 2, 29), ("2023-03-01", "2024-03-01")),
        ("orders in the last two weeks", dt.date(2024, 3, 31), ("2024-03-18", "2024-04-01")),
        ("orders more than 3 months ago", dt.date(2024, 5, 31), ("0001-01-01", "2024-02-29")),
    ],
)
def test_trailing_months_end_where_duckdb_intervals_do(
    text: str, as_of: dt.date, span: tuple[str, str]
) -> None:
    """n months before the 31st is the end of a shorter month (DuckDB's date - INTERVAL n MONTH), never the 28th."""
    (found,) = find_time(tokens(text), as_of)
    assert found.range is not None
    assert (found.range.start.isoformat(), found.range.end.isoformat()) == span
