"""The default backend: the in-memory (or cached) DuckDB database the loaders filled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
from sqlglot import exp

from catalog.trees import count_rows, create_table, describe, drop_table, qualified


class DuckDBBackend:
    """A DuckDB connection behind the Backend interface (text runs as it is: it is DuckDB's own)."""

    name = "DuckDB"
    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def execute(self, query: str | exp.Expr, params: Sequence[Any] | None = None) -> Any:
        sql = query if isinstance(query, str) else query.sql(dialect=self.dialect)
        return self.con.execute(sql, params) if params else self.con.execute(sql)

    def render(self, tree: exp.Expr) -> str:
        return tree.sql(dialect=self.dialect)

    def tables(self) -> list[str]:
        found = self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name"
        ).fetchall()
        return [r[0] for r in found]

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.con.execute(describe(table)).fetchall()]

    def sample(self, table: str, rows: int) -> Any:
        return self.execute(exp.select("*").from_(exp.to_table(table, quoted=True)).limit(rows))

    def interrupt(self) -> None:
        self.con.interrupt()

    def full_table(self, table: str) -> exp.Table:
        found = self.con.execute("SELECT current_database(), current_schema()").fetchone()
        if found is None:
            return exp.to_table(table, quoted=True)
        return exp.table_(table, db=found[1], catalog=found[0], quoted=True)

    def shadow(self, table: str, query: exp.Select) -> int:
        """A TEMP table of the same name (DuckDB resolves temp objects first; a table has a rowid)."""
        self.con.execute(create_table(table, query.copy(), replace=True, temporary=True))
        row = self.con.execute(count_rows(table)).fetchone()
        assert row is not None  # COUNT(*) returns one row
        return int(row[0])

    def unshadow(self, table: str) -> None:
        self.con.execute(drop_table(qualified(table, "main", "temp"), if_exists=True))

    def close(self) -> None:
        self.con.close()
