"""A table of people and a value said as the people counted ("how many managers left?": the employees whose
role is Manager, never the number of different roles), and "the most ... any single one" (the largest
value of one record, never a total). Checked against DuckDB over the same table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

EMPLOYEES = """employee_id,JobRole,Attrition,OvertimeHours
1,Manager,Yes,10
2,Manager,No,4
3,Sales Executive,Yes,12
4,Sales Executive,No,0
5,Manager,Yes,7
6,Research Scientist,No,15
7,Sales Executive,No,3
"""


@pytest.fixture(scope="module")
def staff(crm):
    return crm.dataset({"employees": EMPLOYEES}, name="staff")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many managers left?",
            "select 'all', count(*) from employees where JobRole = 'Manager' and Attrition = 'Yes'",
        ),
        (
            "how many sales executives are there?",
            "select 'all', count(*) from employees where JobRole = 'Sales Executive'",
        ),
        (
            "What is the most overtime hours any single employee has worked?",
            "select 'all', max(OvertimeHours) from employees",
        ),
    ],
)
def test_people_said_by_a_value_and_one_records_largest(staff, question: str, sql: str) -> None:
    figures_match(answered(staff.bot, question), staff.ref, sql)
