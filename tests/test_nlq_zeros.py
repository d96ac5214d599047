"""An amount of nothing said with a verb (nlq/grammar/zeros.yaml): "stores that sold nothing", "didn't
spend anything on advertising" are that measure = 0, said in the interpretation; checked against
DuckDB on a small table. An object that names no measure is never replaced by the verb's amount."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "lines": (
        "line_id,InvoiceNo,StockCode,CustomerID,Sales",
        [
            f"{i},{500 + i // 3},{('A1', 'B2', 'C3', 'D4')[i % 4]},{100 + i % 7},{(i * 3) % 5}"
            for i in range(1, 41)
        ],
    ),
    "stores": (
        "store_id,Sales,Advertising,Price,US",
        [
            f"{i},{(i * 3) % 7 if i % 4 else 0},{0 if i % 3 == 0 else i % 11},{90 + i},{'Yes' if i % 2 else 'No'}"
            for i in range(1, 31)
        ],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many stores sold nothing at all?", "select 'all', count(*) from stores where Sales = 0"),
        ("how many stores did not sell anything?", "select 'all', count(*) from stores where Sales = 0"),
        (
            "How many stores don't spend anything on local advertising?",
            "select 'all', count(*) from stores where Advertising = 0",
        ),
        (
            "how many stores spent nothing on advertising",
            "select 'all', count(*) from stores where Advertising = 0",
        ),
        (
            "average price of stores that sold nothing in the US",
            "select 'all', avg(Price) from stores where Sales = 0 and US = 'Yes'",
        ),
    ],
)
def test_nothing_is_zero(table_bot, ref, question: str, sql: str) -> None:
    answer = answered(table_bot("stores"), question)
    figures_match(answer, ref, sql)
    assert "of 0" in answer.interpretation


def test_nothing_on_an_unknown_object_is_declined(table_bot) -> None:
    answer = table_bot("stores").ask("how many stores spent nothing on pizza")
    assert answer.status in ("clarify", "unsupported")


def test_records_of_others_selling_nothing_is_no_zero(table_bot) -> None:
    """On order lines, products that sold nothing have no lines: never the lines with Sales = 0."""
    answer = table_bot("lines").ask("how many products sold nothing")
    assert answer.status in ("clarify", "unsupported")
    assert "of 0" not in answer.interpretation
    assert not table_bot("lines")._names_measure(("sales",))  # lines hold keys to other records
    assert table_bot("stores")._names_measure(("sales",))
