"""Bounded: DuckDB's memory is limited (a share of RAM, or $CRA_MEMORY_LIMIT), it spills into the cache
folder (never ./.tmp), and what is fetched into Python has a ceiling while the full count is stated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalog import Catalog, DataError, safety

MIB = 2**20


def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("person_id,fee\n" + "".join(f"{i},{i % 90}\n" for i in range(1, 201)))
    return path


def limit_bytes(catalog: Catalog) -> float:
    value = catalog.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    number, unit = value.split()
    return float(number) * {"KiB": 2**10, "MiB": MIB, "GiB": 2**30, "TiB": 2**40}[unit]


def test_memory_limit_is_a_share_of_ram_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(safety.MEMORY_ENV, raising=False)
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    got = limit_bytes(Catalog.load([str(people(tmp_path))]))
    assert abs(got - ram * safety.MEMORY_SHARE) < 0.02 * ram


@pytest.mark.parametrize(("given", "expected_mib"), [("300MB", 300 * 10**6 / MIB), ("1GiB", 1024)])
def test_memory_limit_is_configurable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, expected_mib: float
) -> None:
    monkeypatch.setenv(safety.MEMORY_ENV, given)
    got = limit_bytes(Catalog.load([str(people(tmp_path))]))
    assert abs(got / MIB - expected_mib) < 2


def test_a_share_and_a_bad_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    monkeypatch.setenv(safety.MEMORY_ENV, "10%")
    assert abs(limit_bytes(Catalog.load([str(people(tmp_path))])) - ram * 0.1) < 0.02 * ram
    monkeypatch.setenv(safety.MEMORY_ENV, "lots")
    with pytest.raises(DataError, match="not a memory size"):
        Catalog.load([str(people(tmp_path))])


def test_spills_into_the_cache_folder_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(safety.MEMORY_ENV, "60MB")
    catalog = Catalog.load([str(people(tmp_path))])
    spill = Path(catalog.con.execute("SELECT current_setting('temp_directory')").fetchone()[0])
    assert spill.is_relative_to(tmp_path / "cache")
    # larger than the memory limit: DuckDB must spill (external access is off, spilling still works)
    catalog.con.execute(
        "CREATE TEMP TABLE big AS SELECT range AS x, hash(range) AS h, md5(range::VARCHAR) AS s FROM range(2000000)"
    )
    n = catalog.con.execute(
        "SELECT count(*) FROM (SELECT s, row_number() OVER (ORDER BY h) AS rn FROM big) WHERE rn % 7 = 0"
    ).fetchone()[0]
    assert n == 2000000 // 7
    assert not (work / ".tmp").exists() and list(work.iterdir()) == []


def test_fetches_have_a_ceiling_and_state_the_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_FETCH_ROWS", 50)
    catalog = Catalog.load([str(people(tmp_path))])
    result = catalog.run("SELECT * FROM people")
    assert len(result.rows) == 50 and result.row_count == 200
    result = catalog.run("SELECT * FROM people", limit=10_000)
    assert len(result.rows) == 50 and result.row_count == 200
