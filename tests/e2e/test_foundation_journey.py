"""A person signs in, finds the demo plan, creates a plan, and reads the pages in French.

Every page is checked with axe-core and photographed by test_accessibility_sweep.py.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.e2e


def test_a_planner_signs_in_and_creates_a_plan(
    page, live_server, demo_plan, sign_in, artifacts_dir
):
    sign_in(page, "planner@demo.planner.test")
    expect(page.get_by_role("link", name=demo_plan.title)).to_be_visible()
    page.screenshot(path=artifacts_dir / "dashboard.png", full_page=True)
    check_accessibility(page, "dashboard")

    page.get_by_role("link", name="New plan").first.click()
    page.get_by_label("Title").fill("Quieter nights in the old town")
    page.get_by_label("Start date").fill("2026-03-01")
    page.get_by_label("End date").fill("2026-01-01")
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_text("The end date must come after the start date.")).to_be_visible()
    check_accessibility(page, "plan form with errors")

    page.get_by_label("End date").fill("2027-03-01")
    page.get_by_role("button", name="Create plan").click()
    page.wait_for_url("**/plans/*/")
    expect(page.get_by_role("heading", name="Quieter nights in the old town")).to_be_visible()
    page.screenshot(path=artifacts_dir / "overview.png", full_page=True)
    check_accessibility(page, "overview")


def test_the_interface_follows_the_french_profile(page, live_server, demo_plan, sign_in):
    # Claire, the demo owner, prefers French.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail or username").fill("owner@demo.planner.test")
    page.get_by_label("Password").fill("demo-planner-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Mes plans")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
