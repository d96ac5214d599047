"""The skill registry: every analytics and sentiment skill this build of cra has, listed explicitly.

Adding a skill: declare it in its package's skills.yaml (phrases, description, example, grains, report
sections) and name its run and availability functions in that package's FUNCTIONS; a mismatch fails at
import. A new package's SKILLS table is added here.
"""

from __future__ import annotations

from analytics.skills import SKILLS as ANALYTICS_SKILLS
from assistant.overview import SKILLS as OVERVIEW_SKILLS
from catalog.skills import SkillRegistry
from sentiment.skills import SKILLS as SENTIMENT_SKILLS

REGISTRY = SkillRegistry((*OVERVIEW_SKILLS, *ANALYTICS_SKILLS, *SENTIMENT_SKILLS))
"""The overview ("how are we doing?") first, then analytics: on a phrase both analytics and sentiment
could take, the analytics skill is tried first."""
