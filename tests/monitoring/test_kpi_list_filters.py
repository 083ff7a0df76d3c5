"""The section's KPI list, searched and filtered by goal through its declared filter."""

import pytest
from django.urls import reverse

from plans.models import Role
from tests.monitoring.factories import KPIFactory
from tests.objectives.factories import GoalFactory

pytestmark = pytest.mark.django_db


def kpi_list(client, plan, params):
    """The KPI list as a filter form's request refreshes it."""
    response = client.get(
        reverse("monitoring:page", kwargs={"plan": plan.uuid}),
        params,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="coll-monitoring-kpis",
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_kpi_list_is_searched_and_filtered_by_goal(client_for, people, plan):
    safety = GoalFactory(plan=plan, statement="Halve injuries")
    walking = GoalFactory(plan=plan, statement="Double walking")
    KPIFactory(plan=plan, goal=safety, name="Injuries", data_source="Police records")
    KPIFactory(plan=plan, goal=walking, name="Walkers", data_source="Hands-up survey")
    c = client_for(people[Role.VIEWER])

    searched = kpi_list(c, plan, {"kpis-q": "hands-up"})  # the data source
    assert "Walkers" in searched and "Injuries" not in searched
    by_goal = kpi_list(c, plan, {"kpis-goal": str(safety.pk)})
    assert "Injuries" in by_goal and "Walkers" not in by_goal
    assert "No KPIs yet." in kpi_list(c, plan, {"kpis-goal": str(safety.pk), "kpis-q": "survey"})


def test_a_goal_of_another_plan_is_ignored_and_not_offered(client_for, people, plan):
    KPIFactory(plan=plan, name="Injuries")
    stranger = GoalFactory(statement="Another plan's goal")
    c = client_for(people[Role.VIEWER])
    assert "Injuries" in kpi_list(c, plan, {"kpis-goal": str(stranger.pk)})
    page = c.get(reverse("monitoring:page", kwargs={"plan": plan.uuid})).content.decode()
    assert 'name="kpis-goal"' in page and "Another plan" not in page
