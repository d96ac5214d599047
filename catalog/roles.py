"""What columns are for, decided once per load: the one place that settles roles.

`infer.py` gives every column a first role from its type, name and statistics; `refine` (run by
`Catalog.load`) settles what that leaves open: id-named columns, Yes/No text and 0/1 integers as flags,
few-valued text as categories, numbers stored as text, a missing key. Relations are infer's alone
(names and contained values).
The finders below name the columns behind figures the chat and the report share (NPS, CSAT, free
text), from the model's statistics: `nlq`, `analytics`, `sentiment` and the report read them, none
decides again.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import yaml
from sqlglot import exp

from catalog.labels import spoken_labels
from catalog.loaders import snake_case
from catalog.semantic import ColumnInfo, Role, SemanticModel, TableInfo
from catalog.trees import column, table_ref

NUMERIC_TYPES = (
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
    "FLOAT", "DOUBLE", "REAL",
)  # fmt: skip
"""DuckDB's number types (DECIMAL(p, s) is numeric too, see `is_numeric_type`)."""
INTEGER_TYPES = NUMERIC_TYPES[:9]
FLOAT_TYPES = ("FLOAT", "DOUBLE", "REAL", "DECIMAL")
TIME_TYPES = ("DATE", "TIMESTAMP")

SERIAL_NAME = re.compile(r"^(sl|s|sr|serial|srl)_?(no|num|nr|number)?$|^(slno|sno|srno)$")
"""Names of a column numbering the rows of an export (Sl_No, S.No, Sr No): no identifier of a record."""
ID_NAME = re.compile(r"(^id$|_id$|[a-z]ID$|Id$|^id_|_key$|_no$|_number$|^code$|uuid)")
ID_WORDS = ("id", "key", "uuid", "guid", "upc", "ean", "gtin", "isbn", "sku")
"""Last name tokens of identifiers and references ('Clothing ID', 'CustomerKey', a product's coupon_upc barcode)."""
MAX_VALUES = 60
"""Text with at most this many distinct values is a category (its values are the question's words)."""
TRUE_WORDS = ("yes", "y", "true", "t")
FALSE_WORDS = ("no", "n", "false", "f")

NPS_NAMES = (re.compile(r"(nps|recommend|promoter|likel)", re.I), re.compile(r"score", re.I))
"""Names of a 0-10 would-recommend column, best first."""
NPS_PROMOTER, NPS_DETRACTOR = 9, 6
"""Answers of 9-10 are promoters, 0-6 detractors (Reichheld 2003)."""
RATING_NAMES = re.compile(
    r"(rating|stars?\b|score|nps|csat|satisfaction|recommend|likelihood|promoter)", re.I
)
"""A small whole-number column named like this (0-10, 1-5, ...) is a rating of the row's text."""
CSAT_NAMES = re.compile(r"(csat|satisf)", re.I)
STAR_NAMES = re.compile(r"rating", re.I)
CSAT_SCALES = (5, 7, 10)
FREE_TEXT_NAMES = re.compile(
    r"(comment|review|feedback|note|remark|text|message|description|body|verbatim|opinion|response|answer)",
    re.I,
)
"""VARCHAR columns named like this hold free text (when the model marks no column as Role.TEXT)."""
PLACE_NAMES = re.compile(r"(location|country|city|state|region|address|place)", re.I)
"""Columns named for a place hold no free text, whatever else their name says ("Reviewer_Location")."""
FREE_TEXT_MIN_LENGTH = 40
"""A VARCHAR column whose values average at least this many characters is free text."""


UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "money": (
        "charge", "charges", "fee", "fees", "amount", "amt", "revenue", "price", "prices", "spend", "spent",
        "value", "cost", "costs", "sales", "payment", "payments", "dollar", "dollars", "balance", "income",
        "salary", "paid", "total", "profit", "margin", "bill", "billing", "usd", "eur", "gbp", "mrr", "arr",
        "profits", "revenues", "earnings", "assets", "salaries", "debt", "debts", "liabilities", "money",
        "advance", "advances", "limit", "limits", "worth", "wealth", "pledged", "pledge", "pledges", "raised",
        "donated", "donation", "donations", "funding", "funds",
    ),
    "duration": (
        "tenure", "days", "months", "duration", "weeks", "years", "hours", "minutes", "seconds", "delay",
        "delays", "term", "terms",
    ),  # fmt: skip
    "count": (
        "quantity", "qty", "cds", "count", "ct", "cnt", "items", "units", "visits", "orders", "n", "installments",
        "instalments", "purchases", "transactions", "calls", "nights", "tickets", "trx", "txn", "txns", "ads",
        "impressions", "clicks", "views", "volume", "volumes",
    ),
}  # fmt: skip
"""Name tokens that give a measure its unit (first table entry wins: 'dollar_value' is money)."""
UNIT_PHRASES: dict[str, tuple[str, ...]] = {"count": ("number_of", "num_of", "no_of")}


PERCENT_WORDS = {"percent", "percentage", "pct", "prc"}
"""Name words of a measure kept as a percentage: never money or a count, whatever else the name says."""
FRACTION_WORDS = {"frequency", "freq", "ratio", "proportion"}
"""Name words of a measure that is a share of something (BALANCE_FREQUENCY 0-1): no money or count either."""


def unit_of(toks: list[str]) -> str | None:
    """The unit a measure's name tokens give it: "money", "duration", "count" or None."""
    joined = "_".join(toks)
    if set(toks) & (PERCENT_WORDS | FRACTION_WORDS):
        return None  # PercentSalaryHike is a percentage, BALANCE_FREQUENCY a share: no amount of money
    for unit, phrases in UNIT_PHRASES.items():
        if any(p in joined for p in phrases):
            return unit
    for unit, words in UNIT_WORDS.items():  # the head noun first: payment_installments is a count
        if toks and toks[-1] in words:
            return unit
    head = toks[-1] if toks else ""
    if (
        "total" in toks[:-1]
        and head.endswith("s")
        and not any(head in words for words in UNIT_WORDS.values())
    ):
        return "count"  # "Total Flights": how many flights, never money
    others = set(toks) - {"total"}
    if "total" in toks and not others & set(UNIT_WORDS["money"]) and others & set(UNIT_WORDS["count"]):
        return "count"  # "Total_visits_online": a total of visits, never money
    for unit, words in UNIT_WORDS.items():
        if any(t in words for t in toks):
            return unit
    return None


ALMOST_ALL, ALMOST_ROWS = 0.9, 10
"""A text column named like an amount or a count (unit_of) whose values are numbers on this share of at
least this many rows holds numbers (the rest read as empty); without such a name, every value must be."""

NOTED_SHARE = 0.5
"""A text column whose name states its unit ("Freight Cost (USD)") holds numbers when at least this share of
rows are numbers; the rest are notes ('Invoiced Separately'), read as empty and counted in its reason."""
UNIT_NAMED = re.compile(
    r"\((?:usd|eur|gbp|\$|€|£|kg|kgs|kilograms?|grams?|lbs?|pounds|tons?|tonnes?|km|miles?|days?|hours?|minutes?)\)",
    re.I,
)
"""A unit in brackets at a column's name ("Weight (Kilograms)", "Freight Cost (USD)")."""

SCALE_TOP, SCALE_ROWS = 10, 50
"""Whole numbers within 0-SCALE_TOP over at least SCALE_ROWS rows: a rating scale, not an amount."""


def small_scale(integer: bool, low: object, high: object, distinct: int, rows: int) -> bool:
    """Whole numbers within 0-10 with a handful of values over many rows: a rating scale (1-4, 1-5),
    never money, whatever its name says ("work life balance", "value for money")."""
    try:
        lo, hi = float(low), float(high)  # type: ignore[arg-type]  # any value: what float refuses is caught
    except (TypeError, ValueError):
        return False
    return integer and lo >= 0 and hi <= SCALE_TOP and 0 < distinct <= SCALE_TOP + 1 and rows >= SCALE_ROWS


def is_numeric_type(dtype: str) -> bool:
    return dtype.upper().startswith((*NUMERIC_TYPES, "DECIMAL"))


def is_integer_type(dtype: str) -> bool:
    return dtype.upper() in INTEGER_TYPES


def is_time_type(dtype: str) -> bool:
    return dtype.upper().startswith(TIME_TYPES)


def looks_like_id(name: str) -> bool:
    """Named like an identifier or a reference: customer_id, CustomerID, 'Clothing ID', order_no, uuid.
    (A code such as InvoiceNo or StockCode is an id only when its values say so: see infer.)"""
    last = snake_case(name).rpartition("_")[2]
    return ID_NAME.search(name) is not None or last in ID_WORDS or _capital_id(name)


def _capital_id(name: str) -> bool:
    """SPID, GEOID: capitals ending in ID whose letters are no English word (never PAID, VOID)."""
    from catalog.english import is_word

    return name.isupper() and name.endswith("ID") and 3 <= len(name) <= 6 and not is_word(name.lower())


# ------------------------------------------------------------------------------------------ refinement
def refine(con: duckdb.DuckDBPyConnection, model: SemanticModel) -> None:
    """Settle the roles inference left open, in place (one profiling query per table that needs one)."""
    for t in model.tables.values():
        profile = _profile(con, t)
        for c in t.columns.values():
            prof = profile.get(c.name, {})
            if not c.values and prof.get("values"):
                c.values = tuple(prof["values"])
            if not c.distinct_count and prof.get("distinct"):
                c.distinct_count = int(prof["distinct"])
            _refine(c, t, prof)
        if t.key is not None and t.key in t.columns and t.columns[t.key].role == Role.OTHER:
            t.key = None  # a serial number of the rows is no key of what they are about
        if t.key is None:
            ids = [c for c in t.columns.values() if c.role == Role.IDENTIFIER and _unique(c, t)]
            t.key = ids[0].name if ids else None
        if t.key is None:
            # a customer list keyed by nothing but each one's own e-mail address: that address names them
            mails = [
                c
                for c in t.columns.values()
                if "email" in snake_case(c.name).replace("e_mail", "email").split("_") and _unique(c, t)
            ]
            if len(mails) == 1:
                mails[0].role, mails[0].reason = (
                    Role.IDENTIFIER,
                    "each row's own e-mail address (no other key)",
                )
                t.key = mails[0].name


OWN_KEY_SHARE = 0.95
"""An id named for the table's own records ('Customer Key' of customers) with at least this share of
distinct values is their identifier, its repeats duplicates (reported), never a key to elsewhere."""


def _own_key(c: ColumnInfo, t: TableInfo) -> bool:
    first = snake_case(c.name).split("_")[0]
    own = {snake_case(t.entity_singular or "").split("_")[-1], snake_case(t.name).rstrip("s")}
    return bool(t.row_count) and first in own and c.distinct_count >= OWN_KEY_SHARE * t.row_count


def _unique(c: ColumnInfo, t: TableInfo) -> bool:
    return bool(t.row_count) and c.distinct_count == t.row_count


CHURN_VALUES = (
    "yes", "true", "1", "y", "t", "churned", "cancelled", "canceled", "left", "lost", "inactive", "closed",
    "attrited customer", "attrited", "exited",
)  # fmt: skip
"""Stored values (lower-case) that mean "this customer churned"."""
NOT_CHURN_VALUES = (
    "no",
    "false",
    "0",
    "n",
    "f",
    "active",
    "existing customer",
    "current",
    "open",
    "retained",
)
"""Stored values (lower-case) that mean "still a customer"."""
CHURN_NAME_WORDS = frozenset(
    {"churn", "churned", "attrition", "attrited", "exited", "cancelled", "canceled", "lapsed"}
)
"""Name words of a two-valued text column that, with one churned and one staying value, make it a flag."""


def churn_in_words(c: ColumnInfo) -> bool:
    """A two-valued text column named like churn whose values say churned and stayed (Attrition_Flag of
    'Attrited Customer' / 'Existing Customer'): made a flag, true for the churned value."""
    left = [v for v in c.values if str(v).strip().lower() in CHURN_VALUES]
    stayed = [v for v in c.values if str(v).strip().lower() in NOT_CHURN_VALUES]
    named = set(snake_case(c.name).lower().split("_")) & CHURN_NAME_WORDS
    if not named or len(c.values) != 2 or len(left) != 1 or len(stayed) != 1 or c.flag_true is not None:
        return False
    c.flag_true, c.role = left[0], Role.FLAG
    c.reason = f"text with only '{left[0]}' and '{stayed[0]}'"
    return True


def _words_of(value: object) -> list[str]:
    return re.sub(r"[_\-]+", " ", str(value).strip().lower()).split()


def negated_pair(c: ColumnInfo) -> bool:
    """A two-valued text column whose one value negates the other ('Cancelled' / 'Not_Cancelled',
    'satisfied' / 'neutral or dissatisfied'): made a flag, true for the plain value."""
    if len(c.values) != 2 or c.flag_true is not None:
        return False
    for plain, other in (tuple(c.values), tuple(reversed(c.values))):
        said, words = " ".join(_words_of(plain)), _words_of(other)
        if not said or len(said.split()) > 2:
            continue
        joined = " ".join(words)
        if any(joined == p + said or joined.endswith(" " + p + said) for p in ("not ", "non ", "no ")) or any(
            w == p + said for w in words for p in ("un", "dis", "non", "in", "im")
        ):
            c.flag_true, c.role = plain, Role.FLAG
            c.reason = f"text with only '{plain}' and '{other}' (its opposite)"
            return True
    return False


COMPOSITE = "named after other columns"
"""The start of the `reason` of a column whose name strings other columns' names together (a model's
output: Naive_Bayes_Classifier_Attrition_Flag_Card_Category_..._1): no measure, feature or word of theirs."""


def composite_name(c: ColumnInfo, t: TableInfo) -> list[str]:
    """The other columns (of two words or more) whose whole names run inside this column's name."""
    own = f"_{snake_case(c.name)}_"
    return [
        o.name
        for o in t.columns.values()
        if o is not c and snake_case(o.name).count("_") >= 1 and f"_{snake_case(o.name)}_" in own
    ]


def _apart(name: str, inside: list[str]) -> bool:
    """Whether two of the names run inside `name` side by side, never sharing a word (ONEOFF_PURCHASES
    and PURCHASES_FREQUENCY share PURCHASES: ONEOFF_PURCHASES_FREQUENCY is no two columns joined)."""
    words = snake_case(name).split("_")
    spans = []
    for o in inside:
        part = snake_case(o).split("_")
        spans += [(i, i + len(part)) for i in range(len(words)) if words[i : i + len(part)] == part]
    return any(a[1] <= b[0] for a in spans for b in spans)


def _refine(c: ColumnInfo, t: TableInfo, prof: dict[str, Any]) -> None:
    """Ids as measures, Yes/No text as dimensions, 0/1 integers, few-valued text, numbers as text."""
    dtype = c.dtype.upper()
    counted = t.stats_rows or t.row_count
    if counted and c.null_count >= counted and c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY):
        # GA's itemRevenue, blank on every row: nothing to add up, split or compare
        c.role, c.unit, c.reason = Role.OTHER, None, "blank on every row"
        return
    inside = composite_name(c, t)
    if len(inside) >= 2 and _apart(c.name, inside):
        c.role, c.unit, c.reason = Role.OTHER, None, f"{COMPOSITE} ({', '.join(inside[:3])}, ...)"
        return
    values = [str(v).strip().lower() for v in c.values]
    if c.role == Role.FOREIGN_KEY and _own_key(c, t):
        c.role, c.reason = Role.IDENTIFIER, "named for the table's own records (repeats are duplicates)"
        return
    if SERIAL_NAME.match(snake_case(c.name).lower()) and is_integer_type(dtype) and _unique(c, t):
        c.role, c.unit, c.reason = Role.OTHER, None, "a serial number of the rows (never what they are about)"
        return
    if c.role in (Role.MEASURE, Role.DIMENSION, Role.OTHER) and looks_like_id(c.name):
        c.role = Role.IDENTIFIER if (c.name == t.key or _unique(c, t) or _own_key(c, t)) else Role.FOREIGN_KEY
        c.unit, c.reason = None, "named like an id"
        return
    if c.role == Role.MEASURE and is_integer_type(dtype) and _party_key(c, t):
        c.role, c.unit, c.reason = Role.FOREIGN_KEY, None, "whole numbers named for a party (its id)"
        return
    if (
        c.role == Role.MEASURE
        and is_integer_type(dtype)
        and snake_case(c.name).lower() in numbered_things()
        and not _has_own_id(c, t)  # (OJ's STORE beside StoreID: a recoding, the id is the other)
    ):
        c.role = Role.IDENTIFIER if _unique(c, t) else Role.FOREIGN_KEY
        c.unit, c.reason = None, "whole numbers named for a thing a business numbers (its number)"
        return
    if dtype == "BOOLEAN":
        c.role = Role.FLAG
        return
    if c.role == Role.MEASURE and is_numeric_type(dtype) and prof.get("zero_one"):
        c.role, c.flag_true, c.unit, c.reason = Role.FLAG, 1, None, "integer with only 0 and 1"
        return
    if dtype.startswith("VARCHAR") and values:
        said = spoken_labels(c.values)  # "1. Yes" / "2. No" are Yes and No
        yes = [v for v in c.values if str(said.get(v, v)).strip().lower() in TRUE_WORDS]
        no = [v for v in c.values if str(said.get(v, v)).strip().lower() in FALSE_WORDS]
        if yes and no and c.flag_true is None:
            c.flag_true = yes[0]
            if len(values) == 2:
                c.role, c.reason = Role.FLAG, "text with only yes and no"

        if c.role in (Role.MEASURE, Role.OTHER) and len(values) <= MAX_VALUES and not prof.get("numeric"):
            c.role, c.reason = Role.DIMENSION, f"text with {len(values)} distinct values"
    if dtype.startswith("VARCHAR") and prof.get("numeric") and c.role in (Role.DIMENSION, Role.OTHER):
        c.role, c.numeric_text, c.reason = Role.MEASURE, True, "numbers stored as text"
        if prof.get("notes"):
            c.reason += f"; {prof['notes']:,} rows hold notes instead of a number, read as empty"
    if c.role == Role.MEASURE and dtype.startswith("VARCHAR"):
        c.numeric_text = True
    if c.role == Role.MEASURE and c.unit is None:
        c.unit = unit_of((c.words or snake_case(c.name).replace("_", " ")).split())
        scale = small_scale(is_integer_type(dtype), c.minimum, c.maximum, c.distinct_count, t.row_count or 0)
        if c.unit == "money" and scale:
            c.unit = None  # WorkLifeBalance of 1-4 is a rating scale, not an amount of money


PARTY_MIN_VALUES = 20
"""Distinct values a column named for a party holds at least to be its ids (not a count of them)."""


@cache
def _concept_words(key: str) -> frozenset[str]:
    """A word list of concepts.yaml (read here, not through catalog.concepts, which itself reads roles)."""
    raw = yaml.safe_load((Path(__file__).resolve().parent / "concepts.yaml").read_text())
    return frozenset(str(w) for w in raw.get(key, ()))


def party_keys() -> frozenset[str]:
    """Singular nouns of parties whose ids a whole-number column named by one of them holds."""
    return _concept_words("party_keys")


def _has_own_id(c: ColumnInfo, t: TableInfo) -> bool:
    """Whether the table also has the column named like an id of the same noun (STORE beside StoreID)."""
    name = snake_case(c.name).lower()
    return any(
        o is not c and snake_case(o.name).lower() in (f"{name}_id", f"{name}id") for o in t.columns.values()
    )


def numbered_things() -> frozenset[str]:
    """Nouns of things a business numbers (concepts.yaml `numbered_things`): a whole-number column named
    by one alone holds their numbers."""
    return _concept_words("numbered_things")


def _party_key(c: ColumnInfo, t: TableInfo) -> bool:
    """A whole-number column named by one singular noun of a party that is not this table's (`agent`,
    `company` in hotel bookings; concepts.yaml `party_keys`) with many values: the ids of those parties."""
    name = snake_case(c.name)
    return (
        name in party_keys()
        and name not in snake_case(t.name)
        and (c.distinct_count or 0) >= PARTY_MIN_VALUES
        and c.distinct_count != t.row_count
    )


def _unit_text(c: ColumnInfo) -> bool:
    """A text column named like an amount or a count ("order_quantity"): it may hold numbers as text."""
    if not c.dtype.upper().startswith("VARCHAR"):
        return False
    return unit_of((c.words or snake_case(c.name).replace("_", " ")).split()) is not None


def _profile(con: duckdb.DuckDBPyConnection, t: TableInfo) -> dict[str, dict[str, Any]]:
    """One query per table for what the statistics lack: distinct counts, small value sets, 0/1 ints."""
    need = [
        c
        for c in t.columns.values()
        if (not c.values and not c.distinct_count)
        or _unit_text(c)
        or (c.dtype.upper().startswith("VARCHAR") and UNIT_NAMED.search(c.name))
    ]
    if not need or not t.row_count:
        return {}
    selects: list[exp.Expr] = []
    for i, c in enumerate(need):
        ref = column(c.name)
        selects.append(exp.alias_(exp.func("approx_count_distinct", ref), f"d{i}"))
        if is_numeric_type(c.dtype):
            selects.append(exp.alias_(exp.func("min", ref.copy()), f"mn{i}"))
            selects.append(exp.alias_(exp.func("max", ref.copy()), f"mx{i}"))
        if c.dtype.upper().startswith("VARCHAR"):
            trimmed = exp.func("trim", ref.copy())
            num = exp.TryCast(
                this=exp.func("nullif", trimmed, exp.Literal.string("")), to=exp.DataType.build("DOUBLE")
            )
            numeric = exp.or_(
                exp.Not(this=num.is_(exp.null())), trimmed.copy().eq(""), ref.copy().is_(exp.null())
            )
            selects.append(exp.alias_(exp.func("bool_and", numeric), f"nt{i}"))
            selects.append(exp.alias_(exp.func("count_if", numeric.copy()), f"nc{i}"))
    row = _one(con, exp.select(*selects).from_(table_ref(t.name)))
    got = dict(zip([s.alias for s in selects], row or (), strict=False))
    out: dict[str, dict[str, Any]] = {}
    for i, c in enumerate(need):
        info: dict[str, Any] = {"distinct": int(got.get(f"d{i}") or 0)}
        if is_numeric_type(c.dtype) and got.get(f"mn{i}") == 0 and got.get(f"mx{i}") == 1:
            info["zero_one"] = not looks_like_id(c.name)
        if c.dtype.upper().startswith("VARCHAR"):
            info["numeric"] = bool(got.get(f"nt{i}")) and info["distinct"] > MAX_VALUES
            if not info["numeric"] and t.row_count >= ALMOST_ROWS:
                # "order_quantity" of '2', '3', ... and one stray word: a quantity, its stray values empty
                info["numeric"] = _unit_text(c) and (got.get(f"nc{i}") or 0) >= ALMOST_ALL * t.row_count
            if not info["numeric"] and t.row_count >= ALMOST_ROWS and UNIT_NAMED.search(c.name):
                # "Freight Cost (USD)" of numbers and notes ('Freight Included in Commodity Cost', 'See
                # ASN-93 (ID#:1281)'): the numbers are the amounts, the notes read as empty (said)
                filled = got.get(f"nc{i}") or 0
                info["numeric"] = filled >= NOTED_SHARE * t.row_count
                info["notes"] = t.row_count - filled if info["numeric"] else 0
            if info["distinct"] <= MAX_VALUES * 2:
                ref = column(c.name)
                q = (
                    exp.select(ref)
                    .distinct()
                    .from_(table_ref(t.name))
                    .where(ref.copy().is_(exp.null()).not_())
                )
                vals = [r[0] for r in _all(con, q)]
                if 0 < len(vals) <= MAX_VALUES:
                    info["values"] = tuple(sorted(vals, key=str))
                info["distinct"] = len(vals)
        out[c.name] = info
    return out


def flag_true(c: ColumnInfo) -> exp.Expr:
    """A condition: the flag column is true on this row (false for NULL)."""
    ref = column(c.name)
    if c.dtype.upper() == "BOOLEAN":
        return exp.func("coalesce", ref, exp.false())
    return exp.func("coalesce", exp.EQ(this=ref, expression=exp.convert(c.flag_true)), exp.false())


def only_when(con: duckdb.DuckDBPyConnection, t: TableInfo) -> dict[str, set[str]]:
    """One query: which columns of t are filled only where a flag is true ("churned" -> {"churn_date"});
    a rate of the flag grouped or filtered by one of them is 100% by construction."""
    flags = [c for c in t.columns.values() if c.role == Role.FLAG and (c.dtype == "BOOLEAN" or c.flag_true)]
    others = [c for c in t.columns.values() if c.role not in (Role.FLAG, Role.IDENTIFIER)][:100]
    if not flags or not others or not t.row_count:
        return {}
    selects: list[exp.Expr] = []
    for i, f in enumerate(flags[:10]):
        selects.append(exp.alias_(exp.func("count_if", exp.Not(this=flag_true(f))), f"f{i}"))
        for j, c in enumerate(others):
            filled: exp.Expr = exp.Not(this=column(c.name).is_(exp.null()))
            if c.dtype.upper().startswith("VARCHAR"):
                trimmed = exp.func("trim", column(c.name))
                filled = exp.and_(filled, exp.NEQ(this=trimmed, expression=exp.Literal.string("")))
            both = exp.and_(filled, exp.Not(this=flag_true(f)))
            selects.append(exp.alias_(exp.func("count_if", both), f"b{i}_{j}"))
            if i == 0:
                selects.append(exp.alias_(exp.func("count_if", filled.copy()), f"n{j}"))
    row = _one(con, exp.select(*selects).from_(table_ref(t.name)))
    got = dict(zip([s.alias for s in selects], row or (), strict=False))
    out: dict[str, set[str]] = {}
    for i, f in enumerate(flags[:10]):
        if not got.get(f"f{i}"):
            continue  # the flag is never false: nothing is special about its rows
        cols = {c.qualified for j, c in enumerate(others) if got.get(f"n{j}") and got.get(f"b{i}_{j}") == 0}
        if cols:
            out[f.qualified] = cols
    return out


def varies_within(con: duckdb.DuckDBPyConnection, t: TableInfo, column_name: str, key: str) -> bool:
    """Whether some key of t holds rows with different values of the column (a no-show flag of
    appointments differs between one patient's rows; a customer's churn flag does not)."""
    c = t.columns[column_name]
    value = flag_true(c) if c.role == Role.FLAG and (c.dtype == "BOOLEAN" or c.flag_true) else column(c.name)
    varied = exp.GT(
        this=exp.func("count", exp.Distinct(expressions=[value])), expression=exp.Literal.number(1)
    )
    inner = (
        exp.select(column(key))
        .from_(table_ref(t.name))
        .where(exp.Not(this=column(key).is_(exp.null())))
        .group_by(column(key))
        .having(varied)
        .limit(1)
    )
    row = _one(con, exp.select(exp.func("count_star")).from_(inner.subquery("v")))
    return bool(row and row[0])


def _one(con: duckdb.DuckDBPyConnection, query: exp.Select) -> tuple[Any, ...] | None:
    """The first row of a profiling query; None when DuckDB cannot run it (an odd type)."""
    try:
        return con.execute(query.sql(dialect="duckdb")).fetchone()
    except duckdb.Error:
        return None


def _all(con: duckdb.DuckDBPyConnection, query: exp.Select) -> list[tuple[Any, ...]]:
    try:
        return con.execute(query.sql(dialect="duckdb")).fetchall()
    except duckdb.Error:
        return []


# ------------------------------------------------------------------------------------------ finders
def _in_range(c: ColumnInfo, low: float, high: float) -> bool:
    lo, hi = c.minimum, c.maximum
    if not is_numeric_type(c.dtype) or lo is None or hi is None:
        return False
    try:
        return low <= float(lo) and float(hi) <= high
    except (TypeError, ValueError):
        return False


def nps_column(model: SemanticModel) -> ColumnInfo | None:
    """The 0-10 would-recommend column: numeric, named like NPS (else like a score), its answers within
    0-10 and some above 5. The chat's NPS, the report's NPS and the feedback summary's NPS all use it."""
    for names in NPS_NAMES:
        for c in model.columns():
            if names.search(c.name) and _in_range(c, 0, 10) and float(c.maximum) > 5:
                return c
    return None


def csat_column(model: SemanticModel) -> tuple[ColumnInfo, int] | None:
    """The satisfaction column and its scale (5, 7 or 10): named like CSAT/satisfaction with answers
    within 0-scale, or a 1-5 rating."""
    for scale in CSAT_SCALES:
        for c in model.columns():
            if CSAT_NAMES.search(c.name) and _in_range(c, 0, scale):
                return c, scale
        if scale == 5:
            for c in model.columns():
                if STAR_NAMES.search(c.name) and _in_range(c, 1, scale):
                    return c, scale
    return None


def rating_column(model: SemanticModel, table: str) -> ColumnInfo | None:
    """The rating of a table's rows (stars, NPS, CSAT): a whole-number column named like a rating, not an
    id, its values within 0-10 with a top of at least 4 (its `minimum`/`maximum` give the scale)."""
    info = model.tables.get(table)
    for c in info.columns.values() if info is not None else ():
        if not RATING_NAMES.search(c.name) or not is_integer_type(c.dtype):
            continue
        if c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY) or not _in_range(c, 0, 10):
            continue
        if float(c.minimum) < float(c.maximum) and float(c.maximum) >= 4:
            return c
    return None


def text_columns(model: SemanticModel) -> list[ColumnInfo]:
    """Free-text columns, best first: the model's Role.TEXT ones, else VARCHARs named like comments or
    with long values."""
    # a record's name is never what people wrote about it (Airbnb's listing name "Södermalm serenity: ...")
    marked = [c for c in model.columns(Role.TEXT) if snake_case(c.name).lower().split("_")[-1] != "name"]
    if marked:
        return marked
    found: list[tuple[float, ColumnInfo]] = []
    for c in model.columns():
        if not c.dtype.upper().startswith("VARCHAR") or c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY):
            continue
        if PLACE_NAMES.search(c.name) or snake_case(c.name).lower().split("_")[-1] == "name":
            continue  # a place (a reviewer's location) or a name is never what people wrote
        avg = float(c.avg_length or 0.0)
        named = bool(FREE_TEXT_NAMES.search(c.name))
        if avg >= FREE_TEXT_MIN_LENGTH or (named and avg >= 10):
            found.append((avg + (1000 if named else 0), c))
    return [c for _, c in sorted(found, key=lambda p: -p[0])]
