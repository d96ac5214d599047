"""'orders paid at least partly by credit card': an order with any payment of that type (the phrase adds
nothing to the semi-join a linked value already makes); 'partly' alone (not wholly?) stays unknown.
Checked against DuckDB on the same CSVs."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

ORDERS = "order_id,customer_id,order_status\n" + "".join(f"o{i},c{i % 7},delivered\n" for i in range(30))
PAYMENTS = "order_id,payment_sequential,payment_type,payment_value\n" + "".join(
    f"o{i},{k + 1},{('credit_card', 'boleto', 'voucher')[(i + k) % 3]},{10 + i + k}\n"
    for i in range(30)
    for k in range(1 + i % 2)
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partly")
    (folder / "orders.csv").write_text(ORDERS)
    (folder / "payments.csv").write_text(PAYMENTS)
    con = duckdb.connect()
    con.execute(f"create view payments as select * from read_csv_auto('{folder / 'payments.csv'}')")
    specs = [f"orders={folder / 'orders.csv'}", f"payments={folder / 'payments.csv'}"]
    return Assistant(Catalog.load(specs)), con


def test_at_least_partly_is_any_payment_of_the_type(setup) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask("How many orders were paid at least partly by credit card?")
    assert answer.status == "answer", answer.text
    gold = con.execute("select count(distinct order_id) from payments where payment_type = 'credit_card'")
    assert int(answer.rows[0][0]) == gold.fetchone()[0]


def test_partly_alone_is_not_read(setup) -> None:
    bot, _ = setup
    bot.reset()
    assert bot.ask("How many orders were paid partly by credit card?").status != "answer"
