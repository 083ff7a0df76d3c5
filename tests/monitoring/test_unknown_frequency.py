"""A KPI whose plan does not say how often it is measured: nothing falls due, nothing invented."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from monitoring.models import KPI
from monitoring.selectors import snapshot
from monitoring.status import compute_status
from plans.models import Role
from tests.monitoring.factories import MeasurementFactory

pytestmark = pytest.mark.django_db


def test_a_kpi_without_a_frequency_is_never_overdue_and_says_so(client_for, people, plan):
    planner = client_for(people[Role.PLANNER])
    add = reverse("monitoring:kpis_add", kwargs={"plan": plan.uuid})
    assert 'value="monthly" selected' not in planner.get(add).content.decode()
    data = {"name": "Prévalence du tabagisme quotidien", "unit": "%", "direction": "lower"}
    assert planner.post(add, data).status_code == 302
    kpi = KPI.objects.get(plan=plan)
    assert kpi.frequency == ""
    MeasurementFactory(kpi=kpi, plan=plan, date=datetime.date(2019, 6, 30), value=24)
    status = compute_status(kpi, list(kpi.measurements.all()), [], datetime.date(2026, 12, 1))
    assert status.next_due is None and not status.overdue
    page = planner.get(reverse("monitoring:page", kwargs={"plan": plan.uuid})).content.decode()
    assert "frequency not given" in page
    html = render_to_string("monitoring/document.html", {"data": snapshot(plan)})
    assert "frequency not given" in html
