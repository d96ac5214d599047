"""Text files whose lines end in a carriage return alone (Excel for Mac's "CSV (Macintosh)"): DuckDB's reader
does not split them; they are read from a cached copy with newlines, the user's file untouched."""

from __future__ import annotations

from pathlib import Path

from catalog import Catalog


def test_lines_ending_in_a_lone_carriage_return_are_rows(tmp_path: Path) -> None:
    rows = ["Loan_ID;Gender;Income;Status"] + [
        f"LP{i:04d};{'Male' if i % 3 else 'Female'};{1000 + i};Y" for i in range(40)
    ]
    path = tmp_path / "loans.csv"
    data = ("\r".join(rows) + "\r\n").encode()
    path.write_bytes(data)
    cat = Catalog.load([path])
    assert list(cat.model.tables["loans"].columns) == ["Loan_ID", "Gender", "Income", "Status"]
    assert cat.run("SELECT count(*), sum(Income) FROM loans").rows == (
        (40, sum(1000 + i for i in range(40))),
    )
    assert any("carriage return alone" in c for c in cat.changes)
    assert path.read_bytes() == data  # the user's file is only read


def test_windows_line_ends_are_left_to_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(b"id,amount\r\n1,10\r\n2,20\r\n")
    cat = Catalog.load([path])
    assert cat.run("SELECT sum(amount) FROM orders").rows == ((30,),)
    assert not any("carriage return" in c for c in cat.changes)


def test_whole_numbers_of_a_workbook_are_integers(tmp_path: Path) -> None:
    """A workbook keeps every number as a double: 5.0 visits and lead number 660737.0 load as integers
    (counted in whole numbers), while a column with a fraction stays a double."""
    import openpyxl

    path = tmp_path / "leads.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Lead Number", "TotalVisits", "Page Views Per Visit"])
    for i in range(30):
        sheet.append([660000.0 + i, float(i % 7) if i % 9 else None, 1.5 + i])
    book.save(path)
    cat = Catalog.load([path])
    types = {name: col.dtype for name, col in cat.model.tables["leads"].columns.items()}
    assert types["Lead Number"] == "BIGINT" and types["TotalVisits"] == "BIGINT"
    assert types["Page Views Per Visit"] == "DOUBLE"
    assert cat.run('SELECT sum("TotalVisits") FROM leads').rows == (
        (sum(i % 7 for i in range(30) if i % 9),),
    )
