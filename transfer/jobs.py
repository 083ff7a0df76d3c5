"""Exports and imports too long for a request, run by the worker with their progress.

The life of a job is a plan document's (``documents.services``), through the same pieces
(``plans.background``): ``job_request`` creates it (queued) and dispatches its task when the
transaction commits; a broker that cannot be reached leaves it queued, sent again by
``jobs_redispatch`` (periodic) or on a visit of its page. ``job_run`` (the task) claims the row
atomically, so a message delivered twice runs once, then exports or imports, telling the
progress as it goes, and marks the job ready or failed.

Progress: an import writes everything in one transaction, which its job row cannot see from
outside until the end; the progress goes to the cache (Redis, shared by web and worker) while
the job runs, and to the row when it finishes.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plans import background
from plans.background import Outcome

from .models import JobKind, JobStatus, TransferJob
from .plan_file import PlanFileRejected, plan_export_json, plan_import, read_upload
from .progress import file_row_count, plan_item_count

logger = logging.getLogger(__name__)

SUFFIX = {JobKind.EXPORT_JSON: ".json", JobKind.EXPORT_XLSX: ".xlsx"}


# --- In the request ------------------------------------------------------------------------


def export_in_background(plan):
    """Whether exporting ``plan`` is long enough to run as a job (more items than the setting)."""
    return plan_item_count(plan) > settings.TRANSFER_BACKGROUND_ITEMS


def import_in_background(data):
    """Whether importing the plan file ``data`` is long enough to run as a job."""
    return file_row_count(data) > settings.TRANSFER_BACKGROUND_ITEMS


@transaction.atomic
def job_request(*, kind, user, plan=None, held=None, filename=""):
    """A queued job, dispatched when the transaction commits. An export names its ``plan``; an
    import the file ``held`` in the storage (it becomes the job's file) and its ``filename``."""
    if kind == JobKind.IMPORT:
        if plan is not None or not held:
            raise ValidationError(_("An import starts from a file, not from a plan."))
    elif plan is None:
        raise ValidationError(_("Choose the plan to export."))
    else:
        live = TransferJob.objects.filter(
            kind=kind,
            plan=plan,
            requested_by=user,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        ).first()
        if live is not None:  # asked again while it runs (a second click): the same job
            return live
    job = TransferJob(kind=kind, plan=plan, requested_by=user, filename=filename[:200])
    job.file.name = held or ""
    job.full_clean()
    job.save()
    transaction.on_commit(partial(job_dispatch, job_id=job.pk))
    return job


def job_dispatch(*, job_id):
    """Hand the job's task to the broker; never raises when the broker is down."""
    from .tasks import run_transfer_job

    return background.dispatch(run_transfer_job, model=TransferJob, pk=job_id)


def job_dispatch_if_waiting(job):
    """On a visit of the job's page: send it again if it never reached the broker."""
    if job.waiting_for_broker:
        transaction.on_commit(partial(job_dispatch, job_id=job.pk))


def jobs_redispatch():
    """Send again every job that should be queued but is not. Returns (sent, failed)."""
    return background.redispatch(TransferJob, lambda pk: job_dispatch(job_id=pk))


def _progress_key(job_id):
    return f"transfer-job-progress:{job_id}"


def job_progress(job):
    """``job`` with its progress as the worker last told it (while it runs, from the cache)."""
    if job.status == JobStatus.RUNNING:
        told = cache.get(_progress_key(job.pk))
        if told:
            job.progress_done, job.progress_total = told
    return job


# --- The task's side -----------------------------------------------------------------------


def job_run(job_id, *, retries_left=TransferJob.MAX_ATTEMPTS):
    """Run a job once, whatever the number of messages (``plans.background.Outcome``)."""
    started_at = TransferJob.objects.claim(job_id)
    if started_at is None:
        return Outcome(*TransferJob.objects.refused(job_id))
    job = TransferJob.objects.select_related("plan", "requested_by").get(pk=job_id)

    def progress(done, total):
        cache.set(_progress_key(job_id), (done, total), settings.TRANSFER_JOB_TIME_LIMIT)

    # The problems of a refused import and the reasons are read by the person who asked.
    language = getattr(job.requested_by, "language", "") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            run = _import if job.kind == JobKind.IMPORT else _export
            return Outcome(run(job, started_at, progress))
    except Exception as error:
        return background.outcome_of_error(
            TransferJob,
            job_id,
            started_at,
            error,
            retries_left=retries_left,
            too_long=_("The job took longer than the time allowed."),
        )
    finally:
        cache.delete(_progress_key(job_id))


def _finish(job, started_at, **fields):
    """Record the outcome, if the job is still ours (its lease may have run out)."""
    updated = TransferJob.objects.still_mine(job.pk, started_at).update(
        finished_at=timezone.now(), **fields
    )
    return updated == 1


def _fail(job, started_at, reason, problems=()):
    TransferJob.objects.fail(job.pk, started_at, reason, problems=list(problems))
    return "failed"


def _export(job, started_at, progress):
    if job.kind == JobKind.EXPORT_XLSX:
        from .workbook import plan_workbook

        content = plan_workbook(job.plan, progress=progress)
    else:
        content = plan_export_json(job.plan, progress=progress).encode()
    name = f"{slugify(job.plan.title)[:60] or 'plan'}{SUFFIX[job.kind]}"
    stored = default_storage.save(job.file.field.generate_filename(job, name), ContentFile(content))
    total = plan_item_count(job.plan)
    if not _finish(
        job,
        started_at,
        status=JobStatus.READY,
        file=stored,
        filename=name,
        progress_done=total,
        progress_total=total,
        error="",
    ):
        # Another worker took the job over when our lease ran out: keep theirs only.
        default_storage.delete(stored)
        return "skipped"
    return "ready"


def _import(job, started_at, progress):
    if job.requested_by is None:
        return _fail(job, started_at, _("The person who asked for this import has left."))
    with default_storage.open(job.file.name, "rb") as held:
        content = held.read()
    try:
        data = read_upload(content)
        total = file_row_count(data)
        # The new plan and the job's outcome are written together, or neither is: a worker
        # whose lease ran out cannot import the file a second time.
        with transaction.atomic():
            outcome = plan_import(
                data, user=job.requested_by, filename=job.filename, progress=progress
            )
            if not _finish(
                job,
                started_at,
                status=JobStatus.READY,
                created_plan=outcome.plan,
                progress_done=total,
                progress_total=total,
                error="",
            ):
                transaction.set_rollback(True)
                return "skipped"
    except PlanFileRejected as rejected:
        problems = [
            {"where": str(p.where), "field": str(p.field), "message": str(p.message)}
            for p in rejected.errors
        ]
        return _fail(
            job, started_at, _("The file cannot be imported. Nothing was written."), problems
        )
    return "ready"
