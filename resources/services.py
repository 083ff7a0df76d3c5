"""Writes of the resources section beyond plain item CRUD: the budget settings, bulk creation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from plans.inline import item_create, item_update
from plans.models import Plan

from .models import BudgetLine, ResourcesSettings, plan_currency


@transaction.atomic
def settings_save(*, plan, data, expected_version, user, reason=None):
    """Create the plan's budget settings on first save, then update them under the version check."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    current = ResourcesSettings.objects.filter(plan=plan).first()
    currency = data.get("currency")
    if currency and currency != plan_currency(plan.pk):
        others = BudgetLine.objects.filter(plan=plan).exclude(currency=currency).count()
        if others:
            # Amounts are never converted behind the planner's back.
            raise ValidationError(
                {
                    "currency": _(
                        "The budget already has lines in %(currency)s and amounts are not "
                        "converted: remove those lines before changing the currency."
                    )
                    % {"currency": plan_currency(plan.pk)}
                }
            )
    if current is None:
        return item_create(plan=plan, model=ResourcesSettings, data=data, user=user)
    return item_update(
        instance=current, data=data, expected_version=expected_version, user=user, reason=reason
    )


@transaction.atomic
def items_bulk_create(*, plan, model, rows, user):
    """``item_create`` for many rows of one of the section's models (demo data, imports).

    Each row is validated as ``item_create`` validates it (fields and ``clean()``, which checks
    that related items are of this plan), gets a history row and goes at the end of its list,
    in a few queries for all. Related items are passed as instances: their existence and the
    check constraints are left to the database rather than asked one row at a time.
    """
    last = model.objects.filter(plan=plan).aggregate(m=Max("position"))["m"]
    first = 0 if last is None else last + 1
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    items = []
    for n, data in enumerate(rows):
        item = model(plan=plan, position=first + n, **data)
        item.full_clean(exclude=relations, validate_constraints=False)
        items.append(item)
    return bulk_create_with_history(items, model, default_user=user)
