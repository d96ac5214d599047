"""A café's till export where every column holds placeholders on purpose ('ERROR', 'UNKNOWN', blanks):
Quantity is numbers kept as text beside words. The engine opens on it (the check for cancelled invoice
lines reads such a quantity as a number, never compares text with 0) and sums what can be read."""

from __future__ import annotations

from tables import answered

SALES = (
    "Transaction ID,Item,Quantity,Price Per Unit,Total Spent,Payment Method,Location,Transaction Date\n"
    + "".join(
        f"TXN_{1000 + i},{('Coffee', 'Cake', 'ERROR', 'Tea')[i % 4]},"
        f"{('2', '3', 'ERROR', '1', '4', '5', '2', '3', '1', '4', '5', '2', 'UNKNOWN', '3', '1', '4', '5', '2', '3', '')[i % 20]},{('2.0', '3.0', 'UNKNOWN', '1.5')[i % 4]},"
        f"{('4.0', '9.0', 'ERROR', '1.5', '6.0', '3.0', '2.0', '8.0', '5.0', '')[i % 10]},{('Cash', 'Credit Card', '', 'UNKNOWN')[i % 4]},"
        f"{('In-store', 'Takeaway', 'ERROR')[i % 3]},2023-0{1 + i % 9}-1{i % 10}\n"
        for i in range(60)
    )
)


def test_an_export_of_text_with_placeholders_opens_and_sums_its_numbers(crm) -> None:
    cafe = crm.dataset({"sales": SALES}, name="cafe")
    answer = answered(cafe.bot, "What is the total quantity?")
    want = cafe.ref.execute("select sum(try_cast(Quantity as double)) from sales").fetchone()[0]
    assert float(answer.rows[0][0]) == want


TILL = "Transaction ID,Item,Quantity,Price Per Unit,Total Spent,Location,Transaction Date\n" + "".join(
    f"TXN_{2000 + i},{('Juice', 'Cake', 'Juice', 'Tea')[i % 4]},{1 + i % 5},{('3.0', '3.0', '3.0', '1.5')[i % 4]},"
    f"{(1 + i % 5) * (3.0 if i % 4 != 3 else 1.5)},{('In-store', 'Takeaway')[i % 2]},"
    f"{('ERROR' if i % 13 == 0 else 'UNKNOWN' if i % 17 == 0 else f'2023-{1 + i % 12:02d}-{1 + i % 27:02d}')}\n"
    for i in range(1, 241)
)


def test_placeholders_in_a_date_column_leave_the_rest_dated(crm) -> None:
    till = crm.dataset({"sales": TILL}, name="till")
    answer = answered(till.bot, "revenue by quarter")
    want = till.ref.execute(
        "select count(distinct date_trunc('quarter', try_cast(\"Transaction Date\" as date))) from sales "
        'where try_cast("Transaction Date" as date) is not null'
    ).fetchone()[0]
    assert len(answer.rows) == want == 4  # rows with no date are in no quarter
    span = answered(till.bot, "What date range does the sales data cover?")
    first, last = till.ref.execute(
        'select min(try_cast("Transaction Date" as date)), max(try_cast("Transaction Date" as date)) from sales'
    ).fetchone()
    assert [str(v) for v in span.rows[0]] == [str(first), str(last)]


def test_items_sold_are_counted_in_units(crm) -> None:
    till = crm.dataset({"sales": TILL}, name="till2")
    answer = answered(till.bot, "How many juices did we sell for takeaway?")
    want = till.ref.execute(
        "select sum(Quantity) from sales where Item = 'Juice' and Location = 'Takeaway'"
    ).fetchone()[0]
    assert answer.rows[0][0] == want
    assert till.bot.ask("How many cakes did we sell?").status == "answer"
    split = till.bot.ask("Break the units down by month.")
    assert split.status == "answer" and "Cake" in split.interpretation
