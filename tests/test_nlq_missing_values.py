""" "Products with no category" where "category" also names a column of another table (a translation
table): the negation is about the records' own column, whose value is missing. Expected counts come
from an independent DuckDB over the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog

PRODUCTS = """product_id,product_category_name,product_weight_g
p1,toys,500
p2,,300
p3,garden,2000
p4,,800
p5,toys,100
"""
TRANSLATION = """product_category,product_category_english
toys,toys_en
garden,garden_en
"""


@pytest.mark.parametrize(
    "question",
    ["How many products have no category?", "how many products are missing a category?"],
)
def test_no_column_of_the_records_is_a_missing_value(tmp_path: Path, question: str) -> None:
    folder = write_tables(tmp_path, {"products": PRODUCTS, "category_translation": TRANSLATION})
    bot = Assistant(Catalog.load([str(folder)]))
    a = bot.ask(question)
    assert a.status == "answer", a.text
    (want,) = (
        reference_db(folder, ["products"])
        .execute("select count(*) from products where product_category_name is null")
        .fetchone()
    )
    assert a.rows[0][0] == want
