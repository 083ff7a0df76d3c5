import re

import pytest
from django.urls import reverse

from monitoring.models import Lesson
from plans.models import Role
from tests.monitoring.factories import LessonFactory
from tests.plans.factories import MembershipFactory, PlanFactory

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
    filtered = c.get(reverse("monitoring:lessons_search"), {"lessons-q": "radar"}).content.decode()
    assert also_mine.title in filtered and mine.title not in filtered
    stranger = c.get(reverse("monitoring:lessons_search"), {"lessons-q": "secret"}).content.decode()
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


# --- Start from a past lesson: copy it into a plan where one can edit ----------------------


def copy_url(lesson):
    return reverse("monitoring:lesson_copy", kwargs={"pk": lesson.pk})


def offered(content, lesson):
    """The plan uuids offered in the copy form of ``lesson`` on the search page."""
    match = re.search(
        rf'<select [^>]*name="plan" id="copy-{lesson.pk}">(.*?)</select>', content, re.S
    )
    return set(re.findall(r'<option value="([0-9a-f-]+)"', match.group(1))) if match else set()


@pytest.fixture
def past(people):
    """A lesson of another plan in which the planner of ``plan`` is only a viewer."""
    membership = MembershipFactory(user=people[Role.PLANNER], role=Role.VIEWER)
    return LessonFactory(
        plan=membership.plan,
        title="Count speeds with the same radar",
        what_failed="The baseline was taken in the holidays",
        root_cause="Convenience",
        recommendation="Take baselines on school days",
    )


def test_a_past_lesson_is_copied_into_a_plan_the_user_edits(client_for, people, plan, past):
    planner = people[Role.PLANNER]
    LessonFactory(plan=plan, title="Already there")
    approving = MembershipFactory(user=planner, role=Role.APPROVER).plan
    c = client_for(planner)
    page = c.get(reverse("monitoring:lessons_search")).content.decode()
    # Only plans where the planner edits are offered, never the lesson's own plan.
    assert offered(page, past) == {str(plan.uuid)}
    assert str(approving.uuid) not in page
    assert "Copy to plan…" in page

    response = c.post(copy_url(past), {"plan": str(plan.uuid)}, follow=True)
    assert response.redirect_chain[-1][0].startswith(
        reverse("monitoring:page", kwargs={"plan": plan.uuid})
    )
    copy = Lesson.objects.get(plan=plan, title="Count speeds with the same radar")
    assert (copy.what_failed, copy.root_cause, copy.recommendation) == (
        "The baseline was taken in the holidays",
        "Convenience",
        "Take baselines on school days",
    )
    assert copy.position == 1  # after the plan's own lesson
    record = copy.history.get()
    assert record.history_user == planner
    assert record.history_change_reason == f"Copied from a lesson of “{past.plan.title}”."
    content = response.content.decode()
    assert (
        f"“Count speeds with the same radar” has been copied to the lessons of “{plan.title}”"
        in content
    )
    assert Lesson.objects.filter(plan=past.plan).count() == 1  # the original stays as it was


def test_a_forged_copy_into_a_plan_not_offered_gets_404(client_for, people, plan, past):
    planner = people[Role.PLANNER]
    not_editable = [
        MembershipFactory(user=planner, role=role).plan
        for role in (Role.APPROVER, Role.STAKEHOLDER, Role.VIEWER)
    ]
    strangers = PlanFactory()
    c = client_for(planner)
    for target in [*not_editable, strangers, past.plan]:
        assert c.post(copy_url(past), {"plan": str(target.uuid)}).status_code == 404
    assert c.post(copy_url(past), {"plan": "not-a-uuid"}).status_code == 404
    assert c.post(copy_url(past)).status_code == 404
    # A lesson the user cannot see cannot be copied, even into their own plan.
    secret = LessonFactory(title="Secret")
    assert c.post(copy_url(secret), {"plan": str(plan.uuid)}).status_code == 404
    assert c.get(copy_url(past)).status_code == 405
    assert Lesson.objects.count() == 2


def test_someone_who_edits_no_other_plan_is_offered_no_copy(client_for, people, plan, past):
    LessonFactory(plan=plan, title="Lesson of the shared plan")
    content = client_for(people[Role.VIEWER]).get(reverse("monitoring:lessons_search"))
    content = content.content.decode()
    assert "Lesson of the shared plan" in content
    assert "Copy to plan…" not in content


def test_copying_needs_a_signed_in_user(client, plan, past):
    response = client.post(copy_url(past), {"plan": str(plan.uuid)})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Lesson.objects.filter(plan=plan).exists()
