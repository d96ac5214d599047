"""A cache of loaded catalogs, so that `cra ask` on the same small files does not clean and infer again.

One entry per set of --data inputs: the cleaned tables in a DuckDB file and the inferred model, changes
and suspicious columns in a pickle, under `$CRA_CACHE_DIR/catalog` (else the user's cache folder, never
beside the data). The key covers every input file's path, size and modification time, the code of the
catalog modules and the DuckDB version; a cra.toml is not part of it (it is applied after every load).
Only inputs up to `MAX_BYTES` are cached; `CRA_NO_CACHE=1` turns the cache off. Failures to read or write
the cache are silent: the data is then loaded as usual.
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

import duckdb

from catalog.loaders import DB_SUFFIXES, LOADERS, parse_spec, quote

MAX_BYTES = 32 * 1024 * 1024
"""Inputs larger than this in total are not cached (copying them would cost more than it saves)."""
KEEP_ENTRIES = 8
"""The newest entries kept; older ones are deleted when an entry is written."""
CACHE_ENV, OFF_ENV = "CRA_CACHE_DIR", "CRA_NO_CACHE"
CODE_MODULES = (
    "database",
    "cache",
    "cleaning",
    "config",
    "infer",
    "loaders",
    "semantic",
    "concepts",
    "english",
)
CODE_DATA = ("concepts.yaml",)
"""Modules whose code shapes a cached entry: a change to any of them starts a new entry."""
ALIAS = "__cra_cache"


def folder() -> Path:
    """Where entries live: $CRA_CACHE_DIR/catalog, else the user's cache folder."""
    base = os.environ.get(CACHE_ENV)
    if not base:
        from platformdirs import user_cache_dir  # lazy: only when caching

        base = user_cache_dir("cra")
    return Path(base) / "catalog"


def key(specs: Sequence[str | Path]) -> str | None:
    """The entry key of these inputs, or None when they must not be cached (too large, not files, off)."""
    if os.environ.get(OFF_ENV, "") not in ("", "0"):
        return None
    h = hashlib.sha256(duckdb.__version__.encode())
    here = Path(__file__).resolve().parent
    for module in CODE_MODULES:
        h.update((here / f"{module}.py").read_bytes())
    for name in CODE_DATA:
        h.update((here / name).read_bytes())
    try:
        total = _hash_inputs(h, specs)
    except OSError:  # a missing file: the loaders say so
        return None
    return h.hexdigest()[:24] if total <= MAX_BYTES else None


def _hash_inputs(h: Any, specs: Sequence[str | Path]) -> int:
    total = 0
    for spec in specs:
        name, path = parse_spec(spec)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        h.update(f"{name}={path.resolve()}\n".encode())
        for p in files:
            if p.suffix.lower() not in LOADERS and p.suffix.lower() not in DB_SUFFIXES and path.is_dir():
                continue
            st = p.stat()
            total += st.st_size
            h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return total


def read(entry: str) -> tuple[duckdb.DuckDBPyConnection, Any] | None:
    """(a new in-memory connection holding the cached tables, the pickled state) or None on a miss."""
    db, state = folder() / f"{entry}.duckdb", folder() / f"{entry}.pickle"
    if not state.is_file() or not db.is_file():
        return None
    con = duckdb.connect()
    try:
        saved = pickle.loads(state.read_bytes())
        con.execute(f"ATTACH ? AS {ALIAS} (READ_ONLY)", [str(db)])
        try:
            for table in saved["tables"]:
                con.execute(f"CREATE TABLE {quote(table)} AS SELECT * FROM {ALIAS}.{quote(table)}")
        finally:
            con.execute(f"DETACH {ALIAS}")
    except Exception:  # a damaged or foreign entry is a miss
        con.close()
        return None
    return con, saved["state"]


def write(entry: str, con: duckdb.DuckDBPyConnection, tables: Sequence[str], state: Any) -> None:
    """Store the tables of `con` and `state` under `entry` (atomically: other processes see all or none)."""
    out = folder()
    tmp = out / f".{entry}.{uuid.uuid4().hex}"
    db, pickled = tmp.with_suffix(".duckdb"), tmp.with_suffix(".pickle")
    try:
        out.mkdir(parents=True, exist_ok=True)
        con.execute(f"ATTACH ? AS {ALIAS}", [str(db)])
        try:
            for table in tables:
                con.execute(f"CREATE TABLE {ALIAS}.{quote(table)} AS SELECT * FROM {quote(table)}")
        finally:
            con.execute(f"DETACH {ALIAS}")
        pickled.write_bytes(pickle.dumps({"tables": list(tables), "state": state}))
        os.replace(db, out / f"{entry}.duckdb")
        os.replace(pickled, out / f"{entry}.pickle")  # last: its presence means the entry is complete
        _prune(out)
    except Exception:  # the cache must never break a load: an unwritable folder, a full disk, ...
        for p in (db, pickled, Path(f"{db}.wal")):
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)


def _prune(out: Path) -> None:
    entries = sorted(out.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".duckdb").unlink(missing_ok=True)
