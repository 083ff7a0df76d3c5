"""Overdue measurements and the plan's KPI dashboard, with dates relative to today."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.selectors import kpis_with_status
from monitoring.status import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK
from plans.models import Role
from tests.monitoring.factories import KPIFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

OVERDUE_BADGE = '<span class="badge fs-6 text-bg-danger">Measurement overdue</span>'
ROW_BADGE = '<span class="badge text-bg-danger">Measurement overdue</span>'


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def url(plan, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"plan": plan.uuid, **kwargs})


def kpi(plan, name, measured=None, value=None, **fields):
    """A monthly "lower is better" KPI from 14 to 7 over 600 days centred on today."""
    fields = {"baseline_date": days_ago(300), "target_date": days_ago(-300), **fields}
    made = KPIFactory(plan=plan, name=name, **fields)
    if measured is not None:
        MeasurementFactory(kpi=made, date=days_ago(measured), value=Decimal(value))
    return made


@pytest.fixture
def kpis(plan):
    """One KPI in each state; only the off-track one has a measurement overdue."""
    return {
        ON_TRACK: kpi(plan, "Injuries on the path", measured=5, value="10.5"),
        AT_RISK: kpi(plan, "Injuries lagging", measured=5, value="12"),
        OFF_TRACK: kpi(plan, "Injuries not counted lately", measured=60, value="14"),
        NO_DATA: kpi(plan, "Injuries never counted", baseline_date=days_ago(10)),
    }


def row(content, item):
    """The HTML of one KPI's row in the monitoring section's list."""
    start = content.index(f'id="coll-monitoring-kpis-{item.pk}"')
    return content[start : content.index("</li>", start)]


def test_the_fixture_kpis_have_the_intended_states(plan, kpis):
    statuses = {k.pk: k.status for k in kpis_with_status(plan)}
    assert {code: statuses[k.pk].code for code, k in kpis.items()} == {code: code for code in kpis}
    assert [code for code, k in kpis.items() if statuses[k.pk].overdue] == [OFF_TRACK]


def test_an_overdue_kpi_is_flagged_on_its_page_and_in_the_section(client_for, people, plan, kpis):
    c = client_for(people[Role.VIEWER])
    late, fresh = kpis[OFF_TRACK], kpis[ON_TRACK]
    due = next(k for k in kpis_with_status(plan) if k == late).status.next_due.isoformat()

    late_page = c.get(url(plan, "kpi_detail", pk=late.pk)).content.decode()
    assert OVERDUE_BADGE in late_page
    assert f"A measurement was due on {due} and has not been recorded." in late_page

    fresh_page = c.get(url(plan, "kpi_detail", pk=fresh.pk)).content.decode()
    assert "Measurement overdue" not in fresh_page
    assert "has not been recorded" not in fresh_page
    assert "Next measurement due" in fresh_page

    section = c.get(url(plan, "page")).content.decode()
    assert ROW_BADGE in row(section, late)
    for other in (kpis[ON_TRACK], kpis[AT_RISK], kpis[NO_DATA]):
        assert "Measurement overdue" not in row(section, other)
    assert section.count(ROW_BADGE) == 1


def summary_counts(content):
    counts = {
        code: int(n)
        for code, n in re.findall(
            r'href="\?status=(\w+)">[^<]+<span class="badge [^"]*">(\d+)</span>', content
        )
    }
    counts["all"] = int(re.search(r"All KPIs \((\d+)\)", content).group(1))
    return counts


def listed(content, kpis):
    return {code for code, k in kpis.items() if f"/kpi/{k.pk}/" in content}


def test_the_dashboard_lists_every_kpi_and_counts_each_status(client_for, people, plan, kpis):
    c = client_for(people[Role.VIEWER])
    content = c.get(url(plan, "dashboard")).content.decode()
    assert listed(content, kpis) == set(kpis)
    assert summary_counts(content) == {
        "all": 4,
        ON_TRACK: 1,
        AT_RISK: 1,
        OFF_TRACK: 1,
        NO_DATA: 1,
        "overdue": 1,
    }
    assert content.count('<span class="badge text-bg-danger">Overdue</span>') == 1


@pytest.mark.parametrize("status", [ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA, "overdue"])
def test_a_status_filter_lists_only_the_matching_kpis_and_keeps_the_counts(
    client_for, people, plan, kpis, status
):
    response = client_for(people[Role.VIEWER]).get(url(plan, "dashboard"), {"status": status})
    content = response.content.decode()
    expected = {OFF_TRACK} if status == "overdue" else {status}
    assert listed(content, kpis) == expected
    # The summary still counts the whole plan, not the filtered list.
    assert summary_counts(content)["all"] == 4 and summary_counts(content)["overdue"] == 1
    assert 'class="btn btn-sm btn-primary" href="?status=' + status + '"' in content


def test_the_dashboard_draws_one_page_of_kpis_and_counts_them_all(client_for, people, plan):
    from monitoring.pages import DASHBOARD_PAGE_SIZE

    made = [kpi(plan, f"Indicator {i:02d}", position=i) for i in range(DASHBOARD_PAGE_SIZE + 5)]
    c = client_for(people[Role.VIEWER])
    first = c.get(url(plan, "dashboard")).content.decode()
    drawn = {k.pk for k in made if f"/kpi/{k.pk}/" in first}
    assert drawn == {k.pk for k in made[:DASHBOARD_PAGE_SIZE]}
    assert summary_counts(first)["all"] == DASHBOARD_PAGE_SIZE + 5
    assert "page=2" in first and "Previous KPIs" not in first
    second = c.get(url(plan, "dashboard"), {"page": 2}).content.decode()
    assert {k.pk for k in made if f"/kpi/{k.pk}/" in second} == {
        k.pk for k in made[DASHBOARD_PAGE_SIZE:]
    }
    assert summary_counts(second)["all"] == DASHBOARD_PAGE_SIZE + 5
    assert "Previous KPIs" in second and "Next KPIs" not in second


def test_a_filter_matching_nothing_says_so(client_for, people, plan):
    kpi(plan, "Fresh", measured=5, value="10.5")
    content = client_for(people[Role.VIEWER]).get(url(plan, "dashboard"), {"status": "overdue"})
    assert "No KPI matches." in content.content.decode()


@pytest.mark.parametrize("status", [ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA, "overdue"])
def test_the_sections_kpi_list_is_filtered_by_status(client_for, people, plan, kpis, status):
    refresh = client_for(people[Role.VIEWER]).get(
        url(plan, "page"),
        {"kpis-status": status},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="coll-monitoring-kpis",
    )
    assert listed(refresh.content.decode(), kpis) == (
        {OFF_TRACK} if status == "overdue" else {status}
    )


def test_a_status_the_list_does_not_know_lists_every_kpi(client_for, people, plan, kpis):
    page = client_for(people[Role.VIEWER]).get(url(plan, "page"), {"kpis-status": "bogus"})
    assert page.status_code == 200 and listed(page.content.decode(), kpis) == set(kpis)
