"""Evidence files are only ever served by this view, to members who may view the plan."""

from django.http import FileResponse, Http404

from plans.permissions import Capability, plan_view

from .models import Evidence


@plan_view(Capability.VIEW, objects={"pk": Evidence})
def evidence_download(request, access, pk):
    """Evidence files are only ever served here, to members who may view the plan."""
    if not pk.file:
        raise Http404
    try:
        handle = pk.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=pk.file_name or pk.file.name.rsplit("/", 1)[-1],
        content_type=pk.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
