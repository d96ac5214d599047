"""Files -> DuckDB tables: CSV/TSV/TXT, Parquet, JSON/NDJSON, Excel, DuckDB and SQLite files, folders.

User files are only ever opened for reading. CSV, Parquet and JSON go straight into DuckDB.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb


class DataError(Exception):
    """Data could not be loaded: the message is one line a person can act on."""


@dataclass
class LoadedTable:
    """One table created in DuckDB by a loader."""

    name: str
    source: str
    """Where it came from: the path, and the table inside a database file."""
    primary_key: tuple[str, ...] = ()
    """Declared primary key columns (database files only)."""
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)
    """Declared foreign keys: (column, ref_table, ref_column)."""
    from_database: bool = False
    """Whether the table came from a database file (its name is a real table name, not a file stem)."""
    notes: list[str] = field(default_factory=list)
    """One line per thing the reader did to values that the file does not show (Yes/No read as BOOLEAN)."""


def snake_case(name: str) -> str:
    """File stem or header -> snake_case identifier: 'Customer Orders-2024' -> 'customer_orders_2024'."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    return name or "table"


def quote(name: str) -> str:
    """A DuckDB quoted identifier."""
    return '"' + name.replace('"', '""') + '"'


def storage_stats(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> dict[str, dict]:
    """DuckDB's own statistics of each column (free: kept by the storage, no scan).

    Keys: `approx_unique`, `has_null`, `min`/`max` (exact for numbers and dates of a table written once;
    text bounds are cut to 8 bytes), and for text `has_unicode`, `total_string_length`. Empty for an
    empty table or a type without statistics.
    """
    if not columns:
        return {}
    select = ", ".join(f"stats({quote(c)})" for c in columns)
    try:
        row = con.execute(f"SELECT {select} FROM {quote(table)} LIMIT 1").fetchone()
    except duckdb.Error:
        row = None
    if row is None:
        return {c: {} for c in columns}
    return {c: (v if isinstance(v, dict) else {}) for c, v in zip(columns, row, strict=True)}


SQLITE_MAGIC = b"SQLite format 3\x00"
DUCKDB_MAGIC = b"DUCK"  # at byte offset 8
TEXT_DELIMITERS = (",", "\t", ";", "|")
SNIFF_BYTES = 65536


def parse_spec(spec: str | Path) -> tuple[str | None, Path]:
    """'NAME=PATH' -> (NAME, PATH); 'PATH' -> (None, PATH). A path containing '=' needs a NAME."""
    text = str(spec)
    name, sep, path = text.partition("=")
    if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and not Path(text).exists():
        return name, Path(path)
    return None, Path(text)


def load_spec(
    con: duckdb.DuckDBPyConnection, spec: str | Path, taken: dict[str, str] | None = None
) -> list[LoadedTable]:
    """Load one --data spec (a file or a folder) into `con`; `taken` maps lower-case table names to sources."""
    taken = {} if taken is None else taken
    name, path = parse_spec(spec)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    if path.is_dir():
        return _load_folder(con, path, name, taken)
    return load_file(con, path, name, taken)


def load_file(
    con: duckdb.DuckDBPyConnection, path: Path, name: str | None = None, taken: dict[str, str] | None = None
) -> list[LoadedTable]:
    """Load one file; the loader is chosen by its content for databases, else by its extension."""
    taken = {} if taken is None else taken
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty")
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith(SQLITE_MAGIC):
        return _load_sqlite(con, path, name, taken)
    if head[8:12] == DUCKDB_MAGIC:
        return _load_duckdb(con, path, name, taken)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None and path.suffix.lower() in DB_SUFFIXES:
        raise DataError(f"{path}: not a SQLite or DuckDB database file")
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        raise DataError(f"{path}: unsupported file type '{path.suffix or '(none)'}' (supported: {known})")
    return loader(con, path, name or snake_case(path.stem), taken)


def _load_folder(
    con: duckdb.DuckDBPyConnection, folder: Path, prefix: str | None, taken: dict[str, str]
) -> list[LoadedTable]:
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and _loadable(p)]
    if not files:
        raise DataError(
            f"{folder}: the folder holds no loadable files (CSV, TSV, TXT, Parquet, JSON, xlsx, DB)"
        )
    tables: list[LoadedTable] = []
    for p in files:
        stem = snake_case(p.stem)
        tables.extend(load_file(con, p, f"{prefix}_{stem}" if prefix else None, taken))
    return tables


def claim(taken: dict[str, str], name: str, source: str) -> None:
    """Reserve a table name (DuckDB names ignore case); a second table with the name is a DataError."""
    key = name.lower()
    if key in taken:
        raise DataError(
            f"two tables are named '{name}': {taken[key]} and {source} (name one with --data NAME=PATH)"
        )
    taken[key] = source


def _loadable(path: Path) -> bool:
    return path.suffix.lower() in LOADERS or path.suffix.lower() in DB_SUFFIXES


# ---------------------------------------------------------------- text files


def _text_sample(path: Path) -> tuple[str, str]:
    """(encoding for DuckDB, decoded sample); raises DataError on binary content."""
    with path.open("rb") as f:
        raw = f.read(SNIFF_BYTES)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", raw.decode("utf-16", errors="ignore")
    if b"\x00" in raw:
        raise DataError(f"{path}: does not look like a text file (binary data)")
    try:
        text = raw.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(raw) - 4:  # a character cut at the sample's end
            text, enc = raw[: e.start].decode("utf-8"), "utf-8"
        else:
            text, enc = raw.decode("latin-1"), "latin-1"
    if sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f") > 10:
        raise DataError(f"{path}: does not look like a text file (binary data)")
    if not text.strip():
        raise DataError(f"{path}: the file is empty")
    return enc, text.lstrip("\ufeff")


def _whitespace_layout(text: str) -> tuple[int, bool] | None:
    """(columns, has_header) when the sample is whitespace-separated columns, else None."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if len(lines) > 1 and not text.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line may be cut by the sample
    if len(lines) < 2 or any(d in lines[0] for d in TEXT_DELIMITERS):
        return None
    counts = {len(ln.split()) for ln in lines}
    if len(counts) != 1 or (n := counts.pop()) < 2:
        return None
    first, rest = lines[0].split(), [ln.split() for ln in lines[1:]]
    numeric = re.compile(r"[-+]?[\d.,$]+")
    header = not any(numeric.fullmatch(t) for t in first) and any(
        numeric.fullmatch(row[i]) for row in rest for i in range(n)
    )
    return n, header


def _load_text(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str]
) -> list[LoadedTable]:
    encoding, sample = _text_sample(path)
    claim(taken, name, str(path))
    layout = _whitespace_layout(sample) if path.suffix.lower() == ".txt" else None
    if layout is not None:
        _load_whitespace(con, path, name, encoding, sample, *layout)
        return [LoadedTable(name, str(path))]
    _read_csv(con, path, name, encoding)
    return [LoadedTable(name, str(path), notes=_boolean_words(con, path, name, encoding))]


BOOLEAN_HEAD_ROWS = 2048
"""Rows read again as text to tell which words DuckDB's reader turned into BOOLEAN."""


def _boolean_words(con: duckdb.DuckDBPyConnection, path: Path, name: str, encoding: str) -> list[str]:
    """'Churn: Yes/No read as BOOLEAN' for columns DuckDB's reader made BOOLEAN from words, not true/false."""
    flags = [r[0] for r in con.execute(f"DESCRIBE {quote(name)}").fetchall() if r[1] == "BOOLEAN"]
    if not flags:
        return []
    select = ", ".join(f"list_sort(list(DISTINCT trim({quote(c)})))" for c in flags)
    try:
        row = con.execute(
            f"SELECT {select} FROM (SELECT * FROM read_csv(?, encoding = ?, all_varchar = true) "
            f"LIMIT {BOOLEAN_HEAD_ROWS})",
            [str(path), encoding],
        ).fetchone()
    except duckdb.Error:
        return []
    notes = []
    for c, words in zip(flags, row or (), strict=False):
        shown = [w for w in words or () if w]
        if shown and {w.lower() for w in shown} - {"true", "false"}:
            true = next((w for w in shown if w.lower() in ("yes", "y", "true", "t", "1")), None)
            notes.append(
                f"{name}.{c}: {'/'.join(shown)} read as BOOLEAN" + (f" ({true} = true)" if true else "")
            )
    return notes


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, name: str, encoding: str) -> None:
    sql = f"CREATE TABLE {quote(name)} AS SELECT * FROM read_csv(?, encoding = ?{{extra}})"
    try:
        con.execute(sql.format(extra=""), [str(path), encoding])
    except duckdb.ConversionException:
        # A value late in the file does not fit the sniffed type: read text, cleaning decides the types.
        con.execute(sql.format(extra=", all_varchar = true"), [str(path), encoding])
    except duckdb.Error as e:
        raise DataError(f"{path}: could not read as CSV: {_first_line(e)}") from e


def _load_whitespace(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, encoding: str, sample: str, n: int, header: bool
) -> None:
    first = next(ln for ln in sample.splitlines() if ln.strip()).split()
    names = _unique(first) if header else [f"column{i}" for i in range(n)]
    select = ", ".join(f"parts[{i + 1}] AS {quote(c)}" for i, c in enumerate(names))
    skip = 1 if header else 0
    sql = (
        f"CREATE TABLE {quote(name)} AS SELECT {select} FROM ("
        "SELECT string_split_regex(trim(line, E' \\t\\r'), '\\s+') AS parts FROM read_csv(?, "
        "columns = {'line': 'VARCHAR'}, delim = E'\\x01', header = false, quote = '', escape = '', "
        f"skip = {skip}, encoding = ?) WHERE trim(line, E' \\t\\r') <> '')"
    )
    try:
        con.execute(sql, [str(path), encoding])
    except duckdb.Error as e:
        raise DataError(f"{path}: could not read whitespace-separated columns: {_first_line(e)}") from e


# ---------------------------------------------------------------- binary formats


def _load_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str]
) -> list[LoadedTable]:
    claim(taken, name, str(path))
    try:
        con.execute(f"CREATE TABLE {quote(name)} AS SELECT * FROM read_parquet(?)", [str(path)])
    except duckdb.Error as e:
        raise DataError(f"{path}: not a readable Parquet file: {_first_line(e)}") from e
    return [LoadedTable(name, str(path))]


def _load_json(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str]
) -> list[LoadedTable]:
    _text_sample(path)  # binary / empty checks
    claim(taken, name, str(path))
    try:
        con.execute(f"CREATE TABLE {quote(name)} AS SELECT * FROM read_json(?)", [str(path)])
    except duckdb.Error as e:
        raise DataError(f"{path}: not readable JSON records: {_first_line(e)}") from e
    return [LoadedTable(name, str(path))]


def _load_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str]
) -> list[LoadedTable]:
    import openpyxl  # lazy: heavy

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises zipfile/KeyError/InvalidFileException
        raise DataError(f"{path}: not a readable Excel .xlsx file: {_first_line(e)}") from e
    try:
        sheets = []
        for ws in book.worksheets:
            rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
            if rows:
                sheets.append((ws.title, rows))
    finally:
        book.close()
    if not sheets:
        raise DataError(f"{path}: the workbook has no data")
    tables = []
    for title, rows in sheets:
        table = name if len(sheets) == 1 else f"{name}_{snake_case(title)}"
        claim(taken, table, f"{path} [{title}]")
        header = [str(h).strip() if h is not None else f"column{i}" for i, h in enumerate(rows[0])]
        _create_from_rows(con, table, _unique(header), rows[1:])
        tables.append(LoadedTable(table, f"{path} [{title}]"))
    return tables


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        key = n.lower()
        seen[key] = seen.get(key, 0) + 1
        out.append(n if seen[key] == 1 else f"{n}_{seen[key]}")
    return out


def _create_from_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: Sequence) -> None:
    """Create a DuckDB table from Python rows through Arrow; each column gets one consistent type."""
    import pyarrow as pa  # lazy

    width = len(columns)
    data = {}
    for i, col in enumerate(columns):
        values = [r[i] if i < len(r) else None for r in rows]
        data[col] = _arrow_column(pa, values)
    arrow = pa.table(data) if width else pa.table({})
    con.register("__cra_rows", arrow)
    try:
        con.execute(f"CREATE TABLE {quote(table)} AS SELECT * FROM __cra_rows")
    finally:
        con.unregister("__cra_rows")


def _arrow_column(pa: Any, values: list) -> Any:
    import datetime as dt

    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return pa.array(values, pa.bool_())
    if kinds and kinds <= {int}:
        return pa.array(values, pa.int64())
    if kinds and kinds <= {int, float}:
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if kinds and kinds <= {dt.datetime}:
        return pa.array(values, pa.timestamp("us"))
    if kinds and kinds <= {dt.date}:
        return pa.array(values, pa.date32())
    if kinds and kinds <= {bytes}:
        return pa.array(values, pa.binary())
    return pa.array([None if v is None else str(v) for v in values], pa.string())


# ---------------------------------------------------------------- database files


def _load_sqlite(
    con: duckdb.DuckDBPyConnection, path: Path, prefix: str | None, taken: dict[str, str]
) -> list[LoadedTable]:
    import sqlite3

    try:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as e:
        raise DataError(f"{path}: cannot open SQLite file: {e}") from e
    src.text_factory = _sqlite_text  # text in a legacy code page (Northwind's cp1252) is still read
    tables: list[LoadedTable] = []
    try:
        names = [
            r[0]
            for r in src.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        if not names:
            raise DataError(f"{path}: the SQLite database has no tables")
        for t in names:
            table = f"{prefix}_{t}" if prefix else t
            claim(taken, table, f"{path} [{t}]")
            cur = src.execute(f"SELECT * FROM {quote(t)}")
            columns = _unique([d[0] for d in cur.description])
            _create_from_rows(con, table, columns, cur.fetchall())
            info = src.execute(f"PRAGMA table_info({quote(t)})").fetchall()
            pk = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
            fks = []
            for row in src.execute(f"PRAGMA foreign_key_list({quote(t)})").fetchall():
                ref_table, col, ref_col = row[2], row[3], row[4]
                fks.append((col, f"{prefix}_{ref_table}" if prefix else ref_table, ref_col or ""))
            tables.append(LoadedTable(table, f"{path} [{t}]", pk, fks, from_database=True))
    except sqlite3.Error as e:
        raise DataError(f"{path}: cannot read SQLite file: {e}") from e
    finally:
        src.close()
    return tables


def _sqlite_text(raw: bytes) -> str:
    """SQLite text as UTF-8, else as Windows-1252 (exports from older tools), never an error."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _load_duckdb(
    con: duckdb.DuckDBPyConnection, path: Path, prefix: str | None, taken: dict[str, str]
) -> list[LoadedTable]:
    alias = "__cra_src"
    try:
        con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
    except duckdb.Error as e:
        raise DataError(f"{path}: cannot open DuckDB file: {_first_line(e)}") from e
    tables: list[LoadedTable] = []
    try:
        rows = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY 1, 2",
            [alias],
        ).fetchall()
        if not rows:
            raise DataError(f"{path}: the DuckDB database has no tables")
        fks = _duckdb_foreign_keys(con, alias)
        for schema, t in rows:
            table = f"{prefix}_{t}" if prefix else t
            claim(taken, table, f"{path} [{t}]")
            con.execute(f"CREATE TABLE {quote(table)} AS SELECT * FROM {alias}.{quote(schema)}.{quote(t)}")
            pk, fk = fks.get(t, ((), []))
            tables.append(LoadedTable(table, f"{path} [{t}]", pk, fk, from_database=True))
    finally:
        con.execute(f"DETACH {alias}")
    return tables


def _duckdb_foreign_keys(
    con: duckdb.DuckDBPyConnection, alias: str
) -> dict[str, tuple[tuple[str, ...], list[tuple[str, str, str]]]]:
    out: dict[str, tuple[tuple[str, ...], list[tuple[str, str, str]]]] = {}
    try:
        rows = con.execute(
            "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
            "referenced_column_names FROM duckdb_constraints() WHERE database_name = ?",
            [alias],
        ).fetchall()
    except duckdb.Error:
        return out
    for table, kind, cols, ref_table, ref_cols in rows:
        pk, fks = out.setdefault(table, ((), []))
        if kind == "PRIMARY KEY":
            out[table] = (tuple(cols), fks)
        elif kind == "FOREIGN KEY" and ref_table and len(cols) == 1:
            fks.append((cols[0], ref_table, (ref_cols or [""])[0]))
    return out


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


Loader = Callable[[duckdb.DuckDBPyConnection, Path, str, dict[str, str]], list[LoadedTable]]

LOADERS: dict[str, Loader] = {
    ".csv": _load_text,
    ".tsv": _load_text,
    ".tab": _load_text,
    ".txt": _load_text,
    ".parquet": _load_parquet,
    ".pq": _load_parquet,
    ".json": _load_json,
    ".ndjson": _load_json,
    ".jsonl": _load_json,
    ".xlsx": _load_xlsx,
}
"""Loader by file extension; database files are recognised by their first bytes."""

DB_SUFFIXES = (".duckdb", ".db", ".ddb", ".sqlite", ".sqlite3", ".db3")
