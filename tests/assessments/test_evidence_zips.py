"""An evidence file that is a zip (an office document) is judged from its directory: one whose
parts would unpack out of bounds is refused with a clear message, in bounded memory, and
nothing is stored; a real workbook is accepted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Evidence
from plans.models import Role
from tests.assessments.factories import NeedFactory
from tests.assessments.test_needs_and_evidence import evidence_data, url
from tests.plans.bombs import bounded, declaring_a_huge_part, with_zeros, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post(client, plan, name, content):
    need = NeedFactory(plan=plan)
    upload = SimpleUploadedFile(name, content)
    return client.post(url(plan, "evidence_add"), {**evidence_data(need), "file": upload})


@pytest.mark.parametrize(
    "bomb", [declaring_a_huge_part, with_zeros], ids=["a-part-declaring-4-GB", "50-MB-of-zeros"]
)
def test_a_zip_that_would_unpack_out_of_bounds_is_refused_and_nothing_is_stored(
    client_for, people, plan, settings, bomb
):
    content = bomb(xlsx([["year", "injured"], [2025, 14]]))
    assert len(content) < 100 * 1024
    c = client_for(people[Role.PLANNER])
    responses = []
    peak = bounded(lambda: responses.append(post(c, plan, "counts.xlsx", content)))
    assert responses[0].status_code == 400
    assert "This file unpacks to more than Planner reads." in responses[0].content.decode()
    assert not Evidence.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
    assert peak < 20


def test_a_real_workbook_is_accepted_as_evidence(client_for, people, plan):
    content = xlsx([["year", "injured"], [2025, 14]])
    response = post(client_for(people[Role.PLANNER]), plan, "counts.xlsx", content)
    assert response.status_code == 302, response.content.decode()
    evidence = Evidence.objects.get()
    assert evidence.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert evidence.file.read() == content
