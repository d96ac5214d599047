"""Models at scale are fitted on bounded samples that the model card states, every customer is still
scored, and a list of a million customers carries a bounded number of rows with the full count (#16.14).
The bounds are lowered here so that the bundled samples exercise them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import clv, customer_answers, model_cache
from analytics.queries import data_key
from catalog import Catalog
from catalog.skills import SkillRequest
from catalog.transactions import find_transactions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
pytestmark = pytest.mark.skipif(
    not (SAMPLES / "orders.csv").exists(), reason="samples/*.csv not generated (python -m samples.generate)"
)


def _one(sql: str):
    return duckdb.connect().execute(sql).fetchall()[0][0]


@pytest.fixture()
def bounded(monkeypatch: pytest.MonkeyPatch) -> Catalog:
    monkeypatch.setenv("CRA_NO_CACHE", "1")  # the bounds are not part of a cache key
    model_cache.clear_memory()
    monkeypatch.setattr(clv, "MAX_FIT_CUSTOMERS", 800)
    monkeypatch.setattr(clv, "HOLDOUT_CUSTOMERS", 500)
    monkeypatch.setattr(customer_answers, "MAX_ANSWER_ROWS", 40)
    yield Catalog.load([str(SAMPLES / f"{name}.csv") for name in ("customers", "orders")])
    model_cache.clear_memory()


def test_lifetime_value_is_fitted_on_a_stated_sample_and_scores_everyone(bounded: Catalog) -> None:
    tx = find_transactions(bounded)
    assert tx is not None
    fit = clv.fit_customer_value(bounded, tx, None)
    buyers = _one(f"SELECT count(DISTINCT customer_id) FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")
    assert len(fit["frame"]) == buyers and fit["frame"]["p_alive"].notna().all()
    card = fit["card"]
    assert card["fit sample"] == f"800 of {buyers:,} customers (random sample, seed 0)"
    # the parameters are those of BG/NBD fitted directly on that sample
    summary = clv.summarize_transactions(bounded, tx.table, tx.customer, tx.date, tx.value())
    sample = summary.sample(n=800, random_state=0)
    direct = clv.BetaGeoModel().fit(sample["frequency"], sample["recency"], sample["T"])
    assert card["bg/nbd"] == {k: round(v, 4) for k, v in direct.params_.items()}
    assert "repeat buyers (random sample, seed 0)" in card["gamma-gamma fit sample"]


def test_the_holdout_check_runs_on_a_hash_sample_in_sql(bounded: Catalog) -> None:
    tx = find_transactions(bounded)
    assert tx is not None
    end = _one(f"SELECT max(order_date) FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")
    check = clv.holdout_check(bounded, tx.table, tx.customer, tx.date, end=end, customers=5_000)
    assert check is not None and "by a hash of the customer id" in check["customers"]
    used = int(check["customers"].split(" of ")[0].replace(",", ""))
    assert 0 < used < 5_000 * 0.2  # about a tenth of the customers (500 of 5,000), not all of them


def bounded_end(catalog: Catalog):
    return _one(f"SELECT max(order_date) FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")


def test_a_long_customer_list_carries_bounded_rows_and_the_full_count(bounded: Catalog) -> None:
    answer = customer_answers.lifetime_value(
        SkillRequest(question="customer lifetime value", catalog=bounded, as_of=bounded_end(bounded))
    )
    buyers = _one(f"SELECT count(DISTINCT customer_id) FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")
    assert answer.status == "answer" and len(answer.rows) == 40 and answer.row_count == buyers
    values = [row[-1] for row in answer.rows]
    assert values == sorted(values, reverse=True)  # the highest predicted values first


def test_model_keys_follow_the_loaded_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model cache key comes from the load cache's content key (no pass over every row), and still
    changes when one value of the data changes; without the load cache it hashes the rows."""
    monkeypatch.delenv("CRA_NO_CACHE", raising=False)
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,plan,fee\n1,Basic,10\n2,Pro,20\n3,Pro,30\n", encoding="utf-8")
    first = Catalog.load([str(path)])
    key = data_key(first)
    assert first.content_key and f"content {first.content_key}" in key
    assert data_key(Catalog.load([str(path)])) == key  # the same files: the same models
    path.write_text("account_id,plan,fee\n1,Basic,10\n2,Pro,20\n3,Pro,31\n", encoding="utf-8")
    edited = Catalog.load([str(path)])
    assert edited.fingerprint() == first.fingerprint() and data_key(edited) != key
    monkeypatch.setenv("CRA_NO_CACHE", "1")
    uncached = Catalog.load([str(path)])
    assert uncached.content_key is None and "content" not in data_key(uncached)


def test_a_skill_list_is_held_to_max_rows_with_its_count(bounded: Catalog) -> None:
    from assistant.engine import Assistant

    answer = Assistant(bounded, max_rows=5).ask("which customers are likely to churn?")
    customers = _one(f"SELECT count(*) FROM read_csv_auto('{SAMPLES / 'customers.csv'}')")
    assert answer.status == "answer" and len(answer.rows) == 5
    assert 5 < answer.row_count <= customers
