"""Every registered section page costs the same number of queries for a small and a large plan.

Picks up every section by itself through the registry.
"""

import pytest

from plans.sections import registry
from tests.conftest import count_queries

# Each list of a page costs a COUNT besides its rows (the first rows only are read, and the
# page says how many the list holds): assessments, with seven lists, needs 41.
QUERY_BUDGET = 45


@pytest.mark.django_db
@pytest.mark.parametrize("key", registry.keys())
def test_the_section_page_query_count_does_not_grow_with_the_plan(demo_plans, client_for, key):
    section = registry.get(key)
    c = client_for(demo_plans["owner"])
    # Warm the caches (content types, templates, the charts drawn once per content: the Gantt
    # chart) before measuring.
    c.get(section.url(demo_plans["small"]))
    c.get(section.url(demo_plans["large"]))
    small = count_queries(c, section.url(demo_plans["small"]))
    large = count_queries(c, section.url(demo_plans["large"]))
    assert small == large, f"{key}: {small} queries for the small plan, {large} for the large"
    assert large <= QUERY_BUDGET


@pytest.mark.django_db
def test_the_overview_query_count_does_not_grow_with_the_plan(demo_plans, client_for):
    from django.urls import reverse

    c = client_for(demo_plans["owner"])
    c.get(reverse("plans:overview", kwargs={"plan": demo_plans["small"].uuid}))
    small = count_queries(c, reverse("plans:overview", kwargs={"plan": demo_plans["small"].uuid}))
    large = count_queries(c, reverse("plans:overview", kwargs={"plan": demo_plans["large"].uuid}))
    assert small == large


@pytest.mark.django_db
def test_the_large_demo_plan_is_really_larger_in_the_phase_1_sections(demo_plans):
    """Equal query counts only prove something if the large plan holds many more rows."""
    from assessments.models import Need, Stakeholder
    from objectives.models import Goal
    from strategy.models import LogicElement

    small, large = demo_plans["small"], demo_plans["large"]
    for model in (Goal, Need, Stakeholder, LogicElement):
        small_count = model.objects.filter(plan=small).count()
        large_count = model.objects.filter(plan=large).count()
        assert small_count > 0, model.__name__
        assert large_count >= 3 * small_count, f"{model.__name__}: {small_count} vs {large_count}"


@pytest.mark.django_db
def test_the_plan_file_query_count_does_not_grow_with_the_plan(demo_plans, client_for, settings):
    """One query per item type (and per many-to-many link), whatever the number of items."""
    from django.urls import reverse

    settings.TRANSFER_BACKGROUND_ITEMS = 10**6  # downloaded at once, not by a job
    c = client_for(demo_plans["owner"])

    def url(plan):
        return reverse("transfer:plan_file", kwargs={"plan": plan.uuid})

    c.get(url(demo_plans["small"]))
    small = count_queries(c, url(demo_plans["small"]))
    large = count_queries(c, url(demo_plans["large"]))
    assert small == large, f"{small} queries for the small plan, {large} for the large"


@pytest.mark.django_db
def test_a_large_plan_file_is_a_job_started_in_a_few_queries(demo_plans, client_for):
    """Over ``TRANSFER_BACKGROUND_ITEMS`` the download starts a job: the request counts the
    items in one query and does not export them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    c = client_for(demo_plans["owner"])
    url = reverse("transfer:plan_file", kwargs={"plan": demo_plans["large"].uuid})
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url)
    assert response.status_code == 302 and "/transfers/" in response["Location"]
    assert len(ctx.captured_queries) <= 20
