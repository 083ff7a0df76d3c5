"""Milestones given for a period or not yet dated, tasks led by a stakeholder, actions the
plan does not rank: entered through the forms, shown and printed as the plan wrote them."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from actions.models import Milestone, Task
from actions.section import completeness
from actions.selectors import gantt_data, snapshot
from plans.models import Role
from tests.assessments.factories import StakeholderFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def url(plan, name):
    return reverse(f"actions:{name}", kwargs={"plan": plan.uuid})


@pytest.fixture
def dated_plan(plan):
    plan.start_date, plan.end_date = datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)
    plan.save()
    return plan


def test_a_milestone_for_a_quarter_falls_due_at_its_end_and_prints_as_written(
    client_for, people, dated_plan
):
    planner = client_for(people[Role.PLANNER])
    response = planner.post(
        url(dated_plan, "milestones_add"), {"title": "Loi votée", "period": "T2 2025"}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(plan=dated_plan)
    assert milestone.period == "T2 2025"
    assert (milestone.period_start, milestone.date) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )
    page = planner.get(url(dated_plan, "page")).content.decode()
    assert "T2 2025" in page
    html = render_to_string("actions/document.html", {"data": snapshot(dated_plan)})
    assert "T2 2025" in html
    # The chart and the calendar place it at the end of the quarter.
    assert gantt_data(dated_plan)[1][0]["date"] == datetime.date(2025, 6, 30)


def test_a_milestone_on_a_day_typed_as_its_period_keeps_a_date(client_for, people, dated_plan):
    client_for(people[Role.PLANNER]).post(
        url(dated_plan, "milestones_add"), {"title": "Launch", "period": "2025-03-14"}
    )
    milestone = Milestone.objects.get(plan=dated_plan)
    assert (milestone.period, milestone.period_start, milestone.date) == (
        "",
        None,
        datetime.date(2025, 3, 14),
    )


def test_a_milestone_the_plan_does_not_date_stays_undated(client_for, people, dated_plan):
    planner = client_for(people[Role.PLANNER])
    assert (
        planner.post(url(dated_plan, "milestones_add"), {"title": "Evaluation"}).status_code == 302
    )
    milestone = Milestone.objects.get(plan=dated_plan)
    assert milestone.date is None and milestone.period == ""
    assert "date to be determined" in planner.get(url(dated_plan, "page")).content.decode()
    html = render_to_string("actions/document.html", {"data": snapshot(dated_plan)})
    assert "to be determined" in html
    assert gantt_data(dated_plan)[1][0]["date"] is None  # and the chart leaves it off


def test_a_milestone_period_outside_the_plan_is_refused_on_the_period(
    client_for, people, dated_plan
):
    response = client_for(people[Role.PLANNER]).post(
        url(dated_plan, "milestones_add"), {"title": "Too late", "period": "2031"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["period"] == [
        "The date must fall within the plan's dates."
    ]
    assert not Milestone.objects.exists()


def test_an_unreadable_milestone_period_is_refused_with_a_message(client_for, people, dated_plan):
    response = client_for(people[Role.PLANNER]).post(
        url(dated_plan, "milestones_add"), {"title": "Soon", "period": "bientôt"}
    )
    assert "is not a period Planner can read" in response.context["form"].errors["period"][0]
    assert not Milestone.objects.exists()


def test_a_task_led_by_a_stakeholder_is_owned_shown_and_printed(client_for, people, dated_plan):
    agency = StakeholderFactory(plan=dated_plan, name="Santé publique France")
    planner = client_for(people[Role.PLANNER])
    response = planner.post(
        url(dated_plan, "tasks_add"),
        {
            "title": "Campagne Mois sans tabac",
            "responsible_stakeholder": agency.pk,
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(plan=dated_plan)
    assert task.responsible_stakeholder == agency and task.responsible is None
    assert "Santé publique France" in planner.get(url(dated_plan, "page")).content.decode()
    html = render_to_string("actions/document.html", {"data": snapshot(dated_plan)})
    assert "Santé publique France" in html
    assert "Say who is responsible for every task." not in completeness(dated_plan).missing
    # The task list's search finds it by the stakeholder's name.
    found = planner.get(url(dated_plan, "page"), {"tasks-q": "publique"}).content.decode()
    assert "Campagne Mois sans tabac" in found


def test_a_stakeholder_of_another_plan_cannot_lead_a_task(client_for, people, dated_plan):
    elsewhere = StakeholderFactory(plan=PlanFactory(), name="Elsewhere agency")
    response = client_for(people[Role.PLANNER]).post(
        url(dated_plan, "tasks_add"),
        {"title": "Sneaky", "responsible_stakeholder": elsewhere.pk, "status": "not_started"},
    )
    assert (
        response.status_code == 400 and "responsible_stakeholder" in response.context["form"].errors
    )
    assert not Task.objects.exists()


def test_a_task_the_plan_does_not_rank_has_no_priority(client_for, people, dated_plan):
    planner = client_for(people[Role.PLANNER])
    form = planner.get(url(dated_plan, "tasks_add")).content.decode()
    # Nothing is chosen for the planner: the empty choice is the one selected.
    assert 'value="2" selected' not in form
    planner.post(url(dated_plan, "tasks_add"), {"title": "Unranked", "status": "not_started"})
    task = Task.objects.get(plan=dated_plan)
    assert task.priority is None
    with translation.override("en"):
        data = snapshot(dated_plan)
        html = render_to_string("actions/document.html", {"data": data})
    assert data["tasks"][0]["priority_label"] == "not set"
    assert "not set" in html
    page = planner.get(url(dated_plan, "page")).content.decode()
    assert "Unranked" in page and " priority</span>" not in page
