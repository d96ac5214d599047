"""Small builders for sqlglot trees over loaded tables: quoted names, never text pasted into SQL."""

from __future__ import annotations

from sqlglot import exp


def column(name: str, table: str | None = None) -> exp.Column:
    """A quoted column reference ("MonthlyCharges", or "orders"."amount")."""
    return exp.column(
        exp.to_identifier(name, quoted=True), table=exp.to_identifier(table, quoted=True) if table else None
    )


def table_ref(name: str) -> exp.Table:
    """A quoted table reference."""
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def count_star() -> exp.Count:
    return exp.Count(this=exp.Star())
