"""Print a sqlglot tree in a backend's dialect, after rewriting what that dialect lacks.

sqlglot transpiles functions and types; these rewrites cover what it leaves to the database:
- PostgreSQL has no approximate distinct count (`count(DISTINCT ...)` instead), no TRY_CAST (a number
  is read only from text that looks like one, a date only from a date), and before version 16 wants an
  alias on every subquery in FROM;
- Spark wants the same aliases, and its approximate distinct count is not DuckDB's: both count exactly
  (the profiling code asks for it on bounded samples or where an exact count is needed anyway).
- DuckDB's DATE - DATE is a number of days, Spark's an interval: DATEDIFF there; DuckDB averages
  decimals as doubles, Spark as decimals cut to 6 places: AVG of a DOUBLE there.
- DuckDB's regexp_full_match and try_strptime (the CSV cleaning rules, catalog.cleaning) are an anchored
  RLIKE and TO_TIMESTAMP in Spark (NULL when a text does not parse, as ANSI mode is off);
- DuckDB's MONTHNAME is TO_CHAR(d, 'FMMonth') on PostgreSQL and DATE_FORMAT(d, 'MMMM') on Spark;
- DuckDB's `hash(t)` of a whole row (a content key of a table) is `hashtextextended(t::text, 0)` on
  PostgreSQL and `xxhash64(t.*)` on Spark: another number, the same use.
The rewrites keep the meaning: the same query gives the same rows on every backend.
"""

from __future__ import annotations

from sqlglot import exp, parse_one

NUMBER_RE = r"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
"""Text PostgreSQL can cast to a number (what DuckDB's TRY_CAST accepts, without thousands separators)."""
NUMERIC_TYPES = {
    exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT, exp.DataType.Type.DECIMAL, exp.DataType.Type.INT,
    exp.DataType.Type.BIGINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.TINYINT,
}  # fmt: skip


def render(tree: exp.Expr, dialect: str) -> str:
    """The tree as SQL text of `dialect` (the tree itself is not changed)."""
    if dialect == "duckdb":
        return tree.sql(dialect=dialect)
    tree = parse_one(tree.sql(dialect="duckdb"), read="duckdb")  # DuckDB functions a tree names by
    _alias_subqueries(tree)  # name (date_diff, epoch, list_contains) become nodes sqlglot transpiles
    if dialect == "postgres":
        tree = tree.transform(_postgres)
    elif dialect == "spark":
        aliases = {a.name.lower() for a in tree.find_all(exp.TableAlias)}
        tree = tree.transform(lambda node: _spark(node, aliases))
    return tree.sql(dialect=dialect, identify=True)  # names keep their case, as in DuckDB ("T", "CustomerID")


def _alias_subqueries(tree: exp.Expr) -> None:
    """Give every unnamed subquery in FROM or JOIN a name (PostgreSQL 15 and Spark need one)."""
    for n, sub in enumerate(list(tree.find_all(exp.Subquery))):
        if not sub.alias and isinstance(sub.parent, exp.From | exp.Join):
            sub.set("alias", exp.TableAlias(this=exp.to_identifier(f"_q{n}")))


def _exact_distinct(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.ApproxDistinct):
        return exp.Count(this=exp.Distinct(expressions=[node.this]))
    return node


def _is_hash(node: exp.Expr) -> bool:
    return isinstance(node, exp.Anonymous) and node.name.lower() == "hash" and len(node.expressions) == 1


def _date_like(node: exp.Expr) -> bool:
    """Whether an expression is a DATE by its shape (a cast to DATE, LEAST/COALESCE of dates, ...)."""
    if isinstance(node, exp.Paren):
        return _date_like(node.this)
    if isinstance(node, exp.Cast | exp.TryCast):
        return node.to.this == exp.DataType.Type.DATE
    if isinstance(node, exp.Least | exp.Greatest | exp.Coalesce):
        return all(_date_like(e) for e in [node.this, *node.expressions])
    if isinstance(node, exp.Max | exp.Min | exp.Alias):
        return _date_like(node.this)
    if isinstance(node, exp.Add | exp.Sub):  # a date plus or minus whole days
        return _date_like(node.this) and isinstance(node.expression, exp.Literal)
    if isinstance(node, exp.Subquery) and isinstance(node.this, exp.Select):
        return len(node.this.expressions) == 1 and _date_like(node.this.expressions[0])
    return isinstance(node, exp.CurrentDate)


def _spark(node: exp.Expr, aliases: set[str]) -> exp.Expr:
    if isinstance(node, exp.TableSample) and node.args.get("seed") is not None:
        node.set(
            "seed", None
        )  # Spark's TABLESAMPLE takes no seed: a large table's value index is a fresh sample
    if isinstance(node, exp.Avg) and not isinstance(node.this, exp.Distinct | exp.Cast):
        return exp.Avg(this=exp.Cast(this=node.this, to=exp.DataType.build("DOUBLE")))  # of decimals too
    if isinstance(node, exp.Sub) and _date_like(node.this) and _date_like(node.expression):
        return exp.DateDiff(this=node.this, expression=node.expression)  # days, as DuckDB's DATE - DATE
    if isinstance(node, exp.RegexpFullMatch):
        return _full_match(node.this, node.expression)
    if isinstance(node, exp.Monthname):
        return exp.func("date_format", node.this, exp.Literal.string("MMMM"))
    if isinstance(node, exp.Anonymous) and node.name.lower() == "try_strptime" and len(node.expressions) == 2:
        return exp.StrToTime(this=node.expressions[0], format=node.expressions[1])  # NULL if no such date
    if _is_hash(node):
        arg = node.expressions[0]
        if isinstance(arg, exp.Column) and not arg.table and arg.name.lower() in aliases:  # a whole row
            return exp.Anonymous(this="xxhash64", expressions=[exp.Column(this=exp.Star(), table=arg.this)])
        return exp.Anonymous(this="xxhash64", expressions=[arg])
    return _exact_distinct(node)


def _full_match(text: exp.Expr, pattern: exp.Expr) -> exp.Expr:
    """DuckDB's regexp_full_match: Spark's RLIKE finds a match anywhere, so the pattern is anchored."""
    if isinstance(pattern, exp.Literal) and pattern.is_string:
        pattern = exp.Literal.string(f"^(?:{pattern.this})$")
    else:
        pattern = exp.func("concat", exp.Literal.string("^(?:"), pattern, exp.Literal.string(")$"))
    return exp.RegexpLike(this=text, expression=pattern)


def _postgres(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.ApproxDistinct):
        return _exact_distinct(node)
    if isinstance(node, exp.Mode):  # the most frequent value: an ordered-set aggregate in PostgreSQL
        order = exp.Order(expressions=[exp.Ordered(this=node.this)])
        return exp.WithinGroup(this=exp.Anonymous(this="mode"), expression=order)
    if _is_hash(node):
        text = exp.Cast(this=node.expressions[0], to=exp.DataType.build("TEXT"))
        return exp.Anonymous(this="hashtextextended", expressions=[text, exp.Literal.number(0)])
    if isinstance(node, exp.TryCast):
        return _try_cast(node)
    if isinstance(node, exp.ArgMin | exp.ArgMax):
        return _first_by(node)
    if isinstance(node, exp.Monthname):  # 'FM': the name without the padding to 9 letters
        return exp.func("to_char", node.this, exp.Literal.string("FMMonth"))
    if isinstance(node, exp.AnyValue):  # PostgreSQL 16 has ANY_VALUE; before it, any one value is MIN's
        return exp.Min(this=node.this)
    return node


def _first_by(node: exp.ArgMin | exp.ArgMax) -> exp.Expr:
    """DuckDB's arg_min(v, d) / arg_max(v, d) as PostgreSQL says it: the first v of the values ordered
    by d (smallest or largest first, rows without a d last)."""
    by = exp.Ordered(this=node.expression, desc=isinstance(node, exp.ArgMax), nulls_first=False)
    agg = exp.ArrayAgg(this=exp.Order(this=node.this, expressions=[by]))
    return exp.Bracket(this=exp.Paren(this=agg), expressions=[exp.Literal.number(1)], offset=1)


def _try_cast(node: exp.TryCast) -> exp.Expr:
    """TRY_CAST as PostgreSQL can say it: NULL where the text does not read as a number."""
    to = node.args["to"]
    if not isinstance(to, exp.DataType) or to.this not in NUMERIC_TYPES:
        return exp.Cast(this=node.this, to=to)
    text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("TEXT"))
    looks = exp.RegexpLike(this=text, expression=exp.Literal.string(NUMBER_RE))
    return exp.Case(ifs=[exp.If(this=looks, true=exp.Cast(this=node.this, to=to))])
