"""Budgets as real plans publish them: amounts not yet known, "of which" lines, French figures,
national-programme amounts, and implausible figures flagged but kept."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from plans.models import Role
from resources.models import BudgetLine, Category
from resources.section import completeness
from resources.selectors import budget_summary, snapshot
from tests.resources.factories import BudgetLineFactory, ResourcesSettingsFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_url(plan):
    return reverse("resources:budget_add", kwargs={"plan": plan.uuid})


def page(client, plan):
    return client.get(reverse("resources:page", kwargs={"plan": plan.uuid})).content.decode()


def line(**changes):
    data = {"category": Category.SERVICES, "description": "Screening", "currency": "EUR"}
    return data | changes


def test_an_amount_not_published_is_stored_unknown_not_zero(client_for, people, plan):
    c = client_for(people[Role.PLANNER])
    response = c.post(add_url(plan), line(amount="", committed="", spent=""), **HTMX)
    assert response.status_code == 200
    saved = BudgetLine.objects.get(plan=plan)
    assert (saved.amount, saved.committed, saved.spent) == (None, None, None)
    html = page(c, plan)
    assert "amount to be determined" in html
    assert "1 budget line has no planned amount yet: the totals leave it out." in html
    assert "Give every budget line its planned amount." in completeness(plan).missing


def test_the_form_offers_no_amount_for_a_new_line(client_for, people, plan):
    html = client_for(people[Role.PLANNER]).get(add_url(plan), **HTMX).content.decode()
    for name in ("amount", "committed", "spent"):
        tag = html[html.index(f'name="{name}"') - 200 : html.index(f'name="{name}"') + 200]
        assert 'type="text"' in tag and 'inputmode="decimal"' in tag
        assert "value=" not in tag.split(f'name="{name}"')[1].split(">")[0]


def test_french_amounts_of_a_national_programme_are_read_as_written(client_for, people, plan):
    planner = people[Role.PLANNER]
    planner.language = "fr"
    planner.save()
    c = client_for(planner)
    data = line(amount="52 000 000 000", committed="4\u00a0057,9", spent="")
    response = c.post(add_url(plan), data, **HTMX)
    assert response.status_code == 200, response.content.decode()[:2000]
    saved = BudgetLine.objects.get(plan=plan)
    assert saved.amount == Decimal("52000000000")
    assert saved.committed == Decimal("4057.9")
    big = line(amount="10 000 000 000 000", description="Beyond 10^13")
    assert c.post(add_url(plan), big, **HTMX).status_code == 200
    assert BudgetLine.objects.get(description="Beyond 10^13").amount == Decimal(10) ** 13
    # Shown back as French writes it, in the edit form.
    edit = reverse("resources:budget_edit", kwargs={"plan": plan.uuid, "pk": saved.pk})
    assert 'value="52\u00a0000\u00a0000\u00a0000"' in c.get(edit, **HTMX).content.decode()


def test_a_sub_line_details_its_parent_and_totals_count_the_parent_once(plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    total = BudgetLineFactory(plan=plan, amount=Decimal("1000"), committed=None, spent=None)
    BudgetLineFactory(plan=plan, parent=total, amount=Decimal("400"), committed=None, spent=None)
    summary = budget_summary(plan)
    assert summary["total"]["planned"] == Decimal("1000")
    data = snapshot(plan)
    assert data["totals"]["planned"] == "1000.00"
    assert [b["parent"] for b in data["budget_lines"]] == ["", total.description]


def test_a_sub_line_cannot_nest_or_point_at_itself(client_for, people, plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    top = BudgetLineFactory(plan=plan)
    sub = BudgetLineFactory(plan=plan, parent=top)
    c = client_for(people[Role.PLANNER])
    response = c.post(add_url(plan), line(amount="5", parent=str(sub.pk)))
    assert response.status_code == 400  # the choice is not offered: a sub-line has no sub-lines
    assert BudgetLine.objects.count() == 2
    edit = reverse("resources:budget_edit", kwargs={"plan": plan.uuid, "pk": top.pk})
    response = c.post(edit, line(amount="5", parent=str(top.pk), version=top.version))
    assert response.status_code == 400
    top.refresh_from_db()
    assert top.parent_id is None


def test_deleting_a_line_with_sub_lines_is_refused_with_a_message(client_for, people, plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    top = BudgetLineFactory(plan=plan, description="Programme")
    BudgetLineFactory(plan=plan, parent=top, description="Of which prevention")
    delete = reverse("resources:budget_delete", kwargs={"plan": plan.uuid, "pk": top.pk})
    response = client_for(people[Role.PLANNER]).post(delete, {"version": top.version}, **HTMX)
    assert response.status_code == 400
    assert "“Of which prevention”" in response.content.decode()
    assert BudgetLine.objects.count() == 2


def test_implausible_figures_are_flagged_and_saved_anyway(client_for, people, plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    c = client_for(people[Role.PLANNER])
    response = c.post(add_url(plan), line(amount="100", committed="150", spent="120"), **HTMX)
    assert response.status_code == 200
    assert BudgetLine.objects.get().spent == Decimal("120")
    html = page(c, plan)
    assert html.count("Committed is above the planned amount.") == 2  # the row and the section
    assert "Spent is above the planned amount." in html
    top = BudgetLine.objects.get()
    BudgetLineFactory(plan=plan, parent=top, amount=Decimal("90"), committed=None, spent=None)
    BudgetLineFactory(plan=plan, parent=top, amount=Decimal("30"), committed=None, spent=None)
    assert "Its sub-lines add up to more than the planned amount." in page(c, plan)


def test_the_document_prints_unknowns_committed_and_sub_lines(plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    top = BudgetLineFactory(plan=plan, description="Programme", amount=None, committed=None)
    BudgetLineFactory(
        plan=plan,
        parent=top,
        description="Prevention",
        amount=Decimal("4057.9"),
        committed=Decimal("12"),
        spent=None,
    )
    plan.language = "fr"
    with translation.override("fr"):
        html = render_to_string(
            "resources/document.html", {"data": snapshot(plan), "title": "Ressources"}
        )
    assert "à déterminer" in html
    assert "non communiqué" in html
    assert "4\u202f057,90\u00a0€" in html or "4\u00a0057,90\u00a0€" in html
    assert "12,00\u00a0€" in html
    assert "partie de « Programme »" in html
    assert "1 ligne budgétaire n’a pas encore de montant prévu" in html


def test_a_budget_line_for_a_period_keeps_it_as_written(client_for, people, plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    c = client_for(people[Role.PLANNER])
    response = c.post(add_url(plan), line(amount="1 000", period="exercice 2024-2025"), **HTMX)
    assert response.status_code == 200
    saved = BudgetLine.objects.get(plan=plan)
    assert saved.period == "exercice 2024-2025"
    assert (saved.period_start.isoformat(), saved.period_end.isoformat()) == (
        "2024-04-01",
        "2025-03-31",
    )
    assert "exercice 2024-2025" in page(c, plan)
    html = render_to_string("resources/document.html", {"data": snapshot(plan), "title": "R"})
    assert "(exercice 2024-2025)" in html
    refused = c.post(add_url(plan), line(amount="5", period="bientôt"), **HTMX)
    assert refused.status_code == 400 and BudgetLine.objects.count() == 1
