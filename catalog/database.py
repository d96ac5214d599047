"""Load CRM exports into an in-memory DuckDB, clean them, infer their semantic model, run read-only queries.

`Catalog.load(specs, config=None)`: loaders.py reads the files, cleaning.py fixes types (every change is a
line in `catalog.changes`), infer.py builds the semantic model, config.py applies a cra.toml.
catalog_cache.py keeps the result of small loads, so the next load of the same files is a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from sqlglot import exp, parse

from catalog import cache as catalog_cache
from catalog.cleaning import clean_table
from catalog.config import apply_config, find_config, load_config
from catalog.infer import infer_model
from catalog.loaders import DataError, LoadedTable, load_spec, snake_case
from catalog.semantic import SemanticModel

if TYPE_CHECKING:
    from catalog.asof import AsOf

__all__ = ["Catalog", "DataError", "QueryError", "QueryResult", "snake_case"]


class QueryError(Exception):
    """A query was refused or failed: the message is one line a person can act on."""


@dataclass(frozen=True)
class QueryResult:
    sql: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    row_count: int


class Catalog:
    """Loaded tables, their semantic model, and a guarded way to query them."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        model: SemanticModel,
        changes: list[str],
        suspicious: list[tuple[str, str]] | None = None,
        config_path: Path | None = None,
    ) -> None:
        self.con = con
        self.model = model
        self.changes = changes
        """One line per change made to the data while loading, and per duplicate found (nothing dropped)."""
        self.suspicious = suspicious or []
        """("table.column", reason) for columns a person should look at (mixed types)."""
        self.config_path = config_path
        """The cra.toml that was applied, if any."""
        self.as_of: AsOf | None = None
        """The as-of date the tables are cut to (catalog.asof.apply), None before it is applied."""
        self._asof_cut: object = None
        self._asof_full_counts: dict[str, int] = {}

    @classmethod
    def load(cls, specs: Sequence[str | Path], config: str | Path | None = None) -> Catalog:
        """Load every --data spec ('PATH' or 'NAME=PATH'); apply `config` or a cra.toml beside the data."""
        if not specs:
            raise DataError("no data given")
        entry = catalog_cache.key(specs)
        hit = catalog_cache.read(entry) if entry else None
        if hit is not None:
            con, (model, changes, suspicious) = hit
        else:
            con, model, changes, suspicious = _load(specs)
            if entry:
                catalog_cache.write(entry, con, list(model.tables), (model, changes, suspicious))
        cfg_path = Path(config) if config is not None else find_config(specs)
        if cfg_path is not None:
            apply_config(load_config(cfg_path), model, con)
        return cls(con, model, changes, suspicious, cfg_path)

    def run(self, query: exp.Expr | str, limit: int | None = None) -> QueryResult:
        """Run one read-only SELECT (a sqlglot tree or text); anything else raises QueryError."""
        tree = query if isinstance(query, exp.Expr) else _parse_select(query)
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
        """Stable hash of the loaded tables' names, columns, types and row counts."""
        h = hashlib.sha256()
        for t in sorted(self.model.tables.values(), key=lambda t: t.name):
            cols = ",".join(f"{c.name}:{c.dtype}" for c in t.columns.values())
            h.update(f"{t.name}:{t.row_count}:{cols}\n".encode())
        if self._asof_cut is not None:
            h.update(f"as-of {self._asof_cut}".encode())
        return h.hexdigest()[:16]


def _load(
    specs: Sequence[str | Path],
) -> tuple[duckdb.DuckDBPyConnection, SemanticModel, list[str], list[tuple[str, str]]]:
    """Read, clean and infer: (connection, model, changes, suspicious columns)."""
    con = duckdb.connect()
    loaded: list[LoadedTable] = []
    taken: dict[str, str] = {}
    for spec in specs:
        loaded.extend(load_spec(con, spec, taken))
    changes: list[str] = []
    suspicious: list[tuple[str, str]] = []
    for table in loaded:
        report = clean_table(con, table.name)
        changes.extend(table.notes)
        changes.extend(report.changes)
        suspicious.extend((f"{table.name}.{c}", why) for c, why in report.suspicious)
    model, notes = infer_model(con, loaded)
    changes.extend(notes)
    return con, model, changes, suspicious


def _parse_select(sql: str) -> exp.Expression:
    try:
        trees = [t for t in parse(sql, read="duckdb") if t is not None]
    except Exception as e:  # sqlglot raises several error types
        raise QueryError(f"not valid SQL: {e}") from e
    if len(trees) != 1:
        raise QueryError("only a single read-only SELECT can run")
    return trees[0]  # type: ignore[return-value]
