"""Bulk creation of resources rows (demo data, imports) validates each row like a form save."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.models import Role
from resources.models import BudgetLine
from resources.services import items_bulk_create
from tests.resources.factories import ResourcesSettingsFactory

pytestmark = pytest.mark.django_db


def line(**changes):
    return {"description": "Cushions", "amount": Decimal("10"), "currency": "EUR", **changes}


def test_rows_go_at_the_end_of_the_list_with_their_history(people, plan):
    planner = people[Role.PLANNER]
    created = items_bulk_create(
        plan=plan, model=BudgetLine, rows=[line(), line(description="Signs")], user=planner
    )
    assert [b.position for b in created] == [0, 1]
    assert {r.history_user for r in BudgetLine.history.filter(plan_id=plan.pk)} == {planner}


def test_an_invalid_row_is_refused_and_nothing_is_saved(people, plan):
    ResourcesSettingsFactory(plan=plan, currency="EUR")
    with pytest.raises(ValidationError, match="enter the amount in EUR"):
        items_bulk_create(
            plan=plan,
            model=BudgetLine,
            rows=[line(), line(currency="USD")],
            user=people[Role.PLANNER],
        )
    assert not BudgetLine.objects.exists()
