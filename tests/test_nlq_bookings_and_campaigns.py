"""Hotel-booking and marketing-campaign shapes, table-driven over tiny CRM files, each answer checked
against an independent DuckDB query over the same CSV:

- a count of records whose one otherwise unused whole-number column holds something ("asked for a
  parking space": > 0; "made through a company", mostly empty: filled);
- a country code column read by country names and by "country code PRT"; people words ("guests") only
  say who made the records;
- a marketing file's Response flag is "the last campaign"; a yes/no column named twice is one condition;
  the rate of a yes/no column named by its words ("rate of campaign 3");
- "by number of kids at home": a split by a small count column;
- "web visits last month" where the column counts visits per month: no filter on another date;
- "days since the last purchase" is an RFM recency column, never a BG/NBD summary's recency.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import duckdb
import pytest
from tables import Table

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(10)
    bookings = [
        [
            i,
            rng.choice(("PRT", "GBR", "ESP", "FRA")),
            rng.choice((0, 0, 0, 1, 2)),
            rng.choice(["NULL"] * 6 + ["45", "110"]),
            rng.choice((0, 0, 0, 1)),
            rng.choice((0, 1)),
            rng.randint(0, 300),
            rng.choice((0, 0, 0, 0, 3, 12, 40)),
        ]
        for i in range(1, 401)
    ]
    customers = [
        [
            i,
            rng.choice(("Graduation", "PhD", "Master")),
            rng.choice((0, 0, 1, 2)),
            rng.randint(0, 12),
            *(rng.choice((0, 0, 0, 1)) for _ in range(3)),
            rng.choice((0, 0, 1)),
            rng.randint(0, 99),
            *(rng.randint(0, 900) for _ in range(3)),
            rng.randint(0, 12),
            f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.choice((2012, 2013, 2014))}",
        ]
        for i in range(1, 301)
    ]
    return {
        "bookings": (
            [
                "booking_id",
                "country",
                "required_car_parking_spaces",
                "company",
                "is_repeated_guest",
                "is_canceled",
                "lead_time",
                "days_in_waiting_list",
            ],
            bookings,
        ),
        "customers": (
            [
                "ID",
                "Education",
                "Kidhome",
                "NumDealsPurchases",
                "AcceptedCmp1",
                "AcceptedCmp2",
                "AcceptedCmp3",
                "Response",
                "Recency",
                "MntWines",
                "MntFruits",
                "MntMeatProducts",
                "NumWebVisitsMonth",
                "Dt_Customer",
            ],
            customers,
        ),
    }


TABLES = _tables()


CASES = [
    (
        "bookings",
        "How many bookings asked for a parking space?",
        "select 'all', count(*) from bookings where required_car_parking_spaces > 0",
    ),
    (
        "bookings",
        "How many bookings were made through a company?",
        "select 'all', count(*) from bookings where company <> 'NULL'",
    ),
    (
        "bookings",
        "How many bookings spent time on the waiting list?",
        "select 'all', count(*) from bookings where days_in_waiting_list > 0",
    ),
    (
        "bookings",
        "How many bookings came from guests in Portugal?",
        "select 'all', count(*) from bookings where country = 'PRT'",
    ),
    (
        "bookings",
        "How many bookings came from guests in Spain (country code ESP)?",
        "select 'all', count(*) from bookings where country = 'ESP'",
    ),
    (
        "bookings",
        "What percentage of bookings are from returning guests?",
        "select 'all', avg(is_repeated_guest) from bookings",
    ),
    (
        "customers",
        "How many customers responded to the last campaign?",
        "select 'all', count(*) from customers where Response = 1",
    ),
    (
        "customers",
        "What was the response rate of the latest campaign?",
        "select 'all', avg(Response) from customers",
    ),
    (
        "customers",
        "On average, how many days since a customer's last purchase?",
        "select 'all', avg(Recency) from customers",
    ),
    (
        "customers",
        "What is total spending across all product categories?",
        "select 'all', sum(MntWines + MntFruits + MntMeatProducts) from customers",
    ),
    (
        "customers",
        "How many customers had more than 7 web visits last month?",
        "select 'all', count(*) from customers where NumWebVisitsMonth > 7",
    ),
    (
        "customers",
        "What is the rate of campaign 3?",
        "select 'all', avg(AcceptedCmp3) from customers",
    ),
    (
        "customers",
        "What was the acceptance rate of campaign 2?",
        "select 'all', avg(AcceptedCmp2) from customers",
    ),
]


@pytest.mark.parametrize(("table", "question", "sql"), CASES)
def test_single_figures(
    table_bot: Callable[[str], Assistant], ref: duckdb.DuckDBPyConnection, table: str, question: str, sql: str
) -> None:
    answer = table_bot(table).ask(question)
    assert answer.status == "answer", answer.text
    want = {str(k): round(float(v), 6) for k, v in ref.execute(sql).fetchall()}
    got = round(float(answer.rows[0][0]), 6)
    assert len(answer.rows) == 1
    assert got in (want["all"], round(want["all"] * 100, 6))


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Average number of deal purchases by number of small kids at home",
            "select Kidhome, avg(NumDealsPurchases) from customers group by 1",
        ),
        (
            "Response rate to the last campaign by education",
            "select Education, avg(Response) from customers group by 1",
        ),
    ],
)
def test_grouped_figures(
    table_bot: Callable[[str], Assistant], ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = table_bot("customers").ask(question)
    assert answer.status == "answer", answer.text
    want = {str(k): round(float(v), 6) for k, v in ref.execute(sql).fetchall()}
    got = {str(r[0]): round(float(r[1]), 6) for r in answer.rows}
    assert got == want


@pytest.mark.parametrize(
    "question",
    [
        "How many bookings have a lead time?",  # a many-valued measure: no "has some" reading
        "How many bookings came from country code XYZ?",  # no such stored value
        "How many bookings were made without a company?",  # mostly empty: never "company = 0"
    ],
)
def test_declined(table_bot: Callable[[str], Assistant], question: str) -> None:
    answer = table_bot("bookings").ask(question)
    assert answer.status in ("clarify", "unsupported"), answer.text


def test_summary_recency_is_not_days_since_last_purchase(crm) -> None:
    """In a BG/NBD summary (frequency, recency, T) recency is the age at the last purchase."""
    header = ["customer_id", "frequency", "recency", "T", "monetary_value"]
    rows = [[1, 2, 30.0, 40.0, 10.5], [2, 0, 0.0, 38.0, 0], [3, 5, 20.0, 39.0, 22.1]]
    answer = crm.assistant({"summary": (header, rows)}).ask(
        "What is the average number of days since the last purchase?"
    )
    assert answer.status in ("clarify", "unsupported"), answer.text
