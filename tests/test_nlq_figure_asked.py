""" "How much" asks for a figure: a verb of paying after it (or after "total") names the money measure,
and a question that still reads as a list of records is asked back, never answered with the list.
Checked on the bundled samples against DuckDB over the same CSVs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _one(sql: str) -> float:
    for name in ("orders", "customers"):
        sql = sql.replace(f" {name}", f" read_csv_auto('{SAMPLES / name}.csv') {name}", 1)
    return float(duckdb.execute(sql).fetchone()[0])


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("how much did customers pay us in total?", "select sum(amount) from orders"),
        ("total paid", "select sum(amount) from orders"),
        (
            "how much did customers in Europe pay?",
            "select sum(amount) from orders join customers on orders.customer_id = customers.id "
            "where region = 'Europe'",
        ),
    ],
)
def test_a_verb_of_paying_after_a_figure_word_is_the_amount(catalog, question: str, sql: str) -> None:
    answer = Assistant(catalog).ask(question)
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == pytest.approx(_one(sql))


def test_paid_elsewhere_stays_filler(catalog) -> None:
    answer = Assistant(catalog).ask("how many orders were paid")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == _one("select count(*) from orders")


@pytest.mark.parametrize("question", ["how much do customers have", "how much in total for customers"])
def test_how_much_never_answers_with_a_list(catalog, question: str) -> None:
    answer = Assistant(catalog).ask(question)
    assert answer.status in ("clarify", "unsupported"), answer.sql
