"""Long text where real plans are long: each field takes the length real plans write, whole,
through the page's own form; beyond its limit it is refused with a message, nothing saved or cut.

The inputs carry no ``maxlength`` (a browser would silently cut pasted text there): the limit is
in ``data-maxlength``, which the page's counter reads (tests/e2e/test_length_counter.py).
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from actions.models import Milestone, Task
from assessments.models import Cause, Need, Requirement, SwotItem
from communication.models import Engagement
from compliance.models import EthicalIssue
from compliance.models import Requirement as ComplianceRequirement
from objectives.models import Goal
from plans.models import Role
from strategy.models import Assumption, Barrier, LogicElement, Method
from tests.assessments.factories import NeedFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

# A sentence as a French public-health plan writes it; repeated and cut to any length.
SENTENCE = (
    "Renforcer la prévention des maladies chroniques auprès des populations vulnérables, "
    "en particulier dans les territoires ruraux où l'accès aux services de proximité est limité. "
)


def text(length):
    out = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    # The form strips surrounding spaces: the text must end on a character that is kept.
    return out[:-1] + "."


def need_data(plan, value):
    return {"statement": value, "severity": 2, "priority": 2}


def swot_data(plan, value):
    return {"text": value}


def cause_data(plan, value):
    return {"need": NeedFactory(plan=plan).pk, "statement": value}


def stakeholder_requirement_data(plan, value):
    stakeholder = StakeholderFactory(plan=plan)
    return {
        "stakeholder": stakeholder.pk,
        "statement": value,
        "priority": "must",
        "status": "proposed",
    }


def goal_data(plan, value, field="statement"):
    data = {"statement": "Fewer chronic diseases", "metric": "Prevalence", "target_date": ""}
    data[field] = value
    return data


def element_data(plan, value):
    return {"stage": 3, "statement": value}


def barrier_data(plan, value):
    return {"statement": value, "kind": "political"}


def assumption_data(plan, value):
    return {"statement": value, "status": "holds"}


def method_data(plan, value):
    return {"name": value, "method_type": "community"}


def compliance_requirement_data(plan, value):
    return {"requirement": value, "category": "data_protection", "status": "in_progress"}


def issue_data(plan, value):
    return {"title": value, "dilemma": "Who may see the screening results?"}


def task_data(plan, value):
    return {"title": value, "status": "not_started", "priority": "2", "progress": "0"}


def milestone_data(plan, value):
    return {"title": value, "date": "2026-06-30"}


def engagement_data(plan, value):
    return {"kind": "meeting", "title": value, "date": "2026-01-15", "summary": "Discussed"}


# (url name, form data, model, field, limit)
CASES = [
    ("assessments:needs_add", need_data, Need, "statement", 1000),
    ("assessments:swot_strength_add", swot_data, SwotItem, "text", 1000),
    ("assessments:causes_add", cause_data, Cause, "statement", 1000),
    ("stakeholders:requirements_add", stakeholder_requirement_data, Requirement, "statement", 1000),
    ("objectives:goals_add", goal_data, Goal, "statement", 1000),
    (
        "objectives:goals_add",
        lambda plan, value: goal_data(plan, value, field="metric"),
        Goal,
        "metric",
        1000,
    ),
    ("strategy:elements_add", element_data, LogicElement, "statement", 1000),
    ("strategy:barriers_add", barrier_data, Barrier, "statement", 1000),
    ("strategy:assumptions_add", assumption_data, Assumption, "statement", 1000),
    ("strategy:methods_add", method_data, Method, "name", 500),
    (
        "compliance:requirements_add",
        compliance_requirement_data,
        ComplianceRequirement,
        "requirement",
        1000,
    ),
    ("compliance:issues_add", issue_data, EthicalIssue, "title", 500),
    ("actions:tasks_add", task_data, Task, "title", 500),
    ("actions:milestones_add", milestone_data, Milestone, "title", 500),
    ("communication:engagements_add", engagement_data, Engagement, "title", 500),
]
IDS = [f"{model.__name__}.{field}" for _u, _d, model, field, _l in CASES]


@pytest.fixture
def planner(client_for, people):
    return client_for(people[Role.PLANNER])


@pytest.mark.parametrize(("url_name", "data", "model", "field", "limit"), CASES, ids=IDS)
def test_text_as_long_as_real_plans_write_is_saved_whole(
    planner, plan, url_name, data, model, field, limit
):
    value = text(limit - 100)  # 900 characters where 1,000 fit; 400 where 500 do
    response = planner.post(reverse(url_name, kwargs={"plan": plan.uuid}), data(plan, value))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert getattr(model.objects.get(plan=plan), field) == value


@pytest.mark.parametrize(("url_name", "data", "model", "field", "limit"), CASES, ids=IDS)
def test_text_beyond_the_limit_is_refused_with_a_message_and_nothing_is_saved(
    planner, plan, url_name, data, model, field, limit
):
    value = text(limit + 200)
    response = planner.post(reverse(url_name, kwargs={"plan": plan.uuid}), data(plan, value))
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        f"This text has {limit + 200} characters; {limit} at most fit here. Nothing was saved "
        "or cut: shorten it and save again."
    ) in page
    assert escape(value) in page  # given back whole, to shorten
    assert not model.objects.filter(plan=plan).exists()


@pytest.mark.parametrize(("url_name", "data", "model", "field", "limit"), CASES, ids=IDS)
def test_the_input_carries_its_limit_for_the_counter_and_no_maxlength(
    planner, plan, url_name, data, model, field, limit
):
    response = planner.get(reverse(url_name, kwargs={"plan": plan.uuid}))
    assert response.status_code == 200
    page = response.content.decode()
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page).group(0)
    assert f'data-maxlength="{limit}"' in tag
    assert 'data-length-over="{count} too many"' in tag
    assert " maxlength=" not in page  # no input of the form is cut by the browser


def test_a_plans_own_form_shows_counters_too(client_for, people, plan):
    response = client_for(people[Role.OWNER]).get(reverse("plans:edit", kwargs={"plan": plan.uuid}))
    page = response.content.decode()
    assert 'data-maxlength="' in page
    assert " maxlength=" not in page
