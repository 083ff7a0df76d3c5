"""Asking for a review of the whole plan (``section=all``) from the approvals page."""

import pytest
from django.core import mail
from django.urls import reverse

from approvals import selectors as approval_selectors
from approvals import services as approval_services
from approvals.models import Decision, ReviewRequest
from approvals.selectors import State
from notifications.models import Kind, Notification
from plans.models import Role
from plans.sections import registry
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def request_all(client, plan, note=""):
    """The whole plan, asking every approver of the plan (the form's choice)."""
    return client.post(
        reverse("approvals:review_request", kwargs={"plan": plan.uuid}),
        {
            "section": "all",
            "note": note,
            "approvers": [p.pk for p in approval_selectors.plan_approvers(plan)],
        },
        follow=True,
    )


def states(plan):
    return {key: s.state for key, s in approval_selectors.section_states(plan).items()}


def review_notes(user):
    return sorted(
        Notification.objects.filter(recipient=user, kind=Kind.REVIEW_REQUESTED).values_list(
            "text", flat=True
        )
    )


def test_the_whole_plan_sends_every_required_section_that_needs_a_review(
    client_for, plan, owner, planner, approver, django_capture_on_commit_callbacks
):
    second = MembershipFactory(plan=plan, role=Role.APPROVER).user
    approval_services.approval_rules_save(
        plan=plan,
        rules={
            "objectives": (True, [approver]),  # named approver
            "risks": (True, []),  # nobody named: every approver of the plan
            "strategy": (True, []),  # approved already
            "monitoring": (True, []),  # already in review
        },
        user=owner,
    )
    approval_services.review_request(plan=plan, section_keys=["strategy"], user=planner)
    approval_services.section_decide(
        plan=plan, section_key="strategy", decision=Decision.APPROVED, user=approver
    )
    approval_services.review_request(plan=plan, section_keys=["monitoring"], user=planner)
    Notification.objects.all().delete()
    before = states(plan)

    with django_capture_on_commit_callbacks(execute=True):
        response = request_all(client_for(planner), plan, note="Ready for the council")

    assert "The approvers have been asked for a review." in response.content.decode()
    after = states(plan)
    assert after["objectives"] == after["risks"] == State.IN_REVIEW
    assert after["strategy"] == State.APPROVED
    assert after["monitoring"] == State.IN_REVIEW
    # Sections that need no approval are left alone.
    assert {k: v for k, v in after.items() if k not in ("objectives", "risks")} == {
        k: v for k, v in before.items() if k not in ("objectives", "risks")
    }
    assert all(
        after[key] == State.NOT_REQUIRED
        for key in after
        if key not in ("objectives", "risks", "strategy", "monitoring")
    )
    open_requests = ReviewRequest.objects.filter(plan=plan, closed_at__isnull=True)
    assert sorted(open_requests.values_list("section_key", flat=True)) == [
        "monitoring",
        "objectives",
        "risks",
    ]
    assert open_requests.get(section_key="risks").note == "Ready for the council"

    # One notification per section sent for review, to that section's approvers only.
    title = plan.title
    assert review_notes(approver) == sorted(
        f"{planner.name} asks you to review “{section}” in “{title}”."
        for section in (registry.get("objectives").title, registry.get("risks").title)
    )
    assert review_notes(second) == [
        f"{planner.name} asks you to review “{registry.get('risks').title}” in “{title}”."
    ]
    assert review_notes(planner) == [] and review_notes(owner) == []
    # Each notification is e-mailed once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [approver.email, approver.email, second.email]
    )


def test_the_whole_plan_with_nothing_left_to_review_is_refused(
    client_for, plan, owner, planner, approver
):
    approval_services.approval_rules_save(
        plan=plan, rules={"objectives": (True, []), "risks": (True, [])}, user=owner
    )
    approval_services.review_request(plan=plan, section_keys=["risks"], user=planner)
    approval_services.section_decide(
        plan=plan, section_key="risks", decision=Decision.APPROVED, user=approver
    )
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    response = request_all(client_for(planner), plan)
    assert "There is nothing to send for review." in response.content.decode()
    assert ReviewRequest.objects.filter(plan=plan).count() == 2
    assert Notification.objects.filter(kind=Kind.REVIEW_REQUESTED).count() == 2


def test_without_required_sections_the_whole_plan_sends_every_section(
    client_for, plan, planner, approver
):
    request_all(client_for(planner), plan)
    assert set(states(plan).values()) == {State.IN_REVIEW}
    assert ReviewRequest.objects.filter(plan=plan).count() == len(registry.all())
    assert len(review_notes(approver)) == len(registry.all())


def test_only_editors_can_send_the_whole_plan(client_for, plan, approver, stakeholder):
    url = reverse("approvals:review_request", kwargs={"plan": plan.uuid})
    for person in (approver, stakeholder):
        assert client_for(person).post(url, {"section": "all"}).status_code == 403
    assert not ReviewRequest.objects.exists()
