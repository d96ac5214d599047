"""Cleaning, role inference, relations and cra.toml on tiny files written by the tests (real DuckDB)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tables import write_csv

from catalog import Catalog, DataError
from catalog.infer import column_words, entity_names, pluralize, singularize
from catalog.semantic import Role


def _load_column(tmp_path: Path, name: str, values: list[str]) -> tuple[Catalog, str]:
    path = tmp_path / "t.csv"
    path.write_text("\n".join([f"row_label,{name}"] + [f"r{i},{v}" for i, v in enumerate(values)]) + "\n")
    return Catalog.load([path]), name


# ------------------------------------------------------------------ cleaning

DATE_CASES = [
    # (column, values, type, first value as text, whether cleaning (not DuckDB's own sniffer) converted it)
    ("signup", ["10/31/2011 10:42", "6/12/2011 12:34", "1/2/2011 9:05"], "TIMESTAMP", "2011-10-31 10:42:00", True),
    ("reviewed", ["31-Jul-18", "1-Aug-18", "15-May-18"], "DATE", "2018-07-31", True),
    ("joined", ["2019-03-01", "2020-12-31", "2021-01-15"], "DATE", "2019-03-01", False),
    ("closed", ["2018-03-01 10:11:12", "2018-03-02 00:00:01", "2019-01-01 23:59:59"], "TIMESTAMP",
     "2018-03-01 10:11:12", False),
    ("paid", ["31/12/2020", "15/01/2021", "01/02/2021"], "DATE", "2020-12-31", None),
    ("order_date", ["19970101", "19970112", "19980630"], "DATE", "1997-01-01", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "values", "dtype", "first", "cleaned"), DATE_CASES, ids=[c[0] for c in DATE_CASES]
)
def test_text_dates_become_dates(
    tmp_path: Path, name: str, values: list[str], dtype: str, first: str, cleaned: bool | None
) -> None:
    cat, col = _load_column(tmp_path, name, [f'"{v}"' for v in values])
    c = cat.model.tables["t"].columns[col]
    assert (c.dtype, c.role) == (dtype, Role.TIME)
    assert cat.run(f"SELECT {col}::VARCHAR FROM t WHERE row_label = 'r0'").rows == ((first,),)
    if cleaned is not None:
        assert any(line.startswith(f"t.{col}: ") and f"-> {dtype}" in line for line in cat.changes) == cleaned


def test_eight_digit_numbers_become_dates_only_in_date_named_columns(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "t.csv", ["order_date", "account_code"], [[19970101, 19970101], [19980630, 20010203]]
    )
    cols = Catalog.load([path]).model.tables["t"].columns
    assert cols["order_date"].dtype == "DATE"
    assert cols["account_code"].dtype != "DATE"


NUMBER_CASES = [
    ("total", ['" 1,234.50"', '"$99"', '"€1,000,000"', '" "'], "DOUBLE", [1234.5, 99.0, 1000000.0, None]),
    ("visits", ['"1,200"', "3", "NA", '""'], "BIGINT", [1200, 3, None, None]),
]


@pytest.mark.parametrize(
    ("name", "values", "dtype", "expected"), NUMBER_CASES, ids=[c[0] for c in NUMBER_CASES]
)
def test_numbers_stored_as_text_are_fixed_and_reported(
    tmp_path: Path, name: str, values: list[str], dtype: str, expected: list[object]
) -> None:
    # all_varchar is what a quoted/odd column reads as; force text by quoting every value
    path = tmp_path / "t.csv"
    path.write_text("row_label," + name + "\n" + "\n".join(f"r{i},{v}" for i, v in enumerate(values)) + "\n")
    cat = Catalog.load([path])
    assert cat.model.tables["t"].columns[name].dtype == dtype
    got = [r[0] for r in cat.run(f"SELECT {name} FROM t ORDER BY row_label").rows]
    assert got == expected
    line = next(line for line in cat.changes if line.startswith(f"t.{name}: "))
    assert f"text -> {dtype}" in line


def test_change_lines_count_what_was_fixed(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id,price\n1,"$1,200.00"\n2," "\n3,"$5"\n4," "\n')
    cat = Catalog.load([path])
    assert cat.changes[0] == (
        "t.price: text -> DOUBLE, 2 blank values became NULL, thousands separators removed from 1 values, "
        "currency signs removed from 2 values"
    )


def test_mixed_values_stay_text_and_are_reported(tmp_path: Path) -> None:
    values = [str(i) for i in range(10)] + ["lots"]
    cat, col = _load_column(tmp_path, "score_text", [f'"{v}"' for v in values])
    assert cat.model.tables["t"].columns[col].dtype == "VARCHAR"
    assert cat.run("SELECT count(*) FROM t").rows == ((11,),)
    assert any(c == "t.score_text" and "mixed types" in why for c, why in cat.suspicious)


def test_placeholder_words_are_no_value_and_are_reported(tmp_path: Path) -> None:
    """ "ERROR" and "UNKNOWN" written where a till failed: numbers with those read as missing, said."""
    values = [str(i) for i in range(10)] + ["ERROR", "UNKNOWN"]
    cat, col = _load_column(tmp_path, "quantity", [f'"{v}"' for v in values])
    assert cat.model.tables["t"].columns[col].dtype == "BIGINT"
    assert cat.run("SELECT count(*), count(quantity) FROM t").rows == ((12, 10),)
    assert any("2 values marking no value" in change for change in cat.changes)


def test_zip_codes_with_leading_zeros_stay_text(tmp_path: Path) -> None:
    cat, col = _load_column(tmp_path, "zip", ['"02134"', '"10001"', '"00501"'])
    assert cat.model.tables["t"].columns[col].dtype == "VARCHAR"
    assert cat.run("SELECT zip FROM t ORDER BY zip").rows == (("00501",), ("02134",), ("10001",))


def test_trailing_spaces_are_trimmed_and_reported(tmp_path: Path) -> None:
    cat, col = _load_column(tmp_path, "plan", ['"Basic "', '" Pro"', '"Pro"', '"Basic"'])
    assert cat.model.tables["t"].columns[col].values == ("Basic", "Pro")
    assert "t.plan: trimmed leading/trailing spaces from 2 values" in cat.changes


def test_yes_no_text_from_a_spreadsheet_becomes_boolean(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["customer_id", "churned", "signup"])
    for row in [
        ("a", "Yes", dt.datetime(2020, 1, 1)),
        ("b", "No", dt.datetime(2020, 2, 1)),
        ("c", "no", None),
    ]:
        sheet.append(list(row))
    book.save(tmp_path / "book.xlsx")
    cat = Catalog.load([tmp_path / "book.xlsx"])
    cols = cat.model.tables["book"].columns
    assert (cols["churned"].dtype, cols["churned"].role) == ("BOOLEAN", Role.FLAG)
    assert cols["signup"].role == Role.TIME
    assert cat.run("SELECT count(*) FROM book WHERE churned").rows == ((1,),)
    assert cat.model.churn_target == "book.churned"


def test_repeats_are_reported_and_kept_copies_of_keyed_rows_left_out(tmp_path: Path) -> None:
    """A repeated identifier on rows that differ is reported and kept; rows without an identifier that
    repeat exactly may be real repeats (kept); exact copies of a keyed row are one thing (left out)."""
    path = write_csv(
        tmp_path / "customers.csv", ["customer_id", "plan"], [["a", "x"], ["a", "z"], ["b", "y"], ["c", "y"]]
    )
    cat = Catalog.load([path])
    t = cat.model.tables["customers"]
    assert t.row_count == 4
    assert (t.key, t.duplicate_keys, t.duplicate_rows) == ("customer_id", 1, 0)
    assert "customers.customer_id: 1 rows repeat an identifier (kept)" in cat.changes

    path = write_csv(
        tmp_path / "visits.csv", ["day", "channel"], [["Mon", "web"], ["Mon", "web"], ["Tue", "app"]]
    )
    cat = Catalog.load([path])
    assert cat.model.tables["visits"].duplicate_rows == 1
    assert any(c.startswith("visits: 1 rows repeat an earlier row exactly (kept") for c in cat.changes)

    (tmp_path / "copied").mkdir()
    path = write_csv(
        tmp_path / "copied" / "customers.csv",
        ["customer_id", "plan"],
        [["a", "x"], ["a", "x"], ["b", "y"], ["c", "y"]],
    )
    cat = Catalog.load([path])
    t = cat.model.tables["customers"]
    assert (t.row_count, t.key, t.duplicate_keys, t.duplicate_rows) == (3, "customer_id", 0, 0)
    assert (
        "customers: 1 rows were exact copies of another row (same customer_id) and were left out"
        in cat.changes
    )


# ------------------------------------------------------------------ roles

ROLE_HEADER = [
    "id", "customer_id", "amount", "quantity", "tenure_months", "rating", "nps", "status", "comment",
    "is_active", "year", "email", "monthly_fee",
]  # fmt: skip
LONG = "the delivery was late and the support team never answered my emails about it"


def _role_rows(n: int = 80) -> list[list[object]]:
    rows = []
    for i in range(n):
        rows.append([
            1000 + i, 500 + i % 7, round(10 + i * 1.5, 2), i % 5 + 1, i % 24, i % 5 + 1, i % 11,
            ["open", "closed", "pending"][i % 3], f"{LONG} number {i}", i % 2, 2019 + i % 3,
            f"user{i}@example.com", 9.99 + i % 3,
        ])  # fmt: skip
    return rows


ROLE_CASES = {
    "id": (Role.IDENTIFIER, None),
    "customer_id": (Role.FOREIGN_KEY, None),
    "amount": (Role.MEASURE, "money"),
    "quantity": (Role.MEASURE, "count"),
    "tenure_months": (Role.MEASURE, "duration"),
    "rating": (Role.MEASURE, None),
    "nps": (Role.MEASURE, None),
    "status": (Role.DIMENSION, None),
    "comment": (Role.TEXT, None),
    "is_active": (Role.FLAG, None),
    "year": (Role.DIMENSION, None),
    "email": (Role.OTHER, None),
    "monthly_fee": (Role.MEASURE, "money"),
}


@pytest.fixture(scope="module")
def orders(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    path = write_csv(tmp_path_factory.mktemp("roles") / "orders.csv", ROLE_HEADER, _role_rows())
    return Catalog.load([path])


@pytest.mark.parametrize("column", ROLE_CASES)
def test_roles_from_names_types_and_values(orders: Catalog, column: str) -> None:
    c = orders.model.tables["orders"].columns[column]
    assert (c.role, c.unit) == ROLE_CASES[column], c.reason


def test_few_valued_text_is_a_category_whatever_its_name(tmp_path: Path) -> None:
    """In a small table a name or an email is one of few values a question can name: a category; in a
    larger one it stays a contact detail (catalog.roles settles it once for every package)."""
    rows = [[i, f"user{i}@example.com", f"Name {i}"] for i in range(30)]
    cat = Catalog.load([write_csv(tmp_path / "people.csv", ["id", "email", "full_name"], rows)])
    cols = cat.model.tables["people"].columns
    assert cols["email"].role == Role.DIMENSION and len(cols["email"].values) == 30
    assert cols["full_name"].role == Role.DIMENSION


def test_table_facts(orders: Catalog) -> None:
    t = orders.model.tables["orders"]
    assert (t.entity, t.entity_singular, t.key) == ("orders", "order", "id")
    assert t.columns["status"].values == ("closed", "open", "pending")
    assert t.columns["is_active"].flag_true == 1
    assert t.columns["customer_id"].references is None  # there is no customers table
    assert t.columns["amount"].minimum == 10.0


WORD_CASES = [
    ("MonthlyCharges", "", "monthly charges", "monthly charge"),
    ("tenure", "", "tenure", None),
    ("number_of_cds", "", "number of cds", "cds"),
    ("InvoiceNo", "", "invoice no", "invoice number"),
    ("customer_name", "customer", "customer name", "name"),
]


@pytest.mark.parametrize(("name", "entity", "words", "synonym"), WORD_CASES)
def test_column_words(name: str, entity: str, words: str, synonym: str | None) -> None:
    got_words, synonyms = column_words(name, entity)
    assert got_words == words
    if synonym is None:
        assert synonyms == ()
    else:
        assert synonym in synonyms


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("customer", "customers"), ("delivery", "deliveries"), ("address", "addresses"), ("person", "people")],
)
def test_plural_and_singular(singular: str, plural: str) -> None:
    assert pluralize(singular) == plural and singularize(plural) == singular


@pytest.mark.parametrize(
    ("table", "entity"),
    [
        ("customers", "customers"),
        ("wa_fn_use_c_telco_customer_churn", "customers"),
        ("Order_Items", "order items"),
    ],
)
def test_entity_from_table_names(table: str, entity: str) -> None:
    assert entity_names(table)[0] == entity


# ------------------------------------------------------------------ relations


def _shop(folder: Path, key: str = "id", orphan: bool = False) -> Path:
    folder.mkdir(exist_ok=True)
    write_csv(folder / "customers.csv", [key, "plan"], [[1, "a"], [2, "b"], [3, "a"]])
    ids = [1, 1, 2, 3, 3] + ([99] if orphan else [])
    write_csv(
        folder / "orders.csv",
        ["order_id", "customer_id", "total"],
        [[10 + i, c, 5] for i, c in enumerate(ids)],
    )
    return folder


@pytest.mark.parametrize("key", ["id", "customer_id", "CustomerID"])
def test_relation_by_name_and_contained_values(tmp_path: Path, key: str) -> None:
    cat = Catalog.load([_shop(tmp_path / "shop", key)])
    col = cat.model.tables["orders"].columns["customer_id"]
    assert col.role == Role.FOREIGN_KEY
    assert col.references == ("customers", key)
    assert [(r.table, r.column, r.ref_table, r.ref_column) for r in cat.model.relations] == [
        ("orders", "customer_id", "customers", key)
    ]


def test_no_relation_when_values_are_not_contained(tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    write_csv(folder / "customers.csv", ["id", "plan"], [[1, "a"], [2, "b"]])
    write_csv(folder / "orders.csv", ["order_id", "customer_id"], [[1, 7], [2, 8], [3, 9]])
    cat = Catalog.load([folder])
    assert cat.model.relations == []
    assert cat.model.tables["orders"].columns["customer_id"].references is None


# ------------------------------------------------------------------ cra.toml

CONFIG = """
churn = "customers.plan_cancelled"

[tables.customers]
entity = "subscribers"
singular = "subscriber"
synonyms = ["clients"]

[columns."customers.plan"]
synonyms = ["tier", "package"]

[synonyms]
"spend" = "orders.total"
"buyers" = "customers"

[[relations]]
from = "orders.buyer"
to = "customers.id"

[metrics]
cancel_rate = "avg(plan_cancelled::int)"

[metrics.average_order]
sql = "avg(total)"
table = "orders"
unit = "money"
"""


def _config_shop(folder: Path, config: str = CONFIG) -> Path:
    folder.mkdir()
    write_csv(
        folder / "customers.csv",
        ["id", "plan", "plan_cancelled"],
        [[1, "a", "yes"], [2, "b", "no"], [3, "a", "no"]],
    )
    write_csv(folder / "orders.csv", ["order_id", "buyer", "total"], [[1, 1, 5.0], [2, 3, 7.0]])
    (folder / "cra.toml").write_text(config)
    return folder


def test_cra_toml_beside_the_data_is_applied(tmp_path: Path) -> None:
    cat = Catalog.load([_config_shop(tmp_path / "shop")])
    m = cat.model
    customers = m.tables["customers"]
    assert (customers.entity, customers.entity_singular) == ("subscribers", "subscriber")
    assert "clients" in customers.synonyms and "customers" in customers.synonyms
    assert {"tier", "package"} <= set(customers.columns["plan"].synonyms)
    assert m.synonyms == {"spend": "orders.total", "buyers": "customers"}
    assert m.tables["orders"].columns["buyer"].references == ("customers", "id")
    assert m.churn_target == "customers.plan_cancelled"
    assert (m.metrics["cancel rate"].table, m.metrics["cancel rate"].sql) == (
        "customers",
        "avg(plan_cancelled::int)",
    )
    assert (m.metrics["average order"].unit, m.metrics["average order"].table) == ("money", "orders")
    assert cat.config_path == tmp_path / "shop" / "cra.toml"


def test_explicit_config_path_wins(tmp_path: Path) -> None:
    folder = _config_shop(tmp_path / "shop")
    other = tmp_path / "other.toml"
    other.write_text('[synonyms]\n"cost" = "orders.total"\n')
    cat = Catalog.load([folder], config=other)
    assert cat.model.synonyms == {"cost": "orders.total"}


BAD_CONFIGS = {
    "unknown column": ('[columns."customers.nope"]\nsynonyms = ["x"]\n', "has no column 'nope'"),
    "unknown table": ('[tables.nope]\nentity = "x"\n', "no table 'nope'"),
    "unknown key": ("colour = 1\n", "unknown key 'colour'"),
    "bad toml": ("[tables\n", "not valid TOML"),
    "metric without aggregate": ('[metrics]\nx = "total + 1"\n', "needs an aggregate"),
    "metric that does not run": ('[metrics.x]\nsql = "sum(nope)"\ntable = "orders"\n', "does not run"),
    "bad role": ('[columns."orders.total"]\nrole = "money"\n', "unknown role"),
}


@pytest.mark.parametrize("case", BAD_CONFIGS)
def test_bad_config_is_a_clear_data_error(tmp_path: Path, case: str) -> None:
    text, message = BAD_CONFIGS[case]
    with pytest.raises(DataError, match=message):
        Catalog.load([_config_shop(tmp_path / "shop", text)])


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", ["a"], [[1]])
    with pytest.raises(DataError, match="no such config file"):
        Catalog.load([path], config=tmp_path / "nope.toml")


def test_a_table_larger_than_the_value_sample_indexes_a_sample_of_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over VALUES_SAMPLE_ROWS rows the value index reads a seeded sample (USING SAMPLE ... PERCENT): the
    table loads and its category values are indexed from the sample."""
    import catalog.infer as infer

    monkeypatch.setattr(infer, "VALUES_SAMPLE_ROWS", 10_000)  # a quarter: whole vectors of 2,048 rows
    channels = ("Web", "Store", "Phone")
    rows = "\n".join(f"{i},{channels[i % 3]},{i % 7}" for i in range(40_000))
    path = tmp_path / "orders.csv"
    path.write_text("id,channel,qty\n" + rows + "\n")
    catalog = Catalog.load([str(path)])
    values = catalog.model.tables["orders"].columns["channel"].values
    assert catalog.model.tables["orders"].row_count == 40_000
    assert set(values) <= set(channels) and len(values) >= 2
