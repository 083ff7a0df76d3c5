"""Demo content of the monitoring section: KPIs with their history, findings and lessons.

Writes only monitoring's own tables, through its services; the plan's goals (objectives) are
read, never created. The risks demo runs after this one and links risks to these KPIs.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from objectives.models import Goal
from plans.demo import demo_count, demo_scale
from plans.sections.items import item_create

from .imports import Table
from .models import (
    KPI,
    CollectionTool,
    Direction,
    EvaluationFinding,
    Frequency,
    Lesson,
    Milestone,
    Outcome,
    add_period,
)
from .services import measurements_import

TARGET_MONTHS = 30  # every demo KPI aims at its target 30 months after its baseline


@dataclass(frozen=True)
class DemoKPI:
    name: str
    goal: int  # position of the goal it measures among the plan's goals (wraps around)
    unit: str
    direction: str
    baseline: str
    target: str
    frequency: str
    collection_tool: str
    data_source: str
    owner: str
    definition: str
    progress: float  # share of the expected change achieved by now (1.1: ahead of the path)
    months_of_data: int  # how long measurements have been recorded
    baseline_months_ago: int = 9


DEMO_KPIS = [
    DemoKPI(
        name="Pupils injured on school routes (rolling 12 months)",
        goal=0,
        unit="injuries",
        direction=Direction.LOWER,
        baseline="14",
        target="7",
        frequency=Frequency.MONTHLY,
        collection_tool=CollectionTool.ADMINISTRATIVE,
        data_source="Police accident reports and the children's hospital register",
        owner="Road safety officer, City police",
        definition="Pupils of the four schools injured between home and school during school "
        "runs, counted over the last twelve months.",
        progress=1.0,
        months_of_data=8,
    ),
    DemoKPI(
        name="Share of pupils walking or cycling to school",
        goal=1,
        unit="%",
        direction=Direction.HIGHER,
        baseline="31",
        target="60",
        frequency=Frequency.QUARTERLY,
        collection_tool=CollectionTool.SURVEY,
        data_source="Hands-up survey in every class",
        owner="Head teachers of the four schools",
        definition="Pupils who arrived on foot, by bike or by scooter on the survey day, "
        "divided by the pupils present.",
        progress=0.3,
        months_of_data=9,
    ),
    DemoKPI(
        name="School crossings supervised at both peaks",
        goal=2,
        unit="crossings",
        direction=Direction.HIGHER,
        baseline="3",
        target="12",
        frequency=Frequency.MONTHLY,
        collection_tool=CollectionTool.OBSERVATION,
        data_source="Supervision roster of the crossing patrol service",
        owner="Crossing patrol coordinator",
        definition="Crossings within 300 m of a school gate with a trained supervisor from "
        "8:00 to 8:45 and from 16:15 to 17:00 on every school day of the month.",
        progress=1.1,
        months_of_data=5,
    ),
    DemoKPI(
        name="Average speed on Canal Street at 8:00",
        goal=0,
        unit="km/h",
        direction=Direction.LOWER,
        baseline="42",
        target="30",
        frequency=Frequency.MONTHLY,
        collection_tool=CollectionTool.SOFTWARE,
        data_source="Speed radar export (Canal Street, both directions)",
        owner="Traffic engineering unit",
        definition="Mean speed of vehicles between 7:45 and 8:15 on school days.",
        progress=-0.1,
        months_of_data=8,
    ),
    DemoKPI(
        name="Parents who feel the route to school is safe",
        goal=1,
        unit="%",
        direction=Direction.HIGHER,
        baseline="38",
        target="70",
        frequency=Frequency.HALF_YEARLY,
        collection_tool=CollectionTool.SURVEY,
        data_source="Online parents' survey",
        owner="Parents' association",
        definition="Share of answering parents who agree or strongly agree that their "
        "child's route is safe.",
        progress=0,
        months_of_data=0,
        baseline_months_ago=2,
    ),
    DemoKPI(
        name="Volunteers leading walking buses",
        goal=1,
        unit="volunteers",
        direction=Direction.HIGHER,
        baseline="8",
        target="40",
        frequency=Frequency.MONTHLY,
        collection_tool=CollectionTool.ADMINISTRATIVE,
        data_source="Walking bus sign-up sheets",
        owner="Community volunteer coordinator",
        definition="Adults who led at least one walking bus during the month.",
        progress=1.05,
        months_of_data=7,
    ),
]

# What the mid-term evaluation found; ``goal`` is a position among the plan's goals (-1: last).
DEMO_FINDINGS = [
    {
        "goal": -1,
        "outcome": Outcome.PARTLY,
        "evidence": "Eight of twelve crossings are supervised at both peaks; "
        "the four remaining ones lack volunteers (supervision roster, last month).",
    },
    {
        "goal": 0,
        "outcome": Outcome.NOT_ACHIEVED,
        "evidence": "Mid-term review: injuries fell from 14 to 12 over "
        "twelve months, short of the path to 7 (police and hospital records).",
    },
]

DEMO_LESSONS = [
    {
        "title": "Walking buses need a named coordinator per school",
        "what_worked": "Where a parent coordinated the rota, walking buses ran every day.",
        "what_failed": "At two schools the rota relied on goodwill and stopped after the "
        "autumn holidays.",
        "root_cause": "Nobody was responsible for replacing volunteers who dropped out.",
        "recommendation": "Name and thank one coordinator per school and give them a small "
        "budget for reflective vests and refreshments.",
    },
    {
        "title": "Count speeds before and after, with the same radar",
        "what_worked": "The radar export gave comparable figures every month at no cost.",
        "what_failed": "The first baseline was taken during school holidays and understated "
        "traffic.",
        "root_cause": "The baseline date was chosen for convenience, not representativeness.",
        "recommendation": "Take baselines on ordinary school days and note the conditions.",
    },
    {
        "title": "Hands-up surveys are cheap but must be run on the same day everywhere",
        "what_worked": "Teachers ran the survey in ten minutes and children enjoyed it.",
        "what_failed": "One school ran it on a rainy day, which lowered its walking share.",
        "root_cause": "No common survey date was agreed in advance.",
        "recommendation": "Fix the survey dates for the whole year at the start.",
    },
]


def _large_kpis(scale=1):
    """Fifty monthly KPIs a round (a hundred in the xl plan) with two years of data, some on
    track and some drifting."""
    return [
        dataclasses.replace(
            base,
            name=f"{base.name} (area {i + 1})",
            goal=i,
            frequency=Frequency.MONTHLY,
            progress=[1.0, 0.6, 0.2, 1.1][i % 4],
            months_of_data=24,
            baseline_months_ago=25,
        )
        for i, base in ((i, DEMO_KPIS[i % len(DEMO_KPIS)]) for i in range(50 * scale))
    ]


def _months_back(date, months):
    index = date.year * 12 + date.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _kpi_create(plan, spec, goals, today, user):
    baseline_date = _months_back(today, spec.baseline_months_ago)
    return item_create(
        plan=plan,
        model=KPI,
        data={
            "name": spec.name,
            "goal": goals[spec.goal % len(goals)] if goals else None,
            "definition": spec.definition,
            "unit": spec.unit,
            "direction": spec.direction,
            "baseline_value": Decimal(spec.baseline),
            "baseline_date": baseline_date,
            "target_value": Decimal(spec.target),
            "target_date": add_period(baseline_date, Frequency.MONTHLY, TARGET_MONTHS),
            "frequency": spec.frequency,
            "data_source": spec.data_source,
            "collection_tool": spec.collection_tool,
            "owner": spec.owner,
        },
        user=user,
    )


def _measured_values(kpi, spec, today, rng):
    """``(date, value)`` of each measurement so far: the path to target, scaled by progress."""
    months = {Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6}.get(kpi.frequency, 1)
    steps = TARGET_MONTHS // months
    noise = float(abs(kpi.target_value - kpi.baseline_value)) * 0.02
    for step in range(1, spec.months_of_data // months + 1):
        date = add_period(kpi.baseline_date, Frequency.MONTHLY, step * months)
        if date > today:
            return
        share = Decimal(str(round(spec.progress * step / steps, 4)))
        jitter = Decimal(str(round(rng.uniform(-noise, noise), 2)))
        value = kpi.baseline_value + (kpi.target_value - kpi.baseline_value) * share + jitter
        yield date, value.quantize(Decimal("0.01"))


def demo(plan, *, size, user, rng):
    today = timezone.localdate()
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "id"))
    scale = demo_scale(size)
    rows = []
    for spec in _large_kpis(scale) if scale else DEMO_KPIS:
        kpi = _kpi_create(plan, spec, goals, today, user)
        item_create(
            plan=plan,
            model=Milestone,
            data={
                "kpi": kpi,
                "date": add_period(kpi.baseline_date, Frequency.MONTHLY, TARGET_MONTHS // 2),
                "value": (kpi.baseline_value + kpi.target_value) / 2,
                "label": _("Halfway"),
            },
            user=user,
        )
        for date, value in _measured_values(kpi, spec, today, rng):
            rows.append([len(rows) + 1, kpi.name, date.isoformat(), str(value), ""])
    # The measurements arrive as a spreadsheet would: checked, then saved all at once.
    table = Table(name=_("the demo data"), columns={}, rows=rows)
    measurements_import(plan=plan, table=table, user=user)

    if goals:
        for finding in DEMO_FINDINGS:
            item_create(
                plan=plan,
                model=EvaluationFinding,
                data={
                    **finding,
                    "goal": goals[finding["goal"]],
                    "evaluated_on": today - datetime.timedelta(days=14),
                },
                user=user,
            )
    lessons = list(DEMO_LESSONS)
    lessons += [
        {**DEMO_LESSONS[i % 3], "title": f"{DEMO_LESSONS[i % 3]['title']} ({i})"}
        for i in range(demo_count(size, 30, len(DEMO_LESSONS)))
    ]
    for lesson in lessons:
        item_create(plan=plan, model=Lesson, data=lesson, user=user)
