"""Making a copy: its title, the same members invited with the same roles (or none), and a
copy of a published version from the plan file kept with it."""

import pytest
from django.urls import reverse

from objectives.models import Goal
from plans.models import Invitation, Membership, Plan, Role
from plans.versions import version_publish
from tests.objectives.factories import GoalFactory
from tests.transfer.test_plan_file import comparable
from transfer.models import VersionFile
from transfer.plan_file import plan_export

pytestmark = pytest.mark.django_db


def clone_url(plan):
    return reverse("transfer:clone", kwargs={"plan": plan.uuid})


def new_plan(before):
    return Plan.objects.exclude(pk__in=before).get()


def test_the_copy_form_offers_a_title_and_the_members(client_for, people, plan):
    page = client_for(people[Role.VIEWER]).get(clone_url(plan))
    assert page.status_code == 200
    assert page.context["form"]["title"].value() == f"Copy of {plan.title}"
    assert not page.context["form"]["invite_members"].value()


def test_a_copy_without_members_is_the_copier_s_alone(client_for, people, plan):
    GoalFactory(plan=plan, statement="Safer crossings")
    before = set(Plan.objects.values_list("pk", flat=True))
    response = client_for(people[Role.PLANNER]).post(clone_url(plan), {"title": "Pilot, 2027"})
    copy = new_plan(before)
    assert response.status_code == 302 and copy.title == "Pilot, 2027"
    assert list(Membership.objects.filter(plan=copy).values_list("user", "role")) == [
        (people[Role.PLANNER].pk, Role.OWNER)
    ]
    assert not Invitation.objects.filter(plan=copy).exists()
    assert Goal.objects.get(plan=copy).statement == "Safer crossings"


def test_a_copy_with_members_invites_each_with_their_role(
    client_for, people, plan, mailoutbox, django_capture_on_commit_callbacks
):
    before = set(Plan.objects.values_list("pk", flat=True))
    copier = people[Role.PLANNER]
    data = {"title": "", "invite_members": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        client_for(copier).post(clone_url(plan), data)
    copy = new_plan(before)
    assert copy.title == f"Copy of {plan.title}"  # an empty title is the default one
    assert list(Membership.objects.filter(plan=copy).values_list("user", "role")) == [
        (copier.pk, Role.OWNER)
    ]
    invited = set(Invitation.objects.filter(plan=copy).values_list("email", "role"))
    expected = {
        (m.user.email.lower(), m.role)
        for m in Membership.objects.filter(plan=plan)
        if m.user != copier
    }
    assert invited == expected and len(expected) == 4
    assert people["outsider"].email not in {email for email, _role in invited}
    assert len(mailoutbox) == 4


def test_a_copy_of_a_published_version_is_that_version_s_file(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    version = version_publish(plan=plan, user=people[Role.OWNER])
    goal.statement = "Changed after publishing"
    goal.save()
    GoalFactory(plan=plan, statement="Added after publishing")
    viewer = client_for(people[Role.VIEWER])
    versions = viewer.get(reverse("history:versions", kwargs={"plan": plan.uuid})).content.decode()
    here = reverse("transfer:clone_version", kwargs={"plan": plan.uuid, "pk": version.pk})
    assert here in versions and "Make a copy of this version" in versions
    page = viewer.get(here)
    assert page.context["form"]["title"].value() == f"Copy of {plan.title} (v{version.number})"
    before = set(Plan.objects.values_list("pk", flat=True))
    assert viewer.post(here, {"title": "From v1"}).status_code == 302
    copy = new_plan(before)
    kept = VersionFile.objects.get(version=version).data
    assert comparable(plan_export(copy))["items"] == comparable(kept)["items"]
    assert [g.statement for g in Goal.objects.filter(plan=copy)] == ["Safer crossings"]
    assert copy.title == "From v1"


def test_a_version_without_a_kept_file_cannot_be_copied(client_for, people, plan):
    version = version_publish(plan=plan, user=people[Role.OWNER])
    VersionFile.objects.filter(version=version).delete()
    here = reverse("transfer:clone_version", kwargs={"plan": plan.uuid, "pk": version.pk})
    count = Plan.objects.count()
    response = client_for(people[Role.VIEWER]).post(here, {"title": "x"})
    assert response.status_code == 302 and "/versions/" in response["Location"]
    assert Plan.objects.count() == count


def test_an_outsider_cannot_copy_a_version(client_for, people, plan):
    version = version_publish(plan=plan, user=people[Role.OWNER])
    here = reverse("transfer:clone_version", kwargs={"plan": plan.uuid, "pk": version.pk})
    assert client_for(people["outsider"]).post(here).status_code == 404
    assert client_for(people["outsider"]).get(clone_url(plan)).status_code == 404
