import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from discussions import services as discussion_services
from discussions.models import Comment, Thread
from notifications.models import Kind, Notification
from objectives.models import Goal, Scope
from tests.objectives.factories import GoalFactory, ScopeFactory

pytestmark = pytest.mark.django_db


def thread_new_url(plan):
    return reverse("discussions:thread_new", kwargs={"plan": plan.uuid})


def test_a_stakeholder_opens_a_discussion_on_a_section(client_for, plan, stakeholder):
    response = client_for(stakeholder).post(
        thread_new_url(plan), {"section_key": "objectives", "body": "Please **check** this."}
    )
    thread = Thread.objects.get(plan=plan)
    assert response.status_code == 302
    assert thread.section_key == "objectives" and thread.content_type is None
    assert "<strong>check</strong>" in thread.comments.get().body_html


def test_a_discussion_can_be_anchored_to_one_item(plan, stakeholder, goal):
    ct = ContentType.objects.get_for_model(Goal)
    thread = discussion_services.thread_create(
        plan=plan,
        section_key="objectives",
        body="Is this realistic?",
        user=stakeholder,
        content_type_id=ct.pk,
        object_id=goal.pk,
    )
    assert (thread.content_type, thread.object_id, thread.object_label) == (
        ct,
        goal.pk,
        "Halve injuries",
    )


def test_an_item_of_another_plan_is_refused(plan, stakeholder):
    elsewhere = GoalFactory()
    ct = ContentType.objects.get_for_model(Goal)
    with pytest.raises(ValidationError, match="does not belong to the plan"):
        discussion_services.thread_create(
            plan=plan,
            section_key="objectives",
            body="Hi",
            user=stakeholder,
            content_type_id=ct.pk,
            object_id=elsewhere.pk,
        )
    assert not Thread.objects.exists()


def test_an_object_that_is_not_an_item_of_the_section_is_refused(plan, stakeholder):
    ct = ContentType.objects.get_for_model(Thread)
    with pytest.raises(ValidationError, match="does not belong to the section"):
        discussion_services.thread_create(
            plan=plan,
            section_key="objectives",
            body="Hi",
            user=stakeholder,
            content_type_id=ct.pk,
            object_id=1,
        )


def test_an_empty_comment_gets_a_clear_message_and_saves_nothing(client_for, plan, stakeholder):
    response = client_for(stakeholder).post(
        thread_new_url(plan), {"section_key": "objectives", "body": "   "}
    )
    assert response.status_code == 400
    assert "Write something before sending." in response.content.decode()
    assert not Thread.objects.exists() and not Comment.objects.exists()


def test_mentioning_a_non_member_gets_a_clear_message_and_saves_nothing(
    client_for, plan, stakeholder, people
):
    outsider = people["outsider"]
    response = client_for(stakeholder).post(
        thread_new_url(plan), {"section_key": "objectives", "body": f"Ask @{outsider.email}"}
    )
    assert response.status_code == 400
    assert "is not a member of this plan and cannot be mentioned" in response.content.decode()
    assert not Thread.objects.exists()
    assert not Notification.objects.exists()


def test_a_mentioned_member_is_notified(plan, stakeholder, planner):
    thread = discussion_services.thread_create(
        plan=plan,
        section_key="objectives",
        body=f"@{planner.email} can you look?",
        user=stakeholder,
    )
    note = Notification.objects.get(recipient=planner)
    assert note.kind == Kind.MENTION
    assert stakeholder.name in note.text
    assert note.url.endswith(f"/discussions/{thread.pk}/")
    assert list(thread.comments.get().mentions.all()) == [planner]


def test_a_reply_notifies_the_people_taking_part(thread, plan, planner, approver, stakeholder):
    discussion_services.comment_reply(thread=thread, body="I agree.", user=planner)
    discussion_services.comment_reply(thread=thread, body="So do I.", user=approver)
    kinds = set(Notification.objects.filter(kind=Kind.REPLY).values_list("recipient", flat=True))
    assert kinds == {stakeholder.pk, planner.pk}


def test_only_the_author_edits_a_comment_and_the_old_words_stay_in_history(
    client_for, thread, stakeholder, planner
):
    comment = thread.comments.get()
    url = reverse("discussions:comment_edit", kwargs={"plan": thread.plan.uuid, "pk": comment.pk})
    refused = client_for(planner).post(url, {"body": "Hijacked"}, follow=True)
    assert "Only its author can change a comment." in refused.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Is the scope too wide?"

    response = client_for(stakeholder).post(url, {"body": "Is the scope too narrow?"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Is the scope too narrow?" and comment.edited_at
    assert [h.body for h in comment.history.order_by("history_id")] == [
        "Is the scope too wide?",
        "Is the scope too narrow?",
    ]


def test_deleting_a_comment_hides_it_and_keeps_it_in_history(client_for, thread, stakeholder):
    comment = thread.comments.get()
    url = reverse("discussions:comment_delete", kwargs={"plan": thread.plan.uuid, "pk": comment.pk})
    client_for(stakeholder).post(url)
    page = client_for(stakeholder).get(
        reverse("discussions:thread", kwargs={"plan": thread.plan.uuid, "pk": thread.pk})
    )
    assert "Comment deleted." in page.content.decode()
    assert "Is the scope too wide?" not in page.content.decode()
    assert comment.history.filter(body="Is the scope too wide?").exists()


def test_a_thread_is_resolved_and_reopened(client_for, thread, planner):
    url = reverse("discussions:thread_resolve", kwargs={"plan": thread.plan.uuid, "pk": thread.pk})
    client_for(planner).post(url, {"action": "resolve"})
    thread.refresh_from_db()
    assert thread.resolved_by == planner and not thread.is_open
    client_for(planner).post(url, {"action": "reopen"})
    thread.refresh_from_db()
    assert thread.is_open


def test_the_overview_counts_open_discussions_per_section(client_for, thread, plan, viewer):
    discussion_services.thread_create(
        plan=plan, section_key="objectives", body="Second", user=thread.created_by
    )
    resolved = discussion_services.thread_create(
        plan=plan, section_key="objectives", body="Third", user=thread.created_by
    )
    discussion_services.thread_resolve(thread=resolved, user=thread.created_by)
    page = client_for(viewer).get(reverse("plans:overview", kwargs={"plan": plan.uuid}))
    assert "Open discussions: 2" in page.content.decode()


def test_a_viewer_reads_discussions_but_cannot_comment(client_for, thread, viewer):
    plan = thread.plan
    page = client_for(viewer).get(reverse("discussions:threads", kwargs={"plan": plan.uuid}))
    assert page.status_code == 200 and "Is the scope too wide?" in page.content.decode()
    assert "Start a discussion" not in page.content.decode()
    response = client_for(viewer).post(
        thread_new_url(plan), {"section_key": "objectives", "body": "x"}
    )
    assert response.status_code == 403


def test_mention_suggestions_come_from_members_only(client_for, plan, stakeholder, planner, people):
    url = reverse("discussions:mention_suggest", kwargs={"plan": plan.uuid})
    first = planner.name.split()[0][:3]
    response = client_for(stakeholder).get(url, {"body": f"Hello @{first}"})
    assert planner.email in response.content.decode()
    outsider = people["outsider"]
    response = client_for(stakeholder).get(url, {"body": f"@{outsider.email.split('@')[0]}"})
    assert outsider.email not in response.content.decode()


def test_the_item_row_links_to_its_discussions_with_the_open_count(
    client_for, plan, stakeholder, goal
):
    discussion_services.thread_create(
        plan=plan,
        section_key="objectives",
        body="About this goal",
        user=stakeholder,
        content_type_id=ContentType.objects.get_for_model(Goal).pk,
        object_id=goal.pk,
    )
    page = client_for(stakeholder).get(reverse("objectives:page", kwargs={"plan": plan.uuid}))
    html = page.content.decode()
    assert f"object={goal.pk}" in html
    assert 'title="Open discussions">1</span>' in html


def test_the_thread_list_query_count_does_not_grow_with_threads(
    client_for, plan, stakeholder, django_assert_max_num_queries
):
    ScopeFactory(plan=plan)
    scope_ct = ContentType.objects.get_for_model(Scope)
    assert scope_ct
    for i in range(3):
        discussion_services.thread_create(
            plan=plan, section_key="objectives", body=f"T{i}", user=stakeholder
        )
    c = client_for(stakeholder)
    url = reverse("discussions:threads", kwargs={"plan": plan.uuid})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for i in range(20):
        t = discussion_services.thread_create(
            plan=plan, section_key="objectives", body=f"U{i}", user=stakeholder
        )
        discussion_services.comment_reply(thread=t, body="reply", user=stakeholder)
    with CaptureQueriesContext(connection) as many:
        c.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize("value", ["abc", "-3", "0", "99999999999999999999999999", "1\x00"])
def test_a_malformed_item_id_is_a_bad_request_not_an_error(client_for, plan, stakeholder, value):
    from django.contrib.contenttypes.models import ContentType

    from objectives.models import Goal

    ct = ContentType.objects.get_for_model(Goal)
    url = reverse("discussions:threads", kwargs={"plan": plan.uuid})
    response = client_for(stakeholder).get(
        url, {"section": "objectives", "ct": ct.pk, "object": value}
    )
    assert response.status_code == 400
