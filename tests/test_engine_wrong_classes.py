"""Classes of wrong answers found on round 5's blind sets (issue 10), each on a small table and checked
against an independent DuckDB query: a possessive follow-up ("their"), the store among several store
columns, "best X of any single <row>", and "how much more do A earn than B"."""

from __future__ import annotations

from tables import answered, table_fixture

TABLES = {
    "stores": (
        "Sales,Income,Urban",
        [
            (9.5, 73, "Yes"),
            (11.22, 48, "Yes"),
            (10.06, 35, "Yes"),
            (7.4, 100, "Yes"),
            (4.15, 64, "No"),
            (10.81, 113, "No"),
            (6.63, 105, "No"),
            (11.85, 81, "Yes"),
        ],
    ),
    "purchases": (
        "Purchase,StoreID,STORE,Store7,PriceCH",
        [
            ("CH", 1, 1, "No", 1.75),
            ("MM", 1, 1, "No", 1.75),
            ("CH", 2, 2, "No", 1.86),
            ("CH", 3, 3, "No", 1.69),
            ("MM", 4, 4, "No", 1.69),
            ("CH", 7, 0, "Yes", 1.79),
            ("CH", 7, 0, "Yes", 1.79),
            ("MM", 7, 0, "Yes", 1.89),
            ("CH", 2, 2, "No", 1.86),
            ("MM", 3, 3, "No", 1.99),
        ],
    ),
    "faculty": (
        "rank,sex,salary,student",
        [
            ("Prof", "Male", 139750, "No"),
            ("Prof", "Male", 173200, "No"),
            ("AsstProf", "Male", 79750, "No"),
            ("Prof", "Female", 115000, "Yes"),
            ("AssocProf", "Female", 86100, "No"),
            ("AsstProf", "Female", 72500, "Yes"),
            ("Prof", "Male", 101000, "Yes"),
        ],
    ),
}

stores = table_fixture("stores")
faculty = table_fixture("faculty")
purchases = table_fixture("purchases")


def test_the_noun_of_an_identifier_beside_its_recoding_is_the_identifier(purchases, ref) -> None:
    answer = answered(purchases, "How many purchases were made in each store?")
    want = ref.execute("select StoreID, count(*) from purchases group by StoreID").fetchall()
    assert sorted(tuple(r) for r in answer.rows) == sorted(want)
    assert "StoreID" in answer.columns


def test_a_possessive_with_no_owner_refines_the_previous_turn(stores, ref) -> None:
    assert stores.ask("How many stores have income above 100?").status == "answer"
    answer = stores.ask("What are their average sales?")
    assert answer.status == "answer", answer.text
    (want,) = ref.execute("select avg(Sales) from stores where Income > 100").fetchone()
    assert abs(answer.rows[0][0] - want) < 1e-9


def test_a_possessive_follow_up_to_a_declined_turn_is_declined(stores) -> None:
    assert stores.ask("How many stores are in neighbourhoods with income above 100?").status != "answer"
    declined = stores.ask("What are their average sales?")
    assert declined.status != "answer" and "'neighbourhoods'" in declined.text  # the reason said again
    stores.reset()
    assert stores.ask("What are their average sales?").status != "answer"  # nothing before it


def test_a_possessive_owned_in_the_question_is_not_a_follow_up(stores, ref) -> None:
    (want,) = ref.execute("select avg(Sales) from stores").fetchone()
    answer = answered(stores, "stores and their average sales")
    assert abs(answer.rows[0][0] - want) < 1e-9


def test_the_best_measure_of_any_single_record_is_its_largest_value(stores, ref) -> None:
    (best,) = ref.execute("select max(Sales) from stores").fetchone()
    (worst,) = ref.execute("select min(Sales) from stores").fetchone()
    assert list(answered(stores, "What's the best sales figure of any single store?").rows) == [(best,)]
    assert list(answered(stores, "worst sales of any store").rows) == [(worst,)]
    ranked = answered(stores, "top 3 stores by sales")  # a number of them: still a ranked list
    top = ref.execute("select Sales from stores order by Sales desc limit 3").fetchall()
    assert [r[0] for r in ranked.rows] == [r[0] for r in top]


def test_how_much_more_one_group_earns_than_another_is_the_difference(faculty, ref) -> None:
    (men, women, n_men, n_women) = ref.execute(
        "select avg(salary) filter (sex = 'Male'), avg(salary) filter (sex = 'Female'),"
        " count(*) filter (sex = 'Male'), count(*) filter (sex = 'Female') from faculty"
    ).fetchone()
    for question in (
        "How much more do men earn than women on average?",
        "how much less do women earn than men on average",
    ):
        answer = answered(faculty, question)
        ((diff, *figures),) = answer.rows
        assert abs(diff - (men - women)) < 1e-6
        assert figures[:2] == [men, women] and figures[2:] == [n_men, n_women]
    # "do men earn more than women": both groups' figures, as before
    assert len(answered(faculty, "do men earn more than women on average").rows) == 2
    # the difference of the two sides of a yes/no column is not worked out yet: declined, never two rows
    assert faculty.ask("how much more do students earn than non-students on average").status != "answer"
