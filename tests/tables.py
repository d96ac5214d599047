"""Tiny CRM tables written as CSV files by the tests (one writer for every test module)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

ORDERS = """id,customer_id,order_date,channel,amount
1,1,2023-02-01,Web,100.0
2,1,2023-03-15,Web,50.0
3,2,2023-03-20,Phone,300.0
4,3,2024-01-10,Web,80.0
5,4,2024-02-01,Partner,1000.0
6,4,2024-05-05,Web,20.0
7,6,2024-05-20,Phone,75.5
8,2,2024-06-01,Web,10.0
"""
"""Eight orders of six customers (ids 1-6), 2023-02 to 2024-06: the orders table several engine tests share."""

Row = str | Sequence[object]
Table = str | tuple[Row, Sequence[Row]]
"""A table: CSV text, or (header, rows) where a header or a row is a line of text or a list of values."""


class Dataset(NamedTuple):
    """Tables written into a folder, with an Assistant over them and an independent DuckDB (`ref`)."""

    folder: Path
    bot: Any  # assistant.engine.Assistant
    ref: Any  # duckdb.DuckDBPyConnection, for expected values


def table_fixture(name: str):  # -> a pytest fixture
    """A fixture giving `table_bot(name)`, an Assistant over one of the module's TABLES loaded alone:
    `lines = table_fixture("lines")` in a test module makes a `lines` fixture."""
    import pytest

    @pytest.fixture
    def over_one_table(table_bot):  # -> assistant.engine.Assistant
        return table_bot(name)

    return over_one_table


def answered(bot, question: str):  # (Assistant, str) -> catalog.Answer
    """The bot's answer to `question`, asserted to be an answer (not a question back or a refusal); the
    conversation starts afresh after it."""
    answer = bot.ask(question)
    bot.reset()
    assert answer.status == "answer", answer.text
    return answer


def _line(row: Row, sep: str) -> str:
    """A line of text as given; a list of values joined by `sep`, quoted where a value holds `sep`."""
    if isinstance(row, str):
        return row
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="").writerow([str(v) for v in row])
    return out.getvalue()


def write_csv(path: Path, header: Row, rows: Sequence[Row], sep: str = ",") -> Path:
    """Write one table; values are written as str(value) (CSV-quoted when needed), UTF-8, a line a row."""
    path.write_text("\n".join(_line(r, sep) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def write_tables(folder: Path, tables: Mapping[str, Table]) -> Path:
    """Write {name: table} as name.csv files into `folder` (created); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        if isinstance(table, str):
            path.write_text(table, encoding="utf-8")
        else:
            write_csv(path, *table)
    return folder


def reference_db(folder: Path, names: Sequence[str]):  # -> duckdb.DuckDBPyConnection
    """An independent DuckDB over name.csv files of `folder` (read_csv_auto), for expected values."""
    import duckdb

    con = duckdb.connect()
    for name in names:
        con.execute(f"create table {name} as select * from read_csv_auto(?)", [str(folder / f"{name}.csv")])
    return con


def file_rows(path: Path, query: str) -> list[tuple]:
    """Rows of `query` over one CSV file written as FILE in it, read by an independent DuckDB
    (read_csv_auto), for expected values."""
    import duckdb

    return (
        duckdb.connect()
        .execute(query.replace("FILE", "read_csv_auto(?)"), [str(path)] * query.count("FILE"))
        .fetchall()
    )


def load_unchanged(path: Path):  # -> catalog.Catalog
    """Load a user file through the catalog and check it was not written (byte for byte)."""
    from catalog import Catalog

    before = path.read_bytes()
    catalog = Catalog.load([path])
    assert path.read_bytes() == before, "the user file must not change"
    return catalog


FIGURE_PREFIXES = ("avg", "total", "count", "share", "median", "sum", "max", "min", "distinct")
"""How an answer's figure column is named (a rate column says "rate" anywhere in its name)."""


def figures_match(answer, ref, sql: str) -> None:  # (catalog.Answer, duckdb connection, str) -> None
    """The answer's figure per key equals `sql`'s (key, figure) rows: one figure is keyed 'all' (write
    `select 'all', ...`), a breakdown by its first column; figures compared to 6 decimals."""
    want = {str(k): round(float(v), 6) for k, v in ref.execute(sql).fetchall()}
    figure = next(
        i
        for i, c in enumerate(answer.columns)
        if c.startswith(FIGURE_PREFIXES) or "rate" in c or "_over_" in c
    )
    got = {str(r[0]) if len(want) > 1 else "all": round(float(r[figure]), 6) for r in answer.rows}
    assert got == want


def last_figure(answer) -> Any:  # (catalog.Answer) -> the value
    """The last figure of an answer's first row, not counting a share's copy in percent points."""
    return [v for c, v in zip(answer.columns, answer.rows[0], strict=True) if not c.endswith("_percent")][-1]


def period_figures(answer) -> tuple:  # (catalog.Answer) -> (later figure, earlier figure)
    """The two figures of a comparison of periods, the later first: one row per period (period,
    period_start, [year], figure, change, ...), the earliest first."""
    at = answer.columns.index("period_start") + (2 if "year" in answer.columns else 1)
    earlier, later = answer.rows
    return later[at], earlier[at]
