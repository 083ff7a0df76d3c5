"""Pages of the three phase-3 apps beyond the section pages cost the same number of queries
for the small and the large demo plan (the section pages are covered by
tests/integration/test_section_query_counts.py)."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import KPI, Measurement
from plans.models import Membership, Plan, Role

PAGES = [
    "monitoring:dashboard",
    "monitoring:kpi_detail",
    "monitoring:import",
    "communication:calendar",
    "compliance:starters",
]


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
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


def page_url(name, plan):
    kwargs = {"plan": plan.uuid}
    if name == "monitoring:kpi_detail":
        kwargs["pk"] = KPI.objects.filter(plan=plan).order_by("position").first().pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_the_large_demo_plan_has_fifty_kpis_with_24_measurements_each(plans):
    kpis = KPI.objects.filter(plan=plans["large"])
    assert kpis.count() >= 50
    assert all(Measurement.objects.filter(kpi=kpi).count() >= 24 for kpi in kpis)
    assert Measurement.history.filter(plan_id=plans["large"].pk).count() >= 1200


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_the_page_query_count_does_not_grow_with_the_plan(plans, client_for, name):
    c = client_for(plans["owner"])
    small = count(c, page_url(name, plans["small"]))
    large = count(c, page_url(name, plans["large"]))
    assert small == large, f"{name}: {small} queries for the small plan, {large} for the large"
    assert large <= 25


@pytest.mark.django_db
def test_the_lessons_search_query_count_does_not_grow_with_the_lessons(plans, client_for):
    c = client_for(plans["owner"])
    url = reverse("monitoring:lessons_search")
    both = count(c, url)
    Membership.objects.filter(user=plans["owner"], plan=plans["large"]).delete()
    small_only = count(c, url)
    assert both == small_only
    assert count(c, url + "?q=walking") == both
