"""The analytics skills: declared in skills.yaml (phrases, examples, grains, report sections), their
functions named here, reachable from plain-English questions.

See catalog.skills for the contract. The answer functions live in churn_answers, customer_answers and
metric_answers; heavy libraries are imported only when a skill runs.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from analytics.answers import (
    has_amount,
    has_churn,
    has_churn_or_tx,
    has_tx,
    unavailable,
)
from analytics.churn_answers import churn_drivers, churn_rate, churn_risk
from analytics.customer_answers import (
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
from catalog.skills import Functions, Skill, SkillRequest, declared_skills


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


FUNCTIONS: dict[str, Functions] = {
    "churn_risk": (churn_risk, has_churn_or_tx),
    "churn_drivers": (churn_drivers, has_churn),
    "churn_rate": (churn_rate, has_churn_or_tx),
    "rfm_segments": (segments, has_tx),
    "rfm_segment_members": (segment_members, lambda c: has_tx(c) or has_churn(c)),
    "clusters": (clusters, can_cluster),
    "lifetime_value": (lifetime_value, has_tx),
    "nps": (nps, lambda c: nps_column(c) is not None),
    "csat": (csat, lambda c: csat_column(c) is not None),
    "order_value": (order_value, has_amount),
    "retention": (retention, lambda c: retention_source(c) is not None),
}
"""Each skill's (run, available), by the name it has in skills.yaml (the phrases, examples, grains and
report sections are there)."""

SKILLS: list[Skill] = [
    dataclasses.replace(skill, run=_guard(skill.run))
    for skill in declared_skills(Path(__file__).with_name("skills.yaml"), FUNCTIONS)
]
