"""What a person reads of an answer (issue #14): grouped rows sorted to show the top, numeric keys in
stated bands, shares as %, plain ids, one number format per column, narrow tables that keep their
figures; `cra ask` and the chat alike. Figures are checked against an independent DuckDB query."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from assistant.cli import main, render_text
from assistant.display import cut, fit, shown, text_table
from assistant.engine import Assistant
from assistant.report_render import column_cells
from catalog import Catalog

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
needs_samples = pytest.mark.skipif(not (SAMPLES / "customers.csv").exists(), reason="samples not generated")


def _members(n: int = 400) -> tuple[str, list[list[object]]]:
    """Members with a tenure of 0..72 months (73 values), a plan and a churn flag."""
    rows = []
    for i in range(n):
        tenure = (i * 7) % 73
        churned = "Yes" if (i % 5 == 0 or tenure < 6 and i % 2) else "No"
        rows.append([i + 1, ("Basic", "Pro", "Team")[i % 3], tenure, churned, round(20 + (i % 17) * 3.5, 2)])
    return "id,plan,tenure,churned,monthly_fee", rows


TABLES = {"members": _members()}


def test_a_numeric_key_with_many_values_is_shown_in_stated_bands(
    loaded: Catalog, ref: duckdb.DuckDBPyConnection
) -> None:
    catalog = loaded
    answer = Assistant(catalog).ask("churn rate by tenure")
    assert answer.status == "answer" and answer.row_count == 73  # the answer itself keeps each value
    table = shown(answer)
    assert "tenure takes 73 values (0 to 72): shown in bands of 10" in table.note.lower()
    expected = ref.execute(
        "SELECT floor(tenure / 10) * 10 AS band, avg(CASE WHEN churned = 'Yes' THEN 1 ELSE 0 END), count(*) "
        "FROM members GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in table.rows] == [f"{int(b)}–{int(b) + 9}" for b, _, _ in expected]
    rate, n = table.columns.index(answer.columns[1]), table.columns.index("n")
    for got, (_, share, count) in zip(table.rows, expected, strict=True):
        assert got[rate] == pytest.approx(share) and got[n] == count
    # the chart draws the bands too, and the text output prints them all with the note
    assert [r[0] for r in answer.extra["chart_table"]] == [r[0] for r in table.rows]
    text = render_text(answer, 1000, width=120)
    assert "shown in bands of 10" in text and "70–79" in text


def test_categories_are_sorted_by_the_figure_highest_first(
    loaded: Catalog, ref: duckdb.DuckDBPyConnection
) -> None:
    catalog = loaded
    answer = Assistant(catalog).ask("average monthly fee by plan")
    expected = ref.execute("SELECT plan FROM members GROUP BY 1 ORDER BY avg(monthly_fee) DESC").fetchall()
    assert [r[0] for r in answer.rows] == [p for (p,) in expected]


@needs_samples
def test_cra_ask_shows_the_highest_groups_and_percentages(capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    assert main(["ask", "total amount by country"]) == 0
    out = capsys.readouterr().out
    con = duckdb.connect()
    con.execute(f"CREATE VIEW orders AS SELECT * FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")
    con.execute(f"CREATE VIEW customers AS SELECT * FROM read_csv_auto('{SAMPLES / 'customers.csv'}')")
    ranked = con.execute(
        "SELECT c.country, sum(o.amount) FROM orders o LEFT JOIN customers c ON o.customer_id = c.id "
        "GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    printed = [
        line.split("  ")[1].strip() for line in out.splitlines() if line.startswith("  ") and "  " in line[2:]
    ]
    top = ranked[0][0]
    assert top in printed[:3] and f"{ranked[0][1]:,.0f}" in out
    assert ranked[-1][0] not in out.split("understood as")[1]  # the lowest of 25 is past the 20 shown

    assert main(["ask", "churn rate by plan"]) == 0
    out = capsys.readouterr().out
    ((basic,),) = con.execute(
        "SELECT avg(CASE WHEN churned = 'Yes' THEN 1 ELSE 0 END) FROM customers WHERE plan = 'Basic'"
    ).fetchall()
    assert f"{basic * 100:.1f}%" in out and f"{basic:.4g}" not in out
    assert "percent" not in out.split("understood as")[1].split("sql:")[0]  # the share once, as a percentage
    assert main(["ask", "--json", "churn rate by plan"]) == 0
    answer = json.loads(capsys.readouterr().out)
    rows, columns = answer["rows"], answer["columns"]
    assert any(r[1] == pytest.approx(basic) for r in rows)  # JSON keeps the raw share
    assert any(
        r[columns.index(f"{columns[1]}_percent")] == pytest.approx(basic * 100) for r in rows
    )  # and its points


@needs_samples
def test_identifiers_print_without_thousands_separators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "top 5 customers by total amount"]) == 0
    out = capsys.readouterr().out
    ids = [int(m) for m in re.findall(r"^\s+(\d+)\s+[\d,]+\s", out, re.M)]
    assert ids and any(i >= 1000 for i in ids)
    assert not re.search(r"^\s+\d{1,3},\d{3}\s+[\d,]+\s", out, re.M)


def test_one_format_per_column() -> None:
    columns = ("plan", "amount", "churn_rate", "n", "ci_low", "ci_high", "order_id", "year")
    rows = [
        ("a", 1053.0, 0.05499, 491, 0.038, 0.0788, 1652, 2024),
        ("b", 202.29, 0.3994, 1958, 0.37, 0.42, 7, 2025),
    ]
    formats = column_cells(columns, rows)
    text = [[f(v) for f, v in zip(formats, row, strict=True)] for row in rows]
    assert text[0] == ["a", "1,053", "5.5%", "491", "3.8%", "7.9%", "1652", "2024"]
    assert text[1] == ["b", "202", "39.9%", "1,958", "37.0%", "42.0%", "7", "2025"]
    small = column_cells(("avg",), [(1.5,), (12.25,)])[0]
    assert [small(1.5), small(12.25)] == ["1.50", "12.25"]


def test_a_narrow_table_puts_figures_first_and_cuts_text() -> None:
    columns = ("id", "email", "top_reasons", "churn_probability")
    rows = [(1745, "george.okonkwo@mail.com", "monthly fee of $30.45 or less; tenure of 3 or less", 0.9107)]
    lines = text_table(columns, rows, 60)
    assert all(len(line) <= 60 for line in lines)
    header = lines[0].split()
    assert header[:2] == ["id", "churn_probability"]
    assert "91.1%" in lines[1] and "…" in lines[1]
    order, widths = fit(list(columns), [["1", "a", "b", "9"]], [True, False, False, True], 80)
    assert order == [0, 1, 2, 3]  # a table that fits is left as it is


def test_at_risk_answer_fits_80_columns(crm) -> None:
    import datetime as dt

    header = "id,name,email,plan,signup_date,monthly_fee,churned,churn_date"
    rows = []
    for i in range(1, 241):
        churned = i % 4 == 0
        rows.append(
            [i, f"Person {i}", f"person.number{i}@example-mail-provider.com", ("Basic", "Pro")[i % 2],
             f"2023-{1 + i % 12:02d}-01", 20 + (i % 9) * 11 if i % 3 else 25, "Yes" if churned else "No",
             f"2024-{1 + i % 12:02d}-15" if churned else ""]
        )  # fmt: skip
    bot = crm.assistant({"customers": (header, rows)}, as_of=dt.date(2024, 12, 31), name="atrisk")
    answer = bot.ask("which customers are most likely to churn?")
    assert answer.status == "answer", answer.text
    lines = render_text(answer, 20, width=80).splitlines()
    table = [
        line
        for line in lines
        if line.startswith("  ") and not line.lstrip().startswith(("note", "understood", "sql", "try", "..."))
    ]
    assert table and all(len(line) <= 80 for line in table)
    probability = next(c for c in answer.columns if "probab" in c)
    assert probability in table[0]
    assert any("%" in line for line in table[1:])


@needs_samples
def test_top_customers_show_their_names_beside_the_ids(capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    assert main(["ask", "--json", "top 5 customers by total amount"]) == 0
    record = json.loads(capsys.readouterr().out)
    con = duckdb.connect()
    con.execute(f"CREATE VIEW orders AS SELECT * FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")
    con.execute(f"CREATE VIEW customers AS SELECT * FROM read_csv_auto('{SAMPLES / 'customers.csv'}')")
    expected = con.execute(
        "SELECT o.customer_id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id "
        "GROUP BY 1, 2 ORDER BY sum(o.amount) DESC LIMIT 5"
    ).fetchall()
    name = record["columns"].index("name")
    assert [(r[0], r[name]) for r in record["rows"]] == expected


def test_nps_shares_print_as_percentages() -> None:
    formats = column_cells(("region", "promoters", "detractors", "nps"), [("EU", 0.25, 0.403, -15.3)])
    assert [f(v) for f, v in zip(formats, ("EU", 0.25, 0.403, -15.3), strict=True)] == [
        "EU",
        "25.0%",
        "40.3%",
        "-15.30",
    ]


@needs_samples
def test_a_long_trend_prints_its_latest_periods(capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    assert main(["ask", "orders by month"]) == 0
    out = capsys.readouterr().out
    con = duckdb.connect()
    con.execute(f"CREATE VIEW orders AS SELECT * FROM read_csv_auto('{SAMPLES / 'orders.csv'}')")
    months = con.execute(
        "SELECT DISTINCT date_trunc('month', order_date)::DATE AS m FROM orders ORDER BY m"
    ).fetchall()
    assert len(months) > 20
    assert (
        months[-1][0].strftime("%Y-%m") in out
        and months[0][0].strftime("%Y-%m") not in out.split("understood")[1]
    )
    assert f"showing the latest 20 of {len(months)} rows" in out


def test_a_relative_change_prints_as_a_percentage() -> None:
    formats = column_cells(("this year", "last year", "change", "pct_change"), [(10.5, 5.4, 5.1, 0.929)])
    assert formats[3](0.929) == "92.9%" and formats[3](1.5) == "150.0%" and formats[3](-0.25) == "-25.0%"


def test_a_one_row_answer_has_no_report_chart() -> None:
    from assistant.charts import answer_chart_svg
    from assistant.display import draws_chart
    from catalog.answer import Answer, Chart

    one = Answer(
        "q",
        "answer",
        "1 group.",
        columns=("plan", "n"),
        rows=(("Pro", 3),),
        row_count=1,
        chart=Chart("bar", "plan", ("n",)),
    )
    assert answer_chart_svg(one) is None and not draws_chart(one)


@needs_samples
def test_a_skills_group_comparison_is_shown_highest_first(capsys: pytest.CaptureFixture[str]) -> None:
    import duckdb

    assert main(["ask", "NPS by region"]) == 0
    out = capsys.readouterr().out
    con = duckdb.connect()
    for name in ("customers", "feedback"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv_auto('{SAMPLES / name}.csv')")
    ranked = con.execute(
        "SELECT c.region FROM feedback f JOIN customers c ON c.id = f.customer_id WHERE f.nps IS NOT NULL "
        "GROUP BY 1 ORDER BY avg(CASE WHEN nps >= 9 THEN 1 ELSE 0 END) - avg(CASE WHEN nps <= 6 THEN 1 ELSE 0 END) DESC"
    ).fetchall()
    table = out.split("understood as:")[1]
    positions = [table.index(f"\n  {region} ") for (region,) in ranked]
    assert positions == sorted(positions)


def test_in_the_chat_a_figure_column_may_lose_the_end_of_its_header_never_its_figures() -> None:
    columns = ("segment", "customers", "mean_monetary", "mean_monthly_fee", "mean_recency_days")
    cells = [["Potential Loyalists", "1,015", "12,889.99", "309.11", "536.28"]]
    numeric = [False, True, True, True, True]
    natural = [19, 9, 13, 16, 17]
    order, widths = fit(columns, cells, numeric, 60, 0, drop=False, short_headers=8)
    assert order == [0, 1, 2, 3, 4]
    for i, value in enumerate(cells[0]):
        assert widths[i] >= len(value)  # every figure whole
    labels = [cut(c, w) for c, w in zip(columns, widths, strict=True)]
    assert len(set(labels)) == len(labels)  # "mean_mone…" and "mean_mont…", never two "mean_mo…"
    assert all(len(label) >= min(8, len(c)) for label, c in zip(labels, columns, strict=True))
    assert labels[1] == "customers"  # cutting one character would save nothing worth an ellipsis
    assert sum(widths) <= 60 < sum(natural)
    _, tight = fit(columns, cells, numeric, 40, 0, drop=False, short_headers=8)  # every column at its floor
    assert [cut(c, w) for c, w in zip(columns[2:4], tight[2:4], strict=True)] == ["mean_mone…", "mean_mont…"]
    # without short_headers (cra ask), figure columns keep their whole headers
    _, plain = fit(columns, cells, numeric, 60, 0, drop=False)
    assert plain[1:] == natural[1:]
