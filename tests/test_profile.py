"""`profile(catalog)` and `render_profile`: structure, figures computed independently, JSON-native."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from catalog import Catalog
from catalog.profile import profile, render_profile

TELCO = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "datasets"
    / "telco_churn"
    / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
)


@pytest.fixture
def shop(tmp_path: Path) -> Catalog:
    folder = tmp_path / "shop"
    folder.mkdir()
    (folder / "customers.csv").write_text(
        "customer_id,plan,region,note,spend\n"
        'c1,Basic,EU,,"1,000"\nc2,Pro,EU,,20\nc2,Pro,EU,,25\nc3,Pro,EU,hi,\n'
    )
    (folder / "orders.csv").write_text("order_id,customer_id,amount\n1,c1,5\n2,c2,7\n3,c3,9\n3,c3,9\n")
    return Catalog.load([folder])


def test_profile_lists_tables_columns_and_relations(shop: Catalog) -> None:
    d = profile(shop)
    json.dumps(d)  # JSON-native
    tables = {t["name"]: t for t in d["tables"]}
    assert sorted(tables) == ["customers", "orders"]
    assert tables["customers"]["rows"] == 4 and tables["customers"]["key"] == "customer_id"
    cols = {c["name"]: c for c in tables["customers"]["columns"]}
    assert cols["spend"]["type"] == "BIGINT" and cols["spend"]["role"] == "measure"
    assert cols["spend"]["nulls"] == 1 and cols["note"]["nulls"] == 3
    assert d["relations"] == [{"from": "orders.customer_id", "to": "customers.customer_id"}]


def test_profile_quality_section(shop: Catalog) -> None:
    q = profile(shop)["quality"]
    assert any(line.startswith("customers.spend: text -> BIGINT") for line in q["changes"])
    assert {"table": "customers", "key": "customer_id", "duplicate_keys": 1} in q["duplicate_identifiers"]
    assert q["duplicate_rows"]["customers"] == 0  # c2's two rows differ: both kept, the identifier reported
    assert "orders: 1 rows were exact copies of another row (same order_id) and were left out" in q["changes"]
    assert q["nulls"]["customers.note"] == 3
    reasons = {s["column"]: s["reason"] for s in q["suspicious"]}
    assert reasons["customers.region"] == "constant: every row is 'EU'"
    assert reasons["customers.note"] == "mostly null (75%)"


def test_render_profile_shows_the_essentials(shop: Catalog) -> None:
    text = render_profile(profile(shop))
    assert "customers: 4 customers, key customer_id" in text
    assert "orders.customer_id -> customers.customer_id" in text
    assert "Duplicate identifiers: customers.customer_id 1" in text
    assert "customers.region: constant" in text


@pytest.mark.skipif(not TELCO.is_file(), reason="../shared/datasets is not beside the repository")
def test_profile_of_telco_matches_duckdb() -> None:
    d = profile(Catalog.load([f"customers={TELCO}"]))
    cols = {c["name"]: c for c in d["tables"][0]["columns"]}
    raw = (
        duckdb.connect()
        .execute(
            "SELECT count(DISTINCT Contract), count(*) FILTER (trim(TotalCharges) = '') FROM read_csv(?, all_varchar=true)",
            [str(TELCO)],
        )
        .fetchone()
    )
    assert cols["Contract"]["distinct"] == raw[0]
    assert cols["TotalCharges"]["nulls"] == raw[1]
    assert d["churn_target"] == "customers.Churn"
    assert "customers.TotalCharges: text -> DOUBLE, 11 blank values became NULL" in render_profile(d)


def test_large_table_uses_sampled_stats_and_profile_counts_duplicates_exactly(tmp_path: Path) -> None:
    from catalog.infer import EXACT_STATS_ROWS

    n = EXACT_STATS_ROWS + 50_000
    path = tmp_path / "orders.csv"
    duckdb.connect().execute(
        f"COPY (SELECT CASE WHEN i = {n - 1} THEN 0 ELSE i END AS order_id, ['web', 'shop'][1 + i % 2] AS channel,"
        f" i % 97 AS amount FROM range({n}) t(i)) TO '{path}' (HEADER)"
    )
    cat = Catalog.load([path])
    t = cat.model.tables["orders"]
    assert t.row_count == n and t.stats_rows < n
    assert t.key == "order_id"  # the duplicate is beyond the sampled first rows
    assert t.columns["channel"].values == ("shop", "web")
    q = profile(cat)["quality"]
    assert {"table": "orders", "key": "order_id", "duplicate_keys": 1} in q["duplicate_identifiers"]
    assert q["duplicate_rows"]["orders"] == 0
