"""Keys named after the role of a staff member, not a table: customers.support_rep_id, employees.reports_to_id.

`<x>_id` finds table x by name (catalog.infer); a role name ("support rep", "reports to") names no table. Such
a key is bound to the only table of staff (bound to the employee concept) when its last name words are a
staff role (concepts.yaml `staff_roles`) and every one of its values is an id of that table. Anything less
(two tables of staff, a value not found) leaves it unbound, and says so: a cra.toml [relations] line binds it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from catalog.concepts import HERE, STAFF
from catalog.infer import NUMERIC_TYPES, missing_values, tokens
from catalog.roles import ID_WORDS
from catalog.semantic import ColumnInfo, Relation, Role, SemanticModel


@cache
def staff_roles() -> tuple[tuple[str, ...], ...]:
    """The staff role names of concepts.yaml, as word tuples, longest first."""
    raw: dict[str, Any] = yaml.safe_load((HERE / "concepts.yaml").read_text())
    roles = {tuple(str(r).lower().split()) for r in raw.get("staff_roles", ())}
    return tuple(sorted(roles, key=len, reverse=True))


def role_of(column: str) -> str | None:
    """The staff role an id column is named by ('support_rep_id' -> 'rep'), or None."""
    words = tokens(column)
    if len(words) < 2 or words[-1] not in ID_WORDS:
        return None
    words = words[:-1]
    return next((" ".join(r) for r in staff_roles() if tuple(words[-len(r) :]) == r), None)


def bind_role_keys(model: SemanticModel, con: Any) -> list[str]:
    """Bind the unbound staff-role keys of every table to the table of staff; one note per key bound or
    left unbound."""
    staff = sorted({b.target for b in model.concepts if b.concept == STAFF and "." not in b.target})
    notes: list[str] = []
    for t in model.tables.values():
        for c in t.columns.values():
            role = role_of(c.name)
            if role is None or c.references is not None or c.role not in (Role.FOREIGN_KEY, Role.MEASURE):
                continue
            target = _target(model, con, staff, c)
            if target is None:
                notes.append(
                    f"{t.name}.{c.name}: named for a staff role ('{role}') but not bound "
                    f"({_why_not(staff)}); a cra.toml [relations] line can bind it"
                )
                continue
            key = str(model.tables[target].key)
            c.role, c.unit, c.flag_true = Role.FOREIGN_KEY, None, None
            c.reason = f"named for a staff role ('{role}'); every value is an id of {target}"
            c.references = (target, key)
            model.relations.append(Relation(t.name, c.name, target, key))
            notes.append(
                f"{t.name}.{c.name}: named for a staff role ('{role}'), bound to {target}.{key} (every value found there)"
            )
    return notes


def _target(model: SemanticModel, con: Any, staff: list[str], c: ColumnInfo) -> str | None:
    if len(staff) != 1:
        return None
    target = model.tables[staff[0]]
    if target.key is None or (c.dtype in NUMERIC_TYPES) != (
        target.columns[target.key].dtype in NUMERIC_TYPES
    ):
        return None
    return target.name if missing_values(con, c.table, c.name, target.name, target.key) == 0 else None


def _why_not(staff: list[str]) -> str:
    if not staff:
        return "no table of staff"
    if len(staff) > 1:
        return f"{len(staff)} tables of staff: {', '.join(staff)}"
    return f"not every value is an id of {staff[0]}"
