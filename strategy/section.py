"""The strategy section (order 40): logic model, barriers and assumptions, methods."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.sections import Completeness, Section

from . import selectors
from .demo import demo
from .models import Assumption, Barrier, LogicElement, Method, Stage

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
    missing = []
    done = 0
    if len(stages) == len(Stage):
        done += 1
    else:
        missing.append(_("Fill every stage of the logic model, from inputs to impact."))
    if methods["total"]:
        done += 1
    else:
        missing.append(_("Choose at least one intervention method."))
    if unserved:
        missing.append(
            ngettext(
                "%(count)s goal is served by no method.",
                "%(count)s goals are served by no method.",
                unserved,
            )
            % {"count": unserved}
        )
    elif methods["total"]:
        done += 1
    else:
        missing.append(_("Link the methods to the goals they serve."))
    if methods["total"] and not methods["orphans"]:
        done += 1
    elif methods["orphans"]:
        missing.append(
            ngettext(
                "%(count)s method serves no goal.",
                "%(count)s methods serve no goal.",
                methods["orphans"],
            )
            % {"count": methods["orphans"]}
        )
    if assumptions["total"]:
        done += 1
    else:
        missing.append(_("Write down the assumptions the strategy relies on."))
    if assumptions["unwatched"]:
        missing.append(
            ngettext(
                "%(count)s assumption is watched by no risk.",
                "%(count)s assumptions are watched by no risk.",
                assumptions["unwatched"],
            )
            % {"count": assumptions["unwatched"]}
        )
    elif assumptions["total"]:
        done += 1
    return Completeness(done=done, total=6, missing=tuple(missing))


section = Section(
    key="strategy",
    title=_("Strategy"),
    order=40,
    guidance=GUIDANCE,
    url_name="strategy:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="strategy/document.html",
    models=(LogicElement, Barrier, Assumption, Method),
    items=selectors.ITEM_TYPES,
    derived=("coverage",),  # what serves nothing and what nothing serves, from the items
    demo=demo,
    demo_after=("objectives", "assessments"),
)
