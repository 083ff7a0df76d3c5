"""Kinds and ranks a plan may not give stay unknown: a source not typed, a stakeholder whose
part is not said, a risk not put in a category, a requirement not ranked. No form preselects
one, and the page and the document say it is not given rather than print an invented one."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.models import Evidence, Requirement, Stakeholder
from plans.models import Role
from plans.sections import registry
from risks.models import Risk
from tests.assessments.factories import NeedFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def add(client, plan, name, data):
    app, list_name = name.split(":")
    url = reverse(f"{app}:{list_name}_add", kwargs={"plan": plan.uuid})
    form = client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return form


def printed(plan, key):
    section = registry.get(key)
    return render_to_string(section.document_template, {"data": section.snapshot(plan)})


@pytest.mark.parametrize(
    ("name", "data", "model", "field", "preselected"),
    [
        (
            "stakeholders:stakeholders",
            {"name": "Rectorat"},
            Stakeholder,
            "stakeholder_type",
            "beneficiary",
        ),
        ("risks:risks", {"title": "Budget cut", "status": "open"}, Risk, "category", "operational"),
    ],
)
def test_nothing_is_chosen_for_the_planner(
    client_for, people, plan, name, data, model, field, preselected
):
    form = add(client_for(people[Role.PLANNER]), plan, name, data)
    assert f'value="{preselected}" selected' not in form
    assert getattr(model.objects.get(plan=plan), field) == ""


def test_a_risk_not_put_in_a_category_says_so(client_for, people, plan):
    planner = client_for(people[Role.PLANNER])
    add(planner, plan, "risks:risks", {"title": "Budget cut", "status": "open"})
    page = planner.get(reverse("risks:page", kwargs={"plan": plan.uuid})).content.decode()
    assert "not categorised" in page
    assert "not categorised" in printed(plan, "risks")


def test_a_stakeholder_whose_part_is_not_said_prints_not_given(client_for, people, plan):
    add(client_for(people[Role.PLANNER]), plan, "stakeholders:stakeholders", {"name": "Rectorat"})
    html = printed(plan, "stakeholders")
    assert "Rectorat" in html and "not said" in html and "Beneficiary" not in html


def test_a_source_not_typed_prints_its_description_alone(client_for, people, plan):
    need = NeedFactory(plan=plan)
    data = {"need": need.pk, "description": "Baromètre santé 2017", "reference": "SpF"}
    add(client_for(people[Role.PLANNER]), plan, "assessments:evidence", data)
    assert Evidence.objects.get(plan=plan).source_type == ""
    html = printed(plan, "assessments")
    assert "Baromètre santé 2017" in html and "Survey" not in html


def test_a_requirement_not_ranked_says_its_priority_is_not_set(client_for, people, plan):
    stakeholder = StakeholderFactory(plan=plan, name="Parents")
    data = {"stakeholder": stakeholder.pk, "statement": "Quiet streets", "status": "proposed"}
    form = add(client_for(people[Role.PLANNER]), plan, "stakeholders:requirements", data)
    assert 'value="should" selected' not in form
    assert Requirement.objects.get(plan=plan).priority == ""
    assert "priority not set" in printed(plan, "stakeholders")
