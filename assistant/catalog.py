"""Load CRM exports into an in-memory DuckDB and run read-only queries on them.

MINIMAL BOOTSTRAP VERSION: the catalog owner extends loading, cleaning and inference.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp, parse

from assistant.semantic import ColumnInfo, Role, SemanticModel, TableInfo


class DataError(Exception):
    """Data could not be loaded: the message is one line a person can act on."""


class QueryError(Exception):
    """A query was refused or failed: the message is one line a person can act on."""


@dataclass(frozen=True)
class QueryResult:
    sql: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_count: int


def snake_case(name: str) -> str:
    """File stem or header -> snake_case identifier: 'Customer Orders-2024' -> 'customer_orders_2024'."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    return name or "table"


class Catalog:
    """Loaded tables, their semantic model, and a guarded way to query them."""

    def __init__(self, con: duckdb.DuckDBPyConnection, model: SemanticModel, changes: list[str]) -> None:
        self.con = con
        self.model = model
        self.changes = changes

    @classmethod
    def load(cls, specs: Sequence[str | Path], config: Path | None = None) -> Catalog:
        con = duckdb.connect()
        for spec in specs:
            name, _, path = str(spec).rpartition("=") if "=" in str(spec) else ("", "", str(spec))
            p = Path(path)
            if not p.exists():
                raise DataError(f"{p}: no such file or folder")
            table = name or snake_case(p.stem)
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM read_csv_auto(?)', [str(p)])
        return cls(con, _infer(con), [])

    def run(self, query: exp.Expression | str, limit: int | None = None) -> QueryResult:
        """Run one read-only SELECT (a sqlglot tree or text); anything else raises QueryError."""
        tree = query if isinstance(query, exp.Expression) else _parse_select(query)
        if not isinstance(tree, exp.Query):
            raise QueryError("only a single read-only SELECT can run")
        sql = tree.sql(dialect="duckdb")
        try:
            cur = self.con.execute(sql)
            columns = tuple(d[0] for d in cur.description)
            rows = cur.fetchall()
        except duckdb.Error as e:
            raise QueryError(f"DuckDB could not run the query: {str(e).splitlines()[0]}") from e
        shown = rows if limit is None else rows[:limit]
        return QueryResult(sql, columns, tuple(tuple(r) for r in shown), len(rows))

    def fingerprint(self) -> str:
        """Stable hash of the loaded tables' names, columns and row counts."""
        h = hashlib.sha256()
        for t in sorted(self.model.tables.values(), key=lambda t: t.name):
            h.update(f"{t.name}:{t.row_count}:{','.join(t.columns)}".encode())
        return h.hexdigest()[:16]


def _parse_select(sql: str) -> exp.Expression:
    try:
        trees = [t for t in parse(sql, read="duckdb") if t is not None]
    except Exception as e:  # sqlglot raises several error types
        raise QueryError(f"not valid SQL: {e}") from e
    if len(trees) != 1:
        raise QueryError("only a single read-only SELECT can run")
    return trees[0]


def _infer(con: duckdb.DuckDBPyConnection) -> SemanticModel:
    model = SemanticModel()
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        info = TableInfo(name=table, entity=table, entity_singular=table.rstrip("s"), row_count=count)
        for name, dtype, *_ in con.execute(f'DESCRIBE "{table}"').fetchall():
            role = (
                Role.FLAG
                if dtype == "BOOLEAN"
                else Role.MEASURE
                if dtype in ("DOUBLE", "BIGINT")
                else (Role.TIME if dtype.startswith(("DATE", "TIMESTAMP")) else Role.DIMENSION)
            )
            info.columns[name] = ColumnInfo(
                table, name, dtype, role, words=snake_case(name).replace("_", " ")
            )
        model.tables[table] = info
    return model
