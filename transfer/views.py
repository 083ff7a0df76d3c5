"""Plan files in and out: download a plan as a file, clone it, start a plan from a file."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.models import PlanVersion
from plans.permissions import Capability, plan_view
from plans.uploads import Problem

from . import jobs, selectors
from .forms import CloneForm, NextCycleForm, PlanFileForm, TemplateStartForm
from .models import JobKind, JobStatus
from .plan_file import (
    MAX_BYTES,
    PlanFileRejected,
    parse,
    plan_clone,
    plan_export_json,
    plan_import,
    read_upload,
)
from .plan_templates import TemplateNotFound, template_list, template_start


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
    """The whole plan as a plan file (JSON), for any member who can read it; with
    ``?reviews=1``, its comments and approvals too. A large plan's file (without its reviews)
    is written by the worker while a page shows the progress."""
    reviews = request.GET.get("reviews") == "1"
    if not reviews and jobs.export_in_background(access.plan):
        return _in_background(request, access.plan, JobKind.EXPORT_JSON)
    content = plan_export_json(access.plan, reviews=reviews)
    return _download(access.plan, content, JSON, "-reviews.json" if reviews else ".json")


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


@plan_view(Capability.VIEW, methods=["GET", "POST"])
def clone(request, access):
    """A new plan of the member's own with every item and link of this one."""
    return _clone_page(request, access, title=access.plan.title)


@plan_view(Capability.VIEW, methods=["GET", "POST"], objects={"pk": PlanVersion})
def clone_version(request, access, pk):
    """A new plan of the member's own from a published version's kept plan file."""
    from .models import VersionFile

    kept = VersionFile.objects.filter(version=pk).first()
    if kept is None:
        messages.error(request, _("No plan file was kept for this version: it cannot be copied."))
        return redirect("history:versions", plan=access.plan.uuid)
    title = f"{access.plan.title} (v{pk.number})"
    return _clone_page(request, access, title=title, data=kept.data, version=pk)


def _clone_page(request, access, *, title, data=None, version=None):
    default = _("Copy of %(title)s") % {"title": title}
    bound = request.POST if request.method == "POST" else None
    form = CloneForm(bound, initial={"title": default[:200]})
    if request.method == "POST" and form.is_valid():
        try:
            if data is not None:
                data = parse(json.dumps(data))  # a kept file an older Planner wrote
            copy = plan_clone(
                access.plan,
                user=request.user,
                title=form.cleaned_data["title"] or default,
                invite_members=form.cleaned_data["invite_members"],
                data=data,
            )
        except PlanFileRejected as rejected:
            form.add_error(None, [str(p) for p in rejected.errors[:10]])
        else:
            messages.success(
                request, _("This is your copy of the plan: every item and link, no comments.")
            )
            return redirect("plans:overview", plan=copy.uuid)
    context = access.page_context(form=form, version=version)
    return render(request, "transfer/clone.html", context, status=400 if form.errors else 200)


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
    return _import_page(request)


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def merge(request, access):
    """Upload a plan file into this plan: see what it adds and changes, then confirm."""
    return _import_page(request, access=access)


def _import_context(request, access=None, **context):
    """What the import page is drawn with; a merge's page is one of ``access.plan``'s."""
    context.update(max_mb=MAX_BYTES // (1024 * 1024), into=access.plan if access else None)
    if access:
        context.update(access.page_context())
    return context


def _import_page(request, access=None):
    """The import's upload, preview and confirmation; into ``access.plan`` when given."""
    into = access.plan if access else None
    context = _import_context(request, access)
    if into is None:
        context["imports"] = list(selectors.recent_imports(user=request.user))
    if request.method == "POST" and _declared_size(request) > MAX_BYTES + 64 * 1024:
        # Refused by the size the request declares, before Django reads the upload.
        message = _("The file is larger than %(limit)s MB.") % {"limit": context["max_mb"]}
        context.update(form=PlanFileForm(), problems=[Problem(_("the file"), "", message)])
        return render(request, "transfer/import.html", context, status=413)
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        return _confirm(request, token, into)
    form = PlanFileForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_BYTES + 1)
        try:
            outcome = plan_import(
                read_upload(content),
                user=request.user,
                filename=upload.name,
                dry_run=True,
                into=into,
            )
        except PlanFileRejected as rejected:
            context["problems"] = rejected.errors
        else:
            token = uuid.uuid4().hex
            default_storage.save(_held(request.user, token), ContentFile(content))
            if into is not None:
                seen = {"plan": str(into.uuid), "versions": outcome.versions}
                default_storage.save(
                    _held_versions(request.user, token), ContentFile(json.dumps(seen))
                )
            context.update(
                token=token,
                filename=upload.name,
                outcome=outcome,
                rows=outcome_rows(outcome),
            )
    status = 400 if context.get("problems") or form.errors else 200
    return render(request, "transfer/import.html", context, status=status)


def _held_versions(user, token):
    return f"{_held(user, token)}.versions.json"


def _expected(user, token, into):
    """The versions the preview saw of the items it would change, or None: checked again on
    confirmation, so that an item changed since is refused, not overwritten."""
    path = _held_versions(user, token)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as held:
        seen = json.loads(held.read())
    default_storage.delete(path)
    return seen["versions"] if seen.get("plan") == str(into.uuid) else None


def _confirm(request, token, into=None):
    try:
        uuid.UUID(token)
    except ValueError:
        token = ""
    path = _held(request.user, token)
    again = reverse("transfer:merge", kwargs={"plan": into.uuid}) if into else "transfer:import"
    if not token or not default_storage.exists(path):
        messages.error(request, _("This import has expired: upload the file again."))
        return redirect(again)
    with default_storage.open(path, "rb") as held:
        content = held.read()
    filename = request.POST.get("filename", "")[:200]
    expected = _expected(request.user, token, into) if into is not None else None
    try:
        if into is not None and expected is None:
            message = _("This import has expired: upload the file again.")
            raise PlanFileRejected([Problem(_("the file"), "", message)])
        data = read_upload(content)
        if into is None and jobs.import_in_background(data):
            # The job keeps the held file: it is the file imported.
            job = jobs.job_request(
                kind=JobKind.IMPORT, user=request.user, held=path, filename=filename
            )
            path = None
            return redirect("transfer:job", pk=job.pk)
        outcome = plan_import(
            data, user=request.user, filename=filename, into=into, expected=expected
        )
    except PlanFileRejected as rejected:
        access = request.plan_access if into is not None else None
        context = _import_context(request, access, form=PlanFileForm(), problems=rejected.errors)
        return render(request, "transfer/import.html", context, status=400)
    finally:
        if path:
            default_storage.delete(path)
    if into is not None:
        messages.success(request, _("The file has been imported into this plan."))
    else:
        messages.success(request, _("The plan has been imported."))
    return redirect("plans:overview", plan=outcome.plan.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def templates(request):
    """The plan templates; starting one gives the person a plan of their own to edit."""
    form = TemplateStartForm(request.POST or None, initial={"language": request.user.language})
    problems = []
    if request.method == "POST":
        key = request.POST.get("key", "")
        if key not in {t.key for t in template_list()}:
            raise Http404(_("There is no such template."))
        if form.is_valid():
            try:
                plan = template_start(key, form.cleaned_data["language"], user=request.user)
            except TemplateNotFound as missing:
                raise Http404(_("This template is not written in that language.")) from missing
            except PlanFileRejected as rejected:  # a template the code has outgrown
                problems = rejected.errors
            else:
                messages.success(
                    request,
                    _(
                        "Your plan has been started from a template: adapt each part to your "
                        "situation."
                    ),
                )
                return redirect("plans:overview", plan=plan.uuid)
    status = 400 if form.errors or problems else 200
    context = {"form": form, "templates": template_list(), "problems": problems}
    return render(request, "transfer/templates.html", context, status=status)


def outcome_rows(outcome):
    """What an import or a merge does, list by list in the guide's order: new, changed (which
    fields of which item) and unchanged rows (a new plan's import only creates)."""
    from django.utils.text import capfirst

    from .plan_file import item_models, label_of

    rows = []
    for model in item_models():
        label = label_of(model)
        created = outcome.created.get(label, 0)
        changed = [
            (i, fields, outcome.names.get(i, i)) for i, fields in outcome.changed.get(label, [])
        ]
        unchanged = outcome.unchanged.get(label, 0)
        if created or changed or unchanged:
            name = capfirst(model._meta.verbose_name_plural)
            rows.append(
                {"name": name, "created": created, "changed": changed, "unchanged": unchanged}
            )
    return rows


# --- the next cycle ---------------------------------------------------------------------------


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def next_cycle(request, access):
    """Start the plan's next cycle: a new plan from this one, compared with it as it is edited."""
    from django.utils.translation import get_language

    from .cycles import baseline_offers, plan_next_cycle

    plan = access.plan
    kpis = baseline_offers(plan, get_language())
    title = _("%(title)s (next cycle)") % {"title": plan.title}
    form = NextCycleForm(request.POST or None, kpis=kpis, initial={"title": title[:200]})
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            new = plan_next_cycle(
                plan,
                user=request.user,
                title=form.cleaned_data["title"],
                members=form.cleaned_data["members"],
                baselines=set(form.cleaned_data.get("baselines") or ()),
            )
        except PlanFileRejected as rejected:
            problems = rejected.errors
        else:
            messages.success(
                request,
                _("The next cycle has started. Each item shows whether it is new or modified."),
            )
            return redirect("plans:overview", plan=new.uuid)
    context = access.page_context(form=form, problems=problems, nav_active="overview")
    status = 400 if problems or form.errors else 200
    return render(request, "transfer/next_cycle.html", context, status=status)


@plan_view(Capability.VIEW)
def cycle(request, access):
    """What changed since the previous cycle, section by section, and what was dropped."""
    from .cycles import by_section, cycle_of, previous_plan_for

    plan = access.plan
    cycle = cycle_of(plan)
    if cycle is None:
        context = access.page_context(sections=None, nav_active="overview")
        return render(request, "transfer/cycle.html", context)
    sections = by_section(plan)
    previous = previous_plan_for(plan, request.user)
    context = access.page_context(
        sections=sections,
        removed_any=any(s["removed"] for s in sections),
        previous=previous,
        previous_url=reverse("plans:overview", kwargs={"plan": previous.uuid}) if previous else "",
        started=cycle.started_at,
        nav_active="overview",
    )
    return render(request, "transfer/cycle.html", context)


@plan_view(Capability.EDIT, methods=["POST"])
def item_reviewed(request, access):
    """A carried item (a lesson) still holds as written: it is no longer marked to review."""
    from plans.sections.registry import registry

    from .cycles import item_reviewed as mark_reviewed
    from .cycles import item_to_review

    file_id = request.POST.get("item", "")
    if not file_id:
        return HttpResponse(_("Say which item you have reviewed."), status=400)
    item = item_to_review(access.plan, file_id)
    if item is None:
        raise Http404
    mark_reviewed(access.plan, item)
    messages.success(request, _("The item is marked as reviewed for this cycle."))
    editor = registry.editor_for(type(item))
    return redirect(f"{editor.page_url(access.plan)}#{editor.dom_id}")


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
