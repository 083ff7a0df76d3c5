"""Writes of the action plan beyond plain item CRUD: dependency rules, RACI rows, calendar feeds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plans.concurrency import ConflictError
from plans.inline import item_create, item_update
from resources.models import BudgetLine, TeamMember

from .models import CalendarFeed, Raci, RaciAssignment, Task
from .selectors import Dependency, raci_state


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def dependency_errors(task):
    """What is wrong with a saved task's dependencies: loops and dates, by field."""
    errors = {}
    deps = list(task.depends_on.all())
    if any(d.pk == task.pk for d in deps):
        errors["depends_on"] = [_("A task cannot depend on itself.")]
        return errors
    # The whole plan's dependency graph in one query: edges point from a task to what it needs.
    graph = {}
    for source, target in Dependency.objects.filter(from_task__plan_id=task.plan_id).values_list(
        "from_task_id", "to_task_id"
    ):
        graph.setdefault(source, []).append(target)
    loop = _path(graph, [d.pk for d in deps], task.pk)
    if loop:
        titles = dict(Task.objects.filter(pk__in=loop).values_list("id", "title"))
        chain = " → ".join(f"“{titles[pk]}”" for pk in [task.pk, *loop])
        errors["depends_on"] = [
            _(
                "These dependencies would make a loop (%(chain)s): a task cannot wait, even "
                "indirectly, for itself. Remove one of the links."
            )
            % {"chain": chain}
        ]
        return errors
    if task.start_date:
        for d in deps:
            if d.due_date and task.start_date < d.due_date:
                errors.setdefault("start_date", []).append(
                    _("This task cannot start before “%(task)s” ends on %(date)s.")
                    % {"task": d.title, "date": _day(d.due_date)}
                )
    if task.due_date:
        for dependent in task.dependents.all():
            if dependent.start_date and dependent.start_date < task.due_date:
                errors.setdefault("due_date", []).append(
                    _(
                        "“%(task)s” waits for this task and starts on %(date)s: the due date "
                        "cannot be later than that."
                    )
                    % {"task": dependent.title, "date": _day(dependent.start_date)}
                )
    return errors


def _path(graph, starts, goal):
    """A path of task ids from one of ``starts`` to ``goal`` through ``graph``, or None."""
    stack = [(s, [s]) for s in starts]
    seen = set()
    while stack:
        node, path = stack.pop()
        if node == goal:
            return path
        if node in seen:
            continue
        seen.add(node)
        stack.extend((n, [*path, n]) for n in graph.get(node, ()))
    return None


def task_fund(*, task, lines, user, reason=None):
    """Make ``lines`` the budget lines that fund ``task``; others stop funding it.

    A line funds one task (its foreign key): choosing a line that funds another task moves it.
    Each changed line gets a new version and a history row, so a stale edit of the line is
    refused as a conflict. Runs inside the task's own save (same transaction and lock).
    """
    wanted = {line.pk for line in lines}
    changed = []
    for line in (
        BudgetLine.objects.select_for_update()
        .filter(Q(task=task) | Q(pk__in=wanted))
        .order_by("pk")
    ):
        if line.plan_id != task.plan_id:
            raise ValidationError({"budget_lines": _("Choose budget lines of this plan.")})
        new_task_id = task.pk if line.pk in wanted else None
        if line.task_id == new_task_id:
            continue
        line.task_id = new_task_id
        line.version += 1
        line.full_clean()
        line._history_user = user
        if reason:
            line._change_reason = reason
        line.save()
        changed.append(line)
    if len(wanted) != BudgetLine.objects.filter(pk__in=wanted).count():
        raise ValidationError({"budget_lines": _("A budget line was deleted. Reload the page.")})
    return changed


@transaction.atomic
def task_create(*, plan, model=Task, data, user):
    data = dict(data)
    lines = data.pop("budget_lines", None)
    task = item_create(plan=plan, model=model, data=data, user=user)
    errors = dependency_errors(task)
    if errors:
        raise ValidationError(errors)  # the atomic block undoes the save
    if lines is not None:
        task_fund(task=task, lines=lines, user=user)
    return task


@transaction.atomic
def task_update(*, instance, data, expected_version, user, reason=None):
    data = dict(data)
    lines = data.pop("budget_lines", None)
    task = item_update(
        instance=instance, data=data, expected_version=expected_version, user=user, reason=reason
    )
    errors = dependency_errors(task)
    if errors:
        raise ValidationError(errors)
    if lines is not None:
        task_fund(task=task, lines=lines, user=user, reason=reason)
    return task


@transaction.atomic
def raci_set(*, task, parts, expected_state, user):
    """Replace a task's RACI row: ``parts`` maps team member ids to R, A, C, I or "".

    Exactly one Accountable and at least one Responsible; a row changed by someone else since
    it was loaded (``expected_state``) is refused with ``ConflictError``.
    """
    task = Task.objects.select_for_update().get(pk=task.pk)
    current = {a.member_id: a for a in RaciAssignment.objects.filter(task=task)}
    if expected_state != raci_state(current.values()):
        raise ConflictError(task)
    valid_members = set(
        TeamMember.objects.filter(plan_id=task.plan_id, pk__in=parts).values_list("id", flat=True)
    )
    wanted = {}
    for member_id, role in parts.items():
        if not role:
            continue
        if role not in Raci.values or member_id not in valid_members:
            raise ValidationError(_("Choose R, A, C or I for team members of this plan."))
        wanted[member_id] = role
    roles = list(wanted.values())
    errors = []
    if roles.count(Raci.ACCOUNTABLE) == 0:
        errors.append(_("Mark exactly one person as Accountable (A) for this task."))
    elif roles.count(Raci.ACCOUNTABLE) > 1:
        errors.append(
            _(
                "Only one person can be Accountable (A) for a task; %(count)s are marked. "
                "Keep one and make the others Responsible, Consulted or Informed."
            )
            % {"count": roles.count(Raci.ACCOUNTABLE)}
        )
    if Raci.RESPONSIBLE not in roles:
        errors.append(_("Mark at least one person as Responsible (R) for this task."))
    if errors:
        raise ValidationError(errors)
    # Remove and demote first, so the single Accountable constraint holds at every step.
    for member_id, assignment in current.items():
        if member_id not in wanted:
            assignment._history_user = user
            assignment.delete()
    changes = sorted(wanted.items(), key=lambda item: item[1] == Raci.ACCOUNTABLE)
    for member_id, role in changes:
        assignment = current.get(member_id)
        if assignment is None:
            assignment = RaciAssignment(plan_id=task.plan_id, task=task, member_id=member_id)
        elif assignment.role == role:
            continue
        else:
            assignment.version += 1
        assignment.role = role
        assignment.full_clean()
        assignment._history_user = user
        assignment.save()
    return list(RaciAssignment.objects.filter(task=task))


@transaction.atomic
def calendar_feed_renew(*, plan, user):
    """Give the user a new secret calendar address for the plan; the old one stops working."""
    calendar_feed_revoke(plan=plan, user=user)
    return CalendarFeed.objects.create(plan=plan, user=user)


@transaction.atomic
def calendar_feed_revoke(*, plan, user):
    return CalendarFeed.objects.filter(plan=plan, user=user, revoked_at=None).update(
        revoked_at=timezone.now()
    )
