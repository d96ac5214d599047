"""Text in legacy code pages loads with the right letters, and the profile says how it was read."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from catalog import Catalog, DataError
from catalog.charset import detect

NAMES = ["São Paulo", "Müller & Söhne", "Åsa Øster", "Señora Núñez", "Crème brûlée", "Straße 5"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- SQLite TEXT in a code page


def write_cp1252_sqlite(path: Path) -> Path:
    """A SQLite file whose TEXT values hold cp1252 bytes (as old Access/ODBC exports write them)."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE Customers (CustomerID INTEGER PRIMARY KEY, City TEXT, OrderDate timestamp)")
    for i, name in enumerate(NAMES * 3):
        # CAST(? AS TEXT) stores the raw bytes as TEXT without checking them, as those tools did
        con.execute(
            "INSERT INTO Customers VALUES (?, CAST(? AS TEXT), ?)",
            (i, name.encode("cp1252"), f"{1 + i % 12}/{1 + i}/1997 12:00:00 AM"),
        )
    con.execute("INSERT INTO Customers VALUES (100, 'Berlin', '7/4/1996 12:00:00 PM')")
    con.commit()
    con.close()
    return path


def test_sqlite_text_in_cp1252_loads_with_the_right_letters(tmp_path: Path) -> None:
    path = write_cp1252_sqlite(tmp_path / "shop.sl3")
    before = _sha(path)
    cat = Catalog.load([path])
    assert _sha(path) == before
    cities = [r[0] for r in cat.run("SELECT City FROM Customers ORDER BY CustomerID").rows]
    assert cities == NAMES * 3 + ["Berlin"]
    non_ascii = sum(len(n.encode("cp1252")) - len(n.encode("ascii", "ignore")) for n in NAMES * 3)
    assert (
        f"Customers.City: {len(NAMES) * 3} values were not UTF-8 ({non_ascii} bytes not ASCII); read as cp1252"
        in cat.changes
    )


def test_sqlite_dates_with_am_pm_become_timestamps(tmp_path: Path) -> None:
    cat = Catalog.load([write_cp1252_sqlite(tmp_path / "shop.sqlite")])
    col = cat.model.tables["Customers"].columns["OrderDate"]
    assert col.dtype == "TIMESTAMP"
    row = cat.run("SELECT OrderDate FROM Customers WHERE CustomerID = 100").rows[0][0]
    assert (row.year, row.month, row.day, row.hour) == (1996, 7, 4, 12)
    row = cat.run("SELECT OrderDate FROM Customers WHERE CustomerID = 0").rows[0][0]
    assert (row.year, row.month, row.day, row.hour) == (1997, 1, 1, 0)
    assert "Customers.OrderDate: text -> TIMESTAMP (from M/D/YYYY H:MM:SS AM)" in cat.changes


def test_sl3_that_is_not_sqlite_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "data.sl3"
    path.write_text("id,name\n1,a\n")
    with pytest.raises(DataError, match="not a SQLite or DuckDB database"):
        Catalog.load([path])


def test_northwind_loads_with_cp1252_letters_and_real_dates(datasets: Path) -> None:
    path = datasets / "northwind" / "Northwind.sl3"
    if not path.is_file():
        pytest.skip("northwind/Northwind.sl3 is not in ../shared/datasets")
    cat = Catalog.load([path])
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    src.text_factory = bytes
    raw = src.execute("SELECT CustomerID, City FROM Customers").fetchall()
    src.close()
    # the independent reading: every value is UTF-8 or else cp1252
    expected = {}
    for key, city in raw:
        try:
            expected[key.decode()] = city.decode("utf-8")
        except UnicodeDecodeError:
            expected[key.decode()] = city.decode("cp1252")
    assert dict(cat.run("SELECT CustomerID, City FROM Customers").rows) == expected
    assert {"München", "Århus", "México D.F."} <= set(expected.values())
    assert any(line.startswith("Orders.ShipCity: ") and "read as cp1252" in line for line in cat.changes)
    assert cat.model.tables["Orders"].columns["OrderDate"].dtype == "TIMESTAMP"


# ---------------------------------------------------------------- the detector


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Straße;Müller;São Paulo;Ñandú;Cœur;€ 12,50\n" * 3),
        ("cp850", "Straße;Müller;Åsa;Ñandú;Björk;Gérard\n" * 3),
        ("shift_jis", "東京都;山田太郎;カスタマー;大阪府\n" * 3),
    ],
)
def test_detect_prefers_the_code_page_that_was_written(encoding: str, text: str) -> None:
    raw = ("id;name\n" + text).encode(encoding)
    assert raw.decode(detect(raw) or "ascii") == raw.decode(encoding)
