"""A number said in full on a column whose name says it holds thousands ("sales_thousands") is divided
by 1,000 and the interpretation says so; on a column whose name says nothing of the kind it is taken
as written. Checked against DuckDB on small tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "stores": (
        "store_id,sales_thousands,region",
        [f"{i},{(i * 7) % 20}.5,{('North', 'South')[i % 2]}" for i in range(1, 31)],
    ),
    "communities": (
        "store_id,Income,Sales",
        [f"{i},{20 + (i * 13) % 100},{(i * 7) % 20}.5" for i in range(1, 41)],
    ),
    "shops": (
        "shop_id,sales,region",
        [f"{i},{(i * 7) % 20}.5,{('North', 'South')[i % 2]}" for i in range(1, 31)],
    ),
}


@pytest.mark.parametrize(
    ("said", "sql"),
    [
        (
            "how many stores have sales above 10 thousand",
            "select 'all', count(*) from stores where sales_thousands > 10",
        ),
        (
            "how many stores have sales above 10,000?",
            "select 'all', count(*) from stores where sales_thousands > 10",
        ),
        (
            "how many stores have sales of at least 5k",
            "select 'all', count(*) from stores where sales_thousands >= 5",
        ),
    ],
)
def test_named_in_thousands(table_bot, ref, said: str, sql: str) -> None:
    answer = answered(table_bot("stores"), said)
    figures_match(answer, ref, sql)
    assert "in thousands (its name says so)" in answer.interpretation


def test_a_plain_column_far_below_the_number_asks_its_unit(table_bot, ref) -> None:
    """Sales of 0 to 19.50 and "above 10 thousand": the column is in another unit than the number (its
    name does not say which), so the unit is asked, never an answer of no shops."""
    answer = table_bot("shops").ask("how many shops have sales above 10 thousand")
    assert answer.status == "clarify" and "unit" in answer.text, answer.text
    within = answered(table_bot("shops"), "how many shops have sales above 10")
    figures_match(within, ref, "select 'all', count(*) from shops where sales > 10")


def test_a_currency_after_the_number_is_its_unit(table_bot, ref) -> None:
    """ "income above 100 thousand dollars": the dollars are the number's, never the money column."""
    answer = answered(
        table_bot("communities"), "how many stores are in communities with income above 100 thousand dollars"
    )
    figures_match(answer, ref, "select 'all', count(*) from communities where Income > 100")
    assert "taken to be in thousands" in answer.interpretation
