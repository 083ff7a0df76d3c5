"""Reads of the action plan. Each is a fixed number of queries, whatever the plan's size."""

import hashlib

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.sections.snapshot import Computed, ItemType
from resources.models import Allocation, TeamMember

from .models import CalendarFeed, Milestone, RaciAssignment, Status, Task

Dependency = Task.depends_on.through


def tasks_for_plan(plan, *, filters=None):
    return (
        Task.objects.filter(plan=plan)
        .select_related("responsible", "responsible_stakeholder", "goal", "method")
        .prefetch_related(
            Prefetch("depends_on", queryset=Task.objects.only("id", "title", "due_date")),
            Prefetch("budget_lines"),
            Prefetch("allocations", queryset=Allocation.objects.select_related("member")),
        )
        .order_by("position", "id")
    )


def late_tasks(qs):
    return qs.filter(due_date__lt=timezone.localdate()).exclude(status=Status.DONE)


def team_choices(plan):
    """The team as the choices of the "responsible" filter."""
    return list(
        TeamMember.objects.filter(plan=plan).order_by("position", "id").values_list("id", "name")
    )


def task_extra_context(plan, shown, queryset):
    return {"today": timezone.localdate()}


def milestones_for_plan(plan, *, filters=None):
    return (
        Milestone.objects.filter(plan=plan)
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.only("id", "title")))
        .order_by(F("date").asc(nulls_last=True), "position", "id")
    )


def gantt_data(plan):
    """Tasks and milestones as the plain data the Gantt chart and the calendar read."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .order_by("start_date", "position", "id")
        .values("id", "title", "start_date", "due_date", "status", "progress")
    )
    deps = {}
    for source, target in Dependency.objects.filter(from_task__plan=plan).values_list(
        "from_task_id", "to_task_id"
    ):
        deps.setdefault(source, []).append(target)
    labels = dict(Status.choices)
    for t in tasks:
        t["depends_on"] = deps.get(t["id"], [])
        t["status_label"] = str(labels.get(t["status"], t["status"]))
    milestones = list(
        Milestone.objects.filter(plan=plan)
        .order_by("date", "id")
        .values("id", "title", "date", "description")
    )
    return tasks, milestones


def team_for_plan(plan):
    return list(TeamMember.objects.filter(plan=plan).order_by("position", "id"))


def raci_state(assignments):
    """A fingerprint of a task's RACI row, to detect that someone else changed it meanwhile."""
    cells = sorted(f"{a.member_id}:{a.role}" for a in assignments)
    return hashlib.sha256("|".join(cells).encode()).hexdigest()[:16]


RACI_PAGE_SIZE = 40


def raci_tasks(plan):
    """The tasks of the RACI matrix, with their assignments, before its search."""
    return (
        Task.objects.filter(plan=plan)
        .order_by("position", "id")
        .only("id", "title", "plan_id")
        .prefetch_related(
            Prefetch(
                "raci", queryset=RaciAssignment.objects.only("id", "task_id", "member_id", "role")
            )
        )
    )


def raci_page(tasks, *, page=1):
    """One page of the RACI matrix's tasks, and whether another page follows."""
    start = (page - 1) * RACI_PAGE_SIZE
    rows = list(tasks[start : start + RACI_PAGE_SIZE + 1])
    return rows[:RACI_PAGE_SIZE], len(rows) > RACI_PAGE_SIZE


def raci_row(task, members):
    """The cells of one task's row, with the problems the row has."""
    assignments = list(task.raci.all())
    parts = {a.member_id: a.role for a in assignments}
    roles = list(parts.values())
    return {
        "task": task,
        "cells": [{"member": m, "role": parts.get(m.pk, "")} for m in members],
        "state": raci_state(assignments),
        "missing_accountable": roles.count("A") != 1,
        "missing_responsible": "R" not in roles,
    }


def raci_task(task):
    """``task`` again, with the assignments its RACI row shows."""
    return Task.objects.filter(pk=task.pk).prefetch_related("raci").get()


def my_tasks(user, *, show_done=False):
    """Tasks across every plan the user belongs to, whose responsible is linked to the user."""
    qs = (
        Task.objects.filter(responsible__user=user, plan__memberships__user=user)
        .select_related("plan", "responsible")
        .order_by("due_date", "start_date", "id")
    )
    if not show_done:
        qs = qs.exclude(status=Status.DONE)
    return qs


def active_feed(plan, user):
    return CalendarFeed.objects.filter(plan=plan, user=user, revoked_at=None).first()


def feed_by_token(token):
    """The active feed with this token whose owner is still a member of the plan, or None."""
    return (
        CalendarFeed.objects.select_related("plan", "user")
        .filter(token=token, revoked_at=None, plan__memberships__user=F("user"))
        .first()
    )


# --- snapshot ---------------------------------------------------------------------------------


def _task_count(ids):
    count = len(ids or ())
    return ngettext("%(count)s task", "%(count)s tasks", count) % {"count": count}


TASK = ItemType(
    key="tasks",
    model=Task,
    fields=tuple(f for f in Task.EDITABLE_FIELDS if f != "depends_on"),
    computed={
        # Ids, for the timeline's arrows; a reader sees the titles (``depends_on_titles``).
        "depends_on": Computed(
            _("Number of tasks it waits for"),
            lambda t: [d.pk for d in t.depends_on.all()],
            display=_task_count,
        ),
        "depends_on_titles": Computed(
            _("Waits for"), lambda t: [d.title for d in t.depends_on.all()]
        ),
    },
    labels={"raci_assignments": _("RACI matrix")},
    unknown={"priority": _("not set")},
    printed_as={"depends_on": "depends_on_titles"},
)
# A cell of the RACI matrix: the part one team member plays in a task.
RACI = ItemType(key="raci_assignments", model=RaciAssignment, fields=("member", "role"))
MILESTONE = ItemType(
    key="milestones",
    model=Milestone,
    fields=("title", "period", "period_start", "date", "description", "tasks"),
)
TEAM = ItemType(
    key="team",
    model=TeamMember,
    fields=("name",),
    # The action plan names team members (RACI, responsible); the resources section prints them.
    not_printed={
        name: _("Printed with the team in the resources section.")
        for name in (
            "role",
            "organisation",
            "headcount",
            "availability",
            "as_needed",
            "cost_rate",
            "skills",
            "user",
        )
    }
    | {
        "name": _(
            "Printed in the RACI listing beside the part each member plays (the team's list "
            "names only members of versions published before the RACI cells), and with the "
            "team in the resources section."
        )
    },
)


def snapshot(plan):
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("responsible", "responsible_stakeholder", "goal", "method")
        .prefetch_related(
            Prefetch("depends_on", queryset=Task.objects.only("id", "title")),
            Prefetch("budget_lines"),
            Prefetch("allocations", queryset=Allocation.objects.select_related("member")),
            Prefetch("raci", queryset=RaciAssignment.objects.select_related("member")),
        )
        .order_by("position", "id")
    )
    return {
        "range": {
            "start": plan.start_date.isoformat() if plan.start_date else None,
            "end": plan.end_date.isoformat() if plan.end_date else None,
        },
        # A RACI cell is known by its member: the matrix's columns are the team. (Versions
        # published before held ``raci``, ``{member id: letter}``: see ``gantt.raci_rows``.)
        "tasks": [
            TASK.row(t, raci_assignments=[RACI.row(a, id=a.member_id) for a in t.raci.all()])
            for t in tasks
        ],
        "milestones": MILESTONE.rows(milestones_for_plan(plan)),
        "team": TEAM.rows(team_for_plan(plan)),
    }
