"""Plan files in and out: download a plan as a file, clone it, start a plan from a file."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.models import PlanVersion
from plans.permissions import Capability, plan_view

from . import jobs, selectors
from .forms import PlanFileForm
from .models import JobKind, JobStatus
from .plan_file import (
    MAX_BYTES,
    PlanFileRejected,
    Problem,
    plan_clone,
    plan_export_json,
    plan_import,
    read_upload,
)


def _download(plan, content, content_type, suffix):
    response = HttpResponse(content, content_type=content_type)
    name = slugify(plan.title)[:60] or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}"'
    return response


JSON = "application/json; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _in_background(request, plan, kind):
    job = jobs.job_request(kind=kind, plan=plan, user=request.user)
    return redirect("transfer:job", pk=job.pk)


@plan_view(Capability.VIEW)
def plan_file(request, access):
    """The whole plan as a plan file (JSON), for any member who can read it; a large plan's is
    written by the worker while a page shows the progress."""
    if jobs.export_in_background(access.plan):
        return _in_background(request, access.plan, JobKind.EXPORT_JSON)
    return _download(access.plan, plan_export_json(access.plan), JSON, ".json")


@plan_view(Capability.VIEW, objects={"pk": PlanVersion})
def version_file(request, access, pk):
    """A published version's plan file, exactly as the plan was when it was published."""
    from .models import VersionFile

    number = pk.number
    kept = VersionFile.objects.filter(version=pk).first()
    if kept is None:
        raise Http404(_("No plan file was kept for this version."))
    content = json.dumps(kept.data, ensure_ascii=False, indent=1)
    return _download(access.plan, content, JSON, f"-v{number}.json")


@plan_view(Capability.VIEW)
def workbook(request, access):
    """The whole plan as an XLSX workbook, which is also the template to import."""
    from .workbook import plan_workbook

    if jobs.export_in_background(access.plan):
        return _in_background(request, access.plan, JobKind.EXPORT_XLSX)
    return _download(access.plan, plan_workbook(access.plan), XLSX, ".xlsx")


@plan_view(Capability.VIEW, methods=["POST"])
def clone(request, access):
    """A new plan of the member's own with every item and link of this one."""
    copy = plan_clone(access.plan, user=request.user)
    messages.success(request, _("This is your copy of the plan: every item and link, no comments."))
    return redirect("plans:overview", plan=copy.uuid)


def _declared_size(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _held(user, token):
    return f"plan-imports/{user.pk}/{token}"


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    """Upload a plan file, see what it holds or what is wrong with it, then confirm."""
    context = {"max_mb": MAX_BYTES // (1024 * 1024)}
    context["imports"] = list(selectors.recent_imports(user=request.user))
    if request.method == "POST" and _declared_size(request) > MAX_BYTES + 64 * 1024:
        # Refused by the size the request declares, before Django reads the upload.
        message = _("The file is larger than %(limit)s MB.") % {"limit": context["max_mb"]}
        context.update(form=PlanFileForm(), problems=[Problem(_("the file"), "", message)])
        return render(request, "transfer/import.html", context, status=413)
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _confirm(request, token)
    form = PlanFileForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_BYTES + 1)
        try:
            outcome = plan_import(
                read_upload(content), user=request.user, filename=upload.name, dry_run=True
            )
        except PlanFileRejected as rejected:
            context["problems"] = rejected.errors
        else:
            token = uuid.uuid4().hex
            default_storage.save(_held(request.user, token), ContentFile(content))
            context.update(
                token=token, filename=upload.name, outcome=outcome, rows=created_rows(outcome)
            )
    status = 400 if context.get("problems") or form.errors else 200
    return render(request, "transfer/import.html", context, status=status)


def _confirm(request, token):
    try:
        uuid.UUID(token)
    except ValueError:
        token = ""
    path = _held(request.user, token)
    if not token or not default_storage.exists(path):
        messages.error(request, _("This import has expired: upload the file again."))
        return redirect("transfer:import")
    with default_storage.open(path, "rb") as held:
        content = held.read()
    filename = request.POST.get("filename", "")[:200]
    try:
        data = read_upload(content)
        if jobs.import_in_background(data):
            # The job keeps the held file: it is the file imported.
            job = jobs.job_request(
                kind=JobKind.IMPORT, user=request.user, held=path, filename=filename
            )
            path = None
            return redirect("transfer:job", pk=job.pk)
        outcome = plan_import(data, user=request.user, filename=filename)
    except PlanFileRejected as rejected:
        context = {"form": PlanFileForm(), "problems": rejected.errors}
        return render(request, "transfer/import.html", context, status=400)
    finally:
        if path:
            default_storage.delete(path)
    messages.success(request, _("The plan has been imported."))
    return redirect("plans:overview", plan=outcome.plan.uuid)


def created_rows(outcome):
    """What an import creates, list by list in the guide's order, for the preview."""
    from django.utils.text import capfirst

    from .plan_file import item_models, label_of

    return [
        (capfirst(model._meta.verbose_name_plural), outcome.created[label_of(model)])
        for model in item_models()
        if outcome.created.get(label_of(model))
    ]


# --- Exports and imports run by the worker ------------------------------------------------


def _job_context(request, pk):
    job, access = selectors.job_for(user=request.user, pk=pk)
    jobs.job_dispatch_if_waiting(job)
    jobs.job_progress(job)
    problems = [Problem(**p) for p in job.problems] if job.problems else []
    return {"job": job, "plan": job.plan, "access": access, "problems": problems}


@login_required
@require_http_methods(["GET", "HEAD"])
def job_detail(request, pk):
    """An export or import the worker runs: its progress, then the file or the new plan, or
    what is wrong with the file. Only for the person who asked for it."""
    return render(request, "transfer/job.html", _job_context(request, pk))


@login_required
@require_http_methods(["GET", "HEAD"])
def job_status(request, pk):
    """The progress block, polled by htmx until the job is ready or failed."""
    return render(request, "transfer/partials/job_status.html", _job_context(request, pk))


@login_required
@require_http_methods(["GET", "HEAD"])
def job_download(request, pk):
    job, _access = selectors.job_for(user=request.user, pk=pk)
    if not job.is_export or job.status != JobStatus.READY or not job.file:
        messages.info(request, _("This file is not ready yet."))
        return redirect("transfer:job", pk=job.pk)
    try:
        handle = default_storage.open(job.file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("This file cannot be found.")) from error
    content_type = XLSX if job.kind == JobKind.EXPORT_XLSX else JSON
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
