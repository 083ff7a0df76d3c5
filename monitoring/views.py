"""The monitoring section's lists, its page and a KPI's page; other pages are in ``pages.py``."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from plans.permissions import Capability, plan_view
from plans.sections.collection import InlineCollection, Parent
from plans.sections.filters import Exact, ListFilter
from plans.sections.page import section_page

from . import selectors, services
from .forms import FindingForm, KPIForm, LessonForm, MeasurementForm, MilestoneForm
from .models import KPI, LESSON_TEXT_FIELDS

kpis = InlineCollection(
    name="kpis",
    title=_("Key performance indicators"),
    form_class=KPIForm,
    add_label=_("Add a KPI"),
    empty_label=_("No KPIs yet."),
    queryset=selectors.kpis_for_plan,
    extra_context=selectors.kpi_extra_context,
    list_filter=ListFilter(
        search=("name", "definition", "data_source", "owner"),
        search_label=_("Search KPIs"),
        exact=(
            Exact("goal", _("Goal"), choices=selectors.goal_choices, all_label=_("All goals")),
            Exact(
                "status",
                _("Status"),
                choices=selectors.status_choices,
                all_label=_("All statuses"),
                apply=selectors.kpis_in_status,
            ),
        ),
    ),
)
kpi_parent = Parent("kpi", KPI, url_name="monitoring:kpi_detail")  # a KPI's own lists
measurements = InlineCollection(
    name="measurements",
    form_class=MeasurementForm,
    add_label=_("Add a measurement"),
    empty_label=_("No measurements yet."),
    queryset=selectors.measurements_for_kpi,
    extra_context=selectors.measurement_extra_context,
    parent=kpi_parent,
    orderable=False,  # by date
    create=services.measurement_create,
)
milestones = InlineCollection(
    name="milestones",
    form_class=MilestoneForm,
    add_label=_("Add a target for a period"),
    empty_label=_("No targets by period yet."),
    queryset=selectors.milestones_for_kpi,
    parent=kpi_parent,
    orderable=False,
)
findings = InlineCollection(
    name="findings",
    intro=_("For each goal, what the evaluation concluded and the evidence behind it."),
    form_class=FindingForm,
    add_label=_("Add an evaluation finding"),
    empty_label=_("No evaluation findings yet."),
    queryset=selectors.findings_for_plan,
)
lessons = InlineCollection(
    name="lessons",
    form_class=LessonForm,
    add_label=_("Add a lesson learned"),
    empty_label=_("No lessons learned yet."),
    list_filter=ListFilter(search=LESSON_TEXT_FIELDS, search_label=_("Search lessons")),
)

page = section_page("monitoring", "monitoring/page.html", collections=[kpis, findings, lessons])


@plan_view(Capability.VIEW, objects={"pk": KPI})
def kpi_detail(request, access, pk):
    kpi = selectors.kpi_with_details(pk)
    newest_first = list(kpi.measurements.all())[::-1]  # the rows prefetched with the KPI
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "monitoring",
        "kpi": kpi,
        "data": selectors.kpi_data(kpi),
        "measurements": measurements.context(request, access, items=newest_first, parent=kpi),
        "milestones": milestones.context(
            request, access, items=[*kpi.milestones.all()], parent=kpi
        ),
        "can_edit": access.can(Capability.EDIT),
    }
    return render(request, "monitoring/kpi_detail.html", context)
