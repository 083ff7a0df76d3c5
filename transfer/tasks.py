"""The export and import task. It takes an id and calls the service (STYLE.md): the rules,
the atomic claim and the progress live in ``transfer.jobs``. Reliability as for the PDF
(``documents.tasks``): late acknowledgement and the claim, so a message delivered twice, or
again after its worker died, runs the job once."""

from celery import shared_task
from django.conf import settings

from . import jobs


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=jobs.MAX_ATTEMPTS,
    # The soft limit leaves time to record the failure before the hard limit kills the child.
    soft_time_limit=settings.TRANSFER_JOB_TIME_LIMIT
    - max(1, min(10, settings.TRANSFER_JOB_TIME_LIMIT // 10)),
    time_limit=settings.TRANSFER_JOB_TIME_LIMIT,
)
def run_transfer_job(self, job_id):
    state = jobs.job_run(job_id=job_id, retries_left=self.max_retries - self.request.retries)
    if state == "retry":
        raise self.retry(countdown=2 ** (self.request.retries + 1))
    if state == "busy":
        # Another worker holds it: look again once its lease would be over.
        raise self.retry(countdown=settings.TRANSFER_JOB_TIME_LIMIT, max_retries=None)
    return state


@shared_task(ignore_result=True)
def redispatch_jobs():
    """Periodic (celery beat): send again the jobs the broker never received or lost."""
    sent, failed = jobs.jobs_redispatch()
    return {"sent": sent, "failed": failed}
