"""A long list draws its first rows and offers the rest: the page stays light, nothing is hidden
for good, and an item just added is always in sight."""

import pytest
from django.urls import reverse

from plans.models import Role
from tests.objectives.factories import GoalFactory
from tests.objectives.test_goals import HTMX, add_url, goal_data

pytestmark = pytest.mark.django_db

ROWS = 'class="list-group-item inline-row"'


def test_a_long_list_shows_its_first_rows_and_offers_the_rest(client_for, people, plan):
    for i in range(55):
        GoalFactory(plan=plan, statement=f"Goal number {i:02d}", position=i)
    url = reverse("objectives:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])

    page = c.get(url).content.decode()
    assert page.count(ROWS) == 50
    assert "Goal number 49" in page and "Goal number 50" not in page
    assert "Showing the first 50 of 55." in page
    assert "all=coll-objectives-goals" in page

    everything = c.get(
        url, {"all": "coll-objectives-goals"}, HTTP_HX_TARGET="coll-objectives-goals", **HTMX
    )
    body = everything.content.decode()
    assert body.count(ROWS) == 55 and "Goal number 54" in body
    assert "Showing the first" not in body

    # Another list's "all" leaves this one short; the filters still apply to the full list.
    assert c.get(url, {"all": "coll-risks-risks"}).content.decode().count(ROWS) == 50
    filtered = c.get(url, {"goals-q": "number 5"}).content.decode()
    assert filtered.count(ROWS) == 5  # 50 to 54
    assert "Showing the first" not in filtered


def test_an_item_added_to_a_long_list_is_in_sight(client_for, people, plan):
    for i in range(55):
        GoalFactory(plan=plan, statement=f"Goal number {i:02d}", position=i)
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), goal_data(statement="The newest goal"), **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The newest goal" in body
    assert body.count(ROWS) == 56
