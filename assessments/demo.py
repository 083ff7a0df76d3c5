"""Demo content of the needs assessment and the stakeholders sections (``manage.py seed_demo``).

Each record names its fields; nested lists (evidence, causes, requirements) and links to other
records of this app (a SWOT item's needs, by the needs' ``key``) are taken out before the rest
goes to the item service as the item's data. The goals that answer these needs are linked from
the objectives demo, which runs after this one: each demo writes only its own app's tables.
"""

import datetime

from django.core.files.base import ContentFile

from plans.demo import demo_count, demo_scale
from plans.sections.items import item_create

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

DEMO_CSV = (
    b"school year,injured pupils,of which on Canal Street\n"
    b"2022-2023,13,5\n2023-2024,15,6\n2024-2025,14,6\n"
)

DEMO_NEEDS = [
    {
        "key": "speeding",
        "statement": "Children cross Canal Street where drivers do not slow down",
        "affected_group": "Pupils of Elm and Canal primary schools and their parents",
        "severity": Level.CRITICAL,
        "priority": Level.CRITICAL,
        "description": "Average speed measured at 47 km/h in a 50 zone at 8:15, with three "
        "unsignalled crossings used by about 400 pupils every morning.",
        "evidence": [
            {
                "source_type": SourceType.STATISTICS,
                "description": "Police injury records: 42 children hurt on school routes in "
                "three years, 17 of them on Canal Street.",
                "reference": "Police records extract, March",
                "attachment": "injuries-by-school-year.csv",  # DEMO_CSV, stored as the file
            },
            {
                "source_type": SourceType.OBSERVATION,
                "description": "Speed counts by the traffic unit on five school mornings.",
                "reference": "Traffic unit report TU-2025-031",
            },
        ],
        "causes": [
            {
                "statement": "Drivers use Canal Street as a shortcut to the ring road",
                "causes": [{"statement": "Navigation apps route commuters through the district"}],
            },
            {
                "statement": "No safe crossing points near the school gates",
                "causes": [
                    {"statement": "Crossings were removed when the street was widened in 2012"},
                    {"statement": "No budget line for school-area road works"},
                ],
            },
        ],
    },
    {
        "key": "supervision",
        "statement": "Too few adults supervise the morning school run",
        "affected_group": "Pupils walking without a parent (about 600)",
        "severity": Level.HIGH,
        "priority": Level.HIGH,
        "description": "Only three of the twelve crossings near schools have a crossing "
        "supervisor; volunteer walking buses run at one school only.",
        "evidence": [
            {
                "source_type": SourceType.SURVEY,
                "description": "Parent survey (812 answers): 58 % would let their child walk "
                "if crossings were supervised.",
                "reference": "https://riverside.example.org/surveys/school-run-2025",
            },
            {
                "source_type": SourceType.INTERVIEW,
                "description": "Interviews with the four head teachers and two crossing "
                "supervisors.",
                "reference": "Interview notes, Mobility department shared drive",
            },
        ],
        "causes": [
            {
                "statement": "Crossing supervisor posts are hard to fill",
                "causes": [{"statement": "Short split shifts at low pay"}],
            },
            {"statement": "Parents do not know about the walking buses"},
        ],
    },
    {
        "key": "congestion",
        "statement": "Congestion and parking at the school gates endanger pedestrians",
        "affected_group": "All pupils, residents of the school streets",
        "severity": Level.MEDIUM,
        "priority": Level.HIGH,
        "description": "Double parking and U-turns at drop-off time block sight lines.",
        "evidence": [
            {
                "source_type": SourceType.OBSERVATION,
                "description": "Video counts at Oak school: 140 cars in 25 minutes, 31 "
                "stopping on the crossing.",
                "reference": "Observation log, 12 March",
            },
            {
                "source_type": SourceType.DOCUMENT,
                "description": "Clean Air Schools report on NO2 levels at two of the schools.",
                "reference": "Regional Clean Air Schools report 2024, p. 18",
            },
        ],
        "causes": [{"statement": "Families drive because walking feels unsafe"}],
    },
]

# ``needs`` holds the keys of the DEMO_NEEDS each item concerns.
DEMO_SWOT = [
    {
        "quadrant": Quadrant.STRENGTH,
        "text": "Head teachers and the parents' association back the project",
        "needs": ["supervision"],
    },
    {
        "quadrant": Quadrant.STRENGTH,
        "text": "A working volunteer walking bus at Elm school",
        "needs": ["supervision"],
    },
    {
        "quadrant": Quadrant.WEAKNESS,
        "text": "No dedicated budget for small road works near schools",
        "needs": ["speeding"],
    },
    {
        "quadrant": Quadrant.WEAKNESS,
        "text": "Crossing supervisor posts stay vacant for months",
        "needs": ["supervision"],
    },
    {
        "quadrant": Quadrant.OPPORTUNITY,
        "text": "The city's new 30 km/h policy for residential streets",
        "needs": ["speeding", "congestion"],
    },
    {
        "quadrant": Quadrant.OPPORTUNITY,
        "text": "Regional Clean Air Schools programme shares its traffic counts",
        "needs": ["congestion"],
    },
    {
        "quadrant": Quadrant.THREAT,
        "text": "Ring-road works will push more through-traffic into the district next year",
        "needs": ["speeding"],
    },
    {
        "quadrant": Quadrant.THREAT,
        "text": "Opposition from shopkeepers to parking changes on Canal Street",
        "needs": ["congestion"],
    },
]

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
            {
                "statement": "Supervised crossings at every school at both peaks",
                "priority": RequirementPriority.MUST,
                "status": RequirementStatus.AGREED,
            },
            {
                "statement": "Safe bike parking at the schools",
                "priority": RequirementPriority.COULD,
                "status": RequirementStatus.PROPOSED,
            },
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
        "requirements": [
            {
                "statement": "Road-safety sessions planned within school hours",
                "priority": RequirementPriority.SHOULD,
                "status": RequirementStatus.MET,
            },
        ],
    },
    {
        "name": "Deputy mayor for mobility",
        "organisation": "City of Riverside",
        "stakeholder_type": StakeholderType.SPONSOR,
        "interest": 4,
        "influence": 5,
        "expectations": "Measurable fall in injuries within the term of office.",
        "engagement_approach": "Quarterly progress report and sign-off of each phase.",
        "requirements": [
            {
                "statement": "Results reported with police figures each quarter",
                "priority": RequirementPriority.MUST,
                "status": RequirementStatus.AGREED,
            },
        ],
    },
    {
        "name": "Riverside police traffic unit",
        "organisation": "Metropolitan police",
        "stakeholder_type": StakeholderType.AUTHORITY,
        "interest": 3,
        "influence": 4,
        "expectations": "Enforcement plans that match their patrol capacity.",
        "engagement_approach": "Joint speed checks planned two months ahead.",
        "requirements": [
            {
                "statement": "Speed checks limited to two mornings a week",
                "priority": RequirementPriority.SHOULD,
                "status": RequirementStatus.AGREED,
            },
        ],
    },
    {
        "name": "Canal Street shopkeepers",
        "organisation": "Canal Street traders' association",
        "stakeholder_type": StakeholderType.COMMUNITY,
        "interest": 3,
        "influence": 2,
        "expectations": "Keep delivery access and short-stay parking.",
        "engagement_approach": "Information letter and one public meeting before works.",
        "requirements": [
            {
                "statement": "Delivery slots kept outside school times",
                "priority": RequirementPriority.SHOULD,
                "status": RequirementStatus.PROPOSED,
            },
        ],
    },
    {
        "name": "Regional Clean Air Schools programme",
        "organisation": "Regional Health Agency",
        "stakeholder_type": StakeholderType.PARTNER,
        "interest": 4,
        "influence": 2,
        "expectations": "Shared data and joint communication to parents.",
        "engagement_approach": "Data-sharing agreement; copy of the monthly update.",
        "requirements": [
            {
                "statement": "Anonymised traffic counts shared monthly",
                "priority": RequirementPriority.COULD,
                "status": RequirementStatus.MET,
            },
        ],
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


def _without(spec, *keys):
    return {k: v for k, v in spec.items() if k not in keys}


def _create_causes(plan, need, specs, user, parent=None):
    for spec in specs:
        data = {**_without(spec, "causes"), "need": need, "parent": parent}
        cause = item_create(plan=plan, model=Cause, data=data, user=user)
        _create_causes(plan, need, spec.get("causes", ()), user, parent=cause)


def _create_need(plan, spec, *, evidence_date, user):
    data = _without(spec, "key", "evidence", "causes")
    need = item_create(plan=plan, model=Need, data=data, user=user)
    for evidence in spec["evidence"]:
        data = {**_without(evidence, "attachment"), "need": need, "date": evidence_date}
        if "attachment" in evidence:
            data["file"] = ContentFile(DEMO_CSV, name=evidence["attachment"])
        item_create(plan=plan, model=Evidence, data=data, user=user)
    _create_causes(plan, need, spec["causes"], user)
    return need


def _create_stakeholder(plan, spec, user):
    data = _without(spec, "requirements")
    stakeholder = item_create(plan=plan, model=Stakeholder, data=data, user=user)
    for requirement in spec["requirements"]:
        data = {**requirement, "stakeholder": stakeholder}
        item_create(plan=plan, model=Requirement, data=data, user=user)


def demo(plan, *, size, user, rng):
    """The needs of the demo plan with their evidence and causes, and its SWOT."""
    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    needs = {
        spec["key"]: _create_need(
            plan, spec, evidence_date=start - datetime.timedelta(days=30 + 20 * n), user=user
        )
        for n, spec in enumerate(DEMO_NEEDS)
    }
    for spec in DEMO_SWOT:
        data = {**spec, "needs": [needs[key] for key in spec["needs"]]}
        item_create(plan=plan, model=SwotItem, data=data, user=user)
    scale = demo_scale(size)
    if scale:
        areas = [f"municipality {n}" for n in range(1, 39)]
        for n in range(60 * scale - len(DEMO_NEEDS)):
            _create_need(
                plan, _large_need(n, areas[n % len(areas)], rng), evidence_date=None, user=user
            )
        for n in range(demo_count(size, 24, len(DEMO_SWOT))):
            data = {"quadrant": Quadrant.values[n % 4], "text": f"Regional factor {n + 1}"}
            item_create(plan=plan, model=SwotItem, data=data, user=user)


def stakeholders_demo(plan, *, size, user, rng):
    """The stakeholders of the demo plan and their requirements."""
    specs = list(DEMO_STAKEHOLDERS)
    scale = demo_scale(size)
    if scale:
        areas = [f"municipality {n}" for n in range(1, 39)]
        specs += [
            _large_stakeholder(n, areas[n % len(areas)], rng)
            for n in range(100 * scale - len(DEMO_STAKEHOLDERS))
        ]
    for spec in specs:
        _create_stakeholder(plan, spec, user)


def _large_need(n, area, rng):
    return {
        "statement": f"Late diagnosis of chronic conditions in {area} ({n + 1})",
        "affected_group": f"Adults over 50 living in {area}",
        "severity": rng.choice(Level.values),
        "priority": rng.choice(Level.values),
        "evidence": [
            {
                "source_type": rng.choice(SourceType.values),
                "description": f"Screening rates in {area} are below the regional average.",
                "reference": f"Regional health observatory table {100 + n}",
            }
        ],
        "causes": [
            {
                "statement": "Few general practitioners in the area",
                "causes": [{"statement": "Retiring doctors are not replaced"}],
            }
        ],
    }


def _large_stakeholder(n, area, rng):
    return {
        "name": f"Health centre of {area} ({n + 1})",
        "organisation": "Regional network of health centres",
        "stakeholder_type": rng.choice(StakeholderType.values),
        "interest": rng.randint(1, 5),
        "influence": rng.randint(1, 5),
        "expectations": "Clear referral pathways and shared screening data.",
        "engagement_approach": "Quarterly network meeting.",
        "requirements": [
            {
                "statement": "Screening slots announced a month ahead",
                "priority": rng.choice(RequirementPriority.values),
                "status": rng.choice(RequirementStatus.values),
            }
        ],
    }
