"""SQL is built as sqlglot trees: no f-string in the packages starts a statement or pastes names into
SQL text (names are quoted identifiers, values literals or `?` parameters)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("catalog", "nlq", "analytics", "sentiment", "assistant")
STATEMENT = re.compile(
    r"^\s*(SELECT|WITH|CREATE|DROP|DESCRIBE|ATTACH|DETACH|PRAGMA|INSERT|UPDATE|DELETE|COPY|ALTER)\b"
    r"|^\s*(select|create|drop|describe|attach|detach|pragma|insert|update|delete|copy|alter) "
)
"""A statement's first word (upper case, or lower case but not "with", which starts English too)."""
SQL_PIECE = re.compile(r"\b(FROM|WHERE|GROUP BY|ORDER BY|JOIN|UNPIVOT|FILTER)\b.*$|\bAS\s*$", re.I)


def _sql_fstrings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of f-strings whose literal parts read like SQL."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr) or not any(
            isinstance(v, ast.FormattedValue) for v in node.values
        ):
            continue
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        if STATEMENT.match(text) or (SQL_PIECE.search(text) and re.search(r"\b(SELECT|FROM)\b", text)):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_sql_is_pasted_together_from_text(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text[:60]}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, text in _sql_fstrings(path)
    ]
    assert offenders == []


def test_the_check_sees_an_fstring_statement(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text('t = "x"\ncon.execute(f"SELECT count(*) FROM {t}")\nok = f"{t} rows"\n')
    assert [line for line, _ in _sql_fstrings(sample)] == [2]
