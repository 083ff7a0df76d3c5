"""The collaboration pages cost the same number of queries for the small and the large demo plan."""

import pytest
from django.urls import reverse

from reviews.history import section_models
from tests.conftest import count_queries

PAGES = ["reviews:threads", "reviews:approvals", "reviews:versions"]


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
    url = reverse("reviews:activity", kwargs={"plan": demo_plans["large"].uuid})
    c.get(url)
    bound = 12 + 2 * len(section_models(None))
    for plan in (demo_plans["small"], demo_plans["large"]):
        n = count_queries(c, reverse("reviews:activity", kwargs={"plan": plan.uuid}))
        assert n <= bound, f"{n} queries for {plan}"
    # Filtering to one section gives the same count whatever the plan's size.
    small = count_queries(
        c,
        reverse("reviews:activity", kwargs={"plan": demo_plans["small"].uuid})
        + "?section=objectives",
    )
    large = count_queries(
        c,
        reverse("reviews:activity", kwargs={"plan": demo_plans["large"].uuid})
        + "?section=objectives",
    )
    assert small == large
