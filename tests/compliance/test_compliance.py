import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from compliance.models import ConsentRecord, EthicalIssue, PersonalDataRecord, Requirement
from compliance.section import completeness
from compliance.selectors import snapshot
from plans.models import Role, Sector
from plans.sections.items import item_create
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def url(plan, name, **kwargs):
    return reverse(f"compliance:{name}", kwargs={"plan": plan.uuid, **kwargs})


def requirement_data(**changes):
    data = {
        "requirement": "Register of processing",
        "category": "data_protection",
        "status": "in_progress",
        "next_review": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return data


def test_a_new_requirement_with_a_past_review_date_gets_a_clear_message(client_for, people, plan):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "requirements_add"), requirement_data(next_review=past)
    )
    assert response.status_code == 400
    assert "The next review date is already past" in response.content.decode()
    assert not Requirement.objects.exists()


def test_an_existing_requirement_past_its_review_is_kept_and_flagged(client_for, people, plan):
    client_for(people[Role.PLANNER]).post(url(plan, "requirements_add"), requirement_data())
    requirement = Requirement.objects.get()
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "requirements_edit", pk=requirement.pk),
        requirement_data(next_review=past.isoformat(), version=1),
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.next_review == past and requirement.review_overdue
    page = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    assert "review overdue" in page


def test_an_owner_adds_the_sector_starter_list_once(client_for, people, plan):
    plan.sector = Sector.SAFETY
    plan.save()
    c = client_for(people[Role.OWNER])
    page = c.get(url(plan, "starters"))
    keys = [item["key"] for item in page.context["items"]]
    assert "safety-traffic-orders" in keys and "gdpr-register" in keys
    assert (
        c.post(url(plan, "starters"), {"keys": ["gdpr-register", "safety-cctv"]}).status_code == 302
    )
    assert set(Requirement.objects.values_list("starter_key", flat=True)) == {
        "gdpr-register",
        "safety-cctv",
    }
    assert Requirement.history.filter(history_user=people[Role.OWNER]).count() == 2
    again = c.post(url(plan, "starters"), {"keys": ["gdpr-register"]})
    assert again.status_code == 400  # no longer offered
    assert Requirement.objects.count() == 2


def test_a_planner_cannot_add_the_starter_list(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "starters"), {"keys": ["gdpr-register"]}
    )
    assert response.status_code == 403
    assert not Requirement.objects.exists()


@pytest.mark.parametrize(
    "value", ["Contact: jane.doe@example.org", "Call 06 12 34 56 78", "ID 123456789012"]
)
def test_the_data_register_refuses_personal_content(client_for, people, plan, value):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "data_add"),
        {
            "data": "Volunteers' contact details",
            "purpose": "Organise the rota",
            "legal_basis": "consent",
            "retention": "Until the end of the plan",
            "access": value,
        },
    )
    assert response.status_code == 400
    assert "the register describes kinds of data, not the data itself" in response.content.decode()
    assert not PersonalDataRecord.objects.exists()


def test_a_consent_record_keeps_a_reference_not_the_content(client_for, people, plan):
    c = client_for(people[Role.PLANNER])
    data = {
        "group": "Parents of Elm School pupils",
        "method": "parental",
        "date": "2026-03-01",
        "document_reference": "Binder at the school office",
        "count": "212",
    }
    assert c.post(url(plan, "consents_add"), data).status_code == 302
    bad = c.post(url(plan, "consents_add"), {**data, "document_reference": "parent@mail.com"})
    assert bad.status_code == 400
    future = c.post(url(plan, "consents_add"), {**data, "date": "2099-01-01"})
    assert "cannot be in the future" in future.content.decode()
    assert ConsentRecord.objects.count() == 1


def test_a_decision_needs_who_when_and_why(client_for, people, plan):
    data = {
        "title": "Cameras",
        "dilemma": "Safety or privacy",
        "confidentiality": "on",
        "decision": "No cameras",
    }
    response = client_for(people[Role.PLANNER]).post(url(plan, "issues_add"), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Say who took the decision." in content
    assert "Say when the decision was taken." in content
    assert "Explain why this option was chosen." in content
    ok = client_for(people[Role.PLANNER]).post(
        url(plan, "issues_add"),
        {
            **data,
            "rationale": "Radar is enough",
            "decided_by": "Committee",
            "decided_on": "2026-03-01",
        },
    )
    assert ok.status_code == 302
    issue = EthicalIssue.objects.get()
    assert [str(p) for p in issue.principles()] == ["Confidentiality"]


def test_completeness_and_document(plan):
    assert "List at least one data protection requirement." in completeness(plan).missing
    Requirement.objects.create(
        plan=plan,
        requirement="GDPR register",
        category="data_protection",
        status="compliant",
        next_review=datetime.date(2027, 1, 1),
    )
    PersonalDataRecord.objects.create(
        plan=plan,
        data="Survey answers",
        purpose="KPIs",
        legal_basis="consent",
        retention="1 year",
        access="Lead",
    )
    assert completeness(plan).is_complete
    html = render_to_string("compliance/document.html", {"data": snapshot(plan)})
    assert "GDPR register" in html and "Survey answers" in html


def test_a_consent_cannot_point_at_another_plans_processing(people, plan):
    foreign = PersonalDataRecord.objects.create(
        plan=PlanFactory(), data="Survey", purpose="KPIs", legal_basis="consent"
    )
    data = {"group": "Parents", "method": "parental", "processing": foreign}
    with pytest.raises(ValidationError) as error:
        item_create(plan=plan, model=ConsentRecord, data=data, user=people[Role.PLANNER])
    assert "an item of this plan" in error.value.message_dict["processing"][0]
    assert not ConsentRecord.objects.exists()
