"""The chat and the report pick the same columns and compute the figures they share with one function:
NPS, churn rate and mean sentiment, checked against an independent computation in Python."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from tables import last_figure
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from assistant.sections import build_report
from catalog import roles

AS_OF = dt.date(2024, 6, 30)
COMMENTS = (
    "great service, very happy",
    "terrible support and slow delivery",
    "it is fine",
    "love the product",
    "awful, I want a refund",
)


def _customers(n: int = 120) -> tuple[list[str], list[list[object]]]:
    rng = random.Random(7)
    header = [
        "customer_id",
        "plan",
        "risk_score",
        "likelihood_to_recommend",
        "churned",
        "comment",
        "signup_date",
    ]
    rows: list[list[object]] = []
    for i in range(n):
        rows.append([
            i + 1, rng.choice(["Basic", "Pro"]), rng.randint(0, 10), rng.randint(0, 10),
            rng.choice(["Yes", "No", "No"]), rng.choice(COMMENTS),
            (dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 540))).isoformat(),
        ])  # fmt: skip
    return header, rows


@pytest.fixture(scope="module")
def data():
    return _customers()


@pytest.fixture(scope="module")
def bot(crm, data):
    return crm.assistant({"customers": data}, as_of=AS_OF)


@pytest.fixture(scope="module")
def headline(bot) -> dict[str, object]:
    doc = build_report(bot.catalog, kind="overview", as_of=AS_OF)
    section = next(s for s in doc.sections if s.heading == "Headline figures")
    return {row[0]: row[1] for row in section.answer.rows}


def _column(data, name: str) -> list[object]:
    header, rows = data
    return [r[header.index(name)] for r in rows]


def test_one_nps_column_even_with_a_score_column_before_it(bot) -> None:
    # 'risk_score' is 0-10 too and comes first; the recommend column is the NPS one, for every package
    found = roles.nps_column(bot.catalog.model)
    assert found is not None and found.name == "likelihood_to_recommend"


def test_chat_and_report_give_the_same_nps(bot, headline, data) -> None:
    answers = [int(v) for v in _column(data, "likelihood_to_recommend")]
    expected = 100 * (sum(a >= 9 for a in answers) - sum(a <= 6 for a in answers)) / len(answers)
    chat = bot.ask("what is our NPS?")
    assert chat.status == "answer", chat.text
    assert last_figure(chat) == pytest.approx(expected)
    assert headline["NPS"] == pytest.approx(expected)


def test_chat_and_report_give_the_same_churn_rate(bot, headline, data) -> None:
    flags = _column(data, "churned")
    expected = sum(f == "Yes" for f in flags) / len(flags)
    chat = bot.ask("churn rate")
    assert chat.status == "answer", chat.text
    assert last_figure(chat) == pytest.approx(expected)
    assert headline["churn rate (%)"] == pytest.approx(100 * expected)


def test_chat_and_report_give_the_same_mean_sentiment(bot, headline, data) -> None:
    vader = SentimentIntensityAnalyzer()
    scores = [vader.polarity_scores(str(t))["compound"] for t in _column(data, "comment")]
    expected = sum(scores) / len(scores)
    chat = bot.ask("customer sentiment")
    assert chat.status == "answer", chat.text
    assert f"{expected:.2f}" in chat.text
    assert headline["mean sentiment"] == pytest.approx(expected, abs=1e-9)


def test_chat_and_report_give_the_same_revenue_of_priced_lines(crm) -> None:
    rng = random.Random(3)
    rows = [
        [f"INV{i // 3}", 100 + i % 17, (dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat(),
         rng.randint(1, 9), round(rng.uniform(0.5, 20), 2)]
        for i in range(150)
    ]  # fmt: skip
    lines = (["InvoiceNo", "CustomerID", "InvoiceDate", "Quantity", "UnitPrice"], rows)
    bot = crm.assistant({"invoice_lines": lines}, as_of=AS_OF)
    expected = sum(q * p for *_, q, p in rows)
    chat = bot.ask("total revenue")
    assert chat.status == "answer", chat.text
    assert chat.rows[0][0] == pytest.approx(expected)
    doc = build_report(bot.catalog, kind="overview", as_of=AS_OF)
    headline = {r[0]: r[1] for r in doc.sections[0].answer.rows}
    assert headline["revenue"] == pytest.approx(expected)
