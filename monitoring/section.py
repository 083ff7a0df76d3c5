"""The monitoring & evaluation section: registered with the plan in ``apps.ready()``."""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from objectives.models import Goal
from plans.sections import Completeness, Section
from plans.sections.reminders import due

from . import selectors
from .demo import demo
from .models import KPI, Frequency, add_period

GUIDANCE = _(
    "Decide now how you will know whether the plan works.\n"
    "Give each goal one or a few indicators (KPIs). For each, write down exactly how it is "
    "calculated, where the figures come from and who collects them, the value today (baseline) "
    "and the value you aim for by a date (target). Milestones in between tell you early when "
    "you are drifting.\n"
    "Record measurements as they come in, one by one or from a spreadsheet. Each KPI then shows "
    "whether it is on track, at risk or off track, and warns you when a measurement is late.\n"
    "At the end of a phase, evaluate each goal against the evidence and write down the lessons: "
    "what worked, what did not, why, and what you would recommend to the next team. Lessons of "
    "all your plans can be searched, so a new plan can start from them."
)


MEASURE_SOON = _("A measurement of “%(what)s” is due on %(when)s.")
MEASURE_LATE = _("A measurement of “%(what)s” was due on %(when)s and has not been recorded.")


def reminders(plan, *, today, until):
    """KPIs measured at a set frequency whose next measurement comes by ``until``, for the
    plan's planners (a KPI's owner is a name, not an account)."""
    kpis = (
        KPI.objects.filter(plan=plan)
        .exclude(frequency__in=("", Frequency.IRREGULAR))
        .annotate(last=Max("measurements__date"))
        .order_by("pk")
    )
    url, found = section.url(plan), []
    for kpi in kpis:
        last = kpi.last
        if last is None or (kpi.baseline_date and last < kpi.baseline_date):
            last = kpi.baseline_date  # as the KPI's status counts them
        when = add_period(last, kpi.frequency) if last else None
        if when is not None and when <= until:
            found.append(
                due(
                    kpi,
                    when=when,
                    today=today,
                    soon=MEASURE_SOON,
                    late=MEASURE_LATE,
                    what=kpi.name,
                    url=url,
                )
            )
    return found


def completeness(plan):
    stats = KPI.objects.filter(plan=plan).aggregate(
        total=Count("id"),
        without_target=Count(
            "id", filter=Q(baseline_value__isnull=True) | Q(target_value__isnull=True)
        ),
        without_source=Count("id", filter=Q(data_source="") | Q(owner="")),
    )
    has = stats["total"] > 0
    goals_without_kpi = Goal.objects.filter(plan=plan, kpis__isnull=True).exists()
    return Completeness.of(
        (has, _("Define at least one KPI.")),
        (has and not goals_without_kpi, _("Give every goal at least one KPI.")),
        (has and not stats["without_target"], _("Give every KPI a baseline and a target.")),
        (
            has and not stats["without_source"],
            _("Say where each KPI's data comes from and who collects it."),
        ),
    )


section = Section(
    key="monitoring",
    title=_("Monitoring & evaluation"),
    order=70,
    guidance=GUIDANCE,
    snapshot=selectors.snapshot,
    completeness=completeness,
    items=(
        selectors.KPI_ITEM,
        selectors.MILESTONE,
        selectors.MEASUREMENT,
        selectors.FINDING,
        selectors.LESSON,
    ),
    derived=("logframe",),  # the results chain with its indicators, read from the KPIs
    demo=demo,
    reminders=reminders,
)
