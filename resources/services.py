from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
