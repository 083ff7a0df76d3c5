"""The calendar feed is valid iCalendar whatever the planners typed (control characters, a
lone carriage return, long titles in any script): parsed back by icalendar, text intact."""

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from actions.ical import calendar, clean_text
from actions.models import CalendarFeed, Task
from plans.models import Role
from tests.actions.factories import MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db

# Control characters other than the line ends of the content lines have no place in a feed.
STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n")


def feed_body(client_for, people, plan):
    viewer = client_for(people[Role.VIEWER])
    viewer.post(reverse("actions:calendar_renew", kwargs={"plan": plan.uuid}))
    feed = CalendarFeed.objects.get(plan=plan, revoked_at=None)
    response = client_for(None).get(reverse("actions:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    return response.content


def test_a_lone_carriage_return_in_a_title_gives_a_valid_feed(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Paint\rthe crossings", due_date=datetime.date(2026, 4, 1))
    Task.objects.filter(pk=task.pk).update(title="Paint\rthe crossings\x07, then\x1b; test")
    MilestoneFactory(plan=plan, title="Open\r\nday")
    body = feed_body(client_for, people, plan)
    assert not STRAY_CONTROL.search(body.decode("utf-8"))
    events = {str(e["uid"]).split("@")[0]: e for e in Calendar.from_ical(body).walk("VEVENT")}
    assert str(events[f"task-{task.pk}"]["summary"]) == "Paint\nthe crossings, then; test"
    assert any(str(e["summary"]) == "◆ Open\nday" for e in events.values())


def test_long_titles_are_folded_and_read_back_whole(plan):
    title = "Réaménager les abords de l’école Jean-Jaurès " * 6 + "🚸"
    body = calendar(
        name="Plan\x00 name",
        tasks=[{"id": 1, "title": title, "due_date": "2026-05-04", "summary": "a,b;c\\d"}],
        milestones=[],
    )
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    parsed = Calendar.from_ical(body)
    assert str(parsed["x-wr-calname"]) == "Plan name"
    (event,) = parsed.walk("VEVENT")
    assert str(event["summary"]) == title
    assert str(event["description"]) == "a,b;c\\d"
    assert event.decoded("dtstart") == datetime.date(2026, 5, 4)
    assert event.decoded("dtend") == datetime.date(2026, 5, 5)


def test_clean_text_keeps_line_breaks_and_tabs_and_drops_other_controls():
    assert clean_text("a\rb\r\nc\nd\u2028e\tf\x00g\x7fh\x85i") == "a\nb\nc\nd\ne\tfgh\ni"
    assert clean_text(None) == ""
