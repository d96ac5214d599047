"""Spark SQL over Parquet/CSV files or folders, on `local[*]` or a cluster (pyspark).

`--engine spark[=MASTER_URL]` registers each --data file as a temporary view (a folder of part files or
of `key=value` partitions is one table; another folder gives a table per file), named as DuckDB would
name it. Nothing is loaded into this process: the semantic model is inferred by Spark SQL, answers fetch
only their rows. Trees are printed in sqlglot's spark dialect with ANSI mode off, so a bad cast or a
division by zero gives NULL as in DuckDB. Each view is also registered under a hidden name, which the
as-of cut reads (`full_table`). A statement runs in its own job group, which `interrupt` cancels.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlglot import exp

from catalog.backends import spark_clean
from catalog.backends.base import BackendError, BackendInterrupted, Rows, SqlBackend
from catalog.loaders import DataError, parse_spec, snake_case

DEFAULT_MASTER = "local[*]"
SESSION = {
    "spark.sql.ansi.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
}
"""DuckDB's semantics where Spark's differ: a bad cast, a division by zero or a text that is no date in
the format asked is NULL, not an error."""
FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".tsv": "csv", ".txt": "csv"}
HIDDEN = "__cra_full_"
"""Prefix of the second name of each view: the table itself, never the as-of cut over it."""
RAW, TYPED = "__cra_raw_", "__cra_typed_"
"""Prefixes of a CSV's views as Spark reads it (every column text) and as DuckDB's sniffer types it."""
TYPES = {
    "string": "VARCHAR", "int": "INTEGER", "bigint": "BIGINT", "smallint": "SMALLINT",
    "tinyint": "TINYINT", "double": "DOUBLE", "float": "FLOAT", "boolean": "BOOLEAN", "date": "DATE",
    "timestamp": "TIMESTAMP", "timestamp_ntz": "TIMESTAMP", "binary": "BLOB",
}  # fmt: skip
"""Spark SQL types (simpleString) in DuckDB's names."""
SPARK_TYPES = {"DOUBLE": "double", "BOOLEAN": "boolean", "VARCHAR": "string", "BIGINT": "bigint"}
"""DuckDB type names as Spark's DDL says them (the columns a pandas UDF returns)."""


def duck_type(simple: str) -> str:
    """A Spark type ('decimal(10,2)', 'string', 'array<int>') in DuckDB's name."""
    if simple.startswith("decimal"):
        return simple.upper().replace(" ", "")
    if simple.startswith(("array", "map", "struct")):
        return simple.upper()
    return TYPES.get(simple, simple.upper())


def java_found() -> bool:
    """Whether a Java runtime is there for Spark (JAVA_HOME or `java` on the PATH)."""
    home = os.environ.get("JAVA_HOME")
    return bool(home and (Path(home) / "bin" / "java").exists()) or shutil.which("java") is not None


class SparkBackend(SqlBackend):
    """A Spark session and the views over the files given."""

    name = "Spark"
    dialect = "spark"

    def __init__(self, master: str | None = None) -> None:
        super().__init__()
        self.master = master or DEFAULT_MASTER
        try:
            from pyspark.sql import SparkSession
        except ImportError as e:
            raise DataError("--engine spark needs pyspark: pip install 'cra[spark]'") from e
        if not java_found():
            raise DataError(
                "--engine spark needs a Java runtime (17 or later): install openjdk-17-jre-headless "
                "or set JAVA_HOME"
            )
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this Python (a pandas UDF)
        try:
            self.spark = (
                SparkSession.builder.master(self.master)
                .appName("cra")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
                .newSession()  # its own views: two catalogs in one process never see each other's
            )
            for key, value in SESSION.items():
                self.spark.conf.set(key, value)
        except Exception as e:  # py4j / pyspark raise several error types
            raise DataError(f"Spark did not start on {self.master}: {_first_line(e)}") from e
        self.spark.sparkContext.setLogLevel("ERROR")
        self._views: dict[str, str] = {}
        self.cleaning: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}
        """Per CSV table: the change lines and suspicious columns of its cleaning (as DuckDB's loader)."""
        self.selects: dict[str, tuple[str, str]] = {}
        """Per CSV table: the typed and the cleaned select of its view (DuckDB text; kept by the model
        cache, given back to `register` so a cached load does not clean again)."""
        self._group = threading.local()
        self._running: set[str] = set()

    # ---------------------------------------------------------------------------------- the interface
    def register(self, specs: Sequence[str | Path]) -> list[tuple[str, str]]:
        """Register every file or folder of the specs as a view: [(table, source)]."""
        found: list[tuple[str, str]] = []
        for spec in specs:
            name, path = parse_spec(spec)
            if not path.exists():
                raise DataError(f"{path}: no such file or folder")
            parts = [(name, path)] if path.is_file() or _one_table(path) else _files(path)
            for part_name, part in parts:
                table = snake_case(part_name or (part.stem if part.is_file() else part.name))
                if table in self._views:
                    raise DataError(f"two inputs would both be table {table!r}: name one with NAME=PATH")
                self._view(table, part)
                found.append((table, str(part)))
        if not found:
            raise DataError("no Parquet or CSV files in " + ", ".join(map(str, specs)))
        return found

    def tables(self) -> list[str]:
        return list(self._views)

    def columns(self, table: str) -> list[tuple[str, str]]:
        return [(f.name, duck_type(f.dataType.simpleString())) for f in self.spark.table(f"`{table}`").schema]

    def full_table(self, table: str) -> exp.Table:
        return exp.to_table(HIDDEN + table, quoted=True)

    def interrupt(self) -> None:
        for group in list(self._running):
            self.spark.sparkContext.cancelJobGroup(group)

    def close(self) -> None:
        for table in self._views:
            for prefix in ("", HIDDEN, RAW, TYPED):
                self.spark.catalog.dropTempView(prefix + table)
        self._views.clear()

    def map_column(
        self, query: exp.Expr, column: str, fn: Callable[[Any], Any], fields: Sequence[tuple[str, str]]
    ) -> Rows:
        """The query's rows and the columns `fn` (pandas Series -> DataFrame of `fields`) computes from
        `column`, run in the executors as a pandas UDF (the workers import `fn`'s module)."""
        import pandas as pd
        from pyspark.sql.functions import col, pandas_udf

        def apply(values: pd.Series) -> pd.DataFrame:
            return fn(values)

        apply.__annotations__ = {"values": pd.Series, "return": pd.DataFrame}  # the UDF's kind, for Spark
        schema = ", ".join(f"`{name}` {SPARK_TYPES.get(kind, kind)}" for name, kind in fields)
        udf = pandas_udf(apply, returnType=schema)  # type: ignore[call-overload]  # pyspark's stubs lack the DDL-string form
        with self._errors(), self._job() as group:
            self.spark.sparkContext.setJobGroup(group, "cra query", interruptOnCancel=True)
            frame = self.spark.sql(self.render(self._with_shadows(self.tree(query))))
            names = frame.columns
            out = frame.select(*[col(f"`{n}`") for n in names], udf(col(f"`{column}`")).alias("__cra_mapped"))
            out = out.select(*[col(f"`{n}`") for n in names], "__cra_mapped.*")
            rows = [tuple(r) for r in out.collect()]
            types = tuple(duck_type(f.dataType.simpleString()) for f in out.schema)
            return self._fetched(Rows(tuple(out.columns), rows, types))

    # --------------------------------------------------------------------------------------- running
    def _view(self, table: str, path: Path) -> None:
        fmt = _format(path)
        reader = self.spark.read
        sniffed = None
        if fmt == "csv":  # read as text, then typed and cleaned as DuckDB's loader does (spark_clean.py)
            sniffed = spark_clean.sniff(path)
            sep = sniffed.delimiter if sniffed else "\t" if _suffix(path) == ".tsv" else ","
            reader = reader.option("header", "true").option("inferSchema", "false").option("sep", sep)
            reader = reader.option("multiLine", "true").option("escape", '"')
        try:
            frame = reader.format(fmt).load(str(path))
        except Exception as e:
            raise DataError(f"{path}: Spark could not read it: {_first_line(e)}") from e
        if fmt == "csv":
            frame.createOrReplaceTempView(RAW + table)
            with self._errors():
                frame = self._cleaned(table, sniffed)
        frame.createOrReplaceTempView(table)
        frame.createOrReplaceTempView(HIDDEN + table)
        self._views[table] = str(path)

    def _cleaned(self, table: str, sniffed: spark_clean.Sniffed | None) -> Any:
        """The CSV's raw text view typed by DuckDB's sniffer and cleaned by catalog.cleaning's rules
        (the selects of a cached load as they were)."""
        if table in self.selects:
            typed_sql, cleaned_sql = self.selects[table]
            self.spark.sql(self.render(self.tree(typed_sql))).createOrReplaceTempView(TYPED + table)
            return self.spark.sql(self.render(self.tree(cleaned_sql)))
        select, types, notes = spark_clean.typed(self, RAW + table, table, sniffed)
        self.spark.sql(self.render(select)).createOrReplaceTempView(TYPED + table)
        cleaned = spark_clean.clean(self, TYPED + table, table, types)
        self.cleaning[table] = (notes + cleaned.changes, cleaned.suspicious)
        self.selects[table] = (select.sql(dialect="duckdb"), cleaned.select.sql(dialect="duckdb"))
        return self.spark.sql(self.render(cleaned.select))

    def drop_copies(self, table: str) -> bool:
        """Leave exact copies of rows out of a CSV table's view (catalog.duplicates found them to be
        copies of keyed rows), as DuckDB's load does; the select is kept for a cached load. False for
        other files (their rows stay)."""
        if table not in self.selects:
            return False
        typed_sql, cleaned_sql = self.selects[table]
        cleaned = self.tree(cleaned_sql)
        assert isinstance(cleaned, exp.Query)  # the cleaning select this backend wrote
        distinct = exp.select("*").from_(cleaned.subquery("__cra_cleaned")).distinct()
        self.selects[table] = (typed_sql, distinct.sql(dialect="duckdb"))
        with self._errors():
            frame = self.spark.sql(self.render(distinct))
            frame.createOrReplaceTempView(table)
            frame.createOrReplaceTempView(HIDDEN + table)
        return True

    def _run(self, sql: str) -> Rows:
        with self._errors(), self._job() as group:
            sc = self.spark.sparkContext
            sc.setJobGroup(group, "cra query", interruptOnCancel=True)
            frame = self.spark.sql(sql)
            rows = [tuple(r) for r in frame.collect()]
            types = tuple(duck_type(f.dataType.simpleString()) for f in frame.schema)
            return Rows(tuple(frame.columns), rows, types)

    def _stream(self, sql: str, rows: int) -> Iterator[Rows]:
        """The result partition by partition (toLocalIterator), handed on in batches of `rows` rows."""
        with self._errors(), self._job() as group:
            self.spark.sparkContext.setJobGroup(group, "cra query", interruptOnCancel=True)
            frame = self.spark.sql(sql)
            names = tuple(frame.columns)
            types = tuple(duck_type(f.dataType.simpleString()) for f in frame.schema)
            batch: list[tuple[Any, ...]] = []
            for row in frame.toLocalIterator():
                batch.append(tuple(row))
                if len(batch) >= rows:
                    yield Rows(names, batch, types)
                    batch = []
            if batch:
                yield Rows(names, batch, types)

    @contextmanager
    def _job(self) -> Iterator[str]:
        group = f"cra-{uuid.uuid4().hex[:12]}"
        self._running.add(group)
        try:
            yield group
        finally:
            self._running.discard(group)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except BackendError:
            raise
        except Exception as e:  # pyspark's AnalysisException, Py4JJavaError, ...
            text = str(e)
            if "cancel" in text.lower() and ("job group" in text.lower() or "cancelled" in text.lower()):
                raise BackendInterrupted("The query was cancelled.") from e
            raise BackendError(_spark_reason(e)) from e


def _spark_reason(e: Exception) -> str:
    """The first line of a Spark error without its error-class tag and JVM stack."""
    line = _first_line(e)
    if line.startswith("[") and "] " in line:
        line = line.split("] ", 1)[1]
    return line.split(" SQLSTATE:", 1)[0].strip()


def _first_line(e: Exception) -> str:
    return next((line.strip() for line in str(e).splitlines() if line.strip()), type(e).__name__)


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _format(path: Path) -> str:
    """'parquet' or 'csv' of a file, or of the files of a one-table folder."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and _data_file(p)]
    kinds = {FORMATS.get(_suffix(p)) for p in files}
    kinds.discard(None)
    if len(kinds) != 1:
        what = "no Parquet or CSV files" if not kinds else "both Parquet and CSV files"
        raise DataError(f"{path}: {what} (Spark reads .parquet, .csv, .tsv, .txt)")
    return str(kinds.pop())


def _data_file(p: Path) -> bool:
    return not p.name.startswith(("_", ".")) and _suffix(p) in FORMATS


def _one_table(folder: Path) -> bool:
    """A folder Spark reads as one table: part files, a _SUCCESS marker, or key=value partition folders."""
    entries = list(folder.iterdir())
    return any(
        p.name == "_SUCCESS" or p.name.startswith("part-") or (p.is_dir() and "=" in p.name) for p in entries
    )


def _files(folder: Path) -> list[tuple[str | None, Path]]:
    """A table per Parquet/CSV file of a folder (sorted), and per one-table subfolder."""
    out: list[tuple[str | None, Path]] = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and _data_file(p) or p.is_dir() and _one_table(p):
            out.append((None, p))
    return out
