"""The analytics skills: trigger phrases (data) -> answer functions, reachable from plain-English questions.

See catalog.skills for the contract. The answer functions live in churn_answers, customer_answers and
metric_answers; heavy libraries are imported only when a skill runs.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable

from analytics.answers import (
    has_amount,
    has_churn,
    has_churn_or_tx,
    has_tx,
    unavailable,
)
from analytics.churn_answers import churn_drivers, churn_rate, churn_risk
from analytics.customer_answers import (
    SEGMENT_PHRASES,
    can_cluster,
    clusters,
    lifetime_value,
    segment_members,
    segments,
)
from analytics.metric_answers import (
    csat,
    csat_column,
    nps,
    nps_column,
    order_value,
    retention,
    retention_source,
)
from catalog.answer import Answer
from catalog.skills import ReportSection, Skill, SkillRequest


def _guard(run: Callable[[SkillRequest], Answer]) -> Callable[[SkillRequest], Answer]:
    """A skill run that never raises: 'the data cannot do that' (LookupError, ValueError) becomes an
    unsupported Answer, anything else an error Answer with a readable reason."""

    @functools.wraps(run)
    def guarded(req: SkillRequest) -> Answer:
        try:
            return run(req)
        except (LookupError, ValueError) as e:
            return unavailable(req, f"{str(e)[:1].upper()}{str(e)[1:]}.")
        except Exception as e:  # a skill never crashes the engine or the UI
            reason = str(e).splitlines()[0] if str(e) else type(e).__name__
            return Answer(
                question=req.question,
                status="error",
                text=f"The {run.__name__.strip('_').replace('_', ' ')} analysis failed: {reason}",
            )

    return guarded


SKILLS: list[Skill] = [
    Skill(
        "churn_risk",
        (
            "likely to churn",
            "likely to leave",
            "at risk of churning",
            "at risk of leaving",
            "risk of churn",
            "churn risk",
            "churn probability",
            "predicted churn",
            "going to churn",
            "about to churn",
        ),
        churn_risk,
        has_churn_or_tx,
        "Customers most likely to churn, with reasons",
        "which customers are most likely to churn?",
        sections=(
            ReportSection(
                "at_risk", "Customers most at risk", "which customers are most likely to churn", limit=20
            ),
        ),
    ),
    Skill(
        "churn_drivers",
        (
            "drives churn",
            "drive churn",
            "churn drivers",
            "drivers of churn",
            "why do customers leave",
            "why do customers churn",
            "why customers leave",
            "why customers churn",
            "reasons for churn",
            "causes churn",
            "causes of churn",
            "predicts churn",
        ),
        churn_drivers,
        has_churn,
        "What drives churn, in plain words",
        "what drives churn?",
        sections=(
            ReportSection("churn_drivers", "What drives churn", "what drives churn", hide=("explanation",)),
        ),
    ),
    Skill(
        "churn_rate",
        ("churn rate", "attrition rate", "rate of churn", "churn over time", "monthly churn"),
        churn_rate,
        has_churn_or_tx,
        "Churn rate overall, by a dimension or over time",
        "churn rate by plan",
        grains=("", "month"),
    ),
    Skill(
        "rfm_segments",
        (
            "customer segments",
            "segments",
            "segmentation",
            "rfm",
            "segment our customers",
            "segment customers",
        ),
        segments,
        has_tx,
        "RFM segments: champions, loyal, at risk, ...",
        "show customer segments",
        sections=(
            ReportSection("segments", "Segments", "segment the customers"),
            ReportSection("rfm", "RFM segments", "segment the customers by recency, frequency and value"),
        ),
    ),
    Skill(
        "rfm_segment_members",
        tuple(SEGMENT_PHRASES),
        segment_members,
        lambda c: has_tx(c) or has_churn(c),
        "Members of one RFM segment",
        "who are our champions?",
    ),
    Skill(
        "clusters",
        (
            "cluster",
            "clusters",
            "clustering",
            "behavioural groups",
            "behavioral groups",
            "behavioural segments",
            "behavioral segments",
        ),
        clusters,
        can_cluster,
        "Behavioural clusters described in words",
        "cluster our customers",
        sections=(
            ReportSection("segments", "Segments", "segment the customers"),
            ReportSection("clusters", "Behavioural clusters", "cluster the customers"),
        ),
    ),
    Skill(
        "lifetime_value",
        (
            "lifetime value",
            "customer lifetime value",
            "predicted lifetime value",
            "predicted clv",
            "clv",
            "ltv",
            "customer value",
            "predicted value",
        ),
        lifetime_value,
        has_tx,
        "Historical and predicted customer lifetime value",
        "customer lifetime value",
        sections=(
            ReportSection(
                "clv", "Most valuable customers", "which customers have the highest lifetime value", limit=20
            ),
        ),
    ),
    Skill(
        "nps",
        ("nps", "net promoter", "net promoter score", "promoter score"),
        nps,
        lambda c: nps_column(c) is not None,
        "Net Promoter Score",
        "NPS by region",
    ),
    Skill(
        "csat",
        ("csat", "customer satisfaction score", "satisfaction score"),
        csat,
        lambda c: csat_column(c) is not None,
        "Customer satisfaction (CSAT)",
        "CSAT by plan",
    ),
    Skill(
        "order_value",
        ("average order value", "aov", "revenue per customer", "average revenue per customer"),
        order_value,
        has_amount,
        "Average order value and revenue per customer",
        "average order value",
    ),
    Skill(
        "retention",
        (
            "retention by",
            "cohort",
            "cohorts",
            "cohort retention",
            "retention rate by cohort",
            "retention by signup month",
        ),
        retention,
        lambda c: retention_source(c) is not None,
        "Cohort retention by signup month",
        "retention by signup month",
        grains=("", "month"),
        sections=(ReportSection("retention", "Retention by sign-up cohort", "retention by cohort"),),
    ),
]
SKILLS = [dataclasses.replace(skill, run=_guard(skill.run)) for skill in SKILLS]
