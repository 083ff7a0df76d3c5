"""Filter forms on a page with several lists: each one refreshes its own list, and only that."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_each_filter_form_refreshes_only_its_own_list(page, live_server, demo_plan, sign_in):
    sign_in(page, "planner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/risks/")
    targets = []
    page.on(
        "request",
        lambda r: targets.append(r.headers.get("hx-target")) if r.headers.get("hx-request") else 0,
    )
    register = page.locator("#coll-risks-risks")
    contingency = page.locator("#coll-risks-contingency")
    expect(register.locator(".inline-row")).not_to_have_count(1)

    with page.expect_response(lambda r: r.request.headers.get("hx-target") == "coll-risks-risks"):
        page.locator("#risks-q").fill("volunteer")
    expect(register.locator(".inline-row")).to_have_count(1)
    expect(register).to_contain_text("volunteer crossing supervisors")
    assert "coll-risks-contingency" not in targets

    # Leaving the search box is a change of its own: it refreshes the register once more. Wait
    # for that answer (not for a fixed time) before watching what the next form sends.
    with page.expect_response(lambda r: r.request.headers.get("hx-target") == "coll-risks-risks"):
        page.locator("#register-heading").click()
    targets.clear()
    with page.expect_response(
        lambda r: r.request.headers.get("hx-target") == "coll-risks-contingency"
    ):
        page.locator("#contingency-risk").select_option(index=1)
    expect(contingency.locator(".inline-row")).to_have_count(1)
    with page.expect_response(
        lambda r: r.request.headers.get("hx-target") == "coll-risks-contingency"
    ):
        page.locator("#contingency-q").fill("zzz-nothing-matches")
    expect(contingency).to_contain_text("No contingency plans match.")
    page.wait_for_timeout(500)  # a stray refresh of the register would have been sent by now
    assert "coll-risks-risks" not in targets
    expect(register.locator(".inline-row")).to_have_count(1)
