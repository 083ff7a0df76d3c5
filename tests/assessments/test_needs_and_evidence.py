import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.files import MAX_EVIDENCE_BYTES
from assessments.models import Evidence, Need
from assessments.section import completeness
from assessments.selectors import snapshot
from plans.models import Role
from tests.assessments.factories import CauseFactory, EvidenceFactory, NeedFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url(plan, name, pk=None):
    kwargs = {"plan": plan.uuid}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"assessments:{name}", kwargs=kwargs)


def evidence_data(need, **changes):
    data = {
        "need": need.pk,
        "source_type": "statistics",
        "description": "Police injury records",
        "date": "2026-02-01",
        "reference": "",
    }
    data.update(changes)
    return data


def test_a_planner_adds_edits_and_deletes_a_need_inline(client_for, people, plan):
    c = client_for(people[Role.PLANNER])
    added = c.post(
        url(plan, "needs_add"),
        {"statement": "Unsafe crossings", "severity": 4, "priority": 3, "affected_group": "Pupils"},
        **HTMX,
    )
    assert added.status_code == 200
    assert added["HX-Retarget"] == "#coll-assessments-needs"
    need = Need.objects.get(plan=plan)
    assert need.history.get().history_user == people[Role.PLANNER]
    edited = c.post(
        url(plan, "needs_edit", need.pk),
        {
            "statement": "Unsafe crossings on Canal Street",
            "severity": 4,
            "priority": 4,
            "version": 1,
        },
        **HTMX,
    )
    assert "Unsafe crossings on Canal Street" in edited.content.decode()
    c.post(url(plan, "needs_delete", need.pk), {"version": 2}, **HTMX)
    assert not Need.objects.exists()


def test_a_viewer_cannot_add_a_need(client_for, people, plan):
    response = client_for(people[Role.VIEWER]).post(
        url(plan, "needs_add"), {"statement": "x", "severity": 1, "priority": 1}
    )
    assert response.status_code == 403
    assert not Need.objects.exists()


def test_evidence_known_only_by_name_is_kept_and_counted_as_missing_its_reference(
    client_for, people, plan
):
    need = NeedFactory(plan=plan)
    CauseFactory(need=need, plan=plan)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "evidence_add"), evidence_data(need), **HTMX
    )
    assert response.status_code == 200, response.content.decode()
    evidence = Evidence.objects.get()
    assert (evidence.reference, evidence.file.name) == ("", "")
    assert "reference not yet given" in response.content.decode()
    missing = completeness(plan).missing
    assert "1 evidence source has no reference or file yet." in missing
    document = render_to_string("assessments/document.html", {"data": snapshot(plan)})
    assert "Police injury records" in document and "reference not yet given" in document

    evidence.reference = "Police annual report 2025"
    evidence.save()
    assert not any("reference or file" in m for m in completeness(plan).missing)
    document = render_to_string("assessments/document.html", {"data": snapshot(plan)})
    assert "Police annual report 2025" in document and "reference not yet given" not in document


def test_an_uploaded_pdf_is_stored_and_served_only_to_members(client_for, people, plan):
    need = NeedFactory(plan=plan)
    upload = SimpleUploadedFile("records.pdf", PDF_BYTES, content_type="application/pdf")
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "evidence_add"), {**evidence_data(need), "file": upload}, **HTMX
    )
    assert response.status_code == 200, response.content.decode()
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert evidence.file_name == "records.pdf"
    assert "records" not in evidence.file.name  # stored under a random name
    assert "Download records.pdf" in response.content.decode()

    download = client_for(people[Role.VIEWER]).get(url(plan, "evidence_download", evidence.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]

    outsider = client_for(people["outsider"]).get(url(plan, "evidence_download", evidence.pk))
    assert outsider.status_code == 404


def test_an_html_page_named_pdf_is_refused_by_its_content(client_for, people, plan):
    need = NeedFactory(plan=plan)
    upload = SimpleUploadedFile(
        "report.pdf", b"<!DOCTYPE html><script>alert(1)</script>", content_type="application/pdf"
    )
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "evidence_add"), {**evidence_data(need), "file": upload}, **HTMX
    )
    assert response["HX-Retarget"] == "#coll-assessments-evidence-form"
    assert "This type of file is not accepted." in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_executable_is_refused(client_for, people, plan):
    need = NeedFactory(plan=plan)
    upload = SimpleUploadedFile("data.csv", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200))
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "evidence_add"), {**evidence_data(need), "file": upload}
    )
    assert response.status_code == 400
    assert "This type of file is not accepted." in response.content.decode()


def test_a_file_over_the_limit_is_refused(client_for, people, plan):
    need = NeedFactory(plan=plan)
    upload = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * MAX_EVIDENCE_BYTES)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "evidence_add"), {**evidence_data(need), "file": upload}
    )
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_office_document_and_a_csv_are_accepted(client_for, people, plan):
    need = NeedFactory(plan=plan)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    c = client_for(people[Role.PLANNER])
    for name, content in (("notes.docx", buffer.getvalue()), ("counts.csv", b"year,n\n2025,14\n")):
        upload = SimpleUploadedFile(name, content)
        response = c.post(url(plan, "evidence_add"), {**evidence_data(need), "file": upload})
        assert response.status_code == 302, response.content.decode()
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "text/plain",
    ]


def test_evidence_without_a_file_has_nothing_to_download(client_for, people, plan):
    evidence = EvidenceFactory(need=NeedFactory(plan=plan))
    response = client_for(people[Role.VIEWER]).get(url(plan, "evidence_download", evidence.pk))
    assert response.status_code == 404


def test_a_need_of_another_plan_cannot_receive_evidence(client_for, people, plan):
    foreign = NeedFactory(plan=PlanFactory())
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "evidence_add"), evidence_data(foreign, reference="x")
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_the_needs_list_can_be_searched_and_filtered(client_for, people, plan):
    NeedFactory(plan=plan, statement="Speeding on Canal Street", priority=4)
    supported = NeedFactory(plan=plan, statement="Missing supervisors", priority=2)
    EvidenceFactory(need=supported)
    c = client_for(people[Role.VIEWER])
    page = url(plan, "page")
    searched = c.get(page, {"needs-q": "canal"}, HTTP_HX_TARGET="coll-assessments-needs", **HTMX)
    content = searched.content.decode()
    assert "Speeding on Canal Street" in content and "Missing supervisors" not in content
    by_priority = c.get(
        page, {"needs-priority": "2"}, HTTP_HX_TARGET="coll-assessments-needs", **HTMX
    )
    assert "Missing supervisors" in by_priority.content.decode()
    assert "Speeding" not in by_priority.content.decode()
    unsupported = c.get(
        page, {"needs-unsupported": "1"}, HTTP_HX_TARGET="coll-assessments-needs", **HTMX
    )
    assert "Speeding" in unsupported.content.decode()
    assert "Missing supervisors" not in unsupported.content.decode()


def test_a_goal_can_answer_a_need_of_the_plan(client_for, people, plan):
    need = NeedFactory(plan=plan, statement="Unsafe crossings")
    response = client_for(people[Role.PLANNER]).post(
        reverse("objectives:goals_add", kwargs={"plan": plan.uuid}),
        {"statement": "Halve injuries", "need": need.pk},
    )
    assert response.status_code == 302
    page = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    assert "Goals answering it:" in page and "Halve injuries" in page


def test_the_evidence_list_is_filtered_by_need_and_source_type(client_for, people, plan):
    speeding = NeedFactory(plan=plan, statement="Speeding on Canal Street")
    supervisors = NeedFactory(plan=plan, statement="Missing supervisors")
    EvidenceFactory(need=speeding, source_type="statistics", description="Radar counts 2025")
    EvidenceFactory(need=speeding, source_type="survey", description="Parents fear the speed")
    EvidenceFactory(need=supervisors, source_type="survey", description="Vacancy list of posts")
    c = client_for(people[Role.VIEWER])
    page = url(plan, "page")

    def evidence(params):
        return c.get(
            page, params, HTTP_HX_TARGET="coll-assessments-evidence", **HTMX
        ).content.decode()

    by_need = evidence({"evidence-need": str(speeding.pk)})
    assert "Radar counts 2025" in by_need and "Parents fear the speed" in by_need
    assert "Vacancy list of posts" not in by_need
    by_type = evidence({"evidence-source_type": "survey"})
    assert "Parents fear the speed" in by_type and "Vacancy list of posts" in by_type
    assert "Radar counts 2025" not in by_type
    both = evidence({"evidence-need": str(supervisors.pk), "evidence-source_type": "survey"})
    assert "Vacancy list of posts" in both
    assert "Parents fear the speed" not in both and "Radar counts 2025" not in both
    # Another plan's need id finds nothing, it does not leak that plan's evidence.
    stranger = EvidenceFactory(description="Stranger's secret report")
    assert "Stranger's secret report" not in evidence({"evidence-need": str(stranger.need_id)})


def test_the_problem_tree_is_filtered_by_need(client_for, people, plan):
    speeding = NeedFactory(plan=plan, statement="Speeding on Canal Street")
    supervisors = NeedFactory(plan=plan, statement="Missing supervisors")
    root = CauseFactory(need=speeding, statement="Through-traffic avoids the ring road")
    CauseFactory(need=speeding, parent=root, statement="Navigation apps suggest the shortcut")
    CauseFactory(need=supervisors, statement="Posts pay too little")
    c = client_for(people[Role.VIEWER])
    page = url(plan, "page")

    def causes(params):
        return c.get(
            page, params, HTTP_HX_TARGET="coll-assessments-causes", **HTMX
        ).content.decode()

    for_speeding = causes({"causes-need": str(speeding.pk)})
    assert "Through-traffic avoids the ring road" in for_speeding
    assert "Navigation apps suggest the shortcut" in for_speeding  # sub-causes come along
    assert "Posts pay too little" not in for_speeding
    for_supervisors = causes({"causes-need": str(supervisors.pk)})
    assert "Posts pay too little" in for_supervisors
    assert "Through-traffic" not in for_supervisors
    everything = causes({})
    assert "Posts pay too little" in everything and "Through-traffic" in everything
