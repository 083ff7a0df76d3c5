"""The task form chooses the budget lines that fund the task (a foreign key on each line)."""

import pytest
from django.urls import reverse

from actions.models import Task
from plans.models import Role
from tests.actions.factories import TaskFactory
from tests.plans.factories import PlanFactory
from tests.resources.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def task_data(**changes):
    data = {
        "title": "Road works",
        "start_date": "2026-04-01",
        "due_date": "2026-05-15",
        "status": "not_started",
        "priority": "2",
        "progress": "0",
    }
    data.update(changes)
    return data


def edit(client, plan, task, **changes):
    url = reverse("actions:tasks_edit", kwargs={"plan": plan.uuid, "pk": task.pk})
    return client.post(url, task_data(version=task.version, **changes), **HTMX)


def test_a_new_task_is_funded_by_the_chosen_lines(client_for, people, plan):
    planner = people[Role.PLANNER]
    works = BudgetLineFactory(plan=plan, description="Raised crossings")
    signs = BudgetLineFactory(plan=plan, description="Temporary signs")
    other = BudgetLineFactory(plan=plan, description="Leaflets")
    url = reverse("actions:tasks_add", kwargs={"plan": plan.uuid})
    response = client_for(planner).post(url, task_data(funded_by=[works.pk, signs.pk]), **HTMX)
    assert response.status_code == 200
    task = Task.objects.get(plan=plan, title="Road works")
    assert set(task.budget_lines.all()) == {works, signs}
    other.refresh_from_db()
    assert other.task is None
    works.refresh_from_db()
    assert works.version == 2
    assert works.history.latest().history_user == planner


def test_editing_a_task_frees_unchosen_lines_and_moves_lines_from_other_tasks(
    client_for, people, plan
):
    task = TaskFactory(plan=plan, title="Road works")
    other_task = TaskFactory(plan=plan, title="Recruit supervisors")
    kept = BudgetLineFactory(plan=plan, task=task)
    dropped = BudgetLineFactory(plan=plan, task=task)
    moved = BudgetLineFactory(plan=plan, task=other_task)
    form = client_for(people[Role.PLANNER]).get(
        reverse("actions:tasks_edit", kwargs={"plan": plan.uuid, "pk": task.pk}), **HTMX
    )
    html = form.content.decode()
    assert f'value="{kept.pk}" selected' in html
    assert "now funds “Recruit supervisors”" in html
    response = edit(client_for(people[Role.PLANNER]), plan, task, funded_by=[kept.pk, moved.pk])
    assert response.status_code == 200
    assert set(task.budget_lines.all()) == {kept, moved}
    dropped.refresh_from_db()
    assert dropped.task is None and dropped.version == 2
    kept.refresh_from_db()
    assert kept.version == 1  # unchanged: no new version, no history row
    assert kept.history.count() == 1


def test_a_budget_line_of_another_plan_is_refused_and_nothing_is_saved(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Road works")
    foreign = BudgetLineFactory(plan=PlanFactory())
    response = edit(
        client_for(people[Role.PLANNER]), plan, task, title="Renamed", funded_by=[foreign.pk]
    )
    assert "Select a valid choice" in response.content.decode()
    task.refresh_from_db()
    foreign.refresh_from_db()
    assert task.title == "Road works" and foreign.task is None


def test_a_stale_task_edit_changes_no_budget_line(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Road works")
    line = BudgetLineFactory(plan=plan)
    client = client_for(people[Role.PLANNER])
    stale_version = task.version
    assert edit(client, plan, task, title="First edit").status_code == 200
    task.version = stale_version
    response = edit(client, plan, task, title="Second edit", funded_by=[line.pk])
    assert "First edit" in response.content.decode()  # their value, shown beside mine
    task.refresh_from_db()
    line.refresh_from_db()
    assert task.title == "First edit"
    assert line.task is None and line.version == 1
