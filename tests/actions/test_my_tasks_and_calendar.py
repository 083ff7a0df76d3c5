import datetime

import pytest
from django.urls import reverse

from actions.models import CalendarFeed
from plans.models import Membership, Role
from tests.actions.factories import MilestoneFactory, TaskFactory
from tests.plans.factories import MembershipFactory
from tests.resources.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_my_tasks_lists_the_users_tasks_across_plans(client_for, people, plan):
    me = people[Role.PLANNER]
    mine = TeamMemberFactory(plan=plan, user=me)
    TaskFactory(plan=plan, title="Design crossings", responsible=mine)
    TaskFactory(plan=plan, title="Someone else's task", responsible=TeamMemberFactory(plan=plan))
    other = MembershipFactory(user=me, role=Role.VIEWER).plan
    TaskFactory(
        plan=other,
        title="Task in my other plan",
        responsible=TeamMemberFactory(plan=other, user=me),
        start_date=other.start_date,
        due_date=other.start_date,
    )
    TaskFactory(plan=plan, title="Finished", status="done", responsible=mine)
    content = client_for(me).get(reverse("actions:my_tasks")).content.decode()
    assert "Design crossings" in content and "Task in my other plan" in content
    assert "Someone else" not in content and "Finished" not in content
    assert (
        "Finished"
        in client_for(me).get(reverse("actions:my_tasks"), {"done": "1"}).content.decode()
    )


def test_my_tasks_leaves_out_plans_the_user_has_left(client_for, people, plan):
    me = people[Role.PLANNER]
    TaskFactory(plan=plan, title="Old task", responsible=TeamMemberFactory(plan=plan, user=me))
    Membership.objects.filter(plan=plan, user=me).delete()
    assert "Old task" not in client_for(me).get(reverse("actions:my_tasks")).content.decode()


def test_my_tasks_needs_a_signed_in_user(client):
    response = client.get(reverse("actions:my_tasks"))
    assert response.status_code == 302


def feed_for(client, plan):
    client.post(reverse("actions:calendar_renew", kwargs={"plan": plan.uuid}))
    return CalendarFeed.objects.get(plan=plan, revoked_at=None)


def test_the_calendar_feed_serves_tasks_and_milestones(client_for, people, plan):
    TaskFactory(plan=plan, title="Road works, phase 1", due_date=datetime.date(2026, 3, 31))
    MilestoneFactory(plan=plan, title="Crossings open")
    feed = feed_for(client_for(people[Role.VIEWER]), plan)
    response = client_for(None).get(reverse("actions:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Road works\\, phase 1" in body
    assert "DTSTART;VALUE=DATE:20260301" in body
    assert "DTEND;VALUE=DATE:20260401" in body  # the day after the due date, exclusive
    assert "◆ Crossings open" in body


def test_a_revoked_or_replaced_feed_stops_working(client_for, people, plan):
    c = client_for(people[Role.VIEWER])
    old = feed_for(c, plan)
    new = feed_for(c, plan)
    assert old.token != new.token
    anonymous = client_for(None)
    assert anonymous.get(reverse("actions:feed", kwargs={"token": old.token})).status_code == 404
    assert anonymous.get(reverse("actions:feed", kwargs={"token": new.token})).status_code == 200
    c.post(reverse("actions:calendar_revoke", kwargs={"plan": plan.uuid}))
    assert anonymous.get(reverse("actions:feed", kwargs={"token": new.token})).status_code == 404


def test_a_feed_stops_working_when_its_owner_leaves_the_plan(client_for, people, plan):
    feed = feed_for(client_for(people[Role.VIEWER]), plan)
    Membership.objects.filter(plan=plan, user=people[Role.VIEWER]).delete()
    response = client_for(None).get(reverse("actions:feed", kwargs={"token": feed.token}))
    assert response.status_code == 404


def test_an_unknown_token_is_404(client_for):
    response = client_for(None).get(reverse("actions:feed", kwargs={"token": "nope"}))
    assert response.status_code == 404


def test_the_calendar_page_shows_the_secret_address_only_to_its_owner(client_for, people, plan):
    feed = feed_for(client_for(people[Role.VIEWER]), plan)
    url = reverse("actions:calendar", kwargs={"plan": plan.uuid})
    assert feed.token in client_for(people[Role.VIEWER]).get(url).content.decode()
    assert feed.token not in client_for(people[Role.OWNER]).get(url).content.decode()
