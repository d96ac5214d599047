"""The layers hold (import-linter contracts in pyproject.toml), the engine side never imports the UI,
and the app module starts without heavy libraries."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE_MODULES = ("assistant.engine", "catalog.database", "nlq", "analytics", "sentiment")
HEAVY = ("pandas", "sklearn", "scipy", "vaderSentiment", "matplotlib")


def _loaded_after_import(modules: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"print(','.join(w for w in {watched!r} if w in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return [w for w in out.stdout.strip().split(",") if w]


def test_engine_packages_import_without_textual() -> None:
    present = tuple(m for m in ENGINE_MODULES if importlib.util.find_spec(m) is not None)
    if "assistant.engine" not in present:
        pytest.skip("assistant.engine is not written yet")
    assert _loaded_after_import(present, ("textual", "textual_plotext")) == []


def test_app_module_imports_no_heavy_library() -> None:
    assert _loaded_after_import(("assistant.app",), HEAVY) == []


def test_the_layer_contracts_hold() -> None:
    """assistant > nlq | analytics | sentiment > catalog, and no UI below assistant (`lint-imports`)."""
    if importlib.util.find_spec("importlinter") is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe is not None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
