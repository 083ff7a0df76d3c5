"""Pages outside the section registry keep a flat query count: My tasks, allocation, RACI."""

import pytest
from django.urls import reverse

from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["resources:allocation", "actions:raci", "actions:calendar"])
def test_plan_pages_cost_the_same_for_the_small_and_the_large_plan(demo_plans, client_for, name):
    small, large = demo_plans["small"], demo_plans["large"]
    owner = small.memberships.get(role="owner").user
    c = client_for(owner)
    small_count = count_queries(c, reverse(name, kwargs={"plan": small.uuid}))
    large_count = count_queries(c, reverse(name, kwargs={"plan": large.uuid}))
    assert small_count == large_count, f"{name}: {small_count} vs {large_count}"
    assert large_count <= 15


def test_the_large_demo_plan_has_the_promised_volume(demo_plans):
    from actions.models import Task
    from resources.models import BudgetLine
    from risks.models import Risk

    large = demo_plans["large"]
    assert Task.objects.filter(plan=large).count() >= 300
    assert Risk.objects.filter(plan=large).count() >= 150
    assert BudgetLine.objects.filter(plan=large).count() >= 200
