"""A plan file in a real browser: downloaded from a plan, uploaded on *My plans*, previewed,
then imported; and a copy made from the overview."""

import json

import pytest
from playwright.sync_api import expect

from plans.models import Membership, Plan, Role

pytestmark = pytest.mark.e2e


def test_a_planner_downloads_a_plan_imports_it_and_copies_it(
    live_server, demo_plan, signed_in, tmp_path, artifacts_dir
):
    page = signed_in("planner@demo.planner.test")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download plan file").click()
    path = tmp_path / "plan.json"
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "planner-plan" and data["plan"]["title"] == demo_plan.title
    tasks = len(data["items"]["actions.task"])
    assert tasks > 5

    before = Plan.objects.count()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Import a plan").click()
    page.get_by_label("Plan file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("can be imported")).to_be_visible()
    expect(page.get_by_role("row", name=f"Tasks {tasks}")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "import-preview-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / "import-preview-phone.png"), full_page=True)
    assert Plan.objects.count() == before  # the preview writes nothing
    with page.expect_navigation():
        page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_text("The plan has been imported.")).to_be_visible()
    imported = Plan.objects.exclude(pk=demo_plan.pk).order_by("-pk").first()
    assert Plan.objects.count() == before + 1
    assert page.url.endswith(f"/plans/{imported.uuid}/")
    assert imported.title == demo_plan.title

    page.get_by_role("link", name="Make a copy").click()
    expect(page.get_by_label("Title of the copy")).to_have_value(f"Copy of {demo_plan.title}")
    expect(page.get_by_label("Invite the same members with the same roles")).not_to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Make the copy").click()
    expect(page.get_by_text("This is your copy of the plan")).to_be_visible()
    copy = Plan.objects.order_by("-pk").first()
    assert copy.title == f"Copy of {demo_plan.title}"
    assert Membership.objects.get(plan=copy).role == Role.OWNER


@pytest.fixture
def transfer_worker(request, settings, tmp_path):
    """The real worker, storing files where the live server reads them (MEDIA_ROOT is set
    before it starts: it takes it from its environment)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return request.getfixturevalue("celery_worker")


@pytest.mark.worker
def test_a_large_plan_downloads_through_a_job_whose_page_follows_the_worker(
    live_server, demo_plan, transfer_worker, signed_in, settings, tmp_path
):
    from transfer.models import TransferJob

    settings.TRANSFER_BACKGROUND_ITEMS = 10  # the demo plan counts as large
    page = signed_in("planner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Download workbook").click()
    job = TransferJob.objects.get()
    assert page.url.endswith(f"/transfers/{job.pk}/")
    expect(page.get_by_role("heading", name="Workbook of the plan")).to_be_visible()
    # The page polls until the worker is done, then offers the file.
    link = page.get_by_role("link", name="Download ")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "plan.xlsx"
    download.value.save_as(path)
    assert path.read_bytes()[:2] == b"PK"
    job.refresh_from_db()
    assert job.status == "ready" and job.progress_done == job.progress_total > 10
    assert "transfer.tasks.run_transfer_job" in transfer_worker.log()
