import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import services
from plans.concurrency import ConflictError
from plans.models import Membership, Plan, PlanStatus, Role
from plans.sections.extensions import PlanExtension, extensions
from tests.accounts.factories import UserFactory
from tests.plans.factories import MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_plan_with_its_creator_as_owner():
    user = UserFactory()
    plan = services.plan_create(user=user, title="Cleaner parks", sector="urban")
    membership = Membership.objects.get(plan=plan)
    assert (membership.user, membership.role) == (user, Role.OWNER)
    assert plan.history.get().history_user == user


def test_it_refuses_an_end_date_before_the_start_and_saves_nothing():
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            user=user,
            title="Reversed",
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )
    assert "end_date" in error.value.message_dict
    assert not Plan.objects.filter(title="Reversed").exists()
    assert not Membership.objects.exists()


def test_it_refuses_an_empty_title():
    with pytest.raises(ValidationError) as error:
        services.plan_create(user=UserFactory(), title="")
    assert "title" in error.value.message_dict


def test_it_updates_and_records_who_changed_what():
    plan = PlanFactory()
    user = UserFactory()
    updated = services.plan_update(
        plan=plan, user=user, expected_version=plan.version, title="New title"
    )
    assert updated.version == plan.version + 1
    latest = updated.history.latest()
    assert latest.history_user == user
    delta = latest.diff_against(latest.prev_record)
    assert [c.field for c in delta.changes] == ["title"]


def test_it_refuses_a_stale_save_and_keeps_the_other_change():
    plan = PlanFactory(title="Original")
    alice, bob = UserFactory(), UserFactory()
    services.plan_update(plan=plan, user=alice, expected_version=1, title="Alice's title")
    with pytest.raises(ConflictError) as error:
        services.plan_update(plan=plan, user=bob, expected_version=1, title="Bob's title")
    assert error.value.current.title == "Alice's title"
    plan.refresh_from_db()
    assert plan.title == "Alice's title"
    assert plan.history.count() == 2  # creation and Alice's change only


def test_it_moves_a_plan_through_its_legal_statuses():
    plan = PlanFactory()
    owner, approver = UserFactory(), UserFactory()
    plan = services.plan_transition(
        plan=plan, to_status=PlanStatus.IN_REVIEW, user=owner, role=Role.OWNER
    )
    plan = services.plan_transition(
        plan=plan, to_status=PlanStatus.APPROVED, user=approver, role=Role.APPROVER
    )
    plan = services.plan_transition(
        plan=plan, to_status=PlanStatus.ACTIVE, user=owner, role=Role.OWNER
    )
    plan = services.plan_transition(
        plan=plan, to_status=PlanStatus.CLOSED, user=owner, role=Role.OWNER
    )
    assert plan.status == PlanStatus.CLOSED


def test_it_refuses_an_illegal_transition():
    plan = PlanFactory()
    with pytest.raises(ValidationError, match="cannot move"):
        services.plan_transition(
            plan=plan, to_status=PlanStatus.CLOSED, user=UserFactory(), role=Role.OWNER
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_planner_cannot_approve_a_plan():
    plan = PlanFactory(status=PlanStatus.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        services.plan_transition(
            plan=plan, to_status=PlanStatus.APPROVED, user=UserFactory(), role=Role.PLANNER
        )


def test_an_extension_can_hold_a_plan_back():
    plan = PlanFactory(status=PlanStatus.IN_REVIEW)

    class Guard(PlanExtension):
        name = "test-guard"

        def transition_error(self, plan, to_status):
            return "Section X is not approved." if to_status == PlanStatus.APPROVED else None

    extensions.register(Guard())
    try:
        with pytest.raises(ValidationError, match="Section X"):
            services.plan_transition(
                plan=plan, to_status=PlanStatus.APPROVED, user=UserFactory(), role=Role.APPROVER
            )
        plan.refresh_from_db()
        assert plan.status == PlanStatus.IN_REVIEW
    finally:
        extensions.unregister("test-guard")


def test_the_last_owner_can_be_neither_demoted_nor_removed():
    owner = MembershipFactory(role=Role.OWNER)
    with pytest.raises(ValidationError, match="at least one owner"):
        services.membership_change_role(membership=owner, role=Role.VIEWER, user=owner.user)
    with pytest.raises(ValidationError, match="at least one owner"):
        services.membership_remove(membership=owner, user=owner.user)
    second = MembershipFactory(plan=owner.plan, role=Role.OWNER)
    services.membership_change_role(membership=owner, role=Role.VIEWER, user=second.user)
    owner.refresh_from_db()
    assert owner.role == Role.VIEWER
