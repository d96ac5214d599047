"""The report renderer: answers and conversations as Markdown, HTML and CSV files."""

from __future__ import annotations

import csv
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.report import Period, cell, write_answers, write_conversation
from catalog.answer import Answer, Chart, json_value

SVG_NS = "{http://www.w3.org/2000/svg}svg"
EXTERNAL = (
    re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"url\(\s*['\"]?(?!#)", re.I),
)
"""Anything that would make a browser fetch from the network (or another file)."""


def inline_svgs(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, re.S)


def assert_self_contained(page: str) -> None:
    for pattern in EXTERNAL:
        assert not pattern.search(page), pattern.pattern


def plans_answer() -> Answer:
    rows = tuple((f"plan {i:03d}", i * 10, i / 7) for i in range(120))
    return Answer(
        question="revenue by plan",
        status="answer",
        text="Revenue is highest for plan 119 <script>alert(1)</script>.",
        interpretation="sum of amount by plan | all rows",
        sql='SELECT plan, sum(amount) AS revenue, avg(x) AS share FROM "orders" GROUP BY plan',
        columns=("plan", "revenue", "share"),
        rows=rows,
        row_count=len(rows),
        chart=Chart("bar", "plan", ("revenue",), "Revenue by plan"),
        model_card={"rows used": 120, "CV ROC-AUC": 0.8412},
        notes=("'revnue' read as 'revenue'",),
        extra={
            "quotes": ["Great support!", "Too slow | sometimes"],
            "drivers": [{"feature": "contract", "lift": 2.5, "churn_rate": 0.25}],
            "assignments": [{"customer": i, "cluster": i % 3} for i in range(30)],
        },
    )


def trend_answer() -> Answer:
    months = [dt.date(2024, m, 1) for m in range(1, 13)]
    return Answer(
        question="orders by month",
        status="answer",
        text="Orders grew from 10 in January 2024 to 120 in December 2024.",
        sql='SELECT month, count(*) AS orders FROM "orders" GROUP BY month',
        columns=("month", "orders"),
        rows=tuple((m, 10 * m.month) for m in months),
        row_count=12,
        chart=Chart("line", "month", ("orders",)),
    )


def clarify_answer() -> Answer:
    return Answer(
        question="revenue by region",
        status="clarify",
        text="I don't know 'region' — the data has: plan, country.",
        suggestions=("revenue by plan", "revenue by country"),
    )


def test_markdown_holds_each_part_and_links_valid_svg_charts(tmp_path: Path) -> None:
    answers = [plans_answer(), trend_answer(), clarify_answer()]
    path = write_answers(answers, "md", tmp_path / "out.md")
    text = path.read_text()
    assert "Revenue is highest for plan 119" in text
    assert "*Understood as:* sum of amount by plan" in text
    assert "_showing 50 of 120 rows_" in text
    assert "| plan 049 | 490 |" in text and "plan 050" not in text
    assert "- Too slow | sometimes" in text  # a list of texts is a bullet list
    assert "| contract | 2.50 | 25.0% |" in text  # a 0-1 rate reads as a percentage
    assert "Assignments" not in text  # big side tables are data for other tools, not for reading
    assert "```sql\nSELECT plan, sum(amount)" in text
    assert "- revenue by country" in text
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) == 2  # the clarify answer has no chart
    for link in links:
        root = ET.parse(path.parent / link).getroot()
        assert root.tag == SVG_NS


def test_html_is_one_self_contained_page_with_valid_inline_svg(tmp_path: Path) -> None:
    path = write_answers([plans_answer(), trend_answer(), clarify_answer()], "html", tmp_path / "out.html")
    page = path.read_text()
    assert_self_contained(page)
    assert '<meta name="viewport"' in page and "@media print" in page and "overflow-x: auto" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "showing 50 of 120 rows" in page
    svgs = inline_svgs(page)
    assert len(svgs) == 2
    for svg in svgs:
        assert ET.fromstring(svg).tag == SVG_NS
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "inlined charts must not share element ids"
    refs = set(re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', page))
    assert {r for pair in refs for r in pair if r} <= set(ids)
    assert list(tmp_path.iterdir()) == [path]  # nothing written beside an HTML file


def test_csv_holds_the_last_answers_table_unformatted(tmp_path: Path) -> None:
    last = trend_answer()
    path = write_answers([plans_answer(), last], "csv", tmp_path / "t.csv")
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(last.columns)
    assert rows[1:] == [[str(json_value(v)) for v in row] for row in last.rows]


def test_csv_of_an_answer_without_a_table_keeps_its_sentence(tmp_path: Path) -> None:
    path = write_answers([clarify_answer()], "csv", tmp_path / "c.csv")
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["question", "status", "text"], ["revenue by region", "clarify", clarify_answer().text]]


def test_default_paths_are_in_the_current_folder_and_never_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = write_answers([trend_answer()], "md", None)
    second = write_answers([trend_answer()], "md", None)
    assert first.parent == second.parent == tmp_path
    assert first.name == "cra-orders-by-month.md" and second.name == "cra-orders-by-month-2.md"
    assert first.read_text() == second.read_text().replace(
        "cra-orders-by-month-2_charts", "cra-orders-by-month_charts"
    )


def test_conversation_keeps_questions_in_order_and_format_follows_the_suffix(tmp_path: Path) -> None:
    answers = [trend_answer(), clarify_answer(), plans_answer()]
    md = write_conversation(answers, tmp_path / "chat.md")
    text = md.read_text()
    positions = [text.index(f"## {a.question}") for a in answers]
    assert positions == sorted(positions)
    page = write_conversation(answers, tmp_path / "chat.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    positions = [page.index(f"<h2>{a.question}</h2>") for a in answers]
    assert positions == sorted(positions)
    folder = write_conversation(answers, tmp_path)
    assert folder.parent == tmp_path and folder.suffix == ".md"


def test_unknown_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_answers([trend_answer()], "pdf", tmp_path / "x.pdf")
    with pytest.raises(ValueError):
        write_conversation([trend_answer()], tmp_path / "x.csv", "csv")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "yes"),
        (1234567, "1,234,567"),
        (1234.4, "1,234"),
        (12.345, "12.35"),
        (0.12345, "0.123"),
        (-0.0001, "0.000"),
        (-0.25, "-0.250"),
        (float("nan"), ""),
        (dt.date(2024, 3, 1), "2024-03-01"),
        (dt.datetime(2024, 3, 1), "2024-03-01"),
        ("a\nb", "a b"),
    ],
)
def test_cells_read_well(value: object, text: str) -> None:
    assert cell(value) == text


PERIODS = [  # as of, grain -> start, end, previous start, label
    ("2024-11-15", "month", "2024-10-01", "2024-11-01", "2024-09-01", "October 2024"),
    ("2024-11-01", "month", "2024-10-01", "2024-11-01", "2024-09-01", "October 2024"),
    ("2025-01-02", "month", "2024-12-01", "2025-01-01", "2024-11-01", "December 2024"),
    ("2025-02-28", "quarter", "2024-10-01", "2025-01-01", "2024-07-01", "Q4 2024"),
    ("2025-04-01", "quarter", "2025-01-01", "2025-04-01", "2024-10-01", "Q1 2025"),
    ("2025-09-30", "quarter", "2025-04-01", "2025-07-01", "2025-01-01", "Q2 2025"),
]


@pytest.mark.parametrize(("as_of", "grain", "start", "end", "prev", "label"), PERIODS)
def test_the_period_is_the_last_full_month_or_quarter_before_as_of(
    as_of: str, grain: str, start: str, end: str, prev: str, label: str
) -> None:
    period = Period.before(dt.date.fromisoformat(as_of), grain)
    days = tuple(dt.date.fromisoformat(d) for d in (start, end, prev))
    assert (period.start, period.end, period.prev_start, period.label) == (*days, label)


def test_importing_the_report_modules_stays_light() -> None:
    import subprocess
    import sys

    heavy = ("pandas", "matplotlib", "sklearn", "scipy", "vaderSentiment", "textual")
    code = (
        f"import sys, assistant.report, assistant.charts; print([m for m in {heavy!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_tables_read_as_words_numbers_and_percentages(tmp_path: Path) -> None:
    import numpy as np

    answer = Answer(
        question="themes",
        status="answer",
        text="Themes.",
        columns=("theme", "texts", "mean_compound", "average_order_value", "month"),
        rows=(
            ("late delivery", np.int64(1234), -0.0001, 757.56, dt.date(2024, 3, 1)),
            ("refund", np.int64(56), 0.42, 1111.2, dt.date(2024, 4, 1)),
        ),
        row_count=2,
        model_card={"base rate": 0.264, "cv roc auc": 0.742, "rows used": 5000},
    )
    page = write_answers([answer], "html", tmp_path / "t.html").read_text()
    assert '<th class="num">mean compound</th>' in page and '<th class="num">average order value</th>' in page
    assert '<td class="num">1,234</td>' in page  # numpy integers are numbers: formatted, right-aligned
    assert '<td class="num">0.000</td>' in page and "-0.000" not in page  # no sign on a rounded zero
    assert (
        '<td class="num">758</td>' in page and '<td class="num">1,111</td>' in page
    )  # one precision a column
    assert '<td class="nw">2024-03</td>' in page  # short one-word cells never wrap
    assert "<dt>base rate</dt><dd>26.4%</dd>" in page and "<dt>cv roc auc</dt><dd>0.742</dd>" in page
    text = write_answers([answer], "md", tmp_path / "t.md").read_text()
    assert "| theme | texts | mean compound | average order value | month |" in text
    assert "| base rate | 26.4% |" in text


def test_mixed_magnitudes_keep_their_decimals() -> None:
    from assistant.report_render import table_view

    view = table_view(
        ("metric", "all data"), [("customers", 5000), ("churn rate (%)", 26.36), ("x", 0.195)], 3
    )
    assert [row[1] for row in view.cells] == ["5,000", "26.36", "0.195"]
    assert view.numeric == (False, True) and view.more == ""


def test_notes_and_model_cards_shared_by_sections_are_shown_once(tmp_path: Path) -> None:
    card = {"model": "gradient boosting", "rows used": 100}
    first = Answer("a", "answer", "First.", notes=("874 blank comments skipped.",), model_card=card)
    second = Answer(
        "b", "answer", "Second.", notes=("874 blank comments skipped.", "only in b"), model_card=card
    )
    page = write_conversation([first, second], tmp_path / "c.html").read_text()
    assert page.count("874 blank comments skipped.") == 1 and "only in b" in page
    assert page.count("gradient boosting") == 1 and "Model: the same as above." in page
    text = write_conversation([first, second], tmp_path / "c.md").read_text()
    assert text.count("874 blank comments skipped.") == 1 and "- only in b" in text


def test_a_single_series_chart_names_its_value_axis() -> None:
    from assistant.charts import chart_svg

    rows = [("Basic", 0.4), ("Pro", 0.2), ("Enterprise plan with a long name", 0.1)]
    svg = chart_svg(Chart("bar", "plan", ("churn_probability",)), ("plan", "churn_probability"), rows)
    assert svg is not None and ET.fromstring(svg).tag == SVG_NS
    assert "churn probability" in svg  # the axis title, kept as text (svg.fonttype none)


def test_retention_shares_read_as_percentages_in_the_table_and_on_the_axis(tmp_path: Path) -> None:
    rows = ((dt.date(2024, 1, 1), 94, 0.979, 0.826), (dt.date(2024, 2, 1), 78, 1.0, None))
    answer = Answer(
        question="retention by cohort",
        status="answer",
        text="Retention.",
        columns=("cohort", "customers", "month_1", "month_6"),
        rows=rows,
        row_count=2,
        chart=Chart("line", "cohort", ("month_1", "month_6")),
    )
    page = write_answers([answer], "html", tmp_path / "r.html").read_text()
    assert '<td class="num">97.9%</td>' in page and '<td class="num">100.0%</td>' in page
    assert '<td class="num">82.6%</td>' in page and '<td class="num">94</td>' in page
    svg = inline_svgs(page)[0]
    ticks = re.findall(r">\d+(?:\.\d+)?%<", svg)
    assert len(ticks) >= 3 and "month 6" in svg  # percent ticks, legend in words


def monthly_by_plan(plans: dict[str, int], months: int = 6) -> tuple[tuple[str, ...], list[tuple]]:
    """month, plan, active_at_start, churn_rate rows; plan `p` has `plans[p]` customers, one churn a month."""
    rows = [
        (dt.date(2024, m, 1), plan, size, 1 / size)
        for m in range(1, months + 1)
        for plan, size in plans.items()
        if not (plan == "Pro" and m == 3)  # a month without a row for one group
    ]
    return ("month", "plan", "active_at_start", "churn_rate"), rows


def data_lines(svg: str) -> list[ET.Element]:
    """The plotted lines of a matplotlib SVG: clipped to the axes and drawn in a palette colour."""
    from assistant.charts import PALETTE

    paths = ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}path")
    return [
        p
        for p in paths
        if p.get("clip-path") and any(f"stroke: {c}" in (p.get("style") or "") for c in PALETTE)
    ]


def svg_texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


def test_a_grouped_line_chart_draws_one_line_per_group_with_a_legend() -> None:
    from assistant.charts import chart_svg

    plans = {"Basic": 400, "Pro": 250, "Enterprise": 60}
    columns, rows = monthly_by_plan(plans)
    svg = chart_svg(Chart("line", "month", ("churn_rate",), "Monthly churn rate by plan"), columns, rows)
    assert svg is not None
    assert len(data_lines(svg)) == len(plans)
    legend = ET.fromstring(svg).find(".//{http://www.w3.org/2000/svg}g[@id='legend_1']")
    assert legend is not None
    assert {t.text for t in legend.iter("{http://www.w3.org/2000/svg}text")} == set(plans)


def test_a_grouped_line_chart_keeps_the_largest_groups_and_says_so() -> None:
    from assistant.charts import MAX_LINES, chart_svg

    plans = {f"plan {i:02d}": 10 * (i + 1) for i in range(12)}
    columns, rows = monthly_by_plan(plans)
    svg = chart_svg(Chart("line", "month", ("churn_rate",)), columns, rows)
    assert svg is not None
    assert len(data_lines(svg)) == MAX_LINES
    largest = sorted(plans, key=lambda p: -plans[p])[:MAX_LINES]
    texts = svg_texts(svg)
    assert set(largest) <= set(texts) and not set(plans) - set(largest) & set(texts)
    assert f"{MAX_LINES} of {len(plans)} groups shown, the largest by active at start" in texts


def test_a_line_chart_whose_text_labels_each_point_stays_one_line() -> None:
    from assistant.charts import chart_svg

    rows = [(dt.date(2024, m, 1), f"{m:02d}", 100 + m, m / 100) for m in range(1, 13)]
    columns = ("month", "month_name", "customers", "churn_rate")
    svg = chart_svg(Chart("line", "month", ("churn_rate",)), columns, rows)
    assert svg is not None and len(data_lines(svg)) == 1


def test_chart_rows_limit_the_bars_not_the_table(tmp_path: Path) -> None:
    from assistant.charts import CHART_ROWS, answer_chart_svg

    rows = (("tenure", 0.2), ("contract", 0.05), ("gender", 0.0), ("region", -0.001))
    answer = Answer(
        "what drives churn", "answer", "Tenure.", columns=("feature", "importance"), rows=rows,
        row_count=4, chart=Chart("bar", "feature", ("importance",)), extra={CHART_ROWS: 2},
    )  # fmt: skip
    svg = answer_chart_svg(answer)
    assert svg is not None
    texts = svg_texts(svg)
    assert "tenure" in texts and "contract" in texts and "gender" not in texts and "region" not in texts
    page = write_answers([answer], "html", tmp_path / "d.html").read_text()
    assert "<td>region</td>" in page or ">region<" in page  # the table keeps every row


def test_a_share_shows_once_as_a_percentage_and_csv_keeps_its_points(tmp_path: Path) -> None:
    answer = Answer(
        question="churn rate by plan",
        status="answer",
        text="Churn rate by plan.",
        columns=("plan", "churn_rate", "churn_rate_percent"),
        rows=(("Basic", 0.399, 39.9), ("Pro", 0.142, 14.2)),
        row_count=2,
    )
    text = write_answers([answer], "md", tmp_path / "t.md").read_text()
    assert "| plan | churn rate |" in text and "| Basic | 39.9% |" in text and "percent" not in text
    page = write_answers([answer], "html", tmp_path / "t.html").read_text()
    assert "churn rate percent" not in page and "39.9%" in page
    table = write_answers([answer], "csv", tmp_path / "t.csv").read_text()
    assert "churn_rate_percent" in table.splitlines()[0] and "39.9" in table
