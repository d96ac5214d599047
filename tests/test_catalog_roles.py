"""catalog.roles decides once what columns are for: id names, the NPS/CSAT columns, free text, types."""

from __future__ import annotations

import pytest

from catalog import roles
from catalog.semantic import Role


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("customer_id", True), ("CustomerID", True), ("Clothing ID", True), ("ID", True), ("order_no", True),
        ("account_number", True), ("uuid", True), ("CustomerKey", True),
        ("paid", False), ("valid", False), ("idle_days", False), ("plan", False), ("zip_postcode", False),
    ],
)  # fmt: skip
def test_one_id_name_rule(name: str, expected: bool) -> None:
    assert roles.looks_like_id(name) is expected


@pytest.mark.parametrize(
    ("dtype", "numeric", "integer", "time"),
    [
        ("BIGINT", True, True, False), ("UBIGINT", True, True, False), ("DECIMAL(18,3)", True, False, False),
        ("DOUBLE", True, False, False), ("VARCHAR", False, False, False), ("DATE", False, False, True),
        ("TIMESTAMP WITH TIME ZONE", False, False, True), ("BOOLEAN", False, False, False),
    ],
)  # fmt: skip
def test_one_type_list(dtype: str, numeric: bool, integer: bool, time: bool) -> None:
    assert (roles.is_numeric_type(dtype), roles.is_integer_type(dtype), roles.is_time_type(dtype)) == (
        numeric, integer, time,
    )  # fmt: skip


def _survey(crm, columns: dict[str, list[object]]):
    header = ["respondent_id", *columns]
    rows = [[i + 1, *(values[i % len(values)] for values in columns.values())] for i in range(40)]
    return crm.catalog({"survey": (header, rows)})


def test_nps_is_the_recommend_column_not_an_earlier_score(crm) -> None:
    cat = _survey(crm, {"risk_score": list(range(11)), "would_recommend": list(range(11))})
    assert roles.nps_column(cat.model).name == "would_recommend"


@pytest.mark.parametrize(
    "columns",
    [
        {"rating": [1, 2, 3, 4, 5]},  # 1-5 stars are not a 0-10 recommend score
        {"recommended_ind": [0, 1]},  # a 0/1 flag named like recommend neither
        {"likelihood": [0, 2, 3, 5]},  # no answer above 5: not the 0-10 scale
    ],
)
def test_no_nps_column_rather_than_a_guess(crm, columns: dict[str, list[object]]) -> None:
    assert roles.nps_column(_survey(crm, columns).model) is None


def test_csat_scale_from_the_answers(crm) -> None:
    cat = _survey(crm, {"satisfaction": [1, 2, 3, 4, 5, 6, 7]})
    found = roles.csat_column(cat.model)
    assert found is not None and (found[0].name, found[1]) == ("satisfaction", 7)


def test_free_text_is_the_long_comment(crm) -> None:
    long = "the delivery was late and nobody answered my emails about the refund"
    cat = _survey(crm, {"comment": [f"{long} {i}" for i in range(40)], "plan": ["a", "b"]})
    texts = roles.text_columns(cat.model)
    assert [c.name for c in texts] == ["comment"] and texts[0].role == Role.TEXT


def test_a_rating_is_a_small_whole_number_scale(crm) -> None:
    cat = _survey(crm, {"stars": [1, 2, 3, 4, 5], "score_pct": [0.5, 0.9], "plan": ["a", "b"]})
    found = roles.rating_column(cat.model, "survey")
    assert found is not None and (found.name, found.minimum, found.maximum) == ("stars", 1, 5)
    assert roles.rating_column(_survey(crm, {"stars": [0, 1]}).model, "survey") is None  # a 0/1 flag
