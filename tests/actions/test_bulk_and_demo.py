"""Bulk writes of the action plan (demo data, imports) keep the rules of the one-task services,
and the demo writes the action plan's own rows only."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from actions import demo as actions_demo
from actions.models import RaciAssignment, Task
from actions.services import raci_bulk_create, task_bulk_create
from plans.demo import demo_plan
from plans.history import m2m_history_model
from plans.models import Role
from resources import demo as resources_demo
from resources.models import Allocation, BudgetLine
from tests.actions.factories import RaciAssignmentFactory, TaskFactory
from tests.resources.factories import BudgetLineFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)


def test_bulk_tasks_link_earlier_rows_and_keep_history(people, plan):
    planner = people[Role.PLANNER]
    line = BudgetLineFactory(plan=plan)
    first = {"title": "Survey", "start_date": DAY, "due_date": DAY + datetime.timedelta(days=9)}
    second = {
        "title": "Report",
        "start_date": DAY + datetime.timedelta(days=10),
        "depends_on": [first],
        "budget_lines": [line],
    }
    survey, report = task_bulk_create(plan=plan, rows=[first, second], user=planner)
    assert list(report.depends_on.all()) == [survey]
    assert list(line.tasks.all()) == [report]
    record = report.history.get()
    assert record.history_user == planner
    f = Task._meta.get_field("depends_on")
    links = m2m_history_model(Task, f).objects.filter(history_id=record.history_id)
    assert list(links.values_list("to_task_id", flat=True)) == [survey.pk]
    assert [survey.position, report.position] == [0, 1]


def test_bulk_tasks_refuse_a_start_before_a_dependency_ends_and_save_nothing(people, plan):
    first = {"title": "Survey", "start_date": DAY, "due_date": DAY + datetime.timedelta(days=9)}
    early = {"title": "Report", "start_date": DAY, "depends_on": [first]}
    with pytest.raises(ValidationError, match="cannot start before “Survey”"):
        task_bulk_create(plan=plan, rows=[first, early], user=people[Role.PLANNER])
    assert not Task.objects.exists()


def test_bulk_raci_keeps_the_rules_and_refuses_a_task_that_has_a_row(people, plan):
    planner = people[Role.PLANNER]
    julie, samir = TeamMemberFactory(plan=plan), TeamMemberFactory(plan=plan)
    task = TaskFactory(plan=plan)
    with pytest.raises(ValidationError, match="Accountable"):
        raci_bulk_create(plan=plan, rows={task: {julie.pk: "R"}}, user=planner)
    created = raci_bulk_create(plan=plan, rows={task: {julie.pk: "R", samir.pk: "A"}}, user=planner)
    assert {(a.member_id, a.role) for a in created} == {(julie.pk, "R"), (samir.pk, "A")}
    assert RaciAssignment.history.filter(task_id=task.pk).count() == 2
    other = TaskFactory(plan=plan)
    RaciAssignmentFactory(plan=plan, task=other, member=julie, role="A")
    with pytest.raises(ValidationError, match="no RACI row yet"):
        raci_bulk_create(plan=plan, rows={other: {julie.pk: "R", samir.pk: "A"}}, user=planner)


def test_the_demo_links_tasks_to_resources_without_writing_them():
    plan, owner = demo_plan(size="small")
    rng = random.Random(2026)
    resources_demo.demo(plan, size="small", user=owner, rng=rng)
    actions_demo.demo(plan, size="small", user=owner, rng=rng)
    titles = set(Task.objects.filter(plan=plan).values_list("title", flat=True))
    assert {
        "Train volunteer crossing supervisors",
        "Agree a back-up supplier for signage",
    } <= titles
    counts = BudgetLine.objects.get(plan=plan, description__startswith="Speed and traffic")
    assert set(counts.tasks.values_list("title", flat=True)) == {
        "Baseline speed and traffic counts",
        "Follow-up speed counts",
    }
    assert Allocation.objects.get(plan=plan, label="Works supervision").work == (
        "Road works at six crossings"
    )
    # Every resources row has the one history row its own demo wrote.
    for model in (BudgetLine, Allocation):
        assert set(
            model.history.filter(plan_id=plan.pk).values_list("history_type", flat=True)
        ) == {"+"}
    assert not Task.objects.filter(plan=plan, raci__isnull=True).exists()
