"""`cra report`: the customer-health page on the bundled samples and on small tables without dates or text."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest
from tables import write_csv
from test_report import SVG_NS, assert_self_contained, inline_svgs

from assistant.report import (
    KINDS,
    SKILL_SECTIONS,
    Document,
    build_report,
    find_skill,
    render_html,
    write_report,
)
from catalog import Catalog

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FILES = {name: SAMPLES / f"{name}.csv" for name in ("customers", "orders", "feedback")}
AS_OF = dt.date(2025, 7, 15)
"""A reference date inside the samples' range: June 2025 is compared with May 2025."""
needs_samples = pytest.mark.skipif(
    not all(p.exists() for p in FILES.values()), reason="the bundled samples are not generated yet"
)


def load(paths: list[Path]) -> Catalog:
    return Catalog.load([str(p) for p in paths])


def headline_rows(doc: Document) -> dict[str, tuple]:
    section = next(s for s in doc.sections if s.heading == "Headline figures")
    return {row[0]: row for row in section.answer.rows}


@pytest.fixture(scope="module")
def samples_catalog() -> Catalog:
    return load(sorted(SAMPLES.glob("*.csv")))


@pytest.fixture(scope="module")
def samples_doc(samples_catalog: Catalog) -> Document:
    """The feedback report (headline, complaints, praise, sentiment trend): the fast skills only."""
    return build_report(samples_catalog, kind="feedback", as_of=AS_OF)


@pytest.fixture(scope="module")
def expected() -> dict[str, float]:
    """The headline figures computed straight from the CSV files with DuckDB, as known on AS_OF: rows
    dated later left out, churn after AS_OF not yet happened."""
    con = duckdb.connect()
    day = f"DATE '{AS_OF.isoformat()}'"
    files = {n: str(FILES[n]) for n in ("customers", "orders", "feedback")}
    c = f"(SELECT * FROM read_csv_auto('{files['customers']}') WHERE signup_date <= {day})"
    o = f"(SELECT * FROM read_csv_auto('{files['orders']}') WHERE order_date <= {day})"
    f = f"(SELECT * FROM read_csv_auto('{files['feedback']}') WHERE date <= {day})"
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "customers": one(f"SELECT count(*) FROM {c}"),
        "revenue": one(f"SELECT sum(amount) FROM {o}"),
        "revenue june": one(
            f"SELECT sum(amount) FROM {o} WHERE order_date >= DATE '2025-06-01' "
            "AND order_date < DATE '2025-07-01'"
        ),
        "revenue may": one(
            f"SELECT sum(amount) FROM {o} WHERE order_date >= DATE '2025-05-01' "
            "AND order_date < DATE '2025-06-01'"
        ),
        "orders june": one(
            f"SELECT count(*) FROM {o} WHERE order_date BETWEEN DATE '2025-06-01' AND DATE '2025-06-30'"
        ),
        "churn": one(
            "SELECT 100.0 * avg(CASE WHEN lower(churned::VARCHAR) IN ('yes', 'true', '1') "
            f"AND churn_date <= {day} THEN 1 ELSE 0 END) "
            f"FROM {c}"
        ),
        "nps": one(f"SELECT 100.0 * (count_if(nps >= 9) - count_if(nps <= 6)) / count(nps) FROM {f}"),
    }


@needs_samples
def test_headline_figures_match_independent_sql(samples_doc: Document, expected: dict[str, float]) -> None:
    rows = headline_rows(samples_doc)
    assert rows["customers"][1] == expected["customers"]
    assert rows["revenue"][1:4] == pytest.approx(
        (expected["revenue"], expected["revenue june"], expected["revenue may"])
    )
    assert rows["revenue"][4] == f"{(expected['revenue june'] / expected['revenue may'] - 1) * 100:+.1f}%"
    assert rows["orders"][2] == expected["orders june"]
    assert rows["churn rate (%)"][1] == pytest.approx(expected["churn"])
    assert rows["NPS"][1] == pytest.approx(expected["nps"])
    assert samples_doc.sections[0].answer.columns[2:4] == ("June 2025", "May 2025")


@needs_samples
def test_mean_sentiment_is_the_mean_vader_compound_of_the_comments(samples_doc: Document) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    con = duckdb.connect()
    texts = [
        r[0]
        for r in con.execute(
            f"SELECT comment FROM read_csv_auto('{FILES['feedback']}') WHERE trim(comment) <> '' "
            f"AND date <= DATE '{AS_OF.isoformat()}'"
        ).fetchall()
    ]
    analyzer = SentimentIntensityAnalyzer()
    expected = sum(analyzer.polarity_scores(t)["compound"] for t in texts) / len(texts)
    assert headline_rows(samples_doc)["mean sentiment"][1] == pytest.approx(expected, rel=1e-9)


@needs_samples
def test_the_html_report_shows_the_numbers_and_is_self_contained(
    samples_doc: Document, expected: dict[str, float], tmp_path: Path
) -> None:
    page = render_html(samples_doc)
    assert_self_contained(page)
    assert f"{expected['customers']:,}" in page
    assert f"{expected['revenue']:,.0f}" in page
    assert f"{expected['churn']:.1f}%" in page
    svgs = inline_svgs(page)
    assert svgs, "the trends section draws a chart"
    for svg in svgs:
        assert ET.fromstring(svg).tag == SVG_NS
    assert "June 2025 is compared with May 2025" in page


def test_markdown_report_links_chart_files_beside_it(tmp_path: Path) -> None:
    catalog = load(small_crm(tmp_path))
    path = write_report(catalog, kind="churn", fmt="md", output=tmp_path / "out" / "churn.md", as_of=AS_OF)
    text = path.read_text()
    assert text.startswith("# Churn report")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links and all(link.startswith("churn_charts/") for link in links)
    for link in links:
        assert ET.parse(path.parent / link).getroot().tag == SVG_NS


def test_data_without_dates_or_feedback_leaves_those_sections_out(tmp_path: Path) -> None:
    customers = write_csv(
        tmp_path / "customers.csv",
        "customer_id,plan,monthly_fee,churn",
        [
            f"{i},{'Basic' if i % 3 else 'Pro'},{20 + i % 7}.5,{'Yes' if i % 4 == 0 else 'No'}"
            for i in range(1, 41)
        ],
    )
    doc = build_report(load([customers]), kind="overview", as_of=dt.date(2024, 5, 10))
    headings = [s.heading for s in doc.sections]
    assert "Headline figures" in headings and "Trends by month" not in headings
    assert doc.missing.startswith("Not in this report:") and "\n" not in doc.missing
    for part in ("trends by month", "NPS", "mean sentiment", "revenue"):
        assert part in doc.missing
    rows = headline_rows(doc)
    assert rows["customers"][1] == 40
    assert rows["churn rate (%)"][1] == pytest.approx(100 * 10 / 40)
    assert doc.sections[0].answer.columns == ("metric", "all data")  # no periods to compare
    assert "compared" not in " ".join(doc.meta)
    page = render_html(doc)
    assert "Not in this report:" in page and "Trends by month" not in page


def orders_csv(folder: Path, count: int) -> Path:
    """`count` orders spread over January to April 2024 (order i in month i % 4 + 1), amount 10 * i."""
    return write_csv(
        folder / "orders.csv",
        "order_id,customer_id,order_date,amount",
        [f"{i},{i % 5 + 1},2024-0{i % 4 + 1}-1{i % 9},{10 * i}.0" for i in range(1, count + 1)],
    )


def test_dated_orders_without_feedback_give_trends_but_no_sentiment(tmp_path: Path) -> None:
    customers = write_csv(tmp_path / "customers.csv", "customer_id,plan", [f"{i},Basic" for i in range(1, 6)])
    orders = orders_csv(tmp_path, 200)
    doc = build_report(load([customers, orders]), kind="overview", as_of=dt.date(2024, 5, 1))
    trend = next(s.answer for s in doc.sections if s.heading == "Trends by month")
    con = duckdb.connect()
    expected = con.execute(
        f"SELECT date_trunc('month', order_date)::DATE AS m, sum(amount) FROM read_csv_auto('{orders}') "
        "GROUP BY m ORDER BY m"
    ).fetchall()
    assert [(r[0], r[1]) for r in trend.rows] == [(m, pytest.approx(v)) for m, v in expected]
    rows = headline_rows(doc)
    april = sum(10 * i for i in range(1, 201) if i % 4 + 1 == 4)
    march = sum(10 * i for i in range(1, 201) if i % 4 + 1 == 3)
    assert rows["revenue"][2:4] == pytest.approx((april, march))
    assert doc.sections[0].answer.columns[2:4] == ("April 2024", "March 2024")
    assert "mean sentiment" in doc.missing and "Trends by month" in [s.heading for s in doc.sections]


def test_a_configured_revenue_metric_replaces_the_amount_sum(tmp_path: Path) -> None:
    from catalog.semantic import Metric

    orders = write_csv(
        tmp_path / "orders.csv",
        "order_id,customer_id,order_date,quantity,unit_price",
        [f"{i},{i % 3 + 1},2024-0{i % 2 + 1}-0{i % 9 + 1},{i % 4 + 1},{i}.5" for i in range(1, 121)],
    )
    catalog = load([orders])
    catalog.model.metrics["revenue"] = Metric("revenue", "orders", "sum(quantity * unit_price)", "money")
    rows = headline_rows(build_report(catalog, kind="overview", as_of=dt.date(2024, 3, 1)))
    lines = [(i % 2 + 1, (i % 4 + 1) * (i + 0.5)) for i in range(1, 121)]
    february = sum(v for month, v in lines if month == 2)
    january = sum(v for month, v in lines if month == 1)
    assert rows["revenue"][1:4] == pytest.approx((january + february, february, january))


def test_few_orders_a_month_compare_quarters(tmp_path: Path) -> None:
    orders = orders_csv(tmp_path, 20)
    doc = build_report(load([orders]), kind="overview", as_of=dt.date(2024, 7, 10))
    rows = headline_rows(doc)
    second_quarter = sum(10 * i for i in range(1, 21) if i % 4 + 1 == 4)
    first_quarter = sum(10 * i for i in range(1, 21) if i % 4 + 1 in (1, 2, 3))
    assert doc.sections[0].answer.columns[2:4] == ("Q2 2024", "Q1 2024")
    assert rows["revenue"][2:4] == pytest.approx((second_quarter, first_quarter))


@pytest.mark.parametrize("kind", ["overview", "churn", "segments", "feedback"])
def test_every_kind_writes_a_titled_page(kind: str, tmp_path: Path) -> None:
    customers = write_csv(
        tmp_path / "customers.csv",
        "customer_id,plan,churn",
        [f"{i},Basic,{'Yes' if i % 2 else 'No'}" for i in range(1, 9)],
    )
    path = write_report(
        load([customers]), kind=kind, fmt="html", output=tmp_path / kind, as_of=dt.date(2024, 1, 1)
    )
    assert path.suffix == ".html"
    page = path.read_text()
    assert re.search(r"<h1>[A-Z][a-z]", page)
    assert_self_contained(page)
    with pytest.raises(ValueError):
        write_report(load([customers]), kind="weekly", fmt="html", output=tmp_path / "w.html")


def small_crm(folder: Path) -> list[Path]:
    """300 customers, a year of orders and feedback, churn tied to the plan: enough for every skill."""
    rng = random.Random(7)
    plans = {"Basic": 0.45, "Pro": 0.2, "Enterprise": 0.08}
    comments = (
        "Great support, the team is friendly and quick.",
        "I love the reports, they save us hours.",
        "The app is slow and crashes all the time, very frustrating.",
        "Billing charged us twice, terrible experience.",
        "Setup was easy and the docs are helpful.",
        "",
    )
    customers, orders, feedback = [], [], []
    for cid in range(1, 301):
        plan = rng.choice(list(plans))
        signup = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(365))
        churn = "Yes" if rng.random() < plans[plan] else "No"
        customers.append(f"{cid},{plan},{signup},{rng.randint(20, 200)}.0,{churn}")
        for _ in range(rng.randint(1, 8)):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
            orders.append(f"{len(orders) + 1},{cid},{day},{rng.randint(5, 500)}.{rng.randint(0, 99):02d}")
        if rng.random() < 0.6:
            day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
            feedback.append(f'{len(feedback) + 1},{cid},{day},{rng.randint(0, 10)},"{rng.choice(comments)}"')
    return [
        write_csv(folder / "customers.csv", "customer_id,plan,signup_date,monthly_fee,churn", customers),
        write_csv(folder / "orders.csv", "order_id,customer_id,order_date,amount", orders),
        write_csv(folder / "feedback.csv", "feedback_id,customer_id,date,nps,comment", feedback),
    ]


def test_the_overview_gathers_every_available_analysis(tmp_path: Path) -> None:
    catalog = load(small_crm(tmp_path))
    doc = build_report(catalog, kind="overview", as_of=dt.date(2025, 1, 1))
    headings = [s.heading for s in doc.sections]
    assert headings[:2] == ["Headline figures", "Trends by month"]
    assert "failed" not in doc.missing, doc.missing
    for key in (k for k in KINDS["overview"] if k in SKILL_SECTIONS):
        spec = SKILL_SECTIONS[key]
        skill, _why = find_skill(spec.names, catalog)
        assert (spec.heading in headings) == (skill is not None), (spec.heading, doc.missing)
    rows = headline_rows(doc)
    assert rows["customers"][1] == 300
    assert rows["revenue"][0] == "revenue" and doc.sections[0].answer.columns[2:4] == (
        "December 2024",
        "November 2024",
    )
    drivers = next((s.answer for s in doc.sections if s.heading == "What drives churn"), None)
    if drivers is not None:  # a sentence a row is said by the section's text, not repeated in the table
        assert (
            "explanation" not in drivers.columns
            and drivers.rows
            and len(drivers.rows[0]) == len(drivers.columns)
        )
    page = render_html(doc)
    assert_self_contained(page)
    for svg in inline_svgs(page):
        assert ET.fromstring(svg).tag == SVG_NS


CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None
)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
@needs_samples
def test_chromium_renders_the_report_to_a_non_blank_png(samples_doc: Document, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(samples_doc))
    png = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    profile.mkdir()
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=412,1600", f"--screenshot={png}",
    ]  # fmt: skip
    subprocess.run([CHROMIUM, *flags, page.as_uri()], check=True, timeout=120, capture_output=True,
                   env={**os.environ, "HOME": str(tmp_path)})  # fmt: skip
    import matplotlib.image as mpimg

    pixels = mpimg.imread(png)
    assert pixels.std() > 0.01, "the screenshot is blank"


def test_a_section_that_fails_is_named_and_the_rest_is_written(tmp_path: Path) -> None:
    from catalog.semantic import Role

    orders = write_csv(
        tmp_path / "orders.csv",
        "order_id,customer_id,order_date,amount",
        [f"{i},{i % 3 + 1},not a date {i},{i}.0" for i in range(1, 11)],
    )
    catalog = load([orders])
    column = catalog.model.tables["orders"].columns["order_date"]
    column.role, column.dtype = Role.TIME, "DATE"  # a role inferred wrongly: the text does not read as dates
    doc = build_report(catalog, kind="overview", as_of=dt.date(2024, 1, 1))
    assert "trends by month (failed:" in doc.missing
    assert render_html(doc).count("<section") == len(doc.sections)


@needs_samples
def test_headline_cards_show_the_latest_period_labelled_and_in_units(
    samples_doc: Document, expected: dict[str, float]
) -> None:
    answer = samples_doc.sections[0].answer
    cards = {label: (value, note) for label, value, note in answer.extra["cards"]}
    revenue_change = f"{(expected['revenue june'] / expected['revenue may'] - 1) * 100:+.1f}%"
    assert cards["revenue"] == (
        f"${expected['revenue june']:,.0f}",
        f"June 2025, {revenue_change} vs May 2025; all data ${expected['revenue']:,.0f}",
    )
    assert cards["orders"][0] == f"{expected['orders june']:,}"
    assert cards["churn rate"] == (f"{expected['churn']:.1f}%", "all data")
    assert cards["customers"] == (f"{expected['customers']:,}", "all data")
    assert (
        answer.text.startswith("In June 2025 (vs May 2025): ")
        and f"revenue ${expected['revenue june']:,.0f} ({revenue_change})" in answer.text
    )
    assert f"churn rate {expected['churn']:.1f}%" in answer.text and "(%)" not in answer.text


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        ("money", 17952441.4, "$17,952,441"),
        ("money", -12.5, "-$12.50"),
        ("percent", 26.36, "26.4%"),
        ("score", -16.5, "-16.5"),
        ("compound", 0.195, "+0.20"),
        ("number", 5000, "5,000"),
    ],
)
def test_figures_read_in_their_unit(unit: str, value: float, text: str) -> None:
    from assistant.health import Figure

    figure = Figure("x", value, None, None, "relative", "", unit)
    assert figure.show(value) == text and figure.show(None) == ""
    assert figure.name == ("x (%)" if unit == "percent" else "x")


def test_hidden_columns_leave_the_table_but_never_the_chart() -> None:
    from assistant.sections import without_columns
    from catalog.answer import Answer, Chart

    answer = Answer(
        "q", "answer", "t", columns=("feature", "lift", "explanation", "quote_2"),
        rows=(("plan", 2.5, "Basic churns more", "a"), ("region", 1.2, "EMEA churns more", "b")),
        row_count=2, chart=Chart("bar", "feature", ("lift",)),
    )  # fmt: skip
    trimmed = without_columns(answer, ("explanation", "quote_2", "lift"))
    assert trimmed.columns == ("feature", "lift")
    assert trimmed.rows == (("plan", 2.5), ("region", 1.2)) and trimmed.row_count == 2
    assert without_columns(answer, ()) is answer


@needs_samples
def test_customers_won_and_lost_by_month_match_independent_sql(samples_catalog: Catalog) -> None:
    from assistant.health import Context, customer_flow, trends

    ctx = Context.create(samples_catalog, AS_OF)
    flow = customer_flow(ctx)
    assert flow.columns == ("month", "new customers", "churned customers")
    assert flow.chart is not None and flow.chart.y == ("new customers", "churned customers")
    con = duckdb.connect()
    c = FILES["customers"]
    counts = {
        name: dict(
            con.execute(
                f"SELECT date_trunc('month', {col})::DATE, count(*) FROM read_csv_auto('{c}') "
                f"WHERE {col} >= DATE '2023-07-01' AND {col} < DATE '2025-07-01' GROUP BY 1"
            ).fetchall()
        )
        for name, col in (("new", "signup_date"), ("churned", "churn_date"))
    }
    months = sorted(set(counts["new"]) | set(counts["churned"]))
    assert [r[0] for r in flow.rows] == months and months[-1] == dt.date(2025, 6, 1)
    assert [r[1:] for r in flow.rows] == [
        (counts["new"].get(m, 0), counts["churned"].get(m, 0)) for m in months
    ]
    june, year_ago = counts["new"][dt.date(2025, 6, 1)], counts["new"][dt.date(2024, 6, 1)]
    assert flow.text.startswith(
        f"In June 2025: new customers {june:,} ({(june / year_ago - 1) * 100:+.1f}% on June 2024)"
    )
    sales = trends(ctx)
    assert sales.columns == ("month", "revenue", "orders") and sales.chart is not None
    assert sales.chart.y == ("revenue",)
    revenue = con.execute(
        f"SELECT sum(amount) FROM read_csv_auto('{FILES['orders']}') "
        "WHERE order_date >= DATE '2025-06-01' AND order_date < DATE '2025-07-01'"
    ).fetchone()[0]
    assert sales.text.startswith(f"In June 2025: revenue ${revenue:,.0f} (")
