"""Plan files in and out: download a plan as a file, clone it, start a plan from a file."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.models import PlanVersion
from plans.permissions import Capability, plan_view

from .forms import CloneForm, PlanFileForm
from .plan_file import (
    MAX_BYTES,
    PlanFileRejected,
    Problem,
    parse,
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


@plan_view(Capability.VIEW)
def plan_file(request, access):
    """The whole plan as a plan file (JSON), for any member who can read it; with
    ``?reviews=1``, its comments and approvals too."""
    reviews = request.GET.get("reviews") == "1"
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
        return redirect("reviews:versions", plan=access.plan.uuid)
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


def _import_page(request, access=None):
    """The import's upload, preview and confirmation; into ``access.plan`` when given."""
    into = access.plan if access else None
    context = {"max_mb": MAX_BYTES // (1024 * 1024), "into": into}
    if access:
        context.update(access.page_context())
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
                rows=created_rows(outcome),
                merge_rows=merge_rows(outcome) if into is not None else [],
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
        outcome = plan_import(
            read_upload(content), user=request.user, filename=filename, into=into, expected=expected
        )
    except PlanFileRejected as rejected:
        context = {"form": PlanFileForm(), "problems": rejected.errors, "into": into}
        if into is not None:
            context.update(request.plan_access.page_context())
        context["max_mb"] = MAX_BYTES // (1024 * 1024)
        return render(request, "transfer/import.html", context, status=400)
    finally:
        default_storage.delete(path)
    if into is not None:
        messages.success(request, _("The file has been imported into this plan."))
    else:
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


def merge_rows(outcome):
    """What a merge does, list by list in the guide's order: new, changed (which fields of
    which item) and unchanged rows."""
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
