import pytest

from plans.models import Role
from tests.documents.conftest import fill
from tests.plans.factories import MembershipFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files held and produced go to a folder of the test's own (shared with the worker)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_content(db):
    """A plan with every section's demo content, and its owner."""
    owner = MembershipFactory(role=Role.OWNER)
    fill(owner.plan, owner.user)
    return owner.plan, owner.user
