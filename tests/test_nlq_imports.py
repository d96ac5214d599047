"""The question engine imports its own modules at the top: an import inside a function is only for a
heavy library loaded when a question needs it (word forms, word frequencies, fuzzy matching)."""

from __future__ import annotations

import ast
from pathlib import Path

NLQ = Path(__file__).resolve().parents[1] / "nlq"
LAZY = ("lemminflect", "wordfreq", "rapidfuzz", "catalog.english")
"""Libraries that take a second to load (catalog.english loads lemminflect and wordfreq)."""


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


def test_only_heavy_libraries_are_imported_inside_functions() -> None:
    offenders = [
        f"{path.relative_to(NLQ.parent)}:{line}: {module}"
        for path in sorted(NLQ.rglob("*.py"))
        for line, module in _function_imports(path)
        if not module.startswith(LAZY)
    ]
    assert offenders == []


def test_the_check_sees_a_function_level_import(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    from nlq.build import join_path\n    import lemminflect\n")
    assert _function_imports(sample) == [(2, "nlq.build"), (3, "lemminflect")]
