"""A cache of loaded catalogs, so that the next `cra ask` on the same data costs what its query costs.

One entry per set of --data inputs: the cleaned tables in a DuckDB file and the inferred model, changes
and suspicious columns in a pickle, under `$CRA_CACHE_DIR/catalog` (else the user's cache folder, never
beside the data). A hit opens the entry's DuckDB file read-only: no copy, whatever the size.

The key is the *content* of every input file (SHA-256), with the names given, the code of the catalog
modules and the DuckDB version; a cra.toml is not part of it (it is applied after every load), reading
options (--encoding) are. Hashing a large file costs about a second per GB, so a file's digest is
remembered (`digests.json`, catalog.digests) with its device, inode, size, modification and change times, and used again
only while all five are unchanged and were already more than `RACY_SECONDS` old when it was hashed (as
git does with its index): an edit that keeps size and modification time still changes the change time.
`CRA_NO_CACHE=1` turns the cache off. Failures to read or write the cache are silent: the data is then
loaded as usual, and a damaged entry is a miss that is written again.
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
from sqlglot import exp

from catalog import safety
from catalog.digests import Digests, folder
from catalog.loaders import DB_SUFFIXES, LOADERS, parse_spec
from catalog.trees import count_rows, create_table, from_template, qualified, sql, table_ref

KEEP_ENTRIES = 8
"""The newest entries kept; older ones are deleted when an entry is written."""
KEEP_BYTES = 4 * 1024**3
"""... and older entries beyond this many bytes in all (the newest entry is always kept)."""
OFF_ENV = "CRA_NO_CACHE"
CODE_FILES = ("*.py", "*.yaml")
"""Modules whose code shapes a cached entry: a change to any of them starts a new entry."""
ALIAS = "__cra_cache"


def key(specs: Sequence[str | Path], options: str = "") -> str | None:
    """The entry key of these inputs (and load `options`), or None when they must not be cached."""
    if os.environ.get(OFF_ENV, "") not in ("", "0"):
        return None
    h = hashlib.sha256(duckdb.__version__.encode())
    h.update(options.encode())
    here = Path(__file__).resolve().parent
    for path in sorted(p for pattern in CODE_FILES for p in here.glob(pattern)):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    digests = Digests(folder() / "digests.json")
    try:
        _hash_inputs(h, specs, digests)
    except OSError:  # a missing or unreadable file: the loaders say so
        return None
    digests.save()
    return h.hexdigest()[:24]


def _hash_inputs(h: Any, specs: Sequence[str | Path], digests: Digests) -> None:
    for spec in specs:
        name, path = parse_spec(spec)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        h.update(f"{name}={path.resolve()}\n".encode())
        for p in files:
            if p.suffix.lower() not in LOADERS and p.suffix.lower() not in DB_SUFFIXES and path.is_dir():
                continue
            h.update(f"{p.name}:{digests.of(p)}\n".encode())


def read(entry: str) -> tuple[duckdb.DuckDBPyConnection, Any] | None:
    """(a read-only connection on the cached tables, the pickled state) or None on a miss."""
    db, state = folder() / f"{entry}.duckdb", folder() / f"{entry}.pickle"
    if not state.is_file() or not db.is_file():
        return None
    con = None
    try:
        saved = pickle.loads(state.read_bytes())
        con = safety.connect(str(db), read_only=True)
        stored = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if stored != set(saved["tables"]):
            raise ValueError("the entry does not hold the tables it lists")
        for table, rows in saved["rows"].items():  # reads every row group's header: a cut file fails
            if con.execute(count_rows(table)).fetchone() != (rows,):
                raise ValueError("the entry does not hold the rows it lists")
        with contextlib.suppress(OSError):
            os.utime(state)  # recently used: pruned last
    except Exception:  # a damaged or foreign entry is a miss
        if con is not None:
            con.close()
        return None
    return con, saved["state"]


def write(entry: str, con: duckdb.DuckDBPyConnection, tables: Sequence[str], state: Any) -> None:
    """Store the tables of `con` and `state` under `entry` (atomically: other processes see all or none)."""
    out = folder()
    tmp = out / f".{entry}-{uuid.uuid4().hex}"  # unique per writer (with_suffix keeps it)
    db, pickled = tmp.with_suffix(".duckdb"), tmp.with_suffix(".pickle")
    try:
        out.mkdir(parents=True, exist_ok=True)
        alias = exp.to_identifier(ALIAS)
        con.execute(sql(from_template("ATTACH ? AS :alias", alias=alias)), [str(db)])
        try:
            for table in tables:
                con.execute(create_table(qualified(table, db=ALIAS), exp.select("*").from_(table_ref(table))))
        finally:
            con.execute(sql(from_template("DETACH :alias", alias=alias)))
        rows = {t: int((con.execute(count_rows(t)).fetchone() or (0,))[0]) for t in tables}
        pickled.write_bytes(pickle.dumps({"tables": list(tables), "rows": rows, "state": state}))
        os.replace(db, out / f"{entry}.duckdb")
        os.replace(pickled, out / f"{entry}.pickle")  # last: its presence means the entry is complete
        _prune(out)
    except Exception:  # the cache must never break a load: an unwritable folder, a full disk, ...
        for p in (db, pickled, Path(f"{db}.wal")):
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)


def _prune(out: Path) -> None:
    entries = sorted(out.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    total = 0
    for i, pickled in enumerate(entries):
        db = pickled.with_suffix(".duckdb")
        total += (db.stat().st_size if db.is_file() else 0) + pickled.stat().st_size
        if i >= KEEP_ENTRIES or (i > 0 and total > KEEP_BYTES):
            pickled.unlink(missing_ok=True)
            db.unlink(missing_ok=True)
