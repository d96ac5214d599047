"""A toy chain's sales (date, store, product, units) with prices and costs only in the product list
(text with '$'), and stores with a city and an opening date. Each sale gets the listed price and cost, so
revenue is units x price and profit units x (price - cost); "for each of our Monterrey stores" splits
by store; "which is our oldest store" is the store; "January through September 2017 versus the same
months in 2018" compares like with like; "compare revenue in 2017 and 2018" is one row per year.
Checked against DuckDB."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

PRODUCTS = (
    "Product_ID,Product_Name,Product_Category,Product_Cost,Product_Price\n"
    "1,Action Figure,Toys,$9.99 ,$15.99 \n"
    "2,Colorbuds,Electronics,$6.99 ,$14.99 \n"
    "3,Lego Bricks,Toys,$34.99 ,$39.99 \n"
    "4,Magic Sand,Art & Crafts,$8.99 ,$15.99 \n"
)
STORES = (
    "Store_ID,Store_Name,Store_City,Store_Location,Store_Open_Date\n"
    "1,Maven Toys Guadalajara 1,Guadalajara,Residential,1992-09-18\n"
    "2,Maven Toys Monterrey 1,Monterrey,Residential,1995-04-27\n"
    "3,Maven Toys Monterrey 2,Monterrey,Downtown,2003-12-13\n"
    "4,Maven Toys Puebla 1,Puebla,Airport,2010-06-02\n"
)
SALES = "Sale_ID,Date,Store_ID,Product_ID,Units\n" + "".join(
    f"{i},{2017 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d},{1 + i % 4},{1 + (i * 3) % 4},{1 + i % 5}\n"
    for i in range(1, 161)
)
REVENUE = "sum(s.Units * cast(trim(replace(p.Product_Price, '$', '')) as double))"
PROFIT = (
    "sum(s.Units * (cast(trim(replace(p.Product_Price, '$', '')) as double)"
    " - cast(trim(replace(p.Product_Cost, '$', '')) as double)))"
)
JOINED = "sales s join products p using (Product_ID) join stores t using (Store_ID)"


@pytest.fixture(scope="module")
def toys(crm):
    return crm.dataset({"sales": SALES, "products": PRODUCTS, "stores": STORES}, name="toys")


def test_revenue_and_profit_come_from_the_listed_price_and_cost(toys) -> None:
    figures_match(
        answered(toys.bot, "What is our total revenue?"), toys.ref, f"select 'all', {REVENUE} from {JOINED}"
    )
    figures_match(
        answered(toys.bot, "top 3 stores by profit"),
        toys.ref,
        f"select Store_ID, {PROFIT} from {JOINED} group by 1 order by 2 desc limit 3",
    )
    profit = answered(toys.bot, "What's the total profit we've made on all sales?")
    assert "product price - product cost" in profit.interpretation
    changes = " ".join(toys.bot.catalog.changes)
    assert "each line's listed cost" in changes


def test_each_of_the_stores_of_a_city_is_its_own_row(toys) -> None:
    figures_match(
        answered(toys.bot, "Revenue for each of our Monterrey stores"),
        toys.ref,
        f"select Store_ID, {REVENUE} from {JOINED} where t.Store_City = 'Monterrey' group by 1",
    )


def test_which_is_the_oldest_store_names_the_store(toys) -> None:
    answer = answered(toys.bot, "Which is our oldest store?")
    assert len(answer.rows) == 1
    assert "Maven Toys Guadalajara 1" in answer.rows[0]


def test_the_same_months_of_another_year_compare_like_with_like(toys) -> None:
    answer = answered(
        toys.bot, "Compare revenue for January through September in 2017 versus the same months in 2018."
    )
    got = {
        str(r[answer.columns.index("period_start")])[:4]: r[answer.columns.index("total_revenue")]
        for r in answer.rows
    }
    want = dict(
        toys.ref.execute(
            f"select cast(year(s.Date) as varchar), {REVENUE} from {JOINED} where month(s.Date) <= 9 group by 1"
        ).fetchall()
    )
    assert got == pytest.approx(want)


def test_compared_years_are_one_row_each_and_a_growth_one_row(toys) -> None:
    answer = answered(toys.bot, "Compare revenue in 2017 and 2018")
    assert [r[answer.columns.index("year")] for r in answer.rows] == [2017, 2018]
    totals = dict(toys.ref.execute(f"select year(s.Date), {REVENUE} from {JOINED} group by 1").fetchall())
    later = answer.rows[1]
    assert later[answer.columns.index("change")] == pytest.approx(totals[2018] - totals[2017])
    grew = answered(toys.bot, "By what percent did revenue grow from 2017 to 2018?")
    assert len(grew.rows) == 1
    assert grew.rows[0][grew.columns.index("pct_change")] == pytest.approx(totals[2018] / totals[2017] - 1)
