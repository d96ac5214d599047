"""The semantic model of a PostgreSQL database or of Spark's files, kept so the next load skips inferring it.

Inferring roles, statistics, value indexes and relations runs dozens of queries on the backend; the
result depends only on the data, so it is kept under `$CRA_CACHE_DIR/catalog/remote` (else the user's
cache folder), one pickle per key. The key is what the backend can tell cheaply about its data, with
the code of the catalog package:

- PostgreSQL: the server, database, schema and user (never the password), the tables, and per table
  its columns and types, its exact row count, the number of rows inserted, updated and deleted since
  the statistics began (pg_stat_user_tables) and its file node (a TRUNCATE or a rewrite changes it);
- Spark: every data file under each --data path, with its size and modification time (in ns), and
  the Spark version. A CSV's cleaning (the typed and cleaned selects of its view) is kept too.

`CRA_NO_CACHE=1` turns it off; failures to read or write are silent (the model is then inferred).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlglot import exp

from catalog.digests import folder
from catalog.loaders import parse_spec

OFF_ENV = "CRA_NO_CACHE"
MAGIC = b"cra-remote-model-1\n"
KEEP_ENTRIES = 16
"""The newest entries kept; older ones are deleted when an entry is written."""

_PG_STATS: exp.Expr = exp.maybe_parse(
    """
    SELECT COALESCE(s.n_tup_ins, 0), COALESCE(s.n_tup_upd, 0), COALESCE(s.n_tup_del, 0), c.relfilenode
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid
    WHERE n.nspname = :schema AND c.relname = :table""",
    dialect="postgres",
)
"""Change counters and file node of one table (:schema, :table: literals)."""


def _code(h: Any) -> None:
    here = Path(__file__).resolve().parents[1]
    for path in sorted([*here.glob("*.py"), *here.glob("*.yaml"), *here.glob("backends/*.py")]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())


def key(backend: Any, specs: Sequence[str | Path]) -> str | None:
    """The entry key of the data behind `backend` (None: not cached)."""
    if os.environ.get(OFF_ENV, "") not in ("", "0"):
        return None
    h = hashlib.sha256(backend.name.encode())
    _code(h)
    try:
        if backend.name == "PostgreSQL":
            _postgres(h, backend)
        else:
            _files(h, specs)
            import pyspark

            h.update(pyspark.__version__.encode())
    except (OSError, ImportError):
        return None
    return h.hexdigest()[:32]


def _postgres(h: Any, pg: Any) -> None:
    user = pg.conn.info.user
    h.update(f"{pg.where}\0{pg.database}\0{pg.schema}\0{user}\0".encode())
    for table in pg.tables():
        h.update(f"{table}\0{pg.columns(table)!r}\0".encode())
        count = exp.select(exp.func("count", exp.Star())).from_(exp.to_table(table, quoted=True))
        h.update(repr(pg.execute(count).fetchall()).encode())
        stats = exp.replace_placeholders(
            _PG_STATS.copy(), schema=exp.Literal.string(pg.schema), table=exp.Literal.string(table)
        )
        h.update(repr(pg._run(stats.sql(dialect="postgres")).fetchall()).encode())


def _files(h: Any, specs: Sequence[str | Path]) -> None:
    for spec in specs:
        name, path = parse_spec(spec)
        h.update(f"{name}\0{path.resolve()}\0".encode())
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for p in files:
            st = p.stat()
            h.update(
                f"{p.relative_to(path) if p != path else p.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode()
            )


def _path(entry: str) -> Path:
    return folder() / "remote" / f"{entry}.pickle"


def read(entry: str) -> Any | None:
    """The state stored under `entry`, or None (a missing or damaged entry)."""
    path = _path(entry)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, digest, payload = data[: len(MAGIC)], data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
    if head != MAGIC or hashlib.sha256(payload).digest() != digest:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # an entry of an older code version that no longer unpickles: a miss
        with contextlib.suppress(OSError):
            path.unlink()
        return None


def write(entry: str, state: Any) -> None:
    """Store `state` under `entry` (atomically: written aside, then renamed); silent on failure."""
    path = _path(entry)
    try:
        payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
        aside.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(aside, path)
        entries = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            old.unlink()
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
