"""The communication section's views: the plan of communications, the log, follow-up tasks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from actions.models import Task
from communication.models import CommunicationEntry, Engagement
from communication.selectors import snapshot
from plans.models import Role
from plans.sections.items import item_create
from tests.plans.factories import PlanFactory

from .helpers import HTMX, entry, entry_data, stakeholder, url

pytestmark = pytest.mark.django_db


def test_a_planner_adds_a_communication_for_a_stakeholder(client_for, people, plan):
    who = stakeholder(plan)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(audience_group="", audience_stakeholder=who.pk), **HTMX
    )
    assert response.status_code == 200
    saved = CommunicationEntry.objects.get(plan=plan)
    assert saved.audience == "Parents' association"
    assert saved.history.get().history_user == people[Role.PLANNER]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"audience_group": ""}, "Say who the audience is"),
        (
            {"audience_stakeholder": "STAKEHOLDER"},
            "Choose a stakeholder or name a group, not both.",
        ),
        ({"last_done_on": "2099-01-01"}, "This date is in the future."),
        ({"last_done_on": "2026-08-01"}, "This date comes before the first date."),
    ],
    ids=["no-audience", "both-audiences", "held-in-future", "held-before-start"],
)
def test_a_bad_communication_is_refused_next_to_the_field(
    client_for, people, plan, changes, message
):
    if changes.get("audience_stakeholder") == "STAKEHOLDER":
        changes = {**changes, "audience_stakeholder": stakeholder(plan).pk}
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(**changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommunicationEntry.objects.exists()


def test_a_stakeholder_of_another_plan_cannot_be_the_audience(client_for, people, plan):
    foreign = stakeholder(PlanFactory())
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(audience_group="", audience_stakeholder=foreign.pk)
    )
    assert response.status_code == 400
    assert not CommunicationEntry.objects.exists()


def test_marking_a_communication_as_held_moves_it_to_its_next_date(client_for, people, plan):
    item = entry(plan, start_date=timezone.localdate() - datetime.timedelta(days=40))
    assert item.next_due() < timezone.localdate()
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entry_done", pk=item.pk), {"version": item.version}, **HTMX
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.last_done_on == timezone.localdate()
    assert item.next_due() > timezone.localdate()
    stale = client_for(people[Role.PLANNER]).post(
        url(plan, "entry_done", pk=item.pk), {"version": 1}
    )
    assert stale.status_code == 302
    item.refresh_from_db()
    assert item.version == 2


def test_an_engagement_in_the_future_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "engagements_add"),
        {"kind": "meeting", "title": "Later", "date": "2099-01-01", "summary": "Not yet"},
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not Engagement.objects.exists()


def test_a_follow_up_becomes_a_task_once(client_for, people, plan):
    who = stakeholder(plan)
    engagement = Engagement.objects.create(
        plan=plan,
        kind="workshop",
        title="Route workshop",
        date=datetime.date(2026, 3, 1),
        summary="Mapped the dangers",
        follow_ups="Ask for parking checks\nPrice lighting",
    )
    engagement.participants.add(who)
    c = client_for(people[Role.PLANNER])
    response = c.post(url(plan, "follow_up_task", pk=engagement.pk), {"index": "1"}, **HTMX)
    assert response.status_code == 200
    task = Task.objects.get(plan=plan)
    assert task.title == "Price lighting"
    assert "Route workshop" in task.description
    assert task.history.get().history_user == people[Role.PLANNER]
    assert "Task created" in response.content.decode()
    again = c.post(url(plan, "follow_up_task", pk=engagement.pk), {"index": "1"}, **HTMX)
    assert again.status_code == 400
    missing = c.post(url(plan, "follow_up_task", pk=engagement.pk), {"index": "9"})
    assert missing.status_code == 302
    assert Task.objects.count() == 1


def test_the_page_shows_flags_and_the_document_renders_the_snapshot(client_for, people, plan):
    who = stakeholder(plan, "Canal Street shopkeepers")
    entry(plan, audience_group="", audience_stakeholder=who, key_messages="Deliveries later")
    content = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    assert "Not engaged recently" in content and "Canal Street shopkeepers" in content
    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "Canal Street shopkeepers" in html and "Deliveries later" in html


def test_a_service_path_refuses_a_stakeholder_of_another_plan_too(people, plan):
    data = {**entry_data(audience_group=""), "audience_stakeholder": stakeholder(PlanFactory())}
    data["start_date"] = datetime.date(2026, 9, 1)
    with pytest.raises(ValidationError) as error:
        item_create(plan=plan, model=CommunicationEntry, data=data, user=people[Role.PLANNER])
    assert "an item of this plan" in error.value.message_dict["audience_stakeholder"][0]
    assert not CommunicationEntry.objects.exists()
