"""Fixtures of the security suites."""

import pytest
from django.core.management import call_command
from django.db import transaction

from plans.models import Membership, Plan, Role
from tests.plans.factories import MembershipFactory


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The small demo plan, seeded once per module and rolled back after, and a stranger's plan."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet")
        plan = Plan.objects.get(title__startswith="Safer routes")
        other = MembershipFactory(role=Role.OWNER)
        people = {m.role: m.user for m in Membership.objects.filter(plan=plan)}
        people["outsider"] = other.user
        data = {"plan": plan, "people": people, "other_plan": other.plan}
        yield data
        transaction.set_rollback(True)
