import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals import selectors as approval_selectors
from approvals import services as approval_services
from approvals.models import Approval, Decision
from approvals.selectors import State
from notifications.models import Kind, Notification
from objectives.forms import GoalForm
from objectives.models import Goal
from plans import history as plans_history
from plans import services as plan_services
from plans.models import PlanStatus, Role
from plans.sections.items import item_update
from plans.versions import version_publish
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(plan, owner):
    approval_services.approval_rules_save(plan=plan, rules={"objectives": (True, [])}, user=owner)


def token(plan):
    return plans_history.section_token(
        approval_selectors.section_state(plan, "objectives").last_change
    )


def approve(plan, user, **kw):
    return approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=Decision.APPROVED,
        user=user,
        seen=token(plan),
        **kw,
    )


def test_an_owner_sets_which_sections_need_approval_and_by_whom(client_for, plan, owner, approver):
    url = reverse("approvals:approval_rules", kwargs={"plan": plan.uuid})
    client_for(owner).post(
        url, {"required-objectives": "on", "approvers-objectives": [approver.pk]}
    )
    state = approval_selectors.section_state(plan, "objectives")
    assert state.required and state.approvers == [approver]
    assert state.state == State.NOT_REQUESTED


def test_only_approvers_can_be_named(plan, owner, planner):
    with pytest.raises(ValidationError, match="only members with the approver role"):
        approval_services.approval_rules_save(
            plan=plan, rules={"objectives": (True, [planner])}, user=owner
        )


def test_a_review_request_notifies_the_approvers(client_for, plan, planner, approver, required):
    client_for(planner).post(
        reverse("approvals:review_request", kwargs={"plan": plan.uuid}),
        {"section": "objectives", "approvers": [approver.pk]},
    )
    assert approval_selectors.section_state(plan, "objectives").state == State.IN_REVIEW
    note = Notification.objects.get(recipient=approver)
    assert note.kind == Kind.REVIEW_REQUESTED and "Objectives" in note.text
    with pytest.raises(ValidationError, match="already under way"):
        approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)


def test_an_approval_holds_until_the_section_changes_then_shows_the_diff(
    client_for, plan, planner, approver, goal, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approve(plan, approver)
    assert approval_selectors.section_state(plan, "objectives").state == State.APPROVED
    assert Notification.objects.filter(recipient=planner, kind=Kind.APPROVED).exists()

    item_update(
        instance=goal,
        data={"statement": "Cut injuries by a third"},
        expected_version=goal.version,
        user=planner,
        reason="Council asked for a lower target",
    )
    state = approval_selectors.section_state(plan, "objectives")
    assert state.state == State.CHANGED and state.changed_since
    page = client_for(approver).get(
        reverse("approvals:section_changes", kwargs={"plan": plan.uuid}) + "?section=objectives"
    )
    html = page.content.decode()
    assert "Halve injuries" in html and "Cut injuries by a third" in html
    assert "Council asked for a lower target" in html


def test_approving_a_section_that_changed_since_it_was_opened_is_refused(
    client_for, plan, planner, approver, goal, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    url = reverse("approvals:decide", kwargs={"plan": plan.uuid}) + "?section=objectives"
    seen = token(plan)
    item_update(instance=goal, data={"unit": "pupils"}, expected_version=1, user=planner)
    response = client_for(approver).post(url, {"decision": "approved", "seen": seen})
    assert response.status_code == 400
    assert "The section has changed since you opened it" in response.content.decode()
    assert not Approval.objects.exists()


def test_requesting_changes_needs_a_comment(client_for, plan, planner, approver, required):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    url = reverse("approvals:decide", kwargs={"plan": plan.uuid}) + "?section=objectives"
    response = client_for(approver).post(
        url, {"decision": "changes_requested", "comment": "", "seen": token(plan)}
    )
    assert response.status_code == 400
    assert "Say what needs to change." in response.content.decode()
    assert not Approval.objects.exists()
    client_for(approver).post(
        url, {"decision": "changes_requested", "comment": "Add a baseline.", "seen": token(plan)}
    )
    assert approval_selectors.section_state(plan, "objectives").state == State.CHANGES_REQUESTED
    assert Notification.objects.filter(recipient=planner, kind=Kind.CHANGES_REQUESTED).exists()


def test_nobody_approves_a_review_they_requested(plan, approver, required):
    MembershipFactory(plan=plan, role=Role.APPROVER)  # someone else to ask
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=approver)
    with pytest.raises(ValidationError, match="You requested this review"):
        approve(plan, approver)


def test_nobody_approves_a_change_they_made(plan, approver, planner, goal, required):
    item_update(instance=goal, data={"unit": "pupils"}, expected_version=1, user=approver)
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    with pytest.raises(ValidationError, match="You changed this section yourself"):
        approve(plan, approver)


def test_only_named_approvers_decide(plan, owner, planner, approver, required):
    other = MembershipFactory(plan=plan, role=Role.APPROVER).user
    approval_services.approval_rules_save(
        plan=plan, rules={"objectives": (True, [other])}, user=owner
    )
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    with pytest.raises(ValidationError, match="Only the approvers named"):
        approve(plan, approver)
    approve(plan, other)


def test_the_plan_is_approved_only_when_every_required_section_is_approved_and_unchanged(
    plan, planner, approver, goal, required
):
    plan_services.plan_transition(
        plan=plan, to_status=PlanStatus.IN_REVIEW, user=planner, role=Role.PLANNER
    )
    with pytest.raises(ValidationError, match="Objectives"):
        plan_services.plan_transition(
            plan=plan, to_status=PlanStatus.APPROVED, user=approver, role=Role.APPROVER
        )
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approve(plan, approver)
    item_update(instance=goal, data={"unit": "pupils"}, expected_version=1, user=planner)
    with pytest.raises(ValidationError, match="Objectives"):
        plan_services.plan_transition(
            plan=plan, to_status=PlanStatus.APPROVED, user=approver, role=Role.APPROVER
        )
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approve(plan, approver)
    plan.refresh_from_db()
    plan = plan_services.plan_transition(
        plan=plan, to_status=PlanStatus.APPROVED, user=approver, role=Role.APPROVER
    )
    assert plan.status == PlanStatus.APPROVED


def test_each_published_version_carries_the_approval_state(plan, planner, approver, required):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approve(plan, approver)
    version = version_publish(plan=plan, user=planner)
    (row,) = [r for r in version.snapshot["approvals"] if r["section_key"] == "objectives"]
    assert row["state"] == "approved"
    assert row["approved_by"] == approver.name
    assert row["approved_at"] and row["changed_since"] is False
    assert row["section_title"]


def test_editing_an_approved_section_asks_for_a_reason_kept_in_history(
    client_for, plan, planner, approver, goal, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approve(plan, approver)
    form = GoalForm(instance=goal, plan=plan)
    assert form.reason_required and "edit_reason" in form.fields
    url = reverse("objectives:goals_edit", kwargs={"plan": plan.uuid, "pk": goal.pk})
    page = client_for(planner).get(url)
    assert 'name="edit_reason"' in page.content.decode()

    data = {"statement": "New words", "version": goal.version, "target_date": "2027-06-30"}
    missing = client_for(planner).post(url, data)
    assert missing.status_code == 400
    assert Goal.objects.get(pk=goal.pk).statement == "Halve injuries"

    client_for(planner).post(url, {**data, "edit_reason": "Typo in the statement"})
    goal.refresh_from_db()
    assert goal.statement == "New words"
    assert goal.history.latest().history_change_reason == "Typo in the statement"


def test_deleting_from_an_approved_section_needs_a_reason(
    client_for, plan, planner, approver, goal, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approve(plan, approver)
    url = reverse("objectives:goals_delete", kwargs={"plan": plan.uuid, "pk": goal.pk})
    refused = client_for(planner).post(url, {"version": goal.version})
    assert refused.status_code == 400
    assert Goal.objects.filter(pk=goal.pk).exists()
    client_for(planner).post(url, {"version": goal.version}, HTTP_HX_PROMPT="Duplicate goal")
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert goal.history.latest().history_change_reason == "Duplicate goal"


def test_the_overview_and_section_page_show_the_state(
    client_for, plan, planner, approver, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    overview = client_for(planner).get(reverse("plans:overview", kwargs={"plan": plan.uuid}))
    assert "In review" in overview.content.decode()
    section = client_for(approver).get(reverse("objectives:page", kwargs={"plan": plan.uuid}))
    assert "Review and decide" in section.content.decode()
