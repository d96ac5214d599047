"""Pilot tests wait for a condition, never for a fixed time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

STEP_S = 0.01
"""How often the condition is checked."""
LIMIT_S = 20.0
"""The longest a condition is waited for before the test fails (a slow machine, not a fixed sleep)."""


async def wait_until(pilot: Any, condition: Callable[[], object], limit_s: float = LIMIT_S) -> None:
    """Let the app run until `condition()` holds; fail when it does not within `limit_s`."""
    for _ in range(int(limit_s / STEP_S)):
        if condition():
            return
        await pilot.pause(STEP_S)
    assert condition(), "the condition did not hold in time"
