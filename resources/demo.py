"""Demo content of the resources section: the team, the budget and who gives time to what.

Written through the section's own services only; which tasks a line pays for or an allocation
goes to is the action plan's to say (``actions/demo.py``), matched on the descriptions here.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from plans.demo import demo_count, demo_scale
from plans.models import Membership

from .models import Allocation, BudgetLine, Category, TeamMember
from .services import items_bulk_create, settings_save


@dataclass(frozen=True)
class DemoMember:
    name: str
    role: str
    organisation: str
    availability: str  # share of a full-time position
    cost_rate: str  # per day
    skills: str
    account: str | None = None  # e-mail of the plan member the person is


@dataclass(frozen=True)
class DemoBudgetLine:
    category: str
    description: str
    planned: str
    committed: str
    spent: str
    source: str


@dataclass(frozen=True)
class DemoAllocation:
    member: str  # the team member's name
    work: str
    starts: int  # days after the plan's start
    days: int
    fte: str


TEAM = [
    DemoMember(
        name="Samir Haddad",
        role="Project coordinator",
        organisation="City of Riverside",
        account="planner@demo.planner.test",
        availability="0.80",
        cost_rate="420",
        skills="project management, road safety, facilitation",
    ),
    DemoMember(
        name="Julie Moreau",
        role="Traffic engineer",
        organisation="City of Riverside",
        account="planner2@demo.planner.test",
        availability="0.50",
        cost_rate="480",
        skills="traffic calming, crossing design, speed surveys",
    ),
    DemoMember(
        name="Claire Martin",
        role="Head of mobility",
        organisation="City of Riverside",
        account="owner@demo.planner.test",
        availability="0.20",
        cost_rate="560",
        skills="budget, partnerships",
    ),
    DemoMember(
        name="Inès Garnier",
        role="Community liaison officer",
        organisation="Riverside Parents' Association",
        availability="0.60",
        cost_rate="300",
        skills="outreach, volunteer coordination, translation",
    ),
    DemoMember(
        name="Officer Paul Renard",
        role="School liaison police officer",
        organisation="Riverside police station",
        availability="0.30",
        cost_rate="0",
        skills="enforcement, road-safety education",
    ),
    DemoMember(
        name="Amina Diallo",
        role="Health promotion officer",
        organisation="Regional Health Agency",
        availability="0.25",
        cost_rate="390",
        skills="surveys, active travel, evaluation",
    ),
]

BUDGET = [
    DemoBudgetLine(
        category=Category.EQUIPMENT,
        description="Speed cushions and raised crossings (6 sites)",
        planned="86000",
        committed="52000",
        spent="12000",
        source="City capital budget",
    ),
    DemoBudgetLine(
        category=Category.MATERIALS,
        description="Signage, road markings and school-zone boards",
        planned="18500",
        committed="18500",
        spent="9400",
        source="City capital budget",
    ),
    DemoBudgetLine(
        category=Category.PERSONNEL,
        description="Crossing supervisors (12 crossings, 2 school years)",
        planned="64800",
        committed="32400",
        spent="8100",
        source="Regional road-safety fund",
    ),
    DemoBudgetLine(
        category=Category.PERSONNEL,
        description="Project coordination (0.8 FTE)",
        planned="38000",
        committed="38000",
        spent="6300",
        source="City operating budget",
    ),
    DemoBudgetLine(
        category=Category.SERVICES,
        description="Speed and traffic counts before and after",
        planned="9600",
        committed="4800",
        spent="4800",
        source="Regional road-safety fund",
    ),
    DemoBudgetLine(
        category=Category.SERVICES,
        description="Walking-bus volunteer training",
        planned="5200",
        committed="0",
        spent="0",
        source="Riverside Community Foundation",
    ),
    DemoBudgetLine(
        category=Category.MATERIALS,
        description="High-visibility vests and walking-bus kits",
        planned="3100",
        committed="3100",
        spent="3100",
        source="Riverside Community Foundation",
    ),
    DemoBudgetLine(
        category=Category.SERVICES,
        description="Parent survey and evaluation report",
        planned="7400",
        committed="0",
        spent="0",
        source="Regional Health Agency",
    ),
    DemoBudgetLine(
        category=Category.TRAVEL,
        description="Study visit to a 30 km/h school district",
        planned="1900",
        committed="0",
        spent="0",
        source="City operating budget",
    ),
    DemoBudgetLine(
        category=Category.OTHER,
        description="Launch event and printed route maps",
        planned="2600",
        committed="1200",
        spent="0",
        source="Riverside Community Foundation",
    ),
    DemoBudgetLine(
        category=Category.CONTINGENCY,
        description="Contingency reserve",
        planned="21000",
        committed="0",
        spent="0",
        source="City capital budget",
    ),
]

ALLOCATIONS = [
    DemoAllocation(
        member="Samir Haddad", work="Coordination of the programme", starts=0, days=700, fte="0.60"
    ),
    DemoAllocation(
        member="Samir Haddad", work="Walking-bus launch", starts=120, days=90, fte="0.30"
    ),
    DemoAllocation(
        member="Julie Moreau",
        work="Crossing and traffic-calming design",
        starts=30,
        days=240,
        fte="0.50",
    ),
    DemoAllocation(
        member="Julie Moreau", work="Works supervision", starts=200, days=150, fte="0.40"
    ),
    # After the design work, so Julie stays under 100 %.
    DemoAllocation(member="Julie Moreau", work="Speed surveys", starts=280, days=60, fte="0.30"),
    DemoAllocation(
        member="Claire Martin", work="Steering committee and budget", starts=0, days=700, fte="0.15"
    ),
    DemoAllocation(
        member="Inès Garnier",
        work="Parent outreach and volunteers",
        starts=60,
        days=500,
        fte="0.50",
    ),
    DemoAllocation(
        member="Officer Paul Renard",
        work="Enforcement at school gates",
        starts=150,
        days=400,
        fte="0.20",
    ),
    DemoAllocation(
        member="Amina Diallo",
        work="Baseline and follow-up surveys",
        starts=30,
        days=600,
        fte="0.20",
    ),
]

LARGE_SOURCES = [
    "Regional Health Agency",
    "National prevention fund",
    "EU cohesion fund",
    "Municipal contributions",
    "Private foundations",
]


def large_team(count=40):
    """40 field workers in the large plan (the team twice over in the xl plan)."""
    return [
        DemoMember(
            name=f"Field worker {i}",
            role="Community health worker",
            organisation=f"Municipality {i % 38 + 1}",
            availability="1.00",
            cost_rate="260",
            skills="outreach, data collection",
        )
        for i in range(count)
    ]


def large_budget(rng, count=200):
    """200 programme lines in the large plan; the action plan's large demo funds one task with
    each (the first 400 of the xl plan's)."""
    categories = [c for c in Category.values if c != Category.CONTINGENCY]
    lines = []
    for i in range(count):
        planned = Decimal(rng.randrange(2000, 40000, 100))
        committed = (planned * Decimal(rng.choice([0, 25, 50, 100])) / 100).quantize(Decimal("1"))
        lines.append(
            DemoBudgetLine(
                category=categories[i % len(categories)],
                description=f"Programme activity {i + 1}",
                planned=str(planned),
                committed=str(committed),
                spent=str(committed / 2),
                source=LARGE_SOURCES[i % len(LARGE_SOURCES)],
            )
        )
    return lines


def large_allocations(count=80, workers=40):
    """About two allocations per field worker."""
    return [
        DemoAllocation(
            member=f"Field worker {i % workers}",
            work=f"Neighbourhood outreach round {i + 1}",
            starts=(i * 13) % 500,
            days=120,
            fte="0.50",
        )
        for i in range(count)
    ]


def demo(plan, *, size, user, rng):
    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    end = plan.end_date or start + datetime.timedelta(days=730)
    scale = demo_scale(size)
    settings_save(
        plan=plan,
        data={
            "currency": "EUR",
            "budget_ceiling": Decimal("4000000") * scale if scale else Decimal("300000"),
            "contingency_target": Decimal("7.5"),
        },
        expected_version=None,
        user=user,
    )
    accounts = {
        m.user.email: m.user for m in Membership.objects.filter(plan=plan).select_related("user")
    }
    workers = demo_count(size, 40, len(TEAM))
    people = TEAM + large_team(workers)
    members = items_bulk_create(
        plan=plan,
        model=TeamMember,
        rows=[
            {
                "name": person.name,
                "role": person.role,
                "organisation": person.organisation,
                "user": accounts.get(person.account) if person.account else None,
                "availability": Decimal(person.availability),
                "cost_rate": Decimal(person.cost_rate),
                "skills": person.skills,
            }
            for person in people
        ],
        user=user,
    )
    by_name = {member.name: member for member in members}
    items_bulk_create(
        plan=plan,
        model=BudgetLine,
        rows=[
            {
                "category": line.category,
                "description": line.description,
                "amount": Decimal(line.planned),
                "committed": Decimal(line.committed),
                "spent": Decimal(line.spent),
                "currency": "EUR",
                "funding_source": line.source,
            }
            for line in BUDGET + large_budget(rng, demo_count(size, 200, len(BUDGET)))
        ],
        user=user,
    )
    rows = []
    extra = large_allocations(demo_count(size, 80, len(ALLOCATIONS)), workers)
    for allocation in ALLOCATIONS + extra:
        first = start + datetime.timedelta(days=allocation.starts)
        rows.append(
            {
                "member": by_name[allocation.member],
                "label": allocation.work,
                "start_date": first,
                "end_date": min(first + datetime.timedelta(days=allocation.days), end),
                "fte": Decimal(allocation.fte),
            }
        )
    items_bulk_create(plan=plan, model=Allocation, rows=rows, user=user)
