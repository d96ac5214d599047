"""cra.toml `counted_in`: a number column whose name says no unit (a loan's `duration`) is counted in
the time unit the file states, so "in months" and "more than 2 years" are read against it (years x 12)
and the interpretation says where the unit came from; without it, such a question is declined. Checked
against DuckDB over the same CSV."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from catalog.loaders import DataError

ROWS = "loan_id,duration,amount\n" + "".join(f"{i},{6 + (i * 7) % 60},{500 + 13 * i}\n" for i in range(1, 61))
TOML = '[columns."loans.duration"]\ncounted_in = "months"\n'


def _bot(tmp_path, toml: str | None) -> Assistant:
    (tmp_path / "loans.csv").write_text(ROWS)
    if toml is not None:
        (tmp_path / "cra.toml").write_text(toml)
    return Assistant(Catalog.load([str(tmp_path)]))


def _ref(tmp_path, sql: str) -> float:
    con = duckdb.connect()
    con.execute(f"create view loans as select * from read_csv_auto('{tmp_path / 'loans.csv'}')")
    return float(con.execute(sql).fetchone()[0])


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("what's the average loan duration in months?", "select avg(duration) from loans"),
        ("how many loans run for more than 24 months?", "select count(*) from loans where duration > 24"),
        ("how many loans run for more than 2 years?", "select count(*) from loans where duration > 24"),
    ],
)
def test_a_stated_unit_is_read(tmp_path, question: str, sql: str) -> None:
    answer = _bot(tmp_path, TOML).ask(question)
    assert answer.status == "answer", answer.text
    assert round(float(answer.rows[0][0]), 6) == round(_ref(tmp_path, sql), 6)
    assert "cra.toml" in answer.interpretation


@pytest.mark.parametrize(
    "question",
    ["what's the average loan duration in months?", "how many loans run for more than 24 months?"],
)
def test_without_it_a_unit_is_declined(tmp_path, question: str) -> None:
    assert _bot(tmp_path, None).ask(question).status == "clarify"


def test_an_unknown_unit_is_refused(tmp_path) -> None:
    with pytest.raises(DataError, match="counted_in"):
        _bot(tmp_path, '[columns."loans.duration"]\ncounted_in = "fortnights"\n')
