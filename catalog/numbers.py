"""Numbers for a person: one formatter shared by the chat, the skills and the reports."""

from __future__ import annotations

import datetime as dt
from typing import Any


def number(value: Any, *, money: bool = False, percent: bool = False) -> str:
    """1234.5 -> '1,234.5'; money -> '$1,234.50'; percent (a fraction) -> '26.5%'."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if not isinstance(value, int | float) and not hasattr(value, "__float__"):
        return str(value)
    v = float(value)
    if percent:
        return f"{v * 100:.1f}%"
    if money:
        return f"${v:,.2f}"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.2f}" if abs(v) >= 1 else f"{v:.4g}"
