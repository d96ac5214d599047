"""Answers about customers: RFM segments and their members, behavioural clusters, lifetime value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import churn as ch
from analytics import clv, clv_scale
from analytics import segments as sg
from analytics.churn_answers import churn_risk
from analytics.churn_features import analysis_date
from analytics.queries import data_key, quote, table_ref
from catalog.answer import Answer, Chart
from catalog.churn_target import LEAKAGE_NAMES, find_churn_target
from catalog.entities import is_numeric, key_column, link
from catalog.roles import looks_like_id
from catalog.semantic import Role
from catalog.skills import SkillRequest
from catalog.transactions import Transactions, find_customers_table, find_transactions

if TYPE_CHECKING:
    from catalog import Catalog

from analytics import model_cache
from analytics.answers import (
    MAX_ANSWER_ROWS,
    by_words,
    customer_filter,
    customer_groups,
    filter_words,
    frame_rows,
    group_names,
    has_churn,
    has_tx,
    limited,
    make_answer,
    money,
    n,
    pct,
    run_query,
    selected_customers,
    unavailable,
)
from catalog.intervals import GroupStat, headline, mean_interval

SEGMENT_PHRASES: dict[str, str] = {
    "champions": "Champions",
    "loyal customers": "Loyal Customers",
    "potential loyalists": "Potential Loyalists",
    "promising customers": "Promising",
    "need attention": "Need Attention",
    "needs attention": "Need Attention",
    "at risk": "At Risk",
    "can't lose them": "Can't Lose Them",
    "cant lose them": "Can't Lose Them",
    "can't lose": "Can't Lose Them",
    "hibernating": "Hibernating",
    "about to sleep": "About to Sleep",
    "lost customers": "Lost",
    "new customers segment": "New Customers",
}
"""Phrases naming an RFM segment (longest matched first)."""


def segments(req: SkillRequest) -> Answer:
    """RFM segment summary: customers, share, revenue share, mean R/F/M; per group when `by` is given."""
    tx = find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "RFM segments need a purchases table (customer, date, amount).")
    groups, group_how = customer_groups(req, tx) if req.by else (None, "")
    names = group_names(req.by)
    query = sg.segment_summary_query(
        tx, analysis_date(req.catalog, req.as_of), customer_filter(req, tx), groups, names
    )
    result = run_query(req, query)
    k = len(names)
    customers_at, revenue_share_at = k + 1, k + 4
    total = sum(r[customers_at] for r in result.rows)
    top = max(result.rows, key=lambda r: r[revenue_share_at] or 0) if result.rows else None
    where = f" in {', '.join(str(v) for v in top[:k])}" if top and k else ""
    text = (
        f"{n(total)} customers fall into {len({r[k] for r in result.rows})} RFM segments; {top[k]}{where} "
        f"({pct(top[k + 2])} of customers{where and ' there'}) bring {pct(top[revenue_share_at] or 0)} of "
        f"revenue{where and ' there'}."
        if top
        else "No purchases to segment."
    )
    rows = limited(result.rows, req.limit)
    interpretation = (
        f"RFM segments from {tx.table} (customer {tx.customer}, date {tx.date}, value {tx.value_words}, "
        f"orders = {tx.order_words}){filter_words(req, tx.table, whole_history=True)}{by_words(req)}"
        f"{group_how}: quintile scores 1-5 for recency (days to {_as_of_words(req)}), frequency and monetary "
        f"value mapped to the 11 standard segments{'; shares are within each group' if k else ''}"
        f"{f'; the first {req.limit} rows shown' if req.limit else ''}."
    )
    return make_answer(
        req,
        text,
        interpretation,
        result.sql,
        result.columns,
        rows,
        chart=Chart("bar", "segment", ("customers",), "Customers per RFM segment"),
    )


def _as_of_words(req: SkillRequest) -> str:
    day = analysis_date(req.catalog, req.as_of)
    return day.isoformat() if day else "the day after the last purchase"


def segment_members(req: SkillRequest) -> Answer:
    """The members of one RFM segment named in the question, with their count (and `by` columns)."""
    tx = find_transactions(req.catalog)
    question = req.question.lower().replace("’", "'")
    segment = next(
        (SEGMENT_PHRASES[p] for p in sorted(SEGMENT_PHRASES, key=len, reverse=True) if p in question),
        "Champions",
    )
    if tx is None:
        if segment == "At Risk" and has_churn(req.catalog):
            return churn_risk(req)
        return unavailable(req, "RFM segments need a purchases table (customer, date, amount).")
    as_of = analysis_date(req.catalog, req.as_of)
    query = sg.segment_members_query(tx, segment, as_of, customer_filter(req, tx))
    names = group_names(req.by)
    group_how = ""
    if req.by:
        groups, group_how = customer_groups(req, tx)
        members = query.subquery("m")
        query = (
            exp.select(
                exp.Column(this=exp.Star(), table=exp.to_identifier("m")),
                *[exp.column(exp.to_identifier(nm, quoted=True), table="g") for nm in names],
            )
            .from_(members)
            .join(
                groups.subquery("g"),
                on=exp.column("customer", table="m").eq(exp.column("customer", table="g")),
                join_type="left",
            )
            .order_by(
                exp.Ordered(this=exp.column("monetary", table="m"), desc=True),
                exp.column("customer", table="m"),
            )
        )
    result = run_query(req, query)
    total = run_query(
        req, exp.select(exp.func("count", exp.Star())).from_(sg.rfm_query(tx, as_of).subquery("r"))
    )
    count = result.row_count
    rows = limited(result.rows, req.limit)
    share = count / total.rows[0][0] if total.rows[0][0] else 0.0
    text = f"{n(count)} customers ({pct(share)}) are {segment}: {sg.segment_description(segment)}."
    if names and result.rows:
        counts: dict[tuple[Any, ...], int] = {}
        for r in result.rows:
            key = tuple(r[-len(names) :])
            counts[key] = counts.get(key, 0) + 1
        best = max(counts, key=lambda g: counts[g])
        text = text[:-1] + f"; most are in {', '.join(str(v) for v in best)} ({n(counts[best])})."
    interpretation = (
        f"Customers in the RFM segment {segment}{filter_words(req, tx.table, whole_history=True)}"
        f"{', with their ' + ', '.join(names) + group_how if names else ''}, highest spend first "
        f"(segments from {tx.table}: recency, frequency and monetary quintile scores; value "
        f"{tx.value_words}){f'; the first {req.limit} shown' if req.limit else ''}."
    )
    return make_answer(req, text, interpretation, result.sql, result.columns, rows)


def _cluster_frame(req: SkillRequest) -> tuple[Any, str, list[str], str]:
    """One row per customer with numeric behaviour features, the id column, the features and the SQL."""
    import pandas as pd

    catalog = req.catalog
    customers = find_customers_table(catalog)
    tx = find_transactions(catalog)
    frame: pd.DataFrame | None = None
    sql_parts: list[str] = []
    features: list[str] = []
    if tx is not None:
        query = exp.select("customer", "recency", "frequency", "monetary").from_(
            sg.rfm_query(tx, analysis_date(req.catalog, req.as_of)).subquery("r")
        )
        frame = catalog.frame(query)
        sql_parts.append(query.sql(dialect="duckdb"))
        features = ["recency", "frequency", "monetary"]
    if customers is not None:
        key = key_column(customers)
        target = find_churn_target(catalog)
        measures = [
            c.name
            for c in customers.columns.values()
            if is_numeric(c)
            and c.name != key
            and not LEAKAGE_NAMES.search(c.name)
            and (target is None or c.name != target.column)
            and not looks_like_id(c.name)
            and c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY)
            and not c.name.lower().endswith("code")
            and c.name not in (*features, "customer")  # recency, frequency: measured from the transactions
        ]
        if key is not None:
            query = exp.select(*[quote(c) for c in [key, *measures]]).from_(table_ref(customers.name))
            own = catalog.frame(query)
            own = ch._coerce_numeric_text(own)
            measures = [
                m
                for m in own.columns
                if m != key and pd.api.types.is_numeric_dtype(own[m]) and own[m].nunique() > 2
            ]
            sql_parts.append(query.sql(dialect="duckdb"))
            own = own.rename(columns={key: "customer"})[["customer", *measures]]
            features += measures
            frame = own if frame is None else frame.merge(own, on="customer", how="left")
            for other in catalog.model.tables.values():
                if other.name in (customers.name, tx.table if tx else ""):
                    continue
                found = link(catalog.model, other.name, customers.name)
                if found is None:
                    continue
                name = f"n_{other.name}"
                q = (
                    exp.select(quote(found[0]).as_("customer"), exp.func("count", exp.Star()).as_(name))
                    .from_(table_ref(other.name))
                    .group_by(quote(found[0]))
                )
                counts = catalog.frame(q)
                frame = frame.merge(counts, on="customer", how="left")
                frame[name] = frame[name].fillna(0)
                features.append(name)
                sql_parts.append(q.sql(dialect="duckdb"))
    if frame is None or not features:
        raise LookupError("no numeric customer behaviour to cluster")
    selected = selected_customers(req, tx)
    if selected is not None:
        frame = frame[frame["customer"].isin(selected)]
    return frame, "customer", features, ";\n".join(sql_parts)


def can_cluster(catalog: Catalog) -> bool:
    return has_tx(catalog) or find_customers_table(catalog) is not None


def clusters(req: SkillRequest) -> Answer:
    """Behavioural clusters (KMeans, k by silhouette), each described in words (cached on disk)."""

    parts = (
        data_key(req.catalog),
        req.where.sql(dialect="duckdb") if req.where is not None else "",
        str(req.table),
        str(analysis_date(req.catalog, req.as_of)),
    )

    def build() -> tuple[Any, list[str], str, sg.ClusterResult]:
        frame, id_column, features, sql = _cluster_frame(req)
        return frame, features, sql, sg.cluster_customers(frame, id_column, features)

    try:
        cached = model_cache.cached("clusters", parts, build)
    except (LookupError, ValueError) as e:
        return unavailable(req, f"Cannot cluster these customers: {e}.")
    frame, features, sql, result = cached
    summary = result.summary
    biggest = summary.sort_values("customers", ascending=False).iloc[0]
    text = (
        f"{n(len(frame))} customers form {result.k} behavioural clusters; the largest "
        f"({pct(biggest['share'])}) is: {biggest['description']}."
    )
    table = summary
    names = group_names(req.by)
    group_how = ""
    if names:
        tx = find_transactions(req.catalog)
        groups, group_how = customer_groups(req, tx)
        attrs = req.catalog.frame(groups)
        labelled = result.frame[["customer", "cluster", "description"]].merge(
            attrs, on="customer", how="left"
        )
        table = (
            labelled.groupby([*names, "cluster", "description"], dropna=False)
            .size()
            .reset_index(name="customers")
        )
        table["share_of_group"] = table["customers"] / table.groupby(names, dropna=False)[
            "customers"
        ].transform("sum")
        top = table.sort_values("share_of_group", ascending=False, kind="stable").iloc[0]
        text = text[:-1] + (
            f"; cluster {top['cluster']} is most common in {', '.join(str(top[c]) for c in names)} "
            f"({pct(top['share_of_group'])} of its customers)."
        )
    if req.limit:
        table = table.head(req.limit)
    interpretation = (
        f"KMeans on standardised {', '.join(features)}{filter_words(req, None)}; k={result.k} chosen by "
        f"silhouette ({result.silhouettes[result.k]:.2f}) among 2..8; each cluster described by "
        f"the features that differ most from the average customer"
        f"{'; clusters broken down by ' + ', '.join(names) + group_how if names else ''}"
        f"{f'; the first {req.limit} rows shown' if req.limit else ''}."
    )
    card = {
        "method": "KMeans (standardised, log for skewed features)",
        "customers": len(frame),
        "features": features,
        "k": result.k,
        "silhouette by k": {k: round(v, 3) for k, v in result.silhouettes.items()},
    }
    return make_answer(
        req,
        text,
        interpretation,
        sql,
        tuple(table.columns),
        frame_rows(table.head(MAX_ANSWER_ROWS)),
        row_count=len(table),
        chart=Chart("bar", "cluster", ("customers",), "Customers per cluster") if not names else None,
        model_card=card,
        extra={"descriptions": dict(result.descriptions), "silhouettes": dict(result.silhouettes)},
    )


def lifetime_value(req: SkillRequest) -> Answer:
    """Historical and predicted customer lifetime value, highest predicted value first (or per group)."""
    tx = find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "Lifetime value needs a purchases table (customer, date, amount).")
    fit = clv.fit_customer_value(req.catalog, tx, req.as_of)
    if fit["degenerate"]:
        return unavailable(req, f"I cannot predict lifetime value on this data: {fit['degenerate']}.")
    frame = fit["frame"]  # None where the data stays (PostgreSQL, Spark): the scores are streamed
    if frame is None:
        has_value = fit["models"][1] is not None
        value = "predicted_clv" if has_value else f"expected_purchases_{clv.CLV_HORIZON_WEEKS}w"
    else:
        selected = selected_customers(req, tx)
        if selected is not None:
            frame = frame[frame["customer"].isin(selected)]
        value = (
            "predicted_clv" if "predicted_clv" in frame else f"expected_purchases_{clv.CLV_HORIZON_WEEKS}w"
        )
        frame = frame.sort_values(value, ascending=False, kind="stable")
    scope = filter_words(req, tx.table, whole_history=True)
    as_of = fit["card"]["as of"]
    how = (
        f"Lifetime value from {tx.table} (value {tx.value_words}, orders = {tx.order_words}){scope}, as of "
        f"{as_of}: revenue to date, average order value, tenure, and a prediction of the "
        f"{clv.horizon_words()} (BG/NBD purchases x Gamma-Gamma order value)"
    )
    if fit["contractual"]:
        how += (
            f"; churn is recorded ({fit['contractual']}), so churned customers get zero future value and "
            "the others are modelled with BG/NBD, a non-contractual model that assumes customers leave unseen"
        )
    if req.by:
        return _lifetime_value_by(req, tx, frame, value, how, fit)
    columns = [
        "customer",
        "orders",
        "revenue",
        "average_order_value",
        "tenure_days",
        "p_alive",
        f"expected_purchases_{clv.CLV_HORIZON_WEEKS}w",
        *(["predicted_clv"] if value == "predicted_clv" else []),
    ]
    if frame is None:  # streamed: only the rows shown are kept, with the count and the sum
        keep = min(req.limit or MAX_ANSWER_ROWS, MAX_ANSWER_ROWS)
        ranked = clv_scale.ranked(req.catalog, tx, fit, value, keep, ids=customer_filter(req, tx))
        table = ranked.top[columns]
        count, total, mean, zero = ranked.count, ranked.total, ranked.mean, ranked.zero_alive
        row_count = min(req.limit, count) if req.limit else count
    else:
        table = frame[columns].head(req.limit) if req.limit else frame[columns]
        count, total, mean = len(frame), frame[value].sum(), frame[value].mean()
        zero, row_count = int((frame["p_alive"] == 0).sum()), len(table)
    if table.empty:
        return make_answer(req, f"No customers match{scope}.", how + ".", fit["sql"], tuple(columns), ())
    shown = table.head(MAX_ANSWER_ROWS)  # a million customers are counted, not carried in the answer
    cash = tx.money
    if value == "predicted_clv":
        gone = zero if fit["contractual"] else 0
        who = f"{n(count)} customers ({n(gone)} churned, valued at zero)" if gone else f"{n(count)} customers"
        text = (
            f"{who} are predicted to bring {money(total, cash)} "
            f"({clv.horizon_words()}; {money(mean, cash)} each on average); the most "
            f"valuable is {table['customer'].iloc[0]} ({money(table.iloc[0][value], cash)})."
        )
    else:
        text = (
            f"{n(count)} customers are expected to make {total:,.0f} purchases over the next "
            f"{clv.CLV_HORIZON_WEEKS} weeks."
        )
    interpretation = (
        f"{how}, highest predicted value first{f'; the top {req.limit} shown' if req.limit else ''}."
    )
    return make_answer(
        req,
        text,
        interpretation,
        fit["sql"],
        tuple(columns),
        frame_rows(shown),
        row_count=row_count,
        model_card=fit["card"],
        notes=_clv_notes(fit),
    )


def _clv_notes(fit: dict[str, Any]) -> tuple[str, ...]:
    """The contractual caveat and the calibration/holdout check in one line each."""
    notes = []
    if fit["contractual"]:
        notes.append(
            f"Churn is recorded ({fit['contractual']}): churned customers get zero future value; BG/NBD is a "
            "non-contractual model, used here for the customers still active."
        )
    check = fit["holdout"]
    if isinstance(check, dict) and check.get("error of the total") is not None:
        notes.append(
            f"Holdout check: fitted on {check['calibration']}, the model predicted "
            f"{check['holdout purchases predicted']:,.0f} purchases in {check['holdout']} against "
            f"{check['holdout purchases actual']:,.0f} actual ({check['error of the total']:+.1%})."
        )
    return tuple(notes)


def _lifetime_value_by(
    req: SkillRequest, tx: Transactions, frame: Any, value: str, how: str, fit: dict[str, Any]
) -> Answer:
    """Lifetime value summed and averaged per group of customers."""
    groups, group_how = customer_groups(req, tx)
    names = group_names(req.by)
    if frame is None:  # streamed: the groups are joined in SQL, their figures combined batch by batch
        table = clv_scale.grouped(req.catalog, tx, fit, groups, names, value, ids=customer_filter(req, tx))
        table = table.drop(columns=["likely"])
    else:
        attrs = req.catalog.frame(groups)
        merged = frame.merge(attrs, on="customer", how="left")
        table = (
            merged.groupby(names, dropna=False)
            .agg(
                customers=("customer", "size"),
                revenue=("revenue", "sum"),
                total=(value, "sum"),
                mean=(value, "mean"),
                sd=(value, "std"),
            )
            .reset_index()
        )
    table = table.sort_values("mean", ascending=False, kind="stable")  # CLV is per customer: ranked by it
    # the mean per customer of each group with its 95% t interval (the total depends on the group's size)
    bounds = [
        mean_interval(float(m), None if sd != sd else float(sd), int(k))
        for m, sd, k in zip(table["mean"], table["sd"], table["customers"], strict=True)
    ]
    table["ci_low"], table["ci_high"] = [b[0] for b in bounds], [b[1] for b in bounds]
    table = table.drop(columns=["sd"]).rename(columns={"total": f"total_{value}", "mean": f"mean_{value}"})
    stats = [  # judged over every group, also when only the top ones are shown
        GroupStat(tuple(r[c] for c in names), float(r[f"mean_{value}"]), int(r["customers"]), lo, hi)
        for (_, r), (lo, hi) in zip(table.iterrows(), bounds, strict=True)
    ]
    if req.limit:
        table = table.head(req.limit)
    if table.empty:
        text = "No customers match."
    else:
        cash = tx.money if value == "predicted_clv" else None

        def fmt(x: float) -> str:
            return money(x, cash) if cash is not None else f"{x:,.2f} purchases"

        base = getattr(req.catalog.model, "min_base", 30)
        # per customer, with each group's base and interval: named only when its interval stands apart
        text = headline(
            f"The mean predicted value per customer ({clv.horizon_words()})", stats, fmt, "customers", base
        )
        totals = [(g, (g.value or 0.0) * g.n) for g in stats]  # the group's total: its mean x customers
        biggest, total = max(totals, key=lambda t: t[1])
        text += (
            f" In total, {', '.join(str(v) for v in biggest.key)} customers bring the most "
            f"({fmt(total)} from {n(biggest.n)} customers)."
        )
    interpretation = (
        f"{how}, averaged (with 95% t intervals) and summed per customer of each {', '.join(names)}{group_how}, "
        f"highest mean per customer first"
        f"{f'; the top {req.limit} shown' if req.limit else ''}."
    )
    chart = Chart("bar", names[0], (f"mean_{value}",), "Predicted lifetime value per customer")
    return make_answer(
        req,
        text,
        interpretation,
        fit["sql"],
        tuple(table.columns),
        frame_rows(table.head(MAX_ANSWER_ROWS)),
        row_count=len(table),
        chart=chart,
        model_card=fit["card"],
        notes=_clv_notes(fit),
    )
