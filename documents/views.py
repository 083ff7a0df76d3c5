"""Export, follow and download plan documents.

Who may do what: requesting an export needs the ``export`` capability (it publishes a version
and uses the worker). Reading the list, following a document and downloading a ready one need
only ``view``: the document holds nothing a member who can view the plan cannot already read
in the application, and people who approve or simply follow a plan need the printed copy.
Files are streamed by ``download`` after that check, never from a public URL.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plans.permissions import Capability, plan_view

from . import selectors, services
from .forms import ExportForm
from .models import PlanDocument


def _list_context(access, form=None):
    plan = access.plan
    versions = list(selectors.versions_for_export(plan))
    return access.page_context(
        documents=list(selectors.documents_for_plan(plan)),
        form=form or ExportForm(plan=plan, versions=versions),
        can_export=access.can(Capability.EXPORT),
        nav_active="documents",
    )


@plan_view(Capability.VIEW)
def document_list(request, access):
    return render(request, "documents/list.html", _list_context(access))


@plan_view(Capability.EXPORT, methods=["POST"])
def document_export(request, access):
    plan = access.plan
    form = ExportForm(request.POST, plan=plan)
    if not form.is_valid():
        return render(request, "documents/list.html", _list_context(access, form), status=400)
    try:
        document, created = services.document_request(
            plan=plan,
            user=request.user,
            version=form.cleaned_data["version"],
            label=form.cleaned_data.get("label") or "",
            archival=form.cleaned_data["archival"],
            format=form.cleaned_data["format"],
        )
    except ValidationError as error:
        # The document's own rules name their field (archival); the others are the version's.
        form.add_error(None if hasattr(error, "error_dict") else "version", error)
        return render(request, "documents/list.html", _list_context(access, form), status=400)
    if not created:
        messages.info(
            request,
            _("This version has already been exported: here is its document.")
            if document.is_ready
            else _("This version is already being exported."),
        )
    return redirect("documents:detail", plan=plan.uuid, pk=document.pk)


def _detail_context(access, document):
    return access.page_context(document=document, nav_active="documents")


def _load(document):
    # The version and author are shown on the page; one query instead of three.
    return PlanDocument.objects.select_related("version", "requested_by").get(pk=document.pk)


@plan_view(Capability.VIEW, objects={"pk": PlanDocument})
def document_detail(request, access, pk):
    document = _load(pk)
    services.document_dispatch_if_waiting(document)
    return render(request, "documents/detail.html", _detail_context(access, document))


@plan_view(Capability.VIEW, objects={"pk": PlanDocument})
def document_status(request, access, pk):
    """The progress block, polled by htmx until the document is ready or failed."""
    document = _load(pk)
    services.document_dispatch_if_waiting(document)
    return render(request, "documents/partials/status.html", _detail_context(access, document))


@plan_view(Capability.EXPORT, methods=["POST"], objects={"pk": PlanDocument})
def document_retry(request, access, pk):
    try:
        document = services.document_retry(document=pk, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        document = pk
    return redirect("documents:detail", plan=access.plan.uuid, pk=document.pk)


@plan_view(Capability.VIEW, objects={"pk": PlanDocument})
def document_download(request, access, pk):
    document = _load(pk)
    if not document.is_ready or not document.file:
        messages.info(request, _("This document is not ready yet."))
        return redirect("documents:detail", plan=access.plan.uuid, pk=document.pk)
    try:
        handle = default_storage.open(document.file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("The file of this document cannot be found.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
