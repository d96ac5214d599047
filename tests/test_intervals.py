"""Group comparisons: n and 95% intervals checked against independent computations (scipy root finding,
scipy's t interval, the variance of per-respondent NPS scores), and headlines only when intervals say so."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pytest
from scipy import optimize, stats

from assistant.engine import Assistant
from catalog import Catalog
from catalog.intervals import GroupStat, mean_interval, nps_interval, verdict, wilson

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
Z = stats.norm.ppf(0.975)


def wilson_by_score_test(k: int, n: int) -> tuple[float, float]:
    """The Wilson interval as the set of p the score test does not reject (found by root finding)."""
    p_hat = k / n

    def score(p: float) -> float:
        return (p_hat - p) ** 2 - Z**2 * p * (1 - p) / n

    low = 0.0 if k == 0 else optimize.brentq(score, 1e-12, p_hat - 1e-12, xtol=1e-14)
    high = 1.0 if k == n else optimize.brentq(score, p_hat + 1e-12, 1 - 1e-12, xtol=1e-14)
    return low, high


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (46, 200), (1318, 5000), (1, 2)])
def test_wilson_matches_the_inverted_score_test(k: int, n: int) -> None:
    assert wilson(k, n) == pytest.approx(wilson_by_score_test(k, n), abs=1e-9)


def test_mean_interval_matches_scipy_t_interval() -> None:
    values = np.random.default_rng(7).gamma(2.0, 30.0, size=47)
    expected = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    got = mean_interval(float(values.mean()), float(values.std(ddof=1)), len(values))
    assert got == pytest.approx(expected, rel=1e-12)
    assert mean_interval(5.0, None, 1) == (None, None)


def test_nps_interval_is_the_normal_interval_of_per_respondent_scores() -> None:
    answers = np.random.default_rng(3).integers(0, 11, size=46)
    scores = np.where(answers >= 9, 100.0, np.where(answers <= 6, -100.0, 0.0))
    half = Z * math.sqrt(scores.var(ddof=0) / len(scores))
    got = nps_interval(int((answers >= 9).sum()), int((answers <= 6).sum()), len(answers))
    assert got == pytest.approx((scores.mean() - half, scores.mean() + half), rel=1e-9)


def test_verdict_names_a_group_only_when_its_interval_is_apart_and_its_base_is_big_enough() -> None:
    apart = [GroupStat(("a",), 0.4, 500, 0.36, 0.44), GroupStat(("b",), 0.2, 500, 0.17, 0.24)]
    assert verdict(apart).clear and verdict(apart).best == apart[0]
    assert verdict(apart, highest=False).best == apart[1] and verdict(apart, highest=False).clear
    overlap = [GroupStat(("a",), 0.4, 100, 0.3, 0.5), GroupStat(("b",), 0.35, 100, 0.26, 0.45)]
    assert not verdict(overlap).clear and verdict(overlap).runner_up == overlap[1]
    tiny = [GroupStat(("c",), 0.9, 12, 0.6, 0.98), *apart]
    judged = verdict(tiny)
    assert judged.best == apart[0] and judged.clear and judged.small == 1  # the tiny group is never named


# ------------------------------------------------------------------------------------ answers
needs_samples = pytest.mark.skipif(
    not (SAMPLES / "customers.csv").exists(),
    reason="samples/*.csv not generated (python -m samples.generate)",
)


def ref() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("customers", "orders"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv_auto('{SAMPLES / name}.csv')")
    return con


@needs_samples
def test_rates_by_group_carry_n_and_wilson_intervals(catalog: Catalog) -> None:
    answer = Assistant(catalog).ask("churn rate by plan")
    assert answer.columns == ("plan", "churned_rate", "n", "ci_low", "ci_high", "churned_rate_percent")
    expected = {
        plan: (k, n)
        for plan, k, n in ref()
        .execute(
            "SELECT plan, count_if(churned = 'Yes' OR churned::VARCHAR = 'true'), count(*) FROM customers GROUP BY 1"
        )
        .fetchall()
    }
    intervals = {}
    for plan, _, n, low, high in (r[:5] for r in answer.rows):
        k, size = expected[plan]
        assert n == size
        intervals[plan] = wilson_by_score_test(k, size)
        assert (low, high) == pytest.approx(intervals[plan], abs=1e-9)
    top = max(intervals, key=lambda p: expected[p][0] / expected[p][1])
    apart = all(intervals[top][0] > intervals[p][1] for p in intervals if p != top)
    assert apart and f"highest is {top} (" in answer.text and "95% interval" in answer.text


@needs_samples
def test_means_by_group_carry_t_intervals(catalog: Catalog) -> None:
    answer = Assistant(catalog).ask("average monthly fee by plan")
    values = {
        plan: np.array(fees)
        for plan, fees in ref().execute("SELECT plan, list(monthly_fee) FROM customers GROUP BY 1").fetchall()
    }
    for plan, mean, n, low, high in answer.rows:
        v = values[plan]
        assert n == len(v) and mean == pytest.approx(v.mean())
        assert (low, high) == pytest.approx(
            stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
        )


COUNTRY_RATES = "SELECT country, count_if(churned = 'Yes' OR churned::VARCHAR = 'true'), count(*) FROM customers GROUP BY 1"


@needs_samples
def test_overlapping_groups_are_not_headlined(catalog: Catalog) -> None:
    answer = Assistant(catalog).ask("churn rate by country")
    rows = ref().execute(COUNTRY_RATES).fetchall()
    big = {c: wilson_by_score_test(k, n) for c, k, n in rows if n >= 30}
    top = max(big, key=lambda c: next(k / n for x, k, n in rows if x == c))
    apart = all(big[top][0] > big[c][1] for c in big if c != top)
    assert not apart, "the samples' countries do not differ clearly (the test needs that)"
    assert "do not differ clearly" in answer.text and f"{top} is highest" in answer.text
    assert "highest is" not in answer.text


@needs_samples
def test_groups_under_the_minimum_base_from_cra_toml_are_marked_and_never_named(tmp_path: Path) -> None:
    (tmp_path / "cra.toml").write_text("min_base = 200\n", encoding="utf-8")
    catalog = Catalog.load([str(SAMPLES / "customers.csv")], config=tmp_path / "cra.toml")
    answer = Assistant(catalog).ask("churn rate by country")
    rows = ref().execute(COUNTRY_RATES).fetchall()
    small = {c for c, _, n in rows if n < 200}
    assert small and len(small) < len(rows)
    marked = {row[0] for row in answer.rows if "small base (n < 200)" in row}
    assert marked == small
    assert all(c not in answer.text for c in small)
    assert f"{len(small)} groups with fewer than 200 are marked" in answer.text


@needs_samples
def test_a_headline_comes_from_the_whole_result_not_the_capped_rows(catalog: Catalog) -> None:
    bot = Assistant(catalog, max_rows=5)
    answer = bot.ask("total amount by monthly fee")  # a numeric key: rows in the order of the fee
    fee, total = (
        ref()
        .execute(
            "SELECT c.monthly_fee, sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id "
            "GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        )
        .fetchone()
    )
    assert answer.row_count > 5 and len(answer.rows) == 5
    assert max(r[1] for r in answer.rows) < total  # the capped rows do not hold the highest
    assert f"highest is {fee:g} (${total:,.2f})" in answer.text


@needs_samples
def test_nps_by_group_carries_intervals_and_headlines_only_a_group_apart(catalog: Catalog) -> None:
    con = ref()
    con.execute(f"CREATE VIEW feedback AS SELECT * FROM read_csv_auto('{SAMPLES / 'feedback.csv'}')")
    scores = {
        plan: np.array(values, dtype=float)
        for plan, values in con.execute(
            "SELECT plan, list(CASE WHEN nps >= 9 THEN 100 WHEN nps <= 6 THEN -100 ELSE 0 END) "
            "FROM feedback JOIN customers ON feedback.customer_id = customers.id WHERE nps IS NOT NULL GROUP BY 1"
        ).fetchall()
    }
    answer = Assistant(catalog).ask("NPS by plan")
    low, high = answer.columns.index("ci_low"), answer.columns.index("ci_high")
    intervals = {}
    for row in answer.rows:
        s = scores[row[0]]
        half = Z * math.sqrt(s.var(ddof=0) / len(s))
        intervals[row[0]] = (s.mean() - half, s.mean() + half)
        assert (row[low], row[high]) == pytest.approx(intervals[row[0]], rel=1e-9)
    best = max(scores, key=lambda p: scores[p].mean())
    apart = all(intervals[best][0] > intervals[p][1] for p in intervals if p != best)
    expected = f"NPS is highest for {best} (" if apart else "NPS does not differ clearly"
    assert answer.text.startswith(expected)


@needs_samples
def test_a_long_grouped_answer_charts_its_highest_groups(catalog: Catalog) -> None:
    from assistant.charts import chart_rows

    expected = (
        ref()
        .execute("SELECT customer_id, sum(amount) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 25")
        .fetchall()
    )
    for cap in (50, 10_000):  # a capped fetch (SQL finds the highest) and the whole result at hand
        answer = Assistant(catalog, max_rows=cap).ask("total amount by customer")
        drawn = chart_rows(answer)
        assert [r[0] for r in drawn] == [r[0] for r in expected]
        assert [r[1] for r in drawn] == pytest.approx([r[1] for r in expected])
        assert f"highest is {expected[0][0]} (${expected[0][1]:,.2f})" in answer.text


@needs_samples
def test_a_ranked_answer_headlines_the_top_of_the_whole_result(catalog: Catalog) -> None:
    (customer, total), second = (
        ref()
        .execute("SELECT customer_id, sum(amount) FROM orders GROUP BY 1 ORDER BY 2 DESC LIMIT 2")
        .fetchall()
    )
    for cap in (1, 10_000):  # the top-3 rows capped to one row, and all three at hand
        answer = Assistant(catalog, max_rows=cap).ask("top 3 customers by total amount")
        assert answer.row_count == 3 and answer.rows[0][0] == customer
        assert f"#{customer} (${total:,.2f})" in answer.text
        assert second[1] < total


@needs_samples
def test_intervals_cover_every_group_when_the_rows_are_capped(catalog: Catalog) -> None:
    rows = ref().execute(COUNTRY_RATES).fetchall()
    expected = {c: (k, n) for c, k, n in rows}
    whole = Assistant(catalog).ask("churn rate by country")
    capped = Assistant(catalog, max_rows=3).ask("churn rate by country")
    assert len(capped.rows) == 3 and capped.row_count == len(rows) == whole.row_count
    assert capped.text == whole.text  # the verdict weighs every group, not the three fetched
    for row in capped.rows:
        k, n = expected[row[0]]
        assert row[capped.columns.index("n")] == n
        low, high = row[capped.columns.index("ci_low")], row[capped.columns.index("ci_high")]
        assert (low, high) == pytest.approx(wilson_by_score_test(k, n), abs=1e-9)


@needs_samples
def test_a_comparison_shows_its_own_query_and_its_rows(catalog: Catalog) -> None:
    """n and sd come from the same scan as the rates, yet the SQL shown is the answer's query alone:
    run on independent DuckDB views it gives the answer's groups and rates."""
    answer = Assistant(catalog).ask("churn rate by plan")
    assert "__n" not in answer.sql and "stddev" not in answer.sql.lower()
    con = ref()
    con.execute(
        "CREATE OR REPLACE VIEW customers AS SELECT * REPLACE (churned = 'Yes' OR churned::VARCHAR = 'true' "
        f"AS churned) FROM read_csv_auto('{SAMPLES / 'customers.csv'}')"
    )
    direct = con.execute(answer.sql).fetchall()
    assert [r[0] for r in direct] == [r[0] for r in answer.rows]
    assert [r[1] for r in direct] == pytest.approx([r[1] for r in answer.rows])
    assert answer.columns[2:5] == ("n", "ci_low", "ci_high")


# ------------------------------------------------------------------------------------ public data
def _check_rates(answer, expected: dict[str, tuple[int, int]]) -> None:
    """n and the Wilson interval of every group, and the headline as the intervals allow."""
    intervals = {}
    for row in answer.rows:
        k, n = expected[row[0]]
        assert row[answer.columns.index("n")] == n
        intervals[row[0]] = wilson_by_score_test(k, n)
        got = (row[answer.columns.index("ci_low")], row[answer.columns.index("ci_high")])
        assert got == pytest.approx(intervals[row[0]], abs=1e-9)
    top = max(expected, key=lambda g: expected[g][0] / expected[g][1])
    apart = all(intervals[top][0] > intervals[g][1] for g in intervals if g != top)
    assert (f"highest is {top} (" in answer.text) == apart
    assert ("do not differ clearly" in answer.text) == (not apart)


def test_telco_churn_rate_by_payment_method_and_contract(datasets: Path) -> None:
    path = datasets / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
    bot = Assistant(Catalog.load([f"customers={path}"]))
    con = duckdb.connect()
    for column in ("PaymentMethod", "Contract", "InternetService"):
        counts = con.execute(
            f"SELECT {column}, count_if(Churn = 'Yes'), count(*) FROM read_csv_auto('{path}') GROUP BY 1"
        ).fetchall()
        answer = bot.ask(f"churn rate by {column}")
        assert answer.status == "answer", answer.text
        _check_rates(answer, {g: (k, n) for g, k, n in counts})


def test_bank_marketing_mean_balance_by_education_uses_t_intervals(datasets: Path) -> None:
    path = datasets / "bank_marketing" / "bank-full.csv"
    bot = Assistant(Catalog.load([f"bank={path}"]))
    values = {
        g: np.array(v, dtype=float)
        for g, v in duckdb.connect()
        .execute(f"SELECT education, list(balance) FROM read_csv_auto('{path}') GROUP BY 1")
        .fetchall()
    }
    answer = bot.ask("average balance by education")
    intervals = {}
    for row in answer.rows:
        v = values[row[0]]
        intervals[row[0]] = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
        assert (row[3], row[4]) == pytest.approx(intervals[row[0]], rel=1e-9)
    top = max(values, key=lambda g: values[g].mean())
    apart = all(intervals[top][0] > intervals[g][1] for g in intervals if g != top)
    assert (f"highest is {top} (" in answer.text) == apart


@needs_samples
def test_the_churn_skill_by_group_judges_all_groups_but_shows_the_top_ones(catalog: Catalog) -> None:
    import datetime as dt

    from analytics.churn_answers import churn_rate
    from catalog.skills import SkillRequest

    Assistant(catalog)  # the whole data
    request = SkillRequest(
        "churn rate by country", catalog, dt.date(2025, 12, 31), by=("customers.country",), limit=3
    )
    answer = churn_rate(request)
    rows = ref().execute(COUNTRY_RATES).fetchall()
    intervals = {c: wilson_by_score_test(k, n) for c, k, n in rows}
    for row in answer.rows:
        assert (row[-2], row[-1]) == pytest.approx(intervals[row[0]], abs=1e-9)
    assert len(answer.rows) == 3
    top = max(rows, key=lambda r: r[1] / r[2])[0]
    apart = all(intervals[top][0] > intervals[c][1] for c in intervals if c != top)
    assert answer.text.startswith(
        "Churn rate is highest for" if apart else "Churn rate does not differ clearly"
    )


@needs_samples
@pytest.mark.parametrize(
    ("question", "a", "b"),
    [("Basic vs Pro churn rate", "Basic", "Pro"), ("churn rate in Chile vs Ireland", "Chile", "Ireland")],
)
def test_a_two_group_comparison_says_whether_the_difference_is_clear(
    catalog: Catalog, question: str, a: str, b: str
) -> None:
    counts = {
        g: (k, n)
        for g, k, n in ref()
        .execute(
            "SELECT v, count_if(churned = 'Yes' OR churned::VARCHAR = 'true'), count(*) FROM "
            "(SELECT *, plan AS v FROM customers UNION ALL SELECT *, country AS v FROM customers) GROUP BY 1"
        )
        .fetchall()
    }
    (la, ha), (lb, hb) = wilson_by_score_test(*counts[a]), wilson_by_score_test(*counts[b])
    apart = ha < lb or hb < la
    answer = Assistant(catalog).ask(question)
    expected = "do not overlap, a clear difference." if apart else "overlap, so not a clear difference."
    assert answer.text.endswith(expected)


@needs_samples
def test_medians_by_group_carry_order_statistic_intervals(catalog: Catalog) -> None:
    """The interval of a median is the r-th to s-th smallest value (Altman's ranks); its exact coverage,
    from the binomial distribution of how many values fall below the true median, is about 95%."""
    answer = Assistant(catalog).ask("median order amount by region")
    assert answer.columns == ("region", "median_amount", "n", "ci_low", "ci_high")
    values = {
        region: np.sort(np.array(amounts, dtype=float))
        for region, amounts in ref()
        .execute(
            "SELECT c.region, list(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.id GROUP BY 1"
        )
        .fetchall()
    }
    intervals = {}
    for region, median, n, low, high in answer.rows:
        v = values[region]
        assert n == len(v) and median == pytest.approx(np.median(v))
        half = Z * math.sqrt(n) / 2
        r, s = math.floor(n / 2 - half + 0.5), math.floor(1 + n / 2 + half + 0.5)
        assert (low, high) == pytest.approx((v[r - 1], v[s - 1]))
        coverage = stats.binom.cdf(s - 1, n, 0.5) - stats.binom.cdf(r - 1, n, 0.5)
        assert 0.94 < coverage < 0.97
        intervals[region] = (low, high)
    top = max(values, key=lambda g: np.median(values[g]))
    assert (f"highest is {top} (" in answer.text) == apart(intervals, top)


def apart(intervals: dict, top) -> bool:
    return all(intervals[top][0] > intervals[g][1] for g in intervals if g != top)


@needs_samples
def test_a_total_per_customer_by_group_is_a_t_interval_over_customers(catalog: Catalog) -> None:
    answer = Assistant(catalog).ask("revenue per customer by plan")
    assert answer.columns[2:5] == ("n", "ci_low", "ci_high")
    totals = ref().execute(
        "SELECT c.plan, o.customer_id, sum(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.id "
        "GROUP BY 1, 2"
    )
    per_plan: dict[str, list[float]] = {}
    for plan, _, total in totals.fetchall():
        per_plan.setdefault(plan, []).append(float(total))
    intervals = {}
    for plan, figure, n, low, high in answer.rows:
        v = np.array(per_plan[plan])
        assert n == len(v) and figure == pytest.approx(v.mean())
        intervals[plan] = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
        assert (low, high) == pytest.approx(intervals[plan], rel=1e-9)
    top = max(per_plan, key=lambda p: np.mean(per_plan[p]))
    assert (f"highest is {top} (" in answer.text) == apart(intervals, top)
