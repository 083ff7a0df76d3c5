"""Writes of the resources section beyond plain item CRUD: the budget settings, bulk creation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from plans.models import Plan
from plans.sections.items import item_update, next_position
from plans.sections.singleton import singleton_save

from .models import BudgetLine, ResourcesSettings, plan_currency


@transaction.atomic
def settings_save(*, plan, data, expected_version, user, reason=None):
    """Create the plan's budget settings on first save, then update them under the version check."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one currency change at once
    currency = data.get("currency")
    others = BudgetLine.objects.none()
    if currency and currency != plan_currency(plan.pk):
        others = BudgetLine.objects.filter(plan=plan).exclude(currency=currency)
        with_amounts = Q(amount__isnull=False) | Q(committed__isnull=False) | Q(spent__isnull=False)
        if others.filter(with_amounts).exists():
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
    saved = singleton_save(
        plan=plan,
        model=ResourcesSettings,
        data=data,
        expected_version=expected_version,
        user=user,
        reason=reason,
    )
    # Lines with no amount yet (a template's skeleton) have nothing to convert: they follow.
    for line in others.order_by("pk"):
        item_update(
            instance=line,
            data={"currency": currency},
            expected_version=line.version,
            user=user,
            reason=reason
            or _("The budget's currency changed to %(currency)s.") % {"currency": currency},
        )
    return saved


@transaction.atomic
def items_bulk_create(*, plan, model, rows, user):
    """``item_create`` for many rows of one of the section's models (demo data, imports).

    Each row is validated as ``item_create`` validates it (``full_clean()``, which also checks
    that linked items are of this plan), goes at the end of its list and gets a history row;
    the rows are written together. The first invalid row's errors are raised, nothing saved.
    """
    first = next_position(model, plan)
    items = []
    for n, data in enumerate(rows):
        item = model(plan=plan, position=first + n, **data)
        item.full_clean()
        items.append(item)
    return bulk_create_with_history(items, model, default_user=user)
