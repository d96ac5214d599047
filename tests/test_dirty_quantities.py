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
