"""Find the feedback in a catalog: the free-text column, its date, an NPS column, joins to other tables."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from catalog import roles
from catalog.entities import link
from catalog.semantic import ColumnInfo, Relation

if TYPE_CHECKING:
    from catalog import Catalog


@dataclass(frozen=True)
class FeedbackSource:
    """Where the feedback is: a table, its text column and optional date / NPS columns."""

    table: str
    text: str
    time: str | None = None
    nps: str | None = None
    rating: Rating | None = None
    """The star / NPS / CSAT rating of each text: on its row, or joined through the customer."""


@dataclass(frozen=True)
class Rating:
    """A rating column and its scale (the smallest and largest values found)."""

    table: str
    column: str
    low: float
    high: float

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.column}"


def text_columns(catalog: Catalog) -> list[ColumnInfo]:
    """Free-text columns, best first, as the catalog decides them (catalog.roles.text_columns)."""
    return roles.text_columns(catalog.model)


def feedback_source(catalog: Catalog, table: str | None = None) -> FeedbackSource | None:
    """The best free-text column (in `table` if given) with its table's date and NPS columns."""
    try:
        memo = _MEMO.setdefault(catalog, {})
    except TypeError:  # not weak-referenceable: no memo
        memo = {}
    if table not in memo:
        memo[table] = _feedback_source(catalog, table)
    return memo[table]


_MEMO: weakref.WeakKeyDictionary[Any, dict[str | None, FeedbackSource | None]] = weakref.WeakKeyDictionary()


def _feedback_source(catalog: Catalog, table: str | None) -> FeedbackSource | None:
    cols = [c for c in text_columns(catalog) if table is None or c.table == table]
    if not cols and table is not None:
        cols = text_columns(catalog)
    if not cols:
        return None
    text = cols[0]
    info = catalog.model.tables[text.table]
    time = next((c.name for c in info.columns.values() if roles.is_time_type(c.dtype)), None)
    nps = roles.nps_column(catalog.model)
    rating = _rating_column(catalog, text.table)
    if rating is None:  # a rating of the customer the text is about
        for rel in catalog.model.relations:
            if rel.table == text.table and (rating := _rating_column(catalog, rel.ref_table)) is not None:
                break
    nps_name = nps.name if nps and nps.table == text.table else None
    return FeedbackSource(text.table, text.name, time, nps_name, rating)


def relation_to(catalog: Catalog, table: str, target: str) -> Relation | None:
    """The many-to-one relation table.col -> target.key, as the catalog finds it (catalog.entities.link:
    the model's relations, else the names)."""
    found = link(catalog.model, table, target)
    return Relation(table, found[0], target, found[1]) if found else None


def _rating_column(catalog: Catalog, table: str) -> Rating | None:
    """The table's rating (stars, NPS, CSAT) as the semantic model found it, with its scale."""
    col = roles.rating_column(catalog.model, table)
    if col is None:
        return None
    return Rating(table, col.name, float(col.minimum), float(col.maximum))
