"""Writes of the action plan beyond plain item CRUD: dependency rules, the resources a task
holds, RACI rows, calendar feeds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from plans.concurrency import ConflictError
from plans.history import record_m2m
from plans.sections.items import item_create, item_update, next_position
from resources.models import TeamMember

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


# The many links a task holds, with what to say when one is of another plan (the model checks
# its single links itself: ``PlanScopedModel.clean_fields``).
SAME_PLAN_LINKS = {
    "depends_on": gettext_lazy("Choose tasks of this plan."),
    "budget_lines": gettext_lazy("Choose budget lines of this plan."),
    "allocations": gettext_lazy("Choose team allocations of this plan."),
}


def _check_links(plan_id, data):
    """The tasks, budget lines and allocations chosen for a task belong to its plan.

    The form only offers the plan's own; a service called without a form (import, API, the
    demo) is held to the same rule. Rows of a bulk call (dicts) are of the plan by design.
    """
    errors = {}
    for name, message in SAME_PLAN_LINKS.items():
        items = [item for item in data.get(name) or () if not isinstance(item, dict)]
        if any(item.plan_id != plan_id for item in items):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(*, plan, model=Task, data, user, reason=None):
    """Create a task with its links; funding it or giving it team time is part of the task."""
    _check_links(plan.pk, data)
    task = item_create(plan=plan, model=model, data=data, user=user, reason=reason)
    errors = dependency_errors(task)
    if errors:
        raise ValidationError(errors)  # the atomic block undoes the save
    return task


@transaction.atomic
def task_update(*, instance, data, expected_version, user, reason=None):
    """Save an edit of a task: its fields and links in one new version and one history row."""
    _check_links(instance.plan_id, data)
    task = item_update(
        instance=instance, data=data, expected_version=expected_version, user=user, reason=reason
    )
    errors = dependency_errors(task)
    if errors:
        raise ValidationError(errors)
    return task


@transaction.atomic
def task_bulk_create(*, plan, rows, user):
    """``task_create`` for many rows at once (demo data, imports): the same rules for each row,
    one history row per task, and a number of queries that hardly grows with the rows.

    Each row holds ``task_create``'s data. A row's ``depends_on`` holds saved tasks of the plan
    or earlier rows of the same call (the row dicts themselves): a new task has no dependents
    yet, so no loop can form. The first invalid row's errors are raised and nothing is saved.
    """
    first = next_position(Task, plan)
    built, links = {}, []
    for n, data in enumerate(rows):
        _check_links(plan.pk, data)
        task = Task(plan=plan, position=first + n)
        m2m = {}
        for name, value in data.items():
            if Task._meta.get_field(name).many_to_many:
                m2m[name] = list(value)
            else:
                setattr(task, name, value)
        depends_on = [built[id(d)] if isinstance(d, dict) else d for d in m2m.get("depends_on", ())]
        task.full_clean()
        late = [
            d for d in depends_on if task.start_date and d.due_date and task.start_date < d.due_date
        ]
        if late:
            raise ValidationError(
                {
                    "start_date": [
                        _("This task cannot start before “%(task)s” ends on %(date)s.")
                        % {"task": d.title, "date": _day(d.due_date)}
                        for d in late
                    ]
                }
            )
        if depends_on:
            m2m["depends_on"] = depends_on
        built[id(data)] = task
        links.append(m2m)
    tasks = bulk_create_with_history(list(built.values()), Task, default_user=user)
    for name in ("depends_on", "budget_lines", "allocations"):
        field = Task._meta.get_field(name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": task.pk, f"{target}_id": item.pk})
                for task, m2m in zip(tasks, links, strict=True)
                for item in m2m.get(name, ())
            ]
        )
    record_m2m(Task, [task.pk for task in tasks])
    return tasks


def _raci_wanted(parts, valid_members):
    """The roles of a RACI row to keep, or ValidationError with what is wrong with the row."""
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
    return wanted


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
    wanted = _raci_wanted(parts, valid_members)
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
def raci_bulk_create(*, plan, rows, user):
    """RACI rows for many tasks that have none yet (demo data, imports), by the rules of
    ``raci_set``: ``rows`` maps each task to its ``{member id: role}``. One history row per
    assignment; a task that already has a row is refused (edit it with ``raci_set``).
    """
    valid_members = set(TeamMember.objects.filter(plan=plan).values_list("id", flat=True))
    taken = set(
        RaciAssignment.objects.filter(task__in=list(rows)).values_list("task_id", flat=True)
    )
    assignments = []
    for task, parts in rows.items():
        if task.plan_id != plan.pk or task.pk in taken:
            raise ValidationError(_("Choose tasks of this plan that have no RACI row yet."))
        assignments += [
            RaciAssignment(plan=plan, task=task, member_id=member_id, role=role)
            for member_id, role in _raci_wanted(parts, valid_members).items()
        ]
    return bulk_create_with_history(assignments, RaciAssignment, default_user=user)


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
