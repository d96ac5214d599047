"""Partly covered periods: relative comparisons are like for like, named ones say how far they go."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from tables import period_figures

from assistant.engine import Assistant
from catalog import Catalog
from nlq.intent import Intent
from nlq.periods import like_for_like
from nlq.timephrases import TimeRange

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
needs_samples = pytest.mark.skipif(
    not (SAMPLES / "orders.csv").exists(), reason="samples/*.csv not generated (python -m samples.generate)"
)


def revenue(start: str, end: str) -> float:
    """Independent: the sum of order amounts with start <= order_date <= end, from the CSV."""
    return (
        duckdb.connect()
        .execute(
            f"SELECT sum(amount) FROM read_csv_auto('{SAMPLES / 'orders.csv'}') "
            f"WHERE order_date BETWEEN DATE '{start}' AND DATE '{end}'"
        )
        .fetchone()[0]
    )


@needs_samples
def test_this_month_vs_last_month_mid_month_compares_the_same_days(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=dt.date(2025, 12, 15)).ask("revenue this month vs last month")
    assert answer.status == "answer"
    this, last = period_figures(answer)
    assert this == pytest.approx(revenue("2025-12-01", "2025-12-15"))
    assert last == pytest.approx(revenue("2025-11-01", "2025-11-15"))
    assert (
        answer.text.startswith("The current month to Dec 15: ")
        and "the last month to Nov 15: " in answer.text
    )
    assert "2025-11-01 to 2025-11-15" in answer.interpretation


@needs_samples
def test_this_year_vs_last_year_mid_year_is_year_to_date(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=dt.date(2025, 6, 30)).ask("revenue this year vs last year")
    this, last = period_figures(answer)
    assert this == pytest.approx(revenue("2025-01-01", "2025-06-30"))
    assert last == pytest.approx(revenue("2024-01-01", "2024-06-30"))


@needs_samples
def test_named_years_stay_whole_and_the_sentence_says_the_later_one_is_partial(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=dt.date(2025, 6, 30)).ask("revenue in 2025 compared with 2024")
    assert answer.status == "answer"
    a, b = period_figures(answer)
    assert a == pytest.approx(revenue("2025-01-01", "2025-06-30"))  # later rows are not known yet
    assert b == pytest.approx(revenue("2024-01-01", "2024-12-31"))
    assert answer.text.startswith("2025, only to Jun 30: ")
    assert "2025 is covered only up to 2025-06-30" in answer.interpretation


@needs_samples
def test_a_whole_period_is_left_alone(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=dt.date(2025, 12, 31)).ask("revenue this year vs last year")
    this, last = period_figures(answer)
    assert this == pytest.approx(revenue("2025-01-01", "2025-12-31"))
    assert last == pytest.approx(revenue("2024-01-01", "2024-12-31"))
    assert "only to" not in answer.text and " to Dec 31:" not in answer.text
    Assistant(catalog)  # leave the shared catalog whole


@pytest.mark.parametrize(
    ("start", "end", "partial_start", "as_of", "expected_end"),
    [
        ("2024-02-01", "2024-03-01", "2024-03-01", "2024-03-31", None),  # February is whole: no cut
        ("2024-02-01", "2024-03-01", "2024-03-01", "2024-03-30", "2024-02-29"),  # day 30 of Feb is its end
        ("2023-01-01", "2024-01-01", "2024-01-01", "2024-02-29", "2023-02-28"),  # no Feb 29 in 2023
        ("2025-12-01", "2026-01-01", "2026-01-01", "2026-01-15", "2025-12-15"),
    ],
)
def test_the_same_point_of_another_period(
    start: str, end: str, partial_start: str, as_of: str, expected_end: str | None
) -> None:
    d = dt.date.fromisoformat
    other = TimeRange(d(start), d(end), "the last period", "last period")
    yearly = (d(end) - d(start)).days > 31
    p = d(partial_start)
    partial_end = (
        dt.date(p.year + 1, 1, 1) if yearly else dt.date(p.year + p.month // 12, p.month % 12 + 1, 1)
    )
    current = TimeRange(d(partial_start), partial_end, "this period", "this period")
    intent = Intent(kind="compare", table="t", compare_ranges=(current, other), time_column="t.d")
    got = like_for_like(intent, d(as_of)).compare_ranges[1]
    assert got.end == (d(end) if expected_end is None else d(expected_end) + dt.timedelta(days=1))


@needs_samples
def test_a_series_leaves_its_partly_covered_last_bucket_out_of_highest_and_lowest(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=dt.date(2025, 12, 15)).ask("revenue by month")
    months = (
        duckdb.connect()
        .execute(
            f"SELECT strftime(date_trunc('month', order_date), '%B %Y'), sum(amount) FROM read_csv_auto('{SAMPLES / 'orders.csv'}') "
            "WHERE order_date < DATE '2025-12-01' GROUP BY 1"
        )
        .fetchall()
    )
    months_all = (
        duckdb.connect()
        .execute(
            f"SELECT strftime(date_trunc('month', order_date), '%B %Y'), sum(amount) FROM read_csv_auto('{SAMPLES / 'orders.csv'}') "
            "WHERE order_date <= DATE '2025-12-15' GROUP BY 1"
        )
        .fetchall()
    )
    high = max(months, key=lambda r: r[1])
    low = min(months, key=lambda r: r[1])
    assert f"highest in {high[0]} (${high[1]:,.2f})" in answer.text
    assert f"lowest in {low[0]} (${low[1]:,.2f})" in answer.text
    december = next(v for m, v in months_all if m == "December 2025")
    assert answer.text.endswith(
        f"; December 2025: partial, data to 2025-12-15 (${december:,.2f}), left out of that."
    )
    # the row says so too, and only that row
    at = answer.columns.index("coverage")
    marked = [r for r in answer.rows if r[at]]
    assert [(str(r[0])[:7], r[at]) for r in marked] == [("2025-12", "partial, data to 2025-12-15")]
    Assistant(catalog)  # leave the shared catalog whole


@needs_samples
def test_complaint_themes_this_month_vs_last_compare_the_same_days(catalog: Catalog) -> None:
    """Mid-month, last month's complaints are counted up to the same day, and the sentence says so."""
    answer = Assistant(catalog, as_of=dt.date(2025, 12, 15)).ask(
        "what changed in complaints this month vs last month?"
    )
    assert answer.status == "answer", answer.text

    def complaints(start: str, end: str) -> int:
        return (
            duckdb.connect()
            .execute(
                f"SELECT count(*) FROM read_csv_auto('{SAMPLES / 'feedback.csv'}') WHERE trim(coalesce(comment, '')) "
                f"<> '' AND nps <= 6 AND date::DATE BETWEEN DATE '{start}' AND DATE '{end}'"
            )
            .fetchone()[0]
        )

    this, last = complaints("2025-12-01", "2025-12-15"), complaints("2025-11-01", "2025-11-15")
    assert f"{last:,} comments last month (2025-11-01 to 2025-11-15, the same days), {this:,} this month" in (
        answer.text
    )
    Assistant(catalog)


@needs_samples
@pytest.mark.parametrize("question", ["NPS this month vs last month", "NPS in 2025 vs 2024"])
def test_a_skill_that_cannot_compare_periods_declines_instead_of_dropping_them(
    catalog: Catalog, question: str
) -> None:
    answer = Assistant(catalog).ask(question)
    assert answer.status == "unsupported" and "between periods" in answer.text
