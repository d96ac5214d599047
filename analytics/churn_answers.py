"""Answers about churn: who is at risk, what drives churn, churn rates (overall, by group, over time).

Every answer honours the request: `where` (on the customers table or a related one), `by` (groups joined
through the relations) and `limit`; what cannot be honoured is said in the interpretation, never dropped.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import churn as ch
from analytics import clv, clv_scale
from analytics.answers import (
    MAX_ANSWER_ROWS,
    by_words,
    customer_groups,
    customer_ids,
    filter_words,
    frame_rows,
    group_names,
    limited,
    make_answer,
    n,
    pct,
    rows_sql,
    run_query,
    selected_customers,
    unavailable,
    where_on,
)
from analytics.churn_features import row_source
from analytics.grouped import judged_rates
from analytics.metrics import with_groups
from catalog.answer import Answer, Chart
from catalog.churn_target import ChurnTarget, find_churn_target
from catalog.entities import contact_columns, find_time
from catalog.intervals import GroupStat, headline, mean_interval, wilson
from catalog.periods import day_of, first_partial, mark_partial, partial_words, period_name
from catalog.skills import SkillRequest
from catalog.transactions import Transactions, find_customers_table, find_transactions

if TYPE_CHECKING:
    import pandas as pd

TREND_WORDS = re.compile(
    r"\b(over time|by month|monthly|per month|trend|each month|month by month|month over month)\b", re.I
)
"""Words asking for a churn rate as a time series."""
RISK_THRESHOLD = 0.5
"""Churn probability from which a customer counts as 'likely to churn' in the answer sentence."""
MIN_GROUP_ROWS = 30
"""Smallest group whose churn drivers are described when drivers are broken down by a column."""
CHART_ROWS = "chart_rows"
"""Answer.extra key: how many leading table rows the chart draws (assistant.charts.CHART_ROWS)."""
MONTHLY_DEFINITION = (
    "customers active at the start of the month who churned in it / customers active at the start of the "
    "month (signed up before the month and not yet churned; customers who sign up during a month join the "
    "next month's base)"
)


def _group_rows(req: SkillRequest, table: str) -> pd.DataFrame:
    """rowid of `table` (as ch.ROW) and the `by` columns, joined through the relations."""

    source, rowid = row_source(req.catalog, table)
    base, groups = with_groups(req.catalog, exp.select().from_(source), table, req.by)
    names = group_names(req.by)
    query = base.select(
        rowid.as_(ch.ROW), *[exp.alias_(g, n, quoted=True) for g, n in zip(groups, names, strict=True)]
    )
    return req.catalog.frame(query)


def _and(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + (words[-1] if words else "")


def _who(row: pd.Series, contacts: list[str]) -> str:
    """ "Marie Collins (id 1149, " when the row has a name column, else "1149 (": a customer in a sentence."""
    key = str(row.index[0])
    name = next((c for c in contacts if "name" in c.lower() and isinstance(row[c], str) and row[c]), None)
    return f"{row[name]} ({key} {row[key]}, " if name else f"{row[key]} ("


def _label(values: Any) -> str:
    values = values if isinstance(values, tuple) else (values,)
    return ", ".join(str(v) for v in values)


# ---------------------------------------------------------------------------------------------------- risk
def churn_risk(req: SkillRequest) -> Answer:
    """Customers not yet churned, ranked by calibrated churn probability, with their top reasons."""
    target = find_churn_target(req.catalog)
    if target is None:
        return _churn_risk_from_purchases(req)
    fit = ch.fit_churn(req.catalog, as_of=req.as_of)
    where = where_on(req, target.table)
    rows = ch.selected_rows(req.catalog, target.table, where)
    open_idx = ch.open_customers(fit, rows)
    card = fit.model_card()
    model_words, within = _risk_words(fit)
    scope = filter_words(req, target.table)
    if req.by:
        return _risk_by_group(
            req, fit, open_idx, target.table, model_words, scope, rows_sql(target.table, where)
        )
    likely = int((fit.risk[open_idx] >= RISK_THRESHOLD).sum())
    contacts = contact_columns(req.catalog.model.tables[target.table])
    table = ch.at_risk(fit, rows, req.limit, contacts=contacts)
    if table.empty:
        text = f"No customers who have not churned match{scope or ' the data'}."
    else:
        top = table.iloc[0]
        text = (
            f"{n(likely)} of {n(len(open_idx))} customers who have not churned{scope} have a "
            f"churn probability{within} of {RISK_THRESHOLD:.0%} or more; the highest is {_who(top, contacts)}"
            f"{pct(top['churn_probability'])})."
        )
    interpretation = (
        f"Customers not yet churned ({target.column} is not true){scope}, ranked by the probability of "
        f"churning{within or ''} from {model_words}, with the churn drivers (of that model) each customer shows"
        f"{f' and their {_and(contacts)} to reach them' if contacts else ''}"
        f"{f'; the top {req.limit} shown' if req.limit else ''}."
    )
    return make_answer(
        req,
        text,
        interpretation,
        rows_sql(target.table, where),
        tuple(table.columns),
        frame_rows(table.head(MAX_ANSWER_ROWS)),
        row_count=len(table),
        model_card=card,
        notes=_risk_notes(fit),
        extra={"drivers": [d.sentence() for d in fit.reason_drivers]},
    )


def _risk_words(fit: ch.ChurnFit) -> tuple[str, str]:
    """(the ranking model in words, " within N days" or "") for at-risk answers."""
    f = fit.forward
    if f is None:
        return (
            f"a calibrated {fit.model.best_name_} model of the {n(fit.model.n_rows_)} customers "
            f"({fit.model.cv}-fold ROC-AUC {fit.model.cv_roc_auc_:.3f}{_samples(fit.model)}; {fit.forward_note})"
        ), ""
    return (
        f"a calibrated {f.model.best_name_} model trained on the "
        f"{n(f.customers)} customers active on {f.start.isoformat()} (features as known then) and who of "
        f"them churned by {f.end.isoformat()} ({f.model.cv}-fold ROC-AUC {f.model.cv_roc_auc_:.3f}"
        f"{_samples(f.model)})"
    ), f" within {f.horizon} days"


def _samples(model: ch.ChurnModel) -> str:
    """ "; stratified samples of the N rows: ..." when the model read samples of its rows, else ""."""
    words = model.sample_words()
    return f"; {words}" if words else ""


def _risk_notes(fit: ch.ChurnFit) -> tuple[str, ...]:
    """Why the horizon is what it is (when set or shortened), and the ranking model's backtest verdict
    when it is no better than its best single feature."""
    bt = fit.forward.backtest if fit.forward is not None else fit.backtest
    verdict = (bt.verdict(),) if bt and not bt.beats_best_feature else ()
    horizon = (
        (f"Horizon: {fit.forward.horizon} days{fit.horizon_why}.",) if fit.forward and fit.horizon_why else ()
    )
    return horizon + verdict


def _risk_by_group(
    req: SkillRequest, fit: ch.ChurnFit, open_idx: Any, table: str, model_words: str, scope: str, sql: str
) -> Answer:
    import pandas as pd

    names = group_names(req.by)
    scores = pd.DataFrame({ch.ROW: fit.frame[ch.ROW].iloc[open_idx].to_numpy(), "p": fit.risk[open_idx]})
    merged = scores.merge(_group_rows(req, table), on=ch.ROW, how="left")
    summary = risk_by_group(merged, names, "p")
    summary["share_likely"] = summary["likely_to_churn"] / summary["customers"]
    spread = merged.groupby(names, dropna=False)["p"].std(ddof=1).rename("__sd").reset_index()
    sds = summary[names].merge(spread, on=names, how="left")["__sd"].to_numpy()
    bounds = [
        mean_interval(float(mean), _float(sd), int(size))
        for mean, sd, size in zip(summary["mean_churn_probability"], sds, summary["customers"], strict=True)
    ]
    summary["ci_low"] = [b[0] for b in bounds]
    summary["ci_high"] = [b[1] for b in bounds]
    shown = summary.head(req.limit) if req.limit else summary
    if shown.empty:
        text = f"No customers who have not churned match{scope or ' the data'}."
    else:
        base = getattr(req.catalog.model, "min_base", 30)
        stats = [
            GroupStat(tuple(r[names]), float(r["mean_churn_probability"]), int(r["customers"]), lo, hi)
            for (_, r), (lo, hi) in zip(summary.iterrows(), bounds, strict=True)
        ]
        text = headline("The mean churn probability", stats, pct, "customers", base)
    interpretation = (
        f"Customers not yet churned{scope}, by {', '.join(names)}: how many there are, how many have a "
        f"churn probability of {RISK_THRESHOLD:.0%} or more and their mean probability, from {model_words}"
        f"{f'; the top {req.limit} groups shown' if req.limit else ''}."
    )
    return make_answer(
        req,
        text,
        interpretation,
        sql,
        tuple(shown.columns),
        frame_rows(shown),
        chart=Chart("bar", names[0], ("mean_churn_probability",), "Mean churn probability"),
        model_card=fit.model_card(),
    )


def _churn_risk_from_purchases(req: SkillRequest) -> Answer:
    tx = find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "There is no churn flag or purchase history to estimate churn risk from.")
    fit = clv.fit_customer_value(req.catalog, tx, req.as_of)
    if fit["degenerate"]:
        return unavailable(req, f"I cannot rank customers by lapse risk on this data: {fit['degenerate']}.")
    derived = ch.derive_churn(req.catalog, tx, req.as_of)
    if reason := derived.stale(req.catalog):
        return Answer(question=req.question, status="clarify", text=reason)
    frame = fit["frame"]  # None where the data stays (PostgreSQL, Spark): the scores are streamed
    last_day = req.as_of - dt.timedelta(days=derived.days)
    streamed = {"since": last_day, "ids": customer_ids(req, tx)} if frame is None else {}
    if frame is not None:
        frame = frame[frame["last_purchase"] >= last_day].copy()
        selected = selected_customers(req, tx)
        if selected is not None:
            frame = frame[frame["customer"].isin(selected)]
        frame = _with_churn_probability(frame)
        frame = frame.sort_values("churn_probability", ascending=False, kind="stable")
    scope = filter_words(req, tx.table, whole_history=True)
    how = (
        f"{derived.explanation()}; customers still active{scope} are ranked by 1 - P(alive) from a BG/NBD "
        f"model of their purchases"
    )
    if req.by:
        groups, group_how = customer_groups(req, tx)
        names = group_names(req.by)
        if frame is None:  # the groups joined in SQL, their figures combined batch by batch
            table = clv_scale.grouped(
                req.catalog, tx, fit, groups, names, "churn_probability", _with_churn_probability,
                RISK_THRESHOLD, **streamed,
            )  # fmt: skip
            table = table.rename(columns={"likely": "likely_to_churn", "mean": "mean_churn_probability"})
            table = table[[*names, "customers", "likely_to_churn", "mean_churn_probability"]]
            table = table.sort_values("mean_churn_probability", ascending=False, kind="stable")
        else:
            attrs = req.catalog.frame(groups)
            merged = frame.merge(attrs, on="customer", how="left")
            table = risk_by_group(merged, names, "churn_probability")
        table = table.head(req.limit) if req.limit else table
        text = (
            f"Lapse risk is highest for {_label(tuple(table.iloc[0][names]))} (mean "
            f"{pct(table.iloc[0]['mean_churn_probability'])} over {n(table.iloc[0]['customers'])} customers)."
            if len(table)
            else "No customers bought recently enough to be at risk."
        )
        interpretation = f"{how}, summarised by {', '.join(names)}{group_how}."
        row_count = len(table)
    else:
        if frame is None:  # streamed: the shown rows kept (their contacts read for them alone), and the count
            keep = min(req.limit or MAX_ANSWER_ROWS, MAX_ANSWER_ROWS)
            ranked = clv_scale.ranked(
                req.catalog, tx, fit, "churn_probability", keep, _with_churn_probability, **streamed
            )
            frame, contacts = _with_contacts(req, tx, ranked.top, shown_only=True)
            count = ranked.count
        else:
            frame, contacts = _with_contacts(req, tx, frame)
            count = len(frame)
        table = frame[["customer", *contacts, "churn_probability", "p_alive", "frequency", "last_purchase"]]
        if req.limit:
            table = table.head(req.limit)
        row_count = (min(req.limit, count) if req.limit else count) if streamed else len(table)
        text = (
            f"{n(count)} customers{scope} bought in the last {derived.days} days; the most likely to "
            f"lapse is {_who(table.iloc[0], contacts)}{pct(table['churn_probability'].iloc[0])})."
            if len(table)
            else "No customers bought recently enough to be at risk."
        )
        interpretation = f"{how}."
    return make_answer(
        req,
        text,
        interpretation[0].upper() + interpretation[1:],
        fit["sql"],
        tuple(table.columns),
        frame_rows(table.head(MAX_ANSWER_ROWS)),
        row_count=row_count,
        model_card=fit["card"],
    )


def _with_churn_probability(frame: pd.DataFrame) -> pd.DataFrame:
    frame["churn_probability"] = 1 - frame["p_alive"]
    return frame


def _with_contacts(
    req: SkillRequest, tx: Transactions, frame: pd.DataFrame, shown_only: bool = False
) -> tuple[pd.DataFrame, list[str]]:
    """The per-customer frame with the customers table's contact columns (name, email...) when it has any
    (`shown_only`: read for the frame's customers alone, a few shown rows of many)."""
    customers = find_customers_table(req.catalog)
    contacts = contact_columns(customers) if customers is not None and customers.name != tx.table else []
    if not contacts or customers is None:
        return frame, []
    try:
        query, _ = customer_groups(replace(req, by=tuple(f"{customers.name}.{c}" for c in contacts)), tx)
        attrs = req.catalog.frame(clv_scale.only_shown(query, frame) if shown_only else query)
        return frame.merge(attrs.drop_duplicates("customer"), on="customer", how="left"), contacts
    except (LookupError, ValueError):  # no key to join on, or ids of different types
        return frame, []


# ---------------------------------------------------------------------------------------------------- drivers
DRIVER_COLUMNS = (
    "rank",
    "feature",
    "group",
    "churn_rate_in_group",
    "churn_rate_rest",
    "lift",
    "share_of_customers",
    "importance",
    "judged_with",
    "explanation",
)


def churn_drivers(req: SkillRequest) -> Answer:
    """What drives churn (among the customers the filter keeps): permutation importance plus observed
    churn rates, in sentences; per group when `by` is given.

    With churn dates the design is forward (`ChurnFit.design`): drivers of churning within the horizon
    among the customers active at the earlier cut, features as known then; without them (or too few
    customers then) it falls back to the cross-sectional model of who has churned, and says so."""
    target = find_churn_target(req.catalog)
    if target is None:
        return unavailable(req, "There is no churn flag (a column like churn, churned or status) to explain.")
    where = where_on(req, target.table)
    fit = ch.fit_churn(req.catalog, target, where, as_of=req.as_of)
    scope = filter_words(req, target.table)
    model = fit.driver_model
    f = fit.forward
    model_words = (
        f"a calibrated {model.best_name_} model of churn within {f.horizon} days, trained on the "
        f"{n(f.customers)} customers{scope} active on {f.start.isoformat()} (features as known then), "
        f"{n(f.churned)} of whom churned by {f.end.isoformat()} ({model.cv}-fold ROC-AUC {model.cv_roc_auc_:.3f}"
        f"{_samples(model)})"
        if f is not None
        else f"a calibrated {model.best_name_} model on {n(model.n_rows_)} customers{scope} "
        f"({model.cv}-fold ROC-AUC {model.cv_roc_auc_:.3f}{_samples(model)})"
    )

    def words(column: str) -> str:
        return fit.words.get(column) or column

    if req.by:
        return _drivers_by_group(req, fit, target, model_words, rows_sql(target.table, where), words)

    def together(d: ch.Driver) -> str:
        others = [words(c) for c in d.columns if c != d.column]
        return _and(others) if others else ""

    drivers = fit.explained_drivers
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
            together(d),
            d.sentence(),
        )
        for i, d in enumerate(drivers)
    )
    rows = limited(rows, req.limit)
    useful = [d for d in drivers if d.importance > 0]
    charted = min(len(useful), len(rows))  # ranked by importance: the useful ones come first
    notes: list[str] = []
    if len(rows) > charted:
        notes.append(
            f"{_and([words(c) for d in drivers[charted : len(rows)] for c in (d.columns or (d.column,))])}: "
            "no importance to the model (shuffling them does not lower its ROC-AUC); kept in the table for "
            "their churn rates, left out of the chart."
        )
    grouped = [d for d in drivers[: len(rows)] if len(d.columns) > 1]
    if grouped:
        notes.append(
            "Judged together because they go together (one importance for the group): "
            + "; ".join(_and([words(c) for c in d.columns]) for d in grouped)
            + "."
        )
    backtest = fit.explained_backtest
    if backtest:
        notes.append(backtest.verdict())
    notes.append(f"Design: {fit.design_words()}.")

    def lead_words(d: ch.Driver) -> str:
        return words(d.column) + (f" (with {together(d)})" if together(d) else "")

    lead = _and([lead_words(d) for d in (useful or drivers)[:3]])
    first = (useful or drivers)[0].sentence() if drivers else ""
    if f is not None:
        head = (
            f"What predicts churn within {f.horizon} days{scope} (the {n(f.customers)} customers active on "
            f"{f.start.isoformat()}, features as known then; {n(f.churned)} churned by {f.end.isoformat()})"
        )
        text = f"{head}: {lead}. {first}" if drivers else f"{head}: no feature separates who churned."
    else:
        text = (
            f"The strongest drivers of who has churned{scope} (cross-sectional: features as recorded, not as "
            f"known before churning) are {lead}: {first[0].lower()}{first[1:]}"
            if drivers
            else f"No feature separates churned customers{scope}."
        )
    if backtest and not backtest.beats_best_feature:
        text += (
            f" In a backtest the model ranks future churners no better than {backtest.best_feature} alone."
        )
    as_of = f" as of {fit.as_of.isoformat()}" if fit.as_of else ""
    interpretation = (
        f"Churn ({ch.churn_target_words(target)}){as_of} explained by {model_words}: features ranked by "
        f"grouped permutation importance (drop in ROC-AUC on held-out customers when a feature, or a group of "
        f"features that go together, is shuffled), each with the group of customers that churns most"
        f"{f'; the top {req.limit} shown' if req.limit else ''}."
    )
    return make_answer(
        req,
        text,
        interpretation,
        rows_sql(target.table, where),
        DRIVER_COLUMNS,
        rows,
        chart=Chart("bar", "feature", ("importance",), "Churn drivers (permutation importance)")
        if charted
        else None,
        model_card=fit.drivers_card(),
        notes=tuple(notes),
        extra={"drivers": [d.sentence() for d in drivers], CHART_ROWS: charted, "design": fit.design},
    )


def _drivers_by_group(
    req: SkillRequest, fit: ch.ChurnFit, target: ChurnTarget, model_words: str, sql: str, words: Any
) -> Answer:
    """Per group: its churn rate and the driver (of the model's ranking) that separates its churners most."""
    names = group_names(req.by)
    model = fit.driver_model
    explained = fit.explained_frame
    frame = explained.merge(_group_rows(req, target.table), on=ch.ROW, how="left", suffixes=("", "__by"))
    keys = [f"{c}__by" if f"{c}__by" in frame else c for c in names]
    out: list[tuple[Any, ...]] = []
    for values, group in frame.groupby(keys, dropna=False, sort=False):
        values = values if isinstance(values, tuple) else (values,)
        rate = float(group[ch.TARGET].mean())
        top = (
            ch.describe_drivers(  # rates of the same design as the ranking (within the horizon when forward)
                group.reset_index(drop=True),
                model.importances_[model.importances_ > 0],
                top=1,
                words=fit.words,
                money=ch.money_columns(req.catalog, target.table),
                groups=model.groups_,
            )
            if len(group) >= MIN_GROUP_ROWS
            else []
        )
        d = top[0] if top else None
        if d is not None and fit.forward is not None:
            d.horizon = fit.forward.horizon
        out.append(
            (
                *values,
                len(group),
                rate,
                d.column if d else None,
                d.label if d else None,
                d.rate_in if d else None,
                d.rate_out if d else None,
                d.sentence() if d else "too few customers or no group that churns more",
            )
        )
    out.sort(key=lambda r: -r[len(names) + 1])
    rows = limited(tuple(out), req.limit)
    described = [r for r in rows if r[len(names) + 2] is not None]
    text = (
        "Top churn driver per "
        + ", ".join(names)
        + ": "
        + "; ".join(f"{_label(r[: len(names)])}: {words(r[len(names) + 2])}" for r in described[:3])
        + "."
        if described
        else "No feature separates churned customers within the groups."
    )
    rate_words = (
        f"rate of churning within {fit.forward.horizon} days among its customers active on "
        f"{fit.forward.start.isoformat()}"
        if fit.forward is not None
        else "churn rate"
    )
    interpretation = (
        f"Churn ({ch.churn_target_words(target)}) by {', '.join(names)}: each group's {rate_words} and the "
        f"feature, in the ranking of {model_words}, whose high-risk group churns most above the rest of the "
        f"group, groups with the highest churn first{f'; the top {req.limit} shown' if req.limit else ''}."
    )
    columns = (
        *names,
        "customers",
        "churn_rate",
        "top_driver",
        "group",
        "churn_rate_in_group",
        "churn_rate_rest",
        "explanation",
    )
    return make_answer(
        req,
        text,
        interpretation,
        sql,
        columns,
        rows,
        chart=Chart("bar", names[0], ("churn_rate",), "Churn rate"),
        model_card=fit.drivers_card(),
        notes=(f"Design: {fit.design_words()}.",),
    )


# ---------------------------------------------------------------------------------------------------- rates
def _is_trend(req: SkillRequest) -> bool:
    return bool(TREND_WORDS.search(req.question) or TREND_WORDS.search(req.topic))


def churn_rate(req: SkillRequest) -> Answer:
    """Churn rate overall, by dimensions, or per month (churned in month / active at its start)."""
    target = find_churn_target(req.catalog)
    if target is None:
        return _derived_churn_rate(req)
    where = where_on(req, target.table)
    scope = filter_words(req, target.table)
    caveat = ""
    if _is_trend(req):
        churn_words = f"churned means {ch.churn_target_words(target)}"
        period = _churn_date_period(req, target)
        if period is not None:  # "churn date in 2025": a range of months, not a set of customers
            where, scope = None, ""
            churn_words += f"; only the months where {req.where_text}"
        query = ch.churn_over_time_query(req.catalog, target, req.by, where)
        if query is not None:
            if period is not None:
                order = [exp.column("month"), *[exp.column(nm, quoted=True) for nm in group_names(req.by)]]
                query = exp.select("*").from_(query.subquery("monthly")).where(period).order_by(*order)
            return _monthly_answer(req, run_query(req, query), churn_words, scope)
        caveat = " The data has no churn dates, so the churn rate cannot be shown per month."
    result = run_query(req, ch.churn_rate_query(req.catalog, target, req.by, where))
    rows, columns = limited(result.rows, req.limit), result.columns
    if req.by:
        text, columns, rows = judged_rates(req.catalog, columns, result.rows, rows, len(req.by))
    else:
        total, churned, rate = result.rows[0]
        text = f"{n(churned or 0)} of {n(total)} customers{scope} ({pct(rate or 0)}) have churned."
    interpretation = (
        f"Share of customers with {ch.churn_target_words(target)}{scope}{by_words(req)}"
        f"{f' (the {req.limit} highest shown)' if req.limit and req.by else ''}.{caveat}"
    )
    chart = Chart("bar", group_names(req.by)[0], ("churn_rate",), "Churn rate") if req.by else None
    notes = (caveat.strip(),) if caveat else ()
    return make_answer(req, text, interpretation, result.sql, columns, rows, chart=chart, notes=notes)


def _churn_date_period(req: SkillRequest, target: ChurnTarget) -> exp.Expr | None:
    """A filter only on the churn date (a period) rewritten over the `month` column, else None."""
    if req.where is None or req.table not in (None, target.table):
        return None
    churn_date = find_time(req.catalog.model.tables[target.table], ch.CHURN_DATE_NAMES)
    columns = list(req.where.find_all(exp.Column))
    if churn_date is None or not columns or any(c.name != churn_date for c in columns):
        return None
    return req.where.copy().transform(
        lambda node: exp.column("month") if isinstance(node, exp.Column) else node
    )


def _monthly_answer(req: SkillRequest, result: Any, churn_words: str, scope: str) -> Answer:
    """A monthly churn-rate table (month, groups..., active_at_start, churned, churn_rate) as an Answer."""
    names = group_names(req.by)
    rows = result.rows
    k = len(names)
    partial = first_partial(
        rows, "month", req.as_of
    )  # the as-of month, when not over: shown, marked, not used
    pooled: dict[tuple[Any, ...], list[int]] = {}  # group -> [customer-months at risk, churned]
    for r in rows:
        if r[-1] is not None and day_of(r[0]) != partial:
            cell = pooled.setdefault(tuple(r[1 : 1 + k]), [0, 0])
            cell[0] += int(r[1 + k] or 0)
            cell[1] += int(r[2 + k] or 0)
    means = {g: c / at_risk for g, (at_risk, c) in pooled.items() if at_risk}
    limit_words = ""
    if req.limit and names:
        keep = set(sorted(means, key=lambda g: -means[g])[: req.limit])
        rows = tuple(r for r in rows if tuple(r[1 : 1 + k]) in keep)
        limit_words = f"; the {req.limit} groups with the highest average shown"
    elif req.limit:
        rows = rows[-req.limit :]
        limit_words = f"; the last {req.limit} months shown"
    months = sorted({r[0] for r in rows if day_of(r[0]) != partial})
    note = (
        f" {period_name(partial, 'month')} is left out of the figures: {partial_words(req.as_of)}."
        if partial
        else ""
    )
    if not rows:
        text = "No customers were active in any month."
    elif names:
        base = getattr(req.catalog.model, "min_base", 30)
        stats = [GroupStat(g, c / m, m, *wilson(min(c, m), m)) for g, (m, c) in pooled.items() if m]
        judged = headline("the monthly churn rate", stats, pct, "customer-months", base)
        text = (
            f"Over {n(len(months))} months ({MONTHLY_DEFINITION}, pooled: churned over customer-months "
            f"at risk), {judged[:1].lower()}{judged[1:]}"
        )
    else:
        full = [r for r in rows if day_of(r[0]) != partial]
        rates = [float(r[-1]) for r in full if r[-1] is not None]
        last = full[-1] if full else rows[-1]
        text = (
            f"Monthly churn rate ({MONTHLY_DEFINITION}) averaged {pct(sum(rates) / len(rates))} over "
            f"{n(len(months))} months; in {last[0]:%Y-%m} it was {pct(last[-1] or 0)}."
            if rates
            else f"Only {period_name(rows[-1][0], 'month')} is shown, and it is not over."
        )
    text += note
    columns, rows = mark_partial(tuple(result.columns), rows, "month", req.as_of)
    interpretation = f"Monthly churn rate of customers{scope}{by_words(req)}: {MONTHLY_DEFINITION}; {churn_words}{limit_words}."
    title = "Monthly churn rate" + (f" by {', '.join(names)}" if names else "")
    return make_answer(
        req,
        text,
        interpretation,
        result.sql,
        columns,
        rows,
        chart=Chart("line", "month", ("churn_rate",), title),
        extra={"series": names} if names else {},
    )


def _derived_churn_rate(req: SkillRequest) -> Answer:
    """Churn rate without a churn flag: no purchase within the data's usual gap between purchases."""
    tx = find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "There is no churn flag or purchase history to compute a churn rate from.")
    derived = ch.derive_churn(req.catalog, tx, req.as_of)
    if reason := derived.stale(req.catalog):
        return Answer(question=req.question, status="clarify", text=reason)
    ids = customer_ids(req, tx)
    scope = filter_words(req, tx.table, whole_history=True)
    names = group_names(req.by)
    groups, group_how = customer_groups(req, tx) if req.by else (None, "")
    trend = _is_trend(req)
    base = derived.spans() if trend else derived.query()
    source = exp.select("*").from_(base.subquery("c"))
    if ids is not None:
        source = source.where(exp.column("customer", table="c").isin(query=ids))
    if groups is not None:
        source = (
            exp.select(
                *[exp.column(nm, table="g", quoted=True) for nm in names],
                exp.Column(this=exp.Star(), table=exp.to_identifier("c")),
            )
            .from_(base.subquery("c"))
            .join(
                groups.subquery("g"),
                on=exp.column("customer", table="c").eq(exp.column("customer", table="g")),
                join_type="left",
            )
        )
        if ids is not None:
            source = source.where(exp.column("customer", table="c").isin(query=ids))
    explanation = derived.explanation()
    if trend:
        result = run_query(req, ch.monthly_churn_query(source, names))
        return _monthly_answer(req, result, explanation, f"{scope}{group_how}")
    flag = exp.cast(exp.column("churned"), "INT")
    group_cols = [exp.column(nm, quoted=True) for nm in names]
    query = exp.select(
        *group_cols,
        exp.func("count", exp.Star()).as_("customers"),
        exp.func("sum", flag).as_("churned"),
        exp.func("avg", flag).as_("churn_rate"),
    ).from_(source.subquery("s"))
    if group_cols:
        query = query.group_by(*group_cols).order_by(exp.Ordered(this=exp.column("churn_rate"), desc=True))
    result = run_query(req, query)
    rows, columns = limited(result.rows, req.limit), result.columns
    if names:
        text, columns, rows = judged_rates(req.catalog, columns, result.rows, rows, len(names))
    else:
        total, churned, rate = result.rows[0]
        text = f"{n(churned or 0)} of {n(total)} customers{scope} ({pct(rate or 0)}) have churned."
    interpretation = f"{explanation[0].upper()}{explanation[1:]}{scope}{by_words(req)}{group_how}."
    chart = Chart("bar", names[0], ("churn_rate",), "Churn rate") if names else None
    return make_answer(req, text, interpretation, result.sql, columns, rows, chart=chart)


def _float(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


def risk_by_group(frame: Any, names: list[str], probability: str) -> Any:
    """Customers, likely churners and mean churn probability per group (a DataFrame), riskiest first."""
    return (
        frame.groupby(names, dropna=False)
        .agg(
            customers=(probability, "size"),
            likely_to_churn=(probability, lambda p: int((p >= RISK_THRESHOLD).sum())),
            mean_churn_probability=(probability, "mean"),
        )
        .reset_index()
        .sort_values("mean_churn_probability", ascending=False, kind="stable")
    )
