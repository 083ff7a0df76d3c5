"""Pages outside the section registry keep a flat query count: My tasks, allocation, RACI."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan

pytestmark = pytest.mark.django_db


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def demo_plans():
    call_command("seed_demo", "--quiet")
    small = Plan.objects.get(title__startswith="Safer routes")
    call_command("seed_demo", "--quiet", "--size", "large")
    large = Plan.objects.get(title__startswith="Regional public-health")
    return small, large


@pytest.mark.parametrize("name", ["resources:allocation", "actions:raci", "actions:calendar"])
def test_plan_pages_cost_the_same_for_the_small_and_the_large_plan(demo_plans, client_for, name):
    small, large = demo_plans
    owner = small.memberships.get(role="owner").user
    c = client_for(owner)
    small_count = count(c, reverse(name, kwargs={"plan": small.uuid}))
    large_count = count(c, reverse(name, kwargs={"plan": large.uuid}))
    assert small_count == large_count, f"{name}: {small_count} vs {large_count}"
    assert large_count <= 15


def test_my_tasks_costs_the_same_with_one_plan_or_many_tasks(client_for):
    from actions.models import Task

    call_command("seed_demo", "--quiet")
    small = Plan.objects.get(title__startswith="Safer routes")
    planner = small.memberships.get(user__email="planner@demo.planner.test").user
    c = client_for(planner)
    before = count(c, reverse("actions:my_tasks"))
    mine_before = Task.objects.filter(responsible__user=planner).count()
    call_command("seed_demo", "--quiet", "--size", "large")
    after = count(c, reverse("actions:my_tasks"))
    assert Task.objects.filter(responsible__user=planner).count() > mine_before * 5
    assert before == after
    assert after <= 6


def test_the_large_demo_plan_has_the_promised_volume(demo_plans):
    from actions.models import Task
    from resources.models import BudgetLine
    from risks.models import Risk

    _small, large = demo_plans
    assert Task.objects.filter(plan=large).count() >= 300
    assert Risk.objects.filter(plan=large).count() >= 150
    assert BudgetLine.objects.filter(plan=large).count() >= 200
