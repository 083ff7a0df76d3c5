"""Versions: publishing and bringing back ask first; an export names the version it publishes."""

import pytest
from django.urls import reverse

from documents.services import document_request
from history.views import item_history_url
from plans.models import PlanVersion
from plans.sections.items import item_update

pytestmark = pytest.mark.django_db


def test_publishing_asks_for_confirmation(client_for, plan, owner):
    html = client_for(owner).get(reverse("history:version_new", kwargs={"plan": plan.uuid}))
    assert 'data-confirm="Publish this version?' in html.content.decode()


def test_bringing_back_a_version_asks_for_confirmation(client_for, plan, planner, goal):
    item_update(instance=goal, data={"unit": "pupils"}, expected_version=goal.version, user=planner)
    html = client_for(planner).get(item_history_url(goal)).content.decode()
    assert "Bring back this version" in html
    assert 'data-confirm="Bring back this version?' in html


def test_an_export_of_the_plan_as_it_stands_publishes_it_with_the_label_given(
    client_for, plan, owner, goal
):
    response = client_for(owner).post(
        reverse("documents:export", kwargs={"plan": plan.uuid}),
        {"version": "", "format": "pdf", "label": "Sent to the council"},
    )
    assert response.status_code in (200, 302)
    version = PlanVersion.objects.get(plan=plan)
    assert version.label == "Sent to the council"
    # Unchanged since: the same version is exported again, its label kept.
    document_request(plan=plan, user=owner, label="Another label")
    assert list(PlanVersion.objects.filter(plan=plan).values_list("label", flat=True)) == [
        "Sent to the council"
    ]
