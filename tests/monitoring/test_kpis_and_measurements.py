import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from monitoring.models import KPI, Measurement
from monitoring.section import completeness
from monitoring.selectors import snapshot
from monitoring.services import measurement_create
from plans.models import Role
from tests.monitoring.factories import KPIFactory, MeasurementFactory
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def kpi_data(**changes):
    data = {
        "name": "Pupils injured",
        "unit": "injuries",
        "direction": "lower",
        "baseline_value": "14",
        "baseline_date": "2026-01-01",
        "target_value": "7",
        "target_date": "2027-06-30",
        "frequency": "monthly",
        "data_source": "Police records",
        "collection_tool": "administrative",
        "owner": "Road safety officer",
    }
    data.update(changes)
    return data


def url(plan, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"plan": plan.uuid, **kwargs})


def test_a_planner_adds_a_kpi_inline_with_history(client_for, people, plan):
    goal = GoalFactory(plan=plan)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "kpis_add"), kpi_data(goal=goal.pk), **HTMX
    )
    assert response.status_code == 200
    assert "Pupils injured" in response.content.decode()
    kpi = KPI.objects.get(plan=plan)
    assert kpi.goal == goal and kpi.baseline_value == Decimal("14")
    assert kpi.history.get().history_user == people[Role.PLANNER]


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "kpis_add"), kpi_data(target_value="20")
    )
    assert response.status_code == 400
    assert "Lower is better for this KPI" in response.content.decode()
    assert not KPI.objects.exists()


def test_a_baseline_whose_date_is_not_published_is_kept_without_one(client_for, people, plan):
    """Real plans give a baseline without saying when it was measured: no date is invented."""
    c = client_for(people[Role.PLANNER])
    response = c.post(url(plan, "kpis_add"), kpi_data(baseline_date=""))
    assert response.status_code == 302
    kpi = KPI.objects.get()
    assert kpi.baseline_value is not None and kpi.baseline_date is None
    # A date without the value measured on it says nothing: refused, with the reason.
    response = c.post(url(plan, "kpis_add"), kpi_data(name="Other", baseline_value=""))
    assert response.status_code == 400
    assert "Give the baseline value measured on that date." in response.content.decode()


def test_a_goal_of_another_plan_cannot_be_chosen(client_for, people, plan):
    foreign = GoalFactory(plan=PlanFactory())
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "kpis_add"), kpi_data(goal=foreign.pk)
    )
    assert response.status_code == 400
    assert not KPI.objects.exists()


def test_a_measurement_is_added_on_the_kpi_page_and_records_who_entered_it(
    client_for, people, plan
):
    kpi = KPIFactory(plan=plan)
    c = client_for(people[Role.PLANNER])
    form = c.get(url(plan, "measurements_add") + f"?kpi={kpi.pk}", **HTMX)
    assert f'name="kpi" value="{kpi.pk}"' in form.content.decode()
    response = c.post(
        url(plan, "measurements_add"),
        {"kpi": kpi.pk, "period": "2026-03-01", "value": "12.5", "note": "March count"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#coll-monitoring-measurements"
    measurement = Measurement.objects.get(kpi=kpi)
    assert measurement.value == Decimal("12.50")
    assert measurement.recorded_by == people[Role.PLANNER]
    assert measurement.history.get().history_user == people[Role.PLANNER]


def test_a_measurement_before_the_baseline_is_kept_as_history(client_for, people, plan):
    """Real plans give the years before the baseline: they are the KPI's history."""
    kpi = KPIFactory(plan=plan, baseline_date=datetime.date(2026, 3, 1))
    c = client_for(people[Role.PLANNER])
    response = c.post(
        url(plan, "measurements_add"), {"kpi": kpi.pk, "period": "2024", "value": "12"}, **HTMX
    )
    assert response.status_code == 200
    saved = Measurement.objects.get()
    assert (saved.period, saved.period_start, saved.date) == (
        "2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )
    assert saved.before_baseline
    detail = c.get(url(plan, "kpi_detail", pk=kpi.pk)).content.decode()
    assert "before the baseline" in detail
    assert 'class="history"' in detail  # drawn hollow in the chart


def test_a_measurement_in_the_future_or_twice_on_a_date_is_refused(client_for, people, plan):
    kpi = KPIFactory(plan=plan)
    MeasurementFactory(kpi=kpi, date=datetime.date(2026, 4, 1))
    c = client_for(people[Role.PLANNER])
    future = c.post(
        url(plan, "measurements_add"), {"kpi": kpi.pk, "period": "2099-01-01", "value": "12"}
    )
    assert future.status_code == 400
    assert "period that has not started yet" in future.content.decode()
    twice = c.post(
        url(plan, "measurements_add"), {"kpi": kpi.pk, "period": "01/04/2026", "value": "12"}
    )
    assert twice.status_code == 400
    assert "already has a measurement for this date or period" in twice.content.decode()
    assert Measurement.objects.count() == 1


def test_a_value_ten_times_any_earlier_one_is_flagged_and_kept(client_for, people, plan):
    kpi = KPIFactory(plan=plan, baseline_date=datetime.date(2025, 1, 1))
    MeasurementFactory(kpi=kpi, date=datetime.date(2025, 6, 1), value=Decimal("71.3"))
    c = client_for(people[Role.PLANNER])
    response = c.post(
        url(plan, "measurements_add"), {"kpi": kpi.pk, "period": "2025-09", "value": "713"}, **HTMX
    )
    assert response.status_code == 200
    assert Measurement.objects.get(period="2025-09").value == Decimal("713")
    assert "Ten times or more any earlier value" in response.content.decode()


def test_a_measurement_cannot_be_attached_to_a_kpi_of_another_plan(client_for, people, plan):
    foreign = KPIFactory()
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "measurements_add"), {"kpi": foreign.pk, "period": "2026-03-01", "value": "1"}
    )
    assert response.status_code == 404  # the list of a KPI this plan does not have
    assert not Measurement.objects.exists()


def test_a_measurement_keeps_who_recorded_it_and_the_reason_given(people, plan):
    kpi = KPIFactory(plan=plan)
    measurement = measurement_create(
        plan=plan,
        model=Measurement,
        data={"kpi": kpi, "date": datetime.date(2026, 3, 1), "value": Decimal("12")},
        user=people[Role.PLANNER],
        reason="Late police figures",  # asked for once the section is approved
    )
    assert measurement.recorded_by == people[Role.PLANNER]
    assert measurement.history.get().history_change_reason == "Late police figures"


def test_a_stale_measurement_edit_is_refused(client_for, people, plan):
    m = MeasurementFactory(kpi=KPIFactory(plan=plan))
    edit = url(plan, "measurements_edit", pk=m.pk)
    data = {"kpi": m.kpi_id, "period": "2026-02-01", "version": 1}
    assert client_for(people[Role.OWNER]).post(edit, {**data, "value": "10"}).status_code == 302
    stale = client_for(people[Role.PLANNER]).post(edit, {**data, "value": "11"})
    assert stale.status_code == 409
    m.refresh_from_db()
    assert m.value == Decimal("10")


def test_the_kpi_page_shows_the_chart_and_status(client_for, people, plan):
    today = timezone.localdate()
    kpi = KPIFactory(
        plan=plan,
        name="Injuries",
        baseline_date=today - datetime.timedelta(days=300),
        target_date=today + datetime.timedelta(days=300),
    )
    MeasurementFactory(kpi=kpi, date=today - datetime.timedelta(days=5), value=Decimal("13"))
    response = client_for(people[Role.VIEWER]).get(url(plan, "kpi_detail", pk=kpi.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" role="img"' in content
    assert "Chart of Injuries" in content
    # Measured five days ago, monthly: up to date (the overdue case is in test_overdue_...).
    assert "Measurement overdue" not in content
    assert "Next measurement due" in content


def test_completeness_asks_for_kpis_with_targets_for_every_goal(plan):
    assert "Define at least one KPI." in completeness(plan).missing
    goal = GoalFactory(plan=plan)
    GoalFactory(plan=plan)
    KPIFactory(plan=plan, goal=goal, data_source="")
    missing = completeness(plan).missing
    assert "Give every goal at least one KPI." in missing
    assert "Say where each KPI's data comes from and who collects it." in missing


def test_the_document_renders_tables_and_charts_from_the_snapshot(plan):
    kpi = KPIFactory(plan=plan, name="Pupils injured")
    measurement = MeasurementFactory(kpi=kpi, date=datetime.date(2026, 5, 1), value=Decimal("12"))
    data = snapshot(plan)
    assert data["kpis"][0]["measurements"] == [
        {
            "id": measurement.pk,
            "period": "",
            "period_start": None,
            "date": "2026-05-01",
            "value": "12.00",
            "note": "",
            "breakdown_values": {},
        }
    ]
    html = render_to_string("monitoring/document.html", {"data": data})
    assert "Pupils injured" in html
    assert 'role="img"' in html and "<title" in html


def test_a_share_above_100_percent_is_flagged_and_kept(client_for, people, plan):
    kpi = KPIFactory(plan=plan, unit="%", baseline_date=datetime.date(2025, 1, 1))
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "measurements_add"), {"kpi": kpi.pk, "period": "2025", "value": "113"}, **HTMX
    )
    assert response.status_code == 200
    assert Measurement.objects.get(kpi=kpi).value == Decimal("113")
    assert "A share outside 0 to 100 %" in response.content.decode()
