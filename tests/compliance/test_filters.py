"""The checklist and the ethical issues are searched and filtered each by its own parameters."""

import pytest
from django.urls import reverse

from compliance.models import EthicalIssue, Requirement, RequirementStatus
from plans.models import Role

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def page(plan):
    return reverse("compliance:page", kwargs={"plan": plan.uuid})


@pytest.fixture
def lists(plan):
    Requirement.objects.create(
        plan=plan,
        requirement="Register of processing",
        category="data_protection",
        status=RequirementStatus.COMPLIANT,
    )
    Requirement.objects.create(
        plan=plan,
        requirement="Traffic order for the 30 km/h zone",
        category="local_law",
        status=RequirementStatus.IN_PROGRESS,
        owner="Traffic engineering unit",
    )
    EthicalIssue.objects.create(plan=plan, title="Cameras at crossings", dilemma="Privacy")
    EthicalIssue.objects.create(plan=plan, title="Two schools first", dilemma="Fairness")


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"requirements-q": "engineering"}, "Traffic order", "Register of processing"),
        ({"requirements-category": "data_protection"}, "Register of processing", "Traffic order"),
        ({"requirements-status": "in_progress"}, "Traffic order", "Register of processing"),
    ],
    ids=["search", "category", "status"],
)
def test_the_checklist_is_searched_and_filtered(
    client_for, people, plan, lists, query, shown, hidden
):
    content = client_for(people[Role.VIEWER]).get(page(plan), query).content.decode()
    assert shown in content and hidden not in content
    assert "Cameras at crossings" in content  # the other lists keep every row


def test_a_status_that_does_not_exist_lists_the_whole_checklist(client_for, people, plan, lists):
    content = (
        client_for(people[Role.VIEWER])
        .get(page(plan), {"requirements-status": "bribed"})
        .content.decode()
    )
    assert "Register of processing" in content and "Traffic order" in content


def test_the_ethical_issues_are_searched_on_their_own(client_for, people, plan, lists):
    response = client_for(people[Role.VIEWER]).get(
        page(plan), {"issues-q": "camera"}, HTTP_HX_TARGET="coll-compliance-issues", **HTMX
    )
    content = response.content.decode()
    assert "Cameras at crossings" in content and "Two schools first" not in content
    assert "Register of processing" not in content  # only the issues list is sent


def test_the_page_draws_the_filter_forms_with_the_lists_parameters(client_for, people, plan):
    content = client_for(people[Role.VIEWER]).get(page(plan)).content.decode()
    for name in ("requirements-q", "requirements-category", "requirements-status", "issues-q"):
        assert f'name="{name}"' in content
    assert "All categories" in content and "All statuses" in content
