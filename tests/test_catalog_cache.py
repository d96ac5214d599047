"""The catalog cache: a second load of the same files opens the stored tables, and never stale ones."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from catalog import Catalog, digests
from catalog import cache as catalog_cache

ROWS = "id,plan,amount,signup\n1,basic, 10.5,2024-01-02\n2,pro,20,2024-02-03\n3,pro,,2024-03-04\n"


def _state(cat: Catalog) -> tuple:
    return (dataclasses.asdict(cat.model), cat.changes, cat.suspicious)


def _entries() -> list[Path]:
    return sorted(catalog_cache.folder().glob("*.pickle"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "customers.csv").write_text(ROWS, encoding="utf-8")
    return folder


def test_second_load_is_a_hit_with_the_same_model_and_rows(data: Path) -> None:
    first = Catalog.load([data])
    assert len(_entries()) == 1
    second = Catalog.load([data])
    assert _state(second) == _state(first)
    sql = "SELECT * FROM customers ORDER BY id"
    assert second.run(sql).rows == first.run(sql).rows
    assert second.con.execute("SELECT typeof(signup) FROM customers LIMIT 1").fetchone() == ("DATE",)


def test_a_hit_really_comes_from_the_cache(data: Path) -> None:
    Catalog.load([data])
    entry = catalog_cache.key([data])
    assert entry is not None and (catalog_cache.folder() / f"{entry}.duckdb").is_file()
    con, (model, _, _) = catalog_cache.read(entry)  # type: ignore[misc]  # a hit here, never None
    assert con.execute("SELECT count(*) FROM customers").fetchone() == (3,)
    assert model.tables["customers"].row_count == 3


def test_a_changed_file_is_loaded_again(data: Path) -> None:
    assert Catalog.load([data]).model.tables["customers"].row_count == 3
    path = data / "customers.csv"
    path.write_text(ROWS + "4,basic,5,2024-04-05\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert Catalog.load([data]).model.tables["customers"].row_count == 4
    assert len(_entries()) == 2


def test_the_name_given_is_part_of_the_key(data: Path) -> None:
    path = data / "customers.csv"
    assert list(Catalog.load([f"clients={path}"]).model.tables) == ["clients"]
    assert list(Catalog.load([path]).model.tables) == ["customers"]


def test_config_is_applied_after_the_cache_and_never_stored(data: Path, tmp_path: Path) -> None:
    config = tmp_path / "cra.toml"
    config.write_text('[tables.customers]\nentity = "accounts"\n', encoding="utf-8")
    assert Catalog.load([data], config=config).model.tables["customers"].entity == "accounts"
    assert Catalog.load([data], config=config).model.tables["customers"].entity == "accounts"
    assert Catalog.load([data]).model.tables["customers"].entity == "customers"


def test_off_switch_and_damaged_entries(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setenv("CRA_NO_CACHE", "1")
        Catalog.load([data])
        assert _entries() == []
    Catalog.load([data])
    (entry,) = _entries()
    entry.write_bytes(b"not a pickle")
    assert Catalog.load([data]).model.tables["customers"].row_count == 3  # a miss, loaded again


def test_missing_data_is_still_a_data_error(tmp_path: Path) -> None:
    from catalog import DataError

    with pytest.raises(DataError, match="no such file"):
        Catalog.load([tmp_path / "nope.csv"])


def test_an_unwritable_cache_folder_does_not_break_loading(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CRA_CACHE_DIR", str(blocker))
    assert Catalog.load([data]).model.tables["customers"].row_count == 3
    assert Catalog.load([data]).run("SELECT count(*) FROM customers").rows == ((3,),)


def test_a_damaged_database_file_is_a_miss_and_is_written_again(data: Path) -> None:
    Catalog.load([data])
    entry = catalog_cache.key([data])
    db = catalog_cache.folder() / f"{entry}.duckdb"
    db.write_bytes(b"garbage" * 100)
    assert Catalog.load([data]).run("SELECT count(*) FROM customers").rows == ((3,),)
    assert catalog_cache.read(entry) is not None  # rebuilt


def test_an_edit_keeping_size_and_modification_time_is_seen(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digests, "RACY_SECONDS", -60.0)  # remember digests at once
    path = data / "customers.csv"
    Catalog.load([data])
    remembered = json.loads((catalog_cache.folder() / "digests.json").read_text())
    assert remembered[str(path.resolve())]["settled"] is True
    before = path.stat()
    path.write_text(ROWS.replace("20,", "90,"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification time
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    cat = Catalog.load([data])
    assert cat.run("SELECT amount FROM customers WHERE id = 2").rows == ((90,),)


def test_the_key_is_the_content_not_the_path_details(data: Path, tmp_path: Path) -> None:
    key = catalog_cache.key([data])
    path = data / "customers.csv"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5 * 10**9))  # touched only
    assert catalog_cache.key([data]) == key
    path.write_text(ROWS.replace("basic", "BASIC"), encoding="utf-8")
    assert catalog_cache.key([data]) != key


def test_a_hit_opens_the_stored_file_read_only(data: Path) -> None:
    Catalog.load([data])
    hit = Catalog.load([data])
    name = hit.con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    assert name == catalog_cache.key([data])
    with pytest.raises(Exception, match="read-only|Cannot execute"):
        hit.con.execute("CREATE TABLE evil AS SELECT 1")


def test_an_entry_cut_short_is_a_miss(data: Path) -> None:
    Catalog.load([data])
    entry = catalog_cache.key([data])
    db = catalog_cache.folder() / f"{entry}.duckdb"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    assert catalog_cache.read(entry) is None
    assert Catalog.load([data]).run("SELECT count(*) FROM customers").rows == ((3,),)
