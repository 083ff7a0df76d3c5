"""In a French Chromium, "71,3" typed into a number field is 71.3: never 713.

A browser's ``<input type=number>`` reads what is typed by the browser's own locale; a French
Chromium turned "71,3" into 713. The forms use text inputs read by the server's one parser, in
the user's language: this journey types the figures key by key, as a planner would.
"""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import User
from monitoring.models import KPI, Measurement
from plans.demo import DEMO_PASSWORD
from resources.models import BudgetLine
from tests.e2e.conftest import field_label

pytestmark = pytest.mark.e2e


def test_a_french_planner_types_french_figures_and_they_are_read_as_written(
    live_server, demo_plan, new_context, artifacts_dir
):
    User.objects.filter(email="planner@demo.planner.test").update(language="fr")
    kpi = KPI.objects.filter(plan=demo_plan).order_by("position", "id").first()
    KPI.objects.filter(pk=kpi.pk).update(baseline_date=datetime.date(2020, 1, 1))
    context = new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("planner@demo.planner.test")  # a French page
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Se connecter").click()
    assert page.url == f"{live_server.url}/", page.content()[:2000]

    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/monitoring/kpi/{kpi.pk}/")
    link = page.get_by_role("link", name="+ Ajouter une mesure", exact=True)
    collection = page.locator(".inline-collection").filter(has=link)
    link.click()
    form = collection.locator("form.inline-form")
    value = form.get_by_label(field_label("Valeur"))
    assert value.get_attribute("type") == "text"
    assert value.get_attribute("inputmode") == "decimal"
    form.get_by_label(field_label("Date ou période")).press_sequentially("2021")
    value.press_sequentially("71,3")
    form.get_by_role("button", name="Enregistrer").click()
    expect(collection.locator(".inline-row", has_text="2021")).to_be_visible()
    row = collection.locator(".inline-row", has_text="2021")
    expect(row).to_contain_text("71,3")
    saved = Measurement.objects.get(kpi=kpi, period="2021")
    assert saved.value == Decimal("71.3")

    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/resources/")
    link = page.get_by_role("link", name="+ Ajouter une ligne budgétaire", exact=True)
    budget = page.locator(".inline-collection").filter(has=link)
    link.click()
    form = budget.locator("form.inline-form")
    form.get_by_label(field_label("Description")).fill("Programme national de dépistage")
    form.get_by_label(field_label("Montant prévu")).press_sequentially("52 000 000 000")
    form.get_by_label(field_label("Engagé")).press_sequentially("4 057,9")
    form.get_by_role("button", name="Enregistrer").click()
    expect(budget.locator(".inline-row", has_text="Programme national")).to_be_visible()
    page.screenshot(path=artifacts_dir / "french-numbers-budget.png", full_page=True)
    line = BudgetLine.objects.get(plan=demo_plan, description="Programme national de dépistage")
    assert line.amount == Decimal("52000000000")
    assert line.committed == Decimal("4057.9")
