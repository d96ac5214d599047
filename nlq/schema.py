"""A read-only view of the semantic model that the question engine relies on.

It trusts the catalog's roles, and only fills gaps a cruder model may leave (identifiers that look like
measures, text flags, distinct values not profiled) with one profiling query per table, run once when
the engine is built, never while parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog.semantic import Relation, Role
from nlq.grammar import word_classes
from nlq.text import phrase_tokens

if TYPE_CHECKING:
    from catalog import Catalog

NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER")
FLOATS = ("DOUBLE", "FLOAT", "REAL", "DECIMAL")
MAX_VALUES = 60
PRICE_WORDS = {"price", "prices", "unit", "rate", "rates", "per"}
SCORE_WORDS = {"rating", "ratings", "score", "scores", "satisfaction", "csat", "stars", "star", "rated"}
"""Words of score-like measures: averaged by default, never summed. (Not NPS: the net promoter score
is a skill's metric, not an average.)"""
CONTINUOUS_MIN = 25
"""A numeric measure with more distinct values than this is continuous: never a group."""
_ID = re.compile(r"(^id$|_id$|[a-z]ID$|Id$|^id_|_key$|_no$|_number$|^code$|uuid)")
_TRUE = ("yes", "y", "true", "t")
_FALSE = ("no", "n", "false", "f")


@dataclass
class Col:
    """What the engine needs to know about one column."""

    table: str
    name: str
    dtype: str
    role: Role
    words: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...] = ()
    values: tuple[Any, ...] = ()
    flag_true: Any = None
    money: bool = False
    unit: str | None = None
    numeric_text: bool = False
    """A text column holding numbers (cast with TRY_CAST when aggregated)."""
    unique: bool = False
    nulls: int = -1
    """Empty values in the column (-1: unknown)."""
    formula: tuple[str, ...] | None = None
    """A derived column: quantity x unit price [x (1 - discount)], by stored column names."""
    distinct: int = 0
    """Distinct values (0: unknown)."""

    @property
    def averaged(self) -> bool:
        """A score-like measure (rating, score, satisfaction, NPS): averaged by default, never summed."""
        return self.role == Role.MEASURE and self.is_numeric and bool(set(self.words) & SCORE_WORDS)

    @property
    def continuous(self) -> bool:
        """A fractional measure with many distinct values (a price, an amount): never split by "per"."""
        fractional = self.formula is not None or self.numeric_text or self.dtype.startswith(FLOATS)
        return (
            self.role == Role.MEASURE and fractional and (self.distinct > CONTINUOUS_MIN or not self.distinct)
        )

    @property
    def is_price(self) -> bool:
        """A per-unit money figure (unit price, rate): never summed by default."""
        return bool(set(self.words) & PRICE_WORDS)

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.numeric_text or is_numeric_type(self.dtype)

    @property
    def label(self) -> str:
        """Display words for a person ("monthly fee" for monthly_fee), the name when there are none."""
        return " ".join(self.words) or self.name


@dataclass
class Table:
    name: str
    entity: str
    entity_singular: str
    row_count: int
    columns: dict[str, Col] = field(default_factory=dict)
    key: str | None = None
    synonyms: tuple[str, ...] = ()
    text_times: bool = False
    """Loaded from SQLite, where dates and times are stored as text: show them as that text."""

    def by_role(self, *roles: Role) -> list[Col]:
        return [c for c in self.columns.values() if c.role in roles]


@dataclass
class Schema:
    tables: dict[str, Table]
    relations: list[Relation]
    extra_synonyms: dict[str, str] = field(default_factory=dict)
    """cra.toml phrase -> "table.column" or "table"."""
    only_when: dict[str, set[str]] = field(default_factory=dict)
    """flag -> columns filled only on rows where the flag is true ("churned" -> {"churn_date"});
    a rate of the flag grouped or filtered by one of them is 100% by construction."""
    concepts: list[Any] = field(default_factory=list)
    """CRM concepts bound to columns and tables (catalog.semantic.Binding)."""
    value_words: dict[str, dict[str, str]] = field(default_factory=dict)
    """"table.column" -> {phrase: stored value} for values said differently ("portugal": "PRT")."""

    def col(self, qualified: str) -> Col:
        table, _, name = qualified.partition(".")
        return self.tables[table].columns[name]

    def columns(self, *roles: Role) -> list[Col]:
        return [c for t in self.tables.values() for c in t.columns.values() if not roles or c.role in roles]


def is_numeric_type(dtype: str) -> bool:
    return dtype.upper().startswith(NUMERIC + FLOATS)


def is_time_type(dtype: str) -> bool:
    return dtype.upper().startswith(("DATE", "TIMESTAMP"))


def build_schema(catalog: Catalog) -> Schema:
    """The engine's view of a catalog, profiled once where the model is silent."""
    money_hints = {w for p in word_classes()["money_hints"] for w in p}
    tables: dict[str, Table] = {}
    for t in catalog.model.tables.values():
        table = Table(t.name, t.entity or t.name, t.entity_singular or t.name, t.row_count, key=t.key)
        table.synonyms = tuple(t.synonyms)
        table.text_times = re.search(r"\.(sqlite3?|db)\b", str(getattr(t, "source", "") or "")) is not None
        profile = _profile(catalog, t)
        for c in t.columns.values():
            prof = profile.get(c.name, {})
            col = Col(
                table=t.name,
                name=c.name,
                dtype=c.dtype.upper(),
                role=c.role,
                words=phrase_tokens(c.words or c.name) or phrase_tokens(c.name),
                synonyms=tuple(phrase_tokens(s) for s in c.synonyms if s),
                values=tuple(c.values) or tuple(prof.get("values", ())),
                flag_true=c.flag_true,
                unit=c.unit,
                nulls=c.null_count if isinstance(c.null_count, int) and c.distinct_count else -1,
            )
            distinct = c.distinct_count or prof.get("distinct", 0)
            col.distinct = int(distinct or 0)
            col.unique = bool(t.row_count) and distinct == t.row_count
            _refine(col, t.key, prof, distinct)
            col.money = col.role == Role.MEASURE and (
                c.unit == "money" or (c.unit is None and bool(set(col.words) & money_hints))
            )
            table.columns[c.name] = col
        if table.key is None:
            ids = [c for c in table.columns.values() if c.role == Role.IDENTIFIER and c.unique]
            table.key = ids[0].name if ids else None
        tables[t.name] = table
    relations = list(catalog.model.relations) or _guess_relations(tables)
    only_when: dict[str, set[str]] = {}
    for table in tables.values():
        only_when.update(_only_when(catalog, table))
        _add_revenue(table, catalog)
    concepts = list(getattr(catalog.model, "concepts", ()))
    words = dict(getattr(catalog.model, "value_words", {}))
    return Schema(tables, relations, dict(catalog.model.synonyms), only_when, concepts, words)


QUANTITY_WORDS = {"quantity", "qty", "units", "quantities"}
REVENUE_NAMES = ("revenue", "line_revenue", "line_total")


def _add_revenue(t: Table, catalog: Catalog | None = None) -> None:
    """Line items priced per unit (quantity, unit price) and no money total: revenue = quantity x price,
    x (1 - discount) when a discount column holds fractions; no revenue when a discount is of another kind."""
    money = [c for c in t.columns.values() if c.money and c.is_numeric]
    prices = [c for c in money if c.is_price]
    quantities = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE and c.is_numeric and not c.money and set(c.words) & QUANTITY_WORDS
    ]
    if len(prices) != 1 or len(money) != 1 or len(quantities) != 1:
        return
    lower = {n.lower() for n in t.columns}
    name = next((n for n in REVENUE_NAMES if n not in lower), None)
    if name is None:
        return
    price, qty = prices[0], quantities[0]
    discounts = [
        c for c in t.columns.values() if c.role == Role.MEASURE and c.is_numeric and "discount" in c.words
    ]
    if len(discounts) > 1 or (discounts and not _fractions(catalog, t, discounts[0])):
        return  # a discount we cannot apply safely: no revenue rather than one that ignores it
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="DOUBLE",
        role=Role.MEASURE,
        words=("revenue",),
        synonyms=(("sales",), ("sales", "amount"), ("line", "total")),
        money=True,
        unit="money",
        formula=(qty.name, price.name, *(d.name for d in discounts)),
    )


def _fractions(catalog: Catalog | None, t: Table, c: Col) -> bool:
    """Whether every value of the column lies between 0 and 1 (a discount rate, not an amount)."""
    if catalog is None:
        return False
    from sqlglot import exp

    col = exp.column(c.name, quoted=True)
    q = exp.select(exp.func("min", col), exp.func("max", col)).from_(exp.table_(t.name, quoted=True))
    lo, hi = catalog.con.execute(q.sql(dialect="duckdb")).fetchone()
    return lo is not None and float(lo) >= 0 and float(hi) <= 1


def flag_true_sql(c: Col) -> Any:
    """A sqlglot condition: the flag column c is true on this row (False for NULL)."""
    from sqlglot import exp

    ref = exp.column(c.name, quoted=True)
    if c.dtype == "BOOLEAN":
        return exp.func("coalesce", ref, exp.false())
    return exp.func("coalesce", exp.EQ(this=ref, expression=exp.convert(c.flag_true)), exp.false())


def _only_when(catalog: Catalog, t: Table) -> dict[str, set[str]]:
    """One query: which columns of t are filled only where a flag is true (and the flag is not always)."""
    from sqlglot import exp

    flags = [c for c in t.columns.values() if c.role == Role.FLAG and (c.dtype == "BOOLEAN" or c.flag_true)]
    others = [c for c in t.columns.values() if c.role != Role.FLAG and c.role != Role.IDENTIFIER][:100]
    if not flags or not others or not t.row_count:
        return {}
    selects: list[Any] = []
    for i, f in enumerate(flags[:10]):
        selects.append(exp.alias_(exp.func("count_if", exp.Not(this=flag_true_sql(f))), f"f{i}"))
        for j, c in enumerate(others):
            filled: exp.Expr = exp.Not(this=exp.column(c.name, quoted=True).is_(exp.null()))
            if c.dtype.startswith("VARCHAR"):
                trimmed = exp.func("trim", exp.column(c.name, quoted=True))
                filled = exp.and_(filled, exp.NEQ(this=trimmed, expression=exp.Literal.string("")))
            both = exp.and_(filled, exp.Not(this=flag_true_sql(f)))
            selects.append(exp.alias_(exp.func("count_if", both), f"b{i}_{j}"))
            if i == 0:
                selects.append(exp.alias_(exp.func("count_if", filled), f"n{j}"))
    query = exp.select(*selects).from_(exp.table_(t.name, quoted=True))
    try:
        row = catalog.con.execute(query.sql(dialect="duckdb")).fetchone()
    except Exception:
        return {}
    got = dict(zip([s.alias for s in selects], row or (), strict=False))
    out: dict[str, set[str]] = {}
    for i, f in enumerate(flags[:10]):
        if not got.get(f"f{i}"):
            continue  # the flag is never false: nothing is special about its rows
        cols = {c.qualified for j, c in enumerate(others) if got.get(f"n{j}") and got.get(f"b{i}_{j}") == 0}
        if cols:
            out[f.qualified] = cols
    return out


def _refine(col: Col, key: str | None, prof: dict[str, Any], distinct: int) -> None:
    """Correct roles a crude model may have got wrong (ids as measures, Yes/No text as dimensions)."""
    values = [str(v).strip().lower() for v in col.values]
    if col.role in (Role.MEASURE, Role.DIMENSION, Role.OTHER) and _ID.search(col.name):
        col.role = Role.IDENTIFIER if (col.name == key or col.unique) else Role.FOREIGN_KEY
        return
    if col.dtype == "BOOLEAN":
        col.role = Role.FLAG
        return
    if col.role == Role.MEASURE and is_numeric_type(col.dtype) and prof.get("zero_one"):
        col.role, col.flag_true = Role.FLAG, 1
        return
    if col.dtype.startswith("VARCHAR") and values:
        yes = [v for v in col.values if str(v).strip().lower() in _TRUE]
        no = [v for v in col.values if str(v).strip().lower() in _FALSE]
        if yes and no and col.flag_true is None:
            col.flag_true = yes[0]
            if len(values) == 2:
                col.role = Role.FLAG
        if col.role in (Role.MEASURE, Role.OTHER) and len(values) <= MAX_VALUES and not prof.get("numeric"):
            col.role = Role.DIMENSION
    if col.dtype.startswith("VARCHAR") and prof.get("numeric") and col.role in (Role.DIMENSION, Role.OTHER):
        col.role, col.numeric_text = Role.MEASURE, True
    if col.role == Role.MEASURE and col.dtype.startswith("VARCHAR"):
        col.numeric_text = True


def _profile(catalog: Catalog, t: Any) -> dict[str, dict[str, Any]]:
    """One query per table for what the model lacks: distinct counts, small value sets, 0/1 ints."""
    need = [c for c in t.columns.values() if not c.values and not c.distinct_count]
    if not need or not t.row_count:
        return {}
    from sqlglot import exp

    selects: list[exp.Expr] = []
    for i, c in enumerate(need):
        ref = exp.column(c.name, quoted=True)
        selects.append(exp.alias_(exp.func("approx_count_distinct", ref), f"d{i}"))
        if is_numeric_type(c.dtype):
            selects.append(exp.alias_(exp.func("min", ref), f"mn{i}"))
            selects.append(exp.alias_(exp.func("max", ref), f"mx{i}"))
        if c.dtype.upper().startswith("VARCHAR"):
            num = exp.TryCast(
                this=exp.func("nullif", exp.func("trim", ref), exp.Literal.string("")),
                to=exp.DataType.build("DOUBLE"),
            )
            selects.append(
                exp.alias_(
                    exp.func(
                        "bool_and",
                        exp.or_(
                            exp.Not(this=num.is_(exp.null())),
                            exp.func("trim", ref).eq(""),
                            ref.is_(exp.null()),
                        ),
                    ),
                    f"nt{i}",
                )
            )
    query = exp.select(*selects).from_(exp.table_(t.name, quoted=True))
    try:
        row = catalog.con.execute(query.sql(dialect="duckdb")).fetchone()
    except Exception:
        return {}
    names = [s.alias for s in selects]
    got = dict(zip(names, row or (), strict=False))
    out: dict[str, dict[str, Any]] = {}
    for i, c in enumerate(need):
        info: dict[str, Any] = {"distinct": int(got.get(f"d{i}") or 0)}
        if is_numeric_type(c.dtype) and got.get(f"mn{i}") == 0 and got.get(f"mx{i}") == 1:
            info["zero_one"] = not _ID.search(c.name)
        if c.dtype.upper().startswith("VARCHAR"):
            info["numeric"] = bool(got.get(f"nt{i}")) and info["distinct"] > MAX_VALUES
            if info["distinct"] <= MAX_VALUES * 2:
                ref = exp.column(c.name, quoted=True)
                q = (
                    exp.select(ref)
                    .distinct()
                    .from_(exp.table_(t.name, quoted=True))
                    .where(ref.is_(exp.null()).not_())
                )
                try:
                    vals = [r[0] for r in catalog.con.execute(q.sql(dialect="duckdb")).fetchall()]
                except Exception:
                    vals = []
                if 0 < len(vals) <= MAX_VALUES:
                    info["values"] = tuple(sorted(vals, key=str))
                info["distinct"] = len(vals)
        out[c.name] = info
    return out


def _guess_relations(tables: dict[str, Table]) -> list[Relation]:
    """table.x_id -> other.x_id (or other.id) when the other table is keyed by it."""
    rels: list[Relation] = []
    for t in tables.values():
        for c in t.columns.values():
            if c.role not in (Role.FOREIGN_KEY, Role.IDENTIFIER) or c.name == t.key:
                continue
            for o in tables.values():
                if o.name == t.name or not o.key:
                    continue
                okey = o.columns[o.key]
                stem = singular_table(o)
                if c.name.lower() == o.key.lower() or c.name.lower() in (f"{stem}_id", f"{stem}id"):
                    rels.append(Relation(t.name, c.name, o.name, okey.name))
                    c.role = Role.FOREIGN_KEY
                    break
    return rels


def singular_table(t: Table) -> str:
    return t.entity_singular.replace(" ", "_").lower()
