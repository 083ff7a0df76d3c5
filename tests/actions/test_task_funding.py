"""The task form chooses the budget lines that pay for the task and the team time given to it.

The links belong to the task (``Task.budget_lines``, ``Task.allocations``): choosing them is an
edit of the task, with its version and one history row, and leaves the resources rows alone.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Task
from actions.services import task_create, task_update
from plans.history import m2m_history_model
from plans.models import Role
from tests.actions.factories import TaskFactory
from tests.plans.factories import PlanFactory
from tests.resources.factories import AllocationFactory, BudgetLineFactory

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


def links_of(record, name):
    f = Task._meta.get_field(name)
    rows = m2m_history_model(Task, f).objects.filter(history_id=record.history_id)
    return set(rows.values_list(f.m2m_reverse_field_name() + "_id", flat=True))


def test_a_new_task_is_funded_by_the_chosen_lines(client_for, people, plan):
    planner = people[Role.PLANNER]
    works = BudgetLineFactory(plan=plan, description="Raised crossings")
    signs = BudgetLineFactory(plan=plan, description="Temporary signs")
    other = BudgetLineFactory(plan=plan, description="Leaflets")
    url = reverse("actions:tasks_add", kwargs={"plan": plan.uuid})
    response = client_for(planner).post(url, task_data(budget_lines=[works.pk, signs.pk]), **HTMX)
    assert response.status_code == 200
    task = Task.objects.get(plan=plan, title="Road works")
    assert set(task.budget_lines.all()) == {works, signs}
    assert not other.tasks.exists()
    record = task.history.get()
    assert record.history_user == planner
    assert links_of(record, "budget_lines") == {works.pk, signs.pk}
    works.refresh_from_db()
    assert works.version == 1 and works.history.count() == 1  # the line itself is untouched


def test_editing_a_task_frees_unchosen_lines_and_shares_lines_with_other_tasks(
    client_for, people, plan
):
    task = TaskFactory(plan=plan, title="Road works")
    other_task = TaskFactory(plan=plan, title="Recruit supervisors")
    kept, dropped, shared = (BudgetLineFactory(plan=plan) for _ in range(3))
    task.budget_lines.set([kept, dropped])
    other_task.budget_lines.set([shared])
    client = client_for(people[Role.PLANNER])
    form = client.get(
        reverse("actions:tasks_edit", kwargs={"plan": plan.uuid, "pk": task.pk}), **HTMX
    )
    html = form.content.decode()
    assert f'value="{kept.pk}" selected' in html
    assert "also pays for “Recruit supervisors”" in html
    response = edit(client, plan, task, budget_lines=[kept.pk, shared.pk])
    assert response.status_code == 200
    assert set(task.budget_lines.all()) == {kept, shared}
    assert set(other_task.budget_lines.all()) == {shared}  # a line can pay for several tasks
    task.refresh_from_db()
    assert task.version == 2
    assert links_of(task.history.latest(), "budget_lines") == {kept.pk, shared.pk}
    other_task.refresh_from_db()
    assert other_task.version == 1  # choosing a shared line is not an edit of the other task
    for line in (kept, dropped, shared):
        line.refresh_from_db()
        assert line.version == 1


def test_a_budget_line_of_another_plan_is_refused_and_nothing_is_saved(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Road works")
    foreign = BudgetLineFactory(plan=PlanFactory())
    response = edit(
        client_for(people[Role.PLANNER]), plan, task, title="Renamed", budget_lines=[foreign.pk]
    )
    assert "Select a valid choice" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Road works" and not foreign.tasks.exists()


def test_a_stale_task_edit_changes_no_link(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Road works")
    line = BudgetLineFactory(plan=plan)
    client = client_for(people[Role.PLANNER])
    stale_version = task.version
    assert edit(client, plan, task, title="First edit").status_code == 200
    task.version = stale_version
    response = edit(client, plan, task, title="Second edit", budget_lines=[line.pk])
    assert "First edit" in response.content.decode()  # their value, shown beside mine
    task.refresh_from_db()
    assert task.title == "First edit"
    assert not task.budget_lines.exists()


def test_a_task_is_given_team_time_and_the_allocation_shows_its_task(client_for, people, plan):
    planner = people[Role.PLANNER]
    task = TaskFactory(plan=plan, title="Design crossings")
    design = AllocationFactory(plan=plan, label="Crossing design", member__name="Julie Moreau")
    other = AllocationFactory(plan=plan, label="Coordination")
    form = client_for(planner).get(
        reverse("actions:tasks_edit", kwargs={"plan": plan.uuid, "pk": task.pk}), **HTMX
    )
    assert "Julie Moreau: Crossing design, 0.50 FTE from" in form.content.decode()
    response = edit(
        client_for(planner), plan, task, title="Design crossings", allocations=[design.pk]
    )
    assert response.status_code == 200
    assert list(task.allocations.all()) == [design]
    assert links_of(task.history.latest(), "allocations") == {design.pk}
    design.refresh_from_db()
    assert design.version == 1 and design.work == "Design crossings"
    assert other.work == "Coordination"  # no task: the work it describes
    page = client_for(people[Role.VIEWER]).get(reverse("actions:page", kwargs={"plan": plan.uuid}))
    assert "Team time:" in page.content.decode() and "Julie Moreau (0.50 FTE)" in (
        page.content.decode()
    )
    resources = client_for(people[Role.VIEWER]).get(
        reverse("resources:page", kwargs={"plan": plan.uuid})
    )
    assert "Julie Moreau</span> → Design crossings" in resources.content.decode()


def test_an_allocation_of_another_plan_is_refused(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Road works")
    foreign = AllocationFactory(plan=PlanFactory())
    response = edit(client_for(people[Role.PLANNER]), plan, task, allocations=[foreign.pk])
    assert "Select a valid choice" in response.content.decode()
    assert not foreign.tasks.exists()


def test_the_services_refuse_resources_of_another_plan_without_a_form(people, plan):
    planner = people[Role.PLANNER]
    line = BudgetLineFactory(plan=PlanFactory())
    allocation = AllocationFactory(plan=PlanFactory())
    with pytest.raises(ValidationError) as refused:
        task_create(
            plan=plan,
            data={"title": "Road works", "budget_lines": [line], "allocations": [allocation]},
            user=planner,
        )
    assert set(refused.value.message_dict) == {"budget_lines", "allocations"}
    assert not Task.objects.exists()
    task = TaskFactory(plan=plan)
    with pytest.raises(ValidationError, match="tasks of this plan"):
        task_update(
            instance=task, data={"depends_on": [TaskFactory()]}, expected_version=1, user=planner
        )
    with pytest.raises(ValidationError, match="budget lines of this plan"):
        task_update(instance=task, data={"budget_lines": [line]}, expected_version=1, user=planner)
    assert not task.budget_lines.exists()
