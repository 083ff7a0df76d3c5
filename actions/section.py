"""The action plan section: registered with the plan in ``apps.ready()``."""

import datetime

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from plans.history import record_m2m
from plans.sections import Completeness, Section

from . import selectors
from .models import Milestone, Priority, Raci, RaciAssignment, Status, Task

GUIDANCE = _(
    "Turn the strategy into work: who does what, from when to when, in which order.\n"
    "Give every task one responsible person, a start and a due date inside the plan, and the "
    "tasks it waits for; the timeline then shows the critical chain and what is late. Link "
    "each task to the goal or method it serves and to the budget lines that pay for it.\n"
    "Mark the milestones people will check progress against, and fill the RACI matrix: one "
    "person accountable per task, at least one doing the work. Ten tasks nobody owns are "
    "worth less than three that someone answers for."
)


def completeness(plan):
    tasks = Task.objects.filter(plan=plan)
    has_tasks = tasks.exists()
    unowned = tasks.filter(responsible__isnull=True).exists()
    undated = tasks.filter(Q(start_date__isnull=True) | Q(due_date__isnull=True)).exists()
    has_milestones = Milestone.objects.filter(plan=plan).exists()
    raci_gaps = (
        tasks.annotate(
            a=Count("raci", filter=Q(raci__role=Raci.ACCOUNTABLE)),
            r=Count("raci", filter=Q(raci__role=Raci.RESPONSIBLE)),
        )
        .filter(~Q(a=1) | Q(r=0))
        .exists()
    )
    checks = [
        (has_tasks, _("Add the tasks of the action plan.")),
        (has_tasks and not unowned, _("Give every task a responsible team member.")),
        (has_tasks and not undated, _("Give every task a start and a due date.")),
        (has_milestones, _("Mark at least one milestone.")),
        (
            has_tasks and not raci_gaps,
            _("Complete the RACI matrix: one Accountable and at least one Responsible per task."),
        ),
    ]
    missing = tuple(message for ok, message in checks if not ok)
    return Completeness(done=sum(1 for ok, _m in checks if ok), total=len(checks), missing=missing)


# offset (days from the plan's start), length, title, responsible (team index), status,
# progress, dependencies (indices), priority
DEMO_TASKS = [
    (0, 45, "Baseline speed and traffic counts", 1, Status.DONE, 100, [], Priority.HIGH),
    (10, 40, "Parent survey on school journeys", 5, Status.IN_PROGRESS, 80, [], Priority.MEDIUM),
    (
        45,
        90,
        "Design raised crossings and speed cushions",
        1,
        Status.IN_PROGRESS,
        60,
        [0],
        Priority.HIGH,
    ),
    (55, 50, "Public consultation with residents", 3, Status.IN_PROGRESS, 40, [1], Priority.MEDIUM),
    (
        140,
        20,
        "Council vote on the 30 km/h school zones",
        2,
        Status.NOT_STARTED,
        0,
        [2, 3],
        Priority.CRITICAL,
    ),
    (
        165,
        60,
        "Tender and contract for the road works",
        0,
        Status.NOT_STARTED,
        0,
        [4],
        Priority.HIGH,
    ),
    (230, 115, "Road works at six crossings", 1, Status.NOT_STARTED, 0, [5], Priority.HIGH),
    (
        90,
        80,
        "Recruit and train crossing supervisors",
        0,
        Status.IN_PROGRESS,
        30,
        [],
        Priority.HIGH,
    ),
    (
        180,
        60,
        "Launch walking buses at two schools",
        3,
        Status.NOT_STARTED,
        0,
        [7],
        Priority.MEDIUM,
    ),
    (200, 150, "School-gate enforcement weeks", 4, Status.NOT_STARTED, 0, [7], Priority.MEDIUM),
    (240, 120, "Road-safety lessons in every class", 4, Status.NOT_STARTED, 0, [], Priority.LOW),
    (360, 30, "Follow-up speed counts", 1, Status.NOT_STARTED, 0, [6], Priority.MEDIUM),
    (
        560,
        90,
        "Follow-up parent survey and evaluation report",
        5,
        Status.NOT_STARTED,
        0,
        [11],
        Priority.HIGH,
    ),
]
DEMO_MILESTONES = [
    (160, "Council approval of the school zones", [4]),
    (300, "Walking buses running at two schools", [8]),
    (345, "All six crossings rebuilt", [6]),
    (650, "Evaluation report published", [12]),
]
# Budget line description (prefix) -> index of the task it pays for.
DEMO_FUNDING = {
    "Speed cushions": 6,
    "Signage": 6,
    "Crossing supervisors": 7,
    "Speed and traffic counts": 0,
    "Walking-bus volunteer training": 8,
    "Parent survey": 12,
}


def _large_tasks():
    streams = [
        "Screening",
        "Vaccination",
        "Nutrition",
        "Mental health",
        "Housing",
        "Schools",
        "Elderly care",
        "Maternal health",
        "Outreach",
        "Data",
    ]
    steps = ["Scope", "Recruit", "Train", "Pilot", "Roll out", "Review"]
    tasks = []
    for s, stream in enumerate(streams):
        for m in range(5):  # five municipalities per stream
            base = len(tasks)
            for k, step in enumerate(steps):
                offset = (s * 7 + m * 11 + k * 70) % 600
                deps = [base + k - 1] if k else []
                if k:
                    offset = max(offset, tasks[base + k - 1][0] + tasks[base + k - 1][1])
                status = Status.DONE if offset + 30 < 60 else Status.NOT_STARTED
                tasks.append(
                    (
                        offset,
                        30,
                        f"{stream}: {step.lower()} (area {m + 1})",
                        (s + m + k) % 6,
                        status,
                        100 if status == Status.DONE else 0,
                        deps,
                        Priority.MEDIUM,
                    )
                )
    return tasks


def demo(plan, *, size, user, rng):
    from objectives.models import Goal
    from resources.models import BudgetLine, TeamMember
    from strategy.models import Method

    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    team = list(TeamMember.objects.filter(plan=plan).order_by("position", "id"))
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "id")[:3])
    methods = list(Method.objects.filter(plan=plan).order_by("position", "id")[:3])
    first = (Task.objects.filter(plan=plan).aggregate(m=Max("position"))["m"] or 0) + 1
    specs = list(DEMO_TASKS) + (_large_tasks() if size == "large" else [])

    def day(offset):
        return start + datetime.timedelta(days=offset)

    tasks = [
        Task(
            plan=plan,
            position=first + i,
            title=title,
            responsible=team[who] if team else None,
            start_date=day(offset),
            due_date=day(offset + length),
            status=status,
            progress=progress,
            priority=priority,
            goal=goals[i % len(goals)] if goals and i % 2 == 0 else None,
            method=methods[i % len(methods)] if methods else None,
        )
        for i, (offset, length, title, who, status, progress, _deps, priority) in enumerate(specs)
    ]
    tasks = bulk_create_with_history(tasks, Task, default_user=user)
    Task.depends_on.through.objects.bulk_create(
        [
            Task.depends_on.through(from_task_id=tasks[i].pk, to_task_id=tasks[d].pk)
            for i, spec in enumerate(specs)
            for d in spec[6]
        ]
    )
    milestones = bulk_create_with_history(
        [
            Milestone(plan=plan, position=i, title=title, date=day(offset))
            for i, (offset, title, _t) in enumerate(DEMO_MILESTONES)
        ],
        Milestone,
        default_user=user,
    )
    Milestone.tasks.through.objects.bulk_create(
        [
            Milestone.tasks.through(milestone_id=m.pk, task_id=tasks[t].pk)
            for m, (_o, _title, indices) in zip(milestones, DEMO_MILESTONES, strict=True)
            for t in indices
        ]
    )
    record_m2m(Task, [t.pk for t in tasks])
    record_m2m(Milestone, [m.pk for m in milestones])
    # Budget lines name the task they pay for.
    lines = list(BudgetLine.objects.filter(plan=plan).order_by("position", "id"))
    linked = []
    for line in lines:
        index = next(
            (i for prefix, i in DEMO_FUNDING.items() if line.description.startswith(prefix)), None
        )
        if index is None and line.description.startswith("Programme activity"):
            index = len(DEMO_TASKS) + int(line.description.rsplit(" ", 1)[1]) - 1
        if index is not None and index < len(tasks):
            line.task = tasks[index]
            linked.append(line)
    if linked:
        bulk_update_with_history(linked, BudgetLine, ["task"], default_user=user)
    # RACI for every task of the plan, including those other sections created.
    if team:
        every_task = list(Task.objects.filter(plan=plan).order_by("position", "id"))
        index = {m.pk: i for i, m in enumerate(team)}
        cells = []
        for n, task in enumerate(every_task):
            accountable = team[0] if len(team) > 1 else team[0]
            responsible = task.responsible or team[n % len(team)]
            parts = {responsible.pk: Raci.RESPONSIBLE}
            if accountable.pk != responsible.pk:
                parts[accountable.pk] = Raci.ACCOUNTABLE
            else:
                parts[responsible.pk] = Raci.ACCOUNTABLE
                other = team[(index[responsible.pk] + 1) % len(team)]
                parts[other.pk] = Raci.RESPONSIBLE
            informed = team[(n + 2) % len(team)]
            parts.setdefault(informed.pk, Raci.INFORMED)
            if len(team) > 3:
                parts.setdefault(team[3].pk, Raci.CONSULTED)
            cells += [
                RaciAssignment(plan=plan, task=task, member_id=member_id, role=role)
                for member_id, role in parts.items()
            ]
        bulk_create_with_history(cells, RaciAssignment, default_user=user)


section = Section(
    key="actions",
    title=_("Action plan"),
    order=80,
    guidance=GUIDANCE,
    url_name="actions:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="actions/document.html",
    models=(Task, Milestone, RaciAssignment),
    demo=demo,
)
