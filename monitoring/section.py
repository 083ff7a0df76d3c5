"""The monitoring & evaluation section: registered with the plan in ``apps.ready()``."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from plans.history import record_m2m
from plans.sections import Completeness, Section

from . import selectors
from .models import (
    KPI,
    CollectionTool,
    Direction,
    EvaluationFinding,
    Frequency,
    Lesson,
    Measurement,
    Milestone,
    Outcome,
    add_period,
)

GUIDANCE = _(
    "Decide now how you will know whether the plan works.\n"
    "Give each goal one or a few indicators (KPIs). For each, write down exactly how it is "
    "calculated, where the figures come from and who collects them, the value today (baseline) "
    "and the value you aim for by a date (target). Milestones in between tell you early when "
    "you are drifting.\n"
    "Record measurements as they come in, one by one or from a spreadsheet. Each KPI then shows "
    "whether it is on track, at risk or off track, and warns you when a measurement is late.\n"
    "At the end of a phase, evaluate each goal against the evidence and write down the lessons: "
    "what worked, what did not, why, and what you would recommend to the next team. Lessons of "
    "all your plans can be searched, so a new plan can start from them."
)


def completeness(plan):
    stats = KPI.objects.filter(plan=plan).aggregate(
        total=Count("id"),
        without_target=Count(
            "id", filter=Q(baseline_value__isnull=True) | Q(target_value__isnull=True)
        ),
        without_source=Count("id", filter=Q(data_source="") | Q(owner="")),
    )
    from objectives.models import Goal

    goals_without_kpi = Goal.objects.filter(plan=plan, kpis__isnull=True).exists()
    missing = []
    done = 0
    if stats["total"]:
        done += 1
    else:
        missing.append(_("Define at least one KPI."))
    if stats["total"] and not goals_without_kpi:
        done += 1
    else:
        missing.append(_("Give every goal at least one KPI."))
    if stats["total"] and not stats["without_target"]:
        done += 1
    else:
        missing.append(_("Give every KPI a baseline and a target."))
    if stats["total"] and not stats["without_source"]:
        done += 1
    else:
        missing.append(_("Say where each KPI's data comes from and who collects it."))
    return Completeness(done=done, total=4, missing=tuple(missing))


def _months_back(date, months):
    index = date.year * 12 + date.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


# name, goal index, unit, direction, baseline, target, frequency, tool, source, owner,
# progress (share of the expected change actually achieved), months of data, definition
DEMO_KPIS = [
    (
        "Pupils injured on school routes (rolling 12 months)",
        0,
        "injuries",
        Direction.LOWER,
        "14",
        "7",
        Frequency.MONTHLY,
        CollectionTool.ADMINISTRATIVE,
        "Police accident reports and the children's hospital register",
        "Road safety officer, City police",
        1.0,
        8,
        "Pupils of the four schools injured between home and school during school runs, "
        "counted over the last twelve months.",
    ),
    (
        "Share of pupils walking or cycling to school",
        1,
        "%",
        Direction.HIGHER,
        "31",
        "60",
        Frequency.QUARTERLY,
        CollectionTool.SURVEY,
        "Hands-up survey in every class",
        "Head teachers of the four schools",
        0.3,
        9,
        "Pupils who arrived on foot, by bike or by scooter on the survey day, divided by the "
        "pupils present.",
    ),
    (
        "School crossings supervised at both peaks",
        2,
        "crossings",
        Direction.HIGHER,
        "3",
        "12",
        Frequency.MONTHLY,
        CollectionTool.OBSERVATION,
        "Supervision roster of the crossing patrol service",
        "Crossing patrol coordinator",
        1.1,
        5,
        "Crossings within 300 m of a school gate with a trained supervisor from 8:00 to 8:45 "
        "and from 16:15 to 17:00 on every school day of the month.",
    ),
    (
        "Average speed on Canal Street at 8:00",
        0,
        "km/h",
        Direction.LOWER,
        "42",
        "30",
        Frequency.MONTHLY,
        CollectionTool.SOFTWARE,
        "Speed radar export (Canal Street, both directions)",
        "Traffic engineering unit",
        -0.1,
        8,
        "Mean speed of vehicles between 7:45 and 8:15 on school days.",
    ),
    (
        "Parents who feel the route to school is safe",
        1,
        "%",
        Direction.HIGHER,
        "38",
        "70",
        Frequency.HALF_YEARLY,
        CollectionTool.SURVEY,
        "Online parents' survey",
        "Parents' association",
        0,
        0,
        "Share of answering parents who agree or strongly agree that their child's route is safe.",
    ),
    (
        "Volunteers leading walking buses",
        1,
        "volunteers",
        Direction.HIGHER,
        "8",
        "40",
        Frequency.MONTHLY,
        CollectionTool.ADMINISTRATIVE,
        "Walking bus sign-up sheets",
        "Community volunteer coordinator",
        1.05,
        7,
        "Adults who led at least one walking bus during the month.",
    ),
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


def _demo_value(baseline, target, progress, step, steps, rng, noise):
    share = progress * step / max(steps, 1)
    value = baseline + (target - baseline) * Decimal(str(round(share, 4)))
    jitter = Decimal(str(round(rng.uniform(-noise, noise), 2)))
    return (value + jitter).quantize(Decimal("0.01"))


# The demo risks (seeded before the KPIs) that each demo KPI would reveal, by title prefix.
DEMO_KPI_RISKS = {
    "Council rejects": [3],
    "Road works delayed": [3],
    "Not enough volunteer": [2, 5],
    "A child is injured": [0],
    "Parents keep driving": [1, 4],
    "Survey response too low": [1],
}


def _link_demo_risks(plan, kpis):
    """Link the demo KPIs to the risks they would reveal, through ``KPI.risks``.

    The risks section owns the relation (``Risk.kpis``) and is seeded first; monitoring adds
    the links from its side without importing risks.
    """
    relation = KPI._meta.get_field("risks")
    Risk, through = relation.related_model, KPI.risks.through
    links = []
    for risk_id, title in Risk.objects.filter(plan=plan).values_list("id", "title"):
        indexes = next((v for k, v in DEMO_KPI_RISKS.items() if title.startswith(k)), [])
        if title.startswith("Programme risk") and kpis:
            indexes = [int(title.rsplit(" ", 1)[1]) % len(kpis)]
        links += [through(risk_id=risk_id, kpi_id=kpis[i].pk) for i in indexes if i < len(kpis)]
    through.objects.bulk_create(links)
    record_m2m(Risk, sorted({link.risk_id for link in links}))


def demo(plan, *, size, user, rng):
    from objectives.models import Goal

    today = timezone.localdate()
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "id"))
    specs = []
    if size == "large":
        baseline_date = _months_back(today, 25)
        for i in range(50):
            base = DEMO_KPIS[i % len(DEMO_KPIS)]
            specs.append(
                (
                    f"{base[0]} (area {i + 1})",
                    i,
                    *base[2:6],
                    Frequency.MONTHLY,
                    *base[7:10],
                    [1.0, 0.6, 0.2, 1.1][i % 4],
                    24,
                    base[12],
                    baseline_date,
                )
            )
    else:
        for spec in DEMO_KPIS:
            months = 9 if spec[6] != Frequency.HALF_YEARLY else 2
            specs.append((*spec, _months_back(today, months)))

    kpis, targets = [], []
    for position, spec in enumerate(specs):
        (name, goal_index, unit, direction, baseline, target, frequency, tool, source, owner) = (
            spec[:10]
        )
        baseline_date = spec[13]
        kpi = KPI(
            plan=plan,
            position=position,
            name=name,
            goal=goals[goal_index % len(goals)] if goals else None,
            definition=spec[12],
            unit=unit,
            direction=direction,
            baseline_value=Decimal(baseline),
            baseline_date=baseline_date,
            target_value=Decimal(target),
            target_date=add_period(baseline_date, Frequency.MONTHLY, 30),
            frequency=frequency,
            data_source=source,
            collection_tool=tool,
            owner=owner,
        )
        kpi.full_clean(exclude=["plan", "goal"])
        kpis.append(kpi)
        targets.append(spec)
    kpis = bulk_create_with_history(kpis, KPI, default_user=user)
    # Some backends do not return primary keys from a bulk insert: read them back by position.
    kpis = list(KPI.objects.filter(plan=plan).order_by("position"))

    milestones, measurements = [], []
    position = 0
    for kpi, spec in zip(kpis, targets, strict=True):
        progress, months = spec[10], spec[11]
        halfway = add_period(kpi.baseline_date, Frequency.MONTHLY, 15)
        milestones.append(
            Milestone(
                plan=plan,
                kpi=kpi,
                date=halfway,
                value=(kpi.baseline_value + kpi.target_value) / 2,
                label=str(_("Halfway")),
                position=len(milestones),
            )
        )
        noise = float(abs(kpi.target_value - kpi.baseline_value)) * 0.02
        step_months = {Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6}.get(kpi.frequency, 1)
        steps = 30 // step_months
        for step in range(1, months // step_months + 1 if months else 1):
            date = add_period(kpi.baseline_date, Frequency.MONTHLY, step * step_months)
            if date > today:
                break
            measurements.append(
                Measurement(
                    plan=plan,
                    kpi=kpi,
                    date=date,
                    value=_demo_value(
                        kpi.baseline_value, kpi.target_value, progress, step, steps, rng, noise
                    ),
                    note="",
                    recorded_by=user,
                    position=position,
                )
            )
            position += 1
    bulk_create_with_history(milestones, Milestone, default_user=user)
    bulk_create_with_history(measurements, Measurement, default_user=user)
    _link_demo_risks(plan, kpis)

    from plans.inline import item_create

    if goals:
        findings = [
            (
                goals[-1],
                Outcome.PARTLY,
                "Eight of twelve crossings are supervised at both peaks; "
                "the four remaining ones lack volunteers (supervision roster, last month).",
            ),
            (
                goals[0],
                Outcome.NOT_ACHIEVED,
                "Mid-term review: injuries fell from 14 to 12 over "
                "twelve months, short of the path to 7 (police and hospital records).",
            ),
        ]
        for goal, outcome, evidence in findings:
            item_create(
                plan=plan,
                model=EvaluationFinding,
                data={
                    "goal": goal,
                    "outcome": outcome,
                    "evidence": evidence,
                    "evaluated_on": today - datetime.timedelta(days=14),
                },
                user=user,
            )
    lessons = list(DEMO_LESSONS)
    if size == "large":
        lessons += [
            {**DEMO_LESSONS[i % 3], "title": f"{DEMO_LESSONS[i % 3]['title']} ({i})"}
            for i in range(30)
        ]
    for data in lessons:
        item_create(plan=plan, model=Lesson, data=data, user=user)


section = Section(
    key="monitoring",
    title=_("Monitoring & evaluation"),
    order=70,
    guidance=GUIDANCE,
    url_name="monitoring:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="monitoring/document.html",
    models=(KPI, Milestone, Measurement, EvaluationFinding, Lesson),
    demo=demo,
)
