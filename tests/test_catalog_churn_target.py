"""The churn target is decided once, in the catalog: the profile, the analytics skills, the report and
the as-of cut all read the same column."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.asof import apply as apply_as_of
from catalog.churn_target import find_churn_target
from catalog.profile import profile

STATUS = (
    "id,plan,status,cancelled_on,signup_date",
    [
        f"{i},{'Basic' if i % 2 else 'Pro'},{status},{cancelled},2024-01-{i % 28 + 1:02d}"
        for i, (status, cancelled) in enumerate(
            [("Active", "")] * 30 + [("Churned", "2025-03-10")] * 10 + [("Churned", "2025-06-20")] * 5, 1
        )
    ],
)


def test_a_status_column_is_the_one_churn_target_of_model_profile_and_skills(crm) -> None:
    catalog = crm.catalog({"customers": STATUS})
    target = find_churn_target(catalog)
    assert catalog.model.churn_target == "customers.status"
    assert profile(catalog)["churn_target"] == "customers.status"
    assert target is not None and target.true_values == ("churned",)


def test_a_churn_flag_named_by_a_word_beats_a_generic_status(crm) -> None:
    rows = [f"{i},{'Yes' if i % 3 == 0 else 'No'},{'open' if i % 2 else 'closed'}" for i in range(1, 41)]
    catalog = crm.catalog({"customers": ("id,Churn,status", rows)})
    assert catalog.model.churn_target == "customers.Churn"
    assert find_churn_target(catalog).column == "Churn"


def test_as_of_before_a_status_churn_counts_the_customer_as_still_active(crm) -> None:
    catalog = crm.catalog({"customers": STATUS})
    apply_as_of(catalog, dt.date(2025, 4, 30))
    rows = list(catalog.run("select status, count(*) from customers group by status order by 1").rows)
    # independent count from the rows written above: 10 churned before the date, 5 after it (still active)
    assert rows == [("Active", 35), ("Churned", 10)]


@pytest.mark.parametrize("values", [("Gold", "Silver"), ("churned", "lost")])
def test_a_status_without_a_churned_and_a_staying_value_is_no_target(crm, values) -> None:
    rows = [f"{i},{values[i % 2]}" for i in range(1, 41)]
    catalog = crm.catalog({"customers": ("id,status", rows)})
    assert catalog.model.churn_target is None
    assert find_churn_target(catalog) is None


@pytest.mark.parametrize("churned,kept", [("1.0", "0.0"), ("1", "0")])
def test_a_churn_flag_stored_as_numbers_is_compared_as_numbers(crm, churned, kept) -> None:
    """A 0/1 flag written 1.0/0.0 (as pandas exports it) counted 0 churned when compared as text."""
    rows = [f"{i},{churned if i % 4 == 0 else kept},{i % 12}" for i in range(1, 201)]
    catalog = crm.catalog({"customers": ("id,churned,months_active", rows)})
    target = find_churn_target(catalog)
    assert target is not None and target.numeric
    churners = catalog.run(f"select count(*) from customers where {target.condition().sql('duckdb')}")
    assert churners.rows[0][0] == sum(1 for i in range(1, 201) if i % 4 == 0) == 50
