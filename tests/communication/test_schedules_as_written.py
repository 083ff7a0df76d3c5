"""Communication schedules as real plans give them: for a period ("année scolaire 2025-2026"),
at an unstated frequency; nothing falls due after the period, nothing is invented."""

import datetime

import pytest
from django.template.loader import render_to_string

from communication.models import CommunicationEntry, Frequency
from communication.selectors import calendar, snapshot
from plans.models import Role

from .helpers import entry, entry_data, url

pytestmark = pytest.mark.django_db


def test_a_campaign_for_a_school_year_is_scheduled_within_it(client_for, people, plan):
    planner = client_for(people[Role.PLANNER])
    response = planner.post(
        url(plan, "entries_add"),
        entry_data(period="année scolaire 2025-2026", start_date="", frequency="quarterly"),
    )
    assert response.status_code == 302
    line = CommunicationEntry.objects.get(plan=plan)
    assert line.period == "année scolaire 2025-2026"
    assert (line.start_date, line.end_date) == (
        datetime.date(2025, 9, 1),
        datetime.date(2026, 8, 31),
    )
    # Quarterly from September 2025: December, March, June; September 2026 is after the period.
    dates = [o["date"] for o in calendar(plan, today=datetime.date(2025, 9, 1), days=500)]
    assert dates == [
        datetime.date(2025, 9, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 3, 1),
        datetime.date(2026, 6, 1),
    ]
    line.last_done_on = datetime.date(2026, 6, 1)
    assert line.next_due() is None  # the period is over once its last occurrence is held
    page = planner.get(url(plan, "page")).content.decode()
    assert "année scolaire 2025-2026" in page
    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "When: année scolaire 2025-2026" in html


def test_a_first_date_typed_as_the_period_is_a_date_with_no_end(client_for, people, plan):
    client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(period="2026-01-15", start_date="")
    )
    line = CommunicationEntry.objects.get(plan=plan)
    assert (line.period, line.start_date, line.end_date) == ("", datetime.date(2026, 1, 15), None)


def test_an_unreadable_period_is_refused_and_nothing_saved(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(period="à la rentrée")
    )
    assert response.status_code == 400
    assert "is not a period Planner can read" in response.context["form"].errors["period"][0]
    assert not CommunicationEntry.objects.exists()


def test_a_frequency_the_plan_does_not_give_stays_unknown(client_for, people, plan):
    planner = client_for(people[Role.PLANNER])
    form = planner.get(url(plan, "entries_add")).content.decode()
    assert 'value="monthly" selected' not in form  # no frequency is chosen for the planner
    planner.post(url(plan, "entries_add"), entry_data(frequency=""))
    line = CommunicationEntry.objects.get(plan=plan)
    assert line.frequency == ""
    # Held once at its first date, never repeated at an invented rhythm.
    dates = [o["date"] for o in calendar(plan, today=datetime.date(2026, 8, 1), days=400)]
    assert dates == [datetime.date(2026, 9, 1)]
    line.last_done_on = datetime.date(2026, 9, 1)
    assert line.next_due() is None
    assert "frequency not given" in planner.get(url(plan, "page")).content.decode()
    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "frequency not given" in html and "Monthly" not in html


def test_lines_from_before_periods_keep_their_rhythm(plan):
    line = entry(plan, frequency=Frequency.MONTHLY, start_date=datetime.date(2026, 1, 1))
    assert line.end_date is None and line.period == ""
    dates = [o["date"] for o in calendar(plan, today=datetime.date(2026, 1, 1), days=70)]
    assert dates == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    ]
