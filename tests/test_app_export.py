"""Writing an answer's table as csv, parquet, json and md."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from assistant.export import ExportError, export_answer, markdown
from catalog import Catalog
from catalog.answer import Answer

ANSWER = Answer(
    question="orders by month",
    status="answer",
    text="3 months.",
    sql="SELECT 1",
    columns=("month", "orders", "share"),
    rows=((dt.date(2024, 1, 1), 10, 0.5), (dt.date(2024, 2, 1), 6, 0.3), (dt.date(2024, 3, 1), 4, None)),
    row_count=3,
)


def test_csv_has_header_and_json_native_values(tmp_path: Path) -> None:
    path = export_answer(ANSWER, "csv", tmp_path / "out.csv")
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["month", "orders", "share"]
    assert rows[1:] == [["2024-01-01", "10", "0.5"], ["2024-02-01", "6", "0.3"], ["2024-03-01", "4", ""]]


def test_parquet_reads_back_with_duckdb(tmp_path: Path) -> None:
    path = export_answer(ANSWER, "parquet", tmp_path / "out.parquet")
    got = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY month").fetchall()
    assert got == list(ANSWER.rows)


def test_json_holds_all_rows(tmp_path: Path) -> None:
    record = json.loads(export_answer(ANSWER, "json", tmp_path / "out.json").read_text())
    assert record["columns"] == list(ANSWER.columns) and record["row_count"] == 3
    assert record["rows"][0] == ["2024-01-01", 10, 0.5]


def test_markdown_fallback_table() -> None:
    text = markdown(ANSWER, ANSWER.rows)
    assert "| month | orders | share |" in text and "| 2024-02-01 | 6 | 0.3 |" in text
    assert "```sql\nSELECT 1\n```" in text


def test_md_export_writes_a_file(tmp_path: Path) -> None:
    text = export_answer(ANSWER, "md", tmp_path / "out.md").read_text()
    assert "orders by month" in text and "SELECT 1" in text
    assert [line.split("|")[2].strip() for line in text.splitlines() if line.startswith("| 2024")] == [
        "10",
        "6",
        "4",
    ]


def test_capped_answer_is_rerun_in_full(tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("id,plan\n" + "".join(f"{i},{'AB'[i % 2]}\n" for i in range(50)))
    catalog = Catalog.load([str(source)])
    sql = "SELECT id FROM people ORDER BY id"
    capped = Answer("ids", "answer", "50 ids", sql=sql, columns=("id",), rows=((0,), (1,)), row_count=50)
    with export_answer(capped, "csv", tmp_path / "ids.csv", catalog).open(newline="") as f:
        ids = [int(r[0]) for r in list(csv.reader(f))[1:]]
    assert ids == list(range(50))


@pytest.mark.parametrize(
    ("answer", "fmt", "reason"),
    [(ANSWER, "ods", "unknown format"), (Answer("q", "clarify", "which?"), "csv", "no table")],
)
def test_refusals_have_reasons(tmp_path: Path, answer: Answer, fmt: str, reason: str) -> None:
    with pytest.raises(ExportError, match=reason):
        export_answer(answer, fmt, tmp_path / "x")
