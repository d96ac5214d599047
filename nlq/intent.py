"""The Intent: what a question asks, independent of SQL (frozen data filled by the recognizer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nlq.timephrases import TimeRange


@dataclass(frozen=True)
class Figure:
    """A figure over a whole table, compared with each row ("price above the average")."""

    agg: str
    """avg, median, min or max; "" for the same row's value ("stock below its reorder level")."""
    column: str
    """Qualified column."""
    times: float = 1
    """What the figure is multiplied by ("at least twice their reorder level")."""


@dataclass(frozen=True)
class Cond:
    """One filter on a column."""

    column: str
    """Qualified column "table.column"."""
    op: str
    """One of: = != in not_in > >= < <= between true false."""
    value: Any = None
    value2: Any = None
    since: str | None = None
    """A duration: the days from this date column to `column` are compared ("took more than 5 days to
    ship")."""


@dataclass(frozen=True)
class Measure:
    """One figure to compute."""

    agg: str
    """count, count_distinct, sum, avg, median, min, max, rate."""
    column: str | None = None
    """Qualified column (None for count(*))."""
    condition: tuple[Cond, ...] = ()
    """For a rate: the condition whose share is measured."""
    table: str | None = None
    """For count: the table whose rows are counted."""
    since: str | None = None
    """A duration: the figure is the days from this date column to `column` ("time to close")."""
    over: str | None = None
    """A ratio of totals: the sum of `column` over the sum of this column ("margin": profit / sales)."""
    per_each: bool = False
    """The ratio is an amount per counted thing ("revenue per guest"): in the amount's unit, no percentage."""
    per_key: str | None = None
    """Divided by the number of distinct values of this key in each group ("revenue per customer by
    region": the revenue over the customers who bought, per region)."""
    per_period: tuple[str, str] | None = None
    """(grain, date column): the figure over the number of periods with data ("average monthly
    revenue": the total over the months; each period's total averaged)."""
    per: str | None = None
    """A count per record of another table ("rentals per customer"): divided by that table's rows."""
    shown_in: tuple[str, float] | None = None
    """The figure shown in another unit than the column's: (unit, how many stored units make one)
    ("average track length in minutes" of Milliseconds: ("minute", 60000))."""


@dataclass(frozen=True)
class Intent:
    """A question understood: measures over a table, filtered, grouped, ordered."""

    kind: str
    """"aggregate" (figures, maybe grouped), "list" (rows), "distinct" (values of columns) or "compare"."""
    table: str
    """The base table (FROM)."""
    measures: tuple[Measure, ...] = ()
    filters: tuple[Cond, ...] = ()
    group_by: tuple[str, ...] = ()
    """Qualified columns; a time column grouped by a grain is in `grain`."""
    grain: str | None = None
    """date_trunc part for the time column (month, quarter, year, week, day)."""
    time_column: str | None = None
    time_range: TimeRange | None = None
    compare_ranges: tuple[TimeRange, ...] = ()
    """Two periods compared ("this year vs last year")."""
    compare_rows: bool = False
    """The compared periods are one row each ("compare revenue in 2021 and 2022"), not one row of both
    figures and their change ("by what percent did revenue grow from 2021 to 2022")."""
    order: str | None = None
    """"desc" or "asc"."""
    order_by: str | None = None
    """A qualified column to sort rows by (lists); None sorts by the first measure."""
    limit: int | None = None
    with_ties: bool = False
    """The records tied at the cut are all shown ("which customers made the most purchases": every one
    with the top figure, where one was not asked for)."""
    columns: tuple[str, ...] = ()
    """For lists: the columns shown."""
    having: tuple[Cond, ...] = ()
    """Conditions on the first measure of each group ("with at least 5 orders"); column is ""."""
    labels: tuple[str, ...] = ()
    """Qualified name columns shown after the figures beside an entity's key ("per customer": the
    customer's name); grouped by too, never ordered by."""
    having_rows: bool = False
    """`having` counts each group's rows (COUNT(*)), not the first figure ("among classes with at least
    100 reviews, the lowest average rating")."""
    having_figure: bool = False
    """`having` keeps the groups whose first figure (a total, an average) passes it."""
    one_year: bool = False
    """A monthly or quarterly answer whose periods all fall in one year (its range, else the data's dates
    up to the as-of date): months then show their number and name, quarters need no year beside them
    (nlq.build `_period_labels`)."""
    ties: bool = False
    """The first place of a list is asked of records said in the plural ("which products have it"): every
    record tied there is shown (nlq.build `_with_ties`), never one of them picked at random."""
    top_within: tuple[str, ...] = ()
    """Qualified group columns the ranking restarts in ("which brand sells most in each region": the
    first `limit` brands of each region), never one ranking of all the pairs."""
    count_groups: bool = False
    """Answer how many groups there are ("how many customers have over 5 orders")."""
    notes: tuple[str, ...] = field(default=())
    """Corrections made while reading the question."""
    period_last: bool = False
    """The period was said after the other split ("sales by store type and year"): rows ordered by that
    split first, then by period."""

    @property
    def year_number(self) -> bool:
        """A yearly or quarterly answer also shows each period as a number (2024; quarter 4) beside the
        date of its first day, after the figures: people read and compare years and quarters as numbers
        (`period_part` names which; the other labels: nlq.build `_period_labels`)."""
        return (
            self.kind == "aggregate"
            and self.grain in ("year", "quarter")
            and bool(self.time_column)
            and not self.count_groups
        )

    @property
    def period_part(self) -> str:
        """The date part shown as a number beside each period ("year", "quarter"), when `year_number`."""
        return self.grain or "year"
