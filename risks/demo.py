"""Demo content of the risks section: the register and the contingency plans.

Writes only the risks app's tables, through the item services. What a risk links to (the team
members who own it, the tasks that mitigate it, the assumptions it threatens, the KPIs that
would reveal it) belongs to other sections, whose demos run first (``demo_after``): the risks
demo picks among the items they made and creates none of them.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass

from actions.models import Task
from monitoring.models import KPI
from plans.demo import demo_count
from plans.sections.items import item_create
from resources.models import TeamMember
from strategy.models import Assumption

from .models import Category, ContingencyPlan, Risk, Status


@dataclass(frozen=True)
class DemoContingency:
    trigger: str
    alternative_actions: str
    backup_resources: str
    communicated_by: str
    message: str
    audience: str


@dataclass(frozen=True)
class DemoRisk:
    title: str
    category: str
    likelihood: int
    impact: int
    owner: int  # position of its owner in the plan's team (wraps around)
    trigger: str
    status: str = Status.OPEN
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    mitigated: bool = False  # linked to the plan's task that fits it best
    kpis: tuple = ()  # positions of the plan's KPIs that would reveal it
    contingency: DemoContingency | None = None


DEMO_RISKS = [
    DemoRisk(
        title="Council rejects the 30 km/h school zones",
        category=Category.EXTERNAL,
        likelihood=3,
        impact=5,
        owner=2,
        trigger="Councillors raise objections in committee; local press campaign against "
        "speed limits.",
        status=Status.MITIGATING,
        residual_likelihood=2,
        residual_impact=5,
        mitigated=True,
        kpis=(3,),
        contingency=DemoContingency(
            trigger="The vote fails or is postponed beyond the spring session.",
            alternative_actions="Go ahead with crossings and supervisors, which need no vote; "
            "ask for a trial zone at the two worst schools.",
            backup_resources="Mobility department legal adviser; 2 weeks of coordinator time.",
            communicated_by="Head of mobility",
            message="Which measures continue, and the date of the next vote.",
            audience="Parents' association, head teachers, local press",
        ),
    ),
    DemoRisk(
        title="Road works delayed by the contractor",
        category=Category.OPERATIONAL,
        likelihood=4,
        impact=3,
        owner=1,
        trigger="Tender gets fewer than two bids; the contractor asks to move the start date.",
        residual_likelihood=3,
        residual_impact=2,
        mitigated=True,
        kpis=(3,),
        contingency=DemoContingency(
            trigger="Works not started two weeks after the planned date.",
            alternative_actions="Install temporary speed cushions and painted crossings; "
            "extend supervisors' hours.",
            backup_resources="Temporary-equipment budget from the contingency reserve.",
            communicated_by="Traffic engineer",
            message="New dates and temporary safety measures.",
            audience="Schools and residents along Canal Street",
        ),
    ),
    DemoRisk(
        title="Not enough volunteer crossing supervisors",
        category=Category.STAKEHOLDER,
        likelihood=4,
        impact=4,
        owner=3,
        trigger="Fewer than 20 sign-ups one month before the school year; drop-outs after "
        "the first weeks.",
        status=Status.MITIGATING,
        residual_likelihood=2,
        residual_impact=3,
        mitigated=True,
        kpis=(2, 5),
        contingency=DemoContingency(
            trigger="Fewer than 20 volunteers two weeks before the school year.",
            alternative_actions="Share paid supervisors between neighbouring crossings; ask "
            "the parents' association for a temporary rota at the busiest gates.",
            backup_resources="Overtime budget for the paid supervisors.",
            communicated_by="Community liaison officer",
            message="Which crossings are supervised, and how parents can help.",
            audience="Parents, head teachers, volunteers",
        ),
    ),
    DemoRisk(
        title="A child is injured at a crossing during the works",
        category=Category.SAFETY,
        likelihood=2,
        impact=5,
        owner=4,
        trigger="Near-misses reported by supervisors; drivers ignoring temporary signs.",
        residual_likelihood=1,
        residual_impact=5,
        mitigated=True,
        kpis=(0,),
        contingency=DemoContingency(
            trigger="Any injury or serious near-miss at a work site.",
            alternative_actions="Stop works at that site during school hours; review signage "
            "with the police.",
            backup_resources="Police school liaison officer on call.",
            communicated_by="Project coordinator",
            message="What happened and what changes at once.",
            audience="Families of the school, council, press",
        ),
    ),
    DemoRisk(
        title="Budget cut in the city's mid-year review",
        category=Category.FINANCIAL,
        likelihood=2,
        impact=4,
        owner=2,
        trigger="Finance department asks all services for savings proposals.",
    ),
    DemoRisk(
        title="Parents keep driving despite safer routes",
        category=Category.STAKEHOLDER,
        likelihood=3,
        impact=3,
        owner=5,
        trigger="Hands-up survey shows no change after one term; queues of cars at the gates.",
        residual_likelihood=2,
        residual_impact=3,
        mitigated=True,
        kpis=(1, 4),
    ),
    DemoRisk(
        title="Survey response too low to measure change",
        category=Category.OPERATIONAL,
        likelihood=3,
        impact=2,
        owner=5,
        trigger="Fewer than 30 % of forms returned by the deadline.",
        kpis=(1,),
    ),
    DemoRisk(
        title="Residents oppose parking removed near crossings",
        category=Category.REPUTATIONAL,
        likelihood=3,
        impact=2,
        owner=3,
        trigger="Petitions; complaints at the residents' meeting.",
        status=Status.CLOSED,
    ),
]

LARGE_CONTINGENCY = DemoContingency(
    trigger="Threshold crossed.",
    alternative_actions="Switch to the fallback provider.",
    backup_resources="Reserve team.",
    communicated_by="Programme lead",
    message="Status and next steps.",
    audience="Steering committee",
)


def _large_risks(rng, count=150):
    """150 programme risks in the large plan (the risks twice over in the xl plan)."""
    risks = []
    for i in range(count):
        likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
        risks.append(
            DemoRisk(
                title=f"Programme risk {i + 1}",
                category=Category.values[i % len(Category.values)],
                likelihood=likelihood,
                impact=impact,
                owner=i,
                trigger="Monthly dashboard shows a drift.",
                residual_likelihood=max(likelihood - 1, 1),
                residual_impact=impact,
                mitigated=True,
                kpis=(i + 1,),
                contingency=LARGE_CONTINGENCY if i % 3 == 0 else None,
            )
        )
    return risks


def _words(text):
    return {word.rstrip("s") for word in re.findall(r"[a-z]{4,}", text.lower())}


def _mitigations(risk, tasks, tasks_words, n):
    """The task whose title shares most words with the risk (by position when none does)."""
    if not risk.mitigated or not tasks:
        return []
    words = _words(f"{risk.title} {risk.trigger}")
    overlap = [len(words & task_words) for task_words in tasks_words]
    best = max(overlap)
    return [tasks[overlap.index(best)] if best else tasks[n % len(tasks)]]


def demo(plan, *, size, user, rng):
    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    team = list(TeamMember.objects.filter(plan=plan).order_by("position", "id"))
    tasks = list(Task.objects.filter(plan=plan).only("id", "title").order_by("position", "id"))
    tasks_words = [_words(task.title) for task in tasks]
    kpis = list(KPI.objects.filter(plan=plan).only("id").order_by("position", "id"))
    assumptions = list(Assumption.objects.filter(plan=plan).order_by("position", "id")[:3])
    specs = DEMO_RISKS + _large_risks(rng, demo_count(size, 150, len(DEMO_RISKS)))
    for n, spec in enumerate(specs):
        links = {
            "mitigations": _mitigations(spec, tasks, tasks_words, n),
            "assumptions": assumptions[n : n + 1],
            "kpis": [kpis[i % len(kpis)] for i in spec.kpis] if kpis else [],
        }
        risk = item_create(
            plan=plan,
            model=Risk,
            data={
                "title": spec.title,
                "category": spec.category,
                "likelihood": spec.likelihood,
                "impact": spec.impact,
                "owner": team[spec.owner % len(team)] if team else None,
                "trigger": spec.trigger,
                "status": spec.status,
                "review_date": start + datetime.timedelta(days=90 + (n * 7) % 400),
                "residual_likelihood": spec.residual_likelihood,
                "residual_impact": spec.residual_impact,
                # The item service sets only the links it is given.
                **{name: items for name, items in links.items() if items},
            },
            user=user,
        )
        if spec.contingency:
            item_create(
                plan=plan,
                model=ContingencyPlan,
                data={"risk": risk, **dataclasses.asdict(spec.contingency)},
                user=user,
            )
