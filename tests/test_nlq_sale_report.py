"""A wholesaler's sale report as exported: dates as MM-DD-YY text beside a Months column ('Jun-21'),
customer names written in several letter cases, style codes, and below the sales a stock list and a
re-export stacked in the same CSV under their own header rows. Only the first table is read (and the
load says where it was cut); the customers are one name however cased; "month" is the month of the
date; "the highest sales" of a month is its money; "average revenue per customer" is one figure."""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered

FIRST = ("Avin", "Nalini", "Swati", "Kazi", "Revathy", "Thana", "Mangai", "Rina", "Divya")
LAST = ("Reddy", "Haque", "Raju", "Devan", "Kumar", "Mathews", "Karki", "Sundar")
NAMES = tuple(f"{f} {g}" for f in FIRST for g in LAST)  # 72 customers: more than a category has
ROWS = [
    (
        dt.date(2021, 6 + i % 7, 1 + (i * 5) % 27),
        NAMES[i % len(NAMES)].upper() if i % 4 == 0 else NAMES[i % len(NAMES)],
        f"{'jne' if i % 9 == 0 and i >= 80 else 'JNE'}{3400 + i % 80}",  # 80 codes, a few also lower-case
        1 + i % 3,
        100.0 + (i * 37) % 400,
    )
    for i in range(160)
]
SALES = "index,DATE,Months,CUSTOMER,Style,SKU,PCS,GROSS AMT\n" + "".join(
    f"{i},{d:%m-%d-%y},{d:%b-%y},{c},{s},{s}-L,{p:.2f},{a:.2f}\n" for i, (d, c, s, p, a) in enumerate(ROWS)
)
STACKED = (
    f"{len(ROWS)},SKU,,,,,,\n"
    + "".join(f"{len(ROWS) + 1 + i},JNE{3400 + i},,,,,,\n" for i in range(4))
    + f"{len(ROWS) + 5},Style,Stock,,,,,\n"
    + "".join(f"{len(ROWS) + 6 + i},JNE{3400 + i},{40 + i}.00,,,,,\n" for i in range(4))
    + f"{len(ROWS) + 10},CUSTOMER,DATE,Months,Style,SKU,PCS,GROSS AMT\n"
    + f"{len(ROWS) + 11},AVIN,06-05-21,Jun-21,JNE3400,JNE3400-L,1.00,999.00\n"
)


@pytest.fixture(scope="module")
def report(crm):
    return crm.dataset({"sale_report": SALES + STACKED}, name="salereport")


def test_only_the_first_of_stacked_tables_is_read_and_the_cut_is_said(report) -> None:
    answer = answered(report.bot, "how many sales are there")
    assert answer.rows[0][0] == len(ROWS)
    changes = " ".join(report.bot.catalog.changes)
    assert f"data row {len(ROWS) + 1} starts another table" in changes
    assert "12 left out" in changes


def test_a_customer_written_in_two_cases_is_one_customer(report) -> None:
    answer = answered(report.bot, "How many different customers have we sold to?")
    assert answer.rows[0][0] == len(NAMES)


def test_a_code_keeps_its_letter_case(report) -> None:
    answer = answered(report.bot, "How many distinct styles have we sold?")
    assert answer.rows[0][0] == len({s for _, _, s, _, _ in ROWS})  # 'jne3409' beside 'JNE3409': two


def test_month_is_the_month_of_the_date_and_highest_sales_its_money(report) -> None:
    answer = answered(report.bot, "Which month had the highest sales?")
    totals: dict[dt.date, float] = {}
    for d, *_, amount in ROWS:
        totals[d.replace(day=1)] = totals.get(d.replace(day=1), 0.0) + amount
    best = max(totals, key=lambda m: totals[m])
    assert str(answer.rows[0][0]) == best.isoformat()
    assert answer.rows[0][1] == pytest.approx(totals[best])


def test_most_sales_still_counts_them(report) -> None:
    answer = answered(report.bot, "Which month had the most sales?")
    assert "count" in answer.columns


def test_average_revenue_per_customer_is_one_figure(report) -> None:
    answer = answered(report.bot, "What's the average revenue per customer?")
    assert len(answer.rows) == 1
    total = sum(a for *_, a in ROWS)
    assert answer.rows[0][0] == pytest.approx(total / len(NAMES))


def test_a_value_named_like_another_column_is_no_second_header(crm) -> None:
    """'shipped' in a status column beside a column named shipped, in full rows: data, not a header."""
    orders = "order_id,shipped,status,amount\n" + "".join(
        f"{i},2024-01-{1 + i % 28:02d},{('shipped', 'returned')[i % 2]},{10 + i}\n" for i in range(1, 41)
    )
    shop = crm.dataset({"orders": orders}, name="shippedstatus")
    answer = answered(shop.bot, "how many orders are there")
    assert answer.rows[0][0] == 40
    assert not any("stacked" in c for c in shop.bot.catalog.changes)
