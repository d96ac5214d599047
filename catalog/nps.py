"""The one Net Promoter Score formula: % promoters (9-10) minus % detractors (0-6) of the non-null
0-10 answers, as a sqlglot expression. The chat, the report (SQL on the backend) and the feedback
summaries (answers already fetched) all evaluate this expression."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
from sqlglot import exp

from catalog.roles import NPS_DETRACTOR, NPS_PROMOTER


def nps_value(score: exp.Expr, condition: exp.Expr | None = None) -> exp.Expr:
    """The NPS (-100..100) of the non-null answers in `score` (of the rows matching `condition`)."""

    def share(answer: exp.Expr) -> exp.Expr:
        flag: exp.Expr = exp.cast(answer, "INT")
        if condition is not None:
            flag = exp.Case(ifs=[exp.If(this=condition.copy(), true=flag)])
        return exp.func("avg", flag)

    promoters, detractors = share(score.copy() >= NPS_PROMOTER), share(score.copy() <= NPS_DETRACTOR)
    return exp.Mul(
        this=exp.paren(exp.Sub(this=promoters, expression=detractors)), expression=exp.Literal.number(100)
    )


def nps_of(answers: Sequence[Any]) -> float | None:
    """The NPS of answers already fetched (None, a number or a numeric string each), computed by
    running `nps_value` in an in-memory DuckDB over the list; None without answers."""
    values = [float(a) for a in answers if a is not None]
    if not values:
        return None
    answer = exp.column("answer", quoted=True)
    unnest = exp.Unnest(expressions=[exp.cast(exp.Placeholder(), "DOUBLE[]")])
    rows = exp.select(unnest.as_("answer", quoted=True)).subquery("answers")
    query = exp.select(nps_value(answer)).from_(rows)
    with duckdb.connect() as con:
        row = con.execute(query.sql("duckdb"), [values]).fetchone()
    return None if row is None or row[0] is None else float(row[0])
