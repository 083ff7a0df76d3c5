"""The two uploads the attack found (issue 16), end to end through their views, measured:
a 199 KB evidence zip that unpacks to 200 MB, and a measurement workbook declaring
A1:XFD2000 (once 7.6 s and 364 MB in a web worker). Both refused from what they declare,
before anything is unpacked: in well under a second and a few MB of Python memory."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Evidence
from monitoring.models import Measurement
from plans.models import Role
from tests.assessments.factories import NeedFactory
from tests.assessments.test_needs_and_evidence import evidence_data, url
from tests.monitoring.factories import KPIFactory
from tests.plans.bombs import bounded, declaring, with_zeros, xlsx

pytestmark = pytest.mark.django_db
KB = 1024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def measured(call):
    """``call()``'s response, its peak of Python memory (MB, under tracemalloc) and its CPU
    time (s, measured on a second call, without tracemalloc, which slows every allocation)."""
    out = []
    peak = bounded(lambda: out.append(call()))
    started = time.process_time()
    call()
    cpu = time.process_time() - started
    print(f"peak {peak:.1f} MB, {cpu:.2f} s CPU")
    return out[0], peak, cpu


@pytest.fixture(scope="module")
def zip_of_200_mb():
    content = with_zeros(xlsx([["year", "injured"], [2025, 14]]), megabytes=200)
    assert len(content) < 250 * KB  # about 199 KB on disk
    return content


def test_an_evidence_zip_of_200_mb_unpacked_is_refused_unread(
    client_for, people, plan, zip_of_200_mb
):
    need = NeedFactory(plan=plan)
    client = client_for(people[Role.PLANNER])

    def post():
        upload = SimpleUploadedFile("counts.xlsx", zip_of_200_mb)
        return client.post(url(plan, "evidence_add"), {**evidence_data(need), "file": upload})

    response, peak, cpu = measured(post)
    assert response.status_code == 400
    assert "This file unpacks to more than Planner reads." in response.content.decode()
    assert not Evidence.objects.exists()
    assert peak < 20, f"{peak:.1f} MB"  # the upload itself is 0.2 MB; unpacked, 200 MB
    assert cpu < 2, f"{cpu:.2f} s"


def test_a_measurement_workbook_declaring_a1_xfd2000_is_refused_at_once(client_for, people, plan):
    KPIFactory(plan=plan, name="Pupils injured")
    content = declaring(
        xlsx([["kpi", "date", "value"], ["Pupils injured", "2026-03-01", 1]]), "A1:XFD2000"
    )
    assert len(content) < 10 * KB
    client = client_for(people[Role.PLANNER])

    def post():
        upload = SimpleUploadedFile("mesures.xlsx", content)
        return client.post(
            reverse("monitoring:import", kwargs={"plan": plan.uuid}), {"file": upload}
        )

    response, peak, cpu = measured(post)
    assert response.status_code == 400
    assert "declares more than" in response.content.decode()
    assert not Measurement.objects.exists()
    assert peak < 20, f"{peak:.1f} MB"
    assert cpu < 2, f"{cpu:.2f} s"
