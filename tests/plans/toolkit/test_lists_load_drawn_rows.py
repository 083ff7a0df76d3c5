"""A list page loads the rows it draws and no others: the first ``page_size`` rows in SQL
(``LIMIT``) and the number of all in a COUNT, while what it says about the whole list (the
number of rows, a line's sub-lines, a cause's place in the tree) stays right."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Role
from tests.assessments.factories import CauseFactory, NeedFactory
from tests.objectives.factories import GoalFactory
from tests.resources.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db

ROWS = 'class="list-group-item inline-row"'


def row_selects(queries, table):
    """The queries that read whole rows of ``table`` as a list draws them (every field, its
    ``version`` too), not a COUNT, a column of values or a few fields for a check."""
    found = []
    for query in queries:
        sql = query["sql"]
        whole = f'"{table}"."version"' in sql.split(" FROM ", 1)[0]
        reads = re.match(rf'SELECT .* FROM "{table}"', sql)  # noqa: S608 - a pattern, no query
        if reads and whole and "COUNT(" not in sql:
            found.append(sql)
    return found


def get(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode(), ctx.captured_queries


def test_a_long_list_reads_only_its_first_rows_and_counts_the_others(client_for, people, plan):
    for i in range(60):
        GoalFactory(plan=plan, statement=f"Goal number {i:02d}", position=i)
    url = reverse("objectives:page", kwargs={"plan": plan.uuid})
    page, queries = get(client_for(people[Role.VIEWER]), url)

    assert page.count(ROWS) == 50 and "Showing the first 50 of 60." in page
    reads = row_selects(queries, "objectives_goal")
    assert reads and all("LIMIT 50" in sql for sql in reads), reads
    # Opened in full, every row is read and drawn.
    everything, queries = get(client_for(people[Role.VIEWER]), url, all="coll-objectives-goals")
    assert everything.count(ROWS) == 60 and "Showing the first" not in everything
    assert any("LIMIT" not in sql for sql in row_selects(queries, "objectives_goal"))


def test_a_line_drawn_is_checked_against_sub_lines_that_are_not(client_for, people, plan):
    parent = BudgetLineFactory(
        plan=plan, description="Parent line", amount=Decimal(100), position=0
    )
    for i in range(55):
        BudgetLineFactory(plan=plan, description=f"Line {i:02d}", position=i + 1)
    for i in range(2):  # after the first 50 rows: not drawn, still added up
        BudgetLineFactory(
            plan=plan, parent=parent, description=f"Sub-line {i}", amount=60, position=60 + i
        )
    url = reverse("resources:page", kwargs={"plan": plan.uuid})
    page, queries = get(client_for(people[Role.VIEWER]), url)

    assert "Showing the first 50 of 58." in page
    assert "Sub-line 0" not in page
    assert "Its sub-lines add up to more than the planned amount." in page
    reads = row_selects(queries, "resources_budgetline")
    assert reads and all("LIMIT 50" in sql for sql in reads), reads


def test_the_first_causes_drawn_are_the_first_of_the_whole_tree(client_for, people, plan):
    from assessments.models import Cause
    from assessments.selectors import cause_tree, causes_for_plan

    needs = [NeedFactory(plan=plan, statement=f"Need {n}", position=n) for n in range(2)]
    # Each need's causes, some with sub-causes added last: the tree order is not the table's.
    tops = [
        CauseFactory(plan=plan, need=needs[i % 2], statement=f"Top {i:02d}", position=i)
        for i in range(30)
    ]
    for i in range(30):
        CauseFactory(
            plan=plan,
            need=tops[i].need,
            parent=tops[i],
            statement=f"Sub {i:02d}",
            position=100 + i,
        )
    expected = cause_tree(list(causes_for_plan(plan)))[:50]
    url = reverse("assessments:page", kwargs={"plan": plan.uuid})
    page, queries = get(client_for(people[Role.VIEWER]), url)

    assert "Showing the first 50 of 60." in page
    drawn = re.findall(r"(?:Top|Sub) \d\d", page.split('id="coll-assessments-causes"')[1])
    assert drawn[:50] == [c.statement for c in expected]
    sub = next(c for c in expected if c.depth == 1)
    assert sub.statement in page and "Sub-cause, level 1:" in page
    assert Cause.objects.filter(plan=plan).count() == 60
    # The causes' rows read are the 50 drawn (the tree order from their ids and parents).
    reads = row_selects(queries, "assessments_cause")
    assert reads and all('"assessments_cause"."id" IN' in sql for sql in reads), reads
