"""Order and invoice questions over a tiny customers/accounts/orders/invoices CRM: counts per customer
through a key (with names), a count beside a total, kinds named by their values, the first/latest
order, line items, quantities named in two tables, products named by a code and a description.

Each answered question is checked against an independent DuckDB query on the same files."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant

CUSTOMERS = """customer_id,customer_first_name,customer_middle_initial,customer_last_name
1,Ann,V,Lee
2,Bob,K,Marsh
3,Cid,V,North
4,Dee,P,Oak
"""
ACCOUNTS = """account_id,customer_id,account_name,other_account_details
10,1,A1,VIP
11,1,A2,Regular
12,1,A3,Regular
13,2,B1,Regular
14,3,C1,VIP
"""
FINANCIAL_TRANSACTIONS = """transaction_id,account_id,transaction_type,transaction_amount,transaction_date
100,10,Payment,50.0,2024-01-02
101,11,Payment,20.0,2024-01-05
102,12,Refund,5.0,2024-02-01
103,13,Payment,70.0,2024-02-03
104,14,Payment,30.0,2024-03-01
105,14,Refund,12.5,2024-03-09
"""
ORDERS = """order_id,customer_id,date_order_placed
1,1,2024-01-03
2,1,2024-02-10
3,2,2024-02-15
4,3,2024-03-20
5,1,2024-04-01
"""
PRODUCTS = """product_id,product_name
7,Lamp
8,Chair
9,Desk
"""
ORDER_ITEMS = """order_item_id,order_id,product_id,product_quantity
1,1,7,2
2,1,8,1
3,2,7,5
4,3,9,1
5,4,8,3
6,5,9,1
"""
INVOICES = """invoice_id,order_id,invoice_date
50,1,2024-01-04
51,2,2024-02-11
52,4,2024-03-21
"""
INVOICE_LINE_ITEMS = """invoice_id,order_item_id,product_id,product_quantity
50,1,7,2
50,2,8,1
51,3,7,5
52,5,8,3
52,5,8,9
52,5,8,1
"""
TABLES = {
    "Customers": CUSTOMERS,
    "Accounts": ACCOUNTS,
    "Financial_Transactions": FINANCIAL_TRANSACTIONS,
    "Orders": ORDERS,
    "Products": PRODUCTS,
    "Order_Items": ORDER_ITEMS,
    "Invoices": INVOICES,
    "Invoice_Line_Items": INVOICE_LINE_ITEMS,
}


AS_OF = dt.date(2024, 6, 30)
"""The date `bot` answers as of."""


def _norm(v: object) -> object:
    if isinstance(v, (int, float)):
        return round(float(v), 6)
    return str(v).lower()[:10] if isinstance(v, (dt.date, dt.datetime)) else str(v).lower()


ANSWERED = [
    # a count condition per customer through the orders' key: the customers, by name
    (
        "Which customers have placed more than one order?",
        ("customer_first_name", "customer_last_name"),
        "select customer_first_name, customer_last_name from Customers c"
        " where (select count(*) from Orders o where o.customer_id = c.customer_id) > 1",
    ),
    (
        "Which customers have more than two accounts?",
        ("customer_first_name", "customer_last_name"),
        "select customer_first_name, customer_last_name from Customers c"
        " where (select count(*) from Accounts a where a.customer_id = c.customer_id) > 2",
    ),
    # "how many of each and for what total": the count is kept beside the total
    (
        "Break down transactions by type: how many of each and for what total amount?",
        ("transaction_type", "count", "total_transaction_amount"),
        "select transaction_type, count(*), sum(transaction_amount) from Financial_Transactions group by 1",
    ),
    # the kind of account is the column holding the values named ("VIP" is no middle initial "V"s)
    (
        "What's the total amount of payments received per account type (VIP vs Regular)?",
        ("other_account_details", "total_transaction_amount"),
        "select a.other_account_details, sum(t.transaction_amount) from Financial_Transactions t"
        " join Accounts a using (account_id) where t.transaction_type = 'Payment' group by 1",
    ),
    # "first order" is the earliest one, not the first-name column; "very" is filler
    (
        "When was our very first order placed?",
        ("min_date_order_placed",),
        "select min(date_order_placed) from Orders",
    ),
    # "... and when": the date of the record shown
    (
        "Who placed our most recent order, and when?",
        ("customer_first_name", "date_order_placed"),
        "select c.customer_first_name, o.date_order_placed from Orders o join Customers c using (customer_id)"
        " order by o.date_order_placed desc limit 1",
    ),
    # "line items" names the invoice line items
    (
        "Which invoice has the most line items?",
        ("invoice_id", "count"),
        "select invoice_id, count(*) from Invoice_Line_Items group by 1 order by 2 desc limit 1",
    ),
    # customers who did the event of another table: its distinct keys
    (
        "How many distinct customers have ordered from us?",
        ("distinct_customer_id",),
        "select count(distinct customer_id) from Orders",
    ),
    (
        "How many customers ordered in February 2024?",
        ("distinct_customer_id",),
        "select count(distinct customer_id) from Orders where date_order_placed between '2024-02-01' and '2024-02-29'",
    ),
    # the share of customers that have any of the rows pointing at them
    (
        "What percentage of our customers have placed at least one order?",
        ("share",),
        "select count(distinct customer_id) / (select count(*) from Customers) from Orders",
    ),
    # "contained" only links the orders to their items
    (
        "How many orders contained more than one order item?",
        ("count",),
        "select count(*) from (select order_id from Order_Items group by 1 having count(*) > 1)",
    ),
    # a quantity in two tables: "ordered" says it is the order items'
    (
        "Which product has been ordered in the largest total quantity?",
        ("product_name", "total_product_quantity"),
        "select p.product_name, sum(i.product_quantity) from Order_Items i join Products p using (product_id)"
        " group by 1 order by 2 desc limit 1",
    ),
]


@pytest.mark.parametrize(("question", "columns", "gold"), ANSWERED)
def test_answers_match_an_independent_query(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, columns: tuple[str, ...], gold: str
) -> None:
    answer = answered(bot, question)
    assert set(columns) <= set(answer.columns), (answer.columns, answer.sql)
    at = [answer.columns.index(c) for c in columns]
    got = {tuple(_norm(r[i]) for i in at) for r in answer.rows}
    want = {tuple(_norm(v) for v in r) for r in ref.execute(gold).fetchall()}
    assert got == want, answer.sql


DECLINED = [
    # "type" here can only be the transaction type, which "payments" keeps to one value: never a split
    # of one group, nor a total per account by it
    "What's the total amount of payments per account type?",
    "total amount of payments by type",
]


@pytest.mark.parametrize("question", DECLINED)
def test_a_split_by_a_column_kept_to_one_value_is_declined(bot: Assistant, question: str) -> None:
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "clarify", (answer.text, answer.sql)


def test_a_first_name_is_still_a_column(bot: Assistant) -> None:
    bot.reset()
    answer = bot.ask("list the first names of customers")
    assert answer.status == "answer", answer.text
    assert "customer_first_name" in answer.columns


LINES = """InvoiceNo,StockCode,Description,Quantity,UnitPrice
1,A,LAMP,2,1.5
1,B,CHAIR,10,4.0
2,A,LAMP,5,1.5
3,C,DESK,1,20.0
3,B,CHAIR,1,4.0
"""


@pytest.fixture(scope="module")
def retail(crm) -> tuple[Assistant, duckdb.DuckDBPyConnection]:
    data = crm.dataset({"orders": LINES}, "retail")
    return data.bot, data.ref


def test_products_named_by_a_code_and_a_description_are_split_by_the_description(retail) -> None:
    bot, ref = retail
    answer = bot.ask("top 2 products by units sold")
    assert answer.status == "answer", answer.text
    want = ref.execute(
        "select Description, sum(Quantity) from orders group by 1 order by 2 desc limit 2"
    ).fetchall()
    assert {(str(r[0]), float(r[-1])) for r in answer.rows} == {(a, float(b)) for a, b in want}


def test_the_column_named_beside_an_ambiguous_word_is_the_one_counted(retail) -> None:
    bot, ref = retail
    bot.reset()
    answer = bot.ask("How many different products (stock codes) appear in the orders?")
    assert answer.status == "answer", answer.text
    (want,) = ref.execute("select count(distinct StockCode) from orders").fetchone()
    assert answer.rows[0][-1] == want
