"""Every registered section page costs the same number of queries for a small and a large plan.

Picks up every section by itself through the registry.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Membership, Plan, Role
from plans.sections import registry

QUERY_BUDGET = 40


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet")
        call_command("seed_demo", "--quiet", "--size", "large")
        small = Plan.objects.get(title__startswith="Safer routes")
        large = Plan.objects.get(title__startswith="Regional public-health")
        owner = Membership.objects.get(plan=small, role=Role.OWNER).user
        yield {"small": small, "large": large, "owner": owner}
        transaction.set_rollback(True)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("key", registry.keys())
def test_the_section_page_query_count_does_not_grow_with_the_plan(plans, client_for, key):
    section = registry.get(key)
    c = client_for(plans["owner"])
    # Warm the per-process caches (content types, templates) before measuring.
    c.get(section.url(plans["small"]))
    small = count(c, section.url(plans["small"]))
    large = count(c, section.url(plans["large"]))
    assert small == large, f"{key}: {small} queries for the small plan, {large} for the large"
    assert large <= QUERY_BUDGET


@pytest.mark.django_db
def test_the_overview_query_count_does_not_grow_with_the_plan(plans, client_for):
    from django.urls import reverse

    c = client_for(plans["owner"])
    c.get(reverse("plans:overview", kwargs={"plan": plans["small"].uuid}))
    small = count(c, reverse("plans:overview", kwargs={"plan": plans["small"].uuid}))
    large = count(c, reverse("plans:overview", kwargs={"plan": plans["large"].uuid}))
    assert small == large
