"""Answers about churn: who is at risk, what drives churn, churn rates (overall, by group, over time)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING

from sqlglot import exp

from analytics import churn as ch
from analytics import clv
from analytics import schema as sc
from assistant.answer import Answer, Chart
from assistant.skills import SkillRequest

if TYPE_CHECKING:
    pass

from analytics.answers import (
    filter_words,
    frame_rows,
    make_answer,
    n,
    pct,
    recency_as_of,
    rows_sql,
    run_query,
    unavailable,
    where_on,
)

TREND_WORDS = re.compile(r"\b(over time|by month|monthly|per month|trend|each month|month by month)\b", re.I)
"""Words asking for a churn rate as a time series."""


RISK_THRESHOLD = 0.5
"""Churn probability from which a customer counts as 'likely to churn' in the answer sentence."""


def _fit(req: SkillRequest) -> ch.ChurnFit:
    return ch.fit_churn(req.catalog)


def churn_risk(req: SkillRequest) -> Answer:
    """Customers not yet churned, ranked by calibrated churn probability, with their top reasons."""
    target = sc.find_churn_target(req.catalog)
    if target is None:
        return _churn_risk_from_purchases(req)
    fit = _fit(req)
    where = where_on(req, target.table)
    rows = ch.selected_rows(req.catalog, target.table, where)
    open_idx = ch.open_customers(fit, rows)
    likely = int((fit.proba[open_idx] >= RISK_THRESHOLD).sum())
    table = ch.at_risk(fit, rows, req.limit)
    card = fit.model_card()
    if table.empty:
        text = f"No customers who have not churned match{filter_words(req) or ' the data'}."
    else:
        top = table.iloc[0]
        text = (
            f"{n(likely)} of {n(len(open_idx))} customers who have not churned{filter_words(req)} have a "
            f"churn probability of {RISK_THRESHOLD:.0%} or more; the highest is {table.iloc[0, 0]} "
            f"({pct(top['churn_probability'])})."
        )
    interpretation = (
        f"Customers not yet churned ({target.column} is not true){filter_words(req)}, ranked by "
        f"the churn probability of a calibrated {fit.model.best_name_} model ({fit.model.cv}-fold ROC-AUC "
        f"{fit.model.cv_roc_auc_:.3f}), with the churn drivers each customer shows."
    )
    return make_answer(
        req,
        text,
        interpretation,
        rows_sql(target.table, where),
        tuple(table.columns),
        frame_rows(table),
        model_card=card,
        extra={"drivers": [d.sentence() for d in fit.drivers]},
    )


def _churn_risk_from_purchases(req: SkillRequest) -> Answer:
    tx = sc.find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "There is no churn flag or purchase history to estimate churn risk from.")
    fit = clv.fit_customer_value(req.catalog, tx, req.as_of if recency_as_of(req) else None)
    derived = ch.derive_churn(req.catalog, tx, req.as_of)
    frame = fit["frame"]
    last_day = req.as_of - dt.timedelta(days=derived.days)
    frame = frame[frame["last_purchase"] >= last_day].copy()
    frame["churn_probability"] = 1 - frame["p_alive"]
    frame = frame.sort_values("churn_probability", ascending=False, kind="stable")
    table = frame[["customer", "churn_probability", "p_alive", "frequency", "last_purchase"]]
    if req.limit:
        table = table.head(req.limit)
    text = (
        f"{n(len(frame))} customers bought in the last {derived.days} days; the most likely to lapse is "
        f"{table['customer'].iloc[0]} ({pct(table['churn_probability'].iloc[0])})."
        if len(table)
        else "No customers bought recently enough to be at risk."
    )
    interpretation = (
        f"{derived.explanation()}; customers still active are ranked by 1 - P(alive) from a BG/NBD "
        f"model of their purchases{filter_words(req)}."
    )
    return make_answer(
        req,
        text,
        interpretation,
        fit["sql"],
        tuple(table.columns),
        frame_rows(table),
        model_card=fit["card"],
    )


def churn_drivers(req: SkillRequest) -> Answer:
    """What drives churn: permutation importance plus observed churn rates, in sentences."""
    target = sc.find_churn_target(req.catalog)
    if target is None:
        return unavailable(req, "There is no churn flag (a column like churn, churned or status) to explain.")
    fit = _fit(req)
    columns = (
        "rank",
        "feature",
        "group",
        "churn_rate_in_group",
        "churn_rate_rest",
        "lift",
        "share_of_customers",
        "importance",
        "explanation",
    )
    rows = tuple(
        (
            i + 1,
            d.column,
            d.label,
            d.rate_in,
            d.rate_out,
            d.lift if math.isfinite(d.lift) else None,
            d.share,
            d.importance,
            d.sentence(),
        )
        for i, d in enumerate(fit.drivers)
    )
    if req.limit:
        rows = rows[: req.limit]
    info = req.catalog.model.tables[target.table].columns
    names = [(info[d.column].words if d.column in info else "") or d.column for d in fit.drivers[:3]]
    lead = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""
    text = (
        f"The strongest churn drivers are {lead}: {fit.drivers[0].sentence()[0].lower()}"
        f"{fit.drivers[0].sentence()[1:]}"
        if fit.drivers
        else "No feature separates churned customers."
    )
    interpretation = (
        f"Churn ({ch.churn_target_words(target)}) explained by a calibrated {fit.model.best_name_} "
        f"model on {n(fit.model.n_rows_)} customers: features ranked by permutation importance "
        f"(drop in ROC-AUC on held-out customers), each with the group that churns most."
    )
    return make_answer(
        req,
        text,
        interpretation,
        rows_sql(target.table, None),
        columns,
        rows,
        chart=Chart("bar", "feature", ("importance",), "Churn drivers (permutation importance)"),
        model_card=fit.model_card(),
        extra={"drivers": [d.sentence() for d in fit.drivers]},
    )


def churn_rate(req: SkillRequest) -> Answer:
    """Churn rate overall, by dimensions, or per month when churn dates exist."""
    target = sc.find_churn_target(req.catalog)
    if target is None:
        return _derived_churn_rate(req)
    where = where_on(req, target.table)
    by = list(req.by)
    trend = bool(TREND_WORDS.search(req.question) or TREND_WORDS.search(req.topic))
    notes: tuple[str, ...] = ()
    if trend:
        unqualified = [b.rpartition(".")[2] for b in by if b.rpartition(".")[0] in ("", target.table)]
        query = ch.churn_over_time_query(req.catalog, target, unqualified, where)
        if query is not None and len(unqualified) == len(by):
            result = run_query(req, query)
            rates = [r[-1] for r in result.rows if r[-1] is not None]
            mean = sum(rates) / len(rates) if rates else 0.0
            text = (
                f"Monthly churn rate averaged {pct(mean)} over {n(len({r[0] for r in result.rows}))} months"
                f"{' by ' + ', '.join(unqualified) if unqualified else ''}."
            )
            interpretation = (
                "Per month: customers whose churn date falls in the month / customers active at its "
                f"start{', per ' + ', '.join(unqualified) if unqualified else ''}{filter_words(req)}."
            )
            return make_answer(
                req,
                text,
                interpretation,
                result.sql,
                result.columns,
                result.rows,
                chart=Chart("line", "month", ("churn_rate",), "Monthly churn rate"),
            )
        notes = ("The data has no churn dates, so the churn rate is shown without a time breakdown.",)
    result = run_query(req, ch.churn_rate_query(req.catalog, target, by, where))
    if by:
        top = result.rows[0] if result.rows else None
        text = (
            f"Churn is highest for {', '.join(str(v) for v in top[: len(by)])}: {n(top[-2])} of {n(top[-3])} "
            f"customers ({pct(top[-1])})."
            if top
            else "No customers match."
        )
    else:
        total, churned, rate = result.rows[0]
        text = f"{n(churned or 0)} of {n(total)} customers ({pct(rate or 0)}) have churned."
    groups = ", ".join(b.rpartition(".")[2] for b in by)
    interpretation = (
        f"Share of customers with {ch.churn_target_words(target)}{filter_words(req)}"
        f"{', by ' + groups if groups else ''}."
    )
    chart = Chart("bar", by[0].rpartition(".")[2], ("churn_rate",), "Churn rate") if by else None
    return make_answer(
        req, text, interpretation, result.sql, result.columns, result.rows, chart=chart, notes=notes
    )


def _derived_churn_rate(req: SkillRequest) -> Answer:
    tx = sc.find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "There is no churn flag or purchase history to compute a churn rate from.")
    derived = ch.derive_churn(req.catalog, tx, req.as_of)
    base = derived.query()
    where = where_on(req, tx.table)
    if where is not None:
        base = base.where(where)
    flag = exp.cast(exp.column("churned"), "INT")
    query = exp.select(
        exp.func("count", exp.Star()).as_("customers"),
        exp.func("sum", flag).as_("churned"),
        exp.func("avg", flag).as_("churn_rate"),
    ).from_(base.subquery("c"))
    result = run_query(req, query)
    total, churned, rate = result.rows[0]
    text = f"{n(churned or 0)} of {n(total)} customers ({pct(rate or 0)}) have churned."
    return make_answer(
        req,
        text,
        derived.explanation()[0].upper() + derived.explanation()[1:] + ".",
        result.sql,
        result.columns,
        result.rows,
    )
