"""Demo content of the strategy section (``manage.py seed_demo``).

The logic model and the methods serve the demo goals and needs, which the objectives and
assessments demos create first (``demo_after``): ``goals`` and ``needs`` hold the positions of
the ones an item links to, in their lists' order (0 is the first goal). Every other field goes
to the item service as it is.
"""

from plans.demo import demo_count
from plans.sections.items import item_create

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
from .selectors import Goal, Need

DEMO_CHAIN = [
    {
        "stage": Stage.INPUT,
        "statement": "€180,000 over two years from the city road-safety budget",
        "goals": [0],
        "needs": [0],
    },
    {
        "stage": Stage.INPUT,
        "statement": "Twelve crossing supervisors and 40 volunteer parents",
        "goals": [2],
        "needs": [1],
    },
    {
        "stage": Stage.ACTIVITY,
        "statement": "Build raised crossings and 30 km/h zones around the four schools",
        "goals": [0],
        "needs": [0],
    },
    {
        "stage": Stage.ACTIVITY,
        "statement": "Recruit, train and schedule crossing supervisors",
        "goals": [2],
        "needs": [1],
    },
    {
        "stage": Stage.ACTIVITY,
        "statement": "Run walking buses and road-safety lessons",
        "goals": [1],
        "needs": [1, 2],
    },
    {
        "stage": Stage.OUTPUT,
        "statement": "Twelve crossings supervised at both peaks",
        "goals": [2],
        "needs": [1],
    },
    {
        "stage": Stage.OUTPUT,
        "statement": "Six raised crossings built, speed limited to 30 km/h",
        "goals": [0],
        "needs": [0],
    },
    {
        "stage": Stage.OUTCOME,
        "statement": "Lower speeds and fewer cars at the school gates",
        "goals": [0, 1],
        "needs": [0, 2],
    },
    {
        "stage": Stage.OUTCOME,
        "statement": "More pupils walk or cycle to school",
        "goals": [1],
        "needs": [2],
    },
    {
        "stage": Stage.IMPACT,
        "statement": "Children travel to school safely and actively",
        "goals": [0, 1],
        "needs": [0, 1, 2],
    },
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
    {
        "statement": "Shopkeepers fear losing passing trade if traffic is calmed",
        "kind": BarrierKind.SOCIAL,
        "response": "Keep delivery slots and short-stay parking outside school times; share "
        "footfall data.",
    },
    {
        "statement": "Road works need a traffic order that takes four months",
        "kind": BarrierKind.POLITICAL,
        "response": "Start the legal procedure in the first month; use temporary signs meanwhile.",
    },
    {
        "statement": "Crossing supervisors are hard to recruit",
        "kind": BarrierKind.ORGANISATIONAL,
        "response": "Longer shifts combined with after-school duties.",
    },
]

DEMO_ASSUMPTIONS = [
    {
        "statement": "Parents will let children walk once crossings are supervised",
        "status": AssumptionStatus.HOLDS,
        "rationale": "58 % said so in the parent survey.",
    },
    {
        "statement": "The police can run speed checks twice a week",
        "status": AssumptionStatus.UNTESTED,
        "rationale": "Agreed in principle; depends on their staffing.",
    },
    {
        "statement": "Ring-road works will not start before the crossings are built",
        "status": AssumptionStatus.DOUBTFUL,
        "rationale": "The regional schedule is not confirmed.",
    },
]


def demo(plan, *, size, user, rng):
    """The logic model, methods, barriers and assumptions of the demo plan."""
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "id")[:3])
    needs = list(Need.objects.filter(plan=plan).order_by("position", "id")[:3])

    def pick(items, positions):
        return [items[i] for i in positions if i < len(items)]

    chain = list(DEMO_CHAIN)
    methods = list(DEMO_METHODS)
    chain += [
        {
            "stage": Stage.values[n % 5],
            "statement": f"Regional element {n + 1}",
            "goals": [n % 3],
            "needs": [n % 3],
        }
        for n in range(demo_count(size, 50, len(DEMO_CHAIN)))
    ]
    methods += [
        {**DEMO_METHODS[n % 3], "name": f"{DEMO_METHODS[n % 3]['name']} ({n + 1})"}
        for n in range(demo_count(size, 26, len(DEMO_METHODS)))
    ]
    for spec in chain:
        data = {**spec, "goals": pick(goals, spec["goals"]), "needs": pick(needs, spec["needs"])}
        item_create(plan=plan, model=LogicElement, data=data, user=user)
    for spec in methods:
        data = {**spec, "goals": pick(goals, spec["goals"])}
        item_create(plan=plan, model=Method, data=data, user=user)
    for data in DEMO_BARRIERS:
        item_create(plan=plan, model=Barrier, data=data, user=user)
    for data in DEMO_ASSUMPTIONS:
        item_create(plan=plan, model=Assumption, data=data, user=user)
