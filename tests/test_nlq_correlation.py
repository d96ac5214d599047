"""Correlation questions ("is income correlated with spend", "income vs spend", "what correlates with
spend", by a group): Pearson's r with its pairs and a 95% interval by Fisher's z, a yes/no column read
as 1/0 (point-biserial), Spearman's rank correlation when asked; categories refused.

Expected figures come from numpy/scipy over the same rows, and the interval from Fisher's z by hand."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pytest
from judge import judge
from scipy import stats
from tables import answered

from catalog.intervals import MIN_BASE


def _people() -> tuple[str, list[dict]]:
    """Eighty people: in the North spend follows income closely, in the South it falls with it; score has
    ties (1-5); a few missing incomes; churned is Yes/No; segment is A/B at random."""
    rng = random.Random(7)
    rows = []
    for i in range(1, 81):
        region = "North" if i % 2 else "South"
        income = round(rng.uniform(20, 120), 1)
        noise = rng.gauss(0, 8)
        spend = round(2 * income + noise if region == "North" else 300 - income + 6 * noise, 1)
        score = 1 + int(spend) % 5
        churned = "Yes" if spend < 150 + rng.gauss(0, 40) else "No"
        rows.append(
            {
                "id": i,
                "income": "" if i in (5, 17, 44) else income,
                "spend": spend,
                "score": score,
                "churned": churned,
                "region": region,
                "segment": rng.choice("AB"),
            }
        )
    header = list(rows[0])
    text = "\n".join([",".join(header)] + [",".join(str(r[h]) for h in header) for r in rows]) + "\n"
    return text, rows


TEXT, ROWS = _people()
TABLES = {"people": TEXT}


def _pairs(x: str, y: str, where=lambda r: True) -> tuple[np.ndarray, np.ndarray]:
    kept = [r for r in ROWS if r[x] != "" and r[y] != "" and where(r)]
    conv = {"churned": lambda v: 1.0 if v == "Yes" else 0.0}
    xs = np.array([conv.get(x, float)(r[x]) for r in kept])
    ys = np.array([conv.get(y, float)(r[y]) for r in kept])
    return xs, ys


def _fisher(r: float, n: int) -> tuple[float, float]:
    """Fisher's z by hand: z = ½·ln((1+r)/(1−r)), se = 1/√(n−3), back with (e^{2z}−1)/(e^{2z}+1)."""
    z = 0.5 * math.log((1 + r) / (1 - r))
    se = 1 / math.sqrt(n - 3)

    def back(v: float) -> float:
        return (math.exp(2 * v) - 1) / (math.exp(2 * v) + 1)

    return back(z - 1.959964 * se), back(z + 1.959964 * se)


@pytest.mark.parametrize(
    "question",
    [
        "is income correlated with spend?",
        "what is the correlation between income and spend",
        "how does income relate to spend",
        "do people with higher income have higher spend?",
        "relationship between income and spend",
        "does spend go up with income",
        "income vs spend",
        "are income and spend correlated",
    ],
)
def test_pearson_r_pairs_and_interval(bot, question: str) -> None:
    a = answered(bot, question)
    xs, ys = _pairs("income", "spend")
    ((r, n, low, high),) = a.rows
    assert r == pytest.approx(float(np.corrcoef(xs, ys)[0, 1]))
    assert n == len(xs) == 77  # the three people without an income are left out
    assert (low, high) == pytest.approx(_fisher(r, n), abs=1e-6)
    assert a.columns[0] == "correlation"  # the figure a gold `SELECT corr(x, y)` is matched with
    assert "CORR(" in a.sql and "Fisher" in a.interpretation and "cause" in a.text


def test_sentence_states_the_strength_by_stated_thresholds(bot) -> None:
    a = answered(bot, "correlation between income and spend in the north")
    xs, ys = _pairs("income", "spend", lambda r: r["region"] == "North")
    r = float(np.corrcoef(xs, ys)[0, 1])
    assert r > 0.5  # strong by the stated thresholds
    assert a.rows[0][0] == pytest.approx(r)
    assert "strong positive" in a.text and "|r| < 0.1 negligible" in a.interpretation
    assert "North" in a.interpretation


def test_flag_is_read_as_one_and_zero(bot) -> None:
    a = answered(bot, "is churned correlated with spend")
    xs, ys = _pairs("churned", "spend")
    want = stats.pointbiserialr(xs, ys)
    assert a.rows[0][0] == pytest.approx(want.statistic)
    assert "point-biserial" in a.interpretation


def test_spearman_when_rank_correlation_is_asked(bot) -> None:
    a = answered(bot, "rank correlation between score and income")
    xs, ys = _pairs("score", "income")
    assert a.rows[0][0] == pytest.approx(stats.spearmanr(xs, ys).statistic)
    assert "Spearman" in a.interpretation


@pytest.mark.parametrize(("group", "named"), [("region", "North"), ("segment", None)])
def test_by_group_gives_each_groups_r_and_names_a_group_only_when_intervals_separate(
    bot, group: str, named: str | None
) -> None:
    a = answered(bot, f"correlation between income and spend by {group}")
    got = {row[0]: row[1:] for row in a.rows}
    intervals, bases = {}, {}
    for key in sorted({r[group] for r in ROWS}):
        xs, ys = _pairs("income", "spend", lambda r, k=key, g=group: r[g] == k)
        r = float(np.corrcoef(xs, ys)[0, 1])
        assert got[key][0] == pytest.approx(r) and got[key][1] == len(xs)
        intervals[key], bases[key] = _fisher(r, len(xs)), len(xs)
    (k1, (l1, _)), (_, (_, h2)) = sorted(intervals.items(), key=lambda kv: -kv[1][0])
    separate = l1 > h2 and bases[k1] >= MIN_BASE  # the project's rule: a base and a clear interval
    assert separate == (named is not None) and (k1 == named or named is None)
    assert ("highest for" in a.text) == separate, a.text
    if named:
        assert f"highest for {named}" in a.text


def test_what_correlates_with_ranks_numeric_columns_by_size(bot) -> None:
    a = answered(bot, "what correlates with spend?")
    names = [row[0] for row in a.rows]
    assert "id" not in names and "region" not in names and "spend" not in names
    assert set(names) == {"income", "score", "churned"}
    for name, r, n, *_ in a.rows:
        xs, ys = _pairs(name, "spend")
        assert r == pytest.approx(float(np.corrcoef(xs, ys)[0, 1])) and n == len(xs)
    assert [abs(row[1]) for row in a.rows] == sorted((abs(row[1]) for row in a.rows), reverse=True)


@pytest.mark.parametrize(
    "question",
    ["correlation between region and spend", "is spend correlated with segment"],
)
def test_a_category_is_refused_with_a_grouped_figure_suggested(bot, question: str) -> None:
    a = bot.ask(question)
    bot.reset()
    assert a.status == "unsupported" and not a.rows
    assert "category" in a.text and "by " in a.text


def test_an_unknown_word_is_named_not_dropped(bot) -> None:
    a = bot.ask("is income correlated with shoe size")
    bot.reset()
    assert a.status == "clarify" and "shoe" in a.text


def test_vs_of_values_is_not_a_correlation(bot) -> None:
    a = answered(bot, "average spend north vs south")
    assert "correlation" not in a.columns


def test_cli_json_answer_matches_a_corr_gold(folder, ref, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    assert main(["ask", "--json", "--data", str(folder), "correlation between income and spend"]) == 0
    answer = json.loads(capsys.readouterr().out)
    gold = ref.execute("SELECT corr(income, spend) FROM people").fetchall()
    assert judge(gold, False, answer) == (True, "ok")
    assert main(["ask", "--data", str(folder), "income vs spend by region"]) == 0
    shown = capsys.readouterr().out
    assert "low_95" in shown and "North" in shown and "CORR(" in shown


async def test_the_chat_app_shows_the_correlation_with_its_interval(loaded) -> None:
    from assistant.app import CraApp
    from assistant.widgets.answer_card import AnswerCard, ResultTable
    from assistant.widgets.prompt_input import PromptInput

    app = CraApp(loaded)
    async with app.run_test(size=(110, 32)) as pilot:
        app.query_one(PromptInput).value = "is income correlated with spend"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = list(app.query(AnswerCard))[-1]
        xs, ys = _pairs("income", "spend")
        assert card.answer.rows[0][0] == pytest.approx(float(np.corrcoef(xs, ys)[0, 1]))
        table = card.query_one(ResultTable)
        assert table.row_count == 1 and [str(c.label) for c in table.columns.values()][:4] == [
            "correlation",
            "pairs",
            "low_95",
            "high_95",
        ]


def test_every_shape_of_the_grammar_reads_as_its_correlation(bot) -> None:
    """hassil's habit: each template expanded into sentences (slots filled with this data's columns),
    each one read back as the correlation it says (a sample of every 5th of the long 'who' shapes)."""
    from nlq.correlation import templates

    fill = {"{x}": "income", "{y}": "spend", "{who}": "people"}
    shapes = templates()
    many = [t for t in shapes if "{who}" in t.parts]
    for t in [t for t in shapes if "{who}" not in t.parts] + many[::5]:
        question = " ".join(fill.get(p, p) for p in t.parts)
        plan = bot.plan(question)
        c = plan.correlation
        assert c is not None, (question, plan.message)
        assert c.y == "people.spend" and (c.ranked or c.xs == ("people.income",)), question


def test_a_follow_up_splits_or_filters_the_same_correlation(bot) -> None:
    assert bot.ask("is income correlated with spend").status == "answer"
    split = bot.ask("and by region?")
    assert split.status == "answer", split.text
    for key, r, n, *_ in split.rows:
        xs, ys = _pairs("income", "spend", lambda row, k=key: row["region"] == k)
        assert r == pytest.approx(float(np.corrcoef(xs, ys)[0, 1])) and n == len(xs)
    kept = bot.ask("what about people who did not churn?")
    assert kept.status == "answer", kept.text
    for key, r, n, *_ in kept.rows:
        xs, ys = _pairs("income", "spend", lambda row, k=key: row["region"] == k and row["churned"] == "No")
        assert r == pytest.approx(float(np.corrcoef(xs, ys)[0, 1])) and n == len(xs)
    other = bot.ask("and the average income?")  # not a refinement of the correlation: never read alone
    bot.reset()
    assert other.status == "clarify"


def test_a_restored_conversation_refines_its_last_correlation(bot) -> None:
    bot.restore(["income vs spend"])
    a = bot.ask("and by segment?")
    bot.reset()
    assert a.status == "answer", a.text
    assert {row[0] for row in a.rows} == {r["segment"] for r in ROWS}


def test_an_identifier_and_columns_of_two_tables_are_refused(bot, crm) -> None:
    key = bot.ask("is id correlated with spend")
    bot.reset()
    assert key.status == "unsupported" and "identifier" in key.text and not key.rows
    from tables import ORDERS

    two = crm.assistant({"people": TEXT, "orders": ORDERS})
    apart = two.ask("correlation between order amount and income")
    assert apart.status == "unsupported" and "one table" in apart.text and not apart.rows
