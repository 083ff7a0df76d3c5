"""Links between items (many-to-many) are kept in history, shown in diffs and reverted."""

import datetime

import pytest
from django.urls import reverse

from actions.models import Task
from actions.services import task_update
from history import entries as history
from plans.history import m2m_history_model
from plans.sections.items import item_create, item_update
from strategy.models import Method
from tests.actions.factories import TaskFactory
from tests.objectives.factories import GoalFactory

pytestmark = pytest.mark.django_db


def links_of(record, model, name):
    f = model._meta.get_field(name)
    rows = m2m_history_model(model, f).objects.filter(history_id=record.history_id)
    return set(rows.values_list(f.m2m_reverse_field_name() + "_id", flat=True))


@pytest.fixture
def method(plan, planner):
    return item_create(
        plan=plan, model=Method, data={"name": "Walking buses", "goals": []}, user=planner
    )


def edit_goals(method, goals, user, reason=None):
    method.refresh_from_db()
    return item_update(
        instance=method,
        data={"goals": goals},
        expected_version=method.version,
        user=user,
        reason=reason,
    )


def test_an_edit_of_links_is_one_history_row_with_its_reason_and_the_new_links(
    plan, planner, method
):
    goal = GoalFactory(plan=plan, statement="More pupils walk to school")
    edit_goals(method, [goal], planner, reason="Agreed at the steering meeting")
    rows = list(method.history.order_by("history_id"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert rows[-1].history_change_reason == "Agreed at the steering meeting"
    assert rows[-1].history_user == planner
    assert links_of(rows[0], Method, "goals") == set()
    assert links_of(rows[-1], Method, "goals") == {goal.pk}


def test_the_item_history_page_shows_links_added_and_removed(client_for, plan, planner, method):
    walk = GoalFactory(plan=plan, statement="More pupils walk to school")
    safe = GoalFactory(plan=plan, statement="Halve injuries near schools")
    edit_goals(method, [walk], planner)
    edit_goals(method, [safe], planner)
    entries = history.item_history(plan=plan, model=Method, object_id=method.pk)
    latest = entries[0].changes
    assert [(c.field, c.old, c.new) for c in latest] == [
        ("Goals it serves", "More pupils walk to school", "Halve injuries near schools")
    ]
    url = reverse(
        "history:item_history",
        kwargs={"plan": plan.uuid, "label": "strategy.method", "pk": method.pk},
    )
    response = client_for(planner).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Goals it serves" in html and "Halve injuries near schools" in html


def test_a_revert_brings_the_links_back(client_for, plan, planner, method):
    walk = GoalFactory(plan=plan, statement="More pupils walk to school")
    edit_goals(method, [walk], planner)
    linked = method.history.latest()
    edit_goals(method, [], planner)
    revert = reverse(
        "history:item_revert",
        kwargs={"plan": plan.uuid, "label": "strategy.method", "pk": linked.pk},
    )
    client_for(planner).post(revert)
    assert list(Method.objects.get(pk=method.pk).goals.all()) == [walk]
    assert links_of(method.history.latest(), Method, "goals") == {walk.pk}


def test_task_dependencies_show_in_the_task_history(client_for, plan, planner):
    survey = TaskFactory(
        plan=plan,
        title="Parent survey",
        start_date=datetime.date(2026, 1, 5),
        due_date=datetime.date(2026, 2, 1),
    )
    task = TaskFactory(plan=plan, title="Walking bus launch")
    task_update(
        instance=task, data={"depends_on": [survey]}, expected_version=task.version, user=planner
    )
    url = reverse(
        "history:item_history", kwargs={"plan": plan.uuid, "label": "actions.task", "pk": task.pk}
    )
    response = client_for(planner).get(url)
    assert response.status_code == 200
    assert "Parent survey" in response.content.decode()
    assert links_of(Task.history.filter(id=task.pk).latest(), Task, "depends_on") == {survey.pk}
