"""A risk owned by one of the plan's stakeholders (an agency, a ministry), as real plans say."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from plans.models import Role
from risks.models import Risk
from risks.section import completeness
from risks.selectors import snapshot
from tests.assessments.factories import StakeholderFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def add(client, plan, **data):
    url = reverse("risks:risks_add", kwargs={"plan": plan.uuid})
    return client.post(
        url, {"title": "Budget cut", "category": "financial", "status": "open", **data}
    )


def test_a_stakeholder_owns_a_risk_shown_printed_and_counted_as_owned(client_for, people, plan):
    ministry = StakeholderFactory(plan=plan, name="Ministère de la Santé")
    planner = client_for(people[Role.PLANNER])
    assert add(planner, plan, owner_stakeholder=ministry.pk).status_code == 302
    risk = Risk.objects.get(plan=plan)
    assert risk.owner_stakeholder == ministry and risk.owner is None
    page = planner.get(reverse("risks:page", kwargs={"plan": plan.uuid})).content.decode()
    assert "owner: Ministère de la Santé" in page
    html = render_to_string("risks/document.html", {"data": snapshot(plan)})
    assert "Ministère de la Santé" in html
    assert not any("owner" in m for m in completeness(plan).missing)


def test_an_unowned_risk_is_still_counted_missing(client_for, people, plan):
    add(client_for(people[Role.PLANNER]), plan)
    assert any("owner" in m for m in completeness(plan).missing)


def test_a_stakeholder_of_another_plan_cannot_own_a_risk(client_for, people, plan):
    elsewhere = StakeholderFactory(plan=PlanFactory())
    response = add(client_for(people[Role.PLANNER]), plan, owner_stakeholder=elsewhere.pk)
    assert response.status_code == 400 and "owner_stakeholder" in response.context["form"].errors
    assert not Risk.objects.exists()
