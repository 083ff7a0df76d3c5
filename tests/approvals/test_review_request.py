"""Asking named approvers for a review, with a note and a due date; the dashboard's lists and the
review screen (issue 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import selectors as approval_selectors
from approvals import services as approval_services
from approvals.models import Decision, ReviewRequest
from approvals.selectors import State
from notifications.models import Kind, Notification
from plans import history as plans_history
from plans.models import Membership, Role
from plans.sections.items import item_update
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(plan):
    return MembershipFactory(plan=plan, role=Role.APPROVER).user


def url(plan, section="objectives"):
    return reverse("approvals:review_request", kwargs={"plan": plan.uuid}) + f"?section={section}"


def decide_url(plan):
    return reverse("approvals:decide", kwargs={"plan": plan.uuid}) + "?section=objectives"


def seen(plan):
    return plans_history.section_token(
        approval_selectors.section_state(plan, "objectives").last_change
    )


def test_the_form_offers_the_plans_approvers_but_not_the_requester(
    client_for, plan, planner, approver, second, stakeholder
):
    page = client_for(planner).get(url(plan))
    html = page.content.decode()
    assert page.status_code == 200
    assert approver.name in html and second.name in html
    assert stakeholder.name not in html
    assert 'name="due_date"' in html and 'name="note"' in html


def test_a_request_asks_only_the_approvers_chosen_with_its_note_and_due_date(
    client_for, plan, planner, approver, second, django_capture_on_commit_callbacks
):
    due = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(planner).post(
            url(plan),
            {
                "section": "objectives",
                "approvers": [second.pk],
                "note": "Please check the targets.",
                "due_date": due.isoformat(),
            },
        )
    assert response.status_code == 302
    request = ReviewRequest.objects.get(plan=plan)
    assert list(request.approvers.all()) == [second]
    assert request.note == "Please check the targets." and request.due_date == due
    assert request.history.first().history_user == planner
    told = set(
        Notification.objects.filter(kind=Kind.REVIEW_REQUESTED).values_list("recipient", flat=True)
    )
    assert told == {second.pk}
    state = approval_selectors.section_state(plan, "objectives")
    assert state.state == State.IN_REVIEW and state.request_approvers == [second]


def test_an_approver_not_asked_cannot_decide_on_the_review(
    client_for, plan, planner, approver, second
):
    approval_services.review_request(
        plan=plan, section_keys=["objectives"], user=planner, approvers=[second]
    )
    page = client_for(approver).get(decide_url(plan)).content.decode()
    assert "Only the approvers asked for this review can decide on it" in page
    assert "Record my decision" not in page
    response = client_for(approver).post(
        decide_url(plan), {"decision": "approved", "seen": seen(plan)}
    )
    assert response.status_code == 400
    assert approval_selectors.section_state(plan, "objectives").state == State.IN_REVIEW
    approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=Decision.APPROVED,
        user=second,
        seen=seen(plan),
    )
    assert approval_selectors.section_state(plan, "objectives").state == State.APPROVED


@pytest.mark.parametrize(
    "case, message",
    [
        ("nobody", "Choose at least one approver."),
        ("not_an_approver", "only members with the approver role"),
        ("past", "The date the decision is needed by has passed."),
        ("outside_the_rule", "Only the approvers named for"),
    ],
)
def test_a_request_that_cannot_be_sent_says_why_and_sends_nothing(
    client_for, plan, owner, planner, approver, second, stakeholder, case, message
):
    data = {"section": "objectives", "approvers": [approver.pk]}
    if case == "nobody":
        data["approvers"] = []
    elif case == "not_an_approver":
        data["approvers"] = [stakeholder.pk]
    elif case == "past":
        data["due_date"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    else:
        approval_services.approval_rules_save(
            plan=plan, rules={"objectives": (True, [second])}, user=owner
        )
    if case in ("not_an_approver", "outside_the_rule"):
        # The form offers only who may be asked; the service refuses the others all the same.
        chosen = [stakeholder] if case == "not_an_approver" else [approver]
        with pytest.raises(ValidationError, match=message):
            approval_services.review_request(
                plan=plan, section_keys=["objectives"], user=planner, approvers=chosen
            )
        response = client_for(planner).post(url(plan), data)
        assert response.status_code == 400
    else:
        response = client_for(planner).post(url(plan), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not ReviewRequest.objects.exists()
    assert not Notification.objects.filter(kind=Kind.REVIEW_REQUESTED).exists()


def test_the_requester_cannot_ask_themself(plan, approver, second):
    with pytest.raises(ValidationError, match="You cannot review your own request"):
        approval_services.review_request(
            plan=plan, section_keys=["objectives"], user=approver, approvers=[approver]
        )


def test_a_bad_next_is_not_followed_or_drawn(client_for, plan, planner, approver):
    page = client_for(planner).get(url(plan) + "&next=javascript:alert(1)").content.decode()
    assert 'href="javascript:' not in page and 'value="javascript:' not in page
    response = client_for(planner).post(
        url(plan),
        {"section": "objectives", "approvers": [approver.pk], "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and "evil.example" not in response["Location"]


# --- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_lists_what_awaits_me_and_what_i_asked(
    client_for, plan, planner, approver, second
):
    due = timezone.localdate() + datetime.timedelta(days=3)
    approval_services.review_request(
        plan=plan, section_keys=["objectives"], user=planner, approvers=[second], due_date=due
    )
    mine = client_for(planner).get(reverse("plans:dashboard")).content.decode()
    assert "My review requests" in mine and "Objectives" in mine and second.name in mine
    assert "Awaiting my review" not in mine
    theirs = client_for(second).get(reverse("plans:dashboard")).content.decode()
    assert "Awaiting my review" in theirs and decide_url(plan).replace("&", "&amp;") in theirs
    other = client_for(approver).get(reverse("plans:dashboard")).content.decode()
    assert "Awaiting my review" not in other


def test_an_overdue_review_is_flagged_and_a_former_member_sees_none(plan, planner, second):
    request = approval_services.review_request(
        plan=plan, section_keys=["objectives"], user=planner, approvers=[second]
    )[0]
    ReviewRequest.objects.filter(pk=request.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    [pending] = approval_selectors.awaiting_review(second)
    assert pending.overdue and pending.section.key == "objectives"
    assert [p.request.pk for p in approval_selectors.my_review_requests(planner)] == [request.pk]
    Membership.objects.filter(plan=plan, user__in=[second, planner]).delete()
    assert approval_selectors.awaiting_review(second) == []
    assert approval_selectors.my_review_requests(planner) == []


# --- the review screen --------------------------------------------------------------------


def test_a_first_review_shows_the_section_as_it_prints(client_for, plan, planner, approver, goal):
    approval_services.review_request(
        plan=plan, section_keys=["objectives"], user=planner, note="Targets?"
    )
    html = client_for(approver).get(decide_url(plan)).content.decode()
    assert "First review" in html and "The section as it will print" in html
    preview = html.split('class="doc-preview', 1)[1]
    assert "Halve injuries" in preview and "Goals" in preview
    assert "Targets?" in html


def test_the_review_screen_shows_the_changes_since_the_approved_version(
    client_for, plan, planner, approver, second, goal
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=Decision.APPROVED,
        user=approver,
        seen=seen(plan),
    )
    goal.refresh_from_db()
    item_update(
        instance=goal,
        data={"statement": "Cut injuries by a third"},
        expected_version=goal.version,
        user=planner,
    )
    approval_services.review_request(
        plan=plan, section_keys=["objectives"], user=planner, approvers=[second]
    )
    html = client_for(second).get(decide_url(plan)).content.decode()
    assert "Changes since version 1, the last one approved" in html
    diff = html.split('class="table table-sm small diff"', 1)[1].split("</table>", 1)[0]
    assert "<del>Halve injuries</del>" in diff and "<ins>Cut injuries by a third</ins>" in diff
    assert "Statement" in diff or "Goal" in diff  # a human label, not a field name
    assert "statement</td>" not in diff
    response = client_for(second).post(
        decide_url(plan), {"decision": "approved", "seen": seen(plan)}
    )
    assert response.status_code == 302
    state = approval_selectors.section_state(plan, "objectives")
    assert state.state == State.APPROVED and state.approved_version == 2


def test_a_french_plan_previews_in_french(client_for, plan, planner, approver, goal):
    plan.language = "fr"
    plan.save()
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    html = client_for(approver).get(decide_url(plan)).content.decode()
    preview = html.split('class="doc-preview', 1)[1]
    assert 'lang="fr"' in html and "Objectifs" in preview
