"""My tasks costs the same whether the person has a few tasks or hundreds (a fresh database:
this test seeds the plans itself, so it lives apart from the shared demo_plans fixture)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.models import Plan
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


def test_my_tasks_costs_the_same_with_one_plan_or_many_tasks(client_for):
    from actions.models import Task

    call_command("seed_demo", "--quiet")
    small = Plan.objects.get(title__startswith="Safer routes")
    planner = small.memberships.get(user__email="planner@demo.planner.test").user
    c = client_for(planner)
    before = count_queries(c, reverse("actions:my_tasks"))
    mine_before = Task.objects.filter(responsible__user=planner).count()
    call_command("seed_demo", "--quiet", "--size", "large")
    after = count_queries(c, reverse("actions:my_tasks"))
    assert Task.objects.filter(responsible__user=planner).count() > mine_before * 5
    assert before == after
    assert after <= 6
