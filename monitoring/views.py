import csv
import dataclasses
import functools
import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors, services
from .forms import FindingForm, ImportForm, KPIForm, LessonForm, MeasurementForm, MilestoneForm
from .imports import check_rows, read_rows
from .models import KPI, EvaluationFinding, Lesson, Measurement, Milestone
from .status import STATUS_LABELS, STATUS_ORDER

IMPORT_SALT = "monitoring.import"
IMPORT_MAX_AGE = 3600


class KPIChildCollection(InlineCollection):
    """Rows of one KPI (measurements, milestones), edited on the KPI's page.

    The KPI travels with every request as a ``kpi`` parameter: the page wraps the collection in
    an element with ``hx-vals``, which htmx adds to every request made from inside it.
    """

    def current_kpi(self, plan, request):
        if request is None:
            return None
        kpi = getattr(request, "monitoring_kpi", None)
        if kpi is not None:
            return kpi
        raw = request.POST.get("kpi") or request.GET.get("kpi") or ""
        if not raw.isdigit():
            return None
        return KPI.objects.filter(plan=plan, pk=int(raw)).first()

    def items(self, plan, request=None):
        kpi = self.current_kpi(plan, request)
        if kpi is None:
            return []
        qs = self.model.objects.filter(plan=plan, kpi=kpi)
        if self.model is Measurement:
            qs = qs.select_related("recorded_by")
        return list(qs.order_by("-date", "-id"))

    def context(self, request, access, items=None, **kwargs):
        ctx = super().context(request, access, items=items, **kwargs)
        kpi = self.current_kpi(access.plan, request)
        ctx["kpi"] = kpi
        if kpi is not None:
            ctx["add_url"] = f"{ctx['add_url']}?kpi={kpi.pk}"
        return ctx

    def view_add(self, request, access):
        kpi = self.current_kpi(access.plan, request)
        if kpi is None:
            return super().view_add(request, access)
        request.monitoring_kpi = kpi
        bound = dataclasses.replace(
            self, form_class=functools.partial(self.form_class, initial={"kpi": kpi.pk})
        )
        return InlineCollection.view_add(bound, request, access)


kpis = InlineCollection(
    name="kpis",
    model=KPI,
    form_class=KPIForm,
    section_key="monitoring",
    row_template="monitoring/partials/kpi_row.html",
    label=KPI._meta.verbose_name,
    add_label=gettext_lazy("Add a KPI"),
    empty_label=gettext_lazy("No KPIs yet."),
    queryset=selectors.kpis_for_plan,
    extra_context=selectors.kpi_extra_context,
)
measurements = KPIChildCollection(
    name="measurements",
    model=Measurement,
    form_class=MeasurementForm,
    section_key="monitoring",
    row_template="monitoring/partials/measurement_row.html",
    label=Measurement._meta.verbose_name,
    add_label=gettext_lazy("Add a measurement"),
    empty_label=gettext_lazy("No measurements yet."),
    orderable=False,
    create=services.measurement_create,
)
milestones = KPIChildCollection(
    name="milestones",
    model=Milestone,
    form_class=MilestoneForm,
    section_key="monitoring",
    row_template="monitoring/partials/milestone_row.html",
    label=Milestone._meta.verbose_name,
    add_label=gettext_lazy("Add a milestone"),
    empty_label=gettext_lazy("No intermediate milestones."),
    orderable=False,
)
findings = InlineCollection(
    name="findings",
    model=EvaluationFinding,
    form_class=FindingForm,
    section_key="monitoring",
    row_template="monitoring/partials/finding_row.html",
    label=EvaluationFinding._meta.verbose_name,
    add_label=gettext_lazy("Add an evaluation finding"),
    empty_label=gettext_lazy("No evaluation findings yet."),
    queryset=selectors.findings_for_plan,
)
lessons = InlineCollection(
    name="lessons",
    model=Lesson,
    form_class=LessonForm,
    section_key="monitoring",
    row_template="monitoring/partials/lesson_row.html",
    label=Lesson._meta.verbose_name,
    add_label=gettext_lazy("Add a lesson learned"),
    empty_label=gettext_lazy("No lessons learned yet."),
    queryset=selectors.lessons_for_plan,
)


@plan_view(Capability.VIEW)
def page(request, access):
    if request.htmx and request.htmx.target == kpis.dom_id:
        return kpis.render_collection(request, access)
    if request.htmx and request.htmx.target == lessons.dom_id:
        return lessons.render_collection(request, access)
    context = section_context(
        request, access, "monitoring", kpis=kpis, findings=findings, lessons=lessons
    )
    context.update(
        q=request.GET.get("q", ""),
        goal=request.GET.get("goal", ""),
        status=request.GET.get("status", ""),
        lq=request.GET.get("lq", ""),
        goals=selectors.goals_for_filter(access.plan),
        status_choices=[(code, STATUS_LABELS[code]) for code in STATUS_ORDER],
    )
    return render(request, "monitoring/page.html", context)


@plan_view(Capability.VIEW, objects={"pk": KPI})
def kpi_detail(request, access, pk):
    kpi = selectors.kpi_with_details(pk)
    request.monitoring_kpi = kpi
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "monitoring",
        "kpi": kpi,
        "data": selectors.kpi_data(kpi),
        "measurements": measurements.context(
            request, access, items=sorted(kpi.measurements.all(), key=lambda m: m.date)[::-1]
        ),
        "milestones": milestones.context(request, access, items=list(kpi.milestones.all())),
        "can_edit": access.can(Capability.EDIT),
    }
    return render(request, "monitoring/kpi_detail.html", context)


@plan_view(Capability.VIEW)
def dashboard(request, access):
    all_kpis = selectors.kpis_for_plan(access.plan)
    status = request.GET.get("status", "")
    shown = [
        k
        for k in all_kpis
        if not status or k.status.code == status or (status == "overdue" and k.status.overdue)
    ]
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "monitoring",
        "rows": [{"kpi": k, "data": selectors.kpi_data(k)} for k in shown],
        "summary": selectors.status_summary(all_kpis),
        "overdue_count": sum(1 for k in all_kpis if k.status.overdue),
        "total": len(all_kpis),
        "status": status,
    }
    return render(request, "monitoring/dashboard.html", context)


def _preview(request, access, form, rows=None, status=200, error=None):
    rows = rows or []
    problems = sum(1 for r in rows if r.errors)
    payload = ""
    if rows and not problems:
        payload = signing.dumps([r.raw() for r in rows], salt=IMPORT_SALT, compress=True)
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "monitoring",
        "form": form,
        "rows": rows,
        "problems": problems,
        "payload": payload,
        "error": error,
    }
    return render(request, "monitoring/import.html", context, status=status)


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def measurement_import(request, access):
    if request.method == "GET":
        return _preview(request, access, ImportForm())
    if "payload" in request.POST:
        return _import_confirm(request, access)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _preview(request, access, form, status=400)
    try:
        raw_rows = read_rows(form.cleaned_data["file"])
    except ValidationError as error:
        form.add_error("file", error)
        return _preview(request, access, form, status=400)
    rows = check_rows(access.plan, raw_rows)
    return _preview(request, access, ImportForm(), rows, status=200)


def _import_confirm(request, access):
    try:
        raw_rows = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return _preview(
            request,
            access,
            ImportForm(),
            status=400,
            error=_("This preview has expired or was altered. Upload the file again."),
        )
    try:
        created = services.measurements_import(
            plan=access.plan, raw_rows=raw_rows, user=request.user
        )
    except services.ImportRejected as rejected:
        return _preview(
            request,
            access,
            ImportForm(),
            rejected.rows,
            status=409,
            error=_(
                "The plan changed since the preview: nothing was imported. See the rows below."
            ),
        )
    messages.success(
        request, _("%(count)s measurements have been imported.") % {"count": len(created)}
    )
    return redirect("monitoring:dashboard", plan=access.plan.uuid)


@plan_view(Capability.VIEW)
def import_template(request, access):
    names = selectors.kpi_names(access.plan)[:3] or ["My KPI"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["kpi", "date", "value", "note"])
    example_date = timezone.localdate().replace(day=1).isoformat()
    for name in names:
        writer.writerow([name, example_date, "12.5", ""])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="measurements.csv"'
    return response


@login_required
def lessons_search(request):
    q = (request.GET.get("q") or "").strip()
    page = selectors.lessons_across_plans(user=request.user, q=q, page=request.GET.get("page"))
    # Each lesson can be copied into any plan where the person may edit, except its own.
    editable = selectors.plans_user_can_edit(request.user)
    page.object_list = list(page.object_list)
    for lesson in page.object_list:
        lesson.copy_targets = [p for p in editable if p.pk != lesson.plan_id]
    return render(request, "monitoring/lessons_search.html", {"page_obj": page, "q": q})


@login_required
@require_POST
def lesson_copy(request, pk):
    """Start from a past lesson: copy it into a plan where the person may edit.

    A lesson the person cannot see, or a plan not offered to them (one where they cannot edit,
    or the lesson's own plan), answers 404, whatever the form said.
    """
    lesson = get_object_or_404(selectors.lessons_visible_to(request.user), pk=pk)
    try:
        target_uuid = uuid.UUID(request.POST.get("plan", ""))
    except ValueError:
        raise Http404 from None
    target = next(
        (
            p
            for p in selectors.plans_user_can_edit(request.user)
            if p.uuid == target_uuid and p.pk != lesson.plan_id
        ),
        None,
    )
    if target is None:
        raise Http404
    try:
        copy = services.lesson_copy(lesson=lesson, plan=target, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("monitoring:lessons_search")
    messages.success(
        request,
        _("“%(lesson)s” has been copied to the lessons of “%(plan)s”: adapt it to this plan.")
        % {"lesson": copy.title, "plan": target.title},
    )
    url = reverse("monitoring:page", kwargs={"plan": target.uuid})
    return redirect(f"{url}#{lessons.dom_id}-{copy.pk}")
