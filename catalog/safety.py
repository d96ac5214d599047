"""What SQL may do, enforced twice: on the sqlglot tree, and in DuckDB itself once the data is loaded.

`check_query(tree, columns)` refuses anything but one read-only query over the loaded tables: no
`INTO`, no table functions (`read_csv`, `glob`, `range`, ...), no file-reading or system functions, no
qualified or unknown tables, and (for SQL a person typed) no unknown columns. `lock_down(con)` then
switches off file and network access, extension installing and loading, and locks DuckDB's settings,
so a statement that slipped past the first check still cannot read or write a file.
`connect()` opens the connection every load starts from: bounded memory, spilling into the cache folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import tempfile
import threading
import uuid
import weakref
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
from platformdirs import user_cache_dir
from sqlglot import exp

from catalog.loaders import DataError, parse_spec

MEMORY_ENV, TIMEOUT_ENV = "CRA_MEMORY_LIMIT", "CRA_TIMEOUT"
MEMORY_SHARE = 0.5
"""DuckDB's memory limit by default: this share of the machine's RAM ($CRA_MEMORY_LIMIT overrides it,
as DuckDB reads it: '4GB', '800MB', or a share such as '25%')."""
TIMEOUT_S = 120.0
"""How long one statement of an interactive question may run ($CRA_TIMEOUT, in seconds; 0 = no limit)."""
MAX_FETCH_ROWS = 100_000
"""The most rows any query brings into Python at once; the full count is still stated."""

FORBIDDEN = tuple(
    getattr(exp, name)
    for name in (
        "Into", "Insert", "Delete", "Update", "Drop", "Create", "Command", "Alter", "Copy", "Attach",
        "Detach", "Pragma", "Set", "Use", "Merge", "TruncateTable", "Install", "Transaction", "Commit",
        "Rollback", "Export", "Refresh", "Cache", "Uncache", "LoadData", "Describe", "Summarize",
    )
    if hasattr(exp, name)
)  # fmt: skip
"""sqlglot node types that never appear in a read-only query."""
SYSTEM_FUNCTION = re.compile(
    r"^(read_|glob$|sniff_|parquet_|iceberg_|delta_|duckdb_|pragma_|sqlite_|postgres_|mysql_|query$|"
    r"query_table$|getenv$|current_setting$|set_variable$|getvariable$|checkpoint$|force_checkpoint$|"
    r"export_|import_|load_|install_|json_execute_serialized_sql$|which_secret$|enable_|disable_|"
    r"pg_|set_config$|lo_|dblink|nextval$|setval$|txid_|reflect$|try_reflect$|java_method$)",
    re.IGNORECASE,
)
"""Functions that read files, reach other databases, or read or change the database's own state (DuckDB's,
PostgreSQL's `set_config`, `pg_read_file`, `pg_sleep`, large objects, Spark's `reflect` into Java)."""


class UnsafeQuery(ValueError):
    """The SQL is not one read-only query over the loaded tables: the message says why."""


def check_query(tree: exp.Expr, columns: Mapping[str, Iterable[str]] | None = None) -> None:
    """Raise UnsafeQuery unless `tree` is one read-only query over the tables in `columns` (table ->
    its column names). With `columns`, every column named must be one of theirs or an alias the
    query defines; without it only tables and the shape are checked."""
    if not isinstance(tree, exp.Query) or isinstance(tree, exp.Pivot):
        raise UnsafeQuery("only a single read-only SELECT can run")
    # one walk over the tree (this runs before every query): the first offence of each kind, judged
    # in the order statement, function, table
    bad: exp.Expr | None = None
    func_name = ""
    tables: list[exp.Table] = []
    ctes: set[str] = set()
    for node in tree.walk():
        if isinstance(node, FORBIDDEN):
            bad = bad or node
        elif isinstance(node, exp.Func):
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            if not func_name and SYSTEM_FUNCTION.match(name or ""):
                func_name = name
        elif isinstance(node, exp.Table):
            tables.append(node)
        elif isinstance(node, exp.CTE):
            ctes.add(node.alias_or_name.lower())
    if bad is not None:
        what = "SELECT ... INTO" if isinstance(bad, exp.Into) else type(bad).__name__.upper()
        raise UnsafeQuery(f"only a single read-only SELECT can run ({what} is not allowed)")
    if func_name:
        raise UnsafeQuery(f"the function {func_name.lower()}() is not allowed: query the loaded tables")
    known = {t.lower() for t in columns} if columns is not None else None
    for table in tables:
        if not isinstance(table.this, exp.Identifier):
            raise UnsafeQuery(
                f"table functions such as {table.this.sql('duckdb')[:40]} are not allowed: "
                "query the loaded tables"
            )
        if table.args.get("db") or table.args.get("catalog"):
            raise UnsafeQuery(f"{table.sql('duckdb')}: name a loaded table without a schema")
        name = table.name.lower()
        if name not in ctes and known is not None and name not in known:
            raise UnsafeQuery(f"there is no loaded table {table.name!r}: the tables are {_list(columns)}")
    if columns is not None:
        _check_columns(tree, columns, _defined_names(tree))


def _defined_names(tree: exp.Expr) -> set[str]:
    """Names a column may use besides the loaded columns: CTEs, tables, aliases, lambda parameters."""
    names: set[str] = set()
    for node in tree.find_all(exp.CTE, exp.TableAlias, exp.Alias, exp.Lambda):
        if isinstance(node, exp.Lambda):
            names.update(e.name.lower() for e in node.expressions)
            continue
        if node.alias:
            names.add(node.alias.lower())
        if isinstance(node, exp.TableAlias):
            names.update(c.name.lower() for c in node.columns)
    for table in tree.find_all(exp.Table):
        if isinstance(table.this, exp.Identifier):
            names.add(table.name.lower())  # a qualifier may be the table's own name
    return names


def _check_columns(tree: exp.Expr, columns: Mapping[str, Iterable[str]], defined: set[str]) -> None:
    loaded = {c.lower() for cols in columns.values() for c in cols}
    for column in tree.find_all(exp.Column):
        name = column.name.lower()
        if not name or name in loaded or name in defined:
            continue
        raise UnsafeQuery(f"there is no column {column.name!r} in the loaded tables")


def _list(columns: Mapping[str, Iterable[str]] | None) -> str:
    return ", ".join(sorted(columns or {})) or "(none)"


def input_files(specs: Iterable[str | Path], config: Path | None = None) -> tuple[Path, ...]:
    """Every file a load read or could have read (each file of a folder, the cra.toml), resolved:
    outputs are never written over these."""
    files: list[Path] = [config] if config is not None else []
    for spec in specs:
        _, path = parse_spec(spec)
        files.append(path)
        if path.is_dir():
            with contextlib.suppress(OSError):
                files.extend(p for p in path.iterdir() if p.is_file())
    return tuple(dict.fromkeys(p.resolve() for p in files))


def _locked(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database's settings are locked already (a cached file opened again in this process)."""
    row = con.execute("SELECT current_setting('lock_configuration')").fetchone()
    return bool(row and row[0])


def connect(path: str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection (in memory, or on a cached database file) with a memory limit that spills into the
    cache folder, not ./.tmp."""
    con = duckdb.connect(path or ":memory:", read_only=read_only)
    _LIVE.add(con)
    if _locked(con):  # DuckDB shares one instance per file in a process: it was set up and locked
        return con
    limit = memory_limit()
    try:
        con.execute("SET memory_limit = ?", [limit])
    except duckdb.Error as e:
        con.close()
        raise DataError(f"${MEMORY_ENV} = {limit!r} is not a memory size (say 4GB, 800MB or 25%)") from e
    folder = spill_folder()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)  # DuckDB makes only the last folder
    except OSError:  # an unwritable cache folder: the system's temporary folder, never ./.tmp
        folder = Path(tempfile.gettempdir()) / f"cra-spill-{folder.name}"
    con.execute("SET temp_directory = ?", [str(folder)])
    con.execute("SET enable_progress_bar = false")  # DuckDB would draw it on the terminal
    return con


_LIVE: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()
"""Every connection `connect` opened that is still alive (Ctrl+C interrupts them all)."""


def interrupt_all() -> None:
    """Stop whatever runs in any of our DuckDB connections (it raises duckdb.InterruptException)."""
    for con in list(_LIVE):
        with contextlib.suppress(Exception):
            con.interrupt()


@contextlib.contextmanager
def interrupt_on_sigint() -> Iterator[None]:
    """While the block runs, Ctrl+C also stops DuckDB (which never looks at signals itself): the signal
    wakes a thread that interrupts every connection; Python raises KeyboardInterrupt as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    old = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)

    def watch() -> None:
        with contextlib.suppress(OSError):
            while data := reader.recv(64):
                if signal.SIGINT in data:
                    interrupt_all()

    threading.Thread(target=watch, name="cra-sigint", daemon=True).start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(old)
        writer.close()


@contextlib.contextmanager
def stop_when(cancel: threading.Event | None, con: Any) -> Iterator[None]:
    """While the block runs, interrupt `con` (a DuckDB connection or a backend) again and again once
    `cancel` is set (a long load stops within its current statement, whatever code runs it)."""
    if cancel is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.02):
            if cancel.is_set():
                with contextlib.suppress(Exception):
                    con.interrupt()

    threading.Thread(target=watch, name="cra-cancel-load", daemon=True).start()
    try:
        yield
    finally:
        done.set()


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """After loading: no file or network access, no extensions installed or loaded, settings locked."""
    if _locked(con):
        return
    for setting in (
        "SET enable_external_access = false",
        "SET autoinstall_known_extensions = false",
        "SET autoload_known_extensions = false",
        "SET allow_community_extensions = false",
        "SET lock_configuration = true",
    ):
        try:
            con.execute(setting)
        except duckdb.InvalidInputException:  # already locked (a cached catalog loaded twice)
            if "lock_configuration" not in setting:
                raise


def memory_limit() -> str:
    """DuckDB's memory limit: $CRA_MEMORY_LIMIT, else MEMORY_SHARE of the RAM."""
    given = os.environ.get(MEMORY_ENV, "").strip()
    total = _ram_bytes()
    if given.endswith("%") and total:
        try:
            return f"{int(total * float(given[:-1]) / 100) // 2**20}MiB"
        except ValueError:
            pass
    elif given:
        return given
    return f"{int(total * MEMORY_SHARE) // 2**20}MiB" if total else "4GiB"


def _ram_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def timeout_s() -> float | None:
    """The statement timeout of interactive questions ($CRA_TIMEOUT seconds; None = no limit)."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, TIMEOUT_S))
    except ValueError:
        value = TIMEOUT_S
    return value if value > 0 else None


def spill_folder() -> Path:
    """Where DuckDB spills what does not fit in memory: a folder of this process in the cache folder."""
    base = os.environ.get("CRA_CACHE_DIR")
    if not base:
        base = user_cache_dir("cra")
    return Path(base) / "spill" / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
