"""General reading rules for unseen data: word order of column names, no grouping by a
continuous measure after "per", product words, values looked up in the data or found inside stored
values, free-text search, scores averaged, filler verbs, "first N", negated records with a value.

Each expected result is computed independently with plain SQL over the same files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tables import Dataset, file_rows, reference_db, table_fixture

from assistant.engine import Assistant
from catalog import Catalog

COUNTRIES = ("Netherlands", "France", "Germany", "Spain")


def _lines() -> str:
    rows = ["InvoiceNo,StockCode,Description,Quantity,UnitPrice,Country,InvoiceDate"]
    for i in range(160):
        desc = "RED HEART T-LIGHT HOLDER" if i % 40 == 0 else f"GIFT BOX NUMBER {i}"
        code = "85123A" if i % 40 == 0 else f"2{i:04d}"
        price = round(0.35 + i * 0.17, 2)
        rows.append(
            f"{500 + i // 3},{code},{desc},{1 + i % 7},{price},{COUNTRIES[i % 4]},2024-0{1 + i % 9}-1{i % 9}"
        )
    return "\n".join(rows) + "\n"


REVIEWS = """rating,date,variation,verified_reviews,feedback
5,2018-07-30,Configuration: Fire TV Stick,I love it so much and use it every single day at home,1
4,2018-07-30,Charcoal Fabric Large,It works fine for the kitchen and the sound is clear enough,1
1,2018-07-29,Charcoal Fabric Small,Far too slow to answer and I want a refund for this thing,0
5,2018-06-15,Black Dot,I love the sound of this little speaker in the bedroom,1
2,2018-06-16,Black Dot,Slow response every time I ask it for the weather today,0
3,2018-06-20,White Dot,It is ok but nothing special compared to the older model,1
4,2018-07-01,Configuration: Fire TV Stick,A great 50%_off deal on a device that streams everything,1
5,2018-07-02,White Dot,Lovely design and setup took only a couple of minutes,1
"""
CUSTOMERS = """id,name,country,signup_date
1,Ann,France,2023-01-05
2,Bob,Spain,2023-02-11
3,Cid,France,2023-07-19
4,Dee,Spain,2024-01-02
"""
ORDERS = """id,customer_id,order_date,channel,amount
1,1,2023-02-01,Web,100.0
2,1,2023-03-15,Phone,50.0
3,2,2023-03-20,Phone,300.0
4,3,2024-01-10,Web,80.0
5,4,2024-02-01,Partner,1000.0
"""


TABLES = {"lines": _lines(), "reviews": REVIEWS}
"""Two files, each loaded alone: `lines` and `reviews`."""


lines = table_fixture("lines")


reviews = table_fixture("reviews")


@pytest.fixture(scope="module")
def shop(crm) -> Dataset:
    return crm.dataset({"customers": CUSTOMERS, "orders": ORDERS}, "shop")


def _bot(path: Path) -> Assistant:
    return Assistant(Catalog.load([str(path)]))


def _one(bot: Assistant, question: str):
    a = bot.ask(question)
    assert a.status == "answer", (question, a.text)
    return a


# ----------------------------------------------------------------------------- rule 1
def test_price_per_unit_names_unit_price_and_never_groups_by_it(lines: Assistant, folder: Path) -> None:
    a = _one(lines, "average price per unit in the Netherlands")
    want = file_rows(folder / "lines.csv", "select avg(UnitPrice) from FILE where Country = 'Netherlands'")
    assert len(a.rows) == 1 and a.rows[0][0] == pytest.approx(want[0][0])
    b = lines.ask("average quantity per unit price")
    assert b.status == "clarify" and "unit price" in b.text


def test_per_still_groups_by_a_category(lines: Assistant, folder: Path) -> None:
    a = _one(lines, "average unit price per country")
    want = file_rows(folder / "lines.csv", "select Country, avg(UnitPrice) from FILE group by 1")
    assert {r[0]: pytest.approx(r[1]) for r in a.rows} == {r[0]: r[1] for r in want}


# ----------------------------------------------------------------------------- rules 2, 3
@pytest.mark.parametrize("question", ["how many different products"])
def test_products_on_line_items_name_both_fitting_columns(lines: Assistant, question: str) -> None:
    a = lines.ask(question)
    assert a.status == "clarify"
    assert "StockCode" in a.text and "Description" in a.text


def test_a_ranking_of_products_is_by_the_description_people_read(lines: Assistant, folder: Path) -> None:
    """A split or ranking of things named by a code and a description shows the description."""
    a = _one(lines, "top 5 products by quantity")
    want = file_rows(
        folder / "lines.csv",
        "select Description, sum(Quantity) as q from FILE group by 1 order by q desc, 1 limit 5",
    )
    assert [(r[0], r[-1]) for r in a.rows] == [(d, q) for d, q in want]


def test_units_are_the_quantity_column(lines: Assistant, folder: Path) -> None:
    a = _one(lines, "total units sold in France")
    want = file_rows(folder / "lines.csv", "select sum(Quantity) from FILE where Country = 'France'")
    assert a.rows[0][0] == want[0][0]


def test_a_many_valued_text_is_looked_up_in_the_data(lines: Assistant, folder: Path) -> None:
    a = _one(lines, "how many units of red heart t-light holder were sold")
    want = file_rows(
        folder / "lines.csv", "select sum(Quantity) from FILE where Description = 'RED HEART T-LIGHT HOLDER'"
    )
    assert a.rows[0][0] == want[0][0]
    assert "RED HEART T-LIGHT HOLDER" in a.interpretation
    assert lines.ask("how many units of blue dragon lamp were sold").status == "clarify"


def test_words_inside_one_many_valued_text_name_it(lines: Assistant, folder: Path) -> None:
    a = _one(lines, "how many times was red heart bought in France")
    want = file_rows(
        folder / "lines.csv",
        "select count(*) from FILE where Description = 'RED HEART T-LIGHT HOLDER' and Country = 'France'",
    )
    assert a.rows[0][0] == want[0][0]
    b = lines.ask("total quantity of gift box number")
    assert b.status == "clarify" and "GIFT BOX NUMBER" in b.text


# ----------------------------------------------------------------------------- rule 4
def test_words_inside_one_stored_value_name_it(reviews: Assistant, folder: Path) -> None:
    a = _one(reviews, "how many reviews for Fire TV Stick")
    want = file_rows(
        folder / "reviews.csv", "select count(*) from FILE where variation like '%Fire TV Stick'"
    )
    assert a.rows[0][0] == want[0][0]
    assert "Configuration: Fire TV Stick" in a.interpretation


def test_words_inside_several_values_ask_which(reviews: Assistant) -> None:
    a = reviews.ask("average rating of charcoal fabric")
    assert a.status == "clarify"
    assert "Charcoal Fabric Large" in a.text and "Charcoal Fabric Small" in a.text


# ----------------------------------------------------------------------------- rule 5
@pytest.mark.parametrize(
    ("question", "word", "negated"),
    [
        ("how many reviews mention love", "love", False),
        ("how many reviews contain the word slow", "slow", False),
        ("how many reviews do not mention love", "love", True),
    ],
)
def test_free_text_search(reviews: Assistant, folder: Path, question: str, word: str, negated: bool) -> None:
    a = _one(reviews, question)
    op = "not ilike" if negated else "ilike"
    want = file_rows(
        folder / "reviews.csv", f"select count(*) from FILE where verified_reviews {op} '%{word}%'"
    )
    assert a.rows[0][0] == want[0][0]
    assert "ILIKE" in a.sql


def test_search_words_are_literals_with_wildcards_escaped(folder: Path) -> None:
    from sqlglot import exp

    from nlq.build import _contains

    cond = _contains(exp.column("verified_reviews"), "50%_off")
    query = exp.select(exp.func("count", exp.Star())).from_("t").where(cond).sql(dialect="duckdb")
    con = reference_db(folder, ["reviews"])
    con.execute("alter table reviews rename to t")
    assert con.execute(query).fetchone()[0] == 1
    con.execute("insert into t (verified_reviews) values ('50 percent off')")
    assert con.execute(query).fetchone()[0] == 1


# ----------------------------------------------------------------------------- rules 8, 9
@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("which variation has the best rating?", "desc"),
        ("highest rated variation", "desc"),
        ("lowest-rated variation", "asc"),
    ],
)
def test_ratings_are_averaged(reviews: Assistant, folder: Path, question: str, direction: str) -> None:
    a = _one(reviews, question)
    want = file_rows(
        folder / "reviews.csv",
        f"select variation, avg(rating) from FILE group by 1 order by 2 {direction}, 1 limit 1",
    )
    assert [tuple(r) for r in a.rows] == [(want[0][0], pytest.approx(want[0][1]))]


# ----------------------------------------------------------------------------- rule 10
def test_left_after_written_records_is_filler(reviews: Assistant, shop: Dataset, folder: Path) -> None:
    a = _one(reviews, "how many reviews were left on July 30, 2018")
    want = file_rows(folder / "reviews.csv", "select count(*) from FILE where date = '2018-07-30'")
    assert a.rows[0][0] == want[0][0]
    assert shop.bot.ask("how many customers left in 2023").status != "answer"


# ----------------------------------------------------------------------------- rule 12
def test_first_n_records_are_the_earliest(shop: Dataset) -> None:
    a = _one(shop.bot, "first 2 orders")
    want = file_rows(shop.folder / "orders.csv", "select id from FILE order by order_date limit 2")
    assert [r[0] for r in a.rows] == [w[0] for w in want]


def test_customers_without_a_valued_order(shop: Dataset) -> None:
    a = _one(shop.bot, "how many customers have no Web orders")
    want = shop.ref.execute(
        "select count(*) from customers c where c.id not in (select customer_id from orders where channel = 'Web')"
    ).fetchone()
    assert a.rows[0][0] == want[0]


# ----------------------------------------------------------------------------- real data
SHARED = Path(__file__).resolve().parents[2] / "shared"
RETAIL = SHARED / "datasets" / "online_retail_sample" / "online_retail_sample.csv"
SPIDER = SHARED / "datasets" / "spider_customer" / "customers_campaigns_ecommerce"


@pytest.mark.skipif(not RETAIL.exists(), reason="../shared/datasets is not beside the repository")
def test_real_retail_order_value_and_price_per_unit() -> None:
    bot = _bot(RETAIL)
    a = _one(bot, "What is the average order value?")
    want = file_rows(RETAIL, "select sum(Quantity * UnitPrice) / count(distinct InvoiceNo) from FILE")[0][0]
    assert f"{want:,.2f}" in a.text
    b = _one(bot, "average price per unit in the Netherlands")
    assert b.rows[0][0] == pytest.approx(
        file_rows(RETAIL, "select avg(UnitPrice) from FILE where Country = 'Netherlands'")[0][0]
    )


@pytest.mark.skipif(not SPIDER.exists(), reason="../shared/datasets is not beside the repository")
def test_real_spider_longer_column_phrase_beats_a_one_word_value() -> None:
    path = SPIDER / "customers_campaigns_ecommerce.sqlite"
    a = _one(_bot(path), "average shipping charges")
    con = sqlite3.connect(path)
    want = con.execute("select avg(cast(order_shipping_charges as real)) from Customer_Orders").fetchone()
    con.close()
    assert a.rows[0][0] == pytest.approx(want[0])


@pytest.mark.skipif(not SPIDER.exists(), reason="../shared/datasets is not beside the repository")
def test_real_spider_counts_the_rows_of_the_table_holding_the_group() -> None:
    path = SPIDER / "customers_campaigns_ecommerce.sqlite"
    a = _one(_bot(path), "mailshot responses by outcome")
    con = sqlite3.connect(path)
    want = con.execute("select outcome_code, count(*) from Mailshot_Customers group by 1").fetchall()
    con.close()
    assert sorted(tuple(r) for r in a.rows) == sorted(want)


SUMMARY = """ID,frequency,recency,T
1,2,30.43,38.86
2,1,1.71,38.86
3,0,0.00,38.86
4,0,0.00,38.86
5,5,35.14,38.86
6,4,20.00,30.00
"""


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("average number of repeat purchases", "select avg(frequency) from FILE"),
        (
            "how many customers have more than 1 repeat purchase",
            "select count(*) from FILE where frequency > 1",
        ),
        ("median customer age", "select median(T) from FILE"),
    ],
)
def test_lifetimes_summary_words(crm, question: str, query: str) -> None:
    path = crm.folder({"customers_summary": SUMMARY}) / "customers_summary.csv"
    a = _one(_bot(path), question)
    assert a.rows[0][0] == pytest.approx(file_rows(path, query)[0][0])


def test_share_of_records_mentioning_a_word_counts_every_record(crm) -> None:
    # a blank review mentions nothing
    path = crm.folder({"reviews": REVIEWS + "3,2018-07-03,White Dot,,1\n"}) / "reviews.csv"
    a = _one(_bot(path), "what percentage of reviews mention love")
    want = file_rows(
        path, "select count(*) filter (where verified_reviews ilike '%love%') / count(*) from FILE"
    )
    assert a.rows[0][0] == pytest.approx(want[0][0])
