"""Small builders for sqlglot trees over loaded tables: quoted names, never text pasted into SQL."""

from __future__ import annotations

from functools import lru_cache

from sqlglot import exp, parse_one


def column(name: str, table: str | None = None) -> exp.Column:
    """A quoted column reference ("MonthlyCharges", or "orders"."amount")."""
    qualifier = exp.Identifier(this=table, quoted=True) if table else None
    return exp.Column(this=exp.Identifier(this=name, quoted=True), table=qualifier)


def table_ref(name: str) -> exp.Table:
    """A quoted table reference."""
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def row_numbers() -> exp.Window:
    """`row_number() OVER (ORDER BY NULL)`: a distinct number per row in no particular order (Spark and
    PostgreSQL want the window ordered; ordering by a constant costs no sort)."""
    return exp.Window(
        this=exp.func("row_number"), order=exp.Order(expressions=[exp.Ordered(this=exp.null())])
    )


def count_star() -> exp.Count:
    return exp.Count(this=exp.Star())


# ----------------------------------------------------------------------------- statements of the load
# Loading, cleaning and caching run DDL on the catalog's own connection. They too are trees: names are
# quoted identifiers, values are `?` parameters (a file path) or literals, never text pasted into SQL.
DIALECT = "duckdb"
VARCHAR = exp.DataType.Type.VARCHAR
"""The text type, for casts (a type, not a name to parse)."""


def sql(tree: exp.Expr) -> str:
    """The DuckDB text of a tree (made once, where it runs; the tree is not copied first, so it must not
    be used again)."""
    return tree.sql(dialect=DIALECT, copy=False)


def qualified(name: str, schema: str | None = None, db: str | None = None) -> exp.Table:
    """A quoted table reference inside an attached database or schema (`alias.main."t"`)."""
    return exp.Table(
        this=exp.to_identifier(name, quoted=True),
        db=exp.to_identifier(schema, quoted=True) if schema else None,
        catalog=exp.to_identifier(db) if db else None,
    )


def describe(table: str | exp.Table) -> str:
    """`DESCRIBE "table"`: one row (name, type, ...) per column."""
    return sql(exp.Describe(this=table_ref(table) if isinstance(table, str) else table))


def count_rows(table: str | exp.Table) -> str:
    """`SELECT count(*) FROM "table"`."""
    return sql(exp.select(count_star()).from_(table_ref(table) if isinstance(table, str) else table))


def create_table(
    table: str | exp.Table, query: exp.Expr, replace: bool = False, temporary: bool = False
) -> str:
    """`CREATE [OR REPLACE] [TEMP] TABLE "table" AS query`."""
    props = exp.Properties(expressions=[exp.TemporaryProperty()]) if temporary else None
    target = table_ref(table) if isinstance(table, str) else table
    return sql(exp.Create(this=target, kind="TABLE", expression=query, replace=replace, properties=props))


def drop_table(table: str | exp.Table, if_exists: bool = False) -> str:
    """`DROP TABLE [IF EXISTS] "table"`."""
    target = table_ref(table) if isinstance(table, str) else table
    return sql(exp.Drop(tables=[target], kind="TABLE", exists=if_exists))


def from_template(template: str, **names: str | exp.Expr) -> exp.Expr:
    """A DuckDB statement or expression written once as a constant template (for syntax the builders
    lack: UNPIVOT, FILTER, reader options): each `:name` becomes a quoted identifier (a str) or the given
    tree (a literal for a value); `?` stays a parameter for a value. Each template is parsed once."""
    subs = {k: exp.to_identifier(v, quoted=True) if isinstance(v, str) else v for k, v in names.items()}
    return exp.replace_placeholders(_parsed(template).copy(), **subs)


@lru_cache(maxsize=1024)
def _parsed(template: str) -> exp.Expr:
    return parse_one(template, dialect=DIALECT)


def per_column(rows: exp.Select, *aggregates: exp.Expr) -> exp.Select:
    """`SELECT name, aggregates FROM (UNPIVOT rows ON COLUMNS(*) INTO NAME name VALUE value) GROUP BY
    name`: one row per column of `rows`, the aggregates over its values (`value`), in one pass."""
    query = from_template(
        "SELECT name FROM (UNPIVOT __cra_rows ON COLUMNS(*) INTO NAME name VALUE value) GROUP BY name"
    )
    assert isinstance(query, exp.Select)
    return query.select(*aggregates, copy=False).with_("__cra_rows", as_=rows, copy=False)
