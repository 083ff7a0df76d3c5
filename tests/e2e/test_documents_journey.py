import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.e2e


def test_an_approver_exports_the_plan_as_pdf_and_downloads_it(
    page, live_server, demo_plan, sign_in, artifacts_dir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, "approver@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/")
    page.get_by_role("link", name="Documents").click()
    expect(page.get_by_role("heading", name="Plan documents")).to_be_visible()
    check_accessibility(page, "documents")

    page.get_by_label("PDF/A-3b for archiving").check()
    page.get_by_role("button", name="Export PDF").click()
    expect(page.get_by_text("The document is ready.")).to_be_visible(timeout=30_000)
    check_accessibility(page, "document")
    page.screenshot(path=artifacts_dir / "document-ready.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1-pdfa.pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Documents").click()
    expect(page.get_by_role("cell", name="Thomas Leroy")).to_be_visible()
