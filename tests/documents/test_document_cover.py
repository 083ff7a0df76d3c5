"""The document's cover says what a signed document must: the plan's reference, the version
and its label, when it was published and when the plan was approved (or that it was not)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from documents.rendering import document_html
from plans.models import PlanStatus
from plans.versions import approved_on, version_publish
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def cover(html):
    return html[html.index('<section class="cover"') : html.index("</section>")]


def day(offset):
    """A day after the plan's creation (its first history record is dated now)."""
    return timezone.localdate() + datetime.timedelta(days=offset)


def move(plan, status, when):
    plan.status = status
    plan._history_date = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
    plan.save()


def test_the_cover_names_the_reference_version_publication_and_approval():
    plan = PlanFactory(reference="DSP-2026-014", language="en")
    move(plan, PlanStatus.IN_REVIEW, day(1))
    move(plan, PlanStatus.APPROVED, approved := day(14))
    move(plan, PlanStatus.ACTIVE, day(30))
    version = version_publish(plan=plan, user=plan.created_by, label="Council edition")
    text = cover(document_html(version))
    assert "<th>Reference</th><td>DSP-2026-014</td>" in text
    assert f"<td>{version.number} – Council edition</td>" in text
    long_date = date_format(approved, "DATE_FORMAT")  # Django's English: "Sept. 14, 2026"
    assert f"<th>Approved on</th><td>{long_date}</td>" in text
    assert version.snapshot["plan"]["approved_on"] == approved.isoformat()


def test_a_plan_approved_again_after_a_step_back_gives_its_last_approval():
    plan = PlanFactory()
    move(plan, PlanStatus.APPROVED, day(3))
    move(plan, PlanStatus.DRAFT, day(30))
    assert approved_on(plan) is None
    move(plan, PlanStatus.APPROVED, day(80))
    move(plan, PlanStatus.CLOSED, day(200))
    assert approved_on(plan) == day(80).isoformat()


def test_an_unapproved_plan_says_so_and_prints_no_empty_reference():
    plan = PlanFactory(reference="", language="fr")
    version = version_publish(plan=plan, user=plan.created_by, allow_unchanged=True)
    text = cover(document_html(version))
    assert "Référence" not in text
    assert "<th>Approuvé le</th>" in text and "non approuvé" in text


def test_the_footer_prints_the_version_label_with_its_spaces():
    from pypdf import PdfReader

    from documents.rendering import render_pdf

    plan = PlanFactory()
    version = version_publish(plan=plan, user=plan.created_by, label="Council – “final” draft")
    pdf = render_pdf(document_html(version))
    import io

    footer = PdfReader(io.BytesIO(pdf.content)).pages[1].extract_text()
    assert f"Version {version.number} – Council – “final” draft" in footer
