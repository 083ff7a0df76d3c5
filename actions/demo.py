"""Demo content of the action plan: tasks, their order, money and team time, milestones, RACI.

Written through the section's own services only. It runs after the resources demo (guide
order) and reads its team, budget lines and allocations to link them to tasks; the risks
demo runs after this one and links risks to the mitigation tasks below by their titles.
"""

import datetime
from dataclasses import dataclass

from objectives.models import Goal
from plans.demo import demo_scale
from plans.sections.items import item_create
from resources.models import Allocation, BudgetLine, TeamMember
from strategy.models import Method

from .models import Milestone, Priority, Raci, Status, Task
from .services import raci_bulk_create, task_bulk_create


@dataclass(frozen=True)
class DemoTask:
    title: str
    starts: int  # days after the plan's start
    days: int
    responsible: str  # a team member's name (resources demo)
    status: str = Status.NOT_STARTED
    progress: int = 0
    priority: int | None = Priority.MEDIUM
    depends_on: tuple = ()  # titles of earlier tasks
    paid_by: tuple = ()  # descriptions of budget lines
    staffed_by: tuple = ()  # work of allocations


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    day: int  # days after the plan's start
    tasks: tuple  # titles


BASELINE = "Baseline speed and traffic counts"
PARENT_SURVEY = "Parent survey on school journeys"
DESIGN = "Design raised crossings and speed cushions"
CONSULTATION = "Public consultation with residents"
VOTE = "Council vote on the 30 km/h school zones"
TENDER = "Tender and contract for the road works"
WORKS = "Road works at six crossings"
SUPERVISORS = "Recruit and train crossing supervisors"
WALKING_BUSES = "Launch walking buses at two schools"
FOLLOW_UP_COUNTS = "Follow-up speed counts"
EVALUATION = "Follow-up parent survey and evaluation report"
RECRUIT_RETIRED = "Recruit retired residents through the senior centres"

TASKS = [
    DemoTask(
        BASELINE,
        starts=0,
        days=45,
        responsible="Julie Moreau",
        status=Status.DONE,
        progress=100,
        priority=Priority.HIGH,
        paid_by=("Speed and traffic counts before and after",),
    ),
    DemoTask(
        PARENT_SURVEY,
        starts=10,
        days=40,
        responsible="Amina Diallo",
        status=Status.IN_PROGRESS,
        progress=80,
        staffed_by=("Baseline and follow-up surveys",),
    ),
    DemoTask(
        DESIGN,
        starts=45,
        days=90,
        responsible="Julie Moreau",
        status=Status.IN_PROGRESS,
        progress=60,
        priority=Priority.HIGH,
        depends_on=(BASELINE,),
        staffed_by=("Crossing and traffic-calming design",),
    ),
    DemoTask(
        CONSULTATION,
        starts=55,
        days=50,
        responsible="Inès Garnier",
        status=Status.IN_PROGRESS,
        progress=40,
        depends_on=(PARENT_SURVEY,),
        staffed_by=("Parent outreach and volunteers",),
    ),
    DemoTask(
        VOTE,
        starts=140,
        days=20,
        responsible="Claire Martin",
        priority=Priority.CRITICAL,
        depends_on=(DESIGN, CONSULTATION),
        staffed_by=("Steering committee and budget",),
    ),
    DemoTask(
        TENDER,
        starts=165,
        days=60,
        responsible="Samir Haddad",
        priority=Priority.HIGH,
        depends_on=(VOTE,),
    ),
    DemoTask(
        WORKS,
        starts=230,
        days=115,
        responsible="Julie Moreau",
        priority=Priority.HIGH,
        depends_on=(TENDER,),
        paid_by=(
            "Speed cushions and raised crossings (6 sites)",
            "Signage, road markings and school-zone boards",
        ),
        staffed_by=("Works supervision",),
    ),
    DemoTask(
        SUPERVISORS,
        starts=90,
        days=80,
        responsible="Samir Haddad",
        status=Status.IN_PROGRESS,
        progress=30,
        priority=Priority.HIGH,
        paid_by=("Crossing supervisors (12 crossings, 2 school years)",),
        staffed_by=("Parent outreach and volunteers",),
    ),
    DemoTask(
        WALKING_BUSES,
        starts=180,
        days=60,
        responsible="Inès Garnier",
        depends_on=(SUPERVISORS,),
        paid_by=("Walking-bus volunteer training", "High-visibility vests and walking-bus kits"),
        staffed_by=("Walking-bus launch",),
    ),
    DemoTask(
        "School-gate enforcement weeks",
        starts=200,
        days=150,
        responsible="Officer Paul Renard",
        depends_on=(SUPERVISORS,),
        staffed_by=("Enforcement at school gates",),
    ),
    DemoTask(
        "Road-safety lessons in every class",
        starts=240,
        days=120,
        responsible="Officer Paul Renard",
        priority=Priority.LOW,
    ),
    DemoTask(
        FOLLOW_UP_COUNTS,
        starts=360,
        days=30,
        responsible="Julie Moreau",
        depends_on=(WORKS,),
        paid_by=("Speed and traffic counts before and after",),
        staffed_by=("Speed surveys",),
    ),
    DemoTask(
        EVALUATION,
        starts=560,
        days=90,
        responsible="Amina Diallo",
        priority=Priority.HIGH,
        depends_on=(FOLLOW_UP_COUNTS,),
        paid_by=("Parent survey and evaluation report",),
        staffed_by=("Baseline and follow-up surveys",),
    ),
    # Mitigations of the plan's risks (the risks demo links each risk to its own).
    DemoTask(
        "Brief every councillor with the injury figures",
        starts=100,
        days=35,
        responsible="Claire Martin",
        status=Status.IN_PROGRESS,
        progress=50,
        priority=Priority.HIGH,
        depends_on=(BASELINE,),
    ),
    DemoTask(
        "Add a penalty clause and a summer-holiday works window",
        starts=165,
        days=40,
        responsible="Samir Haddad",
        priority=Priority.HIGH,
        depends_on=(VOTE,),
    ),
    DemoTask(
        RECRUIT_RETIRED,
        starts=90,
        days=60,
        responsible="Inès Garnier",
        status=Status.IN_PROGRESS,
        progress=20,
    ),
    DemoTask(
        "Train volunteer crossing supervisors",
        starts=150,
        days=30,
        responsible="Officer Paul Renard",
        priority=Priority.HIGH,
        depends_on=(RECRUIT_RETIRED,),
    ),
    DemoTask(
        "Agree a back-up supplier for signage",
        starts=170,
        days=30,
        responsible="Julie Moreau",
        depends_on=(VOTE,),
    ),
    DemoTask(
        "Police presence at work sites during school runs",
        starts=230,
        days=115,
        responsible="Officer Paul Renard",
        priority=Priority.HIGH,
        depends_on=(TENDER,),
    ),
    DemoTask(
        "School-gate 'park and stride' campaign",
        starts=240,
        days=90,
        responsible="Inès Garnier",
        depends_on=(WALKING_BUSES,),
    ),
]

MILESTONES = [
    DemoMilestone("Council approval of the school zones", day=160, tasks=(VOTE,)),
    DemoMilestone("Walking buses running at two schools", day=300, tasks=(WALKING_BUSES,)),
    DemoMilestone("All six crossings rebuilt", day=345, tasks=(WORKS,)),
    DemoMilestone("Evaluation report published", day=650, tasks=(EVALUATION,)),
]

LARGE_STREAMS = [
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
LARGE_STEPS = ["Scope", "Recruit", "Train", "Pilot", "Roll out", "Review"]


def large_tasks(people, rounds=1):
    """300 tasks a round: each stream runs its six steps in order in five municipalities (the
    next round in the next five: areas 6 to 10 in the xl plan's second round).

    The first 200 of each round are each paid by one "Programme activity" line of the
    resources demo (activities 201 to 400 pay the second round's).
    """
    tasks = []
    for r in range(rounds):
        paid = 0
        for s, stream in enumerate(LARGE_STREAMS):
            for m in range(r * 5, r * 5 + 5):
                previous = None
                for k, step in enumerate(LARGE_STEPS):
                    starts = (s * 7 + m * 11 + k * 70) % 600
                    if previous:
                        starts = max(starts, previous.starts + previous.days)
                    done = starts + 30 < 60
                    activity = r * 200 + paid + 1
                    task = DemoTask(
                        f"{stream}: {step.lower()} (area {m + 1})",
                        starts=starts,
                        days=30,
                        responsible=people[(s + m + k) % len(people)],
                        status=Status.DONE if done else Status.NOT_STARTED,
                        progress=100 if done else 0,
                        depends_on=(previous.title,) if previous else (),
                        paid_by=(f"Programme activity {activity}",) if paid < 200 else (),
                    )
                    paid += 1
                    tasks.append(task)
                    previous = task
    return tasks


def _raci_parts(task, n, team):
    """A plausible RACI row: the coordinator answers for everything, the responsible does it."""
    index = {m.pk: i for i, m in enumerate(team)}
    accountable = team[0]
    responsible = task.responsible or team[n % len(team)]
    parts = {responsible.pk: Raci.RESPONSIBLE}
    if accountable.pk != responsible.pk:
        parts[accountable.pk] = Raci.ACCOUNTABLE
    else:
        parts[responsible.pk] = Raci.ACCOUNTABLE
        parts[team[(index[responsible.pk] + 1) % len(team)].pk] = Raci.RESPONSIBLE
    parts.setdefault(team[(n + 2) % len(team)].pk, Raci.INFORMED)
    if len(team) > 3:
        parts.setdefault(team[3].pk, Raci.CONSULTED)
    return parts


def demo(plan, *, size, user, rng):
    start = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
    team = list(TeamMember.objects.filter(plan=plan).order_by("position", "id"))
    members = {m.name: m for m in team}
    lines = {b.description: b for b in BudgetLine.objects.filter(plan=plan)}
    allocations = {a.label: a for a in Allocation.objects.filter(plan=plan)}
    goals = list(Goal.objects.filter(plan=plan).order_by("position", "id")[:3])
    methods = list(Method.objects.filter(plan=plan).order_by("position", "id")[:3])
    scale = demo_scale(size)
    specs = TASKS + (large_tasks([m.name for m in team[:6]], rounds=scale) if scale else [])

    def day(offset):
        return start + datetime.timedelta(days=offset)

    rows = {}
    for i, spec in enumerate(specs):
        rows[spec.title] = {
            "title": spec.title,
            "responsible": members.get(spec.responsible),
            "start_date": day(spec.starts),
            "due_date": day(spec.starts + spec.days),
            "status": spec.status,
            "progress": spec.progress,
            "priority": spec.priority,
            "goal": goals[i % len(goals)] if goals and i % 2 == 0 else None,
            "method": methods[i % len(methods)] if methods else None,
            "depends_on": [rows[title] for title in spec.depends_on],
            "budget_lines": [lines[d] for d in spec.paid_by if d in lines],
            "allocations": [allocations[w] for w in spec.staffed_by if w in allocations],
        }
    created = task_bulk_create(plan=plan, rows=list(rows.values()), user=user)
    tasks = {task.title: task for task in created}
    for milestone in MILESTONES:
        item_create(
            plan=plan,
            model=Milestone,
            data={
                "title": milestone.title,
                "date": day(milestone.day),
                "tasks": [tasks[title] for title in milestone.tasks],
            },
            user=user,
        )
    if team:
        # Every task of the plan gets its RACI row, whichever section's demo created it.
        every_task = Task.objects.filter(plan=plan, raci__isnull=True).select_related("responsible")
        raci_bulk_create(
            plan=plan,
            rows={
                task: _raci_parts(task, n, team)
                for n, task in enumerate(every_task.order_by("position", "id"))
            },
            user=user,
        )
