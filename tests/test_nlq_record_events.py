"""Verbs that name a record's own dates and links (issue #10): a card is "issued" on its valid-from date and
"expires" on its valid-to date, a campaign is "launched" on its start date; "never been used" is having no
row in the one table that refers to the records, "never been sent a mailshot" / "didn't reach a customer"
is having no link row. Checked with sqlite3 over the same small file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.engine import Assistant
from catalog import Catalog


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cards") / "cards.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR(40));
        CREATE TABLE Accounts (account_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
            other_account_details VARCHAR(20), FOREIGN KEY (customer_id) REFERENCES Customers(customer_id));
        CREATE TABLE Customers_Cards (card_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,
            card_type_code VARCHAR(15), date_valid_from DATETIME, date_valid_to DATETIME,
            FOREIGN KEY (customer_id) REFERENCES Customers(customer_id));
        CREATE TABLE Financial_Transactions (transaction_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
            card_id INTEGER NOT NULL, transaction_type VARCHAR(15), transaction_date DATETIME,
            transaction_amount DOUBLE,
            FOREIGN KEY (card_id) REFERENCES Customers_Cards(card_id),
            FOREIGN KEY (account_id) REFERENCES Accounts(account_id));
        """
    )
    con.executemany("insert into Customers values (?, ?)", [(i, f"Person {i}") for i in range(1, 7)])
    con.executemany(
        "insert into Accounts values (?, ?, ?)",
        [(1, 1, "VIP"), (2, 1, "Regular"), (3, 2, "Regular"), (4, 3, "VIP"), (5, 5, "Regular")],
    )
    con.executemany(
        "insert into Customers_Cards values (?, ?, ?, ?, ?)",
        [
            (1, 1, "Credit", "2009-03-01 10:00:00", "2018-03-05 10:00:00"),
            (2, 1, "Debit", "2011-06-01 10:00:00", "2018-04-09 10:00:00"),
            (3, 2, "Debit", "2011-08-01 10:00:00", "2018-03-20 10:00:00"),
            (4, 3, "Credit", "2013-01-01 10:00:00", "2018-02-11 10:00:00"),
            (5, 4, "Credit", "2015-05-05 10:00:00", "2018-03-30 10:00:00"),
            (6, 6, "Debit", "2015-09-09 10:00:00", "2018-05-01 10:00:00"),
        ],
    )
    con.executemany(
        "insert into Financial_Transactions values (?, ?, ?, ?, ?, ?)",
        [
            (1, 1, 1, "Payment", "2018-03-23 10:00:00", 60.0),
            (2, 2, 3, "Refund", "2018-03-23 11:00:00", 60.0),
            (3, 3, 3, "Payment", "2018-03-24 10:00:00", 50.0),
            (4, 4, 5, "Payment", "2018-03-24 12:00:00", 75.0),
        ],
    )
    con.commit()
    con.close()
    return path


def scalar(db: Path, sql: str) -> object:
    return sqlite3.connect(db).execute(sql).fetchone()[0]


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many of our cards were issued before 2012?",
            "select count(*) from Customers_Cards where date_valid_from < '2012-01-01'",
        ),
        (
            "How many cards expire in March 2018?",
            "select count(*) from Customers_Cards where date_valid_to >= '2018-03-01' and date_valid_to < '2018-04-01'",
        ),
        (
            "How many cards have never been used?",
            "select count(*) from Customers_Cards where card_id not in (select card_id from Financial_Transactions)",
        ),
        (
            "How many accounts were never used?",
            "select count(*) from Accounts where account_id not in (select account_id from Financial_Transactions)",
        ),
    ],
)
def test_card_dates_and_use(cards: Path, question: str, sql: str) -> None:
    answer = Assistant(Catalog.load([str(cards)]), as_of="2018-12-31").ask(question)
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == scalar(cards, sql)


def test_issued_each_year_is_the_valid_from_date(cards: Path) -> None:
    answer = Assistant(Catalog.load([str(cards)]), as_of="2018-12-31").ask(
        "How many cards were issued each year?"
    )
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(cards).execute(
        "select cast(strftime('%Y', date_valid_from) as int), count(*) from Customers_Cards group by 1"
    )
    assert {(r[0].year, r[1]) for r in answer.rows} == set(want.fetchall())
    assert "valid from" in answer.interpretation


def test_used_with_two_tables_referring_is_asked_back(cards: Path) -> None:
    # customers have accounts and cards: "never used" could deny either
    answer = Assistant(Catalog.load([str(cards)])).ask("How many customers have never used?")
    assert answer.status == "clarify"


@pytest.fixture(scope="module")
def campaigns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("campaigns") / "campaigns.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR(80));
        CREATE TABLE Mailshot_Campaigns (mailshot_id INTEGER PRIMARY KEY, product_category VARCHAR(15),
            mailshot_start_date DATETIME, mailshot_end_date DATETIME);
        CREATE TABLE Mailshot_Customers (mailshot_id INTEGER NOT NULL, customer_id INTEGER NOT NULL,
            outcome_code VARCHAR(15), mailshot_customer_date DATETIME,
            FOREIGN KEY (customer_id) REFERENCES Customers(customer_id),
            FOREIGN KEY (mailshot_id) REFERENCES Mailshot_Campaigns(mailshot_id));
        """
    )
    con.executemany("insert into Customers values (?, ?)", [(i, f"Client {i}") for i in range(1, 8)])
    con.executemany(
        "insert into Mailshot_Campaigns values (?, ?, ?, ?)",
        [
            (1, "food", "2017-05-01 00:00:00", "2018-02-01 00:00:00"),
            (2, "clothes", "2017-05-20 00:00:00", "2017-09-01 00:00:00"),
            (3, "food", "2017-11-03 00:00:00", "2018-03-01 00:00:00"),
            (4, "clothes", "2017-11-15 00:00:00", "2018-01-10 00:00:00"),
            (5, "food", "2018-01-02 00:00:00", "2018-03-10 00:00:00"),
        ],
    )
    con.executemany(
        "insert into Mailshot_Customers values (?, ?, ?, ?)",
        [
            (1, 2, "Order", "2018-03-01 00:00:00"),
            (1, 3, "No Response", "2018-03-05 00:00:00"),
            (3, 2, "No Response", "2018-02-01 00:00:00"),
            (3, 5, "Order", "2018-03-11 00:00:00"),
            (2, 4, "Order", "2018-02-20 00:00:00"),
            (1, 4, "No Response", "2018-03-02 00:00:00"),
        ],
    )
    con.commit()
    con.close()
    return path


def test_launched_each_month_is_the_start_date(campaigns: Path) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask("How many campaigns were launched each month?")
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(campaigns).execute(
        "select substr(mailshot_start_date, 1, 7), count(*) from Mailshot_Campaigns group by 1"
    )
    assert {(r[0].isoformat()[:7], r[1]) for r in answer.rows} == set(want.fetchall())


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Which customers have never been sent a mailshot?",
            "select customer_id from Customers where customer_id not in (select customer_id from Mailshot_Customers)",
        ),
        (
            "Which campaigns didn't reach a single customer?",
            "select mailshot_id from Mailshot_Campaigns where mailshot_id not in (select mailshot_id from Mailshot_Customers)",
        ),
    ],
)
def test_never_sent_or_reached_is_having_no_link_row(campaigns: Path, question: str, sql: str) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask(question)
    assert answer.status == "answer", answer.text
    assert sorted(r[0] for r in answer.rows) == sorted(r[0] for r in sqlite3.connect(campaigns).execute(sql))


def test_live_on_a_day_is_between_start_and_end(campaigns: Path) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask("How many campaigns were live on 1 January 2018?")
    assert answer.status == "answer", answer.text
    want = scalar(
        campaigns,
        "select count(*) from Mailshot_Campaigns where mailshot_start_date < '2018-01-02' "
        "and mailshot_end_date >= '2018-01-01'",
    )
    assert answer.rows[0][0] == want
    assert "start date" in answer.interpretation and "end date" in answer.interpretation


def test_live_on_a_day_without_a_start_and_end_is_declined(cards: Path) -> None:
    answer = Assistant(Catalog.load([str(cards)])).ask("How many transactions were live on 1 March 2018?")
    assert answer.status == "clarify", answer.sql


def test_days_a_campaign_runs_is_end_minus_start(campaigns: Path) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask("On average, how many days does a campaign run?")
    assert answer.status == "answer", answer.text
    want = scalar(
        campaigns,
        "select avg(julianday(mailshot_end_date) - julianday(mailshot_start_date)) from Mailshot_Campaigns",
    )
    assert answer.rows[0][0] == pytest.approx(want)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many mailshot campaigns have we run in total?",
            "select count(*) from Mailshot_Campaigns",
        ),
        (
            "Break down our campaigns by the product category they promoted.",
            "select count(*) from Mailshot_Campaigns where product_category = 'food'",
        ),
    ],
)
def test_a_records_own_verb_is_filler(campaigns: Path, question: str, sql: str) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask(question)
    assert answer.status == "answer", answer.text
    rows = {r[0]: r[-1] for r in answer.rows} if len(answer.rows) > 1 else {"": answer.rows[0][0]}
    assert rows.get("food", rows.get("")) == scalar(campaigns, sql)


def test_the_verb_of_other_records_stays_unknown(campaigns: Path) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask("How many customers have we run?")
    assert answer.status == "clarify", answer.sql


def test_whose_cards_names_the_card_holders(cards: Path) -> None:
    answer = Assistant(Catalog.load([str(cards)])).ask("Whose cards were used for the most transactions?")
    assert answer.status == "answer", answer.text
    top = sqlite3.connect(cards).execute(
        "select c.customer_id, c.customer_name, count(*) from Financial_Transactions t "
        "join Customers_Cards k on k.card_id = t.card_id join Customers c on c.customer_id = k.customer_id "
        "group by 1, 2 order by 3 desc limit 1"
    )
    cid, name, n = top.fetchone()
    row = answer.rows[0]
    assert cid in row and name in row and n in row  # the name is the card holder's, not an account's


def test_account_holder_totals_across_their_accounts(cards: Path) -> None:
    answer = Assistant(Catalog.load([str(cards)])).ask(
        "Which account holder has the highest total transaction value across their accounts?"
    )
    assert answer.status == "answer", answer.text
    top = sqlite3.connect(cards).execute(
        "select c.customer_name, sum(t.transaction_amount) from Financial_Transactions t "
        "join Accounts a on a.account_id = t.account_id join Customers c on c.customer_id = a.customer_id "
        "group by 1 order by 2 desc limit 1"
    )
    name, total = top.fetchone()
    assert len(answer.rows) == 1
    assert name in answer.rows[0] and total in answer.rows[0]


def test_expiring_in_the_month_of_the_data_end_counts_the_whole_month(cards: Path) -> None:
    # the data ends on 2018-03-24; an expiry date is known ahead, so "in March" is all of March
    answer = Assistant(Catalog.load([str(cards)])).ask("How many cards expire in March 2018?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == scalar(
        cards,
        "select count(*) from Customers_Cards where date_valid_to >= '2018-03-01' and date_valid_to < '2018-04-01'",
    )


def test_a_value_said_with_its_records_is_theirs(cards: Path) -> None:
    # "details" columns of two tables are no kind of value in common: VIP is the accounts' value
    answer = Assistant(Catalog.load([str(cards)])).ask("How many customers have at least one VIP account?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == scalar(
        cards, "select count(distinct customer_id) from Accounts where other_account_details = 'VIP'"
    )


def test_each_type_of_other_records_is_their_kind_column(cards: Path) -> None:
    bot = Assistant(Catalog.load([str(cards)]))
    answer = bot.ask("How many transactions were made on each type of account, VIP or regular?")
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(cards).execute(
        "select a.other_account_details, count(*) from Financial_Transactions t "
        "join Accounts a on a.account_id = t.account_id group by 1"
    )
    assert set(answer.rows) == set(want.fetchall())
    # never the transactions' own type; with no column saying it, asked back
    answer = bot.ask("How many transactions per type of account?")
    assert answer.status == "clarify", answer.sql
    answer = bot.ask("How many transactions were made on each type of card?")
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(cards).execute(
        "select k.card_type_code, count(*) from Financial_Transactions t "
        "join Customers_Cards k on k.card_id = t.card_id group by 1"
    )
    assert set(answer.rows) == set(want.fetchall())


@pytest.mark.parametrize(
    "question",
    [
        "Who has both a credit card and a debit card?",
        "Which customers have both a credit card and a debit card?",
    ],
)
def test_both_values_are_the_owners_having_one_of_each(cards: Path, question: str) -> None:
    answer = Assistant(Catalog.load([str(cards)])).ask(question)
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(cards).execute(
        "select customer_id from Customers where customer_id in "
        "(select customer_id from Customers_Cards where card_type_code = 'Credit') and customer_id in "
        "(select customer_id from Customers_Cards where card_type_code = 'Debit')"
    )
    assert sorted(r[0] for r in answer.rows) == sorted(r[0] for r in want)


def test_both_values_of_one_record_stay_declined(cards: Path) -> None:
    answer = Assistant(Catalog.load([str(cards)])).ask("How many cards are both credit and debit?")
    assert answer.status == "clarify", answer.sql


def test_of_those_after_a_count_of_values_keeps_their_records(cards: Path) -> None:
    bot = Assistant(Catalog.load([str(cards)]))
    answer = bot.ask("How many refunds did we issue?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == scalar(
        cards, "select count(*) from Financial_Transactions where transaction_type = 'Refund'"
    )
    answer = bot.ask("How many of those went to debit cards?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == scalar(
        cards,
        "select count(*) from Financial_Transactions t join Customers_Cards k on k.card_id = t.card_id "
        "where t.transaction_type = 'Refund' and k.card_type_code = 'Debit'",
    )


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "What share of our mailshots led to an order?",
            "select avg(case when outcome_code = 'Order' then 1.0 else 0.0 end) from Mailshot_Customers",
        ),
        (
            "How many different customers have ordered in response to a mailshot?",
            "select count(distinct customer_id) from Mailshot_Customers where outcome_code = 'Order'",
        ),
        (
            "How many customers got more than one mailshot?",
            "select count(*) from (select customer_id from Mailshot_Customers group by 1 having count(*) > 1)",
        ),
        (
            "How many mailshots were sent out to customers in March 2018?",
            "select count(*) from Mailshot_Customers where mailshot_customer_date >= '2018-03-01' "
            "and mailshot_customer_date < '2018-04-01'",
        ),
    ],
)
def test_mailshot_outcomes_and_sends(campaigns: Path, question: str, sql: str) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask(question)
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == pytest.approx(scalar(campaigns, sql))


def test_an_outcome_and_the_campaign_hold_on_one_mailing(campaigns: Path) -> None:
    # customer 4 ordered from a clothes mailshot and did not answer a food one: not a food responder
    answer = Assistant(Catalog.load([str(campaigns)])).ask(
        "Which customers responded with an order to one of our food mailshots?"
    )
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(campaigns).execute(
        "select distinct m.customer_id from Mailshot_Customers m join Mailshot_Campaigns c "
        "on c.mailshot_id = m.mailshot_id where c.product_category = 'food' and m.outcome_code = 'Order'"
    )
    assert sorted(r[0] for r in answer.rows) == sorted(r[0] for r in want)


def test_order_response_rate_by_campaign_category(campaigns: Path) -> None:
    answer = Assistant(Catalog.load([str(campaigns)])).ask(
        "Compare the order response rate of food campaigns versus clothes campaigns."
    )
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(campaigns).execute(
        "select c.product_category, avg(case when m.outcome_code = 'Order' then 1.0 else 0.0 end) "
        "from Mailshot_Customers m join Mailshot_Campaigns c on c.mailshot_id = m.mailshot_id group by 1"
    )
    assert {r[0]: pytest.approx(r[1]) for r in answer.rows} == dict(want.fetchall())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which customers have never used a card?", ""),
        ("Which customers have never used a credit card?", "Credit"),
    ],
)
def test_never_used_a_card_is_no_transaction_with_one(cards: Path, question: str, kind: str) -> None:
    # having no card at all is only part of it: a card never used counts too
    answer = Assistant(Catalog.load([str(cards)])).ask(question)
    assert answer.status == "answer", answer.text
    which = f"and k.card_type_code = '{kind}'" if kind else ""
    want = sqlite3.connect(cards).execute(
        "select customer_id from Customers where customer_id not in (select k.customer_id from "
        f"Financial_Transactions t join Customers_Cards k on k.card_id = t.card_id where 1 = 1 {which})"
    )
    assert sorted(r[0] for r in answer.rows) == sorted(r[0] for r in want)


def test_the_number_and_a_total_is_a_count_beside_the_total(cards: Path) -> None:
    # "number" alone is no card number here
    answer = Assistant(Catalog.load([str(cards)])).ask(
        "Give me the number and total amount of transactions by transaction type."
    )
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(cards).execute(
        "select transaction_type, count(*), sum(transaction_amount) from Financial_Transactions group by 1"
    )
    assert {r[0]: (r[1], r[2]) for r in answer.rows} == {t: (n, pytest.approx(a)) for t, n, a in want}
