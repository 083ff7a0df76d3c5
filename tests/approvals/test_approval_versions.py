"""Decisions bound to the published version they were made on (issue 15)."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.urls import reverse

from approvals import selectors as approval_selectors
from approvals import services as approval_services
from approvals.models import Approval, Decision
from approvals.selectors import State
from documents.rendering import approval_rows, section_parts
from plans import history as plans_history
from plans.models import PlanVersion
from plans.sections.items import item_update
from plans.versions import plan_snapshot, section_hash, version_publish, version_section_hash
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(plan, owner):
    approval_services.approval_rules_save(plan=plan, rules={"objectives": (True, [])}, user=owner)


def decide(plan, user, decision=Decision.APPROVED, comment=""):
    state = approval_selectors.section_state(plan, "objectives")
    return approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=decision,
        comment=comment,
        user=user,
        seen=plans_history.section_token(state.last_change),
    )


def edit(goal, planner, **data):
    goal.refresh_from_db()
    return item_update(instance=goal, data=data, expected_version=goal.version, user=planner)


def test_a_decision_publishes_the_section_it_was_made_on(plan, planner, approver, goal, required):
    assert not PlanVersion.objects.filter(plan=plan).exists()
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approval = decide(plan, approver)
    version = PlanVersion.objects.get(plan=plan)
    assert approval.version == version and version.number == 1
    assert approval.content_hash == version_section_hash(version, "objectives")
    assert version.snapshot["sections"]["objectives"]["goals"][0]["statement"] == "Halve injuries"
    assert approver.name in version.note and "Objectives" in version.note
    state = approval_selectors.section_state(plan, "objectives")
    assert state.state == State.APPROVED and state.approved_version == 1


def test_a_decision_on_an_unchanged_section_reuses_the_latest_version(
    plan, owner, planner, approver, goal, required
):
    published = version_publish(plan=plan, user=owner, label="Draft for the council")
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approval = decide(plan, approver)
    assert approval.version == published
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_a_change_after_approval_asks_for_approval_of_the_new_version(
    client_for, plan, planner, approver, goal, required
):
    second = MembershipFactory(plan=plan, role="approver").user
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    first = decide(plan, approver)
    edit(goal, planner, statement="Cut injuries by a third")
    state = approval_selectors.section_state(plan, "objectives")
    assert state.state == State.CHANGED and state.approved_version == first.version.number
    page = client_for(planner).get(reverse("objectives:page", kwargs={"plan": plan.uuid}))
    assert "Changed since its approval on version 1" in page.content.decode()

    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    again = decide(plan, second)
    assert again.version.number == 2
    assert again.content_hash != first.content_hash
    assert version_section_hash(again.version, "objectives") == again.content_hash
    state = approval_selectors.section_state(plan, "objectives")
    assert state.state == State.APPROVED and state.approved_version == 2


def test_a_version_and_its_hash_go_together(plan, owner, planner, goal):
    version = version_publish(plan=plan, user=owner)
    for fields in ({"version": version}, {"content_hash": "0" * 64}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Approval.objects.create(
                plan=plan,
                section_key="objectives",
                decision=Decision.APPROVED,
                decided_by=owner,
                decided_at=version.created_at,
                **fields,
            )


def test_a_version_with_decisions_on_it_cannot_be_deleted_alone(
    plan, planner, approver, goal, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approval = decide(plan, approver)
    with pytest.raises(RestrictedError):
        PlanVersion.objects.filter(pk=approval.version_id).delete()
    assert PlanVersion.objects.filter(pk=approval.version_id).exists()
    plan.delete()  # the plan takes its versions and decisions with it
    assert not Approval.objects.exists() and not PlanVersion.objects.exists()


def rows_of(snapshot):
    return {row["title"]: row for row in approval_rows(snapshot, section_parts(snapshot))}


def test_the_approvals_page_says_whether_the_printed_section_is_the_one_approved(
    plan, owner, planner, approver, goal, required
):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    approval = decide(plan, approver)
    now = plan_snapshot(plan)
    row = rows_of(now)["Objectives & scope"]
    [given] = row["decisions"]
    assert row["decision"] == "approved" and given["version"] == approval.version.number
    assert given["decided_by"] == approver.name and given["bound"] and not given["differs"]
    assert not row["differs"]

    edit(goal, planner, statement="Cut injuries by a third")
    later = plan_snapshot(plan)
    row = rows_of(later)["Objectives & scope"]
    [given] = row["decisions"]
    assert row["decision"] == "approved" and given["version"] == 1
    assert given["differs"] and row["differs"]
    # The hash is the one of the section's part of the snapshot: the same data, the same hash.
    assert section_hash(now["sections"]["objectives"]) == approval.content_hash


def test_changes_requested_are_printed_with_their_version(plan, planner, approver, goal, required):
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    decide(plan, approver, Decision.CHANGES_REQUESTED, comment="Add a baseline.")
    row = rows_of(plan_snapshot(plan))["Objectives & scope"]
    assert row["decision"] == "changes_requested" and row["decisions"][0]["version"] == 1
    assert not row["differs"]
    assert rows_of(plan_snapshot(plan))["Strategy"]["decisions"] == []


def test_each_approvers_latest_decision_is_printed_with_its_own_version(
    plan, planner, approver, goal, required
):
    second = MembershipFactory(plan=plan, role="approver").user
    approval_services.review_request(plan=plan, section_keys=["objectives"], user=planner)
    decide(plan, approver)
    edit(goal, planner, statement="Cut injuries by a third")
    decide(plan, second)
    row = rows_of(plan_snapshot(plan))["Objectives & scope"]
    by = {d["decided_by"]: d for d in row["decisions"]}
    assert [d["decided_by"] for d in row["decisions"]] == [second.name, approver.name]
    assert by[approver.name]["version"] == 1 and by[approver.name]["differs"]
    assert by[second.name]["version"] == 2 and not by[second.name]["differs"]
    assert not row["differs"]  # approved as printed, by the second approver
