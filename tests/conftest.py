"""Shared test fixtures: keep a developer's own caches and history out of the tests; write tiny CRM
tables, load them and ask questions (a module's TABLES: `folder`, `loaded`, `ref`, `bot`, `table_bot`;
any other tables: `crm`)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

import pytest
from tables import Dataset, Table, reference_db, write_tables

SHARED = Path(os.environ.get("CRA_SHARED") or Path(__file__).resolve().parents[2] / "shared")
"""../shared beside the repository (CRA_SHARED overrides it, e.g. from a git worktree)."""
DATASETS = SHARED / "datasets"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Caches, history and config go to a temporary folder, never the user's own."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("CRA_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("CRA_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))


@pytest.fixture
def datasets() -> Path:
    """The public datasets beside the repo (../shared/datasets); skips when absent."""
    if not DATASETS.is_dir():
        pytest.skip("../shared/datasets is not beside the repository")
    return DATASETS


@pytest.fixture(scope="module")
def catalog():  # -> Catalog
    """The bundled samples loaded through the catalog (one load per test module)."""
    from catalog import Catalog

    samples = Path(__file__).resolve().parents[1] / "samples"
    if not (samples / "customers.csv").exists():
        pytest.skip("samples/*.csv not generated (python -m samples.generate)")
    return Catalog.load([str(samples)])


class Crm:
    """Write tables as CSV files into a fresh folder, load them, ask them (one helper for every test)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory

    def folder(self, tables: Mapping[str, Table], name: str = "crm") -> Path:
        """The tables written as name.csv files into a new folder."""
        return write_tables(self._factory.mktemp(name), tables)

    def catalog(self, tables: Mapping[str, Table], name: str = "crm"):  # -> Catalog
        from catalog import Catalog

        return Catalog.load([str(self.folder(tables, name))])

    def assistant(self, tables: Mapping[str, Table], as_of: dt.date | None = None, name: str = "crm"):
        """An Assistant over the tables (-> assistant.engine.Assistant)."""
        from assistant.engine import Assistant

        return Assistant(self.catalog(tables, name), as_of=as_of)

    def dataset(self, tables: Mapping[str, Table], name: str = "crm") -> Dataset:
        """The tables written into a new folder, an Assistant over them and an independent DuckDB (`ref`):
        a test module's second dataset, or a test's own tables."""
        from assistant.engine import Assistant
        from catalog import Catalog

        folder = self.folder(tables, name)
        return Dataset(folder, Assistant(Catalog.load([str(folder)])), reference_db(folder, list(tables)))


@pytest.fixture(scope="session")
def crm(tmp_path_factory: pytest.TempPathFactory) -> Crm:
    """Tiny CRM data for a test: `crm.assistant({"customers": CSV_TEXT}, as_of=...).ask(...)`."""
    return Crm(tmp_path_factory)


# A test module that defines TABLES ({name: table}) gets its tiny CRM from these fixtures: `folder`,
# `loaded` (the Catalog), `ref` (an independent DuckDB), `bot` (an Assistant over all of them, as of the
# module's AS_OF when it sets one) and
# `table_bot(name)` (over one table alone). A second dataset in the module: `crm.assistant(...)`.
@pytest.fixture(scope="module")
def folder(crm: Crm, request: pytest.FixtureRequest) -> Path:
    """The test module's TABLES written as name.csv files, once per module."""
    return crm.folder(request.module.TABLES, request.module.__name__.rpartition(".")[2])


@pytest.fixture(scope="module")
def loaded(folder: Path):  # -> Catalog
    """The test module's TABLES loaded through the catalog, once per module."""
    from catalog import Catalog

    return Catalog.load([str(folder)])


@pytest.fixture(scope="module")
def ref(folder: Path, request: pytest.FixtureRequest):  # -> duckdb.DuckDBPyConnection
    """An independent DuckDB over the test module's TABLES (read_csv_auto), for expected values."""
    return reference_db(folder, list(request.module.TABLES))


@pytest.fixture(scope="module")
def _module_bot(loaded, request: pytest.FixtureRequest):  # -> Assistant
    from assistant.engine import Assistant

    return Assistant(loaded, as_of=getattr(request.module, "AS_OF", None))


@pytest.fixture
def bot(_module_bot):  # -> assistant.engine.Assistant
    """An Assistant over the test module's TABLES as of its AS_OF (if set; else the end of the data),
    built once per module, its conversation started afresh for each test."""
    _module_bot.reset()
    return _module_bot


@pytest.fixture(scope="module")
def table_bot(folder: Path):  # -> Callable[[str], Assistant]
    """`table_bot("orders")`: an Assistant over one of the test module's TABLES loaded alone (its
    name.csv), built once per module and table, its conversation started afresh on each call."""
    from assistant.engine import Assistant
    from catalog import Catalog

    bots: dict[str, Assistant] = {}

    def get(name: str) -> Assistant:
        if name not in bots:
            bots[name] = Assistant(Catalog.load([str(folder / f"{name}.csv")]))
        bots[name].reset()
        return bots[name]

    return get


@pytest.fixture(scope="session")
def postgres():  # -> pg_server.Server
    """A real PostgreSQL server in a temporary folder for the whole session; skips without PostgreSQL."""
    import importlib.util

    from pg_server import Server, binaries

    bindir = binaries()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl; Debian: apt-get install postgresql)")
    if importlib.util.find_spec("psycopg") is None:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")
    server = Server(bindir)
    try:
        server.start()
    except Exception as e:
        server.stop()
        pytest.skip(f"PostgreSQL did not start: {str(e).splitlines()[0]}")
    yield server
    server.stop()
