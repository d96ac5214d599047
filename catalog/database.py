"""Load CRM exports into an in-memory DuckDB, clean them, infer their semantic model, run read-only queries.

`Catalog.load(specs, config=None)`: loaders.py reads the files, cleaning.py fixes types (every change is a
line in `catalog.changes`), infer.py builds the semantic model, config.py applies a cra.toml.
catalog_cache.py keeps the result of small loads, so the next load of the same files is a copy.

The Catalog is the only owner of the database connection. Everything above it (nlq, analytics,
sentiment, assistant) hands it sqlglot trees: `run(tree, limit=N)` for rows, `frame(tree)` for a
pandas DataFrame, `interrupt()` to cancel from another thread. One statement runs at a time (`lock`),
and every database error crosses this boundary once, as a QueryError with a line a person can read.

Where the data lives is the catalog's `backend` (catalog.backends): the in-memory DuckDB by default, a
PostgreSQL database queried in place (`--data postgresql://...`), or Spark SQL over Parquet/CSV files
(`engine="spark"`). Trees are printed in the backend's dialect; the semantic model is inferred by SQL
run on the backend.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from sqlglot import exp, parse

from catalog import cache as catalog_cache
from catalog import churn_target, coded, safety
from catalog.addresses import label_cities, split_addresses
from catalog.backends import Backend, DuckDBBackend, Rows, remote
from catalog.casing import unify_case
from catalog.cleaning import clean_table
from catalog.concepts import apply_concepts
from catalog.config import apply_config, find_config, load_config, table_encodings
from catalog.copies import mark_copies
from catalog.duplicates import drop_copies
from catalog.endflags import add_end_flags
from catalog.groupcounts import mark_group_counts
from catalog.infer import infer_model, link_numbered_keys
from catalog.lineprices import add_line_prices, mark_looked_up
from catalog.loaders import DataError, LoadCancelled, LoadedTable, LoadOptions, load_spec, snake_case
from catalog.rolekeys import bind_role_keys
from catalog.roles import only_when, refine, varies_within
from catalog.semantic import SemanticModel
from catalog.trees import DIALECT

if TYPE_CHECKING:
    import pandas as pd

    from catalog.asof import AsOf

__all__ = [
    "Catalog",
    "DataError",
    "LoadCancelled",
    "QueryCancelled",
    "QueryError",
    "QueryResult",
    "snake_case",
]

"""The SQL dialect of the default backend (each backend prints trees in its own: `backend.dialect`)."""


class QueryError(Exception):
    """A query was refused or failed: the message is one line a person can act on."""


class QueryCancelled(QueryError):
    """The query was interrupted (Esc in the chat) before it finished."""


@dataclass(frozen=True)
class QueryResult:
    """What one query returned, capped at the caller's limit."""

    sql: str
    """The query as asked (without the row cap), in the backend's dialect."""
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    """At most `limit` rows."""
    row_count: int
    """The exact number of rows the query returns (counted again only when the cap was hit)."""


class Catalog:
    """Loaded tables, their semantic model, and a guarded way to query them."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        model: SemanticModel,
        changes: list[str],
        suspicious: list[tuple[str, str]] | None = None,
        config_path: Path | None = None,
        backend: Backend | None = None,
    ) -> None:
        self.con: Any = con
        """The DuckDB connection (or, on another backend, the backend itself: it runs DuckDB text too)."""
        self.backend: Backend = backend if backend is not None else DuckDBBackend(con)
        """Where the data is and the queries run."""
        self.model = model
        self.changes = changes
        """One line per change made to the data while loading, and per duplicate found (nothing dropped)."""
        self.suspicious = suspicious or []
        """("table.column", reason) for columns a person should look at (mixed types)."""
        self.config_path = config_path
        """The cra.toml that was applied, if any."""
        self._only_when: dict[str, set[str]] | None = None
        self._varies: dict[tuple[str, str], bool] = {}
        self.running = False
        """True while a statement runs (what a cancel button or a test can wait for)."""
        self.lock = threading.RLock()
        """Held while a statement runs: threads sharing the catalog take turns (re-entrant, so a caller
        may hold it across several queries that belong together)."""
        self.inputs: tuple[Path, ...] = ()
        """The files loaded (every file of a folder, the cra.toml): outputs never write over them."""
        self.timeout: float | None = None
        """Seconds one query of `run` may take before it is stopped (None: no limit)."""
        self.as_of: AsOf | None = None
        """The as-of date the tables are cut to (catalog.asof.apply), None before it is applied."""
        self._asof_cut: object = None
        self._asof_full_counts: dict[str, int] = {}
        self.content_key: str | None = None
        """A key of the loaded content (the load cache's: every input file's SHA-256, the load options,
        the catalog code and the cra.toml's bytes), None when it is not known (caching off): model
        caches then hash every row instead."""

    @classmethod
    def load(
        cls,
        specs: Sequence[str | Path],
        config: str | Path | None = None,
        cancel: threading.Event | None = None,
        encoding: str | None = None,
        engine: str | None = None,
    ) -> Catalog:
        """Load every --data spec ('PATH' or 'NAME=PATH'); apply `config` or a cra.toml beside the data.
        `encoding` names the encoding of every text file (else each file's is detected, or cra.toml's).
        Setting `cancel` stops the load (DuckDB is interrupted) with LoadCancelled.
        A `postgresql://` spec queries that database in place; `engine="spark[=MASTER]"` runs Spark SQL
        over the files (catalog.backends.remote)."""
        if not specs:
            raise DataError("no data given")
        if remote.wanted(specs, engine):
            return remote.load(cls, specs, config=config, engine=engine, cancel=cancel)
        cfg_path = Path(config) if config is not None else find_config(specs)
        cfg = load_config(cfg_path) if cfg_path is not None else None
        options = LoadOptions(encoding, table_encodings(cfg) if cfg else {})
        entry = catalog_cache.key(specs, options.cache_key())
        hit = catalog_cache.read(entry) if entry else None
        if hit is not None:
            con, (model, changes, suspicious) = hit
        else:
            con, model, changes, suspicious = _load(specs, options, cancel)
            if entry:
                catalog_cache.write(entry, con, list(model.tables), (model, changes, suspicious))
        if cfg is not None:
            apply_config(cfg, model, con)
        safety.lock_down(con)
        catalog = cls(con, model, changes, suspicious, cfg_path)
        catalog.inputs = safety.input_files(specs, cfg_path)
        if entry:
            config_bytes = cfg_path.read_bytes() if cfg_path is not None and cfg_path.is_file() else b""
            catalog.content_key = hashlib.sha256(entry.encode() + b"\0" + config_bytes).hexdigest()[:24]
        return catalog

    def run(self, query: exp.Expr | str, limit: int | None = None) -> QueryResult:
        """Run one read-only SELECT (a sqlglot tree, or text a person typed: then its tables and columns
        must be loaded ones); anything else raises QueryError. At most `limit` rows (and never more than
        safety.MAX_FETCH_ROWS) are fetched; `row_count` is the full count."""
        typed = isinstance(query, str)
        tree = _checked(query)
        columns_of = {n: list(t.columns) for n, t in self.model.tables.items()} if typed else None
        try:
            safety.check_query(tree, columns_of)
        except safety.UnsafeQuery as e:
            raise QueryError(str(e)) from e
        sql = self.backend.render(tree)
        cap = safety.MAX_FETCH_ROWS if limit is None else max(0, min(limit, safety.MAX_FETCH_ROWS))
        if _limited(tree, cap):
            columns, rows = self._execute(tree)
            return QueryResult(sql, columns, tuple(map(tuple, rows)), len(rows))
        capped = (
            _capped_sql(tree, sql, cap + 1)  # DuckDB: the printed text, not the tree printed again
            if isinstance(self.backend, DuckDBBackend)
            else tree.copy().limit(cap + 1)
        )
        columns, rows = self._execute(capped)
        if len(rows) <= cap:
            return QueryResult(sql, columns, tuple(map(tuple, rows)), len(rows))
        count = exp.select(exp.func("count", exp.Star())).from_(tree.subquery("capped"))
        _, total = self._execute(count)
        return QueryResult(sql, columns, tuple(map(tuple, rows[:cap])), int(total[0][0]))

    def maps_in_place(self) -> bool:
        """Whether `run_mapped` runs its Python function where the data is (Spark's executors)."""
        return hasattr(self.backend, "map_column")

    def run_mapped(
        self,
        query: exp.Expr,
        column: str,
        fn: Callable[[Any], Any],
        fields: Sequence[tuple[str, str]],
        limit: int | None = None,
    ) -> QueryResult:
        """`run`, with the columns `fields` (name, DuckDB type) that `fn` (a pandas Series of `column` ->
        a DataFrame of `fields`) computes, after the query's own: in the backend's executors when it
        runs Python (Spark: a pandas UDF), else here over the fetched rows."""
        mapper = getattr(self.backend, "map_column", None)
        if mapper is None:
            import pandas as pd

            result = self.run(query, limit)
            at = result.columns.index(column)
            values = fn(pd.Series([r[at] for r in result.rows], dtype=object))
            extra = list(values.itertuples(index=False, name=None))
            rows = tuple((*r, *e) for r, e in zip(result.rows, extra, strict=True))
            return QueryResult(result.sql, (*result.columns, *(n for n, _ in fields)), rows, result.row_count)
        tree = _checked(query)
        try:
            safety.check_query(tree)
        except safety.UnsafeQuery as e:
            raise QueryError(str(e)) from e
        cap = safety.MAX_FETCH_ROWS if limit is None else max(0, min(limit, safety.MAX_FETCH_ROWS))
        with self.lock, _errors(self.backend.name), self._guarded():
            cur = mapper(tree.copy().limit(cap + 1), column, fn, fields)
            names, rows = tuple(d[0] for d in cur.description), cur.fetchall()
        count = len(rows)
        if count > cap:
            total = exp.select(exp.func("count", exp.Star())).from_(tree.subquery("capped"))
            count = int(self._execute(total)[1][0][0])
        return QueryResult(self.backend.render(tree), names, tuple(map(tuple, rows[:cap])), count)

    def frame(self, query: exp.Expr | str) -> pd.DataFrame:
        """Run one read-only SELECT and return all its rows as a pandas DataFrame (for models); it is
        checked as `run` checks a query (text a person typed against the loaded tables and columns)."""
        typed = isinstance(query, str)
        tree = _checked(query)
        columns_of = {n: list(t.columns) for n, t in self.model.tables.items()} if typed else None
        try:
            safety.check_query(tree, columns_of)
        except safety.UnsafeQuery as e:
            raise QueryError(str(e)) from e
        with self.lock, _errors(self.backend.name), self._guarded():
            return self.backend.execute(tree).df()

    def stream(self, query: exp.Expr, rows: int) -> Generator[pd.DataFrame, None, None]:
        """Run one read-only SELECT (a tree) and yield its rows as DataFrames of at most `rows` rows,
        typed as `frame` types them; the backend fetches a batch when the one before has been used, so
        the whole result is never held here (a model scoring ten million customers in place)."""
        tree = _checked(query)
        try:
            safety.check_query(tree)
        except safety.UnsafeQuery as e:
            raise QueryError(str(e)) from e
        streamer = getattr(self.backend, "stream", None)
        with self.lock, _errors(self.backend.name), self._guarded():
            if streamer is not None:
                for batch in streamer(tree, rows):
                    yield batch.df()
                return
            cur = self.backend.execute(tree)  # DuckDB: its own cursor, read in batches
            names = tuple(d[0] for d in cur.description)
            types = tuple(str(d[1]) for d in cur.description)
            while chunk := cur.fetchmany(rows):
                yield Rows(names, chunk, types).df()

    def interrupt(self) -> None:
        """Cancel the statement running now, from any thread (its caller gets QueryCancelled)."""
        self.backend.interrupt()

    def _execute(self, tree: exp.Expr | str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        with self.lock, _errors(self.backend.name), self._guarded():
            cur = self.backend.execute(tree)
            return tuple(d[0] for d in cur.description), cur.fetchall()

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Mark the statement as running, stop it after `timeout`, turn its errors into QueryError."""
        self.running = True
        try:
            with _Deadline(self.backend, self.timeout) as deadline:
                try:
                    yield
                except duckdb.Error as e:
                    if deadline.expired:
                        raise QueryError(
                            f"The query took longer than {self.timeout:g} s and was stopped "
                            f"(${safety.TIMEOUT_ENV} sets the limit)."
                        ) from e
                    raise
        finally:
            self.running = False

    def only_when(self) -> dict[str, set[str]]:
        """flag -> columns filled only on rows where the flag is true ("customers.churned" ->
        {"customers.churn_date"}): one query per table with flags, on first use."""
        if self._only_when is None:
            found: dict[str, set[str]] = {}
            with self.lock:
                for t in self.model.tables.values():
                    found.update(only_when(self.con, t))
            self._only_when = found
        return self._only_when

    def varies_within(self, column: str, key: str) -> bool:
        """Whether one key ("appointments.PatientId") has rows with different values of a column of
        the same table ("appointments.No-show"); one query per pair, on first use."""
        if (column, key) not in self._varies:
            table, _, name = column.partition(".")
            info = self.model.tables.get(table)
            ok = info is not None and name in info.columns and key.partition(".")[0] == table
            with self.lock:
                found = ok and varies_within(self.con, info, name, key.partition(".")[2])  # type: ignore[arg-type]
            self._varies[(column, key)] = bool(found)
        return self._varies[(column, key)]

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
    specs: Sequence[str | Path], options: LoadOptions | None = None, cancel: threading.Event | None = None
) -> tuple[duckdb.DuckDBPyConnection, SemanticModel, list[str], list[tuple[str, str]]]:
    """Read, clean and infer: (connection, model, changes, suspicious columns); LoadCancelled once
    `cancel` is set."""
    con = safety.connect()
    try:
        with safety.stop_when(cancel, con):
            result = _read_clean_infer(con, specs, options, cancel)
    except Exception as e:
        if cancel is not None and cancel.is_set():
            con.close()
            raise LoadCancelled("loading was stopped") from e
        raise
    if cancel is not None and cancel.is_set():
        con.close()
        raise LoadCancelled("loading was stopped")
    return result


def _read_clean_infer(
    con: duckdb.DuckDBPyConnection,
    specs: Sequence[str | Path],
    options: LoadOptions | None,
    cancel: threading.Event | None,
) -> tuple[duckdb.DuckDBPyConnection, SemanticModel, list[str], list[tuple[str, str]]]:
    def go_on() -> None:
        if cancel is not None and cancel.is_set():
            raise LoadCancelled("loading was stopped")

    loaded: list[LoadedTable] = []
    taken: dict[str, str] = {}
    for spec in specs:
        go_on()
        loaded.extend(load_spec(con, spec, taken, options))
    changes: list[str] = []
    suspicious: list[tuple[str, str]] = []
    cities: list[tuple[str, str, str]] = []
    for table in loaded:
        go_on()
        report = clean_table(con, table.name)
        changes.extend(table.notes)
        changes.extend(report.changes)
        changes.extend(unify_case(con, table.name))
        changes.extend(split_addresses(con, table.name, cities))
        suspicious.extend((f"{table.name}.{c}", why) for c, why in report.suspicious)
    go_on()
    model, notes = infer_model(con, loaded)
    copies = drop_copies(con, model)
    if copies:  # the tables changed: their model is inferred again
        changes.extend(copies)
        model, notes = infer_model(con, loaded)
    priced, copied = add_line_prices(con, model)
    if priced:  # lines given their listed price: inferred again
        changes.extend(priced)
        model, notes = infer_model(con, loaded)
        mark_looked_up(model, copied)
    ended = add_end_flags(con, model)
    if ended:  # a leaving flag added: inferred again
        changes.extend(ended)
        model, notes = infer_model(con, loaded)
        mark_looked_up(model, copied)
    mark_group_counts(con, model)
    apply_concepts(model, con)
    label_cities(model, cities)
    notes.extend(bind_role_keys(model, con))
    coded.add_synonyms(model)
    refine(con, model)
    link_numbered_keys(con, model)
    mark_copies(con, model)
    model.churn_target = churn_target.decide(model)
    changes.extend(notes)
    return con, model, changes, suspicious


class _Deadline:
    """Interrupts the connection's query after `seconds` (None: never); `expired` says it did."""

    def __init__(self, con: Backend | duckdb.DuckDBPyConnection, seconds: float | None) -> None:
        self.con, self.seconds, self.expired = con, seconds, False
        self._timer: threading.Timer | None = None

    def _fire(self) -> None:
        self.expired = True
        self.con.interrupt()

    def __enter__(self) -> _Deadline:
        if self.seconds:
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()


@contextmanager
def _errors(backend: str = "DuckDB") -> Iterator[None]:
    """Turn a database error into one QueryError (an interruption into QueryCancelled)."""
    try:
        yield
    except duckdb.InterruptException as e:
        raise QueryCancelled("The query was cancelled.") from e
    except duckdb.Error as e:
        raise QueryError(f"{backend} could not run the query: {_first_line(e)}") from e


def _first_line(e: Exception) -> str:
    return next((line for line in str(e).splitlines() if line.strip()), type(e).__name__)


def _checked(query: exp.Expr | str) -> exp.Query:
    """The query as a tree, refused unless it is one SELECT (or UNION of SELECTs)."""
    tree = query if isinstance(query, exp.Expr) else _parse_select(query)
    if not isinstance(tree, exp.Query):
        raise QueryError("only a single read-only SELECT can run")
    return tree


def _limited(tree: exp.Query, cap: int) -> bool:
    """Whether the query's own LIMIT already keeps it within `cap` rows."""
    limit = tree.args.get("limit")
    bound = limit.expression if limit is not None else None
    return isinstance(bound, exp.Literal) and bound.is_int and int(bound.this) <= cap


def _capped_sql(tree: exp.Query, sql: str, rows: int) -> str:
    """The query's SQL returning at most `rows` rows. A plain SELECT without LIMIT, OFFSET or FETCH
    ends where a LIMIT goes, so the limit is appended to the text already printed (the query is not
    copied and printed again: this runs before every answer); anything else gets it on a copy."""
    if isinstance(tree, exp.Select) and not any(
        tree.args.get(k) for k in ("limit", "offset", "fetch", "locks")
    ):
        return f"{sql} LIMIT {int(rows)}"
    return tree.copy().limit(rows).sql(dialect=DIALECT)


def _parse_select(sql: str) -> exp.Expr:
    try:
        trees = [t for t in parse(sql, read="duckdb") if t is not None]
    except Exception as e:  # sqlglot raises several error types
        raise QueryError(f"not valid SQL: {e}") from e
    if len(trees) != 1:
        raise QueryError("only a single read-only SELECT can run")
    return trees[0]
