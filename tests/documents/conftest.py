import io
import random

import pytest

from plans.models import Role
from plans.sections import registry
from tests.plans.factories import MembershipFactory, PlanFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored documents go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fill(plan, user):
    """Every registered section's demo content: new sections are covered by themselves."""
    rng = random.Random(7)
    for section in registry.demo_order():
        if section.demo:
            section.demo(plan, size="small", user=user, rng=rng)


@pytest.fixture
def filled_plan(db):
    owner = MembershipFactory(plan=PlanFactory(), role=Role.OWNER).user
    plan = owner.memberships.get().plan
    fill(plan, owner)
    plan.owner = owner
    return plan


def pdf_pages(content):
    """The text of each page of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text() or "" for page in reader.pages]


def squeeze(text):
    """Text without whitespace, to compare with PDF text whose lines wrap anywhere."""
    return "".join(str(text).split())


def read_file(document):
    with document.file.open("rb") as handle:
        return handle.read()
