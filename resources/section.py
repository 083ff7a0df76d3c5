"""The resources & budget section: registered with the plan in ``apps.ready()``."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from plans.models import Membership
from plans.sections import Completeness, Section

from . import selectors
from .models import Allocation, BudgetLine, Category, ResourcesSettings, TeamMember

GUIDANCE = _(
    "List what the plan needs to run: the people, their time and cost, and the money.\n"
    "Name each team member with the part they play and the share of their time the plan can "
    "count on; link their account so their tasks reach them. Give every budget line a "
    "category, a funding source and, where you can, the task it pays for, then follow it from "
    "planned to committed to spent.\n"
    "Keep a contingency reserve for the unexpected, and check the allocation view: a person "
    "booked above full time, or a budget above its ceiling, is a plan that will slip."
)


def completeness(plan):
    settings = selectors.settings_for_plan(plan)
    summary = selectors.budget_summary(plan, settings)
    has_team = TeamMember.objects.filter(plan=plan).exists()
    lines = BudgetLine.objects.filter(plan=plan)
    has_lines = lines.exists()
    unfunded = lines.filter(funding_source="").exists()
    grid = selectors.allocation_grid(plan)
    checks = [
        (has_team, _("Add the people who will work on the plan.")),
        (has_lines, _("Add at least one budget line.")),
        (has_lines and not unfunded, _("Give every budget line a funding source.")),
        (
            has_lines and not summary["contingency_short"],
            _("Set aside a contingency reserve that meets its target share."),
        ),
        (
            summary["ceiling"] is not None and not summary["over_ceiling"],
            _("Set a budget ceiling and keep the planned budget within it."),
        ),
        (grid["over_people"] == 0, _("Nobody should be allocated above 100 % of their time.")),
    ]
    missing = tuple(message for ok, message in checks if not ok)
    return Completeness(done=sum(1 for ok, _m in checks if ok), total=len(checks), missing=missing)


DEMO_TEAM = [
    # name, role, organisation, account, availability, daily cost, skills
    (
        "Samir Haddad",
        "Project coordinator",
        "City of Riverside",
        "planner@demo.planner.test",
        "0.80",
        "420",
        "project management, road safety, facilitation",
    ),
    (
        "Julie Moreau",
        "Traffic engineer",
        "City of Riverside",
        "planner2@demo.planner.test",
        "0.50",
        "480",
        "traffic calming, crossing design, speed surveys",
    ),
    (
        "Claire Martin",
        "Head of mobility",
        "City of Riverside",
        "owner@demo.planner.test",
        "0.20",
        "560",
        "budget, partnerships",
    ),
    (
        "Inès Garnier",
        "Community liaison officer",
        "Riverside Parents' Association",
        None,
        "0.60",
        "300",
        "outreach, volunteer coordination, translation",
    ),
    (
        "Officer Paul Renard",
        "School liaison police officer",
        "Riverside police station",
        None,
        "0.30",
        "0",
        "enforcement, road-safety education",
    ),
    (
        "Amina Diallo",
        "Health promotion officer",
        "Regional Health Agency",
        None,
        "0.25",
        "390",
        "surveys, active travel, evaluation",
    ),
]

DEMO_BUDGET = [
    # category, description, planned, committed, spent, source
    (
        Category.EQUIPMENT,
        "Speed cushions and raised crossings (6 sites)",
        "86000",
        "52000",
        "12000",
        "City capital budget",
    ),
    (
        Category.MATERIALS,
        "Signage, road markings and school-zone boards",
        "18500",
        "18500",
        "9400",
        "City capital budget",
    ),
    (
        Category.PERSONNEL,
        "Crossing supervisors (12 crossings, 2 school years)",
        "64800",
        "32400",
        "8100",
        "Regional road-safety fund",
    ),
    (
        Category.PERSONNEL,
        "Project coordination (0.8 FTE)",
        "38000",
        "38000",
        "6300",
        "City operating budget",
    ),
    (
        Category.SERVICES,
        "Speed and traffic counts before and after",
        "9600",
        "4800",
        "4800",
        "Regional road-safety fund",
    ),
    (
        Category.SERVICES,
        "Walking-bus volunteer training",
        "5200",
        "0",
        "0",
        "Riverside Community Foundation",
    ),
    (
        Category.MATERIALS,
        "High-visibility vests and walking-bus kits",
        "3100",
        "3100",
        "3100",
        "Riverside Community Foundation",
    ),
    (
        Category.SERVICES,
        "Parent survey and evaluation report",
        "7400",
        "0",
        "0",
        "Regional Health Agency",
    ),
    (
        Category.TRAVEL,
        "Study visit to a 30 km/h school district",
        "1900",
        "0",
        "0",
        "City operating budget",
    ),
    (
        Category.OTHER,
        "Launch event and printed route maps",
        "2600",
        "1200",
        "0",
        "Riverside Community Foundation",
    ),
    (Category.CONTINGENCY, "Contingency reserve", "21000", "0", "0", "City capital budget"),
]

DEMO_ALLOCATIONS = [
    # member index, work, start offset (days), length (days), FTE
    (0, "Coordination of the programme", 0, 700, "0.60"),
    (0, "Walking-bus launch", 120, 90, "0.30"),
    (1, "Crossing and traffic-calming design", 30, 240, "0.50"),
    (1, "Works supervision", 200, 150, "0.40"),
    (1, "Speed surveys", 280, 60, "0.30"),  # after the design work: Julie stays under 100 %
    (2, "Steering committee and budget", 0, 700, "0.15"),
    (3, "Parent outreach and volunteers", 60, 500, "0.50"),
    (4, "Enforcement at school gates", 150, 400, "0.20"),
    (5, "Baseline and follow-up surveys", 30, 600, "0.20"),
]


def demo(plan, *, size, user, rng):
    from plans.inline import item_create

    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    accounts = {
        m.user.email: m.user for m in Membership.objects.filter(plan=plan).select_related("user")
    }
    item_create(
        plan=plan,
        model=ResourcesSettings,
        data={
            "currency": "EUR",
            "budget_ceiling": Decimal("300000") if size == "small" else Decimal("4000000"),
            "contingency_target": Decimal("7.5"),
        },
        user=user,
    )
    team = list(DEMO_TEAM)
    if size == "large":
        team += [
            (
                f"Field worker {i}",
                "Community health worker",
                f"Municipality {i % 38 + 1}",
                None,
                "1.00",
                "260",
                "outreach, data collection",
            )
            for i in range(40)
        ]
    members = [
        TeamMember(
            plan=plan,
            position=i,
            name=name,
            role=role,
            organisation=org,
            user=accounts.get(email) if email else None,
            availability=Decimal(fte),
            cost_rate=Decimal(rate),
            skills=skills,
        )
        for i, (name, role, org, email, fte, rate, skills) in enumerate(team)
    ]
    members = bulk_create_with_history(members, TeamMember, default_user=user)
    budget = list(DEMO_BUDGET)
    if size == "large":
        sources = [
            "Regional Health Agency",
            "National prevention fund",
            "EU cohesion fund",
            "Municipal contributions",
            "Private foundations",
        ]
        categories = [c for c in Category.values if c != Category.CONTINGENCY]
        for i in range(200):
            planned = Decimal(rng.randrange(2000, 40000, 100))
            committed = (planned * Decimal(rng.choice([0, 25, 50, 100])) / 100).quantize(
                Decimal("1")
            )
            budget.append(
                (
                    categories[i % len(categories)],
                    f"Programme activity {i + 1}",
                    str(planned),
                    str(committed),
                    str(committed / 2),
                    sources[i % len(sources)],
                )
            )
    lines = [
        BudgetLine(
            plan=plan,
            position=i,
            category=category,
            description=description,
            amount=Decimal(planned),
            committed=Decimal(committed),
            spent=Decimal(spent),
            currency="EUR",
            funding_source=source,
        )
        for i, (category, description, planned, committed, spent, source) in enumerate(budget)
    ]
    bulk_create_with_history(lines, BudgetLine, default_user=user)
    allocations = list(DEMO_ALLOCATIONS)
    if size == "large":
        allocations += [
            (6 + i % 40, f"Neighbourhood outreach round {i + 1}", (i * 13) % 500, 120, "0.50")
            for i in range(80)
        ]
    end = plan.end_date or start + datetime.timedelta(days=730)
    rows = []
    for i, (index, label, offset, length, fte) in enumerate(allocations):
        first = start + datetime.timedelta(days=offset)
        rows.append(
            Allocation(
                plan=plan,
                position=i,
                member=members[index],
                label=label,
                start_date=first,
                end_date=min(first + datetime.timedelta(days=length), end),
                fte=Decimal(fte),
            )
        )
    bulk_create_with_history(rows, Allocation, default_user=user)


section = Section(
    key="resources",
    title=_("Resources & budget"),
    order=50,
    guidance=GUIDANCE,
    url_name="resources:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="resources/document.html",
    models=(ResourcesSettings, TeamMember, BudgetLine, Allocation),
    demo=demo,
)
