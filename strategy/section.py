"""The strategy section (order 40): logic model, barriers and assumptions, methods."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from plans.sections import Completeness, Section, none_lacking

from . import selectors
from .demo import demo
from .models import Assumption, LogicElement, Method, Stage

GUIDANCE = _(
    "Show how the plan gets from what it puts in to the change it seeks.\n"
    "The logic model reads from left to right: the inputs you commit, the activities they pay "
    "for, the outputs those activities deliver, the outcomes that follow for people, and the "
    "lasting impact. Link each element to the goals and needs it serves: an element that serves "
    "nothing is a cost without a reason, a goal that nothing serves will not be reached.\n"
    "Name the barriers in the way and the assumptions the chain relies on; the risk register "
    "will watch the assumptions.\n"
    "Choose methods that fit the people you work with and have worked elsewhere, and say how "
    "each could grow and how it will last after the plan."
)

UNSERVED = ngettext_lazy(
    "%(count)s goal is served by no method.", "%(count)s goals are served by no method.", "count"
)
ORPHANS = ngettext_lazy(
    "%(count)s method serves no goal.", "%(count)s methods serve no goal.", "count"
)
UNWATCHED = ngettext_lazy(
    "%(count)s assumption is watched by no risk.",
    "%(count)s assumptions are watched by no risk.",
    "count",
)


def completeness(plan):
    Goal = selectors.Goal
    stages = set(LogicElement.objects.filter(plan=plan).values_list("stage", flat=True))
    methods = Method.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        orphans=Count("id", filter=Q(goals__isnull=True), distinct=True),
    )
    unserved = Goal.objects.filter(plan=plan, methods__isnull=True).count()
    assumptions = Assumption.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        unwatched=Count("id", filter=Q(risks__isnull=True), distinct=True),
    )
    # Without methods (or assumptions), the checks of their links say nothing more.
    return Completeness.of(
        (
            len(stages) == len(Stage),
            _("Fill every stage of the logic model, from inputs to impact."),
        ),
        (methods["total"], _("Choose at least one intervention method.")),
        none_lacking(
            methods["total"], unserved, UNSERVED, _("Link the methods to the goals they serve.")
        ),
        none_lacking(methods["total"], methods["orphans"], ORPHANS),
        (assumptions["total"], _("Write down the assumptions the strategy relies on.")),
        none_lacking(assumptions["total"], assumptions["unwatched"], UNWATCHED),
    )


section = Section(
    key="strategy",
    title=_("Strategy"),
    order=40,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=selectors.ITEM_TYPES,
    derived=("coverage",),  # what serves nothing and what nothing serves, from the items
    demo=demo,
    demo_after=("objectives", "assessments"),
)
