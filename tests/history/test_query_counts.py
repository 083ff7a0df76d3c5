"""The collaboration pages cost the same number of queries for the small and the large demo plan."""

from decimal import Decimal

import pytest
from django.urls import reverse

from discussions import services as discussion_services
from history.entries import section_models
from monitoring.models import KPI, Lesson, Measurement
from plans.sections.items import item_create, item_update
from tests.conftest import count_queries

PAGES = ["discussions:threads", "approvals:approvals", "history:versions"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*PAGES, "plans:overview"])
def test_the_page_query_count_does_not_grow_with_the_plan(demo_plans, client_for, name):
    c = client_for(demo_plans["owner"])
    c.get(reverse(name, kwargs={"plan": demo_plans["small"].uuid}))  # warm per-process caches
    small = count_queries(c, reverse(name, kwargs={"plan": demo_plans["small"].uuid}))
    large = count_queries(c, reverse(name, kwargs={"plan": demo_plans["large"].uuid}))
    assert small == large, f"{name}: {small} queries for the small plan, {large} for the large"


@pytest.mark.django_db
def test_the_activity_feed_is_bounded_by_the_kinds_of_item_not_the_plan_size(
    demo_plans,
    client_for,
):
    """One UNION query pages through every history table; then two queries per kind of item
    shown on the page. So the cost depends on how many models the page mixes (at most the
    registered ones), never on how many rows the plan has."""
    c = client_for(demo_plans["owner"])
    url = reverse("history:activity", kwargs={"plan": demo_plans["large"].uuid})
    c.get(url)
    bound = 12 + 2 * len(section_models(None))
    for plan in (demo_plans["small"], demo_plans["large"]):
        n = count_queries(c, reverse("history:activity", kwargs={"plan": plan.uuid}))
        assert n <= bound, f"{n} queries for {plan}"
    # Filtering to one section gives the same count whatever the plan's size.
    small = count_queries(
        c,
        reverse("history:activity", kwargs={"plan": demo_plans["small"].uuid})
        + "?section=objectives",
    )
    large = count_queries(
        c,
        reverse("history:activity", kwargs={"plan": demo_plans["large"].uuid})
        + "?section=objectives",
    )
    assert small == large


def recent_activity(plan, user, rounds=7):
    """The same recent work in any plan: a lesson added, a KPI renamed, a measurement
    corrected and a discussion opened, ``rounds`` times (28 entries: a full first page)."""
    kpis = list(KPI.objects.filter(plan=plan).order_by("position", "id")[:rounds])
    measurements = list(Measurement.objects.filter(plan=plan).order_by("id")[:rounds])
    for i in range(rounds):
        item_create(
            plan=plan,
            model=Lesson,
            data={"title": f"Lesson {i}", "what_worked": "Coordinators", "recommendation": "Go"},
            user=user,
        )
        kpi = KPI.objects.get(pk=kpis[i % len(kpis)].pk)
        item_update(
            instance=kpi,
            data={"name": f"{kpi.name} ({i})"},
            expected_version=kpi.version,
            user=user,
        )
        m = Measurement.objects.get(pk=measurements[i % len(measurements)].pk)
        item_update(
            instance=m,
            data={"value": m.value + Decimal("0.5")},
            expected_version=m.version,
            user=user,
        )
        discussion_services.thread_create(
            plan=plan, section_key="monitoring", body=f"Is round {i} right?", user=user
        )


@pytest.mark.django_db
def test_the_unfiltered_activity_feed_costs_the_same_for_the_small_and_the_large_plan(
    demo_plans, client_for
):
    """Unfiltered, a page costs the same whatever the plan's size when the page shows the same
    kinds of item. (The demo plans' own first pages show different kinds, so their costs
    differ within the bound above: 2 queries per kind of item on the page, by design.)"""
    owner = demo_plans["owner"]
    for plan in (demo_plans["small"], demo_plans["large"]):
        recent_activity(plan, owner)
    c = client_for(owner)
    urls = {
        size: reverse("history:activity", kwargs={"plan": demo_plans[size].uuid})
        for size in ("small", "large")
    }
    c.get(urls["large"])
    small, large = count_queries(c, urls["small"]), count_queries(c, urls["large"])
    assert small == large, f"{small} queries for the small plan, {large} for the large"
    page = c.get(urls["large"]).content.decode()
    assert "Is round 6 right?" in page and "Lesson 6" in page
