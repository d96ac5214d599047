"""Find the feedback in a catalog: the free-text column, its date, an NPS column, joins to other tables."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog import roles
from catalog.inflect import singularize
from catalog.semantic import ColumnInfo, Relation, Role

if TYPE_CHECKING:
    from catalog import Catalog

TEXT_NAME = re.compile(
    r"(comment|review|feedback|note|remark|text|message|description|body|verbatim|opinion|response|answer)",
    re.I,
)
"""VARCHAR columns named like this hold free text (when the semantic model gives no Role.TEXT column)."""
TEXT_MIN_AVG_LENGTH = 40
"""A VARCHAR column whose non-blank values average at least this many characters is free text."""
NPS_NAME = re.compile(r"(nps|recommend|likelihood|promoter|score)", re.I)
RATING_NAME = re.compile(r"(rating|stars?\b|score|nps|csat|satisfaction|recommend|likelihood|promoter)", re.I)
"""A small whole-number column named like this (0-10 or 1-5...) is a rating that decides a text's side."""
TIME_TYPES = ("DATE", "TIMESTAMP")


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
    """The many-to-one relation table.col -> target.key (from the model, else guessed from names)."""
    for rel in catalog.model.relations:
        if rel.table == table and rel.ref_table == target:
            return rel
    tinfo = catalog.model.tables.get(target)
    src = catalog.model.tables.get(table)
    if tinfo is None or src is None:
        return None
    key = tinfo.key or ("id" if "id" in tinfo.columns else None)
    if key is None:
        return None
    singular = tinfo.entity_singular or singularize(target)
    names = {f"{singular}_id", f"{singular}id", f"{target}_id"} | (
        {key.lower()} if key.lower() != "id" else set()
    )
    for col in src.columns:
        if col.lower() in names:
            return Relation(table, col, target, key)
    return None


def _rating_column(catalog: Catalog, table: str) -> Rating | None:
    """The first whole-number column named like a rating whose values lie within 0..10, top >= 4."""
    for col in catalog.model.tables[table].columns.values():
        if not RATING_NAME.search(col.name) or col.dtype.upper() not in _INT_TYPES:
            continue
        if col.role in (Role.IDENTIFIER, Role.FOREIGN_KEY):
            continue
        c = exp.column(col.name, quoted=True)
        query = exp.select(exp.Min(this=c), exp.Max(this=c.copy())).from_(exp.table_(table, quoted=True))
        lo, hi = (catalog.run(query).rows or [None])[0] or (None, None)
        if lo is not None and hi is not None and 0 <= lo < hi <= 10 and hi >= 4:
            return Rating(table, col.name, float(lo), float(hi))
    return None


_INT_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER"}


def _avg_length(catalog: Catalog, col: ColumnInfo) -> float:
    c = exp.column(col.name, quoted=True)
    inner = (
        exp.select(c.as_("t", quoted=True))
        .from_(exp.table_(col.table, quoted=True))
        .where(exp.NEQ(this=exp.Trim(this=c.copy()), expression=exp.Literal.string("")))
        .limit(2000)
    )
    query = exp.select(exp.Avg(this=exp.Length(this=exp.column("t", quoted=True)))).from_(inner.subquery("s"))
    row = (catalog.run(query).rows or [None])[0]
    return float(row[0] or 0.0) if row else 0.0
