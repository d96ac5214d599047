"""An average or a rate of several named values of one column is one figure for each value ("churn rate
for Basic and for Pro"), never one pooled figure: checked on the bundled samples against DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant

CUSTOMERS = Path(__file__).resolve().parents[1] / "samples" / "customers.csv"


def _want(sql: str) -> dict[str, float]:
    rows = duckdb.execute(sql.replace("customers", f"read_csv_auto('{CUSTOMERS}')")).fetchall()
    return {str(k): round(float(v), 6) for k, v in rows}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "churn rate for Basic and for Pro",
            "select plan, avg((churned = 'Yes')::int) from customers where plan in ('Basic', 'Pro') group by 1",
        ),
        (
            "average monthly fee for Europe and North America",
            "select region, avg(monthly_fee) from customers where region in ('Europe', 'North America') "
            "group by 1",
        ),
    ],
)
def test_each_named_value_gets_its_own_figure(catalog, question: str, sql: str) -> None:
    answer = Assistant(catalog).ask(question)
    assert answer.status == "answer", answer.text
    got = {str(r[0]): round(float(r[1]), 6) for r in answer.rows}
    assert got == _want(sql)
