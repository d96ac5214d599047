"""A shop's purchases (one row each: an amount, a US state in a column named Location, a subscription
flag) and a transaction log (customer, date, amount). "sales by year" of transactions is the money, not
a count of rows; "states" are the Location column, whose values are US states; "how does that compare
with customers who aren't subscribed?" is the figure before for both sides. Checked against DuckDB."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

STATES = (
    "California",
    "Texas",
    "New York",
    "Florida",
    "Ohio",
    "Georgia",
    "Montana",
    "Idaho",
    "Nevada",
    "Utah",
    "Maine",
)
PURCHASES = "Customer ID,Location,Purchase Amount (USD),Subscription Status\n" + "".join(
    f"{i},{STATES[i % len(STATES)]},{20 + (i * 13) % 80},{'Yes' if i % 3 == 0 else 'No'}\n"
    for i in range(1, 61)
)
TRANSACTIONS = "customer_id,trans_date,tran_amount\n" + "".join(
    f"CS{1000 + i % 7},{2011 + i % 4}-{1 + i % 12:02d}-{1 + i % 27:02d},{10 + (i * 7) % 90}\n"
    for i in range(1, 81)
)


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"purchases": PURCHASES}, name="shop")


@pytest.fixture(scope="module")
def log(crm):
    return crm.dataset({"transactions": TRANSACTIONS}, name="txlog")


def test_sales_of_a_transaction_log_are_its_money(log) -> None:
    answer = answered(log.bot, "sales by year")
    got = {
        r[answer.columns.index("year_number")]: r[answer.columns.index("total_tran_amount")]
        for r in answer.rows
    }
    want = dict(
        log.ref.execute("select year(trans_date), sum(tran_amount) from transactions group by 1").fetchall()
    )
    assert got == want


def test_states_are_the_column_holding_them(shop) -> None:
    figures_match(
        answered(shop.bot, "Top 3 states by sales"),
        shop.ref,
        'select Location, sum("Purchase Amount (USD)") from purchases group by 1 order by 2 desc, 1 limit 3',
    )


def test_that_compared_with_the_other_side(shop) -> None:
    shop.bot.ask("How many customers are subscribed?")
    shop.bot.ask("What's their average purchase amount?")
    answer = shop.bot.ask("How does that compare with customers who aren't subscribed?")
    shop.bot.reset()
    assert answer.status == "answer", answer.text
    assert len(answer.rows) == 2 and "Subscription Status" in answer.columns
