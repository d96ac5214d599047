"""Text in legacy code pages loads with the right letters, and the profile says how it was read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tables import load_unchanged

from catalog import Catalog, DataError
from catalog.charset import detect

NAMES = ["São Paulo", "Müller & Söhne", "Åsa Øster", "Señora Núñez", "Crème brûlée", "Straße 5"]


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
    cat = load_unchanged(path)
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


# ---------------------------------------------------------------- text files

CITIES = ["München", "São Paulo", "Århus", "Málaga", "Zürich", "Genève"]


def _rows(cities: list[str]) -> str:
    lines = ["id,name,city,amount"] + [f"{i},Client {i},{c},{i * 1.5}" for i, c in enumerate(cities * 4)]
    return "\n".join(lines) + "\n"


def _cities(cat: Catalog, table: str) -> list[str]:
    return [r[0] for r in cat.run(f"SELECT city FROM {table} ORDER BY id").rows]


def _non_ascii(data: bytes) -> int:
    return sum(1 for b in data if b >= 0x80)


@pytest.mark.parametrize(
    ("encoding", "cities", "shown"),
    [
        ("cp1252", CITIES, "cp1252"),
        ("cp850", CITIES, "cp850"),
        ("latin-1", CITIES, "cp1252"),  # cp1252 reads every letter of latin-1 the same
        ("shift_jis", ["東京都", "大阪府", "京都市", "札幌市", "横浜市", "名古屋市"], "cp932"),
    ],
)
def test_a_legacy_code_page_file_loads_with_the_right_letters(
    tmp_path: Path, encoding: str, cities: list[str], shown: str
) -> None:
    raw = _rows(cities).encode(encoding)
    path = tmp_path / "customers.csv"
    path.write_bytes(raw)
    cat = Catalog.load([path])
    assert _cities(cat, "customers") == cities * 4
    assert path.read_bytes() == raw, "the user's file is never written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["customers.csv"], "nothing is written beside it"
    enc = cat.model.tables["customers"].encoding
    assert enc is not None and (enc["name"], enc["chosen_by"]) == (shown, "detected")
    assert enc["non_ascii_bytes"] == _non_ascii(raw)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_loads(tmp_path: Path, encoding: str) -> None:
    raw = _rows(CITIES).encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / "customers.csv"
    path.write_bytes(raw)
    cat = Catalog.load([path])
    assert _cities(cat, "customers") == CITIES * 4
    enc = cat.model.tables["customers"].encoding
    assert enc is not None and enc["name"].startswith("utf-16") and enc["chosen_by"] == "bom"


def test_utf8_is_read_in_place_and_its_non_ascii_bytes_counted(tmp_path: Path) -> None:
    raw = _rows(CITIES).encode("utf-8")
    path = tmp_path / "customers.csv"
    path.write_bytes(raw)
    cat = Catalog.load([path])
    assert _cities(cat, "customers") == CITIES * 4
    enc = cat.model.tables["customers"].encoding
    assert enc is not None and (enc["name"], enc["non_ascii_bytes"]) == ("utf-8", _non_ascii(raw))
    cache = Path(os.environ["CRA_CACHE_DIR"]) / "text"
    assert not cache.exists() or not any(cache.iterdir()), "a UTF-8 file is not copied"


def test_a_utf8_file_with_a_pasted_cp1252_line_says_which_lines(tmp_path: Path) -> None:
    text = _rows(CITIES)
    raw = text.encode("utf-8").replace("Client 7,São".encode(), "Client 7,São".encode("cp1252"))
    path = tmp_path / "customers.csv"
    path.write_bytes(raw)
    cat = Catalog.load([path])
    assert _cities(cat, "customers") == CITIES * 4
    enc = cat.model.tables["customers"].encoding
    assert enc is not None
    assert (enc["name"], enc["fallback"], enc["fallback_lines"], enc["first_fallback_lines"]) == (
        "utf-8", "cp1252", 1, [9]
    )  # fmt: skip
    from catalog.profile import profile, render_profile

    assert "1 line not UTF-8 read as cp1252 (line 9)" in render_profile(profile(cat))


def test_invalid_bytes_in_a_utf8_file_give_one_line_naming_line_and_byte(tmp_path: Path) -> None:
    raw = _rows(CITIES).encode("utf-8").replace(b"Client 13,", b"Cli\x81nt 13,")
    path = tmp_path / "customers.csv"
    path.write_bytes(raw)
    with pytest.raises(DataError) as err:
        Catalog.load([path])
    message = str(err.value)
    assert "\n" not in message
    assert "line 15: byte 0x81 (character 7) is neither utf-8 nor cp1252" in message
    assert "--encoding" in message


def test_encoding_option_overrides_the_guess(tmp_path: Path) -> None:
    raw = _rows(CITIES).encode("cp850")
    path = tmp_path / "customers.csv"
    path.write_bytes(raw)
    wrong = Catalog.load([path], encoding="latin-1")  # a person's choice wins, even a wrong one
    # (cp850's 'á' read as latin-1 is a non-breaking space, which loading makes a plain space, said)
    misread = [c.encode("cp850").decode("latin-1").replace("\u00a0", " ") for c in CITIES]
    assert _cities(wrong, "customers") == misread * 4
    enc = wrong.model.tables["customers"].encoding
    assert enc is not None and (enc["name"], enc["chosen_by"]) == ("latin-1", "option")
    assert _cities(Catalog.load([path], encoding="IBM850"), "customers") == CITIES * 4


def test_encoding_option_that_does_not_fit_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(_rows(["東京都"]).encode("shift_jis"))
    with pytest.raises(DataError, match=r"line 2: byte 0x93 \(character \d+\) is not valid utf-8"):
        Catalog.load([path], encoding="utf-8")
    with pytest.raises(DataError, match="unknown encoding 'klingon'"):
        Catalog.load([path], encoding="klingon")


def test_cra_toml_names_the_encoding_of_one_file(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_bytes(_rows(CITIES).encode("cp850"))
    (tmp_path / "orders.csv").write_bytes(_rows(CITIES).encode("utf-8"))
    (tmp_path / "cra.toml").write_text('[tables.customers]\nencoding = "cp437"\n')
    cat = Catalog.load([tmp_path])
    assert _cities(cat, "customers") == [c.encode("cp850").decode("cp437") for c in CITIES] * 4
    assert cat.model.tables["customers"].encoding["chosen_by"] == "option"  # type: ignore[index]
    assert cat.model.tables["orders"].encoding["chosen_by"] == "detected"  # type: ignore[index]


def test_a_transcoded_file_is_copied_once_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(_rows(CITIES).encode("cp1252"))
    monkeypatch.setenv("CRA_NO_CACHE", "1")  # the catalog cache would hide the second read
    copies = Path(os.environ["CRA_CACHE_DIR"]) / "text"
    first = Catalog.load([path])
    (copy,) = copies.glob("*.csv")
    stamp = copy.stat().st_ino
    again = Catalog.load([path])  # the reading is remembered: no scan, no transcoding
    assert _cities(again, "customers") == CITIES * 4
    assert again.model.tables["customers"].encoding == first.model.tables["customers"].encoding
    assert [p.stat().st_ino for p in copies.glob("*.csv")] == [stamp]


def test_profile_says_how_each_text_file_was_read(tmp_path: Path) -> None:
    from catalog.profile import profile, render_profile

    raw = _rows(CITIES).encode("cp1252")
    (tmp_path / "customers.csv").write_bytes(raw)
    d = profile(Catalog.load([tmp_path / "customers.csv"]))
    assert d["tables"][0]["encoding"]["name"] == "cp1252"
    assert f"read as cp1252 (detected), {_non_ascii(raw)} bytes not ASCII" in render_profile(d)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_json_in_another_encoding_loads(tmp_path: Path, encoding: str) -> None:
    import json

    records = [{"id": i, "city": c} for i, c in enumerate(CITIES)]
    path = tmp_path / "customers.json"
    path.write_bytes(json.dumps(records, ensure_ascii=False).encode(encoding))
    cat = Catalog.load([path])
    assert _cities(cat, "customers") == CITIES
    enc = cat.model.tables["customers"].encoding
    assert enc is not None and enc["name"] == ("cp1252" if encoding == "cp1252" else "utf-16")


def test_cra_profile_with_encoding_option_and_a_bad_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from assistant.cli import main

    path = tmp_path / "customers.csv"
    path.write_bytes(_rows(CITIES).encode("cp850"))
    assert main(["profile", "--data", str(path), "--encoding", "cp850"]) == 0
    out = capsys.readouterr().out
    assert "read as cp850 (as set)" in out and "München" in out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_rows(CITIES).encode("utf-8").replace(b"Client 2,", b"Cli\x90nt 2,"))
    assert main(["profile", "--data", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "line 4: byte 0x90" in err[0]
