from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from plans.models import Role
from resources.formatting import format_money
from resources.models import BudgetLine, Category, ResourcesSettings
from resources.section import completeness
from resources.selectors import budget_summary, snapshot
from tests.resources.factories import (
    BudgetLineFactory,
    ResourcesSettingsFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_url(plan):
    return reverse("resources:budget_add", kwargs={"plan": plan.uuid})


def line_data(**changes):
    data = {
        "category": Category.EQUIPMENT,
        "description": "Speed cushions",
        "amount": "12500.50",
        "currency": "EUR",
        "committed": "0",
        "spent": "0",
        "funding_source": "City budget",
    }
    data.update(changes)
    return data


def test_a_planner_adds_a_budget_line_with_a_decimal_amount(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), line_data(), **HTMX)
    assert response.status_code == 200
    line = BudgetLine.objects.get(plan=plan)
    assert line.amount == Decimal("12500.50")
    assert isinstance(line.amount, Decimal)
    assert line.history.get().history_user == people[Role.PLANNER]


def test_a_negative_amount_is_refused_with_a_clear_message(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), line_data(amount="-5"))
    assert response.status_code == 400
    assert "An amount cannot be negative." in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_a_negative_spent_amount_is_refused_too(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), line_data(spent="-1"))
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()


def test_an_amount_in_another_currency_than_the_plans_is_refused(client_for, people, plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    response = client_for(people[Role.PLANNER]).post(add_url(plan), line_data(currency="USD"))
    assert response.status_code == 400
    assert "This plan&#x27;s budget is in EUR: enter the amount in EUR." in (
        response.content.decode()
    )
    assert not BudgetLine.objects.exists()


def test_the_currency_cannot_change_while_lines_exist_in_the_old_one(client_for, people, plan):
    settings = ResourcesSettingsFactory(plan=plan, currency="EUR")
    BudgetLineFactory(plan=plan)
    url = reverse("resources:settings_edit", kwargs={"plan": plan.uuid})
    response = client_for(people[Role.OWNER]).post(
        url, {"currency": "USD", "contingency_target": "10", "version": settings.version}
    )
    assert response.status_code == 400
    assert "amounts are not converted" in response.content.decode()
    assert ResourcesSettings.objects.get(plan=plan).currency == "EUR"


def test_lines_with_no_amount_yet_follow_a_change_of_currency(client_for, people, plan):
    """A template's budget lines have no amounts: nothing to convert, so nothing to remove."""
    line = BudgetLineFactory(plan=plan, currency="EUR", amount=None, committed=None, spent=None)
    url = reverse("resources:settings_edit", kwargs={"plan": plan.uuid})
    response = client_for(people[Role.OWNER]).post(
        url, {"currency": "GBP", "contingency_target": "10", "version": ""}
    )
    assert response.status_code == 302
    assert ResourcesSettings.objects.get(plan=plan).currency == "GBP"
    line.refresh_from_db()
    assert line.currency == "GBP"
    assert line.history.first().history_user == people[Role.OWNER]


def test_budget_settings_are_created_then_refused_when_stale(client_for, people, plan):
    url = reverse("resources:settings_edit", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.PLANNER])
    data = {"currency": "GBP", "budget_ceiling": "5000", "contingency_target": "5"}
    assert c.post(url, {**data, "version": ""}).status_code == 302
    assert ResourcesSettings.objects.get(plan=plan).currency == "GBP"
    assert c.post(url, {**data, "budget_ceiling": "1", "version": 7}).status_code == 409
    assert ResourcesSettings.objects.get(plan=plan).budget_ceiling == Decimal("5000")


def test_totals_by_category_and_source_with_contingency_share_and_ceiling(plan):
    ResourcesSettingsFactory(plan=plan, budget_ceiling=Decimal("1000"), contingency_target=10)
    BudgetLineFactory(
        plan=plan, amount=Decimal("600.10"), committed=Decimal("100"), spent=Decimal("40.50")
    )
    BudgetLineFactory(
        plan=plan,
        category=Category.PERSONNEL,
        amount=Decimal("400"),
        committed=Decimal("250"),
        spent=Decimal("125"),
        funding_source="Grant",
    )
    BudgetLineFactory(plan=plan, category=Category.CONTINGENCY, amount=Decimal("50"))
    summary = budget_summary(plan)
    assert summary["total"] == {
        "planned": Decimal("1050.10"),
        "committed": Decimal("350"),
        "spent": Decimal("165.50"),
    }
    committed = {r["key"]: (r["committed"], r["spent"]) for r in summary["by_source"]}
    assert committed == {
        "City budget": (Decimal("100"), Decimal("40.50")),
        "Grant": (Decimal("250"), Decimal("125")),
    }
    by_category = {r["key"]: r["planned"] for r in summary["by_category"]}
    assert by_category == {
        "personnel": Decimal("400"),
        "equipment": Decimal("600.10"),
        "contingency": Decimal("50"),
    }
    by_source = {r["key"]: r["planned"] for r in summary["by_source"]}
    assert by_source == {"City budget": Decimal("650.10"), "Grant": Decimal("400")}
    assert summary["contingency_share"] == Decimal("4.8")
    assert summary["contingency_short"]
    assert summary["over_ceiling"]
    assert summary["over_by"] == Decimal("50.10")


def test_the_page_flags_a_budget_over_the_ceiling_and_draws_both_charts(client_for, people, plan):
    ResourcesSettingsFactory(plan=plan, budget_ceiling=Decimal("500"))
    BudgetLineFactory(plan=plan, amount=Decimal("1234.5"))
    response = client_for(people[Role.VIEWER]).get(
        reverse("resources:page", kwargs={"plan": plan.uuid})
    )
    content = response.content.decode()
    assert "The planned budget is over the ceiling by €734.50." in content
    assert 'id="budget-by-category-title"' in content
    assert 'id="budget-by-source-title"' in content
    assert "€1,234.50" in content


def test_the_page_totals_committed_and_spent(client_for, people, plan):
    BudgetLineFactory(
        plan=plan, amount=Decimal("900"), committed=Decimal("700"), spent=Decimal("1")
    )
    BudgetLineFactory(
        plan=plan, amount=Decimal("100"), committed=Decimal("55"), spent=Decimal("2.5")
    )
    content = (
        client_for(people[Role.VIEWER])
        .get(reverse("resources:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    footer = content[content.index("<tfoot>") : content.index("</tfoot>")]
    assert [cell.split(">", 1)[1].split("<", 1)[0] for cell in footer.split("<td")[1:]] == [
        "€1,000.00",
        "€755.00",
        "€3.50",
    ]


def test_the_allocation_page_flags_a_budget_over_the_ceiling(client_for, people, plan):
    settings = ResourcesSettingsFactory(plan=plan, budget_ceiling=Decimal("500"))
    BudgetLineFactory(plan=plan, amount=Decimal("620"))
    url = reverse("resources:allocation", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])
    content = c.get(url).content.decode()
    assert "The planned budget is over the ceiling by €120.00." in content
    settings.budget_ceiling = Decimal("700")
    settings.save()
    assert "over the ceiling" not in c.get(url).content.decode()


def test_amounts_follow_the_plans_language():
    assert format_money(Decimal("1234567.5"), "EUR", "en") == "€1,234,567.50"
    assert format_money(Decimal("1234567.5"), "EUR", "fr") == "1\u00a0234\u00a0567,50\u00a0€"
    assert format_money("12", "CHF", "en") == "CHF\u00a012.00"


def test_a_french_plan_shows_french_amounts(client_for, people, plan):
    plan.language = "fr"
    plan.save()
    BudgetLineFactory(plan=plan, amount=Decimal("2500"))
    content = (
        client_for(people[Role.VIEWER])
        .get(reverse("resources:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    assert "2\u00a0500,00\u00a0€" in content


def test_the_budget_list_filters_by_category_and_source(client_for, people, plan):
    BudgetLineFactory(plan=plan, description="Cushions", category=Category.EQUIPMENT)
    BudgetLineFactory(plan=plan, description="Supervisors", category=Category.PERSONNEL)
    BudgetLineFactory(plan=plan, description="Leaflets", funding_source="Foundation")
    url = reverse("resources:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])
    by_category = c.get(
        url, {"budget-category": "personnel"}, HTTP_HX_TARGET="coll-resources-budget", **HTMX
    )
    assert "Supervisors" in by_category.content.decode()
    assert "Cushions" not in by_category.content.decode()
    by_source = c.get(
        url, {"budget-source": "Foundation"}, HTTP_HX_TARGET="coll-resources-budget", **HTMX
    )
    assert "Leaflets" in by_source.content.decode()
    assert "Supervisors" not in by_source.content.decode()


def test_a_line_shows_the_tasks_it_pays_for_in_the_page_and_the_snapshot(client_for, people, plan):
    from tests.actions.factories import TaskFactory

    line = BudgetLineFactory(plan=plan, description="Speed cushions")
    BudgetLineFactory(plan=plan, description="Leaflets")
    for title in ("Road works", "Temporary crossings"):
        TaskFactory(plan=plan, title=title).budget_lines.add(line)
    content = (
        client_for(people[Role.VIEWER])
        .get(reverse("resources:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    assert "pays for “Road works”" in content and "pays for “Temporary crossings”" in content
    assert content.count("pays for") == 2
    lines = {b["description"]: b for b in snapshot(plan)["budget_lines"]}
    assert lines["Speed cushions"]["task"] == "Road works, Temporary crossings"
    assert lines["Leaflets"]["task"] == ""
    html = render_to_string("resources/document.html", {"data": snapshot(plan)})
    assert "Road works, Temporary crossings" in html


def test_the_budget_line_form_has_no_task_field(client_for, people, plan):
    form = client_for(people[Role.PLANNER]).get(add_url(plan), **HTMX).content.decode()
    assert 'name="funding_source"' in form and 'name="task"' not in form


def test_completeness_asks_for_team_funding_reserve_and_ceiling(plan):
    assert not completeness(plan).is_complete
    ResourcesSettingsFactory(plan=plan, budget_ceiling=Decimal("2000"))
    TeamMemberFactory(plan=plan)
    BudgetLineFactory(plan=plan, amount=Decimal("900"), funding_source="")
    assert "Give every budget line a funding source." in completeness(plan).missing
    BudgetLine.objects.update(funding_source="City")
    assert any("contingency" in str(m) for m in completeness(plan).missing)
    BudgetLineFactory(plan=plan, category=Category.CONTINGENCY, amount=Decimal("100"))
    assert completeness(plan).is_complete


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [("900", Category.MATERIALS, None), ("100", Category.CONTINGENCY, None)],
        [("1500", Category.MATERIALS, None), (None, Category.TRAVEL, None)],
        # A sub-line details its parent: it is not counted twice, nor its unknown amount.
        [
            ("1000", Category.SERVICES, None),
            (None, Category.SERVICES, 0),
            ("60", Category.CONTINGENCY, None),
        ],
    ],
)
def test_the_completeness_checks_say_what_the_budget_summary_says(plan, lines):
    from resources.selectors import budget_checks, settings_for_plan

    ResourcesSettingsFactory(plan=plan, budget_ceiling=Decimal("2000"))
    made = []
    for amount, category, parent in lines:
        made.append(
            BudgetLineFactory(
                plan=plan,
                amount=Decimal(amount) if amount else None,
                category=category,
                parent=made[parent] if parent is not None else None,
            )
        )
    settings = settings_for_plan(plan)
    checks, summary = budget_checks(plan, settings), budget_summary(plan, settings)
    for key in ("unknown_planned", "contingency_short", "ceiling", "over_ceiling"):
        assert checks[key] == summary[key], key
    assert checks["lines"] == len(lines)


def test_the_document_renders_the_snapshot_with_charts(plan):
    BudgetLineFactory(plan=plan, description="Speed cushions", amount=Decimal("86000"))
    TeamMemberFactory(plan=plan, name="Julie Moreau")
    html = render_to_string("resources/document.html", {"data": snapshot(plan)})
    assert "Speed cushions" in html and "Julie Moreau" in html
    assert "€86,000.00" in html
    assert html.count('role="img"') == 2


def test_the_snapshot_keeps_money_as_strings(plan):
    BudgetLineFactory(plan=plan, amount=Decimal("10.05"))
    data = snapshot(plan)
    assert data["budget_lines"][0]["amount"] == "10.05"
    assert data["totals"]["planned"] == "10.05"


def test_the_page_of_a_plan_without_budget_lines_shows_empty_charts(client_for, people, plan):
    response = client_for(people[Role.VIEWER]).get(
        reverse("resources:page", kwargs={"plan": plan.uuid})
    )
    assert response.status_code == 200
    assert "No budget lines yet." in response.content.decode()
