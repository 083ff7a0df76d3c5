"""Reads of the action plan. Each is a fixed number of queries, whatever the plan's size."""

import hashlib

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from resources.models import Allocation, TeamMember

from .models import CalendarFeed, Milestone, RaciAssignment, Status, Task

Dependency = Task.depends_on.through


def _q(request):
    return (request.GET.get("q") or "").strip() if request is not None else ""


def tasks_for_plan(plan, request=None):
    qs = (
        Task.objects.filter(plan=plan)
        .select_related("responsible", "goal", "method")
        .prefetch_related(
            Prefetch("depends_on", queryset=Task.objects.only("id", "title", "due_date")),
            Prefetch("budget_lines"),
            Prefetch("allocations", queryset=Allocation.objects.select_related("member")),
        )
        .order_by("position", "id")
    )
    if request is not None:
        q = _q(request)
        if q:
            qs = qs.filter(
                Q(title__icontains=q)
                | Q(description__icontains=q)
                | Q(responsible__name__icontains=q)
            )
        status = request.GET.get("status")
        if status in Status.values:
            qs = qs.filter(status=status)
        member = request.GET.get("responsible")
        if member and member.isdigit():
            qs = qs.filter(responsible_id=int(member))
        if request.GET.get("late"):
            qs = qs.filter(due_date__lt=timezone.localdate()).exclude(status=Status.DONE)
    return qs


def task_extra_context(plan, items):
    return {"today": timezone.localdate()}


def milestones_for_plan(plan, request=None):
    return (
        Milestone.objects.filter(plan=plan)
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.only("id", "title")))
        .order_by("date", "position", "id")
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


def raci_rows(plan, request=None, page=1):
    """One page of the RACI matrix: tasks with their assignments, and the team as columns."""
    qs = Task.objects.filter(plan=plan).order_by("position", "id")
    q = _q(request)
    if q:
        qs = qs.filter(title__icontains=q)
    qs = qs.only("id", "title", "plan_id").prefetch_related(
        Prefetch("raci", queryset=RaciAssignment.objects.only("id", "task_id", "member_id", "role"))
    )
    start = (page - 1) * RACI_PAGE_SIZE
    tasks = list(qs[start : start + RACI_PAGE_SIZE + 1])
    has_next = len(tasks) > RACI_PAGE_SIZE
    tasks = tasks[:RACI_PAGE_SIZE]
    return tasks, has_next


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


def snapshot(plan):
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("responsible", "goal", "method")
        .prefetch_related(
            Prefetch("depends_on", queryset=Task.objects.only("id", "title")),
            Prefetch("budget_lines"),
            Prefetch("raci", queryset=RaciAssignment.objects.select_related("member")),
        )
        .order_by("position", "id")
    )
    milestones = list(milestones_for_plan(plan))
    members = team_for_plan(plan)
    return {
        "range": {
            "start": plan.start_date.isoformat() if plan.start_date else None,
            "end": plan.end_date.isoformat() if plan.end_date else None,
        },
        "tasks": [
            {
                "id": t.pk,
                "title": t.title,
                "description": t.description,
                "responsible": t.responsible.name if t.responsible else "",
                "start_date": t.start_date.isoformat() if t.start_date else None,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "status": t.status,
                "status_label": str(t.get_status_display()),
                "priority": t.priority,
                "priority_label": str(t.get_priority_display()),
                "progress": t.progress,
                "depends_on": [d.pk for d in t.depends_on.all()],
                "depends_on_titles": [d.title for d in t.depends_on.all()],
                "goal": t.goal.statement if t.goal else "",
                "method": t.method.name if t.method else "",
                "budget_lines": [b.description for b in t.budget_lines.all()],
                "raci": {str(a.member_id): a.role for a in t.raci.all()},
            }
            for t in tasks
        ],
        "milestones": [
            {
                "id": m.pk,
                "title": m.title,
                "date": m.date.isoformat(),
                "description": m.description,
                "tasks": [t.title for t in m.tasks.all()],
            }
            for m in milestones
        ],
        "team": [{"id": m.pk, "name": m.name} for m in members],
    }
