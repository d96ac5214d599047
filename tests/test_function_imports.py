"""Packages import their modules at the top (issue #12): an import inside a function is only for a heavy
library loaded when it is needed, or one of the few named below, each with its reason."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("catalog", "nlq", "analytics", "sentiment", "assistant")
HEAVY = (
    "pandas",
    "numpy",
    "sklearn",
    "scipy",
    "matplotlib",
    "pyarrow",
    "openpyxl",
    "pyspark",
    "psycopg",
    "textual",
    "vaderSentiment",
    "lemminflect",
    "wordfreq",
    "rapidfuzz",
    "threadpoolctl",
    "catalog.english",
)
"""Libraries that take from a tenth of a second to seconds to load (catalog.english loads lemminflect and
wordfreq; threadpoolctl only matters beside scikit-learn)."""
ALLOWED: dict[str, dict[str, str]] = {
    "assistant/app.py": {
        "assistant.engine": "the question engine (about 1 s) loads after the chat's first frame",
        "assistant.skills": "the skills import numpy: not before the first frame",
        "assistant.report": "the report (skills, matplotlib) loads when /report is asked",
    },
    "assistant/cli.py": {
        "assistant.app": "`cra ask`/`profile`/`report` never import Textual",
        "assistant.engine": "`cra profile` and `--help` never load the question engine",
        "assistant.report": "only `cra report` and `ask --format` load the report",
        "nlq.askback": "`cra profile` builds the question words only to list each column's",
        "nlq.lexicon": "`cra profile` builds the question words only to list each column's",
        "nlq.schema": "`cra profile` builds the question words only to list each column's",
    },
    "nlq/schema.py": {
        "nlq.valuegroups": "value groups (weekends) build on this module's Col: a cycle at the top",
    },
    "analytics/clv.py": {
        "analytics": "clv_scale builds on clv's model; clv delegates to it when the data stays on a server",
    },
    "analytics/churn.py": {
        "analytics.churn_forward": "churn_forward builds on churn's model; churn delegates to it when dates allow",
    },
}
"""Own modules imported inside a function on purpose, per file, with the reason."""


def _function_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom):
                found.append((inner.lineno, inner.module or ""))
            elif isinstance(inner, ast.Import):
                found.extend((inner.lineno, alias.name) for alias in inner.names)
    return found


def _allowed(relative: str, module: str) -> bool:
    heavy = any(module == h or module.startswith(h + ".") for h in HEAVY)
    return heavy or module in ALLOWED.get(relative, {})


def test_only_heavy_libraries_are_imported_inside_functions() -> None:
    offenders = [
        f"{relative}:{line}: {module}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for relative in [path.relative_to(ROOT).as_posix()]
        for line, module in _function_imports(path)
        if not _allowed(relative, module)
    ]
    assert offenders == []


def test_every_allowed_exception_is_still_needed() -> None:
    stale = [
        f"{relative}: {module}"
        for relative, modules in ALLOWED.items()
        for module in modules
        if module not in {m for _, m in _function_imports(ROOT / relative)}
    ]
    assert stale == []


def test_the_check_sees_a_function_level_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from nlq.build import join_path\n    import lemminflect\n")
    assert _function_imports(sample) == [(2, "nlq.build"), (3, "lemminflect")]
    assert not _allowed("nlq/m.py", "nlq.build") and _allowed("nlq/m.py", "lemminflect.core")
