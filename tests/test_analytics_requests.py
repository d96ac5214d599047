"""Every analytics skill honours the request: `where` (on customers or a related table), `by` and `limit`.

Expected figures are recomputed with pandas from the CSV files, never copied from the answers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlglot import condition

from analytics import churn as ch
from analytics.skills import SKILLS
from catalog import Catalog
from catalog.skills import SkillRequest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = Path(__file__).resolve().parents[2] / "shared"
TELCO = SHARED / "datasets" / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
RETAIL = SHARED / "datasets" / "online_retail_sample" / "online_retail_sample.csv"
TABLES = ("customers", "orders", "tickets", "feedback")
needs_samples = pytest.mark.skipif(
    not all((SAMPLES / f"{t}.csv").exists() for t in TABLES), reason="bundled samples are absent"
)
needs_telco = pytest.mark.skipif(not TELCO.exists(), reason="../shared telco_churn dataset is absent")
needs_retail = pytest.mark.skipif(not RETAIL.exists(), reason="../shared online_retail_sample is absent")
AS_OF = dt.date(2025, 12, 31)
BY_NAME = {s.name: s for s in SKILLS}

EUROPE = {
    "table": "customers",
    "where": condition('"customers"."region" = \'Europe\''),
    "where_text": "region is Europe",
}
Q1_2025 = {
    "table": "orders",
    "where": condition(
        '"orders"."order_date" >= DATE \'2025-01-01\' AND "orders"."order_date" < DATE \'2025-04-01\''
    ),
    "where_text": "order_date in Q1 2025",
}


@pytest.fixture(scope="module")
def samples() -> Catalog:
    return Catalog.load([str(SAMPLES)])


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    out = {t: pd.read_csv(SAMPLES / f"{t}.csv") for t in TABLES}
    out["orders"]["order_date"] = pd.to_datetime(out["orders"]["order_date"])
    for c in ("signup_date", "churn_date"):
        out["customers"][c] = pd.to_datetime(out["customers"][c])
    return out


def ask(catalog: Catalog, skill: str, question: str, **kw):
    answer = BY_NAME[skill].run(SkillRequest(question=question, catalog=catalog, as_of=AS_OF, **kw))
    assert answer.row_count == len(answer.rows)
    assert all(len(r) == len(answer.columns) for r in answer.rows)
    return answer


def column(answer, name: str) -> list:
    i = answer.columns.index(name)
    return [r[i] for r in answer.rows]


def europe(frames) -> pd.DataFrame:
    c = frames["customers"]
    return c[c["region"] == "Europe"]


def q1_buyers(frames) -> set[int]:
    o = frames["orders"]
    return set(o.loc[(o["order_date"] >= "2025-01-01") & (o["order_date"] < "2025-04-01"), "customer_id"])


# ---------------------------------------------------------------------------------------------------- churn
@needs_samples
def test_churn_drivers_model_only_the_filtered_customers(samples, frames):
    answer = ask(samples, "churn_drivers", "what drives churn for customers in Europe", **EUROPE)
    eu = europe(frames)
    assert answer.status == "answer", answer.text
    # forward design: the European customers active 180 days before the as-of date, churned by it
    start = pd.Timestamp(AS_OF) - pd.Timedelta(days=180)
    active = eu[(eu["signup_date"] <= start) & ~(eu["churn_date"] <= start)]
    assert answer.model_card["design"].startswith("forward:")
    assert answer.model_card["rows used"] == len(active)
    churned = (active["churn_date"] <= pd.Timestamp(AS_OF)).mean()
    assert answer.model_card["base rate"] == pytest.approx(churned, abs=1e-4)
    cross = answer.model_card["cross-sectional model (who has churned by the as-of date)"]
    assert cross["rows used"] == len(eu)
    assert cross["base rate"] == pytest.approx((eu["churned"] == "Yes").mean(), abs=1e-4)
    assert "region is Europe" in answer.interpretation and "region is Europe" in answer.text
    assert "\"region\" = 'Europe'" in answer.sql
    # the second ask is served by the cached model
    assert ch.fit_churn(samples, where=EUROPE["where"]) is ch.fit_churn(samples, where=EUROPE["where"])


@needs_samples
def test_churn_drivers_by_plan(samples, frames):
    answer = ask(samples, "churn_drivers", "what drives churn by plan", by=("customers.plan",), limit=3)
    assert answer.status == "answer", answer.text
    c = frames["customers"]
    start = pd.Timestamp(AS_OF) - pd.Timedelta(days=180)  # forward design: active then, churned by AS_OF
    c = c[(c["signup_date"] <= start) & ~(c["churn_date"] <= start)]
    rates = (c["churn_date"] <= pd.Timestamp(AS_OF)).groupby(c["plan"]).mean().sort_values(ascending=False)
    assert column(answer, "plan") == list(rates.index[:3])
    assert column(answer, "churn_rate") == pytest.approx(list(rates.iloc[:3]))
    assert column(answer, "customers") == [int((c["plan"] == p).sum()) for p in rates.index[:3]]
    assert "within 180 days among its customers active on" in answer.interpretation
    assert all(
        r > rest
        for r, rest in zip(
            column(answer, "churn_rate_in_group"), column(answer, "churn_rate_rest"), strict=True
        )
    )


@needs_samples
def test_churn_drivers_refuse_a_filter_leaving_too_few_customers(samples, frames):
    c = frames["customers"]
    few = c[(c["country"] == "Chile") & (c["plan"] == "Enterprise")]
    assert len(few) < ch.MIN_MODEL_ROWS
    answer = ask(
        samples,
        "churn_drivers",
        "what drives churn for enterprise customers in chile",
        table="customers",
        where=condition('"customers"."country" = \'Chile\' AND "customers"."plan" = \'Enterprise\''),
        where_text="country is Chile and plan is Enterprise",
    )
    assert answer.status == "unsupported" and f"only {len(few)} customers" in answer.text.lower()


@needs_samples
def test_churn_risk_by_plan_within_a_filter(samples, frames):
    answer = ask(
        samples, "churn_risk", "who is likely to churn in europe by plan", by=("customers.plan",), **EUROPE
    )
    eu = europe(frames)
    open_eu = eu[eu["churned"] == "No"].groupby("plan").size()
    assert answer.status == "answer", answer.text
    assert dict(zip(column(answer, "plan"), column(answer, "customers"), strict=True)) == open_eu.to_dict()
    means = column(answer, "mean_churn_probability")
    assert means == sorted(means, reverse=True) and answer.chart is not None
    # each plan's 95% t interval over its customers' probabilities (from the at-risk list itself)
    from scipy import stats

    risk = ask(samples, "churn_risk", "who is likely to churn in europe", **EUROPE)
    scores = pd.DataFrame(risk.rows, columns=risk.columns).merge(eu[["id", "plan"]], on="id")
    for plan, low, high in zip(
        column(answer, "plan"), column(answer, "ci_low"), column(answer, "ci_high"), strict=True
    ):
        p = scores.loc[scores["plan"] == plan, "churn_probability"]
        assert (low, high) == pytest.approx(
            stats.t.interval(0.95, len(p) - 1, loc=p.mean(), scale=stats.sem(p))
        )


@needs_samples
def test_churn_risk_filtered_by_orders_in_a_period(samples, frames):
    answer = ask(samples, "churn_risk", "who is likely to churn", limit=5, **Q1_2025)
    c = frames["customers"]
    allowed = set(c.loc[c["churned"] == "No", "id"]) & q1_buyers(frames)
    assert answer.status == "answer" and answer.row_count == 5
    assert set(column(answer, "id")) <= allowed
    assert "with orders where order_date in Q1 2025" in answer.interpretation


@needs_samples
def test_churn_rate_by_plan_with_filter_and_limit(samples, frames):
    answer = ask(
        samples, "churn_rate", "churn rate by plan in europe", by=("customers.plan",), limit=2, **EUROPE
    )
    eu = europe(frames)
    rates = (eu["churned"] == "Yes").groupby(eu["plan"]).mean().sort_values(ascending=False)
    assert column(answer, "plan") == list(rates.index[:2])
    assert column(answer, "churn_rate") == pytest.approx(list(rates.iloc[:2]))


@needs_samples
def test_monthly_churn_rate_by_plan_matches_pandas(samples, frames):
    answer = ask(samples, "churn_rate", "churn rate by plan over time", by=("customers.plan",))
    assert answer.status == "answer" and answer.chart is not None and answer.chart.kind == "line"
    assert "who churned in it / customers active at the start of the month" in answer.text
    assert answer.columns == ("month", "plan", "active_at_start", "churned", "churn_rate")
    c = frames["customers"]
    for month, plan in [(dt.date(2024, 6, 1), "Basic"), (dt.date(2025, 3, 1), "Pro")]:
        start, end = pd.Timestamp(month), pd.Timestamp(month) + pd.offsets.MonthBegin(1)
        group = c[c["plan"] == plan]
        active = group[
            (group["signup_date"] < start) & (group["churn_date"].isna() | (group["churn_date"] >= start))
        ]
        churned = active[(active["churn_date"] >= start) & (active["churn_date"] < end)]
        row = next(r for r in answer.rows if r[0] == month and r[1] == plan)
        assert row[2:] == (len(active), len(churned), pytest.approx(len(churned) / len(active)))


@needs_samples
def test_monthly_churn_rate_for_customers_with_orders_in_a_period(samples, frames):
    answer = ask(samples, "churn_rate", "monthly churn rate", **Q1_2025)
    assert answer.status == "answer" and answer.columns[0] == "month"
    c = frames["customers"]
    kept = c[c["id"].isin(q1_buyers(frames))]
    start = pd.Timestamp(2024, 1, 1)
    active = kept[(kept["signup_date"] < start) & (kept["churn_date"].isna() | (kept["churn_date"] >= start))]
    row = next(r for r in answer.rows if r[0] == dt.date(2024, 1, 1))
    assert row[1] == len(active)
    assert "with orders where order_date in Q1 2025" in answer.interpretation


# ---------------------------------------------------------------------------------------------------- customers
@needs_samples
def test_rfm_segments_by_region(samples, frames):
    answer = ask(samples, "rfm_segments", "customer segments by region", by=("customers.region",))
    buyers = frames["customers"][frames["customers"]["id"].isin(frames["orders"]["customer_id"])]
    got = pd.DataFrame(answer.rows, columns=answer.columns)
    assert got.groupby("region")["customers"].sum().to_dict() == buyers.groupby("region").size().to_dict()
    assert got.groupby("region")["share"].sum().tolist() == pytest.approx([1.0] * buyers["region"].nunique())


@needs_samples
def test_rfm_segments_for_customers_with_orders_in_a_period(samples, frames):
    answer = ask(samples, "rfm_segments", "customer segments", **Q1_2025)
    assert sum(column(answer, "customers")) == len(q1_buyers(frames))
    assert "their figures use all their rows" in answer.interpretation


@needs_samples
def test_segment_members_by_plan_within_a_filter(samples, frames):
    answer = ask(
        samples, "rfm_segment_members", "who are our champions by plan", by=("customers.plan",), **EUROPE
    )
    eu = europe(frames).set_index("id")
    ids = column(answer, "customer")
    assert ids and set(ids) <= set(eu.index)
    assert column(answer, "plan") == [eu.loc[i, "plan"] for i in ids]


@needs_samples
def test_clusters_by_plan(samples, frames):
    answer = ask(samples, "clusters", "cluster our customers by plan", by=("customers.plan",))
    assert answer.status == "answer", answer.text
    got = pd.DataFrame(answer.rows, columns=answer.columns)
    buyers = frames["customers"][frames["customers"]["id"].isin(frames["orders"]["customer_id"])]
    assert got.groupby("plan")["customers"].sum().to_dict() == buyers.groupby("plan").size().to_dict()
    assert "broken down by plan" in answer.interpretation


@needs_samples
def test_lifetime_value_by_plan_within_a_filter(samples, frames):
    answer = ask(
        samples, "lifetime_value", "lifetime value by plan in europe", by=("customers.plan",), **EUROPE
    )
    orders = frames["orders"].merge(europe(frames), left_on="customer_id", right_on="id")
    revenue = orders.groupby("plan")["amount"].sum()
    customers = orders.groupby("plan")["customer_id"].nunique()
    got = {r[0]: r for r in answer.rows}
    assert set(got) == set(revenue.index)
    for plan in revenue.index:
        assert got[plan][1] == customers[plan]
        assert got[plan][2] == pytest.approx(revenue[plan])
    assert "$" in answer.text


# ---------------------------------------------------------------------------------------------------- metrics
@needs_samples
def test_nps_by_region_with_filter_and_limit(samples, frames):
    answer = ask(
        samples,
        "nps",
        "nps of basic customers by region",
        by=("customers.region",),
        limit=2,
        table="customers",
        where=condition('"customers"."plan" = \'Basic\''),
        where_text="plan is Basic",
    )
    joined = frames["feedback"].merge(frames["customers"], left_on="customer_id", right_on="id")
    basic = joined[joined["plan"] == "Basic"]
    nps = basic.groupby("region")["nps"].apply(lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean()))
    nps = nps.sort_values(ascending=False)
    assert column(answer, "region") == list(nps.index[:2])
    assert column(answer, "nps") == pytest.approx(list(nps.iloc[:2]))


@needs_samples
def test_csat_by_plan_within_a_filter(samples, frames):
    answer = ask(samples, "csat", "csat by plan in europe", by=("customers.plan",), **EUROPE)
    joined = frames["tickets"].merge(europe(frames), left_on="customer_id", right_on="id")
    scored = joined.dropna(subset=["satisfaction"])
    expected = (scored["satisfaction"] >= 4).groupby(scored["plan"]).mean()
    assert dict(zip(column(answer, "plan"), column(answer, "csat"), strict=True)) == pytest.approx(
        expected.to_dict()
    )


@needs_samples
def test_order_value_by_channel_in_a_period(samples, frames):
    answer = ask(
        samples, "order_value", "average order value by channel", by=("orders.channel",), limit=2, **Q1_2025
    )
    o = frames["orders"]
    q1 = o[(o["order_date"] >= "2025-01-01") & (o["order_date"] < "2025-04-01")]
    aov = q1.groupby("channel")["amount"].mean().sort_values(ascending=False)
    assert column(answer, "channel") == list(aov.index[:2])
    assert column(answer, "average_order_value") == pytest.approx(list(aov.iloc[:2]))
    from scipy import stats

    ci = {}
    for channel, group in q1.groupby("channel"):  # each customer's orders as one cluster
        per = group.groupby("customer_id")["amount"].agg(["sum", "count"])
        ratio, m = per["sum"].sum() / per["count"].sum(), len(per)
        se = np.sqrt(m / (m - 1) * ((per["sum"] - ratio * per["count"]) ** 2).sum()) / per["count"].sum()
        half = stats.t.ppf(0.975, m - 1) * se
        ci[channel] = (ratio - half, ratio + half)
    got = zip(column(answer, "channel"), column(answer, "ci_low"), column(answer, "ci_high"), strict=True)
    for channel, low, high in got:
        assert (low, high) == pytest.approx(ci[channel], rel=1e-9)
    top = aov.index[0]
    apart = all(ci[top][0] > ci[c][1] for c in ci if c != top)
    assert answer.text.startswith(
        f"Average order value is highest for {top} (${aov.iloc[0]:,.2f}, 95% interval"
        if apart
        else f"Average order value does not differ clearly between the groups: {top} is highest"
    )


@needs_samples
def test_retention_by_plan_within_a_filter(samples, frames):
    answer = ask(samples, "retention", "retention by signup month by plan", by=("customers.plan",), **EUROPE)
    got = pd.DataFrame(answer.rows, columns=answer.columns)
    assert got.groupby("plan")["customers"].sum().to_dict() == europe(frames).groupby("plan").size().to_dict()
    assert "region is Europe" in answer.interpretation and "by plan" in answer.interpretation


@needs_samples
@pytest.mark.parametrize("skill", sorted(BY_NAME))
def test_no_skill_raises_on_a_broken_request(samples, skill):
    answer = ask(
        samples,
        skill,
        "what about customers whose nope is 1",
        table="customers",
        where=condition('"customers"."nope" = 1'),
        where_text="nope is 1",
        by=("customers.plan",),
    )
    assert answer.status in ("error", "unsupported") and answer.text


@needs_samples
@pytest.mark.parametrize("skill", ["churn_rate", "rfm_segments", "lifetime_value", "churn_risk"])
def test_breakdown_by_a_per_order_column_is_explained_or_done(samples, skill):
    answer = ask(samples, skill, "by channel", by=("orders.channel",))
    if answer.status == "answer":
        assert "channel" in answer.columns and "most frequent channel" in answer.interpretation
    else:
        assert answer.status == "unsupported" and "channel" in answer.text


# ---------------------------------------------------------------------------------------------------- invoice lines
@pytest.fixture(scope="module")
def retail() -> tuple[Catalog, pd.DataFrame]:
    if not RETAIL.exists():
        pytest.skip("../shared online_retail_sample is absent")
    frame = pd.read_csv(RETAIL)
    frame["value"] = frame["Quantity"] * frame["UnitPrice"]
    return Catalog.load([str(RETAIL)]), frame


@needs_retail
def test_average_order_value_on_invoice_lines(retail):
    catalog, frame = retail
    answer = BY_NAME["order_value"].run(
        SkillRequest("What is the average order value?", catalog, dt.date(2011, 12, 31))
    )
    aov = frame["value"].sum() / frame["InvoiceNo"].nunique()
    assert round(aov, 2) == 16.81
    assert answer.rows[0][answer.columns.index("average_order_value")] == pytest.approx(aov)
    assert answer.rows[0][answer.columns.index("orders")] == frame["InvoiceNo"].nunique()
    assert f"${aov:,.2f}" in answer.text
    assert "Quantity x UnitPrice" in answer.interpretation and "distinct InvoiceNo" in answer.interpretation


@needs_retail
def test_rfm_and_clv_use_line_values_and_invoices(retail):
    catalog, frame = retail
    buyers = frame.dropna(subset=["CustomerID"])
    monetary = buyers.groupby("CustomerID")["value"].sum()
    invoices = buyers.groupby("CustomerID")["InvoiceNo"].nunique()
    req = SkillRequest("lifetime value", catalog, dt.date(2011, 12, 31))
    clv = BY_NAME["lifetime_value"].run(req)
    got = pd.DataFrame(clv.rows, columns=clv.columns).set_index("customer")
    assert len(got) == len(monetary)
    assert got["revenue"].to_dict() == pytest.approx({int(k): v for k, v in monetary.items()})
    assert got["orders"].to_dict() == {int(k): v for k, v in invoices.items()}
    segments = BY_NAME["rfm_segments"].run(SkillRequest("segments", catalog, dt.date(2011, 12, 31)))
    assert sum(column(segments, "revenue")) == pytest.approx(monetary.sum())
    assert "Quantity x UnitPrice" in segments.interpretation


# ---------------------------------------------------------------------------------------------------- telco
@pytest.fixture(scope="module")
def telco() -> tuple[Catalog, pd.DataFrame]:
    if not TELCO.exists():
        pytest.skip("../shared telco_churn dataset is absent")
    return Catalog.load([f"customers={TELCO}"]), pd.read_csv(TELCO)


FIBER = {
    "table": "customers",
    "where": condition('"customers"."InternetService" = \'Fiber optic\''),
    "where_text": "InternetService is Fiber optic",
}


@needs_telco
def test_telco_churn_rate_by_contract_within_a_filter(telco):
    catalog, frame = telco
    answer = ask(
        catalog, "churn_rate", "churn rate by contract for fiber", by=("customers.Contract",), **FIBER
    )
    fiber = frame[frame["InternetService"] == "Fiber optic"]
    rates = (fiber["Churn"] == "Yes").groupby(fiber["Contract"]).mean().sort_values(ascending=False)
    assert column(answer, "Contract") == list(rates.index)
    assert column(answer, "churn_rate") == pytest.approx(list(rates))


@needs_telco
def test_telco_monthly_churn_rate_says_it_cannot(telco):
    catalog, frame = telco
    answer = ask(catalog, "churn_rate", "monthly churn rate")
    churned = (frame["Churn"] == "Yes").sum()
    assert answer.status == "answer" and answer.rows[0][1] == churned
    assert "no churn dates" in answer.interpretation and answer.notes


@needs_telco
def test_telco_drivers_within_a_filter_and_risk_by_contract(telco):
    catalog, frame = telco
    drivers = ask(catalog, "churn_drivers", "what drives churn for fiber customers", **FIBER)
    fiber = frame[frame["InternetService"] == "Fiber optic"]
    assert drivers.status == "answer" and drivers.model_card["rows used"] == len(fiber)
    assert "InternetService" not in column(drivers, "feature")  # constant within the filter
    risk = ask(catalog, "churn_risk", "who is likely to churn by contract", by=("customers.Contract",))
    open_ = frame[frame["Churn"] == "No"].groupby("Contract").size()
    assert dict(zip(column(risk, "Contract"), column(risk, "customers"), strict=True)) == open_.to_dict()
    assert column(risk, "Contract")[0] == "Month-to-month"


def test_invoice_lines_without_a_total_use_quantity_times_price(tmp_path):
    lines = [
        ("A1", 7, "2024-01-05", 2, 3.0),
        ("A1", 7, "2024-01-05", 1, 10.0),
        ("A2", 8, "2024-02-01", 4, 2.5),
        ("A3", 7, "2024-03-09", 1, 6.0),
        ("A3", 7, "2024-03-09", 3, 1.0),
    ]
    path = tmp_path / "invoice_lines.csv"
    path.write_text(
        "InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n"
        + "\n".join(",".join(map(str, r)) for r in lines)
    )
    catalog = Catalog.load([str(path)])
    from catalog.transactions import find_transactions

    tx = find_transactions(catalog)
    assert tx is not None and (tx.amount, tx.quantity, tx.price, tx.order) == (
        None,
        "Quantity",
        "UnitPrice",
        "InvoiceNo",
    )
    answer = BY_NAME["order_value"].run(SkillRequest("average order value", catalog, dt.date(2024, 12, 31)))
    total = sum(q * p for *_, q, p in lines)
    orders = len({r[0] for r in lines})
    assert answer.rows[0][:3] == (orders, 2, pytest.approx(total))
    assert answer.rows[0][3] == pytest.approx(total / orders)
    assert f"${total / orders:,.2f}" in answer.text


@needs_samples
def test_monthly_churn_rate_in_a_churn_date_period_restricts_months_not_customers(samples, frames):
    period = {
        "table": "customers",
        "where": condition(
            '"customers"."churn_date" >= DATE \'2025-01-01\' AND "customers"."churn_date" < DATE \'2026-01-01\''
        ),
        "where_text": "churn_date in 2025",
    }
    answer = ask(samples, "churn_rate", "monthly churn rate", **period)
    everything = ask(samples, "churn_rate", "monthly churn rate")
    assert [r[0] for r in answer.rows] == [dt.date(2025, m, 1) for m in range(1, 13)]
    assert set(answer.rows) <= set(everything.rows)
    assert "only the months where churn_date in 2025" in answer.interpretation


# ---------------------------------------------------------------------------------------------------- answer shape
@needs_samples
def test_at_risk_list_shows_contact_columns_after_the_id(samples, frames):
    answer = ask(samples, "churn_risk", "which customers are most likely to churn", limit=10)
    assert answer.columns == ("id", "name", "email", "churn_probability", "top_reasons")
    people = frames["customers"].set_index("id")
    for id_, name, email, *_ in answer.rows:
        assert (name, email) == (people.at[id_, "name"], people.at[id_, "email"])
    first = answer.rows[0]
    assert f"the highest is {first[1]} (id {first[0]}, " in answer.text
    assert "name and email" in answer.interpretation


@needs_telco
def test_at_risk_list_without_contact_columns_starts_with_the_id(telco):
    catalog, _ = telco
    answer = ask(catalog, "churn_risk", "which customers are most likely to churn", limit=3)
    assert answer.columns == ("customerID", "churn_probability", "top_reasons")


@needs_samples
def test_driver_chart_leaves_out_features_without_importance(samples):
    from assistant.charts import CHART_ROWS, answer_chart_svg

    answer = ask(samples, "churn_drivers", "what drives churn")
    importance = column(answer, "importance")
    useful = sum(v > 0 for v in importance)
    assert answer.extra[CHART_ROWS] == useful and all(v > 0 for v in importance[:useful])
    assert all(v <= 0 for v in importance[useful:])
    svg = answer_chart_svg(answer)
    assert svg is not None
    for feature, value in zip(column(answer, "feature"), importance, strict=True):
        assert (f">{feature}<" in svg) == (value > 0), feature
    if useful < len(importance):  # the table keeps them, with a note saying why they are not drawn
        assert any("left out of the chart" in note for note in answer.notes)


@needs_samples
@pytest.mark.parametrize("by", [(), ("customers.plan",)])
def test_retention_with_a_limit_shows_the_most_recent_cohorts(samples, frames, by):
    answer = ask(samples, "retention", "retention by signup month", limit=3, by=by)
    signup = frames["customers"]["signup_date"].dt.to_period("M").dt.start_time.dt.date
    assert set(column(answer, "cohort")) == set(sorted(signup.unique())[-3:])
    assert "the 3 most recent cohorts shown" in answer.interpretation


@needs_samples
def test_lapse_risk_from_purchases_shows_contact_columns(tmp_path, frames):
    people = frames["customers"].drop(columns=["churned", "churn_date"])
    people.to_csv(tmp_path / "customers.csv", index=False)
    frames["orders"].to_csv(tmp_path / "orders.csv", index=False)
    answer = ask(Catalog.load([str(tmp_path)]), "churn_risk", "who is likely to churn", limit=5)
    assert answer.columns[:4] == ("customer", "name", "email", "churn_probability")
    by_id = people.set_index("id")
    for customer, name, email, *_ in answer.rows:
        assert (name, email) == (by_id.at[customer, "name"], by_id.at[customer, "email"])
    assert f"lapse is {answer.rows[0][1]} (customer {answer.rows[0][0]}, " in answer.text
