"""Order lines priced from a product list with a cost beside the price (AdventureWorks' shape): sales
(OrderNumber repeated on each line, OrderQuantity, keys to products, customers and territories),
returns (ReturnQuantity, never priced as revenue), products -> subcategories -> categories, territories
keyed SalesTerritoryKey (the lines say TerritoryKey), customers with Y/N and M/S codes. Revenue is
units x price (the cost is never the sale's value), "units sold" are the sales' units and "units
returned" the returns', a category is shown by its name, "ordered more than 2 times" counts orders, not
lines. Checked against DuckDB over the same files."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

PRODUCTS = "ProductKey,ProductSubcategoryKey,ProductName,ProductCost,ProductPrice\n" + "".join(
    f"{p},{1 + p % 3},Item {p},{5 + p * 2}.25,{20 + p * 7}.5\n" for p in range(1, 10)
)
SUBCATEGORIES = (
    "ProductSubcategoryKey,SubcategoryName,ProductCategoryKey\n1,Road Bikes,1\n2,Helmets,2\n3,Gloves,3\n"
)
CATEGORIES = "ProductCategoryKey,CategoryName\n1,Bikes\n2,Accessories\n3,Clothing\n"
TERRITORIES = (
    "SalesTerritoryKey,Region,Country\n1,Northwest,United States\n2,Central,Germany\n3,Australia,Australia\n"
)
CUSTOMERS = "CustomerKey,BirthDate,MaritalStatus,HomeOwner,AnnualIncome,TotalChildren\n" + "".join(
    f"{c},{1940 + c % 40}-0{1 + c % 9}-1{c % 10},{'MS'[c % 2]},{'YN'[c % 3 == 0]},{30000 + c * 1000},{c % 4}\n"
    for c in range(1, 31)
)
SALES = "OrderDate,OrderNumber,OrderLineItem,ProductKey,CustomerKey,TerritoryKey,OrderQuantity\n" + "".join(
    f"2021-0{1 + n % 6}-{1 + n % 28:02d},SO{100 + n // 2},{1 + n % 2},{1 + n % 9},{1 + (n // 2 * 7) % 30},"
    f"{1 + n % 3},{1 + n % 3}\n"
    for n in range(200)
)
RETURNS = "ReturnDate,TerritoryKey,ProductKey,ReturnQuantity\n" + "".join(
    f"2021-0{1 + n % 6}-{1 + n % 28:02d},{1 + n % 3},{1 + n % 9},1\n" for n in range(25)
)
TABLES = {
    "sales": SALES,
    "returns": RETURNS,
    "products": PRODUCTS,
    "subcategories": SUBCATEGORIES,
    "categories": CATEGORIES,
    "territories": TERRITORIES,
    "customers": CUSTOMERS,
}
PRICED = "sales s join products p using (ProductKey)"


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset(TABLES, name="bikes")


def test_revenue_is_units_times_price_never_the_cost(shop) -> None:
    answer = answered(shop.bot, "What's the average order value?")
    want = shop.ref.execute(
        f"select sum(s.OrderQuantity * p.ProductPrice) / count(distinct s.OrderNumber) from {PRICED}"
    ).fetchone()[0]
    assert answer.rows[0][answer.columns.index("average_order_value")] == pytest.approx(want)


def test_a_category_reached_through_subcategories_is_shown_by_name(shop) -> None:
    answer = answered(shop.bot, "revenue by product category")
    assert "CategoryName" in answer.columns
    figures_match(
        answer,
        shop.ref,
        f"select c.ProductCategoryKey, sum(s.OrderQuantity * p.ProductPrice) from {PRICED} "
        "join subcategories using (ProductSubcategoryKey) join categories c using (ProductCategoryKey) group by 1",
    )


def test_units_sold_and_units_returned(shop) -> None:
    sold = answered(shop.bot, "How many units did we sell in March 2021?")
    want = shop.ref.execute("select sum(OrderQuantity) from sales where month(OrderDate) = 3").fetchone()[0]
    assert sold.rows[0][0] == want
    back = answered(shop.bot, "How many units were returned in March 2021?")
    want = shop.ref.execute("select sum(ReturnQuantity) from returns where month(ReturnDate) = 3").fetchone()[
        0
    ]
    assert back.rows[0][0] == want


def test_a_key_named_apart_joins_the_territories(shop) -> None:
    figures_match(
        answered(shop.bot, "What was total revenue in each country?"),
        shop.ref,
        f"select t.Country, sum(s.OrderQuantity * p.ProductPrice) from {PRICED} "
        "join territories t on s.TerritoryKey = t.SalesTerritoryKey group by 1",
    )
    top = answered(shop.bot, "Which sales region brought in the most revenue?")
    want = shop.ref.execute(
        f"select t.Region from {PRICED} join territories t on s.TerritoryKey = t.SalesTerritoryKey "
        "group by 1 order by sum(s.OrderQuantity * p.ProductPrice) desc limit 1"
    ).fetchone()[0]
    assert [r[0] for r in top.rows] == [want]


def test_ordering_more_than_n_times_counts_orders_not_lines(crm) -> None:
    shop = crm.dataset({"sales": SALES}, name="lines")  # the lines alone (no table of customers)
    answer = answered(shop.bot, "How many customers ordered more than 3 times?")
    want = shop.ref.execute(
        "select count(*) from (select CustomerKey from sales group by 1 having count(distinct OrderNumber) > 3)"
    ).fetchone()[0]
    lines = shop.ref.execute(
        "select count(*) from (select CustomerKey from sales group by 1 having count(*) > 3)"
    ).fetchone()[0]
    assert answer.rows[0][0] == want != lines


def test_yes_no_and_coded_people_columns(shop) -> None:
    owners = answered(shop.bot, "How many customers own their home?")
    assert (
        owners.rows[0][0]
        == shop.ref.execute("select count(*) from customers where HomeOwner = 'Y'").fetchone()[0]
    )
    married = answered(shop.bot, "how many married customers")
    assert (
        married.rows[0][0]
        == shop.ref.execute("select count(*) from customers where MaritalStatus = 'M'").fetchone()[0]
    )
    born = answered(shop.bot, "How many customers were born before 1960?")
    assert (
        born.rows[0][0]
        == shop.ref.execute("select count(*) from customers where year(BirthDate) < 1960").fetchone()[0]
    )
