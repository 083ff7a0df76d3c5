"""The risks & contingency section: registered with the plan in ``apps.ready()``."""

import datetime

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from plans.history import record_m2m
from plans.sections import Completeness, Section

from . import selectors
from .models import Category, ContingencyPlan, Risk, Status

GUIDANCE = _(
    "Ask what could stop the plan, before it happens.\n"
    "Rate each risk's likelihood and impact from 1 to 5: their product ranks the register and "
    "places the risk on the heat map. Give each one an owner, the early signs that would show "
    "it coming and a date to look at it again. Link the tasks that reduce it, then rate what "
    "is left once they are done.\n"
    "For the risks in the red, write a contingency plan: what sets it off, what the team does "
    "instead, what it keeps in reserve and who tells whom. Link risks to the assumptions they "
    "threaten and the indicators that would reveal them, so nothing is watched by no one."
)


def completeness(plan):
    risks = Risk.objects.filter(plan=plan)
    counts = risks.aggregate(
        total=Count("id"),
        unowned=Count("id", filter=Q(owner__isnull=True)),
        no_review=Count(
            "id",
            filter=Q(review_date__isnull=True, status__in=[Status.OPEN, Status.MITIGATING]),
        ),
    )
    serious = risks.filter(score__gte=10)
    unmitigated = serious.annotate(n=Count("mitigations")).filter(n=0).exists()
    no_plan_b = serious.annotate(n=Count("contingency_plans")).filter(n=0).exists()
    has = counts["total"] > 0
    checks = [
        (has, _("Identify the risks that could stop the plan.")),
        (has and not counts["unowned"], _("Give every risk an owner.")),
        (has and not unmitigated, _("Link a mitigation task to every risk scoring 10 or more.")),
        (has and not no_plan_b, _("Write a contingency plan for every risk scoring 10 or more.")),
        (has and not counts["no_review"], _("Set a review date for every open risk.")),
    ]
    missing = tuple(message for ok, message in checks if not ok)
    return Completeness(done=sum(1 for ok, _m in checks if ok), total=len(checks), missing=missing)


# title, category, likelihood, impact, owner (team index), trigger, status,
# residual (likelihood, impact) or None, mitigation task or None, contingency or None
DEMO_RISKS = [
    (
        "Council rejects the 30 km/h school zones",
        Category.EXTERNAL,
        3,
        5,
        2,
        "Councillors raise objections in committee; local press campaign against speed limits.",
        Status.MITIGATING,
        (2, 5),
        "Brief every councillor with the injury figures",
        (
            "The vote fails or is postponed beyond the spring session.",
            "Go ahead with crossings and supervisors, which need no vote; ask for a trial zone at "
            "the two worst schools.",
            "Mobility department legal adviser; 2 weeks of coordinator time.",
            "Head of mobility",
            "Which measures continue, and the date of the next vote.",
            "Parents' association, head teachers, local press",
        ),
    ),
    (
        "Road works delayed by the contractor",
        Category.OPERATIONAL,
        4,
        3,
        1,
        "Tender gets fewer than two bids; the contractor asks to move the start date.",
        Status.OPEN,
        (3, 2),
        "Add a penalty clause and a summer-holiday works window",
        (
            "Works not started two weeks after the planned date.",
            "Install temporary speed cushions and painted crossings; extend supervisors' hours.",
            "Temporary-equipment budget from the contingency reserve.",
            "Traffic engineer",
            "New dates and temporary safety measures.",
            "Schools and residents along Canal Street",
        ),
    ),
    (
        "Not enough volunteer crossing supervisors",
        Category.STAKEHOLDER,
        4,
        4,
        3,
        "Fewer than 20 sign-ups one month before the school year; drop-outs after the first weeks.",
        Status.MITIGATING,
        (2, 3),
        "Recruit retired residents through the senior centres",
        (
            "Fewer than 20 volunteers two weeks before the school year.",
            "Share paid supervisors between neighbouring crossings; ask the parents' association "
            "for a temporary rota at the busiest gates.",
            "Overtime budget for the paid supervisors.",
            "Community liaison officer",
            "Which crossings are supervised, and how parents can help.",
            "Parents, head teachers, volunteers",
        ),
    ),
    (
        "A child is injured at a crossing during the works",
        Category.SAFETY,
        2,
        5,
        4,
        "Near-misses reported by supervisors; drivers ignoring temporary signs.",
        Status.OPEN,
        (1, 5),
        "Police presence at work sites during school runs",
        (
            "Any injury or serious near-miss at a work site.",
            "Stop works at that site during school hours; review signage with the police.",
            "Police school liaison officer on call.",
            "Project coordinator",
            "What happened and what changes at once.",
            "Families of the school, council, press",
        ),
    ),
    (
        "Budget cut in the city's mid-year review",
        Category.FINANCIAL,
        2,
        4,
        2,
        "Finance department asks all services for savings proposals.",
        Status.OPEN,
        None,
        None,
        None,
    ),
    (
        "Parents keep driving despite safer routes",
        Category.STAKEHOLDER,
        3,
        3,
        5,
        "Hands-up survey shows no change after one term; queues of cars at the gates.",
        Status.OPEN,
        (2, 3),
        "School-gate 'park and stride' campaign",
        None,
    ),
    (
        "Survey response too low to measure change",
        Category.OPERATIONAL,
        3,
        2,
        5,
        "Fewer than 30 % of forms returned by the deadline.",
        Status.OPEN,
        None,
        None,
        None,
    ),
    (
        "Residents oppose parking removed near crossings",
        Category.REPUTATIONAL,
        3,
        2,
        3,
        "Petitions; complaints at the residents' meeting.",
        Status.CLOSED,
        None,
        None,
        None,
    ),
]


def demo(plan, *, size, user, rng):
    from actions.models import Status as TaskStatus
    from actions.models import Task
    from resources.models import TeamMember
    from strategy.models import Assumption

    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    team = list(TeamMember.objects.filter(plan=plan).order_by("position", "id"))
    specs = list(DEMO_RISKS)
    if size == "large":
        categories = Category.values
        for i in range(150):
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            specs.append(
                (
                    f"Programme risk {i + 1}",
                    categories[i % len(categories)],
                    likelihood,
                    impact,
                    i % 6,
                    "Monthly dashboard shows a drift.",
                    Status.OPEN,
                    (max(likelihood - 1, 1), impact),
                    f"Mitigation for programme risk {i + 1}",
                    (
                        "Threshold crossed.",
                        "Switch to the fallback provider.",
                        "Reserve team.",
                        "Programme lead",
                        "Status and next steps.",
                        "Steering committee",
                    )
                    if i % 3 == 0
                    else None,
                )
            )
    # Mitigation tasks belong to the action plan; the risks demo runs first, so it makes them.
    first = (Task.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
    titled = [(i, s[8]) for i, s in enumerate(specs) if s[8]]
    tasks = bulk_create_with_history(
        [
            Task(
                plan=plan,
                position=first + n,
                title=title,
                responsible=team[specs[i][4] % len(team)] if team else None,
                start_date=start + datetime.timedelta(days=30 + (n * 3) % 300),
                due_date=start + datetime.timedelta(days=90 + (n * 3) % 300),
                status=TaskStatus.IN_PROGRESS if n % 2 else TaskStatus.NOT_STARTED,
                progress=20 if n % 2 else 0,
            )
            for n, (i, title) in enumerate(titled)
        ],
        Task,
        default_user=user,
    )
    task_for = {i: task for (i, _title), task in zip(titled, tasks, strict=True)}
    risks = bulk_create_with_history(
        [
            Risk(
                plan=plan,
                position=i,
                title=title,
                category=category,
                likelihood=likelihood,
                impact=impact,
                score=likelihood * impact,
                owner=team[who % len(team)] if team else None,
                trigger=trigger,
                status=status,
                review_date=start + datetime.timedelta(days=90 + (i * 7) % 400),
                residual_likelihood=residual[0] if residual else None,
                residual_impact=residual[1] if residual else None,
            )
            for i, (
                title,
                category,
                likelihood,
                impact,
                who,
                trigger,
                status,
                residual,
                _t,
                _c,
            ) in enumerate(specs)
        ],
        Risk,
        default_user=user,
    )
    Risk.mitigations.through.objects.bulk_create(
        [
            Risk.mitigations.through(risk_id=risk.pk, task_id=task_for[i].pk)
            for i, risk in enumerate(risks)
            if i in task_for
        ]
    )
    assumptions = list(Assumption.objects.filter(plan=plan).order_by("position", "id")[:3])
    if assumptions:
        Risk.assumptions.through.objects.bulk_create(
            [
                Risk.assumptions.through(risk_id=risk.pk, assumption_id=a.pk)
                for risk, a in zip(risks, assumptions, strict=False)
            ]
        )
    record_m2m(Risk, [risk.pk for risk in risks])
    plans = []
    for i, spec in enumerate(specs):
        if spec[9]:
            trigger, actions, backup, who, message, audience = spec[9]
            plans.append(
                ContingencyPlan(
                    plan=plan,
                    position=len(plans),
                    risk=risks[i],
                    trigger=trigger,
                    alternative_actions=actions,
                    backup_resources=backup,
                    communicated_by=who,
                    message=message,
                    audience=audience,
                )
            )
    bulk_create_with_history(plans, ContingencyPlan, default_user=user)


section = Section(
    key="risks",
    title=_("Risks & contingency"),
    order=60,
    guidance=GUIDANCE,
    url_name="risks:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="risks/document.html",
    models=(Risk, ContingencyPlan),
    demo=demo,
)
