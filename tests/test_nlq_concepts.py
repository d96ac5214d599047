"""CRM concepts, not column names: the ontology (catalog/concepts.yaml) binds columns and tables by
lemmatised name, role and context; its words then name them; an exact name wins; bindings are shown by
`cra profile` and overridden in cra.toml.

Expected figures are computed independently with plain SQL over the same small files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import Dataset, file_rows, last_figure, table_fixture

from assistant.engine import Assistant
from catalog import Catalog
from catalog.concepts import name_words
from catalog.loaders import DataError
from catalog.profile import profile

BANK = """age;job;balance;housing;loan;campaign;poutcome;y
25;student;100;yes;no;1;unknown;yes
31;admin;-20;no;yes;2;success;no
45;admin;3000;yes;yes;1;failure;no
62;retired;5000;no;no;3;unknown;yes
70;retired;800;yes;no;1;success;yes
38;student;50;no;no;2;unknown;no
"""
BANK_EXITED = """CustomerId,Geography,Age,Balance,Exited
1,France,30,100.0,1
2,Spain,40,0.0,0
3,France,50,250.5,0
4,Germany,60,80.0,1
5,France,35,10.0,0
6,Spain,45,20.0,0
7,Germany,55,30.0,1
8,France,65,40.0,0
"""
SHOP = """ID,Income,Z_Revenue,Sales,Total,Kidhome,Dt_Customer,Complain,region,MntWines
1,50000,11,10.0,11.0,0,2013-01-05,0,North,5.5
2,60000,11,20.0,22.0,1,2013-06-01,1,South,7.25
3,70000,11,30.0,33.0,2,2014-02-11,0,North,1.0
"""
FILMS = """film_id,title,rental_rate,replacement_cost
1,Alpha,0.99,19.99
2,Beta,2.99,9.99
3,Gamma,4.99,29.99
"""
PAYMENTS = """payment_id,film_id,amount
1,1,0.99
2,3,4.99
3,3,4.99
"""


GUESTS = """guest_id,country,gender,adr
1,PRT,F,100
2,GBR,M,80
3,PRT,M,90
4,DEU,F,120
5,USA,F,60
6,PRT,F,70
7,ESP,M,50
"""
REVIEWS = """Clothing ID,Age,Rating,Recommended IND
10,25,5,1
10,61,4,1
11,70,2,0
12,33,5,1
11,64,3,0
13,45,1,0
"""
REVIEWS_NO_PERSON = """Clothing ID,Rating,Recommended IND
10,5,1
10,4,1
11,2,0
12,5,1
"""
BOOKINGS = """booking_id,is_canceled,is_repeated_guest,lead_time
1,0,0,10
2,1,0,200
3,0,1,5
4,1,0,90
5,0,1,30
6,0,0,45
"""
TABLES = {
    "clients": BANK,
    "accounts": BANK_EXITED,
    "customers": SHOP,
    "guests": GUESTS,
    "reviews": REVIEWS,
    "plain_reviews": REVIEWS_NO_PERSON,
    "bookings": BOOKINGS,
}
"""Each file is loaded alone (`table_bot`)."""
RENTALS = {"film": FILMS, "payment": PAYMENTS}
"""A film rental's two tables, loaded together."""


guests = table_fixture("guests")


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("how many guests from portugal", "select count(*) from FILE where country = 'PRT'"),
        ("how many guests from the uk", "select count(*) from FILE where country = 'GBR'"),
        ("how many guests from the united states", "select count(*) from FILE where country = 'USA'"),
        ("how many women", "select count(*) from FILE where gender = 'F'"),
        ("how many men from spain", "select count(*) from FILE where gender = 'M' and country = 'ESP'"),
    ],
)
def test_values_said_differently_from_how_they_are_stored(
    guests: Assistant, folder: Path, question: str, query: str
) -> None:
    """ISO country codes are read as country names (iso3166), gender codes as words."""
    (want,) = file_rows(folder / "guests.csv", query)[0]
    assert _value(guests, question) == want


def test_a_country_not_in_the_data_is_declined(guests: Assistant) -> None:
    a = guests.ask("how many guests from france")
    assert a.status in ("clarify", "unsupported") and "france" in a.text


bank = table_fixture("clients")


exits = table_fixture("accounts")


shop = table_fixture("customers")


def _value(bot: Assistant, question: str):
    a = bot.ask(question)
    assert a.status == "answer", (question, a.text)
    return last_figure(a)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Dt_Customer", ["date", "customer"]),
        ("Kidhome", ["kid", "home"]),
        ("MntWines", ["amount", "wines"]),
        ("AcceptedCmp3", ["accepted", "campaign", "3"]),
        ("Exited", ["exited"]),
    ],
)
def test_names_are_read_as_words(name: str, words: list[str]) -> None:
    assert name_words(name) == words


@pytest.mark.parametrize(
    ("bot", "concept", "target"),
    [
        ("bank", "conversion", "clients.y"),  # generic 'y' beside campaign columns
        ("bank", "customer", "clients"),
        ("exits", "churn", "accounts.Exited"),  # lemma: exited -> exit
        ("exits", "country", "accounts.Geography"),
        ("shop", "income", "customers.Income"),
        ("shop", "signup", "customers.Dt_Customer"),  # a date named after the entity
        ("shop", "children", "customers.Kidhome"),  # run-together words split
        ("shop", "complain", "customers.Complain"),
    ],
)
def test_columns_and_tables_are_bound_to_concepts(request, bot: str, concept: str, target: str) -> None:
    b: Assistant = request.getfixturevalue(bot)
    assert (concept, target) in {(x.concept, x.target) for x in b.catalog.model.concepts}


def test_a_constant_column_is_never_a_concept(shop: Assistant) -> None:
    assert "customers.Z_Revenue" not in {b.target for b in shop.catalog.model.concepts}


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("how many clients subscribed?", "select count(*) from FILE where y = 'yes'"),
        ("how many customers converted?", "select count(*) from FILE where y = 'yes'"),
        ("subscription rate", "select avg((y = 'yes')::int) from FILE"),
        ("how many clients have a housing loan?", "select count(*) from FILE where housing = 'yes'"),
        ("how many clients have a personal loan?", "select count(*) from FILE where loan = 'yes'"),
        ("average account balance", "select avg(balance) from FILE"),
        ("how many clients are older than 60?", "select count(*) from FILE where age > 60"),
        ("how many clients are under 30?", "select count(*) from FILE where age < 30"),
    ],
)
def test_concept_words_name_bound_columns(bank: Assistant, folder: Path, question: str, query: str) -> None:
    (want,) = file_rows(folder / "clients.csv", query)[0]
    assert _value(bank, question) == pytest.approx(want)


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("how many customers exited?", "select count(*) from FILE where Exited = 1"),
        ("how many clients left?", "select count(*) from FILE where Exited = 1"),
        ("how many members churned?", "select count(*) from FILE where Exited = 1"),
        ("how many customers stayed?", "select count(*) from FILE where Exited = 0"),
        ("how many accounts by country", None),
    ],
)
def test_churn_words_and_people_words(exits: Assistant, folder: Path, question: str, query) -> None:
    if query is None:
        a = exits.ask(question)
        assert a.status == "answer" and "Geography" in a.sql
        return
    (want,) = file_rows(folder / "accounts.csv", query)[0]
    assert _value(exits, question) == pytest.approx(want)


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("average income", "select avg(Income) from FILE"),  # not Z_Revenue, not Sales: its own name
        ("total sales", "select sum(Sales) from FILE"),
        ("how many customers joined in 2013?", "select count(*) from FILE where year(Dt_Customer) = 2013"),
        ("how many customers complained?", "select count(*) from FILE where Complain = 1"),
        ("how many customers earn more than 55000?", "select count(*) from FILE where Income > 55000"),
        # the regular forms of a concept's verbs come from lemminflect: joined -> join
        ("when did our most recent customer join?", "select max(Dt_Customer) from FILE"),
        # an abbreviation spelled out: Mnt = amount, so a money figure
        ("total amount wines", "select sum(MntWines) from FILE"),
    ],
)
def test_an_exact_name_wins_and_concept_words_follow(
    shop: Assistant, folder: Path, question: str, query
) -> None:
    (want,) = file_rows(folder / "customers.csv", query)[0]
    assert _value(shop, question) == pytest.approx(want)


def test_what_people_earn_is_not_spend(shop: Assistant) -> None:
    a = shop.ask("top 2 customers by total spend")
    # ranked by what they spent ("total spend": the Total column), never by what they earn
    assert a.status != "answer" or "Income" not in a.sql.split("ORDER BY")[1]


def test_a_spelled_out_money_name_is_money(shop: Assistant) -> None:
    wines = shop.catalog.model.tables["customers"].columns["MntWines"]
    assert wines.unit == "money" and "amount wines" in wines.synonyms


@pytest.fixture(scope="module")
def rentals(crm) -> Dataset:
    return crm.dataset(RENTALS, "rentals")


@pytest.mark.parametrize("question", ["total revenue", "total sales", "revenue by film"])
def test_a_cost_is_never_revenue(rentals: Dataset, question: str) -> None:
    bot = rentals.bot
    bot.reset()
    a = bot.ask(question)
    assert a.status == "answer", a.text
    assert "replacement_cost" not in a.sql and "amount" in a.sql
    (want,) = file_rows(rentals.folder / "payment.csv", "select sum(amount) from FILE")[0]
    i = next(i for i, c in enumerate(a.columns) if "amount" in c)
    assert sum(r[i] for r in a.rows) == pytest.approx(want)


def test_profile_shows_every_binding(bank: Assistant) -> None:
    shown = {(b["concept"], b["target"]) for b in profile(bank.catalog)["concepts"]}
    assert shown == {(b.concept, b.target) for b in bank.catalog.model.concepts} and shown


def test_cra_toml_overrides_a_binding(crm) -> None:
    d = crm.folder({"accounts": BANK_EXITED}, "exits")
    (d / "cra.toml").write_text('[concepts]\nchurn = ""\nconversion = "accounts.Exited"\n')
    try:
        bot = Assistant(Catalog.load([str(d / "accounts.csv")]))
        bound = {(b.concept, b.target) for b in bot.catalog.model.concepts}
        assert ("conversion", "accounts.Exited") in bound
        assert not any(c == "churn" for c, _ in bound)
        (d / "cra.toml").write_text('[concepts]\nzodiac = "accounts.Exited"\n')
        with pytest.raises(DataError, match="unknown concept"):
            Catalog.load([str(d / "accounts.csv")])
    finally:
        (d / "cra.toml").unlink()


@pytest.mark.parametrize(
    ("table", "header", "bound"),
    [
        ("clients", "id,closed,created", True),  # a closed account of a client: churn; created: signup
        ("tickets", "id,closed,created", False),  # a closed ticket is no churn, its creation no signup
    ],
)
def test_weak_names_bind_only_in_tables_of_people(
    tmp_path: Path, table: str, header: str, bound: bool
) -> None:
    p = tmp_path / f"{table}.csv"
    p.write_text(header + "\n" + "\n".join(f"{i},{i % 2},2024-01-0{i}" for i in range(1, 8)) + "\n")
    concepts = {(b.concept, b.target) for b in Catalog.load([str(p)]).model.concepts}
    assert (("churn", f"{table}.closed") in concepts) is bound
    assert (("signup", f"{table}.created") in concepts) is bound


def test_what_s_is_what_is(bank: Assistant, folder: Path) -> None:
    """ "What's the overall subscription rate?": "what's" is "what is", not "which"."""
    (want,) = file_rows(folder / "clients.csv", "select avg((y = 'yes')::int) from FILE")[0]
    assert _value(bank, "What's the overall subscription rate?") == pytest.approx(want)


@pytest.mark.parametrize(
    "question", ["how many clients earned more than 1000?", "clients who earn over 1000"]
)
def test_earning_is_an_income_never_a_balance(bank: Assistant, question: str) -> None:
    a = bank.ask(question)
    assert a.status in ("clarify", "unsupported") and "earn" in a.text


reviews = table_fixture("reviews")


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("how many distinct clothing items", 'select count(distinct "Clothing ID") from FILE'),
        (
            "how many clothing items have at least 2 reviews",
            'select count(*) from (select 1 from FILE group by "Clothing ID" having count(*) >= 2)',
        ),
        ("average rating from customers aged 60 and over", "select avg(Rating) from FILE where Age >= 60"),
    ],
)
def test_the_thing_reviewed_and_its_reviewers(
    reviews: Assistant, folder: Path, question: str, query: str
) -> None:
    (want,) = file_rows(folder / "reviews.csv", query)[0]
    assert _value(reviews, question) == pytest.approx(want)


def test_the_item_of_one_review_is_no_count_of_items(reviews: Assistant) -> None:
    """Product words are plural only: "recommend the item" never counts distinct items."""
    a = reviews.ask("how many reviewers recommend the item")
    assert a.status != "answer" or "DISTINCT" not in a.sql.upper()


def test_reviews_without_a_person_have_no_customers(table_bot) -> None:
    bot = table_bot("plain_reviews")
    assert "reviewer" not in {b.concept for b in bot.catalog.model.concepts}
    assert bot.ask("which customers gave 5 stars").status in ("clarify", "unsupported")


bookings = table_fixture("bookings")


def test_bookings_are_a_plural_noun(bookings: Assistant) -> None:
    assert bookings.catalog.model.tables["bookings"].entity == "bookings"


@pytest.mark.parametrize(
    ("question", "query"),
    [
        # "is_" only says yes/no; its auxiliary is never a word of the flag ("were" is no "canceled")
        ("how many bookings were cancelled", "select count(*) from FILE where is_canceled = 1"),
        ("how many repeated guests", "select count(*) from FILE where is_repeated_guest = 1"),
        # a participle of a name read as its verb (lemminflect): "repeat guests"
        ("how many repeat guests", "select count(*) from FILE where is_repeated_guest = 1"),
        ("share of repeat guests", "select avg(is_repeated_guest) from FILE"),
    ],
)
def test_yes_no_names(bookings: Assistant, folder: Path, question: str, query: str) -> None:
    (want,) = file_rows(folder / "bookings.csv", query)[0]
    assert _value(bookings, question) == pytest.approx(want)


def test_a_noun_name_is_never_read_as_its_verb(reviews: Assistant) -> None:
    """'Rating' is not 'rate': "recommendation rate" is the share recommending, not an average rating."""
    a = reviews.ask("recommendation rate")
    assert a.status == "answer" and "Rating" not in a.sql
