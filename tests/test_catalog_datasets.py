"""The catalog on the real public datasets in ../shared/datasets (skipped when absent)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from catalog import Catalog
from catalog.semantic import Role

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATASETS = SHARED / "datasets"
TELCO = DATASETS / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
SPIDER = sorted((DATASETS / "spider_customer").glob("*/*.sqlite"))

pytestmark = pytest.mark.skipif(
    not DATASETS.is_dir(), reason="../shared/datasets is not beside the repository"
)


@pytest.fixture(scope="module")
def telco() -> Catalog:
    return Catalog.load([f"customers={TELCO}"])


def test_telco_loads_with_cleaned_total_charges(telco: Catalog) -> None:
    t = telco.model.tables["customers"]
    assert t.row_count == 7043
    total = t.columns["TotalCharges"]
    assert total.dtype == "DOUBLE" and total.null_count == 11
    assert "customers.TotalCharges: text -> DOUBLE, 11 blank values became NULL" in telco.changes
    # the 11 NULLs are exactly the blank texts of the file
    import duckdb

    sql = "SELECT count(*) FROM read_csv(?, all_varchar = true) WHERE trim(TotalCharges) = ''"
    assert duckdb.connect().execute(sql, [str(TELCO)]).fetchone()[0] == 11


ROLES = {
    "customerID": (Role.IDENTIFIER, None),
    "gender": (Role.DIMENSION, None),
    "Contract": (Role.DIMENSION, None),
    "PaymentMethod": (Role.DIMENSION, None),
    "InternetService": (Role.DIMENSION, None),
    "SeniorCitizen": (Role.FLAG, None),
    "Partner": (Role.FLAG, None),
    "Churn": (Role.FLAG, None),
    "PaperlessBilling": (Role.FLAG, None),
    "tenure": (Role.MEASURE, "duration"),
    "MonthlyCharges": (Role.MEASURE, "money"),
    "TotalCharges": (Role.MEASURE, "money"),
    "TechSupport": (Role.DIMENSION, None),
}


@pytest.mark.parametrize("column", ROLES)
def test_telco_roles(telco: Catalog, column: str) -> None:
    c = telco.model.tables["customers"].columns[column]
    assert (c.role, c.unit) == ROLES[column], c.reason


def test_telco_flags_values_and_words(telco: Catalog) -> None:
    cols = telco.model.tables["customers"].columns
    assert cols["SeniorCitizen"].flag_true == 1
    assert cols["TechSupport"].flag_true == "Yes"
    assert cols["TechSupport"].values == ("No", "No internet service", "Yes")
    assert cols["Contract"].values == ("Month-to-month", "One year", "Two year")
    assert cols["Contract"].distinct_count == 3
    assert cols["MonthlyCharges"].words == "monthly charges"
    assert "monthly charge" in cols["MonthlyCharges"].synonyms
    assert cols["tenure"].words == "tenure"
    assert telco.model.tables["customers"].key == "customerID"
    assert telco.model.churn_target == "customers.Churn"
    assert telco.run("SELECT count(*) FROM customers WHERE Churn").rows == ((1869,),)


def test_cdnow_master_whitespace_file_gets_a_real_date() -> None:
    cat = Catalog.load([DATASETS / "cdnow" / "CDNOW_master.txt"])
    t = cat.model.tables["cdnow_master"]
    assert t.row_count == 69659
    assert t.columns["date"].dtype == "DATE" and t.columns["date"].role == Role.TIME
    assert cat.run(
        "SELECT min(date)::VARCHAR, max(date)::VARCHAR, count(DISTINCT customer_id) FROM cdnow_master"
    ).rows == (("1997-01-01", "1998-06-30", 23570),)
    assert t.columns["number_of_cds"].unit == "count"
    assert t.columns["dollar_value"].unit == "money"
    assert t.duplicate_rows is not None


def test_cdnow_transactions_customer_id_is_a_key_without_a_table() -> None:
    cat = Catalog.load([DATASETS / "cdnow" / "transactions.csv"])
    cols = cat.model.tables["transactions"].columns
    assert (cols["customer_id"].role, cols["customer_id"].references) == (Role.FOREIGN_KEY, None)
    assert cols["date"].role == Role.TIME
    assert (cols["cds"].role, cols["cds"].unit) == (Role.MEASURE, "count")
    assert (cols["amount"].role, cols["amount"].unit) == (Role.MEASURE, "money")
    assert cat.model.tables["transactions"].entity == "transactions"


def test_alexa_tsv_with_bom_has_free_text_and_dates() -> None:
    cat = Catalog.load([DATASETS / "amazon_alexa" / "amazon_alexa.tsv"])
    t = cat.model.tables["amazon_alexa"]
    assert t.row_count == 3150
    assert list(t.columns)[0] == "rating"  # the BOM is not part of the first name
    assert t.columns["verified_reviews"].role == Role.TEXT
    assert (t.columns["date"].dtype, t.columns["date"].role) == ("DATE", Role.TIME)
    assert cat.run("SELECT min(date)::VARCHAR FROM amazon_alexa").rows[0][0].startswith("2018-")
    assert t.columns["variation"].role == Role.DIMENSION
    assert (t.columns["feedback"].role, t.columns["feedback"].flag_true) == (Role.FLAG, 1)
    assert t.columns["rating"].role == Role.MEASURE
    assert t.entity == "reviews"


def test_online_retail_dates_and_nullable_customer() -> None:
    cat = Catalog.load([DATASETS / "online_retail_sample" / "online_retail_sample.csv"])
    cols = cat.model.tables["online_retail_sample"].columns
    assert cols["InvoiceDate"].dtype == "TIMESTAMP"
    assert cols["CustomerID"].null_count == 668
    assert cols["CustomerID"].role == Role.FOREIGN_KEY
    assert cols["Country"].role == Role.DIMENSION
    assert cols["UnitPrice"].unit == "money" and cols["Quantity"].unit == "count"
    assert (
        cat.run("SELECT max(InvoiceDate)::VARCHAR FROM online_retail_sample").rows[0][0].startswith("2011-12")
    )


def _declared_foreign_keys(path: Path) -> set[tuple[str, str, str]]:
    """(table, column, ref_table) of every FOREIGN KEY the SQLite schema declares, read independently."""
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = set()
        for t in tables:
            for row in con.execute(f'PRAGMA foreign_key_list("{t}")'):
                if row[2].lower() in {x.lower() for x in tables}:
                    out.add((t.lower(), row[3].lower(), row[2].lower()))
        return out
    finally:
        con.close()


@pytest.mark.parametrize("path", SPIDER, ids=[p.parent.name for p in SPIDER])
def test_spider_sqlite_loads_every_table_and_its_foreign_keys(path: Path) -> None:
    cat = Catalog.load([path])
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    expected = {
        r[0]: con.execute(f'SELECT count(*) FROM "{r[0]}"').fetchone()[0]
        for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    con.close()
    assert {t.name: t.row_count for t in cat.model.tables.values()} == expected
    found = {(r.table.lower(), r.column.lower(), r.ref_table.lower()) for r in cat.model.relations}
    assert _declared_foreign_keys(path) <= found
    for t in cat.model.tables.values():
        for c in t.columns.values():
            if c.name.lower().endswith("_id"):
                assert c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY), (t.name, c.name, c.role)


def test_docs_example_config_applies_to_telco(tmp_path: Path) -> None:
    """The example in docs/cra-toml.md works on Telco (without its orders relation: Telco has no orders)."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "cra-toml.md").read_text()
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    config = tmp_path / "cra.toml"
    config.write_text(
        example.replace('[[relations]]\nfrom = "orders.cust"\nto = "customers.customerID"\n', "")
    )
    cat = Catalog.load([f"customers={TELCO}"], config=config)
    m = cat.model
    assert m.tables["customers"].entity == "subscribers"
    assert m.synonyms["plan"] == "customers.Contract"
    assert "mrr" in m.tables["customers"].columns["MonthlyCharges"].synonyms
    assert m.tables["customers"].columns["SeniorCitizen"].words == "senior"
    rate = cat.run(f"SELECT {m.metrics['churn rate'].sql} FROM customers").rows[0][0]
    assert rate == pytest.approx(1869 / 7043)
    assert m.metrics["arpu"].unit == "money"
