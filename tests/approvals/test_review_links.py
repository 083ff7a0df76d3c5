"""Reviewers without an account: signed, expiring, revocable links (issue 15)."""

import datetime

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from approvals import links
from approvals import selectors as approval_selectors
from approvals.models import Approval, Decision
from approvals.selectors import State
from discussions.models import Comment, LinkMode, ReviewLink
from notifications.models import Kind, Notification
from plans import history as plans_history
from plans.sections.extensions import extensions

pytestmark = pytest.mark.django_db


def make(plan, user, mode=LinkMode.COMMENT, section_key="objectives", **kw):
    return links.link_create(
        plan=plan,
        user=user,
        name=kw.pop("name", "Anne Petit"),
        email=kw.pop("email", "anne.petit@agency.example"),
        mode=mode,
        section_key=section_key,
        **kw,
    )


def page(client, link, section=None, **kw):
    url = reverse("approvals:outside", kwargs={"token": links.link_token(link)})
    if section:
        url += f"?section={section}"
    return client.get(url, **kw)


def post(client, link, data, section="objectives"):
    url = reverse("approvals:outside", kwargs={"token": links.link_token(link)})
    return client.post(url, {"section": section, **data})


def test_a_planner_sends_a_link_and_the_person_gets_it_by_email(
    client_for, plan, planner, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(planner).post(
            reverse("approvals:review_link_new", kwargs={"plan": plan.uuid}),
            {
                "name": "Anne Petit",
                "email": "anne.petit@agency.example",
                "section_key": "objectives",
                "mode": "comment",
                "days": "10",
                "note": "Could you check the injury figures?",
            },
        )
    assert response.status_code == 302
    link = ReviewLink.objects.get(plan=plan)
    assert link.created_by == planner and link.mode == LinkMode.COMMENT
    assert abs(link.expires_at - (timezone.now() + datetime.timedelta(days=10))).seconds < 60
    [message] = mail.outbox
    assert message.to == ["anne.petit@agency.example"]
    assert "injury figures" in message.body
    token = message.body.split("/review/", 1)[1].split("/", 1)[0]
    assert links.link_from_token(token) == link
    assert link.history.first().history_user == planner


def test_the_person_reads_the_section_as_it_prints_and_comments_without_an_account(
    client, plan, planner, goal, django_capture_on_commit_callbacks
):
    link = make(plan, planner)
    html = page(client, link).content.decode()
    assert "Halve injuries" in html.split('class="doc-preview', 1)[1]
    assert "Record my decision" not in html  # comment only
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, link, {"action": "comment", "c-body": "The 2024 figure is 15."})
    assert response.status_code == 302
    comment = Comment.objects.get(plan=plan)
    assert comment.author is None and comment.review_link == link
    assert comment.author_name == "Anne Petit (outside reviewer)"
    assert comment.thread.section_key == "objectives"
    note = Notification.objects.get(recipient=planner, kind=Kind.OUTSIDE_REVIEW)
    assert "Anne Petit (outside reviewer)" in note.text and "Objectives" in note.text
    link.refresh_from_db()
    assert link.uses == 2 and link.last_used_at is not None
    assert "The 2024 figure is 15." in page(client, link).content.decode()


def test_an_approve_link_decides_and_the_decision_records_who(client, plan, owner, goal):
    link = make(plan, owner, mode=LinkMode.APPROVE)
    html = page(client, link).content.decode()
    assert "Record my decision" in html
    state = approval_selectors.section_state(plan, "objectives")
    response = post(
        client,
        link,
        {
            "action": "decide",
            "decision": "approved",
            "seen": plans_history.section_token(state.last_change),
        },
    )
    assert response.status_code == 302
    approval = Approval.objects.get(plan=plan)
    assert approval.decided_by is None and approval.review_link == link
    assert (approval.reviewer_name, approval.reviewer_email) == (link.name, link.email)
    assert approval.version is not None and approval.content_hash
    assert approval.decider_name == "Anne Petit (outside reviewer)"
    assert approval_selectors.section_state(plan, "objectives").state == State.APPROVED


def test_an_outside_reviewer_is_named_in_the_activity_feed_and_the_plan_file(
    client, client_for, plan, owner, goal
):
    link = make(plan, owner, mode=LinkMode.APPROVE)
    links.link_comment(link=link, section_key="objectives", body="The figures match ours.")
    state = approval_selectors.section_state(plan, "objectives")
    links.link_decide(
        link=link,
        section_key="objectives",
        decision="approved",
        seen=plans_history.section_token(state.last_change),
    )
    feed = client_for(owner).get(reverse("history:activity", kwargs={"plan": plan.uuid}))
    html = feed.content.decode()
    # The comment and the decision, each by the reviewer's name, never as "system".
    assert html.count("Anne Petit (outside reviewer)") == 2
    reviews = extensions.plan_reviews(plan)
    assert [c["author"] for c in reviews["comments"]] == ["Anne Petit (outside reviewer)"]
    assert [a["decided_by"] for a in reviews["approvals"]] == ["Anne Petit (outside reviewer)"]


def test_a_comment_link_cannot_decide(client, plan, planner, goal):
    link = make(plan, planner)
    response = post(client, link, {"action": "decide", "decision": "approved", "seen": "-"})
    assert response.status_code == 404
    with pytest.raises(ValidationError, match="not decide"):
        links.link_decide(link=link, section_key="objectives", decision=Decision.APPROVED)
    assert not Approval.objects.exists()


def test_only_owners_send_links_that_decide_and_never_over_named_approvers(
    plan, owner, planner, approver
):
    with pytest.raises(ValidationError, match="Only the plan's owners"):
        make(plan, planner, mode=LinkMode.APPROVE)
    from approvals import services as approval_services

    approval_services.approval_rules_save(
        plan=plan, rules={"objectives": (True, [approver])}, user=owner
    )
    with pytest.raises(ValidationError, match="name their approvers"):
        make(plan, owner, mode=LinkMode.APPROVE)
    assert not ReviewLink.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": " "}, "Say who the link is for."),
        ({"email": "not-an-address"}, "Enter the person's e-mail address."),
        ({"days": 0}, "A link lasts from 1 to"),
        ({"days": 365}, "A link lasts from 1 to"),
        ({"section_key": "nowhere"}, "Choose a section of the plan."),
    ],
)
def test_a_link_that_cannot_be_made_says_why(plan, planner, fields, message):
    with pytest.raises(ValidationError, match=message):
        make(plan, planner, **fields)
    assert not ReviewLink.objects.exists()


def test_a_member_is_asked_from_their_account_not_by_link(plan, planner, approver):
    with pytest.raises(ValidationError, match="is a member of the plan"):
        make(plan, planner, email=approver.email.upper())


def test_links_are_rate_limited_per_person_and_plan(plan, planner, settings):
    settings.REVIEW_LINKS_PER_HOUR = 3
    for n in range(3):
        make(plan, planner, email=f"person{n}@agency.example")
    with pytest.raises(ValidationError, match="in the last hour"):
        make(plan, planner, email="person9@agency.example")
    assert ReviewLink.objects.count() == 3


def test_requests_through_one_link_are_rate_limited(client, plan, planner, settings):
    settings.REVIEW_LINK_REQUESTS_PER_MINUTE = 2
    link = make(plan, planner)
    assert [page(client, link).status_code for _ in range(3)] == [200, 200, 429]


# --- what a link reaches ------------------------------------------------------------------


def test_a_link_reaches_only_its_section(client, plan, planner, goal):
    link = make(plan, planner)
    assert page(client, link, section="risks").status_code == 404
    response = post(client, link, {"action": "comment", "c-body": "Sneaky"}, section="risks")
    assert response.status_code == 404
    with pytest.raises(ValidationError, match="does not reach"):
        links.link_comment(link=link, section_key="risks", body="Sneaky")
    assert not Comment.objects.exists()


def test_a_whole_plan_link_reaches_every_section_one_at_a_time(client, plan, planner, goal):
    link = make(plan, planner, section_key="")
    html = page(client, link, section="risks").content.decode()
    assert page(client, link, section="risks").status_code == 200
    assert 'aria-current="page"' in html and "?section=objectives" in html


def test_a_link_never_grants_a_members_rights(client, plan, planner, goal):
    link = make(plan, planner)
    assert page(client, link).status_code == 200
    # The same browser, having used the link, is still a stranger to the plan.
    for name in ("plans:overview", "objectives:page", "discussions:threads", "history:versions"):
        response = client.get(reverse(name, kwargs={"plan": plan.uuid}))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    html = page(client, link).content.decode()
    assert f"/plans/{plan.uuid}/" not in html  # nothing links into the plan's own pages


def test_expired_and_revoked_links_are_gone(client, plan, planner, owner):
    expired = make(plan, planner)
    ReviewLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    response = page(client, expired)
    assert response.status_code == 410 and "expired" in response.content.decode()

    revoked = make(plan, planner, email="other@agency.example")
    links.link_revoke(link=revoked, user=owner)
    response = page(client, revoked)
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    response = post(client, revoked, {"action": "comment", "c-body": "Late"})
    assert response.status_code == 410 and not Comment.objects.exists()


@pytest.mark.parametrize("kind", ["forged", "altered", "other_nonce", "other_salt"])
def test_a_token_the_site_did_not_issue_is_not_found(client, plan, planner, kind):
    link = make(plan, planner)
    token = {
        "forged": "not-a-token",
        "altered": links.link_token(link)[:-2] + "xx",
        "other_nonce": signing.dumps({"l": link.pk, "n": "0" * 32}, salt=links.LINK_SALT),
        "other_salt": signing.dumps({"l": link.pk, "n": link.nonce}, salt="plans.invitation"),
    }[kind]
    response = client.get(reverse("approvals:outside", kwargs={"token": token}))
    assert response.status_code == 404


def test_the_members_page_lists_links_with_their_use_and_revokes_them(
    client_for, client, plan, planner, stakeholder, goal
):
    link = make(plan, planner)
    page(client, link)
    post(client, link, {"action": "comment", "c-body": "Seen."})
    members = reverse("plans:members", kwargs={"plan": plan.uuid})
    html = client_for(planner).get(members).content.decode()
    assert "Anne Petit" in html and "anne.petit@agency.example" in html
    assert "opened 2 times" in html and "1 comment" in html
    assert "Anne Petit" not in client_for(stakeholder).get(members).content.decode()
    revoke = reverse("approvals:review_link_revoke", kwargs={"plan": plan.uuid, "pk": link.pk})
    assert client_for(stakeholder).post(revoke).status_code == 403
    assert client_for(planner).post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == planner
    assert page(client, link).status_code == 410
