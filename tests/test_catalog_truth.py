"""What `cra profile` says must be true: entity names, blanks, leading zeros, repeats, negative amounts,
whole-table statistics of large tables. Expected figures are counted independently (csv module, DuckDB
over the raw file), never copied from the catalog."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from tables import write_csv

from catalog import Catalog, infer
from catalog.cleaning import _may_hold_numbers
from catalog.profile import profile, render_profile
from catalog.semantic import Role

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
needs_datasets = pytest.mark.skipif(
    not DATASETS.is_dir(), reason="../shared/datasets is not beside the repository"
)


# ------------------------------------------------------------------ entity names from columns

ENTITY_CASES = [
    # (file stem, header, rows, entity, singular)
    ("cdnow_master", ["customer_id", "date", "dollar_value"],
     [[1, "2020-01-01", 9.5], [1, "2020-01-02", 3.0], [2, "2020-01-02", 4.0]], "transactions", "transaction"),
    ("export_2024", ["InvoiceNo", "StockCode", "Quantity", "UnitPrice"],
     [["A1", "S1", 2, 1.5], ["A1", "S2", 1, 3.0], ["A2", "S1", 5, 1.5]], "invoice lines", "invoice line"),
    ("dump", ["order_id", "product", "qty", "ordered_at", "amount"],
     [[1, "x", 1, "2020-01-01", 2.0], [1, "y", 2, "2020-01-01", 4.0], [2, "x", 1, "2020-01-03", 2.0]],
     "order lines", "order line"),
    # a name that says what the rows are wins over the columns
    ("orders", ["customer_id", "date", "amount"], [[1, "2020-01-01", 2.0], [1, "2020-01-02", 3.0]], "orders", "order"),
    # nothing to go on: the name stays
    ("misc_stuff", ["a", "b"], [[1, 2], [3, 4]], "misc stuffs", "misc stuff"),
]  # fmt: skip


@pytest.mark.parametrize(
    "stem, header, rows, entity, singular", ENTITY_CASES, ids=[c[0] for c in ENTITY_CASES]
)
def test_entity_of_a_table_named_after_no_noun_comes_from_its_columns(
    tmp_path: Path, stem: str, header: list[str], rows: list[list[object]], entity: str, singular: str
) -> None:
    cat = Catalog.load([write_csv(tmp_path / f"{stem}.csv", header, rows)])
    t = cat.model.tables[stem]
    assert (t.entity, t.entity_singular) == (entity, singular)
    if entity != infer.entity_names(stem)[0]:
        assert infer.entity_names(stem)[0] in t.synonyms  # the old name stays a synonym


def test_a_table_with_its_own_key_is_not_renamed_to_lines(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "blob.csv", ["id", "order_id", "amount"], [[1, 7, 2.0], [2, 7, 3.0], [3, 8, 1.0]]
    )
    t = Catalog.load([path]).model.tables["blob"]
    assert t.key == "id" and t.entity != "order lines"


# ------------------------------------------------------------------ cleaning tells the truth


def test_blank_text_becomes_null_and_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('id,comment\n1,"fine"\n2," "\n3,"  good  "\n4,"   "\n', encoding="utf-8")
    cat = Catalog.load([path])
    col = cat.model.tables["notes"].columns["comment"]
    assert col.null_count == 2
    assert (
        "notes.comment: trimmed leading/trailing spaces from 3 values, 2 blank values became NULL"
        in cat.changes
    )
    assert cat.run("SELECT comment FROM notes ORDER BY id").rows == (("fine",), (None,), ("good",), (None,))


def test_dropped_leading_zeros_of_an_id_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text("customer_id,amount\n00001,1.5\n00012,2\n12345,3\n", encoding="utf-8")
    cat = Catalog.load([path])
    assert cat.model.tables["visits"].columns["customer_id"].dtype == "BIGINT"
    assert "visits.customer_id: text -> BIGINT, leading zeros dropped from 2 values" in cat.changes


def test_headerless_yyyymmdd_column_is_a_date(tmp_path: Path) -> None:
    path = tmp_path / "raw.txt"
    path.write_text(" 0004 19970101  2   29.33\n 0004 19970118  2   29.73\n 0005 19980630  1   9.00\n")
    cols = Catalog.load([path]).model.tables["raw"].columns
    assert (cols["column1"].dtype, cols["column1"].role) == ("DATE", Role.TIME)
    assert str(cols["column1"].maximum) == "1998-06-30"


MAY_HOLD_NUMBERS = [
    (["apple", "banana"], False),
    (["apple", " 12"], True),  # a space sorts before '9'
    (["apple", "12"], True),
    (["apple", "$3"], True),
    (["apple", "€3"], True),  # a non-ASCII character: the statistics cannot rule it out
    (["Zed", "éclair"], True),
    ([None, None], True),  # no statistics: check
]


@pytest.mark.parametrize("values, expected", MAY_HOLD_NUMBERS)
def test_number_checks_are_skipped_only_when_duckdb_statistics_rule_numbers_out(
    values: list[str | None], expected: bool
) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    assert (_may_hold_numbers(con, "t", ["v"]) == {"v"}) is expected


def test_words_duckdb_reads_as_boolean_are_reported_but_true_false_is_not(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "people.csv", ["id", "active", "churned"], [[1, "Yes", "true"], [2, "No", "false"]]
    )
    cat = Catalog.load([path])
    cols = cat.model.tables["people"].columns
    assert cols["active"].dtype == cols["churned"].dtype == "BOOLEAN"
    assert "people.active: No/Yes read as BOOLEAN (Yes = true)" in cat.changes
    assert not any(line.startswith("people.churned") for line in cat.changes)
    assert cat.run("SELECT id FROM people WHERE active").rows == ((1,),)


# ------------------------------------------------------------------ repeats and negative amounts


def test_repeated_rows_of_a_keyless_table_may_be_real_repeats(tmp_path: Path) -> None:
    rows = [[1, "2020-01-01", 2.0], [1, "2020-01-01", 2.0], [2, "2020-01-02", 3.0]]
    cat = Catalog.load([write_csv(tmp_path / "purchases.csv", ["customer_id", "date", "amount"], rows)])
    line = "purchases: 1 rows repeat an earlier row exactly (kept; without an identifier they may be real repeats)"
    assert line in cat.changes
    assert "purchases 1 (no identifier: may be real repeats)" in render_profile(profile(cat))
    keyed = write_csv(tmp_path / "customers.csv", ["id", "plan"], [[1, "a"], [1, "a"], [2, "b"]])
    changes = Catalog.load([keyed]).changes  # a keyed row's exact copy is one thing exported twice
    assert "customers: 1 rows were exact copies of another row (same id) and were left out" in changes
    assert not any(line.startswith("customers: 1 rows repeat") for line in changes)


def test_negative_counts_and_amounts_are_suspicious(tmp_path: Path) -> None:
    rows = [[1, 2, 1.5], [2, -1, 1.5], [3, -3, -2.0], [4, 5, 0.0]]
    cat = Catalog.load([write_csv(tmp_path / "sales.csv", ["id", "quantity", "amount"], rows)])
    found = {s["column"]: s["reason"] for s in profile(cat)["quality"]["suspicious"]}
    assert found["sales.quantity"] == "2 negative values (returns or corrections?)"
    assert found["sales.amount"] == "1 negative values (refunds or corrections?)"


# ------------------------------------------------------------------ large tables: whole-table statistics


def test_large_table_statistics_cover_the_whole_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(infer, "EXACT_STATS_ROWS", 1000)
    monkeypatch.setattr(infer, "STATS_SAMPLE_ROWS", 500)
    path = tmp_path / "events.csv"
    duckdb.connect().execute(
        f"""COPY (SELECT i AS id, DATE '2020-01-01' + CAST(i AS INTEGER) AS day, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 2 END AS amount,
                 'name ' || i AS label FROM range(5000) t(i)) TO '{path}' (HEADER)"""
    )
    t = Catalog.load([path]).model.tables["events"]
    assert t.stats_rows == 500 and t.row_count == 5000
    # the largest values are in the last rows, beyond the first rows the distinct counts were taken from
    assert str(t.columns["day"].maximum) == "2033-09-08"  # 2020-01-01 + 4999 days
    assert t.columns["amount"].maximum == max(i * 2 for i in range(5000) if i % 7)
    assert t.columns["amount"].null_count == len(range(0, 5000, 7))
    assert t.columns["label"].avg_length == pytest.approx(sum(len(f"name {i}") for i in range(5000)) / 5000)
    assert t.columns["label"].distinct_count == pytest.approx(
        5000, rel=0.1
    )  # an estimate over the whole table


def test_storage_min_max_match_aggregates_on_the_samples() -> None:
    cat = Catalog.load([Path(__file__).resolve().parents[1] / "samples"])
    for t in cat.model.tables.values():
        for c in t.columns.values():
            if c.minimum is not None:
                q = f'SELECT min("{c.name}"), max("{c.name}") FROM "{t.name}"'
                assert cat.con.execute(q).fetchone() == (c.minimum, c.maximum), c.qualified


# ------------------------------------------------------------------ the real datasets


@needs_datasets
def test_cdnow_master_rows_are_transactions_with_their_leading_zeros_counted() -> None:
    path = DATASETS / "cdnow" / "CDNOW_master.txt"
    cat = Catalog.load([path])
    t = cat.model.tables["cdnow_master"]
    assert (t.entity, t.entity_singular) == ("transactions", "transaction")
    lines = path.read_text().splitlines()[1:]
    zeros = sum(1 for ln in lines if ln.split() and ln.split()[0].startswith("0"))
    assert (
        f"cdnow_master.customer_id: text -> BIGINT, leading zeros dropped from {zeros} values" in cat.changes
    )
    repeats = len(lines) - len({tuple(ln.split()) for ln in lines})
    assert t.duplicate_rows == repeats and t.key is None


@needs_datasets
def test_online_retail_rows_are_invoice_lines_with_returns_flagged() -> None:
    path = DATASETS / "online_retail_sample" / "online_retail_sample.csv"
    cat = Catalog.load([path])
    t = cat.model.tables["online_retail_sample"]
    assert (t.entity, t.key) == ("invoice lines", None)
    with path.open(newline="") as f:
        negative = sum(1 for r in csv.DictReader(f) if int(r["Quantity"]) < 0)
    found = {s["column"]: s["reason"] for s in profile(cat)["quality"]["suspicious"]}
    assert found["online_retail_sample.Quantity"] == f"{negative} negative values (returns or corrections?)"


@needs_datasets
def test_alexa_blank_reviews_are_nulls() -> None:
    path = DATASETS / "amazon_alexa" / "amazon_alexa.tsv"
    cat = Catalog.load([path])
    with path.open(encoding="utf-8-sig", newline="") as f:
        blank = sum(1 for r in csv.DictReader(f, delimiter="\t") if not r["verified_reviews"].strip())
    col = cat.model.tables["amazon_alexa"].columns["verified_reviews"]
    assert blank == col.null_count == 79
    assert profile(cat)["quality"]["nulls"]["amazon_alexa.verified_reviews"] == blank


@needs_datasets
def test_telco_profile_is_unchanged_in_substance() -> None:
    cat = Catalog.load([DATASETS / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"])
    t = next(iter(cat.model.tables.values()))
    assert (t.entity, t.key, t.duplicate_rows) == ("customers", "customerID", 0)
    assert [s for s in profile(cat)["quality"]["suspicious"]] == []
    with (DATASETS / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv").open(newline="") as f:
        words = {r["Churn"] for r in csv.DictReader(f)}
    assert f"{t.name}.Churn: {'/'.join(sorted(words))} read as BOOLEAN (Yes = true)" in cat.changes
