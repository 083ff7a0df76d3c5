"""The activity feed lists comments and approval decisions beside the changes, filterable."""

import pytest
from django.urls import reverse

from approvals import selectors as approval_selectors
from approvals import services as approval_services
from approvals.models import Decision
from discussions import services as discussion_services
from history import entries as history
from plans import history as plans_history
from tests.objectives.factories import GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(plan, owner, approver, goal):
    approval_services.approval_rules_save(plan=plan, rules={"objectives": (True, [])}, user=owner)
    state = approval_selectors.section_state(plan, "objectives")
    return approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=Decision.APPROVED,
        user=approver,
        seen=plans_history.section_token(state.last_change),
    )


def kinds(entries):
    return [e.kind for e in entries]


def test_comments_and_decisions_appear_in_the_feed_newest_first(
    client_for, plan, planner, viewer, thread, decided
):
    entries, _more = history.activity(plan=plan, include_reviews=True)
    assert kinds(entries)[0] == "decision"
    assert "comment" in kinds(entries) and "+" in kinds(entries)
    url = reverse("history:activity", kwargs={"plan": plan.uuid})
    html = client_for(viewer).get(url).content.decode()
    assert "Is the scope too wide?" in html
    assert "Approved" in html
    assert reverse("discussions:thread", kwargs={"plan": plan.uuid, "pk": thread.pk}) in html


def test_the_feed_filters_comments_and_decisions_by_kind_person_and_section(
    client_for, plan, viewer, stakeholder, approver, thread, decided
):
    def feed(**filters):
        entries, _more = history.activity(plan=plan, include_reviews=True, **filters)
        return kinds(entries)

    assert feed(kind="comment") == ["comment"]
    assert feed(kind="decision") == ["decision"]
    assert "comment" not in feed(kind="+") and "decision" not in feed(kind="+")
    assert feed(user_id=stakeholder.pk) == ["comment"]
    assert feed(user_id=approver.pk) == ["decision"]
    assert feed(section_key="strategy") == []
    url = reverse("history:activity", kwargs={"plan": plan.uuid})
    only_comments = client_for(viewer).get(url, {"kind": "comment"}).content.decode()
    assert "Is the scope too wide?" in only_comments
    assert "Approved" not in only_comments


def test_a_decision_with_a_comment_shows_its_words(plan, owner, approver, goal):
    approval_services.approval_rules_save(plan=plan, rules={"objectives": (True, [])}, user=owner)
    state = approval_selectors.section_state(plan, "objectives")
    approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=Decision.CHANGES_REQUESTED,
        user=approver,
        comment="Give the target date of each goal.",
        seen=plans_history.section_token(state.last_change),
    )
    entries, _more = history.activity(plan=plan, include_reviews=True, kind="decision")
    assert [(e.decision_label, e.text) for e in entries] == [
        ("Changes requested", "Give the target date of each goal.")
    ]


def test_deleted_comments_leave_the_feed_and_a_feed_without_reviews_is_unchanged(
    plan, stakeholder, thread
):
    comment = thread.comments.get()
    discussion_services.comment_delete(comment=comment, user=stakeholder)
    entries, _more = history.activity(plan=plan, include_reviews=True, kind="comment")
    assert entries == []
    GoalFactory(plan=plan)
    entries, _more = history.activity(plan=plan)
    assert "comment" not in kinds(entries)


def test_a_page_of_comments_costs_the_same_queries_for_three_or_thirty(
    plan, stakeholder, thread, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            history.activity(plan=plan, include_reviews=True, kind="comment")
        return len(ctx.captured_queries)

    for _ in range(2):
        discussion_services.comment_reply(thread=thread, body="One more point.", user=stakeholder)
    few = cost()
    for _ in range(27):
        discussion_services.comment_reply(thread=thread, body="One more point.", user=stakeholder)
    assert cost() == few


@pytest.mark.parametrize("page", ["99999999999999999999999999", "abc", "-1"])
def test_a_page_far_past_the_end_is_an_empty_page(client_for, plan, owner, page):
    response = client_for(owner).get(
        reverse("history:activity", kwargs={"plan": plan.uuid}), {"page": page}
    )
    assert response.status_code == 200
