import pytest
from django.db import IntegrityError, transaction

from plans.models import ImmutableVersionError, Plan, PlanVersion
from plans.versions import version_publish
from tests.accounts.factories import UserFactory
from tests.objectives.factories import GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(plan):
    GoalFactory(plan=plan, statement="Halve injuries")
    return version_publish(plan=plan, user=UserFactory(), label="For the council")


def test_a_published_version_cannot_be_edited(version):
    version.label = "Rewritten"
    version.snapshot = {"sections": {}}
    with pytest.raises(ImmutableVersionError, match="cannot be changed"):
        version.save()
    with pytest.raises(ImmutableVersionError):
        version.save(update_fields=["label"])
    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.label == "For the council"
    assert stored.snapshot["sections"]["objectives"]["goals"][0]["statement"] == "Halve injuries"


def test_a_copy_with_the_id_of_a_version_does_not_overwrite_it(version):
    forged = PlanVersion(
        pk=version.pk,
        plan=version.plan,
        number=version.number,
        snapshot={},
        snapshot_hash="0" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()  # an insert, never an update of the existing row
    assert PlanVersion.objects.get(pk=version.pk).snapshot_hash == version.snapshot_hash


def test_a_published_version_cannot_be_deleted(version):
    with pytest.raises(ImmutableVersionError, match="cannot be deleted"):
        version.delete()
    assert PlanVersion.objects.filter(pk=version.pk).exists()


def test_deleting_the_plan_still_deletes_its_versions(plan, version):
    Plan.objects.filter(pk=plan.pk).delete()
    assert not PlanVersion.objects.filter(pk=version.pk).exists()


def test_deleting_the_author_keeps_the_version(version):
    version.author.delete()
    assert PlanVersion.objects.get(pk=version.pk).author is None
