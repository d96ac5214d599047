"""BG/NBD and Gamma-Gamma: recovery on simulated data, transaction summaries, and the CDNOW validation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pytest

from analytics.clv import BetaGeoModel, GammaGammaModel, customer_lifetime_value, summarize_transactions
from catalog import Catalog
from catalog.semantic import SemanticModel

SHARED = Path(__file__).resolve().parents[2] / "shared"
CDNOW = SHARED / "datasets" / "cdnow"
needs_cdnow = pytest.mark.skipif(not CDNOW.exists(), reason="../shared/datasets/cdnow is absent")


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, T: float, seed: int = 1):
    """Purchase histories drawn from the BG/NBD story (death only after a repeat purchase)."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    x, tx = np.zeros(n), np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T:
                break
            x[i] += 1
            tx[i] = t
            if rng.random() < p[i]:
                break
    return x, tx, np.full(n, T)


def test_bgnbd_recovers_simulated_parameters():
    truth = {"r": 0.5, "alpha": 5.0, "a": 0.8, "b": 2.5}
    x, tx, T = simulate_bgnbd(4000, **truth, T=40.0)
    params = BetaGeoModel().fit(x, tx, T).params_
    assert set(params) == {"r", "alpha", "a", "b"}
    for key in ("r", "alpha"):
        assert params[key] == pytest.approx(truth[key], rel=0.25)
    assert params["a"] / (params["a"] + params["b"]) == pytest.approx(0.8 / 3.3, rel=0.3)


def test_bgnbd_predictions_behave():
    x, tx, T = simulate_bgnbd(1500, 0.5, 5.0, 0.8, 2.5, 40.0, seed=2)
    model = BetaGeoModel().fit(x, tx, T)
    alive = model.probability_alive(x, tx, T)
    assert np.all(alive[x == 0] == 1.0)
    assert np.all((alive > 0) & (alive <= 1))
    # a customer who bought often but long ago is less likely alive than one who just bought
    lapsed, recent = model.probability_alive([5, 5], [10.0, 39.0], [40.0, 40.0])
    assert lapsed < recent
    e10, e20 = (
        model.expected_purchases(10, [3, 3], [30.0, 30.0], [40.0, 40.0]),
        model.expected_purchases(20, [3, 3], [30.0, 30.0], [40.0, 40.0]),
    )
    assert np.all(e20 > e10) and np.all(e10 > 0)
    assert model.expected_purchases_new(20) > model.expected_purchases_new(10) > 0


def test_gamma_gamma_recovers_simulated_parameters():
    rng = np.random.default_rng(3)
    p, q, v = 6.0, 4.0, 15.0
    n = 20000
    x = rng.integers(1, 8, n)
    nu = rng.gamma(q, 1 / v, n)
    m = rng.gamma(p * x, 1 / nu) / x  # the mean of x Gamma(p, rate nu) spends
    model = GammaGammaModel().fit(x, m)
    assert model.params_["p"] == pytest.approx(p, rel=0.2)
    assert model.params_["q"] == pytest.approx(q, rel=0.2)
    # the population mean spend p*v/(q-1) is well identified
    fitted = model.params_
    assert fitted["p"] * fitted["v"] / (fitted["q"] - 1) == pytest.approx(p * v / (q - 1), rel=0.1)
    values = model.expected_value([0, 2, 2], [0.0, 10.0, 100.0])
    assert values[1] < values[2]
    assert values[0] == pytest.approx(fitted["p"] * fitted["v"] / (fitted["q"] - 1))


def test_clv_is_positive_and_grows_with_horizon():
    x, tx, T = simulate_bgnbd(800, 0.5, 5.0, 0.8, 2.5, 40.0, seed=4)
    bg = BetaGeoModel().fit(x, tx, T)
    m = np.where(x > 0, 20 + x, 0.0)
    gg = GammaGammaModel().fit(x, m)
    short = customer_lifetime_value(bg, gg, x, tx, T, m, horizon=26)
    long = customer_lifetime_value(bg, gg, x, tx, T, m, horizon=52)
    assert np.all(short > 0) and np.all(long > short)


def test_summarize_transactions_by_hand():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE tx AS SELECT * FROM (VALUES (1, DATE '2024-01-01', 10.0), (1, DATE '2024-01-01', 5.0),"
        " (1, DATE '2024-01-15', 20.0), (1, DATE '2024-01-29', 40.0), (2, DATE '2024-01-08', 7.0),"
        " (2, DATE '2024-03-01', 99.0)) t(cust, day, amount)"
    )
    out = summarize_transactions(_catalog(con), "tx", "cust", "day", "amount", end=dt.date(2024, 2, 12))
    one, two = out.set_index("customer").loc[1], out.set_index("customer").loc[2]
    # customer 1: purchase days Jan 1 (15.0), Jan 15, Jan 29 -> 2 repeats, mean repeat value (20 + 40) / 2
    assert (one.frequency, one.recency, one["T"], one.monetary_value) == (2, 4.0, 6.0, 30.0)
    # customer 2: the March purchase is after the end, so no repeats; T = 35 days = 5 weeks
    assert (two.frequency, two.recency, two["T"], two.monetary_value) == (0, 0.0, 5.0, 0.0)


def _catalog(con: duckdb.DuckDBPyConnection) -> Catalog:
    """A catalog over tables made by hand (no inference needed for the summary query)."""
    return Catalog(con, SemanticModel(), [])


def _cdnow_sample(con: duckdb.DuckDBPyConnection) -> None:
    import pandas as pd

    rows = [line.split() for line in (CDNOW / "CDNOW_sample.txt").read_text().splitlines() if line.strip()]
    frame = pd.DataFrame(
        {
            "id": [int(r[1]) for r in rows],
            "day": pd.to_datetime([r[2] for r in rows], format="%Y%m%d"),
            "amount": [float(r[4]) for r in rows],
        }
    )
    con.register("sample_frame", frame)
    con.execute("CREATE TABLE sample AS SELECT id, CAST(day AS DATE) AS day, amount FROM sample_frame")


@needs_cdnow
def test_cdnow_bgnbd_matches_published_parameters():
    import pandas as pd

    summary = pd.read_csv(CDNOW / "cdnow_customers_summary.csv")
    model = BetaGeoModel().fit(summary["frequency"], summary["recency"], summary["T"])
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for key, value in published.items():
        assert model.params_[key] == pytest.approx(value, rel=0.01), key
    assert model.log_likelihood_ == pytest.approx(-9582.4, abs=0.5)


@needs_cdnow
def test_cdnow_summary_and_gamma_gamma_match_published():
    import pandas as pd

    con = duckdb.connect()
    _cdnow_sample(con)
    ours = summarize_transactions(_catalog(con), "sample", "id", "day", "amount", end=dt.date(1997, 9, 30))
    theirs = pd.read_csv(CDNOW / "cdnow_customers_summary.csv").set_index("ID")
    ours = ours.set_index("customer").loc[theirs.index]
    assert (ours["frequency"].to_numpy() == theirs["frequency"].to_numpy()).all()
    assert np.allclose(ours["T"], theirs["T"], atol=0.01)
    gg = GammaGammaModel().fit(ours["frequency"], ours["monetary_value"])
    assert gg.n_customers_ == 946
    for key, value in {"p": 6.25, "q": 3.74, "v": 15.44}.items():
        assert gg.params_[key] == pytest.approx(value, rel=0.02), key
