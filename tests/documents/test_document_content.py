"""The produced PDF, read back with pypdf: table of contents, sections, marks, margins."""

import io
import re

import pytest
from pypdf import PdfReader

from documents.models import DocumentStatus
from documents.services import document_request
from plans.models import PlanStatus
from plans.sections import registry
from plans.sections.diff import LABEL_KEYS
from tests.documents.conftest import pdf_pages, read_file, squeeze

pytestmark = pytest.mark.django_db


def export(plan, **kwargs):
    document, _ = document_request(plan=plan, user=plan.owner, **kwargs)
    document.refresh_from_db()  # rendered in-process (eager) when the test's commit runs
    return document


@pytest.fixture
def exported(filled_plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    content = read_file(document)
    return {"document": document, "content": content, "pages": pdf_pages(content)}


def wordy(value):
    """A string a reader would find as such: not a raw number or date, which the document
    formats for its locale (“€43,700.00”, “5 March 2026”)."""
    return isinstance(value, str) and len(value) > 3 and not re.fullmatch(r"[\d.,:\- T+]+", value)


def sample_values(data):
    """A few values a reader must find in the section: the first item of each list and the
    main text of each block, whatever the section."""
    samples = []
    for value in (data or {}).values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            item = value[0]
            label = next((item[k] for k in LABEL_KEYS if wordy(item.get(k))), None)
            if label:
                samples.append(label)
        elif isinstance(value, dict):
            label = next((value[k] for k in LABEL_KEYS if wordy(value.get(k))), None)
            # Numbers and dates are formatted for the reader (“€43,700.00”): look for words.
            label = label or next(
                (v for v in value.values() if wordy(v)),
                None,
            )
            if label:
                samples.append(label)
        elif wordy(value):
            samples.append(value)
    return samples


def test_every_section_is_in_the_contents_with_the_page_where_it_starts(exported):
    reader = PdfReader(io.BytesIO(exported["content"]))
    pages = exported["pages"]
    toc_page = next(i for i, text in enumerate(pages) if "Contents" in text)
    toc = pages[toc_page]
    snapshot = exported["document"].version.snapshot
    keys = [s.key for s in registry.all() if s.key in snapshot["sections"]]
    assert keys, "no section registered"
    for key in keys:
        title = str(registry.get(key).title)
        match = re.search(re.escape(title) + r"\s*\.+\s*(\d+)", toc)
        assert match, f"{title} is not in the table of contents:\n{toc}"
        start = reader.get_destination_page_number(reader.named_destinations[f"part-{key}"])
        assert int(match.group(1)) == start + 1, f"{title}: contents say {match.group(1)}"
        assert title in pages[start], f"{title} does not start on page {start + 1}"
        assert title not in pages[start - 1].split("\n", 1)[-1] or start - 1 == toc_page


def test_the_sections_come_in_guide_order_with_sample_values_of_each(exported):
    snapshot = exported["document"].version.snapshot
    text = squeeze("\n".join(exported["pages"]))
    reader = PdfReader(io.BytesIO(exported["content"]))
    positions = []
    for section in registry.all():
        data = snapshot["sections"].get(section.key)
        if data is None:
            continue
        samples = sample_values(data)
        assert samples, f"{section.key}: the demo content gives nothing to look for"
        for value in samples:
            assert squeeze(value) in text, f"{section.key}: {value!r} is missing from the PDF"
        destination = reader.named_destinations[f"part-{section.key}"]
        positions.append(reader.get_destination_page_number(destination))
    assert positions == sorted(positions), "sections are not in guide order"


def test_each_page_but_the_cover_says_page_x_of_y_and_the_version(exported):
    pages = exported["pages"]
    total = len(pages)
    assert exported["document"].page_count == total
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text, f"page {number}:\n{text[-300:]}"
        assert "Version 1" in text
    assert "Page 1 of" not in pages[0]


def test_a_plan_that_is_not_approved_is_marked_draft_on_every_page(exported):
    assert all("DRAFT" in text for text in exported["pages"])


def test_an_approved_plan_has_no_draft_mark(filled_plan, django_capture_on_commit_callbacks):
    filled_plan.status = PlanStatus.APPROVED
    filled_plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    pages = pdf_pages(read_file(document))
    assert not any("DRAFT" in text for text in pages)
    assert "Approved" in pages[0]


def test_the_approval_page_says_not_approved_for_every_section_without_approvals(exported):
    pages = exported["pages"]
    approvals = next(t for t in pages if "The decisions on each section" in t)
    for section in registry.all():
        if section.key in exported["document"].version.snapshot["sections"]:
            assert squeeze(section.title) + "Notapproved" in squeeze(approvals)


def test_the_approval_page_shows_who_approved_a_section_and_when(
    filled_plan, django_capture_on_commit_callbacks, monkeypatch
):
    from plans.sections.extensions import extensions

    approvals = [
        {
            "section_key": "objectives",
            "section_title": "Objectives & scope",
            "state": "approved",
            "approved_by": "Thomas Leroy",
            "approved_at": "2026-03-05T10:00:00+00:00",
            "changed_since": True,
        }
    ]
    reviews = next(e for e in extensions if e.name == "approvals")
    monkeypatch.setattr(reviews, "snapshot", lambda plan: {"approvals": approvals})
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    page = next(t for t in pdf_pages(read_file(document)) if "The decisions on each section" in t)
    assert re.search(r"Objectives & scope\s+Approved", page)
    assert "Thomas Leroy" in page and "March5,2026" in squeeze(page)
    # Recorded before decisions were bound to versions: no version, and the change it noted.
    assert "nottiedtoaversion" in squeeze(page)
    assert "differsfromwhatwasdecidedon" in squeeze(page)


def test_the_appendix_lists_what_changed_since_the_previous_version(
    filled_plan, django_capture_on_commit_callbacks
):
    from plans.versions import version_publish
    from tests.objectives.factories import GoalFactory

    version_publish(plan=filled_plan, user=filled_plan.owner)
    GoalFactory(plan=filled_plan, statement="Light every crossing before winter")
    filled_plan.title = "Safer routes, second edition"
    filled_plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    assert document.version.number == 2
    text = "\n".join(pdf_pages(read_file(document)))
    appendix = text[text.rindex("Appendix: changes since the previous version") :]
    assert "Compared with version 1" in appendix
    # The table's columns wrap the item's name: compare words, not lines.
    assert re.search(r"Added\s+Goal:\s+Light\s+every\s+crossing\s+before\s+winter", appendix)
    assert "Safer routes, second edition" in squeeze(appendix) or "second edition" in appendix


def test_a_french_plan_is_printed_in_french_with_french_dates(
    filled_plan, django_capture_on_commit_callbacks
):
    filled_plan.language = "fr"
    filled_plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    pages = pdf_pages(read_file(document))
    total = len(pages)
    assert f"Page 2 sur {total}" in pages[1]
    assert "Sommaire" in pages[1]
    assert all("PROJET" in text for text in pages)
    assert "1 janvier 2026" in pages[0] or "1er janvier 2026" in pages[0]


def test_the_same_snapshot_gives_the_same_bytes(filled_plan, django_capture_on_commit_callbacks):
    from documents.rendering import document_html, render_pdf
    from documents.services import document_identifier

    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner)
    document.refresh_from_db()
    again = render_pdf(document_html(document.version), identifier=document_identifier(document))
    assert again.content == read_file(document)


def test_the_archival_variant_is_pdf_a_3b_and_every_document_is_tagged(
    filled_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=filled_plan, user=filled_plan.owner, archival=True)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    content = read_file(document)
    reader = PdfReader(io.BytesIO(content))
    xmp = reader.xmp_metadata
    assert xmp is not None
    xml = xmp.stream.get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")3", xml), xml
    assert re.search(r"pdfaid:conformance(>|=\")B", xml), xml
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
