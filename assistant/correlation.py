"""A correlation question's Answer: r, the pairs it rests on, a 95% interval by Fisher's z, and a plain
sentence that says how strongly two columns move together (never that one causes the other)."""

from __future__ import annotations

import math
from typing import Any

from catalog import Catalog, QueryError
from catalog.answer import Answer
from catalog.intervals import MIN_BASE
from catalog.semantic import Role
from nlq.correlation import Correlation, correlation_tree, fisher_interval, strength, strength_rule
from nlq.explain import cond_text
from nlq.schema import Schema

NOT_CAUSE = "A correlation says how two columns move together, not that one causes the other."


def answer_correlation(
    schema: Schema, catalog: Catalog, c: Correlation, question: str, notes: tuple[str, ...] = ()
) -> Answer:
    """Run the correlation's query and say what it shows."""
    tree = correlation_tree(schema, c)
    sql = tree.sql(dialect="duckdb")
    interpretation = _interpretation(schema, c)
    try:
        result = catalog.run(tree)
    except QueryError as e:
        return Answer(question, "error", str(e), interpretation=interpretation, sql=sql)
    if c.ranked:
        columns, rows, text = _ranked(schema, c, result.rows[0])
    else:
        columns, rows, text = _pairs(schema, c, result.columns, list(result.rows))
    return Answer(
        question=question,
        status="answer",
        text=text,
        interpretation=interpretation,
        sql=sql,
        columns=columns,
        rows=tuple(rows),
        row_count=len(rows),
        notes=notes,
    )


def _number(r: Any) -> float | None:
    return None if r is None or (isinstance(r, float) and math.isnan(r)) else float(r)


def _name(schema: Schema, q: str) -> str:
    return schema.col(q).name


def _interpretation(schema: Schema, c: Correlation) -> str:
    kind = "Spearman's rank correlation" if c.method == "spearman" else "Pearson correlation (r)"
    y = _name(schema, c.y)
    if c.ranked:
        what = f"{kind} of {y} with each numeric column of {c.table}, ranked by its size (|r|), top {c.top}"
    else:
        what = f"{kind} between {_name(schema, c.xs[0])} and {y}"
    per = f", for each {_name(schema, c.group)}" if c.group else ""
    if c.filters:
        per += ", where " + " and ".join(cond_text(schema, f) for f in c.filters)
    flags = [
        f"{_name(schema, q)} read as 1 for {_yes(schema, q)} and 0 otherwise"
        for q in (*c.xs[:1], c.y)
        if schema.col(q).role == Role.FLAG and not c.ranked
    ]
    flag_text = f"; {', '.join(flags)} (a point-biserial correlation)" if flags else ""
    return (
        f"{what}{per}, over the rows where both are known{flag_text}; 95% interval by Fisher's z; "
        f"strength: {strength_rule()}."
    )


def _interval_text(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "too few pairs for an interval"
    return f"95% interval {low:.2f} to {high:.2f}"


def _reading(r: float, low: float | None, high: float | None) -> str:
    word = strength(r)
    if word == strength(0.0):
        return f"a {word} correlation"
    sign = "positive" if r > 0 else "negative"
    text = f"a {word} {sign} correlation"
    if low is not None and high is not None and low <= 0 <= high:
        text += " (its interval includes 0: no clear linear relationship)"
    return text


def _pairs(
    schema: Schema, c: Correlation, columns: tuple[str, ...], raw: list[tuple[Any, ...]]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]], str]:
    rows: list[tuple[Any, ...]] = []
    for row in raw:
        *keys, r, n = row
        r = _number(r)
        low, high = fisher_interval(r, int(n or 0), c.method)
        rows.append((*keys, r, int(n or 0), low, high))
    out_columns = (*columns[:-2], "correlation", "pairs", "low_95", "high_95")
    x, y = _name(schema, c.xs[0]), _name(schema, c.y)
    if not c.group:
        if not rows or rows[0][-4] is None:
            n = rows[0][-3] if rows else 0
            return (
                out_columns,
                rows,
                f"No correlation can be computed for {x} and {y} ({n:,} pairs; one may be constant).",
            )
        r, n, low, high = rows[0][-4:]
        text = f"{x} and {y}: r = {r:.2f} ({_interval_text(low, high)}, n = {n:,} pairs), {_reading(r, low, high)}"
        if strength(r) != strength(0.0):
            text += f": {_direction(schema, c.xs[0], c.y, r)}"
        return out_columns, rows, f"{text}. {NOT_CAUSE}"
    return out_columns, rows, _grouped_text(schema, c, rows)


def _direction(schema: Schema, x: str, y: str, r: float) -> str:
    """ "higher Price goes with lower Sales on average"; a yes/no column said by its yes value."""
    up = r > 0

    def side(q: str) -> str:
        col = schema.col(q)
        said = _yes(schema, q)
        return f"{col.name} = {said}" if _is_flag(schema, q) else f"higher {col.name}"

    cause = side(x)
    if _is_flag(schema, y):
        return f"{cause} goes with {side(y).removeprefix('higher ')} {'more' if up else 'less'} often"
    return f"{cause} goes with {'higher' if up else 'lower'} {schema.col(y).name} on average"


def _yes(schema: Schema, q: str) -> str:
    col = schema.col(q)
    return "true" if col.flag_true is None else str(col.flag_true)


def _is_flag(schema: Schema, q: str) -> bool:
    return schema.col(q).role == Role.FLAG


def _grouped_text(schema: Schema, c: Correlation, rows: list[tuple[Any, ...]]) -> str:
    x, y, g = _name(schema, c.xs[0]), _name(schema, c.y), _name(schema, c.group or "")
    shown = [r for r in rows if r[-4] is not None]
    head = f"{x} and {y} by {g}: {len(rows):,} groups"
    if not shown:
        return f"{head}, none with enough pairs for a correlation. {NOT_CAUSE}"
    best = max(shown, key=lambda r: r[-4])
    others = [r for r in shown if r is not best]
    separate = (
        best[-2] is not None
        and best[-3] >= MIN_BASE
        and others
        and all(o[-1] is not None and best[-2] > o[-1] for o in others)
    )
    if separate:
        verdict = (
            f"the correlation is highest for {best[0]} (r = {best[-4]:.2f}, {_interval_text(best[-2], best[-1])}, "
            f"n = {best[-3]:,}), its interval clear of every other group's"
        )
    else:
        verdict = "the groups' 95% intervals overlap, so no group's correlation stands apart"
    return f"{head}; {verdict}. {NOT_CAUSE}"


def _ranked(
    schema: Schema, c: Correlation, raw: tuple[Any, ...]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]], str]:
    rows: list[tuple[Any, ...]] = []
    for k, q in enumerate(c.xs):
        r, n = _number(raw[2 * k]), int(raw[2 * k + 1] or 0)
        if r is None:
            continue
        low, high = fisher_interval(r, n)
        rows.append((_name(schema, q), r, n, low, high))
    rows.sort(key=lambda row: -abs(row[1]))
    rows = rows[: c.top]
    columns = ("column", "correlation", "pairs", "low_95", "high_95")
    y = _name(schema, c.y)
    if not rows:
        return columns, rows, f"No column of {c.table} has a computable correlation with {y}."
    name, r, n, low, high = rows[0]
    first = f"{name}, r = {r:.2f} ({_interval_text(low, high)}, n = {n:,}), {_reading(r, low, high)}"
    if len(rows) > 1 and not _apart(rows[0], rows[1]):
        first = f"first {first}; the next one's interval overlaps it, so neither stands apart"
    else:
        first = f"the largest is {first}"
    text = f"Columns most correlated with {y} ({len(rows)} shown, by the size of r): {first}. {NOT_CAUSE}"
    return columns, rows, text


def _apart(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Whether the first row's |r| interval lies wholly above the second's."""
    if None in (a[3], a[4], b[3], b[4]):
        return False
    low_a = min(abs(a[3]), abs(a[4])) if a[3] * a[4] > 0 else 0.0
    high_b = max(abs(b[3]), abs(b[4]))
    return low_a > high_b
