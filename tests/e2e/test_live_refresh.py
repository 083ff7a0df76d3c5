"""Someone else changed the section: the lists refresh, but never under a form being filled."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_refresh_arriving_after_a_form_was_opened_leaves_the_form_alone(
    page, live_server, demo_plan, sign_in
):
    sign_in(page, "planner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/objectives/")
    held = []
    page.route(
        "**/objectives/",
        lambda route: (
            held.append(route) if route.request.headers.get("hx-request") else route.continue_()
        ),
    )
    # The heartbeat says the section changed: the lists ask for a fresh copy...
    page.evaluate("document.dispatchEvent(new Event('planner:section-changed'))")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)  # lets the route handler run
    assert held, "the refresh request was not sent"
    # ...and before it comes back, the person opens a goal to edit it.
    page.locator(".inline-row").first.get_by_role("link", name="Edit").click()
    form = page.locator("form.inline-form")
    expect(form).to_be_visible()
    with page.expect_response(
        lambda r: r.request.headers.get("hx-request") and r.url.endswith("/objectives/")
    ):
        held[0].continue_()
    page.wait_for_timeout(300)  # the swap, if any, happens right after the response
    expect(form).to_be_visible()
    expect(form.get_by_label("Why it is achievable")).to_be_editable()
