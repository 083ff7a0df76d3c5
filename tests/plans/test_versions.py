import pytest
from django.core.exceptions import ValidationError

from plans.versions import plan_snapshot, version_publish
from tests.accounts.factories import UserFactory
from tests.objectives.factories import GoalFactory

pytestmark = pytest.mark.django_db


def test_publishing_numbers_versions_and_refuses_an_unchanged_plan(plan):
    user = UserFactory()
    first = version_publish(plan=plan, user=user, label="Draft for the council")
    assert (first.number, first.author) == (1, user)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        version_publish(plan=plan, user=user)
    assert version_publish(plan=plan, user=user, allow_unchanged=True) == first
    GoalFactory(plan=plan, statement="A new goal")
    second = version_publish(plan=plan, user=user)
    assert second.number == 2
    assert second.snapshot_hash != first.snapshot_hash
    goals = second.snapshot["sections"]["objectives"]["goals"]
    assert [g["statement"] for g in goals] == ["A new goal"]


def test_the_snapshot_is_plain_json_in_the_plans_language(plan):
    plan.language = "fr"
    plan.save()
    GoalFactory(plan=plan)
    snapshot = plan_snapshot(plan)
    assert snapshot["plan"]["sector_label"] == "Sécurité publique"
    assert isinstance(snapshot["sections"]["objectives"]["goals"][0]["baseline"], str)
