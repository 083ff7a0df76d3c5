"""Mentions written as names (``@Claire Martin``), kept as references; notifications that say
which plan, section and item (issue 15)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from discussions import services as discussion_services
from notifications.models import Kind, Notification
from plans.models import Role
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_mention_by_name_is_kept_as_a_reference_and_shown_as_the_name(plan, stakeholder, planner):
    body = f"Could you check this, @{planner.name}? Thanks."
    thread = discussion_services.thread_create(
        plan=plan, section_key="risks", body=body, user=stakeholder
    )
    comment = thread.comments.get()
    assert comment.body == body  # the text as written, no address put in
    assert list(comment.mentions.all()) == [planner]
    assert f'<span class="mention">@{planner.name}</span>' in comment.body_html
    note = Notification.objects.get(recipient=planner, kind=Kind.MENTION)
    assert note.text == (
        f"{stakeholder.name} mentioned you in “Risks & contingency” of “{plan.title}”."
    )


def test_names_match_in_any_case_and_addresses_still_work(plan, stakeholder, planner, approver):
    body = f"@{planner.name.upper()} and @{approver.email} please"
    thread = discussion_services.thread_create(
        plan=plan, section_key="risks", body=body, user=stakeholder
    )
    assert set(thread.comments.get().mentions.all()) == {planner, approver}


def test_an_at_sign_before_no_members_name_is_only_text(plan, stakeholder):
    thread = discussion_services.thread_create(
        plan=plan, section_key="risks", body="Meet @ 10, ask @Nobody Here", user=stakeholder
    )
    comment = thread.comments.get()
    assert not comment.mentions.exists() and "mention" not in comment.body_html


def test_a_name_two_members_share_must_be_told_apart(plan, stakeholder, planner):
    twin = MembershipFactory(plan=plan, role=Role.VIEWER).user
    twin.display_name = planner.name
    twin.save()
    with pytest.raises(ValidationError, match="Several members are called"):
        discussion_services.thread_create(
            plan=plan, section_key="risks", body=f"@{planner.name} hi", user=stakeholder
        )
    thread = discussion_services.thread_create(
        plan=plan, section_key="risks", body=f"@{twin.email} hi", user=stakeholder
    )
    assert list(thread.comments.get().mentions.all()) == [twin]


def test_a_name_in_a_link_address_is_not_turned_into_markup(plan, stakeholder, planner):
    body = f"[see](https://example.org/?q=@{planner.name.split()[0]}) @{planner.name}"
    thread = discussion_services.thread_create(
        plan=plan, section_key="risks", body=body, user=stakeholder
    )
    html = thread.comments.get().body_html
    assert html.count('class="mention"') == 1 and 'href="https://example.org/' in html


def test_a_mention_about_an_item_names_the_item(plan, stakeholder, planner, goal):
    discussion_services.thread_create(
        plan=plan,
        section_key="objectives",
        body=f"@{planner.name} is this realistic?",
        user=stakeholder,
        content_type_id=ContentType.objects.get_for_model(goal).pk,
        object_id=goal.pk,
    )
    note = Notification.objects.get(recipient=planner, kind=Kind.MENTION)
    assert "“Halve injuries”" in note.text and "“Objectives & scope”" in note.text
    assert plan.title in note.text
