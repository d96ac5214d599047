"""Loading every supported format into the catalog, and the errors bad inputs give (real DuckDB, tiny files)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from tables import load_unchanged

from catalog import Catalog, DataError, QueryError, snake_case

ROWS = [
    ("c1", "Basic", 10.5, "2024-01-05"),
    ("c2", "Pro", 20.0, "2024-02-11"),
    ("c3", "Pro", 30.25, "2024-03-20"),
]
HEADER = ("customer_id", "plan", "monthly_fee", "signup_date")


def _csv(path: Path, sep: str = ",", prefix: bytes = b"", newline: str = "\n") -> Path:
    lines = [sep.join(HEADER)] + [sep.join(str(v) for v in r) for r in ROWS]
    path.write_bytes(prefix + newline.join(lines).encode() + newline.encode())
    return path


def write_csv(tmp: Path) -> Path:
    return _csv(tmp / "customers.csv")


def write_tsv(tmp: Path) -> Path:
    return _csv(tmp / "customers.tsv", sep="\t", newline="\r\n")


def write_bom_csv(tmp: Path) -> Path:
    return _csv(tmp / "customers.csv", prefix=b"\xef\xbb\xbf", newline="\r\n")


def write_whitespace_txt(tmp: Path) -> Path:
    lines = ["  " + "   ".join(HEADER)] + [" " + "  ".join(str(v) for v in r) + "   " for r in ROWS]
    (tmp / "customers.txt").write_text("\n".join(lines) + "\n")
    return tmp / "customers.txt"


def write_parquet(tmp: Path) -> Path:
    path = tmp / "customers.parquet"
    con = duckdb.connect()
    con.execute("CREATE TABLE t (customer_id VARCHAR, plan VARCHAR, monthly_fee DOUBLE, signup_date DATE)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", ROWS)
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    return path


def write_json(tmp: Path) -> Path:
    path = tmp / "customers.json"
    path.write_text(json.dumps([dict(zip(HEADER, r, strict=True)) for r in ROWS]))
    return path


def write_ndjson(tmp: Path) -> Path:
    path = tmp / "customers.ndjson"
    path.write_text("\n".join(json.dumps(dict(zip(HEADER, r, strict=True))) for r in ROWS) + "\n")
    return path


def write_xlsx(tmp: Path) -> Path:
    import openpyxl

    path = tmp / "customers.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in ROWS:
        sheet.append(list(r))
    book.save(path)
    return path


FORMATS: dict[str, Callable[[Path], Path]] = {
    "csv": write_csv,
    "tsv": write_tsv,
    "bom_csv": write_bom_csv,
    "whitespace_txt": write_whitespace_txt,
    "parquet": write_parquet,
    "json": write_json,
    "ndjson": write_ndjson,
    "xlsx": write_xlsx,
}


@pytest.mark.parametrize("kind", FORMATS)
def test_each_file_format_loads_the_same_table(tmp_path: Path, kind: str) -> None:
    path = FORMATS[kind](tmp_path)
    cat = load_unchanged(path)
    assert list(cat.model.tables) == ["customers"]
    rows = cat.con.execute(
        "SELECT customer_id, plan, monthly_fee, signup_date::VARCHAR FROM customers ORDER BY customer_id"
    ).fetchall()
    assert [(a, b, float(c), d) for a, b, c, d in rows] == [(a, b, c, d) for a, b, c, d in ROWS]
    table = cat.model.tables["customers"]
    assert table.columns["monthly_fee"].dtype == "DOUBLE"
    assert table.columns["signup_date"].dtype == "DATE"


def test_name_from_spec_overrides_the_stem(tmp_path: Path) -> None:
    path = write_csv(tmp_path)
    cat = Catalog.load([f"clients={path}"])
    assert list(cat.model.tables) == ["clients"]
    assert cat.run("SELECT count(*) FROM clients").rows == ((3,),)


def test_file_stem_becomes_snake_case(tmp_path: Path) -> None:
    path = _csv(tmp_path / "Customer Orders-2024.csv")
    assert list(Catalog.load([path]).model.tables) == ["customer_orders_2024"]
    assert snake_case("WA_Fn-UseC_-Telco-Customer-Churn") == "wa_fn_use_c_telco_customer_churn"


def write_sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, name TEXT, joined TEXT);
        CREATE TABLE Orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES Customers(customer_id),
                             amount REAL, status TEXT);
        INSERT INTO Customers VALUES (1, 'Ann', '2020-01-01 10:00:00'), (2, 'Bob', '2021-06-30 08:30:00');
        INSERT INTO Orders VALUES (10, 1, 9.5, 'paid'), (11, 1, 20.0, 'paid'), (12, 2, 5.25, 'refunded');
        """
    )
    con.commit()
    con.close()
    return path


def test_sqlite_file_loads_every_table_and_its_foreign_keys(tmp_path: Path) -> None:
    path = write_sqlite(tmp_path / "shop.sqlite")
    cat = load_unchanged(path)
    assert sorted(cat.model.tables) == ["Customers", "Orders"]
    assert cat.run("SELECT sum(amount) FROM Orders").rows == ((34.75,),)
    orders = cat.model.tables["Orders"]
    assert orders.key == "order_id"
    assert orders.columns["customer_id"].references == ("Customers", "customer_id")
    assert cat.model.tables["Customers"].columns["joined"].dtype == "TIMESTAMP"
    assert [(r.table, r.column, r.ref_table, r.ref_column) for r in cat.model.relations] == [
        ("Orders", "customer_id", "Customers", "customer_id")
    ]
    assert not list(tmp_path.glob("shop.sqlite-*")), "no journal or WAL file may appear beside the data"


def test_duckdb_file_loads_read_only_copies(tmp_path: Path) -> None:
    path = tmp_path / "crm.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, plan VARCHAR)")
    con.execute(
        "CREATE TABLE orders (order_id INTEGER, customer_id INTEGER REFERENCES customers(id), total DOUBLE)"
    )
    con.execute("INSERT INTO customers VALUES (1, 'Basic'), (2, 'Pro'), (3, 'Pro')")
    con.execute("INSERT INTO orders VALUES (1, 1, 10.0), (2, 2, 12.5), (3, 2, 7.5)")
    con.close()
    cat = load_unchanged(path)
    assert sorted(cat.model.tables) == ["customers", "orders"]
    assert cat.run("SELECT count(*) FROM orders").rows == ((3,),)
    assert cat.model.tables["orders"].columns["customer_id"].references == ("customers", "id")
    assert cat.con.execute("SELECT count(*) FROM duckdb_databases() WHERE NOT internal").fetchone()[0] == 1


def test_folder_loads_every_loadable_file(tmp_path: Path) -> None:
    write_csv(tmp_path)
    (tmp_path / "orders.tsv").write_text("order_id\tcustomer_id\tamount\no1\tc1\t5\no2\tc1\t7\no3\tc3\t1\n")
    (tmp_path / "notes.md").write_text("not data")
    cat = Catalog.load([tmp_path])
    assert sorted(cat.model.tables) == ["customers", "orders"]
    orders = cat.model.tables["orders"]
    assert orders.columns["customer_id"].references == ("customers", "customer_id")
    assert orders.key == "order_id"


def test_catalog_run_refuses_anything_but_select(tmp_path: Path) -> None:
    cat = Catalog.load([write_csv(tmp_path)])
    with pytest.raises(QueryError):
        cat.run("DROP TABLE customers")
    with pytest.raises(QueryError):
        cat.run("SELECT 1; SELECT 2")
    with pytest.raises(QueryError, match="no column .nope."):
        cat.run("SELECT nope FROM customers")
    result = cat.run("SELECT * FROM customers", limit=2)
    assert result.row_count == 3 and len(result.rows) == 2


def test_fingerprint_is_stable_and_changes_with_data(tmp_path: Path) -> None:
    a = Catalog.load([write_csv(tmp_path)]).fingerprint()
    assert a == Catalog.load([tmp_path / "customers.csv"]).fingerprint()
    other = tmp_path / "other"
    other.mkdir()
    (other / "customers.csv").write_text("customer_id,plan\nc1,Basic\n")
    assert Catalog.load([other / "customers.csv"]).fingerprint() != a


# ------------------------------------------------------------------ errors


def _garbage(tmp: Path) -> Path:
    path = tmp / "data.csv"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "data.csv"
    path.write_bytes(b"")
    return path


def _blank(tmp: Path) -> Path:
    path = tmp / "data.csv"
    path.write_text("\n\n  \n")
    return path


def _unsupported(tmp: Path) -> Path:
    path = tmp / "data.pdf"
    path.write_text("%PDF-1.4")
    return path


def _bad_parquet(tmp: Path) -> Path:
    path = tmp / "data.parquet"
    path.write_text("a,b\n1,2\n")
    return path


def _bad_xlsx(tmp: Path) -> Path:
    path = tmp / "data.xlsx"
    path.write_text("a,b\n1,2\n")
    return path


def _fake_sqlite(tmp: Path) -> Path:
    path = tmp / "data.sqlite"
    path.write_text("hello")
    return path


def _empty_folder(tmp: Path) -> Path:
    folder = tmp / "nothing"
    folder.mkdir()
    (folder / "readme.md").write_text("no data here")
    return folder


def _missing(tmp: Path) -> Path:
    return tmp / "missing.csv"


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing file": (_missing, "no such file"),
    "empty file": (_empty, "empty"),
    "blank file": (_blank, "empty"),
    "binary garbage": (_garbage, "binary"),
    "unsupported extension": (_unsupported, "unsupported file type '.pdf'"),
    "bad parquet": (_bad_parquet, "not a readable Parquet file"),
    "bad xlsx": (_bad_xlsx, "not a readable Excel"),
    "fake sqlite": (_fake_sqlite, "not a SQLite or DuckDB database"),
    "folder with nothing loadable": (_empty_folder, "no loadable files"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_inputs_give_one_line_data_errors(tmp_path: Path, case: str) -> None:
    make, message = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(DataError, match=message) as info:
        Catalog.load([path])
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_two_tables_with_one_name_is_an_error(tmp_path: Path) -> None:
    a = _csv(tmp_path / "customers.csv")
    (tmp_path / "b").mkdir()
    b = _csv(tmp_path / "b" / "Customers.tsv", sep="\t")
    with pytest.raises(DataError, match="two tables are named"):
        Catalog.load([a, b])
    assert sorted(Catalog.load([a, f"more={b}"]).model.tables) == ["customers", "more"]


def test_no_specs_is_an_error() -> None:
    with pytest.raises(DataError):
        Catalog.load([])


def test_latin1_csv_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_bytes("name,city\nJosé,Köln\nAnna,Bonn\n".encode("latin-1"))
    cat = Catalog.load([path])
    assert cat.run("SELECT name, city FROM cities ORDER BY name").rows == (("Anna", "Bonn"), ("José", "Köln"))


def test_importing_the_catalog_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, catalog.database, catalog.profile; "
        "print([m for m in ('pandas', 'sklearn', 'textual', 'openpyxl', 'pyarrow') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
