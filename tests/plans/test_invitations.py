import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.models import Invitation, Membership, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def invite(owner_client, plan, email="new.person@example.org", role=Role.STAKEHOLDER):
    return owner_client.post(
        reverse("plans:members", kwargs={"plan": plan.uuid}), {"email": email, "role": role}
    )


def link_from(message):
    return next(line for line in message.body.splitlines() if "/invitations/" in line).strip()


def test_an_owner_invites_by_email(owner_client, plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(owner_client, plan)
    assert response.status_code == 302
    invitation = Invitation.objects.get(plan=plan)
    assert (invitation.email, invitation.role) == ("new.person@example.org", Role.STAKEHOLDER)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert plan.title in mail.outbox[0].body


def test_a_new_person_creates_an_account_and_joins(
    owner_client, plan, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(owner_client, plan)
    path = "/" + link_from(mail.outbox[0]).split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {
            "display_name": "Nina",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(plan=plan, user__email="new.person@example.org")
    assert membership.role == Role.STAKEHOLDER
    assert client.get(reverse("plans:overview", kwargs={"plan": plan.uuid})).status_code == 200


def test_an_invitation_works_only_once(people, plan, client_for):
    invitation = Invitation.objects.create(plan=plan, email="x@example.org", role=Role.VIEWER)
    token = services.invitation_token(invitation)
    first = client_for(UserFactory(email="x@example.org"))
    assert first.post(reverse("plans:invitation_accept", args=[token])).status_code == 302
    second = client_for(UserFactory())
    response = second.post(reverse("plans:invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert Membership.objects.filter(plan=plan, role=Role.VIEWER).count() == 2  # persona + first


def test_an_expired_invitation_is_refused(plan, client, settings):
    invitation = Invitation.objects.create(plan=plan, email="late@example.org", role=Role.VIEWER)
    token = services.invitation_token(invitation)
    settings.INVITATION_MAX_AGE_DAYS = -1
    response = client.get(reverse("plans:invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_forged_or_withdrawn_invitation_is_refused(plan, client):
    forged = signing.dumps({"i": 999}, salt="another-salt")
    assert client.get(reverse("plans:invitation_accept", args=[forged])).status_code == 410
    invitation = Invitation.objects.create(plan=plan, email="w@example.org", role=Role.VIEWER)
    services.invitation_revoke(invitation=invitation, user=None)
    token = services.invitation_token(invitation)
    response = client.get(reverse("plans:invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_inviting_an_existing_member_says_so(owner_client, plan, people):
    response = invite(owner_client, plan, email=people[Role.VIEWER].email)
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_bad_email_is_shown_in_the_form(owner_client, plan, people):
    response = invite(owner_client, plan, email="not-an-email")
    assert response.status_code == 400
    assert "valid email" in response.content.decode()


def test_a_planner_cannot_invite(planner_client, plan):
    response = invite(planner_client, plan)
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_invitation_is_accepted_only_by_the_invited_account(people, plan, client_for):
    invitation = Invitation.objects.create(plan=plan, email="Ana@Example.org", role=Role.PLANNER)
    token = services.invitation_token(invitation)
    url = reverse("plans:invitation_accept", args=[token])
    someone_else = UserFactory(email="forwarded.to@example.org")
    other = client_for(someone_else)
    page = other.get(url)
    assert page.status_code == 403
    assert "This invitation was sent to Ana@Example.org." in page.content.decode()
    assert other.post(url).status_code == 403
    assert not Membership.objects.filter(plan=plan, user=someone_else).exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(token=token, user=someone_else)
    invitation.refresh_from_db()
    assert invitation.is_pending, "a refused acceptance leaves the invitation usable"

    ana = UserFactory(email="ana@example.org")  # the same address, written differently
    assert client_for(ana).post(url).status_code == 302
    assert Membership.objects.get(plan=plan, user=ana).role == Role.PLANNER
