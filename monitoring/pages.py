"""The monitoring pages that are not lists: the KPI dashboard, measurements imported from a file
(upload, preview row by row, then all or nothing) and the lessons of every plan a person is a
member of (searched, and copied into a plan)."""

import csv
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
from django.views.decorators.http import require_POST

from plans.inputs import page_number as page_number_from
from plans.permissions import Capability, plan_view

from . import selectors, services
from .forms import ImportForm
from .imports import Table, check_rows, read_rows
from .views import lessons

IMPORT_SALT = "monitoring.import"
IMPORT_MAX_AGE = 3600
DASHBOARD_PAGE_SIZE = 25  # KPIs drawn with their chart on one page of the dashboard


@plan_view(Capability.VIEW)
def dashboard(request, access):
    """Every KPI's status counted, and one page of them drawn with its chart (``DASHBOARD_PAGE_
    SIZE``: a chart per KPI of the plan made the page grow with the plan)."""
    all_kpis = selectors.kpis_with_light_status(access.plan)
    status = request.GET.get("status", "")
    shown = [k for k in all_kpis if not status or selectors.has_status(k, status)]
    page = page_number_from(request.GET.get("page"))
    start = (page - 1) * DASHBOARD_PAGE_SIZE
    drawn = [k.pk for k in shown[start : start + DASHBOARD_PAGE_SIZE]]
    # The KPIs drawn, whole, with the measurements their charts read.
    whole = {k.pk: k for k in selectors.kpis_for_plan(access.plan).filter(pk__in=drawn)}
    kpis = selectors.with_status([whole[pk] for pk in drawn if pk in whole])
    context = access.page_context(
        nav_active="monitoring",
        rows=[{"kpi": k, "data": selectors.kpi_chart_data(k)} for k in kpis],
        summary=selectors.status_summary(all_kpis),
        overdue_count=sum(1 for k in all_kpis if k.status.overdue),
        total=len(all_kpis),
        status=status,
        page_number=page,
        has_next=len(shown) > start + DASHBOARD_PAGE_SIZE,
    )
    return render(request, "monitoring/dashboard.html", context)


def _preview(request, access, form, rows=None, status=200, error=None, table=None):
    rows = rows or []
    problems = sum(1 for r in rows if r.errors)
    payload = ""
    if rows and not problems and table is not None:
        payload = signing.dumps(table.payload(), salt=IMPORT_SALT, compress=True)
    context = access.page_context(
        nav_active="monitoring",
        form=form,
        rows=rows,
        problems=problems,
        payload=payload,
        error=error,
    )
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
        table = read_rows(form.cleaned_data["file"])
    except ValidationError as error:
        form.add_error("file", error)
        return _preview(request, access, form, status=400)
    rows = check_rows(access.plan, table)
    return _preview(request, access, ImportForm(), rows, status=200, table=table)


def _import_confirm(request, access):
    try:
        table = Table.from_payload(
            signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        )
    except (signing.BadSignature, TypeError, KeyError):  # forged, old or of another shape
        return _preview(
            request,
            access,
            ImportForm(),
            status=400,
            error=_("This preview has expired or was altered. Upload the file again."),
        )
    try:
        created = services.measurements_import(plan=access.plan, table=table, user=request.user)
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
    search = selectors.LESSONS_ACROSS_PLANS
    filters = search.parse(request.GET)
    page = selectors.lessons_across_plans(
        user=request.user, filters=filters, page=request.GET.get("page")
    )
    # Each lesson can be copied into any plan where the person may edit, except its own.
    editable = selectors.plans_user_can_edit(request.user)
    page.object_list = list(page.object_list)
    for lesson in page.object_list:
        lesson.copy_targets = [p for p in editable if p.pk != lesson.plan_id]
    context = {"page_obj": page, "q": filters["q"], "q_param": search.param("q")}
    return render(request, "monitoring/lessons_search.html", context)


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
