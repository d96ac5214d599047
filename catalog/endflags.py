"""Leaving recorded only as the year it happened: a members list with a Cancellation Year that is blank for
everyone still a member, and no yes/no column saying who left (a full leaving date is read as of a day by
the churn and value models instead). Each such table is given
that yes/no column (true where the date or year is filled), so "how many members cancelled", "churn rate
by card" and "still active" read like any churn flag; one change line says so. A person's date of death
gives a `Deceased` column the same way ("how many patients died", "living patients")."""

from __future__ import annotations

import re

import duckdb
from sqlglot import exp

from catalog.churn_target import CHURN_NAMES
from catalog.semantic import Role, SemanticModel, TableInfo
from catalog.trees import column, create_table, table_ref

LEAVING = {
    "cancel": "Cancelled",
    "churn": "Churned",
    "terminat": "Terminated",
    "exit": "Exited",
    "attrition": "Left",
    "lapse": "Lapsed",
}
"""A name's leaving stem -> the yes/no column it is given."""
WHEN = re.compile(r"(date|year|yr|time|day|month|_at|_on)$", re.I)
"""Last words of a column saying when something happened."""
SHARE = (0.01, 0.99)
"""A leaving date filled on fewer or more of the rows than this says nothing about who left."""


def _leaving(t: TableInfo) -> list[tuple[str, str]]:
    """(column, flag name) of each when-column of t named for leaving; the year where a month is beside."""
    found = []
    for c in t.columns.values():
        name = c.name.lower()
        stem = next((s for s in LEAVING if name.startswith(s) or f"_{s}" in name or f" {s}" in name), None)
        if stem is None or not WHEN.search(name.replace(" ", "_")) or "month" in name or "day" in name:
            continue
        if c.role == Role.TIME or not (c.role in (Role.DIMENSION, Role.MEASURE) and "year" in name):
            continue  # (a leaving date is read as of a day by the churn and value models: never a flag here)
        found.append((c.name, LEAVING[stem]))
    return found


DEATH = re.compile(r"^(date_?of_?)?(death|deceased|died)(_?(date|dt|on|day))?$", re.I)
"""A person's date of death (DEATHDATE, date_of_death, died_on): a yes/no column `Deceased` is added."""
DECEASED = "Deceased"


def _died(t: TableInfo) -> list[tuple[str, str]]:
    """(column, "Deceased") of the one date of death of t, if it has one."""
    found = [c.name for c in t.columns.values() if DEATH.match(c.name.replace(" ", "_"))]
    return [(found[0], DECEASED)] if len(found) == 1 else []


def add_end_flags(con: duckdb.DuckDBPyConnection, model: SemanticModel) -> list[str]:
    """Add a yes/no leaving column to each table whose leaving is kept only as a date or year; the change
    lines (empty when nothing changed)."""
    changes: list[str] = []
    for t in model.tables.values():
        if any(CHURN_NAMES.match(c.name.replace(" ", "_")) for c in t.columns.values()):
            continue  # a flag of its own says who left
        found = _leaving(t) or _died(t)
        if len(found) != 1 or not t.row_count:
            continue
        source, flag = found[0]
        if flag in t.columns:
            continue
        filled = t.row_count - t.columns[source].null_count
        if not SHARE[0] * t.row_count <= filled <= SHARE[1] * t.row_count:
            continue
        query = exp.select(
            exp.Star(), column(source).is_(exp.null()).not_().as_(flag, quoted=True), copy=False
        ).from_(table_ref(t.name), copy=False)
        con.execute(create_table(t.name, query, replace=True))
        changes.append(
            f"{t.name}.{flag}: added, true where {source} is filled ({filled:,} of {t.row_count:,} rows)"
        )
    return changes
