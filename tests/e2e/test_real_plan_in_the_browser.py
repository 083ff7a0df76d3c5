"""A real French plan typed into the app in a French Chromium, field by field, as a planner would.

The same fixture as ``tests/real_plans`` (a national tobacco programme): every item is added
through its list's inline form on its page (a KPI's targets and measurements on the KPI's page),
numbers typed key by key the French way ("26,9"). Nothing may be refused; what was typed is what
is stored.
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import User
from monitoring.models import KPI, Measurement
from plans.demo import DEMO_PASSWORD
from plans.models import Plan
from resources.models import BudgetLine
from tests.real_plans.collections import collection
from tests.real_plans.entry import FIXTURES, load, resolve

pytestmark = pytest.mark.e2e

FIXTURE = FIXTURES / "fr_programme_reduction_tabagisme.json"


def fill_form(form, data, refs):
    """Each field by its name: selects by value, boxes ticked, numbers typed key by key."""
    for name, value in data.items():
        field = form.locator(f'[name="{name}"]').first
        if field.get_attribute("type") == "hidden":
            continue
        tag = field.evaluate("el => el.tagName")
        value = resolve(value, refs)
        if tag == "SELECT":
            if value in ("", []):
                continue
            field.select_option(value if isinstance(value, list) else [value])
        elif field.get_attribute("type") == "checkbox":
            if value:
                field.check()
        elif field.get_attribute("inputmode") in ("decimal", "numeric"):
            field.fill("")
            if value:
                field.press_sequentially(value)
        else:
            field.fill(value)


def test_a_french_planner_types_a_real_plan_in(live_server, demo_plan, new_context, artifacts_dir):
    spec = load(FIXTURE)
    User.objects.filter(email="planner@demo.planner.test").update(language="fr")
    context = new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("planner@demo.planner.test")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Se connecter").click()
    assert page.url == f"{live_server.url}/", page.content()[:2000]

    page.goto(f"{live_server.url}/plans/new/")
    form = page.locator("main form")
    fill_form(form, spec["plan"], {})
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    plan = Plan.objects.get(title=spec["plan"]["title"])

    refs = {}
    for number, item in enumerate(spec["items"]):
        declared = collection(item["add"])
        model = declared.model
        before = set(model.objects.filter(plan=plan).values_list("pk", flat=True))
        if item.get("edit"):
            page.goto(live_server.url + declared.edit_url(plan))
            form = page.locator("main form").filter(has=page.locator('[name="currency"]'))
            fill_form(form, item["data"], refs)
            with page.expect_navigation():  # saved, the page it belongs to comes back
                form.locator("[type=submit]").click()
            expect(page.locator(".invalid-feedback")).to_have_count(0)
            assert model.objects.filter(plan=plan).count() == 1, f"item {number} not saved"
            continue
        parent = None
        if item.get("parent"):
            ((_key, ref),) = item["parent"].items()
            parent = refs[ref[1:]]
        page.goto(live_server.url + declared.page_url(plan, parent))
        add_url = declared.url("add", plan)
        link = page.locator(f'a[href^="{add_url}"]').first
        link.click()
        form = page.locator(f"#{declared.dom_id} form.inline-form")
        expect(form).to_be_visible()
        fill_form(form, item["data"], refs)
        form.locator("[type=submit]").click()
        expect(form, f"item {number} ({item['add']}) refused").to_have_count(0)
        saved = model.objects.filter(plan=plan).exclude(pk__in=before)
        count = saved.count()
        assert count == 1, f"item {number} ({item['add']}): {count} rows saved"
        if "ref" in item:
            refs[item["ref"]] = saved.get()

    page.goto(f"{live_server.url}/plans/{plan.uuid}/monitoring/")
    page.screenshot(path=artifacts_dir / "real-plan-fr-monitoring.png", full_page=True)
    kpi = KPI.objects.get(plan=plan, name__startswith="Part des fumeurs quotidiens")
    assert sorted(Measurement.objects.filter(kpi=kpi).values_list("period", "value")) == [
        ("2017", Decimal("26.9")),
        ("2018", Decimal("25.4")),
        ("2019", Decimal("24.0")),
    ]
    fonds = BudgetLine.objects.get(plan=plan, description="Fonds de lutte contre le tabac")
    assert fonds.amount is None  # not published: unknown, not 0
    assert fonds.sub_lines.get().description == "Campagne Mois sans tabac"
