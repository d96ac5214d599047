"""Answers about customers: RFM segments and their members, behavioural clusters, lifetime value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import churn as ch
from analytics import clv
from analytics import schema as sc
from analytics import segments as sg
from analytics.churn_answers import churn_risk
from assistant.answer import Answer, Chart
from assistant.skills import SkillRequest

if TYPE_CHECKING:
    from assistant.catalog import Catalog

from analytics.answers import (
    customer_filter,
    filter_words,
    frame_rows,
    has_churn,
    has_tx,
    make_answer,
    money,
    n,
    pct,
    recency_as_of,
    run_query,
    selected_customers,
    unavailable,
)

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
    "lost customers": "Lost",
    "new customers segment": "New Customers",
}
"""Phrases naming an RFM segment (longest matched first)."""


def segments(req: SkillRequest) -> Answer:
    """RFM segment summary: customers, share, revenue share, mean R/F/M."""
    tx = sc.find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "RFM segments need a purchases table (customer, date, amount).")
    result = run_query(
        req, sg.segment_summary_query(tx, req.as_of if recency_as_of(req) else None, customer_filter(req, tx))
    )
    total = sum(r[1] for r in result.rows)
    top = max(result.rows, key=lambda r: r[4] or 0) if result.rows else None
    text = (
        f"{n(total)} customers fall into {len(result.rows)} RFM segments; {top[0]} ({pct(top[2])} of "
        f"customers) bring {pct(top[4] or 0)} of revenue."
        if top
        else "No purchases to segment."
    )
    interpretation = (
        f"RFM segments from {tx.table} (customer {tx.customer}, date {tx.date}, amount "
        f"{tx.amount or 'count of purchases'}){filter_words(req)}: quintile scores 1-5 for recency, "
        f"frequency and monetary value mapped to the 10 standard segments."
    )
    return make_answer(
        req,
        text,
        interpretation,
        result.sql,
        result.columns,
        result.rows,
        chart=Chart("bar", "segment", ("customers",), "Customers per RFM segment"),
    )


def segment_members(req: SkillRequest) -> Answer:
    """The members of one RFM segment named in the question, with their count."""
    tx = sc.find_transactions(req.catalog)
    question = req.question.lower().replace("’", "'")
    segment = next(
        (SEGMENT_PHRASES[p] for p in sorted(SEGMENT_PHRASES, key=len, reverse=True) if p in question),
        "Champions",
    )
    if tx is None:
        if segment == "At Risk" and has_churn(req.catalog):
            return churn_risk(req)
        return unavailable(req, "RFM segments need a purchases table (customer, date, amount).")
    as_of = req.as_of if recency_as_of(req) else None
    query = sg.segment_members_query(tx, segment, as_of, customer_filter(req, tx))
    result = run_query(req, query)
    total = run_query(
        req, exp.select(exp.func("count", exp.Star())).from_(sg.rfm_query(tx, as_of).subquery("r"))
    )
    count = result.row_count
    rows = result.rows[: req.limit] if req.limit else result.rows
    share = count / total.rows[0][0] if total.rows[0][0] else 0.0
    text = f"{n(count)} customers ({pct(share)}) are {segment}: {sg.segment_description(segment)}."
    interpretation = (
        f"Customers in the RFM segment {segment}{filter_words(req)}, highest spend first "
        f"(segments from {tx.table}: recency, frequency and monetary quintile scores)."
    )
    return make_answer(req, text, interpretation, result.sql, result.columns, rows)


def _cluster_frame(req: SkillRequest) -> tuple[Any, str, list[str], str]:
    """One row per customer with numeric behaviour features, the id column, the features and the SQL."""
    import pandas as pd

    catalog = req.catalog
    customers = sc.find_customers_table(catalog)
    tx = sc.find_transactions(catalog)
    frame: pd.DataFrame | None = None
    sql_parts: list[str] = []
    features: list[str] = []
    if tx is not None:
        query = exp.select("customer", "recency", "frequency", "monetary").from_(
            sg.rfm_query(tx, req.as_of if recency_as_of(req) else None).subquery("r")
        )
        frame = catalog.con.execute(query.sql(dialect="duckdb")).df()
        sql_parts.append(query.sql(dialect="duckdb"))
        features = ["recency", "frequency", "monetary"]
    if customers is not None:
        key = sc.key_column(catalog, customers)
        target = sc.find_churn_target(catalog)
        measures = [
            c.name
            for c in customers.columns.values()
            if sc.is_numeric(c)
            and c.name != key
            and not sc.LEAKAGE_NAMES.search(c.name)
            and (target is None or c.name != target.column)
            and not sc.ID_NAMES.search(c.name)
        ]
        if key is not None:
            query = exp.select(*[sc.quote(c) for c in [key, *measures]]).from_(sc.table_ref(customers.name))
            own = catalog.con.execute(query.sql(dialect="duckdb")).df()
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
                found = sc.link(catalog, other.name, customers.name)
                if found is None:
                    continue
                name = f"n_{other.name}"
                q = (
                    exp.select(sc.quote(found[0]).as_("customer"), exp.func("count", exp.Star()).as_(name))
                    .from_(sc.table_ref(other.name))
                    .group_by(sc.quote(found[0]))
                )
                counts = catalog.con.execute(q.sql(dialect="duckdb")).df()
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
    return has_tx(catalog) or sc.find_customers_table(catalog) is not None


_CLUSTER_CACHE: dict[tuple[str, ...], tuple[Any, list[str], str, sg.ClusterResult]] = {}


def clusters(req: SkillRequest) -> Answer:
    """Behavioural clusters (KMeans, k by silhouette), each described in words."""
    key = (
        sc.data_key(req.catalog),
        req.where.sql(dialect="duckdb") if req.where is not None else "",
        str(req.table),
        str(recency_as_of(req) and req.as_of),
    )
    if key not in _CLUSTER_CACHE:
        try:
            frame, id_column, features, sql = _cluster_frame(req)
            _CLUSTER_CACHE[key] = (frame, features, sql, sg.cluster_customers(frame, id_column, features))
        except (LookupError, ValueError) as e:
            return unavailable(req, f"Cannot cluster these customers: {e}.")
    frame, features, sql, result = _CLUSTER_CACHE[key]
    summary = result.summary
    biggest = summary.sort_values("customers", ascending=False).iloc[0]
    text = (
        f"{n(len(frame))} customers form {result.k} behavioural clusters; the largest "
        f"({pct(biggest['share'])}) is: {biggest['description']}."
    )
    interpretation = (
        f"KMeans on standardised {', '.join(features)}{filter_words(req)}; k={result.k} chosen by "
        f"silhouette ({result.silhouettes[result.k]:.2f}) among 2..8; each cluster described by "
        f"the features that differ most from the average customer."
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
        tuple(summary.columns),
        frame_rows(summary),
        chart=Chart("bar", "cluster", ("customers",), "Customers per cluster"),
        model_card=card,
        extra={"descriptions": dict(result.descriptions), "silhouettes": dict(result.silhouettes)},
    )


def lifetime_value(req: SkillRequest) -> Answer:
    """Historical and predicted customer lifetime value, highest predicted value first."""
    tx = sc.find_transactions(req.catalog)
    if tx is None:
        return unavailable(req, "Lifetime value needs a purchases table (customer, date, amount).")
    fit = clv.fit_customer_value(req.catalog, tx, req.as_of if recency_as_of(req) else None)
    frame = fit["frame"]
    selected = selected_customers(req, tx)
    if selected is not None:
        frame = frame[frame["customer"].isin(selected)]
    value = "predicted_clv" if "predicted_clv" in frame else f"expected_purchases_{clv.CLV_HORIZON_WEEKS}w"
    frame = frame.sort_values(value, ascending=False, kind="stable")
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
    table = frame[columns].head(req.limit) if req.limit else frame[columns]
    if table.empty:
        return make_answer(req, "No customers match.", "", fit["sql"], tuple(columns), ())
    if value == "predicted_clv":
        text = (
            f"{n(len(frame))} customers are predicted to bring {money(frame[value].sum())} over the next "
            f"{clv.CLV_HORIZON_WEEKS} weeks ({money(frame[value].mean())} each on average); the most valuable is "
            f"{table['customer'].iloc[0]} ({money(table.iloc[0][value])})."
        )
    else:
        text = (
            f"{n(len(frame))} customers are expected to make {frame[value].sum():,.0f} purchases over the next "
            f"{clv.CLV_HORIZON_WEEKS} weeks."
        )
    interpretation = (
        f"Lifetime value from {tx.table}{filter_words(req)}: revenue to date, average order value, "
        f"tenure, and a {clv.CLV_HORIZON_WEEKS}-week prediction (BG/NBD purchases x Gamma-Gamma order "
        f"value, discounted at {clv.ANNUAL_DISCOUNT:.0%} a year), highest predicted value first."
    )
    return make_answer(
        req, text, interpretation, fit["sql"], tuple(columns), frame_rows(table), model_card=fit["card"]
    )
