"""The action plan section: registered with the plan in ``apps.ready()``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section
from plans.sections.reminders import due

from . import selectors
from .demo import demo
from .models import Milestone, Raci, RaciAssignment, Status, Task

GUIDANCE = _(
    "Turn the strategy into work: who does what, from when to when, in which order.\n"
    "Give every task one responsible person, a start and a due date inside the plan, and the "
    "tasks it waits for; the timeline then shows the critical chain and what is late. Link "
    "each task to the goal or method it serves, to the budget lines that pay for it and to the "
    "team time given to it.\n"
    "Mark the milestones people will check progress against, and fill the RACI matrix: one "
    "person accountable per task, at least one doing the work. Ten tasks nobody owns are "
    "worth less than three that someone answers for."
)


TASK_SOON = _("Task “%(what)s” is due on %(when)s.")
TASK_LATE = _("Task “%(what)s” was due on %(when)s and is not done.")


def reminders(plan, *, today, until):
    """Tasks not done, due by ``until``, for the account linked to their responsible."""
    tasks = (
        Task.objects.filter(plan=plan, due_date__lte=until, responsible__user__isnull=False)
        .exclude(status=Status.DONE)
        .select_related("responsible__user")
        .order_by("due_date", "pk")
    )
    url = section.url(plan)
    return [
        due(
            t,
            when=t.due_date,
            today=today,
            soon=TASK_SOON,
            late=TASK_LATE,
            what=t.title,
            url=url,
            people=[t.responsible.user],
        )
        for t in tasks
    ]


def completeness(plan):
    tasks = Task.objects.filter(plan=plan)
    has_tasks = tasks.exists()
    unowned = tasks.filter(
        responsible__isnull=True, responsible_stakeholder__isnull=True, responsible_other=""
    ).exists()
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
    return Completeness.of(
        (has_tasks, _("Add the tasks of the action plan.")),
        (has_tasks and not unowned, _("Say who is responsible for every task.")),
        (has_tasks and not undated, _("Give every task a start and a due date.")),
        (has_milestones, _("Mark at least one milestone.")),
        (
            has_tasks and not raci_gaps,
            _("Complete the RACI matrix: one Accountable and at least one Responsible per task."),
        ),
    )


section = Section(
    key="actions",
    title=_("Action plan"),
    order=80,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    models=(Task, Milestone, RaciAssignment),
    items=(selectors.TASK, selectors.RACI, selectors.MILESTONE, selectors.TEAM),
    derived=("range",),  # the plan's own dates, for the timeline
    demo=demo,
    reminders=reminders,
)
