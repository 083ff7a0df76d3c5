"""The plan document as a Word file, read back with python-docx: the same sections, items,
tables and charts as the PDF, in the same order, with Word's heading styles and fields."""

import io
import re

import lxml.html
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from documents.models import DocumentFormat, DocumentStatus, PlanDocument
from documents.rendering import document_html
from documents.services import document_request
from plans.models import Role
from plans.sections import registry
from tests.documents.conftest import read_file
from tests.documents.test_document_content import sample_values

pytestmark = pytest.mark.django_db


def export_docx(plan, captured):
    with captured(execute=True):
        document, _ = document_request(plan=plan, user=plan.owner, format=DocumentFormat.DOCX)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    return document, Document(io.BytesIO(read_file(document)))


def blocks(word):
    """The body in order: ("p", style, text) and ("table", None, [[cell text]])."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word)
            out.append(("p", paragraph.style.name, paragraph.text))
        elif child.tag == qn("w:tbl"):
            table = Table(child, word)
            out.append(("table", None, [[c.text for c in row.cells] for row in table.rows]))
    return out


def flat_text(items):
    parts = []
    for kind, _style, content in items:
        if kind == "p":
            parts.append(content)
        else:
            parts += [cell for row in content for cell in row]
    return " ".join(" ".join(parts).split())


@pytest.fixture
def word_export(filled_plan, django_capture_on_commit_callbacks):
    document, word = export_docx(filled_plan, django_capture_on_commit_callbacks)
    return {"document": document, "word": word, "blocks": blocks(word)}


def test_like_the_pdf_only_the_cover_and_the_contents_end_with_a_page_break(word_export):
    """The sections follow each other: no heading starts a new page, as none does in the PDF;
    the cover and the contents each end with a break."""
    word = word_export["word"]
    assert not any(p.paragraph_format.page_break_before for p in word.paragraphs)
    breaks = word.element.body.findall(".//" + qn("w:br"))
    assert [b.get(qn("w:type")) for b in breaks].count("page") == 2


def test_every_section_is_a_heading_in_the_pdf_order_with_its_subsections(word_export):
    html = lxml.html.document_fromstring(document_html(word_export["document"].version))
    expected = [
        (int(h.tag[1]) - 1, " ".join(h.text_content().split()))
        for h in html.xpath(
            "//div[contains(@class,'doc-part')]//h2 | //div[contains(@class,"
            "'doc-part')]//h3 | //section[contains(@class,'doc-part')]//h2 | "
            "//section[contains(@class,'doc-part')]//h3"
        )
    ]
    headings = [
        (int(style.rsplit(" ", 1)[1]), text)
        for kind, style, text in word_export["blocks"]
        if kind == "p" and style in ("Heading 1", "Heading 2")
    ]
    assert headings == expected
    titles = [text for level, text in headings if level == 1]
    snapshot = word_export["document"].version.snapshot
    sections = [str(s.title) for s in registry.all() if s.key in snapshot["sections"]]
    assert titles[: len(sections)] == sections
    assert titles[len(sections) :] == ["Approvals", "Appendix: changes since the previous version"]


def test_every_section_has_its_items_as_the_pdf_does(word_export):
    # As the PDF's own test: each section's sample values are in the file (a value may be
    # printed by another section, as the logic model's results are).
    text = flat_text(word_export["blocks"])
    snapshot = word_export["document"].version.snapshot
    for section in registry.all():
        data = snapshot["sections"].get(section.key)
        if data is None:
            continue
        samples = sample_values(data)
        assert samples, section.key
        for value in samples:
            assert " ".join(str(value).split()) in text, f"{section.key}: {value!r} missing"


def test_the_tables_are_those_of_the_pdf_cell_for_cell(word_export):
    html = lxml.html.document_fromstring(document_html(word_export["document"].version))
    expected = []
    for table in html.iter("table"):
        rows = table.xpath("./thead/tr | ./tbody/tr | ./tfoot/tr | ./tr")
        expected.append(
            [
                [" ".join(c.text_content().split()) for c in row if c.tag in ("td", "th")]
                for row in rows
            ]
        )
    found = [content for kind, _s, content in word_export["blocks"] if kind == "table"]
    assert len(found) == len(expected)

    def normalised(rows):
        # Word joins lines of a cell with a line break; a merged cell repeats in each column.
        out = []
        for row in rows:
            cells = []
            for cell in row:
                text = "".join(cell.split())
                if not cells or cells[-1] != text or not text:
                    cells.append(text)
            out.append(list(cells))
        return out

    for word_rows, html_rows in zip(found, expected, strict=True):
        html_rows = [["".join(c.split()) for c in r] for r in html_rows]
        assert normalised(word_rows) == [
            [c for i, c in enumerate(r) if i == 0 or c != r[i - 1] or not c] for r in html_rows
        ]


def test_the_charts_are_pictures_described_by_their_titles(word_export):
    html = lxml.html.document_fromstring(document_html(word_export["document"].version))
    titles = [svg.findtext("title").strip() for svg in html.iter("svg")]
    assert titles, "the demo plan draws charts"
    word = word_export["word"]
    pictures = word.inline_shapes
    assert len(pictures) == len(titles)
    described = [p._inline.docPr.get("descr") for p in pictures]
    assert described == titles
    for picture in pictures:
        assert picture.width <= word.sections[0].page_width - 2 * word.sections[0].left_margin


def test_it_has_a_contents_field_a_draft_header_and_page_x_of_y(word_export):
    word = word_export["word"]
    body = word.element.body.xml
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2"', body)
    settings = word.settings.element.xml
    assert "w:updateFields" in settings
    # The contents list every section until Word fills in the page numbers.
    toc_start = next(i for i, b in enumerate(word_export["blocks"]) if b[2] == "Contents")
    listed = [b[2] for b in word_export["blocks"][toc_start + 1 : toc_start + 12]]
    assert str(registry.all()[0].title) in listed
    section = word.sections[0]
    footer = section.footer._element.xml
    number = word_export["document"].version.number
    assert f"Version {number}" in section.footer.paragraphs[0].text
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in footer
    assert "DRAFT" in " ".join(p.text for p in section.header.paragraphs)
    assert section.different_first_page_header_footer  # the cover has none
    assert any(p.style.name == "Title" for p in word.paragraphs[:4])


def test_a_french_plan_gives_a_french_word_file(filled_plan, django_capture_on_commit_callbacks):
    filled_plan.language = "fr"
    filled_plan.save()
    _document, word = export_docx(filled_plan, django_capture_on_commit_callbacks)
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert "Approbations" in headings
    assert "PROJET" in " ".join(p.text for p in word.sections[0].header.paragraphs)
    assert "sur" in word.sections[0].footer.paragraphs[0].text
    assert word.core_properties.language == "fr"
    lang = word.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "fr"


def test_the_page_exports_a_word_file_and_the_download_is_one(
    filled_plan, client, django_capture_on_commit_callbacks
):
    client.force_login(filled_plan.owner)
    export_url = reverse("documents:export", kwargs={"plan": filled_plan.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(export_url, {"format": "docx"})
    document = PlanDocument.objects.get()
    assert response.status_code == 302 and document.format == DocumentFormat.DOCX
    page = client.get(response["Location"]).content.decode()
    assert "Download the Word file" in page
    download = client.get(
        reverse("documents:download", kwargs={"plan": filled_plan.uuid, "pk": document.pk})
    )
    assert download["Content-Type"] == document.content_type
    assert ".docx" in download["Content-Disposition"]
    Document(io.BytesIO(b"".join(download.streaming_content)))  # opens as a Word file

    # The PDF of the same version is another document, not the Word file again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(export_url, {"format": "pdf", "version": document.version.pk})
    assert PlanDocument.objects.filter(version=document.version).count() == 2


def test_an_archival_word_file_is_refused_with_a_reason(filled_plan, client):
    client.force_login(filled_plan.owner)
    response = client.post(
        reverse("documents:export", kwargs={"plan": filled_plan.uuid}),
        {"format": "docx", "archival": "on"},
    )
    assert response.status_code == 400
    assert "Only a PDF can be made for archiving." in response.content.decode()
    assert not PlanDocument.objects.exists()
    assert not filled_plan.versions.exists()  # nothing half-done: no version was published


def test_members_who_can_view_can_download_the_word_file(
    filled_plan, client, django_capture_on_commit_callbacks
):
    from tests.plans.factories import MembershipFactory

    viewer = MembershipFactory(plan=filled_plan, role=Role.VIEWER).user
    outsider = MembershipFactory(role=Role.OWNER).user
    document, _word = export_docx(filled_plan, django_capture_on_commit_callbacks)
    url = reverse("documents:download", kwargs={"plan": filled_plan.uuid, "pk": document.pk})
    client.force_login(viewer)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_render_plan_writes_a_word_file(filled_plan, tmp_path):
    from django.core.management import CommandError, call_command

    from plans.versions import version_publish

    version_publish(plan=filled_plan, user=filled_plan.owner, allow_unchanged=True)
    out = io.StringIO()
    target = tmp_path / "plan.docx"
    call_command(
        "render_plan", str(filled_plan.uuid), "--format", "docx", "-o", str(target), stdout=out
    )
    assert out.getvalue().startswith("Version 1: ") and "pages" not in out.getvalue()
    word = Document(target)
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"][0] == str(
        registry.all()[0].title
    )
    with pytest.raises(CommandError, match="Only a PDF"):
        call_command(
            "render_plan",
            str(filled_plan.uuid),
            "--format",
            "docx",
            "--archival",
            "-o",
            str(tmp_path / "x.docx"),
        )
