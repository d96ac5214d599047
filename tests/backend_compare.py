"""Ask the same questions of two catalogs (DuckDB and another backend) and compare the JSON answers."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

REL_TOL = 1e-9
"""Floats may differ in their last bits (another summation order); anything more is a different answer."""
MODEL_REL_TOL = 1e-6
"""A model fitted by an optimizer (BG/NBD) on sums added in another order may move a little more."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]


def answers(catalog: Any, cases: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """case id -> the JSON answer of each turn (one conversation per case)."""
    from assistant.engine import Assistant

    out: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        as_of = dt.date.fromisoformat(case["as_of"]) if case.get("as_of") else None
        bot = Assistant(catalog, as_of=as_of)
        turns = []
        for turn in case["turns"]:
            answer = bot.ask(turn["q"]).to_json(max_rows=100_000)
            answer.pop("sql", None)  # printed in each backend's own dialect
            turns.append(json.loads(json.dumps(answer, default=str)))
        out[case["id"]] = turns
    return out


def differences(
    a: dict[str, list[dict[str, Any]]], b: dict[str, list[dict[str, Any]]], rel_tol: float = REL_TOL
) -> list[str]:
    """One line per turn whose answers differ (beyond `rel_tol` in a float). With a tolerance wider than
    REL_TOL (a fitted model) the sentence is not compared: its rounded figures may differ in a cent."""
    out = []
    for case, turns in a.items():
        for i, (x, y) in enumerate(zip(turns, b[case], strict=True)):
            if rel_tol > REL_TOL:
                x, y = {**x, "text": ""}, {**y, "text": ""}
            if not same(x, y, rel_tol) and not _ties_reordered(x, y):
                keys = [k for k in x if not same(x[k], y.get(k), rel_tol)]
                out.append(f"{case}#{i}: {keys}: {str(x.get(keys[0]))[:150]} != {str(y.get(keys[0]))[:150]}")
    return out


def _ties_reordered(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """The same answer but for the order of rows tied on every number (an ORDER BY on tied values has no
    order of its own, on any database): same text, same rows, same numbers row by row."""
    a, b = x.get("rows") or [], y.get("rows") or []
    if not same({**x, "rows": []}, {**y, "rows": []}) or len(a) != len(b):
        return False
    numbers = [[v for v in r if isinstance(v, int | float)] for r in a]
    if not same(numbers, [[v for v in r if isinstance(v, int | float)] for r in b]):
        return False
    return sorted(map(json.dumps, a)) == sorted(map(json.dumps, b))


def same(x: Any, y: Any, rel_tol: float = REL_TOL) -> bool:
    if isinstance(x, float) and isinstance(y, int | float) or isinstance(y, float) and isinstance(x, int):
        return math.isclose(x, y, rel_tol=rel_tol, abs_tol=1e-9)
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(same(x[k], y[k], rel_tol) for k in x)
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(same(p, q, rel_tol) for p, q in zip(x, y, strict=True))
    return bool(x == y)


def model_differences(a: Any, b: Any) -> list[str]:
    """Where two catalogs' semantic models differ: tables, keys, columns' types/roles/values, relations."""
    out = []
    if sorted(a.model.tables) != sorted(b.model.tables):
        return [f"tables {sorted(a.model.tables)} != {sorted(b.model.tables)}"]
    for name, t in a.model.tables.items():
        u = b.model.tables[name]
        for field in ("key", "entity", "row_count", "duplicate_rows", "duplicate_keys"):
            if getattr(t, field) != getattr(u, field):
                out.append(f"{name}.{field}: {getattr(t, field)} != {getattr(u, field)}")
        for col, c in t.columns.items():
            d = u.columns.get(col)
            if d is None:
                out.append(f"{name}.{col}: missing")
                continue
            for field in ("dtype", "role", "unit", "flag_true", "distinct_count", "null_count", "values",
                          "minimum", "maximum", "references"):  # fmt: skip
                if not same(_plain(getattr(c, field)), _plain(getattr(d, field))):
                    out.append(f"{name}.{col}.{field}: {getattr(c, field)!r} != {getattr(d, field)!r}")
    if sorted(map(str, a.model.relations)) != sorted(map(str, b.model.relations)):
        out.append(f"relations {a.model.relations} != {b.model.relations}")
    return out


def _plain(value: Any) -> Any:
    """Decimals and dates as JSON would show them (DuckDB and PostgreSQL return the same value so)."""
    from catalog.answer import json_value

    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return json_value(value)
