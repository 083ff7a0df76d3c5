"""The objectives & scope section: registered with the plan in ``apps.ready()``."""

from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section

from . import selectors
from .demo import demo
from .models import Goal, Scope

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
    goals = list(
        Goal.objects.filter(plan=plan).only(
            "id",
            "statement",
            "specific_outcome",
            "metric",
            "baseline",
            "target",
            "achievable_rationale",
            "need_id",
            "relevance",
            "target_date",
        )
    )
    scope = selectors.scope_for_plan(plan)
    missing = []
    checks = 0
    if goals:
        checks += 1
    else:
        missing.append(_("Write at least one goal."))
    if any(not g.smart_missing() for g in goals):
        checks += 1
    else:
        missing.append(_("At least one goal must meet all five SMART criteria."))
    if scope and scope.in_scope and scope.out_of_scope:
        checks += 1
    else:
        missing.append(_("Say what is in scope and what is out of scope."))
    if scope and scope.target_population:
        checks += 1
    else:
        missing.append(_("Describe the target population."))
    return Completeness(done=checks, total=4, missing=tuple(missing))


section = Section(
    key="objectives",
    title=_("Objectives & scope"),
    order=20,
    guidance=GUIDANCE,
    url_name="objectives:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="objectives/document.html",
    models=(Goal, Scope),
    items=(selectors.GOAL, selectors.SCOPE),
    demo=demo,
    demo_after=("assessments",),
)
