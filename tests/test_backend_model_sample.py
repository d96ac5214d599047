"""Models on a database the data stays in (PostgreSQL) read a bounded, even sample of the customers,
the same rows DuckDB would pick from all of them, and the model card says so."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
CAP = 700


@pytest.fixture(scope="module")
def duck():  # -> Catalog
    from catalog import Catalog

    return Catalog.load([str(ROOT / "samples")])


@pytest.fixture(scope="module")
def pg(postgres, duck):  # -> Catalog
    from catalog import Catalog

    catalog = Catalog.load([postgres.copy_tables(duck)])
    yield catalog
    catalog.backend.close()


def test_a_postgres_customer_frame_is_every_kth_customer_of_the_whole(duck, pg, monkeypatch) -> None:
    from analytics import churn_features as cf
    from catalog.churn_target import find_churn_target

    target = find_churn_target(duck)
    assert target is not None
    cut = cf.analysis_date(duck)
    whole = cf.customer_frame(duck, target, cut).frame  # DuckDB reads every customer
    monkeypatch.setattr(cf, "MODEL_SAMPLE_ROWS", CAP)
    sampled = cf.customer_frame(pg, find_churn_target(pg), cut)
    step = -(-len(whole) // CAP)
    assert len(whole) > CAP and len(sampled.frame) <= CAP
    assert list(sampled.frame[cf.ROW]) == list(whole.sort_values(cf.ROW)[cf.ROW])[::step]
    assert f"{len(sampled.frame):,} of the {len(whole):,} customers" in sampled.sample
    assert cf.PICK not in sampled.frame.columns


def test_the_churn_model_card_states_the_sample(pg, monkeypatch) -> None:
    from analytics import churn_features as cf
    from analytics import model_cache
    from analytics.churn import fit_churn

    monkeypatch.setattr(cf, "MODEL_SAMPLE_ROWS", CAP)
    model_cache.clear_memory()
    card = fit_churn(pg).model_card()
    assert card["rows used"] <= CAP
    assert card["customers read"].startswith(f"a sample of {card['rows used']:,} of the ")
    assert "PostgreSQL" in card["customers read"]


def test_duckdb_models_read_every_customer(duck) -> None:
    from analytics import model_cache
    from analytics.churn import fit_churn

    model_cache.clear_memory()
    assert "customers read" not in fit_churn(duck).model_card()


def test_arg_min_and_arg_max_run_on_postgres_as_in_duckdb(duck, pg) -> None:
    from sqlglot import exp

    amount, key = exp.column("amount", quoted=True), exp.column("id", quoted=True)
    customer = exp.column("customer_id", quoted=True)
    query = (
        exp.select(
            customer,
            exp.ArgMin(this=amount.copy(), expression=key.copy()),
            exp.ArgMax(this=amount.copy(), expression=key.copy()),
        )
        .from_(exp.table_("orders", quoted=True))
        .group_by(customer.copy())
        .order_by(customer.copy())
    )
    got, expected = pg.run(query).rows, duck.run(query).rows
    assert len(got) == len(expected) > 100
    assert [(r[0], float(r[1]), float(r[2])) for r in got] == [
        (r[0], float(r[1]), float(r[2])) for r in expected
    ]
