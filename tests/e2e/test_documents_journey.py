import io

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_rendered_by_the_worker, check_accessibility

pytestmark = [pytest.mark.e2e, pytest.mark.worker]

# A real worker renders the whole demo plan (about thirty pages) on two shared cores.
RENDER_TIMEOUT_MS = 150_000


def test_an_approver_exports_the_plan_as_pdf_and_the_worker_renders_it(
    page, live_server, demo_plan, pdf_worker, sign_in, artifacts_dir, tmp_path
):
    from pypdf import PdfReader

    from documents.models import PlanDocument

    sign_in(page, "approver@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/")
    page.get_by_role("link", name="Documents").click()
    expect(page.get_by_role("heading", name="Plan documents")).to_be_visible()
    check_accessibility(page, "documents")

    page.get_by_label("PDF/A-3b for archiving").check()
    page.get_by_role("button", name="Export", exact=True).click()
    # The page polls (htmx) until the worker has rendered the document.
    expect(page.get_by_text("The document is ready.")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    check_accessibility(page, "document")
    page.screenshot(path=artifacts_dir / "document-ready.png", full_page=True)

    document = PlanDocument.objects.get(plan=demo_plan, archival=True)
    assert_rendered_by_the_worker(pdf_worker, document)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1-pdfa.pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == document.page_count > 1
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert demo_plan.title in first_page

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Documents").click()
    expect(page.get_by_role("cell", name="Thomas Leroy")).to_be_visible()
