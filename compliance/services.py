"""Writes of the compliance section beyond plain item editing."""

from django.db import transaction
from django.utils import translation

from plans.models import Plan
from plans.sections.items import item_create

from .models import Requirement, RequirementStatus
from .starters import starters_for


@transaction.atomic
def requirements_add_starters(*, plan, keys, user):
    """Add the chosen starter items of the plan's sector, skipping those it already has."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    present = set(
        Requirement.objects.filter(plan=plan)
        .exclude(starter_key="")
        .values_list("starter_key", flat=True)
    )
    created = []
    with translation.override(plan.language):
        for key, category, text in starters_for(plan.sector):
            if key in keys and key not in present:
                requirement = item_create(
                    plan=plan,
                    model=Requirement,
                    data={
                        "requirement": str(text),
                        "category": category,
                        "status": RequirementStatus.TO_ASSESS,
                        "starter_key": key,
                    },
                    user=user,
                )
                created.append(requirement)
    return created
