"""Infer the semantic model of loaded tables: entities, column roles, units, words, values, relations.

Per table: DuckDB's storage statistics (free) and one aggregate query give the statistics of every
column, one more query collects the distinct values of low-cardinality text columns. Name rules (units,
dimensions, free text, entities, ...) are data tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import duckdb
from iso3166 import countries_by_name
from sqlglot import exp

from catalog.dateparts import check_date_parts
from catalog.documents import document_parts
from catalog.inflect import pluralize, singularize
from catalog.loaders import AGGREGATE_BATCH, LoadedTable, aggregate, snake_case, storage_stats
from catalog.roles import (
    ID_WORDS,
    INTEGER_TYPES,
    NUMERIC_TYPES,
    churn_in_words,
    negated_pair,
    small_scale,
    unit_of,
)
from catalog.semantic import UNDONE_WORDS, ColumnInfo, Relation, Role, SemanticModel, TableInfo
from catalog.surveys import add_question_topics
from catalog.trees import (
    VARCHAR,
    column,
    count_rows,
    count_star,
    describe,
    from_template,
    per_column,
    sql,
    table_ref,
)

EXACT_STATS_ROWS = 200_000
"""Tables up to this size get exact column statistics and duplicate counts at load."""
STATS_SAMPLE_ROWS = 50_000
"""Larger tables get the exact distinct counts of their id-like columns (and the word counts of their
text) from this many first rows, and DuckDB's estimates for the other distinct counts; NULL counts,
min/max and lengths are still of the whole table. Their duplicate identifiers and rows are then counted
by `profile`, not at load."""
VALUES_SAMPLE_ROWS = 2_000_000
"""Tables larger than this get their value index from a sample of about this many rows (whole row groups)."""
VALUES_MAX = 100
"""Text columns with at most this many distinct values get a value index (ColumnInfo.values)."""
DUPLICATE_ROWS_MAX = EXACT_STATS_ROWS
"""Exact duplicate rows are counted for tables up to this size."""
FREE_TEXT_AVG_LENGTH = 40
FREE_TEXT_AVG_WORDS = 5

SCORE_WORDS = ("score", "rating", "ratings", "nps", "stars", "csat", "satisfaction", "rank")
"""Numeric columns named like this stay measures even with few distinct values."""
NUMERIC_DIMENSION_WORDS = (
    "year", "month", "quarter", "week", "weekday", "hour", "zip", "postcode", "postal", "sequential", "seq",
    "sequence",
)  # fmt: skip
"""Numeric columns named like this are categories, not quantities."""
CODED_CLASS_WORDS = frozenset(
    {"group", "plan", "status", "type", "class", "tier", "category", "segment", "band"}
)
"""Last name words of whole-number columns that hold codes of a class (Age Group 1-5, Tariff Plan 1/2)."""
CODED_CLASSES_MAX = 20
"""At most this many codes: more are a measure named so by chance."""
CODED_PLACE_WORDS = frozenset({"region", "channel", "area", "zone", "district", "territory", "branch"})
"""Last name words (before a 'code') of whole-number columns that hold codes of places or channels
(Region_Code 28, Policy_Sales_Channel 152): categories however many there are."""
CODED_PLACES_MAX = 1000
FRACTIONAL_TYPES = frozenset({"DOUBLE", "FLOAT", "REAL"})
"""Types a pandas export writes whole-number codes in (28.0): their wholeness is measured."""
WEAK_ID_WORDS = ("no", "num", "number", "code", "nbr", "nr")
"""Last name tokens of codes that identify something only when not unique in a table that has a key."""
INDEX_NAME_RE = re.compile(r"^(column0|index|unnamed_?0?|row|rownum|row_number|level_0|)$")
OTHER_WORDS = (
    "name", "names", "email", "mail", "phone", "mobile", "fax", "address", "street", "url", "website",
    "line", "password", "zip", "postcode", "ssn", "iban", "first", "last", "surname", "login", "username",
)  # fmt: skip
"""Text columns named like this are neither categories nor free text."""
AMOUNT_HEADS = (
    "time",
    "minutes",
    "hours",
    "seconds",
    "days",
    "visits",
    "number",
    "count",
    "length",
    "duration",
)
"""First name words of a numeric figure about a place named after them ("Time on Website", "visits to
the website"): a measure, never a contact detail."""
TEXT_WORDS = (
    "review", "reviews", "comment", "comments", "feedback", "text", "notes", "note", "message", "body",
    "remarks", "remark", "complaint", "opinion", "verbatim", "answer", "response",
)  # fmt: skip
"""Text columns named like this are free text when their values are longish."""
DIMENSION_WORDS = (
    "status", "type", "category", "gender", "sex", "country", "city", "state", "region", "plan", "method",
    "channel", "segment", "tier", "level", "variation", "contract", "service", "source", "kind", "group",
    "class", "currency", "language", "device", "platform", "outcome", "reason", "priority", "stage",
)  # fmt: skip
"""Text columns named like this are categories even when nearly every row has its own value."""
SERVICE_FLAG_RE = re.compile(r"^no( \w+)+ service$", re.IGNORECASE)
"""Telco-style third value beside Yes/No: 'No internet service'."""

ENTITY_WORDS = (
    "customer", "client", "user", "account", "member", "subscriber", "order", "transaction", "purchase",
    "sale", "invoice", "payment", "review", "ticket", "complaint", "product", "item", "campaign",
    "contact", "delivery", "address", "feedback", "survey", "response", "subscription", "event", "visit",
    "session", "lead", "opportunity", "employee", "staff", "store", "supplier", "shipment", "card", "call",
    "message", "interaction", "booking", "reservation", "claim", "policy", "loan", "patient", "student",
)  # fmt: skip
"""Nouns that name what one row is; found in table or column names."""
FIXED_WORDS = (
    "from",
    "to",
    "at",
    "on",
    "by",
    "of",
    "in",
    "churn",
    "tenure",
    "gender",
    "feedback",
    "data",
    "tv",
)
"""Last words of column names that get no singular/plural variant."""
ABBREVIATIONS = {
    "no": "number",
    "num": "number",
    "qty": "quantity",
    "amt": "amount",
    "dt": "date",
    "id": "id",
}
"""Short name tokens and the word a person says ('InvoiceNo' -> also 'invoice number')."""
HEAD_SYNONYMS = {
    "period": ("length", "term", "duration"),
    "length": ("duration",),
    "duration": ("length",),
}
"""The last word of a longer name and the words people say for it ('Contract_period': 'contract length')."""


def tokens(name: str) -> list[str]:
    """Column or table name -> lower-case word tokens: 'MonthlyCharges' -> ['monthly', 'charges'];
    'CLIENTNUM' -> ['client', 'num'] (an id word run onto an English word, see `id_split`)."""
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)  # an acronym run onto a word: HH_Insurance
    toks = [t for t in snake_case(name.replace("#", " no ")).split("_") if t]  # "Invoice #" = invoice no
    return [part for t in toks for part in id_split(t)]


ID_SUFFIXES = ("number", "code", "num", "key", "id", "no")
"""Id words a name in capitals runs onto the word before them (CLIENTNUM, ORDERNUMBER, CUSTOMERID)."""


@cache
def id_split(token: str) -> tuple[str, ...]:
    """A token that is no English word but an English word (3 letters or more) followed by an id word is
    the two: 'clientnum' -> ('client', 'num'); 'barcode', 'paid' and 'casino' stay whole."""
    from catalog.english import is_word

    if len(token) < 5 or not token.isalpha() or is_word(token):
        return (token,)
    for w in ID_SUFFIXES:
        head = token[: -len(w)]
        if token.endswith(w) and len(head) >= 3 and is_word(head):
            return (head, w)
    return (token,)


UNIT_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
"""A unit written after a column's name in brackets ("Data Usage (MB/day)", "Weight (kg)")."""


def column_words(name: str, entity_singular: str = "") -> tuple[str, tuple[str, ...]]:
    """(display words, synonyms) of a column: 'MonthlyCharges' -> ('monthly charges', ('monthly charge',))."""
    toks = tokens(name)
    words = " ".join(toks)
    variants: list[list[str]] = [toks]
    unit = UNIT_TAIL.search(name)
    if unit is not None and tokens(name[: unit.start()]):
        variants.append(tokens(name[: unit.start()]))  # "Data Usage (MB/day)" is said "data usage"
    expanded = [ABBREVIATIONS.get(t, t) for t in toks]
    variants.append(expanded)
    undone = singularize(toks[0]) in UNDONE_WORDS  # returns.return_quantity is no quantity sold
    if len(toks) > 1 and singularize(toks[0]) == entity_singular and toks[-1] not in ID_WORDS and not undone:
        variants.append(toks[1:])  # customers.customer_name -> "name"
    if len(toks) > 2 and toks[0] in ("number", "num", "no") and toks[1] == "of":
        variants.append(toks[2:])  # number_of_cds -> "cds"
    if len(toks) == 2 and toks[0] in ("num", "nbr", "number") and toks[1].endswith("s") and len(toks[1]) > 3:
        variants.append(toks[1:])  # num_passengers -> "passengers"
    if len(toks) > 1:
        variants += [[*expanded[:-1], head] for head in HEAD_SYNONYMS.get(toks[-1], ())]
    if len(toks) == 3 and toks[1] == "per" and toks[2] in ("day", "week", "month", "year"):
        variants.append(["number", "of", *toks])  # reviews_per_month: "the number of reviews per month"
    if [t.lower() for t in toks] in (["last", "name"], ["lastname"], ["family", "name"]):
        variants += [["surname"], ["family", "name"], ["last", "name"]]  # last_name: "the surname Smith"
    if len(toks) > 2 and toks[-2:] in (["y", "n"], ["yes", "no"], ["or", "not"]):
        variants.append(toks[:-2])  # "Answered (Y/N)", "GraduateOrNot": answered, graduate
    if len(toks) > 1 and toks[0] == "ever":
        variants.append(toks[1:])  # "EverTravelledAbroad": travelled abroad
    if len(toks) > 2 and toks[0] == "most":
        # `most ads day`: the day a user saw the most ads, said "peak ad day", "busiest ad day"
        for lead in ("peak", "busiest", "top"):
            variants += [[lead, *toks[1:]], [lead, singularize(toks[1]), *toks[2:]]]
    out: list[str] = []
    for v in variants:
        inflect = v[-1] not in FIXED_WORDS and not v[-1].endswith("ing") and not v[-1][-1:].isdigit()
        forms = (v, [*v[:-1], singularize(v[-1])], [*v[:-1], pluralize(v[-1])]) if inflect else (v,)
        for form in forms:
            phrase = " ".join(form)
            if phrase and phrase != words and phrase not in out:
                out.append(phrase)
    return words, tuple(out)


ROWS_OF = {
    "pipeline": "opportunity",
    "funnel": "opportunity",
    "survey": "respondent",
    "questionnaire": "respondent",
    "poll": "respondent",
}
"""Last words of a table's name that say what its rows are by another noun (a sales pipeline's rows are
opportunities; a survey's rows are its respondents)."""
PART_NOUNS = frozenset({"line", "item", "detail", "entry", "position"})
"""Last words of a table's name that make its rows parts of the records named before ("InvoiceLine",
"OrderItem"): the rows are lines or items, whatever known noun comes first."""


def entity_names(table: str, search: bool = True) -> tuple[str, str, bool]:
    """(plural, singular, found): the entity a table's rows are, from its name; `found` when a known noun.

    With `search` (file stems such as 'telco_customer_churn') a known noun anywhere in the name counts.
    """
    from catalog.english import completed

    toks = tokens(table)
    if not toks:
        return "rows", "row", False
    toks = [*toks[:-1], completed(toks[-1]) or toks[-1]]  # "coupon_redempt": coupon redemptions
    if singularize(toks[-1]) in ROWS_OF:  # "sales_pipeline": its rows are opportunities
        row = ROWS_OF[singularize(toks[-1])]
        return pluralize(row), row, True
    last = singularize(toks[-1])
    part = last in PART_NOUNS and len(toks) > 1  # "InvoiceLine": lines of invoices, never invoices
    if last in ENTITY_WORDS or part or (last != toks[-1] and len(toks) > 1):  # a known or a plural noun
        head = " ".join(toks[:-1])
        plural, singular = pluralize(last), last
        return (
            f"{head} {plural}".strip(),
            f"{head} {singular}".strip(),
            last in ENTITY_WORDS or len(toks) > 1,
        )
    for t in reversed(toks if search else []):
        if singularize(t) in ENTITY_WORDS:
            s = singularize(t)
            return pluralize(s), s, True
    return " ".join([*toks[:-1], pluralize(toks[-1])]), " ".join([*toks[:-1], last]), False


FRAMEWORK_LABELS = ("django", "auth", "sqlite", "admin", "sessions", "contenttypes")
"""First words of the tables a web framework keeps beside an application's own (Django's auth_user,
django_migrations): they do not count against the application's shared label."""


def app_label(tables: Sequence[str]) -> str:
    """The label every table's name begins with, with its separator ('chinook_customer', 'chinook_invoice'
    -> 'chinook_'): a Django app's tables, whose entity is the rest ('customer'). '' when fewer than two
    tables (framework tables aside) share one, when a table is the label alone, or when the label is a
    row noun itself (customer_notes, customer_orders: the noun belongs to the name)."""
    own = [t for t in tables if tokens(t)[:1] and tokens(t)[0] not in FRAMEWORK_LABELS]
    firsts = {tokens(t)[0] for t in own if len(tokens(t)) > 1}
    if len(own) < 2 or len(firsts) != 1 or any(len(tokens(t)) < 2 for t in own):
        return ""
    first = firsts.pop()
    if singularize(first) in ENTITY_WORDS:
        return ""
    sample = own[0].lower()
    match = re.match(rf"{re.escape(first)}[_\W]*", sample)
    return match.group(0) if match and all(t.lower().startswith(match.group(0)) for t in own) else ""


def without_label(table: str, label: str) -> str:
    """A table's name with the application label `app_label` found taken off."""
    return table[len(label) :] if label and table.lower().startswith(label) else table


_RoleGuess = tuple[Role, str | None, str | int | bool | None, str]
"""(role, unit, the stored value meaning true for a flag, reason)."""


@dataclass
class _Stats:
    nonnull: int = 0
    distinct: int = 0
    minimum: object = None
    maximum: object = None
    avg_length: float | None = None
    avg_words: float | None = None
    whole: bool | None = None
    """Every value a whole number (asked only of fractional types named like a code, a class or a count)."""


def infer_model(
    con: duckdb.DuckDBPyConnection, loaded: Sequence[LoadedTable]
) -> tuple[SemanticModel, list[str]]:
    """Build the semantic model of the loaded tables; also return one-line data notes (duplicates...)."""
    model = SemanticModel()
    notes: list[str] = []
    declared: dict[str, LoadedTable] = {t.name: t for t in loaded}
    label = app_label([lt.name for lt in loaded])
    for lt in loaded:
        model.tables[lt.name] = _infer_table(con, lt, label)
    for lt in loaded:
        _choose_keys(model.tables[lt.name], declared[lt.name], label)
    _relations(con, model, declared, notes)
    for t in model.tables.values():
        _name_columns(con, t)
        document_parts(con, t)
    for t in model.tables.values():
        _table_notes(con, t, notes)
        check_date_parts(con, t, notes)
    return model, notes


def _infer_table(con: duckdb.DuckDBPyConnection, lt: LoadedTable, label: str = "") -> TableInfo:
    table = lt.name
    schema = _describe(con, table)
    rows = (con.execute(count_rows(table)).fetchone() or (0,))[0]
    stats = _column_stats(con, table, schema, rows)
    plural, singular, _ = entity_names(without_label(table, label), search=not lt.from_database)
    info = TableInfo(table, plural, singular, rows, source=lt.source, stats_rows=_stats_rows(rows))
    if label and table.lower().startswith(label):
        info.synonyms = (entity_names(table, search=not lt.from_database)[0],)  # "chinook customers" too
    info.encoding = lt.encoding.as_dict() if lt.encoding else None
    for name, dtype in schema:
        words, synonyms = column_words(name, singular)
        s = stats[name]
        col = ColumnInfo(
            table, name, dtype, Role.OTHER, words=words, synonyms=synonyms, null_count=rows - s.nonnull,
            distinct_count=s.distinct, minimum=s.minimum, maximum=s.maximum, avg_length=s.avg_length,
        )  # fmt: skip
        col.role, col.unit, flag_true, col.reason = _role(name, dtype, s, rows)
        col.flag_true = flag_true
        info.columns[name] = col
    if lines := _line_entity(info):
        info.entity, info.entity_singular = lines
    add_question_topics(info)
    _value_index(con, info)
    if isinstance(con, duckdb.DuckDBPyConnection):
        _countries(con, info)
    return info


def _line_entity(info: TableInfo) -> tuple[str, str] | None:
    """("order lines", "order line") for a table named `orders` whose `Order ID` repeats: its rows are
    the lines of orders, and "orders" are that identifier's distinct values, not the rows (issue: grain)."""
    for col in info.columns.values():
        toks = tokens(col.name)
        if len(toks) < 2 or toks[-1] not in ID_WORDS + WEAK_ID_WORDS or col.dtype in ("DOUBLE", "FLOAT"):
            continue
        noun = singularize(" ".join(toks[:-1]))
        if noun == info.entity_singular and _lines_of(info, col.name) and not _line_number(col):
            return f"{noun} lines", f"{noun} line"
    return None


def _line_number(col: ColumnInfo) -> bool:
    """Whether a column counts 1, 2, 3 ... (olist's order_item_id): the number of a line within its
    document, repeated in every document, not a document's own number."""
    low, high = col.minimum, col.maximum
    return (
        isinstance(low, int)
        and isinstance(high, int)
        and low in (0, 1)
        and high - low + 1 == col.distinct_count
    )


def _describe(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(column, DuckDB type name) of a table: DuckDB's DESCRIBE, or another backend's `columns`."""
    if isinstance(con, duckdb.DuckDBPyConnection):
        return [(r[0], r[1]) for r in con.execute(describe(table)).fetchall()]
    return con.columns(table)  # a catalog.backends.Backend


def _stats_rows(rows: int) -> int:
    return rows if rows <= EXACT_STATS_ROWS else STATS_SAMPLE_ROWS


TIME_TYPES = ("DATE", "TIMESTAMP")
"""Types whose smallest and largest values DuckDB's own statistics hold exactly (with NUMERIC_TYPES)."""


def _column_stats(
    con: duckdb.DuckDBPyConnection, table: str, schema: list[tuple[str, str]], rows: int
) -> dict[str, _Stats]:
    """Statistics of every column: DuckDB's storage statistics, then one aggregate query.

    NULL counts, smallest/largest numbers and dates, and text lengths are of the whole table. Distinct
    counts are exact; on a very large table they are DuckDB's estimates over the whole table, except for
    id-like columns: exact over its first rows (their uniqueness there decides the table's key).
    """
    duck = isinstance(con, duckdb.DuckDBPyConnection)  # else a backend: no storage statistics, no UNPIVOT
    storage = storage_stats(con, table, [n for n, _ in schema]) if duck else {}
    sampled = rows > EXACT_STATS_ROWS
    exprs: list[tuple[str, str, exp.Expr]] = []  # computed over the whole table
    sample_exprs: list[tuple[str, str, exp.Expr]] = []  # over the first rows of a very large table
    out = {name: _Stats() for name, _ in schema}
    few_cells = duck and rows * len(schema) <= UNPIVOT_CELLS and len(schema) > AGGREGATE_BATCH
    unpivot: list[str] = []  # columns whose distinct values are counted in one UNPIVOT query
    for name, dtype in schema:
        q, st = column(name), storage.get(name, {})
        exprs.append((name, "nonnull", exp.Count(this=q)))
        if dtype.startswith(("STRUCT", "MAP", "UNION")) or dtype.endswith("]"):
            continue
        if not sampled and few_cells:
            unpivot.append(name)
        elif not sampled:
            exprs.append((name, "distinct", _count_distinct(q)))
        elif (tokens(name)[-1:] or [""])[0] in ID_WORDS + WEAK_ID_WORDS:
            sample_exprs.append((name, "distinct", _count_distinct(q)))
        elif "approx_unique" in st:  # DuckDB's estimate over the whole table, free
            out[name].distinct = min(int(st["approx_unique"]), rows)
        else:
            sample_exprs.append((name, "distinct", exp.func("approx_count_distinct", q)))
        if dtype in FRACTIONAL_TYPES and (_code_named(tokens(name)) or unit_of(tokens(name)) == "count"):
            exprs.append((name, "whole", from_template("bool_and(:c = round(:c))", c=name)))
        if (dtype in NUMERIC_TYPES or dtype in TIME_TYPES or dtype.startswith("DECIMAL")) and "min" in st:
            out[name].minimum, out[name].maximum = st["min"], st["max"]
            continue
        if dtype in NUMERIC_TYPES or dtype.startswith(("DECIMAL", "DATE", "TIMESTAMP", "TIME")):
            exprs += [(name, "minimum", exp.Min(this=q)), (name, "maximum", exp.Max(this=q))]
        elif dtype == "VARCHAR" and st.get("has_unicode", True):
            exprs.append((name, "avg_length", exp.Avg(this=exp.Length(this=q))))
    _assign(out, exprs, aggregate(con, table_ref(table), [e for _, _, e in exprs]))
    for name, distinct in _distinct_unpivoted(con, table, unpivot):
        out[name].distinct = distinct
    if sample_exprs:
        source = _first_rows(table, STATS_SAMPLE_ROWS)
        _assign(out, sample_exprs, aggregate(con, source, [e for _, _, e in sample_exprs]))
    for name, dtype in schema:
        st, s = storage.get(name, {}), out[name]
        if dtype == "VARCHAR" and s.avg_length is None and s.nonnull and "total_string_length" in st:
            s.avg_length = st["total_string_length"] / s.nonnull  # no multi-byte characters: bytes = chars
    _word_counts(con, table, schema, out, rows)
    return out


UNPIVOT_CELLS = 2_000_000
"""A wide table with at most this many cells has its distinct counts from one UNPIVOT query: DuckDB's
DISTINCT aggregates cost a lot each, whatever the rows (2,000 of them over 50 rows: 1 s of CPU, 0.15 s
unpivoted)."""


def _distinct_unpivoted(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str]
) -> list[tuple[str, int]]:
    """(column, distinct non-NULL values) of `columns`, compared as text (one row per value)."""
    if not columns:
        return []
    texts = exp.select(
        *(exp.cast(column(c), VARCHAR, copy=False).as_(c, quoted=True, copy=False) for c in columns),
        copy=False,
    )
    query = per_column(
        texts.from_(table_ref(table), copy=False),
        exp.func("count", exp.Distinct(expressions=[exp.column("value")])),
    )
    found = dict(con.execute(sql(query)).fetchall())
    return [(c, int(found.get(c, 0))) for c in columns]


def _count_distinct(q: exp.Expr) -> exp.Expr:
    return exp.Count(this=exp.Distinct(expressions=[q]))


def _first_rows(table: str, n: int) -> exp.Expr:
    """`(SELECT * FROM "table" LIMIT n)`: a sample of a very large table."""
    return exp.select("*").from_(table_ref(table)).limit(n).subquery()


def _assign(out: dict[str, _Stats], exprs: list[tuple[str, str, exp.Expr]], row: Sequence) -> None:
    for (name, stat, _), value in zip(exprs, row, strict=True):
        setattr(out[name], stat, value if value is not None or stat not in ("nonnull", "distinct") else 0)


def _word_counts(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: list[tuple[str, str]],
    out: dict[str, _Stats],
    rows: int,
) -> None:
    """Average words of the text columns whose role depends on it (many distinct values, shortish)."""
    cols = [
        n for n, d in schema
        if d == "VARCHAR" and out[n].distinct >= 0.5 * max(out[n].nonnull, 1) and out[n].nonnull
        and (out[n].avg_length or 0.0) < FREE_TEXT_AVG_LENGTH
    ]  # fmt: skip
    if not cols:
        return
    source = table_ref(table) if rows <= EXACT_STATS_ROWS else _first_rows(table, STATS_SAMPLE_ROWS)
    exprs = [from_template("avg(length(:c) - length(replace(:c, ' ', '')) + 1)", c=n) for n in cols]
    for n, value in zip(cols, aggregate(con, source, exprs), strict=True):
        out[n].avg_words = value


def _role(name: str, dtype: str, s: _Stats, rows: int) -> _RoleGuess:
    """(role, unit, flag_true, reason) of one column from its type, name and statistics."""
    toks = tokens(name)
    last = toks[-1] if toks else ""
    if dtype == "BOOLEAN":
        return Role.FLAG, None, None, "boolean"
    if dtype.startswith(("DATE", "TIMESTAMP")):
        return Role.TIME, None, None, "date/time type"
    if last in ID_WORDS:
        return Role.FOREIGN_KEY, None, None, "named like an id"
    if dtype in NUMERIC_TYPES or dtype.startswith("DECIMAL"):
        return _numeric_role(toks, dtype, s, rows)
    if dtype == "VARCHAR":
        return _text_role(toks, s, rows)
    return Role.OTHER, None, None, f"{dtype} type"


AMOUNT_DISTINCT, AMOUNT_TOP = 50, 100
"""A column named only for a purchase holds amounts when it has this many values and goes above this."""


def _amount_like(s: _Stats) -> bool:
    try:
        return s.distinct >= AMOUNT_DISTINCT and float(s.maximum) > AMOUNT_TOP  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _code_named(toks: list[str]) -> bool:
    """Named like a code, a class or a coded place (the columns whose wholeness decides their role)."""
    named = [t for t in toks if not t.isdigit()]
    return bool(named) and (
        named[-1] in WEAK_ID_WORDS or named[-1] in CODED_CLASS_WORDS or named[-1] in CODED_PLACE_WORDS
    )


def _coded_place(toks: list[str]) -> bool:
    """Region_Code, Policy_Sales_Channel: a place or a channel named last, or just before 'code'."""
    named = [t for t in toks if t not in WEAK_ID_WORDS]
    return bool(named) and named[-1] in CODED_PLACE_WORDS


RATIO_WORDS = frozenset({"margin", "ratio", "percent", "percentage", "pct", "share", "rate"})
"""Name words of a measure that may be a fraction of another (an operating margin of 0.35)."""


def _within(s: _Stats, low: float, high: float) -> bool:
    try:
        return low <= float(s.minimum) and float(s.maximum) <= high  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _numeric_role(toks: list[str], dtype: str, s: _Stats, rows: int) -> _RoleGuess:
    last = toks[-1] if toks else ""
    integer = dtype in INTEGER_TYPES or bool(s.whole)
    unit = unit_of(toks)
    if unit == "money" and small_scale(integer, s.minimum, s.maximum, s.distinct, s.nonnull):
        unit = None  # WorkLifeBalance of 1-4 is a rating scale, not an amount of money
    if unit == "money" and set(toks) & RATIO_WORDS and _within(s, -1, 1):
        unit = "fraction"  # an Operating Margin of 0.35: a fraction of the sales, never dollars
    if unit is None and toks in (["purchase"], ["purchases"]) and _amount_like(s):
        unit = "money"  # Black Friday's `Purchase` (185 .. 23,961): what each purchase came to
    if unit == "count" and s.whole is False:
        # PURCHASES of 0 .. 49,039.57 (a card's spend): fractions are no count of purchases
        unit = "money" if _amount_like(s) else None
    if s.nonnull == 0:
        return Role.OTHER, None, None, "always empty"
    if s.distinct == 2 and s.minimum == 0 and s.maximum == 1:  # 0.0/1.0 too (a pandas export's flags)
        return Role.FLAG, None, 1, f"{'integer' if integer else 'number'} with only 0 and 1"
    if any(t in SCORE_WORDS for t in toks):
        return Role.MEASURE, unit, None, f"numeric, named like a score ({s.distinct} distinct values)"
    if integer and _coded_place(toks) and 1 < s.distinct <= CODED_PLACES_MAX:  # a sales channel: no money
        return (
            Role.DIMENSION,
            None,
            None,
            f"{s.distinct} whole numbers named like a region or channel (codes)",
        )
    if last in WEAK_ID_WORDS and integer and unit != "count":
        return Role.FOREIGN_KEY, None, None, "integer named like a code/number"
    # ("first" of a number is an order of events, FirstPurchaseDaysAfterInstall, never a first name)
    named_other = [t for t in toks if t in OTHER_WORDS and (t != "first" or "name" in toks)]
    if named_other and not (toks and toks[0] in AMOUNT_HEADS):
        # ("Time on Website" is a time spent there: a measure)
        return Role.OTHER, None, None, "numeric, named like a name/contact detail"
    if any(t in NUMERIC_DIMENSION_WORDS for t in toks) and integer:
        # (never fractions: Avg_class_frequency_current_month of 0 .. 6.15 is a figure over a month)
        return Role.DIMENSION, None, None, "numeric, named like a calendar part or postal code"
    if integer and toks in (["gender"], ["sex"]) and s.distinct <= CODED_CLASSES_MAX:
        return Role.DIMENSION, None, None, f"{s.distinct} whole numbers named gender (codes)"
    named = [t for t in toks if not t.isdigit()]  # Product_Category_1: a category, numbered
    if (
        integer
        and named[-1:]
        and named[-1] in CODED_CLASS_WORDS
        and len(toks) > 1
        and s.distinct <= CODED_CLASSES_MAX
    ):
        return Role.DIMENSION, None, None, f"{s.distinct} whole numbers named like a class (codes)"
    if integer and INDEX_NAME_RE.match("_".join(toks)) and s.distinct == s.nonnull == rows:
        return Role.OTHER, None, None, "unique integers in an unnamed/index column (a row number)"
    return Role.MEASURE, unit, None, "numeric" + (f", named like {unit}" if unit else "")


LONG_LABELS_MAX = 40
"""At most this many distinct values, each said again and again, make even long text a category."""


def _text_role(toks: list[str], s: _Stats, rows: int) -> _RoleGuess:
    last = toks[-1] if toks else ""
    avg_len, avg_words = s.avg_length or 0.0, s.avg_words or 0.0
    many = s.distinct >= 0.5 * max(s.nonnull, 1)
    if s.nonnull == 0:
        return Role.OTHER, None, None, "always empty"
    few = s.distinct <= VALUES_MAX and s.distinct <= 0.5 * max(s.nonnull, 1)
    if last in WEAK_ID_WORDS and (few or any(t in DIMENSION_WORDS for t in toks)):
        return Role.DIMENSION, None, None, f"code with {s.distinct} distinct values"
    if last in WEAK_ID_WORDS:
        return Role.FOREIGN_KEY, None, None, "named like a code/number"
    labels = s.distinct <= LONG_LABELS_MAX and s.distinct <= 0.05 * max(s.nonnull, 1)
    if labels and avg_len >= FREE_TEXT_AVG_LENGTH:
        # a complaint's Product ("Credit reporting, credit repair services, or other personal consumer
        # reports"): long, but a few names said again and again are a category, never free text
        return Role.DIMENSION, None, None, f"text with {s.distinct} distinct (long) values"
    if avg_len >= FREE_TEXT_AVG_LENGTH or (avg_words >= FREE_TEXT_AVG_WORDS and many):
        return Role.TEXT, None, None, f"text, {avg_len:.0f} characters on average"
    if any(t in TEXT_WORDS for t in toks) and avg_len >= 15 and many:
        return Role.TEXT, None, None, "text named like comments/reviews"
    if any(t in OTHER_WORDS for t in toks) and not any(t in DIMENSION_WORDS for t in toks):
        return Role.OTHER, None, None, "named like a name/contact detail"
    if s.distinct <= VALUES_MAX and (
        s.distinct <= 0.5 * max(s.nonnull, 1) or any(t in DIMENSION_WORDS for t in toks)
    ):
        return Role.DIMENSION, None, None, f"text with {s.distinct} distinct values"
    return Role.OTHER, None, None, f"text with {s.distinct} distinct values of {s.nonnull}"


COUNTRY_VALUES = 400
"""A text column of at most this many values, nearly all of them country names, is a category of countries."""
COUNTRY_SHARE = 0.8


def _countries(con: duckdb.DuckDBPyConnection, info: TableInfo) -> None:
    """A text column of a few hundred values repeated over many rows, nearly all of them country names
    (a reviewer's location: 'United Kingdom', 'India', ...), is a category of countries, its values known."""
    for c in info.columns.values():
        if (
            c.dtype != "VARCHAR"
            or c.role != Role.OTHER
            or not VALUES_MAX < c.distinct_count <= COUNTRY_VALUES
        ):
            continue
        if c.distinct_count > 0.05 * info.row_count:
            continue
        q = (
            exp.select(column(c.name))
            .distinct()
            .from_(table_ref(info.name))
            .where(column(c.name).is_(exp.null()).not_())
        )
        values = [str(r[0]) for r in con.execute(q.sql("duckdb")).fetchall()]
        known = _country_names()
        if sum(v.strip().lower() in known for v in values) >= COUNTRY_SHARE * len(values):
            c.values = tuple(sorted(values))
            c.role, c.reason = Role.DIMENSION, f"{len(values)} country names"
            c.synonyms = tuple(dict.fromkeys((*c.synonyms, "country", "countries")))


@cache
def _country_names() -> frozenset[str]:
    """Country names in lower case: ISO 3166's, and the short names people write ("vietnam", "south korea")."""
    return frozenset(
        {n.lower() for n in countries_by_name}
        | {
            "united kingdom",
            "united states",
            "russia",
            "vietnam",
            "south korea",
            "iran",
            "taiwan",
            "hong kong",
            "macau",
            "laos",
            "syria",
            "bolivia",
            "venezuela",
            "tanzania",
            "moldova",
            "czech republic",
        }
    )


def _value_index(con: duckdb.DuckDBPyConnection, info: TableInfo) -> None:
    """Distinct values of low-cardinality text columns, in a few queries over the table."""
    cols = [
        c for c in info.columns.values()
        if c.dtype == "VARCHAR" and 0 < c.distinct_count <= VALUES_MAX and c.role != Role.TEXT
    ]  # fmt: skip
    if not cols:
        return
    # sorted here, not in SQL: the same order on every backend
    exprs = [exp.func("list", exp.Distinct(expressions=[column(c.name)])) for c in cols]
    source: exp.Expr = table_ref(info.name)
    if info.row_count > VALUES_SAMPLE_ROWS:
        share = exp.Literal.number(f"{100.0 * VALUES_SAMPLE_ROWS / info.row_count:.4f}")
        sampled = from_template("SELECT * FROM :t USING SAMPLE 1 PERCENT (system, 7)", t=info.name)
        sample = sampled.find(exp.TableSample)
        assert sample is not None
        sample.set("percent", share)  # (a placeholder there is dropped by the parser: set on the tree)
        source = exp.Subquery(this=sampled)
    for c, values in zip(cols, aggregate(con, source, exprs), strict=True):
        c.values = tuple(sorted(v for v in values or () if v is not None))
        if len(c.values) > VALUES_MAX:  # a sample underestimated the distinct count
            c.values = ()
            if c.role == Role.DIMENSION:
                c.role, c.reason = Role.OTHER, f"text with more than {VALUES_MAX} distinct values"
        lowered = {v.lower() for v in c.values}
        if c.role == Role.DIMENSION and (churn_in_words(c) or negated_pair(c)):
            continue
        if c.role == Role.DIMENSION and {"yes", "no"} <= lowered:
            rest = [v for v in c.values if v.lower() not in ("yes", "no")]
            if all(SERVICE_FLAG_RE.match(v) for v in rest):
                yes = next(v for v in c.values if v.lower() == "yes")
                c.flag_true, c.reason = (
                    yes,
                    "Yes/No plus a 'No ... service' value: a dimension usable as a flag",
                )


def _id_key(name: str) -> str:
    return snake_case(name).replace("_", "")


def _own_name_key(info: TableInfo, cols: dict[str, ColumnInfo], unique: set[str]) -> str | None:
    """A lookup table with no id whose rows are named by a unique text column of its own noun (plans'
    plan_name 'surf', 'ultimate'): that name is its key, so that users.plan can point at it."""
    noun = singularize(snake_case(info.name).split("_")[-1])
    for n in sorted(unique):
        if cols[n].dtype == "VARCHAR" and tokens(n) == [noun, "name"]:
            return n
    return None


def _choose_keys(info: TableInfo, lt: LoadedTable, label: str = "") -> None:
    """Pick the table's identifier; other id-like columns are foreign keys. Refines the entity name."""
    cols = info.columns
    unique = {
        n
        for n, c in cols.items()
        if info.stats_rows and c.distinct_count == info.stats_rows and not c.null_count
    }
    key: str | None = None
    if len(lt.primary_key) == 1 and lt.primary_key[0] in cols:
        key = lt.primary_key[0]
    declared_fk = {col.lower() for col, _, _ in lt.foreign_keys}
    id_like = [
        n for n, c in cols.items()
        if c.role == Role.FOREIGN_KEY and tokens(n)[-1:] != [] and tokens(n)[-1] in ID_WORDS
        and n.lower() not in declared_fk
    ]  # fmt: skip
    own = {"id", _id_key(info.entity_singular) + "id", _id_key(singularize(info.name)) + "id"}
    if key is None and not lt.primary_key:
        key = next((n for n in id_like if _id_key(n) in own), None)
        if key is not None and (_party_id(info, key) or _lines_of(info, key)):
            key = None  # a buyer's id, or the number of the documents the rows are lines of
        repeats = key is not None and cols[key].distinct_count * 2 < info.stats_rows
        if key is not None and key.lower() != "id" and repeats and info.stats_rows == info.row_count:
            key = None  # student_learning's student_id (a student per course per day): whose rows, not theirs
        key = key or next((n for n in id_like if n in unique), None)
        key = key or next(
            (
                n
                for n, c in cols.items()
                if c.role == Role.FOREIGN_KEY and n in unique and n.lower() not in declared_fk
            ),
            None,
        )
    named = key is None and not lt.primary_key and not id_like
    key = key or (_own_name_key(info, cols, unique) if named else None)
    if key is not None:
        c = cols[key]
        c.role, c.unit, c.reason = (
            Role.IDENTIFIER,
            None,
            "declared primary key"
            if lt.primary_key
            else (
                "named like the table's id"
                if _id_key(key) in own
                else "the table's own name column, unique (no id)"
                if named
                else "unique id-like column"
            ),
        )
        info.key = key
    for n, c in cols.items():
        if n != key and c.role == Role.FOREIGN_KEY and n in unique and tokens(n)[-1] in WEAK_ID_WORDS:
            c.role, c.reason = Role.OTHER, "unique code in a table with its own key"
    _, _, found = entity_names(without_label(info.name, label), search=not lt.from_database)
    if not found:
        _entity_from_columns(info)
    _parts_named_by_columns(info)


def _parts_named_by_columns(info: TableInfo) -> None:
    """Columns sharing a lead ending in a part noun (SCMS's "Line Item Quantity", "Line Item Value") say
    what one row is: "line items" names the table's rows too (a synonym beside its entity)."""
    leads: dict[tuple[str, ...], int] = {}
    for name in info.columns:
        toks = tokens(name)
        for n in range(1, min(len(toks), 3)):
            if toks[n - 1] in PART_NOUNS:
                leads[tuple(toks[:n])] = leads.get(tuple(toks[:n]), 0) + 1
    for lead, count in sorted(leads.items(), key=lambda x: -len(x[0])):
        if count >= 2:
            said = " ".join(lead)
            plural = " ".join((*lead[:-1], pluralize(lead[-1])))
            named = {singularize(w) for w in tokens(info.name)}
            if plural != info.entity and len(lead) > 1 and info.key is not None and not named & set(lead):
                # a file named "shipments" whose rows are line items: a shipment is several rows, so the
                # name no longer counts rows (which column numbers the shipments is not known)
                old = info.entity
                info.entity, info.entity_singular = plural, said
                info.synonyms = tuple(s for s in info.synonyms if s not in (old, info.name.lower()))
            return


NAME_WORDS = ("name", "title")
"""Last name tokens of a column naming the records an id of the same table numbers ("Customer Name")."""


def _name_columns(con: duckdb.DuckDBPyConnection, info: TableInfo) -> None:
    """Bind each id column to the column of the same table that names its records ("Customer ID" and
    "Customer Name"), when the two pair one to one in the data (checked by one query); an id carrying
    many names of its records each (`loose_name`) names none of them."""
    cols = list(info.columns.values())
    for c in cols:
        toks = tokens(c.name)
        if c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY) or len(toks) < 2:
            continue
        if toks[-1] not in ID_WORDS + WEAK_ID_WORDS:  # PROD_NBR beside PROD_NAME too
            continue
        names = [
            n for n in cols
            if tokens(n.name)[:-1] == toks[:-1] and tokens(n.name)[-1:] != [] and tokens(n.name)[-1] in NAME_WORDS
            and n.null_count == c.null_count and n.dtype == "VARCHAR"
        ]  # fmt: skip
        if not names and c.references is None and c.role == Role.FOREIGN_KEY:
            # a stock item's key beside the one Description of it (no table of items): what names it
            names = [
                n for n in cols
                if [t.lower() for t in tokens(n.name)] in (["description"], ["name"], ["title"])
                and n.null_count == c.null_count and n.dtype == "VARCHAR"
            ]  # fmt: skip
        if len(names) != 1 or not c.distinct_count or not isinstance(con, duckdb.DuckDBPyConnection):
            continue
        pair = exp.Tuple(expressions=[column(c.name), column(names[0].name)])
        counts = [
            exp.func("count", exp.Distinct(expressions=[x]))
            for x in (pair, column(c.name), column(names[0].name))
        ]  # exact counts: a profile's distinct counts may be estimates
        query = exp.select(*counts).from_(table_ref(info.name))
        row = con.execute(query.sql("duckdb")).fetchone()
        if row is None:
            continue
        if row[0] == row[1] >= row[2]:
            # one name for each id, a name maybe shared (four hosts called Hedvig): shown beside the id
            c.name_column = names[0].name
        elif row[0] > LOOSE_NAMES * row[1]:
            c.loose_name = names[0].name


LOOSE_NAMES = 2
"""An id whose (id, name) pairs are more than this many times its distinct ids decides no name: it is no
key of the records named (digital_wallet's merchant_id: 987 ids over 4,875 id-name pairs)."""


MIN_LINE_REPEATS = 10
"""Repeats of a document number fewer than this are copies exported twice, never lines."""
LINE_SHARE = 0.9
"""An id named like its table's whose distinct values are fewer than this share of its rows numbers the
documents the rows are lines of (superstore's `Order ID`: 5,009 orders over 9,994 lines), not the rows; a
few repeats are copies exported twice (catalog.duplicates), the key still."""


DOCUMENT_NOUNS = {
    "order",
    "invoice",
    "receipt",
    "transaction",
    "basket",
    "bill",
    "sale",
    "purchase",
    "booking",
}
DOCUMENT_NOUNS |= {"shipment", "delivery", "quote", "cart"}
"""Records that have lines (an order's products); a repeating id of people (customers) is a duplicate."""


def _lines_of(info: TableInfo, name: str) -> bool:
    """Whether a document number (Order ID) repeats over many rows: it numbers what the rows are lines of."""
    c = info.columns[name]
    toks = tokens(name)
    if len(toks) < 2 or singularize(toks[-2]) not in DOCUMENT_NOUNS:
        return False
    rows = min(info.stats_rows, info.row_count - c.null_count)
    return 0 < c.distinct_count < LINE_SHARE * rows and rows - c.distinct_count >= MIN_LINE_REPEATS


PURCHASE_TABLES = re.compile(r"(transaction|purchase|order|sale|payment)s?$", re.I)
"""A table of purchases by its name: a bare `id` repeating over its dated rows is the buyer's."""
PARTY_REPEATS = 2
"""A bare `id` is a buyer's when each value repeats this many times on average, or more."""


def _party_id(info: TableInfo, name: str) -> bool:
    """A purchase log's bare `id` that repeats across its dated rows (lifetimes' example transactions: date,
    id) names who bought, not the row: made the customer id, said so."""
    c = info.columns[name]
    dated = any(x.role == Role.TIME for x in info.columns.values())
    if name.lower() != "id" or not dated or not PURCHASE_TABLES.search(info.name) or not c.distinct_count:
        return False
    if info.stats_rows < PARTY_REPEATS * c.distinct_count:
        return False
    c.role, c.words = Role.FOREIGN_KEY, "customer id"
    c.reason = "repeats over the purchases (each value several times): the id of who bought, a customer"
    return True


LINE_NOUNS = ("order", "invoice", "receipt", "basket", "booking", "shipment", "quote")
"""Documents with lines: a keyless table with a repeating InvoiceNo / order_id holds "invoice lines"."""
EVENT_ENTITY = ("transactions", "transaction")
"""What the rows of a keyless table with a time column and a money amount are, when nothing else says."""


def _entity_from_columns(info: TableInfo) -> None:
    """A table named after no known noun ('cdnow_master', 'online_retail_sample'): take the entity from
    its columns, the first rule that applies winning:

    1. its key or free-text column names a known noun (`review_text` -> "reviews");
    2. no key, and a repeating id/code column names a document with lines (`InvoiceNo` -> "invoice lines");
    3. no key, a date/time column and a money measure: "transactions".
    The old name stays a synonym.
    """
    candidates = [n for n, c in info.columns.items() if c.role == Role.TEXT]
    key = tokens(info.key or "")
    if len(key) > 1 and key[-1] in ID_WORDS:
        # a key names its records by its head noun: sales_outlet_id numbers outlets, never sales
        key = key[-2:-1]
    found = next(
        (
            s
            for t in key + [t for n in candidates for t in tokens(n)]
            if (s := singularize(t)) in ENTITY_WORDS
        ),
        None,
    )
    plural, singular = (pluralize(found), found) if found else ("", "")
    named = tokens(info.key or "")
    if found and len(named) > 1 and singularize(named[-1]) in PART_NOUNS:
        # the key `productLine`: its rows are product lines, never products
        plural, singular = entity_names(info.key or "", search=False)[:2]
    cols = info.columns.values()
    if not found and info.key is None:
        doc = next(
            (t for c in cols if c.role == Role.FOREIGN_KEY for t in tokens(c.name)[:-1] if t in LINE_NOUNS),
            None,
        ) or next(  # a transaction number repeated over many rows numbers the transactions they are lines of
            (t for c in cols if c.role == Role.FOREIGN_KEY and _lines_of(info, c.name)
             for t in tokens(c.name)[:-1] if t == "transaction"),
            None,
        )  # fmt: skip
        if doc is not None:
            plural, singular = f"{doc} lines", f"{doc} line"
        elif (
            any(c.role == Role.TIME for c in cols)
            and any(c.role == Role.MEASURE and c.unit == "money" for c in cols)
            and not _plural_of_a_thing(info.name)
        ):
            plural, singular = EVENT_ENTITY
    if plural:
        old = info.entity
        info.entity, info.entity_singular = plural, singular
        info.synonyms = tuple(dict.fromkeys((*info.synonyms, old)))


PURCHASE_NOUNS = frozenset(
    {"sale", "purchase", "transaction", "payment", "revenue", "spend", "record", "datum"}
)
"""Singular nouns a table of dated amounts may be named by that still say its rows are transactions."""


def _plural_of_a_thing(name: str) -> bool:
    """A table named by one plural English noun of something else ("procedures" of a hospital): its rows
    are those, never "transactions" because they are dated and priced."""
    from catalog.english import is_word

    toks = tokens(name)
    return (
        len(toks) == 1
        and singularize(toks[0]) != toks[0]
        and is_word(singularize(toks[0]))
        and singularize(toks[0]) not in PURCHASE_NOUNS
    )


def _relations(
    con: duckdb.DuckDBPyConnection, model: SemanticModel, declared: dict[str, LoadedTable], notes: list[str]
) -> None:
    """Declared foreign keys, then id-named columns whose values are contained in another table's key."""
    by_lower = {name.lower(): name for name in model.tables}
    seen: set[tuple[str, str]] = set()
    for tname, lt in declared.items():
        for col, ref_table, ref_col in lt.foreign_keys:
            target = model.tables.get(by_lower.get(ref_table.lower(), ""))
            if target is None or col not in model.tables[tname].columns:
                continue
            ref = _match_column(target, ref_col) if ref_col else target.key
            if ref is None:
                continue
            _link(model, tname, col, target.name, ref, "declared foreign key")
            seen.add((tname, col))
    for t in model.tables.values():
        for c in t.columns.values():
            if (t.name, c.name) in seen or c.role != Role.FOREIGN_KEY:
                continue
            for target in model.tables.values():
                if target is t or target.key is None or not _names_match(c.name, target):
                    continue
                key_col = target.columns[target.key]
                if (c.dtype in NUMERIC_TYPES) != (key_col.dtype in NUMERIC_TYPES):
                    continue
                missing = missing_values(con, t.name, c.name, target.name, key_col.name)
                if missing > 0.05 * max(c.distinct_count, 1):
                    continue
                if missing:
                    notes.append(
                        f"{t.name}.{c.name}: {missing} values not found in {target.name}.{key_col.name}"
                    )
                _link(model, t.name, c.name, target.name, key_col.name, "id name and values match")
                break
    for t in model.tables.values():
        for c in list(t.columns.values()):
            if _points_at_own_rows(con, t, c):
                _link(
                    model, t.name, c.name, t.name, str(t.key), "names a manager and its values are keys here"
                )
                continue
            target = _stem_target(con, model, t, c)
            if target is not None:
                _link(model, t.name, c.name, target.name, str(target.key), "name stem and values match")
                continue
            target = _named_for_table(con, model, t, c)
            if target is not None:
                _link(
                    model,
                    t.name,
                    c.name,
                    target.name,
                    str(target.key),
                    "named for that table, every value a key",
                )
    _shared_keys(con, model, notes)
    _name_keys(con, model, notes)


def link_numbered_keys(con: duckdb.DuckDBPyConnection, model: SemanticModel) -> None:
    """Keys settled after inference (catalog.roles: stores.Store, whole numbers a business gives its stores)
    and the same-named columns of other tables (weekly_sales.Store): linked where every value is a key."""
    for t in model.tables.values():
        for c in t.columns.values():
            if c.references or c.role != Role.FOREIGN_KEY:
                continue
            for target in model.tables.values():
                if target is t or target.key is None or _id_key(target.key) != _id_key(c.name):
                    continue
                if _names_match(c.name, target) and not missing_values(
                    con, t.name, c.name, target.name, target.key
                ):
                    _link(
                        model,
                        t.name,
                        c.name,
                        target.name,
                        target.key,
                        "the same numbered key, every value found there",
                    )
                    break


MISSING_SHARE = 0.05
"""At most this share of a key's values may be missing from the table it points at (each one noted)."""


def _shared_keys(con: duckdb.DuckDBPyConnection, model: SemanticModel, notes: list[str]) -> None:
    """Two tables keyed by the same id, one holding some of the other's (closed_deals of leads, both keyed
    by mql_id): the smaller one's records are some of the larger one's, its key points at them."""
    for t in model.tables.values():
        if t.key is None or t.columns[t.key].references:
            continue
        for target in model.tables.values():
            if target is t or target.key is None or target.row_count <= t.row_count:
                continue
            if target.key.lower() != t.key.lower() or not _id_key(t.key).endswith(ID_WORDS + WEAK_ID_WORDS):
                continue
            if len(tokens(t.key)) < 2:
                continue  # a bare `id` of each table numbers its own rows, never the other's
            missing = missing_values(con, t.name, t.key, target.name, target.key)
            if missing <= MISSING_SHARE * t.row_count:
                # (offers of applications, one offer's candidate missing from the applications: noted)
                _link(
                    model, t.name, t.key, target.name, target.key, "the same key, its values some of theirs"
                )
                if missing:
                    notes.append(
                        f"{t.name}.{t.key}: {missing} values not found in {target.name}.{target.key}"
                    )
                break


def _name_keys(con: duckdb.DuckDBPyConnection, model: SemanticModel, notes: list[str]) -> None:
    """Records named, not numbered (a CRM export: sales_pipeline.account -> accounts.account): a text
    column of the same name as another table's column whose values are unique there, the one that table
    is named after ("account" of accounts) or its first column, holding that column's values but at most
    one in twenty (or one) of its own; that column becomes the other table's key."""
    for t in model.tables.values():
        for c in list(t.columns.values()):
            if (
                c.references
                or c.role in (Role.MEASURE, Role.TIME, Role.IDENTIFIER)
                or c.dtype in NUMERIC_TYPES
            ):
                continue
            for target in model.tables.values():
                ref = _match_column(target, c.name) or _match_singular(target, c.name)
                if target is t or ref is None or not target.row_count or len(target.columns) <= 2:
                    continue  # (two columns: a name said another way, a translation, is no record)
                r = target.columns[ref]
                named = singularize(snake_case(ref)) == singularize(snake_case(target.name)) or ref == next(
                    iter(target.columns)
                )
                unique = r.distinct_count == target.row_count and not r.null_count
                if not (named and unique) or (target.key is not None and target.key != ref):
                    continue
                missing = missing_values(con, t.name, c.name, target.name, ref)
                if missing > max(1, 0.05 * max(c.distinct_count, 1)):
                    continue
                if missing:
                    notes.append(f"{t.name}.{c.name}: {missing} values not found in {target.name}.{ref}")
                target.key = ref
                _link(
                    model, t.name, c.name, target.name, ref, "a name column of the same name holds its values"
                )
                break


STEM_MIN = 4
"""Letters a column's name word and a table's entity share to name it (ShipVia ~ shippers)."""


def _stem_target(
    con: duckdb.DuckDBPyConnection, model: SemanticModel, t: TableInfo, c: ColumnInfo
) -> TableInfo | None:
    """The one table an integer column not named like an id points at (Orders.ShipVia -> Shippers), or a
    text code column at a table keyed by text codes (room_category 'RT1' -> rooms.room_id): a word of its
    name begins that table's entity (ship ~ shipper, room ~ rooms), it is no amount, count or duration, and
    every one of its values is a key there. None when that is not so of exactly one table."""
    text = c.dtype == "VARCHAR" and c.role == Role.DIMENSION  # (fact_bookings.room_category 'RT1' of rooms)
    if c.role not in (Role.MEASURE, Role.DIMENSION) or not (c.dtype in INTEGER_TYPES + WHOLE_TYPES or text):
        return None
    if c.references:
        return None
    words = [w for w in snake_case(c.name).split("_") if len(w) >= STEM_MIN]
    if not words or unit_of(snake_case(c.name).split("_")) is not None or not c.distinct_count:
        return None
    found = []
    for target in model.tables.values():
        kinds = ("VARCHAR",) if text else INTEGER_TYPES
        if target is t or target.key is None or target.columns[target.key].dtype not in kinds:
            continue
        entity = singularize(snake_case(target.entity_singular or target.name).replace("_", ""))
        if not any(entity.startswith(w) for w in words) or c.distinct_count > target.row_count:
            continue
        if missing_values(con, t.name, c.name, target.name, target.key) == 0:
            found.append(target)
    return found[0] if len(found) == 1 else None


def _named_for_table(
    con: duckdb.DuckDBPyConnection, model: SemanticModel, t: TableInfo, c: ColumnInfo
) -> TableInfo | None:
    """The table a column is named for by its very noun (a Synthea export's encounters.PATIENT holding
    patients.Id), where every value is a key there; None otherwise."""
    if c.references or c.role in (Role.IDENTIFIER, Role.MEASURE, Role.TIME, Role.FLAG, Role.TEXT):
        return None
    name = _id_key(c.name)
    for target in model.tables.values():
        if (
            target is t
            or target.key is None
            or name
            not in (
                _id_key(singularize(target.name)),
                _id_key(target.entity_singular),
            )
        ):
            continue
        key_col = target.columns[target.key]
        if (c.dtype in NUMERIC_TYPES) != (key_col.dtype in NUMERIC_TYPES):
            continue
        if missing_values(con, t.name, c.name, target.name, target.key) == 0:
            return target
    return None


WHOLE_TYPES = ("DOUBLE", "FLOAT")
"""Fractional types an export writes integers in when a value is blank (reportsTo 1143.0): a key only
where every value is a key of the table pointed at (which no fraction is)."""
SELF_POINTER_WORDS = frozenset({"reports", "manager", "supervisor", "boss", "superior"})
"""Words of a column pointing at another row of its own table of people (ReportsTo, manager_id)."""


def _points_at_own_rows(con: duckdb.DuckDBPyConnection, t: TableInfo, c: ColumnInfo) -> bool:
    """employees.ReportsTo: an integer column named for a manager whose every value is a key of its own
    table (a reporting line read from a CSV export, where no foreign key is declared)."""
    if t.key is None or c.name == t.key or c.references or c.dtype not in INTEGER_TYPES + WHOLE_TYPES:
        return False  # (a DOUBLE of 1143.0: an integer column a blank made fractional on export)
    if t.columns[t.key].dtype not in INTEGER_TYPES or not c.distinct_count:
        return False
    if not SELF_POINTER_WORDS & set(snake_case(c.name).split("_")):
        return False
    return missing_values(con, t.name, c.name, t.name, t.key) == 0


def _match_column(table: TableInfo, name: str) -> str | None:
    return next((n for n in table.columns if n.lower() == name.lower()), None)


def _match_singular(table: TableInfo, name: str) -> str | None:
    """The table's column named as `name` but for a plural ("markets_code" of transactions.market_code)."""
    said = [singularize(t) for t in tokens(name)]
    return next((n for n in table.columns if [singularize(t) for t in tokens(n)] == said), None)


def _names_match(column: str, target: TableInfo) -> bool:
    """orders.customer_id ~ customers.customer_id / customers.id / customers.CustomerID."""
    key = _id_key(column)
    tkey = _id_key(target.key or "")
    if tkey.endswith(ID_WORDS + WEAK_ID_WORDS) and len(tkey) > len("number") and key.endswith(tkey):
        return True  # orders.customerNumber, customers.salesRepEmployeeNumber ~ employees.employeeNumber
    if key == tkey and tkey in (_id_key(singularize(target.name)), _id_key(target.entity_singular)):
        return True  # weekly_sales.Store ~ stores.Store: the key is the table's own noun
    if not key.endswith(ID_WORDS):
        return False
    if key == tkey:
        return True
    stem = key[: -len(next(w for w in ID_WORDS if key.endswith(w)))]
    names = {_id_key(target.name), _id_key(singularize(target.name)), _id_key(target.entity_singular)}
    if len(stem) >= 3 and tkey.endswith(key) and any(stem in n for n in names):
        # order_details.item_id ~ menu_items.menu_item_id, sales.TerritoryKey ~
        # territories.SalesTerritoryKey: the key names the same thing
        return True
    return tkey in ("id", "key") and key in {
        _id_key(target.entity_singular) + tkey,
        _id_key(singularize(target.name)) + tkey,
    }


def missing_values(con: duckdb.DuckDBPyConnection, table: str, col: str, ref_table: str, ref_col: str) -> int:
    query = from_template(
        "SELECT count(DISTINCT a.:col) FROM :table AS a WHERE a.:col IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM :ref_table AS b WHERE b.:ref_col = a.:col)",
        col=col,
        table=table,
        ref_table=ref_table,
        ref_col=ref_col,
    )
    try:
        return int((con.execute(sql(query)).fetchone() or (0,))[0])
    except duckdb.Error:
        return 1 << 62  # incomparable types: not a relation


def _link(model: SemanticModel, table: str, col: str, ref_table: str, ref_col: str, reason: str) -> None:
    c = model.tables[table].columns[col]
    if c.role != Role.IDENTIFIER:
        c.role, c.unit, c.flag_true = Role.FOREIGN_KEY, None, None
        c.reason = reason
    c.references = (ref_table, ref_col)
    model.relations.append(Relation(table, col, ref_table, ref_col))


def _table_notes(con: duckdb.DuckDBPyConnection, t: TableInfo, notes: list[str]) -> None:
    """Duplicate identifiers and duplicate rows: reported, never removed."""
    if t.key is not None and t.stats_rows == t.row_count:
        k = t.columns[t.key]
        t.duplicate_keys = max(t.row_count - k.null_count - k.distinct_count, 0)
        if t.duplicate_keys:
            notes.append(f"{t.name}.{t.key}: {t.duplicate_keys} rows repeat an identifier (kept)")
    if t.row_count <= DUPLICATE_ROWS_MAX and t.columns:
        rows = exp.select("*").distinct().from_(table_ref(t.name)).subquery()
        distinct = con.execute(sql(exp.select(count_star()).from_(rows))).fetchone()
        t.duplicate_rows = t.row_count - int((distinct or (0,))[0])
        if t.duplicate_rows:
            notes.append(
                f"{t.name}: {t.duplicate_rows} rows repeat an earlier row exactly (kept{_no_key(t)})"
            )


def _no_key(t: TableInfo) -> str:
    """Without an identifier, identical rows may be real repeats (two identical purchases on one day)."""
    return "" if t.key is not None else "; without an identifier they may be real repeats"
