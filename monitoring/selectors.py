"""Reads of the monitoring section. Each is a fixed number of queries, whatever the plan's size."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone

from plans.models import Plan
from plans.permissions import Capability, plans_for_user, roles_with

from .models import KPI, EvaluationFinding, Lesson, Measurement, Milestone
from .status import STATUS_LABELS, STATUS_ORDER, compute_status


def _kpi_queryset(plan):
    return (
        KPI.objects.filter(plan=plan)
        .select_related("goal")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("recorded_by").order_by("date", "id"),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("date", "id")),
        )
        .order_by("position", "id")
    )


def with_status(kpis, today=None):
    """Attach ``status`` to each KPI (measurements and milestones must be prefetched)."""
    today = today or timezone.localdate()
    for kpi in kpis:
        kpi.status = compute_status(
            kpi, list(kpi.measurements.all()), list(kpi.milestones.all()), today
        )
    return kpis


def kpis_for_plan(plan, request=None, *, q="", goal="", status=""):
    if request is not None:
        q = (request.GET.get("q") or "").strip()
        goal = request.GET.get("goal") or ""
        status = request.GET.get("status") or ""
    qs = _kpi_queryset(plan)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(definition__icontains=q)
            | Q(data_source__icontains=q)
            | Q(owner__icontains=q)
        )
    if goal.isdigit():
        qs = qs.filter(goal_id=int(goal))
    kpis = with_status(list(qs))
    if status in STATUS_LABELS:
        kpis = [k for k in kpis if k.status.code == status]
    elif status == "overdue":
        kpis = [k for k in kpis if k.status.overdue]
    return kpis


def kpi_extra_context(plan, kpis):
    for kpi in kpis:
        if not hasattr(kpi, "status"):
            with_status([kpi])
    return {}


def kpi_with_details(kpi):
    """One KPI with its measurements, milestones and status."""
    return with_status([_kpi_queryset(kpi.plan).get(pk=kpi.pk)])[0]


def status_summary(kpis):
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for kpi in kpis:
        counts[kpi.status.code] += 1
    return [
        {"code": code, "label": STATUS_LABELS[code], "count": counts[code]} for code in STATUS_ORDER
    ]


def _decimal(value):
    return None if value is None else str(value)


def _iso(value):
    return value.isoformat() if value else None


def kpi_data(kpi):
    """A KPI as plain data (the snapshot's shape, also what the chart draws)."""
    status = getattr(kpi, "status", None)
    return {
        "id": kpi.pk,
        "name": kpi.name,
        "goal": kpi.goal.statement if kpi.goal else "",
        "definition": kpi.definition,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "direction_label": str(kpi.get_direction_display()),
        "baseline_value": _decimal(kpi.baseline_value),
        "baseline_date": _iso(kpi.baseline_date),
        "target_value": _decimal(kpi.target_value),
        "target_date": _iso(kpi.target_date),
        "frequency": kpi.frequency,
        "frequency_label": str(kpi.get_frequency_display()),
        "data_source": kpi.data_source,
        "collection_tool": kpi.collection_tool,
        "collection_tool_label": str(kpi.get_collection_tool_display())
        if kpi.collection_tool
        else "",
        "owner": kpi.owner,
        "milestones": [
            {"date": _iso(m.date), "value": _decimal(m.value), "label": m.label}
            for m in kpi.milestones.all()
        ],
        "measurements": [
            {"date": _iso(m.date), "value": _decimal(m.value), "note": m.note}
            for m in kpi.measurements.all()
        ],
        "status": status.code if status else None,
        "status_label": str(status.label) if status else "",
        "overdue": bool(status and status.overdue),
        "next_due": _iso(status.next_due) if status else None,
    }


def findings_for_plan(plan, request=None):
    return list(
        EvaluationFinding.objects.filter(plan=plan)
        .select_related("goal")
        .order_by("position", "id")
    )


def lessons_for_plan(plan, request=None):
    qs = Lesson.objects.filter(plan=plan).order_by("position", "id")
    q = (request.GET.get("lq") or "").strip() if request is not None else ""
    if q:
        qs = qs.filter(_lesson_search(q))
    return list(qs)


def _lesson_search(q):
    return (
        Q(title__icontains=q)
        | Q(what_worked__icontains=q)
        | Q(what_failed__icontains=q)
        | Q(root_cause__icontains=q)
        | Q(recommendation__icontains=q)
    )


def lessons_across_plans(*, user, q="", page=1, per_page=25):
    """Lessons of every plan ``user`` is a member of, newest plans first, one page at a time."""
    qs = (
        Lesson.objects.filter(plan__in=plans_for_user(user))
        .select_related("plan")
        .order_by("-plan__updated_at", "plan_id", "position", "id")
    )
    if q:
        qs = qs.filter(_lesson_search(q) | Q(plan__title__icontains=q))
    return Paginator(qs, per_page).get_page(page)


def lessons_visible_to(user):
    """Every lesson of the plans ``user`` is a member of."""
    return Lesson.objects.filter(plan__in=plans_for_user(user)).select_related("plan")


def plans_user_can_edit(user):
    """The plans in which ``user`` may edit (a lesson can be copied into them), by title."""
    roles = roles_with(Capability.EDIT)
    return list(
        Plan.objects.filter(memberships__user=user, memberships__role__in=roles)
        .order_by("title", "id")
        .only("id", "uuid", "title")
    )


def snapshot(plan):
    kpis = with_status(list(_kpi_queryset(plan)))
    return {
        "kpis": [kpi_data(k) for k in kpis],
        "findings": [
            {
                "goal": f.goal.statement,
                "outcome": f.outcome,
                "outcome_label": str(f.get_outcome_display()),
                "evidence": f.evidence,
                "evaluated_on": _iso(f.evaluated_on),
            }
            for f in findings_for_plan(plan)
        ],
        "lessons": [
            {
                "title": lesson.title,
                "what_worked": lesson.what_worked,
                "what_failed": lesson.what_failed,
                "root_cause": lesson.root_cause,
                "recommendation": lesson.recommendation,
            }
            for lesson in Lesson.objects.filter(plan=plan).order_by("position", "id")
        ],
    }


def goals_for_filter(plan):
    from objectives.models import Goal

    return list(Goal.objects.filter(plan=plan).order_by("position", "id").only("id", "statement"))


def kpi_names(plan):
    return list(
        KPI.objects.filter(plan=plan).order_by("position", "id").values_list("name", flat=True)
    )
