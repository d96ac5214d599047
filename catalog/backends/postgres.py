"""PostgreSQL, queried in place (psycopg 3): nothing is copied out but the rows an answer shows.

`--data postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&tables=a,b]` opens one connection whose
every statement runs in its own read-only transaction (`default_transaction_read_only`) under a
`statement_timeout`; the tables are those of the schema (default: the connection's own, `public`), or
the ones `tables=` names. Trees are printed in sqlglot's postgres dialect (dialects.py rewrites what it
lacks); values come back as DuckDB's would (an unconstrained NUMERIC of an aggregate as a float, or an
int when whole).
"""

from __future__ import annotations

import contextlib
import decimal
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlglot import exp

from catalog.backends.base import BackendError, BackendInterrupted, Rows, SqlBackend
from catalog.loaders import DataError

OWN_PARAMS = ("schema", "tables")
"""URL parameters cra reads itself (the rest go to libpq)."""
TYPES = {
    "character varying": "VARCHAR", "text": "VARCHAR", "character": "VARCHAR", "citext": "VARCHAR",
    "name": "VARCHAR", "smallint": "SMALLINT", "integer": "INTEGER", "bigint": "BIGINT", "real": "FLOAT",
    "double precision": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE",
    "timestamp without time zone": "TIMESTAMP", "timestamp with time zone": "TIMESTAMP WITH TIME ZONE",
    "time without time zone": "TIME", "interval": "INTERVAL", "uuid": "UUID", "json": "JSON",
    "jsonb": "JSON", "bytea": "BLOB", "money": "DOUBLE",
}  # fmt: skip
"""PostgreSQL column types in DuckDB's names (the semantic model's vocabulary)."""
OID_TYPES = {
    16: "BOOLEAN", 20: "BIGINT", 21: "SMALLINT", 23: "INTEGER", 700: "FLOAT", 701: "DOUBLE",
    1082: "DATE", 1114: "TIMESTAMP", 1184: "TIMESTAMP WITH TIME ZONE", 25: "VARCHAR", 1043: "VARCHAR",
    1042: "VARCHAR", 1700: "DECIMAL",
}  # fmt: skip
NUMERIC_OID = 1700


def split_url(url: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(libpq URL, schema, named tables) of a --data URL ('NAME=' in front is not allowed)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    own = {k: v for k, v in query if k in OWN_PARAMS}
    rest = urlencode([(k, v) for k, v in query if k not in OWN_PARAMS])
    tables = tuple(t.strip() for t in own.get("tables", "").split(",") if t.strip())
    return urlunsplit(parts._replace(query=rest)), own.get("schema") or None, tables


def where(url: str) -> str:
    """'HOST:PORT/DB' of a URL, without user or password (for messages)."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}:{parts.port or 5432}{parts.path or '/'}"


class PostgresBackend(SqlBackend):
    """One read-only connection to a PostgreSQL database."""

    name = "PostgreSQL"
    dialect = "postgres"

    def __init__(self, url: str, timeout_s: float | None = None) -> None:
        super().__init__()
        import psycopg

        conninfo, self.schema, self.named = split_url(url)
        self.where = where(conninfo)
        options = "-c default_transaction_read_only=on"
        if timeout_s:
            options += f" -c statement_timeout={int(timeout_s * 1000)}"
        if self.schema:
            options += f" -c search_path={self.schema}"
        try:
            self.conn = psycopg.connect(conninfo, autocommit=True, options=options, connect_timeout=10)
        except psycopg.Error as e:
            raise DataError(f"cannot open PostgreSQL at {self.where}: {connect_reason(e)}") from e
        self.timeout_s = timeout_s
        self._lock = threading.RLock()  # a stream holds it while its consumer may ask more
        found = self._run("SELECT current_database(), current_schema()").fetchone() or ("", "")
        self.database, self.schema = str(found[0]), str(self.schema or found[1])

    # ---------------------------------------------------------------------------------- the interface
    def tables(self) -> list[str]:
        have = [
            r[0]
            for r in self._info(
                "tables",
                "table_name",
                exp.In(
                    this=exp.column("table_type"), expressions=[exp.Literal.string(t) for t in TABLE_TYPES]
                ),
            )
        ]
        if not self.named:
            return sorted(have)
        by_lower = {t.lower(): t for t in have}
        missing = [t for t in self.named if t.lower() not in by_lower]
        if missing:
            raise DataError(
                f"PostgreSQL database {self.database} has no table {missing[0]!r} in schema {self.schema} "
                f"(it has: {', '.join(sorted(have)) or 'no tables'})"
            )
        return [by_lower[t.lower()] for t in self.named]

    def columns(self, table: str) -> list[tuple[str, str]]:
        rows = self._info(
            "columns",
            "column_name, data_type, numeric_precision, numeric_scale",
            exp.EQ(this=exp.column("table_name"), expression=exp.Literal.string(table)),
            order="ordinal_position",
        )
        return [(r[0], duck_type(r[1], r[2], r[3])) for r in rows]

    def keys(self, table: str) -> tuple[tuple[str, ...], list[tuple[str, str, str]]]:
        """(primary key columns, [(column, referenced table, referenced column)]) declared on `table`."""
        sql = exp.replace_placeholders(
            _KEYS_QUERY.copy(), schema=exp.Literal.string(self.schema or ""), table=exp.Literal.string(table)
        ).sql(dialect="postgres")
        rows = self._run(sql).fetchall()
        primary = tuple(r[1] for r in rows if r[0] == "PRIMARY KEY")
        foreign = [(r[1], r[2], r[3]) for r in rows if r[0] == "FOREIGN KEY" and r[2]]
        return primary, foreign

    def full_table(self, table: str) -> exp.Table:
        return exp.table_(table, db=self.schema, quoted=True)

    def interrupt(self) -> None:
        with contextlib.suppress(Exception):  # nothing running, or the server is gone: nothing to stop
            self.conn.cancel_safe(timeout=5)

    def close(self) -> None:
        self.conn.close()

    # --------------------------------------------------------------------------------------- running
    def _info(
        self, view: str, columns: str, cond: exp.Expr, order: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Rows of an information_schema view (its `columns`, comma-separated names) in the current or
        the chosen schema where `cond` holds."""
        schema = exp.Literal.string(self.schema) if self.schema else exp.func("current_schema")
        query = (
            exp.select(*(exp.column(c.strip()) for c in columns.split(",")))
            .from_(exp.table_(view, db="information_schema"))
            .where(exp.EQ(this=exp.column("table_schema"), expression=schema))
            .where(cond)
        )
        if order:
            query = query.order_by(exp.column(order))
        return self._run(query.sql(dialect="postgres")).fetchall()

    def _run(self, sql: str) -> Rows:
        with self._lock, self._errors(), self.conn.cursor() as cur:
            cur.execute(sql.encode())  # bytes: psycopg leaves a '%' in the SQL alone
            if cur.description is None:
                return Rows((), [])
            return _rows(cur.description, cur.fetchall())

    def _stream(self, sql: str, rows: int) -> Iterator[Rows]:
        """A server-side cursor in a read-only transaction: `rows` rows are fetched per batch."""
        with (
            self._lock,
            self._errors(),
            self.conn.transaction(),
            self.conn.cursor(name=f"cra_{uuid.uuid4().hex[:12]}") as cur,
        ):
            cur.execute(sql.encode())
            while batch := cur.fetchmany(rows):
                yield _rows(cur.description or [], batch)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        import psycopg

        try:
            yield
        except psycopg.errors.QueryCanceled as e:
            if "statement timeout" in str(e) and self.timeout_s:
                raise BackendError(
                    f"The query took longer than {self.timeout_s:g} s and was stopped (PostgreSQL's "
                    "statement_timeout; $CRA_TIMEOUT sets the limit)."
                ) from e
            raise BackendInterrupted("The query was cancelled.") from e
        except psycopg.OperationalError as e:
            raise BackendError(
                f"the connection to PostgreSQL at {self.where} failed: {connect_reason(e)}"
            ) from e
        except psycopg.Error as e:
            raise BackendError(_first_line(e)) from e


def _rows(cols: Any, fetched: list[Any]) -> Rows:
    """Fetched rows with their names and DuckDB types (an unconstrained NUMERIC as a float or an int)."""
    whole = [c.type_code == NUMERIC_OID and c.scale is None for c in cols]
    rows = [tuple(_value(v, w) for v, w in zip(row, whole, strict=True)) for row in fetched]
    types = tuple(
        "DOUBLE" if w else _oid_type(c.type_code, c.precision, c.scale)
        for c, w in zip(cols, whole, strict=True)
    )
    return Rows(tuple(c.name for c in cols), rows, types)


def duck_type(data_type: str, precision: int | None = None, scale: int | None = None) -> str:
    """A PostgreSQL column type (information_schema.columns.data_type) in DuckDB's name."""
    kind = data_type.lower()
    if kind == "numeric":
        return f"DECIMAL({precision},{scale or 0})" if precision else "DOUBLE"
    if kind == "array":
        return "VARCHAR[]"
    return TYPES.get(kind, kind.upper())


def _oid_type(oid: int, precision: int | None, scale: int | None) -> str:
    kind = OID_TYPES.get(oid, "VARCHAR")
    return f"DECIMAL({precision},{scale or 0})" if kind == "DECIMAL" and precision else kind


def _value(value: Any, whole: bool) -> Any:
    """A value as DuckDB returns it: an unconstrained NUMERIC (sum, avg) as an int when whole, else a float."""
    if whole and isinstance(value, decimal.Decimal):
        exponent = value.as_tuple().exponent  # 'n'/'N'/'F' for NaN and infinity
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    return value


TABLE_TYPES = ("BASE TABLE", "VIEW")
"""The information_schema table types a question may read."""

_KEYS_QUERY: exp.Expr = exp.maybe_parse(
    """
    SELECT tc.constraint_type, kcu.column_name, ccu.table_name, ccu.column_name
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu
      ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
    LEFT JOIN information_schema.constraint_column_usage ccu
      ON tc.constraint_type = 'FOREIGN KEY' AND tc.constraint_name = ccu.constraint_name
    WHERE tc.table_schema = :schema AND tc.table_name = :table
      AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
    ORDER BY kcu.ordinal_position""",
    dialect="postgres",
)
"""Declared primary and foreign keys of one table (:schema, :table: literals)."""


def _first_line(e: Exception) -> str:
    return next((line.strip() for line in str(e).splitlines() if line.strip()), type(e).__name__)


def connect_reason(e: Exception) -> str:
    """Why a connection failed, in one line: refused, bad credentials, no such database, ..."""
    text = str(e)
    low = text.lower()
    if "password authentication failed" in low or "authentication failed" in low:
        user = text.split('user "', 1)[1].split('"', 1)[0] if 'user "' in text else "?"
        return f"the login of user {user!r} was refused (wrong user name or password)"
    if "no password supplied" in low:
        return "the server wants a password (give it in the URL or in ~/.pgpass)"
    if "connection refused" in low:
        return "connection refused (is the server running and listening there?)"
    if "does not exist" in low:
        return _first_line(e).split("FATAL:", 1)[-1].strip()
    if "timeout expired" in low:
        return "no answer from the server within 10 s"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reason = next(
        (line for line in lines if ": " in line and "failed" not in line[:20]), lines[0] if lines else ""
    )
    return reason.removeprefix("connection failed: ").split("FATAL:", 1)[-1].strip() or type(e).__name__
