"""Files -> DuckDB tables: CSV/TSV/TXT, Parquet, JSON/NDJSON, Excel, DuckDB and SQLite files, folders.

User files are only ever opened for reading. CSV, Parquet and JSON go straight into DuckDB; text that
DuckDB cannot read itself (a legacy code page, UTF-16 big-endian) is first transcoded into a UTF-8 copy
in the cache (charset.py), never beside the file. A CSV with lines of the wrong width loads its other
lines and names the ones left out (DuckDB's rejects table), or is refused at the first.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from catalog import charset
from catalog.digests import file_digest, folder
from catalog.trees import (
    column,
    count_rows,
    create_table,
    describe,
    drop_table,
    from_template,
    per_column,
    qualified,
    sql,
    table_ref,
)


class DataError(Exception):
    """Data could not be loaded: the message is one line a person can act on."""


class LoadCancelled(DataError):
    """Catalog.load was stopped by its `cancel` event."""


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
    encoding: charset.TextEncoding | None = None
    """How a text file's bytes were read (None for binary formats)."""


@dataclass(frozen=True)
class LoadOptions:
    """Choices a person made about how files are read."""

    encoding: str | None = None
    """--encoding NAME: the encoding of every text file (else detected per file)."""
    encodings: Mapping[str, str] = field(default_factory=dict)
    """Per table (lower-case name, from cra.toml `encoding = ...`): the encoding of its file."""

    def encoding_of(self, table: str) -> str | None:
        return self.encodings.get(table.lower()) or self.encoding

    def cache_key(self) -> str:
        """What of these options shapes a load ('' for the defaults)."""
        if not self.encoding and not self.encodings:
            return ""
        return repr((self.encoding, sorted(self.encodings.items())))


def snake_case(name: str) -> str:
    """File stem or header -> snake_case identifier: 'Customer Orders-2024' -> 'customer_orders_2024'."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()
    return name or "table"


def storage_stats(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> dict[str, dict]:
    """DuckDB's own statistics of each column (free: kept by the storage, no scan).

    Keys: `approx_unique`, `has_null`, `min`/`max` (exact for numbers and dates of a table written once;
    text bounds are cut to 8 bytes), and for text `has_unicode`, `total_string_length`. Empty for an
    empty table or a type without statistics.
    """
    if not columns:
        return {}
    query = (
        exp.select(*(exp.Anonymous(this="stats", expressions=[column(c)]) for c in columns), copy=False)
        .from_(table_ref(table), copy=False)
        .limit(1, copy=False)
    )
    try:
        row = con.execute(sql(query)).fetchone()
    except duckdb.Error:
        row = None
    if row is None:
        return {c: {} for c in columns}
    return {c: (v if isinstance(v, dict) else {}) for c, v in zip(columns, row, strict=True)}


AGGREGATE_BATCH = 32
"""Aggregates per query when gathering statistics: DuckDB's cost of one query grows faster than its
number of DISTINCT aggregates (400 in one query: 15 s; in batches of 32: 0.7 s), so wide tables are
measured in batches and stay linear in their columns."""


def aggregate(con: duckdb.DuckDBPyConnection, source: exp.Expr, exprs: Sequence[exp.Expr]) -> list[Any]:
    """The values of aggregate `exprs` over `source` (a table or a subquery tree), in batches."""
    out: list[Any] = []
    for i in range(0, len(exprs), AGGREGATE_BATCH):
        batch = exprs[i : i + AGGREGATE_BATCH]
        row = con.execute(sql(exp.select(*batch, copy=False).from_(source.copy(), copy=False))).fetchone()
        out.extend(row if row is not None else [None] * len(batch))
    return out


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
    con: duckdb.DuckDBPyConnection,
    spec: str | Path,
    taken: dict[str, str] | None = None,
    options: LoadOptions | None = None,
) -> list[LoadedTable]:
    """Load one --data spec (a file or a folder) into `con`; `taken` maps lower-case table names to sources."""
    taken = {} if taken is None else taken
    options = options or LoadOptions()
    name, path = parse_spec(spec)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    if path.is_dir():
        return _load_folder(con, path, name, taken, options)
    return load_file(con, path, name, taken, options)


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str | None = None,
    taken: dict[str, str] | None = None,
    options: LoadOptions | None = None,
) -> list[LoadedTable]:
    """Load one file; the loader is chosen by its content for databases, else by its extension."""
    taken = {} if taken is None else taken
    options = options or LoadOptions()
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty")
    if path.suffix.lower() == ".gz" and file_kind(path) in LOADERS:
        return load_file(con, _gunzipped(path), name or snake_case(Path(path.stem).stem), taken, options)
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if head.startswith(SQLITE_MAGIC):
        return _load_sqlite(con, path, name, taken)
    if head[8:12] == DUCKDB_MAGIC:
        return _load_duckdb(con, path, name, taken)
    loader = LOADERS.get(file_kind(path))
    if loader is None and path.suffix.lower() in DB_SUFFIXES:
        raise DataError(f"{path}: not a SQLite or DuckDB database file")
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        raise DataError(f"{path}: unsupported file type '{path.suffix or '(none)'}' (supported: {known})")
    return loader(con, path, name or snake_case(path.stem), taken, options)


def file_kind(path: Path) -> str:
    """The suffix that says how to read a file: '.csv' for both people.csv and people.csv.gz."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == ".gz" else suffix


def _gunzipped(path: Path) -> Path:
    """The decompressed copy of a gzipped file, made once per content in the cache (never beside it),
    so the encoding detector and DuckDB read plain bytes."""
    try:
        digest = file_digest(path)
        out = folder().parent / "gunzip" / f"{digest}{file_kind(path)}"
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(f".{out.name}.{os.getpid()}")
            with gzip.open(path, "rb") as src, tmp.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            os.replace(tmp, out)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise DataError(f"{path}: not a readable gzip file: {e}") from e
    return out


def _load_folder(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    prefix: str | None,
    taken: dict[str, str],
    options: LoadOptions,
) -> list[LoadedTable]:
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and _loadable(p)]
    if not files:
        raise DataError(
            f"{folder}: the folder holds no loadable files (CSV, TSV, TXT, Parquet, JSON, xlsx, DB)"
        )
    tables: list[LoadedTable] = []
    parts, stem = _parts_of_one_table(files)
    if parts:
        # Sales_January_2019.csv .. Sales_December_2019.csv: one export cut by month, read as one table
        name = prefix or stem
        joined = load_file(con, _joined_copy(parts), name, taken, options)
        said = f"{name}: {len(parts)} files with the same columns read as one table ({parts[0].name} .. {parts[-1].name})"
        tables += [dataclasses.replace(t, source=str(folder), notes=[said, *t.notes]) for t in joined]
    for p in files:
        if p in parts:
            continue
        stem = snake_case(p.stem)
        tables.extend(load_file(con, p, f"{prefix}_{stem}" if prefix else None, taken, options))
    return tables


PARTS_MIN = 2
"""Text files of one folder with the same header row, at least this many, are parts of one table."""
TEXT_PARTS = (".csv", ".tsv", ".txt")


def _header(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.readline().removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n")


def _parts_of_one_table(files: list[Path]) -> tuple[list[Path], str]:
    """(parts, the words their names start with): the text files of a folder that all start with the same
    header row (one export written in parts), when every text file of the folder does, there are at least
    PARTS_MIN of them and their names differ by a period or number; else ([], "")."""
    texts = [p for p in files if p.suffix.lower() in TEXT_PARTS]
    if len(texts) < PARTS_MIN:
        return [], ""
    headers = {_header(p) for p in texts}
    if len(headers) != 1 or not next(iter(headers)):
        return [], ""
    stem = _common_stem(texts)
    rests = [snake_case(p.stem).split("_")[len(stem.split("_")) if stem else 0 :] for p in texts]
    # the names differ only by a part's period or number (Sales_January_2019, orders_2023, part1)
    parted = stem and all(any(_part_word(w) for w in rest) for rest in rests)
    return (texts, stem) if parted else ([], "")


MONTH_WORDS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:])) | {
    "q1",
    "q2",
    "q3",
    "q4",
    "part",
    "sept",
}


def _part_word(word: str) -> bool:
    """A word that names a part of one export by its period or number ("january", "2019", "part2")."""
    return any(ch.isdigit() for ch in word) or word in MONTH_WORDS


def _common_stem(parts: list[Path]) -> str:
    """The words every part's file name starts with ("sales" of Sales_January_2019, Sales_May_2019)."""
    words = [snake_case(p.stem).split("_") for p in parts]
    common: list[str] = []
    for group in zip(*words, strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return "_".join(common)


def _joined_copy(parts: list[Path]) -> Path:
    """The parts one after another in one file in the cache (each with its header: the reader removes
    repeated header rows), made once per content."""
    digest = "-".join(file_digest(p)[:12] for p in parts)
    name = hashlib.sha256(digest.encode()).hexdigest()[:24]
    out = folder().parent / "joined" / f"{name}{parts[0].suffix.lower()}"
    if not out.is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}")
        with tmp.open("wb") as dst:
            for i, p in enumerate(parts):
                data = p.read_bytes()
                dst.write(data if i == 0 else data.removeprefix(b"\xef\xbb\xbf"))
                if data and not data.endswith(b"\n"):
                    dst.write(b"\n")
        os.replace(tmp, out)
    return out


def claim(taken: dict[str, str], name: str, source: str) -> None:
    """Reserve a table name (DuckDB names ignore case); a second table with the name is a DataError."""
    key = name.lower()
    if key in taken:
        raise DataError(
            f"two tables are named '{name}': {taken[key]} and {source} (name one with --data NAME=PATH)"
        )
    taken[key] = source


def _loadable(path: Path) -> bool:
    return file_kind(path) in LOADERS or path.suffix.lower() in DB_SUFFIXES


# ---------------------------------------------------------------- text files


@dataclass(frozen=True)
class TextSource:
    """What DuckDB reads for a text file: the file itself, or its UTF-8 copy in the cache."""

    path: Path
    duckdb_encoding: str
    """'utf-8', 'utf-16' (little-endian with a byte-order mark) or 'latin-1': what DuckDB reads itself."""
    encoding: charset.TextEncoding


class _NotUtf8(Exception):
    """DuckDB found bytes that are not UTF-8 in a file whose first bytes were."""


def _text_source(path: Path, override: str | None) -> TextSource:
    """How to read a text file: directly when DuckDB can (UTF-8, UTF-16 LE), else a transcoded copy."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    marked = charset.bom(head)
    if override:
        return _chosen_source(path, override, marked)
    if marked == "utf_16_le":
        return TextSource(path, "utf-16", charset.TextEncoding("utf-16", chosen_by="bom"))
    if marked == "utf_16_be":
        return _transcoded(path, "utf_16_be", None, charset.TextEncoding("utf-16-be", chosen_by="bom"))
    if b"\x00" in head:
        raise DataError(f"{path}: does not look like a text file (binary data)")
    if charset.is_utf8(head):
        small = len(head) < SNIFF_BYTES  # the whole file is in `head`: count for free
        count = charset.non_ascii(head) if small else None
        return TextSource(
            path, "utf-8", charset.TextEncoding("utf-8", count, chosen_by="bom" if marked else "detected")
        )
    return _legacy_source(path)


def _chosen_source(path: Path, name: str, marked: str | None) -> TextSource:
    """The source for an encoding a person named (--encoding, cra.toml)."""
    try:
        enc = charset.canonical(name)
    except LookupError:
        raise DataError(
            f"{path}: unknown encoding '{name}' (e.g. utf-8, cp1252, latin-1, cp850, shift_jis)"
        ) from None
    chosen = charset.TextEncoding(charset.shown(enc), chosen_by="option")
    if enc in ("utf_8", "utf_8_sig"):
        return TextSource(path, "utf-8", chosen)
    if enc in ("utf_16", "utf_16_le") and marked == "utf_16_le":
        return TextSource(path, "utf-16", chosen)
    if enc == "latin_1":  # DuckDB reads it itself: no copy
        return TextSource(path, "latin-1", chosen)
    if enc == "utf_16" and marked == "utf_16_be":
        enc = "utf_16_be"
    return _transcoded(path, enc, None, chosen)


def _legacy_source(path: Path) -> TextSource:
    """A file that is not (all) UTF-8: one scan finds the lines that are not, the code page is detected
    on them, and the file is transcoded into the cache (each line UTF-8 first when some lines are).
    The reading is remembered by the file's content: the next load of the same bytes skips the scan."""

    try:
        digest = file_digest(path)
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e}") from e
    known = charset.remembered_reading(digest)
    if known is not None:
        return _transcoded(path, known[0], known[1], known[2], digest)
    found = charset.scan(path)
    if not found.bad_count:
        raise DataError(f"{path}: DuckDB found bytes that are not UTF-8 but no line holds any")
    if found.utf8_lines:  # UTF-8 with lines pasted from elsewhere: their odd bytes are read as cp1252
        encoding, legacy = "utf_8", charset.MIXED_FALLBACK
        info = charset.TextEncoding(
            "utf-8", found.non_ascii, tuple(found.bad_lines[:5]), found.bad_count, charset.shown(legacy)
        )
        fallback: str | None = legacy
    else:
        detected = charset.detect(bytes(found.sample))
        if detected is None or detected == "utf_8":
            raise DataError(
                f"{path}: line {found.bad_lines[0]:,} is not UTF-8 and no code page fits it "
                "(name the encoding with --encoding NAME or encoding = ... in cra.toml)"
            )
        encoding, fallback = detected, None
        info = charset.TextEncoding(charset.shown(detected), found.non_ascii)
    source = _transcoded(path, encoding, fallback, info, digest)
    charset.remember_reading(digest, encoding, fallback, info)
    return source


def _transcoded(
    path: Path, encoding: str, fallback: str | None, info: charset.TextEncoding, digest: str | None = None
) -> TextSource:
    """A UTF-8 copy of `path` in the cache, made once per content and reading."""

    try:
        copy, non_ascii = charset.cached_copy(path, encoding, fallback, digest or file_digest(path))
    except charset.EncodingError as e:
        raise DataError(
            f"{path}: {e} (name the encoding with --encoding NAME or encoding = ... in cra.toml)"
        ) from None
    except OSError as e:
        raise DataError(f"{path}: cannot write its UTF-8 copy in the cache: {e}") from e
    if info.non_ascii is None:
        info = dataclasses.replace(info, non_ascii=non_ascii)
    return TextSource(copy, "utf-8", info)


def _old_mac_lines(sample: str) -> bool:
    """Whether lines end in a carriage return alone (more lone CRs than newlines in the sample)."""
    return len(re.findall(r"\r(?!\n)", sample)) > sample.count("\n")


def _newline_source(source: TextSource, path: Path) -> TextSource:
    """The source read from a cached copy whose lone carriage returns are newlines."""
    try:
        copy = charset.cached_newline_copy(source.path, file_digest(source.path))
    except OSError as e:
        raise DataError(f"{path}: cannot write its copy with newlines in the cache: {e}") from e
    return dataclasses.replace(source, path=copy)


def _text_sample(source: TextSource, path: Path) -> str:
    """The decoded first bytes of a text source; raises DataError on binary or empty content."""
    with source.path.open("rb") as f:
        raw = f.read(SNIFF_BYTES)
    codec = {"utf-16": "utf-16", "latin-1": "latin-1"}.get(source.duckdb_encoding, "utf-8")
    text = raw.decode(codec, errors="ignore")
    if sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f") > 10:
        raise DataError(f"{path}: does not look like a text file (binary data)")
    if not text.strip():
        raise DataError(f"{path}: the file is empty")
    return text.lstrip("\ufeff")


def _check_text(path: Path) -> None:
    """DataError for a file that is binary or blank (JSON: DuckDB's reader gives worse messages)."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if b"\x00" in head and not charset.bom(head):
        raise DataError(f"{path}: does not look like a text file (binary data)")
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise DataError(f"{path}: the file is empty")


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
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str], options: LoadOptions
) -> list[LoadedTable]:
    override = options.encoding_of(name)
    source = _text_source(path, override)
    claim(taken, name, str(path))
    try:
        return _read_text(con, path, name, source)
    except _NotUtf8:
        if override:
            error = charset.first_error(path, "utf_8")
            raise DataError(
                f"{path}: {error or 'not valid utf-8'} (as set by --encoding or cra.toml)"
            ) from None
    return _read_text(con, path, name, _legacy_source(path))


def _read_text(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, source: TextSource
) -> list[LoadedTable]:
    sample = _text_sample(source, path)
    lines_note = []
    if _old_mac_lines(sample) and source.duckdb_encoding != "utf-16":
        source, sample = _newline_source(source, path), re.sub(r"\r\n?", "\n", sample)
        lines_note = [f"{name}: its lines end in a carriage return alone (an old Mac export): read as lines"]
    layout = _whitespace_layout(sample) if path.suffix.lower() == ".txt" else None
    if layout is not None:
        _load_whitespace(con, path, name, source, sample, *layout)
        return [LoadedTable(name, str(path), encoding=source.encoding)]
    options, notes = _read_csv(con, path, name, source, sample)
    notes = lines_note + notes
    notes += _first_of_stacked(con, name)
    notes += _empty_rows(con, name)
    notes += _boolean_words(con, source, name, options)
    return [LoadedTable(name, str(path), notes=notes, encoding=source.encoding)]


STACKED_MAX_COLUMNS = 100
"""Wider files are not searched for a stacked header (the test is one comparison per cell and name)."""


def _first_of_stacked(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Keep only the first table of a file that stacks several under their own header rows.

    A later header is a row whose text cells are mostly the file's column names (two or more, at least
    half of them), or a row holding nothing but one name under another column (and an index): 'SKU' alone
    in the DATE column, or the header again with its columns shifted. A value that happens to be a column's
    name ('shipped' in a status column beside a shipped date) in a full row is no header. Rows from there on are another table; they are left out and the note
    says where the file was cut, so nothing is dropped silently."""
    names = [r[0] for r in con.execute(describe(name)).fetchall()]
    if not 2 <= len(names) <= STACKED_MAX_COLUMNS:
        return []
    known = exp.Tuple(expressions=[exp.Literal.string(n.strip().lower()) for n in names])

    def cell(c: str) -> exp.Expr:
        return exp.func("lower", exp.func("trim", exp.cast(column(c), "VARCHAR")))

    def count(conditions: Sequence[exp.Expr]) -> exp.Expr:
        return _sum_of(exp.cast(exp.func("coalesce", c, exp.false()), "INT") for c in conditions)

    hit = [exp.In(this=cell(c), expressions=list(known.expressions)) for c in names]
    text = [
        exp.and_(
            exp.NEQ(this=cell(c), expression=exp.Literal.string("")),
            exp.not_(exp.RegexpLike(this=cell(c), expression=exp.Literal.string(r"^[-+0-9.,%$ ]+$"))),
        )
        for c in names
    ]
    elsewhere = [
        exp.and_(h, exp.NEQ(this=cell(c), expression=exp.Literal.string(c.strip().lower())))
        for h, c in zip(hit, names, strict=True)
    ]
    filled = [
        exp.NEQ(this=exp.func("coalesce", cell(c), exp.Literal.string("")), expression=exp.Literal.string(""))
        for c in names
    ]
    own = [exp.EQ(this=cell(c), expression=exp.Literal.string(c.strip().lower())) for c in names]
    notes = _repeated_headers(con, name, own)
    hits, texts, moved, full = count(hit), count(text), count(elsewhere), count(filled)
    one, two = exp.Literal.number(1), exp.Literal.number(2)
    header_again = exp.or_(
        # the header again (shifted or not): two names or more, at least half of its text cells
        exp.and_(exp.GTE(this=hits, expression=two), exp.GTE(this=hits * 2, expression=texts)),
        # a lone name under another column, the row otherwise empty but for an index ('SKU' in DATE)
        exp.and_(
            exp.EQ(this=hits, expression=one),
            exp.EQ(this=texts, expression=one),
            exp.EQ(this=moved, expression=one),
            exp.LTE(this=full, expression=two),
        ),
    )
    first = exp.select(exp.func("min", exp.column("rowid"))).from_(table_ref(name)).where(header_again)
    (cut,) = con.execute(sql(first)).fetchone() or (None,)
    if not cut:
        return notes
    (rows,) = con.execute(count_rows(name)).fetchone() or (0,)
    kept = (
        exp.select("*")
        .from_(table_ref(name))
        .where(exp.LT(this=exp.column("rowid"), expression=exp.Literal.number(cut)))
    )
    con.execute(create_table(name, kept, replace=True))
    return [
        *notes,
        f"{name}: data row {cut + 1} starts another table stacked below the first (it repeats column names);"
        f" only the {cut} rows above it are read, {rows - cut} left out",
    ]


def _empty_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """Rows with no value in any cell (",,,,," lines of an export; a cell of only a stray mark such as '`' is
    none), or none but a date where a record has
    at least MIN_UNDATED other fields (a stray line holding only a timestamp): nothing to read; removed,
    and said."""
    described = con.execute(describe(name)).fetchall()
    names = [str(r[0]) for r in described]
    undated = [str(r[0]) for r in described if not str(r[1]).upper().startswith(("DATE", "TIME"))]
    notes = []
    for columns, said in ((names, "no value in any column"), (undated, "no value but a date")):
        if not columns or (columns is undated and len(undated) in (len(names), *range(MIN_UNDATED))):
            continue
        blank = [  # (a cell of only a stray mark, a backtick or a dash, holds no value either)
            exp.Not(
                this=exp.func(
                    "regexp_matches",
                    exp.func("coalesce", exp.cast(column(c), "VARCHAR"), exp.Literal.string("")),
                    exp.Literal.string(f"[{LETTERS_OR_DIGITS}]"),
                )
            )
            for c in columns
        ]
        empty = _remove_rows(con, name, exp.and_(*blank))
        notes += [f"{name}: {empty} empty rows ({said}) were removed"] if empty else []
    return notes


LETTERS_OR_DIGITS = r"\p{L}\p{N}"
"""What a cell of any value holds one of (a regex character class's inside); a cell of none is a stray mark
('|', '`', '-') or blank."""
MIN_UNDATED = 3
"""A row holding only a date is empty only where a record has at least this many other fields."""


def _repeated_headers(con: duckdb.DuckDBPyConnection, name: str, same: Sequence[exp.Expr]) -> list[str]:
    """Rows that are the file's own header again, cell for cell (files written one after another, each
    with its header): no data and no other table; removed, and said. Rows after them are kept."""
    repeats = _remove_rows(con, name, exp.and_(*(exp.func("coalesce", c, exp.false()) for c in same)))
    return (
        [f"{name}: {repeats} rows repeating the header row were removed (files joined one after another)"]
        if repeats
        else []
    )


def _remove_rows(con: duckdb.DuckDBPyConnection, name: str, where: exp.Expr) -> int:
    """Delete the rows of table `name` that meet `where` (the table made again without them); how many."""
    counted = exp.select(exp.func("count", exp.Star())).from_(table_ref(name)).where(where)
    (rows,) = con.execute(sql(counted)).fetchone() or (0,)
    if rows:
        kept = exp.select("*").from_(table_ref(name)).where(exp.not_(where.copy()))
        con.execute(create_table(name, kept, replace=True))
    return int(rows)


def _sum_of(terms: Iterable[exp.Expr]) -> exp.Expr:
    """`a + b + c`."""
    total: exp.Expr | None = None
    for t in terms:
        total = t if total is None else exp.Add(this=total, expression=t)
    return total if total is not None else exp.Literal.number(0)


BOOLEAN_HEAD_ROWS = 2048
"""Rows read again as text to tell which words DuckDB's reader turned into BOOLEAN."""


def _boolean_words(
    con: duckdb.DuckDBPyConnection, source: TextSource, name: str, options: dict[str, str | bool | int]
) -> list[str]:
    """'Churn: Yes/No read as BOOLEAN' for columns DuckDB's reader made BOOLEAN from words, not true/false."""
    flags = [r[0] for r in con.execute(describe(name)).fetchall() if r[1] == "BOOLEAN"]
    if not flags:
        return []
    extra: dict[str, str | bool | int] = {"all_varchar": True, **options} | (
        {"ignore_errors": True} if options else {}
    )
    trimmed = exp.func("trim", exp.column("value"))
    head = exp.select(*(column(c) for c in flags), copy=False).from_(read_csv(extra), copy=False)
    head = head.limit(BOOLEAN_HEAD_ROWS, copy=False)
    query = per_column(head, exp.func("list_sort", exp.func("list", exp.Distinct(expressions=[trimmed]))))
    try:  # one pass over the first rows, however many flags (UNPIVOT: one row per value)
        found = con.execute(sql(query), [str(source.path), source.duckdb_encoding]).fetchall()
    except duckdb.Error:
        return []
    words_of = dict(found)
    row = [words_of.get(c, []) for c in flags]
    notes = []
    for c, words in zip(flags, row or (), strict=False):
        shown = [w for w in words or () if w]
        if shown and {w.lower() for w in shown} - {"true", "false"}:
            true = next((w for w in shown if w.lower() in ("yes", "y", "true", "t", "1")), None)
            notes.append(
                f"{name}.{c}: {'/'.join(shown)} read as BOOLEAN" + (f" ({true} = true)" if true else "")
            )
    return notes


def _read_csv(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, source: TextSource, sample: str
) -> tuple[dict[str, str | bool | int], list[str]]:
    """Create the table; return the reader options it needed (a delimiter for a ragged file) and notes."""
    try:
        _create_csv(con, name, source, {})
    except duckdb.Error as e:
        if "Invalid unicode" in str(e) and source.duckdb_encoding == "utf-8":
            raise _NotUtf8 from e
        if not any(m in str(e) for m in RAGGED_ERRORS):
            raise DataError(f"{path}: could not read as CSV: {_first_line(e)}") from e
    else:
        title = _title_line(sample)
        if title is not None:
            # "Customer Data,,,,": a title above the header (a report's export), skipped
            con.execute(drop_table(name))
            options: dict[str, str | bool | int] = {"skip": 1, "header": True}
            _create_csv(con, name, source, options)
            return options, [f"{name}: the first line ('{title}') is a title above the header, skipped"]
        if not _sniffed_one_column(con, name):
            return {}, _names_of_quoted_header(con, name, sample)
        # A ragged table, or one column of text whose header has a comma: a table when the header and
        # most lines have the same number of fields; else the one column stays.
        if _delimiter(sample, RAGGED_MIN_SHARE) is None:
            return {}, []
        con.execute(drop_table(name))
    delim = _delimiter(sample)
    if delim is None:
        raise DataError(f"{path}: could not read as CSV: no delimiter splits its lines the same way")
    return _read_ragged(con, path, name, source, delim)


def _title_line(sample: str) -> str | None:
    """The text of a first line that holds one field and empty ones ("Customer Data,,,,,") above a line
    of as many fields, all named: a title above the header; None otherwise."""
    rows = list(csv.reader(sample.splitlines()[:3]))
    if len(rows) < 3 or len(rows[0]) < 3 or len(rows[1]) != len(rows[0]):
        return None
    first, header = rows[0], rows[1]
    if not first[0].strip() or any(f.strip() for f in first[1:]):
        return None
    if not all(h.strip() for h in header) or len({h.strip() for h in header}) != len(header):
        return None
    return first[0].strip()


RAGGED_MIN_SHARE = 0.5
"""Share of the sample's lines that must have the header's width before a one-column reading is split."""
RAGGED_ERRORS = ("Error when sniffing", "Expected Number of Columns", "TOO MANY COLUMNS", "MISSING COLUMNS")
"""DuckDB's messages when lines have different numbers of fields."""
MAX_BAD_LINES = 100
MAX_BAD_SHARE = 0.01
"""A file with more lines of the wrong width than both of these is refused (at its first bad line)."""
REJECTS = ("cra_rejects", "cra_rejects_scan")


def read_csv(options: dict[str, str | bool | int], function: str = "read_csv") -> exp.Expr:
    """`read_csv(?, encoding = ?, option = value, ...)` (or `sniff_csv` with the same arguments): the path
    and the encoding are parameters, the options literals."""
    named = [exp.EQ(this=exp.var(k), expression=exp.convert(v)) for k, v in options.items()]
    encoding = exp.EQ(this=exp.var("encoding"), expression=exp.Placeholder())
    return exp.Anonymous(this=function, expressions=[exp.Placeholder(), encoding, *named])


def _create_csv(
    con: duckdb.DuckDBPyConnection, name: str, source: TextSource, options: dict[str, str | bool | int]
) -> None:
    def create(more: dict[str, str | bool | int]) -> str:
        return create_table(name, exp.select("*").from_(read_csv(options | more)))

    args = [str(source.path), source.duckdb_encoding]
    try:
        con.execute(create({}), args)
    except duckdb.ConversionException:
        # A value late in the file does not fit the sniffed type: read text, cleaning decides the types.
        con.execute(create({"all_varchar": True}), args)
        return
    if _two_digit_year_first(con, args, options):
        # '15-01-22' sniffed as 2015-01-22: a two-digit year first is a guess (a day-month-year export
        # reads the same); read text, cleaning weighs the day and month orders over every value
        con.execute(drop_table(name))
        con.execute(create({"all_varchar": True}), args)


def _two_digit_year_first(
    con: duckdb.DuckDBPyConnection, args: list[str], options: dict[str, str | bool | int]
) -> bool:
    """Whether DuckDB sniffed dates or timestamps as a two-digit year first ('%y-%m-%d')."""
    sniff = read_csv(options, "sniff_csv")
    formats = con.execute(exp.select("DateFormat", "TimestampFormat").from_(sniff).sql("duckdb"), args)
    return any(str(f or "").startswith("%y") for f in formats.fetchone() or ())


GENERATED_NAME = re.compile(r"column\d+")
"""DuckDB's names for the columns of a file it read without a header (column00, column01, ...)."""


def _names_of_quoted_header(con: duckdb.DuckDBPyConnection, name: str, sample: str) -> list[str]:
    """A header row written as one quoted field ('"transaction_id,""transaction_date"",..."'): DuckDB
    skips it and names the columns column00...; its names are used when it holds as many as there are
    columns. Returns the note saying so, or nothing."""
    columns = [r[0] for r in con.execute(describe(name)).fetchall()]
    if not columns or not all(GENERATED_NAME.fullmatch(c) for c in columns):
        return []
    first = next(csv.reader(sample.splitlines()[:1]), [])
    if len(first) != 1:
        return []
    for delim in TEXT_DELIMITERS:
        names = [n.strip() for n in next(csv.reader([first[0]], delimiter=delim), [])]
        if len(names) == len(columns) and all(names) and len(set(names)) == len(names):
            query = exp.select(
                *(exp.column(c, quoted=True).as_(n, quoted=True) for c, n in zip(columns, names, strict=True))
            )
            con.execute(create_table(name, query.from_(table_ref(name)), replace=True))
            return [
                f"{name}: the header row is one quoted field; its {len(names)} names were used ({names[0]}, ...)"
            ]
    return []


def _sniffed_one_column(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """DuckDB's sniffer gives up on a ragged file with one column named like 'id,name,amount'."""
    columns = [r[0] for r in con.execute(describe(name)).fetchall()]
    return len(columns) == 1 and any(d in columns[0] for d in TEXT_DELIMITERS)


def _delimiter(sample: str, min_share: float = 0.0) -> str | None:
    """The delimiter most of the sample's lines agree on (by their number of fields), or None.

    The header must have that number of fields too: a one-column text file whose values hold commas
    is not a table.
    """
    lines = sample.splitlines()[:200]
    lines = lines[:-1] if len(lines) > 2 else lines  # the last line may be cut by the sample
    best: tuple[float, str] | None = None
    for d in TEXT_DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=d)]
        if len(widths) < 2:
            continue
        common = max(set(widths[1:]), key=widths[1:].count)
        share = widths[1:].count(common) / len(widths[1:])
        if common > 1 and widths[0] == common and share >= min_share and (best is None or share > best[0]):
            best = (share, d)
    return best[1] if best else None


def _read_ragged(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, source: TextSource, delim: str
) -> tuple[dict[str, str | bool | int], list[str]]:
    """Load the lines of the usual width; name the others (DuckDB's rejects table), or refuse."""
    options: dict[str, str | bool | int] = {"delim": delim, "header": True}
    rejects: dict[str, str | bool | int] = {
        "ignore_errors": True,
        "store_rejects": True,
        "rejects_table": REJECTS[0],
        "rejects_scan": REJECTS[1],
    }
    try:
        _create_csv(con, name, source, options | rejects)
        kinds_query = exp.select("error_type").distinct().from_(table_ref(REJECTS[0]))
        kinds = {r[0] for r in con.execute(sql(kinds_query)).fetchall()}
        if kinds - {"TOO MANY COLUMNS", "MISSING COLUMNS"}:  # values that do not fit a sniffed type
            con.execute(drop_table(name))
            _drop_rejects(con)
            _create_csv(con, name, source, options | rejects | {"all_varchar": True})
        bad_lines = from_template(
            "SELECT line, max(csv_line), count(*) FILTER (WHERE error_type = 'TOO MANY COLUMNS') "
            "FROM :rejects GROUP BY line ORDER BY line",
            rejects=REJECTS[0],
        )
        bad = con.execute(sql(bad_lines)).fetchall()
    except duckdb.Error as e:
        raise DataError(f"{path}: could not read as CSV: {_first_line(e)}") from e
    finally:
        _drop_rejects(con)
    width = len(con.execute(describe(name)).fetchall())
    rows = int((con.execute(count_rows(name)).fetchone() or (0,))[0])
    if not bad:
        return options, []

    def fields(text: str | None) -> int:
        return len(next(csv.reader([text or ""], delimiter=delim), []))

    def shown_fields(text: str | None) -> str:
        k = fields(text)
        return f"{k} field{'s' if k != 1 else ''}"

    first_line, first_text, _ = bad[0]
    if len(bad) > MAX_BAD_LINES and len(bad) > MAX_BAD_SHARE * (rows + len(bad)):
        con.execute(drop_table(name))
        raise DataError(
            f"{path}: line {first_line:,} has {fields(first_text)} fields where the header has {width} "
            f"(and {len(bad) - 1:,} more lines do not have {width}): not a regular table"
        )
    shown = ", ".join(f"{line:,} ({shown_fields(text)})" for line, text, _ in bad[:5]) + (
        ", ..." if len(bad) > 5 else ""
    )
    plural = "s" if len(bad) > 1 else ""
    note = f"{name}: left out {len(bad):,} line{plural} without {width} fields: line{plural} {shown}"
    return options, [note]


def _drop_rejects(con: duckdb.DuckDBPyConnection) -> None:
    for table in REJECTS:
        con.execute(drop_table(table, if_exists=True))


def _load_whitespace(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    name: str,
    source: TextSource,
    sample: str,
    n: int,
    header: bool,
) -> None:
    first = next(ln for ln in sample.splitlines() if ln.strip()).split()
    names = _unique(first) if header else [f"column{i}" for i in range(n)]
    lines = from_template(
        "SELECT string_split_regex(trim(line, E' \\t\\r'), '\\s+') AS parts FROM read_csv(?, encoding = ?, "
        "columns = {'line': 'VARCHAR'}, delim = E'\\x01', header = false, quote = '', escape = '', "
        "skip = :skip) WHERE trim(line, E' \\t\\r') <> ''",
        skip=exp.Literal.number(1 if header else 0),
    )
    parts = exp.column("parts")
    # offset=1: the index is written 1-based already (DuckDB lists), sqlglot must not shift it
    select = [
        exp.Bracket(this=parts.copy(), expressions=[exp.Literal.number(i + 1)], offset=1)
        for i in range(len(names))
    ]
    query = exp.select(
        *(e.as_(c, quoted=True, copy=False) for e, c in zip(select, names, strict=True)), copy=False
    )
    try:
        con.execute(
            create_table(name, query.from_(exp.Subquery(this=lines))),
            [str(source.path), source.duckdb_encoding],
        )
    except duckdb.Error as e:
        if "Invalid unicode" in str(e) and source.duckdb_encoding == "utf-8":
            raise _NotUtf8 from e
        raise DataError(f"{path}: could not read whitespace-separated columns: {_first_line(e)}") from e


# ---------------------------------------------------------------- binary formats


def _load_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str], options: LoadOptions
) -> list[LoadedTable]:
    claim(taken, name, str(path))
    try:
        parquet = exp.select("*").from_(exp.Anonymous(this="read_parquet", expressions=[exp.Placeholder()]))
        con.execute(create_table(name, parquet), [str(path)])
    except duckdb.Error as e:
        raise DataError(f"{path}: not a readable Parquet file: {_first_line(e)}") from e
    return [LoadedTable(name, str(path))]


def _load_json(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str], options: LoadOptions
) -> list[LoadedTable]:
    _check_text(path)
    override = options.encoding_of(name)
    source = _text_source(path, override)
    if source.duckdb_encoding != "utf-8":  # DuckDB's JSON reader reads UTF-8 only
        source = _transcoded(path, "utf_16_le", None, source.encoding)
    claim(taken, name, str(path))
    statement = create_table(
        name, exp.select("*").from_(exp.Anonymous(this="read_json", expressions=[exp.Placeholder()]))
    )
    try:
        con.execute(statement, [str(source.path)])
    except duckdb.Error as e:
        if "invalid UTF-8" not in str(e) or override:
            raise DataError(f"{path}: not readable JSON records: {_first_line(e)}") from e
        source = _legacy_source(path)
        try:
            con.execute(statement, [str(source.path)])
        except duckdb.Error as again:
            raise DataError(f"{path}: not readable JSON records: {_first_line(again)}") from again
    return [LoadedTable(name, str(path), encoding=source.encoding)]


def _load_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, name: str, taken: dict[str, str], options: LoadOptions
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
        top, body, skipped = sheet_table(rows)
        header = [str(h).strip() if h is not None else f"column{i}" for i, h in enumerate(top)]
        _create_from_rows(con, table, _unique(header), body)
        notes = (
            [
                f"{table}: the header is row {skipped + 1} of the sheet; {skipped} row(s) above it (a title) not read as data"
            ]
            if skipped
            else []
        )
        tables.append(LoadedTable(table, f"{path} [{title}]", notes=notes))
    return tables


HEADER_SCAN = 30
"""Rows of a sheet looked at for its header row (a report's title block above the table)."""


def sheet_table(rows: list[tuple]) -> tuple[tuple, list[tuple], int]:
    """(header, data rows, rows skipped above the header) of a sheet's non-empty rows: columns empty in
    every row dropped (a table starting at column B); the header is the first row of text filling as many
    cells as the fullest rows below it, so a title ('Adidas Sales Database') above it is not the header."""
    used = sorted({i for r in rows for i, v in enumerate(r) if v is not None})
    rows = [tuple(r[i] if i < len(r) else None for i in used) for r in rows]
    fullest = max(sum(v is not None for v in r) for r in rows[: HEADER_SCAN * 4])
    for at, r in enumerate(rows[:HEADER_SCAN]):
        cells = [v for v in r if v is not None]
        if len(cells) >= 0.8 * fullest and all(isinstance(v, str) for v in cells):
            return r, rows[at + 1 :], at
    return rows[0], rows[1:], 0


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
        con.execute(create_table(table, exp.select("*").from_(table_ref("__cra_rows"))))
    finally:
        con.unregister("__cra_rows")


def _whole(v: float) -> bool:
    """A whole number a 64-bit integer holds exactly (no NaN, no fraction)."""
    return isinstance(v, int) or (v == v and float(v).is_integer() and abs(v) < 2**53)


def _arrow_column(pa: Any, values: list) -> Any:
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {bool}:
        return pa.array(values, pa.bool_())
    if kinds and kinds <= {int}:
        return pa.array(values, pa.int64())
    if kinds and kinds <= {int, float} and all(_whole(v) for v in values if v is not None):
        # a workbook keeps every number as a double: 5.0 visits, lead number 660737.0 are whole numbers
        return pa.array([None if v is None else int(v) for v in values], pa.int64())
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
    try:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as e:
        raise DataError(f"{path}: cannot open SQLite file: {e}") from e
    tables: list[LoadedTable] = []
    texts = _SqliteText()
    src.text_factory = texts.factory
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
            cur = src.execute(exp.select("*").from_(table_ref(t)).sql(dialect="sqlite"))
            columns = _unique([d[0] for d in cur.description])
            rows = cur.fetchall()
            notes = texts.decode(rows, columns, table)
            _create_from_rows(con, table, columns, rows)
            info = src.execute("SELECT * FROM pragma_table_info(?)", [t]).fetchall()
            pk = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
            fks = []
            for row in src.execute("SELECT * FROM pragma_foreign_key_list(?)", [t]).fetchall():
                ref_table, col, ref_col = row[2], row[3], row[4]
                fks.append((col, f"{prefix}_{ref_table}" if prefix else ref_table, ref_col or ""))
            tables.append(LoadedTable(table, f"{path} [{t}]", pk, fks, from_database=True, notes=notes))
    except sqlite3.Error as e:
        raise DataError(f"{path}: cannot read SQLite file: {e}") from e
    finally:
        src.close()
    return tables


class _Undecoded(bytes):
    """A SQLite TEXT value whose bytes are not UTF-8 (decoded later, with the database's code page)."""


class _SqliteText:
    """Decodes SQLite TEXT per value: UTF-8 first, else the code page detected over the database's
    non-UTF-8 values (one code page per database; a table it does not fit gets its own)."""

    def __init__(self) -> None:
        self.encoding: str | None = None

    @staticmethod
    def factory(raw: bytes) -> str | bytes:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return _Undecoded(raw)

    def decode(self, rows: list[tuple], columns: list[str], table: str) -> list[str]:
        """Replace the undecoded values of `rows` in place; one note per column that had some."""
        found = [(i, j) for i, row in enumerate(rows) for j, v in enumerate(row) if isinstance(v, _Undecoded)]
        if not found:
            return []
        raw = [rows[i][j] for i, j in found]
        if self.encoding is None or not all(_decodes(v, self.encoding) for v in raw):
            self.encoding = charset.detect_values(raw) or "cp1252"
        encoding = self.encoding
        counts: dict[int, list[int]] = {}
        for i, j in found:
            row = list(rows[i])
            value = row[j]
            strict = _decodes(value, encoding)
            row[j] = value.decode(encoding, errors="replace")
            entry = counts.setdefault(j, [0, 0, 0])
            entry[0] += 1
            entry[1] += charset.non_ascii(value)
            entry[2] += not strict
            rows[i] = tuple(row)
        notes = []
        for j, (values, high, replaced) in sorted(counts.items()):
            line = (
                f"{table}.{columns[j]}: {values:,} values were not UTF-8 ({high:,} bytes not ASCII); "
                f"read as {charset.shown(encoding)}"
            )
            if replaced:
                line += f" ({replaced:,} of them hold bytes {charset.shown(encoding)} lacks: shown as U+FFFD)"
            notes.append(line)
        return notes


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _load_duckdb(
    con: duckdb.DuckDBPyConnection, path: Path, prefix: str | None, taken: dict[str, str]
) -> list[LoadedTable]:
    alias = "__cra_src"
    try:
        con.execute(
            sql(from_template("ATTACH ? AS :alias (READ_ONLY)", alias=exp.to_identifier(alias))), [str(path)]
        )
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
        schemas: dict[str, int] = {}
        for _, t in rows:
            schemas[t.lower()] = schemas.get(t.lower(), 0) + 1
        for schema, t in rows:
            shared = schemas[t.lower()] > 1  # one name in two schemas: all but main's get the schema's name
            own = f"{schema}_{t}" if shared and schema != "main" else t
            table = f"{prefix}_{own}" if prefix else own
            where = f"{schema}.{t}" if shared else t
            claim(taken, table, f"{path} [{where}]")
            con.execute(create_table(table, exp.select("*").from_(qualified(t, schema, alias))))
            pk, fk = fks.get(t, ((), [])) if not shared or schema == "main" else ((), [])
            tables.append(LoadedTable(table, f"{path} [{where}]", pk, fk, from_database=True))
    finally:
        con.execute(sql(from_template("DETACH :alias", alias=exp.to_identifier(alias))))
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


Loader = Callable[[duckdb.DuckDBPyConnection, Path, str, dict[str, str], LoadOptions], list[LoadedTable]]

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

DB_SUFFIXES = (".duckdb", ".db", ".ddb", ".sqlite", ".sqlite3", ".db3", ".sl3", ".s3db")
