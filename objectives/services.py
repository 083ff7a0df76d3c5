from django.db import transaction

from plans.inline import item_create, item_update
from plans.models import Plan

from .models import Scope


@transaction.atomic
def scope_save(*, plan, data, expected_version, user, reason=None):
    """Create the plan's scope on first save, then update it under the version check."""
    # Lock the plan row so two first saves cannot both create a scope.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    scope = Scope.objects.filter(plan=plan).first()
    if scope is None:
        return item_create(plan=plan, model=Scope, data=data, user=user)
    return item_update(
        instance=scope, data=data, expected_version=expected_version, user=user, reason=reason
    )
