"""Analytics skills end to end on the bundled samples (and Telco when ../shared is present)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlglot import condition

from analytics.skills import SKILLS
from catalog import Catalog
from catalog.skills import SkillRequest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = Path(__file__).resolve().parents[2] / "shared"
TELCO = SHARED / "datasets" / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
TABLES = ("customers", "orders", "tickets", "feedback")
needs_samples = pytest.mark.skipif(
    not all((SAMPLES / f"{t}.csv").exists() for t in TABLES), reason="bundled samples are absent"
)
needs_telco = pytest.mark.skipif(not TELCO.exists(), reason="../shared telco_churn dataset is absent")
AS_OF = dt.date(2026, 1, 1)
BY_NAME = {s.name: s for s in SKILLS}


@pytest.fixture(scope="module")
def samples() -> Catalog:
    return Catalog.load([str(SAMPLES / f"{t}.csv") for t in TABLES])


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return {t: pd.read_csv(SAMPLES / f"{t}.csv") for t in TABLES}


def ask(catalog: Catalog, skill: str, question: str, **kw):
    return BY_NAME[skill].run(SkillRequest(question=question, catalog=catalog, as_of=AS_OF, **kw))


def test_skills_are_declared_as_data():
    names = [s.name for s in SKILLS]
    assert len(names) == len(set(names))
    for skill in SKILLS:
        assert skill.phrases and all(p == p.lower().strip() for p in skill.phrases)
        assert skill.description and skill.example


def test_analytics_imports_no_ui_and_no_heavy_libraries():
    code = (
        "import sys, analytics.skills, analytics.churn, analytics.segments, analytics.clv, analytics.metrics;"
        "bad = [m for m in ('textual', 'sklearn', 'scipy', 'pandas', 'matplotlib') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


CASES = [
    (
        "churn_risk",
        "which customers are most likely to churn?",
        {},
        ("id", "churn_probability", "top_reasons"),
    ),
    ("churn_drivers", "what drives churn?", {}, ("feature", "group", "churn_rate_in_group", "explanation")),
    ("churn_rate", "churn rate by plan", {"by": ("customers.plan",)}, ("plan", "churn_rate")),
    (
        "churn_rate",
        "churn rate by plan over time",
        {"by": ("customers.plan",)},
        ("month", "plan", "churn_rate"),
    ),
    ("rfm_segments", "show customer segments", {}, ("segment", "customers", "share", "revenue_share")),
    ("rfm_segment_members", "who are our champions?", {}, ("customer", "segment")),
    ("rfm_segment_members", "how many customers are at risk?", {}, ("customer", "segment")),
    ("clusters", "cluster our customers", {}, ("cluster", "description", "customers")),
    ("lifetime_value", "customer lifetime value", {}, ("customer", "revenue", "p_alive", "predicted_clv")),
    ("nps", "NPS", {}, ("responses", "nps")),
    ("nps", "NPS by region", {"by": ("customers.region",)}, ("region", "nps")),
    ("csat", "CSAT by plan", {"by": ("customers.plan",)}, ("plan", "csat")),
    ("order_value", "average order value", {}, ("average_order_value", "revenue_per_customer")),
    ("retention", "retention by signup month", {}, ("cohort", "customers", "month_1", "month_12")),
]


@needs_samples
@pytest.mark.parametrize(("skill", "question", "kw", "columns"), CASES, ids=[c[1] for c in CASES])
def test_skill_answers_with_a_table(samples, skill, question, kw, columns):
    answer = ask(samples, skill, question, **kw)
    assert answer.status == "answer", answer.text
    assert set(columns) <= set(answer.columns)
    assert answer.row_count == len(answer.rows) > 0
    assert answer.text.endswith(".") and answer.interpretation and answer.sql
    assert all(len(row) == len(answer.columns) for row in answer.rows)
    if answer.chart is not None:
        assert answer.chart.x in answer.columns and set(answer.chart.y) <= set(answer.columns)


@needs_samples
def test_churn_rate_text_matches_pandas(samples, frames):
    customers = frames["customers"]
    churned = (customers["churned"] == "Yes").sum()
    answer = ask(samples, "churn_rate", "churn rate")
    assert (
        answer.text
        == f"{churned:,} of {len(customers):,} customers ({churned / len(customers):.1%}) have churned."
    )


@needs_samples
def test_nps_by_region_matches_pandas(samples, frames):
    joined = frames["feedback"].merge(frames["customers"], left_on="customer_id", right_on="id")
    expected = joined.groupby("region")["nps"].apply(lambda s: 100 * ((s >= 9).mean() - (s <= 6).mean()))
    answer = ask(samples, "nps", "NPS by region", by=("customers.region",))
    got = {r[0]: r[answer.columns.index("nps")] for r in answer.rows}
    assert got == pytest.approx(expected.to_dict())
    best = expected.idxmax()
    # 95% intervals from the per-respondent scores (+100 / 0 / -100): the best region is not apart
    scores = joined.assign(s=100.0 * (joined["nps"] >= 9) - 100.0 * (joined["nps"] <= 6)).groupby("region")[
        "s"
    ]
    half = 1.959964 * (scores.var(ddof=0) / scores.count()) ** 0.5
    apart = all(expected[best] - half[best] > expected[r] + half[r] for r in expected.index if r != best)
    assert not apart
    assert answer.text.startswith("NPS does not differ clearly between the groups: ")
    assert f"{best} is highest ({expected[best]:+.1f}" in answer.text


@needs_samples
def test_churn_risk_model_card_and_filter(samples, frames):
    answer = ask(
        samples,
        "churn_risk",
        "which basic customers are most likely to churn?",
        table="customers",
        where=condition("plan = 'Basic'"),
        where_text="plan is Basic",
        limit=20,
    )
    customers = frames["customers"]
    open_basic = set(customers.loc[(customers["plan"] == "Basic") & (customers["churned"] == "No"), "id"])
    assert answer.row_count == 20 and {r[0] for r in answer.rows} <= open_basic
    probabilities = [r[answer.columns.index("churn_probability")] for r in answer.rows]
    assert probabilities == sorted(probabilities, reverse=True)
    card = answer.model_card
    assert card is not None and card["rows used"] == len(customers)
    assert {"base rate", "cv roc auc", "brier score", "features used", "features excluded"} <= set(card)
    assert card["features excluded"]["churn_date"].startswith("date")
    assert "plan is Basic" in answer.interpretation and "WHERE plan = 'Basic'" in answer.sql


@needs_samples
def test_champions_count_matches_segment_summary(samples):
    summary = ask(samples, "rfm_segments", "show customer segments")
    counts = {r[0]: r[1] for r in summary.rows}
    champions = ask(samples, "rfm_segment_members", "who are our champions?")
    assert champions.row_count == counts["Champions"]
    assert champions.text.startswith(f"{counts['Champions']:,} customers")
    at_risk = ask(samples, "rfm_segment_members", "how many customers are at risk?")
    assert at_risk.row_count == counts["At Risk"] and {r[-1] for r in at_risk.rows} == {"At Risk"}


@needs_samples
def test_top_customers_by_lifetime_value(samples, frames):
    answer = ask(samples, "lifetime_value", "top 10 customers by predicted lifetime value", limit=10)
    assert answer.row_count == 10
    values = [r[answer.columns.index("predicted_clv")] for r in answer.rows]
    assert values == sorted(values, reverse=True)
    revenue = frames["orders"].groupby("customer_id")["amount"].sum()
    first = answer.rows[0]
    assert first[answer.columns.index("revenue")] == pytest.approx(revenue[first[0]])
    assert answer.model_card is not None and set(answer.model_card["gamma-gamma"]) == {"p", "q", "v"}


@needs_samples
@pytest.mark.parametrize(
    "question",
    [
        "which customers are most likely to churn?",
        "what drives churn?",
        "why do customers leave?",
        "who are our champions?",
        "how many customers are at risk?",
        "cluster our customers",
        "customer lifetime value",
        "NPS by region",
        "retention by signup month",
    ],
)
def test_questions_through_the_engine(samples, question):
    from assistant.engine import Assistant

    answer = Assistant(samples, as_of=AS_OF).ask(question)
    assert answer.status == "answer", answer.text
    assert answer.row_count > 0 and answer.columns


@needs_telco
def test_telco_at_risk_and_drivers():
    catalog = Catalog.load([f"customers={TELCO}"])
    risk = ask(
        catalog,
        "churn_risk",
        "who is at risk of churning on a month-to-month contract?",
        table="customers",
        where=condition("Contract = 'Month-to-month'"),
        where_text="Contract is Month-to-month",
    )
    assert risk.status == "answer" and risk.columns[:2] == ("customerID", "churn_probability")
    monthly = pd.read_csv(TELCO).query("Contract == 'Month-to-month' and Churn == 'No'")
    assert risk.row_count == len(monthly)
    assert {r[0] for r in risk.rows} == set(monthly["customerID"])
    drivers = ask(catalog, "churn_drivers", "what drives churn?")
    top = [r[1] for r in drivers.rows[:4]]
    assert "Contract" in top and "tenure" in top
    assert drivers.model_card["cv roc auc"] >= 0.84


@needs_samples
def test_churn_from_purchases_without_a_flag(frames):
    catalog = Catalog.load([f"orders={SAMPLES / 'orders.csv'}"])
    as_of = dt.date(2026, 1, 1)
    rate = BY_NAME["churn_rate"].run(SkillRequest(question="churn rate", catalog=catalog, as_of=as_of))
    assert rate.status == "answer" and "no purchase in the" in rate.interpretation
    days = int(rate.interpretation.split("no purchase in the ")[1].split(" days")[0])
    orders = frames["orders"].assign(order_date=lambda f: pd.to_datetime(f["order_date"]))
    last, first = (
        orders.groupby("customer_id")["order_date"].max(),
        orders.groupby("customer_id")["order_date"].min(),
    )
    cutoff = pd.Timestamp(as_of) - pd.Timedelta(days=days)
    eligible = first < cutoff
    assert rate.rows[0][:2] == (int(eligible.sum()), int((last[eligible] < cutoff).sum()))
    risk = BY_NAME["churn_risk"].run(
        SkillRequest(question="who is likely to churn?", catalog=catalog, as_of=as_of, limit=10)
    )
    assert risk.status == "answer" and risk.columns[:2] == ("customer", "churn_probability")
    assert all(0 <= r[1] <= 1 for r in risk.rows)


@needs_telco
@pytest.mark.parametrize(
    ("question", "first_columns"),
    [
        ("which customers are most likely to churn?", ("customerID", "churn_probability")),
        ("who is at risk of churning on a month-to-month contract?", ("customerID", "churn_probability")),
        ("what drives churn?", ("rank", "feature")),
        ("why do customers leave?", ("rank", "feature")),
    ],
)
def test_telco_questions_through_the_engine(question, first_columns):
    from assistant.engine import Assistant

    answer = Assistant(Catalog.load([f"customers={TELCO}"]), as_of=AS_OF).ask(question)
    assert answer.status == "answer", answer.text
    assert answer.columns[:2] == first_columns and answer.row_count > 0
    assert answer.model_card is not None and answer.model_card["rows used"] == 7043


@needs_samples
def test_filter_on_an_unrelated_table_is_unsupported_not_a_crash(samples, tmp_path):
    (tmp_path / "regions.csv").write_text("code,label\nN,North\nS,South\n")
    catalog = Catalog.load(
        [*(str(SAMPLES / f"{t}.csv") for t in TABLES), f"regions={tmp_path / 'regions.csv'}"]
    )
    answer = ask(catalog, "nps", "NPS for north", table="regions", where=condition("label = 'North'"))
    assert answer.status == "unsupported" and "cannot relate feedback to regions" in answer.text.lower()


CDNOW = SHARED / "datasets" / "cdnow" / "transactions.csv"


@pytest.mark.skipif(not CDNOW.exists(), reason="../shared cdnow dataset is absent")
def test_cdnow_transactions_only():
    catalog = Catalog.load([f"transactions={CDNOW}"])
    customers = pd.read_csv(CDNOW)["customer_id"].nunique()
    value = ask(catalog, "lifetime_value", "top 5 customers by lifetime value", limit=5)
    assert value.status == "answer" and value.model_card["customers"] == customers
    assert value.text.startswith(f"{customers:,} customers are predicted to bring")
    segments = ask(catalog, "rfm_segments", "show customer segments")
    assert sum(r[1] for r in segments.rows) == customers
    stale = ask(catalog, "churn_risk", "which customers are most likely to churn?", limit=5)
    assert stale.status == "clarify" and "--as-of 1998-06-30" in stale.text  # the data ends decades before
    end = dt.date(1998, 6, 30)
    risk = BY_NAME["churn_risk"].run(
        SkillRequest(
            question="which customers are most likely to churn?", catalog=catalog, as_of=end, limit=5
        )
    )
    assert risk.status == "answer" and "no churn flag in the data" in risk.interpretation.lower()
