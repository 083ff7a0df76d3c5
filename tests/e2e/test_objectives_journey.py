import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.e2e


def test_a_planner_adds_and_edits_a_goal_inline(
    page, live_server, demo_plan, sign_in, artifacts_dir
):
    sign_in(page, "planner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/objectives/")
    check_accessibility(page, "objectives")
    page.screenshot(path=artifacts_dir / "objectives.png", full_page=True)

    page.get_by_role("link", name="+ Add a goal").click()
    form = page.locator("form.inline-form")
    form.get_by_label("Goal").fill("Train 40 crossing supervisors")
    form.get_by_label("Baseline").fill("10")
    form.get_by_label("Target", exact=True).fill("10")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The target must differ from the baseline.")).to_be_visible()

    form.get_by_label("Target", exact=True).fill("40")
    form.get_by_role("button", name="Save").click()
    row = page.locator(".inline-row", has_text="Train 40 crossing supervisors")
    row.wait_for()
    expect(row.get_by_text("Achievable")).to_be_visible()  # still missing SMART criteria

    row.get_by_role("link", name="Edit").click()
    edit = page.locator("form.inline-form")
    edit.get_by_label("Why it is achievable").fill("The police academy offers the course.")
    edit.get_by_role("button", name="Save").click()
    page.locator(".inline-row", has_text="Train 40 crossing supervisors").wait_for()
    page.screenshot(path=artifacts_dir / "objectives-after-edit.png", full_page=True)


def test_a_planner_edits_the_scope_in_place_and_sees_a_refusal_beside_the_field(
    page, live_server, demo_plan, sign_in
):
    sign_in(page, "planner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/objectives/")
    card = page.locator("#single-objectives-scope")
    card.get_by_role("link", name="Edit scope").click()
    form = page.locator("form#single-objectives-scope")
    form.get_by_label("Estimated size").fill("-5")
    form.get_by_role("button", name="Save").click()
    # The refusal (400) is swapped in: the form stays, its error beside the field.
    expect(form.locator(".invalid-feedback")).to_be_visible()
    form.get_by_label("Estimated size").fill("2100")
    form.get_by_label("Target population").fill("Pupils aged 5 to 11 and their carers")
    form.get_by_role("button", name="Save").click()
    shown = page.locator("div#single-objectives-scope")
    expect(shown.get_by_text("Pupils aged 5 to 11 and their carers")).to_be_visible()
    expect(shown.get_by_text("2100")).to_be_visible()
    expect(page.locator("form#single-objectives-scope")).to_have_count(0)
