"""Two people edit the same item; hostile text never runs in the browser."""

import pytest
from playwright.sync_api import expect

from tests.security.test_stored_xss import plan_pages

pytestmark = pytest.mark.e2e


def test_the_second_of_two_concurrent_edits_gets_the_conflict_screen(
    live_server, demo_plan, signed_in, artifacts_dir
):
    from django.contrib.auth import get_user_model

    # Julie reads French by default; the test speaks English to both.
    get_user_model().objects.filter(email="planner2@demo.planner.test").update(language="en")
    samir = signed_in("planner@demo.planner.test")
    julie = signed_in("planner2@demo.planner.test")
    url = f"{live_server.url}/plans/{demo_plan.uuid}/objectives/"
    rows = []
    for page in (samir, julie):
        page.goto(url)
        row = page.locator(".inline-row").first
        row.get_by_role("link", name="Edit").click()
        rows.append(page.locator("form.inline-form"))
    rows[0].get_by_label("Goal").fill("Samir's wording")
    rows[0].get_by_role("button", name="Save").click()
    expect(samir.locator(".inline-row").first).to_contain_text("Samir's wording")

    rows[1].get_by_label("Goal").fill("Julie's wording")
    rows[1].get_by_role("button", name="Save").click()
    conflict = julie.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".conflict-mine")).to_contain_text("Julie's wording")
    expect(conflict.locator(".conflict-theirs")).to_contain_text("Samir's wording")
    julie.screenshot(path=artifacts_dir / "conflict.png", full_page=True)

    # Julie has seen both values and decides to keep hers: the second save lands.
    julie.locator("form.inline-form").get_by_role("button", name="Save").click()
    expect(julie.locator(".inline-row").first).to_contain_text("Julie's wording")


def test_hostile_text_runs_no_script_in_the_browser(page, live_server, transactional_db, sign_in):
    from tests.e2e.conftest import seed_demo
    from tests.security import test_stored_xss as xss

    plan = seed_demo()
    xss.poison(plan)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, "owner@demo.planner.test")
    for path in plan_pages(plan):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert dialogs == []
