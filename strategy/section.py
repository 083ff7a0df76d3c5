"""The strategy section (order 40): logic model, barriers and assumptions, methods."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.inline import item_create
from plans.sections import Completeness, Section

from . import selectors
from .models import (
    Assumption,
    AssumptionStatus,
    Barrier,
    BarrierKind,
    LogicElement,
    Method,
    MethodType,
    Stage,
)

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


# --- demo content ----------------------------------------------------------------------------

DEMO_CHAIN = [
    (Stage.INPUT, "€180,000 over two years from the city road-safety budget", [0], [0]),
    (Stage.INPUT, "Twelve crossing supervisors and 40 volunteer parents", [2], [1]),
    (Stage.ACTIVITY, "Build raised crossings and 30 km/h zones around the four schools", [0], [0]),
    (Stage.ACTIVITY, "Recruit, train and schedule crossing supervisors", [2], [1]),
    (Stage.ACTIVITY, "Run walking buses and road-safety lessons", [1], [1, 2]),
    (Stage.OUTPUT, "Twelve crossings supervised at both peaks", [2], [1]),
    (Stage.OUTPUT, "Six raised crossings built, speed limited to 30 km/h", [0], [0]),
    (Stage.OUTCOME, "Lower speeds and fewer cars at the school gates", [0, 1], [0, 2]),
    (Stage.OUTCOME, "More pupils walk or cycle to school", [1], [2]),
    (Stage.IMPACT, "Children travel to school safely and actively", [0, 1], [0, 1, 2]),
]

DEMO_METHODS = [
    {
        "name": "School streets and raised crossings",
        "method_type": MethodType.POLICY,
        "description": "Close the streets in front of the schools to through-traffic at "
        "drop-off times and build raised crossings on Canal Street.",
        "evidence_base": "School streets cut traffic at the gates by about two thirds in "
        "published evaluations from several European cities.",
        "target_group": "Drivers crossing the district at school times",
        "scalability": "The same order can cover every primary school of the city.",
        "sustainability": "Permanent traffic orders; works paid once.",
        "goals": [0],
    },
    {
        "name": "Crossing supervisor programme",
        "method_type": MethodType.SERVICE,
        "description": "Longer shifts combined with after-school duties, so posts are "
        "attractive and filled.",
        "evidence_base": "Elm school's supervised crossing had no injury in three years.",
        "target_group": "Pupils walking without a parent",
        "scalability": "Limited by recruitment; shared posts between nearby schools.",
        "sustainability": "Posts enter the city's permanent staffing plan from year two.",
        "goals": [2, 0],
    },
    {
        "name": "Walking buses and road-safety training",
        "method_type": MethodType.TRAINING,
        "description": "Volunteer-led walking buses and two road-safety sessions per class "
        "each year.",
        "evidence_base": "The Elm school walking bus already carries 35 pupils daily.",
        "target_group": "Pupils aged 7 to 11 and volunteer parents",
        "scalability": "A toolkit lets any school start a walking bus.",
        "sustainability": "The parents' association coordinates volunteers after the plan.",
        "goals": [1],
    },
    {
        "name": "Route-finder app for families",
        "method_type": MethodType.TECHNOLOGY,
        "description": "A map of the safest walking routes, updated as works progress.",
        "evidence_base": "Pilot idea; to be tested with parents first.",
        "target_group": "Parents",
        "scalability": "Open data, reusable by other districts.",
        "sustainability": "Hosted on the city's open-data portal.",
        "goals": [1],
    },
]

DEMO_BARRIERS = [
    (
        "Shopkeepers fear losing passing trade if traffic is calmed",
        BarrierKind.SOCIAL,
        "Keep delivery slots and short-stay parking outside school times; share footfall data.",
    ),
    (
        "Road works need a traffic order that takes four months",
        BarrierKind.POLITICAL,
        "Start the legal procedure in the first month; use temporary signs meanwhile.",
    ),
    (
        "Crossing supervisors are hard to recruit",
        BarrierKind.ORGANISATIONAL,
        "Longer shifts combined with after-school duties.",
    ),
]

DEMO_ASSUMPTIONS = [
    (
        "Parents will let children walk once crossings are supervised",
        AssumptionStatus.HOLDS,
        "58 % said so in the parent survey.",
    ),
    (
        "The police can run speed checks twice a week",
        AssumptionStatus.UNTESTED,
        "Agreed in principle; depends on their staffing.",
    ),
    (
        "Ring-road works will not start before the crossings are built",
        AssumptionStatus.DOUBTFUL,
        "The regional schedule is not confirmed.",
    ),
]


def demo(plan, *, size, user, rng):
    goals = list(selectors.Goal.objects.filter(plan=plan).order_by("position", "id")[:3])
    needs = list(selectors.Need.objects.filter(plan=plan).order_by("position", "id")[:3])

    def pick(items, indexes):
        return [items[i] for i in indexes if i < len(items)]

    chain = list(DEMO_CHAIN)
    methods = list(DEMO_METHODS)
    if size == "large":
        chain += [
            (Stage.values[n % 5], f"Regional element {n + 1}", [n % 3], [n % 3]) for n in range(50)
        ]
        methods += [
            {**DEMO_METHODS[n % 3], "name": f"{DEMO_METHODS[n % 3]['name']} ({n + 1})"}
            for n in range(26)
        ]
    for stage, statement, goal_indexes, need_indexes in chain:
        item_create(
            plan=plan,
            model=LogicElement,
            data={
                "stage": stage,
                "statement": statement,
                "goals": pick(goals, goal_indexes),
                "needs": pick(needs, need_indexes),
            },
            user=user,
        )
    for spec in methods:
        data = {**spec, "goals": pick(goals, spec["goals"])}
        item_create(plan=plan, model=Method, data=data, user=user)
    for statement, kind, response in DEMO_BARRIERS:
        item_create(
            plan=plan,
            model=Barrier,
            data={"statement": statement, "kind": kind, "response": response},
            user=user,
        )
    for statement, status, rationale in DEMO_ASSUMPTIONS:
        item_create(
            plan=plan,
            model=Assumption,
            data={"statement": statement, "status": status, "rationale": rationale},
            user=user,
        )


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
    demo=demo,
)
