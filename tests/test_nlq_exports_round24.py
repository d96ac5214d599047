"""Export shapes met on unseen data in round 24 (tests/questions/README.md), each answer checked against
DuckDB over the same rows:

- a coffee chain's receipt lines whose transaction number restarts each day at each store (a receipt is
  the number, its date and its store), a store's number whose name holds "sales" (sales_outlet_id), and
  outlets named by no name column but by their neighbourhood.
"""

from __future__ import annotations

import pytest
from tables import answered

# ids restart at 1 each day in each of 3 stores; a receipt has 1-3 lines; each line its own product
LINES = "transaction_id,transaction_date,transaction_time,sales_outlet_id,staff_id,customer_id,product_id,quantity,line_item_amount,unit_price\n"
LINES += "".join(
    f"{t},2019-04-{day:02d},{8 + (t + store) % 9:02d}:{(t * 7) % 60:02d}:00,{store},{store * 10 + t % 2},"
    f"{(t * 31 + day * 7 + store) % 40 + 1},{line + 1 + (t % 5)},{1 + (t + line) % 3},"
    f"{(1 + (t + line) % 3) * 2.5},2.5\n"
    for day in range(1, 11)
    for store in (3, 5, 8)
    for t in range(1, 9 + store % 4)
    for line in range(1 + (t * day + store) % 3)
)
OUTLETS = (
    "sales_outlet_id,sales_outlet_type,store_address,store_city,store_telephone,Neighorhood\n"
    "3,retail,32-20 Broadway,Long Island City,777-718-3190,Astoria\n"
    "5,retail,100 Church Street,New York,343-212-5151,Lower Manhattan\n"
    "8,retail,687 9th Avenue,New York,652-212-7020,Hell's Kitchen\n"
    "2,warehouse,164-14 Jamaica Ave,Jamaica,972-871-0402,Jamaica\n"
)
RECEIPT = "(transaction_id, transaction_date, sales_outlet_id)"


@pytest.fixture(scope="module")
def coffee(crm):
    return crm.dataset({"receipts": LINES, "outlets": OUTLETS}, name="coffee")


def rows(ds, sql: str) -> list[tuple]:
    return ds.ref.execute(sql).fetchall()


def test_a_reused_transaction_number_counts_receipts_with_its_date_and_store(coffee) -> None:
    """transaction_id restarts each day at each store: a transaction is the number with its date and store
    (the buyer and the time agree on every line of one), never the bare number nor the lines."""
    got = answered(coffee.bot, "How many transactions are there?")
    want = rows(coffee, f"select count(distinct {RECEIPT}) from receipts")[0][0]
    assert got.rows[0][0] == want
    assert want not in rows(coffee, "select count(*), count(distinct transaction_id) from receipts")[0]
    assert "with its transaction date and sales outlet id" in got.interpretation


def test_transactions_by_hour_count_receipts(coffee) -> None:
    """ "which hour sees the most transactions": receipts per hour, each once."""
    got = answered(coffee.bot, "Which hour of the day has the most transactions?")
    want = rows(
        coffee,
        f"select hour(transaction_time) h, count(distinct {RECEIPT}) n from receipts group by 1 order by n desc, h limit 1",
    )
    assert tuple(got.rows[0][:2]) == want[0]


def test_average_order_value_over_receipts_per_store_with_the_store_named(coffee) -> None:
    """ "average order value per store": revenue over the receipts of each store (the split kept, never one
    figure for all), and a store's number is never summed as revenue ("sales" in sales_outlet_id)."""
    got = answered(coffee.bot, "Average order value per store?")
    want = dict(
        rows(
            coffee,
            f"select sales_outlet_id, sum(line_item_amount) / count(distinct {RECEIPT}) from receipts group by 1",
        )
    )
    assert len(got.rows) == 3
    assert {r[0]: r[got.columns.index("average_order_value")] for r in got.rows} == pytest.approx(want)
    assert "sales_outlet_id)" not in got.sql.split("AS revenue")[0].rsplit("SUM(", 1)[-1]


def test_stores_named_by_their_neighbourhood_in_a_breakdown(coffee) -> None:
    """Outlets have no name column: their one per-row text that is no address or phone names them."""
    got = answered(coffee.bot, "Break down revenue by store")
    names = {r[got.columns.index("Neighorhood")] for r in got.rows}
    assert names == {"Astoria", "Lower Manhattan", "Hell's Kitchen"}
