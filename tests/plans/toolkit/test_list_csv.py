"""Any list as CSV, as it is filtered on screen, in the reader's language."""

import csv
import io

import pytest
from django.urls import reverse

from plans.models import Role
from tests.actions.factories import TaskFactory
from tests.resources.factories import BudgetLineFactory

pytestmark = pytest.mark.django_db


def rows(response, delimiter):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_a_list_filtered_on_screen_comes_out_as_csv_with_labels(client_for, people, plan):
    TaskFactory(plan=plan, title="Paint the crossings", status="in_progress", priority=None)
    TaskFactory(plan=plan, title="Train the wardens", status="done")
    url = reverse("actions:tasks_csv", kwargs={"plan": plan.uuid})
    response = client_for(people[Role.VIEWER]).get(url, {"tasks-status": "in_progress"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tasks.csv"'
    table = rows(response, ",")
    head = table[0]
    assert head[:2] == ["Task", "Description"]
    assert len(table) == 2  # the filter applies: only the task in progress
    task = dict(zip(head, table[1], strict=True))
    assert task["Task"] == "Paint the crossings"
    assert task["Status"] == "In progress"
    assert task["Priority"] == "not set"


def test_a_french_reader_gets_semicolons_and_decimal_commas(client_for, people, plan):
    BudgetLineFactory(plan=plan, description="Peinture", amount="1547.50")
    planner = people[Role.PLANNER]
    planner.language = "fr"
    planner.save()
    url = reverse("resources:budget_csv", kwargs={"plan": plan.uuid})
    table = rows(client_for(planner).get(url), ";")
    line = dict(zip(table[0], table[1], strict=True))
    assert line["Description"] == "Peinture"
    assert "1547,50" in line.values()


def test_the_list_links_to_its_csv_and_an_outsider_gets_nothing(client_for, people, plan):
    TaskFactory(plan=plan, title="Paint the crossings")
    page = client_for(people[Role.VIEWER]).get(reverse("actions:page", kwargs={"plan": plan.uuid}))
    assert "/actions/tasks/csv/" in page.content.decode()
    url = reverse("actions:tasks_csv", kwargs={"plan": plan.uuid})
    assert client_for(people["outsider"]).get(url).status_code == 404
