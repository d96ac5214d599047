"""Late records: a due date (an estimated delivery) and the date of the event it is due for (the
delivery to the customer, the last of the delivery dates) make a derived yes/no column `late`; "on time"
is its negation, and both count only records whose two dates are known. Expected values come from an
independent DuckDB over the same file."""

from __future__ import annotations

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant

ORDERS = """order_id,order_status,order_purchase_date,order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date,freight
1,delivered,2024-01-01,2024-01-03,2024-01-09,2024-01-10,5.0
2,delivered,2024-01-05,2024-01-06,2024-01-20,2024-01-15,7.0
3,delivered,2024-02-01,2024-02-02,2024-02-25,2024-02-20,3.0
4,shipped,2024-02-10,2024-02-11,,2024-02-28,4.0
5,delivered,2024-03-01,2024-03-02,2024-03-12,2024-03-12,6.0
6,canceled,2024-03-05,,,2024-03-25,2.0
7,delivered,2024-03-09,2024-03-10,2024-03-30,2024-03-29,8.0
"""
"""Seven orders: 3 delivered after the estimate, 2 on or before it, 2 not delivered (unknown)."""
REVIEWS = """review_id,order_id,review_score
r1,1,5
r2,2,1
r3,2,2
r4,3,3
r5,5,4
r6,7,2
r7,7,1
"""
"""Reviews of the orders (order 2 and 7 have two): a score is averaged over the reviews given."""
INVOICES = """invoice_id,created_date,due_date,paid_date,amount
1,2024-01-01,2024-01-10,2024-01-12,100
2,2024-01-02,2024-01-20,2024-01-15,50
3,2024-01-05,2024-01-25,2024-02-01,70
4,2024-01-09,2024-02-01,,30
"""
"""A due date that names no event: the one other date that is not when the record started (paid)."""
TICKETS = """ticket_id,opened_date,due_date,reviewed_date,closed_date
1,2024-01-01,2024-01-10,2024-01-05,2024-01-12
2,2024-01-02,2024-01-20,2024-01-03,2024-01-15
"""
"""Two dates a due date could be for (reviewed, closed): no `late` is made."""


TABLES = {"orders": ORDERS, "reviews": REVIEWS}


LATE = "order_delivered_customer_date > order_estimated_delivery_date"
ON_TIME = "order_delivered_customer_date <= order_estimated_delivery_date"
CASES = [
    ("How many orders were delivered late?", f"select count(*) from orders where {LATE}"),
    ("how many orders were delivered on time?", f"select count(*) from orders where {ON_TIME}"),
    (
        "What percentage of orders arrived after the estimated delivery date?",
        f"select avg(case when {LATE} then 1 else 0 end) from orders where order_delivered_customer_date is not null",
    ),
    ("what is the average freight of late orders?", f"select avg(freight) from orders where {LATE}"),
    (
        "What was the average review score for orders delivered late?",
        f"select avg(review_score) from reviews join orders using (order_id) where {LATE}",
    ),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_late_and_on_time(bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    a = answered(bot, question)
    (want,) = ref.execute(sql).fetchone()
    got = a.rows[0][0]
    assert got == pytest.approx(want) or got == pytest.approx(100 * want)
    assert "estimated delivery date" in a.interpretation  # what late means is said


def test_a_due_date_naming_no_event_is_for_the_other_date(crm) -> None:
    data = crm.dataset({"invoices": INVOICES})
    a = data.bot.ask("How many invoices were paid late?")
    assert a.status == "answer", a.text
    (want,) = data.ref.execute("select count(*) from invoices where paid_date > due_date").fetchone()
    assert a.rows[0][0] == want


def test_a_due_date_with_two_possible_events_makes_no_late(crm) -> None:
    bot = crm.assistant({"tickets": TICKETS})
    a = bot.ask("How many tickets were late?")
    assert a.status != "answer", (a.text, a.sql)
