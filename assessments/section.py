"""The needs assessment (order 30) and stakeholders (order 35) sections."""

import datetime

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.inline import item_create, item_update
from plans.sections import Completeness, Section

from . import selectors
from .models import (
    Cause,
    Evidence,
    Level,
    Need,
    Quadrant,
    Requirement,
    RequirementPriority,
    RequirementStatus,
    SourceType,
    Stakeholder,
    StakeholderType,
    SwotItem,
)

GUIDANCE = _(
    "Find out what really needs to change before choosing what to do.\n"
    "Write each need as a gap felt by a named group, rate how severe it is and how urgent, and "
    "back it with evidence from more than one kind of source: counts and statistics say how "
    "big a problem is, interviews and observation say why it happens.\n"
    "The SWOT grid sets what you can build on (strengths, opportunities) against what works "
    "against you (weaknesses, threats); link its items to the needs they concern.\n"
    "The problem tree keeps asking “why?” under each need until you reach causes the plan can "
    "act on. A plan that treats symptoms only will see the need come back."
)

STAKEHOLDER_GUIDANCE = _(
    "List everyone who is affected by the plan or can affect it: the people it serves, those "
    "who fund or authorise it, partners, and the team.\n"
    "Score each one's interest in the outcome and influence over it from 1 to 5; the grid then "
    "says how to treat them: manage closely those with high stakes on both counts, keep the "
    "powerful satisfied, keep the interested informed, and monitor the rest.\n"
    "Write down what each expects and the concrete requirements they bring, with a priority and "
    "where each stands, so conflicts surface early rather than at approval time. The "
    "communication plan builds on this register."
)


def completeness(plan):
    needs = Need.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        unsupported=Count("id", filter=Q(evidence__isnull=True), distinct=True),
        with_causes=Count("id", filter=Q(causes__isnull=False), distinct=True),
    )
    quadrants = set(SwotItem.objects.filter(plan=plan).values_list("quadrant", flat=True))
    missing = []
    done = 0
    if needs["total"]:
        done += 1
    else:
        missing.append(_("Describe at least one need."))
    if needs["total"] and not needs["unsupported"]:
        done += 1
    elif needs["unsupported"]:
        missing.append(
            ngettext(
                "%(count)s need has no evidence yet.",
                "%(count)s needs have no evidence yet.",
                needs["unsupported"],
            )
            % {"count": needs["unsupported"]}
        )
    else:
        missing.append(_("Back each need with evidence."))
    if len(quadrants) == len(Quadrant):
        done += 1
    else:
        missing.append(_("Fill each of the four SWOT quadrants."))
    if needs["with_causes"]:
        done += 1
    else:
        missing.append(_("Trace the causes of at least one need in the problem tree."))
    return Completeness(done=done, total=4, missing=tuple(missing))


def stakeholders_completeness(plan):
    counts = Stakeholder.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        no_approach=Count("id", filter=Q(engagement_approach=""), distinct=True),
    )
    requirements = Requirement.objects.filter(plan=plan).count()
    missing = []
    done = 0
    if counts["total"]:
        done += 1
    else:
        missing.append(_("List the stakeholders of the plan."))
    if counts["total"] and not counts["no_approach"]:
        done += 1
    elif counts["no_approach"]:
        missing.append(
            ngettext(
                "%(count)s stakeholder has no engagement approach yet.",
                "%(count)s stakeholders have no engagement approach yet.",
                counts["no_approach"],
            )
            % {"count": counts["no_approach"]}
        )
    else:
        missing.append(_("Say how you will engage each stakeholder."))
    if requirements:
        done += 1
    else:
        missing.append(_("Record what the stakeholders require from the plan."))
    return Completeness(done=done, total=3, missing=tuple(missing))


# --- demo content ----------------------------------------------------------------------------

H, M, L, C = Level.HIGH, Level.MEDIUM, Level.LOW, Level.CRITICAL

DEMO_NEEDS = [
    {
        "statement": "Children cross Canal Street where drivers do not slow down",
        "affected_group": "Pupils of Elm and Canal primary schools and their parents",
        "severity": C,
        "priority": C,
        "description": "Average speed measured at 47 km/h in a 50 zone at 8:15, with three "
        "unsignalled crossings used by about 400 pupils every morning.",
        "evidence": [
            (
                SourceType.STATISTICS,
                "Police injury records: 42 children hurt on school routes in three years, 17 "
                "of them on Canal Street.",
                "file",
            ),
            (
                SourceType.OBSERVATION,
                "Speed counts by the traffic unit on five school mornings.",
                "Traffic unit report TU-2025-031",
            ),
        ],
        "causes": [
            (
                "Drivers use Canal Street as a shortcut to the ring road",
                [
                    ("Navigation apps route commuters through the district", []),
                ],
            ),
            (
                "No safe crossing points near the school gates",
                [
                    ("Crossings were removed when the street was widened in 2012", []),
                    ("No budget line for school-area road works", []),
                ],
            ),
        ],
    },
    {
        "statement": "Too few adults supervise the morning school run",
        "affected_group": "Pupils walking without a parent (about 600)",
        "severity": H,
        "priority": H,
        "description": "Only three of the twelve crossings near schools have a crossing "
        "supervisor; volunteer walking buses run at one school only.",
        "evidence": [
            (
                SourceType.SURVEY,
                "Parent survey (812 answers): 58 % would let their child walk if crossings "
                "were supervised.",
                "https://riverside.example.org/surveys/school-run-2025",
            ),
            (
                SourceType.INTERVIEW,
                "Interviews with the four head teachers and two crossing supervisors.",
                "Interview notes, Mobility department shared drive",
            ),
        ],
        "causes": [
            (
                "Crossing supervisor posts are hard to fill",
                [
                    ("Short split shifts at low pay", []),
                ],
            ),
            ("Parents do not know about the walking buses", []),
        ],
    },
    {
        "statement": "Congestion and parking at the school gates endanger pedestrians",
        "affected_group": "All pupils, residents of the school streets",
        "severity": M,
        "priority": H,
        "description": "Double parking and U-turns at drop-off time block sight lines.",
        "evidence": [
            (
                SourceType.OBSERVATION,
                "Video counts at Oak school: 140 cars in 25 minutes, 31 stopping on the crossing.",
                "Observation log, 12 March",
            ),
            (
                SourceType.DOCUMENT,
                "Clean Air Schools report on NO2 levels at two of the schools.",
                "Regional Clean Air Schools report 2024, p. 18",
            ),
        ],
        "causes": [
            ("Families drive because walking feels unsafe", []),
        ],
    },
]

DEMO_SWOT = {
    Quadrant.STRENGTH: [
        ("Head teachers and the parents' association back the project", [1]),
        ("A working volunteer walking bus at Elm school", [1]),
    ],
    Quadrant.WEAKNESS: [
        ("No dedicated budget for small road works near schools", [0]),
        ("Crossing supervisor posts stay vacant for months", [1]),
    ],
    Quadrant.OPPORTUNITY: [
        ("The city's new 30 km/h policy for residential streets", [0, 2]),
        ("Regional Clean Air Schools programme shares its traffic counts", [2]),
    ],
    Quadrant.THREAT: [
        ("Ring-road works will push more through-traffic into the district next year", [0]),
        ("Opposition from shopkeepers to parking changes on Canal Street", [2]),
    ],
}

DEMO_STAKEHOLDERS = [
    {
        "name": "Parents' association of Riverside schools",
        "organisation": "Riverside PTA federation",
        "stakeholder_type": StakeholderType.BENEFICIARY,
        "interest": 5,
        "influence": 3,
        "expectations": "Visible changes before the next school year; a say in the crossing "
        "locations.",
        "engagement_approach": "Termly meeting, a seat on the steering group, walking-bus "
        "volunteers' newsletter.",
        "requirements": [
            ("Supervised crossings at every school at both peaks", "must", "agreed"),
            ("Safe bike parking at the schools", "could", "proposed"),
        ],
    },
    {
        "name": "Head teachers of the four primary schools",
        "organisation": "Riverside primary schools",
        "stakeholder_type": StakeholderType.PARTNER,
        "interest": 5,
        "influence": 4,
        "expectations": "Road-safety lessons that fit the curriculum; no extra staff time at "
        "the gates.",
        "engagement_approach": "Monthly call with the project lead; shared calendar of school "
        "events.",
        "requirements": [("Road-safety sessions planned within school hours", "should", "met")],
    },
    {
        "name": "Deputy mayor for mobility",
        "organisation": "City of Riverside",
        "stakeholder_type": StakeholderType.SPONSOR,
        "interest": 4,
        "influence": 5,
        "expectations": "Measurable fall in injuries within the term of office.",
        "engagement_approach": "Quarterly progress report and sign-off of each phase.",
        "requirements": [("Results reported with police figures each quarter", "must", "agreed")],
    },
    {
        "name": "Riverside police traffic unit",
        "organisation": "Metropolitan police",
        "stakeholder_type": StakeholderType.AUTHORITY,
        "interest": 3,
        "influence": 4,
        "expectations": "Enforcement plans that match their patrol capacity.",
        "engagement_approach": "Joint speed checks planned two months ahead.",
        "requirements": [("Speed checks limited to two mornings a week", "should", "agreed")],
    },
    {
        "name": "Canal Street shopkeepers",
        "organisation": "Canal Street traders' association",
        "stakeholder_type": StakeholderType.COMMUNITY,
        "interest": 3,
        "influence": 2,
        "expectations": "Keep delivery access and short-stay parking.",
        "engagement_approach": "Information letter and one public meeting before works.",
        "requirements": [("Delivery slots kept outside school times", "should", "proposed")],
    },
    {
        "name": "Regional Clean Air Schools programme",
        "organisation": "Regional Health Agency",
        "stakeholder_type": StakeholderType.PARTNER,
        "interest": 4,
        "influence": 2,
        "expectations": "Shared data and joint communication to parents.",
        "engagement_approach": "Data-sharing agreement; copy of the monthly update.",
        "requirements": [("Anonymised traffic counts shared monthly", "could", "met")],
    },
    {
        "name": "Bus operator for line 12",
        "organisation": "Riverside Transit",
        "stakeholder_type": StakeholderType.OTHER,
        "interest": 2,
        "influence": 2,
        "expectations": "No delays caused by new crossings.",
        "engagement_approach": "Notified of changes to the route.",
        "requirements": [],
    },
]

DEMO_CSV = (
    b"school year,injured pupils,of which on Canal Street\n"
    b"2022-2023,13,5\n2023-2024,15,6\n2024-2025,14,6\n"
)


def _create(plan, model, data, user):
    return item_create(plan=plan, model=model, data=data, user=user)


def _demo_causes(plan, need, specs, user, parent=None):
    for statement, children in specs:
        cause = _create(plan, Cause, {"need": need, "parent": parent, "statement": statement}, user)
        _demo_causes(plan, need, children, user, parent=cause)


def demo(plan, *, size, user, rng):
    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    needs = []
    for index, spec in enumerate(DEMO_NEEDS):
        data = {k: spec[k] for k in ("statement", "affected_group", "severity", "priority")}
        data["description"] = spec["description"]
        need = _create(plan, Need, data, user)
        needs.append(need)
        for source_type, description, reference in spec["evidence"]:
            evidence = {
                "need": need,
                "source_type": source_type,
                "description": description,
                "date": start - datetime.timedelta(days=30 + 20 * index),
            }
            if reference == "file":
                evidence["file"] = ContentFile(DEMO_CSV, name="injuries-by-school-year.csv")
                evidence["reference"] = "Police records extract, March"
            else:
                evidence["reference"] = reference
            _create(plan, Evidence, evidence, user)
        _demo_causes(plan, need, spec["causes"], user)
    for quadrant, items in DEMO_SWOT.items():
        for text, need_indexes in items:
            _create(
                plan,
                SwotItem,
                {"quadrant": quadrant, "text": text, "needs": [needs[i] for i in need_indexes]},
                user,
            )
    # The demo goals (objectives) answer the demo needs: link them, under history.
    goal_model = Need._meta.get_field("goals").related_model
    for goal, need in zip(
        goal_model.objects.filter(plan=plan).order_by("position", "id")[: len(needs)],
        needs,
        strict=False,
    ):
        item_update(instance=goal, data={"need": need}, expected_version=goal.version, user=user)
    for spec in DEMO_STAKEHOLDERS:
        data = {k: v for k, v in spec.items() if k != "requirements"}
        stakeholder = _create(plan, Stakeholder, data, user)
        for statement, priority, status in spec["requirements"]:
            _create(
                plan,
                Requirement,
                {
                    "stakeholder": stakeholder,
                    "statement": statement,
                    "priority": priority,
                    "status": status,
                },
                user,
            )
    if size == "large":
        _demo_large(plan, needs, user, rng)


def _demo_large(plan, needs, user, rng):
    areas = [f"municipality {n}" for n in range(1, 39)]
    levels = list(Level.values)
    for n in range(60 - len(needs)):
        area = areas[n % len(areas)]
        need = _create(
            plan,
            Need,
            {
                "statement": f"Late diagnosis of chronic conditions in {area} ({n + 1})",
                "affected_group": f"Adults over 50 living in {area}",
                "severity": rng.choice(levels),
                "priority": rng.choice(levels),
            },
            user,
        )
        _create(
            plan,
            Evidence,
            {
                "need": need,
                "source_type": rng.choice(SourceType.values),
                "description": f"Screening rates in {area} are below the regional average.",
                "reference": f"Regional health observatory table {100 + n}",
            },
            user,
        )
        cause = _create(
            plan, Cause, {"need": need, "statement": "Few general practitioners in the area"}, user
        )
        _create(
            plan,
            Cause,
            {"need": need, "parent": cause, "statement": "Retiring doctors are not replaced"},
            user,
        )
    for n in range(24):
        _create(
            plan,
            SwotItem,
            {"quadrant": Quadrant.values[n % 4], "text": f"Regional factor {n + 1}"},
            user,
        )
    for n in range(100 - len(DEMO_STAKEHOLDERS)):
        stakeholder = _create(
            plan,
            Stakeholder,
            {
                "name": f"Health centre of {areas[n % len(areas)]} ({n + 1})",
                "organisation": "Regional network of health centres",
                "stakeholder_type": rng.choice(StakeholderType.values),
                "interest": rng.randint(1, 5),
                "influence": rng.randint(1, 5),
                "expectations": "Clear referral pathways and shared screening data.",
                "engagement_approach": "Quarterly network meeting.",
            },
            user,
        )
        _create(
            plan,
            Requirement,
            {
                "stakeholder": stakeholder,
                "statement": "Screening slots announced a month ahead",
                "priority": rng.choice(RequirementPriority.values),
                "status": rng.choice(RequirementStatus.values),
            },
            user,
        )


assessments_section = Section(
    key="assessments",
    title=_("Needs assessment"),
    order=30,
    guidance=GUIDANCE,
    url_name="assessments:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="assessments/document.html",
    models=(Need, Evidence, SwotItem, Cause),
    demo=demo,
)

stakeholders_section = Section(
    key="stakeholders",
    title=_("Stakeholders"),
    order=35,
    guidance=STAKEHOLDER_GUIDANCE,
    url_name="assessments:stakeholders",
    snapshot=selectors.stakeholders_snapshot,
    completeness=stakeholders_completeness,
    document_template="assessments/stakeholders_document.html",
    models=(Stakeholder, Requirement),
)
