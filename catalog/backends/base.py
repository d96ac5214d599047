"""The boundary between the Catalog and the database that holds the data.

A Backend connects, lists tables and their columns (in DuckDB's type names, which the semantic model
speaks), runs one query with cancellation, and fetches a sample. Queries arrive as sqlglot trees (or as
DuckDB-dialect text, which the profiling code writes): a backend that is not DuckDB parses the text
into a tree, rewrites what its dialect lacks (dialects.py) and prints it in its own dialect; nothing is
written as SQL text for one backend by hand.

Errors cross the boundary as `BackendError` (a `duckdb.Error`, so one `except duckdb.Error` serves
every backend) with a message a person can act on; a cancelled statement is `BackendInterrupted`.
The as-of cut (catalog.asof) shadows a table by the rows known on a date: DuckDB with a TEMP table,
the others with a CTE of the same name put in front of every query that names the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import duckdb
from sqlglot import exp, parse_one

from catalog.backends import dialects

if TYPE_CHECKING:
    import pandas as pd


class BackendError(duckdb.Error):
    """A backend could not connect or run a statement: the message is one line a person can act on."""


class BackendInterrupted(duckdb.InterruptException):
    """The statement was cancelled (Esc, Ctrl+C, or the timeout)."""


@runtime_checkable
class Backend(Protocol):
    """Where the data is and the queries run."""

    name: str
    """What a person calls it: "DuckDB", "PostgreSQL", "Spark"."""
    dialect: str
    """The sqlglot dialect its SQL is printed in."""

    def execute(self, query: str | exp.Expr, params: Sequence[Any] | None = None) -> Any:
        """Run one statement (a tree, or DuckDB-dialect text): a cursor with description, fetchone,
        fetchall and df."""

    def render(self, tree: exp.Expr) -> str:
        """The tree as the SQL text this backend runs (what an answer shows)."""

    def tables(self) -> list[str]:
        """The tables a question may use."""

    def columns(self, table: str) -> list[tuple[str, str]]:
        """(name, DuckDB type name) of each column of `table`, in order."""

    def sample(self, table: str, rows: int) -> Any:
        """A cursor over at most `rows` rows of `table`."""

    def interrupt(self) -> None:
        """Cancel the statement running now, from any thread."""

    def full_table(self, table: str) -> exp.Table:
        """The table itself by its full name: never the as-of shadow over it."""

    def shadow(self, table: str, query: exp.Select) -> int:
        """From now on `table` means the rows of `query` (the as-of cut); returns their number."""

    def unshadow(self, table: str) -> None:
        """`table` means the whole table again."""

    def close(self) -> None:
        """Release the connection."""


@dataclass
class Rows:
    """A fetched result: what a DuckDB cursor offers the profiling code (description, fetch, df)."""

    names: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    types: tuple[str, ...] = ()
    """DuckDB type names of the columns, when the backend knows them (they decide pandas dtypes)."""
    _at: int = field(default=0, repr=False)

    @property
    def description(self) -> list[tuple[str, str | None]]:
        return [(n, self.types[i] if i < len(self.types) else None) for i, n in enumerate(self.names)]

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._at >= len(self.rows):
            return None
        self._at += 1
        return self.rows[self._at - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rest, self._at = self.rows[self._at :], len(self.rows)
        return rest

    def df(self) -> pd.DataFrame:
        """The rows as a DataFrame typed as DuckDB's would be (dates as datetime64, numbers as floats)."""
        import pandas as pd

        frame = pd.DataFrame.from_records(self.fetchall(), columns=list(self.names))
        for i, name in enumerate(self.names):
            kind = (self.types[i] if i < len(self.types) else "").upper()
            if kind.startswith(("DATE", "TIMESTAMP")):
                frame[name] = pd.to_datetime(frame[name]).astype("datetime64[us]")
            elif kind in ("DOUBLE", "FLOAT", "REAL") or kind.startswith("DECIMAL"):
                frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        return frame


class SqlBackend:
    """What every backend other than DuckDB shares: DuckDB text parsed to a tree, the as-of shadows put
    in front as CTEs, the tree rewritten and printed in the backend's dialect, then `_run`."""

    name = "SQL"
    dialect = "duckdb"

    def __init__(self) -> None:
        self._shadows: dict[str, exp.Select] = {}
        self.rows_fetched = 0
        """Rows brought into this process by queries so far (what a test of a bounded path counts)."""
        self.largest_fetch = 0
        """The most rows one query (or one batch of a stream) brought in at once."""
        self.statements = 0
        """Queries run through `execute` and `stream` so far."""

    # what a subclass provides
    def _run(self, sql: str) -> Rows:
        raise NotImplementedError

    def _stream(self, sql: str, rows: int) -> Iterator[Rows]:
        """The result in batches of at most `rows` rows, fetched one after the other."""
        whole = self._run(sql)
        for at in range(0, len(whole.rows), rows):
            yield Rows(whole.names, whole.rows[at : at + rows], whole.types)

    def interrupt(self) -> None:
        raise NotImplementedError

    def tables(self) -> list[str]:
        raise NotImplementedError

    def columns(self, table: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def full_table(self, table: str) -> exp.Table:
        return exp.to_table(table, quoted=True)

    def close(self) -> None:
        pass

    # shared
    def execute(self, query: str | exp.Expr, params: Sequence[Any] | None = None) -> Rows:
        if params:
            raise BackendError(f"{self.name}: parameters are not supported here")
        tree = self.tree(query)
        self.statements += 1
        return self._fetched(self._run(self.render(self._with_shadows(tree))))

    def stream(self, query: str | exp.Expr, rows: int) -> Iterator[Rows]:
        """Run one query and yield its result in batches of at most `rows` rows, each fetched from the
        backend when the one before has been used (the whole result is never held here)."""
        sql = self.render(self._with_shadows(self.tree(query)))
        self.statements += 1
        for batch in self._stream(sql, max(1, rows)):
            yield self._fetched(batch)

    def _fetched(self, rows: Rows) -> Rows:
        self.rows_fetched += len(rows.rows)
        self.largest_fetch = max(self.largest_fetch, len(rows.rows))
        return rows

    def tree(self, query: str | exp.Expr) -> exp.Expr:
        if isinstance(query, exp.Expr):
            return query
        try:
            return parse_one(query, read="duckdb")
        except Exception as e:  # sqlglot raises several error types
            raise BackendError(f"not valid SQL: {str(e).splitlines()[0]}") from e

    def render(self, tree: exp.Expr) -> str:
        return dialects.render(tree, self.dialect)

    def sample(self, table: str, rows: int) -> Rows:
        return self.execute(exp.select("*").from_(exp.to_table(table, quoted=True)).limit(rows))

    def shadow(self, table: str, query: exp.Select) -> int:
        self._shadows[table.lower()] = query.copy()
        self._shadows[table.lower()].meta["cra_name"] = table
        found = self.execute(
            exp.select(exp.func("count", exp.Star())).from_(exp.to_table(table, quoted=True))
        )
        return int((found.fetchone() or (0,))[0])

    def unshadow(self, table: str) -> None:
        self._shadows.pop(table.lower(), None)

    def _with_shadows(self, tree: exp.Expr) -> exp.Expr:
        """The tree with a CTE in front for each shadowed table it names (the as-of cut)."""
        if not self._shadows or not isinstance(tree, exp.Query):
            return tree
        named = {t.name.lower() for t in tree.find_all(exp.Table) if not t.args.get("db")}
        used = [(name, q) for name, q in self._shadows.items() if name in named]
        if not used:
            return tree
        tree = tree.copy()
        ctes = [
            exp.CTE(
                this=q.copy(), alias=exp.TableAlias(this=exp.to_identifier(q.meta["cra_name"], quoted=True))
            )
            for _, q in used
        ]
        own = tree.args.get("with_") or tree.args.get("with")
        if own is not None:
            ctes += list(own.expressions)
        key = "with_" if "with_" in tree.arg_types else "with"
        tree.set(key, exp.With(expressions=ctes))
        return tree
