from django.http import Http404
from django.shortcuts import get_object_or_404

from plans.permissions import get_plan_access

from .models import JobKind, TransferJob


def job_for(*, user, pk):
    """The job ``pk`` and the user's access to its plan, for the person who asked for it only
    and only while they can still view the plan it exports: anyone else gets 404."""
    if not user.is_authenticated:
        raise Http404
    job = get_object_or_404(
        TransferJob.objects.select_related("plan", "created_plan"),
        pk=pk,
        requested_by_id=user.pk,
    )
    access = get_plan_access(user, job.plan.uuid) if job.plan_id else None
    return job, access


def recent_imports(*, user, limit=10):
    """The user's latest imports, for the import page."""
    return (
        TransferJob.objects.filter(requested_by_id=user.pk, kind=JobKind.IMPORT)
        .select_related("created_plan")
        .order_by("-requested_at", "-id")[:limit]
    )
