"""Reads of the monitoring section. Each is a fixed number of queries, whatever the plan's size."""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from objectives.models import Goal
from plans.models import Plan
from plans.permissions import Capability, plans_for_user, roles_with
from plans.sections.filters import ListFilter
from plans.sections.snapshot import Computed, ItemType, display_date, iso, json_value

from .models import KPI, LESSON_TEXT_FIELDS, EvaluationFinding, Lesson, Measurement, Milestone
from .status import STATUS_LABELS, STATUS_ORDER, compute_status

OVERDUE = "overdue"  # a status filter value of its own: late, whatever the KPI's status


def kpis_for_plan(plan, *, filters=None, whole=False):
    """The plan's KPIs with what their status needs (measurements, milestones) prefetched.

    A page reads the measurements' dates and values (the status, the charts); ``whole`` (the
    snapshot, a KPI's own page) reads every field, their notes and values by category too
    (1,200 JSON documents on the large plan).
    """
    measurements = Measurement.objects.order_by("date", "id")
    if whole:
        measurements = measurements.select_related("recorded_by")
    else:
        measurements = measurements.only("id", "kpi_id", "date", "value")
    return (
        KPI.objects.filter(plan=plan)
        .select_related("goal", "element")
        .prefetch_related(
            Prefetch("measurements", queryset=measurements),
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


def status_choices(plan=None):
    return [(code, STATUS_LABELS[code]) for code in STATUS_ORDER] + [
        (OVERDUE, _("Measurement overdue"))
    ]


def kpis_in_status(qs, value):
    """The KPIs in status ``value`` (or overdue): a status is computed, not stored."""
    kpis = with_status(list(qs))
    return qs.filter(pk__in=[k.pk for k in kpis if has_status(k, value)])


def has_status(kpi, value):
    return kpi.status.code == value or (value == OVERDUE and kpi.status.overdue)


def goal_choices(plan):
    goals = Goal.objects.filter(plan=plan).order_by("position", "id").only("id", "statement")
    return [(g.pk, Truncator(g.statement).chars(60)) for g in goals]


def kpi_extra_context(plan, shown, queryset):
    """The status of each KPI drawn (computed from its prefetched measurements)."""
    with_status([kpi for kpi in shown if not hasattr(kpi, "status")])
    return {}


def kpi_with_details(kpi):
    """One KPI with its measurements, milestones and status."""
    return with_status([kpis_for_plan(kpi.plan, whole=True).get(pk=kpi.pk)])[0]


def kpis_with_status(plan, *, whole=False):
    return with_status(list(kpis_for_plan(plan, whole=whole)))


def kpis_with_light_status(plan, today=None):
    """Every KPI of the plan in list order with its ``status``, read from the dates and values
    of its measurements and targets only (tuples, not rows: 2,400 measurements on the xl plan),
    in three queries: what the dashboard counts and filters on; it draws one page of them."""
    today = today or timezone.localdate()
    fields = ("date", "value")
    measured, targets = {}, {}
    for kpi_id, date, value in Measurement.objects.filter(plan=plan).values_list("kpi_id", *fields):
        measured.setdefault(kpi_id, []).append(SimpleNamespace(date=date, value=value))
    for kpi_id, date, value in Milestone.objects.filter(plan=plan).values_list("kpi_id", *fields):
        targets.setdefault(kpi_id, []).append(SimpleNamespace(date=date, value=value))
    kpis = list(
        KPI.objects.filter(plan=plan)
        .only(
            "id",
            "plan_id",
            "position",
            "baseline_date",
            "baseline_value",
            "target_date",
            "target_value",
            "frequency",
            "direction",
        )
        .order_by("position", "id")
    )
    for kpi in kpis:
        kpi.status = compute_status(kpi, measured.get(kpi.pk, []), targets.get(kpi.pk, []), today)
    return kpis


def status_summary(kpis):
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for kpi in kpis:
        counts[kpi.status.code] += 1
    return [
        {"code": code, "label": STATUS_LABELS[code], "count": counts[code]} for code in STATUS_ORDER
    ]


def measurements_for_kpi(plan, *, filters, parent):
    """One KPI's measurements, newest first (the list on the KPI's page)."""
    return (
        Measurement.objects.filter(plan=plan, kpi=parent)
        .select_related("recorded_by", "kpi")
        .order_by("-date", "-id")
    )


PLAUSIBLE_RATIO = 10


def measurement_warnings(measurements):
    """``{pk: warning}`` for values ten times (or more) above, or a tenth of, every earlier one.

    A slipped decimal mark (71,3 typed as 713) looks like this; the value is kept as entered and
    the warning shows beside it.
    """
    warnings, earlier = {}, []
    for m in sorted(measurements, key=lambda m: (m.date, m.pk or 0)):
        size = abs(m.value)
        known = [v for v in earlier if v]
        if m.kpi.unit.strip() == "%" and not 0 <= m.value <= 100:
            warnings[m.pk] = _("A share outside 0 to 100 %: check the value.")
        elif known and size >= PLAUSIBLE_RATIO * max(known):
            warnings[m.pk] = _("Ten times or more any earlier value: check the decimal mark.")
        elif known and size and size * PLAUSIBLE_RATIO <= min(known):
            warnings[m.pk] = _("Less than a tenth of any earlier value: check the decimal mark.")
        earlier.append(size)
    return warnings


def measurement_extra_context(plan, shown, queryset):
    """The warnings of the measurements drawn, each value set against every earlier one of its
    KPI: the list's dates and values only, in one query, not its rows."""
    if not shown:
        return {"warnings": {}}
    kpi = shown[0].kpi  # a KPI's list: every measurement is the KPI's
    values = [
        SimpleNamespace(pk=pk, date=date, value=value, kpi=kpi)
        for pk, date, value in queryset.order_by().values_list("pk", "date", "value")
    ]
    drawn = {m.pk for m in shown}
    warnings = measurement_warnings(values)
    return {"warnings": {pk: text for pk, text in warnings.items() if pk in drawn}}


def milestones_for_kpi(plan, *, filters, parent):
    return Milestone.objects.filter(plan=plan, kpi=parent).order_by("date", "id")


def findings_for_plan(plan, *, filters=None):
    return (
        EvaluationFinding.objects.filter(plan=plan)
        .select_related("goal")
        .order_by("position", "id")
    )


# The search of the lessons of every plan a person is a member of (outside any one plan).
LESSONS_ACROSS_PLANS = ListFilter(
    prefix="lessons", search=(*LESSON_TEXT_FIELDS, "plan__title"), search_label=_("Search lessons")
)


def lessons_across_plans(*, user, filters=None, page=1, per_page=25):
    """Lessons of every plan ``user`` is a member of, newest plans first, one page at a time."""
    qs = (
        Lesson.objects.filter(plan__in=plans_for_user(user))
        .select_related("plan")
        .order_by("-plan__updated_at", "plan_id", "position", "id")
    )
    return Paginator(LESSONS_ACROSS_PLANS.apply(qs, filters), per_page).get_page(page)


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


def kpi_names(plan):
    return list(
        KPI.objects.filter(plan=plan).order_by("position", "id").values_list("name", flat=True)
    )


# --- snapshot ----------------------------------------------------------------------------


def _status(kpi):
    return getattr(kpi, "status", None)


MILESTONE = ItemType(
    key="milestones",
    model=Milestone,
    fields=("period", "period_start", "date", "value", "target_text", "label"),
    not_printed={"kpi": _("The table of targets is printed under its KPI.")},
)
MEASUREMENT = ItemType(
    key="measurements",
    model=Measurement,
    fields=("period", "period_start", "date", "value", "note", "breakdown_values"),
    not_printed={"kpi": _("The table of measurements is printed under its KPI.")},
)
KPI_ITEM = ItemType(
    key="kpis",
    model=KPI,
    computed={
        "status": Computed(
            _("Status"),
            lambda k: _status(k).code if _status(k) else None,
            display=lambda code: str(STATUS_LABELS.get(code, code)),
        ),
        "status_label": Computed(
            _("Status"), lambda k: str(_status(k).label) if _status(k) else ""
        ),
        "overdue": Computed(
            _("Measurement overdue"), lambda k: bool(_status(k) and _status(k).overdue)
        ),
        "next_due": Computed(
            _("Next measurement due"),
            lambda k: iso(_status(k).next_due) if _status(k) else None,
            display=display_date,
        ),
    },
    labels={"milestones": _("Targets by period"), "measurements": _("Measurements")},
    unknown={"frequency": _("frequency not given")},
)
FINDING = ItemType(
    key="findings", model=EvaluationFinding, fields=("goal", "outcome", "evidence", "evaluated_on")
)
LESSON = ItemType(key="lessons", model=Lesson, fields=LESSON_TEXT_FIELDS)


def kpi_data(kpi):
    """A KPI as plain data (the snapshot's shape, also what the chart draws)."""
    return KPI_ITEM.row(
        kpi,
        milestones=MILESTONE.rows(kpi.milestones.all()),
        measurements=MEASUREMENT.rows(kpi.measurements.all()),
    )


# What a KPI chart draws, of the same shape: the dashboard draws one per KPI.
CHART_KPI = KPI_ITEM.only(
    "name", "unit", "baseline_date", "baseline_value", "target_date", "target_value"
)
CHART_MILESTONE = MILESTONE.only("period", "date", "value")
CHART_MEASUREMENT = MEASUREMENT.only("date", "value")


def kpi_chart_data(kpi):
    """``kpi_data`` reduced to what ``charts.kpi_chart_svg`` and the dashboard's row read."""
    return CHART_KPI.row(
        kpi,
        milestones=CHART_MILESTONE.rows(kpi.milestones.all()),
        measurements=CHART_MEASUREMENT.rows(kpi.measurements.all()),
    )


def logframe(plan, kpis):
    """The results chain from the impact down, each level with the KPIs that measure it."""
    from strategy.models import LogicElement

    by_element = {}
    for kpi in kpis:
        if kpi.element_id:
            by_element.setdefault(kpi.element_id, []).append(kpi)
    rows = []
    elements = LogicElement.objects.filter(plan=plan).order_by("-stage", "position", "id")
    for element in elements:
        measured = by_element.get(element.pk, [])
        rows.append(
            {
                "stage_label": str(element.get_stage_display()),
                "statement": element.statement,
                "kpis": [
                    {
                        "name": k.name,
                        "unit": k.unit,
                        "baseline_value": json_value(k.baseline_value),
                        "target_value": json_value(k.target_value),
                        "target_date": iso(k.target_date),
                        "data_source": k.data_source,
                    }
                    for k in measured
                ],
            }
        )
    return rows


def snapshot(plan):
    kpis = kpis_with_status(plan, whole=True)
    return {
        "logframe": logframe(plan, kpis),
        "kpis": [kpi_data(k) for k in kpis],
        "findings": FINDING.rows(findings_for_plan(plan)),
        "lessons": LESSON.plan_rows(plan),
    }
