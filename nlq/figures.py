"""A figure as a person reads it: the name of a flag's rate, a measure's value with its unit."""

from __future__ import annotations

from typing import Any

from catalog.numbers import number
from nlq.intent import Measure
from nlq.schema import Schema
from nlq.units import money_scale


def rate_phrase(flag_words: str, entity: str) -> str:
    """How people name the rate of a flag: "churn rate", but "share of churned customers"."""
    if flag_words.split()[-1].endswith("ed"):
        return f"share of {flag_words} {entity}"
    return f"{flag_words} rate"


def measure_value(schema: Schema, m: Measure, value: Any) -> str:
    money = (
        bool(m.column)
        and not m.since
        and m.agg in ("sum", "avg", "median", "min", "max", "stddev")
        and schema.col(m.column or "").money
    )
    ratio = bool(m.over) and not m.per_each
    scale = money_scale(tuple(schema.col(m.column or "").words)) if money and not ratio else None
    if scale == "cents":  # "24,391,916 cents", never "$24,391,916.00"
        return f"{number(value)} cents"
    if scale is not None:  # "$243.91 thousand"
        return f"{number(value, money=True)} {scale}"
    return number(value, money=money and not ratio, percent=m.agg in ("rate", "share") or ratio)
