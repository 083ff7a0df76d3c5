import pytest
from django.urls import reverse

from plans.models import Role
from tests.monitoring.factories import LessonFactory
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_lessons_of_every_plan_of_the_user_are_searchable_and_no_others(client_for, people, plan):
    mine = LessonFactory(plan=plan, title="Coordinators for walking buses")
    other_membership = MembershipFactory(user=people[Role.VIEWER], role=Role.VIEWER)
    also_mine = LessonFactory(plan=other_membership.plan, title="Radar before cameras")
    secret = LessonFactory(title="Secret lesson of a stranger's plan")
    c = client_for(people[Role.VIEWER])
    content = c.get(reverse("monitoring:lessons_search")).content.decode()
    assert mine.title in content and also_mine.title in content
    assert secret.title not in content
    filtered = c.get(reverse("monitoring:lessons_search"), {"q": "radar"}).content.decode()
    assert also_mine.title in filtered and mine.title not in filtered
    stranger = c.get(reverse("monitoring:lessons_search"), {"q": "secret"}).content.decode()
    assert secret.title not in stranger and "No lesson matches." in stranger


def test_the_lessons_search_needs_a_signed_in_user(client):
    response = client.get(reverse("monitoring:lessons_search"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_lesson_needs_what_worked_or_what_failed(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        reverse("monitoring:lessons_add", kwargs={"plan": plan.uuid}),
        {"title": "Empty", "recommendation": "Do better"},
    )
    assert response.status_code == 400
    assert "Say what worked, what did not, or both." in response.content.decode()
