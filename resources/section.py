"""The resources & budget section: registered with the plan in ``apps.ready()``."""

from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section

from . import selectors
from .demo import demo
from .models import TeamMember

GUIDANCE = _(
    "List what the plan needs to run: the people, their time and cost, and the money.\n"
    "Name each team member with the part they play and the share of their time the plan can "
    "count on; link their account so their tasks reach them. Give every budget line a "
    "category and a funding source, then follow it from planned to committed to spent; the "
    "action plan then says which tasks each line and each allocation is for.\n"
    "Keep a contingency reserve for the unexpected, and check the allocation view: a person "
    "booked above full time, or a budget above its ceiling, is a plan that will slip."
)


def completeness(plan):
    budget = selectors.budget_checks(plan, selectors.settings_for_plan(plan))
    has_team = TeamMember.objects.filter(plan=plan).exists()
    has_lines = budget["lines"] > 0
    return Completeness.of(
        (has_team, _("Add the people who will work on the plan.")),
        (has_lines, _("Add at least one budget line.")),
        (has_lines and not budget["unfunded"], _("Give every budget line a funding source.")),
        (
            has_lines and not budget["unknown_planned"],
            _("Give every budget line its planned amount."),
        ),
        (
            has_lines and not budget["contingency_short"],
            _("Set aside a contingency reserve that meets its target share."),
        ),
        (
            budget["ceiling"] is not None and not budget["over_ceiling"],
            _("Set a budget ceiling and keep the planned budget within it."),
        ),
        (
            selectors.over_allocated_count(plan) == 0,
            _("Nobody should be allocated above 100 % of their time."),
        ),
    )


section = Section(
    key="resources",
    title=_("Resources & budget"),
    order=50,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=(selectors.SETTINGS, selectors.MEMBER, selectors.BUDGET_LINE, selectors.ALLOCATION),
    derived=selectors.DERIVED,
    demo=demo,
)
