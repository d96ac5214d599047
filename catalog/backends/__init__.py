"""Where the data lives and the queries run: one small interface, three implementations.

- `DuckDBBackend` (duck.py): the default, the in-memory DuckDB the loaders fill (or its cached file).
- `PostgresBackend` (postgres.py): a PostgreSQL database queried in place, read-only (psycopg 3).
- `SparkBackend` (spark.py): Spark SQL over Parquet/CSV files, on `local[*]` or a cluster (pyspark).

remote.py builds a Catalog over the last two: the semantic model is inferred by SQL on the backend.
"""

from catalog.backends.base import Backend, BackendError, BackendInterrupted, Rows, SqlBackend
from catalog.backends.duck import DuckDBBackend

__all__ = ["Backend", "BackendError", "BackendInterrupted", "DuckDBBackend", "Rows", "SqlBackend"]
