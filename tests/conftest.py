"""Shared test fixtures: keep a developer's own caches and history out of the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
