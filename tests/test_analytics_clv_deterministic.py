"""Lifetime value does not depend on the order the rows are stored in.

The same orders written in two row orders (by id, and shuffled) are loaded as two catalogs; both fits must
give the same figures bit for bit. (A float SUM of the amounts depends on the order it adds them in, and
the optimiser moved the result at 1e-8; amounts are summed exactly now.) The repeat buyers' mean value is
checked against pandas on the order lines, written here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest

from analytics import clv, model_cache
from catalog import Catalog
from catalog.transactions import find_transactions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
pytestmark = pytest.mark.skipif(not (SAMPLES / "orders.csv").exists(), reason="samples/*.csv not generated")


def _folder(tmp: Path, order: str) -> Path:
    folder = tmp / order.replace("(", "").replace(")", "")
    folder.mkdir()
    con = duckdb.connect()
    con.execute("SELECT setseed(0.25)")
    con.execute(
        f"COPY (SELECT * FROM read_csv_auto('{SAMPLES / 'orders.csv'}') ORDER BY {order}) "
        f"TO '{folder / 'orders.csv'}' (HEADER)"
    )
    shutil.copy(SAMPLES / "customers.csv", folder / "customers.csv")
    return folder


def _fit(folder: Path) -> dict:
    catalog = Catalog.load([str(folder)])
    model_cache._MEMORY.clear()  # the two catalogs hold the same rows: never reuse the first fit
    tx = find_transactions(catalog)
    assert tx is not None
    return clv.fit_customer_value(catalog, tx)


def test_the_fit_is_the_same_whatever_the_order_of_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRA_NO_CACHE", "1")
    ordered, shuffled = _fit(_folder(tmp_path, "id")), _fit(_folder(tmp_path, "random()"))
    a = ordered["frame"].sort_values("customer").reset_index(drop=True)
    b = shuffled["frame"].sort_values("customer").reset_index(drop=True)
    assert list(a["customer"]) == list(b["customer"])
    for column in ("monetary_value", "revenue", "p_alive", "predicted_clv"):
        assert np.array_equal(a[column].to_numpy(float), b[column].to_numpy(float), equal_nan=True), column
    assert ordered["card"]["bg/nbd"] == shuffled["card"]["bg/nbd"]
    assert ordered["card"]["gamma-gamma"] == shuffled["card"]["gamma-gamma"]

    # the repeat value is the mean of the purchase days after the first (amounts of one day summed)
    lines = (
        duckdb.connect()
        .execute(
            f"SELECT customer_id, order_date::DATE AS day, amount FROM read_csv_auto('{SAMPLES / 'orders.csv'}')"
        )
        .df()
    )
    days = (
        lines.groupby(["customer_id", "day"])["amount"]
        .sum()
        .reset_index()
        .sort_values(["customer_id", "day"])
    )
    repeat = days.groupby("customer_id")["amount"].apply(lambda s: s.iloc[1:].mean() if len(s) > 1 else 0.0)
    mine = a.set_index("customer")["monetary_value"].reindex(repeat.index)
    assert np.allclose(mine.to_numpy(float), repeat.to_numpy(float), rtol=1e-9, atol=1e-9)
