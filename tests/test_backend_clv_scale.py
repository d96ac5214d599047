"""Lifetime value where the data stays (PostgreSQL): the purchase models are fitted on a bounded sample of
customers drawn in SQL and every customer is scored in batches streamed from the server, so cra never
holds more rows than the bound. With no more customers than the fit sample the answers are DuckDB's
(every customer fitted, the same rows in the same order); with a smaller sample, within SAMPLE_REL_TOL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backend_compare import MODEL_REL_TOL, answers, differences  # noqa: E402
from conftest import DATASETS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
AS_OF = "2025-06-30"
LIFETIME = (
    "customer lifetime value", "top 5 customers by lifetime value", "lifetime value by plan",
    "lifetime value of customers in Europe",
)  # fmt: skip
LAPSE = ("which customers are most likely to churn?", "top 10 customers most likely to churn")
"""Asked of the orders alone (no churn flag): lapse risk from the purchase model's P(alive)."""
LAPSE_BY = "churn risk by channel"
"""Each customer's most frequent channel: PostgreSQL's mode() and DuckDB's break ties between equally
frequent values differently, so this one is compared across batch sizes and by its customer count."""
FIT, HOLDOUT, BATCH = 400, 200, 500
"""The bounds of the bounded run: customers fitted, customers in the holdout check, customers per batch."""
SAMPLE_REL_TOL = 0.05
"""A fit on FIT of the 3,338 sample customers (a hash sample) against DuckDB's fit on all of them: the
predicted total and mean value agree within 5% (the BG/NBD and Gamma-Gamma parameters of a 12% sample)."""


@pytest.fixture(scope="module")
def duck():  # -> Catalog
    from catalog import Catalog

    return Catalog.load([str(SAMPLES)])


@pytest.fixture(scope="module")
def pg(postgres, duck):  # -> Catalog
    from catalog import Catalog

    catalog = Catalog.load([postgres.copy_tables(duck)])
    yield catalog
    catalog.backend.close()


def _cases(questions: tuple[str, ...]) -> list[dict]:
    return [{"id": q, "as_of": AS_OF, "turns": [{"q": q}]} for q in questions]


def _fresh() -> None:
    from analytics import model_cache

    model_cache.clear_memory()


def test_lifetime_value_in_place_answers_as_duckdb(duck, pg) -> None:
    _fresh()
    pg.backend.largest_fetch = 0
    expected, got = answers(duck, _cases(LIFETIME)), answers(pg, _cases(LIFETIME))
    assert all(t[0]["status"] == "answer" for t in got.values())
    assert differences(expected, got, MODEL_REL_TOL) == []
    customers = len(duck.frame("SELECT DISTINCT customer_id FROM orders"))
    assert pg.backend.largest_fetch <= customers  # one batch at most: never the orders


def test_the_card_says_how_many_were_fitted_and_scored(pg) -> None:
    from assistant.engine import Assistant

    _fresh()
    card = Assistant(pg, as_of=AS_OF).ask("customer lifetime value").model_card
    assert card is not None and "fit sample" not in card  # 3,338 customers: every one fitted
    assert card["scored"].startswith(f"all {card['customers']:,} customers, ")
    assert "streamed from PostgreSQL" in card["scored"]


def test_lapse_risk_from_purchases_in_place_answers_as_duckdb(postgres, monkeypatch) -> None:
    from analytics import clv_scale
    from assistant.engine import Assistant
    from catalog import Catalog

    _fresh()
    duck = Catalog.load([str(SAMPLES / "orders.csv")])
    pg = Catalog.load([postgres.copy_tables(duck, schema="orders_only")])
    try:
        expected, got = answers(duck, _cases(LAPSE)), answers(pg, _cases(LAPSE))
        assert all(t[0]["status"] == "answer" for t in got.values())
        assert differences(expected, got, MODEL_REL_TOL) == []
        whole = Assistant(pg, as_of=AS_OF).ask(LAPSE_BY)
        monkeypatch.setattr(clv_scale, "SCORE_BATCH", 97)
        small = Assistant(pg, as_of=AS_OF).ask(LAPSE_BY)
        assert whole.status == small.status == "answer" and whole.text == small.text
        assert _same_rows(whole.rows, small.rows)
        active = expected[LAPSE[0]][0]["row_count"]
        assert sum(r[1] for r in whole.rows) == active  # every customer still active, in one group each
    finally:
        pg.backend.close()


def _same_rows(a: tuple, b: tuple) -> bool:
    """The same rows, floats to 1e-9 (sums added in another grouping)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if [v for v in x if not isinstance(v, float)] != [v for v in y if not isinstance(v, float)]:
            return False
        floats = [(p, q) for p, q in zip(x, y, strict=True) if isinstance(p, float)]
        if not all(p == pytest.approx(q, rel=1e-9) for p, q in floats):
            return False
    return True


def test_a_bounded_fit_never_fetches_more_than_the_bound(duck, pg, monkeypatch) -> None:
    """Fit on FIT customers, holdout on about HOLDOUT, scores in batches of BATCH: no fetch brings more
    rows than the largest of them, every customer is still scored, and the figures stay near DuckDB's."""
    from analytics import clv, clv_scale
    from assistant.engine import Assistant

    _fresh()
    reference = Assistant(duck, as_of=AS_OF).ask("customer lifetime value")
    monkeypatch.setattr(clv, "MAX_FIT_CUSTOMERS", FIT)
    monkeypatch.setattr(clv, "HOLDOUT_CUSTOMERS", HOLDOUT)
    monkeypatch.setattr(clv_scale, "SCORE_BATCH", BATCH)
    _fresh()
    pg.backend.largest_fetch, pg.backend.rows_fetched = 0, 0
    bot = Assistant(pg, as_of=AS_OF)
    answer = bot.ask("customer lifetime value")
    grouped = bot.ask("lifetime value by plan")
    customers = reference.row_count
    assert answer.status == grouped.status == "answer"
    assert pg.backend.largest_fetch <= max(FIT, BATCH) < customers
    assert pg.backend.rows_fetched >= 2 * customers  # every customer scored, twice (two answers)
    assert answer.row_count == customers and len(answer.rows) == customers  # the top rows kept: all here
    card = answer.model_card
    assert card is not None and card["fit sample"].startswith(f"{FIT:,} of {customers:,} customers")
    value = answer.columns.index("predicted_clv")
    total, expected = sum(r[value] for r in answer.rows), sum(r[value] for r in reference.rows)
    assert total == pytest.approx(expected, rel=SAMPLE_REL_TOL)
    assert [r[0] for r in answer.rows[:3]] == [r[0] for r in reference.rows[:3]]
    assert sum(r[1] for r in grouped.rows) == customers  # every customer in a group


def test_a_small_batch_ranks_as_one_batch(pg, monkeypatch) -> None:
    """Batches of 97 customers give the same top rows, count, sum and group figures as one batch."""
    from analytics import clv_scale
    from assistant.engine import Assistant

    _fresh()
    questions = ("top 5 customers by lifetime value", "lifetime value by plan")
    whole = [Assistant(pg, as_of=AS_OF).ask(q) for q in questions]
    monkeypatch.setattr(clv_scale, "SCORE_BATCH", 97)
    small = [Assistant(pg, as_of=AS_OF).ask(q) for q in questions]
    for a, b in zip(whole, small, strict=True):
        assert a.text == b.text and a.row_count == b.row_count and _same_rows(a.rows, b.rows)


CDNOW = DATASETS / "cdnow" / "transactions.csv"
CDNOW_REL_TOL = 0.01
"""CDNOW has 23,570 customers: DuckDB fits BG/NBD on a random 20,000 of them, PostgreSQL on the 20,000 of
lowest hash; the predicted total agrees within 1% (0.13% measured), Gamma-Gamma (11,515 repeat buyers,
all fitted on both) exactly."""


@pytest.mark.slow
def test_cdnow_lifetime_value_on_a_sample_is_near_duckdbs(postgres) -> None:
    from assistant.engine import Assistant
    from catalog import Catalog

    if not CDNOW.exists():
        pytest.skip(f"{CDNOW} is not in ../shared")
    _fresh()
    duck = Catalog.load([f"transactions={CDNOW}"])
    pg = Catalog.load([postgres.copy_tables(duck, schema="cdnow_clv")])
    try:
        a, b = (Assistant(c).ask("customer lifetime value") for c in (duck, pg))
        assert a.status == b.status == "answer" and a.row_count == b.row_count == 23_570
        assert a.model_card is not None and b.model_card is not None
        assert b.model_card["fit sample"].startswith("20,000 of 23,570 customers (those with the lowest hash")
        assert b.model_card["gamma-gamma"] == a.model_card["gamma-gamma"]
        value = a.columns.index("predicted_clv")
        total = {c: sum(r[value] for r in x.rows) for c, x in (("duck", a), ("pg", b))}
        assert total["pg"] == pytest.approx(total["duck"], rel=CDNOW_REL_TOL)
        assert [r[0] for r in b.rows[:5]] == [r[0] for r in a.rows[:5]]
        assert pg.backend.largest_fetch <= 20_000  # the fit sample, the batches: never all 23,570
    finally:
        pg.backend.close()
