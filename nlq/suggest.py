"""Questions this data can answer, built from its schema (for declines and /help)."""

from __future__ import annotations

from catalog.semantic import Role
from nlq.figures import rate_phrase
from nlq.grammar import word_classes
from nlq.schema import Schema


def suggestions(schema: Schema, n: int = 3) -> tuple[str, ...]:
    """Up to n example questions that the engine answers on this schema."""
    out: list[str] = []
    tables = sorted(schema.tables.values(), key=lambda t: -t.row_count)
    for t in tables:
        out.append(f"How many {t.entity} are there?")
        break
    # a split derived from a column ("weekend or weekday" of day) is no column to suggest
    dims = [
        c
        for c in schema.columns(Role.DIMENSION)
        if 1 < len(c.values) <= 30 and c.value_groups is None and c.month_of is None  # (nor a date's month)
    ]
    measures = [c for c in schema.columns(Role.MEASURE) if c.is_numeric]
    flags = [c for c in schema.columns(Role.FLAG) if c.compared is None]
    times = [c for c in schema.columns(Role.TIME)]
    if measures and dims:
        same = [d for d in dims if d.table == measures[0].table] or dims
        out.append(f"Average {measures[0].label} by {same[0].label}")
    elif measures:
        out.append(f"Average {measures[0].label}")
    roots = tuple(word_classes()["flag_words"])
    flags.sort(
        key=lambda c: min((i for i, r in enumerate(roots) for w in c.words if w.startswith(r)), default=99)
    )
    if flags:
        f = flags[0]
        same = [d for d in dims if d.table == f.table and d.name != f.name]
        word = " ".join(f.words)
        out.append(
            f"{rate_phrase(word, schema.tables[f.table].entity).capitalize()} by {same[-1].label}"
            if same
            else f"What share of rows have {word}?"
        )
    elif any(t.table == m.table for t in times for m in measures):
        m = next(m for m in measures if any(t.table == m.table for t in times))
        out.append(f"Total {m.label} by month")
    elif dims:
        out.append(f"Number of {schema.tables[dims[0].table].entity} by {dims[0].label}")
    return tuple(out[:n])
