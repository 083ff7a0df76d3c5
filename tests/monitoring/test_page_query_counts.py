"""Pages of the three phase-3 apps beyond the section pages cost the same number of queries
for the small and the large demo plan (the section pages are covered by
tests/integration/test_section_query_counts.py)."""

import pytest
from django.urls import reverse

from monitoring.models import KPI, Measurement
from plans.models import Membership
from tests.conftest import count_queries

PAGES = [
    "monitoring:dashboard",
    "monitoring:kpi_detail",
    "monitoring:import",
    "communication:calendar",
    "compliance:starters",
]


def page_url(name, plan):
    kwargs = {"plan": plan.uuid}
    if name == "monitoring:kpi_detail":
        kwargs["pk"] = KPI.objects.filter(plan=plan).order_by("position").first().pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_the_large_demo_plan_has_fifty_kpis_with_24_measurements_each(demo_plans):
    kpis = KPI.objects.filter(plan=demo_plans["large"])
    assert kpis.count() >= 50
    assert all(Measurement.objects.filter(kpi=kpi).count() >= 24 for kpi in kpis)
    assert Measurement.history.filter(plan_id=demo_plans["large"].pk).count() >= 1200


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_the_page_query_count_does_not_grow_with_the_plan(demo_plans, client_for, name):
    c = client_for(demo_plans["owner"])
    c.get(page_url(name, demo_plans["small"]))  # warm per-process caches
    small = count_queries(c, page_url(name, demo_plans["small"]))
    large = count_queries(c, page_url(name, demo_plans["large"]))
    assert small == large, f"{name}: {small} queries for the small plan, {large} for the large"
    assert large <= 25


@pytest.mark.django_db
def test_the_lessons_search_query_count_does_not_grow_with_the_lessons(demo_plans, client_for):
    c = client_for(demo_plans["owner"])
    url = reverse("monitoring:lessons_search")
    both = count_queries(c, url)
    Membership.objects.filter(user=demo_plans["owner"], plan=demo_plans["large"]).delete()
    small_only = count_queries(c, url)
    assert both == small_only
    assert count_queries(c, url + "?q=walking") == both


def test_the_dashboard_draws_each_chart_from_the_snapshot_values_it_reads(demo_plans):
    """The dashboard reads only what a chart draws (``kpi_chart_data``): the same values as
    the KPI's full snapshot row, so the same chart, for every KPI of both demo plans."""
    from monitoring.charts import kpi_chart_svg
    from monitoring.selectors import kpi_chart_data, kpi_data, kpis_with_status

    drawn = 0
    for size in ("small", "large"):
        for kpi in kpis_with_status(demo_plans[size]):
            full, chart = kpi_data(kpi), kpi_chart_data(kpi)
            for key in ("id", "name", "unit", "baseline_value", "target_date"):
                assert chart[key] == full[key]
            assert len(chart) < len(full)
            for nested in ("milestones", "measurements"):
                assert [
                    {k: row[k] for k in part}
                    for row, part in zip(full[nested], chart[nested], strict=True)
                ] == chart[nested]
            for compact in (False, True):
                assert kpi_chart_svg(chart, compact=compact) == kpi_chart_svg(full, compact=compact)
            drawn += bool(chart["measurements"])
    assert drawn >= 50
