"""Reads of the resources section. Each is a fixed number of queries, whatever the plan's size."""

import datetime
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.sections.snapshot import Computed, ItemType, decimal

from .models import (
    DEFAULT_CURRENCY,
    Allocation,
    BudgetLine,
    Category,
    ResourcesSettings,
    TeamMember,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def settings_for_plan(plan):
    """The plan's budget settings; an unsaved default when none were saved yet."""
    found = ResourcesSettings.objects.filter(plan=plan).first()
    return found or ResourcesSettings(plan=plan, currency=DEFAULT_CURRENCY)


def members_for_plan(plan, *, filters=None):
    return TeamMember.objects.filter(plan=plan).select_related("user").order_by("position", "id")


# The tasks a line pays for or an allocation goes to: the action plan's links, read by their
# name (``Task.budget_lines``/``Task.allocations``, related name "tasks") without importing it.
TASKS = "tasks"


def _task_titles():
    """The linked tasks as rows, snapshots and the allocation view read them: their titles
    (a task has twenty columns, and a line or an allocation names its tasks only)."""
    task = BudgetLine._meta.get_field(TASKS).related_model
    return Prefetch(TASKS, queryset=task.objects.only("id", "title"))


def _with_tasks(model, plan, related):
    """The plan's rows of ``model`` in list order, with ``related`` and their tasks' titles."""
    return (
        model.objects.filter(plan=plan)
        .select_related(related)
        .prefetch_related(_task_titles())
        .order_by("position", "id")
    )


def budget_lines_for_plan(plan, *, filters=None):
    return _with_tasks(BudgetLine, plan, "parent")


def line_warnings(line, sub_total=None):
    """What looks implausible about a line, said beside it and saved anyway (never an error)."""
    warnings = []
    if line.amount is not None:
        if line.committed is not None and line.committed > line.amount:
            warnings.append(_("Committed is above the planned amount."))
        if line.spent is not None and line.spent > line.amount:
            warnings.append(_("Spent is above the planned amount."))
        if sub_total is not None and sub_total > line.amount:
            warnings.append(_("Its sub-lines add up to more than the planned amount."))
    return warnings


def funding_source_choices(plan):
    """The funding sources the plan's lines name, as the choices of the budget filter."""
    sources = (
        BudgetLine.objects.filter(plan=plan)
        .exclude(funding_source="")
        .order_by("funding_source")
        .values_list("funding_source", flat=True)
        .distinct()
    )
    return [(source, source) for source in sources]


def budget_extra_context(plan, shown, queryset):
    """The warnings of the lines drawn, with the sum of their sub-lines (one aggregate)."""
    settings = settings_for_plan(plan)
    sub_totals = dict(
        BudgetLine.objects.filter(
            plan=plan,
            parent__in=[line.pk for line in shown],
            amount__isnull=False,
        )
        .values("parent_id")
        .annotate(total=Sum("amount"))
        .values_list("parent_id", "total")
    )
    warnings = {line.pk: line_warnings(line, sub_totals.get(line.pk)) for line in shown}
    return {"currency": settings.currency, "language": plan.language, "warnings": warnings}


def allocations_for_plan(plan, *, filters=None):
    return _with_tasks(Allocation, plan, "member")


def _grouped(plan, field):
    # A sub-line details part of a larger line: only the lines of the first level are counted.
    rows = (
        BudgetLine.objects.filter(plan=plan, parent__isnull=True)
        .values(field)
        .annotate(planned=Sum("amount"), committed=Sum("committed"), spent=Sum("spent"))
        .order_by(field)
    )
    return list(rows)


def _unknowns_and_warnings(plan):
    """How many counted lines have no planned amount, and the lines that look implausible:
    found in SQL (each line beside the sum of its sub-lines), so that only the lines flagged
    are read, however many the budget holds."""
    lines = BudgetLine.objects.filter(plan=plan)
    unknown = lines.filter(parent__isnull=True, amount__isnull=True).count()
    sub_total = (
        BudgetLine.objects.filter(parent=OuterRef("pk"), amount__isnull=False)
        .order_by()
        .values("parent")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    suspect = (
        lines.filter(amount__isnull=False)
        .annotate(sub_total=Subquery(sub_total))
        .filter(
            Q(committed__gt=F("amount")) | Q(spent__gt=F("amount")) | Q(sub_total__gt=F("amount"))
        )
        .only("id", "plan_id", "parent_id", "description", "amount", "committed", "spent")
        .order_by("position", "id")
    )
    flagged = [
        {"description": line.description, "warnings": warnings}
        for line in suspect
        if (warnings := line_warnings(line, line.sub_total))
    ]
    return unknown, flagged


def budget_checks(plan, settings):
    """What the completeness of the section asks of the budget, in one query: whether there
    are lines, lines without a funding source or (first level) without a planned amount, the
    contingency reserve against its target and the planned total against the ceiling."""
    top = Q(parent__isnull=True)
    found = BudgetLine.objects.filter(plan=plan).aggregate(
        lines=Count("id"),
        unfunded=Count("id", filter=Q(funding_source="")),
        unknown=Count("id", filter=top & Q(amount__isnull=True)),
        planned=Sum("amount", filter=top),
        contingency=Sum("amount", filter=top & Q(category=Category.CONTINGENCY)),
    )
    planned = found["planned"] or ZERO
    share = (found["contingency"] or ZERO) * HUNDRED / planned if planned else ZERO
    ceiling = settings.budget_ceiling
    return {
        "lines": found["lines"],
        "unfunded": found["unfunded"],
        "unknown_planned": found["unknown"],
        "contingency_short": share < settings.contingency_target,  # as budget_summary says
        "ceiling": ceiling,
        "over_ceiling": bool(ceiling is not None and planned > ceiling),
    }


def budget_summary(plan, settings=None):
    """Totals by category and by source, the contingency reserve and the ceiling check."""
    settings = settings or settings_for_plan(plan)
    labels = dict(Category.choices)
    by_category = [
        {
            "key": row["category"],
            "label": str(labels.get(row["category"], row["category"])),
            "planned": row["planned"] or ZERO,
            "committed": row["committed"] or ZERO,
            "spent": row["spent"] or ZERO,
        }
        for row in _grouped(plan, "category")
    ]
    order = {key: i for i, key in enumerate(Category.values)}
    by_category.sort(key=lambda r: order.get(r["key"], 99))
    by_source = [
        {
            "key": row["funding_source"],
            "label": row["funding_source"] or str(_("No funding source")),
            "planned": row["planned"] or ZERO,
            "committed": row["committed"] or ZERO,
            "spent": row["spent"] or ZERO,
        }
        for row in _grouped(plan, "funding_source")
    ]
    by_source.sort(key=lambda r: -r["planned"])
    total = {
        key: sum((r[key] for r in by_category), ZERO) for key in ("planned", "committed", "spent")
    }
    contingency = sum((r["planned"] for r in by_category if r["key"] == Category.CONTINGENCY), ZERO)
    share = (contingency * HUNDRED / total["planned"]) if total["planned"] else ZERO
    ceiling = settings.budget_ceiling
    unknown, flagged = _unknowns_and_warnings(plan)
    return {
        "unknown_planned": unknown,
        "warnings": flagged,
        "currency": settings.currency,
        "ceiling": ceiling,
        "over_ceiling": bool(ceiling is not None and total["planned"] > ceiling),
        "over_by": (total["planned"] - ceiling) if ceiling is not None else None,
        "by_category": by_category,
        "by_source": by_source,
        "total": total,
        "contingency": contingency,
        "contingency_share": share.quantize(Decimal("0.1")),
        "contingency_target": settings.contingency_target,
        "contingency_short": share < settings.contingency_target,
    }


def _month_starts(first, last):
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_end(month):
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _allocations_by_month(plan, *, with_tasks):
    """The team, each member's allocations, and the months they cover (at most 36, from the
    plan's start): two queries, three with the allocations' tasks."""
    members = list(TeamMember.objects.filter(plan=plan).order_by("position", "id"))
    allocations = Allocation.objects.filter(plan=plan).order_by("start_date", "position", "id")
    allocations = list(allocations.prefetch_related(_task_titles()) if with_tasks else allocations)
    if allocations:
        first = min(a.start_date for a in allocations)
        last = max(a.end_date for a in allocations)
    else:
        first = plan.start_date or datetime.date.today()  # noqa: DTZ011 - a date, no time zone
        last = plan.end_date or first
    if plan.start_date:
        first = max(first, plan.start_date) if allocations else plan.start_date
    months = _month_starts(first, last)[:36]
    by_member = {m.pk: [] for m in members}
    for a in allocations:
        by_member.setdefault(a.member_id, []).append(a)
    return members, by_member, allocations, months


def _monthly_loads(own, months):
    """``(month, active allocations, load)`` for each month: the allocations of one member."""
    for month in months:
        end = _month_end(month)
        active = [a for a in own if a.start_date <= end and a.end_date >= month]
        yield month, active, sum((a.fte for a in active), ZERO)


def over_allocated_count(plan):
    """How many team members are booked above their capacity in some month: the allocation
    view's rule (the completeness check), without drawing the view."""
    members, by_member, _allocations, months = _allocations_by_month(plan, with_tasks=False)
    return sum(
        any(load > m.capacity for _month, _active, load in _monthly_loads(by_member[m.pk], months))
        for m in members
    )


def allocation_grid(plan):
    """Who gives how much time to what, month by month, and who is over-allocated.

    Three queries: the team, every allocation of the plan, and their tasks.
    """
    members, by_member, allocations, months = _allocations_by_month(plan, with_tasks=True)
    # Each allocation's label once, not once per month it covers.
    labels = {a.pk: f"{a.work} ({int(a.fte * HUNDRED)} %)" for a in allocations}
    rows = []
    over_people = 0
    for member in members:
        own = by_member.get(member.pk, [])
        cells = []
        over_any = False
        for month, active, load in _monthly_loads(own, months):
            over = load > member.capacity
            over_any = over_any or over
            cells.append(
                {
                    "month": month,
                    "load": load,
                    "percent": int((load * HUNDRED).to_integral_value()),
                    "over": over,
                    "above_availability": member.availability is not None
                    and load > member.availability,
                    "work": [labels[a.pk] for a in active],
                }
            )
        over_people += over_any
        rows.append({"member": member, "cells": cells, "over": over_any, "allocations": own})
    return {"months": months, "rows": rows, "over_people": over_people}


SETTINGS = ItemType(
    key="settings",
    model=ResourcesSettings,
    fields=("currency", "budget_ceiling", "contingency_target"),
)
MEMBER = ItemType(
    key="team",
    model=TeamMember,
    fields=("name", "role", "organisation", "headcount", "availability", "as_needed", "cost_rate"),
    computed={
        "account": Computed(gettext_lazy("Account"), lambda m: m.user.email if m.user else ""),
        "skills": Computed(gettext_lazy("Skills"), lambda m: m.skill_list),
    },
    unknown={"availability": gettext_lazy("availability not known")},
    not_printed={
        "user": gettext_lazy(
            "The member's Planner account: the document names the person, an e-mail address "
            "is not published."
        )
    },
)
BUDGET_LINE = ItemType(
    key="budget_lines",
    model=BudgetLine,
    fields=(
        "category",
        "description",
        "amount",
        "committed",
        "spent",
        "currency",
        "funding_source",
        "period",
        "parent",
    ),
    unknown={
        "amount": gettext_lazy("to be determined"),
        "committed": gettext_lazy("not reported"),
        "spent": gettext_lazy("not reported"),
    },
    computed={
        # One string, as when a line paid for one task: published versions print it so.
        "task": Computed(
            gettext_lazy("Tasks it pays for"), lambda b: ", ".join(t.title for t in b.tasks.all())
        ),
    },
)
ALLOCATION = ItemType(
    key="allocations",
    model=Allocation,
    fields=("member", "start_date", "end_date", "fte"),
    computed={"work": Computed(gettext_lazy("Work"), lambda a: a.work)},
    printed_as={"label": "work"},
)
# Top-level keys the document reads that repeat the settings or add up the lines.
DERIVED = ("currency", "language", "budget_ceiling", "contingency_target", "totals")


def snapshot(plan):
    settings = settings_for_plan(plan)
    summary = budget_summary(plan, settings)
    return {
        "currency": settings.currency,
        "language": plan.language,
        "budget_ceiling": decimal(settings.budget_ceiling),
        "contingency_target": str(settings.contingency_target),
        "settings": SETTINGS.row(settings),
        "team": MEMBER.rows(members_for_plan(plan)),
        "budget_lines": BUDGET_LINE.rows(budget_lines_for_plan(plan)),
        "allocations": ALLOCATION.rows(allocations_for_plan(plan)),
        "totals": {
            "by_category": [_summary_row(r) for r in summary["by_category"]],
            "by_source": [_summary_row(r) for r in summary["by_source"]],
            "planned": str(summary["total"]["planned"]),
            "committed": str(summary["total"]["committed"]),
            "spent": str(summary["total"]["spent"]),
            "contingency": str(summary["contingency"]),
            "contingency_share": str(summary["contingency_share"]),
            "over_ceiling": summary["over_ceiling"],
            "unknown_planned": summary["unknown_planned"],
        },
    }


def _summary_row(row):
    return {
        "key": row["key"],
        "label": row["label"],
        "planned": str(row["planned"]),
        "committed": str(row["committed"]),
        "spent": str(row["spent"]),
    }
