"""A pasted text is never cut by the browser: a counter shows its length against the limit, the
server refuses a text that is too long with a message (nothing saved), and keeps one that fits."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Need
from plans.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

SENTENCE = (
    "Réduire les inégalités territoriales d'accès au dépistage organisé du cancer colorectal "
    "chez les personnes de 50 à 74 ans, en s'appuyant sur les médecins traitants. "
)


def text(length):
    return (SENTENCE * (length // len(SENTENCE) + 1))[: length - 1] + "."


def paste(page, field, value):
    """Paste ``value`` into ``field`` through the clipboard, as a planner does (Ctrl+V)."""
    page.evaluate("value => navigator.clipboard.writeText(value)", value)
    field.click()
    field.press("Control+a")
    field.press("Delete")
    field.press("Control+v")


def test_pasted_text_is_kept_whole_counted_and_refused_past_the_limit(
    live_server, demo_plan, new_context
):
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail or username").fill("planner@demo.planner.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/assessments/")
    needs_before = Need.objects.filter(plan=demo_plan).count()

    page.get_by_role("link", name="+ Add a need", exact=True).click()
    form = page.locator("form.inline-form")
    statement = form.locator("[name=statement]")
    expect(statement).to_be_visible()
    assert statement.get_attribute("maxlength") is None
    counter = form.locator(".length-counter").first
    expect(counter).to_have_text("0 / 1,000")

    too_long = text(1200)
    paste(page, statement, too_long)
    assert statement.input_value() == too_long  # all 1,200 characters, nothing cut
    expect(counter).to_have_text("1,200 / 1,000 · 200 too many")
    expect(counter).to_have_class(re.compile(r"\btext-danger\b"))

    form.get_by_role("button", name="Save").click()
    message = "This text has 1200 characters; 1000 at most fit here. Nothing was saved or cut"
    expect(page.get_by_text(message)).to_be_visible()
    # The refused form is swapped in by htmx, with the text whole and its counter drawn again.
    refused = page.locator("form.inline-form")
    assert refused.locator("[name=statement]").input_value() == too_long
    expect(refused.locator(".length-counter").first).to_have_text("1,200 / 1,000 · 200 too many")
    assert Need.objects.filter(plan=demo_plan).count() == needs_before

    fits = text(900)
    paste(page, refused.locator("[name=statement]"), fits)
    expect(refused.locator(".length-counter").first).to_have_text("900 / 1,000")
    expect(refused.locator(".length-counter").first).not_to_have_class(
        re.compile(r"\btext-danger\b")
    )
    refused.get_by_role("button", name="Save").click()
    expect(page.locator(".inline-row", has_text=fits[:60]).first).to_be_visible()
    expect(page.locator("form.inline-form")).to_have_count(0)
    saved = Need.objects.get(plan=demo_plan, statement__startswith=fits[:60])
    assert saved.statement == fits and len(saved.statement) == 900
