"""Answer wording on the bundled samples: period names, time series, top-N and two-group comparisons.

Every figure inside a sentence is checked against an independent DuckDB query over the same CSV files.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from nlq.intent import Measure
from nlq.timephrases import find_time
from nlq.wording import BUCKET_FORMATS, bucket, difference, period_phrase

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def bot() -> Assistant:
    return Assistant(Catalog.load([str(SAMPLES / "customers.csv"), str(SAMPLES / "orders.csv")]), as_of=AS_OF)


@pytest.fixture(scope="module")
def ref() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("customers", "orders"):
        con.execute(f"create table {name} as select * from read_csv_auto('{SAMPLES / (name + '.csv')}')")
    return con


def money(v: float) -> str:
    return f"${v:,.2f}"


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ("in q 1 2024", "Q1 2024 (2024-01-01 to 2024-03-31)"),
        ("last quarter", "the last quarter (2025-07-01 to 2025-09-30)"),
        ("year to date", "year to date (2025-01-01 to 2025-12-31)"),
        ("this month", "the current month (2025-12-01 to 2025-12-31)"),
        ("in march 2024", "March 2024 (2024-03-01 to 2024-03-31)"),
        ("since feb 2024", "since February 2024 (2024-02-01 to 2025-12-31)"),
        ("in 2024", "2024 (2024-01-01 to 2024-12-31)"),
        ("in the first half of 2024", "the first half of 2024 (2024-01-01 to 2024-06-30)"),
        ("in the last 3 months", "the last 3 months (2025-10-01 to 2025-12-31)"),
        ("between 2024 1 5 and 2024 2 1", "between 2024-01-05 and 2024-02-01 (2024-01-05 to 2024-02-01)"),
    ],
)
def test_time_phrases_have_canonical_labels(words: str, label: str) -> None:
    (match,) = find_time(words.split(), AS_OF)
    assert match.range is not None
    assert match.range.label == label


def test_raw_phrase_is_kept_for_comparison_columns() -> None:
    (match,) = find_time(["q", "1", "2024"], AS_OF)
    assert match.range is not None and match.range.phrase == "q 1 2024"


@pytest.mark.parametrize(
    ("grain", "day", "text"),
    [
        ("month", dt.date(2025, 7, 1), "July 2025"),
        ("quarter", dt.date(2025, 7, 1), "Q3 2025"),
        ("year", dt.date(2025, 1, 1), "2025"),
        ("day", dt.date(2025, 7, 3), "2025-07-03"),
    ],
)
def test_buckets_are_named_per_grain(grain: str, day: dt.date, text: str) -> None:
    assert grain in BUCKET_FORMATS
    assert bucket(grain, day) == text
    assert bucket(None, "Europe") == "Europe"


def test_difference_in_points_for_rates_and_percent_otherwise() -> None:
    assert difference(Measure("rate"), 0.399, 0.142) == "25.7 points higher"
    assert difference(Measure("avg", "t.x"), 50.0, 100.0) == "50.0% lower"
    assert difference(Measure("sum", "t.x"), 3.0, 3.0) == "the same"


def test_interpretation_uses_the_canonical_period(bot: Assistant) -> None:
    a = bot.ask("total amount of orders in q1 2024")
    assert "with order date in Q1 2024 (2024-01-01 to 2024-03-31)" in a.interpretation
    assert "q 1" not in a.text
    ytd = bot.ask("total amount of orders year to date")
    assert "order date year to date (2025-01-01 to 2025-12-31)" in ytd.interpretation


def test_time_series_names_highest_and_lowest_buckets(bot: Assistant, ref) -> None:
    a = bot.ask("total amount of orders by month last quarter")
    rows = ref.execute(
        "select date_trunc('month', order_date) m, sum(amount) s from orders "
        "where order_date >= date '2025-07-01' and order_date < date '2025-10-01' group by 1 order by s"
    ).fetchall()
    lo, hi = rows[0], rows[-1]
    assert a.text.startswith(
        "Total amount of orders by month in the last quarter (2025-07-01 to 2025-09-30): "
    )
    assert f"highest in {hi[0]:%B %Y} ({money(hi[1])})" in a.text
    assert f"lowest in {lo[0]:%B %Y} ({money(lo[1])})" in a.text


def test_quarterly_series_names_quarters(bot: Assistant, ref) -> None:
    a = bot.ask("average amount of orders by quarter")
    rows = ref.execute(
        "select date_trunc('quarter', order_date) q, avg(amount) v from orders group by 1 order by v"
    ).fetchall()
    hi = rows[-1]
    assert f"highest in Q{(hi[0].month - 1) // 3 + 1} {hi[0].year} ({money(hi[1])})" in a.text


def test_top_n_says_highest_and_drops_technical_not_null(bot: Assistant, ref) -> None:
    a = bot.ask("top 5 customers by spend")
    name, cid, total = ref.execute(
        "select c.name, o.customer_id, sum(o.amount) s from orders o join customers c on c.id = o.customer_id "
        "where o.customer_id is not null group by 1, 2 order by s desc, o.customer_id limit 1"
    ).fetchone()
    assert "is known" not in a.text
    assert "is known" in a.interpretation  # the interpretation still shows every condition
    assert f"highest is {name}, #{cid} ({money(total)})" in a.text  # the customer's name beside the id
    top = bot.ask("top 3 regions by number of customers")
    region, n = ref.execute(
        "select region, count(*) c from customers group by 1 order by c desc limit 1"
    ).fetchone()
    assert f"highest is {region} ({n:,})" in top.text


def _points(text: str) -> float:
    found = re.search(r"\(([\d.]+) points (higher|lower)", text)
    assert found, text
    return float(found[1]) * (1 if found[2] == "higher" else -1)


def test_two_plan_rate_comparison_states_both_figures_and_difference(bot: Assistant, ref) -> None:
    a = bot.ask("Basic vs Pro churn rate")
    rates = dict(
        ref.execute(
            "select plan, avg(case when churned then 1 else 0 end) from customers "
            "where plan in ('Basic', 'Pro') group by 1"
        ).fetchall()
    )
    assert len(a.rows) == 2  # the grouped rows stay for the checker
    assert f"{rates['Basic'] * 100:.1f}% for Basic vs {rates['Pro'] * 100:.1f}% for Pro" in a.text
    assert _points(a.text) == pytest.approx(round((rates["Basic"] - rates["Pro"]) * 100, 1), abs=0.051)


def test_two_region_comparison_keeps_the_users_order(bot: Assistant, ref) -> None:
    a = bot.ask("compare churn between Europe and North America customers")
    rates = dict(
        ref.execute(
            "select region, avg(case when churned then 1 else 0 end) from customers "
            "where region in ('Europe', 'North America') group by 1"
        ).fetchall()
    )
    eu, na = rates["Europe"], rates["North America"]
    assert f"{eu * 100:.1f}% for Europe vs {na * 100:.1f}% for North America" in a.text
    assert _points(a.text) == pytest.approx(round((eu - na) * 100, 1), abs=0.051)


def test_two_group_average_comparison_gives_percent_difference(bot: Assistant, ref) -> None:
    a = bot.ask("average monthly fee for Basic vs Pro")
    fees = dict(
        ref.execute(
            "select plan, avg(monthly_fee) from customers where plan in ('Basic','Pro') group by 1"
        ).fetchall()
    )
    b, p = fees["Basic"], fees["Pro"]
    assert f"{money(b)} for Basic vs {money(p)} for Pro" in a.text
    word = "higher" if b > p else "lower"
    assert f"({abs(b - p) / p * 100:.1f}% {word} for Basic)" in a.text


def test_period_phrase_adds_in_only_where_the_words_need_it() -> None:
    phrases = {
        w: find_time(w.split(), AS_OF)[0].range for w in ("year to date", "last quarter", "since 2024")
    }
    assert period_phrase(phrases["year to date"]) == " year to date (2025-01-01 to 2025-12-31)"
    assert period_phrase(phrases["last quarter"]) == " in the last quarter (2025-07-01 to 2025-09-30)"
    assert period_phrase(phrases["since 2024"]) == " since 2024 (2024-01-01 to 2025-12-31)"
    assert period_phrase(None) == ""


def test_series_with_several_figures_keeps_the_neutral_sentence(bot: Assistant) -> None:
    a = bot.ask("min, max and average amount by month")
    assert "highest in" not in a.text and "January 2023" in a.text


def test_period_comparison_names_periods_canonically(bot: Assistant, ref) -> None:
    a = bot.ask("revenue q1 2025 vs q1 2024")
    q1 = {
        y: ref.execute(
            f"select sum(amount) from orders where order_date >= date '{y}-01-01' and order_date < date '{y}-04-01'"
        ).fetchone()[0]
        for y in (2024, 2025)
    }
    assert [r[0] for r in a.rows] == ["Q1 2024", "Q1 2025"]  # one row per period, the earliest first
    assert a.text.startswith(f"Q1 2025: {money(q1[2025])} vs Q1 2024: {money(q1[2024])}, a change of ")
