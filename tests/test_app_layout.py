"""Layout at small and large terminals: the header fits, tall answers show their question, charts read."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.app import CraApp
from assistant.history import History
from assistant.widgets.answer_card import AnswerCard, ResultTable
from assistant.widgets.chart import (
    AnswerChart,
    BarList,
    bar_text,
    chart_note,
    chart_series,
    chart_widget,
    lies_down,
    nice_ticks,
    short_number,
)
from assistant.widgets.prompt_input import PromptInput
from assistant.widgets.question_bubble import QuestionBubble
from assistant.widgets.welcome import ConversationButton, data_summary
from catalog import Catalog
from catalog.answer import Answer, Chart

THEMES = ("quite a long complaint about billing", "slow support", "app crashes", "price", "onboarding")


def themes_answer() -> Answer:
    rows = tuple((name, 100 - 17 * i) for i, name in enumerate(THEMES))
    return Answer("what do they complain about?", "answer", "Billing most.", columns=("theme", "texts"),
                  rows=rows, row_count=len(rows), chart=Chart("bar", "theme", ("texts",), "Complaints"))  # fmt: skip


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 1958, [0, 500, 1000, 1500]),
        (0, 0.3, [0, 0.1, 0.2, 0.3]),
        (52, 5232, [0, 2000, 4000]),
        (-0.57, -0.0001, [-0.6, -0.4, -0.2]),
        (5, 5, [5]),
    ],
)
def test_nice_ticks_examples(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == pytest.approx(expected)


@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(1e-3, 1e9, allow_nan=False))
def test_nice_ticks_are_round_even_steps_covering_the_range(low: float, span: float) -> None:
    high = low + span
    ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 12
    step = ticks[1] - ticks[0]
    assert all(math.isclose(b - a, step, rel_tol=1e-6) for a, b in zip(ticks, ticks[1:], strict=False))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-4  # steps of 1, 2 or 5 times 10^k
    assert ticks[0] <= low + step * 1e-6 and ticks[-1] > high - step


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1500, "1,500"),
        (5000, "5,000"),
        (-12000, "-12k"),
        (20000, "20k"),
        (3_500_000, "3.5M"),
        (2e9, "2B"),
        (0.25, "0.25"),
        (-40, "-40"),
        (0, "0"),
    ],
)
def test_short_number(value: float, text: str) -> None:
    assert short_number(value) == text


def test_bars_lie_down_when_their_labels_do_not_fit() -> None:
    plans = ["Basic", "Standard", "Pro", "Enterprise"]
    assert not lies_down(plans, 72)
    assert lies_down(list(THEMES), 72) and lies_down(plans * 3, 72)
    assert isinstance(chart_widget(themes_answer(), 80), BarList)
    assert isinstance(chart_widget(themes_answer(), 400), AnswerChart)


def test_bar_text_counts_eighths_of_a_cell() -> None:
    assert bar_text(1.0, 10) == "█" * 10
    assert bar_text(0.5, 3) == "█▌"
    assert bar_text(0.0, 10) == "" and bar_text(2.0, 4) == "█" * 4


async def test_lying_bars_one_row_per_category_longest_for_the_largest(catalog: Catalog) -> None:
    answer = themes_answer()
    app = CraApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.conversation.mount(AnswerCard(answer))
        await pilot.pause()
        bars = app.query_one(BarList)
        lines = bars.render().plain.splitlines()
        assert lines[0] == "Complaints" and len(lines) == 1 + len(THEMES)
        lengths = [line.count("█") for line in lines[1:]]
        values = [row[1] for row in answer.rows]
        assert lengths == sorted(lengths, reverse=True) and lengths[0] > lengths[-1] > 0
        for line, (theme, value) in zip(lines[1:], answer.rows, strict=True):
            assert line.rstrip().endswith(f" {value}")
            assert line.lstrip().startswith(theme[:10])
        assert max(len(line) for line in lines) <= bars.size.width
        assert values == sorted(values, reverse=True)


async def test_header_fits_a_narrow_terminal_and_grows_with_it(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        header = str(app.query_one("#data-header").render())
        assert catalog.as_of is not None
        dated = f" · {catalog.as_of.words}"  # the as-of date is always in the status line
        assert len(header) <= 78 and header.endswith(dated)
        assert app.has_class("-short")
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert str(app.query_one("#data-header").render()) == f"cra · {data_summary(catalog.model)}{dated}"
        assert not app.has_class("-short")


async def test_a_tall_answer_shows_its_question_a_short_one_the_end(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        conversation = app.conversation
        prompt = app.query_one(PromptInput)
        prompt.value = "customers by month of signup date"  # a table and a line chart: taller than the view
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        bubble = list(app.query(QuestionBubble))[-1]
        assert conversation.region.contains_region(bubble.region)  # the question is on screen
        assert conversation.scroll_y < conversation.max_scroll_y  # the card's end is below
        prompt.value = "/sql SELECT 1 AS one"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert conversation.scroll_y == conversation.max_scroll_y


async def test_line_chart_of_a_year_of_months(catalog: Catalog) -> None:
    rows = tuple((dt.date(2024, m, 1), m * 1000) for m in range(1, 13))
    answer = Answer("orders by month", "answer", "12 months.", columns=("month", "orders"), rows=rows,
                    row_count=12, chart=Chart("line", "month", ("orders",)))  # fmt: skip
    app = CraApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.conversation.mount(AnswerCard(answer))
        await pilot.pause()
        chart = app.query_one(AnswerChart)
        assert chart.size.height == 9  # a short terminal gets a smaller chart (app.tcss)
        drawn = chart.render().plain
        assert "10k" in drawn and "5,000" in drawn and "2024-01-01" in drawn


async def test_a_table_highlights_a_row_only_while_focused(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(PromptInput).value = "/sql SELECT plan, count(*) AS n FROM customers GROUP BY plan"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one(ResultTable)
        assert not table.show_cursor
        table.focus()
        await pilot.pause()
        assert table.show_cursor
        app.query_one(PromptInput).focus()
        await pilot.pause()
        assert not table.show_cursor


async def test_welcome_offers_each_recent_question_once_newest_first(catalog: Catalog) -> None:
    history = History()
    for title in ("customers by plan", "orders by month", "customers by plan"):
        history.add_question(history.new_conversation(title, "customers"), title)
    app = CraApp(catalog, history=history)
    async with app.run_test(size=(100, 30)):
        labels = [str(b.label) for b in app.query(ConversationButton)]
    assert [label.split(" · ")[0] for label in labels] == ["customers by plan", "orders by month"]
    assert all(" · 1 question · " in label for label in labels)


def plans_by_month(plans: dict[str, int]) -> Answer:
    """Monthly churn by plan as the churn_rate skill returns it: one row per month and plan."""
    rows = tuple(
        (dt.date(2024, m, 1), plan, size, m / size)
        for m in range(1, 7)
        for plan, size in plans.items()
        if not (plan == "Pro" and m == 2)  # a month without a row for one group
    )
    return Answer("churn rate by plan over time", "answer", "Monthly churn.",
                  columns=("month", "plan", "active_at_start", "churn_rate"), rows=rows, row_count=len(rows),
                  chart=Chart("line", "month", ("churn_rate",), "Monthly churn rate by plan"),
                  extra={"series": ["plan"]})  # fmt: skip


def test_a_grouped_line_chart_has_one_series_per_group() -> None:
    plans = {"Basic": 400, "Pro": 250, "Enterprise": 60}
    answer = plans_by_month(plans)
    labels, series = chart_series(answer)
    assert labels == [dt.date(2024, m, 1).isoformat() for m in range(1, 7)]
    assert set(series) == set(plans)
    for month, plan, _, rate in answer.rows:
        assert series[plan][labels.index(month.isoformat())] == rate
    assert math.isnan(series["Pro"][1]) and chart_note(answer) == ""


def test_a_grouped_line_chart_keeps_the_largest_groups_and_says_so() -> None:
    from assistant.charts import MAX_LINES

    plans = {f"plan {i:02d}": 10 * (i + 1) for i in range(11)}
    _, series = chart_series(plans_by_month(plans))
    assert set(series) == set(sorted(plans, key=lambda p: -plans[p])[:MAX_LINES])
    assert (
        chart_note(plans_by_month(plans)) == f"{MAX_LINES} of 11 groups shown, the largest by active at start"
    )


async def test_a_grouped_line_chart_in_the_app_shows_a_legend(catalog: Catalog) -> None:
    plans = {"Basic": 400, "Pro": 250, "Enterprise": 60}
    app = CraApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.conversation.mount(AnswerCard(plans_by_month(plans)))
        await pilot.pause()
        drawn = app.query_one(AnswerChart).render().plain
        assert all(plan in drawn for plan in plans)  # plotext's legend names each line


@pytest.mark.parametrize(
    "value", [1234567, 0.1234, 1234.5, 5.0, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 9, 30), "Pro", True]
)
def test_table_cells_read_as_in_reports(value: object) -> None:
    from assistant.report_render import cell
    from assistant.widgets.answer_card import format_cell

    assert format_cell(value) == cell(value) != ""


@pytest.mark.parametrize("value", [None, math.nan, "", "   "])
def test_empty_table_cells_show_a_placeholder(value: object) -> None:
    from assistant.widgets.answer_card import EMPTY, format_cell

    assert format_cell(value) == EMPTY == "—" and format_cell(value, empty="") == ""
