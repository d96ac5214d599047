"""The last period of a series that the as-of date falls inside is partial: its row says so
("partial, data to 2025-12-15"), the sentence names it, and no headline (highest, lowest, the latest
value, an average) is made from it. One rule (catalog.periods) for nlq series, the monthly churn rate,
the sentiment trend and the report's periods; figures checked with DuckDB on the sample files."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from catalog.periods import first_unfinished, is_partial, mark_partial, partial_note

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
needs_samples = pytest.mark.skipif(
    not (SAMPLES / "customers.csv").exists(),
    reason="samples/*.csv not generated (python -m samples.generate)",
)
MID = dt.date(2025, 12, 15)


def last_day(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@pytest.mark.parametrize(
    ("start", "grain", "as_of", "partial"),
    [
        ("2025-12-01", "month", "2025-12-15", True),
        ("2025-12-01", "month", "2025-12-31", False),  # the last day: the month is over
        ("2025-11-01", "month", "2025-12-15", False),
        ("2024-02-01", "month", "2024-02-28", True),  # a leap year: the 29th is still to come
        ("2025-10-01", "quarter", "2025-12-15", True),
        ("2025-10-01", "quarter", "2025-12-31", False),
        ("2025-01-01", "year", "2025-06-30", True),
        ("2025-12-15", "week", "2025-12-15", True),
        ("2025-12-08", "week", "2025-12-14", False),
        ("2025-12-15", "day", "2025-12-15", False),
        ("2026-01-01", "month", "2025-12-15", False),  # after the as-of date: not shown, not partial
    ],
)
def test_a_period_is_partial_when_the_as_of_date_is_inside_it_before_its_last_day(
    start: str, grain: str, as_of: str, partial: bool
) -> None:
    assert is_partial(dt.date.fromisoformat(start), grain, dt.date.fromisoformat(as_of)) is partial


def test_the_first_unfinished_period_and_the_marked_row() -> None:
    for day in (dt.date(2025, 12, 15), dt.date(2025, 12, 31), dt.date(2024, 2, 28), dt.date(2024, 2, 29)):
        over = last_day(day) == day
        expected = (last_day(day) + dt.timedelta(days=1)) if over else day.replace(day=1)
        assert first_unfinished(day) == expected
    assert first_unfinished(dt.date(2025, 11, 20), "quarter") == dt.date(2025, 10, 1)
    columns, rows = mark_partial(
        ("month", "n"), ((dt.date(2025, 11, 1), 3), (dt.date(2025, 12, 1), 1)), "month", MID
    )
    assert columns == ("month", "n", "coverage")
    assert [r[-1] for r in rows] == ["", "partial, data to 2025-12-15"]
    assert mark_partial(("month", "n"), ((dt.date(2025, 12, 1), 1),), "month", dt.date(2025, 12, 31))[0] == (
        "month",
        "n",
    )
    assert partial_note(dt.date(2025, 12, 1), "month", MID) == "December 2025: partial, data to 2025-12-15"


def monthly_churn(as_of: dt.date) -> list[tuple[dt.date, int, int]]:
    """Independent: (month, customers active at its start, of them churned in it) known on `as_of`, from
    the CSV (a churn dated after `as_of` has not happened yet; sign-ups after it are not known)."""
    return (
        duckdb.connect()
        .execute(
            f"""
            WITH c AS (
              SELECT signup_date::DATE AS s,
                     CASE WHEN churn_date::DATE <= DATE '{as_of}' THEN churn_date::DATE END AS e
              FROM read_csv_auto('{SAMPLES / "customers.csv"}') WHERE signup_date::DATE <= DATE '{as_of}'),
            m AS (SELECT unnest(generate_series(date_trunc('month', (SELECT min(s) FROM c)),
                                                DATE '{as_of}', INTERVAL 1 MONTH))::DATE AS month)
            SELECT month, count(*) FILTER (WHERE s < month AND (e IS NULL OR e >= month)),
                   count(*) FILTER (WHERE s < month AND e >= month AND e < month + INTERVAL 1 MONTH)
            FROM m, c GROUP BY month ORDER BY month"""
        )
        .fetchall()
    )


@needs_samples
def test_the_monthly_churn_rate_marks_the_unfinished_month_and_leaves_it_out(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=MID).ask("monthly churn rate")
    Assistant(catalog)  # leave the shared catalog whole
    assert answer.status == "answer", answer.text
    months = [(m, a, c) for m, a, c in monthly_churn(MID) if a > 0]
    full = [(m, a, c) for m, a, c in months if m < dt.date(2025, 12, 1)]
    average = sum(c / a for _, a, c in full) / len(full)
    last_month, active, churned = full[-1]
    assert f"averaged {average:.1%} over {len(full)} months" in answer.text
    assert f"in {last_month:%Y-%m} it was {churned / active:.1%}." in answer.text
    assert answer.text.endswith("December 2025 is left out of the figures: partial, data to 2025-12-15.")
    at = answer.columns.index("coverage")
    december = [r for r in answer.rows if r[at]]
    assert len(december) == 1 and str(december[0][0])[:7] == "2025-12"
    assert december[0][at] == "partial, data to 2025-12-15"
    assert december[0][1:3] == months[-1][1:]  # the partial month is shown as it stands


@needs_samples
def test_a_series_by_month_and_group_marks_every_row_of_the_partial_month(catalog: Catalog) -> None:
    answer = Assistant(catalog, as_of=MID).ask("orders by month by plan")
    Assistant(catalog)
    assert answer.status == "answer", answer.text
    assert answer.text.endswith("; December 2025: partial, data to 2025-12-15.")
    at = answer.columns.index("coverage")
    plans = duckdb.connect().execute(
        f"SELECT count(DISTINCT plan) FROM read_csv_auto('{SAMPLES / 'customers.csv'}')"
    )
    marked = {str(r[0])[:7] for r in answer.rows if r[at]}
    assert marked == {"2025-12"}
    assert sum(1 for r in answer.rows if r[at]) == plans.fetchone()[0]


@needs_samples
def test_at_the_end_of_a_month_nothing_is_partial(catalog: Catalog) -> None:
    for question in ("orders by month", "monthly churn rate"):
        answer = Assistant(catalog).ask(question)  # the data runs to 2025-12-31
        assert answer.status == "answer", answer.text
        assert "coverage" not in answer.columns and "partial" not in answer.text
