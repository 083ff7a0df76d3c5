"""The objectives & scope section: registered with the plan in ``apps.ready()``."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section

from . import selectors
from .demo import demo
from .models import Goal

GUIDANCE = _(
    "Say what the plan will achieve and where it stops.\n"
    "Good goals are SMART: each names a specific outcome, a measure with a baseline and a "
    "target, the reason the target is realistic, the need it answers, and a date within the "
    "plan. Write few goals, and make each one checkable by someone outside the team.\n"
    "The scope draws the boundaries: what is in and out, who the intervention is for and how "
    "many people that is, the places and areas of life it touches, and other initiatives "
    "working on the same ground. A scope that is too broad spreads resources thin; one that is "
    "too narrow misses the cause of the problem."
)


def completeness(plan):
    """Goals, one of them SMART, and the scope: counted in SQL (``MISSING_SMART`` is the
    database's reading of ``Goal.smart_missing``), however many goals the plan holds."""
    goals = Goal.objects.filter(plan=plan).aggregate(
        total=Count("id"), smart=Count("id", filter=~selectors.MISSING_SMART)
    )
    scope = selectors.scope_for_plan(plan)
    return Completeness.of(
        (goals["total"], _("Write at least one goal.")),
        (
            goals["smart"],
            _("At least one goal must meet all five SMART criteria."),
        ),
        (
            scope and scope.in_scope and scope.out_of_scope,
            _("Say what is in scope and what is out of scope."),
        ),
        (scope and scope.target_population, _("Describe the target population.")),
    )


section = Section(
    key="objectives",
    title=_("Objectives & scope"),
    order=20,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=(selectors.GOAL, selectors.SCOPE),
    demo=demo,
    demo_after=("assessments",),
)
